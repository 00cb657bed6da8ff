//! Beyond Partner Center (RULES.md §8): who has what, bulk assignment from a CSV file,
//! and the audit log. Every view has its URL (filters in the query string).

use crate::api;
use crate::areas::Area;
use crate::components::{Breadcrumbs, Toasts};
use crate::data::use_workspace;
use crate::i18n::{t, Text};
use crate::list::{Cell, ListControls, ShowMore, SortHeader};
use crate::routing::{use_location, AppLocation};
use crate::session::use_session;
use benefits_domain::audit_text::{change_lines, subject_label};
use benefits_domain::benefit::Offer;
use benefits_domain::history::AUDIT_AREAS;
use benefits_domain::reports::{
    holdings, BulkVerdict, Holding, HoldingArea, HoldingQuery, HoldingStatus, ReportView,
};
use benefits_domain::wire::{AuditQuery, BulkAssignmentResult};
use benefits_domain::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

pub const WHO_HAS_WHAT: &str = "/tracking/who-has-what";
pub const BULK: &str = "/tracking/bulk";
pub const AUDIT: &str = "/tracking/audit";
pub const INSIGHTS: &str = "/tracking/insights";

/// The tracking pages, for the navigation and the Benefits home.
pub const PAGES: [(&str, Text, Text); 4] = [
    (WHO_HAS_WHAT, Text::WhoHasWhat, Text::WhoHasWhatBlurb),
    (BULK, Text::BulkAssignment, Text::BulkBlurb),
    (AUDIT, Text::AuditLog, Text::AuditBlurb),
    (INSIGHTS, Text::Insights, Text::InsightsBlurb),
];

/// Replaces the page's query string (no new history entry per keystroke).
fn go(location: &AppLocation, path: &str, query: String) {
    let target = if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    };
    location.navigate(&target, true);
}

