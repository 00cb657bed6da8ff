//! What a write stores: the statements that persist the difference between a workspace
//! before and after a change (and its audit line), collected first and then sent together.
//! Written once for both databases; the few statements that differ say so ([`Stmt`]).

use super::{kind_key, to_json, AuditEvent, Dialect};
use benefits_domain::history::{AssignmentRecord, BenefitKind};
use benefits_domain::workspace::Workspace;
use benefits_domain::{User, UserId};
use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sqlx::{PgConnection, SqliteConnection};

/// A value bound to a statement of [`Writes`] or a [`Query`].
#[derive(Clone, Debug)]
pub enum Arg {
    Int(i64),
    OptionalInt(Option<i64>),
    Text(String),
    OptionalText(Option<String>),
    Bool(bool),
    Time(DateTime<Utc>),
    OptionalTime(Option<DateTime<Utc>>),
}

/// As sqlx binds them, so the writer's rows read the same as any other: booleans as 0/1,
/// times as RFC 3339 text with `+00:00`.
impl rusqlite::ToSql for Arg {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value};
        let time = |t: &DateTime<Utc>| Value::Text(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false));
        Ok(match self {
            Arg::Int(v) => ToSqlOutput::from(*v),
            Arg::OptionalInt(v) => v.map_or(ToSqlOutput::Owned(Value::Null), ToSqlOutput::from),
            Arg::Text(v) => ToSqlOutput::from(v.as_str()),
            Arg::OptionalText(v) => v
                .as_deref()
                .map_or(ToSqlOutput::Owned(Value::Null), ToSqlOutput::from),
            Arg::Bool(v) => ToSqlOutput::from(i64::from(*v)),
            Arg::Time(v) => ToSqlOutput::Owned(time(v)),
            Arg::OptionalTime(v) => ToSqlOutput::Owned(v.as_ref().map_or(Value::Null, time)),
        })
    }
}

/// A failure of the writer's connection, as the rest of the store reports failures.
pub fn from_rusqlite(error: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::Protocol(format!("sqlite: {error}"))
}

/// `Arg::from(value)` for each type a statement binds. Times to the microsecond: what
/// PostgreSQL keeps, so both databases store (and answer) the same.
macro_rules! arg_from {
    ($($from:ty => |$v:ident| $arg:expr),* $(,)?) => {
        $(impl From<$from> for Arg {
            fn from($v: $from) -> Arg {
                $arg
            }
        })*
    };
}

arg_from! {
    i64 => |v| Arg::Int(v),
    Option<i64> => |v| Arg::OptionalInt(v),
    String => |v| Arg::Text(v),
    &String => |v| Arg::Text(v.clone()),
    &str => |v| Arg::Text(v.to_string()),
    Option<String> => |v| Arg::OptionalText(v),
    bool => |v| Arg::Bool(v),
    DateTime<Utc> => |v| Arg::Time(v.trunc_subsecs(6)),
    Option<DateTime<Utc>> => |v| Arg::OptionalTime(v.map(|v| v.trunc_subsecs(6))),
}

/// Statements collected to be sent together. Each `execute` is a hand-off to sqlx's SQLite
/// thread and back, and a write's statements wait inside the writer's transaction: a
/// command's changes and its audit line go in one hand-off instead of one each.
#[derive(Default)]
pub struct Writes {
    statements: Vec<(Stmt, Vec<Arg>)>,
}

/// One statement in each database's SQL, both with `?` placeholders in the same order
/// (PostgreSQL's are numbered when it runs). Most are the same text ([`Stmt::same`]).
#[derive(Clone, Copy, Debug)]
pub struct Stmt {
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

impl Stmt {
    pub const fn same(sql: &'static str) -> Stmt {
        Stmt {
            sqlite: sql,
            postgres: sql,
        }
    }

    /// A statement PostgreSQL needs and SQLite doesn't (its tables differ: `accounts`).
    pub const fn postgres_only(sql: &'static str) -> Stmt {
        Stmt {
            sqlite: "",
            postgres: sql,
        }
    }

    /// This database's SQL; empty: nothing to run on it.
    fn text(self, dialect: Dialect) -> &'static str {
        match dialect {
            Dialect::Sqlite => self.sqlite,
            Dialect::Postgres => self.postgres,
        }
    }
}

/// Statements per hand-off at most: a seed of 100,000 benefits goes in pieces, and a
/// command's few statements stay one cached, prepared batch.
const STATEMENTS_PER_BATCH: usize = 32;

impl Writes {
    /// A statement that is the same on both databases; `sql` has one `?` per argument.
    pub fn add(&mut self, sql: &'static str, args: Vec<Arg>) {
        self.add_stmt(Stmt::same(sql), args);
    }

