//! Reading a company's workspace: the parts a request needs, in one query.

use super::writes::{from_rusqlite, Arg};
use super::{company_from_row, decode_error, from_json, kind_key, users_by_name, Dialect, UserRow};
use benefits_domain::history::{AssignmentRecord, BenefitKind};
use benefits_domain::workspace::{Command, Workspace};
use benefits_domain::UserId;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use sqlx::{FromRow, PgConnection, Sqlite, SqliteConnection};

/// Which benefits a read loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Benefits {
    All,
    None,
    /// Every benefit of one kind.
    Kind(BenefitKind),
    /// One benefit.
    One(BenefitKind, i64),
}

/// The parts of a company's workspace a command needs. Writes load only these, so a
/// write costs the same with 1,000 or 100,000 assignments in the company.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts {
    pub benefits: Benefits,
    /// Every user (else: users with a role — whom to ask, ROLE-6/7 — plus `user`).
    pub all_users: bool,
    pub user: Option<UserId>,
    pub key_reveals: bool,
    pub advisory_requests: bool,
    pub cancellations: bool,
    /// The assignment history of the loaded benefits.
    pub history: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        benefits: Benefits::All,
        all_users: true,
        user: None,
        key_reveals: true,
        advisory_requests: true,
        cancellations: true,
        history: true,
    };

    /// What the workspace view shows (`WorkspaceView::of`): all but the assignment history,
    /// which is as long as the benefits list again and the view never reads.
    pub const VIEW: Parts = Parts {
        history: false,
        ..Parts::ALL
    };

    /// What `command` reads and changes (see `Workspace::check` / `apply`).
    pub fn for_command(command: &Command) -> Parts {
        let none = Parts {
            benefits: Benefits::None,
            all_users: false,
            user: None,
            key_reveals: false,
            advisory_requests: false,
            cancellations: false,
            history: false,
        };
        match command {
            Command::RevealSoftwareKeys { .. } => Parts {
                benefits: Benefits::Kind(BenefitKind::Software),
                key_reveals: true,
                ..none
            },
            // AZ-6 looks at every credit of the company.
            Command::AssignAzureCredit { user_id, .. } | Command::TransferAzureCredit { user_id, .. } => {
                Parts {
                    benefits: Benefits::Kind(BenefitKind::AzureCredit),
                    user: Some(*user_id),
                    history: true,
                    ..none
                }
            }
            Command::RemoveAzureCredit { .. } => Parts {
                benefits: Benefits::Kind(BenefitKind::AzureCredit),
                history: true,
                ..none
            },
            Command::RedeemProductKey { subscription_id, .. }
            | Command::RequestReplacementKey { subscription_id, .. } => Parts {
                benefits: Benefits::One(BenefitKind::LicenceSubscription, *subscription_id),
                ..none
            },
            Command::AssignVisualStudioSubscriber {
                subscription_id,
                user_id,
            }
            | Command::ReassignVisualStudioSubscriber {
                subscription_id,
                user_id,
            } => Parts {
                benefits: Benefits::One(BenefitKind::VisualStudioSubscription, *subscription_id),
                user: Some(*user_id),
                history: true,
                ..none
            },
            Command::ActivateProductSupport { support_id, contact } => Parts {
                benefits: Benefits::One(BenefitKind::ProductSupport, *support_id),
                user: contact.as_ref().map(|c| c.user),
                ..none
            },
            Command::SubmitAdvisoryRequest { .. } => Parts {
                advisory_requests: true,
                ..none
            },
            Command::SetMarketingContact { contact } => Parts {
                user: Some(contact.user),
                ..none
            },
            Command::ActivateGoToMarketOffer { offer_id } => Parts {
                benefits: Benefits::One(BenefitKind::GoToMarketOffer, *offer_id),
                ..none
            },
            Command::RequestCancellation { .. } => Parts {
                benefits: Benefits::Kind(BenefitKind::Software),
                key_reveals: true,
                cancellations: true,
                ..none
            },
            // The new user's ID and the unique address are the database's to answer
            // (`next_user_id_now`, `email_in_use_now`): only the actor and whom to ask.
            Command::AddUser { .. } => none,
            Command::SetRoles { user_id, .. } | Command::ResetPassword { user_id } => Parts {
                user: Some(*user_id),
                ..none
            },
            // ACC-4: what they hold (credits, subscriptions) and its history.
            Command::RemoveUser { user_id } => Parts {
                benefits: Benefits::All,
                user: Some(*user_id),
                history: true,
                ..none
            },
            Command::RecordSupportConfirmation { support_id, .. } => Parts {
                benefits: Benefits::One(BenefitKind::ProductSupport, *support_id),
                ..none
            },
            Command::RecordGoToMarketActivation { offer_id, .. } => Parts {
                benefits: Benefits::One(BenefitKind::GoToMarketOffer, *offer_id),
                ..none
            },
            // OFR-3 extends every benefit of the offer.
            Command::RenewOffer { .. } => Parts {
                benefits: Benefits::All,
                ..none
            },
            // OFR-1: the new benefits' IDs are the database's (`next_benefit_id_now`).
            Command::AddOffer { .. } => none,
            Command::SetCreditEquivalent { .. } => none,
        }
    }
}

