//! The Benefits home (area tiles in Workspaces view) and the areas still to come.

use crate::areas::Area;
use crate::components::Breadcrumbs;
use crate::data::use_workspace;
use crate::i18n::{t, Text};
use crate::routing::use_location;
use crate::session::{use_session, NavMode};
use benefits_domain::wire::WorkspaceView;
use benefits_domain::Lang;
use leptos::prelude::*;

/// Tiles of plain links (path, title, blurb): as tiles in the Workspaces view, a list in the
/// Current view.
#[component]
fn LinkTiles(testid: &'static str, pages: Vec<(&'static str, Text, Text)>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let location = use_location();
    let tiles = move || session.nav_mode.get() == NavMode::Workspaces;
    view! {
        <ul class="pb-tiles" class:pb-tiles-list=move || !tiles() data-testid=testid>
            {pages
                .into_iter()
                .map(|(href, title, blurb)| view! {
                    <li>
                        <a href=location.href(href)>
                            <span class="pb-tile-title">{move || t(lang.get(), title)}</span>
                            <span class="pb-tile-blurb">{move || t(lang.get(), blurb)}</span>
                        </a>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn BenefitsHome() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let tiles = move || session.nav_mode.get() == NavMode::Workspaces;
    let location = use_location();
    // Once the home shows its data, the areas' code is fetched: its tiles lead there, and
    // on a phone the tap then doesn't wait for the network (issue 20).
    let data = crate::data::use_workspace();
    Effect::new(move |fetched: Option<bool>| {
        if fetched == Some(true) {
            return true;
        }
        let shown = data.view.with(|v| matches!(v, Some(Ok(_))));
        if shown {
            crate::pages::preload_benefit_areas();
        }
        shown
    });
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
                            <a href=location.href(&area.path())>
                                <span class="pb-tile-title">{move || t(lang.get(), area.title())}</span>
                                <span class="pb-tile-blurb">{move || t(lang.get(), area.blurb())}</span>
                                <TileCounters area=area />
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <h2>{move || t(lang.get(), Text::Tracking)}</h2>
        <LinkTiles testid="tracking-tiles" pages=crate::tracking::PAGES.to_vec() />
        <h2>{move || t(lang.get(), Text::YourCompany)}</h2>
        <LinkTiles
            testid="company-tiles"
            pages=vec![
                (crate::offers::PATH, Text::Membership, Text::MembershipBlurb),
                ("/account", Text::AreaAccount, Text::AccountBlurb),
            ]
        />
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_session().lang;
    let home = use_location().href("/benefits");
    view! {
        <h1>{move || t(lang.get(), Text::NotFound)}</h1>
        <p>
            <a href=home>{move || t(lang.get(), Text::BackToBenefits)}</a>
        </p>
    }
}

/// The figures an area's tile shows (RULES.md §8: counters on every pool).
pub fn tile_counters(area: Area, view: &WorkspaceView, lang: Lang) -> Vec<(Text, String)> {
    let pool = |c: benefits_domain::wire::Counters| {
        format!(
            "{} / {} · {} {}",
            c.assigned,
            c.allocated,
            c.available,
            t(lang, Text::Available).to_lowercase()
        )
    };
    match area {
        Area::Software => {
            let (used, max) = view
                .software
                .iter()
                .flat_map(|s| &s.activations)
                .fold((0, 0), |(u, m), a| (u + a.used(), m + a.maximum()));
            vec![(Text::ActivationsUsed, format!("{used} / {max}"))]
        }
        Area::AzureCloud => vec![
            (Text::Assigned, pool(view.counters.azure_credits)),
            (Text::Seats, pool(view.counters.licence_seats)),
        ],
        Area::VisualStudio => vec![(Text::Assigned, pool(view.counters.visual_studio))],
        Area::Technical => {
            let b = view.advisory.balance;
            vec![(Text::HoursLeft, format!("{} / {}", b.left(), b.total))]
        }
        Area::GoToMarket => {
            let active = view
                .go_to_market
                .iter()
                .filter(|o| {
                    !matches!(
                        o.status,
                        benefits_domain::go_to_market::GoToMarketStatus::Available
                    )
                })
                .count();
            vec![(
                Text::OffersActive,
                format!("{active} / {}", view.go_to_market.len()),
            )]
        }
    }
}

/// Counters on a tile of the Benefits home, once the workspace is loaded.
#[component]
fn TileCounters(area: Area) -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    move || {
        let l = lang.get();
        data.view.with(|v| match v {
            Some(Ok(view)) => Some(view! {
                <dl class="pb-tile-counters" data-testid=format!("tile-counters-{}", area.slug())>
                    {tile_counters(area, view, l)
                        .into_iter()
                        .map(|(label, value)| view! { <div><dt>{t(l, label)}</dt><dd>{value}</dd></div> })
                        .collect_view()}
                </dl>
            }),
            _ => None,
        })
    }
}
