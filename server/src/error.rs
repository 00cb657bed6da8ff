//! API errors: JSON `{code, message, details}`, the message in the client's language.
//!
//! Handlers return an [`ApiError`] without knowing the language; the
//! [`localise_errors`] layer reads `Accept-Language` and writes the body.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use benefits_domain::warning::Warning;
use benefits_domain::wire::ErrorBody;
use benefits_domain::workspace::Refusal;
use benefits_domain::{Lang, Reason, Violation};
use serde::de::DeserializeOwned;

#[derive(Clone, Debug)]
pub enum ApiError {
    /// No valid session.
    Unauthenticated,
    /// EMB-2: a partner site's token that has run out: the widget asks its host for a new one.
    TokenExpired,
    /// Wrong e-mail or password (the same answer for both, so addresses can't be probed).
    InvalidCredentials,
    /// Unknown ID, or one that belongs to another company.
    NotFound,
    /// A rule of the catalog refused the action.
    Rule(Violation),
    /// Allowed only after the user confirmed this consequence (LIC-3): send again with `confirmed`.
    NeedsConfirmation(Warning),
    /// The resource changed since the client read it; `current` is its state now.
    Stale {
        current: serde_json::Value,
    },
    /// The body is not what the endpoint takes (400 unreadable, 415 not JSON, 422 a field is
    /// invalid; `detail` names the field).
    BadRequest {
        detail: String,
    },
    InvalidField {
        detail: String,
        /// Where in the body, e.g. `command.contact.email` (empty: the body as a whole).
        field: String,
    },
    NotJson,
    /// A bulk file must come as `text/csv`: a plain form of another site (`text/plain`, no
    /// preflight) can't send one in a signed-in user's name.
    NotCsv,
    TooLarge,
    /// The path exists but not with this method (`Allow` says which it has).
    MethodNotAllowed,
    /// The request took longer than the server allows (`--request-timeout`).
    Timeout,
    /// Too many failed sign-ins for this account: wait before trying again.
    TooManyAttempts {
        retry_after_seconds: u64,
    },
    /// An uploaded file can't be used; `place` says where, in the reader's language (the
    /// message), `detail` the same for a program (`details.detail`).
    BadFile {
        problem: FileProblem,
        place: FilePlace,
        detail: String,
    },
    /// Something broke on our side; the detail is logged, never sent.
    Internal,
}

/// Where in an uploaded file the problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilePlace {
    Nowhere,
    /// A byte (counted from 1) that is not UTF-8.
    Byte(usize),
    Line(usize),
    Cell {
        line: usize,
        column: String,
    },
    /// Names (of missing columns) or a number (the most rows), as they are.
    Plain(String),
}

impl FilePlace {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (FilePlace::Nowhere, _) => String::new(),
            (FilePlace::Plain(text), _) => text.clone(),
            (FilePlace::Byte(n), Lang::En) => format!("byte {n}"),
            (FilePlace::Byte(n), Lang::Nl) => format!("byte {n}"),
            (FilePlace::Byte(n), Lang::De) => format!("Byte {n}"),
            (FilePlace::Line(n), Lang::En) => format!("line {n}"),
            (FilePlace::Line(n), Lang::Nl) => format!("regel {n}"),
            (FilePlace::Line(n), Lang::De) => format!("Zeile {n}"),
            (FilePlace::Cell { line, column }, Lang::En) => format!("line {line}, column {column}"),
            (FilePlace::Cell { line, column }, Lang::Nl) => format!("regel {line}, kolom {column}"),
            (FilePlace::Cell { line, column }, Lang::De) => format!("Zeile {line}, Spalte {column}"),
        }
    }
}

/// What is wrong with an uploaded CSV file; nothing of it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// Not UTF-8.
    Encoding,
    /// A required column is missing.
    Columns,
    /// A cell a spreadsheet would run (`=`, `+`, `-`, `@`).
    Formula,
    /// Rows of different lengths, broken quotes.
    Malformed,
    /// No rows.
    Empty,
    TooManyRows,
}

