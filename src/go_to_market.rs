//! Go-To-Market offers (GTM-1 … GTM-6): the company marketing contact at the top of the
//! page, then the offers with "Activate", each checked by the domain first.

use crate::components::{ActionError, Breadcrumbs};
use crate::data::{use_workspace, Place};
use crate::i18n::{t, Text};
use crate::list::{Cell, ListControls, SearchBox, SortHeader};
use crate::session::use_session;
use benefits_domain::go_to_market::{
    check_activate_go_to_market_offer, check_record_go_to_market_activation, check_set_marketing_contact,
    GoToMarketOffer, GoToMarketStatus, MarketingContact, ShownStatus,
};
use benefits_domain::history::BenefitKind;
use benefits_domain::identifiers::PhoneNumber;
use benefits_domain::user::find_user;
use benefits_domain::wire::WorkspaceView;
use benefits_domain::workspace::{Command, Target};
use benefits_domain::{EmailAddress, Lang, UserId};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn GoToMarketPage() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    let controls = ListControls::new();
    view! {
        <Breadcrumbs current=Text::AreaGoToMarket />
        <h1>{move || t(lang.get(), Text::AreaGoToMarket)}</h1>
        {move || match data.view.get() {
            None => view! { <p class="pb-loading" aria-busy="true">{move || t(lang.get(), Text::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="pb-error" role="alert">{e.body.message}</p> }.into_any(),
            Some(Ok(ws)) => view! { <ContactSection ws=ws.clone() /> <OfferTable ws=ws controls=controls /> }.into_any(),
        }}
    }
}

#[component]
fn ContactSection(ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let current = ws.marketing_contact.clone();
    let user = RwSignal::new(current.as_ref().map(|c| c.user));
    let email = RwSignal::new(current.as_ref().map(|c| c.email.to_string()).unwrap_or_default());
    let phone = RwSignal::new(
        current
            .as_ref()
            .map(|c| c.phone.as_str().to_string())
            .unwrap_or_default(),
    );
    let preferred = RwSignal::new(
        current
            .as_ref()
            .map(|c| c.preferred_language)
            .unwrap_or(lang.get_untracked()),
    );
    let pending = data.pending;
    let stored = StoredValue::new(ws.clone());
    let actor = StoredValue::new(session.me.get_untracked().map(|m| m.user));
    let contact = move || -> Option<MarketingContact> {
        Some(MarketingContact {
            user: user.get()?,
            email: EmailAddress::parse(&email.get()).ok()?,
            phone: PhoneNumber::parse(&phone.get()).ok()?,
            preferred_language: preferred.get(),
        })
    };
    let refusal = move || {
        let actor = actor.get_value()?;
        let contact = contact()?;
        stored
            .with_value(|ws| check_set_marketing_contact(&ws.company, &contact, &actor, &ws.directory).err())
    };
    let reason = move || refusal().map(|v| v.message(lang.get()));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(contact) = contact() else { return };
        data.act(Command::SetMarketingContact { contact }, None);
    };
    let summary = current.map(|c| {
        let name = find_user(&ws.directory, c.user)
            .map(|u| u.display_name.clone())
            .unwrap_or_default();
        format!(
            "{name} · {} · {} · {}",
            c.email,
            c.phone.as_str(),
            c.preferred_language.native_name()
        )
    });
    let users = ws.directory.clone();
    view! {
        <section class="pb-card" data-testid="marketing-contact" aria-labelledby="gtm-contact-heading">
            <h2 id="gtm-contact-heading">{move || t(lang.get(), Text::MarketingContact)}</h2>
            {match summary {
                Some(text) => view! { <p data-testid="contact-summary">{text}</p> }.into_any(),
                None => view! { <p data-testid="contact-summary">{move || t(lang.get(), Text::NoMarketingContactYet)}</p> }.into_any(),
            }}
            <form class="pb-form" on:submit=save>
                <label for="gtm-user">{move || t(lang.get(), Text::SelectUser)}</label>
                <select id="gtm-user" on:change=move |ev| user.set(event_target_value(&ev).parse().ok().map(UserId))>
                    <option value="">{move || t(lang.get(), Text::ChooseUser)}</option>
                    {users.iter().map(|u| {
                        let id = u.id;
                        view! { <option value=id.0.to_string() selected=move || user.get() == Some(id)>{u.display_name.clone()}</option> }
                    }).collect_view()}
                </select>
                <label for="gtm-email">{move || t(lang.get(), Text::ContactEmail)}</label>
                <input id="gtm-email" type="email" prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                <label for="gtm-phone">{move || t(lang.get(), Text::FieldPhone)}</label>
                <input id="gtm-phone" type="tel" prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev)) />
                <label for="gtm-language">{move || t(lang.get(), Text::PreferredLanguage)}</label>
                <select id="gtm-language" on:change=move |ev| {
                    if let Some(l) = Lang::from_tag(&event_target_value(&ev)) {
                        preferred.set(l);
                    }
                }>
                    {Lang::ALL.map(|l| view! { <option value=l.code() selected=move || preferred.get() == l>{l.native_name()}</option> }).collect_view()}
                </select>
                <p class="pb-reason" id="gtm-contact-reason" data-testid="contact-reason">{reason}</p>
                <ActionError place=Place::Form("set_marketing_contact") />
                <button type="submit" class="pb-primary" aria-describedby="gtm-contact-reason"
                    disabled=move || contact().is_none() || refusal().is_some() || pending.get()>
                    {move || t(lang.get(), Text::AssignUser)}
                </button>
            </form>
        </section>
    }
}

