//! The crate's layers: front ends on top, services below, the core at the bottom, and every
//! `crate::` path pointing down (or within its own module). Reads `src/` and fails on an import
//! from a lower layer into a higher one, on a cycle between top-level modules, and on a module
//! that no layer names (a new module must be placed here on purpose).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layer of each top-level module: higher numbers may use lower ones, never the reverse.
const LAYERS: &[(&str, u8)] = &[
    // Front ends.
    ("cli", 3),
    ("tui", 3),
    // Services.
    ("check", 2),
    ("clipboard", 2),
    ("iam", 2),
    ("import", 2),
    // Core.
    ("derive", 1),
    ("exit", 1),
    ("i18n", 1),
    ("policy", 1),
    ("region", 1),
    ("secret", 1),
    ("settings", 1),
    ("sys", 1),
    ("text", 1),
    ("validate", 1),
];

/// Macros exported at the crate root, and the module that defines them.
const MACROS: &[(&str, &str)] = &[("tr", "i18n")];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/tui/view/import.rs` → `tui`); `None` for the
/// crate root and the binary.
fn owner(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The code of a file without its comments (doc links are not dependencies).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every top-level name a file's code reaches through `crate::` (also `crate::{a, b::c}`), and
/// through `super::` in a file directly under `src/`, where `super` is the crate root.
fn targets(code: &str, top_level_file: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut prefixes = vec!["crate::"];
    if top_level_file {
        prefixes.push("super::");
    }
    for prefix in prefixes {
        for (at, _) in code.match_indices(prefix) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let rest = &code[at + prefix.len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 0;
                let mut item = String::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            out.insert(head(&item));
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    item.push(c);
                }
                out.insert(head(&item));
            } else {
                out.insert(head(rest));
            }
        }
    }
    out.remove("");
    out
}

fn head(path: &str) -> String {
    path.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Module → the other top-level modules it uses.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(from) = owner(src, &file) else {
            continue;
        };
        let top_level_file = file.parent() == Some(src)
            || file.file_name().is_some_and(|n| n == "mod.rs")
                && file.parent().unwrap().parent() == Some(src);
        let text = std::fs::read_to_string(&file).unwrap();
        let deps = g.entry(from.clone()).or_default();
        for name in targets(&code(&text), top_level_file) {
            let module = MACROS
                .iter()
                .find(|(m, _)| *m == name)
                .map_or(name.as_str(), |(_, module)| module)
                .to_string();
            // Other names (items of lib.rs) are not modules.
            if module != from && layer(&module).is_some() {
                deps.insert(module);
            }
        }
    }
    g
}

/// The violations in `g`: unplaced modules, upward imports, cycles.
fn violations(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut bad = Vec::new();
    for (from, deps) in g {
        let Some(lf) = layer(from) else {
            bad.push(format!("module `{from}` has no layer in tests/layers.rs"));
            continue;
        };
        for to in deps {
            let Some(lt) = layer(to) else { continue };
            if lt > lf {
                bad.push(format!(
                    "`{from}` (layer {lf}) uses `{to}` (layer {lt}): arrows point down"
                ));
            }
        }
    }
    // Cycles among the modules (also within one layer).
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        bad: &mut Vec<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == m) {
            bad.push(format!("cycle: {} -> {m}", path[i..].join(" -> ")));
            return;
        }
        if !done.insert(m.to_string()) {
            return;
        }
        path.push(m.to_string());
        for d in g.get(m).into_iter().flatten() {
            visit(d, g, path, done, bad);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for m in g.keys() {
        visit(m, g, &mut Vec::new(), &mut done, &mut bad);
    }
    bad
}

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&src);
    assert!(g.contains_key("tui") && g.contains_key("secret"), "{g:?}");
    let bad = violations(&g);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_checker_sees_what_it_must() {
    let text = "use crate::{check::{self, X}, region};\nlet x = crate::tui::app::App::new();\n// crate::cli\nfoo_crate::bar; crate::tr!(\"k\")";
    let t = targets(&code(text), false);
    assert_eq!(
        t.into_iter().collect::<Vec<_>>(),
        ["check", "region", "tr", "tui"]
    );
    let mut g = BTreeMap::new();
    g.insert("clipboard".to_string(), BTreeSet::from(["cli".to_string()]));
    g.insert("cli".to_string(), BTreeSet::from(["clipboard".to_string()]));
    g.insert("nowhere".to_string(), BTreeSet::new());
    let bad = violations(&g);
    assert!(
        bad.iter()
            .any(|b| b.contains("`clipboard` (layer 2) uses `cli`")),
        "{bad:?}"
    );
    assert!(bad.iter().any(|b| b.starts_with("cycle:")), "{bad:?}");
    assert!(
        bad.iter().any(|b| b.contains("`nowhere` has no layer")),
        "{bad:?}"
    );
}

#[test]
fn the_crate_map_and_the_layout_page_name_every_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    // The layout table moved from README to docs/layout.md (README links to it).
    let page = std::fs::read_to_string(root.join("docs/layout.md")).unwrap();
    let layout = page
        .split("# Layout")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("docs/layout.md has a Layout table");
    for (m, _) in LAYERS {
        let in_lib = lib.contains(&format!("`{m}`")) || lib.contains(&format!("[`{m}`]"));
        assert!(in_lib, "src/lib.rs's crate map does not name `{m}`");
        let in_readme =
            layout.contains(&format!("`src/{m}.rs`")) || layout.contains(&format!("`src/{m}/`"));
        assert!(in_readme, "docs/layout.md does not name src/{m}");
    }
    // And every module on disk has a layer (so the lists above are the whole crate).
    for entry in std::fs::read_dir(root.join("src")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let m = name.strip_suffix(".rs").unwrap_or(&name);
        if !matches!(m, "lib" | "main") {
            assert!(
                layer(m).is_some(),
                "src/{name} has no layer in tests/layers.rs"
            );
        }
    }
}
