//! The sign-in form.

use crate::api;
use crate::components::LanguagePicker;
use crate::i18n::{t, Text};
use crate::session::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SignIn() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let blocked = RwSignal::new(false);
    let api = api::use_api();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let (e, p, l) = (
            email.get_untracked(),
            password.get_untracked(),
            lang.get_untracked(),
        );
        spawn_local(async move {
            match api.sign_in(e, p, l).await {
                // In a page of another site the browser may drop the cookie it was just
                // given (third-party cookies): then say so, with the way out, instead of
                // coming back to this form without a word.
                Ok(_) if api.is_widget() && api.me(l).await.is_err_and(|e| e.is_unauthenticated()) => {
                    blocked.set(true);
                    pending.set(false);
                }
                Ok(me) => session.signed_in(me),
                // Not even an answer the page may read: a site whose pages may not use the
                // workspace's sign-in (tokens only, EMB-2).
                Err(err) if api.is_widget() && err.status == 0 => {
                    blocked.set(true);
                    pending.set(false);
                }
                Err(err) => {
                    error.set(Some(err.body.message));
                    pending.set(false);
                }
            }
        });
    };

    view! {
        <main class="pb-sign-in" id="main">
            <div class="pb-sign-in-card">
                <h1>{move || t(lang.get(), Text::AppName)}</h1>
                <h2>{move || t(lang.get(), Text::SignInTitle)}</h2>
                <form on:submit=submit novalidate>
                    <label for="pb-email">{move || t(lang.get(), Text::Email)}</label>
                    <input
                        id="pb-email"
                        type="email"
                        autocomplete="username"
                        required
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                    <label for="pb-password">{move || t(lang.get(), Text::Password)}</label>
                    <input
                        id="pb-password"
                        type="password"
                        autocomplete="current-password"
                        required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                    <p class="pb-error" role="alert" id="pb-sign-in-error">
                        {move || error.get()}
                    </p>
                    <Show when=move || blocked.get()>
                        <p class="pb-error" role="alert" data-testid="cookies-blocked">
                            {move || t(lang.get(), Text::CookiesBlocked)}" "
                            <a href=api.own_page() target="_blank" rel="noopener">
                                {move || t(lang.get(), Text::OpenInOwnTab)}
                            </a>
                        </p>
                    </Show>
                    <button type="submit" class="pb-primary" disabled=move || pending.get()>
                        {move || {
                            t(lang.get(), if pending.get() { Text::SigningIn } else { Text::SignInButton })
                        }}
                    </button>
                </form>
                <LanguagePicker />
            </div>
        </main>
    }
}
