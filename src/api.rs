//! The one place the SPA talks to the server: JSON over fetch (gloo-net).

use crate::i18n::{t, Text};
use benefits_domain::wire::{
    AuditPage, AuditQuery, BulkAssignmentResult, ChangePasswordRequest, CommandRequest, CommandResponse,
    ErrorBody, Me, SignInRequest, WorkspaceView,
};
use benefits_domain::Lang;
use gloo_net::http::{Method, Request, RequestBuilder, Response};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;

/// A failed call: the HTTP status (0 when the server was not reached) and the server's error body.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub body: ErrorBody,
}

impl ApiError {
    pub fn is_unauthenticated(&self) -> bool {
        self.status == 401
    }

    fn network(lang: Lang) -> ApiError {
        ApiError {
            status: 0,
            body: ErrorBody {
                code: "network".into(),
                message: t(lang, Text::NetworkError).into(),
                details: serde_json::Value::Null,
            },
        }
    }
}

/// Where the API lives: `<meta name="pb-api-base" content="https://…/api/v1">` when the
/// SPA is hosted elsewhere, else `api/v1` in the app's own folder (`<base href>`; `/api/v1`
/// from the bundled server). `index.html` asks its early requests there too.
pub fn api_base() -> String {
    let document = web_sys::window().and_then(|w| w.document());
    let configured = document
        .as_ref()
        .and_then(|d| d.query_selector("meta[name=pb-api-base]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .filter(|s| !s.is_empty());
    configured
        .or_else(|| {
            let base = document?.base_uri().ok().flatten()?;
            Some(web_sys::Url::new_with_base("api/v1", &base).ok()?.pathname())
        })
        .unwrap_or_else(|| "/api/v1".to_string())
}

/// How this instance of the app reaches the API: where it is, and how a request shows who is
/// signed in: the session cookie (the app on its own page), or a partner site's token as
/// `Authorization: Bearer` (the embedded widget, EMB-2), asked of the host page again when
/// the API says it ran out. A handle (`Copy`), provided through context: two widgets on one
/// page each have their own.
#[derive(Clone, Copy)]
pub struct Api(StoredValue<Connection, LocalStorage>);

pub struct Connection {
    base: String,
    tokens: Option<Tokens>,
}

/// Where a widget's tokens come from: its element's `tokenProvider` (read when a token is
/// needed, so the host may set it any time), and the token it last gave (memory only).
struct Tokens {
    host: web_sys::HtmlElement,
    current: std::cell::RefCell<Option<String>>,
}

impl Api {
    /// The app on its own page: the API of `<meta name="pb-api-base">` or beside the app,
    /// the session cookie.
    pub fn from_document() -> Api {
        Api(StoredValue::new_local(Connection {
            base: api_base(),
            tokens: None,
        }))
    }

    /// The embedded widget: the API at `base`; tokens from `host.tokenProvider`
    /// (`async () => token`), or the session cookie while the host sets none.
    pub fn for_widget(base: String, host: web_sys::HtmlElement) -> Api {
        Api(StoredValue::new_local(Connection {
            base,
            tokens: Some(Tokens {
                host,
                current: std::cell::RefCell::new(None),
            }),
        }))
    }

    /// Whether this is a widget in a host's page.
    pub fn is_widget(&self) -> bool {
        self.0.with_value(|c| c.tokens.is_some())
    }

    /// The workspace on its own page, beside its API (`…/api/v1` → `…/`).
    pub fn own_page(&self) -> String {
        self.0.with_value(|c| {
            let base = c.base.trim_end_matches('/');
            format!("{}/", base.strip_suffix("/api/v1").unwrap_or(base))
        })
    }

    fn url(&self, path: &str) -> String {
        self.0.with_value(|c| format!("{}{path}", c.base))
    }

    /// The token held is not used again: the next request asks the host for a new one.
    pub fn forget_token(&self) {
        self.0.with_value(|c| {
            if let Some(tokens) = &c.tokens {
                tokens.current.borrow_mut().take();
            }
        });
    }

    /// Whether requests carry a host's token (a widget whose host gives tokens).
    pub fn uses_tokens(&self) -> bool {
        self.0
            .with_value(|c| c.tokens.as_ref().is_some_and(|t| provider_of(&t.host).is_some()))
    }

    /// The token to send: none with cookies; the one held, or a new one from the host when
    /// there is none yet or `fresh` (the last one ran out).
    async fn token(&self, fresh: bool, lang: Lang) -> Result<Option<String>, ApiError> {
        let held = self.0.with_value(|c| {
            let tokens = c.tokens.as_ref()?;
            Some((provider_of(&tokens.host)?, tokens.current.borrow().clone()))
        });
        let Some((provider, current)) = held else {
            return Ok(None);
        };
        if let (Some(token), false) = (current, fresh) {
            return Ok(Some(token));
        }
        let answer = provider
            .call0(&wasm_bindgen::JsValue::NULL)
            .map_err(|_| ApiError::network(lang))?;
        let answer = match answer.dyn_into::<js_sys::Promise>() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .map_err(|_| ApiError::network(lang))?,
            Err(value) => value,
        };
        let token = answer.as_string().ok_or_else(|| ApiError::network(lang))?;
        self.0.with_value(|c| {
            if let Some(tokens) = &c.tokens {
                *tokens.current.borrow_mut() = Some(token.clone());
            }
        });
        Ok(Some(token))
    }

    /// Sends a request made by `make` (from a builder with the URL, language and credentials
    /// set) and reads its answer; a site's token that ran out is renewed once.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        lang: Lang,
        make: impl Fn(RequestBuilder) -> Result<Request, gloo_net::Error>,
    ) -> Result<T, ApiError> {
        let mut fresh = false;
        loop {
            let token = self.token(fresh, lang).await?;
            let builder = RequestBuilder::new(&self.url(path))
                .method(method.clone())
                .header("Accept-Language", lang.code());
            let builder = match &token {
                // The session cookie, also when the API is on another origin (`pb-api-base`).
                None => builder.credentials(web_sys::RequestCredentials::Include),
                Some(token) => builder
                    .header("Authorization", &format!("Bearer {token}"))
                    .credentials(web_sys::RequestCredentials::Omit),
            };
            let request = make(builder).map_err(|_| ApiError::network(lang))?;
            let result = read(request.send().await, lang).await;
            match &result {
                Err(e) if e.body.code == "token_expired" && token.is_some() && !fresh => fresh = true,
                _ => return result,
            }
        }
    }

    async fn get<T: DeserializeOwned>(&self, path: &str, lang: Lang) -> Result<T, ApiError> {
        self.call(Method::GET, path, lang, RequestBuilder::build).await
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        lang: Lang,
    ) -> Result<T, ApiError> {
        self.call(Method::POST, path, lang, |builder| builder.json(body))
            .await
    }
}

