//! Visual Studio subscriptions: the list (ROW-1, NAV-3) and "Assign user" (VS-1 … VS-3).
//!
//! Every action first runs the same `benefits_domain` check the server runs: when it
//! refuses, the control is disabled and the reason (with ROLE-6's whom-to-ask) is shown.

use crate::components::{ActionError, Breadcrumbs, ExpandButton};
use crate::data::{use_workspace, Place};
use crate::i18n::{t, Text};
use crate::list::{Cell, ListControls, SearchBox, ShowMore, SortHeader};
use crate::session::use_session;
use benefits_domain::history::BenefitKind;
use benefits_domain::user::find_user;
use benefits_domain::visual_studio::{
    check_assign_visual_studio_subscriber, check_may_assign_visual_studio_subscriber,
    check_may_reassign_visual_studio_subscriber, check_reassign_visual_studio_subscriber, status_label,
    VisualStudioSubscription,
};
use benefits_domain::wire::WorkspaceView;
use benefits_domain::workspace::{Command, Target};
use benefits_domain::{Lang, User, UserId};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

const BASE: &str = "/benefits/visual-studio";

#[component]
pub fn VisualStudioPage() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    let location = crate::routing::use_location();
    // The expanded row is the ID in the URL (`/benefits/…/<id>`).
    let expanded = Memo::new(move |_| location.page().1);
    let controls = ListControls::new();
    view! {
        <Breadcrumbs current=Text::AreaVisualStudio />
        <h1>{move || t(lang.get(), Text::AreaVisualStudio)}</h1>
        {move || match data.view.get() {
            None => {
                view! {
                    <p class="pb-loading" aria-busy="true">
                        {move || t(lang.get(), Text::Loading)}
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) => view! { <p class="pb-error" role="alert">{e.body.message}</p> }.into_any(),
            Some(Ok(ws)) => {
                view! { <SubscriptionTable ws=ws expanded=expanded controls=controls /> }.into_any()
            }
        }}
    }
}

/// The searchable, sortable columns: product, expires, subscriber, status.
fn cells(s: &VisualStudioSubscription, names: &Names, now: DateTime<Utc>, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::text(s.product.name()),
        Cell::Date(s.expires_on),
        s.assignment
            .as_ref()
            .map(|a| {
                Cell::text(
                    names
                        .get(&a.subscriber)
                        .map_or_else(|| format!("#{}", a.subscriber.0), |name| name.to_string()),
                )
            })
            .unwrap_or(Cell::Empty),
        Cell::text(status_label(s, now, lang)),
    ]
}

#[component]
fn SubscriptionTable(
    ws: Arc<WorkspaceView>,
    expanded: Memo<Option<i64>>,
    controls: ListControls,
) -> impl IntoView {
    let lang = use_session().lang;
    let now = use_workspace().now();
    let counters = ws.counters.visual_studio;
    let empty = ws.visual_studio.is_empty();
    let ws = StoredValue::new(ws);
    let filtered = Memo::new(move |_| {
        let l = lang.get();
        ws.with_value(|ws| {
            // Names by ID once, not a search of the directory per row (10,000 × 10,000).
            let names: Names = ws
                .directory
                .iter()
                .map(|u| (u.id, u.display_name.as_str()))
                .collect();
            // Positions in the list, not copies of 10,000 subscriptions.
            let all = (0..ws.visual_studio.len()).collect();
            controls.apply(all, |&i| cells(&ws.visual_studio[i], &names, now, l))
        })
    });
    let rows = move || {
        filtered
            .with(|list| controls.page(list))
            .into_iter()
            .map(|i| {
                let subscription = ws.with_value(|ws| ws.visual_studio[i].clone());
                view! { <SubscriptionRow subscription=subscription ws=ws expanded=expanded /> }
            })
            .collect_view()
    };
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
        <SearchBox controls=controls />
        <div class="pb-table-scroll">
            <table class="pb-table">
                <caption>{move || t(lang.get(), Text::SubscriptionsCaption)}</caption>
                <thead>
                    <tr>
                        <SortHeader controls=controls column=0 label=Text::ColumnProduct />
                        <th scope="col">{move || t(lang.get(), Text::ColumnQuantity)}</th>
                        <th scope="col">{move || t(lang.get(), Text::ColumnOffer)}</th>
                        <th scope="col">{move || t(lang.get(), Text::ColumnBenefitType)}</th>
                        <SortHeader controls=controls column=1 label=Text::ColumnExpires />
                        <SortHeader controls=controls column=2 label=Text::ColumnSubscriber />
                        <SortHeader controls=controls column=3 label=Text::ColumnStatus />
                        <th scope="col" class="pb-expand-col">
                            <span class="pb-visually-hidden">{move || t(lang.get(), Text::ShowDetails)}</span>
                        </th>
                    </tr>
                </thead>
                {rows}
            </table>
            {empty.then(|| view! { <p>{move || t(lang.get(), Text::EmptyList)}</p> })}
        </div>
        <ShowMore controls=controls total=Signal::derive(move || filtered.with(Vec::len)) />
    }
}

