//! Durability: the real server process is killed (SIGKILL) in the middle of a stream of
//! writes; after a restart on the same database every acknowledged write is there.

mod common;

use reqwest::StatusCode;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

fn start(database: &str, dir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_benefits-server"))
        .env("PB_PORT", "0")
        .env("PB_BIND", "127.0.0.1")
        .env("PB_DATABASE", database)
        .env("PB_DIST", dir.join("no-dist"))
        .env("PB_DEMO_DATA", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let address = loop {
        let line = lines.next().expect("the server prints its address").unwrap();
        if let Some(address) = line.split("serving on ").nth(1) {
            break address.trim().to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, format!("{address}/api/v1"))
}

async fn sign_in(base: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let response = client
        .post(format!("{base}/session"))
        .json(&json!({"email": "uma@fabrikam.example", "password": benefits_server::seed::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    client
}

#[tokio::test]
async fn every_acknowledged_write_survives_a_killed_server() {
    let dir = tempfile::tempdir().unwrap();
    let database = common::fresh_database(dir.path()).await;
    let (server, base) = start(&database, dir.path());
    let client = sign_in(&base).await;

    // A stream of writes; the server is killed (from another task) while they keep coming.
    let server = std::sync::Arc::new(std::sync::Mutex::new(server));
    let to_kill = server.clone();
    let killer = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
        // `Child::kill` is SIGKILL on Unix: no shutdown, no flush.
        to_kill.lock().unwrap().kill().unwrap();
    });
    let mut acknowledged = Vec::new();
    for n in 0..10_000 {
        let email = format!("durable{n}@fabrikam.example");
        let result = client
            .post(format!("{base}/commands"))
            .json(&json!({"command": {"command": "add_user", "user": {"display_name": format!("Durable {n}"), "email": email, "roles": []}}}))
            .send()
            .await;
        match result {
            Ok(response) if response.status() == StatusCode::OK => acknowledged.push(email),
            Ok(response) => panic!("write {n} refused: {}", response.status()),
            Err(_) => break, // the server is gone
        }
    }
    killer.await.unwrap();
    server.lock().unwrap().wait().unwrap();
    assert!(
        acknowledged.len() >= 3,
        "writes were acknowledged before the kill: {}",
        acknowledged.len()
    );

    let (mut restarted, base) = start(&database, dir.path());
    let client = sign_in(&base).await;
    let users = client
        .get(format!("{base}/users"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let missing: Vec<_> = acknowledged
        .iter()
        .filter(|email| !users.contains(email.as_str()))
        .collect();
    restarted.kill().unwrap();
    restarted.wait().unwrap();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
}
