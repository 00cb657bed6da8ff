//! The app shell: sign-in gate, top bar, both navigation modes (NAV-1) and the routes.

use crate::api;
use crate::areas::Area;
use crate::components::{LanguagePicker, ThemePicker, ToastRegion, Toasts};
use crate::data::WorkspaceData;
use crate::home::{BenefitsHome, NotFound};
use crate::i18n::{t, Text};
use crate::pages;
use crate::reminders::ReminderButton;
use crate::routing::{use_location, AppLocation, Page};
use crate::session::{use_session, NavMode, Session};
use crate::sign_in::SignIn;
use crate::tracking;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How an instance of the app runs: on its own page, or as a widget inside a host's page
/// (EMB-3), which hands in the API, the location and its element.
pub struct Setup {
    pub api: api::Api,
    pub location: AppLocation,
    /// The widget's element (events go to it); `None` for the app on its own page.
    pub host: Option<web_sys::HtmlElement>,
    /// The language the host asked for (its `lang` attribute).
    pub lang: Option<benefits_domain::Lang>,
}

/// The app on its own page.
#[component]
pub fn App() -> impl IntoView {
    let setup = Setup {
        api: api::Api::from_document(),
        location: AppLocation::from_document(),
        host: None,
        lang: None,
    };
    view! { <AppIn setup=setup /> }
}

/// The app with the given [`Setup`].
#[component]
pub fn AppIn(setup: Setup) -> impl IntoView {
    let Setup {
        api,
        location,
        host,
        lang: host_lang,
    } = setup;
    let session = Session::new();
    if let Some(lang) = host_lang {
        session.lang.set(lang);
    }
    provide_context(session);
    provide_context(api);
    provide_context(Toasts::new());
    let lang = session.lang;
    // Where the app keeps its location: path, hash or memory (`routing`).
    provide_context(location);
    location.follow_the_browser();
    // Until the first /me answers we don't know whether to show sign-in.
    let checked = RwSignal::new(false);
    // Every area page reads the same workspace; its request starts now, beside /me.
    let data = WorkspaceData::new(session);
    provide_context(data);
    data.prefetch();
    // The first page's code, if it is a chunk, comes beside /me and the data, not after.
    pages::preload_for(location.page().0);
    spawn_local(async move {
        let l = lang.get_untracked();
        let mut answer = api.me_early_or_now(l).await;
        // A widget signed in by its host's tokens says it could not sign in only after a
        // second try with a fresh token: its first can meet a passing failure (a phone's
        // connection, the host's token endpoint, a refused token).
        if api.uses_tokens() && answer.is_err() {
            if let Err(e) = &answer {
                web_sys::console::warn_1(
                    &format!(
                        "sign-in by the host's token: {} {}; trying once more",
                        e.status, e.body.code
                    )
                    .into(),
                );
            }
            api.forget_token();
            crate::api::pause(std::time::Duration::from_millis(500)).await;
            answer = api.me(l).await;
        }
        if let Ok(me) = answer {
            session.signed_in(me);
        }
        checked.set(true);
    });
    match &host {
        // The page is the app's: its language is the page's.
        None => {
            Effect::new(move |_| {
                if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                    if let Some(root) = document.document_element() {
                        let _ = root.set_attribute("lang", lang.get().code());
                    }
                }
            });
        }
        // A widget changes nothing of its host's page; it tells the host what happens.
        Some(host) => crate::widget::tell_the_host(host.clone(), checked, session, location),
    }

    view! {
        // Links to the app's own pages are followed here, and only here: a click anywhere
        // else in the page is not the app's.
        <div
            class="pb-app"
            class:pb-widget=host.is_some()
            lang=move || lang.get().code()
            data-theme=move || session.theme.get().key()
            data-ready=move || checked.get().then_some("true")
            on:click=move |ev| location.intercept_click(&ev)
        >
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
                    // A widget signed in by its host's tokens has no password form: the
                    // host signs people in (EMB-2).
                    (true, None) if api.uses_tokens() => view! {
                        <p class="pb-error" role="alert" data-testid="widget-not-signed-in">
                            {move || t(lang.get(), Text::WidgetNotSignedIn)}
                        </p>
                    }
                    .into_any(),
                    // SET-1: the one-time setup page is for someone not signed in yet.
                    (true, None) if location.page().0 == Page::Setup => {
                        lazy_page(|| pages::before_the_workspace(pages::Before::Setup))
                    }
                    (true, None) => view! { <SignIn /> }.into_any(),
                    (true, Some(true)) => lazy_page(|| pages::before_the_workspace(pages::Before::NewPassword)),
                    (true, Some(false)) => view! { <Shell /> }.into_any(),
                }}
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
    // On a narrow screen the Current view's navigation folds behind a menu button (CSS shows
    // the button and hides the closed navigation only there); a new page closes it.
    let nav_open = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        location.path.track();
        nav_open.set(false);
    });
    let lang = session.lang;
    view! {
        <TopBar />
        <div class="pb-body" class:pb-with-nav=current_view class:pb-nav-open=move || nav_open.get()>
            <Show when=current_view>
                <button type="button" class="pb-secondary pb-menu-button" aria-controls="pb-leftnav"
                    aria-expanded=move || nav_open.get().to_string()
                    on:click=move |_| nav_open.update(|open| *open = !*open)>
                    {move || t(lang.get(), Text::Menu)}
                </button>
                <LeftNav />
            </Show>
            <main class="pb-main" id="main">
                <CurrentPage />
            </main>
        </div>
    }
}

