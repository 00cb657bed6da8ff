//! Changing one's own password (ACC-2), and the first sign-in with a temporary password,
//! which can do nothing else until it is changed (ACC-1).

use crate::api;
use crate::components::{LanguagePicker, Toasts};
use crate::i18n::{t, Text};
use crate::session::use_session;
use benefits_domain::accounts::check_new_password;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// ACC-1: what a user with a temporary password sees instead of the app.
#[component]
pub fn ChooseNewPassword() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = crate::data::use_workspace();
    let sign_out = move |_| data.sign_out();
    view! {
        <main class="pb-sign-in" id="main">
            <div class="pb-sign-in-card">
                <h1>{move || t(lang.get(), Text::ChooseNewPasswordTitle)}</h1>
                <p>{move || t(lang.get(), Text::ChooseNewPasswordIntro)}</p>
                <ChangePasswordForm />
                <LanguagePicker />
                <button type="button" class="pb-secondary" on:click=sign_out>
                    {move || t(lang.get(), Text::SignOut)}
                </button>
            </div>
        </main>
    }
}

/// ACC-2 from Account settings.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let lang = use_session().lang;
    view! {
        <crate::components::Breadcrumbs current=Text::ChangePassword />
        <h1>{move || t(lang.get(), Text::ChangePassword)}</h1>
        <section class="pb-card">
            <ChangePasswordForm />
        </section>
    }
}

/// Current password, new one twice; ACC-2's checks as the user types (the server checks
/// the current password and again everything else).
#[component]
fn ChangePasswordForm() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let toasts = use_context::<Toasts>();
    let api = api::use_api();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    // Said only once something is typed: an empty form is not an error.
    let reason = move || -> Option<String> {
        let l = lang.get();
        let new = new.get();
        if new.is_empty() {
            return None;
        }
        let email = session.me.with(|me| me.as_ref().map(|m| m.user.email.clone()))?;
        if let Err(violation) = check_new_password(&new, &current.get(), &email) {
            return Some(violation.message(l));
        }
        let repeated = repeated.get();
        (!repeated.is_empty() && repeated != new).then(|| t(l, Text::PasswordsDiffer).to_string())
    };
    let ready = move || {
        !current.get().is_empty()
            && !new.get().is_empty()
            && new.get() == repeated.get()
            && reason().is_none()
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !ready() || pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let l = lang.get_untracked();
        let (c, n) = (current.get_untracked(), new.get_untracked());
        spawn_local(async move {
            match api.change_password(c, n, l).await {
                Ok(me) => {
                    current.set(String::new());
                    new.set(String::new());
                    repeated.set(String::new());
                    if let Some(toasts) = toasts {
                        toasts.success(t(l, Text::PasswordChanged));
                    }
                    // Last: after an ACC-1 change the session's change replaces this page,
                    // and nothing of it may be touched once it is gone.
                    pending.set(false);
                    session.me.set(Some(me));
                }
                Err(e) => {
                    error.set(Some(e.body.message.clone()));
                    pending.set(false);
                    if e.is_unauthenticated() {
                        session.me.set(None);
                    }
                }
            }
        });
    };
    let field = move |id: &'static str, label: Text, value: RwSignal<String>, autocomplete: &'static str| {
        view! {
            <label for=id>{move || t(lang.get(), label)}</label>
            <input
                id=id
                type="password"
                autocomplete=autocomplete
                required
                aria-describedby="pb-password-reason pb-password-rules"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
    };
    view! {
        <form class="pb-form" on:submit=submit novalidate data-testid="change-password">
            {field("pb-current-password", Text::CurrentPassword, current, "current-password")}
            {field("pb-new-password", Text::NewPassword, new, "new-password")}
            {field("pb-repeat-password", Text::RepeatNewPassword, repeated, "new-password")}
            <p class="pb-hint" id="pb-password-rules">{move || t(lang.get(), Text::PasswordRules)}</p>
            <p class="pb-reason" id="pb-password-reason" data-testid="action-reason">{reason}</p>
            <p class="pb-error" role="alert" data-testid="action-error">{move || error.get()}</p>
            <button type="submit" class="pb-primary" disabled=move || !ready() || pending.get()>
                {move || t(lang.get(), Text::ChangePassword)}
            </button>
        </form>
    }
}
