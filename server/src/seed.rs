//! Demo data for a first start: one Silver partner with a user for every role.

use crate::auth::hash_password;
use benefits_domain::benefit::Offer;
use benefits_domain::visual_studio::allocation_for_offer;
use benefits_domain::Role;
use chrono::{Days, Utc};
use sqlx::SqlitePool;

/// Every demo user signs in with this password (printed by `cargo xtask run`).
pub const DEMO_PASSWORD: &str = "demo-benefits";

/// (display name, e-mail, roles): one user per role (ROLE-1), one without any, and a guest (ROLE-8).
pub const DEMO_USERS: &[(&str, &str, &[Role], bool)] = &[
    ("Ada Global", "ada@fabrikam.example", &[Role::GlobalAdmin], false),
    (
        "Uma Users",
        "uma@fabrikam.example",
        &[Role::UserManagementAdmin],
        false,
    ),
    ("Aldo Agent", "aldo@fabrikam.example", &[Role::AdminAgent], false),
    (
        "Mia Partner",
        "mia@fabrikam.example",
        &[Role::MpnPartnerAdmin],
        false,
    ),
    ("Noor Viewer", "noor@fabrikam.example", &[], false),
    ("Daan de Vries", "daan@fabrikam.example", &[], false),
    ("Lena Fischer", "lena@fabrikam.example", &[], false),
    ("Gus Guest", "gus@contractor.example", &[], true),
];

/// Seeds the demo company into an empty database; returns its ID, or `None` when the
/// database already has data (seeding happens on first start only).
pub async fn seed_demo_company(pool: &SqlitePool) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (companies,): (i64,) = sqlx::query_as("SELECT count(*) FROM companies")
        .fetch_one(&mut *tx)
        .await?;
    if companies > 0 {
        return Ok(None);
    }
    let offer = Offer::Silver;
    let company_id: i64 = sqlx::query_scalar(
        "INSERT INTO companies (name, offer, account_email) VALUES (?, ?, ?) RETURNING id",
    )
    .bind("Fabrikam Partners")
    .bind(offer.key())
    .bind("partnercenter@fabrikam.example")
    .fetch_one(&mut *tx)
    .await?;

    let password_hash = hash_password(DEMO_PASSWORD);
    let mut user_ids = Vec::new();
    for (name, email, roles, guest) in DEMO_USERS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (company_id, display_name, email, guest, password_hash) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(company_id)
        .bind(name)
        .bind(email)
        .bind(guest)
        .bind(&password_hash)
        .fetch_one(&mut *tx)
        .await?;
        for role in *roles {
            sqlx::query("INSERT INTO user_roles (user_id, role) VALUES (?, ?)")
                .bind(id)
                .bind(role.key())
                .execute(&mut *tx)
                .await?;
        }
        user_ids.push(id);
    }

    // VS-4: Silver gets 5 Visual Studio Enterprise subscriptions. Two are already held:
    // one long enough to be reassigned (VS-3), one too recently.
    let now = Utc::now();
    let (product, quantity) = allocation_for_offer(offer);
    let expires_on = (now + Days::new(300)).date_naive();
    let held = [
        Some((user_ids[5], now - Days::new(120))),
        Some((user_ids[6], now - Days::new(10))),
    ];
    for n in 0..quantity as usize {
        let holder = held.get(n).copied().flatten();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO visual_studio_subscriptions (company_id, product, offer, benefit_type, expires_on, subscriber_id, assigned_at) \
             VALUES (?, ?, ?, 'core', ?, ?, ?) RETURNING id",
        )
        .bind(company_id)
        .bind(product.key())
        .bind(offer.key())
        .bind(expires_on)
        .bind(holder.map(|(user, _)| user))
        .bind(holder.map(|(_, at)| at))
        .fetch_one(&mut *tx)
        .await?;
        if let Some((user, at)) = holder {
            sqlx::query("INSERT INTO visual_studio_assignments (subscription_id, user_id, assigned_at) VALUES (?, ?, ?)")
                .bind(id)
                .bind(user)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(Some(company_id))
}

/// Prints the demo sign-ins that still exist in the database, so whoever started the
/// server knows how to get in.
pub async fn print_demo_sign_ins(pool: &SqlitePool, just_seeded: bool) -> Result<(), sqlx::Error> {
    let mut present = Vec::new();
    for (_, email, roles, _) in DEMO_USERS {
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE email = ?)")
            .bind(email)
            .fetch_one(pool)
            .await?;
        if exists {
            let names: Vec<_> = roles.iter().map(|r| r.label(benefits_domain::Lang::En)).collect();
            present.push((
                *email,
                if names.is_empty() {
                    "no role".to_string()
                } else {
                    names.join(", ")
                },
            ));
        }
    }
    if present.is_empty() {
        return Ok(());
    }
    let when = if just_seeded {
        "seeded now"
    } else {
        "seeded on first start"
    };
    println!("Demo sign-ins ({when}), password `{DEMO_PASSWORD}`:");
    for (email, roles) in present {
        println!("  {email:<26} {roles}");
    }
    Ok(())
}
