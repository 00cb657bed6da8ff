//! The Benefits workspace's JSON backend: the last line of defence. Every write is
//! authenticated, authorised, checked against `benefits_domain`'s rules and audited.

pub mod api;
pub mod auth;
pub mod config;
pub mod copy;
pub mod csv_file;
pub mod embed;
pub mod error;
pub mod seed;
pub mod serve;
pub mod setup;
mod spa;
pub mod store;

use axum::http::{header, HeaderValue, Method};
use axum::{middleware, Router};
use config::Config;
use std::net::SocketAddr;
use std::sync::Arc;
use store::Store;
use tokio::net::TcpListener;
use tower_http::cors::{AllowCredentials, AllowOrigin, CorsLayer};

/// What every handler may use, passed explicitly.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    /// SQLite's sign-in throttle (one process); PostgreSQL's is a table every instance
    /// shares (`store::postgres::PgStore::sign_in_attempt`).
    pub sign_in_throttle: Arc<auth::SignInThrottle>,
    /// SQLite: the queue of the command writer (`api::commands::start_command_writer`).
    /// PostgreSQL: none, every command is a transaction of its own.
    pub commands: Option<tokio::sync::mpsc::Sender<api::commands::CommandJob>>,
}

/// The whole application: API under `/api/v1`, the SPA everywhere else.
pub fn app(state: AppState) -> Router {
    let config = state.config.clone();
    let csp = HeaderValue::from_str(&spa::content_security_policy(&config))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let mut router = Router::new()
        .nest("/api/v1", api::router(state.clone()))
        .fallback_service(spa::service(&config.dist))
        .layer(middleware::from_fn(spa::without_trailing_slash))
        .layer(middleware::from_fn(move |request, next| {
            spa::headers(csp.clone(), request, next)
        }));
    // Other sites may call the API: those configured (`--cors-origins`: the SPA on a static
    // host of the same site) with the session cookie, and every registered embedding site
    // (EMB-1, looked up as it calls) with its tokens only: never with the cookie of someone
    // who happens to visit it (that would be any company's session).
    let configured: Arc<Vec<String>> = Arc::new(config.allowed_origins().map(String::from).collect());
    let store = state.store.clone();
    let listed = configured.clone();
    let allowed = AllowOrigin::async_predicate(move |origin: HeaderValue, _| {
        let (configured, store) = (listed.clone(), store.clone());
        async move {
            let Ok(origin) = origin.to_str() else {
                return false;
            };
            configured.iter().any(|o| o == origin) || embed::is_registered(&store, origin).await
        }
    });
    let with_cookie = AllowCredentials::predicate(move |origin: &HeaderValue, _| {
        origin
            .to_str()
            .is_ok_and(|origin| configured.iter().any(|o| o == origin))
    });
    router = router.layer(
        CorsLayer::new()
            .allow_origin(allowed)
            .allow_credentials(with_cookie)
            .allow_methods([Method::GET, Method::POST, Method::DELETE])
            .allow_headers([
                header::CONTENT_TYPE,
                header::ACCEPT_LANGUAGE,
                header::AUTHORIZATION,
            ]),
    );
    router
}

/// A bound, migrated, (optionally) seeded server that has not started serving yet.
pub struct Server {
    /// SET-1: the token of the one-time setup link, when the database started empty
    /// without demo data.
    setup_token: Option<String>,
    public_url: String,
    listener: TcpListener,
    router: Router,
    store: Store,
    limits: serve::Limits,
}

impl Server {
    pub async fn start(config: Config) -> Result<Server, Box<dyn std::error::Error>> {
        let store = Store::connect(&config.database).await?;
        let setup_token = if config.demo_data {
            let seeded = seed::seed_demo_companies(&store).await?.is_some();
            seed::print_demo_sign_ins(&store, seeded).await?;
            None
        } else {
            setup::setup_link_if_empty(&store).await?
        };
        let public_url = config.public_url.trim().trim_end_matches('/').to_string();
        let listener = TcpListener::bind((config.bind, config.port)).await?;
        let limits = serve::Limits {
            header_read: std::time::Duration::from_secs(config.header_timeout.max(1)),
        };
        let commands = match &store {
            Store::Sqlite(sqlite) => Some(api::commands::start_command_writer(sqlite)?),
            Store::Postgres(_) => None,
        };
        let state = AppState {
            store: store.clone(),
            config: Arc::new(config),
            sign_in_throttle: Arc::new(auth::SignInThrottle::default()),
            commands,
        };
        Ok(Server {
            setup_token,
            public_url,
            listener,
            router: app(state),
            store,
            limits,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// SET-1: the one-time setup link to print, if the database started empty without demo
    /// data: on the public URL when one is configured, else on this server's address.
    pub fn setup_link(&self) -> Option<String> {
        let base = match self.public_url.as_str() {
            "" => format!("http://{}", self.address()),
            url => url.to_string(),
        };
        self.setup_token
            .as_ref()
            .map(|token| format!("{base}/setup?token={token}"))
    }

    pub fn store(&self) -> Store {
        self.store.clone()
    }

    /// Serves until Ctrl-C / SIGTERM, then closes the database cleanly.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        serve::serve(self.listener, self.router, self.limits, shutdown_signal()).await?;
        self.store.close().await;
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("can listen for SIGTERM");
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
