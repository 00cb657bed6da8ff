//! Small shared pieces: toasts, breadcrumbs, the language picker.

use crate::i18n::{t, Text};
use crate::session::use_session;
use benefits_domain::{Lang, User, UserId, Violation};
use leptos::prelude::*;

/// Success and failure messages, announced politely to screen readers.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<(u32, bool, String)>>,
    next: StoredValue<u32>,
}

impl Toasts {
    pub fn new() -> Toasts {
        Toasts {
            items: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        }
    }

    pub fn success(&self, message: impl Into<String>) {
        self.push(true, message.into());
    }

    pub fn failure(&self, message: impl Into<String>) {
        self.push(false, message.into());
    }

    fn push(&self, ok: bool, message: String) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|items| items.push((id, ok, message)));
        let items = self.items;
        set_timeout(
            move || items.update(|list| list.retain(|(i, _, _)| *i != id)),
            std::time::Duration::from_secs(6),
        );
    }

    fn dismiss(&self, id: u32) {
        self.items.update(|list| list.retain(|(i, _, _)| *i != id));
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Toasts::new()
    }
}

/// The server's refusal of the last action at `place`, shown next to that action.
#[component]
pub fn ActionError(
    /// Which action's refusal to show.
    place: crate::data::Place,
    /// The element's ID, for `aria-describedby`.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let data = crate::data::use_workspace();
    view! {
        <p class="pb-error" role="alert" id=id data-testid="action-error">
            {move || data.refusal_at(place)}
        </p>
    }
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let lang = use_session().lang;
    view! {
        <div class="pb-toasts" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|(id, _, _)| *id let:item>
                <div class="pb-toast" class:pb-toast-error=!item.1>
                    <span>{item.2.clone()}</span>
                    <button
                        type="button"
                        class="pb-toast-close"
                        aria-label=move || t(lang.get(), Text::Close)
                        on:click=move |_| toasts.dismiss(item.0)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}

/// Where the user is: Dashboard › Benefits › area (Workspaces view) or MPN › Benefits › area.
#[component]
pub fn Breadcrumbs(
    /// The current page's title; `None` on the Benefits home itself.
    #[prop(optional)]
    current: Option<Text>,
) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let home = crate::routing::use_location().href("/benefits");
    let root = move || match session.nav_mode.get() {
        crate::session::NavMode::Workspaces => Text::Dashboard,
        crate::session::NavMode::Current => Text::Mpn,
    };
    view! {
        <nav class="pb-breadcrumbs" aria-label=move || t(lang.get(), Text::Breadcrumb)>
            <ol>
                <li>{move || t(lang.get(), root())}</li>
                {match current {
                    Some(page) => {
                        view! {
                            <li>
                                <a href=home>{move || t(lang.get(), Text::Benefits)}</a>
                            </li>
                            <li aria-current="page">{move || t(lang.get(), page)}</li>
                        }
                            .into_any()
                    }
                    None => {
                        view! { <li aria-current="page">{move || t(lang.get(), Text::Benefits)}</li> }
                            .into_any()
                    }
                }}
            </ol>
        </nav>
    }
}