/// The page of the current location. Only a change of page renders anew: a row's ID in the
/// URL (an expanded row) is read by the page itself, so expanding keeps the page and focus.
#[component]
fn CurrentPage() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.page().0);
    move || match page.get() {
        Page::Start => {
            // `/`: on to the Benefits home, without a history entry.
            request_animation_frame(move || location.navigate("/benefits", true));
            ().into_any()
        }
        Page::Home => view! { <BenefitsHome /> }.into_any(),
        Page::Area(area) => lazy_page(move || pages::benefit_area(area)),
        // Signed in already: the setup is done; on to the Benefits home.
        Page::Setup => {
            request_animation_frame(move || location.navigate("/benefits", true));
            ().into_any()
        }
        page @ (Page::Account
        | Page::MembershipOffers
        | Page::ChangePassword
        | Page::WhoHasWhat
        | Page::BulkAssignment
        | Page::AuditLog
        | Page::Insights) => lazy_page(move || pages::company_page(page)),
        Page::NotFound => view! { <NotFound /> }.into_any(),
    }
}

/// A page whose code may still be on its way (`pages`): "Loading…" until it is there; if it
/// doesn't arrive, says so next to a "Try again" that fetches it anew.
fn lazy_page<F>(load: impl Fn() -> F + Send + Sync + 'static) -> AnyView
where
    F: std::future::Future<Output = Result<AnyView, pages::PageNotLoaded>> + Send + 'static,
{
    let lang = use_session().lang;
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=move || view! {
            <p class="pb-loading" aria-busy="true">{move || t(lang.get(), Text::Loading)}</p>
        }>
            {move || {
                attempt.track();
                let page = load();
                Suspend::new(async move {
                    match page.await {
                        Ok(page) => page,
                        Err(pages::PageNotLoaded) => view! {
                            <div class="pb-error" role="alert" data-testid="page-not-loaded">
                                <p>{move || t(lang.get(), Text::PageNotLoaded)}</p>
                                <button type="button" class="pb-secondary" on:click=move |_| attempt.update(|n| *n += 1)>
                                    {move || t(lang.get(), Text::TryAgain)}
                                </button>
                            </div>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
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
    let api = api::use_api();
    let sign_out = move |_| data.sign_out();
    let home = use_location().href("/benefits");
    view! {
        <header class="pb-topbar">
            <a class="pb-brand" href=home>
                {move || t(lang.get(), Text::AppName)}
            </a>
            <span class="pb-company" data-testid="company">
                {company}
            </span>
            <NavModeSwitch />
            <ReminderButton />
            <LanguagePicker />
            <ThemePicker />
            <span class="pb-user">
                <span data-testid="user-name">{user}</span>
                <span class="pb-roles" data-testid="user-roles">
                    {roles}
                </span>
            </span>
            // In a widget signed in by its host, signing out is the host's (it removes the
            // widget or stops giving tokens).
            <Show when=move || !api.uses_tokens()>
                <button type="button" class="pb-secondary" on:click=sign_out>
                    {move || t(lang.get(), Text::SignOut)}
                </button>
            </Show>
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
    // The link of the page shown (or of the page whose row is shown) is marked current.
    let is_current = move |app_path: &str, exact: bool| {
        location
            .path
            .with(|path| path == app_path || (!exact && path.starts_with(&format!("{app_path}/"))))
    };
    let link = move |app_path: String, title: Text, exact: bool| {
        let href = location.href(&app_path);
        let current = Signal::derive(move || is_current(&app_path, exact));
        view! {
            <li class:pb-active=current>
                <a href=href aria-current=move || current.get().then_some("page")>
                    {move || t(lang.get(), title)}
                </a>
            </li>
        }
    };
    let benefits = location.href("/benefits");
    view! {
        <nav class="pb-leftnav" id="pb-leftnav" aria-label=move || t(lang.get(), Text::Benefits)>
            <p class="pb-leftnav-heading">{move || t(lang.get(), Text::Mpn)}</p>
            <ul>
                <li>
                    <a href=benefits aria-current=move || is_current("/benefits", true).then_some("page")>
                        {move || t(lang.get(), Text::Benefits)}
                    </a>
                    <ul>
                        {Area::ALL
                            .into_iter()
                            .map(|area| link(area.path(), area.title(), false))
                            .collect_view()}
                    </ul>
                </li>
                <li>
                    <span class="pb-leftnav-group">{move || t(lang.get(), Text::Tracking)}</span>
                    <ul>
                        {tracking::PAGES
                            .into_iter()
                            .map(|(href, title, _)| link(href.into(), title, false))
                            .collect_view()}
                    </ul>
                </li>
                {link(crate::offers::PATH.into(), Text::Membership, false)}
                {link("/account".into(), Text::AreaAccount, false)}
            </ul>
        </nav>
    }
}
