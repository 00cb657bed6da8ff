//! Partner sites that embed the workspace: registered from the command line (EMB-1), their
//! backends trading the secret for a short-lived token that works only from the site's
//! origin and only for that user (EMB-2).

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const SITE: &str = "http://localhost:4100";
const OTHER_SITE: &str = "http://localhost:4200";

/// Runs `benefits-server embed-sites …` on the test's database; returns its output.
fn embed_sites(app: &TestApp, args: &[&str]) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_benefits-server"))
        .arg("--database")
        .arg(&app.database)
        .arg("--demo-data")
        .arg("false")
        .arg("embed-sites")
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// Registers `origin` for `company`; returns the secret it printed.
fn register(app: &TestApp, origin: &str, company: i64) -> String {
    let (ok, out) = embed_sites(
        app,
        &["add", "--origin", origin, "--company", &company.to_string()],
    );
    assert!(ok, "{out}");
    out.lines()
        .find(|l| l.starts_with("pbsite_"))
        .expect("the secret is printed")
        .to_string()
}

async fn token_request(app: &TestApp, secret: &str, email: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/embed/tokens", app.base))
        .bearer_auth(secret)
        .json(&json!({ "email": email }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

/// `GET path` with a site's token, from `origin` (or none).
async fn get_with_token(app: &TestApp, token: &str, origin: Option<&str>, path: &str) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .get(format!("{}{path}", app.base))
        .bearer_auth(token);
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn emb_1_a_site_is_registered_with_its_origin_and_a_secret_shown_once_kept_as_a_hash() {
    let app = TestApp::spawn().await;
    let secret = register(&app, "http://LOCALHOST:4100", 1);
    assert!(secret.len() > 64, "{secret}");
    let stored: Vec<(String, i64, String)> = app
        .all("SELECT origin, company_id, secret_hash FROM embed_sites", vec![])
        .await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (stored[0].0.as_str(), stored[0].1),
        (SITE, 1),
        "the exact origin, lower case"
    );
    assert_ne!(stored[0].2, secret, "only a hash is kept");
    assert!(!stored[0].2.contains(&secret[7..]));
    // Listed without its secret.
    let (ok, list) = embed_sites(&app, &["list"]);
    assert!(
        ok && list.contains(SITE) && list.contains("Fabrikam Partners"),
        "{list}"
    );
    assert!(!list.contains(&secret));
    // Refused: a second registration, an origin with a path, plain http elsewhere, no such company.
    for args in [
        ["add", "--origin", SITE, "--company", "1"],
        [
            "add",
            "--origin",
            "https://partner.example/shop",
            "--company",
            "1",
        ],
        ["add", "--origin", "http://partner.example", "--company", "1"],
        ["add", "--origin", "https://partner.example", "--company", "999"],
    ] {
        let (ok, out) = embed_sites(&app, &args);
        assert!(!ok, "{args:?}: {out}");
    }
    // Removed: its tokens stop working at once.
    let (_, body) = token_request(&app, &secret, "noor@fabrikam.example").await;
    let token = body["token"].as_str().unwrap().to_string();
    assert_eq!(
        get_with_token(&app, &token, Some(SITE), "/me").await.0,
        StatusCode::OK
    );
    let (ok, out) = embed_sites(&app, &["remove", "--origin", SITE]);
    assert!(ok, "{out}");
    assert_eq!(
        get_with_token(&app, &token, Some(SITE), "/me").await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, error) = token_request(&app, &secret, "noor@fabrikam.example").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("EMB-1"))
    );
}

