//! SET-1: the one-time setup page (`/setup?token=…`): the company — name, Partner Center
//! account e-mail, currency, its offers with purchase dates — and its first Global admin,
//! checked field by field here (the domain's rules) before anything is sent; then the admin
//! is signed in. A spent link says so instead of showing the form.

use crate::api;
use crate::components::LanguagePicker;
use crate::i18n::{t, Text};
use crate::routing::use_location;
use crate::session::use_session;
use benefits_domain::benefit::Offer;
use benefits_domain::money::Currency;
use benefits_domain::setup::{check_new_company, FirstAdmin, NewCompany, PurchasedOffer, SetupRequest};
use benefits_domain::{EmailAddress, Reason, RuleId, Violation};
use chrono::NaiveDate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The currencies offered (AZ-1: credits are shown in the local currency's equivalent).
const CURRENCIES: [&str; 12] = [
    "EUR", "USD", "GBP", "CHF", "DKK", "NOK", "SEK", "PLN", "CZK", "JPY", "AUD", "CAD",
];

/// The form's fields, each the place an error is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Name,
    AccountEmail,
    Offers,
    AdminName,
    AdminEmail,
    Password,
    /// The whole form (the link, the network).
    Form,
}

impl Field {
    const fn id(self) -> &'static str {
        match self {
            Field::Name => "setup-name",
            Field::AccountEmail => "setup-account-email",
            Field::Offers => "setup-offers",
            Field::AdminName => "setup-admin-name",
            Field::AdminEmail => "setup-admin-email",
            Field::Password => "setup-password",
            Field::Form => "setup-form",
        }
    }

    /// Where a rule's refusal belongs.
    fn of(violation: &Violation) -> Field {
        match (&violation.rule, &violation.reason) {
            (_, Reason::MissingField { field }) if field == "name" => Field::Name,
            (_, Reason::MissingField { field }) if field == "offers" => Field::Offers,
            (_, Reason::MissingField { field }) if field.starts_with("admin") => Field::AdminName,
            (RuleId::Ofr1, _) => Field::Offers,
            (RuleId::Acc2, _) => Field::Password,
            (RuleId::Role5, _) => Field::AdminEmail,
            _ => Field::Form,
        }
    }
}

