//! The test harness: the real server on 127.0.0.1 (random port), a fresh SQLite file in a
//! temporary directory, the demo companies seeded, real HTTP.
#![allow(dead_code)]

use benefits_domain::wire::VisualStudioList;
use benefits_domain::workspace::Workspace;
use benefits_server::config::Config;
use benefits_server::seed::{seed_demo_companies, DEMO_PASSWORD};
use benefits_server::store;
use benefits_server::Server;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::SqlitePool;

pub struct TestApp {
    pub base: String,
    pub pool: SqlitePool,
    /// The SQLite file (for the server binary's own commands).
    pub database: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// [`TestApp::spawn`] with some settings changed first.
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        let (app, _) = TestApp::start(configure, true).await;
        app
    }

    /// A server on an empty database without demo data (SET-1), with its setup link.
    pub async fn spawn_empty() -> (TestApp, String) {
        let (app, link) = TestApp::start(|_| {}, false).await;
        (app, link.expect("an empty server prints a setup link"))
    }

    async fn start(configure: impl FnOnce(&mut Config), seed: bool) -> (TestApp, Option<String>) {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("benefits.db");
        let mut config = Config::for_tests(database.clone());
        configure(&mut config);
        let server = Server::start(config).await.unwrap();
        let pool = server.pool();
        let link = server.setup_link();
        if seed {
            seed_demo_companies(&pool)
                .await
                .unwrap()
                .expect("a fresh database gets seeded");
        }
        let base = format!("http://{}/api/v1", server.address());
        tokio::spawn(server.run_until_stopped());
        let app = TestApp {
            base,
            pool,
            database,
            _dir: dir,
        };
        (app, link)
    }

    pub fn client() -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).build().unwrap()
    }

    /// A client signed in as the demo user with this e-mail.
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let (client, status, _) = self.sign_in_with(email, DEMO_PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "sign-in as {email}");
        client
    }

    /// Signs the client out (`DELETE /session`).
    pub async fn sign_out(&self, client: &reqwest::Client) {
        let out = client
            .delete(format!("{}/session", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
    }

    pub async fn subscriptions(&self, client: &reqwest::Client) -> VisualStudioList {
        let response = client
            .get(format!("{}/visual-studio/subscriptions", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    pub async fn user_id(&self, email: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
            .bind(email)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// The rows a write may change, to prove a refusal changed nothing.
    pub async fn snapshot(&self) -> Vec<(i64, i64, String)> {
        sqlx::query_as("SELECT id, version, body FROM benefits ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .unwrap()
    }

    /// Changes a company's stored workspace directly (e.g. to move an assignment into the past).
    pub async fn edit_workspace(&self, company_id: i64, edit: impl FnOnce(&mut Workspace)) {
        let mut conn = self.pool.acquire().await.unwrap();
        let before = store::load_workspace(&mut conn, company_id).await.unwrap();
        let mut after = before.clone();
        edit(&mut after);
        store::save_changes(&mut conn, &before, &after, "!")
            .await
            .unwrap();
    }

    pub async fn audit_count(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM audit_events")
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    pub async fn post(
        &self,
        client: &reqwest::Client,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        client
            .post(format!("{}{}", self.base, path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

impl TestApp {
    /// POSTs a command (`{"command": …, "version": …}`); returns the status and the JSON body.
    pub async fn command(
        &self,
        client: &reqwest::Client,
        body: serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        let response = client
            .post(format!("{}/commands", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(serde_json::Value::Null))
    }

    pub async fn workspace(&self, client: &reqwest::Client) -> serde_json::Value {
        let response = client
            .get(format!("{}/workspace", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    /// The stored version of a benefit.
    pub async fn version(&self, id: i64) -> i64 {
        sqlx::query_scalar("SELECT version FROM benefits WHERE id = ?")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}

impl TestApp {
    /// Signs in with a password; returns the client and the answer's JSON (`Me`).
    pub async fn sign_in_with(
        &self,
        email: &str,
        password: &str,
    ) -> (reqwest::Client, StatusCode, serde_json::Value) {
        let client = Self::client();
        let response = client
            .post(format!("{}/session", self.base))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap();
        let status = response.status();
        (client, status, response.json().await.unwrap_or_default())
    }

    /// The session token of a fresh sign-in (for raw HTTP requests).
    pub async fn session_token(&self, email: &str) -> String {
        let response = reqwest::Client::new()
            .post(format!("{}/session", self.base))
            .json(&json!({ "email": email, "password": DEMO_PASSWORD }))
            .send()
            .await
            .unwrap();
        let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
        cookie
            .split(';')
            .next()
            .and_then(|pair| pair.split_once('='))
            .map(|(_, token)| token.to_string())
            .unwrap()
    }

    /// `host:port` of the server.
    pub fn authority(&self) -> String {
        self.base
            .trim_start_matches("http://")
            .trim_end_matches("/api/v1")
            .to_string()
    }
}

pub const ADMIN: &str = "ada@fabrikam.example";
pub const VIEWER: &str = "noor@fabrikam.example";
