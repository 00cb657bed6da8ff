//! Visual Studio subscriptions: the list (ROW-1, NAV-3) and "Assign user" (VS-1 … VS-3).
//!
//! Every action first runs the same `benefits_domain` check the server runs: when it
//! refuses, the control is disabled and the reason (with ROLE-6's whom-to-ask) is shown.

use crate::api::{self, ApiError};
use crate::components::{Breadcrumbs, ExpandButton, Toasts};
use crate::i18n::{t, Text};
use crate::session::use_session;
use benefits_domain::user::find_user;
use benefits_domain::visual_studio::{
    check_assign_visual_studio_subscriber, check_may_assign_visual_studio_subscriber,
    check_may_reassign_visual_studio_subscriber, check_reassign_visual_studio_subscriber, status_label,
    VisualStudioSubscription,
};
use benefits_domain::wire::{Counters, VisualStudioList};
use benefits_domain::{Lang, User, UserId};
use chrono::{DateTime, TimeDelta, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

/// What the page shows once loaded.
#[derive(Clone)]
struct Loaded {
    list: VisualStudioList,
    directory: Vec<User>,
    /// Server clock minus this browser's, so rules are checked at the server's "now".
    skew: TimeDelta,
}

impl Loaded {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.skew
    }

    fn replace(&mut self, updated: VisualStudioSubscription) {
        if let Some(s) = self.list.subscriptions.iter_mut().find(|s| s.id == updated.id) {
            *s = updated;
        }
        self.list.counters = Counters::count(&self.list.subscriptions, |s| s.assignment.is_some());
    }
}

#[component]
pub fn VisualStudioPage() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let params = use_params_map();
    let expanded = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i64>().ok()));
    let state = RwSignal::new(None::<Result<Loaded, ApiError>>);

    let load = move || {
        let l = lang.get_untracked();
        spawn_local(async move {
            let list = api::visual_studio_subscriptions(l).await;
            let users = api::users(l).await;
            let loaded = list.and_then(|list| {
                users.map(|directory| Loaded {
                    skew: list.server_time - Utc::now(),
                    list,
                    directory,
                })
            });
            if let Err(e) = &loaded {
                if e.is_unauthenticated() {
                    session.me.set(None);
                }
            }
            state.set(Some(loaded));
        });
    };
    load();

    let on_saved = Callback::new(move |updated: VisualStudioSubscription| {
        state.update(|s| {
            if let Some(Ok(loaded)) = s {
                loaded.replace(updated);
            }
        });
    });

    view! {
        <Breadcrumbs current=Text::AreaVisualStudio />
        <h1>{move || t(lang.get(), Text::AreaVisualStudio)}</h1>
        {move || match state.get() {
            None => {
                view! {
                    <p class="pb-loading" aria-busy="true">
                        {move || t(lang.get(), Text::Loading)}
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) => view! { <p class="pb-error" role="alert">{e.body.message}</p> }.into_any(),
            Some(Ok(loaded)) => {
                view! { <SubscriptionTable loaded=loaded expanded=expanded on_saved=on_saved /> }.into_any()
            }
        }}
    }
}