    /// A statement whose SQL differs between the databases (same arguments, same order).
    pub fn add_stmt(&mut self, stmt: Stmt, args: Vec<Arg>) {
        for sql in [stmt.sqlite, stmt.postgres] {
            debug_assert!(
                sql.is_empty() || sql.matches('?').count() == args.len(),
                "{stmt:?}"
            );
        }
        self.statements.push((stmt, args));
    }

    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// The audit line of a change ([`record_audit`]).
    pub fn audit(&mut self, event: AuditEvent<'_>) {
        self.add(
            "INSERT INTO audit_events (company_id, actor_id, action, subject, before, after, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            vec![
                Arg::from(event.company_id),
                Arg::from(event.actor.0),
                Arg::from(event.action),
                Arg::from(event.subject),
                Arg::from(event.before.map(|v| v.to_string())),
                Arg::from(event.after.map(|v| v.to_string())),
                Arg::from(event.at),
            ],
        );
    }

    /// Runs the statements in order, in batches of [`STATEMENTS_PER_BATCH`].
    pub async fn execute(self, conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        let mut statements = self.statements.into_iter().peekable();
        while statements.peek().is_some() {
            let batch: Vec<_> = statements.by_ref().take(STATEMENTS_PER_BATCH).collect();
            let batch: Vec<_> = batch
                .into_iter()
                .filter(|(stmt, _)| !stmt.sqlite.is_empty())
                .collect();
            if batch.is_empty() {
                continue;
            }
            let sql = batch
                .iter()
                .map(|(stmt, _)| stmt.sqlite)
                .collect::<Vec<_>>()
                .join(";\n");
            crate::bind_args!(sqlx::query(&sql), batch.into_iter().flat_map(|(_, args)| args))
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// [`Writes::execute`] on the command writer's own connection: no hand-offs; each
    /// statement is prepared once per group (rusqlite's cache lives as long as `db`).
    pub fn execute_now(self, db: &rusqlite::Connection) -> Result<(), sqlx::Error> {
        for (stmt, args) in self
            .statements
            .into_iter()
            .filter(|(stmt, _)| !stmt.sqlite.is_empty())
        {
            db.prepare_cached(stmt.sqlite)
                .and_then(|mut statement| statement.execute(rusqlite::params_from_iter(&args)))
                .map_err(from_rusqlite)?;
        }
        Ok(())
    }
}

impl Writes {
    /// [`Writes::execute`] on PostgreSQL: one statement after the other (its protocol takes
    /// one statement with arguments at a time), each prepared once per connection.
    pub async fn execute_postgres(self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        for (stmt, args) in self.statements {
            let text = stmt.text(Dialect::Postgres);
            if text.is_empty() {
                continue;
            }
            let sql = Dialect::Postgres.sql(text);
            let changed = crate::bind_args!(sqlx::query(&sql), args)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            // A benefit stored meanwhile with a newer version: the whole write is undone.
            if changed == 0 && text == UPSERT_BENEFIT.postgres {
                return Err(sqlx::Error::Protocol(
                    "a benefit has a newer version than the one written".into(),
                ));
            }
        }
        Ok(())
    }
}

/// `$args` ([`Arg`]s) bound to `$query` in order: any of sqlx's query kinds, any database.
#[macro_export]
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        use $crate::store::Arg;
        let mut query = $query;
        for arg in $args {
            query = match arg {
                Arg::Int(v) => query.bind(v),
                Arg::OptionalInt(v) => query.bind(v),
                Arg::Text(v) => query.bind(v),
                Arg::OptionalText(v) => query.bind(v),
                Arg::Bool(v) => query.bind(v),
                Arg::Time(v) => query.bind(v),
                Arg::OptionalTime(v) => query.bind(v),
            };
        }
        query
    }};
}

/// A new user (ROLE-5's unique address: SQLite's `users.email`, PostgreSQL's `accounts`).
const INSERT_USER: Stmt = Stmt::same(
    "INSERT INTO users (id, company_id, display_name, email, guest, password_hash) VALUES (?, ?, ?, ?, ?, ?)",
);

/// A benefit new or changed. SQLite's key is the ID alone (the guard keeps it in its
/// company); PostgreSQL's is (company, ID). Never over a newer version than the one written
/// (the optimistic version, checked in SQL too: on PostgreSQL a write that changes no row
/// fails, see [`Writes::execute_postgres`]).
const UPSERT_BENEFIT: Stmt = Stmt {
    sqlite:
        "INSERT INTO benefits (id, company_id, kind, version, holder_id, body) VALUES (?, ?, ?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET version = excluded.version, holder_id = excluded.holder_id, \
             body = excluded.body WHERE benefits.company_id = excluded.company_id \
             AND benefits.version <= excluded.version",
    postgres:
        "INSERT INTO benefits (id, company_id, kind, version, holder_id, body) VALUES (?, ?, ?, ?, ?, ?) \
               ON CONFLICT (company_id, id) DO UPDATE SET version = excluded.version, \
               holder_id = excluded.holder_id, body = excluded.body \
               WHERE benefits.version <= excluded.version",
};

