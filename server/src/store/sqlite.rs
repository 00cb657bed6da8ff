//! The SQLite store: one file, WAL, foreign keys on, migrated at start
//! (`migrations/sqlite`). Writes of this process take turns; commands are written by one
//! writer thread on its own connection (`api::commands`), in groups.

use super::{load, session_user, session_user_sql, writes::from_rusqlite, Arg, Dialect, Parts};
use super::{SessionRow, SessionUser, Stmt, WriteTx, Writes};
use crate::auth::SessionToken;
use benefits_domain::workspace::Workspace;
use benefits_domain::UserId;
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The SQLite database of this process.
#[derive(Clone)]
pub struct SqliteStore {
    pub pool: SqlitePool,
    /// The file, for the command writer's own connection.
    pub path: PathBuf,
    /// Writers queue here, in arrival order, instead of polling SQLite's busy lock
    /// (which sleeps and lets late comers overtake: long, unfair tails).
    pub writers: Arc<tokio::sync::Mutex<()>>,
    /// Told after each group of commands: the WAL has pages to copy ([`start_checkpoints`]).
    pub checkpoints: Arc<tokio::sync::Notify>,
}

impl SqliteStore {
    /// Opens (creates, migrates) the file and starts its WAL checkpoints.
    pub async fn connect(path: &Path) -> Result<SqliteStore, Box<dyn std::error::Error>> {
        let pool = connect(path).await?;
        let writers = Arc::new(tokio::sync::Mutex::new(()));
        let checkpoints = start_checkpoints(pool.clone(), writers.clone());
        Ok(SqliteStore {
            pool,
            path: path.to_path_buf(),
            writers,
            checkpoints,
        })
    }

    /// A write transaction in this process's turn, holding SQLite's write lock.
    pub async fn begin_write(&self) -> Result<Write, sqlx::Error> {
        begin_write_in_turn(&self.pool, &self.writers).await
    }
}

/// Settings of every connection: the pool's and the command writer's.
const CONNECTION_PRAGMAS: [(&str, &str); 3] = [
    // WAL + NORMAL survives a killed process; only a power cut may lose the last commits.
    ("synchronous", "NORMAL"),
    ("foreign_keys", "ON"),
    // No checkpoint inside a commit: `start_checkpoints` runs them beside the writes.
    ("wal_autocheckpoint", "0"),
];