#[component]
fn SubscriptionTable(
    loaded: Loaded,
    expanded: Memo<Option<i64>>,
    on_saved: Callback<VisualStudioSubscription>,
) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let counters = loaded.list.counters;
    // NAV-3: the list can be searched and sorted by any column of text or date.
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(None::<(SortColumn, bool)>);
    let stored = StoredValue::new(loaded.clone());
    let rows = move || {
        let loaded = stored.get_value();
        let now = loaded.now();
        let l = lang.get();
        let needle = query.get().trim().to_lowercase();
        let holder = |s: &VisualStudioSubscription| {
            s.assignment
                .as_ref()
                .map(|a| subscriber_name(&loaded.directory, a.subscriber))
                .unwrap_or_default()
        };
        let mut list: Vec<VisualStudioSubscription> = loaded
            .list
            .subscriptions
            .iter()
            .filter(|s| {
                needle.is_empty()
                    || [
                        s.product.name().to_string(),
                        holder(s),
                        status_label(s, now, l).to_string(),
                    ]
                    .iter()
                    .any(|text| text.to_lowercase().contains(&needle))
            })
            .cloned()
            .collect();
        if let Some((column, ascending)) = sort.get() {
            list.sort_by(|a, b| {
                let order = match column {
                    SortColumn::Product => a.product.name().cmp(b.product.name()),
                    SortColumn::Expires => a.expires_on.cmp(&b.expires_on),
                    SortColumn::Subscriber => holder(a).cmp(&holder(b)),
                    SortColumn::Status => status_label(a, now, l).cmp(status_label(b, now, l)),
                };
                if ascending {
                    order
                } else {
                    order.reverse()
                }
            });
        }
        list.into_iter()
            .map(|s| view! { <SubscriptionRow subscription=s loaded=loaded.clone() expanded=expanded on_saved=on_saved /> })
            .collect_view()
    };
    let header = move |column: SortColumn, text: Text| {
        let state = move || match sort.get() {
            Some((c, true)) if c == column => "ascending",
            Some((c, false)) if c == column => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=state>
                <button
                    type="button"
                    class="pb-sort"
                    on:click=move |_| {
                        sort.update(|s| {
                            *s = match *s {
                                Some((c, true)) if c == column => Some((column, false)),
                                _ => Some((column, true)),
                            }
                        })
                    }
                >
                    {move || t(lang.get(), text)}
                </button>
            </th>
        }
    };
    let empty = loaded.list.subscriptions.is_empty();
    view! {
        <dl class="pb-counters" data-testid="counters">
            <div>
                <dt>{move || t(lang.get(), Text::Allocated)}</dt>
                <dd>{counters.allocated}</dd>
            </div>
            <div>
                <dt>{move || t(lang.get(), Text::Assigned)}</dt>
                <dd>{counters.assigned}</dd>
            </div>
            <div>
                <dt>{move || t(lang.get(), Text::Available)}</dt>
                <dd>{counters.available}</dd>
            </div>
        </dl>
        <label class="pb-filter">
            {move || t(lang.get(), Text::Search)}
            <input type="search" data-testid="search" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
        </label>
        <div class="pb-table-scroll">
            <table class="pb-table">
                <caption>{move || t(lang.get(), Text::SubscriptionsCaption)}</caption>
                <thead>
                    <tr>
                        {header(SortColumn::Product, Text::ColumnProduct)}
                        <th scope="col">{move || t(lang.get(), Text::ColumnQuantity)}</th>
                        <th scope="col">{move || t(lang.get(), Text::ColumnOffer)}</th>
                        <th scope="col">{move || t(lang.get(), Text::ColumnBenefitType)}</th>
                        {header(SortColumn::Expires, Text::ColumnExpires)}
                        {header(SortColumn::Subscriber, Text::ColumnSubscriber)}
                        {header(SortColumn::Status, Text::ColumnStatus)}
                        <th scope="col" class="pb-expand-col">
                            <span class="pb-visually-hidden">{move || t(lang.get(), Text::ShowDetails)}</span>
                        </th>
                    </tr>
                </thead>
                {rows}
            </table>
            {empty.then(|| view! { <p>{move || t(lang.get(), Text::EmptyList)}</p> })}
        </div>
    }
}

/// The columns the list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortColumn {
    Product,
    Expires,
    Subscriber,
    Status,
}

fn subscriber_name(directory: &[User], id: UserId) -> String {
    find_user(directory, id)
        .map(|u| u.display_name.clone())
        .unwrap_or_else(|| format!("#{}", id.0))
}

