//! Beyond Partner Center, black-box: who has what (JSON + streamed CSV), bulk assignment
//! from CSV (dry run, then one transaction), the audit log (filtered, paged, CSV).

mod common;

use benefits_server::store::Arg;

use benefits_domain::visual_studio::{VisualStudioAssignment, VisualStudioSubscription};
use common::{TestApp, ADMIN, VIEWER};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn get_json(client: &reqwest::Client, url: String) -> Value {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV"))
        .collect()
}

async fn bulk(
    app: &TestApp,
    client: &reqwest::Client,
    dry_run: bool,
    body: impl Into<reqwest::Body>,
) -> (StatusCode, Value) {
    let response = client
        .post(format!("{}/bulk-assignments?dry_run={dry_run}", app.base))
        .header("Content-Type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn who_has_what_lists_each_person_and_benefit_for_every_user_of_the_company_only() {
    let app = TestApp::spawn().await;
    let viewer = app.signed_in(VIEWER).await;
    let rows = get_json(&viewer, format!("{}/reports/holdings", app.base)).await;
    let rows = rows.as_array().unwrap();
    // Fabrikam: credit 1101 (Daan), Visual Studio 1301 (Daan) and 1302 (Lena).
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows
        .iter()
        .all(|r| r["email"].as_str().unwrap().ends_with("@fabrikam.example")));
    let by_benefit = get_json(
        &viewer,
        format!(
            "{}/reports/holdings?by=benefit&area=visual_studio&q=lena",
            app.base
        ),
    )
    .await;
    assert_eq!(by_benefit.as_array().unwrap().len(), 1);
    assert_eq!(by_benefit[0]["person"], "Lena Fischer");
    // Another company sees only its own.
    let contoso = app.signed_in("noor@contoso.example").await;
    let theirs = get_json(&contoso, format!("{}/reports/holdings", app.base)).await;
    assert!(theirs
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["email"].as_str().unwrap().ends_with("contoso.example")));
    let anonymous = TestApp::client()
        .get(format!("{}/reports/holdings.csv", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_csv_export_streams_100_000_rows_with_a_header_each_row_whole() {
    let app = TestApp::spawn().await;
    // 100,000 Visual Studio subscriptions held by Noor, written in one transaction.
    let noor = app.user_id(VIEWER).await;
    app.edit_workspace(1, |ws| {
        let template: VisualStudioSubscription = ws.visual_studio[0].clone();
        ws.visual_studio
            .extend((0..100_000).map(|n| VisualStudioSubscription {
                id: 10_000_000 + n,
                assignment: Some(VisualStudioAssignment {
                    subscriber: benefits_domain::UserId(noor),
                    assigned_at: chrono::Utc::now(),
                }),
                ..template.clone()
            }));
    })
    .await;

    let client = app.signed_in(ADMIN).await;
    let response = client
        .get(format!("{}/reports/holdings.csv", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        response.headers().get("content-length").is_none(),
        "streamed, not buffered"
    );
    let text = response.text().await.unwrap();
    assert!(text.starts_with("person,email,area,benefit_id,benefit,offer,status,since,expires_on\n"));
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 100_003);
    assert!(rows.iter().all(|r| r.len() == 9));
    let noor_rows = rows.iter().filter(|r| &r[1] == VIEWER).count();
    assert_eq!(noor_rows, 100_000);

    // Compressed as the client accepts it, and still streamed: the first bytes come before
    // the last row is made, and the whole decodes to the same file.
    let mut compressed = client
        .get(format!("{}/reports/holdings.csv", app.base))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.status(), StatusCode::OK);
    assert_eq!(compressed.headers()["content-encoding"], "br");
    assert!(compressed.headers().get("content-length").is_none(), "streamed");
    let mut body = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = compressed.chunk().await.unwrap() {
        body.extend_from_slice(&chunk);
        chunks += 1;
    }
    assert!(chunks > 1, "sent in pieces as it was made, not as one buffer");
    assert!(
        body.len() * 5 < text.len(),
        "{} → {} bytes",
        text.len(),
        body.len()
    );
    let mut decoded = String::new();
    std::io::Read::read_to_string(&mut brotli::Decompressor::new(&body[..], 4096), &mut decoded).unwrap();
    assert_eq!(decoded, text);
}

#[tokio::test]
async fn api_answers_are_compressed_as_the_client_accepts_and_small_ones_are_not() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let get = |path: &str, encoding: &str| {
        client
            .get(format!("{}{path}", app.base))
            .header("accept-encoding", encoding)
            .send()
    };
    let plain = get("/workspace", "identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    assert!(plain.len() > 1024, "the workspace is worth compressing");

    let gzip = get("/workspace", "gzip").await.unwrap();
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    assert_eq!(gzip.headers()["vary"], "accept-encoding");
    let gzip = gzip.bytes().await.unwrap();
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut decoded).unwrap();
    // The same workspace (but for the moment it was made).
    let without_time = |bytes: &[u8]| {
        let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        v.as_object_mut().unwrap().remove("server_time");
        v
    };
    assert!(
        without_time(&decoded) == without_time(&plain),
        "gzip decodes to the same workspace"
    );
    assert!(gzip.len() * 3 < plain.len(), "{} → {}", plain.len(), gzip.len());

    // br is preferred when both are accepted.
    let br = get("/workspace", "gzip, deflate, br").await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");

    // A small answer goes as it is; so does an error, in JSON, whatever is accepted.
    let me = get("/me", "gzip, br").await.unwrap();
    assert!(me.headers().get("content-encoding").is_none());
    let missing = get("/nothing-here", "gzip, br").await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.headers().get("content-encoding").is_none());
    let error: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(error["code"], "not_found");
}