impl FileProblem {
    const fn code(self) -> &'static str {
        match self {
            FileProblem::Encoding => "csv_encoding",
            FileProblem::Columns => "csv_columns",
            FileProblem::Formula => "csv_formula",
            FileProblem::Malformed => "csv_malformed",
            FileProblem::Empty => "csv_empty",
            FileProblem::TooManyRows => "csv_too_many_rows",
        }
    }

    const fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FileProblem::Encoding, Lang::En) => "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.",
            (FileProblem::Encoding, Lang::Nl) => "Het bestand is geen UTF-8-tekst. Sla het op als “CSV UTF-8” en probeer het opnieuw.",
            (FileProblem::Encoding, Lang::De) => "Die Datei ist kein UTF-8-Text. Speichern Sie sie als „CSV UTF-8“ und versuchen Sie es erneut.",
            (FileProblem::Columns, Lang::En) => "The file lacks a column it needs (its header row names the columns). Missing:",
            (FileProblem::Columns, Lang::Nl) => "Het bestand mist een kolom die het nodig heeft (de kopregel noemt de kolommen). Ontbreekt:",
            (FileProblem::Columns, Lang::De) => "Der Datei fehlt eine nötige Spalte (die Kopfzeile nennt die Spalten). Es fehlt:",
            (FileProblem::Formula, Lang::En) => "The file contains a formula (a cell starting with =, +, - or @), which is not accepted:",
            (FileProblem::Formula, Lang::Nl) => "Het bestand bevat een formule (een cel die begint met =, +, - of @); dat wordt niet geaccepteerd:",
            (FileProblem::Formula, Lang::De) => "Die Datei enthält eine Formel (eine Zelle, die mit =, +, - oder @ beginnt); das wird nicht angenommen:",
            (FileProblem::Malformed, Lang::En) => "The file is not valid CSV:",
            (FileProblem::Malformed, Lang::Nl) => "Het bestand is geen geldige CSV:",
            (FileProblem::Malformed, Lang::De) => "Die Datei ist kein gültiges CSV:",
            (FileProblem::Empty, Lang::En) => "The file has no rows below its header.",
            (FileProblem::Empty, Lang::Nl) => "Het bestand heeft geen rijen onder de kopregel.",
            (FileProblem::Empty, Lang::De) => "Die Datei enthält keine Zeilen unter der Kopfzeile.",
            (FileProblem::TooManyRows, Lang::En) => "The file has too many rows. The most a file may have:",
            (FileProblem::TooManyRows, Lang::Nl) => "Het bestand heeft te veel rijen. Het maximum per bestand:",
            (FileProblem::TooManyRows, Lang::De) => "Die Datei hat zu viele Zeilen. Höchstens erlaubt:",
        }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated | ApiError::InvalidCredentials | ApiError::TokenExpired => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::Rule(v) if matches!(v.reason, Reason::SiteSecretUnknown) => StatusCode::UNAUTHORIZED,
            // SET-1: the link is spent for good.
            ApiError::Rule(v) if matches!(v.reason, Reason::SetupLinkUsed) => StatusCode::GONE,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            // Who may do it, not what: ROLE-2/3/5/9, ACC-1/3.
            ApiError::Rule(v)
                if matches!(
                    v.reason,
                    Reason::MissingRole { .. } | Reason::OwnRoles { .. } | Reason::PasswordChangeRequired
                ) =>
            {
                StatusCode::FORBIDDEN
            }
            ApiError::Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Stale { .. } => StatusCode::CONFLICT,
            ApiError::NeedsConfirmation(_) => StatusCode::PRECONDITION_REQUIRED,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::InvalidField { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotJson | ApiError::NotCsv => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            // Not 408: browsers resend a request answered 408, and this one may still be
            // carried out (a command runs to its end).
            ApiError::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::BadFile { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self, lang: Lang) -> ErrorBody {
        let (code, details) = match self {
            ApiError::Unauthenticated => ("unauthenticated", serde_json::Value::Null),
            ApiError::TokenExpired => ("token_expired", serde_json::Value::Null),
            ApiError::InvalidCredentials => ("invalid_credentials", serde_json::Value::Null),
            ApiError::NotFound => ("not_found", serde_json::Value::Null),
            ApiError::Rule(v) => (v.rule.code(), serde_json::to_value(v).unwrap_or_default()),
            ApiError::Stale { current } => ("stale", serde_json::json!({ "current": current })),
            ApiError::NeedsConfirmation(w) => (w.rule().code(), serde_json::json!({ "warning": w })),
            ApiError::BadRequest { detail } => ("bad_request", serde_json::json!({ "detail": detail })),
            ApiError::InvalidField { detail, field } => (
                "invalid_field",
                serde_json::json!({ "detail": detail, "field": field }),
            ),
            ApiError::NotJson => ("not_json", serde_json::Value::Null),
            ApiError::NotCsv => ("not_csv", serde_json::Value::Null),
            ApiError::TooLarge => ("too_large", serde_json::Value::Null),
            ApiError::MethodNotAllowed => ("method_not_allowed", serde_json::Value::Null),
            ApiError::Timeout => ("timeout", serde_json::Value::Null),
            ApiError::TooManyAttempts { retry_after_seconds } => (
                "too_many_attempts",
                serde_json::json!({ "retry_after_seconds": retry_after_seconds }),
            ),
            ApiError::BadFile { problem, detail, .. } => {
                (problem.code(), serde_json::json!({ "detail": detail }))
            }
            ApiError::Internal => ("internal", serde_json::Value::Null),
        };
        ErrorBody {
            code: code.to_string(),
            message: self.message(lang),
            details,
        }
    }

    fn message(&self, lang: Lang) -> String {
        let text = match (self, lang) {
            (ApiError::Rule(v), _) => return v.message(lang),
            (ApiError::NeedsConfirmation(w), _) => return w.message(lang),
            (ApiError::BadFile { problem, place: FilePlace::Nowhere, .. }, _) => problem.message(lang),
            (ApiError::BadFile { problem, place, .. }, _) => {
                return format!("{} {}", problem.message(lang), place.text(lang))
            }
            (ApiError::Unauthenticated, Lang::En) => "Please sign in.",
            (ApiError::Unauthenticated, Lang::Nl) => "Meld u aan.",
            (ApiError::Unauthenticated, Lang::De) => "Bitte melden Sie sich an.",
            (ApiError::TokenExpired, Lang::En) => "Your sign-in from this site has run out. Please reload the page.",
            (ApiError::TokenExpired, Lang::Nl) => "Uw aanmelding via deze site is verlopen. Laad de pagina opnieuw.",
            (ApiError::TokenExpired, Lang::De) => "Ihre Anmeldung über diese Website ist abgelaufen. Bitte laden Sie die Seite neu.",
            (ApiError::InvalidCredentials, Lang::En) => "The e-mail address or password is not correct.",
            (ApiError::InvalidCredentials, Lang::Nl) => "Het e-mailadres of wachtwoord is onjuist.",
            (ApiError::InvalidCredentials, Lang::De) => "Die E-Mail-Adresse oder das Kennwort ist falsch.",
            (ApiError::NotFound, Lang::En) => "Not found.",
            (ApiError::NotFound, Lang::Nl) => "Niet gevonden.",
            (ApiError::NotFound, Lang::De) => "Nicht gefunden.",
            (ApiError::Stale { .. }, Lang::En) => "Someone else changed this in the meantime. The latest state is shown; please try again.",
            (ApiError::Stale { .. }, Lang::Nl) => "Iemand anders heeft dit intussen gewijzigd. De nieuwste stand wordt getoond; probeer het opnieuw.",
            (ApiError::Stale { .. }, Lang::De) => "Jemand anderes hat dies inzwischen geändert. Der aktuelle Stand wird angezeigt; bitte versuchen Sie es erneut.",
            (ApiError::InvalidField { field, .. }, _) if !field.is_empty() => {
                return match lang {
                    Lang::En => format!("The field “{field}” of the request is not valid."),
                    Lang::Nl => format!("Het veld „{field}” van de aanvraag is ongeldig."),
                    Lang::De => format!("Das Feld „{field}“ der Anfrage ist ungültig."),
                }
            }
            (ApiError::InvalidField { .. }, Lang::En) => "A field of the request is not valid.",
            (ApiError::InvalidField { .. }, Lang::Nl) => "Een veld van de aanvraag is ongeldig.",
            (ApiError::InvalidField { .. }, Lang::De) => "Ein Feld der Anfrage ist ungültig.",
            (ApiError::MethodNotAllowed, Lang::En) => "This address doesn't take that method.",
            (ApiError::MethodNotAllowed, Lang::Nl) => "Dit adres ondersteunt die methode niet.",
            (ApiError::MethodNotAllowed, Lang::De) => "Diese Adresse unterstützt diese Methode nicht.",
            (ApiError::Timeout, Lang::En) => "The request took too long. If it was a change, check whether it was made before trying again.",
            (ApiError::Timeout, Lang::Nl) => "De aanvraag duurde te lang. Als het een wijziging was, controleer dan of die is doorgevoerd voordat u het opnieuw probeert.",
            (ApiError::Timeout, Lang::De) => "Die Anfrage hat zu lange gedauert. War es eine Änderung, prüfen Sie, ob sie ausgeführt wurde, bevor Sie es erneut versuchen.",
            (ApiError::NotJson, Lang::En) => "Send the request as JSON (Content-Type: application/json).",
            (ApiError::NotJson, Lang::Nl) => "Verstuur de aanvraag als JSON (Content-Type: application/json).",
            (ApiError::NotJson, Lang::De) => "Senden Sie die Anfrage als JSON (Content-Type: application/json).",
            (ApiError::NotCsv, Lang::En) => "Send the file as CSV (Content-Type: text/csv).",
            (ApiError::NotCsv, Lang::Nl) => "Verstuur het bestand als CSV (Content-Type: text/csv).",
            (ApiError::NotCsv, Lang::De) => "Senden Sie die Datei als CSV (Content-Type: text/csv).",
            (ApiError::TooLarge, Lang::En) => "The request is too large.",
            (ApiError::TooLarge, Lang::Nl) => "De aanvraag is te groot.",
            (ApiError::TooLarge, Lang::De) => "Die Anfrage ist zu groß.",
            (ApiError::TooManyAttempts { .. }, Lang::En) => "Too many failed sign-ins. Wait a few minutes and try again.",
            (ApiError::TooManyAttempts { .. }, Lang::Nl) => "Te veel mislukte aanmeldpogingen. Wacht enkele minuten en probeer het opnieuw.",
            (ApiError::TooManyAttempts { .. }, Lang::De) => "Zu viele fehlgeschlagene Anmeldungen. Warten Sie einige Minuten und versuchen Sie es erneut.",
            (ApiError::BadRequest { .. }, Lang::En) => "The request could not be read.",
            (ApiError::BadRequest { .. }, Lang::Nl) => "De aanvraag kon niet worden gelezen.",
            (ApiError::BadRequest { .. }, Lang::De) => "Die Anfrage konnte nicht gelesen werden.",
            (ApiError::Internal, Lang::En) => "Something went wrong on our side. Nothing was changed.",
            (ApiError::Internal, Lang::Nl) => "Er ging iets mis aan onze kant. Er is niets gewijzigd.",
            (ApiError::Internal, Lang::De) => "Auf unserer Seite ist ein Fehler aufgetreten. Es wurde nichts geändert.",
        };
        text.to_string()
    }
}

