//! `benefits-server admin copy --from <sqlite> --to <postgres>` (issue 21): moving up from
//! one machine to several instances. Every table is read from SQLite and written into the
//! empty, migrated PostgreSQL database in one transaction (all or nothing), keeping every
//! ID; the sequences then move past them. Sessions are not copied (everyone signs in again)
//! nor the sign-in throttle's counts.

use crate::store::{move_sequences_past_ids, Arg, Store};
use sqlx::{QueryBuilder, Row};

/// How a column is read and bound.
#[derive(Clone, Copy)]
enum Kind {
    Int,
    OptionalInt,
    Text,
    OptionalText,
    Bool,
    Time,
    OptionalTime,
}

/// A table: its name on PostgreSQL, the SELECT that reads it from SQLite (its columns in
/// PostgreSQL's order), and each column's kind.
struct Table {
    name: &'static str,
    columns: &'static str,
    select: &'static str,
    kinds: &'static [Kind],
}

use Kind::*;

/// Parents before children (the foreign keys are checked as rows arrive).
const TABLES: &[Table] = &[
    Table {
        name: "companies",
        columns: "id, name, account_email, currency, offers, advisory_hours_used, marketing_contact, usd_100_equivalent",
        select: "SELECT id, name, account_email, currency, offers, advisory_hours_used, marketing_contact, \
                 usd_100_equivalent FROM companies ORDER BY id",
        kinds: &[Int, Text, Text, Text, Text, Int, OptionalText, OptionalText],
    },
    Table {
        name: "users",
        columns: "company_id, id, display_name, email, guest, password_hash, must_change_password",
        select: "SELECT company_id, id, display_name, email, guest, password_hash, must_change_password \
                 FROM users ORDER BY id",
        kinds: &[Int, Int, Text, Text, Bool, Text, Bool],
    },
    // PostgreSQL's sign-in lookup (SQLite's is `users.email`).
    Table {
        name: "accounts",
        columns: "email, company_id, user_id",
        select: "SELECT email, company_id, id FROM users ORDER BY id",
        kinds: &[Text, Int, Int],
    },
    Table {
        name: "user_roles",
        columns: "company_id, user_id, role",
        select: "SELECT u.company_id, r.user_id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id \
                 ORDER BY r.user_id, r.role",
        kinds: &[Int, Int, Text],
    },
    Table {
        name: "former_users",
        columns: "company_id, id, display_name, email, removed_at",
        select: "SELECT company_id, id, display_name, email, removed_at FROM former_users ORDER BY id",
        kinds: &[Int, Int, Text, Text, Time],
    },
    Table {
        name: "benefits",
        columns: "company_id, id, kind, version, holder_id, body",
        select: "SELECT company_id, id, kind, version, holder_id, body FROM benefits ORDER BY id",
        kinds: &[Int, Int, Text, Int, OptionalInt, Text],
    },
    Table {
        name: "key_reveals",
        columns: "company_id, id, position, body",
        select: "SELECT company_id, id, position, body FROM key_reveals ORDER BY id",
        kinds: &[Int, Int, Int, Text],
    },
    Table {
        name: "advisory_requests",
        columns: "company_id, id, number, body",
        select: "SELECT company_id, id, number, body FROM advisory_requests ORDER BY id",
        kinds: &[Int, Int, Text, Text],
    },
    Table {
        name: "cancellations",
        columns: "company_id, local_id, body",
        select: "SELECT company_id, local_id, body FROM cancellations ORDER BY company_id, local_id",
        kinds: &[Int, Int, Text],
    },
    Table {
        name: "assignment_history",
        columns: "company_id, id, position, kind, benefit_id, user_id, assigned_at, removed_at",
        select: "SELECT company_id, id, position, kind, benefit_id, user_id, assigned_at, removed_at \
                 FROM assignment_history ORDER BY id",
        kinds: &[Int, Int, Int, Text, Int, Int, Time, OptionalTime],
    },
    Table {
        name: "audit_events",
        columns: "company_id, id, actor_id, action, subject, before, after, at",
        select: "SELECT company_id, id, actor_id, action, subject, before, after, at FROM audit_events ORDER BY id",
        kinds: &[Int, Int, Int, Text, Text, OptionalText, OptionalText, Time],
    },
    Table {
        name: "embed_sites",
        columns: "origin, company_id, secret_hash, created_at",
        select: "SELECT origin, company_id, secret_hash, created_at FROM embed_sites ORDER BY origin",
        kinds: &[Text, Int, Text, Time],
    },
    Table {
        name: "setup_links",
        columns: "token_hash, created_at, used_at",
        select: "SELECT token_hash, created_at, used_at FROM setup_links ORDER BY created_at",
        kinds: &[Text, Time, OptionalTime],
    },
];

