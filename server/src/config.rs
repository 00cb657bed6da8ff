//! Server settings: every one a flag and an environment variable.

use clap::{ArgAction, Parser, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "benefits-server",
    about = "Partner Benefits: the JSON API and the SPA's static files"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PB_BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PB_PORT", default_value_t = 8080)]
    pub port: u16,
    /// The database: a SQLite file (a path, or `sqlite://path`), created and migrated when
    /// missing; or PostgreSQL 15 or later (`postgres://user:password@host:port/database`),
    /// migrated at start — several servers may share one.
    #[arg(long, env = "PB_DATABASE", default_value = "data/benefits.db")]
    pub database: String,
    /// The SPA's built files (Trunk's `dist/`).
    #[arg(long, env = "PB_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Seed the demo company on first start (an empty database).
    #[arg(long, env = "PB_DEMO_DATA", default_value_t = true, action = ArgAction::Set)]
    pub demo_data: bool,
    /// Origins allowed to call the API from another site (comma-separated), e.g. the
    /// static host of the SPA. Empty: same origin only.
    #[arg(long, env = "PB_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// Who may embed the app in a frame (CSP `frame-ancestors`), e.g. `'self' https://partner.example`.
    #[arg(long, env = "PB_FRAME_ANCESTORS", default_value = "'self'")]
    pub frame_ancestors: String,
    /// How long a sign-in lasts, in hours.
    #[arg(long, env = "PB_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: i64,
    /// Seconds a client has to send a request's headers, from when it connects or its
    /// last answer was sent; a slower one is cut off (slow-loris), and so is a connection
    /// that stays silent or idle that long.
    #[arg(long, env = "PB_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout: u64,
    /// Seconds a request may take: reading its body and making its answer (`408 timeout`).
    /// A streamed CSV export counts until it starts.
    #[arg(long, env = "PB_REQUEST_TIMEOUT", default_value_t = 60)]
    pub request_timeout: u64,
    /// Where people open the app (the SPA's address), for the first-run setup link (SET-1),
    /// e.g. `https://benefits.example/app`. Empty: this server's own address.
    #[arg(long, env = "PB_PUBLIC_URL", default_value = "")]
    pub public_url: String,
    /// Without one: serve. With one: do it on the database and exit.
    #[command(subcommand)]
    pub command: Option<ServerCommand>,
}

/// What the server binary does besides serving.
#[derive(Clone, Debug, Subcommand)]
pub enum ServerCommand {
    /// Partner sites that embed the workspace (EMB-1).
    #[command(subcommand)]
    EmbedSites(EmbedSites),
    /// Companies of this server (SET-1).
    #[command(subcommand)]
    Admin(Admin),
}

#[derive(Clone, Debug, Subcommand)]
pub enum Admin {
    /// Creates a company, provisions its offers (OFR-1) and prints its first Global
    /// admin's one-time password (to be changed at the first sign-in).
    CreateCompany {
        /// The company's name.
        #[arg(long)]
        name: String,
        /// Its Partner Center account e-mail.
        #[arg(long)]
        account_email: String,
        /// Its local currency (ISO 4217), e.g. EUR.
        #[arg(long, default_value = "EUR")]
        currency: String,
        /// An offer and its purchase date, e.g. `silver:2026-03-01` (repeat for more:
        /// action_pack, silver, gold).
        #[arg(long = "offer", required = true)]
        offers: Vec<String>,
        /// The first Global admin's full name.
        #[arg(long)]
        admin_name: String,
        /// The first Global admin's e-mail address (their sign-in).
        #[arg(long)]
        admin_email: String,
    },
    /// Copies everything of a SQLite database into an empty PostgreSQL one (moving up to
    /// several instances): companies, people, benefits, history, audit, partner sites.
    /// Sessions are not copied: everyone signs in again. Stop the server first.
    Copy {
        /// The SQLite database (a file path or `sqlite://path`).
        #[arg(long)]
        from: String,
        /// The PostgreSQL database (`postgres://…`), migrated here, with no company yet.
        #[arg(long)]
        to: String,
    },
}

#[derive(Clone, Debug, Subcommand)]
pub enum EmbedSites {
    /// Registers a site (its exact origin) for one company and prints its secret, once.
    Add {
        /// e.g. https://partner.example
        #[arg(long)]
        origin: String,
        /// The company's ID.
        #[arg(long)]
        company: i64,
    },
    /// Lists the registered sites (never their secrets).
    List,
    /// Removes a site; its tokens stop working at once.
    Remove {
        #[arg(long)]
        origin: String,
    },
}

impl Config {
    /// The API is called from other sites: the session cookie must cross sites too.
    pub fn cross_site(&self) -> bool {
        self.allowed_origins().next().is_some()
    }

    /// The configured CORS origins, blanks dropped.
    pub fn allowed_origins(&self) -> impl Iterator<Item = &str> {
        self.cors_origins
            .iter()
            .map(|o| o.trim())
            .filter(|o| !o.is_empty())
    }

    /// Settings for a server that only lives as long as a test: a free port, no demo data.
    pub fn for_tests(database: String) -> Config {
        Config {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            database,
            dist: PathBuf::from("dist"),
            demo_data: false,
            cors_origins: vec![],
            frame_ancestors: "'self'".into(),
            session_hours: 12,
            header_timeout: 10,
            request_timeout: 60,
            public_url: String::new(),
            command: None,
        }
    }
}
