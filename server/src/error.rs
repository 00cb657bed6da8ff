//! API errors: JSON `{code, message, details}`, the message in the client's language.
//!
//! Handlers return an [`ApiError`] without knowing the language; the
//! [`localise_errors`] layer reads `Accept-Language` and writes the body.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
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
    },
    NotJson,
    TooLarge,
    /// Too many failed sign-ins for this account: wait before trying again.
    TooManyAttempts {
        retry_after_seconds: u64,
    },
    /// An uploaded file can't be used; `detail` says where (line, column, missing names).
    BadFile {
        problem: FileProblem,
        detail: String,
    },
    /// Something broke on our side; the detail is logged, never sent.
    Internal,
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
            (FileProblem::Columns, Lang::En) => "The file needs the columns email, area and benefit. Missing:",
            (FileProblem::Columns, Lang::Nl) => "Het bestand heeft de kolommen email, area en benefit nodig. Ontbreekt:",
            (FileProblem::Columns, Lang::De) => "Die Datei braucht die Spalten email, area und benefit. Es fehlt:",
            (FileProblem::Formula, Lang::En) => "The file contains a formula (a cell starting with =, +, - or @), which is not accepted:",
            (FileProblem::Formula, Lang::Nl) => "Het bestand bevat een formule (een cel die begint met =, +, - of @); dat wordt niet geaccepteerd:",
            (FileProblem::Formula, Lang::De) => "Die Datei enthält eine Formel (eine Zelle, die mit =, +, - oder @ beginnt); das wird nicht angenommen:",
            (FileProblem::Malformed, Lang::En) => "The file is not valid CSV:",
            (FileProblem::Malformed, Lang::Nl) => "Het bestand is geen geldige CSV:",
            (FileProblem::Malformed, Lang::De) => "Die Datei ist kein gültiges CSV:",
            (FileProblem::Empty, Lang::En) => "The file has no rows to assign.",
            (FileProblem::Empty, Lang::Nl) => "Het bestand heeft geen rijen om toe te wijzen.",
            (FileProblem::Empty, Lang::De) => "Die Datei enthält keine Zeilen zum Zuweisen.",
            (FileProblem::TooManyRows, Lang::En) => "The file has too many rows. The most a file may have:",
            (FileProblem::TooManyRows, Lang::Nl) => "Het bestand heeft te veel rijen. Het maximum per bestand:",
            (FileProblem::TooManyRows, Lang::De) => "Die Datei hat zu viele Zeilen. Höchstens erlaubt:",
        }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated | ApiError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Rule(v) if matches!(v.reason, Reason::MissingRole { .. }) => StatusCode::FORBIDDEN,
            ApiError::Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Stale { .. } => StatusCode::CONFLICT,
            ApiError::NeedsConfirmation(_) => StatusCode::PRECONDITION_REQUIRED,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::InvalidField { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::BadFile { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self, lang: Lang) -> ErrorBody {
        let (code, details) = match self {
            ApiError::Unauthenticated => ("unauthenticated", serde_json::Value::Null),
            ApiError::InvalidCredentials => ("invalid_credentials", serde_json::Value::Null),
            ApiError::NotFound => ("not_found", serde_json::Value::Null),
            ApiError::Rule(v) => (v.rule.code(), serde_json::to_value(v).unwrap_or_default()),
            ApiError::Stale { current } => ("stale", serde_json::json!({ "current": current })),
            ApiError::NeedsConfirmation(w) => (w.rule().code(), serde_json::json!({ "warning": w })),
            ApiError::BadRequest { detail } => ("bad_request", serde_json::json!({ "detail": detail })),
            ApiError::InvalidField { detail } => ("invalid_field", serde_json::json!({ "detail": detail })),
            ApiError::NotJson => ("not_json", serde_json::Value::Null),
            ApiError::TooLarge => ("too_large", serde_json::Value::Null),
            ApiError::TooManyAttempts { retry_after_seconds } => (
                "too_many_attempts",
                serde_json::json!({ "retry_after_seconds": retry_after_seconds }),
            ),
            ApiError::BadFile { problem, detail } => {
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
            (ApiError::BadFile { problem, detail }, _) if detail.is_empty() => problem.message(lang),
            (ApiError::BadFile { problem, detail }, _) => return format!("{} {detail}", problem.message(lang)),
            (ApiError::Unauthenticated, Lang::En) => "Please sign in.",
            (ApiError::Unauthenticated, Lang::Nl) => "Meld u aan.",
            (ApiError::Unauthenticated, Lang::De) => "Bitte melden Sie sich an.",
            (ApiError::InvalidCredentials, Lang::En) => "The e-mail address or password is not correct.",
            (ApiError::InvalidCredentials, Lang::Nl) => "Het e-mailadres of wachtwoord is onjuist.",
            (ApiError::InvalidCredentials, Lang::De) => "Die E-Mail-Adresse oder das Kennwort ist falsch.",
            (ApiError::NotFound, Lang::En) => "Not found.",
            (ApiError::NotFound, Lang::Nl) => "Niet gevonden.",
            (ApiError::NotFound, Lang::De) => "Nicht gefunden.",
            (ApiError::Stale { .. }, Lang::En) => "Someone else changed this in the meantime. The latest state is shown; please try again.",
            (ApiError::Stale { .. }, Lang::Nl) => "Iemand anders heeft dit intussen gewijzigd. De nieuwste stand wordt getoond; probeer het opnieuw.",
            (ApiError::Stale { .. }, Lang::De) => "Jemand anderes hat dies inzwischen geändert. Der aktuelle Stand wird angezeigt; bitte versuchen Sie es erneut.",
            (ApiError::InvalidField { .. }, Lang::En) => "A field of the request is not valid.",
            (ApiError::InvalidField { .. }, Lang::Nl) => "Een veld van de aanvraag is ongeldig.",
            (ApiError::InvalidField { .. }, Lang::De) => "Ein Feld der Anfrage ist ungültig.",
            (ApiError::NotJson, Lang::En) => "Send the request as JSON (Content-Type: application/json).",
            (ApiError::NotJson, Lang::Nl) => "Verstuur de aanvraag als JSON (Content-Type: application/json).",
            (ApiError::NotJson, Lang::De) => "Senden Sie die Anfrage als JSON (Content-Type: application/json).",
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

/// Middleware: turns an [`ApiError`] left in a response into its JSON body.
pub async fn localise_errors(request: Request, next: Next) -> Response {
    let lang = client_lang(request.headers());
    let mut response = next.run(request).await;
    match response.extensions_mut().remove::<ApiError>() {
        Some(error) => (error.status(), Json(error.body(lang))).into_response(),
        None => response,
    }
}

/// `Json` whose rejections are [`ApiError`]s, so a bad body gets our JSON error.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(match &rejection {
                JsonRejection::JsonDataError(_) => ApiError::InvalidField {
                    detail: rejection_detail(&rejection),
                },
                JsonRejection::MissingJsonContentType(_) => ApiError::NotJson,
                JsonRejection::BytesRejection(_) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::TooLarge
                }
                _ => ApiError::BadRequest {
                    detail: rejection_detail(&rejection),
                },
            }),
        }
    }
}

fn rejection_detail(rejection: &JsonRejection) -> String {
    rejection.body_text()
}
