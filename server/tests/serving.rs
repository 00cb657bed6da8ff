//! Serving the SPA: deep links, precompressed files, cache and security headers, CORS.

use benefits_server::config::Config;
use benefits_server::Server;
use reqwest::StatusCode;

const INDEX: &str = r#"<!DOCTYPE html><html><head><script type="module">import init from '/app-0123456789abcdef.js'; await init();</script></head><body></body></html>"#;

async fn spawn_with_dist(cors: &[&str]) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef.js"),
        "export default function init() {}",
    )
    .unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js.br"), b"brotli bytes").unwrap();
    let mut config = Config::for_tests(dir.path().join("benefits.db").to_string_lossy().into_owned());
    config.dist = dist;
    config.cors_origins = cors.iter().map(|s| s.to_string()).collect();
    config.frame_ancestors = "'self' https://partner.example".into();
    let server = Server::start(config).await.unwrap();
    let base = format!("http://{}", server.address());
    tokio::spawn(server.run_until_stopped());
    (base, dir)
}

#[tokio::test]
async fn deep_links_get_index_html_under_a_csp_that_allows_the_app() {
    let (base, _dir) = spawn_with_dist(&[]).await;
    let response = reqwest::get(format!("{base}/benefits/visual-studio/1303"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin");
    assert_eq!(headers["cache-control"], "no-cache");
    let csp = headers["content-security-policy"].to_str().unwrap().to_string();
    assert!(
        csp.contains("'wasm-unsafe-eval'") && csp.contains("'sha256-"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-ancestors 'self' https://partner.example"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(response.text().await.unwrap(), INDEX);
}

#[tokio::test]
async fn hashed_files_are_immutable_and_sent_precompressed() {
    let (base, _dir) = spawn_with_dist(&[]).await;
    let client = reqwest::Client::new();
    let response = client
        .get(format!("{base}/app-0123456789abcdef.js"))
        .header("Accept-Encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let plain = client
        .get(format!("{base}/app-0123456789abcdef.js"))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn unknown_api_paths_are_json_404_not_the_app() {
    let (base, _dir) = spawn_with_dist(&[]).await;
    let response = reqwest::get(format!("{base}/api/v1/nothing-here")).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let (base, _dir) = spawn_with_dist(&["https://partner.example"]).await;
    let client = reqwest::Client::new();
    let preflight = |origin: &'static str| {
        client
            .request(reqwest::Method::OPTIONS, format!("{base}/api/v1/session"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
    };
    let allowed = preflight("https://partner.example").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://partner.example"
    );
    assert_eq!(allowed.headers()["access-control-allow-credentials"], "true");
    let other = preflight("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

/// The app finds its folder from the URL: `/benefits/` would read as a folder of its own,
/// so the bundled server sends such a path on without its slash (the query kept).
#[tokio::test]
async fn a_page_path_with_a_trailing_slash_is_sent_on_without_it() {
    let (base, _dir) = spawn_with_dist(&[]).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (from, to) in [
        ("/benefits/", "/benefits"),
        ("/tracking/audit/?area=account", "/tracking/audit?area=account"),
        // Never to another host.
        ("//evil.example/", "/evil.example"),
    ] {
        let response = client.get(format!("{base}{from}")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT, "{from}");
        assert_eq!(response.headers()["location"], to);
    }
    // The start page and the API are left as they are.
    let root = client.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(root.status(), StatusCode::OK);
    let api = client.get(format!("{base}/api/v1/me/")).send().await.unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
}
