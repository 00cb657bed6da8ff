//! Every rule ID of the catalog has at least one test named after it somewhere in the
//! project: a Rust test `fn vs_3_…` (domain, server, SPA) or a Playwright test "vs_3 …".
#![cfg(not(target_arch = "wasm32"))]

use benefits_domain::RuleId;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if !matches!(name.to_str(), Some("target" | "node_modules" | "dist" | ".git")) {
                sources(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "rs" || e == "ts") {
            found.push(path);
        }
    }
}

#[test]
fn every_rule_id_has_a_test_named_after_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    for dir in ["domain", "server", "src", "tests"] {
        sources(&root.join(dir), &mut files);
    }
    let text: String = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect::<Vec<_>>()
        .join("\n");
    let missing: Vec<&str> = RuleId::ALL
        .iter()
        .map(|r| r.code())
        .filter(|code| {
            let prefix = code.to_lowercase().replace('-', "_");
            // `fn vs_3_…` or a test whose name contains `vs_3` (several rules may share a test).
            !text.lines().any(|line| {
                let line = line.trim_start();
                let is_test_name =
                    line.starts_with("fn ") || line.starts_with("async fn ") || line.starts_with("test(\"");
                is_test_name
                    && line
                        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .any(|word| {
                            word == prefix
                                || word.starts_with(&format!("{prefix}_"))
                                || word.contains(&format!("_{prefix}_"))
                                || word.ends_with(&format!("_{prefix}"))
                        })
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a test named after them: {missing:?}"
    );
}
