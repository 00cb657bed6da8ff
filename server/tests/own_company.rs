//! A company of one's own over HTTP: the first-run setup link and the command line (SET-1),
//! offers that provision (OFR-1), the inventory import (OFR-1), renewal (OFR-2, OFR-3),
//! removing a person (ACC-4) and recording Microsoft's confirmations (TS-7, GTM-6). Every
//! refusal carries its rule ID and writes nothing.
//!
//! Fabrikam (company 1, Silver bought 10 days ago): 101 Ada (Global admin), 102 Uma (User
//! management admin), 103 Aldo (Admin agent), 104 Mia (MPN partner admin), 105 Noor, 106
//! Daan (monthly credit 1101, Visual Studio 1301), 107 Lena (Visual Studio 1302), 108 Gus.

mod common;

use benefits_server::store::Arg;

use benefits_server::seed::DEMO_PASSWORD;
use chrono::{Days, Utc};
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn new_company(admin_email: &str, purchased_on: &str) -> Value {
    json!({
        "name": "Tailspin Partners",
        "account_email": "partnercenter@tailspin.example",
        "currency": "EUR",
        "offers": [{"offer": "silver", "purchased_on": purchased_on}],
        "admin": {"display_name": "Tess Tailspin", "email": admin_email},
    })
}

fn token_of(link: &str) -> String {
    link.split("token=").nth(1).unwrap().to_string()
}

async fn companies(app: &TestApp) -> i64 {
    app.scalar("SELECT count(*) FROM companies", vec![]).await
}

async fn refused(
    app: &TestApp,
    client: &reqwest::Client,
    body: Value,
    status: StatusCode,
    code: &str,
) -> Value {
    let before = (app.snapshot().await, app.audit_count().await);
    let (got, answer) = app.command(client, body.clone()).await;
    assert_eq!(
        (got, answer["code"].as_str().unwrap_or("")),
        (status, code),
        "{body} → {answer}"
    );
    assert!(!answer["message"].as_str().unwrap_or("").is_empty());
    assert_eq!(
        (app.snapshot().await, app.audit_count().await),
        before,
        "a refusal changes nothing"
    );
    answer
}

