//! Installs the build and test tools when missing, at the versions that work here.

use crate::{command, quiet_output, status};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
/// The wasm splitter (issue 20: pages as chunks), the one Leptos' `#[lazy]` is made for.
pub const WASM_SPLIT_VERSION: &str = "0.2.4";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The PATH every later step runs with: npm's tools (binaryen 132's wasm-opt, never
/// Debian's) first, then cargo's bin directory (trunk, wasm-bindgen), then the rest.
pub struct Tools {
    pub path: std::ffi::OsString,
}

impl Tools {
    pub fn ensure(root: &Path, for_tests: bool) -> Result<Tools, String> {
        let cargo_bin = cargo_home().join("bin");
        let mut dirs = vec![root.join("node_modules/.bin"), cargo_bin.clone()];
        dirs.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let tools = Tools {
            path: std::env::join_paths(dirs).map_err(|e| e.to_string())?,
        };
        ensure_wasm_target(root)?;
        ensure_trunk(root, &tools)?;
        ensure_wasm_bindgen(root, &tools)?;
        ensure_wasm_split(root, &tools)?;
        ensure_node_packages(root, &tools)?;
        if for_tests {
            ensure_chromium()?;
        }
        Ok(tools)
    }

    fn version_of(&self, program: &str) -> Option<String> {
        let mut cmd = Command::new(program);
        cmd.arg("--version").env("PATH", &self.path);
        quiet_output(cmd)
    }
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

fn ensure_wasm_target(root: &Path) -> Result<(), String> {
    let installed =
        quiet_output(command(root, None, "rustup", &["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    println!("installing the wasm32-unknown-unknown target");
    status(command(
        root,
        None,
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
    ))
}

fn ensure_trunk(root: &Path, tools: &Tools) -> Result<(), String> {
    if tools
        .version_of("trunk")
        .is_some_and(|v| v.split_whitespace().nth(1) == Some(TRUNK_VERSION))
    {
        return Ok(());
    }
    println!("installing trunk {TRUNK_VERSION} (takes 12–19 min on 2 cores, once)");
    status(command(
        root,
        Some(tools),
        "cargo",
        &[
            "install",
            "trunk",
            "--version",
            TRUNK_VERSION,
            "--locked",
            "--force",
        ],
    ))
}

/// The CLI must equal the wasm-bindgen crate version in Cargo.lock, or Trunk refuses offline.
fn wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock names no wasm-bindgen".into())
}

fn ensure_wasm_bindgen(root: &Path, tools: &Tools) -> Result<(), String> {
    let wanted = wasm_bindgen_version(root)?;
    let has = |program: &str| {
        tools
            .version_of(program)
            .is_some_and(|v| v.split_whitespace().nth(1) == Some(wanted.as_str()))
    };
    if has("wasm-bindgen") && has("wasm-bindgen-test-runner") {
        return Ok(());
    }
    println!("installing wasm-bindgen-cli {wanted} (takes 6–12 min on 2 cores, once)");
    // Without --locked: its lockfile names a crate version the registry lacks.
    status(command(
        root,
        Some(tools),
        "cargo",
        &["install", "wasm-bindgen-cli", "--version", &wanted, "--force"],
    ))
}

fn ensure_wasm_split(root: &Path, tools: &Tools) -> Result<(), String> {
    // It has no `--version`: cargo's list of installed packages says which one is there.
    let installed =
        quiet_output(command(root, Some(tools), "cargo", &["install", "--list"])).unwrap_or_default();
    let wanted = format!("wasm_split_cli_support v{WASM_SPLIT_VERSION}:");
    if installed.lines().any(|l| l.trim() == wanted) && cargo_home().join("bin/wasm-split-cli").exists() {
        return Ok(());
    }
    println!("installing wasm-split-cli {WASM_SPLIT_VERSION} (takes 3–5 min on 2 cores, once)");
    status(command(
        root,
        Some(tools),
        "cargo",
        &[
            "install",
            "wasm_split_cli_support",
            "--version",
            WASM_SPLIT_VERSION,
            "--features",
            "build-binary",
            "--locked",
        ],
    ))
}

/// binaryen 132 (wasm-opt) and Playwright from npm; browsers are never downloaded.
fn ensure_node_packages(root: &Path, tools: &Tools) -> Result<(), String> {
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let wasm_opt_ok = quiet_output({
        let mut c = Command::new(&wasm_opt);
        c.arg("--version");
        c
    })
    .is_some_and(|v| v.contains("version 132"));
    let installed = std::fs::read_to_string(root.join("node_modules/@playwright/test/package.json"));
    let wanted = std::fs::read_to_string(root.join("package.json"));
    let playwright_ok = match (installed, wanted) {
        (Ok(installed), Ok(wanted)) => {
            let version = json_string_field(&installed, "version");
            version.is_some() && version == json_string_field(&wanted, "@playwright/test")
        }
        _ => false,
    };
    if wasm_opt_ok && playwright_ok {
        return Ok(());
    }
    if tools.version_of("npm").is_none() {
        return Err("npm is needed (Node.js 18 or newer): install Node.js and npm, then run again".into());
    }
    println!("installing npm packages: binaryen 132 (wasm-opt), Playwright");
    let mut npm = command(root, Some(tools), "npm", &["ci", "--no-audit", "--no-fund"]);
    npm.env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    status(npm)
}

/// Debian's Chromium and ChromeDriver for the browser tests.
fn ensure_chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    println!("installing chromium and chromium-driver (apt)");
    apt_install(&["chromium", "chromium-driver"])
}

/// Whether this runs as root (then apt-get directly, else through sudo; PostgreSQL's
/// server through the `postgres` user).
pub fn as_root() -> bool {
    quiet_output({
        let mut c = Command::new("id");
        c.arg("-u");
        c
    })
    .is_some_and(|id| id.trim() == "0")
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let apt = |args: &[&str]| {
        let mut cmd = if as_root() {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        status(cmd)
    };
    apt(&["update"])?;
    let mut install = vec!["install", "-y"];
    install.extend_from_slice(packages);
    apt(&install)
}

/// PostgreSQL's server programs (`initdb`, `pg_ctl`) of version 15 or later: Debian's
/// `postgresql` package (installed with apt when missing), nothing from elsewhere.
pub fn ensure_postgres() -> Result<PathBuf, String> {
    let find = || {
        let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let version = e.file_name().to_str()?.parse::<u32>().ok()?;
                let bin = e.path().join("bin");
                (version >= 15 && bin.join("initdb").exists()).then_some((version, bin))
            })
            .collect();
        found.sort();
        found.pop().map(|(_, bin)| bin)
    };
    if let Some(bin) = find() {
        return Ok(bin);
    }
    println!("installing PostgreSQL (apt: postgresql)");
    apt_install(&["postgresql"])?;
    find().ok_or_else(|| "no PostgreSQL 15 or later under /usr/lib/postgresql after installing".into())
}

/// The first `"key": "value"` in a JSON text; enough for package.json versions.
fn json_string_field(text: &str, key: &str) -> Option<String> {
    let after_key = text.split(&format!("\"{key}\"")).nth(1)?;
    let value = after_key
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    value.split('"').next().map(str::to_string)
}