/// The company's Visual Studio subscriptions (the list page and its API).
pub async fn visual_studio_subscriptions(
    conn: &mut SqliteConnection,
    company_id: i64,
) -> Result<Vec<benefits_domain::visual_studio::VisualStudioSubscription>, sqlx::Error> {
    let (bodies,): (String,) = sqlx::query_as(
        "SELECT '[' || coalesce(group_concat(body, ',' ORDER BY id), '') || ']' FROM benefits \
         WHERE company_id = ? AND kind = ?",
    )
    .bind(company_id)
    .bind(kind_key(BenefitKind::VisualStudioSubscription))
    .fetch_one(conn)
    .await?;
    from_json(&bodies)
}

/// Everything of one company, as the domain works on it.
pub async fn load_workspace(conn: &mut SqliteConnection, company_id: i64) -> Result<Workspace, sqlx::Error> {
    load_parts(conn, company_id, Parts::ALL, None).await
}

/// What [`WorkspaceView::of`](benefits_domain::wire::WorkspaceView::of) needs of a company.
pub async fn load_for_view(conn: &mut SqliteConnection, company_id: i64) -> Result<Workspace, sqlx::Error> {
    load_parts(conn, company_id, Parts::VIEW, None).await
}

/// ` AND kind = ? [AND <id_column> = ?]`: the benefits (or their history) a read loads.
fn push_benefit_filter(query: &mut Query, benefits: Benefits, id_column: &str) {
    match benefits {
        Benefits::All | Benefits::None => {}
        Benefits::Kind(kind) => {
            query.push_bind(" AND kind = ", kind_key(kind));
        }
        Benefits::One(kind, id) => {
            query.push_bind(" AND kind = ", kind_key(kind));
            query.push_bind(&format!(" AND {id_column} = "), id);
        }
    }
}

/// SQL with `?` placeholders and their values in order, run by sqlx ([`Query::sqlx`]) or on
/// the writer's own connection ([`Query::now`]).
#[derive(Default)]
pub struct Query {
    sql: String,
    args: Vec<Arg>,
}

impl Query {
    fn push(&mut self, sql: &str) -> &mut Query {
        self.sql.push_str(sql);
        self
    }

    /// `sql` followed by a placeholder for `value`.
    fn push_bind(&mut self, sql: &str, value: impl Into<Arg>) -> &mut Query {
        self.sql.push_str(sql);
        self.sql.push('?');
        self.args.push(value.into());
        self
    }

    fn sqlx(&self) -> sqlx::query::Query<'_, Sqlite, sqlx::sqlite::SqliteArguments<'_>> {
        crate::bind_args!(sqlx::query(&self.sql), self.args.iter().cloned())
    }
}

/// One kind's benefits as [`load_parts`] reads them: `{"kind": "<BenefitKind>", "bodies": […]}`.
/// The variants are `BenefitKind`'s, named the same way (a test checks every kind).
#[derive(Deserialize)]
#[serde(tag = "kind", content = "bodies", rename_all = "snake_case")]
enum BenefitsOfKind {
    Software(Vec<benefits_domain::software::SoftwareBenefit>),
    AzureCredit(Vec<benefits_domain::azure::AzureCredit>),
    LicenceSubscription(Vec<benefits_domain::licences::LicenceSubscription>),
    VisualStudioSubscription(Vec<benefits_domain::visual_studio::VisualStudioSubscription>),
    ProductSupport(Vec<benefits_domain::technical::ProductSupport>),
    GoToMarketOffer(Vec<benefits_domain::go_to_market::GoToMarketOffer>),
}

/// The parts of a company's workspace; the rest stays empty. `actor` is always loaded.
///
/// One query whatever the parts: the company row with every other part as JSON in a column
/// (users, history, key reveals, advisory requests, cancellations, benefits by kind). Each
/// query is a hand-off between sqlx's SQLite thread and the request, and a write waits for
/// its loads inside the writer's transaction.
pub async fn load_parts(
    conn: &mut SqliteConnection,
    company_id: i64,
    parts: Parts,
    actor: Option<UserId>,
) -> Result<Workspace, sqlx::Error> {
    let query = parts_query(Dialect::Sqlite, company_id, parts, actor);
    let row = CompanyRow::from_row(&query.sqlx().fetch_one(&mut *conn).await?)?;
    workspace_of(company_id, row)
}