impl From<Violation> for ApiError {
    fn from(v: Violation) -> Self {
        ApiError::Rule(v)
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Rule { violation } => ApiError::Rule(violation),
            Refusal::NeedsConfirmation { warning } => ApiError::NeedsConfirmation(warning),
            Refusal::NotFound => ApiError::NotFound,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        ApiError::Internal
    }
}

/// The body is written later by [`localise_errors`], which knows the language.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// The language the client asked for (`Accept-Language`), English by default.
pub fn client_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::negotiate)
        .unwrap_or_default()
}

/// Middleware: turns an [`ApiError`] left in a response into its JSON body — and any other
/// error response that isn't JSON (one made by axum or a tower layer: a wrong method, a
/// timeout) into ours, so every error of the API is `{code, message, details}`.
pub async fn localise_errors(request: Request, next: Next) -> Response {
    let lang = client_lang(request.headers());
    let mut response = next.run(request).await;
    let (error, status) = match response.extensions_mut().remove::<ApiError>() {
        Some(error) => {
            let status = error.status();
            (error, status)
        }
        // Another layer's answer keeps its status; only the body becomes ours.
        None if is_error_without_json(&response) => {
            (ApiError::of_status(response.status()), response.status())
        }
        None => return response,
    };
    // Keep what the headers say (`Allow`, `Retry-After`, `Set-Cookie`); the body is ours.
    let mut headers = std::mem::take(response.headers_mut());
    headers.remove(header::CONTENT_LENGTH);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let mut ours = (status, Json(error.body(lang))).into_response();
    headers.extend(ours.headers_mut().drain());
    *ours.headers_mut() = headers;
    ours
}

