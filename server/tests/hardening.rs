//! What a careless or hostile client meets: every field checked at every depth, every error
//! of the API as JSON in the caller's language, a command carried out even when its client
//! hangs up at once, and slow clients cut off while others are served.

mod common;

use benefits_server::store::Arg;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn advisory_request() -> Value {
    json!({
        "title": "Landing zone review", "description": "Before go-live", "product": "Azure",
        "phone": "+31 20 123 4567", "time_zone": "Europe/Amsterdam", "country": "NL",
        "language": "nl", "hours": 4, "break_fix": false
    })
}

/// One valid request body of every command, every optional object filled in.
fn every_command() -> Vec<Value> {
    let contact = json!({"user": 105, "email": "support@fabrikam.example"});
    let marketing = json!({"user": 105, "email": "marketing@fabrikam.example", "phone": "+31 20 765 4321", "preferred_language": "nl"});
    let new_user = json!({"display_name": "Kim Nieuw", "email": "kim@fabrikam.example", "roles": ["admin_agent"], "guest": false});
    [
        (json!({"command": "reveal_software_keys", "benefit_id": 1001}), None),
        (json!({"command": "assign_azure_credit", "credit_id": 1102, "user_id": 105}), Some(1)),
        (json!({"command": "remove_azure_credit", "credit_id": 1101}), Some(1)),
        (json!({"command": "transfer_azure_credit", "credit_id": 1101, "user_id": 107}), Some(1)),
        (json!({"command": "redeem_product_key", "subscription_id": 1201, "key_id": 1211, "mode": "extend_end_date", "confirmed": true}), Some(1)),
        (json!({"command": "request_replacement_key", "subscription_id": 1201, "key_id": 1211}), Some(1)),
        (json!({"command": "assign_visual_studio_subscriber", "subscription_id": 1303, "user_id": 105}), Some(1)),
        (json!({"command": "reassign_visual_studio_subscriber", "subscription_id": 1301, "user_id": 105}), Some(1)),
        (json!({"command": "activate_product_support", "support_id": 1401, "contact": contact}), Some(1)),
        (json!({"command": "submit_advisory_request", "request": advisory_request()}), None),
        (json!({"command": "set_marketing_contact", "contact": marketing}), None),
        (json!({"command": "activate_go_to_market_offer", "offer_id": 1501}), Some(1)),
        (json!({"command": "request_cancellation", "offer": "silver"}), None),
        (json!({"command": "add_user", "user": new_user}), None),
        (json!({"command": "set_roles", "user_id": 106, "roles": ["admin_agent"]}), None),
        (json!({"command": "reset_password", "user_id": 106}), None),
        (json!({"command": "remove_user", "user_id": 106}), None),
        (json!({"command": "record_support_confirmation", "support_id": 1401, "access_id": "A-1", "contract_id": "C-1"}), Some(1)),
        (json!({"command": "record_go_to_market_activation", "offer_id": 1501, "expires_on": "2030-01-01"}), Some(1)),
        (json!({"command": "renew_offer", "offer": "silver"}), None),
        (json!({"command": "add_offer", "offer": "gold", "purchased_on": "2026-01-01"}), None),
    ]
    .into_iter()
    .map(|(command, version)| match version {
        Some(v) => json!({"command": command, "version": v}),
        None => json!({"command": command}),
    })
    .collect()
}

/// The paths of every object in `value` (`""` for the top).
fn object_paths(value: &Value, at: &str, found: &mut Vec<String>) {
    if let Value::Object(map) = value {
        found.push(at.to_string());
        for (key, child) in map {
            let below = if at.is_empty() {
                key.clone()
            } else {
                format!("{at}.{key}")
            };
            object_paths(child, &below, found);
        }
    }
}

fn with_extra_field(body: &Value, path: &str, name: &str) -> Value {
    let mut body = body.clone();
    let mut node = &mut body;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        node = node.get_mut(part).unwrap();
    }
    node.as_object_mut().unwrap().insert(name.into(), json!(true));
    body
}