/// A `<select>` of a filter: "All" or one of `options` (value, label).
fn filter_select(
    id: &'static str,
    label: Text,
    lang: RwSignal<Lang>,
    options: Vec<(String, String)>,
    current: Signal<String>,
    on_pick: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="pb-filter" for=id>
            {move || t(lang.get(), label)}
            <select id=id on:change=move |ev| on_pick(event_target_value(&ev))>
                <option value="" selected=move || current.get().is_empty()>
                    {move || t(lang.get(), Text::AnyValue)}
                </option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let v = value.clone();
                        view! {
                            <option value=value selected=move || current.get() == v>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The columns of "who has what", for search and sort.
fn holding_cells(h: &Holding, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::text(h.person.clone()),
        Cell::text(h.email.clone()),
        Cell::text(h.area.label(lang)),
        Cell::text(h.benefit.clone()),
        Cell::text(h.offer.label()),
        Cell::text(h.status.label(lang)),
        h.since.map(|s| Cell::Date(s.date_naive())).unwrap_or(Cell::Empty),
        h.expires_on.map(Cell::Date).unwrap_or(Cell::Empty),
    ]
}

#[component]
pub fn WhoHasWhatPage() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    let location = use_location();
    let query = Memo::new(move |_| {
        let pairs: Vec<(&str, String)> = ["by", "area", "offer", "status", "expires_within", "q"]
            .into_iter()
            .filter_map(|key| location.query_param(key).map(|v| (key, v)))
            .collect();
        HoldingQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    });
    let set = move |change: &dyn Fn(&mut HoldingQuery)| {
        let mut q = query.get_untracked();
        change(&mut q);
        go(&location, WHO_HAS_WHAT, q.to_query_string());
    };
    let set = StoredValue::new_local(set);
    let controls = ListControls::new();
    // Only the sort is the list's own; the search lives in the URL with the filters.
    let rows = Memo::new(move |_| {
        let now = data.now();
        data.view.with(|v| match v {
            Some(Ok(view)) => query.with(|q| q.select(holdings(view, now, lang.get()), now.date_naive())),
            _ => Vec::new(),
        })
    });
    // Sorted by the column the user picked; only a page of it is in the DOM.
    let sorted = Memo::new(move |_| {
        let l = lang.get();
        controls.apply(rows.get(), |h| holding_cells(h, l))
    });
    let area_options = move || {
        HoldingArea::ALL
            .into_iter()
            .map(|a| (a.key().to_string(), a.label(lang.get()).to_string()))
            .collect::<Vec<_>>()
    };
    let status_options = move || {
        HoldingStatus::ALL
            .into_iter()
            .map(|s| (s.key().to_string(), s.label(lang.get()).to_string()))
            .collect::<Vec<_>>()
    };
    let offer_options = Offer::ALL
        .into_iter()
        .map(|o| (o.key().to_string(), o.label().to_string()))
        .collect::<Vec<_>>();
    let window_options = move || {
        [0u32, 15, 30, 60, 90]
            .into_iter()
            .map(|d| (d.to_string(), format!("{d} {}", t(lang.get(), Text::Days))))
            .collect::<Vec<_>>()
    };
    let api = api::use_api();
    let export = move || api.csv_url("/reports/holdings.csv", &query.get().to_query_string());
    let by_benefit = move || query.get().by == ReportView::Benefit;
    view! {
        <Breadcrumbs current=Text::WhoHasWhat />
        <h1>{move || t(lang.get(), Text::WhoHasWhat)}</h1>
        <div class="pb-filters" data-testid="report-filters">
            <div class="pb-nav-mode" role="group" aria-label=move || t(lang.get(), Text::ReportBy)>
                <button type="button" class="pb-segment" aria-pressed=move || (!by_benefit()).to_string()
                    on:click=move |_| set.with_value(|set| set(&|q| q.by = ReportView::Person))>
                    {move || t(lang.get(), Text::ByPerson)}
                </button>
                <button type="button" class="pb-segment" aria-pressed=move || by_benefit().to_string()
                    on:click=move |_| set.with_value(|set| set(&|q| q.by = ReportView::Benefit))>
                    {move || t(lang.get(), Text::ByBenefit)}
                </button>
            </div>
            <label class="pb-filter">
                {move || t(lang.get(), Text::Search)}
                <input type="search" data-testid="report-search" prop:value=move || query.get().q
                    on:input=move |ev| {
                        let q = event_target_value(&ev);
                        set.with_value(|set| set(&|query| query.q = q.clone()));
                    } />
            </label>
            {move || filter_select("report-area", Text::ColumnArea, lang, area_options(),
                Signal::derive(move || query.get().area.map(|a| a.key().to_string()).unwrap_or_default()),
                move |v| set.with_value(|set| set(&|q| q.area = HoldingArea::from_key(&v))))}
            {filter_select("report-offer", Text::ColumnOffer, lang, offer_options.clone(),
                Signal::derive(move || query.get().offer.map(|o| o.key().to_string()).unwrap_or_default()),
                move |v| set.with_value(|set| set(&|q| q.offer = Offer::from_key(&v))))}
            {move || filter_select("report-status", Text::ColumnStatus, lang, status_options(),
                Signal::derive(move || query.get().status.map(|s| s.key().to_string()).unwrap_or_default()),
                move |v| set.with_value(|set| set(&|q| q.status = HoldingStatus::from_key(&v))))}
            {move || filter_select("report-window", Text::ExpiresWithin, lang, window_options(),
                Signal::derive(move || query.get().expires_within.map(|d| d.to_string()).unwrap_or_default()),
                move |v| set.with_value(|set| set(&|q| q.expires_within = v.parse().ok())))}
            <a class="pb-button-link" href=export download="who-has-what.csv" data-testid="export-csv">
                {move || t(lang.get(), Text::ExportCsv)}
            </a>
        </div>
        <p data-testid="row-count">{move || format!("{} {}", rows.with(Vec::len), t(lang.get(), Text::RowsShown))}</p>
        <div class="pb-table-scroll">
            <table class="pb-table" data-testid="who-has-what">
                <caption>{move || t(lang.get(), Text::WhoHasWhat)}</caption>
                <thead>
                    <tr>
                        <SortHeader controls=controls column=0 label=Text::ColumnPerson />
                        <SortHeader controls=controls column=1 label=Text::ColumnEmail />
                        <SortHeader controls=controls column=2 label=Text::ColumnArea />
                        <SortHeader controls=controls column=3 label=Text::ColumnBenefit />
                        <SortHeader controls=controls column=4 label=Text::ColumnOffer />
                        <SortHeader controls=controls column=5 label=Text::ColumnStatus />
                        <SortHeader controls=controls column=6 label=Text::ColumnSince />
                        <SortHeader controls=controls column=7 label=Text::ColumnExpires />
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let l = lang.get();
                        sorted
                            .with(|all| controls.page(all))
                            .into_iter()
                            .map(|h| {
                                let since = h.since.map(|s| l.format_date(s.date_naive())).unwrap_or_default();
                                let ends = h.expires_on.map(|d| l.format_date(d)).unwrap_or_default();
                                view! {
                                    <tr>
                                        <th scope="row">{h.person.clone()}</th>
                                        <td data-label=t(l, Text::ColumnEmail)>{h.email.clone()}</td>
                                        <td data-label=t(l, Text::ColumnArea)>{h.area.label(l)}</td>
                                        <td data-label=t(l, Text::ColumnBenefit)>{format!("{} · {}", h.benefit, h.benefit_id)}</td>
                                        <td data-label=t(l, Text::ColumnOffer)>{h.offer.label()}</td>
                                        <td data-label=t(l, Text::ColumnStatus)>{h.status.label(l)}</td>
                                        <td data-label=t(l, Text::ColumnSince)>{since}</td>
                                        <td data-label=t(l, Text::ColumnExpires)>{ends}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            {move || rows.with(Vec::is_empty).then(|| view! { <p>{move || t(lang.get(), Text::NothingHeld)}</p> })}
        </div>
        <ShowMore controls=controls total=Signal::derive(move || rows.with(Vec::len)) />
    }
}

/// Bulk assignment: pick a file, see a verdict per row (nothing written), then carry out
/// the OK rows in one go.
#[component]
pub fn BulkAssignmentPage() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    let toasts = use_context::<Toasts>();
    let api = api::use_api();
    let file = RwSignal::new_local(None::<web_sys::File>);
    let checked = RwSignal::new(None::<BulkAssignmentResult>);
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
            match api.bulk_assignment(&chosen, dry_run, l).await {
                Ok(result) => {
                    if !dry_run {
                        if let Some(toasts) = toasts {
                            toasts.success(format!("{} {}", t(l, Text::BulkApplied), result.applied));
                        }
                        data.load();
                    }
                    checked.set(Some(result));
                }
                Err(e) => {
                    if let Some(toasts) = toasts {
                        toasts.failure(e.body.message.clone());
                    }
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
                    .filter(|l| matches!(l.verdict, BulkVerdict::Ok { .. }))
                    .count()
            })
        })
    };
    let dry = move || checked.with(|c| c.as_ref().is_some_and(|c| c.dry_run));
    view! {
        <Breadcrumbs current=Text::BulkAssignment />
        <h1>{move || t(lang.get(), Text::BulkAssignment)}</h1>
        <form class="pb-form" on:submit=move |ev| { ev.prevent_default(); send(true); }>
            <label for="bulk-file">{move || t(lang.get(), Text::CsvFile)}" "<code>"email, area, benefit"</code></label>
            <input id="bulk-file" type="file" accept=".csv,text/csv" aria-describedby="bulk-hint bulk-error"
                on:change=move |ev| {
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    file.set(input.files().and_then(|files| files.get(0)));
                    checked.set(None);
                    error.set(None);
                } />
            <p class="pb-hint" id="bulk-hint">
                {move || t(lang.get(), Text::CsvColumn)}" "<code>"area"</code>": "<code>"azure_credit"</code>" "
                {move || t(lang.get(), Text::CsvOr)}" "<code>"visual_studio"</code>". "
                {move || t(lang.get(), Text::CsvColumn)}" "<code>"benefit"</code>": "{move || t(lang.get(), Text::CsvBenefitMeaning)}". "
                {move || t(lang.get(), Text::CsvLimits)}
            </p>
            <p class="pb-error" role="alert" id="bulk-error" data-testid="bulk-error">{move || error.get()}</p>
            <button type="submit" class="pb-primary" disabled=move || file.with(Option::is_none) || pending.get()>
                {move || t(lang.get(), if pending.get() { Text::Saving } else { Text::CheckFile })}
            </button>
        </form>
        {move || checked.get().map(|result| {
            let l = lang.get();
            let refused = result.lines.len() - ok_rows();
            view! {
                <p role="status" data-testid="bulk-summary">
                    {format!("{} {} · {} {}", ok_rows(), t(l, Text::RowsOk), refused, t(l, Text::RowsRefused))}
                    {if result.dry_run {
                        format!(" · {}", t(l, Text::DryRunNothingWritten))
                    } else {
                        format!(" · {} {}", t(l, Text::BulkApplied), result.applied)
                    }}
                </p>
                <div class="pb-table-scroll">
                    <table class="pb-table" data-testid="bulk-verdicts">
                        <caption>{t(l, Text::ColumnVerdict)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t(l, Text::ColumnLine)}</th>
                                <th scope="col">{t(l, Text::ColumnEmail)}</th>
                                <th scope="col">{t(l, Text::ColumnArea)}</th>
                                <th scope="col">{t(l, Text::ColumnBenefit)}</th>
                                <th scope="col">{t(l, Text::ColumnVerdict)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {result.lines.into_iter().map(|line| {
                                // The message only; its code (the rule ID) stays machine-readable.
                                let (ok, verdict, code) = match &line.verdict {
                                    BulkVerdict::Ok { .. } => (true, t(l, Text::VerdictOk).to_string(), None),
                                    BulkVerdict::Refused { code, message } => (false, message.clone(), Some(code.clone())),
                                };
                                let area = HoldingArea::from_key(line.row.area.trim())
                                    .map(|a| a.label(l).to_string())
                                    .unwrap_or_else(|| line.row.area.clone());
                                view! {
                                    <tr data-testid=format!("bulk-line-{}", line.row.line) class:pb-refused=!ok>
                                        <th scope="row">{line.row.line}</th>
                                        <td data-label=t(l, Text::ColumnEmail)>{line.row.email.clone()}</td>
                                        <td data-label=t(l, Text::ColumnArea)>{area}</td>
                                        <td data-label=t(l, Text::ColumnBenefit)>{line.row.benefit.clone()}</td>
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
            <button type="button" class="pb-primary" data-testid="apply-bulk" disabled=move || pending.get()
                on:click=move |_| send(false)>
                {move || format!("{} ({})", t(lang.get(), Text::ApplyOkRows), ok_rows())}
            </button>
        </Show>
    }
}

fn area_text(slug: &str) -> Text {
    Area::from_slug(slug)
        .map(Area::title)
        .unwrap_or(Text::AreaAccount)
}

/// The audit log's action names in the user's language.
pub fn action_text(action: &str) -> Option<Text> {
    Some(match action {
        "reveal_software_keys" => Text::ActionRevealSoftwareKeys,
        "assign_azure_credit" => Text::ActionAssignAzureCredit,
        "remove_azure_credit" => Text::ActionRemoveAzureCredit,
        "transfer_azure_credit" => Text::ActionTransferAzureCredit,
        "redeem_product_key" => Text::ActionRedeemProductKey,
        "request_replacement_key" => Text::ActionRequestReplacementKey,
        "assign_visual_studio_subscriber" => Text::ActionAssignVisualStudio,
        "reassign_visual_studio_subscriber" => Text::ActionReassignVisualStudio,
        "activate_product_support" => Text::ActionActivateSupport,
        "submit_advisory_request" => Text::ActionSubmitAdvisory,
        "set_marketing_contact" => Text::ActionSetMarketingContact,
        "activate_go_to_market_offer" => Text::ActionActivateGoToMarket,
        "request_cancellation" => Text::ActionRequestCancellation,
        "add_user" => Text::ActionAddUser,
        "set_roles" => Text::ActionSetRoles,
        "reset_password" => Text::ActionResetPassword,
        "change_password" => Text::ActionChangePassword,
        "remove_user" => Text::ActionRemoveUser,
        "record_support_confirmation" => Text::ActionRecordSupport,
        "record_go_to_market_activation" => Text::ActionRecordGoToMarket,
        "renew_offer" => Text::ActionRenewOffer,
        "add_offer" => Text::ActionAddOffer,
        "set_credit_equivalent" => Text::ActionSetCreditEquivalent,
        "create_company" => Text::ActionCreateCompany,
        "import_inventory" => Text::ActionImportInventory,
        _ => return None,
    })
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    let location = use_location();
    let query = Memo::new(move |_| {
        let p = |key: &str| location.query_param(key);
        AuditQuery {
            person: p("person").and_then(|v| v.parse().ok()),
            area: p("area").filter(|a| !a.is_empty()),
            from: p("from").and_then(|v| v.parse().ok()),
            to: p("to").and_then(|v| v.parse().ok()),
            page: p("page").and_then(|v| v.parse().ok()),
            per_page: None,
        }
    });
    let set = move |change: &dyn Fn(&mut AuditQuery), keep_page: bool| {
        let mut q = query.get_untracked();
        change(&mut q);
        if !keep_page {
            q.page = None;
        }
        let mut s = q.filter_string();
        if q.page() > 1 {
            s = if s.is_empty() {
                format!("page={}", q.page())
            } else {
                format!("{s}&page={}", q.page())
            };
        }
        go(&location, AUDIT, s);
    };
    let set = StoredValue::new_local(set);
    let api = api::use_api();
    let page = LocalResource::new(move || {
        let q = query.get();
        let l = lang.get();
        async move { api.audit(&q, l).await }
    });
    let people = move || {
        data.view.with(|v| match v {
            Some(Ok(view)) => view
                .directory
                .iter()
                .map(|u| (u.id.0.to_string(), u.display_name.clone()))
                .collect(),
            _ => Vec::new(),
        })
    };
    let areas = move || {
        AUDIT_AREAS
            .into_iter()
            .map(|slug| (slug.to_string(), t(lang.get(), area_text(slug)).to_string()))
            .collect::<Vec<_>>()
    };
    let date_input = move |id: &'static str,
                           label: Text,
                           value: Signal<String>,
                           apply: fn(&mut AuditQuery, Option<chrono::NaiveDate>)| {
        view! {
            <label class="pb-filter" for=id>
                {move || t(lang.get(), label)}
                <input id=id type="date" prop:value=move || value.get()
                    on:change=move |ev| {
                        let date = event_target_value(&ev).parse().ok();
                        set.with_value(|set| set(&|q| apply(q, date), false));
                    } />
            </label>
        }
    };
    let export = move || api.csv_url("/audit.csv", &query.get().filter_string());
    view! {
        <Breadcrumbs current=Text::AuditLog />
        <h1>{move || t(lang.get(), Text::AuditLog)}</h1>
        <div class="pb-filters" data-testid="audit-filters">
            {move || filter_select("audit-person", Text::ColumnWho, lang, people(),
                Signal::derive(move || query.get().person.map(|p| p.to_string()).unwrap_or_default()),
                move |v| set.with_value(|set| set(&|q| q.person = v.parse().ok(), false)))}
            {move || filter_select("audit-area", Text::ColumnArea, lang, areas(),
                Signal::derive(move || query.get().area.unwrap_or_default()),
                move |v| set.with_value(|set| set(&|q| q.area = Some(v.clone()).filter(|a| !a.is_empty()), false)))}
            {date_input("audit-from", Text::FromDate,
                Signal::derive(move || query.get().from.map(|d| d.to_string()).unwrap_or_default()),
                |q, d| q.from = d)}
            {date_input("audit-to", Text::ToDate,
                Signal::derive(move || query.get().to.map(|d| d.to_string()).unwrap_or_default()),
                |q, d| q.to = d)}
            <a class="pb-button-link" href=export download="audit-log.csv" data-testid="export-csv">
                {move || t(lang.get(), Text::ExportCsv)}
            </a>
        </div>
        {move || match page.get() {
            None => view! { <p class="pb-loading" aria-busy="true">{move || t(lang.get(), Text::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="pb-error" role="alert">{e.body.message}</p> }.into_any(),
            Some(Ok(found)) => {
                let l = lang.get();
                let pages = found.total.div_ceil(u64::from(found.per_page)).max(1);
                let current = found.page;
                let empty = found.entries.is_empty();
                let former = found.former_users;
                view! {
                    <div class="pb-table-scroll">
                        <table class="pb-table" data-testid="audit-log">
                            <caption>{t(l, Text::AuditLog)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t(l, Text::ColumnWhen)}</th>
                                    <th scope="col">{t(l, Text::ColumnWho)}</th>
                                    <th scope="col">{t(l, Text::ColumnArea)}</th>
                                    <th scope="col">{t(l, Text::ColumnAction)}</th>
                                    <th scope="col">{t(l, Text::ColumnBenefit)}</th>
                                    <th scope="col">{t(l, Text::ColumnChange)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {found.entries.into_iter().map(|e| {
                                    let when = format!("{} {} UTC", l.format_date(e.at.date_naive()), e.at.format("%H:%M"));
                                    let action = action_text(&e.action).map(|a| t(l, a).to_string()).unwrap_or_else(|| e.action.clone());
                                    let name_of = |id: benefits_domain::UserId| {
                                        data.view.with_untracked(|v| match v {
                                            Some(Ok(ws)) => ws.directory.iter().find(|u| u.id == id).map(|u| u.display_name.clone()),
                                            _ => None,
                                        })
                                        .or_else(|| former.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()))
                                    };
                                    let snapshot = e.after.as_ref().or(e.before.as_ref());
                                    let subject = subject_label(&e.subject, snapshot, l, &name_of);
                                    let lines = change_lines(e.before.as_ref(), e.after.as_ref(), l, &name_of);
                                    view! {
                                        <tr>
                                            <td data-label=t(l, Text::ColumnWhen)>{when}</td>
                                            <th scope="row">{e.actor_name.clone()}</th>
                                            <td data-label=t(l, Text::ColumnArea)>{t(l, area_text(&e.area))}</td>
                                            <td data-label=t(l, Text::ColumnAction) data-testid="audit-action">{action}</td>
                                            <td data-label=t(l, Text::ColumnBenefit) data-testid="audit-subject">{subject}</td>
                                            <td data-label=t(l, Text::ColumnChange)>
                                                <ul class="pb-change-list" data-testid="audit-change">
                                                    {lines.into_iter().map(|c| view! {
                                                        <li><span class="pb-change-field">{c.field}": "</span>{c.before}" → "{c.after}</li>
                                                    }).collect_view()}
                                                </ul>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {empty.then(|| view! { <p>{t(l, Text::NoEntries)}</p> })}
                    </div>
                    <nav class="pb-pager" aria-label=t(l, Text::PageLabel)>
                        <button type="button" class="pb-secondary" disabled={current <= 1}
                            on:click=move |_| set.with_value(|set| set(&|q| q.page = Some(current - 1), true))>
                            {t(l, Text::PreviousPage)}
                        </button>
                        <span data-testid="page">{format!("{} {current} {} {pages}", t(l, Text::PageLabel), t(l, Text::OfTotal))}</span>
                        <button type="button" class="pb-secondary" disabled={u64::from(current) >= pages}
                            on:click=move |_| set.with_value(|set| set(&|q| q.page = Some(current + 1), true))>
                            {t(l, Text::NextPage)}
                        </button>
                    </nav>
                }.into_any()
            }
        }}
    }
}

/// The input element an event came from.
fn event_target<T: JsCast>(ev: &leptos::ev::Event) -> T {
    ev.target().expect("an event has a target").unchecked_into()
}

#[component]
pub fn InsightsPage() -> impl IntoView {
    let lang = use_session().lang;
    let api = api::use_api();
    let series = LocalResource::new(move || {
        let l = lang.get();
        async move { api.insights(l).await }
    });
    view! {
        <Breadcrumbs current=Text::Insights />
        <h1>{move || t(lang.get(), Text::Insights)}</h1>
        <p class="pb-intro">{move || t(lang.get(), Text::InsightsBlurb)}</p>
        {move || match series.get() {
            None => view! { <p class="pb-loading" aria-busy="true">{move || t(lang.get(), Text::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="pb-error" role="alert">{e.body.message}</p> }.into_any(),
            Some(Ok(all)) => all
                .into_iter()
                .map(|s| view! { <AreaChart series=s /> })
                .collect_view()
                .into_any(),
        }}
    }
}

/// Chart geometry (SVG user units).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 36.0;
const BOTTOM: f64 = 36.0;
const TOP: f64 = 12.0;

/// Bars for one month: (x, allocated bar height, activated bar height), in SVG units.
pub fn bar_geometry(points: &[benefits_domain::insights::MonthPoint]) -> (u32, Vec<(f64, f64, f64)>) {
    let max = points
        .iter()
        .map(|p| p.allocated.max(p.activated))
        .max()
        .unwrap_or(0)
        .max(1);
    let slot = (WIDTH - LEFT) / points.len().max(1) as f64;
    let scale = (HEIGHT - BOTTOM - TOP) / f64::from(max);
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = LEFT + slot * i as f64 + slot * 0.15;
            (x, f64::from(p.allocated) * scale, f64::from(p.activated) * scale)
        })
        .collect();
    (max, bars)
}

/// One area: grouped bars (allocated, activated) per month as inline SVG, and the same
/// figures as a table for screen readers and anyone who prefers numbers.
#[component]
fn AreaChart(series: benefits_domain::insights::AreaSeries) -> impl IntoView {
    let lang = use_session().lang;
    let area = series.area;
    let points = series.points;
    let key = format!("{area:?}").to_lowercase();
    let title_id = format!("chart-{key}-title");
    let slot = (WIDTH - LEFT) / points.len().max(1) as f64;
    let bar = slot * 0.35;
    let base = HEIGHT - BOTTOM;
    let chart = {
        let points = points.clone();
        let title_id = title_id.clone();
        move || {
            let l = lang.get();
            let (max, bars) = bar_geometry(&points);
            let labels = points.iter().zip(&bars).enumerate().map(|(i, (p, (x, _, _)))| {
                // Every other month labelled, so they fit.
                (i % 2 == 0).then(|| view! {
                    <text x=x + bar fill="currentColor" y=HEIGHT - 12.0 text-anchor="middle" class="pb-chart-label">
                        {l.format_month(p.year, p.month)}
                    </text>
                })
            }).collect_view();
            let rects = bars.iter().map(|(x, allocated, activated)| view! {
                <rect class="pb-bar-allocated" x=*x y=base - allocated width=bar height=*allocated />
                <rect class="pb-bar-activated" x=x + bar y=base - activated width=bar height=*activated />
            }).collect_view();
            view! {
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="pb-chart" role="img" aria-labelledby=title_id.clone()>
                    <line x1=LEFT y1=base x2=WIDTH y2=base class="pb-chart-axis" />
                    <text x=LEFT - 6.0 y=TOP + 4.0 text-anchor="end" fill="currentColor" class="pb-chart-label">{max}</text>
                    <text x=LEFT - 6.0 y=base text-anchor="end" fill="currentColor" class="pb-chart-label">"0"</text>
                    {rects}
                    {labels}
                </svg>
            }
        }
    };
    let rows = points.clone();
    view! {
        <section class="pb-card pb-insight" data-testid=format!("insight-{key}")>
            <h2 id=title_id>{move || format!("{}: {} / {}", area.label(lang.get()), t(lang.get(), Text::Allocated), t(lang.get(), Text::Activated))}</h2>
            <div class="pb-insight-body">
                {chart}
                <p class="pb-legend" aria-hidden="true">
                    <span class="pb-key-allocated"></span>{move || t(lang.get(), Text::Allocated)}
                    " "
                    <span class="pb-key-activated"></span>{move || t(lang.get(), Text::Activated)}
                </p>
                <div class="pb-table-scroll">
                    <table class="pb-table" data-testid=format!("insight-table-{key}")>
                        <caption>{move || area.label(lang.get())}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{move || t(lang.get(), Text::Month)}</th>
                                <th scope="col">{move || t(lang.get(), Text::Allocated)}</th>
                                <th scope="col">{move || t(lang.get(), Text::Activated)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|p| view! {
                                <tr>
                                    <th scope="row">{move || lang.get().format_month(p.year, p.month)}</th>
                                    <td data-label=move || t(lang.get(), Text::Allocated)>{p.allocated}</td>
                                    <td data-label=move || t(lang.get(), Text::Activated)>{p.activated}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}