#[tokio::test]
async fn csv_cells_a_spreadsheet_would_run_are_exported_as_text() {
    let app = TestApp::spawn().await;
    // A name as someone could type it (no command renames users; the store is set directly).
    app.exec(
        "UPDATE users SET display_name = ? WHERE email = 'daan@fabrikam.example'",
        vec![Arg::from("=HYPERLINK(\"http://evil.example\")")],
    )
    .await;
    let client = app.signed_in(ADMIN).await;
    let text = client
        .get(format!("{}/reports/holdings.csv?area=azure_credit", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "'=HYPERLINK(\"http://evil.example\")");
}

#[tokio::test]
async fn az_6_vs_3_a_bulk_file_gets_a_verdict_per_row_and_a_dry_run_writes_nothing() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let file = "email,area,benefit\n\
                noor@fabrikam.example,azure_credit,1102\n\
                noor@fabrikam.example,azure_credit,1103\n\
                noor@fabrikam.example,visual_studio,1302\n\
                nobody@fabrikam.example,azure_credit,1103\n\
                lena@fabrikam.example,visual_studio,1303\n\
                ada@northwind.example,azure_credit,1103\n\
                lena@fabrikam.example,azure_credit,3103\n";
    let (before, audit_before) = (app.snapshot().await, app.audit_count().await);
    let (status, dry) = bulk(&app, &client, true, file).await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    let verdicts: Vec<String> = dry["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| match l["verdict"].as_str().unwrap() {
            "ok" => format!("{}:ok", l["line"]),
            _ => format!("{}:{}", l["line"], l["code"].as_str().unwrap()),
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            "2:ok",
            "3:AZ-6",
            "4:VS-3",
            "5:unknown_user",
            "6:ok",
            // Another company's user and benefit are simply unknown here.
            "7:unknown_user",
            "8:unknown_benefit"
        ]
    );
    assert_eq!(dry["applied"], 0);
    assert_eq!(app.snapshot().await, before, "a dry run writes nothing");
    assert_eq!(app.audit_count().await, audit_before);

    // Applying carries out the OK rows only, in one go, each audited.
    let (status, done) = bulk(&app, &client, false, file).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(done["applied"], 2);
    assert_eq!(app.audit_count().await, audit_before + 2);
    let ws = app.workspace(&client).await;
    let credit = ws["credits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == 1102)
        .unwrap()
        .clone();
    assert_eq!(credit["holder"]["user"], app.user_id(VIEWER).await);
    let vs = ws["visual_studio"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == 1303)
        .unwrap()
        .clone();
    assert_eq!(
        vs["assignment"]["subscriber"],
        app.user_id("lena@fabrikam.example").await
    );
    let credit_1103 = ws["credits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == 1103)
        .unwrap()
        .clone();
    assert_eq!(credit_1103["holder"], Value::Null);
}

#[tokio::test]
async fn role_2_a_bulk_file_from_a_user_without_the_role_is_refused_row_by_row() {
    let app = TestApp::spawn().await;
    let viewer = app.signed_in(VIEWER).await;
    let before = app.snapshot().await;
    let (status, result) = bulk(
        &app,
        &viewer,
        false,
        "email,area,benefit\nlena@fabrikam.example,azure_credit,1102\n",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result["applied"], 0);
    assert_eq!(result["lines"][0]["code"], "ROLE-2");
    assert!(result["lines"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Ada Global"));
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn malformed_bulk_files_get_a_clear_error_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let before = (app.snapshot().await, app.audit_count().await);
    let cases: Vec<(Vec<u8>, StatusCode, &str)> = vec![
        (
            b"email,area,benefit\n\xe9t\xe9@fabrikam.example,azure_credit,1102\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "csv_encoding",
        ),
        (
            b"mail,benefit\nnoor@fabrikam.example,1102\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "csv_columns",
        ),
        (
            b"email,area,benefit\nnoor@fabrikam.example,azure_credit,1102\n=cmd|' /C calc'!A0,azure_credit,1103\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "csv_formula",
        ),
        (
            b"email,area,benefit\nnoor@fabrikam.example,\"azure_credit,1102\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "csv_malformed",
        ),
        (b"email,area,benefit\n".to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "csv_empty"),
        (
            {
                let mut big = b"email,area,benefit\n".to_vec();
                while big.len() <= 10 * 1024 * 1024 {
                    big.extend_from_slice(b"noor@fabrikam.example,azure_credit,1102\n");
                }
                big
            },
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
        ),
    ];
    for (body, status, code) in cases {
        let (got, error) = bulk(&app, &client, false, body).await;
        assert_eq!((got, error["code"].as_str()), (status, Some(code)), "{error}");
        assert!(!error["message"].as_str().unwrap().is_empty());
    }
    // The reason is in the user's language, with where it is.
    let response = client
        .post(format!("{}/bulk-assignments", app.base))
        .header("Accept-Language", "de")
        .header("Content-Type", "text/csv")
        .body("email,area,benefit\nnoor@fabrikam.example,azure_credit,@SUM(A1)\n")
        .send()
        .await
        .unwrap();
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error["message"],
        "Die Datei enthält eine Formel (eine Zelle, die mit =, +, - oder @ beginnt); das wird nicht angenommen: Zeile 2, Spalte benefit"
    );
    assert_eq!((app.snapshot().await, app.audit_count().await), before);
}

#[tokio::test]
async fn the_audit_log_shows_who_did_what_when_filtered_paged_and_exported() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let mia = app.signed_in("mia@fabrikam.example").await;
    let noor = app.user_id(VIEWER).await;
    let (status, _) = app
        .command(
            &admin,
            json!({"command": {"command": "assign_azure_credit", "credit_id": 1102, "user_id": noor}, "version": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .command(
            &mia,
            json!({"command": {"command": "reveal_software_keys", "benefit_id": 1001}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Read-only for everyone of the company (ROLE-4), newest first.
    let viewer = app.signed_in(VIEWER).await;
    let page = get_json(&viewer, format!("{}/audit", app.base)).await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["entries"][0]["action"], "reveal_software_keys");
    assert_eq!(page["entries"][0]["actor_name"], "Mia Partner");
    assert_eq!(page["entries"][0]["area"], "software");
    assert_eq!(page["entries"][1]["before"]["holder"], Value::Null);
    assert_eq!(page["entries"][1]["after"]["holder"]["user"], noor);
    // A key reveal is audited, the key itself never.
    assert!(!page.to_string().contains("DEMO0-"));

    let ada = app.user_id(ADMIN).await;
    let by_person = get_json(&viewer, format!("{}/audit?person={ada}", app.base)).await;
    assert_eq!(by_person["total"], 1);
    let by_area = get_json(&viewer, format!("{}/audit?area=software", app.base)).await;
    assert_eq!(by_area["entries"][0]["actor_name"], "Mia Partner");
    let today = chrono::Utc::now().date_naive();
    let none_yet = get_json(
        &viewer,
        format!("{}/audit?from={}", app.base, today.succ_opt().unwrap()),
    )
    .await;
    assert_eq!(none_yet["total"], 0);
    let paged = get_json(&viewer, format!("{}/audit?per_page=1&page=2", app.base)).await;
    assert_eq!(paged["entries"].as_array().unwrap().len(), 1);
    assert_eq!(paged["entries"][0]["action"], "assign_azure_credit");

    let csv = viewer
        .get(format!("{}/audit.csv?area=azure", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("at,actor_id,actor,area,action,subject,before,after\n"));
    let rows = csv_rows(&csv);
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][4], "assign_azure_credit");
    assert_eq!(&rows[0][5], "azure_credit:1102");

    // Another company's log is not theirs to see.
    let contoso = app.signed_in("ada@contoso.example").await;
    assert_eq!(
        get_json(&contoso, format!("{}/audit", app.base)).await["total"],
        0
    );
}

#[tokio::test]
async fn reminders_list_what_ends_within_30_days_and_open_renewal_windows() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(VIEWER).await;
    // Freshly bought: nothing ends soon.
    let none = get_json(&client, format!("{}/reminders", app.base)).await;
    assert_eq!(none, json!([]));
    // Credit 1102 now ends in 10 days, Visual Studio 1303 ended yesterday.
    let today = chrono::Utc::now().date_naive();
    app.edit_workspace(1, |ws| {
        ws.credits.iter_mut().find(|c| c.id == 1102).unwrap().expires_on = today + chrono::Days::new(10);
        ws.visual_studio
            .iter_mut()
            .find(|v| v.id == 1303)
            .unwrap()
            .expires_on = today.pred_opt().unwrap();
    })
    .await;
    let due = get_json(&client, format!("{}/reminders", app.base)).await;
    let steps: Vec<(&str, &str)> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["step"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("visual_studio:1303:expired", "expired"),
            ("credit:1102:15", "within15")
        ]
    );
}

#[tokio::test]
async fn insights_count_allocated_and_activated_per_area_for_12_months() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let before = get_json(&admin, format!("{}/insights", app.base)).await;
    assert_eq!(before.as_array().unwrap().len(), 3);
    assert_eq!(before[1]["area"], "azure_credit");
    assert_eq!(before[1]["points"].as_array().unwrap().len(), 12);
    let now = &before[1]["points"][11];
    assert_eq!(
        (now["allocated"].as_u64(), now["activated"].as_u64()),
        (Some(4), Some(1))
    );
    let noor = app.user_id(VIEWER).await;
    let (status, _) = app
        .command(
            &admin,
            json!({"command": {"command": "assign_azure_credit", "credit_id": 1102, "user_id": noor}, "version": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let after = get_json(&admin, format!("{}/insights", app.base)).await;
    assert_eq!(after[1]["points"][11]["activated"], 2);
    // Another company's chart is its own.
    let contoso = app.signed_in("ada@contoso.example").await;
    let theirs = get_json(&contoso, format!("{}/insights", app.base)).await;
    assert_eq!(theirs[1]["points"][11]["activated"], 1);
}

/// A plain form of another site can post `text/plain` without a preflight, with the
/// session cookie: a bulk file is taken only as `text/csv`.
#[tokio::test]
async fn a_bulk_file_not_sent_as_csv_is_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let before = app.snapshot().await;
    let response = client
        .post(format!("{}/bulk-assignments", app.base))
        .header("Content-Type", "text/plain")
        .body("email,area,benefit\nnoor@fabrikam.example,visual_studio,1303\n")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "not_csv");
    assert_eq!(app.snapshot().await, before);
}