#[tokio::test]
async fn every_field_of_every_command_is_checked_at_every_depth() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in(ADMIN).await;
    let commands = every_command();
    assert_eq!(
        commands.len(),
        benefits_domain::workspace::ALL_ACTIONS.len(),
        "one body per command"
    );
    let (audit, rows) = (app.audit_count().await, app.snapshot().await);
    let mut cases = 0;
    for body in &commands {
        let mut paths = Vec::new();
        object_paths(body, "", &mut paths);
        for path in paths {
            // A misspelt field (`contcat`) and a field that would mean more (`is_admin`).
            for name in ["contcat", "is_admin"] {
                let (status, error) = app.command(&ada, with_extra_field(body, &path, name)).await;
                let expected = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                assert_eq!(
                    status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{path}.{name} in {body}: {error}"
                );
                assert_eq!(error["code"], "invalid_field");
                assert_eq!(error["details"]["field"], expected.as_str(), "{body}");
                cases += 1;
            }
        }
    }
    assert!(cases >= 70, "{cases} cases");
    assert_eq!(app.audit_count().await, audit, "nothing happened");
    assert_eq!(app.snapshot().await, rows);
    // The same bodies without the extra field are accepted (the check is not a blanket no).
    for body in commands.iter().take(2) {
        let (status, answer) = app.command(&ada, body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}: {answer}");
    }
}

