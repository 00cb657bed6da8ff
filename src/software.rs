//! Software benefits: "Get keys" (SW-1, ROLE-3), language and operating system → download
//! links (SW-2, SW-3), activations used of the maximum (SW-4).

use crate::components::{ActionError, Breadcrumbs, ExpandButton};
use crate::data::{use_workspace, Place};
use crate::i18n::{t, Text};
use crate::list::{Cell, ListControls, SearchBox, SortHeader};
use crate::session::use_session;
use benefits_domain::history::BenefitKind;
use benefits_domain::software::{check_get_keys, OperatingSystem, SoftwareKey};
use benefits_domain::wire::{SoftwareRow, WorkspaceView};
use benefits_domain::workspace::{Command, Effect, Target};
use benefits_domain::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

const BASE: &str = "/benefits/software";

/// The keys "Get keys" returned, with the benefit they belong to.
#[derive(Clone, Copy)]
struct RevealedKeys(RwSignal<Option<(i64, Vec<SoftwareKey>)>>);

#[component]
pub fn SoftwarePage() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    let location = crate::routing::use_location();
    // The expanded row is the ID in the URL (`/benefits/…/<id>`).
    let expanded = Memo::new(move |_| location.page().1);
    // Revealed keys live here, above the list, so reloading the list doesn't drop them;
    // they are never stored anywhere else in the browser.
    let revealed = RwSignal::new(None::<(i64, Vec<SoftwareKey>)>);
    provide_context(RevealedKeys(revealed));
    let controls = ListControls::new();
    view! {
        <Breadcrumbs current=Text::AreaSoftware />
        <h1>{move || t(lang.get(), Text::AreaSoftware)}</h1>
        {move || match data.view.get() {
            None => view! { <p class="pb-loading" aria-busy="true">{move || t(lang.get(), Text::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="pb-error" role="alert">{e.body.message}</p> }.into_any(),
            Some(Ok(ws)) => view! { <SoftwareTable ws=ws expanded=expanded controls=controls /> }.into_any(),
        }}
    }
}

#[component]
fn SoftwareTable(
    ws: Arc<WorkspaceView>,
    expanded: Memo<Option<i64>>,
    controls: ListControls,
) -> impl IntoView {
    let lang = use_session().lang;
    let ws = StoredValue::new(ws);
    let rows = move || {
        let l = lang.get();
        ws.with_value(|ws| {
            controls
                .apply(ws.software.clone(), |b| software_cells(b, l))
                .into_iter()
                .map(|b| view! { <SoftwareRowView benefit=b ws=ws.clone() expanded=expanded /> })
                .collect_view()
        })
    };
    view! {
        <SearchBox controls=controls />
        <div class="pb-table-scroll">
            <table class="pb-table">
                <caption>{move || t(lang.get(), Text::SoftwareCaption)}</caption>
                <thead>
                    <tr>
                        <SortHeader controls=controls column=0 label=Text::ColumnProduct />
                        <SortHeader controls=controls column=1 label=Text::ColumnQuantity />
                        <SortHeader controls=controls column=2 label=Text::ColumnOffer />
                        <SortHeader controls=controls column=3 label=Text::ColumnBenefitType />
                        <SortHeader controls=controls column=4 label=Text::ColumnExpires />
                        <SortHeader controls=controls column=5 label=Text::ColumnActivations />
                        <th scope="col" class="pb-expand-col">
                            <span class="pb-visually-hidden">{move || t(lang.get(), Text::ShowDetails)}</span>
                        </th>
                    </tr>
                </thead>
                {rows}
            </table>
        </div>
    }
}

/// SW-4's activations used over all the benefit's keys, and their maximum.
fn activations(benefit: &SoftwareRow) -> (u32, u32) {
    let used = benefit.activations.iter().map(|a| a.used()).sum();
    let maximum = benefit.activations.iter().map(|a| a.maximum()).sum();
    (used, maximum)
}

/// The columns in the table's order, for search and sort (NAV-3).
fn software_cells(benefit: &SoftwareRow, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::text(benefit.product.clone()),
        Cell::Number(benefit.quantity.into()),
        Cell::text(benefit.offer.label()),
        Cell::text(benefit.benefit_type.label(lang)),
        Cell::Date(benefit.expires_on),
        Cell::Number(activations(benefit).0.into()),
    ]
}

#[component]
fn SoftwareRowView(
    benefit: SoftwareRow,
    ws: Arc<WorkspaceView>,
    expanded: Memo<Option<i64>>,
) -> impl IntoView {
    let lang = use_session().lang;
    let id = benefit.id;
    let is_open = move || expanded.get() == Some(id);
    let (used, maximum) = activations(&benefit);
    let product = benefit.product.clone();
    let (quantity, offer, benefit_type, expires_on) = (
        benefit.quantity,
        benefit.offer.label(),
        benefit.benefit_type,
        benefit.expires_on,
    );
    let details_id = format!("software-details-{id}");
    let details = {
        let benefit = benefit.clone();
        move || is_open().then(|| view! { <SoftwareDetails benefit=benefit.clone() ws=ws.clone() /> })
    };
    let label_product = product.clone();
    view! {
        <tbody class="pb-row-group" data-testid=format!("software-row-{id}")>
            <tr class:pb-row-open=is_open>
                <th scope="row">{product}</th>
                <td data-label=move || t(lang.get(), Text::ColumnQuantity)>{quantity}</td>
                <td data-label=move || t(lang.get(), Text::ColumnOffer)>{offer}</td>
                <td data-label=move || t(lang.get(), Text::ColumnBenefitType)>{move || benefit_type.label(lang.get())}</td>
                <td data-label=move || t(lang.get(), Text::ColumnExpires)>{move || lang.get().format_date(expires_on)}</td>
                <td data-label=move || t(lang.get(), Text::ColumnActivations) data-testid="activations">{format!("{used} / {maximum}")}</td>
                <td class="pb-expand-col">
                    <ExpandButton id=id base=BASE expanded=expanded controls=details_id.clone() name=label_product.clone() />
                </td>
            </tr>
            <tr class="pb-details-row" id=details_id.clone() hidden=move || !is_open()>
                <td colspan="7">{details}</td>
            </tr>
        </tbody>
    }
}