#[tokio::test]
async fn set_1_an_empty_server_gives_a_one_time_link_that_creates_the_company_and_signs_in_its_admin() {
    let (app, link) = TestApp::spawn_empty().await;
    assert!(link.contains("/setup?token="), "{link}");
    let token = token_of(&link);
    assert!(token.len() >= 32);
    let stored: String = app.scalar("SELECT token_hash FROM setup_links", vec![]).await;
    assert_ne!(stored, token, "only its hash is kept");
    let browser = TestApp::client();
    let status = app
        .post(&browser, "/setup/status", json!({ "token": token }))
        .await
        .status();
    assert_eq!(status, StatusCode::OK);
    let today = Utc::now().date_naive();
    let bought = (today - Days::new(30)).to_string();
    // Bad input writes nothing: a short password (ACC-2), no name (SET-1), a future date (OFR-1).
    let mut nameless = new_company("tess@tailspin.example", &bought);
    nameless["name"] = json!(" ");
    let bad = [
        (
            json!({"token": token, "company": new_company("tess@tailspin.example", &bought), "password": "short"}),
            "ACC-2",
        ),
        (
            json!({"token": token, "company": nameless, "password": "a long enough password"}),
            "SET-1",
        ),
        (
            json!({"token": token, "company": new_company("tess@tailspin.example", &(today + Days::new(3)).to_string()), "password": "a long enough password"}),
            "OFR-1",
        ),
        (
            json!({"token": "not-the-token", "company": new_company("tess@tailspin.example", &bought), "password": "a long enough password"}),
            "SET-1",
        ),
    ];
    for (body, code) in bad {
        let response = app.post(&browser, "/setup", body.clone()).await;
        let status = response.status();
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["code"], code, "{body} → {answer}");
        assert!(status.is_client_error());
        assert_eq!(companies(&app).await, 0, "nothing written");
    }
    let good = json!({"token": token, "company": new_company("tess@tailspin.example", &bought), "password": "a long enough password"});
    let response = app.post(&browser, "/setup", good.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["user"]["roles"], json!(["global_admin"]));
    assert_eq!(me["must_change_password"], false, "they chose their password");
    // Signed in at once, with the offer's benefits provisioned (OFR-1: Silver's 5 Enterprise).
    let ws = app.workspace(&browser).await;
    assert_eq!(ws["company"]["name"], "Tailspin Partners");
    assert_eq!(ws["visual_studio"].as_array().unwrap().len(), 5);
    assert!(ws["credits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["kind"] == "bulk"));
    // The link is void: a second use is refused with SET-1 and changes nothing.
    let again = app.post(&TestApp::client(), "/setup", good).await;
    assert_eq!(again.status(), StatusCode::GONE);
    let answer: Value = again.json().await.unwrap();
    assert_eq!(answer["code"], "SET-1");
    assert_eq!(companies(&app).await, 1);
    let status = app
        .post(&browser, "/setup/status", json!({ "token": token }))
        .await
        .status();
    assert_eq!(status, StatusCode::GONE);
    // The admin signs in with the password they chose.
    let (_, status, _) = app
        .sign_in_with("tess@tailspin.example", "a long enough password")
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn set_1_a_seeded_server_has_no_setup_link_and_the_command_line_creates_more_companies() {
    let app = TestApp::spawn().await;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_benefits-server"))
            .arg("--database")
            .arg(&app.database)
            .arg("--demo-data")
            .arg("false")
            .arg("admin")
            .arg("create-company")
            .args(args)
            .output()
            .unwrap()
    };
    let bought = format!("gold:{}", Utc::now().date_naive() - Days::new(5));
    let output = run(&[
        "--name",
        "Wide World Partners",
        "--account-email",
        "pc@wideworld.example",
        "--currency",
        "USD",
        "--offer",
        &bought,
        "--admin-name",
        "Wim World",
        "--admin-email",
        "wim@wideworld.example",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let password = stdout.lines().last().unwrap().trim().to_string();
    // ACC-1: a one-time password, to be changed at the first sign-in.
    let (client, status, me) = app.sign_in_with("wim@wideworld.example", &password).await;
    assert_eq!(status, StatusCode::OK, "{stdout}");
    assert_eq!(me["must_change_password"], true);
    let changed = app
        .post(
            &client,
            "/me/password",
            json!({"current_password": password, "new_password": "wide world is wide"}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let ws = app.workspace(&client).await;
    assert_eq!(ws["visual_studio"].as_array().unwrap().len(), 10, "VS-4: Gold 10");
    assert_eq!(ws["company"]["currency"], "USD");
    // A used address, or an offer that doesn't exist: a clear message, no company.
    let before = companies(&app).await;
    let taken = run(&[
        "--name",
        "X",
        "--account-email",
        "pc@x.example",
        "--offer",
        &bought,
        "--admin-name",
        "Ada",
        "--admin-email",
        ADMIN,
    ]);
    assert!(!taken.status.success());
    assert!(String::from_utf8_lossy(&taken.stderr).contains("ROLE-5"));
    let bad_offer = run(&[
        "--name",
        "X",
        "--account-email",
        "pc@x.example",
        "--offer",
        "platinum:2026-01-01",
        "--admin-name",
        "X",
        "--admin-email",
        "x@x.example",
    ]);
    assert!(!bad_offer.status.success());
    assert!(String::from_utf8_lossy(&bad_offer.stderr).contains("action_pack, silver or gold"));
    assert_eq!(companies(&app).await, before);
    // No link on a server that has companies, and an old one made while empty is void.
    app.exec(
        "INSERT INTO setup_links (token_hash, created_at) VALUES (?, ?)",
        vec![
            Arg::from(benefits_server::auth::hash_token("left-over-token")),
            Arg::from(Utc::now()),
        ],
    )
    .await;
    let status = app
        .post(
            &TestApp::client(),
            "/setup/status",
            json!({"token": "left-over-token"}),
        )
        .await
        .status();
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn ofr_1_adding_an_offer_provisions_its_benefits_and_an_offer_held_is_not_added_twice() {
    let app = TestApp::spawn().await;
    let aldo = app.signed_in("aldo@fabrikam.example").await;
    let before = app.workspace(&aldo).await["visual_studio"]
        .as_array()
        .unwrap()
        .len();
    let today = Utc::now().date_naive().to_string();
    let (status, body) = app
        .command(
            &aldo,
            json!({"command": {"command": "add_offer", "offer": "gold", "purchased_on": today}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ws = app.workspace(&aldo).await;
    assert_eq!(
        ws["visual_studio"].as_array().unwrap().len(),
        before + 10,
        "VS-4: Gold's 10 more"
    );
    assert_eq!(ws["company"]["offers"].as_array().unwrap().len(), 2);
    refused(
        &app,
        &aldo,
        json!({"command": {"command": "add_offer", "offer": "silver", "purchased_on": today}}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "OFR-1",
    )
    .await;
    let noor = app.signed_in(VIEWER).await;
    refused(
        &app,
        &noor,
        json!({"command": {"command": "add_offer", "offer": "action_pack", "purchased_on": today}}),
        StatusCode::FORBIDDEN,
        "OFR-2",
    )
    .await;
}

fn csv_upload(app: &TestApp, client: &reqwest::Client, dry_run: bool, body: &str) -> reqwest::RequestBuilder {
    let query = if dry_run { "?dry_run=true" } else { "" };
    client
        .post(format!("{}/inventory-imports{query}", app.base))
        .header("content-type", "text/csv")
        .header("accept-language", "de")
        .body(body.to_string())
}

#[tokio::test]
async fn ofr_1_an_import_is_judged_row_by_row_before_anything_is_written_and_never_echoes_a_key() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in(ADMIN).await;
    let file = "area,product,quantity,key,language,os,download_link\n\
        software,Office LTSC Professional Plus 2024,40,REALK-EYAAA-BBBBB-CCCCC-DDDDD,,,\n\
        software,Office LTSC Professional Plus 2024,,,fr-FR,windows64,https://downloads.example/fr.iso\n\
        licence,Microsoft 365 E3,50,LICEN-SEKEY-AAAAA-BBBBB-CCCCC,,,\n\
        software,Project Professional 2024,5,DEMO0-01001-AAAAA-BBBBB-CCCCC,,,\n\
        hardware,Laptop,1,,,,\n";
    let snapshot = app.snapshot().await;
    let dry = csv_upload(&app, &ada, true, file).send().await.unwrap();
    assert_eq!(dry.status(), StatusCode::OK);
    let dry: Value = dry.json().await.unwrap();
    let verdicts: Vec<&str> = dry["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["ok", "ok", "ok", "refused", "refused"]);
    assert_eq!(
        dry["lines"][3]["code"], "duplicate_key",
        "Fabrikam's own demo key"
    );
    assert!(
        dry["lines"][4]["message"]
            .as_str()
            .unwrap()
            .contains("Unbekannter Bereich"),
        "in the caller's language"
    );
    assert!(!dry.to_string().contains("REALK"), "SW-1: a key is never echoed");
    assert_eq!(app.snapshot().await, snapshot, "a dry run writes nothing");
    let applied: Value = csv_upload(&app, &ada, false, file)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(applied["applied"], 3);
    assert!(!applied.to_string().contains("REALK"));
    let noor = app.signed_in(VIEWER).await;
    let ws = app.workspace(&noor).await;
    assert!(!ws.to_string().contains("REALK"), "not in any read either");
    let office = ws["software"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == 1001)
        .unwrap()
        .clone();
    assert!(
        office["download_languages"].to_string().contains("fr-FR") || office.to_string().contains("fr-FR"),
        "{office}"
    );
    // SW-1: Get keys shows it, to ROLE-3.
    let mia = app.signed_in("mia@fabrikam.example").await;
    let (status, keys) = app
        .command(
            &mia,
            json!({"command": {"command": "reveal_software_keys", "benefit_id": 1001}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(keys.to_string().contains("REALK-EYAAA-BBBBB-CCCCC-DDDDD"));
    let audit: String = app
        .scalar(
            "SELECT after FROM audit_events WHERE action = 'import_inventory'",
            vec![],
        )
        .await;
    assert!(!audit.contains("REALK") && !audit.contains("LICEN"), "{audit}");
    // Bad files: the file's code, nothing written; and ROLE-3 for the import itself.
    let snapshot = app.snapshot().await;
    for (body, code) in [
        ("area,product\nsoftware,=HYPERLINK(\"x\")\n", "csv_formula"),
        ("product,quantity\nOffice,1\n", "csv_columns"),
        ("area,product\n", "csv_empty"),
    ] {
        let answer: Value = csv_upload(&app, &ada, false, body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(answer["code"], code, "{body}");
    }
    let latin1 = csv_upload(&app, &ada, false, "")
        .body(b"area,product\nsoftware,Caf\xe9\n".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(latin1.json::<Value>().await.unwrap()["code"], "csv_encoding");
    let uma = app.signed_in("uma@fabrikam.example").await;
    let refused = csv_upload(&app, &uma, false, file).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.json::<Value>().await.unwrap()["code"], "ROLE-3");
    assert_eq!(app.snapshot().await, snapshot);
}

/// Moves Fabrikam's Silver purchase `days` back (10 by the seed).
async fn bought_days_ago(app: &TestApp, days: u64) {
    let purchased_on = Utc::now().date_naive() - Days::new(days);
    let anniversary = purchased_on + chrono::Months::new(12);
    app.edit_workspace(1, |ws| {
        let old = ws.company.offers[0].anniversary();
        ws.company.offers[0].purchased_on = purchased_on;
        for v in &mut ws.visual_studio {
            if v.expires_on == old {
                v.expires_on = anniversary;
                v.version += 1;
            }
        }
    })
    .await;
    let offers = serde_json::to_string(&json!([{"offer": "silver", "purchased_on": purchased_on}])).unwrap();
    app.exec(
        "UPDATE companies SET offers = ? WHERE id = 1",
        vec![Arg::from(offers)],
    )
    .await;
}

#[tokio::test]
async fn ofr_2_ofr_3_renew_is_refused_outside_the_window_and_inside_moves_the_anniversary_a_year() {
    let app = TestApp::spawn().await;
    let uma = app.signed_in("uma@fabrikam.example").await;
    let renew = json!({"command": {"command": "renew_offer", "offer": "silver"}});
    let answer = refused(
        &app,
        &uma,
        renew.clone(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "OFR-2",
    )
    .await;
    assert!(
        answer["message"].as_str().unwrap().contains("30 days"),
        "says when: {answer}"
    );
    // 370 days after purchase: the anniversary was 5 days ago, the window is open.
    bought_days_ago(&app, 370).await;
    let noor = app.signed_in(VIEWER).await;
    refused(&app, &noor, renew.clone(), StatusCode::FORBIDDEN, "OFR-2").await;
    let ws = app.workspace(&uma).await;
    let old: chrono::NaiveDate =
        serde_json::from_value(ws["visual_studio"][0]["expires_on"].clone()).unwrap();
    let (status, body) = app.command(&uma, renew.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ws = app.workspace(&uma).await;
    let new: chrono::NaiveDate =
        serde_json::from_value(ws["visual_studio"][0]["expires_on"].clone()).unwrap();
    assert_eq!(
        new,
        old + Days::new(365),
        "OFR-3: benefits run to the new anniversary"
    );
    let offer = &ws["company"]["offers"][0];
    assert_eq!(offer["renewed_until"], json!(new));
    let audited: i64 = app
        .scalar(
            "SELECT count(*) FROM audit_events WHERE action = 'renew_offer'",
            vec![],
        )
        .await;
    assert_eq!(audited, 1);
    // Renewed, the window is closed again.
    refused(&app, &uma, renew, StatusCode::UNPROCESSABLE_ENTITY, "OFR-2").await;
}

#[tokio::test]
async fn acc_4_removing_a_person_frees_what_they_held_ends_their_sessions_and_keeps_their_name() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in(ADMIN).await;
    let daan = app.signed_in("daan@fabrikam.example").await;
    // Daan acts once (no role needed), so the audit log names him.
    let request = json!({"command": {"command": "submit_advisory_request", "request": {
        "title": "Landing zone review", "description": "Before go-live", "product": "Azure",
        "phone": "+31 20 123 4567", "time_zone": "Europe/Amsterdam", "country": "NL",
        "language": "nl", "hours": 2, "break_fix": false
    }}});
    let (status, body) = app.command(&daan, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // AZ-4: a bulk credit is transferred first.
    let (status, _) = app.command(&ada, json!({"command": {"command": "assign_azure_credit", "credit_id": 1111, "user_id": 107}, "version": 1})).await;
    assert_eq!(status, StatusCode::OK);
    refused(
        &app,
        &ada,
        json!({"command": {"command": "remove_user", "user_id": 107}}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "AZ-4",
    )
    .await;
    let uma = app.signed_in("uma@fabrikam.example").await;
    refused(
        &app,
        &uma,
        json!({"command": {"command": "remove_user", "user_id": 101}}),
        StatusCode::FORBIDDEN,
        "ROLE-9",
    )
    .await;
    refused(
        &app,
        &ada,
        json!({"command": {"command": "remove_user", "user_id": 101}}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "ACC-4",
    )
    .await;
    // Daan: his monthly credit comes back, his subscription is freed, his session ends.
    let (status, body) = app
        .command(
            &ada,
            json!({"command": {"command": "remove_user", "user_id": 106}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let me = daan.get(format!("{}/me", app.base)).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED, "their next request: 401");
    let (_, status, _) = app.sign_in_with("daan@fabrikam.example", DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let ws = app.workspace(&ada).await;
    assert!(ws["directory"].as_array().unwrap().iter().all(|u| u["id"] != 106));
    let credit = ws["credits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == 1101)
        .unwrap()
        .clone();
    assert!(credit["holder"].is_null());
    let vs = ws["visual_studio"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == 1301)
        .unwrap()
        .clone();
    assert!(vs["assignment"].is_null());
    assert!(
        vs["freed_from"]["assigned_at"].is_string(),
        "VS-3 keeps counting from the assignment"
    );
    // Removed twice: not found, nothing changed.
    refused(
        &app,
        &ada,
        json!({"command": {"command": "remove_user", "user_id": 106}}),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // The audit log still names him, and the removal lists what he held.
    let audit: Value = ada
        .get(format!("{}/audit?per_page=50", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entries = audit["entries"].as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["actor_name"] == "Daan de Vries"),
        "{audit}"
    );
    let removal = entries
        .iter()
        .find(|e| e["action"] == "remove_user" && e["subject"] == "user:106")
        .unwrap();
    assert_eq!(removal["before"]["held"]["monthly_credits"], json!([1101]));
    // The page names the people removed, for lines whose values hold their ID.
    assert_eq!(audit["former_users"], json!([[106, "Daan de Vries"]]));
    // An audit line per change: the person, the credit taken back, the subscription freed.
    let mut subjects: Vec<&str> = entries
        .iter()
        .filter(|e| e["action"] == "remove_user")
        .map(|e| e["subject"].as_str().unwrap())
        .collect();
    subjects.sort();
    assert_eq!(
        subjects,
        ["azure_credit:1101", "user:106", "visual_studio_subscription:1301"]
    );
    // His address is free again, under a new ID (his own stays his in the history).
    let (status, body) = app.command(&ada, json!({"command": {"command": "add_user", "user": {"display_name": "Daan de Vries", "email": "daan@fabrikam.example", "roles": []}}})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_ne!(body["effect"]["user_id"], 106);
}

#[tokio::test]
async fn ts_7_recording_microsofts_confirmation_makes_support_active_and_shows_both_ids_to_everyone() {
    let app = TestApp::spawn().await;
    let mia = app.signed_in("mia@fabrikam.example").await;
    let record = |version: i64, access: &str| json!({"command": {"command": "record_support_confirmation", "support_id": 1401, "access_id": access, "contract_id": "CON-2026-7"}, "version": version});
    refused(
        &app,
        &mia,
        record(1, "ACC-1"),
        StatusCode::UNPROCESSABLE_ENTITY,
        "TS-7",
    )
    .await;
    let (status, _) = app.command(&mia, json!({"command": {"command": "activate_product_support", "support_id": 1401, "contact": null}, "version": 1})).await;
    assert_eq!(status, StatusCode::OK);
    let answer = refused(
        &app,
        &mia,
        record(2, "  "),
        StatusCode::UNPROCESSABLE_ENTITY,
        "TS-7",
    )
    .await;
    assert_eq!(answer["details"]["reason"]["field"], "access_id", "{answer}");
    let uma = app.signed_in("uma@fabrikam.example").await;
    refused(&app, &uma, record(2, "ACC-1"), StatusCode::FORBIDDEN, "ROLE-3").await;
    let (status, body) = app.command(&mia, record(2, "ACC-4711")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let noor = app.signed_in(VIEWER).await;
    let state = &app.workspace(&noor).await["support"][0]["state"];
    assert_eq!(
        (
            state["state"].as_str(),
            state["access_id"].as_str(),
            state["contract_id"].as_str()
        ),
        (Some("active"), Some("ACC-4711"), Some("CON-2026-7"))
    );
    refused(
        &app,
        &mia,
        record(3, "ACC-1"),
        StatusCode::UNPROCESSABLE_ENTITY,
        "TS-7",
    )
    .await;
}

#[tokio::test]
async fn gtm_6_recording_an_activation_makes_the_offer_active_until_the_date_microsoft_gave() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in(ADMIN).await;
    let contact = json!({ "user": 105, "email": "marketing@fabrikam.example", "phone": "+31 20 765 4321", "preferred_language": "nl" });
    let (status, _) = app
        .command(
            &ada,
            json!({"command": {"command": "set_marketing_contact", "contact": contact}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .command(
            &ada,
            json!({"command": {"command": "activate_go_to_market_offer", "offer_id": 1501}, "version": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let yesterday = (Utc::now().date_naive() - Days::new(1)).to_string();
    let next_year = (Utc::now().date_naive() + Days::new(365)).to_string();
    let record = |date: &str| json!({"command": {"command": "record_go_to_market_activation", "offer_id": 1501, "expires_on": date}, "version": 2});
    refused(
        &app,
        &ada,
        record(&yesterday),
        StatusCode::UNPROCESSABLE_ENTITY,
        "GTM-6",
    )
    .await;
    let aldo = app.signed_in("aldo@fabrikam.example").await;
    refused(&app, &aldo, record(&next_year), StatusCode::FORBIDDEN, "GTM-1").await;
    let (status, body) = app.command(&ada, record(&next_year)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let offer = &app.workspace(&aldo).await["go_to_market"][0];
    assert_eq!(offer["status"]["status"], "active", "{offer}");
    assert_eq!(offer["status"]["expires_on"], json!(next_year));
}

#[tokio::test]
async fn az_1_a_membership_admin_records_the_local_equivalent_of_usd_100_and_it_is_audited() {
    let app = TestApp::spawn().await;
    let aldo = app.signed_in("aldo@fabrikam.example").await;
    let ws = app.workspace(&aldo).await;
    assert_eq!(ws["company"]["currency"], "EUR");
    // Credits are kept as Microsoft states them (USD); the equivalent turns them into EUR.
    assert_eq!(ws["credits"][0]["amount"]["currency"], "USD");
    let set = |minor_units: i64, currency: &str| {
        json!({"command": {"command": "set_credit_equivalent",
            "usd_100_equivalent": {"minor_units": minor_units, "currency": currency}}})
    };
    let (status, body) = app.command(&aldo, set(9_250, "EUR")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ws = app.workspace(&aldo).await;
    assert_eq!(
        ws["company"]["usd_100_equivalent"],
        json!({"minor_units": 9_250, "currency": "EUR"})
    );
    let audit: Value = aldo
        .get(format!("{}/audit?per_page=5", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let line = &audit["entries"][0];
    assert_eq!(
        (line["action"].as_str(), line["subject"].as_str()),
        (Some("set_credit_equivalent"), Some("company")),
        "{audit}"
    );
    assert_eq!(line["before"]["usd_100_equivalent"]["minor_units"], 8_600);
    assert_eq!(line["after"]["usd_100_equivalent"]["minor_units"], 9_250);
    // Another currency than the company's, nothing, or a negative amount: refused, kept.
    for wrong in [set(9_250, "USD"), set(0, "EUR"), set(-100, "EUR")] {
        let answer = refused(&app, &aldo, wrong, StatusCode::UNPROCESSABLE_ENTITY, "AZ-1").await;
        assert!(answer["message"].as_str().unwrap().contains("EUR"), "{answer}");
    }
    let noor = app.signed_in(VIEWER).await;
    refused(&app, &noor, set(1, "EUR"), StatusCode::FORBIDDEN, "OFR-2").await;
    assert_eq!(
        app.workspace(&aldo).await["company"]["usd_100_equivalent"]["minor_units"],
        9_250
    );
}