fn is_error_without_json(response: &Response) -> bool {
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    (status.is_client_error() || status.is_server_error()) && !json
}

impl ApiError {
    /// Ours for an error status some other layer answered with.
    fn of_status(status: StatusCode) -> ApiError {
        match status {
            StatusCode::UNAUTHORIZED => ApiError::Unauthenticated,
            StatusCode::NOT_FOUND => ApiError::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => {
                ApiError::Timeout
            }
            StatusCode::TOO_MANY_REQUESTS => ApiError::TooManyAttempts {
                retry_after_seconds: 1,
            },
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::NotJson,
            status if status.is_client_error() => ApiError::BadRequest {
                detail: status.canonical_reason().unwrap_or_default().to_string(),
            },
            _ => ApiError::Internal,
        }
    }
}

/// A JSON body whose every problem is an [`ApiError`]: not JSON (`415 not_json`), unreadable
/// (`400 bad_request`), too large (`413`), or a field that is missing, of the wrong type or
/// unknown (`422 invalid_field` with its path, e.g. `command.contact.emial`). Every request
/// type refuses unknown fields (`deny_unknown_fields`), at every depth.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim();
                v.eq_ignore_ascii_case("application/json")
                    || (v.starts_with("application/") && v.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::NotJson);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::BadRequest {
                    detail: rejection.body_text(),
                }
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Reads `T` from a JSON text (see [`ApiJson`]).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let error = match serde_path_to_error::deserialize::<_, T>(&mut reader) {
        Ok(value) => match reader.end() {
            Ok(()) => return Ok(value),
            Err(e) => {
                return Err(ApiError::BadRequest {
                    detail: e.to_string(),
                })
            }
        },
        Err(error) => error,
    };
    let path = error.path().to_string();
    let inner = error.into_inner();
    if inner.is_syntax() || inner.is_eof() || inner.is_io() {
        return Err(ApiError::BadRequest {
            detail: inner.to_string(),
        });
    }
    let detail = inner.to_string();
    // Inside an internally tagged enum (a command) serde's path stops at the enum; an
    // unknown field is then looked up below it, so the path names it exactly.
    let field = match unknown_field_name(&detail) {
        // serde_path_to_error names it already where it can see it.
        Some(name) if path == name || path.ends_with(&format!(".{name}")) => path,
        Some(name) => {
            let body: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
            let below = if path == "." {
                vec![]
            } else {
                path.split('.').collect()
            };
            find_field(&body, &below, name).unwrap_or_else(|| join_path(&below, name))
        }
        None if path == "." => String::new(),
        None => path,
    };
    Err(ApiError::InvalidField { detail, field })
}