#[component]
pub fn FirstRunSetup() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let api = api::use_api();
    let location = use_location();
    // The token is letters and digits: nothing to decode.
    let token = location.query.with_untracked(|q| {
        q.split('&')
            .find_map(|pair| pair.strip_prefix("token="))
            .unwrap_or_default()
            .to_string()
    });
    let token = StoredValue::new(token);
    // `None` while asking; `Some(Err(message))` for a spent link.
    let link = RwSignal::new(None::<Result<(), String>>);
    spawn_local(async move {
        let answer = api.setup_status(&token.get_value(), lang.get_untracked()).await;
        link.set(Some(answer.map(|_| ()).map_err(|e| e.body.message)));
    });
    let today = chrono::Utc::now().date_naive();
    let name = RwSignal::new(String::new());
    let account_email = RwSignal::new(String::new());
    let currency = RwSignal::new("EUR".to_string());
    let chosen = Offer::ALL.map(|_| RwSignal::new(false));
    let dates = Offer::ALL.map(|_| RwSignal::new(String::new()));
    let admin_name = RwSignal::new(String::new());
    let admin_email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let server_error = RwSignal::new(None::<(Field, String)>);

    // The form as the domain sees it, or the first field that isn't one yet.
    let company = move || -> Result<NewCompany, (Field, String)> {
        let l = lang.get();
        let email = |text: String, field| {
            EmailAddress::parse(text.trim()).map_err(|_| (field, t(l, Text::EnterEmail).to_string()))
        };
        let mut offers = Vec::new();
        for (n, offer) in Offer::ALL.into_iter().enumerate() {
            if chosen[n].get() {
                let purchased_on = NaiveDate::parse_from_str(&dates[n].get(), "%Y-%m-%d").map_err(|_| {
                    (
                        Field::Offers,
                        format!("{}: {}", offer.label(), t(l, Text::EnterPurchaseDate)),
                    )
                })?;
                offers.push(PurchasedOffer { offer, purchased_on });
            }
        }
        let company = NewCompany {
            name: name.get(),
            account_email: email(account_email.get(), Field::AccountEmail)?,
            currency: Currency::parse(&currency.get()).map_err(|_| (Field::Form, String::new()))?,
            offers,
            admin: FirstAdmin {
                display_name: admin_name.get(),
                email: email(admin_email.get(), Field::AdminEmail)?,
            },
        };
        check_new_company(&company, chrono::Utc::now()).map_err(|v| (Field::of(&v), v.message(l)))?;
        benefits_domain::accounts::check_new_password(&password.get(), "", &company.admin.email)
            .map_err(|v| (Field::Password, v.message(l)))?;
        Ok(company)
    };
    // A field's message: the browser's check once the person tried to send, or the server's.
    let error_at = move |field: Field| -> Option<String> {
        if let Some((at, message)) = server_error.get() {
            if at == field {
                return Some(message);
            }
        }
        if !tried.get() {
            return None;
        }
        match company() {
            Err((at, message)) if at == field => Some(message),
            _ => None,
        }
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        server_error.set(None);
        let Ok(company) = company() else { return };
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let request = SetupRequest {
            token: token.get_value(),
            company,
            password: password.get_untracked(),
        };
        let l = lang.get_untracked();
        spawn_local(async move {
            match api.setup(&request, l).await {
                // Signed in, this page goes: its own state is settled first (nothing of it may
                // be touched once it is gone).
                Ok(me) => {
                    pending.set(false);
                    location.navigate("/benefits", true);
                    session.signed_in(me);
                    return;
                }
                Err(e) if e.status == 410 => link.set(Some(Err(e.body.message))),
                Err(e) => {
                    let field = benefits_domain::RuleId::from_code(&e.body.code)
                        .and_then(|rule| {
                            serde_json::from_value::<Reason>(e.body.details["reason"].clone())
                                .ok()
                                .map(|reason| Field::of(&Violation::new(rule, reason)))
                        })
                        .unwrap_or(Field::Form);
                    server_error.set(Some((field, e.body.message)));
                }
            }
            pending.set(false);
        });
    };

    let input = move |field: Field,
                      label: Text,
                      kind: &'static str,
                      value: RwSignal<String>,
                      autocomplete: &'static str| {
        let error_id = format!("{}-error", field.id());
        view! {
            <label for=field.id()>{move || t(lang.get(), label)}</label>
            <input id=field.id() type=kind autocomplete=autocomplete
                aria-invalid=move || error_at(field).is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            <p class="pb-error" id=error_id data-testid=format!("{}-error", field.id())>{move || error_at(field)}</p>
        }
    };

    view! {
        <main class="pb-sign-in" id="main">
            <div class="pb-sign-in-card pb-setup-card">
                <h1>{move || t(lang.get(), Text::AppName)}</h1>
                <h2>{move || t(lang.get(), Text::SetupTitle)}</h2>
                {move || match link.get() {
                    None => view! { <p class="pb-loading" aria-busy="true">{move || t(lang.get(), Text::Loading)}</p> }.into_any(),
                    Some(Err(message)) => view! {
                        <p class="pb-error" role="alert" data-testid="setup-link-used">{message}</p>
                        <p><a href=location.href("/benefits")>{move || t(lang.get(), Text::SignInTitle)}</a></p>
                    }.into_any(),
                    Some(Ok(())) => view! {
                        <p>{move || t(lang.get(), Text::SetupIntro)}</p>
                        <form class="pb-form" on:submit=submit novalidate data-testid="setup">
                            <fieldset>
                                <legend>{move || t(lang.get(), Text::YourCompany)}</legend>
                                {input(Field::Name, Text::CompanyName, "text", name, "organization")}
                                {input(Field::AccountEmail, Text::AccountEmail, "email", account_email, "email")}
                                <label for="setup-currency">{move || t(lang.get(), Text::LocalCurrency)}</label>
                                <select id="setup-currency" on:change=move |ev| currency.set(event_target_value(&ev))>
                                    {CURRENCIES.map(|c| view! { <option value=c selected=move || currency.get() == c>{c}</option> }).collect_view()}
                                </select>
                            </fieldset>
                            <fieldset id="setup-offers" aria-describedby="setup-offers-error">
                                <legend>{move || t(lang.get(), Text::Membership)}</legend>
                                <p class="pb-hint">{move || t(lang.get(), Text::SetupOffersHint)}</p>
                                {Offer::ALL.into_iter().enumerate().map(|(n, offer)| {
                                    let (on, date) = (chosen[n], dates[n]);
                                    let date_id = format!("setup-offer-date-{}", offer.key());
                                    view! {
                                        <div class="pb-assign" data-testid=format!("setup-offer-{}", offer.key())>
                                            <label class="pb-filter">
                                                <input type="checkbox" prop:checked=move || on.get()
                                                    on:change=move |ev| on.set(event_target_checked(&ev)) />
                                                {offer.label()}
                                            </label>
                                            <label for=date_id.clone()>{move || t(lang.get(), Text::PurchasedOn)}</label>
                                            <input id=date_id type="date" max=today.to_string()
                                                disabled=move || !on.get()
                                                prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) />
                                        </div>
                                    }
                                }).collect_view()}
                                <p class="pb-error" id="setup-offers-error" data-testid="setup-offers-error">{move || error_at(Field::Offers)}</p>
                            </fieldset>
                            <fieldset>
                                <legend>{move || t(lang.get(), Text::FirstAdmin)}</legend>
                                {input(Field::AdminName, Text::FullName, "text", admin_name, "name")}
                                {input(Field::AdminEmail, Text::Email, "email", admin_email, "username")}
                                {input(Field::Password, Text::Password, "password", password, "new-password")}
                                <p class="pb-hint">{move || t(lang.get(), Text::FirstPasswordRules)}</p>
                            </fieldset>
                            <p class="pb-error" role="alert" data-testid="setup-error">{move || error_at(Field::Form)}</p>
                            <button type="submit" class="pb-primary" disabled=move || pending.get()>
                                {move || t(lang.get(), if pending.get() { Text::Saving } else { Text::CreateCompany })}
                            </button>
                        </form>
                    }.into_any(),
                }}
                <LanguagePicker />
            </div>
        </main>
    }
}
