//! `cargo xtask run | test | bench`: install what is missing, build, serve, test, measure.
//!
//! Every install step checks first, so a second run installs nothing. Tools come
//! from the package registries only (crates.io, npm, Debian), never as downloaded
//! binaries: the README's tool table says why each version is pinned.

mod bench;
mod postgres;
mod tools;
mod wasm_profile;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use tools::Tools;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&root, &args[1..]),
        Some("test") => test(&root),
        Some("build") => Tools::ensure(&root, false).and_then(|tools| build_spa(&root, &tools)),
        Some("install") => Tools::ensure(&root, true).map(|_| ()),
        Some("bench") => bench::bench(&root, &args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n\
                 commands:\n  \
                 run [server flags]  install tools, build the SPA and the server (release), serve on http://127.0.0.1:8080\n  \
                 test                install tools, then fmt, clippy, domain + server tests, wasm tests, Playwright e2e\n  \
                 build               install tools, build the SPA into dist/ (for a static host)\n  \
                 install             only install the build and test tools\n  \
                 bench [--skip-builds] [--only api|browser]  release build, seeded big companies, figures vs budgets (target/bench/latest.json)\n\n\
                 Server flags (also env vars): --bind PB_BIND, --port PB_PORT, --database PB_DATABASE,\n\
                 --dist PB_DIST, --demo-data PB_DEMO_DATA, --session-hours PB_SESSION_HOURS"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// A command to run from the project root with the tools' PATH.
pub fn command(root: &Path, tools: Option<&Tools>, program: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(root);
    if let Some(tools) = tools {
        cmd.env("PATH", &tools.path);
    }
    cmd
}

pub fn status(mut cmd: Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("failed ({status}): {shown}"))
    }
}

fn build_spa(root: &Path, tools: &Tools) -> Result<(), String> {
    // Trunk runs cargo offline (it would otherwise try to fetch wasm-bindgen from the web):
    // fetch the crates first, then build.
    status(command(
        root,
        Some(tools),
        "cargo",
        &["fetch", "--target", "wasm32-unknown-unknown"],
    ))?;
    // `pb_split`: the pages become split points (src/pages.rs); the splitter needs the
    // linker's relocations, which wasm-bindgen drops: it runs on cargo's output below.
    let mut trunk = command(root, Some(tools), "trunk", &["build", "--release", "--offline"]);
    trunk.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "--cfg pb_split -Clink-args=--emit-relocs",
    );
    status(trunk)?;
    let dist = root.join("dist");
    split_wasm(root, tools, &dist)?;
    // Hosts that answer a missing path with their 404 page (GitHub Pages and others) then
    // start the app, which shows the page of that path.
    std::fs::copy(dist.join("index.html"), dist.join("404.html")).map_err(|e| format!("404.html: {e}"))?;
    write_widget_files(root, &dist)?;
    no_absolute_asset_paths(&dist)?;
    precompress(&dist)
}