/// Display names by user ID, for searching and sorting a long list by subscriber.
type Names<'a> = std::collections::HashMap<UserId, &'a str>;

fn subscriber_name(directory: &[User], id: UserId) -> String {
    find_user(directory, id)
        .map(|u| u.display_name.clone())
        .unwrap_or_else(|| format!("#{}", id.0))
}

/// One subscription: its row, and its details below when expanded (NAV-3).
#[component]
fn SubscriptionRow(
    subscription: VisualStudioSubscription,
    ws: StoredValue<Arc<WorkspaceView>>,
    expanded: Memo<Option<i64>>,
) -> impl IntoView {
    let lang = use_session().lang;
    let now = use_workspace().now();
    let id = subscription.id;
    let is_open = move || expanded.get() == Some(id);
    let details_id = format!("vs-details-{id}");
    let s = subscription.clone();
    let holder = s
        .assignment
        .as_ref()
        .map(|a| ws.with_value(|ws| subscriber_name(&ws.directory, a.subscriber)));
    let status = {
        let s = s.clone();
        move || status_label(&s, now, lang.get())
    };
    let expires_on = s.expires_on;
    let product = s.product.name();
    let offer = s.offer.label();
    let benefit_type = s.benefit_type;
    let details = move || {
        is_open().then(|| {
            view! {
                <SubscriptionDetails
                    subscription=subscription.clone()
                    directory=ws.with_value(|ws| ws.directory.clone())
                    now=now
                />
            }
        })
    };
    view! {
        <tbody class="pb-row-group" data-testid=format!("vs-row-{id}")>
            <tr class:pb-row-open=is_open>
                <th scope="row">{product}</th>
                <td data-label=move || t(lang.get(), Text::ColumnQuantity)>"1"</td>
                <td data-label=move || t(lang.get(), Text::ColumnOffer)>{offer}</td>
                <td data-label=move || t(lang.get(), Text::ColumnBenefitType)>{move || benefit_type.label(lang.get())}</td>
                <td data-label=move || t(lang.get(), Text::ColumnExpires)>{move || lang.get().format_date(expires_on)}</td>
                <td data-label=move || t(lang.get(), Text::ColumnSubscriber) data-testid="subscriber">
                    {move || holder.clone().unwrap_or_else(|| t(lang.get(), Text::NoSubscriber).to_string())}
                </td>
                <td data-label=move || t(lang.get(), Text::ColumnStatus)>{status}</td>
                <td class="pb-expand-col">
                    <ExpandButton id=id base=BASE expanded=expanded controls=details_id.clone() name=product.to_string() />
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
) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let actor = session.me.get_untracked().map(|m| m.user);
    let id = subscription.id;
    let reassign = subscription.assignment.is_some();
    let selected = RwSignal::new(None::<UserId>);
    let pending = data.pending;
    let place = Place::Benefit(Target {
        kind: BenefitKind::VisualStudioSubscription,
        id,
    });
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

    let submit = {
        let actor = session.me.get_untracked().map(|m| m.user);
        move |_| {
            let (Some(actor), Some(user_id)) = (actor.clone(), selected.get_untracked()) else {
                return;
            };
            let s = current.get_value();
            let verdict = directory.with_value(|d| {
                if reassign {
                    check_reassign_visual_studio_subscriber(&s, &actor, d, user_id, now)
                } else {
                    check_assign_visual_studio_subscriber(&s, &actor, d, user_id, now)
                }
            });
            if verdict.is_err() {
                return;
            }
            let subscription_id = s.id;
            let command = if reassign {
                Command::ReassignVisualStudioSubscriber {
                    subscription_id,
                    user_id,
                }
            } else {
                Command::AssignVisualStudioSubscriber {
                    subscription_id,
                    user_id,
                }
            };
            spawn_local(async move {
                let _ = data.run(command, Some(s.version), Text::AssignedToast).await;
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
            <ActionError place=place id=error_id />
            <p class="pb-hint">
                <a href=crate::routing::use_location().href("/account")>{move || t(lang.get(), Text::UserNotListed)}</a>
            </p>
        </div>
    }
}