/// [`load_parts`] on PostgreSQL.
pub async fn load_parts_postgres(
    conn: &mut PgConnection,
    company_id: i64,
    parts: Parts,
    actor: Option<UserId>,
) -> Result<Workspace, sqlx::Error> {
    let query = parts_query(Dialect::Postgres, company_id, parts, actor);
    let sql = Dialect::Postgres.sql(&query.sql);
    let row = crate::bind_args!(sqlx::query(&sql), query.args.iter().cloned())
        .fetch_one(&mut *conn)
        .await?;
    workspace_of(company_id, CompanyRow::from_row(&row)?)
}

/// [`load_parts`] on the command writer's own connection (see `api::commands`).
pub fn load_parts_now(
    db: &rusqlite::Connection,
    company_id: i64,
    parts: Parts,
    actor: Option<UserId>,
) -> Result<Workspace, sqlx::Error> {
    let query = parts_query(Dialect::Sqlite, company_id, parts, actor);
    let row: CompanyRow = db
        .prepare_cached(&query.sql)
        .and_then(|mut statement| {
            statement.query_row(rusqlite::params_from_iter(&query.args), |r| {
                CompanyRow::try_from(r)
            })
        })
        .map_err(from_rusqlite)?;
    workspace_of(company_id, row)
}

/// The company's columns, then users, history, key reveals, advisory requests,
/// cancellations and benefits by kind as JSON (NULL: not loaded).
type CompanyRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The one query of [`load_parts`], in this database's SQL: string aggregation and JSON
/// functions are named differently, the rest is the same.
fn parts_query(d: Dialect, company_id: i64, parts: Parts, actor: Option<UserId>) -> Query {
    // `rows` (a `j` per row, ordered by `o` if `ordered`) as one JSON array in text.
    let array = |rows: &str, ordered: bool| {
        let order = if ordered { " ORDER BY o" } else { "" };
        format!(
            "(SELECT '[' || coalesce({}, '') || ']' FROM ({rows}) AS x)",
            d.join("j", &format!("','{order}"))
        )
    };
    let user_json = d.user_json();
    let mut query = Query::default();
    query.push(
        "SELECT c.name, c.account_email, c.currency, c.offers, c.usd_100_equivalent, c.advisory_hours_used, \
         c.marketing_contact, ",
    );
    if parts.all_users {
        // The big lists (users, benefits) come unordered and are sorted here: an aggregate's
        // ORDER BY makes SQLite copy every row into a temporary b-tree first (a third of the
        // time of a 10,000-user workspace).
        query.push(&array(
            &format!("SELECT {user_json} AS j FROM users u WHERE u.company_id = c.id"),
            false,
        ));
    } else {
        // Users with a role (whom to ask, ROLE-6/7), the actor and the command's user.
        // SQLite's `+company_id`: look these few up by ID; the company's index would walk
        // all of its users (1.4 ms of every write at 10,000 users).
        let skip_index = if d == Dialect::Sqlite { "+" } else { "" };
        query.push_bind(
            &format!(
                "(SELECT '[' || coalesce({}, '') || ']' FROM (\
                 SELECT {user_json} AS j FROM users u WHERE {skip_index}u.company_id = c.id AND u.id IN (SELECT ",
                d.join("j", "','")
            ),
            actor.map_or(0, |a| a.0),
        );
        query.push_bind(" UNION SELECT ", parts.user.map_or(0, |u| u.0));
        query.push(" UNION SELECT r.user_id FROM user_roles r WHERE r.company_id = c.id)) AS x)");
    }
    query.push(", ");
    if parts.history && parts.benefits != Benefits::None {
        query.push(&format!(
            "(SELECT '[' || coalesce({}, '') || ']' FROM assignment_history WHERE company_id = c.id",
            d.join(
                &d.json_array("kind, benefit_id, user_id, assigned_at, removed_at"),
                "',' ORDER BY position"
            )
        ));
        push_benefit_filter(&mut query, parts.benefits, "benefit_id");
        query.push(")");
    } else {
        query.push("NULL");
    }
    let wanted = |wanted: bool, rows: &str| if wanted { array(rows, true) } else { "NULL".into() };
    query.push(", ").push(&wanted(
        parts.key_reveals,
        "SELECT body AS j, position AS o FROM key_reveals WHERE company_id = c.id",
    ));
    query.push(", ").push(&wanted(
        parts.advisory_requests,
        &format!(
            "SELECT {} AS j, id AS o FROM advisory_requests WHERE company_id = c.id",
            d.json_array(&format!("number, {}", d.json_text("body")))
        ),
    ));
    query.push(", ").push(&wanted(
        parts.cancellations,
        "SELECT body AS j, local_id AS o FROM cancellations WHERE company_id = c.id",
    ));
    query.push(", ");
    // The benefits: per kind, `{"kind": …, "bodies": […]}` (see `BenefitsOfKind`).
    if parts.benefits == Benefits::None {
        query.push("NULL");
    } else {
        query.push(&format!(
            "(SELECT '[' || coalesce({}, '') || ']' \
             FROM (SELECT kind, '[' || {} || ']' AS bodies FROM benefits \
             WHERE company_id = c.id",
            d.join(
                "'{\"kind\":\"' || kind || '\",\"bodies\":' || bodies || '}'",
                "','"
            ),
            d.join("body", "','")
        ));
        push_benefit_filter(&mut query, parts.benefits, "id");
        query.push(" GROUP BY kind) AS x)");
    }
    query.push_bind(" FROM companies c WHERE c.id = ", company_id);
    query
}

