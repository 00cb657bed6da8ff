//! The app's own router: where it keeps its location, which page a location shows, and the
//! one helper that builds every in-app URL ([`AppLocation::href`]).
//!
//! Why not leptos_router: its `<Router>` always uses `BrowserUrl`, which has no hash or
//! in-memory location (the `LocationProvider` it implements can't be swapped in, the
//! router's context is crate-private), listens to clicks on the whole `window` (taking
//! over a host page's own links) and leaves links starting with `/` without the base.
//! A partner deploys `dist/` into any folder of any static host, some of which can't send
//! `index.html` for unknown paths, so the location is chosen without a rebuild
//! (`<meta name="pb-routing">`):
//! - **path** (default): `/folder/benefits/azure/1101`: for hosts that answer every unknown
//!   path with `index.html` (the bundled server, nginx/Caddy `try_files`, Netlify);
//! - **hash**: `/folder/#/benefits/azure/1101`: for hosts that can do nothing else;
//! - **memory**: the URL is never touched (an app embedded in someone else's page).
//!
//! The folder the app lives in (its root) is what `index.html`'s first script found and
//! wrote into `<base href>` before any asset loaded; in-app paths are always `/…` below it.

use crate::areas::Area;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where the location lives (see the module's docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Path,
    Hash,
    Memory,
}

impl Mode {
    pub fn from_key(key: &str) -> Option<Mode> {
        match key.trim() {
            "path" => Some(Mode::Path),
            "hash" => Some(Mode::Hash),
            "memory" => Some(Mode::Memory),
            _ => None,
        }
    }
}

/// The first path segments the app's pages live under (what `index.html`'s root finder
/// knows too: `tests/spa.rs` checks they agree).
pub const TOP_SEGMENTS: [&str; 5] = ["benefits", "account", "tracking", "membership", "setup"];

/// What a location shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// `/`: the app's start, sent on to the Benefits home.
    Start,
    Home,
    Area(Area),
    Account,
    ChangePassword,
    /// OFR-1 … OFR-3: the membership offers.
    MembershipOffers,
    /// SET-1: the one-time setup page (shown without a sign-in).
    Setup,
    WhoHasWhat,
    BulkAssignment,
    AuditLog,
    Insights,
    NotFound,
}

/// The page of an in-app path and the ID in it (an expanded row: `/benefits/azure/1101`).
pub fn page_of(path: &str) -> (Page, Option<i64>) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let id = |s: &str| s.parse::<i64>().ok();
    match segments.as_slice() {
        [] => (Page::Start, None),
        ["benefits"] => (Page::Home, None),
        ["benefits", slug] => match Area::from_slug(slug) {
            Some(area) => (Page::Area(area), None),
            None => (Page::NotFound, None),
        },
        ["benefits", slug, row] => match (Area::from_slug(slug), id(row)) {
            (Some(area), Some(row)) if area.has_rows() => (Page::Area(area), Some(row)),
            _ => (Page::NotFound, None),
        },
        ["account"] => (Page::Account, None),
        ["account", "password"] => (Page::ChangePassword, None),
        ["membership"] => (Page::MembershipOffers, None),
        ["setup"] => (Page::Setup, None),
        ["tracking", "who-has-what"] => (Page::WhoHasWhat, None),
        ["tracking", "bulk"] => (Page::BulkAssignment, None),
        ["tracking", "audit"] => (Page::AuditLog, None),
        ["tracking", "insights"] => (Page::Insights, None),
        _ => (Page::NotFound, None),
    }
}

/// Splits `/path?query#…` into the path (always starting with `/`) and the query.
pub fn split_location(location: &str) -> (String, String) {
    let location = location.split('#').next().unwrap_or_default();
    let (path, query) = location.split_once('?').unwrap_or((location, ""));
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    (path, query.to_string())
}

/// The app's location: the in-app path and query, and how they map to the browser's URL.
#[derive(Clone, Copy)]
pub struct AppLocation {
    /// The in-app path, e.g. `/benefits/azure/1101` (below the app's root folder).
    pub path: RwSignal<String>,
    /// The query string, without `?`.
    pub query: RwSignal<String>,
    mode: Mode,
    /// The folder the app is served from, e.g. `/partners/benefits/` (always ends with `/`).
    root: StoredValue<String>,
    /// What the hash starts with in hash mode: nothing for the app on its own page, `pb=`
    /// for a widget in a host page (`#pb=/benefits/azure`, beside the host's own anchors).
    hash_prefix: &'static str,
}

