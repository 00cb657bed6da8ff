//! Azure & Cloud products — usage-based Azure credit (AZ-1 … AZ-8): assign, transfer,
//! remove, reassignments left, and the "not yet redeemed" filter.
//!
//! Every control runs the `benefits_domain` check first: refused → disabled with the reason.

use crate::components::{ActionError, Breadcrumbs, ExpandButton, UserPickAction};
use crate::data::{use_workspace, Place};
use crate::i18n::{t, Text};
use crate::licences::LicenceSection;
use crate::list::{Cell, ListControls, SearchBox, ShowMore, SortHeader};
use crate::session::use_session;
use benefits_domain::azure::{
    check_assign_azure_credit, check_may_assign_azure_credit, check_may_transfer_azure_credit,
    check_remove_azure_credit, check_transfer_azure_credit, AzureCredit, CreditKind,
};
use benefits_domain::history::BenefitKind;
use benefits_domain::money::Currency;
use benefits_domain::user::find_user;
use benefits_domain::wire::WorkspaceView;
use benefits_domain::workspace::{Command, Target};
use benefits_domain::{Lang, User, UserId};
use leptos::prelude::*;
use std::sync::Arc;

const BASE: &str = "/benefits/azure";

#[component]
pub fn AzurePage() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    let location = crate::routing::use_location();
    // The expanded row is the ID in the URL (`/benefits/…/<id>`).
    let expanded = Memo::new(move |_| location.page().1);
    let only_not_redeemed = RwSignal::new(false);
    let controls = ListControls::new();
    view! {
        <Breadcrumbs current=Text::AreaAzure />
        <h1>{move || t(lang.get(), Text::AreaAzure)}</h1>
        <h2>{move || t(lang.get(), Text::UsageBased)}</h2>
        {move || match data.view.get() {
            None => view! { <p class="pb-loading" aria-busy="true">{move || t(lang.get(), Text::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="pb-error" role="alert">{e.body.message}</p> }.into_any(),
            Some(Ok(ws)) => view! {
                <CurrencyNote ws=ws.clone() />
                <CreditTable ws=ws.clone() expanded=expanded only_not_redeemed=only_not_redeemed controls=controls />
                <LicenceSection ws=ws />
            }
            .into_any(),
        }}
    }
}

/// AZ-1: until a Global admin records the local equivalent of USD 100, amounts stay in
/// USD; say so, and where to record it.
#[component]
fn CurrencyNote(ws: Arc<WorkspaceView>) -> impl IntoView {
    let lang = use_session().lang;
    let company = &ws.company;
    let missing = company.currency != Currency::USD && company.usd_100_equivalent.is_none();
    let href = crate::routing::use_location().href(crate::offers::PATH);
    missing.then(|| {
        view! {
            <p class="pb-hint" data-testid="currency-note">
                {move || t(lang.get(), Text::CreditEquivalentNotSet)} " "
                <a href=href>{move || t(lang.get(), Text::CreditEquivalent)}</a>
            </p>
        }
    })
}

fn credit_name(credit: &AzureCredit) -> Text {
    match credit.kind {
        CreditKind::Monthly => Text::MonthlyCredit,
        CreditKind::Bulk => Text::BulkCredit,
    }
}

#[component]
fn CreditTable(
    ws: Arc<WorkspaceView>,
    expanded: Memo<Option<i64>>,
    only_not_redeemed: RwSignal<bool>,
    controls: ListControls,
) -> impl IntoView {
    let lang = use_session().lang;
    let counters = ws.counters.azure_credits;
    let ws = StoredValue::new(ws);
    let filtered = Memo::new(move |_| {
        let l = lang.get();
        ws.with_value(|ws| {
            let shown: Vec<AzureCredit> = ws
                .credits
                .iter()
                .filter(|c| !only_not_redeemed.get() || (c.holder.is_some() && !c.redeemed))
                .cloned()
                .collect();
            controls.apply(shown, |c| credit_cells(c, &ws.directory, l))
        })
    });
    let rows = move || {
        filtered
            .with(|list| controls.page(list))
            .into_iter()
            .map(|c| view! { <CreditRow credit=c ws=ws expanded=expanded /> })
            .collect_view()
    };
    view! {
        <dl class="pb-counters" data-testid="credit-counters">
            <div><dt>{move || t(lang.get(), Text::Allocated)}</dt><dd>{counters.allocated}</dd></div>
            <div><dt>{move || t(lang.get(), Text::Assigned)}</dt><dd>{counters.assigned}</dd></div>
            <div><dt>{move || t(lang.get(), Text::Available)}</dt><dd>{counters.available}</dd></div>
        </dl>
        <SearchBox controls=controls />
        <label class="pb-filter">
            <input
                type="checkbox"
                prop:checked=move || only_not_redeemed.get()
                on:change=move |ev| only_not_redeemed.set(event_target_checked(&ev))
            />
            {move || t(lang.get(), Text::OnlyNotRedeemed)}
        </label>
        <div class="pb-table-scroll">
            <table class="pb-table">
                <caption>{move || t(lang.get(), Text::CreditsCaption)}</caption>
                <thead>
                    <tr>
                        <SortHeader controls=controls column=0 label=Text::ColumnProduct />
                        <SortHeader controls=controls column=1 label=Text::ColumnAmount />
                        <SortHeader controls=controls column=2 label=Text::ColumnOffer />
                        <SortHeader controls=controls column=3 label=Text::ColumnBenefitType />
                        <SortHeader controls=controls column=4 label=Text::ColumnExpires />
                        <SortHeader controls=controls column=5 label=Text::ColumnUser />
                        <SortHeader controls=controls column=6 label=Text::ColumnStatus />
                        <SortHeader controls=controls column=7 label=Text::ColumnReassignmentsLeft />
                        <th scope="col" class="pb-expand-col">
                            <span class="pb-visually-hidden">{move || t(lang.get(), Text::ShowDetails)}</span>
                        </th>
                    </tr>
                </thead>
                {rows}
            </table>
        </div>
        <ShowMore controls=controls total=Signal::derive(move || filtered.with(Vec::len)) />
    }
}

fn credit_status(credit: &AzureCredit) -> Text {
    match (&credit.holder, credit.redeemed) {
        (None, _) => Text::NoSubscriber,
        (Some(_), true) => Text::Redeemed,
        (Some(_), false) => Text::NotYetRedeemed,
    }
}

/// The columns in the table's order, for search and sort (NAV-3).
fn credit_cells(credit: &AzureCredit, directory: &[User], lang: Lang) -> Vec<Cell> {
    vec![
        Cell::text(t(lang, credit_name(credit))),
        Cell::Number(credit.amount.minor_units),
        Cell::text(credit.offer.label()),
        Cell::text(credit.benefit_type.label(lang)),
        Cell::Date(credit.expires_on),
        holder_name(directory, credit)
            .map(Cell::Text)
            .unwrap_or(Cell::Empty),
        Cell::text(t(lang, credit_status(credit))),
        credit
            .reassignments_left()
            .map(|n| Cell::Number(n.into()))
            .unwrap_or(Cell::Empty),
    ]
}

fn holder_name(directory: &[User], credit: &AzureCredit) -> Option<String> {
    credit.holder.as_ref().map(|h| {
        find_user(directory, h.user)
            .map(|u| u.display_name.clone())
            .unwrap_or_default()
    })
}

#[component]
fn CreditRow(
    credit: AzureCredit,
    ws: StoredValue<Arc<WorkspaceView>>,
    expanded: Memo<Option<i64>>,
) -> impl IntoView {
    let lang = use_session().lang;
    let id = credit.id;
    let is_open = move || expanded.get() == Some(id);
    let name = credit_name(&credit);
    // AZ-1: in the company's currency when its equivalent is recorded; Microsoft's USD
    // figure stays available on hover.
    let amount = ws.with_value(|ws| ws.company.in_local_currency(credit.amount));
    let stated = (amount != credit.amount).then_some(credit.amount);
    let per = if credit.kind == CreditKind::Monthly {
        Text::PerMonth
    } else {
        Text::PerYear
    };
    let holder = ws.with_value(|ws| holder_name(&ws.directory, &credit));
    let holder_text = holder.clone();
    let status = credit_status(&credit);
    let left = credit.reassignments_left();
    let (offer, benefit_type, expires_on) = (credit.offer.label(), credit.benefit_type, credit.expires_on);
    let details_id = format!("credit-details-{id}");
    let details = {
        let credit = credit.clone();
        move || is_open().then(|| view! { <CreditDetails credit=credit.clone() ws=ws.get_value() /> })
    };
    view! {
        <tbody class="pb-row-group" data-testid=format!("credit-row-{id}")>
            <tr class:pb-row-open=is_open>
                <th scope="row">{move || t(lang.get(), name)}</th>
                <td data-label=move || t(lang.get(), Text::ColumnAmount) data-testid="amount"
                    title=move || stated.map(|m| lang.get().format_money(m))>
                    {move || format!("{} {}", lang.get().format_money(amount), t(lang.get(), per))}
                </td>
                <td data-label=move || t(lang.get(), Text::ColumnOffer)>{offer}</td>
                <td data-label=move || t(lang.get(), Text::ColumnBenefitType)>{move || benefit_type.label(lang.get())}</td>
                <td data-label=move || t(lang.get(), Text::ColumnExpires)>{move || lang.get().format_date(expires_on)}</td>
                <td data-label=move || t(lang.get(), Text::ColumnUser) data-testid="holder">{move || holder_text.clone().unwrap_or_else(|| t(lang.get(), Text::NoSubscriber).to_string())}</td>
                <td data-label=move || t(lang.get(), Text::ColumnStatus) data-testid="status">{move || t(lang.get(), status)}</td>
                <td data-label=move || t(lang.get(), Text::ColumnReassignmentsLeft) data-testid="reassignments-left">{move || left.map(|n| n.to_string()).unwrap_or_else(|| t(lang.get(), Text::NotApplicable).to_string())}</td>
                <td class="pb-expand-col">
                    <ExpandButton id=id base=BASE expanded=expanded controls=details_id.clone() name=move || t(lang.get(), name).to_string() />
                </td>
            </tr>
            <tr class="pb-details-row" id=details_id.clone() hidden=move || !is_open()>
                <td colspan="9">{details}</td>
            </tr>
        </tbody>
    }
}

/// Assign (no holder) or transfer and remove (held), each checked before it can be clicked.
#[component]
fn CreditDetails(credit: AzureCredit, ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let Some(actor) = session.me.get_untracked().map(|m| m.user) else {
        return ().into_any();
    };
    let now = data.now();
    let pending = data.pending;
    let version = Some(credit.version);
    let id = credit.id;
    let place = Place::Benefit(Target {
        kind: BenefitKind::AzureCredit,
        id,
    });
    let run = move |command: Command| data.act(command, version);
    let holder = credit.holder.as_ref().map(|h| h.user);
    let candidates: Vec<User> = ws
        .directory
        .iter()
        .filter(|u| Some(u.id) != holder)
        .cloned()
        .collect();
    let directory = StoredValue::new(ws.directory.clone());
    let credits = StoredValue::new(ws.credits.clone());
    let stored = StoredValue::new(credit.clone());
    let actor = StoredValue::new(actor);

    if holder.is_none() {
        let may = actor.with_value(|a| {
            directory.with_value(|d| check_may_assign_azure_credit(&credit, a, d, now).err())
        });
        let check = Callback::new(move |user: UserId| {
            actor.with_value(|a| {
                directory.with_value(|d| {
                    credits.with_value(|c| {
                        stored.with_value(|s| check_assign_azure_credit(s, a, d, c, user, now).err())
                    })
                })
            })
        });
        let submit = Callback::new(move |user_id: UserId| {
            run(Command::AssignAzureCredit {
                credit_id: id,
                user_id,
            })
        });
        view! {
            <div class="pb-details" data-testid=format!("credit-details-{id}")>
                <UserPickAction
                    id=format!("credit-assign-{id}")
                    label=Text::SelectUser
                    button=Text::AssignUser
                    users=candidates
                    may=may
                    check=check
                    submit=submit
                    pending=pending
                />
                <ActionError place=place />
            </div>
        }
        .into_any()
    } else {
        let may = actor.with_value(|a| {
            directory.with_value(|d| check_may_transfer_azure_credit(&credit, a, d, now).err())
        });
        let check = Callback::new(move |user: UserId| {
            actor.with_value(|a| {
                directory.with_value(|d| {
                    credits.with_value(|c| {
                        stored.with_value(|s| check_transfer_azure_credit(s, a, d, c, user, now).err())
                    })
                })
            })
        });
        let submit = Callback::new(move |user_id: UserId| {
            run(Command::TransferAzureCredit {
                credit_id: id,
                user_id,
            })
        });
        let remove_refusal = actor
            .with_value(|a| directory.with_value(|d| check_remove_azure_credit(&credit, a, d, now).err()));
        let remove_blocked = remove_refusal.is_some();
        let remove_reason = move || remove_refusal.as_ref().map(|v| v.message(lang.get()));
        // The credit's facts first: who holds it since when, redeemed or not, and for a
        // bulk credit until when it may change hands (AZ-4).
        let holder_name = credit.holder.as_ref().map(|h| {
            let name = ws
                .directory
                .iter()
                .find(|u| u.id == h.user)
                .map(|u| u.display_name.clone())
                .unwrap_or_else(|| format!("#{}", h.user.0));
            (name, h.assigned_at.date_naive())
        });
        let (redeemed, enrolment_ends, bulk) = (
            credit.redeemed,
            credit.enrolment_year_ends_on,
            credit.kind == benefits_domain::azure::CreditKind::Bulk,
        );
        view! {
            <div class="pb-details" data-testid=format!("credit-details-{id}")>
                <dl class="pb-facts" data-testid="credit-facts">
                    {holder_name.map(|(name, since)| view! {
                        <div><dt>{move || t(lang.get(), Text::ColumnUser)}</dt><dd>{name}</dd></div>
                        <div><dt>{move || t(lang.get(), Text::AssignedOn)}</dt><dd>{move || lang.get().format_date(since)}</dd></div>
                    })}
                    <div><dt>{move || t(lang.get(), Text::Redeemed)}</dt>
                        <dd>{move || t(lang.get(), if redeemed { Text::Yes } else { Text::No })}</dd></div>
                    {bulk.then(|| view! {
                        <div><dt>{move || t(lang.get(), Text::EnrolmentYearEnds)}</dt>
                            <dd>{move || lang.get().format_date(enrolment_ends)}</dd></div>
                    })}
                </dl>
                <UserPickAction
                    id=format!("credit-transfer-{id}")
                    label=Text::TransferTo
                    button=Text::Transfer
                    users=candidates
                    may=may
                    check=check
                    submit=submit
                    pending=pending
                />
                <div class="pb-assign">
                    <button
                        type="button"
                        class="pb-secondary"
                        data-testid="remove-button"
                        disabled=move || remove_blocked || pending.get()
                        aria-describedby=format!("credit-remove-reason-{id}")
                        on:click=move |_| run(Command::RemoveAzureCredit { credit_id: id })
                    >
                        {move || t(lang.get(), Text::RemoveUser)}
                    </button>
                </div>
                <p class="pb-reason" id=format!("credit-remove-reason-{id}") data-testid="remove-reason">{remove_reason}</p>
                <ActionError place=place />
            </div>
        }
        .into_any()
    }
}