/// A [`CompanyRow`] as the domain's workspace (the parts not loaded stay empty).
fn workspace_of(company_id: i64, row: CompanyRow) -> Result<Workspace, sqlx::Error> {
    let (
        name,
        email,
        currency,
        offers,
        equivalent,
        hours,
        contact,
        users,
        history,
        reveals,
        advisory,
        cancellations,
        benefits,
    ) = row;
    let company = company_from_row(
        company_id,
        name,
        (&email, &currency, &offers, equivalent.as_deref()),
    )?;
    let users: Vec<UserRow> = from_json(&users)?;
    type HistoryRow = (String, i64, i64, DateTime<Utc>, Option<DateTime<Utc>>);
    let history: Vec<HistoryRow> = history.as_deref().map(from_json).transpose()?.unwrap_or_default();
    let mut ws = Workspace {
        company,
        directory: users_by_name(users)?,
        software: vec![],
        key_reveals: reveals.as_deref().map(from_json).transpose()?.unwrap_or_default(),
        credits: vec![],
        licences: vec![],
        visual_studio: vec![],
        support: vec![],
        advisory_hours_used: u32::try_from(hours).map_err(|_| decode_error("advisory hours"))?,
        advisory_requests: advisory
            .as_deref()
            .map(from_json)
            .transpose()?
            .unwrap_or_default(),
        marketing_contact: contact.as_deref().map(from_json).transpose()?,
        go_to_market: vec![],
        cancellations: cancellations
            .as_deref()
            .map(from_json)
            .transpose()?
            .unwrap_or_default(),
        history: history
            .into_iter()
            .map(|(kind, benefit_id, user, assigned_at, removed_at)| {
                Ok(AssignmentRecord {
                    kind: from_json(&format!("\"{kind}\""))?,
                    benefit_id,
                    user: UserId(user),
                    assigned_at,
                    removed_at,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
    };
    let benefits: Vec<BenefitsOfKind> = benefits
        .as_deref()
        .map(from_json)
        .transpose()?
        .unwrap_or_default();
    // Each kind in ID order (they came unordered, see above).
    macro_rules! by_id {
        ($all:ident) => {{
            let mut all = $all;
            all.sort_unstable_by_key(|b| b.id);
            all
        }};
    }
    for of_kind in benefits {
        match of_kind {
            BenefitsOfKind::Software(all) => ws.software = by_id!(all),
            BenefitsOfKind::AzureCredit(all) => ws.credits = by_id!(all),
            BenefitsOfKind::LicenceSubscription(all) => ws.licences = by_id!(all),
            BenefitsOfKind::VisualStudioSubscription(all) => ws.visual_studio = by_id!(all),
            BenefitsOfKind::ProductSupport(all) => ws.support = by_id!(all),
            BenefitsOfKind::GoToMarketOffer(all) => ws.go_to_market = by_id!(all),
        }
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::kind_key;

    #[test]
    fn every_benefit_kind_is_read_back_by_a_load() {
        use BenefitKind::*;
        let kinds = [
            Software,
            AzureCredit,
            LicenceSubscription,
            VisualStudioSubscription,
            ProductSupport,
            GoToMarketOffer,
        ];
        for kind in kinds {
            // A new kind fails to compile here until it is listed above and in `BenefitsOfKind`.
            match kind {
                Software
                | AzureCredit
                | LicenceSubscription
                | VisualStudioSubscription
                | ProductSupport
                | GoToMarketOffer => {}
            }
            let json = format!(r#"{{"kind":"{}","bodies":[]}}"#, kind_key(kind));
            assert!(serde_json::from_str::<BenefitsOfKind>(&json).is_ok(), "{json}");
        }
    }
}
