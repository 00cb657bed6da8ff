//! Serves the SPA's files: precompressed (br, gzip) when the client takes them, hashed
//! files cached for a year, index.html for every other path (deep links), and the
//! security headers under which the app runs.

use crate::config::Config;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

pub fn service(dist: &Path) -> ServeDir<ServeFile> {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index)
}

/// The Content-Security-Policy the app works under: its own files only, WebAssembly
/// allowed, Trunk's inline loader script allowed by its hash, framing as configured.
pub fn content_security_policy(config: &Config) -> String {
    let index = std::fs::read_to_string(config.dist.join("index.html")).unwrap_or_default();
    let script_hashes: String = inline_scripts(&index)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let connect: String = config.allowed_origins().map(|o| format!(" {o}")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{script_hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'{connect}; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors {}",
        config.frame_ancestors
    )
}

/// The bodies of `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, body) = rest.split_once('>')?;
        let (body, _) = body.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(body)
    })
}

/// A file name with Trunk's content hash (`name-0123456789abcdef.ext`) never changes. The
/// hash is a 64-bit number written without its leading zeros: 16 hex digits, or 15 one time
/// in 16 (`favicon-d3d7d9c7966bbfe.svg`), fewer ever more rarely.
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    stem.rsplit(['-', '_'])
        .any(|part| (12..=16).contains(&part.len()) && part.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Middleware: `/benefits/` → `/benefits` (308). The app finds its folder from the URL
/// (`index.html`): a page's path with a slash at the end would read as a folder of its own.
pub async fn without_trailing_slash(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.len() > 1 && path.ends_with('/') && !path.starts_with("/api/") {
        // One leading slash only: `//evil.example/` must not become a link to another host.
        let mut to = format!("/{}", path.trim_matches('/'));
        if let Some(query) = request.uri().query() {
            to = format!("{to}?{query}");
        }
        return axum::response::Redirect::permanent(&to).into_response();
    }
    next.run(request).await
}

/// Middleware: security headers on every response, cache headers on the SPA's files.
pub async fn headers(csp: HeaderValue, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    let cache = if path.starts_with("/api/") {
        "no-store"
    } else if is_hashed_asset(&path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_recognised() {
        assert!(is_hashed_asset("/partner-benefits-e1b053732eb8b6b4.js"));
        assert!(is_hashed_asset("/partner-benefits-e1b053732eb8b6b4_bg.wasm"));
        assert!(is_hashed_asset("/app-38ae1c1b479f3ae0.css"));
        // A hash with a leading zero is one digit shorter; the split build's chunks and their
        // loader carry the build's hash too.
        assert!(is_hashed_asset("/favicon-d3d7d9c7966bbfe.svg"));
        assert!(is_hashed_asset("/partner-benefits-80309602b880d5b-chunk_7.wasm"));
        assert!(is_hashed_asset(
            "/partner-benefits-886ced499ef13fc7-split_benefit_area.wasm"
        ));
        assert!(is_hashed_asset("/partner-benefits-886ced499ef13fc7-split.js"));
        assert!(!is_hashed_asset("/embed.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/benefits/visual-studio/1303"));
        assert!(!is_hashed_asset("/public/favicon.svg"));
    }

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = r#"<script type="module">init();</script><script src="/x.js"></script>"#;
        assert_eq!(inline_scripts(html).collect::<Vec<_>>(), vec!["init();"]);
    }
}