/// Light, dark or as the system says; remembered in this browser.
#[component]
pub fn ThemePicker() -> impl IntoView {
    use crate::session::Theme;
    let session = use_session();
    let lang = session.lang;
    let label = |theme: Theme| match theme {
        Theme::System => Text::ThemeSystem,
        Theme::Light => Text::ThemeLight,
        Theme::Dark => Text::ThemeDark,
    };
    view! {
        <label class="pb-language">
            <span>{move || t(lang.get(), Text::Theme)}</span>
            <select
                data-testid="theme"
                on:change=move |ev| {
                    if let Some(theme) = Theme::from_key(&event_target_value(&ev)) {
                        session.set_theme(theme);
                    }
                }
            >
                {Theme::ALL
                    .into_iter()
                    .map(|theme| view! {
                        <option value=theme.key() selected=move || session.theme.get() == theme>
                            {move || t(lang.get(), label(theme))}
                        </option>
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Pick en / nl / de; remembered in this browser.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    view! {
        <label class="pb-language">
            <span>{move || t(lang.get(), Text::Language)}</span>
            <select
                data-testid="language"
                on:change=move |ev| {
                    if let Some(l) = Lang::from_tag(&event_target_value(&ev)) {
                        session.set_lang(l);
                    }
                }
            >
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.code() selected=move || lang.get() == l>
                                {l.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// "Select a user" + an action button, checked by the domain before it can be clicked:
/// disabled with the reason when the rule refuses (and ROLE-6's whom-to-ask in it).
#[component]
pub fn UserPickAction(
    /// Prefix of the element IDs (unique on the page).
    id: String,
    /// The select's label.
    label: Text,
    /// The button's text.
    button: Text,
    /// Whom the action can be given to.
    users: Vec<User>,
    /// Why the action is refused whoever is picked (disables everything).
    may: Option<Violation>,
    /// The refusal, if any, for the picked user.
    check: Callback<UserId, Option<Violation>>,
    /// Carries the action out for the picked user.
    submit: Callback<UserId>,
    /// A request is under way.
    pending: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_session().lang;
    let selected = RwSignal::new(None::<UserId>);
    let blocked = may.is_some();
    let may = StoredValue::new(may);
    let refusal = move || {
        may.get_value()
            .or_else(|| selected.get().and_then(|u| check.run(u)))
    };
    let reason = move || refusal().map(|v| v.message(lang.get()));
    let select_id = format!("{id}-user");
    let reason_id = format!("{id}-reason");
    let options = users
        .into_iter()
        .map(|u| {
            let guest = u.guest;
            view! {
                <option value=u.id.0.to_string()>
                    {format!("{} ({})", u.display_name, u.email)}
                    {move || guest.then(|| format!(" · {}", t(lang.get(), Text::Guest)))}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="pb-assign">
            <label for=select_id.clone()>{move || t(lang.get(), label)}</label>
            <select
                id=select_id
                disabled=move || blocked || pending.get()
                aria-describedby=reason_id.clone()
                on:change=move |ev| selected.set(event_target_value(&ev).parse::<i64>().ok().map(UserId))
            >
                <option value="" selected=true>{move || t(lang.get(), Text::ChooseUser)}</option>
                {options}
            </select>
            <button
                type="button"
                class="pb-primary"
                data-testid="action-button"
                disabled=move || refusal().is_some() || selected.get().is_none() || pending.get()
                aria-describedby=reason_id.clone()
                on:click=move |_| {
                    if let Some(user) = selected.get_untracked() {
                        submit.run(user);
                    }
                }
            >
                {move || t(lang.get(), if pending.get() { Text::Saving } else { button })}
            </button>
        </div>
        <p class="pb-reason" id=reason_id data-testid="action-reason">{reason}</p>
    }
}

/// NAV-3: the down arrow at the far right of a row; the expanded row has its own URL
/// (`{base}/{id}`), so reload, deep links and the back button work.
#[component]
pub fn ExpandButton(
    /// The row's ID, last segment of its URL.
    id: i64,
    /// The list's path.
    base: &'static str,
    /// The ID in the URL: which row is expanded.
    expanded: Memo<Option<i64>>,
    /// The element holding the row's details (`aria-controls`).
    controls: String,
    /// What the row is, for the button's accessible name.
    #[prop(into)]
    name: Signal<String>,
) -> impl IntoView {
    let lang = use_session().lang;
    let location = crate::routing::use_location();
    let is_open = move || expanded.get() == Some(id);
    let toggle = move |_| {
        let target = if is_open() {
            base.to_string()
        } else {
            format!("{base}/{id}")
        };
        location.navigate(&target, false);
    };
    view! {
        <button
            type="button"
            class="pb-expand"
            aria-expanded=move || is_open().to_string()
            aria-controls=controls
            aria-label=move || {
                let verb = if is_open() { Text::HideDetails } else { Text::ShowDetails };
                format!("{}: {}", t(lang.get(), verb), name.get())
            }
            on:click=toggle
        >
            <span aria-hidden="true" class="pb-arrow">"▾"</span>
        </button>
    }
}

/// A temporary password (ROLE-5, ACC-3) shown once: whose it is, the password large enough
/// to read out, and a copy button.
#[component]
pub fn OneTimePassword(
    /// Whose password it is.
    name: String,
    password: String,
) -> impl IntoView {
    let lang = use_session().lang;
    let copied = RwSignal::new(false);
    let to_copy = password.clone();
    let copy = move |_| {
        if copy_to_clipboard(&to_copy) {
            copied.set(true);
        }
    };
    view! {
        <div class="pb-one-time-password" role="status" data-testid="temporary-password">
            <p>
                {move || t(lang.get(), Text::TemporaryPasswordFor)}" "<strong data-testid="temporary-password-for">{name}</strong>
            </p>
            <p class="pb-password-line">
                <code data-testid="temporary-password-value">{password}</code>
                <button type="button" class="pb-secondary" on:click=copy>
                    {move || t(lang.get(), if copied.get() { Text::Copied } else { Text::Copy })}
                </button>
            </p>
            <p class="pb-hint">{move || t(lang.get(), Text::TemporaryPasswordOnce)}</p>
        </div>
    }
}

/// `navigator.clipboard.writeText(text)`; false where the browser has no clipboard API.
fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::{JsCast, JsValue};
    let call = || -> Option<()> {
        let navigator = web_sys::window()?.navigator();
        let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
        let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        write.call1(&clipboard, &JsValue::from_str(text)).ok()?;
        Some(())
    };
    call().is_some()
}