/// "unknown field `contcat`, expected …" → `contcat`.
fn unknown_field_name(detail: &str) -> Option<&str> {
    detail.strip_prefix("unknown field `")?.split('`').next()
}

fn join_path(parts: &[&str], last: &str) -> String {
    parts.iter().copied().chain([last]).collect::<Vec<_>>().join(".")
}

/// The path of the first key `name` at or below `path` in `body` (objects and arrays).
fn find_field(body: &serde_json::Value, path: &[&str], name: &str) -> Option<String> {
    let mut node = body;
    for part in path {
        node = match node {
            serde_json::Value::Object(map) => map.get(*part)?,
            serde_json::Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    fn search(node: &serde_json::Value, name: &str, at: &mut Vec<String>) -> bool {
        match node {
            serde_json::Value::Object(map) => {
                if map.contains_key(name) {
                    at.push(name.to_string());
                    return true;
                }
                map.iter().any(|(key, value)| {
                    at.push(key.clone());
                    search(value, name, at) || {
                        at.pop();
                        false
                    }
                })
            }
            serde_json::Value::Array(items) => items.iter().enumerate().any(|(i, value)| {
                at.push(i.to_string());
                search(value, name, at) || {
                    at.pop();
                    false
                }
            }),
            _ => false,
        }
    }
    let mut below = Vec::new();
    search(node, name, &mut below).then(|| {
        path.iter()
            .map(|p| p.to_string())
            .chain(below)
            .collect::<Vec<_>>()
            .join(".")
    })
}

/// A query string read into `T`; a bad one is `400 bad_request` naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let reader = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(reader)
            .map(ApiQuery)
            .map_err(|error| {
                let parameter = error.path().to_string();
                let inner = error.into_inner().to_string();
                // A repeated parameter is named by serde only in its message.
                let parameter = match (parameter.as_str(), inner.strip_prefix("duplicate field `")) {
                    (".", Some(rest)) => rest.split('`').next().unwrap_or_default().to_string(),
                    _ => parameter,
                };
                ApiError::BadRequest {
                    detail: format!("query parameter {parameter}: {inner}"),
                }
            })
    }
}

