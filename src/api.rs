//! The one place the SPA talks to the server: JSON over fetch (gloo-net).

use crate::i18n::{t, Text};
use benefits_domain::wire::{
    AuditPage, AuditQuery, BulkAssignmentResult, ChangePasswordRequest, CommandRequest, CommandResponse,
    ErrorBody, Me, SignInRequest, WorkspaceView,
};
use benefits_domain::Lang;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

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

fn url(path: &str) -> String {
    format!("{}{}", api_base(), path)
}

/// Every request carries the user's language (for error messages) and the session cookie,
/// also when the API is on another origin (`pb-api-base`).
fn with_lang(builder: RequestBuilder, lang: Lang) -> RequestBuilder {
    builder
        .header("Accept-Language", lang.code())
        .credentials(web_sys::RequestCredentials::Include)
}

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

async fn get<T: DeserializeOwned>(path: &str, lang: Lang) -> Result<T, ApiError> {
    read(with_lang(Request::get(&url(path)), lang).send().await, lang).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B, lang: Lang) -> Result<T, ApiError> {
    let request = with_lang(Request::post(&url(path)), lang)
        .json(body)
        .map_err(|_| ApiError::network(lang))?;
    read(request.send().await, lang).await
}

pub async fn me(lang: Lang) -> Result<Me, ApiError> {
    get("/me", lang).await
}

pub async fn sign_in(email: String, password: String, lang: Lang) -> Result<Me, ApiError> {
    post("/session", &SignInRequest { email, password }, lang).await
}

/// ACC-2 (and ACC-1's first change): the user's own new password, given the current one.
pub async fn change_password(
    current_password: String,
    new_password: String,
    lang: Lang,
) -> Result<Me, ApiError> {
    let request = ChangePasswordRequest {
        current_password,
        new_password,
    };
    post("/me/password", &request, lang).await
}

pub async fn sign_out(lang: Lang) {
    let _ = with_lang(Request::delete(&url("/session")), lang).send().await;
}

pub async fn workspace(lang: Lang) -> Result<WorkspaceView, ApiError> {
    get("/workspace", lang).await
}

/// A request `index.html` started while the wasm was still downloading
/// (`window.__pbEarly[name]`: a promise of `{status, body}`), taken once; `None` when there
/// is none or it failed to arrive (the caller then asks again).
async fn early<T: DeserializeOwned>(name: &str, lang: Lang) -> Option<Result<T, ApiError>> {
    use js_sys::{Promise, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
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

/// The workspace `index.html` asked for early (see [`early`]).
pub async fn early_workspace(lang: Lang) -> Option<Result<WorkspaceView, ApiError>> {
    early("workspace", lang).await
}

/// Who is signed in: the early answer of `index.html` if there is one, else asked now.
pub async fn me_early_or_now(lang: Lang) -> Result<Me, ApiError> {
    match early("me", lang).await {
        Some(answer) => answer,
        None => me(lang).await,
    }
}

/// Any user action (`benefits_domain::workspace::Command`) with the version it was based on.
pub async fn command(request: &CommandRequest, lang: Lang) -> Result<CommandResponse, ApiError> {
    post("/commands", request, lang).await
}

/// The audit log, one page (filters in `query`).
pub async fn audit(query: &AuditQuery, lang: Lang) -> Result<AuditPage, ApiError> {
    let mut path = format!("/audit?page={}&per_page={}", query.page(), query.per_page());
    let filters = query.filter_string();
    if !filters.is_empty() {
        path = format!("{path}&{filters}");
    }
    get(&path, lang).await
}

/// Where a CSV export is downloaded from (`/reports/holdings.csv`, `/audit.csv`) with its filters.
pub fn csv_url(path: &str, query: &str) -> String {
    if query.is_empty() {
        url(path)
    } else {
        format!("{}?{query}", url(path))
    }
}

/// Sends a bulk-assignment CSV file: a verdict per row; written only when not `dry_run`.
pub async fn bulk_assignment(
    file: &web_sys::File,
    dry_run: bool,
    lang: Lang,
) -> Result<BulkAssignmentResult, ApiError> {
    let request = with_lang(
        Request::post(&url(&format!("/bulk-assignments?dry_run={dry_run}"))),
        lang,
    )
    .header("Content-Type", "text/csv")
    .body(wasm_bindgen::JsValue::from(file.clone()))
    .map_err(|_| ApiError::network(lang))?;
    read(request.send().await, lang).await
}

/// Allocated vs activated per area, the last 12 months.
pub async fn insights(lang: Lang) -> Result<Vec<benefits_domain::insights::AreaSeries>, ApiError> {
    get("/insights", lang).await
}