/// Issue 20: the first load carries only the shell, sign-in and the Benefits home; the other
/// pages are wasm chunks fetched when first opened. Trunk has no splitting (trunk#1022), so
/// its wasm and JS glue are replaced: cargo's wasm (with relocations) is split at
/// `src/pages.rs`'s functions by `wasm-split-cli`, the main module goes through wasm-bindgen,
/// every module through wasm-opt; the chunks and their loader take the build's name so they
/// are cached like the rest, and index.html's integrity hashes are those of the new files.
fn split_wasm(root: &Path, tools: &Tools, dist: &Path) -> Result<(), String> {
    let glue = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .find(|n| n.starts_with("partner-benefits-") && n.ends_with(".js"))
        .ok_or("dist/ has no JS glue")?;
    let stem = glue.trim_end_matches(".js").to_string();
    let raw = root.join("target/wasm32-unknown-unknown/wasm-release/partner-benefits.wasm");
    let work = root.join("target/split");
    let _ = std::fs::remove_dir_all(&work);
    let (split, bound) = (work.join("split"), work.join("bindgen"));
    for dir in [&split, &bound] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let path = |p: &Path| p.to_str().map(str::to_string).ok_or("a path that is not UTF-8");
    status(command(
        root,
        Some(tools),
        "wasm-split-cli",
        &[&path(&raw)?, &path(&split)?, "--out-name", &stem],
    ))?;
    status(command(
        root,
        Some(tools),
        "wasm-bindgen",
        &[
            &path(&split.join(format!("{stem}.wasm")))?,
            "--out-dir",
            &path(&bound)?,
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            &stem,
            // The splitter's loader finds the main module's exports by these names.
            "--no-demangle",
            "--keep-lld-exports",
        ],
    ))?;
    let optimise = |from: &Path, to: &Path| -> Result<(), String> {
        status(command(
            root,
            Some(tools),
            "wasm-opt",
            &[
                "-Oz",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
                &path(from)?,
                "-o",
                &path(to)?,
            ],
        ))
    };
    let write = |name: &str, text: &str| {
        std::fs::write(dist.join(name), text).map_err(|e| format!("dist/{name}: {e}"))
    };
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    // The loader of the chunks, and the chunks, under this build's name.
    let loader = format!("{stem}-split.js");
    let mut loader_js = read(&split.join("__wasm_split.js"))?;
    for entry in std::fs::read_dir(&split).map_err(|e| e.to_string())?.flatten() {
        let name = entry.file_name().into_string().map_err(|_| "a chunk name")?;
        if name.ends_with(".wasm") && name != format!("{stem}.wasm") {
            optimise(&entry.path(), &dist.join(format!("{stem}-{name}")))?;
            loader_js = loader_js.replace(&format!("\"./{name}\""), &format!("\"./{stem}-{name}\""));
        }
    }
    write(&loader, &loader_js)?;
    // Only the module it is imported from: the wasm's own import keeps the name.
    let glue_js =
        read(&bound.join(&glue))?.replace("from \"./__wasm_split.js\"", &format!("from \"./{loader}\""));
    write(&glue, &glue_js)?;
    let wasm = format!("{stem}_bg.wasm");
    optimise(&bound.join(&wasm), &dist.join(&wasm))?;
    let integrity = |name: &str| -> Result<String, String> {
        let bytes = std::fs::read(dist.join(name)).map_err(|e| e.to_string())?;
        use base64::Engine;
        use sha2::Digest;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(&bytes));
        Ok(format!("sha384-{hash}"))
    };
    // Subresource integrity: index.html names the glue and the wasm with Trunk's hashes.
    let mut html = read(&dist.join("index.html"))?;
    for name in [&glue, &wasm] {
        let hash = integrity(name)?;
        let at = html
            .find(&format!("href=\"./{name}\""))
            .ok_or(format!("index.html has no link to {name}"))?;
        let start = at + html[at..].find("integrity=\"").ok_or("no integrity")? + "integrity=\"".len();
        let end = start + html[start..].find('"').ok_or("integrity unterminated")?;
        html.replace_range(start..end, &hash);
    }
    // The glue imports the chunks' loader: fetched beside it, not one round trip after.
    let glue_link = format!("<link rel=\"modulepreload\" href=\"./{glue}\"");
    let at = html
        .find(&glue_link)
        .ok_or("index.html has no modulepreload of the glue")?;
    let preload = format!(
        "<link rel=\"modulepreload\" href=\"./{loader}\" crossorigin=\"anonymous\" integrity=\"{}\">\n",
        integrity(&loader)?
    );
    html.insert_str(at, &preload);
    write("index.html", &html)
}

