//! Where the first load's wasm bytes go (issue 20): the main module's code by part, read
//! from the function names of the split build's main module before wasm-opt
//! (`target/split/bindgen/*_bg.wasm`, names kept by `--no-demangle`). wasm-opt shrinks
//! every part by about as much, so the shares hold for the shipped file too.

use std::collections::BTreeMap;
use std::path::Path;
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// The part of the app a function belongs to, by its (mangled) name.
fn part(name: &str) -> &'static str {
    let has = |s: &str| name.contains(s);
    if has("eserializ") || has("serde_json") || has("Visitor") || has("serde_core") || has("api6decode") {
        "JSON decoding (serde, the wire types)"
    } else if has("chrono") {
        "dates (chrono)"
    } else if has("tachys") || has("reactive_graph") || has("leptos") || has("wasm_split") {
        "Leptos (views, reactivity, the splitter's runtime)"
    } else if has("partner_benefits") {
        "the app's shell, sign-in and home"
    } else if has("benefits_domain") {
        "domain rules"
    } else if has("js_sys") || has("wasm_bindgen") || has("web_sys") || has("gloo") || has("externref") {
        "JS bindings"
    } else if has("alloc") || has("core") || has("std") || has("hashbrown") || has("indexmap") {
        "Rust's std (allocator, strings, collections, formatting)"
    } else {
        "other"
    }
}

/// Code bytes per part, biggest first.
pub type Parts = Vec<(&'static str, u64)>;

/// The main module's code bytes by part, biggest first, and their total.
pub fn main_module_code_by_part(wasm: &Path) -> Result<(Parts, u64), String> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let mut imported_functions = 0u32;
    let mut sizes = Vec::new();
    let mut names = BTreeMap::new();
    for payload in Parser::new(0).parse_all(&bytes) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(import.map_err(|e| e.to_string())?.ty, TypeRef::Func(_)) {
                        imported_functions += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                sizes.push(range.end - range.start);
            }
            Payload::CustomSection(custom) => {
                if let KnownCustom::Name(reader) = custom.as_known() {
                    for name in reader {
                        if let Ok(Name::Function(map)) = name {
                            for naming in map.into_iter().flatten() {
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err(format!("{}: no function names", wasm.display()));
    }
    let mut parts: BTreeMap<&'static str, u64> = BTreeMap::new();
    for (i, size) in sizes.iter().enumerate() {
        let name = names
            .get(&(imported_functions + i as u32))
            .map_or("", String::as_str);
        *parts.entry(part(name)).or_default() += size;
    }
    let mut parts: Vec<_> = parts.into_iter().collect();
    parts.sort_by_key(|p| std::cmp::Reverse(p.1));
    Ok((parts, sizes.iter().sum()))
}

/// The split build's main module before wasm-opt, if there is one.
pub fn main_module(root: &Path) -> Option<std::path::PathBuf> {
    std::fs::read_dir(root.join("target/split/bindgen"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("_bg.wasm"))
}

#[cfg(test)]
mod tests {
    use super::part;

    #[test]
    fn names_fall_into_their_part() {
        assert_eq!(
            part("_ZN98_$LT$$RF$mut$u20$serde_json..de..Deserializer$LT$R$GT$$GT$15deserialize_seq17h0E"),
            "JSON decoding (serde, the wire types)"
        );
        assert_eq!(
            part("_ZN6tachys4html5event15On$LT$E$C$F$GT$6attach17h0E"),
            "Leptos (views, reactivity, the splitter's runtime)"
        );
        assert_eq!(
            part("_ZN16partner_benefits4main17h0E"),
            "the app's shell, sign-in and home"
        );
        assert_eq!(
            part("_ZN6chrono6format5parse14parse_internal17h0E"),
            "dates (chrono)"
        );
        assert_eq!(part("something_else"), "other");
    }
}
