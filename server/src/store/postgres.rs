//! The PostgreSQL store (issue 21): for several server instances on one database. Nothing
//! that decides an answer lives in one process: the writes of a company are ordered by a
//! lock on its row ([`super::lock_company`]), IDs come from sequences, sessions, setup and
//! embed tokens are rows, and the sign-in throttle is a table every instance counts in
//! ([`PgStore::sign_in_attempt`]). Migrated at start (`migrations/postgres`): sqlx holds an
//! advisory lock while it migrates, so instances starting together take turns.

use super::{load, session_user, session_user_sql, Arg, Dialect, Parts};
use super::{SessionRow, SessionUser, Stmt, WriteTx, Writes};
use crate::auth::SessionToken;
use benefits_domain::workspace::Workspace;
use benefits_domain::UserId;
use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool, Postgres, Transaction};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone)]
pub struct PgStore {
    pub pool: PgPool,
}

/// How long a statement may wait for a lock (a company's row, an account's throttle)
/// before the request fails (`internal`, nothing written), rather than piling up.
const LOCK_TIMEOUT: &str = "10s";

impl PgStore {
    /// Connects, migrates (on a connection of its own, closed before serving: a failed
    /// migration can't leave sqlx's migration lock held on a pooled connection), and sets
    /// every connection's clock to UTC (times in JSON read back as `+00:00`).
    pub async fn connect(url: &str) -> Result<PgStore, Box<dyn std::error::Error>> {
        let options = PgConnectOptions::from_str(url)?
            .options([("timezone", "UTC"), ("lock_timeout", LOCK_TIMEOUT)])
            .log_statements(tracing::log::LevelFilter::Trace);
        let mut migrating = options.connect().await?;
        sqlx::migrate!("./migrations/postgres")
            .run(&mut migrating)
            .await?;
        migrating.close().await?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(PgStore { pool })
    }

    pub async fn begin_write(&self) -> Result<Write, sqlx::Error> {
        Ok(Write {
            tx: self.pool.begin().await?,
        })
    }

    /// The shared sign-in throttle: an attempt with a password, counted as a failure at
    /// once (parallel guesses can't slip past the limit, on any instance) and forgotten by
    /// [`PgStore::sign_in_succeeded`]; `Some(seconds to wait)`, and nothing counted, while
    /// the account is locked. The account's attempts take turns (an advisory lock on it).
    pub async fn sign_in_attempt(
        &self,
        account: &str,
        most: usize,
        window: Duration,
    ) -> Result<Option<u64>, sqlx::Error> {
        let now = Utc::now();
        let since = now - chrono::Duration::from_std(window).unwrap_or_default();
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(account)
            .execute(&mut *tx)
            .await?;
        // Failures that left the window are of no use any more.
        sqlx::query("DELETE FROM sign_in_failures WHERE account = $1 AND at <= $2")
            .bind(account)
            .bind(since)
            .execute(&mut *tx)
            .await?;
        let (count, oldest): (i64, Option<DateTime<Utc>>) =
            sqlx::query_as("SELECT count(*), min(at) FROM sign_in_failures WHERE account = $1")
                .bind(account)
                .fetch_one(&mut *tx)
                .await?;
        if count as usize >= most {
            tx.commit().await?;
            let free_at = oldest.unwrap_or(now) + chrono::Duration::from_std(window).unwrap_or_default();
            return Ok(Some((free_at - now).num_seconds().max(1) as u64));
        }
        sqlx::query("INSERT INTO sign_in_failures (account, at) VALUES ($1, $2)")
            .bind(account)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(None)
    }

    pub async fn sign_in_succeeded(&self, account: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sign_in_failures WHERE account = $1")
            .bind(account)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// A write transaction on PostgreSQL (READ COMMITTED: each statement sees what was
/// committed before it began, so what is read after [`super::lock_company`] is current).
pub struct Write {
    pub tx: Transaction<'static, Postgres>,
}

impl Write {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl WriteTx for Write {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn run(&mut self, stmt: Stmt, args: Vec<Arg>) -> Result<u64, sqlx::Error> {
        if stmt.postgres.is_empty() {
            return Ok(0);
        }
        let sql = Dialect::Postgres.sql(stmt.postgres);
        let query = crate::bind_args!(sqlx::query(&sql), args);
        Ok(query.execute(&mut *self.tx).await?.rows_affected())
    }

    async fn fetch_i64(&mut self, stmt: Stmt, args: Vec<Arg>) -> Result<Option<i64>, sqlx::Error> {
        let sql = Dialect::Postgres.sql(stmt.postgres);
        let query = crate::bind_args!(sqlx::query_scalar(&sql), args);
        query.fetch_optional(&mut *self.tx).await
    }

    async fn user_of_session(
        &mut self,
        session: &SessionToken,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionUser>, sqlx::Error> {
        let sql = session_user_sql(Dialect::Postgres);
        let row: Option<SessionRow> = sqlx::query_as(&Dialect::Postgres.sql(&sql))
            .bind(&session.hash)
            .bind(now)
            .bind(session.origin.as_deref())
            .fetch_optional(&mut *self.tx)
            .await?;
        row.map(session_user).transpose()
    }

    async fn load_parts(
        &mut self,
        company_id: i64,
        parts: Parts,
        actor: Option<UserId>,
    ) -> Result<Workspace, sqlx::Error> {
        load::load_parts_postgres(&mut self.tx, company_id, parts, actor).await
    }

    async fn execute(&mut self, writes: Writes) -> Result<(), sqlx::Error> {
        writes.execute_postgres(&mut self.tx).await
    }
}
