//! Who is signed in, their language and navigation mode (NAV-1), shared through context.

use benefits_domain::wire::Me;
use benefits_domain::Lang;
use leptos::prelude::*;

/// NAV-1: the two ways to find the same areas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavMode {
    /// Dashboard tile "Benefits" → area tiles.
    Workspaces,
    /// MPN → Benefits → left navigation.
    Current,
}

impl NavMode {
    pub const fn key(self) -> &'static str {
        match self {
            NavMode::Workspaces => "workspaces",
            NavMode::Current => "current",
        }
    }

    pub fn from_key(key: &str) -> Option<NavMode> {
        [NavMode::Workspaces, NavMode::Current]
            .into_iter()
            .find(|m| m.key() == key)
    }
}

#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    pub lang: RwSignal<Lang>,
    pub nav_mode: RwSignal<NavMode>,
    /// Reminders this user dismissed (their IDs), remembered in this browser.
    pub dismissed: RwSignal<Vec<String>>,
    /// Light, dark, or as the system says (`prefers-color-scheme`), remembered here.
    pub theme: RwSignal<Theme>,
}

/// The colour theme chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// As the operating system says (`prefers-color-scheme`).
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub const fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_key(key: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.key() == key)
    }
}

const LANG_KEY: &str = "pb.lang";
const THEME_KEY: &str = "pb.theme";

fn nav_mode_key(me: &Me) -> String {
    format!("pb.nav-mode.{}.{}", me.company.id, me.user.id.0)
}

fn dismissed_key(me: &Me) -> String {
    format!("pb.dismissed.{}.{}", me.company.id, me.user.id.0)
}

impl Session {
    /// Language: the one chosen before (remembered), else the browser's, else English.
    pub fn new() -> Session {
        let lang = storage_get(LANG_KEY)
            .and_then(|l| Lang::from_tag(&l))
            .or_else(browser_lang)
            .unwrap_or_default();
        Session {
            me: RwSignal::new(None),
            lang: RwSignal::new(lang),
            nav_mode: RwSignal::new(NavMode::Workspaces),
            dismissed: RwSignal::new(Vec::new()),
            theme: RwSignal::new(
                storage_get(THEME_KEY)
                    .and_then(|t| Theme::from_key(&t))
                    .unwrap_or_default(),
            ),
        }
    }

    pub fn set_theme(&self, theme: Theme) {
        storage_set(THEME_KEY, theme.key());
        self.theme.set(theme);
    }

    pub fn set_lang(&self, lang: Lang) {
        storage_set(LANG_KEY, lang.code());
        self.lang.set(lang);
    }

    /// Signs the user in on this page, restoring their remembered navigation mode.
    pub fn signed_in(&self, me: Me) {
        let mode = storage_get(&nav_mode_key(&me))
            .and_then(|m| NavMode::from_key(&m))
            .unwrap_or(NavMode::Workspaces);
        self.nav_mode.set(mode);
        let dismissed = storage_get(&dismissed_key(&me)).unwrap_or_default();
        self.dismissed.set(
            dismissed
                .lines()
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
        );
        self.me.set(Some(me));
    }

    /// Hides a reminder for this user from now on (in this browser).
    pub fn dismiss(&self, reminder_id: &str) {
        self.dismissed.update(|d| d.push(reminder_id.to_string()));
        if let Some(me) = self.me.get_untracked() {
            storage_set(&dismissed_key(&me), &self.dismissed.get_untracked().join("\n"));
        }
    }

    /// NAV-1: switch and remember per user.
    pub fn set_nav_mode(&self, mode: NavMode) {
        if let Some(me) = self.me.get_untracked() {
            storage_set(&nav_mode_key(&me), mode.key());
        }
        self.nav_mode.set(mode);
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

fn browser_lang() -> Option<Lang> {
    let navigator = web_sys::window()?.navigator();
    navigator
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .chain(navigator.language())
        .find_map(|tag| Lang::from_tag(&tag))
}