/// Writes the benefits of one kind that are new or changed.
fn plan_benefits<T: Serialize + PartialEq>(
    writes: &mut Writes,
    company_id: i64,
    kind: BenefitKind,
    before: &[T],
    after: &[T],
    key: impl Fn(&T) -> (i64, i64, Option<i64>),
) -> Result<(), sqlx::Error> {
    // By ID, so a write to a company with 100,000 benefits is not 100,000² comparisons.
    let before: std::collections::HashMap<i64, &T> = before.iter().map(|b| (key(b).0, b)).collect();
    for item in after {
        let (id, version, holder) = key(item);
        if before.get(&id).is_some_and(|b| *b == item) {
            continue;
        }
        writes.add_stmt(
            UPSERT_BENEFIT,
            vec![
                Arg::from(id),
                Arg::from(company_id),
                Arg::from(kind_key(kind)),
                Arg::from(version),
                Arg::from(holder),
                Arg::from(to_json(item)?),
            ],
        );
    }
    Ok(())
}

impl Writes {
    /// The statements that store what changed between `before` and `after` (the same company).
    /// New users get `new_user_password_hash`.
    pub fn changes(
        &mut self,
        before: &Workspace,
        after: &Workspace,
        new_user_password_hash: &str,
    ) -> Result<(), sqlx::Error> {
        let company_id = after.company.id;
        // OFR-1 / OFR-3: an offer added or renewed.
        if before.company.offers != after.company.offers {
            self.add(
                "UPDATE companies SET offers = ? WHERE id = ?",
                vec![Arg::from(to_json(&after.company.offers)?), Arg::from(company_id)],
            );
        }
        // AZ-1: the equivalent of USD 100 recorded.
        if before.company.usd_100_equivalent != after.company.usd_100_equivalent {
            let equivalent = after
                .company
                .usd_100_equivalent
                .as_ref()
                .map(to_json)
                .transpose()?;
            self.add(
                "UPDATE companies SET usd_100_equivalent = ? WHERE id = ?",
                vec![Arg::from(equivalent), Arg::from(company_id)],
            );
        }
        if before.advisory_hours_used != after.advisory_hours_used
            || before.marketing_contact != after.marketing_contact
        {
            self.add(
                "UPDATE companies SET advisory_hours_used = ?, marketing_contact = ? WHERE id = ?",
                vec![
                    Arg::from(i64::from(after.advisory_hours_used)),
                    Arg::from(after.marketing_contact.as_ref().map(to_json).transpose()?),
                    Arg::from(company_id),
                ],
            );
        }
        let users_before: std::collections::HashMap<UserId, &User> =
            before.directory.iter().map(|u| (u.id, u)).collect();
        for user in &after.directory {
            match users_before.get(&user.id).copied() {
                Some(old) if old == user => continue,
                Some(_) => {}
                None => {
                    self.add_stmt(
                        INSERT_USER,
                        vec![
                            Arg::from(user.id.0),
                            Arg::from(company_id),
                            Arg::from(&user.display_name),
                            Arg::from(user.email.as_str()),
                            Arg::from(user.guest),
                            Arg::from(new_user_password_hash),
                        ],
                    );
                    // ROLE-5: the address is taken, across companies.
                    self.add_stmt(
                        Stmt::postgres_only(
                            "INSERT INTO accounts (email, company_id, user_id) VALUES (?, ?, ?)",
                        ),
                        vec![
                            Arg::from(user.email.as_str()),
                            Arg::from(company_id),
                            Arg::from(user.id.0),
                        ],
                    );
                }
            }
            self.add(
                "DELETE FROM user_roles WHERE user_id = ?",
                vec![Arg::from(user.id.0)],
            );
            for role in &user.roles {
                self.add(
                    "INSERT INTO user_roles (company_id, user_id, role) VALUES (?, ?, ?)",
                    vec![Arg::from(company_id), Arg::from(user.id.0), Arg::from(role.key())],
                );
            }
        }
        plan_benefits(
            self,
            company_id,
            BenefitKind::Software,
            &before.software,
            &after.software,
            |b| (b.id, 1, None),
        )?;
        plan_benefits(
            self,
            company_id,
            BenefitKind::AzureCredit,
            &before.credits,
            &after.credits,
            |c| (c.id, c.version, c.holder.as_ref().map(|h| h.user.0)),
        )?;
        plan_benefits(
            self,
            company_id,
            BenefitKind::LicenceSubscription,
            &before.licences,
            &after.licences,
            |l| (l.id, l.version, None),
        )?;
        plan_benefits(
            self,
            company_id,
            BenefitKind::VisualStudioSubscription,
            &before.visual_studio,
            &after.visual_studio,
            |v| (v.id, v.version, v.assignment.as_ref().map(|a| a.subscriber.0)),
        )?;
        plan_benefits(
            self,
            company_id,
            BenefitKind::ProductSupport,
            &before.support,
            &after.support,
            |s| (s.id, s.version, None),
        )?;
        plan_benefits(
            self,
            company_id,
            BenefitKind::GoToMarketOffer,
            &before.go_to_market,
            &after.go_to_market,
            |o| (o.id, o.version, None),
        )?;
        for (position, reveal) in after
            .key_reveals
            .iter()
            .enumerate()
            .skip(before.key_reveals.len())
        {
            self.add(
                "INSERT INTO key_reveals (company_id, position, body) VALUES (?, ?, ?)",
                vec![
                    Arg::from(company_id),
                    Arg::from(position as i64),
                    Arg::from(to_json(reveal)?),
                ],
            );
        }
        for (number, request) in after
            .advisory_requests
            .iter()
            .skip(before.advisory_requests.len())
        {
            self.add(
                "INSERT INTO advisory_requests (company_id, number, body) VALUES (?, ?, ?)",
                vec![
                    Arg::from(company_id),
                    Arg::from(number),
                    Arg::from(to_json(request)?),
                ],
            );
        }
        for request in &after.cancellations {
            if before.cancellations.contains(request) {
                continue;
            }
            self.add(
                "INSERT INTO cancellations (company_id, local_id, body) VALUES (?, ?, ?) \
             ON CONFLICT(company_id, local_id) DO UPDATE SET body = excluded.body",
                vec![
                    Arg::from(company_id),
                    Arg::from(request.id),
                    Arg::from(to_json(request)?),
                ],
            );
        }
        // By identity (kind, benefit, holder, since), not position: a write may have loaded
        // only the history of the benefit it changes.
        let identity = |r: &AssignmentRecord| (r.kind, r.benefit_id, r.user, r.assigned_at);
        let history_before: std::collections::HashMap<_, &AssignmentRecord> =
            before.history.iter().map(|r| (identity(r), r)).collect();
        for record in &after.history {
            match history_before.get(&identity(record)) {
                Some(old) if *old == record => {}
                Some(_) => {
                    self.add(
                        "UPDATE assignment_history SET removed_at = ? WHERE company_id = ? AND kind = ? \
                     AND benefit_id = ? AND user_id = ? AND assigned_at = ?",
                        vec![
                            Arg::from(record.removed_at),
                            Arg::from(company_id),
                            Arg::from(kind_key(record.kind)),
                            Arg::from(record.benefit_id),
                            Arg::from(record.user.0),
                            Arg::from(record.assigned_at),
                        ],
                    );
                }
                None => {
                    self.add(
"INSERT INTO assignment_history (company_id, position, kind, benefit_id, user_id, assigned_at, removed_at) \
                     VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM assignment_history WHERE company_id = ?), \
                     ?, ?, ?, ?, ?)",
 vec![Arg::from(company_id), Arg::from(company_id), Arg::from(kind_key(record.kind)), Arg::from(record.benefit_id), Arg::from(record.user.0), Arg::from(record.assigned_at), Arg::from(record.removed_at)],
);
                }
            }
        }
        // ACC-4: people removed leave last, once what they held names them no more. Their
        // name stays in `former_users`; their roles and sessions go with the row.
        let kept: std::collections::HashSet<UserId> = after.directory.iter().map(|u| u.id).collect();
        for user in before.directory.iter().filter(|u| !kept.contains(&u.id)) {
            self.add(
                "INSERT INTO former_users (id, company_id, display_name, email, removed_at) \
                 SELECT id, company_id, display_name, email, ? FROM users WHERE id = ? AND company_id = ?",
                vec![Arg::from(Utc::now()), Arg::from(user.id.0), Arg::from(company_id)],
            );
            // SQLite's foreign keys end their sessions; PostgreSQL's sessions and accounts
            // are global tables without one (see its schema).
            self.add(
                "DELETE FROM sessions WHERE user_id = ?",
                vec![Arg::from(user.id.0)],
            );
            self.add(
                "DELETE FROM users WHERE id = ? AND company_id = ?",
                vec![Arg::from(user.id.0), Arg::from(company_id)],
            );
            self.add_stmt(
                Stmt::postgres_only("DELETE FROM accounts WHERE email = ? AND company_id = ?"),
                vec![Arg::from(user.email.as_str()), Arg::from(company_id)],
            );
        }
        Ok(())
    }
}