fn status_text(status: ShownStatus) -> Text {
    match status {
        ShownStatus::Available => Text::Available,
        ShownStatus::Pending => Text::StatusPending,
        ShownStatus::Active => Text::StateActive,
        ShownStatus::Expired => Text::StatusExpired,
    }
}

fn offer_expires(offer: &GoToMarketOffer) -> Option<chrono::NaiveDate> {
    match offer.status {
        GoToMarketStatus::Active { expires_on } => Some(expires_on),
        _ => None,
    }
}

/// The columns in the table's order, for search and sort (NAV-3).
fn offer_cells(offer: &GoToMarketOffer, now: chrono::DateTime<chrono::Utc>, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::text(offer.benefit_name.clone()),
        Cell::text(offer.offer.label()),
        Cell::text(t(lang, status_text(offer.shown_status(now)))),
        offer_expires(offer).map(Cell::Date).unwrap_or(Cell::Empty),
    ]
}

#[component]
fn OfferTable(ws: Arc<WorkspaceView>, controls: ListControls) -> impl IntoView {
    let lang = use_session().lang;
    let now = use_workspace().now();
    let ws = StoredValue::new(ws);
    let rows = move || {
        let l = lang.get();
        ws.with_value(|ws| {
            controls
                .apply(ws.go_to_market.clone(), |o| offer_cells(o, now, l))
                .into_iter()
                .map(|o| view! { <OfferRow offer=o ws=ws.clone() /> })
                .collect_view()
        })
    };
    view! {
        <SearchBox controls=controls />
        <div class="pb-table-scroll">
            <table class="pb-table">
                <caption>{move || t(lang.get(), Text::OffersCaption)}</caption>
                <thead>
                    <tr>
                        <SortHeader controls=controls column=0 label=Text::ColumnBenefit />
                        <SortHeader controls=controls column=1 label=Text::ColumnOffer />
                        <SortHeader controls=controls column=2 label=Text::ColumnStatus />
                        <SortHeader controls=controls column=3 label=Text::ColumnExpires />
                        <th scope="col">{move || t(lang.get(), Text::ColumnAction)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn OfferRow(offer: GoToMarketOffer, ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let id = offer.id;
    let status = offer.shown_status(data.now());
    let expires = offer_expires(&offer);
    let refusal = session.me.get_untracked().and_then(|me| {
        check_activate_go_to_market_offer(&offer, ws.marketing_contact.as_ref(), &me.user, &ws.directory)
            .err()
    });
    let blocked = refusal.is_some();
    let reason = move || refusal.as_ref().map(|v| v.message(lang.get()));
    let pending = data.pending;
    let version = offer.version;
    let activate = move |_| data.act(Command::ActivateGoToMarketOffer { offer_id: id }, Some(version));
    let is_pending = matches!(offer.status, GoToMarketStatus::Pending { .. });
    let available = offer.status == GoToMarketStatus::Available;
    let record_offer = offer.clone();
    view! {
        <tr data-testid=format!("gtm-row-{id}")>
            <th scope="row">{offer.benefit_name.clone()}</th>
            <td data-label=move || t(lang.get(), Text::ColumnOffer)>{offer.offer.label()}</td>
            <td data-label=move || t(lang.get(), Text::ColumnStatus) data-testid="status">{move || t(lang.get(), status_text(status))}</td>
            <td data-label=move || t(lang.get(), Text::ColumnExpires)>{move || expires.map(|d| lang.get().format_date(d)).unwrap_or_else(|| t(lang.get(), Text::NotApplicable).to_string())}</td>
            <td>
                // Pending or Active: the status says it all; no disabled Activate beside it.
                {available.then(|| view! {
                    <button type="button" class="pb-primary" aria-describedby=format!("gtm-reason-{id}")
                        disabled=move || blocked || pending.get() on:click=activate>
                        {move || t(lang.get(), Text::Activate)}
                    </button>
                    <p class="pb-reason" id=format!("gtm-reason-{id}") data-testid="action-reason">{reason}</p>
                })}
                {is_pending.then(|| view! { <RecordActivation offer=record_offer.clone() ws=ws.clone() /> })}
                <ActionError place=Place::Benefit(Target { kind: BenefitKind::GoToMarketOffer, id }) />
            </td>
        </tr>
    }
}

/// GTM-6: on a Pending offer, "Record activation" with the expiry date Microsoft gave; then
/// it is Active and Expires shows that date.
#[component]
fn RecordActivation(offer: GoToMarketOffer, ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let pending = data.pending;
    let id = offer.id;
    let version = offer.version;
    let expires = RwSignal::new(String::new());
    let date = move || chrono::NaiveDate::parse_from_str(&expires.get(), "%Y-%m-%d").ok();
    let stored = StoredValue::new((offer, ws));
    let actor = StoredValue::new(session.me.get_untracked().map(|m| m.user));
    let refusal = move || {
        let actor = actor.get_value()?;
        let on = date().unwrap_or_else(|| data.now().date_naive());
        stored.with_value(|(o, ws)| {
            check_record_go_to_market_activation(o, on, &actor, &ws.directory, data.now()).err()
        })
    };
    let reason = move || refusal().map(|v| v.message(lang.get()));
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(expires_on) = date() else { return };
        data.act(
            Command::RecordGoToMarketActivation {
                offer_id: id,
                expires_on,
            },
            Some(version),
        );
    };
    view! {
        <form class="pb-form" on:submit=record data-testid="record-activation">
            <label for=format!("gtm-expires-{id}")>{move || t(lang.get(), Text::ExpiryMicrosoftGave)}</label>
            <input id=format!("gtm-expires-{id}") type="date" required
                prop:value=move || expires.get() on:input=move |ev| expires.set(event_target_value(&ev)) />
            <p class="pb-reason" id=format!("gtm-record-reason-{id}") data-testid="record-reason">{reason}</p>
            <button type="submit" class="pb-primary" aria-describedby=format!("gtm-record-reason-{id}")
                disabled=move || date().is_none() || refusal().is_some() || pending.get()>
                {move || t(lang.get(), Text::RecordActivation)}
            </button>
        </form>
    }
}