#[component]
fn SoftwareDetails(benefit: SoftwareRow, ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let id = benefit.id;
    let refusal = session
        .me
        .get_untracked()
        .and_then(|me| check_get_keys(benefit.expires_on, &me.user, &ws.directory, data.now()).err());
    let blocked = refusal.is_some();
    let reason = move || refusal.as_ref().map(|v| v.message(lang.get()));
    let RevealedKeys(revealed) = expect_context::<RevealedKeys>();
    let pending = data.pending;
    let get_keys = move |_| {
        spawn_local(async move {
            let command = Command::RevealSoftwareKeys { benefit_id: id };
            if let Ok(response) = data.run(command, None, Text::KeysRevealedToast).await {
                if let Effect::KeysRevealed { keys } = response.effect {
                    revealed.set(Some((id, keys)));
                }
            }
        });
    };
    let instructions = benefit.special_instructions.clone();
    let languages = benefit.download_languages();
    let has_downloads = !languages.is_empty();
    let chosen_language = RwSignal::new(languages.first().cloned().unwrap_or_default());
    let chosen_os = RwSignal::new(None::<OperatingSystem>);
    let stored = StoredValue::new(benefit);
    let systems = move || stored.with_value(|b| b.operating_systems_for(&chosen_language.get()));
    let links = move || {
        let os = chosen_os.get().or_else(|| systems().first().copied());
        stored.with_value(|b| {
            b.downloads
                .iter()
                .filter(|d| d.language == chosen_language.get() && Some(d.os) == os)
                .map(|d| view! { <li><a href=d.url.clone()>{d.file_name.clone()}</a></li> })
                .collect_view()
        })
    };
    let reached = stored.with_value(|b| b.activations.iter().any(|a| a.used() >= a.maximum()));
    view! {
        <div class="pb-details" data-testid=format!("software-details-{id}")>
            {instructions.map(|text| view! {
                <p><strong>{move || t(lang.get(), Text::SpecialInstructions)}": "</strong>
                    {move || benefits_domain::membership::instructions_in(&text, lang.get()).to_string()}</p>
            })}
            {reached.then(|| view! { <p class="pb-reason">{move || t(lang.get(), Text::MaximumActivations)}</p> })}
            <div class="pb-assign">
                <button
                    type="button"
                    class="pb-primary"
                    data-testid="get-keys"
                    disabled=move || blocked || pending.get()
                    aria-describedby=format!("software-reason-{id}")
                    on:click=get_keys
                >
                    {move || t(lang.get(), Text::GetKeys)}
                </button>
            </div>
            <p class="pb-reason" id=format!("software-reason-{id}") data-testid="action-reason">{reason}</p>
            <ActionError place=Place::Benefit(Target { kind: BenefitKind::Software, id }) />
            {move || revealed.get().filter(|(benefit, _)| *benefit == id).map(|(_, keys)| view! {
                <div class="pb-keys" data-testid="keys">
                    <h2>{move || t(lang.get(), Text::ProductKeys)}</h2>
                    <ul>
                        {keys.into_iter().map(|k| view! {
                            <li><code>{k.key.as_str().to_string()}</code>" · "{format!("{} / {}", k.activations.used(), k.activations.maximum())}</li>
                        }).collect_view()}
                    </ul>
                    <p class="pb-hint">{move || t(lang.get(), Text::KeysShownOnce)}</p>
                </div>
            })}
            <h2>{move || t(lang.get(), Text::Downloads)}</h2>
            {if has_downloads {
                view! {
                    <div class="pb-assign">
                        <label for=format!("software-language-{id}")>{move || t(lang.get(), Text::ProductLanguage)}</label>
                        <select
                            id=format!("software-language-{id}")
                            on:change=move |ev| {
                                chosen_language.set(event_target_value(&ev));
                                chosen_os.set(None);
                            }
                        >
                            {languages.iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
                        </select>
                        <label for=format!("software-os-{id}")>{move || t(lang.get(), Text::OperatingSystem)}</label>
                        <select
                            id=format!("software-os-{id}")
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                chosen_os.set(systems().into_iter().find(|os| os.name() == value));
                            }
                        >
                            {move || systems().into_iter().map(|os| view! { <option value=os.name()>{os.name()}</option> }).collect_view()}
                        </select>
                    </div>
                    <ul class="pb-links" data-testid="download-links">{links}</ul>
                }
                .into_any()
            } else {
                view! { <p data-testid="no-downloads">{move || t(lang.get(), Text::NoFurtherDetails)}</p> }.into_any()
            }}
        </div>
    }
}
