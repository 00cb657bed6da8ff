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
//!
//! A chunk that doesn't arrive (a phone losing its connection) is an error the page shows
//! with "Try again", never a crash: the split points are `fallible`.

use crate::areas::Area;
use crate::routing::Page;
use leptos::prelude::*;

/// A page's code did not arrive (the browser console has the network's reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageNotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for PageNotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PageNotLoaded
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

/// The split points: `$name(arg)` shows the page once its chunk is there; `$preload()`
/// only fetches the chunk (to start it early).
macro_rules! split_pages {
    ($($(#[$doc:meta])* $name:ident / $preload:ident ($arg:ident: $ty:ty) => $view:ident;)*) => {$(
        $(#[$doc])*
        #[cfg(pb_split)]
        #[leptos::wasm_split::wasm_split(
            $name,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($preload)
        )]
        pub fn $name($arg: $ty) -> Result<AnyView, PageNotLoaded> {
            Ok($view($arg))
        }
        $(#[$doc])*
        #[cfg(not(pb_split))]
        pub async fn $name($arg: $ty) -> Result<AnyView, PageNotLoaded> {
            Ok($view($arg))
        }
        #[cfg(not(pb_split))]
        pub async fn $preload() -> Result<(), leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    )*};
}

split_pages! {
    /// A benefit area's page (Software, Azure, Visual Studio, Technical, Go-To-Market).
    benefit_area / preload_benefit_area(area: Area) => area_view;
    /// A page that manages the company: Account settings, Membership offers, Tracking, password.
    company_page / preload_company_page(page: Page) => company_view;
    /// The first-run setup or the forced new password.
    before_the_workspace / preload_before_the_workspace(page: Before) => before_view;
}

/// Starts fetching the chunk of the page at `page`, if it has one, without showing it: at
/// start, the chunk arrives while the session and the data are asked for.
pub fn preload_for(page: Page) {
    leptos::task::spawn_local(async move {
        // A failure shows when the page is rendered (with "Try again"); nothing to do here.
        let _ = match page {
            Page::Area(_) => preload_benefit_area().await,
            Page::Setup => preload_before_the_workspace().await,
            Page::Account
            | Page::MembershipOffers
            | Page::ChangePassword
            | Page::WhoHasWhat
            | Page::BulkAssignment
            | Page::AuditLog
            | Page::Insights => preload_company_page().await,
            Page::Start | Page::Home | Page::NotFound => Ok(()),
        };
    });
}

/// The benefit areas' chunk, fetched once the Benefits home shows: its tiles lead there.
pub fn preload_benefit_areas() {
    leptos::task::spawn_local(async {
        let _ = preload_benefit_area().await;
    });
}
