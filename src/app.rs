//! The app shell: sign-in gate, top bar, both navigation modes (NAV-1) and the routes.

use crate::account::AccountPage;
use crate::api;
use crate::areas::Area;
use crate::azure::AzurePage;
use crate::components::{LanguagePicker, ToastRegion, Toasts};
use crate::data::WorkspaceData;
use crate::go_to_market::GoToMarketPage;
use crate::home::{BenefitsHome, ComingSoon, NotFound};
use crate::i18n::{t, Text};
use crate::password::{ChangePasswordPage, ChooseNewPassword};
use crate::reminders::ReminderButton;
use crate::session::{use_session, NavMode, Session};
use crate::sign_in::SignIn;
use crate::software::SoftwarePage;
use crate::technical::TechnicalPage;
use crate::tracking::{self, AuditLogPage, BulkAssignmentPage, InsightsPage, WhoHasWhatPage};
use crate::visual_studio::VisualStudioPage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let session = Session::new();
    provide_context(session);
    provide_context(Toasts::new());
    let lang = session.lang;
    // Until the first /me answers we don't know whether to show sign-in.
    let checked = RwSignal::new(false);
    // Every area page reads the same workspace; its request starts now, beside /me.
    let data = WorkspaceData::new(session);
    provide_context(data);
    data.prefetch();
    spawn_local(async move {
        if let Ok(me) = api::me_early_or_now(lang.get_untracked()).await {
            session.signed_in(me);
        }
        checked.set(true);
    });
    Effect::new(move |_| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", lang.get().code());
            }
        }
    });

    view! {
        <div class="pb-app" data-ready=move || checked.get().then_some("true")>
            <Router>
                // ACC-1: a temporary password is changed before anything else.
                {move || match (checked.get(), session.me.with(|me| me.as_ref().map(|m| m.must_change_password))) {
                    (false, _) => {
                        view! {
                            <p class="pb-loading" aria-busy="true">
                                {move || t(lang.get(), Text::Loading)}
                            </p>
                        }
                            .into_any()
                    }
                    (true, None) => view! { <SignIn /> }.into_any(),
                    (true, Some(true)) => view! { <ChooseNewPassword /> }.into_any(),
                    (true, Some(false)) => view! { <Shell /> }.into_any(),
                }}
            </Router>
            <ToastRegion />
        </div>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let session = use_session();
    // Every area page reads the same workspace, loaded once per sign-in.
    let data = crate::data::use_workspace();
    data.load_unless_prefetched();
    let current_view = move || session.nav_mode.get() == NavMode::Current;
    view! {
        <TopBar />
        <div class="pb-body" class:pb-with-nav=current_view>
            <Show when=current_view>
                <LeftNav />
            </Show>
            <main class="pb-main" id="main">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=|| view! { <Redirect path="/benefits" /> } />
                    <Route path=path!("/benefits") view=BenefitsHome />
                    // One route with an optional ID: expanding a row keeps the page (and focus).
                    <Route path=path!("/benefits/visual-studio/:id?") view=VisualStudioPage />
                    <Route path=path!("/benefits/azure/:id?") view=AzurePage />
                    <Route path=path!("/benefits/software/:id?") view=SoftwarePage />
                    <Route path=path!("/benefits/technical") view=TechnicalPage />
                    <Route path=path!("/benefits/go-to-market") view=GoToMarketPage />
                    <Route path=path!("/benefits/:area") view=ComingSoon />
                    <Route path=path!("/account") view=AccountPage />
                    <Route path=path!("/account/password") view=ChangePasswordPage />
                    <Route path=path!("/tracking/who-has-what") view=WhoHasWhatPage />
                    <Route path=path!("/tracking/bulk") view=BulkAssignmentPage />
                    <Route path=path!("/tracking/audit") view=AuditLogPage />
                    <Route path=path!("/tracking/insights") view=InsightsPage />
                </Routes>
            </main>
        </div>
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let me = move || session.me.get();
    let company = move || me().map(|m| format!("{} · {}", m.company.name, m.company.offer.label()));
    let user = move || me().map(|m| m.user.display_name);
    let roles = move || {
        let l = lang.get();
        me().map(|m| {
            if m.user.roles.is_empty() {
                t(l, Text::NoRole).to_string()
            } else {
                m.user
                    .roles
                    .iter()
                    .map(|r| r.label(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        })
    };
    let data = crate::data::use_workspace();
    let sign_out = move |_| {
        let l = lang.get_untracked();
        spawn_local(async move {
            api::sign_out(l).await;
            // The next user must not see this company's data, not even for a moment.
            data.view.set(None);
            session.me.set(None);
        });
    };
    view! {
        <header class="pb-topbar">
            <a class="pb-brand" href="/benefits">
                {move || t(lang.get(), Text::AppName)}
            </a>
            <span class="pb-company" data-testid="company">
                {company}
            </span>
            <NavModeSwitch />
            <ReminderButton />
            <LanguagePicker />
            <span class="pb-user">
                <span data-testid="user-name">{user}</span>
                <span class="pb-roles" data-testid="user-roles">
                    {roles}
                </span>
            </span>
            <button type="button" class="pb-secondary" on:click=sign_out>
                {move || t(lang.get(), Text::SignOut)}
            </button>
        </header>
    }
}

/// NAV-1: Workspaces view ↔ Current view, remembered per user.
#[component]
fn NavModeSwitch() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let option = move |mode: NavMode, text: Text| {
        view! {
            <button
                type="button"
                class="pb-segment"
                aria-pressed=move || (session.nav_mode.get() == mode).to_string()
                on:click=move |_| session.set_nav_mode(mode)
            >
                {move || t(lang.get(), text)}
            </button>
        }
    };
    view! {
        <div class="pb-nav-mode" role="group" aria-label=move || t(lang.get(), Text::NavigationMode)>
            {option(NavMode::Workspaces, Text::WorkspacesView)}
            {option(NavMode::Current, Text::CurrentView)}
        </div>
    }
}

/// Current view: MPN → Benefits → the areas, always beside the page.
#[component]
fn LeftNav() -> impl IntoView {
    let lang = use_session().lang;
    let location = use_location();
    let is_current = move |href: &str| {
        let path = location.pathname.get();
        path == href || path.starts_with(&format!("{href}/"))
    };
    view! {
        <nav class="pb-leftnav" aria-label=move || t(lang.get(), Text::Benefits)>
            <p class="pb-leftnav-heading">{move || t(lang.get(), Text::Mpn)}</p>
            <ul>
                <li>
                    <A href="/benefits" exact=true>
                        {move || t(lang.get(), Text::Benefits)}
                    </A>
                    <ul>
                        {Area::ALL
                            .into_iter()
                            .map(|area| {
                                let href = area.path();
                                let href_check = href.clone();
                                view! {
                                    <li class:pb-active=move || is_current(&href_check)>
                                        <A href=href>{move || t(lang.get(), area.title())}</A>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </li>
                <li>
                    <span class="pb-leftnav-group">{move || t(lang.get(), Text::Tracking)}</span>
                    <ul>
                        {tracking::PAGES
                            .into_iter()
                            .map(|(href, title, _)| {
                                view! {
                                    <li class:pb-active=move || is_current(href)>
                                        <A href=href>{move || t(lang.get(), title)}</A>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </li>
                <li>
                    <A href="/account">{move || t(lang.get(), Text::AreaAccount)}</A>
                </li>
            </ul>
        </nav>
    }
}
