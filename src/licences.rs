//! Azure & Cloud products — licence-based subscriptions (LIC-1 … LIC-5): instructions and
//! the link to redeem, keys redeemed as "add licences" or "extend end date" with the
//! resulting end date shown and confirmed before sending (LIC-3), replacement keys.

use crate::components::ActionError;
use crate::data::{use_workspace, Place};
use crate::i18n::{t, Text};
use crate::session::use_session;
use benefits_domain::licences::{check_redeem_key, check_replacement, RedeemMode};
use benefits_domain::warning::{Verdict, Warning};
use benefits_domain::wire::{LicenceRow, ProductKeyRow, WorkspaceView};
use benefits_domain::workspace::Command;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn LicenceSection(ws: Arc<WorkspaceView>) -> impl IntoView {
    let lang = use_session().lang;
    let cards = ws
        .licences
        .iter()
        .map(|l| view! { <LicenceCard licence=l.clone() ws=ws.clone() /> })
        .collect_view();
    let seats = ws.counters.licence_seats;
    view! {
        <h2>{move || t(lang.get(), Text::LicenceBased)}</h2>
        <dl class="pb-counters" data-testid="seat-counters">
            <div><dt>{move || t(lang.get(), Text::Allocated)}</dt><dd>{seats.allocated}</dd></div>
            <div><dt>{move || t(lang.get(), Text::Assigned)}</dt><dd>{seats.assigned}</dd></div>
            <div><dt>{move || t(lang.get(), Text::Available)}</dt><dd>{seats.available}</dd></div>
        </dl>
        {cards}
    }
}

#[component]
fn LicenceCard(licence: LicenceRow, ws: Arc<WorkspaceView>) -> impl IntoView {
    let lang = use_session().lang;
    let id = licence.id;
    let ends_on = licence.ends_on;
    let keys = licence
        .keys
        .iter()
        .map(|k| view! { <KeyLine key=k.clone() licence=licence.clone() ws=ws.clone() /> })
        .collect_view();
    let instructions = licence.redemption_instructions.clone();
    view! {
        <section class="pb-card" data-testid=format!("licence-{id}") aria-label=licence.product.clone()>
            <h3>{licence.product.clone()}</h3>
            <dl class="pb-facts">
                <div><dt>{move || t(lang.get(), Text::ColumnOffer)}</dt><dd>{licence.offer.label()}</dd></div>
                <div><dt>{move || t(lang.get(), Text::ColumnExpires)}</dt><dd>{move || lang.get().format_date(licence.expires_on)}</dd></div>
                <div><dt>{move || t(lang.get(), Text::ActiveSeats)}</dt><dd data-testid="active-seats">{licence.active_seats}</dd></div>
                <div><dt>{move || t(lang.get(), Text::EndsOn)}</dt>
                    <dd data-testid="ends-on">{move || ends_on.map(|d| lang.get().format_date(d)).unwrap_or_else(|| t(lang.get(), Text::NotApplicable).to_string())}</dd></div>
            </dl>
            <p><strong>{move || t(lang.get(), Text::RedeemInstructions)}": "</strong>{move || benefits_domain::membership::instructions_in(&instructions, lang.get()).to_string()}</p>
            <p><a href=licence.redeem_url.clone() rel="noopener" target="_blank">{move || t(lang.get(), Text::RedeemPortal)}</a></p>
            <ul class="pb-key-list">{keys}</ul>
        </section>
    }
}