#[tokio::test]
async fn every_error_of_the_api_is_json_in_the_callers_language() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in(ADMIN).await;
    let vs = "/visual-studio/subscriptions";
    // (method, path, body, status, code, what `details.detail` names)
    type Case<'a> = (&'a str, String, Option<&'a str>, StatusCode, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            "GET",
            "/audit?from=2024-02-30".into(),
            None,
            StatusCode::BAD_REQUEST,
            "bad_request",
            "from",
        ),
        (
            "GET",
            "/audit?page=-1".into(),
            None,
            StatusCode::BAD_REQUEST,
            "bad_request",
            "page",
        ),
        (
            "GET",
            "/audit?person=abc".into(),
            None,
            StatusCode::BAD_REQUEST,
            "bad_request",
            "person",
        ),
        (
            "GET",
            "/audit?person=101&person=102".into(),
            None,
            StatusCode::BAD_REQUEST,
            "bad_request",
            "person",
        ),
        (
            "GET",
            "/audit.csv?to=31-12-2026".into(),
            None,
            StatusCode::BAD_REQUEST,
            "bad_request",
            "to",
        ),
        (
            "GET",
            "/audit.csv?page=x".into(),
            None,
            StatusCode::BAD_REQUEST,
            "bad_request",
            "page",
        ),
        (
            "POST",
            "/bulk-assignments?dry_run=maybe".into(),
            Some("email,area,benefit\n"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "dry_run",
        ),
        // A misspelt parameter is refused, not ignored: `dryRun` must not write for real.
        (
            "POST",
            "/bulk-assignments?dryRun=true".into(),
            Some("email,area,benefit\nnoor@fabrikam.example,visual_studio,1303\n"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "dryRun",
        ),
        (
            "GET",
            "/audit?persn=101".into(),
            None,
            StatusCode::BAD_REQUEST,
            "bad_request",
            "persn",
        ),
        (
            "GET",
            "/reports/holdings?stauts=active".into(),
            None,
            StatusCode::BAD_REQUEST,
            "bad_request",
            "stauts",
        ),
        (
            "POST",
            format!("{vs}/abc/assign"),
            Some("{\"user_id\": 105}"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "path",
        ),
        (
            "POST",
            format!("{vs}/9223372036854775808/assign"),
            Some("{\"user_id\": 105}"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "path",
        ),
        (
            "GET",
            "/commands".into(),
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "",
        ),
        (
            "PUT",
            "/session".into(),
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "",
        ),
        (
            "POST",
            "/workspace".into(),
            Some("{}"),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "",
        ),
        (
            "GET",
            "/no-such-thing".into(),
            None,
            StatusCode::NOT_FOUND,
            "not_found",
            "",
        ),
        (
            "POST",
            "/commands".into(),
            Some("{not json"),
            StatusCode::BAD_REQUEST,
            "bad_request",
            "",
        ),
    ];
    let audit = app.audit_count().await;
    for (method, path, body, status, code, names) in cases {
        for (lang, please) in [("en", "The request"), ("de", "Anfrage")] {
            let mut request = ada
                .request(method.parse().unwrap(), format!("{}{path}", app.base))
                .header("Accept-Language", lang);
            if let Some(body) = body {
                let content_type = if path.starts_with("/bulk") {
                    "text/csv"
                } else {
                    "application/json"
                };
                request = request
                    .header("Content-Type", content_type)
                    .body(body.to_string());
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), status, "{method} {path}");
            let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
            assert!(
                content_type.starts_with("application/json"),
                "{method} {path}: {content_type}"
            );
            let allow = response
                .headers()
                .get("allow")
                .map(|v| v.to_str().unwrap().to_string());
            let error: Value = response.json().await.unwrap();
            assert_eq!(error["code"], code, "{method} {path}: {error}");
            assert!(
                error["details"]["detail"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(names),
                "{method} {path}: {error}"
            );
            if code == "bad_request" {
                assert!(
                    error["message"].as_str().unwrap().contains(please),
                    "{lang}: {error}"
                );
            }
            if status == StatusCode::METHOD_NOT_ALLOWED {
                assert!(allow.is_some_and(|a| !a.is_empty()), "{method} {path}: Allow");
            }
        }
    }
    assert_eq!(app.audit_count().await, audit, "nothing was written");
    assert_eq!(app.version(1303).await, 1);
}

/// Sends `request` whole on a fresh socket and closes it at once, without reading.
fn send_and_hang_up(authority: &str, request: &str) {
    let mut socket = std::net::TcpStream::connect(authority).unwrap();
    socket.write_all(request.as_bytes()).unwrap();
    drop(socket);
}

fn raw_post(authority: &str, path: &str, token: &str, body: &Value) -> String {
    let body = body.to_string();
    format!(
        "POST /api/v1{path} HTTP/1.1\r\nHost: {authority}\r\nCookie: pb_session={token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not happen");
}

#[tokio::test]
async fn a_command_received_whole_is_carried_out_when_its_client_hangs_up_at_once() {
    let app = TestApp::spawn().await;
    let authority = app.authority();
    let token = app.session_token(ADMIN).await;
    // The slowest command (a password hash first) and quick ones, five times each.
    for n in 0..5 {
        let email = format!("hangup{n}@fabrikam.example");
        let add = json!({"command": {"command": "add_user", "user": {"display_name": "Hang Up", "email": email, "roles": []}}});
        send_and_hang_up(&authority, &raw_post(&authority, "/commands", &token, &add));
        eventually(&format!("adding {email}"), async || {
            app.scalar::<i64>(
                "SELECT count(*) FROM users WHERE email = ?",
                vec![Arg::from(&email)],
            )
            .await
                == 1
        })
        .await;
        let roles = if n % 2 == 0 {
            json!(["admin_agent"])
        } else {
            json!([])
        };
        let set = json!({"command": {"command": "set_roles", "user_id": 106, "roles": roles}});
        send_and_hang_up(&authority, &raw_post(&authority, "/commands", &token, &set));
        eventually("setting roles", async || {
            let now: Vec<String> = app
                .scalars("SELECT role FROM user_roles WHERE user_id = 106", vec![])
                .await;
            now == if n % 2 == 0 {
                vec!["admin_agent".to_string()]
            } else {
                vec![]
            }
        })
        .await;
    }
    let reset = json!({"command": {"command": "reset_password", "user_id": 107}});
    send_and_hang_up(&authority, &raw_post(&authority, "/commands", &token, &reset));
    eventually("resetting a password", async || {
        app.scalar::<bool>("SELECT must_change_password FROM users WHERE id = 107", vec![])
            .await
    })
    .await;
}

/// Reads until the server closes the socket; true if it did within `within`.
fn closed_by_server(socket: &mut std::net::TcpStream, within: Duration) -> bool {
    socket.set_read_timeout(Some(within)).unwrap();
    let mut buffer = [0u8; 1024];
    loop {
        match socket.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[tokio::test]
async fn slow_and_idle_clients_are_cut_off_while_others_are_served() {
    let app = TestApp::spawn_with(|config| config.header_timeout = 1).await;
    let authority = app.authority();
    // 50 clients sending their headers a byte every 200 ms (slow-loris).
    let slow: Vec<_> = (0..50)
        .map(|_| {
            let authority = authority.clone();
            std::thread::spawn(move || {
                let mut socket = std::net::TcpStream::connect(&authority).unwrap();
                let started = Instant::now();
                for byte in b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Slow: ".iter().cycle() {
                    if socket.write_all(&[*byte]).is_err() || started.elapsed() > Duration::from_secs(8) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
                started.elapsed()
            })
        })
        .collect();
    // Meanwhile everyone else is served at once.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let client = TestApp::client();
    for _ in 0..5 {
        let started = Instant::now();
        let response = client.get(format!("{}/me", app.base)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "{:?}",
            started.elapsed()
        );
    }
    for thread in slow {
        let lasted = tokio::task::spawn_blocking(move || thread.join().unwrap())
            .await
            .unwrap();
        assert!(
            lasted < Duration::from_secs(4),
            "a slow client was cut off ({lasted:?})"
        );
    }
    // A connection that sends nothing, and one idle after its answer, are closed too.
    // (Blocking reads on a thread of their own: the server runs on this test's runtime.)
    let silent = authority.clone();
    let closed = tokio::task::spawn_blocking(move || {
        let mut socket = std::net::TcpStream::connect(&silent).unwrap();
        closed_by_server(&mut socket, Duration::from_secs(4))
    });
    assert!(closed.await.unwrap(), "a silent connection is dropped");
    let closed = tokio::task::spawn_blocking(move || {
        let mut socket = std::net::TcpStream::connect(&authority).unwrap();
        let request = format!("GET /api/v1/me HTTP/1.1\r\nHost: {authority}\r\n\r\n");
        socket.write_all(request.as_bytes()).unwrap();
        closed_by_server(&mut socket, Duration::from_secs(5))
    });
    assert!(closed.await.unwrap(), "an idle kept-alive connection is closed");
}

#[tokio::test]
async fn a_request_whose_body_never_comes_ends_with_a_json_timeout_error() {
    let app = TestApp::spawn_with(|config| config.request_timeout = 1).await;
    let authority = app.authority();
    let token = app.session_token(ADMIN).await;
    let audit = app.audit_count().await;
    let answer = tokio::task::spawn_blocking(move || {
        let mut socket = std::net::TcpStream::connect(&authority).unwrap();
        // Headers promise 200 bytes; 10 come, then nothing.
        let head = format!(
            "POST /api/v1/commands HTTP/1.1\r\nHost: {authority}\r\nCookie: pb_session={token}\r\n\
             Accept-Language: nl\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{{\"command\""
        );
        socket.write_all(head.as_bytes()).unwrap();
        socket.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let started = Instant::now();
        let mut answer = Vec::new();
        let mut buffer = [0u8; 4096];
        while let Ok(n) = socket.read(&mut buffer) {
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buffer[..n]);
            if answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}") {
                break;
            }
        }
        (String::from_utf8_lossy(&answer).into_owned(), started.elapsed())
    });
    let (answer, waited) = answer.await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(
        answer.to_lowercase().contains("content-type: application/json"),
        "{answer}"
    );
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
    assert!(answer.contains("De aanvraag duurde te lang"), "{answer}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    assert_eq!(app.audit_count().await, audit);
}
