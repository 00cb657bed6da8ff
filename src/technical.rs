//! Technical benefits: Microsoft product support (TS-1 … TS-7) and partner advisory hours
//! (PAH-1 … PAH-3), each action checked by the domain before it can be sent.

use crate::components::{ActionError, Breadcrumbs};
use crate::data::{use_workspace, Place};
use crate::i18n::{t, Text};
use crate::session::use_session;
use benefits_domain::history::BenefitKind;
use benefits_domain::identifiers::PhoneNumber;
use benefits_domain::technical::{
    check_activate_product_support, check_record_support_confirmation, check_signature_cloud_support,
    check_submit_advisory_request, AdvisoryBalance, AdvisoryRequest, ProductSupport, SupportContact,
    SupportState,
};
use benefits_domain::wire::WorkspaceView;
use benefits_domain::workspace::{Command, Effect, Target};
use benefits_domain::{EmailAddress, Lang, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// IANA time zones offered for an advisory engagement (PAH-3's request form).
const TIME_ZONES: [&str; 20] = [
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Brussels",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Luxembourg",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Copenhagen",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Helsinki",
    "Europe/Warsaw",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "UTC",
];

/// Countries offered: ISO 3166 code and name in English, Dutch, German.
const COUNTRIES: [(&str, &str, &str, &str); 18] = [
    ("NL", "Netherlands", "Nederland", "Niederlande"),
    ("BE", "Belgium", "België", "Belgien"),
    ("LU", "Luxembourg", "Luxemburg", "Luxemburg"),
    ("DE", "Germany", "Duitsland", "Deutschland"),
    ("AT", "Austria", "Oostenrijk", "Österreich"),
    ("CH", "Switzerland", "Zwitserland", "Schweiz"),
    (
        "GB",
        "United Kingdom",
        "Verenigd Koninkrijk",
        "Vereinigtes Königreich",
    ),
    ("IE", "Ireland", "Ierland", "Irland"),
    ("FR", "France", "Frankrijk", "Frankreich"),
    ("ES", "Spain", "Spanje", "Spanien"),
    ("IT", "Italy", "Italië", "Italien"),
    ("DK", "Denmark", "Denemarken", "Dänemark"),
    ("SE", "Sweden", "Zweden", "Schweden"),
    ("NO", "Norway", "Noorwegen", "Norwegen"),
    ("FI", "Finland", "Finland", "Finnland"),
    ("PL", "Poland", "Polen", "Polen"),
    ("US", "United States", "Verenigde Staten", "Vereinigte Staaten"),
    ("CA", "Canada", "Canada", "Kanada"),
];

#[component]
pub fn TechnicalPage() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    // Above the sections, so it survives the reload that follows a request.
    let confirmation = RwSignal::new(None::<String>);
    view! {
        <Breadcrumbs current=Text::AreaTechnical />
        <h1>{move || t(lang.get(), Text::AreaTechnical)}</h1>
        {move || match data.view.get() {
            None => view! { <p class="pb-loading" aria-busy="true">{move || t(lang.get(), Text::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="pb-error" role="alert">{e.body.message}</p> }.into_any(),
            Some(Ok(ws)) => view! {
                <h2>{move || t(lang.get(), Text::ProductSupport)}</h2>
                <SupportSection ws=ws.clone() />
                <h2>{move || t(lang.get(), Text::AdvisoryHours)}</h2>
                <AdvisorySection ws=ws confirmation=confirmation />
            }
            .into_any(),
        }}
    }
}

#[component]
fn SupportSection(ws: Arc<WorkspaceView>) -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    let now = data.now();
    let active_offers = ws.company.active_offers(now);
    let supports: Vec<ProductSupport> = ws
        .support
        .iter()
        .filter(|s| active_offers.contains(&s.offer))
        .cloned()
        .collect();
    if supports.is_empty() {
        // TS-1
        return view! { <p data-testid="no-benefits">{move || t(lang.get(), Text::NoBenefitsYet)}</p> }
            .into_any();
    }
    let signature = check_signature_cloud_support(&ws.company, now).err();
    let signature_text = move || match &signature {
        None => t(lang.get(), Text::SignatureEligible).to_string(),
        Some(v) => v.message(lang.get()),
    };
    view! {
        <p data-testid="signature">{signature_text}</p>
        {supports.into_iter().map(|s| view! { <SupportCard support=s ws=ws.clone() /> }).collect_view()}
    }
    .into_any()
}

#[component]
fn SupportCard(support: ProductSupport, ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let id = support.id;
    let now = data.now();
    let with_contact = RwSignal::new(false);
    let contact_user = RwSignal::new(None::<UserId>);
    let contact_email = RwSignal::new(String::new());
    let pending = data.pending;
    let stored = StoredValue::new((support.clone(), ws.clone()));
    let actor = StoredValue::new(session.me.get_untracked().map(|m| m.user));
    let contact = move || -> Result<Option<SupportContact>, ()> {
        if !with_contact.get() {
            return Ok(None);
        }
        let user = contact_user.get().ok_or(())?;
        let email = EmailAddress::parse(&contact_email.get()).map_err(|_| ())?;
        Ok(Some(SupportContact { user, email }))
    };
    let refusal = move || {
        let actor = actor.get_value()?;
        let contact = contact().ok()?;
        stored.with_value(|(s, ws)| {
            check_activate_product_support(s, &ws.company, contact.as_ref(), &actor, &ws.directory, now).err()
        })
    };
    let reason = move || refusal().map(|v| v.message(lang.get()));
    let activate = move |_| {
        let Ok(contact) = contact() else { return };
        let version = stored.with_value(|(s, _)| s.version);
        data.act(
            Command::ActivateProductSupport {
                support_id: id,
                contact,
            },
            Some(version),
        );
    };
    let state = support.state.clone();
    let state_text = match &state {
        SupportState::NotActivated => Text::StateNotActivated,
        SupportState::Pending { .. } => Text::StatePending,
        SupportState::Active { .. } => Text::StateActive,
    };
    let ids = support.identifiers().map(|(a, c)| (a.to_string(), c.to_string()));
    let incidents = format!("{} / {}", support.incidents_used, support.incidents_total());
    let not_activated = state == SupportState::NotActivated;
    let offer_label = support.offer.label();
    let is_pending = matches!(state, SupportState::Pending { .. });
    let users = ws.directory.clone();
    view! {
        <section class="pb-card" data-testid=format!("support-{id}")
            aria-label=move || format!("{} · {}", t(lang.get(), Text::ProductSupport), offer_label)>
            <h3>{move || t(lang.get(), Text::ProductSupport)}" · "{offer_label}</h3>
            <dl class="pb-facts">
                <div><dt>{move || t(lang.get(), Text::ColumnStatus)}</dt><dd data-testid="support-state">{move || t(lang.get(), state_text)}</dd></div>
                <div><dt>{move || t(lang.get(), Text::Incidents)}</dt><dd>{incidents}</dd></div>
                {ids.map(|(access, contract)| view! {
                    <div><dt>{move || t(lang.get(), Text::AccessId)}</dt><dd data-testid="access-id">{access}</dd></div>
                    <div><dt>{move || t(lang.get(), Text::ContractId)}</dt><dd data-testid="contract-id">{contract}</dd></div>
                })}
            </dl>
            {not_activated.then(|| view! {
                <label class="pb-filter">
                    <input type="checkbox" on:change=move |ev| with_contact.set(event_target_checked(&ev)) />
                    {move || t(lang.get(), Text::AddSupportContact)}
                </label>
                <Show when=move || with_contact.get()>
                    <div class="pb-assign">
                        <label for=format!("support-user-{id}")>{move || t(lang.get(), Text::SelectUser)}</label>
                        <select
                            id=format!("support-user-{id}")
                            on:change=move |ev| contact_user.set(event_target_value(&ev).parse().ok().map(UserId))
                        >
                            <option value="">{move || t(lang.get(), Text::ChooseUser)}</option>
                            {users.iter().map(|u| view! { <option value=u.id.0.to_string()>{u.display_name.clone()}</option> }).collect_view()}
                        </select>
                        <label for=format!("support-email-{id}")>{move || t(lang.get(), Text::ContactEmail)}</label>
                        <input
                            id=format!("support-email-{id}")
                            type="email"
                            prop:value=move || contact_email.get()
                            on:input=move |ev| contact_email.set(event_target_value(&ev))
                        />
                    </div>
                </Show>
                <div class="pb-assign">
                    <button
                        type="button"
                        class="pb-primary"
                        data-testid="activate"
                        disabled=move || refusal().is_some() || contact().is_err() || pending.get()
                        aria-describedby=format!("support-reason-{id}")
                        on:click=activate
                    >
                        {move || t(lang.get(), Text::Activate)}
                    </button>
                </div>
                <p class="pb-reason" id=format!("support-reason-{id}") data-testid="action-reason">{reason}</p>
            })}
            {is_pending.then(|| view! { <RecordConfirmation support=support.clone() ws=ws.clone() /> })}
            <ActionError place=Place::Benefit(Target { kind: BenefitKind::ProductSupport, id }) />
        </section>
    }
}

/// TS-7: on a Pending activation, "Record confirmation" with the Access ID and Contract ID
/// Microsoft sent; then it is Active and every user sees both (TS-3).
#[component]
fn RecordConfirmation(support: ProductSupport, ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let pending = data.pending;
    let id = support.id;
    let access = RwSignal::new(String::new());
    let contract = RwSignal::new(String::new());
    let stored = StoredValue::new((support, ws));
    let actor = StoredValue::new(session.me.get_untracked().map(|m| m.user));
    let refusal = move || {
        let actor = actor.get_value()?;
        stored.with_value(|(s, ws)| {
            check_record_support_confirmation(s, &access.get(), &contract.get(), &actor, &ws.directory).err()
        })
    };
    // Until both fields are typed in, the reason for an empty one would only nag.
    let typed = move || !access.get().trim().is_empty() && !contract.get().trim().is_empty();
    let role_refusal =
        move || refusal().filter(|v| !matches!(v.reason, benefits_domain::Reason::MissingField { .. }));
    let reason = move || if typed() { refusal() } else { role_refusal() }.map(|v| v.message(lang.get()));
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let version = stored.with_value(|(s, _)| s.version);
        data.act(
            Command::RecordSupportConfirmation {
                support_id: id,
                access_id: access.get_untracked().trim().to_string(),
                contract_id: contract.get_untracked().trim().to_string(),
            },
            Some(version),
        );
    };
    view! {
        <form class="pb-form" on:submit=record data-testid="record-confirmation">
            <p class="pb-hint">{move || t(lang.get(), Text::RecordConfirmationHint)}</p>
            <label for=format!("access-id-{id}")>{move || t(lang.get(), Text::AccessId)}</label>
            <input id=format!("access-id-{id}") type="text" required maxlength="64"
                prop:value=move || access.get() on:input=move |ev| access.set(event_target_value(&ev)) />
            <label for=format!("contract-id-{id}")>{move || t(lang.get(), Text::ContractId)}</label>
            <input id=format!("contract-id-{id}") type="text" required maxlength="64"
                prop:value=move || contract.get() on:input=move |ev| contract.set(event_target_value(&ev)) />
            <p class="pb-reason" id=format!("record-reason-{id}") data-testid="record-reason">{reason}</p>
            <button type="submit" class="pb-primary" aria-describedby=format!("record-reason-{id}")
                disabled=move || !typed() || refusal().is_some() || pending.get()>
                {move || t(lang.get(), Text::RecordConfirmation)}
            </button>
        </form>
    }
}