#[component]
fn KeyLine(key: ProductKeyRow, licence: LicenceRow, ws: Arc<WorkspaceView>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let now = data.now();
    let key_id = key.id;
    let subscription_id = licence.id;
    let version = licence.version;
    let mode = RwSignal::new(RedeemMode::ExtendEndDate);
    let warning = RwSignal::new(None::<Warning>);
    let pending = data.pending;
    let terms = StoredValue::new(licence.terms());
    let key_stored = StoredValue::new(key.clone());
    let directory = StoredValue::new(ws.directory.clone());
    let actor = StoredValue::new(session.me.get_untracked().map(|m| m.user));
    let verdict = move || {
        let actor = actor.get_value()?;
        Some(key_stored.with_value(|k| {
            terms.with_value(|s| {
                directory.with_value(|d| {
                    check_redeem_key(s, k.seats, k.redeemed.as_ref(), mode.get(), &actor, d, now)
                })
            })
        }))
    };
    let refusal = move || verdict().and_then(|v| v.err());
    let reason = move || refusal().map(|v| v.message(lang.get()));
    let send = move |confirmed: bool| {
        warning.set(None);
        let command = Command::RedeemProductKey {
            subscription_id,
            key_id,
            mode: mode.get_untracked(),
            confirmed,
        };
        data.act(command, Some(version));
    };
    // The confirmation takes the focus when it opens and gives it back to Redeem when
    // it is cancelled (by its button or Escape), so the keyboard never loses its place.
    let redeem_button = NodeRef::<leptos::html::Button>::new();
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |was_open: Option<bool>| {
        let open = warning.with(|w| w.is_some());
        if open {
            if let Some(button) = confirm_button.get() {
                let _ = button.focus();
            }
        } else if was_open == Some(true) {
            if let Some(button) = redeem_button.get_untracked() {
                request_animation_frame(move || {
                    let _ = button.focus();
                });
            }
        }
        open
    });
    // LIC-3: a warning is shown with its consequence and needs a second, explicit click.
    let redeem = move |_| match verdict() {
        Some(Ok(Verdict::NeedsConfirmation { warning: w, .. })) => warning.set(Some(w)),
        Some(Ok(Verdict::Allowed { .. })) => send(false),
        _ => {}
    };
    let replacement_refusal = actor.get_value().and_then(|a| {
        directory.with_value(|d| {
            check_replacement(
                key.redeemed.as_ref(),
                key.replacement_issued || key.replaces.is_some(),
                &a,
                d,
                now,
            )
            .err()
        })
    });
    let replace_blocked = replacement_refusal.is_some();
    let replace = move |_| {
        let command = Command::RequestReplacementKey {
            subscription_id,
            key_id,
        };
        data.act(command, Some(version));
    };
    let name = format!("key-{key_id}-mode");
    let redeemed_on = key.redeemed.as_ref().map(|r| r.at.date_naive());
    view! {
        <li class="pb-key" data-testid=format!("key-{key_id}")>
            <strong>{move || format!("{} {key_id} · {} {}", t(lang.get(), Text::Key), key.seats, t(lang.get(), Text::KeySeats))}</strong>
            {match redeemed_on {
                Some(date) => view! {
                    <span data-testid="redeemed">" · "{move || t(lang.get(), Text::KeyRedeemedOn)}" "{move || lang.get().format_date(date)}</span>
                    <div class="pb-assign">
                        <button type="button" class="pb-secondary" disabled=move || replace_blocked || pending.get() on:click=replace>
                            {move || t(lang.get(), Text::RequestReplacement)}
                        </button>
                    </div>
                    <p class="pb-reason" data-testid="replacement-reason">{move || replacement_refusal.as_ref().map(|v| v.message(lang.get()))}</p>
                }
                .into_any(),
                None => view! {
                    // One line per key: how to redeem it, then Redeem (LIC-2's two ways).
                    <label class="pb-visually-hidden" for=name.clone()>{move || t(lang.get(), Text::RedeemHow)}</label>
                    <select id=name.clone() class="pb-key-mode" on:change=move |ev| {
                        mode.set(if event_target_value(&ev) == "add_seats" { RedeemMode::AddSeats } else { RedeemMode::ExtendEndDate });
                        warning.set(None);
                    }>
                        <option value="extend_end_date" selected=move || mode.get() == RedeemMode::ExtendEndDate>{move || t(lang.get(), Text::ModeExtend)}</option>
                        <option value="add_seats" selected=move || mode.get() == RedeemMode::AddSeats>{move || t(lang.get(), Text::ModeAddSeats)}</option>
                    </select>
                    <div class="pb-assign">
                        <button type="button" class="pb-primary" data-testid="redeem" node_ref=redeem_button
                            aria-describedby=format!("key-{key_id}-reason")
                            disabled=move || refusal().is_some() || pending.get() || warning.get().is_some() on:click=redeem>
                            {move || t(lang.get(), Text::Redeem)}
                        </button>
                    </div>
                    <p class="pb-reason" id=format!("key-{key_id}-reason") data-testid="action-reason">{reason}</p>
                    {move || warning.get().map(|w| view! {
                        <div class="pb-confirmation" role="alertdialog" aria-describedby=format!("key-{key_id}-warning")
                            data-testid="warning"
                            on:keydown=move |ev| if ev.key() == "Escape" { warning.set(None) }>
                            <p id=format!("key-{key_id}-warning")>{w.message(lang.get())}</p>
                            <button type="button" class="pb-primary" node_ref=confirm_button on:click=move |_| send(true)>{move || t(lang.get(), Text::ConfirmRedeem)}</button>
                            " "
                            <button type="button" class="pb-secondary" on:click=move |_| warning.set(None)>{move || t(lang.get(), Text::Cancel)}</button>
                        </div>
                    })}
                }
                .into_any(),
            }}
            <ActionError place=Place::Key(key_id) />
        </li>
    }
}