/// One subscription: its row, and its details below when expanded (NAV-3).
#[component]
fn SubscriptionRow(
    subscription: VisualStudioSubscription,
    loaded: Loaded,
    expanded: Memo<Option<i64>>,
    on_saved: Callback<VisualStudioSubscription>,
) -> impl IntoView {
    let lang = use_session().lang;
    let id = subscription.id;
    let is_open = move || expanded.get() == Some(id);
    let details_id = format!("vs-details-{id}");
    let now = loaded.now();
    let s = subscription.clone();
    let holder = s
        .assignment
        .as_ref()
        .map(|a| subscriber_name(&loaded.directory, a.subscriber));
    let holder_text = holder.clone();
    let status = {
        let s = s.clone();
        move || status_label(&s, now, lang.get())
    };
    let expires_on = s.expires_on;
    let product = s.product.name();
    let offer = s.offer.label();
    let benefit_type = s.benefit_type;
    let details = {
        let loaded = loaded.clone();
        let subscription = subscription.clone();
        move || {
            is_open().then(|| {
                view! {
                    <SubscriptionDetails
                        subscription=subscription.clone()
                        directory=loaded.directory.clone()
                        now=loaded.now()
                        on_saved=on_saved
                    />
                }
            })
        }
    };
    view! {
        <tbody class="pb-row-group" data-testid=format!("vs-row-{id}")>
            <tr class:pb-row-open=is_open>
                <th scope="row">{product}</th>
                <td>"1"</td>
                <td>{offer}</td>
                <td>{move || benefit_type.label(lang.get())}</td>
                <td>{move || lang.get().format_date(expires_on)}</td>
                <td data-testid="subscriber">
                    {move || holder_text.clone().unwrap_or_else(|| t(lang.get(), Text::NoSubscriber).to_string())}
                </td>
                <td>{status}</td>
                <td class="pb-expand-col">
                    <ExpandButton id=id base="/benefits/visual-studio" expanded=expanded controls=details_id.clone() name=product.to_string() />
                </td>
            </tr>
            <tr class="pb-details-row" id=details_id.clone() hidden=move || !is_open()>
                <td colspan="8">{details}</td>
            </tr>
        </tbody>
    }
}

/// Whether "Assign user" / "Reassign" may be used at all, and why not (domain check).
pub fn action_refusal(
    subscription: &VisualStudioSubscription,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
    lang: Lang,
) -> Option<String> {
    let verdict = if subscription.assignment.is_some() {
        check_may_reassign_visual_studio_subscriber(subscription, actor, directory, now)
    } else {
        check_may_assign_visual_studio_subscriber(subscription, actor, directory, now)
    };
    verdict.err().map(|v| v.message(lang))
}

