//! The SQLite database: WAL, foreign keys on, migrated at start.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::path::Path;
use std::time::Duration;

pub async fn connect(path: &Path) -> Result<SqlitePool, Box<dyn std::error::Error>> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL + NORMAL survives a killed process; only a power cut may lose the last commits.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        // A local file doesn't drop connections: no ping before every use.
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// A write transaction that takes SQLite's write lock up front, so a
/// read-check-write sequence can't be overtaken by another writer.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// A write transaction of this process: waits its turn (fairly) for the process's
/// writer slot, then takes SQLite's write lock (other processes still wait on SQLite).
pub struct Write {
    pub tx: Transaction<'static, Sqlite>,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

pub async fn begin_write_in_turn(
    pool: &SqlitePool,
    writers: &std::sync::Arc<tokio::sync::Mutex<()>>,
) -> Result<Write, sqlx::Error> {
    let turn = writers.clone().lock_owned().await;
    Ok(Write {
        tx: begin_write(pool).await?,
        _turn: turn,
    })
}