#[tokio::test]
async fn emb_2_a_token_works_from_its_sites_origin_for_its_user_only_and_briefly() {
    let app = TestApp::spawn().await;
    let secret = register(&app, SITE, 1);
    register(&app, OTHER_SITE, 2);
    let before = chrono::Utc::now();
    let (status, body) = token_request(&app, &secret, "ada@fabrikam.example").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let token = body["token"].as_str().unwrap().to_string();
    let expires: chrono::DateTime<chrono::Utc> = body["expires_at"].as_str().unwrap().parse().unwrap();
    assert!(expires <= before + chrono::Duration::minutes(15) + chrono::Duration::seconds(5));
    assert!(expires > before + chrono::Duration::minutes(14));

    // From the site: that user, reads and writes.
    let (status, me) = get_with_token(&app, &token, Some(SITE), "/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["user"]["email"], "ada@fabrikam.example");
    let assign = reqwest::Client::new()
        .post(format!("{}/commands", app.base))
        .bearer_auth(&token)
        .header("Origin", SITE)
        .json(&json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": 1303, "user_id": 105}, "version": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(assign.status(), StatusCode::OK);
    assert_eq!(app.version(1303).await, 2);

    // From another site, from no site, forged: refused, nothing done.
    let audit = app.audit_count().await;
    for (token, origin) in [
        (token.as_str(), Some(OTHER_SITE)),
        (token.as_str(), None),
        (token.as_str(), Some("https://evil.example")),
        ("forged-token", Some(SITE)),
    ] {
        let (status, error) = get_with_token(&app, token, origin, "/workspace").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{origin:?}");
        assert_eq!(error["code"], "unauthenticated");
        let write = reqwest::Client::new()
            .post(format!("{}/commands", app.base))
            .bearer_auth(token)
            .header("Origin", origin.unwrap_or("null"))
            .json(&json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": 1304, "user_id": 105}, "version": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(write.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.audit_count().await, audit);
    assert_eq!(app.version(1304).await, 1);

    // Not for another company's user, not with a wrong secret.
    let (status, error) = token_request(&app, &secret, "ada@contoso.example").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("EMB-2"))
    );
    let (status, error) = token_request(&app, &secret, "nobody@fabrikam.example").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("EMB-2"))
    );
    let (status, error) = token_request(&app, "pbsite_guess", "ada@fabrikam.example").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("EMB-1"))
    );

    // Run out: `token_expired`, so the widget asks its host for a new one.
    app.exec(
        "UPDATE sessions SET expires_at = '2000-01-01T00:00:00+00:00' WHERE origin IS NOT NULL",
        vec![],
    )
    .await;
    let (status, error) = get_with_token(&app, &token, Some(SITE), "/me").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("token_expired"))
    );
    let write = reqwest::Client::new()
        .post(format!("{}/commands", app.base))
        .bearer_auth(&token)
        .header("Origin", SITE)
        .json(&json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": 1304, "user_id": 105}, "version": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), StatusCode::UNAUTHORIZED);
    let error: Value = write.json().await.unwrap();
    assert_eq!(error["code"], "token_expired");
}

#[tokio::test]
async fn emb_1_a_registered_site_may_call_the_api_from_its_pages_and_no_other() {
    let app = TestApp::spawn().await;
    register(&app, SITE, 1);
    let preflight = |origin: &'static str| {
        reqwest::Client::new()
            .request(reqwest::Method::OPTIONS, format!("{}/me", app.base))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization")
            .send()
    };
    let allowed = preflight(SITE).await.unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], SITE);
    assert!(allowed.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("authorization"));
    // Tokens only: never the session cookie of whoever visits the site (any company's).
    assert!(allowed
        .headers()
        .get("access-control-allow-credentials")
        .is_none());
    let refused = preflight("http://localhost:4999").await.unwrap();
    assert!(refused.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn emb_2_signing_out_with_a_sites_token_ends_that_token() {
    let app = TestApp::spawn().await;
    let secret = register(&app, SITE, 1);
    let (_, body) = token_request(&app, &secret, "noor@fabrikam.example").await;
    let token = body["token"].as_str().unwrap().to_string();
    assert_eq!(
        get_with_token(&app, &token, Some(SITE), "/me").await.0,
        StatusCode::OK
    );
    let out = reqwest::Client::new()
        .delete(format!("{}/session", app.base))
        .bearer_auth(&token)
        .header("Origin", SITE)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let (status, error) = get_with_token(&app, &token, Some(SITE), "/me").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
    );
}
