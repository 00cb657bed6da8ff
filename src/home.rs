//! The Benefits home (area tiles in Workspaces view) and the areas still to come.

use crate::areas::Area;
use crate::components::Breadcrumbs;
use crate::i18n::{t, Text};
use crate::session::{use_session, NavMode};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn BenefitsHome() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let tiles = move || session.nav_mode.get() == NavMode::Workspaces;
    view! {
        <Breadcrumbs />
        <h1>{move || t(lang.get(), Text::Benefits)}</h1>
        <p class="pb-intro">{move || t(lang.get(), Text::BenefitsIntro)}</p>
        <ul class="pb-tiles" class:pb-tiles-list=move || !tiles() data-testid="area-tiles">
            {Area::ALL
                .into_iter()
                .map(|area| {
                    view! {
                        <li>
                            <A href=area.path()>
                                <span class="pb-tile-title">{move || t(lang.get(), area.title())}</span>
                                <span class="pb-tile-blurb">{move || t(lang.get(), area.blurb())}</span>
                            </A>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <h2>{move || t(lang.get(), Text::Tracking)}</h2>
        <ul class="pb-tiles" class:pb-tiles-list=move || !tiles() data-testid="tracking-tiles">
            {crate::tracking::PAGES
                .into_iter()
                .map(|(href, title, blurb)| {
                    view! {
                        <li>
                            <A href=href>
                                <span class="pb-tile-title">{move || t(lang.get(), title)}</span>
                                <span class="pb-tile-blurb">{move || t(lang.get(), blurb)}</span>
                            </A>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// An area that exists in the navigation but not yet as a page.
#[component]
pub fn ComingSoon() -> impl IntoView {
    let lang = use_session().lang;
    let params = use_params_map();
    let location = use_location();
    let title = move || {
        if location.pathname.get() == "/account" {
            return Some(Text::AreaAccount);
        }
        params
            .read()
            .get("area")
            .and_then(|slug| Area::from_slug(&slug))
            .map(Area::title)
    };
    move || match title() {
        Some(title) => view! {
            <Breadcrumbs current=title />
            <h1>{move || t(lang.get(), title)}</h1>
            <p class="pb-coming">{move || t(lang.get(), Text::ComingSoon)}</p>
            <p>
                <a href="/benefits">{move || t(lang.get(), Text::BackToBenefits)}</a>
            </p>
        }
        .into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_session().lang;
    view! {
        <h1>{move || t(lang.get(), Text::NotFound)}</h1>
        <p>
            <a href="/benefits">{move || t(lang.get(), Text::BackToBenefits)}</a>
        </p>
    }
}
