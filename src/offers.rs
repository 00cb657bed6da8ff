//! Membership offers: every offer with its purchase date, anniversary and status; Renew in
//! its window (OFR-2, OFR-3); Cancel with refund (CAN-1); adding a newly bought offer and
//! importing the company's real inventory (OFR-1).

use crate::api;
use crate::components::{ActionError, Breadcrumbs, Toasts};
use crate::data::{use_workspace, Place};
use crate::i18n::{t, Text};
use crate::session::use_session;
use benefits_domain::benefit::Offer;
use benefits_domain::cancellation::{check_request_cancellation, CancellationState};
use benefits_domain::company::MembershipOffer;
use benefits_domain::inventory::{InventoryImportResult, InventoryVerdict, INVENTORY_COLUMNS};
use benefits_domain::membership::{
    check_add_offer, check_renew_offer, check_set_credit_equivalent, latest_of, OfferStatus,
};
use benefits_domain::money::{Currency, Money};
use benefits_domain::wire::WorkspaceView;
use benefits_domain::workspace::Command;
use benefits_domain::Lang;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// The page's path.
pub const PATH: &str = "/membership";

#[component]
pub fn MembershipOffersPage() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    view! {
        <Breadcrumbs current=Text::Membership />
        <h1>{move || t(lang.get(), Text::Membership)}</h1>
        <p>{move || t(lang.get(), Text::MembershipIntro)}</p>
        {move || match data.view.get() {
            None => view! { <p class="pb-loading" aria-busy="true">{move || t(lang.get(), Text::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="pb-error" role="alert">{e.body.message}</p> }.into_any(),
            Some(Ok(ws)) => view! {
                <OfferList ws=ws.clone() />
                <AddOfferForm ws=ws.clone() />
                {(ws.company.currency != Currency::USD).then(|| view! { <CreditEquivalentForm ws=ws /> })}
            }
            .into_any(),
        }}
        // Outside the workspace's view: the reload after an import keeps its verdicts shown.
        <InventoryImport />
    }
}

/// Where an offer stands, in words.
fn status_text(status: OfferStatus, lang: Lang) -> String {
    match status {
        OfferStatus::NotStarted { starts_on } => {
            format!("{} {}", t(lang, Text::OfferStarts), lang.format_date(starts_on))
        }
        OfferStatus::Active { renewal_opens_on, .. } => format!(
            "{} · {} {}",
            t(lang, Text::OfferActive),
            t(lang, Text::RenewalOpensOn),
            lang.format_date(renewal_opens_on)
        ),
        OfferStatus::RenewalOpen { closes_on } => {
            format!(
                "{} {}",
                t(lang, Text::RenewalOpenUntil),
                lang.format_date(closes_on)
            )
        }
        OfferStatus::Lapsed { since } => {
            format!("{} {}", t(lang, Text::OfferLapsed), lang.format_date(since))
        }
    }
}

/// Every offer, newest purchase first, and the cancellation requests to follow.
#[component]
fn OfferList(ws: Arc<WorkspaceView>) -> impl IntoView {
    let lang = use_session().lang;
    let mut offers = ws.company.offers.clone();
    offers.sort_by_key(|b| std::cmp::Reverse(b.purchased_on));
    let lines = offers
        .into_iter()
        .map(|m| view! { <OfferLine membership=m ws=ws.clone() /> })
        .collect_view();
    let requests = ws.cancellations.clone();
    view! {
        <section class="pb-card" aria-labelledby="membership-heading" data-testid="membership">
            <h2 id="membership-heading">{move || t(lang.get(), Text::YourOffers)}</h2>
            <ul class="pb-key-list">{lines}</ul>
            {(!requests.is_empty()).then(|| view! {
                <h3>{move || t(lang.get(), Text::CancellationRequests)}</h3>
                <ul data-testid="cancellations">
                    {requests.into_iter().map(|r| {
                        let state = match r.state {
                            CancellationState::Submitted => Text::CancellationSubmitted,
                            CancellationState::InReview => Text::CancellationInReview,
                            CancellationState::Approved => Text::CancellationApproved,
                            CancellationState::Rejected => Text::CancellationRejected,
                        };
                        let date = r.requested_at.date_naive();
                        view! { <li>{r.offer.label()}" · "{move || lang.get().format_date(date)}" · "{move || t(lang.get(), state)}</li> }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// One offer: dates and status, Renew (OFR-2: disabled outside the window, saying when it
/// opens) and Cancel with refund (CAN-1), each checked here before anything is sent.
#[component]
fn OfferLine(membership: MembershipOffer, ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let offer = membership.offer;
    let now = data.now();
    let me = session.me.get_untracked();
    // An older purchase of an offer bought again is history: only the latest is renewed.
    let latest = latest_of(&ws.company, offer) == Some(&membership);
    let renew_refusal = me
        .as_ref()
        .and_then(|me| check_renew_offer(&ws.company, offer, &me.user, &ws.directory, now).err());
    // CAN-1 from what the list shows: activations per key and the record of key views.
    let activated = ws
        .software
        .iter()
        .any(|row| row.offer == offer && row.activations.iter().any(|a| a.used() > 0));
    let cancel_refusal = me.as_ref().and_then(|me| {
        check_request_cancellation(
            &membership,
            activated,
            &ws.key_reveals,
            &ws.cancellations,
            &me.user,
            &ws.directory,
            now,
        )
        .err()
    });
    let status = membership.status(now);
    let (purchased, anniversary) = (membership.purchased_on, membership.anniversary());
    let renew_blocked = renew_refusal.is_some();
    let renew_reason = move || renew_refusal.as_ref().map(|v| v.message(lang.get()));
    let cancel_blocked = cancel_refusal.is_some();
    let cancel_reason = move || cancel_refusal.as_ref().map(|v| v.message(lang.get()));
    let pending = data.pending;
    let renew = move |_| {
        spawn_local(async move {
            let _ = data
                .run(Command::RenewOffer { offer }, None, Text::RenewedToast)
                .await;
        });
    };
    let cancel = move |_| data.act(Command::RequestCancellation { offer }, None);
    let key = offer.key();
    view! {
        <li class="pb-key" data-testid=format!("membership-{key}")>
            <strong>{offer.label()}</strong>
            " · "{move || t(lang.get(), Text::PurchasedOn)}" "{move || lang.get().format_date(purchased)}
            " · "{move || t(lang.get(), Text::Anniversary)}" "{move || lang.get().format_date(anniversary)}
            <p data-testid="offer-status" class:pb-expired=matches!(status, OfferStatus::Lapsed { .. })>
                {move || status_text(status, lang.get())}
            </p>
            {latest.then(|| view! {
                <div class="pb-assign">
                    <button type="button" class="pb-primary" data-testid="renew"
                        disabled=move || renew_blocked || pending.get() on:click=renew
                        aria-describedby=format!("renew-reason-{key}")>
                        {move || t(lang.get(), Text::Renew)}
                    </button>
                    <button type="button" class="pb-secondary" disabled=move || cancel_blocked || pending.get() on:click=cancel
                        aria-describedby=format!("cancel-reason-{key}")>
                        {move || t(lang.get(), Text::RequestCancellation)}
                    </button>
                </div>
                <p class="pb-reason" id=format!("renew-reason-{key}") data-testid="renew-reason">{renew_reason}</p>
                <p class="pb-reason" id=format!("cancel-reason-{key}") data-testid="action-reason">{cancel_reason}</p>
            })}
            <ActionError place=Place::Membership(offer) />
        </li>
    }
}

/// OFR-1: a newly bought offer, which provisions its benefits.
#[component]
fn AddOfferForm(ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let offer = RwSignal::new(Offer::Silver);
    let today = data.now().date_naive();
    let purchased_on = RwSignal::new(today.to_string());
    let pending = data.pending;
    let ws = StoredValue::new(ws);
    let actor = StoredValue::new(session.me.get_untracked().map(|m| m.user));
    let date = move || NaiveDate::parse_from_str(&purchased_on.get(), "%Y-%m-%d").ok();
    let refusal = move || {
        let actor = actor.get_value()?;
        let date = date().unwrap_or(today);
        ws.with_value(|ws| {
            check_add_offer(&ws.company, offer.get(), date, &actor, &ws.directory, data.now()).err()
        })
    };
    let reason = move || refusal().map(|v| v.message(lang.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(purchased_on) = date() else { return };
        let offer = offer.get_untracked();
        spawn_local(async move {
            let _ = data
                .run(
                    Command::AddOffer { offer, purchased_on },
                    None,
                    Text::OfferAddedToast,
                )
                .await;
        });
    };
    view! {
        <section class="pb-card" aria-labelledby="add-offer-heading" data-testid="add-offer">
            <h2 id="add-offer-heading">{move || t(lang.get(), Text::AddOffer)}</h2>
            <p class="pb-hint">{move || t(lang.get(), Text::AddOfferHint)}</p>
            <form class="pb-form" on:submit=submit>
                <label for="add-offer-type">{move || t(lang.get(), Text::OfferType)}</label>
                <select id="add-offer-type" on:change=move |ev| {
                    if let Some(o) = Offer::from_key(&event_target_value(&ev)) {
                        offer.set(o);
                    }
                }>
                    {Offer::ALL.map(|o| view! {
                        <option value=o.key() selected=move || offer.get() == o>{o.label()}</option>
                    }).collect_view()}
                </select>
                <label for="add-offer-date">{move || t(lang.get(), Text::PurchasedOn)}</label>
                <input id="add-offer-date" type="date" required max=today.to_string()
                    prop:value=move || purchased_on.get()
                    on:input=move |ev| purchased_on.set(event_target_value(&ev)) />
                <p class="pb-reason" id="add-offer-reason" data-testid="action-reason">{reason}</p>
                <ActionError place=Place::Form("add_offer") />
                <button type="submit" class="pb-primary" aria-describedby="add-offer-reason"
                    disabled=move || date().is_none() || refusal().is_some() || pending.get()>
                    {move || t(lang.get(), Text::AddOffer)}
                </button>
            </form>
        </section>
    }
}

/// AZ-1: what Microsoft gives in the company's currency for USD 100 of Azure credit, so
/// every credit amount reads in that currency (Partner Center shows the local equivalent).
#[component]
fn CreditEquivalentForm(ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let pending = data.pending;
    let currency = ws.company.currency;
    let recorded = ws.company.usd_100_equivalent;
    let text = RwSignal::new(
        recorded
            .map(|m| lang.get_untracked().format_amount(m.minor_units))
            .unwrap_or_default(),
    );
    let ws = StoredValue::new(ws);
    let actor = StoredValue::new(session.me.get_untracked().map(|m| m.user));
    let amount = move || Money::parse(&text.get(), currency);
    let refusal = move || {
        let actor = actor.get_value()?;
        // Nothing typed yet: say nothing until there is something to judge.
        let typed = amount().unwrap_or(Money::new(0, currency));
        ws.with_value(|ws| check_set_credit_equivalent(&ws.company, typed, &actor, &ws.directory).err())
    };
    let reason = move || {
        if text.with(|t| !t.trim().is_empty()) && amount().is_none() {
            return Some(t(lang.get(), Text::NotAnAmount).to_string());
        }
        refusal()
            .filter(|v| {
                text.with(|t| !t.trim().is_empty()) || !matches!(v.rule, benefits_domain::RuleId::Az1)
            })
            .map(|v| v.message(lang.get()))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(usd_100_equivalent) = amount() else {
            return;
        };
        spawn_local(async move {
            let _ = data
                .run(
                    Command::SetCreditEquivalent { usd_100_equivalent },
                    None,
                    Text::CreditEquivalentSavedToast,
                )
                .await;
        });
    };
    let now = move || {
        recorded
            .map(|m| {
                let usd = Money::whole(100, Currency::USD);
                format!(
                    "{} = {}",
                    lang.get().format_money(usd),
                    lang.get().format_money(m)
                )
            })
            .unwrap_or_else(|| t(lang.get(), Text::CreditEquivalentNotSet).to_string())
    };
    view! {
        <section class="pb-card" aria-labelledby="credit-equivalent-heading" data-testid="credit-equivalent">
            <h2 id="credit-equivalent-heading">{move || t(lang.get(), Text::CreditEquivalent)}</h2>
            <p class="pb-hint">{move || t(lang.get(), Text::CreditEquivalentHint)}</p>
            <p data-testid="credit-equivalent-now">{now}</p>
            <form class="pb-form" on:submit=submit>
                <label for="credit-equivalent-amount">
                    {move || format!("{} ({})", t(lang.get(), Text::CreditEquivalentLabel), currency.code())}
                </label>
                <input id="credit-equivalent-amount" type="text" inputmode="decimal" autocomplete="off"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
                <p class="pb-reason" id="credit-equivalent-reason" data-testid="action-reason">{reason}</p>
                <ActionError place=Place::Form("set_credit_equivalent") />
                <button type="submit" class="pb-primary" aria-describedby="credit-equivalent-reason"
                    disabled=move || amount().is_none() || refusal().is_some() || pending.get()>
                    {move || t(lang.get(), Text::Save)}
                </button>
            </form>
        </section>
    }
}

/// OFR-1: the company's real keys, downloads and licence keys from a CSV file: a verdict per
/// row first (nothing written), then the OK rows in one go. Keys are never shown back.
#[component]
fn InventoryImport() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    let toasts = use_context::<Toasts>();
    let api = api::use_api();
    let file = RwSignal::new_local(None::<web_sys::File>);
    let checked = RwSignal::new(None::<InventoryImportResult>);
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let send = move |dry_run: bool| {
        let Some(chosen) = file.get_untracked() else {
            return;
        };
        pending.set(true);
        error.set(None);
        let l = lang.get_untracked();
        spawn_local(async move {
            match api.inventory_import(&chosen, dry_run, l).await {
                Ok(result) => {
                    if !dry_run {
                        if let Some(toasts) = toasts {
                            toasts.success(format!("{} {}", t(l, Text::ImportApplied), result.applied));
                        }
                        data.load();
                    }
                    checked.set(Some(result));
                }
                Err(e) => {
                    checked.set(None);
                    error.set(Some(e.body.message));
                }
            }
            pending.set(false);
        });
    };
    let ok_rows = move || {
        checked.with(|c| {
            c.as_ref().map_or(0, |c| {
                c.lines
                    .iter()
                    .filter(|l| matches!(l.verdict, InventoryVerdict::Ok { .. }))
                    .count()
            })
        })
    };
    let dry = move || checked.with(|c| c.as_ref().is_some_and(|c| c.dry_run));
    view! {
        <section class="pb-card" aria-labelledby="import-heading" data-testid="inventory-import">
            <h2 id="import-heading">{move || t(lang.get(), Text::ImportInventory)}</h2>
            <p class="pb-hint" id="import-hint">
                {move || t(lang.get(), Text::ImportHint)}" "<code class="pb-wrap">{INVENTORY_COLUMNS.join(", ")}</code>
            </p>
            <form class="pb-form" on:submit=move |ev| { ev.prevent_default(); send(true); }>
                <label for="import-file">{move || t(lang.get(), Text::ImportFile)}</label>
                <input id="import-file" type="file" accept=".csv,text/csv" aria-describedby="import-hint import-error"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        file.set(input.files().and_then(|files| files.get(0)));
                        checked.set(None);
                        error.set(None);
                    } />
                <p class="pb-error" role="alert" id="import-error" data-testid="import-error">{move || error.get()}</p>
                <button type="submit" class="pb-primary" disabled=move || file.with(Option::is_none) || pending.get()>
                    {move || t(lang.get(), if pending.get() { Text::Saving } else { Text::CheckFile })}
                </button>
            </form>
            {move || checked.get().map(|result| {
                let l = lang.get();
                let refused = result.lines.len() - ok_rows();
                view! {
                    <p role="status" data-testid="import-summary">
                        {format!("{} {} · {} {}", ok_rows(), t(l, Text::RowsOk), refused, t(l, Text::RowsRefused))}
                        {if result.dry_run {
                            format!(" · {}", t(l, Text::DryRunNothingWritten))
                        } else {
                            format!(" · {} {}", t(l, Text::ImportApplied), result.applied)
                        }}
                    </p>
                    <div class="pb-table-scroll">
                        <table class="pb-table" data-testid="import-verdicts">
                            <caption>{t(l, Text::ColumnVerdict)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t(l, Text::ColumnLine)}</th>
                                    <th scope="col">{t(l, Text::ColumnArea)}</th>
                                    <th scope="col">{t(l, Text::ColumnProduct)}</th>
                                    <th scope="col">{t(l, Text::ColumnVerdict)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {result.lines.into_iter().map(|line| {
                                    let (ok, verdict, code) = match &line.verdict {
                                        InventoryVerdict::Ok { .. } => (true, t(l, Text::VerdictOk).to_string(), None),
                                        InventoryVerdict::Refused { code, message } => (false, message.clone(), Some(code.clone())),
                                    };
                                    view! {
                                        <tr data-testid=format!("import-line-{}", line.line) class:pb-refused=!ok>
                                            <th scope="row">{line.line}</th>
                                            <td data-label=t(l, Text::ColumnArea)>{line.area.clone()}</td>
                                            <td data-label=t(l, Text::ColumnProduct)>{line.product.clone()}</td>
                                            <td data-label=t(l, Text::ColumnVerdict) data-testid="verdict" data-code=code>{verdict}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })}
            <Show when=move || { dry() && ok_rows() > 0 }>
                <button type="button" class="pb-primary" data-testid="apply-import" disabled=move || pending.get()
                    on:click=move |_| send(false)>
                    {move || format!("{} ({})", t(lang.get(), Text::ApplyOkRows), ok_rows())}
                </button>
            </Show>
        </section>
    }
}
