//! Partner Benefits: the Leptos single-page app. `main.rs` only mounts [`app::App`];
//! rules come from `benefits_domain`, the server is reached through [`api`] alone.

pub mod account;
pub mod api;
pub mod app;
pub mod areas;
pub mod azure;
pub mod components;
pub mod data;
pub mod first_run;
pub mod go_to_market;
pub mod home;
pub mod i18n;
pub mod licences;
pub mod list;
pub mod offers;
pub mod pages;
pub mod password;
pub mod reminders;
pub mod routing;
pub mod session;
pub mod sign_in;
pub mod software;
pub mod technical;
pub mod tracking;
pub mod visual_studio;
pub mod widget;

/// Mounts the app into `<body>` — unless `embed.js` loaded it for widgets
/// (`globalThis.__pbEmbedded`): they mount themselves ([`widget::mount_widget`]).
pub fn mount() {
    console_error_panic_hook::set_once();
    let embedded = js_sys::Reflect::get(&js_sys::global(), &"__pbEmbedded".into())
        .ok()
        .is_some_and(|v| v.is_truthy());
    if !embedded {
        leptos::mount::mount_to_body(app::App);
    }
}