/// Waits `duration` (the browser's timer).
pub async fn pause(duration: std::time::Duration) {
    let ms = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The host's `element.tokenProvider`, if it set one.
fn provider_of(host: &web_sys::HtmlElement) -> Option<js_sys::Function> {
    js_sys::Reflect::get(host, &wasm_bindgen::JsValue::from_str("tokenProvider"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

/// Reads an answer: `T` for a success, else the server's error.
async fn read<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
    lang: Lang,
) -> Result<T, ApiError> {
    let response = response.map_err(|_| ApiError::network(lang))?;
    // Bytes, not text: a big company's workspace is megabytes, and a JS string would be
    // copied and re-encoded before serde could read it.
    let bytes = response.binary().await.map_err(|_| ApiError::network(lang))?;
    decode(response.status(), &bytes, lang)
}

/// A response's body: `T` when the status is a success, else the server's error.
fn decode<T: DeserializeOwned>(status: u16, bytes: &[u8], lang: Lang) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        return serde_json::from_slice::<T>(bytes).map_err(|_| ApiError::network(lang));
    }
    let body = serde_json::from_slice::<ErrorBody>(bytes).unwrap_or_else(|_| ErrorBody {
        code: format!("http_{status}"),
        message: t(lang, Text::NetworkError).into(),
        details: serde_json::Value::Null,
    });
    Err(ApiError { status, body })
}

/// A request `index.html` started while the wasm was still downloading
/// (`window.__pbEarly[name]`: a promise of `{status, body}`), taken once; `None` when there
/// is none or it failed to arrive (the caller then asks again).
async fn early<T: DeserializeOwned>(name: &str, lang: Lang) -> Option<Result<T, ApiError>> {
    use js_sys::{Promise, Reflect, Uint8Array};
    use wasm_bindgen::JsValue;
    let window = web_sys::window()?;
    let requests = Reflect::get(&window, &JsValue::from_str("__pbEarly")).ok()?;
    let key = JsValue::from_str(name);
    let promise = Reflect::get(&requests, &key).ok()?.dyn_into::<Promise>().ok()?;
    let _ = Reflect::delete_property(requests.dyn_ref::<js_sys::Object>()?, &key);
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let status = Reflect::get(&answer, &JsValue::from_str("status"))
        .ok()?
        .as_f64()?;
    let body = Reflect::get(&answer, &JsValue::from_str("body")).ok()?;
    let bytes = Uint8Array::new(&body).to_vec();
    Some(decode(status as u16, &bytes, lang))
}

impl Api {
    pub async fn me(&self, lang: Lang) -> Result<Me, ApiError> {
        self.get("/me", lang).await
    }

    /// Who is signed in: the early answer of `index.html` if there is one (the app on its
    /// own page), else asked now.
    pub async fn me_early_or_now(&self, lang: Lang) -> Result<Me, ApiError> {
        if !self.uses_tokens() {
            if let Some(answer) = early("me", lang).await {
                return answer;
            }
        }
        self.me(lang).await
    }

    pub async fn sign_in(&self, email: String, password: String, lang: Lang) -> Result<Me, ApiError> {
        self.post("/session", &SignInRequest { email, password }, lang)
            .await
    }

    /// ACC-2 (and ACC-1's first change): the user's own new password, given the current one.
    pub async fn change_password(
        &self,
        current_password: String,
        new_password: String,
        lang: Lang,
    ) -> Result<Me, ApiError> {
        let request = ChangePasswordRequest {
            current_password,
            new_password,
        };
        self.post("/me/password", &request, lang).await
    }

    pub async fn sign_out(&self, lang: Lang) {
        let _: Result<serde_json::Value, _> = self
            .call(Method::DELETE, "/session", lang, RequestBuilder::build)
            .await;
    }

    pub async fn workspace(&self, lang: Lang) -> Result<WorkspaceView, ApiError> {
        self.get("/workspace", lang).await
    }

    /// The workspace `index.html` asked for early (see [`early`]); `None` in the widget.
    pub async fn early_workspace(&self, lang: Lang) -> Option<Result<WorkspaceView, ApiError>> {
        if self.uses_tokens() {
            return None;
        }
        early("workspace", lang).await
    }

    /// Any user action (`benefits_domain::workspace::Command`) with the version it was based on.
    pub async fn command(&self, request: &CommandRequest, lang: Lang) -> Result<CommandResponse, ApiError> {
        self.post("/commands", request, lang).await
    }

    /// The audit log, one page (filters in `query`).
    pub async fn audit(&self, query: &AuditQuery, lang: Lang) -> Result<AuditPage, ApiError> {
        let mut path = format!("/audit?page={}&per_page={}", query.page(), query.per_page());
        let filters = query.filter_string();
        if !filters.is_empty() {
            path = format!("{path}&{filters}");
        }
        self.get(&path, lang).await
    }

    /// Where a CSV export is downloaded from (`/reports/holdings.csv`, `/audit.csv`) with its
    /// filters (a plain link: it carries the session cookie).
    pub fn csv_url(&self, path: &str, query: &str) -> String {
        if query.is_empty() {
            self.url(path)
        } else {
            format!("{}?{query}", self.url(path))
        }
    }

    /// Sends a bulk-assignment CSV file: a verdict per row; written only when not `dry_run`.
    pub async fn bulk_assignment(
        &self,
        file: &web_sys::File,
        dry_run: bool,
        lang: Lang,
    ) -> Result<BulkAssignmentResult, ApiError> {
        let path = format!("/bulk-assignments?dry_run={dry_run}");
        self.call(Method::POST, &path, lang, |builder| {
            builder
                .header("Content-Type", "text/csv")
                .body(wasm_bindgen::JsValue::from(file.clone()))
        })
        .await
    }

    /// OFR-1: sends an inventory file: a verdict per row; written only when not `dry_run`.
    pub async fn inventory_import(
        &self,
        file: &web_sys::File,
        dry_run: bool,
        lang: Lang,
    ) -> Result<benefits_domain::inventory::InventoryImportResult, ApiError> {
        let path = format!("/inventory-imports?dry_run={dry_run}");
        self.call(Method::POST, &path, lang, |builder| {
            builder
                .header("Content-Type", "text/csv")
                .body(wasm_bindgen::JsValue::from(file.clone()))
        })
        .await
    }

    /// SET-1: is the setup link's token still good (`SET-1` 410 when not)?
    pub async fn setup_status(&self, token: &str, lang: Lang) -> Result<serde_json::Value, ApiError> {
        let request = benefits_domain::setup::SetupToken {
            token: token.to_string(),
        };
        self.post("/setup/status", &request, lang).await
    }

    /// SET-1: creates the company and its first admin, who is signed in by the answer.
    pub async fn setup(
        &self,
        request: &benefits_domain::setup::SetupRequest,
        lang: Lang,
    ) -> Result<Me, ApiError> {
        self.post("/setup", request, lang).await
    }

    /// Allocated vs activated per area, the last 12 months.
    pub async fn insights(&self, lang: Lang) -> Result<Vec<benefits_domain::insights::AreaSeries>, ApiError> {
        self.get("/insights", lang).await
    }
}

pub fn use_api() -> Api {
    expect_context::<Api>()
}
