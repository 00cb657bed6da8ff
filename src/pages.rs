//! Every page but the Benefits home, loaded when it is first opened (issue 20). In the
//! release build (`--cfg pb_split`, which `cargo xtask build` sets and then splits the wasm
//! at these functions) the pages are wasm chunks; the first load carries only the shell,
//! sign-in and the home. Without it (tests, `cargo check`, a plain `trunk build`) the same
//! functions are plain `async fn`s, ready at once: the same behaviour.
//!
//! Three chunks, not one per page: a chunk is fetched with every piece of code it shares
//! with other chunks, and one chunk per page made ~80 requests for one page (a second or
//! more on a phone's 150 ms round trips). The benefit areas go together, the pages that
//! manage the company (people, membership, tracking) too, and the two pages someone may
//! meet before the workspace (first-run setup, the forced new password: ACC-1).

use crate::areas::Area;
use crate::routing::Page;
use leptos::prelude::*;

fn area_view(area: Area) -> AnyView {
    match area {
        Area::VisualStudio => crate::visual_studio::VisualStudioPage().into_any(),
        Area::AzureCloud => crate::azure::AzurePage().into_any(),
        Area::Software => crate::software::SoftwarePage().into_any(),
        Area::Technical => crate::technical::TechnicalPage().into_any(),
        Area::GoToMarket => crate::go_to_market::GoToMarketPage().into_any(),
    }
}

fn company_view(page: Page) -> AnyView {
    match page {
        Page::Account => crate::account::AccountPage().into_any(),
        Page::MembershipOffers => crate::offers::MembershipOffersPage().into_any(),
        Page::ChangePassword => crate::password::ChangePasswordPage().into_any(),
        Page::WhoHasWhat => crate::tracking::WhoHasWhatPage().into_any(),
        Page::BulkAssignment => crate::tracking::BulkAssignmentPage().into_any(),
        Page::AuditLog => crate::tracking::AuditLogPage().into_any(),
        Page::Insights => crate::tracking::InsightsPage().into_any(),
        _ => crate::home::NotFound().into_any(),
    }
}

/// A page before the workspace: the first-run setup (SET-1) or choosing a new password
/// after a temporary one (ACC-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Before {
    Setup,
    NewPassword,
}

fn before_view(page: Before) -> AnyView {
    match page {
        Before::Setup => crate::first_run::FirstRunSetup().into_any(),
        Before::NewPassword => crate::password::ChooseNewPassword().into_any(),
    }
}

#[cfg(pb_split)]
#[leptos::lazy]
pub fn before_the_workspace(page: Before) -> AnyView {
    before_view(page)
}

#[cfg(not(pb_split))]
pub async fn before_the_workspace(page: Before) -> AnyView {
    before_view(page)
}

/// A benefit area's page (Software, Azure, Visual Studio, Technical, Go-To-Market).
#[cfg(pb_split)]
#[leptos::lazy]
pub fn benefit_area(area: Area) -> AnyView {
    area_view(area)
}

/// A page that manages the company: Account settings, Membership offers, Tracking, password.
#[cfg(pb_split)]
#[leptos::lazy]
pub fn company_page(page: Page) -> AnyView {
    company_view(page)
}

#[cfg(not(pb_split))]
pub async fn benefit_area(area: Area) -> AnyView {
    area_view(area)
}

#[cfg(not(pb_split))]
pub async fn company_page(page: Page) -> AnyView {
    company_view(page)
}
