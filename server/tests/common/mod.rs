//! The test harness: the real server on 127.0.0.1 (random port), a fresh database, the demo
//! companies seeded, real HTTP. The database is a new SQLite file in a temporary directory;
//! or, with `PB_TEST_POSTGRES=postgres://user@host:port` (`cargo xtask test` sets it for its
//! second run, on a throwaway cluster), a new PostgreSQL database on that server.
#![allow(dead_code)]

use benefits_domain::wire::VisualStudioList;
use benefits_domain::workspace::Workspace;
use benefits_server::config::Config;
use benefits_server::seed::{seed_demo_companies, DEMO_PASSWORD};
use benefits_server::store::{self, Arg, Store};
use benefits_server::{bind_args, in_write, on_pool, Server};
use reqwest::StatusCode;
use serde_json::json;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Postgres, Sqlite};

pub struct TestApp {
    pub base: String,
    pub store: Store,
    /// The `--database` the server runs on (for the server binary's own commands).
    pub database: String,
    _dir: tempfile::TempDir,
}

/// A fresh database for one test: a SQLite file in `dir`, or a new PostgreSQL database when
/// `PB_TEST_POSTGRES` names a server.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("PB_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            use sqlx::Connection;
            static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let name = format!(
                "pb_test_{}_{}",
                std::process::id(),
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            );
            let server = server.trim_end_matches('/');
            let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
                .await
                .expect("PB_TEST_POSTGRES: the PostgreSQL server answers");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .unwrap();
            format!("{server}/{name}")
        }
        _ => dir.join("benefits.db").to_string_lossy().into_owned(),
    }
}

/// The server binary running as a process of its own on `database` (demo data on): killed
/// when dropped.
pub struct Instance {
    pub child: std::process::Child,
    /// `http://host:port/api/v1`
    pub base: String,
}

impl Instance {
    pub fn start(database: &str, dir: &std::path::Path) -> Instance {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_benefits-server"))
            .env("PB_PORT", "0")
            .env("PB_BIND", "127.0.0.1")
            .env("PB_DATABASE", database)
            .env("PB_DIST", dir.join("no-dist"))
            .env("PB_DEMO_DATA", "true")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().unwrap();
        let mut lines = std::io::BufReader::new(stdout).lines();
        let address = loop {
            let line = lines.next().expect("the server prints its address").unwrap();
            if let Some(address) = line.split("serving on ").nth(1) {
                break address.trim().to_string();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Instance {
            child,
            base: format!("{address}/api/v1"),
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether the tests run on PostgreSQL (`PB_TEST_POSTGRES`).
pub fn on_postgres() -> bool {
    std::env::var("PB_TEST_POSTGRES").is_ok_and(|s| !s.is_empty())
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
        let database = fresh_database(dir.path()).await;
        let mut config = Config::for_tests(database.clone());
        configure(&mut config);
        let server = Server::start(config).await.unwrap();
        let store = server.store();
        let link = server.setup_link();
        if seed {
            seed_demo_companies(&store)
                .await
                .unwrap()
                .expect("a fresh database gets seeded");
        }
        let base = format!("http://{}/api/v1", server.address());
        tokio::spawn(server.run_until_stopped());
        let app = TestApp {
            base,
            store,
            database,
            _dir: dir,
        };
        (app, link)
    }

    /// One row of `sql` (`?` placeholders), as a tuple: on either database.
    pub async fn one<T>(&self, sql: &str, args: Vec<Arg>) -> T
    where
        T: Send + Unpin + for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow>,
    {
        on_pool!(&self.store, |pool, d| {
            let sql = d.sql(sql);
            bind_args!(sqlx::query_as(&sql), args)
                .fetch_one(pool)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        })
    }

    /// Every row of `sql`, as tuples.
    pub async fn all<T>(&self, sql: &str, args: Vec<Arg>) -> Vec<T>
    where
        T: Send + Unpin + for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow>,
    {
        on_pool!(&self.store, |pool, d| {
            let sql = d.sql(sql);
            bind_args!(sqlx::query_as(&sql), args)
                .fetch_all(pool)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        })
    }

    /// The one value of `sql`'s one row.
    pub async fn scalar<T>(&self, sql: &str, args: Vec<Arg>) -> T
    where
        T: Send
            + Unpin
            + sqlx::Type<Sqlite>
            + for<'r> sqlx::Decode<'r, Sqlite>
            + sqlx::Type<Postgres>
            + for<'r> sqlx::Decode<'r, Postgres>,
    {
        let (value,): (T,) = self.one(sql, args).await;
        value
    }

    /// Every value of `sql`'s one column.
    pub async fn scalars<T>(&self, sql: &str, args: Vec<Arg>) -> Vec<T>
    where
        T: Send
            + Unpin
            + sqlx::Type<Sqlite>
            + for<'r> sqlx::Decode<'r, Sqlite>
            + sqlx::Type<Postgres>
            + for<'r> sqlx::Decode<'r, Postgres>,
    {
        let rows: Vec<(T,)> = self.all(sql, args).await;
        rows.into_iter().map(|(value,)| value).collect()
    }

    /// Holds up Fabrikam's writes until [`WriteHold::release`]: another writer with SQLite's
    /// write lock, or on PostgreSQL a transaction holding the company's row.
    pub async fn hold_writes(&self) -> WriteHold {
        match &self.store {
            Store::Sqlite(sqlite) => {
                let mut tx = sqlite.pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
                sqlx::query("SELECT 1").execute(&mut *tx).await.unwrap();
                WriteHold::Sqlite(tx)
            }
            Store::Postgres(pg) => {
                let mut tx = pg.pool.begin().await.unwrap();
                sqlx::query("SELECT 1 FROM companies WHERE id = 1 FOR UPDATE")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                WriteHold::Postgres(tx)
            }
        }
    }

    /// Runs `sql` on the database directly; the rows it changed.
    pub async fn exec(&self, sql: &str, args: Vec<Arg>) -> u64 {
        self.store
            .run(sql, args)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
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
        self.scalar("SELECT id FROM users WHERE email = ?", vec![Arg::from(email)])
            .await
    }

    /// The rows a write may change, to prove a refusal changed nothing.
    pub async fn snapshot(&self) -> Vec<(i64, i64, String)> {
        self.all("SELECT id, version, body FROM benefits ORDER BY id", vec![])
            .await
    }

    /// Changes a company's stored workspace directly (e.g. to move an assignment into the past).
    pub async fn edit_workspace(&self, company_id: i64, edit: impl FnOnce(&mut Workspace)) {
        let done: Result<(), sqlx::Error> = async {
            in_write!(&self.store, |tx| {
                let before = store::load_workspace(tx, company_id).await?;
                let mut after = before.clone();
                edit(&mut after);
                store::save_changes(tx, &before, &after, "!").await
            })
        }
        .await;
        done.unwrap();
    }

    pub async fn audit_count(&self) -> i64 {
        self.scalar("SELECT count(*) FROM audit_events", vec![]).await
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
        self.scalar("SELECT version FROM benefits WHERE id = ?", vec![Arg::from(id)])
            .await
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

/// See [`TestApp::hold_writes`].
pub enum WriteHold {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl WriteHold {
    pub async fn release(self) {
        match self {
            WriteHold::Sqlite(tx) => tx.commit().await.unwrap(),
            WriteHold::Postgres(tx) => tx.commit().await.unwrap(),
        }
    }
}

pub const ADMIN: &str = "ada@fabrikam.example";
pub const VIEWER: &str = "noor@fabrikam.example";
