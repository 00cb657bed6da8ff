//! The workspace as a widget inside a partner's page (EMB-3). `embed.js` (written into
//! `dist/` by the build) defines the `<partner-benefits>` element: it loads this wasm from
//! its own origin, makes a shadow root with the app's CSS in it, and calls
//! [`mount_widget`] with the element and a mount point inside that root. The widget changes
//! nothing outside its element: no `<html lang>`, no title, no URL unless the host asks
//! (`routing="hash"`), no window scroll, no listener on the host's links; it tells the host
//! what happens through events on its element (`pb-ready`, `pb-signed-in`, `pb-signed-out`,
//! `pb-navigate`).

use crate::api::Api;
use crate::app::{AppIn, Setup};
use crate::areas::Area;
use crate::routing::{AppLocation, Mode};
use crate::session::Session;
use benefits_domain::Lang;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// A mounted widget; `unmount()` (or dropping it) removes its DOM, listeners and timers.
#[wasm_bindgen]
pub struct Widget {
    mounted: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl Widget {
    pub fn unmount(&mut self) {
        self.mounted.take();
    }
}

/// Mounts a widget for `host` (the `<partner-benefits>` element) into `mount_point`. Its
/// attributes: `api-base` (default: `default_api`, the API beside `embed.js`), `lang` (en/nl/de; else the
/// browser's), `area` (the first page, e.g. `visual-studio`), `routing` (`memory`, the
/// default, or `hash`: `#pb=/benefits/azure` in the host's URL).
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    host: web_sys::HtmlElement,
    mount_point: web_sys::HtmlElement,
    default_api: String,
) -> Widget {
    console_error_panic_hook::set_once();
    let attribute = |name: &str| host.get_attribute(name).filter(|v| !v.trim().is_empty());
    let api_base = attribute("api-base").unwrap_or(default_api);
    let lang = attribute("lang").and_then(|l| Lang::from_tag(&l));
    let start = attribute("area")
        .and_then(|a| Area::from_slug(a.trim()))
        .map_or_else(|| "/benefits".to_string(), Area::path);
    let mode = attribute("routing")
        .and_then(|r| Mode::from_key(&r))
        .unwrap_or(Mode::Memory);
    let mounted = leptos::mount::mount_to(mount_point, move || {
        let setup = Setup {
            api: Api::for_widget(api_base.clone(), host.clone()),
            location: AppLocation::for_widget(mode, &start),
            host: Some(host.clone()),
            lang,
        };
        view! { <AppIn setup=setup /> }
    });
    Widget {
        mounted: Some(Box::new(mounted)),
    }
}

/// Events on the widget's element, for the host: `pb-ready` once the widget knows whether
/// someone is signed in, `pb-signed-in` / `pb-signed-out` (detail: the user's name and
/// e-mail), `pb-navigate` (detail: the in-app path).
pub fn tell_the_host(
    host: web_sys::HtmlElement,
    ready: RwSignal<bool>,
    session: Session,
    location: AppLocation,
) {
    let host = StoredValue::new_local(host);
    let emit = move |name: &str, detail: JsValue| {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&detail);
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            host.with_value(|h| {
                let _ = h.dispatch_event(&event);
            });
        }
    };
    let detail = |pairs: &[(&str, &str)]| {
        let object = js_sys::Object::new();
        for (key, value) in pairs {
            let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
        }
        JsValue::from(object)
    };
    Effect::new(move |done: Option<bool>| {
        let now = ready.get();
        if now && done != Some(true) {
            emit("pb-ready", JsValue::NULL);
        }
        now
    });
    Effect::new(move |was_signed_in: Option<bool>| {
        let me = session.me.get();
        let signed_in = me.is_some();
        match (&me, was_signed_in) {
            (Some(me), Some(false) | None) => emit(
                "pb-signed-in",
                detail(&[("name", &me.user.display_name), ("email", me.user.email.as_str())]),
            ),
            (None, Some(true)) => emit("pb-signed-out", JsValue::NULL),
            _ => {}
        }
        signed_in
    });
    Effect::new(move |_| {
        let path = location.path.get();
        emit("pb-navigate", detail(&[("path", &path)]));
    });
}