/// The widget (README "Embedding"): `dist/embed.js` from `embed/embed.js` with this build's
/// file names filled in, and its stylesheet: the app's, with sizes in `px` instead of `rem`
/// (a `rem` is the host page's root font size, which must not resize the widget).
fn write_widget_files(root: &Path, dist: &Path) -> Result<(), String> {
    let names: Vec<String> = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    let find = |what: &str, test: &dyn Fn(&str) -> bool| {
        names
            .iter()
            .find(|n| test(n))
            .cloned()
            .ok_or_else(|| format!("dist/ has no {what}"))
    };
    // Not the chunks' loader (`…-split.js`, see `split_wasm`).
    let glue = find("JS glue", &|n| {
        n.starts_with("partner-benefits-") && n.ends_with(".js") && !n.ends_with("-split.js")
    })?;
    let wasm = find("wasm", &|n| {
        n.starts_with("partner-benefits-") && n.ends_with("_bg.wasm")
    })?;
    let css = find("stylesheet", &|n| n.starts_with("app-") && n.ends_with(".css"))?;
    let app_css = std::fs::read_to_string(dist.join(&css)).map_err(|e| e.to_string())?;
    let widget_css = rem_to_px(&app_css);
    let widget_css_name = format!("embed-{:016x}.css", fnv1a(widget_css.as_bytes()));
    std::fs::write(dist.join(&widget_css_name), widget_css).map_err(|e| e.to_string())?;
    let template =
        std::fs::read_to_string(root.join("embed/embed.js")).map_err(|e| format!("embed/embed.js: {e}"))?;
    let script = template
        .replace("__PB_GLUE__", &glue)
        .replace("__PB_WASM__", &wasm)
        .replace("__PB_CSS__", &widget_css_name);
    std::fs::write(dist.join("embed.js"), script).map_err(|e| e.to_string())
}

/// `1.5rem` → `24px` (16 px a rem, the browsers' default).
fn rem_to_px(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("rem") {
        let (before, after) = rest.split_at(at);
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .last()
            .map(|(i, _)| i);
        let is_unit = !after[3..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-');
        match start.and_then(|i| before[i..].parse::<f64>().ok().map(|n| (i, n))) {
            Some((i, n)) if is_unit => {
                out.push_str(&before[..i]);
                out.push_str(&format!("{}px", n * 16.0));
            }
            _ => {
                out.push_str(before);
                out.push_str("rem");
            }
        }
        rest = &after[3..];
    }
    out.push_str(rest);
    out
}

/// A stable 64-bit content hash for a file name (FNV-1a).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `dist/` goes into any folder of any host: no emitted file may name an asset from the
/// host's root (`href="/app.css"`, `from '/glue.js'`, `url(/font.woff)`).
fn no_absolute_asset_paths(dist: &Path) -> Result<(), String> {
    const FROM_ROOT: [&str; 8] = [
        "href=\"/", "src=\"/", "href='/", "src='/", "from '/", "from \"/", "url(/", "url(\"/",
    ];
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let text = match path.extension().and_then(|e| e.to_str()) {
            Some("html" | "css" | "js") => std::fs::read_to_string(&path).map_err(|e| e.to_string())?,
            _ => continue,
        };
        for pattern in FROM_ROOT {
            // `//host/…` is another host, not this one's root.
            let from_root = text
                .match_indices(pattern)
                .any(|(at, _)| !text[at + pattern.len()..].starts_with('/'));
            if from_root {
                found.push(format!("{}: {pattern}…", path.display()));
            }
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "dist/ names assets from the host's root:\n{}",
            found.join("\n")
        ))
    }
}