impl AppLocation {
    /// From the page: `<meta name="pb-routing">` (path by default), the root folder from
    /// `<base href>` (set by `index.html`), the current URL.
    pub fn from_document() -> AppLocation {
        let document = web_sys::window().and_then(|w| w.document());
        let meta = |name: &str| {
            document
                .as_ref()
                .and_then(|d| d.query_selector(&format!("meta[name={name}]")).ok().flatten())
                .and_then(|m| m.get_attribute("content"))
        };
        let mode = meta("pb-routing")
            .and_then(|m| Mode::from_key(&m))
            .unwrap_or(Mode::Path);
        let root = document
            .as_ref()
            .and_then(|d| d.base_uri().ok().flatten())
            .and_then(|base| web_sys::Url::new(&base).ok())
            .map(|url| url.pathname())
            .map(|p| folder_of(&p))
            .unwrap_or_else(|| "/".to_string());
        AppLocation::new(mode, root)
    }

    pub fn new(mode: Mode, root: String) -> AppLocation {
        let location = AppLocation {
            path: RwSignal::new("/".into()),
            query: RwSignal::new(String::new()),
            mode,
            root: StoredValue::new(root),
            hash_prefix: "",
        };
        location.read_browser();
        location
    }

    /// A widget's location (EMB-3): in memory (the host's URL untouched) or in the host's
    /// hash after `#pb=`; `start` when there is none yet (the host's `area` attribute).
    pub fn for_widget(mode: Mode, start: &str) -> AppLocation {
        let mode = if mode == Mode::Hash {
            Mode::Hash
        } else {
            Mode::Memory
        };
        let location = AppLocation {
            path: RwSignal::new(start.to_string()),
            query: RwSignal::new(String::new()),
            mode,
            root: StoredValue::new("/".into()),
            hash_prefix: "pb=",
        };
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        if hash.starts_with("#pb=") {
            location.read_browser();
        } else if mode == Mode::Hash && hash.is_empty() {
            // The first page goes into the hash too (no new history entry), so a reload
            // comes back to it; a hash of the host's own is left alone.
            location.navigate(start, true);
        }
        location
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The page shown now, and the ID in its path.
    pub fn page(&self) -> (Page, Option<i64>) {
        self.path.with(|p| page_of(p))
    }

    /// The URL of an in-app path (`/benefits/azure`, possibly with `?query`) for an `href`:
    /// under the root folder in path mode, `#/…` in hash mode (and in memory mode, where
    /// clicks never reach the browser but "open in new tab" still gets something sensible).
    pub fn href(&self, app_path: &str) -> String {
        match self.mode {
            Mode::Path => self
                .root
                .with_value(|root| format!("{root}{}", app_path.trim_start_matches('/'))),
            Mode::Hash | Mode::Memory => format!("#{}{app_path}", self.hash_prefix),
        }
    }

    /// Goes to an in-app path (with `?query` if any). `replace`: no new history entry (a
    /// filter typed into the URL, a redirect).
    pub fn navigate(&self, app_path: &str, replace: bool) {
        let (path, query) = split_location(app_path);
        let same_page = self.path.with_untracked(|p| page_of(p).0) == page_of(&path).0;
        if let Some(window) = web_sys::window() {
            match self.mode {
                Mode::Path => {
                    if let Ok(history) = window.history() {
                        let url = self.href(app_path);
                        let _ = if replace {
                            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
                        } else {
                            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
                        };
                    }
                }
                // Against this document's own URL, not `<base href>` (which `#…` in an href
                // or `location.replace` would be resolved against: a page load elsewhere).
                Mode::Hash => {
                    let hash = self.href(app_path);
                    if replace {
                        let location = window.location();
                        let here = format!(
                            "{}{}{hash}",
                            location.pathname().unwrap_or_default(),
                            location.search().unwrap_or_default()
                        );
                        if let Ok(history) = window.history() {
                            let _ =
                                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&here));
                        }
                    } else {
                        let _ = window.location().set_hash(&hash);
                    }
                }
                Mode::Memory => {}
            }
            // A new page starts at the top, on the app's own page only: a widget never
            // scrolls its host's window.
            if !same_page && self.mode != Mode::Memory && self.hash_prefix.is_empty() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
        self.set(path, query);
    }

    fn set(&self, path: String, query: String) {
        if self.path.get_untracked() != path {
            self.path.set(path);
        }
        if self.query.get_untracked() != query {
            self.query.set(query);
        }
    }

    /// Takes the location from the browser's URL (at start, and after back/forward).
    pub fn read_browser(&self) {
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        let (path, query) = match self.mode {
            Mode::Path => {
                let pathname = location.pathname().unwrap_or_default();
                let below_root = self
                    .root
                    .with_value(|root| pathname.strip_prefix(root.as_str()).map(str::to_string))
                    .unwrap_or_default();
                let search = location.search().unwrap_or_default();
                (
                    format!("/{below_root}"),
                    search.trim_start_matches('?').to_string(),
                )
            }
            Mode::Hash => {
                let hash = location.hash().unwrap_or_default();
                let Some(ours) = hash.trim_start_matches('#').strip_prefix(self.hash_prefix) else {
                    return;
                };
                split_location(ours)
            }
            Mode::Memory => return,
        };
        self.set(path, query);
    }