/// The expanded details: current subscriber, VS-3 dates, and the assign / reassign form.
#[component]
pub fn SubscriptionDetails(
    /// The subscription as last read from the server.
    subscription: VisualStudioSubscription,
    /// The company's users: whom it can be assigned to, and whom to ask (ROLE-6).
    directory: Vec<User>,
    /// The server's "now", for VS-3 and ROW-3.
    now: DateTime<Utc>,
    /// Called with the subscription as the server stored it.
    on_saved: Callback<VisualStudioSubscription>,
) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let toasts = use_context::<Toasts>();
    let actor = session.me.get_untracked().map(|m| m.user);
    let id = subscription.id;
    let reassign = subscription.assignment.is_some();
    let selected = RwSignal::new(None::<UserId>);
    let server_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let current = StoredValue::new(subscription.clone());
    let directory = StoredValue::new(directory);

    // Refusal before a user is picked: the control is disabled and says why.
    let refusal = move || {
        let actor = actor.clone()?;
        directory.with_value(|d| current.with_value(|s| action_refusal(s, &actor, d, now, lang.get())))
    };
    let refusal_check = refusal.clone();
    let blocked = move || refusal_check().is_some();
    let blocked_for_button = blocked.clone();
    let blocked_for_select = blocked.clone();

    let submit =
        {
            let actor = session.me.get_untracked().map(|m| m.user);
            move |_| {
                let (Some(actor), Some(user_id)) = (actor.clone(), selected.get_untracked()) else {
                    return;
                };
                let l = lang.get_untracked();
                let s = current.get_value();
                let verdict = directory.with_value(|d| {
                    if reassign {
                        check_reassign_visual_studio_subscriber(&s, &actor, d, user_id, now)
                    } else {
                        check_assign_visual_studio_subscriber(&s, &actor, d, user_id, now)
                    }
                });
                if let Err(v) = verdict {
                    server_error.set(Some(v.message(l)));
                    return;
                }
                pending.set(true);
                server_error.set(None);
                spawn_local(async move {
                    match api::set_visual_studio_subscriber(&s, user_id, reassign, l).await {
                        Ok(updated) => {
                            if let Some(toasts) = toasts {
                                toasts.success(t(l, Text::AssignedToast));
                            }
                            on_saved.run(updated);
                        }
                        Err(e) => {
                            // 409: someone else changed it; show their version and say so.
                            if let Some(now_stored) = e.body.details.get("current").and_then(|c| {
                                serde_json::from_value::<VisualStudioSubscription>(c.clone()).ok()
                            }) {
                                on_saved.run(now_stored);
                            }
                            if let Some(toasts) = toasts {
                                toasts.failure(e.body.message.clone());
                            }
                            server_error.set(Some(e.body.message));
                            pending.set(false);
                        }
                    }
                });
            }
        };

    let subscription_view = current.get_value();
    let assignment = subscription_view.assignment.clone();
    let assigned_info = assignment.map(|a| {
        let name = directory.with_value(|d| subscriber_name(d, a.subscriber));
        let from = subscription_view.reassignable_from().map(|f| f.date_naive());
        view! {
            <dl class="pb-facts">
                <div>
                    <dt>{move || t(lang.get(), Text::ColumnSubscriber)}</dt>
                    <dd>{name}</dd>
                </div>
                <div>
                    <dt>{move || t(lang.get(), Text::AssignedOn)}</dt>
                    <dd>{move || lang.get().format_date(a.assigned_at.date_naive())}</dd>
                </div>
                {from
                    .map(|f| {
                        view! {
                            <div>
                                <dt>{move || t(lang.get(), Text::ReassignableFrom)}</dt>
                                <dd>{move || lang.get().format_date(f)}</dd>
                            </div>
                        }
                    })}
            </dl>
        }
    });
    let select_id = format!("vs-user-{id}");
    let reason_id = format!("vs-reason-{id}");
    let error_id = format!("vs-error-{id}");
    let holder = subscription_view.assignment.as_ref().map(|a| a.subscriber);
    let options = directory.with_value(|d| {
        d.iter()
            .filter(|u| Some(u.id) != holder)
            .map(|u| {
                let label = format!("{} ({})", u.display_name, u.email);
                let guest = u.guest;
                let value = u.id.0.to_string();
                view! {
                    <option value=value>
                        {label}
                        {move || guest.then(|| format!(" · {}", t(lang.get(), Text::Guest)))}
                    </option>
                }
            })
            .collect_view()
    });
    let describedby = format!("{reason_id} {error_id}");

    view! {
        <div class="pb-details" data-testid=format!("vs-details-{id}")>
            {assigned_info}
            <div class="pb-assign">
                <label for=select_id.clone()>{move || t(lang.get(), Text::SelectUser)}</label>
                <select
                    id=select_id
                    disabled=move || blocked_for_select() || pending.get()
                    aria-describedby=describedby.clone()
                    on:change=move |ev| {
                        selected.set(event_target_value(&ev).parse::<i64>().ok().map(UserId));
                        server_error.set(None);
                    }
                >
                    <option value="" selected=true>
                        {move || t(lang.get(), Text::ChooseUser)}
                    </option>
                    {options}
                </select>
                <button
                    type="button"
                    class="pb-primary"
                    data-testid="assign-button"
                    disabled=move || blocked_for_button() || selected.get().is_none() || pending.get()
                    aria-describedby=describedby
                    on:click=submit
                >
                    {move || {
                        let text = match (pending.get(), reassign) {
                            (true, _) => Text::Saving,
                            (false, true) => Text::ReassignUser,
                            (false, false) => Text::AssignUser,
                        };
                        t(lang.get(), text)
                    }}
                </button>
            </div>
            <p class="pb-reason" id=reason_id data-testid="action-reason">
                {refusal}
            </p>
            <p class="pb-error" role="alert" id=error_id data-testid="action-error">
                {move || server_error.get()}
            </p>
            <p class="pb-hint">
                <a href="/account">{move || t(lang.get(), Text::UserNotListed)}</a>
            </p>
        </div>
    }
}