/// A path parameter read into `T` (an ID); a bad one is `400 bad_request` naming it.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection| ApiError::BadRequest {
                detail: format!("path parameter: {}", rejection.body_text()),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Contact {
        #[allow(dead_code)]
        email: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)]
    enum Command {
        Activate {
            #[allow(dead_code)]
            contact: Option<Contact>,
        },
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        #[allow(dead_code)]
        command: Command,
    }

    fn field_of(body: &str) -> String {
        match parse_json::<Body>(body.as_bytes()) {
            Err(ApiError::InvalidField { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unknown_field_is_named_by_its_path_even_inside_a_tagged_enum() {
        assert_eq!(
            field_of(r#"{"command":{"command":"activate","contcat":{}}}"#),
            "command.contcat"
        );
        assert_eq!(
            field_of(r#"{"command":{"command":"activate","contact":{"email":"a","emial":1}}}"#),
            "command.contact.emial"
        );
        assert_eq!(
            field_of(r#"{"command":{"command":"activate"},"extra":1}"#),
            "extra"
        );
        assert!(matches!(
            parse_json::<Body>(b"{\"command\":"),
            Err(ApiError::BadRequest { .. })
        ));
        assert!(matches!(
            parse_json::<Body>(br#"{"command":{"command":"activate"}} trailing"#),
            Err(ApiError::BadRequest { .. })
        ));
    }
}