/// Rows per INSERT: PostgreSQL takes at most 65,535 arguments in one statement.
const ROWS_PER_INSERT: usize = 1_000;

/// Copies `from` (SQLite) into `to` (PostgreSQL, no company yet); the rows copied per table.
pub async fn copy(from: &Store, to: &Store) -> Result<Vec<(&'static str, u64)>, String> {
    let (Store::Sqlite(from), Store::Postgres(to)) = (from, to) else {
        return Err("copy goes from a SQLite database (--from) to a PostgreSQL one (--to)".into());
    };
    let failed = |e: sqlx::Error| e.to_string();
    let mut tx = to.pool.begin().await.map_err(failed)?;
    let (companies,): (i64,) = sqlx::query_as("SELECT count(*) FROM companies")
        .fetch_one(&mut *tx)
        .await
        .map_err(failed)?;
    if companies > 0 {
        return Err("the PostgreSQL database has companies already: copy into an empty one".into());
    }
    // What the target's first start may have made (a setup link) makes way for the copy's.
    sqlx::query("DELETE FROM setup_links")
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    let mut copied = Vec::new();
    for table in TABLES {
        let rows = sqlx::query(table.select)
            .fetch_all(&from.pool)
            .await
            .map_err(|e| format!("reading {}: {e}", table.name))?;
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let values = chunk
                .iter()
                .map(|row| read_row(row, table.kinds))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("reading {}: {e}", table.name))?;
            let mut insert = QueryBuilder::new(format!("INSERT INTO {} ({}) ", table.name, table.columns));
            insert.push_values(values, |mut row, args| {
                for arg in args {
                    match arg {
                        Arg::Int(v) => row.push_bind(v),
                        Arg::OptionalInt(v) => row.push_bind(v),
                        Arg::Text(v) => row.push_bind(v),
                        Arg::OptionalText(v) => row.push_bind(v),
                        Arg::Bool(v) => row.push_bind(v),
                        Arg::Time(v) => row.push_bind(v),
                        Arg::OptionalTime(v) => row.push_bind(v),
                    };
                }
            });
            insert
                .build()
                .execute(&mut *tx)
                .await
                .map_err(|e| format!("writing {}: {e}", table.name))?;
        }
        copied.push((table.name, rows.len() as u64));
    }
    let mut write = crate::store::postgres::Write { tx };
    move_sequences_past_ids(&mut write).await.map_err(failed)?;
    write.commit().await.map_err(failed)?;
    Ok(copied)
}

fn read_row(row: &sqlx::sqlite::SqliteRow, kinds: &[Kind]) -> Result<Vec<Arg>, sqlx::Error> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            Ok(match kind {
                Int => Arg::Int(row.try_get(i)?),
                OptionalInt => Arg::OptionalInt(row.try_get(i)?),
                Text => Arg::Text(row.try_get(i)?),
                OptionalText => Arg::OptionalText(row.try_get(i)?),
                Bool => Arg::Bool(row.try_get(i)?),
                Time => Arg::Time(row.try_get(i)?),
                OptionalTime => Arg::OptionalTime(row.try_get(i)?),
            })
        })
        .collect()
}