/// Writes `.br` and `.gz` beside every text and wasm file of `dist/`, so the server sends
/// them compressed without compressing on each request.
fn precompress(dist: &Path) -> Result<(), String> {
    use std::io::Write;
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "html" | "js" | "wasm" | "css" | "svg" | "json"));
        if !compressible {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes).map_err(|e| e.to_string())?;
        let gz = gz.finish().map_err(|e| e.to_string())?;
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).map_err(|e| e.to_string())?;
        let with = |ext: &str| {
            let mut name = path.as_os_str().to_owned();
            name.push(ext);
            PathBuf::from(name)
        };
        std::fs::write(with(".gz"), gz).map_err(|e| e.to_string())?;
        std::fs::write(with(".br"), br).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn run(root: &Path, server_args: &[String]) -> Result<(), String> {
    let tools = Tools::ensure(root, false)?;
    build_spa(root, &tools)?;
    status(command(
        root,
        Some(&tools),
        "cargo",
        &["build", "--release", "-p", "benefits-server"],
    ))?;
    let mut server = command(root, Some(&tools), "target/release/benefits-server", &[]);
    server.args(server_args);
    if std::env::var_os("PB_DIST").is_none() {
        server.env("PB_DIST", root.join("dist"));
    }
    status(server)
}

struct Step {
    name: &'static str,
    seconds: f64,
    ok: bool,
}

fn test(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    let tools = Tools::ensure(root, true)?;
    let mut steps: Vec<Step> = Vec::new();
    let result = run_test_steps(root, &tools, &mut steps);
    println!("\n== cargo xtask test: summary ==");
    for step in &steps {
        println!(
            "  {:<4} {:<44} {:>7.1} s",
            if step.ok { "ok" } else { "FAIL" },
            step.name,
            step.seconds
        );
    }
    println!("  total {:.1} s", started.elapsed().as_secs_f64());
    result
}

fn timed(
    steps: &mut Vec<Step>,
    name: &'static str,
    f: impl FnOnce() -> Result<(), String>,
) -> Result<(), String> {
    println!("\n== {name} ==");
    let start = Instant::now();
    let result = f();
    steps.push(Step {
        name,
        seconds: start.elapsed().as_secs_f64(),
        ok: result.is_ok(),
    });
    result
}

const NATIVE_PACKAGES: &[&str] = &["-p", "benefits-domain", "-p", "benefits-server", "-p", "xtask"];

fn run_test_steps(root: &Path, tools: &Tools, steps: &mut Vec<Step>) -> Result<(), String> {
    let t = Some(tools);
    timed(steps, "the repository stands on its own", || self_contained(root))?;
    timed(steps, "cargo fmt --check", || {
        status(command(root, t, "cargo", &["fmt", "--all", "--check"]))
    })?;
    timed(steps, "clippy (native: domain, server, xtask)", || {
        let mut args = vec!["clippy", "--all-targets"];
        args.extend_from_slice(NATIVE_PACKAGES);
        args.extend_from_slice(&["--", "-D", "warnings"]);
        status(command(root, t, "cargo", &args))
    })?;
    timed(steps, "clippy (wasm32: SPA, domain)", || {
        status(command(
            root,
            t,
            "cargo",
            &[
                "clippy",
                "--all-targets",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "partner-benefits",
                "-p",
                "benefits-domain",
                "--",
                "-D",
                "warnings",
            ],
        ))
    })?;
    timed(steps, "domain, server (SQLite) and xtask tests", || {
        status(command(
            root,
            t,
            "cargo",
            &[
                "test",
                "-p",
                "benefits-domain",
                "-p",
                "benefits-server",
                "-p",
                "xtask",
            ],
        ))
    })?;
    timed(steps, "server tests on PostgreSQL (throwaway cluster)", || {
        // The same black-box tests, each on a database of its own in a cluster made for
        // this run (plus those only PostgreSQL has: several instances, the Citus check).
        let cluster = postgres::Cluster::start()?;
        let mut cmd = command(root, t, "cargo", &["test", "-p", "benefits-server"]);
        cmd.env("PB_TEST_POSTGRES", cluster.url());
        status(cmd)
    })?;
    timed(steps, "SPA tests (wasm-bindgen-test, headless Chromium)", || {
        let mut cmd = command(
            root,
            t,
            "cargo",
            &[
                "test",
                "-p",
                "partner-benefits",
                "--target",
                "wasm32-unknown-unknown",
            ],
        );
        cmd.env("CHROMEDRIVER", tools::CHROMEDRIVER);
        status(cmd)
    })?;
    timed(steps, "release build of the SPA (trunk)", || {
        build_spa(root, tools)
    })?;
    timed(steps, "end-to-end (Playwright, real server)", || {
        end_to_end(root, tools)
    })
}

