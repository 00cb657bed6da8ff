//! The notification area: expiry and renewal reminders (30 / 15 / 0 days, expired,
//! renewal window), computed from the workspace by the domain, dismissible per user.

use crate::data::use_workspace;
use crate::i18n::{t, Text};
use crate::session::use_session;
use benefits_domain::reminders::{reminders, Reminder};
use leptos::prelude::*;

/// The reminders this user has not dismissed; computed once per change of the workspace
/// or the dismissals (a big company has thousands of dates to look at).
fn due() -> Memo<Vec<Reminder>> {
    let data = use_workspace();
    let session = use_session();
    Memo::new(move |_| {
        let now = data.now();
        let dismissed = session.dismissed.get();
        data.view.with(|v| match v {
            Some(Ok(view)) => reminders(view, now)
                .into_iter()
                .filter(|r| !dismissed.contains(&r.id))
                .collect(),
            _ => Vec::new(),
        })
    })
}

/// A button in the top bar with the number of reminders; it opens the list.
#[component]
pub fn ReminderButton() -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let open = RwSignal::new(false);
    let due = due();
    let panel = NodeRef::<leptos::html::Div>::new();
    // Focus moves into the list when it opens (it is a disclosure, not a modal).
    Effect::new(move |_| {
        if open.get() {
            if let Some(panel) = panel.get() {
                let _ = panel.focus();
            }
        }
    });
    view! {
        <div class="pb-reminders">
            <button
                type="button"
                class="pb-secondary"
                data-testid="reminders-button"
                aria-expanded=move || open.get().to_string()
                aria-controls="pb-reminder-list"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || t(lang.get(), Text::Reminders)}
                " "
                <span class="pb-badge" data-testid="reminder-count">{move || due.with(Vec::len)}</span>
            </button>
            <div
                id="pb-reminder-list"
                class="pb-reminder-list"
                tabindex="-1"
                node_ref=panel
                hidden=move || !open.get()
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        open.set(false);
                    }
                }
            >
                <h2>{move || t(lang.get(), Text::Reminders)}</h2>
                <ReminderList open=open />
            </div>
        </div>
    }
}

/// The reminders, each with a link to where it is handled and "Dismiss".
#[component]
pub fn ReminderList(
    /// The panel the list is in: following a link closes it.
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let due = due();
    view! {
        {move || {
            let list = due.get();
            if list.is_empty() {
                return view! { <p>{move || t(lang.get(), Text::NoReminders)}</p> }.into_any();
            }
            view! {
                <ul class="pb-reminder-items" data-testid="reminders">
                    {list
                        .into_iter()
                        .map(|r| {
                            let id = r.id.clone();
                            let message = r.clone();
                            view! {
                                <li data-testid=format!("reminder-{}", r.id) class=format!("pb-step-{:?}", r.step).to_lowercase()>
                                    <span>{move || message.message(lang.get())}</span>
                                    " "
                                    <span on:click=move |_| if let Some(open) = open { open.set(false) }>
                                        <a href=crate::routing::use_location().href(&r.path)>{move || t(lang.get(), Text::Open)}</a>
                                    </span>
                                    " "
                                    <button type="button" class="pb-secondary" on:click=move |_| session.dismiss(&id)>
                                        {move || t(lang.get(), Text::Dismiss)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}
