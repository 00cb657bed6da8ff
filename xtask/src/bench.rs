//! `cargo xtask bench`: release artifacts, a large seeded database, then what users feel —
//! first-load bytes, render and action times in headless Chromium, API throughput and
//! latency on loopback, write cost as data grows, memory, build times. Medians of 7 runs.
//! Prints a table and writes the same figures to `target/bench/latest.json`. Never fails
//! on a missed budget: it reports.
//!
//! The load generator is a small keep-alive HTTP/1.1 client on std threads (32
//! connections, closed loop): every POST must assign a *different* free subscription, which
//! fixed-body generators such as `oha` can't do, and one tool for reads and writes keeps the
//! figures comparable.

use crate::tools::Tools;
use crate::{build_spa, command, status};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 32;

/// Free Visual Studio subscriptions seeded per write company (`seed-bench`): enough for 7
/// runs × 10 s at up to 8,500 assignments a second (running out is an error, not a figure).
const FREE_PER_COMPANY: i64 = 600_000;

/// Runs per figure (7; `PB_BENCH_RUNS` for a quick try).
fn runs_per_figure() -> usize {
    std::env::var("PB_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7)
}

/// Seconds per load run (10; `PB_BENCH_SECONDS` for a quick try).
fn load_seconds() -> u64 {
    std::env::var("PB_BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}
const PASSWORD: &str = "demo-benefits";

/// One figure with its budget: `within` is whether the budget holds.
struct Figure {
    name: String,
    value: f64,
    unit: &'static str,
    budget: String,
    within: Option<bool>,
}

fn figure(name: &str, value: f64, unit: &'static str, budget: Option<(f64, bool)>) -> Figure {
    // `budget`: (limit, higher_is_better)
    let (text, within) = match budget {
        Some((limit, true)) => (format!("≥ {limit}"), Some(value >= limit)),
        Some((limit, false)) => (format!("≤ {limit}"), Some(value <= limit)),
        None => ("–".to_string(), None),
    };
    Figure {
        name: name.to_string(),
        value,
        unit,
        budget: text,
        within,
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

pub fn bench(root: &Path, args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--skip-builds");
    // `--only api` / `--only browser`: one phase, for trying a fix (the README table wants both).
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str);
    let tools = Tools::ensure(root, true)?;
    let mut figures = Vec::new();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let date = String::from_utf8_lossy(
        &std::process::Command::new("date")
            .arg("+%Y-%m-%d")
            .output()
            .map_err(|e| e.to_string())?
            .stdout,
    )
    .trim()
    .to_string();
    println!("== cargo xtask bench: {cores} cores, {date} ==");

    // Builds: the SPA from cold (its wasm-release target removed), and the release server.
    if !quick {
        let _ = std::fs::remove_dir_all(root.join("target/wasm32-unknown-unknown/wasm-release"));
        let start = Instant::now();
        build_spa(root, &tools)?;
        figures.push(figure(
            "build: cold release build of the SPA (1 run)",
            start.elapsed().as_secs_f64() / 60.0,
            "min",
            Some((10.0, false)),
        ));
    }
    status(command(
        root,
        Some(&tools),
        "cargo",
        &["build", "--release", "-p", "benefits-server", "--bins"],
    ))?;
    if quick {
        // The precompressed copies are what the server sends: make sure they match dist/.
        crate::precompress(&root.join("dist"))?;
    }

    figures.extend(first_load_bytes(&root.join("dist"))?);

    // A fresh database: the demo companies and three big ones (seed-bench).
    let dir = root.join("target/bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join("bench.db");
    status(command(
        root,
        None,
        "target/release/seed-bench",
        &[db.to_str().ok_or("path")?, &FREE_PER_COMPANY.to_string()],
    ))?;
    // The browser figures, then the API figures on a freshly started server (so the RSS
    // figure is that of the API load, not of the pages loaded before).
    for phase in [Phase::Browser, Phase::Api] {
        match (only, phase) {
            (Some("api"), Phase::Browser) | (Some("browser"), Phase::Api) => continue,
            _ => {}
        }
        let (mut server, address) = start_server(root, &db)?;
        let result = measure(root, &tools, &address, server.id(), phase, &mut figures);
        let _ = server.kill();
        let _ = server.wait();
        result?;
    }

    if !quick {
        let start = Instant::now();
        status(command(root, Some(&tools), "cargo", &["xtask", "test"]))?;
        figures.push(figure(
            "build: warm `cargo xtask test` (1 run)",
            start.elapsed().as_secs_f64() / 60.0,
            "min",
            Some((15.0, false)),
        ));
    }

    report(root, &figures, cores, &date)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Browser,
    Api,
}

fn measure(
    root: &Path,
    tools: &Tools,
    address: &str,
    server_pid: u32,
    phase: Phase,
    figures: &mut Vec<Figure>,
) -> Result<(), String> {
    if phase == Phase::Api {
        return measure_api(address, server_pid, figures);
    }
    // Browser figures (Playwright + Performance API), each a median of RUNS runs.
    let output = command(
        root,
        Some(tools),
        "node",
        &[
            "bench/browser.mjs",
            &format!("http://{address}"),
            &runs_per_figure().to_string(),
        ],
    )
    .stderr(Stdio::inherit())
    .output()
    .map_err(|e| format!("node bench/browser.mjs: {e}"))?;
    if !output.status.success() {
        return Err("the browser bench failed".into());
    }
    let browser = String::from_utf8_lossy(&output.stdout).to_string();
    // Medians are under "medians" (the samples come first, as arrays).
    let medians = browser.find("\"medians\"").map_or("", |at| &browser[at..]);
    let number = |key: &str| {
        json_number(medians, key)
            .or_else(|| json_number(&browser, key))
            .unwrap_or(f64::NAN)
    };
    figures.push(figure(
        "first render: Benefits home with data",
        number("first_render_ms"),
        "ms",
        Some((300.0, false)),
    ));
    figures.push(figure(
        "first render, 4× CPU throttling",
        number("first_render_throttled_ms"),
        "ms",
        Some((1000.0, false)),
    ));
    figures.push(figure(
        "big list: 10,000 users rendered",
        number("big_list_render_ms"),
        "ms",
        Some((500.0, false)),
    ));
    figures.push(figure(
        "big list: one filter keystroke",
        number("big_list_keystroke_ms"),
        "ms",
        Some((50.0, false)),
    ));
    figures.push(figure(
        "big list: rows in the DOM (of 10,000)",
        number("dom_rows_of_10k_users"),
        "rows",
        Some((200.0, false)),
    ));
    figures.push(figure(
        "big list: who has what (10,000 held) rendered",
        number("who_has_what_render_ms"),
        "ms",
        Some((500.0, false)),
    ));
    figures.push(figure(
        "action: Assign user → row updated, 4× throttled",
        number("action_throttled_ms"),
        "ms",
        Some((100.0, false)),
    ));
    let memory = |section: &str, field: &str| memory_mib(&browser, section, field);
    figures.push(figure(
        "client: JS heap after load",
        memory("after_load", "js_heap_bytes"),
        "MiB",
        None,
    ));
    figures.push(figure(
        "client: wasm memory after load",
        memory("after_load", "wasm_memory_bytes"),
        "MiB",
        Some((10.0, false)),
    ));
    figures.push(figure(
        "client: JS heap with 10,000 rows",
        memory("with_10k_rows", "js_heap_bytes"),
        "MiB",
        None,
    ));
    figures.push(figure(
        "client: wasm memory with 10,000 rows",
        memory("with_10k_rows", "wasm_memory_bytes"),
        "MiB",
        Some((25.0, false)),
    ));

    figures.push(figure(
        "server RSS after the browser figures (10,000-user pages)",
        rss_mib(server_pid),
        "MiB",
        None,
    ));
    Ok(())
}

fn measure_api(address: &str, server_pid: u32, figures: &mut Vec<Figure>) -> Result<(), String> {
    // API: reads and writes on loopback, 32 connections, 10 s, medians of RUNS runs.
    let demo = sign_in(address, "ada@fabrikam.example")?;
    let (rps, p99) = runs(|| {
        let demo = demo.clone();
        load(address, load_seconds(), move |_| {
            request("GET", "/api/v1/visual-studio/subscriptions", &demo, None)
        })
    });
    figures.push(figure(
        "API: GET Visual Studio list, req/s",
        rps,
        "req/s",
        Some((5000.0, true)),
    ));
    figures.push(figure(
        "API: GET Visual Studio list, p99",
        p99,
        "ms",
        Some((10.0, false)),
    ));

    // Writes: each request assigns the next free subscription of a big company. The three
    // companies take turns within each run, so their medians see the same conditions.
    let companies = [
        (901i64, "bench1k.example", 1_000i64),
        (902, "bench10k.example", 10_000),
        (903, "bench100k.example", 100_000),
    ];
    let mut results: Vec<Vec<(f64, f64)>> = vec![Vec::new(); companies.len()];
    let mut supplies = Vec::new();
    for (company, domain, held) in companies {
        let cookie = sign_in(address, &format!("ada@{domain}"))?;
        supplies.push((
            cookie,
            Arc::new(AtomicI64::new(company * 1_000_000 + held)),
            company * 1_000_000 + held + FREE_PER_COMPANY,
        ));
    }
    for _ in 0..runs_per_figure() {
        for (i, (company, _, _)) in companies.iter().copied().enumerate() {
            let (cookie, next, last) = (supplies[i].0.clone(), Arc::clone(&supplies[i].1), supplies[i].2);
            results[i].push(load(address, load_seconds(), move |n| {
                let id = next.fetch_add(1, Ordering::Relaxed);
                if id >= last {
                    return None;
                }
                let user = company * 100_000 + 1 + (n as i64 % 10_000);
                let body = format!(
                    r#"{{"command":{{"command":"assign_visual_studio_subscriber","subscription_id":{id},"user_id":{user}}},"version":1}}"#
                );
                request("POST", "/api/v1/commands", &cookie, Some(&body))
            }));
        }
    }
    if supplies
        .iter()
        .any(|(_, next, last)| next.load(Ordering::Relaxed) >= *last)
    {
        return Err(format!(
            "the write runs used up the {FREE_PER_COMPANY} free subscriptions of a company: raise FREE_PER_COMPANY"
        ));
    }
    let mut write_rates = Vec::new();
    for (i, (company, _, held)) in companies.iter().copied().enumerate() {
        let rps = median(results[i].iter().map(|r| r.0).collect());
        let p99 = median(results[i].iter().map(|r| r.1).collect());
        if company == 901 {
            figures.push(figure(
                "API: POST an assignment, req/s",
                rps,
                "req/s",
                Some((5000.0, true)),
            ));
            figures.push(figure(
                "API: POST an assignment, p99",
                p99,
                "ms",
                Some((10.0, false)),
            ));
        }
        figures.push(figure(
            &format!("write cost: assignments/s at {held} existing"),
            rps,
            "req/s",
            None,
        ));
        write_rates.push(rps);
    }
    let spread = write_rates.iter().cloned().fold(f64::MIN, f64::max)
        / write_rates.iter().cloned().fold(f64::MAX, f64::min);
    figures.push(figure(
        "write cost: fastest / slowest (flat ≤ 1.2)",
        spread,
        "×",
        Some((1.2, false)),
    ));
    figures.push(figure(
        "server RSS with 100k assignments, at the end of their write load",
        rss_mib(server_pid),
        "MiB",
        Some((64.0, false)),
    ));
    Ok(())
}

/// A memory figure of the browser bench (`memory.<section>.<field>`), in MiB.
fn memory_mib(json: &str, section: &str, field: &str) -> f64 {
    json.find(&format!("\"{section}\""))
        .and_then(|at| json_number(&json[at..], field))
        .map_or(f64::NAN, |b| b / (1024.0 * 1024.0))
}

/// The first number after `"key":` in a JSON text (enough for our own flat output).
fn json_number(json: &str, key: &str) -> Option<f64> {
    let needle = format!("\"{key}\"");
    let at = json.find(&needle)? + needle.len();
    let rest = json[at..].trim_start_matches([':', ' ']);
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e'))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// RUNS runs of a load; the medians of their throughput and p99 latency.
fn runs(mut one: impl FnMut() -> (f64, f64)) -> (f64, f64) {
    let (rates, p99s): (Vec<f64>, Vec<f64>) = (0..runs_per_figure()).map(|_| one()).unzip();
    (median(rates), median(p99s))
}

/// A closed-loop load of CONNECTIONS keep-alive connections for `seconds`; `make(n)` gives
/// the n-th request of a connection (`None`: stop). Returns (requests/s, p99 ms). Only
/// 2xx answers count; anything else is reported.
fn load<F>(address: &str, seconds: u64, make: F) -> (f64, f64)
where
    F: Fn(usize) -> Option<Vec<u8>> + Send + Sync + Clone + 'static,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let handles: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let make = make.clone();
            let address = address.to_string();
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut failures = 0u64;
                let Ok(stream) = TcpStream::connect(&address) else {
                    return (latencies, 1);
                };
                let _ = stream.set_nodelay(true);
                let mut writer = stream.try_clone().expect("clone");
                let mut reader = BufReader::new(stream);
                let mut n = 0;
                while Instant::now() < deadline {
                    let Some(request) = make(n) else { break };
                    n += 1;
                    let t0 = Instant::now();
                    if writer.write_all(&request).is_err() {
                        failures += 1;
                        break;
                    }
                    match read_response(&mut reader) {
                        Some(status) if (200..300).contains(&status) => {
                            latencies.push(t0.elapsed().as_secs_f64() * 1000.0)
                        }
                        Some(_) => failures += 1,
                        None => {
                            failures += 1;
                            break;
                        }
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut failures = 0;
    for h in handles {
        let (l, f) = h.join().unwrap_or_default();
        all.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    if failures > 0 {
        eprintln!("  ({failures} requests failed or were refused)");
    }
    all.sort_by(f64::total_cmp);
    let p99 = all
        .get(((all.len() as f64) * 0.99) as usize)
        .copied()
        .unwrap_or(f64::NAN);
    (all.len() as f64 / elapsed, p99)
}

fn request(method: &str, path: &str, cookie: &str, body: Option<&str>) -> Option<Vec<u8>> {
    let body = body.unwrap_or("");
    Some(
        format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nAccept: application/json\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

/// Reads one response; returns its status (the body is read and dropped).
fn read_response(reader: &mut BufReader<TcpStream>) -> Option<u16> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let status: u16 = line.split_whitespace().nth(1)?.parse().ok()?;
    let mut length = 0usize;
    let mut chunked = false;
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let lower = header.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().ok()?;
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line).ok()?;
            let size = usize::from_str_radix(line.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
        }
    } else {
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
    }
    Some(status)
}

/// Signs in; returns the `Cookie` header value.
fn sign_in(address: &str, email: &str) -> Result<String, String> {
    let body = format!(r#"{{"email":"{email}","password":"{PASSWORD}"}}"#);
    let mut stream = TcpStream::connect(address).map_err(|e| e.to_string())?;
    write!(
        stream,
        "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).map_err(|e| e.to_string())?;
    answer
        .lines()
        .find_map(|l| {
            let lower = l.to_ascii_lowercase();
            lower.starts_with("set-cookie:").then(|| {
                l["set-cookie:".len()..]
                    .trim()
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
        })
        .ok_or_else(|| {
            format!(
                "sign-in as {email} failed: {}",
                answer.lines().next().unwrap_or("")
            )
        })
}

fn start_server(root: &Path, db: &Path) -> Result<(Child, String), String> {
    let mut child = command(root, None, "target/release/benefits-server", &[])
        .env("PB_PORT", "0")
        .env("PB_DATABASE", db)
        .env("PB_DIST", root.join("dist"))
        .env("PB_DEMO_DATA", "false")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start the server: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let address = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.split("http://").nth(1).map(|a| a.trim().to_string()))
        .ok_or("the server did not say where it serves")?;
    std::thread::spawn(move || for _ in lines {});
    Ok((child, address))
}

/// First-load bytes as the server sends them: its precompressed files.
fn first_load_bytes(dist: &Path) -> Result<Vec<Figure>, String> {
    let mut totals = [0u64; 3];
    let entries = std::fs::read_dir(dist).map_err(|e| e.to_string())?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let first_load = name == "index.html"
            || (name.ends_with(".js") || name.ends_with(".wasm") || name.ends_with(".css"));
        if !first_load {
            continue;
        }
        let size =
            |suffix: &str| std::fs::metadata(dist.join(format!("{name}{suffix}"))).map_or(0, |m| m.len());
        totals[0] += size("");
        totals[1] += size(".gz");
        totals[2] += size(".br");
    }
    let kb = |b: u64| b as f64 / 1000.0;
    Ok(vec![
        figure("first-load bytes, raw", kb(totals[0]), "KB", None),
        figure(
            "first-load bytes, gzip",
            kb(totals[1]),
            "KB",
            Some((180.0, false)),
        ),
        figure(
            "first-load bytes, brotli",
            kb(totals[2]),
            "KB",
            Some((150.0, false)),
        ),
    ])
}

fn report(root: &Path, figures: &[Figure], cores: usize, date: &str) -> Result<(), String> {
    let runs = runs_per_figure();
    println!("\n== cargo xtask bench: {cores} cores, {date}, medians of {runs} runs ==");
    println!("| figure | value | budget | |");
    println!("|---|---|---|---|");
    let mut json = format!("{{\"date\":\"{date}\",\"cores\":{cores},\"runs\":{runs},\"figures\":[");
    for (i, f) in figures.iter().enumerate() {
        let mark = match f.within {
            Some(true) => "ok",
            Some(false) => "MISSED",
            None => "",
        };
        println!(
            "| {} | {:.1} {} | {} | {mark} |",
            f.name, f.value, f.unit, f.budget
        );
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!(
            "{{\"name\":{:?},\"value\":{},\"unit\":{:?},\"budget\":{:?},\"within\":{}}}",
            f.name,
            if f.value.is_finite() {
                format!("{:.3}", f.value)
            } else {
                "null".into()
            },
            f.unit,
            f.budget,
            f.within.map_or("null".to_string(), |w| w.to_string())
        ));
    }
    json.push_str("]}\n");
    let path = root.join("target/bench/latest.json");
    std::fs::write(&path, json).map_err(|e| e.to_string())?;
    println!("\nwritten to {}", path.display());
    Ok(())
}