    /// Back/forward: `popstate` (path mode) or `hashchange` (hash mode, also a hand-typed
    /// hash). Removed when the app's owner is cleaned up.
    pub fn follow_the_browser(&self) {
        let location = *self;
        let handle = match self.mode {
            Mode::Path => Some(window_event_listener(leptos::ev::popstate, move |_| {
                location.read_browser()
            })),
            Mode::Hash => Some(window_event_listener(leptos::ev::hashchange, move |_| {
                location.read_browser()
            })),
            Mode::Memory => None,
        };
        if let Some(handle) = handle {
            on_cleanup(move || handle.remove());
        }
    }

    /// A click inside the app on a link to one of its own pages: handled here instead of
    /// loading the page anew (path and memory modes; in hash mode the browser only changes
    /// the hash). Clicks outside the app's element never come here.
    pub fn intercept_click(&self, event: &web_sys::MouseEvent) {
        if event.default_prevented()
            || event.button() != 0
            || event.meta_key()
            || event.ctrl_key()
            || event.shift_key()
            || event.alt_key()
        {
            return;
        }
        let Some(anchor) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        if anchor.has_attribute("download") || !matches!(anchor.target().as_str(), "" | "_self") {
            return;
        }
        // Hash and memory modes: `#/…` links are ours as written (resolved, they would point
        // below `<base href>`, not this document).
        let written = anchor.get_attribute("href").unwrap_or_default();
        let app_path = match self.mode {
            Mode::Path => self.app_path_of(&anchor.href()),
            Mode::Hash | Mode::Memory => written
                .strip_prefix('#')
                .and_then(|h| h.strip_prefix(self.hash_prefix))
                .filter(|p| p.starts_with('/'))
                .map(str::to_string),
        };
        let Some(app_path) = app_path else {
            return;
        };
        event.prevent_default();
        self.navigate(&app_path, false);
    }

    /// The in-app path (with query) of a full URL in path mode, if it is one of the app's.
    fn app_path_of(&self, href: &str) -> Option<String> {
        let url = web_sys::Url::new(href).ok()?;
        let here = web_sys::window()?.location().origin().ok()?;
        if url.origin() != here {
            return None;
        }
        let pathname = url.pathname();
        let below = self
            .root
            .with_value(|root| pathname.strip_prefix(root.as_str()).map(str::to_string))?;
        Some(format!("/{below}{}", url.search()))
    }

    /// One query parameter, tracked.
    pub fn query_param(&self, key: &str) -> Option<String> {
        self.query
            .with(|q| form_pairs(q).into_iter().find(|(k, _)| k == key).map(|(_, v)| v))
    }
}

/// `a=1&b=two%20words` → pairs, decoded.
pub fn form_pairs(query: &str) -> Vec<(String, String)> {
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(query) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    if let Ok(Some(iterator)) = js_sys::try_iter(&params) {
        for entry in iterator.flatten() {
            let entry: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
                pairs.push((k, v));
            }
        }
    }
    pairs
}

/// `/a/b/index.html` → `/a/b/`; `/a/b/` stays.
fn folder_of(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => path[..=i].to_string(),
        None => "/".to_string(),
    }
}

pub fn use_location() -> AppLocation {
    expect_context::<AppLocation>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_page_has_its_path() {
        assert_eq!(page_of("/"), (Page::Start, None));
        assert_eq!(page_of("/benefits"), (Page::Home, None));
        assert_eq!(page_of("/benefits/"), (Page::Home, None));
        assert_eq!(page_of("/benefits/azure"), (Page::Area(Area::AzureCloud), None));
        assert_eq!(
            page_of("/benefits/azure/1101"),
            (Page::Area(Area::AzureCloud), Some(1101))
        );
        assert_eq!(page_of("/benefits/technical/1401"), (Page::NotFound, None));
        assert_eq!(page_of("/benefits/azure/x"), (Page::NotFound, None));
        assert_eq!(page_of("/benefits/nope"), (Page::NotFound, None));
        assert_eq!(page_of("/account/password"), (Page::ChangePassword, None));
        assert_eq!(page_of(crate::offers::PATH), (Page::MembershipOffers, None));
        assert_eq!(page_of("/setup"), (Page::Setup, None));
        assert_eq!(page_of(crate::tracking::AUDIT), (Page::AuditLog, None));
        assert_eq!(page_of("/somewhere"), (Page::NotFound, None));
    }

    #[wasm_bindgen_test]
    fn a_location_splits_into_path_and_query() {
        assert_eq!(
            split_location("/tracking/audit?area=azure"),
            ("/tracking/audit".into(), "area=azure".into())
        );
        assert_eq!(split_location("benefits"), ("/benefits".into(), String::new()));
        assert_eq!(split_location(""), ("/".into(), String::new()));
        assert_eq!(folder_of("/a/b/index.html"), "/a/b/");
        assert_eq!(folder_of("/"), "/");
    }
}