#[component]
fn AdvisorySection(ws: Arc<WorkspaceView>, confirmation: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    let balance: AdvisoryBalance = ws.advisory.balance;
    let company = StoredValue::new(ws.company.clone());
    let field = |initial: &str| RwSignal::new(initial.to_string());
    let (title, description, product) = (field(""), field(""), field(""));
    // The engagement's language starts as the reader's; the country is chosen.
    let (phone, time_zone, country) = (field(""), field("Europe/Amsterdam"), field(""));
    let language = RwSignal::new(lang.get_untracked().code().to_string());
    let hours = RwSignal::new(1u32);
    let break_fix = RwSignal::new(false);
    let pending = data.pending;
    let now = data.now();
    let phone_ok = move || PhoneNumber::parse(&phone.get()).is_ok();
    let request = move || -> Option<AdvisoryRequest> {
        Some(AdvisoryRequest {
            title: title.get(),
            description: description.get(),
            product: product.get(),
            phone: PhoneNumber::parse(&phone.get()).ok()?,
            time_zone: time_zone.get(),
            country: country.get(),
            language: language.get(),
            hours: hours.get(),
            break_fix: break_fix.get(),
        })
    };
    let refusal = move || {
        let request = request()?;
        company.with_value(|c| check_submit_advisory_request(c, balance, &request, now).err())
    };
    let reason = move || refusal().map(|v| v.message(lang.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(request) = request() else { return };
        spawn_local(async move {
            let command = Command::SubmitAdvisoryRequest { request };
            if let Ok(response) = data.run(command, None, Text::RequestSubmittedToast).await {
                if let Effect::AdvisoryRequestSubmitted { confirmation_number } = response.effect {
                    confirmation.set(Some(confirmation_number));
                }
            }
        });
    };
    let text_input = move |id: &'static str, label: Text, value: RwSignal<String>| {
        view! {
            <label for=id>{move || t(lang.get(), label)}</label>
            <input id=id type="text" required prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        }
    };
    let requests = ws.advisory.requests.clone();
    view! {
        <dl class="pb-counters" data-testid="advisory-balance">
            <div><dt>{move || t(lang.get(), Text::HoursLeft)}</dt><dd>{format!("{} / {}", balance.left(), balance.total)}</dd></div>
        </dl>
        {move || confirmation.get().map(|number| view! {
            <p class="pb-confirmation" role="status" data-testid="confirmation">
                {move || t(lang.get(), Text::RequestSubmitted)}" "<strong>{number.clone()}</strong>
            </p>
        })}
        <form class="pb-form" on:submit=submit data-testid="advisory-form">
            {text_input("pah-title", Text::FieldTitle, title)}
            <label for="pah-description">{move || t(lang.get(), Text::FieldDescription)}</label>
            <textarea id="pah-description" required prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            <label for="pah-product">{move || t(lang.get(), Text::FieldProduct)}</label>
            <input id="pah-product" type="search" list="pah-products" required prop:value=move || product.get() on:input=move |ev| product.set(event_target_value(&ev)) />
            <datalist id="pah-products">
                {["Azure", "Microsoft 365", "Dynamics 365", "Power BI", "SQL Server", "Windows Server", "Microsoft Teams"]
                    .map(|p| view! { <option value=p></option> }).collect_view()}
            </datalist>
            <label for="pah-phone">{move || t(lang.get(), Text::FieldPhone)}</label>
            <input id="pah-phone" type="tel" required aria-invalid=move || (!phone.get().is_empty() && !phone_ok()).to_string()
                aria-describedby="pah-phone-hint" prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev)) />
            <p class="pb-hint" id="pah-phone-hint">{move || (!phone.get().is_empty() && !phone_ok()).then(|| t(lang.get(), Text::InvalidPhone))}</p>
            <label for="pah-time-zone">{move || t(lang.get(), Text::FieldTimeZone)}</label>
            <select id="pah-time-zone" required on:change=move |ev| time_zone.set(event_target_value(&ev))>
                {TIME_ZONES.map(|zone| view! {
                    <option value=zone selected=move || time_zone.get() == zone>{zone.replace('_', " ")}</option>
                }).collect_view()}
            </select>
            <label for="pah-country">{move || t(lang.get(), Text::FieldCountry)}</label>
            <select id="pah-country" required on:change=move |ev| country.set(event_target_value(&ev))>
                <option value="" selected=move || country.get().is_empty()>{move || t(lang.get(), Text::Choose)}</option>
                {move || {
                    let l = lang.get();
                    let mut countries: Vec<(&str, &str)> = COUNTRIES.iter().map(|(code, en, nl, de)| {
                        (*code, match l { Lang::En => *en, Lang::Nl => *nl, Lang::De => *de })
                    }).collect();
                    countries.sort_by(|a, b| a.1.cmp(b.1));
                    countries.into_iter().map(|(code, name)| view! {
                        <option value=code selected=move || country.get() == code>{name}</option>
                    }).collect_view()
                }}
            </select>
            <label for="pah-language">{move || t(lang.get(), Text::FieldLanguage)}</label>
            <select id="pah-language" required on:change=move |ev| language.set(event_target_value(&ev))>
                {Lang::ALL.map(|l| view! {
                    <option value=l.code() selected=move || language.get() == l.code()>{l.native_name()}</option>
                }).collect_view()}
            </select>
            <label for="pah-hours">{move || t(lang.get(), Text::FieldHours)}</label>
            <input id="pah-hours" type="number" min="1" max="50" prop:value=move || hours.get().to_string()
                on:input=move |ev| hours.set(event_target_value(&ev).parse().unwrap_or(0)) />
            <label class="pb-filter">
                <input type="checkbox" on:change=move |ev| break_fix.set(event_target_checked(&ev)) />
                {move || t(lang.get(), Text::FieldBreakFix)}
            </label>
            <p class="pb-reason" id="pah-reason" data-testid="action-reason">{reason}</p>
            <ActionError place=Place::Form("submit_advisory_request") />
            <button type="submit" class="pb-primary" aria-describedby="pah-reason"
                disabled=move || request().is_none() || refusal().is_some() || pending.get()>
                {move || t(lang.get(), Text::SubmitRequest)}
            </button>
        </form>
        {(!requests.is_empty()).then(|| view! {
            <h3>{move || t(lang.get(), Text::YourRequests)}</h3>
            <ul data-testid="advisory-requests">
                {requests.into_iter().map(|(number, r)| view! { <li>{format!("{number} · {} · {} h", r.title, r.hours)}</li> }).collect_view()}
            </ul>
        })}
    }
}