/// How long a connection waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub async fn connect(path: &Path) -> Result<SqlitePool, Box<dyn std::error::Error>> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(BUSY_TIMEOUT);
    for (name, value) in CONNECTION_PRAGMAS {
        options = options.pragma(name, value);
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        // A local file doesn't drop connections: no ping before every use.
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

/// The command writer's own connection (`api::commands::start_command_writer`) to the
/// database `connect` made (WAL, migrated), with the same settings as the pool's.
pub fn open_command_writer(path: &Path) -> Result<rusqlite::Connection, rusqlite::Error> {
    use rusqlite::OpenFlags;
    let db = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    db.busy_timeout(BUSY_TIMEOUT)?;
    for (name, value) in CONNECTION_PRAGMAS {
        db.pragma_update(None, name, value)?;
    }
    // Every statement of every command kind stays prepared.
    db.set_prepared_statement_cache_capacity(128);
    Ok(db)
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

impl Write {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl WriteTx for Write {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    async fn run(&mut self, stmt: Stmt, args: Vec<Arg>) -> Result<u64, sqlx::Error> {
        if stmt.sqlite.is_empty() {
            return Ok(0);
        }
        let query = crate::bind_args!(sqlx::query(stmt.sqlite), args);
        Ok(query.execute(&mut *self.tx).await?.rows_affected())
    }

    async fn fetch_i64(&mut self, stmt: Stmt, args: Vec<Arg>) -> Result<Option<i64>, sqlx::Error> {
        let query = crate::bind_args!(sqlx::query_scalar(stmt.sqlite), args);
        query.fetch_optional(&mut *self.tx).await
    }

    async fn user_of_session(
        &mut self,
        session: &SessionToken,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionUser>, sqlx::Error> {
        let row: Option<SessionRow> = sqlx::query_as(&session_user_sql(Dialect::Sqlite))
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
        load::load_parts(&mut self.tx, company_id, parts, actor).await
    }

    async fn execute(&mut self, writes: Writes) -> Result<(), sqlx::Error> {
        writes.execute(&mut self.tx).await
    }
}

/// The command writer's connection inside its transaction, as a [`WriteTx`]: every call
/// is done when it returns (rusqlite blocks), so its futures are ready at once and the
/// writer thread polls them once (`futures_util::FutureExt::now_or_never`).
pub struct Now<'a>(pub &'a rusqlite::Connection);

impl WriteTx for Now<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    async fn run(&mut self, stmt: Stmt, args: Vec<Arg>) -> Result<u64, sqlx::Error> {
        if stmt.sqlite.is_empty() {
            return Ok(0);
        }
        self.0
            .prepare_cached(stmt.sqlite)
            .and_then(|mut statement| statement.execute(rusqlite::params_from_iter(&args)))
            .map(|rows| rows as u64)
            .map_err(from_rusqlite)
    }

    async fn fetch_i64(&mut self, stmt: Stmt, args: Vec<Arg>) -> Result<Option<i64>, sqlx::Error> {
        use rusqlite::OptionalExtension;
        self.0
            .prepare_cached(stmt.sqlite)
            .and_then(|mut statement| {
                statement
                    .query_row(rusqlite::params_from_iter(&args), |r| r.get(0))
                    .optional()
            })
            .map_err(from_rusqlite)
    }

    async fn user_of_session(
        &mut self,
        session: &SessionToken,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionUser>, sqlx::Error> {
        use rusqlite::OptionalExtension;
        let row: Option<SessionRow> = self
            .0
            .prepare_cached(&session_user_sql(Dialect::Sqlite))
            .and_then(|mut statement| {
                statement
                    .query_row(
                        rusqlite::params![session.hash, Arg::from(now), session.origin],
                        |r| SessionRow::try_from(r),
                    )
                    .optional()
            })
            .map_err(from_rusqlite)?;
        row.map(session_user).transpose()
    }

    async fn load_parts(
        &mut self,
        company_id: i64,
        parts: Parts,
        actor: Option<UserId>,
    ) -> Result<Workspace, sqlx::Error> {
        load::load_parts_now(self.0, company_id, parts, actor)
    }

    async fn execute(&mut self, writes: Writes) -> Result<(), sqlx::Error> {
        writes.execute_now(self.0)
    }
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

/// How often the WAL is checkpointed into the database file while writes come in. Often:
/// a checkpoint's fsync holds up the commits made meanwhile, for as long as it has pages
/// to flush, so many small ones keep every write's wait short (the bench's POST p99 at
/// 5,000 writes a second: 25 ms with a checkpoint a second, 18 ms at 200 ms, 6 ms at 20 ms).
const CHECKPOINT_EVERY: Duration = Duration::from_millis(20);

/// How often an empty WAL is looked at when no command said it wrote (other writes:
/// sign-ins, the bulk upload).
const IDLE_CHECK_EVERY: Duration = Duration::from_secs(1);

/// WAL pages (4 KiB each) above which a checkpoint takes the writers' turn, even while
/// they keep writing, so the WAL can start over (64 MiB).
const MOST_WAL_PAGES: i64 = 16_384;

/// Copies the WAL into the database file beside the writes, until the pool closes: every
/// [`CHECKPOINT_EVERY`] while there is something to copy; when the WAL is empty, as soon
/// as the command writer says it wrote (the `Notify` returned) or after
/// [`IDLE_CHECK_EVERY`].
///
/// SQLite's own automatic checkpoint runs inside the commit that crosses 1,000 WAL pages:
/// that write and every one queued behind it wait for the copy and its two fsyncs. A
/// PASSIVE checkpoint never blocks a writer, but while writes keep coming the WAL is never
/// all copied at the moment a write starts, so it never starts over and grows. It is
/// started over (TRUNCATE: emptied) once the writes pause — no write since the last
/// checkpoint — and, under writes that go on and on, when it passes [`MOST_WAL_PAGES`]
/// (RESTART, in the writers' turn: they wait for that one). Either never waits itself: if
/// a reader is still in the WAL it gives up at once, and the next one tries again.
pub fn start_checkpoints(
    pool: SqlitePool,
    writers: std::sync::Arc<tokio::sync::Mutex<()>>,
) -> std::sync::Arc<tokio::sync::Notify> {
    let wrote = std::sync::Arc::new(tokio::sync::Notify::new());
    let woken = wrote.clone();
    tokio::spawn(async move {
        // A connection of its own (outside the pool, so closing the pool doesn't wait for
        // it), with no busy wait.
        let Ok(mut conn) = pool.acquire().await.map(|c| c.detach()) else {
            return;
        };
        if let Err(e) = sqlx::query("PRAGMA busy_timeout = 0").execute(&mut conn).await {
            tracing::warn!("WAL checkpoints: {e}");
            return;
        }
        let mut before = 0;
        while !pool.is_closed() {
            if before > 0 {
                tokio::time::sleep(CHECKPOINT_EVERY).await;
            } else {
                let _ = tokio::time::timeout(IDLE_CHECK_EVERY, woken.notified()).await;
            }
            let done = match checkpoint(&mut conn, "PASSIVE").await {
                Ok(in_wal) if in_wal > 0 && in_wal == before => {
                    let _turn = writers.lock().await;
                    checkpoint(&mut conn, "TRUNCATE").await
                }
                Ok(in_wal) if in_wal > MOST_WAL_PAGES => {
                    // Copy what came during that one beside the writes too: the writers
                    // then wait only for the last few pages.
                    let _ = checkpoint(&mut conn, "PASSIVE").await;
                    let _turn = writers.lock().await;
                    checkpoint(&mut conn, "RESTART").await
                }
                other => other,
            };
            match done {
                Ok(in_wal) => before = in_wal,
                Err(e) => tracing::warn!("WAL checkpoint failed: {e}"),
            }
        }
        let _ = sqlx::Connection::close(conn).await;
    });
    wrote
}

/// One checkpoint; the pages in the WAL.
async fn checkpoint(conn: &mut sqlx::SqliteConnection, mode: &str) -> Result<i64, sqlx::Error> {
    // (busy, pages in the WAL, pages copied)
    let (_, in_wal, _): (i64, i64, i64) = sqlx::query_as(&format!("PRAGMA wal_checkpoint({mode})"))
        .fetch_one(conn)
        .await?;
    Ok(in_wal)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn pragma(conn: &mut sqlx::SqliteConnection, name: &str) -> String {
        let value: sqlx::sqlite::SqliteRow = sqlx::query(&format!("PRAGMA {name}"))
            .fetch_one(conn)
            .await
            .unwrap();
        use sqlx::Row;
        value
            .try_get::<String, _>(0)
            .or_else(|_| value.try_get::<i64, _>(0).map(|n| n.to_string()))
            .unwrap()
    }

    #[tokio::test]
    async fn the_command_writer_connection_has_the_pools_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("benefits.db");
        let pool = connect(&path).await.unwrap();
        let writer = open_command_writer(&path).unwrap();
        let mut conn = pool.acquire().await.unwrap();
        for name in [
            "journal_mode",
            "synchronous",
            "foreign_keys",
            "wal_autocheckpoint",
            "busy_timeout",
        ] {
            let of_writer: String = writer
                .query_row(&format!("PRAGMA {name}"), [], |r| {
                    r.get::<_, String>(0)
                        .or_else(|_| r.get::<_, i64>(0).map(|n| n.to_string()))
                })
                .unwrap();
            assert_eq!(of_writer, pragma(&mut conn, name).await, "{name}");
        }
        assert_eq!(pragma(&mut conn, "journal_mode").await, "wal");
        assert_eq!(pragma(&mut conn, "wal_autocheckpoint").await, "0");
    }

    #[tokio::test]
    async fn the_wal_is_copied_and_emptied_once_writes_pause() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("benefits.db");
        let pool = connect(&path).await.unwrap();
        sqlx::query("CREATE TABLE scratch (x TEXT)")
            .execute(&pool)
            .await
            .unwrap();
        for _ in 0..20 {
            sqlx::query("INSERT INTO scratch SELECT hex(randomblob(500)) FROM json_each(json_array(1,2,3,4,5,6,7,8,9,10))")
                .execute(&pool)
                .await
                .unwrap();
        }
        let wal = dir.path().join("benefits.db-wal");
        let wal_size = || std::fs::metadata(&wal).map_or(0, |m| m.len());
        // No checkpoint inside the commits: it is all still in the WAL.
        assert!(wal_size() > 100_000, "WAL of {} bytes", wal_size());

        let _wrote = start_checkpoints(pool.clone(), Default::default());
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while wal_size() > 0 && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(wal_size(), 0, "the WAL is emptied once the writes pause");
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM scratch")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(rows, 200);
    }
}