/// No tracked file refers to a folder beside the checkout: a stranger's clone has none.
fn self_contained(root: &Path) -> Result<(), String> {
    // Written so that this line doesn't match itself.
    let outside = ["\\.\\.", "/shared"].concat();
    let out = command(root, None, "git", &["grep", "-n", "-E", &outside])
        .output()
        .map_err(|e| format!("could not run git grep: {e}"))?;
    match out.status.code() {
        Some(1) => Ok(()),
        Some(0) => Err(format!(
            "tracked files refer to a folder outside the repository:\n{}",
            String::from_utf8_lossy(&out.stdout)
        )),
        _ => Err(format!(
            "git grep failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

/// The real server on a free port with a fresh database, the release `dist/`, Playwright against it.
fn end_to_end(root: &Path, tools: &Tools) -> Result<(), String> {
    status(command(
        root,
        Some(tools),
        "cargo",
        &["build", "-p", "benefits-server"],
    ))?;
    let dir = root.join("target/e2e");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let log_path = dir.join("server.log");
    let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
    let mut server = command(root, Some(tools), "target/debug/benefits-server", &[])
        .env("PB_PORT", "0")
        .env("PB_BIND", "127.0.0.1")
        .env("PB_DATABASE", dir.join("benefits.db"))
        .env("PB_DIST", root.join("dist"))
        .env("PB_DEMO_DATA", "true")
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("could not start the server: {e}"))?;
    let result = wait_for_address(&mut server, &log_path).and_then(|base| {
        println!("server at {base}, database {}", dir.join("benefits.db").display());
        let mut playwright = command(root, Some(tools), "npx", &["--no-install", "playwright", "test"]);
        // The static-hosting spec starts servers of its own: this binary, this dist/.
        playwright
            .env("PB_BASE_URL", &base)
            .env("PB_CHROMIUM", tools::CHROMIUM)
            .env("PB_SERVER_BIN", root.join("target/debug/benefits-server"))
            .env("PB_DIST_DIR", root.join("dist"));
        status(playwright)
    });
    let _ = server.kill();
    let _ = server.wait();
    if result.is_err() {
        eprintln!("server log: {}", log_path.display());
    }
    result
}

/// Waits for the server's "serving on http://…" line.
fn wait_for_address(server: &mut Child, log_path: &Path) -> Result<String, String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(Some(exit)) = server.try_wait() {
            let log = std::fs::read_to_string(log_path).unwrap_or_default();
            return Err(format!("the server stopped ({exit}):\n{log}"));
        }
        let log = std::fs::read_to_string(log_path).unwrap_or_default();
        if let Some(address) = log.lines().find_map(|l| l.split("serving on ").nth(1)) {
            return Ok(address.trim().to_string());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err("the server did not start within 60 s".into())
}

pub fn quiet_output(mut cmd: Command) -> Option<String> {
    cmd.stdin(Stdio::null()).stderr(Stdio::null());
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rem_sizes_become_pixels_and_nothing_else_changes() {
        assert_eq!(
            rem_to_px("a{margin:0.25rem 1rem;width:15rem}@media (max-width: 40rem){b{top:4rem}}"),
            "a{margin:4px 16px;width:240px}@media (max-width: 640px){b{top:64px}}"
        );
        assert_eq!(
            rem_to_px(".remark{x:2.5rem} .pb-rem-x{}"),
            ".remark{x:40px} .pb-rem-x{}"
        );
        assert_eq!(fnv1a(b"a"), fnv1a(b"a"));
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
    }
}
