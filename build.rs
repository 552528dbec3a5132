//! Compiles the message catalogues (`assets/locales/*.toml`) into sorted Rust tables, so the
//! binary parses nothing at start-up (parsing TOML at run time cost most of a `seskey derive`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>, file: &str) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out, file),
            other => panic!("{file}: {key} is a {}, not a message", other.type_str()),
        }
    }
}

// `source_commit`: git, else the crate tarball's `.cargo_vcs_info.json` (tests/package.rs runs it on
// the real tarball).
include!("build/commit.rs");

/// The commit the build comes from, for `seskey --version`: [`source_commit`] of the crate
/// directory. `SESKEY_BUILD_COMMIT` overrides it, for packagers building from an export.
fn commit() -> Option<String> {
    println!("cargo:rerun-if-env-changed=SESKEY_BUILD_COMMIT");
    if let Ok(c) = std::env::var("SESKEY_BUILD_COMMIT") {
        return Some(c).filter(|c| !c.trim().is_empty());
    }
    let dir = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let mut watch = Vec::new();
    let commit = source_commit(&dir, &mut watch);
    for path in watch {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    commit
}

fn main() {
    let stamp = commit().map_or_else(|| "unknown commit".to_string(), |c| format!("commit {c}"));
    println!("cargo:rustc-env=SESKEY_BUILD_COMMIT_STAMP={stamp}");
    // `cfg(x11_wayland)`: the Unix targets where arboard talks to X11/Wayland (the copying process
    // must serve the clipboard), spelled once here instead of at every use.
    println!("cargo::rustc-check-cfg=cfg(x11_wayland)");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if std::env::var_os("CARGO_CFG_UNIX").is_some()
        && !matches!(os.as_str(), "macos" | "ios" | "android" | "emscripten")
    {
        println!("cargo::rustc-cfg=x11_wayland");
    }
    println!("cargo:rerun-if-changed=assets/locales");
    let mut code = String::new();
    for (name, file) in [
        ("EN", "assets/locales/en.toml"),
        ("KO", "assets/locales/ko.toml"),
    ] {
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut flat = BTreeMap::new();
        flatten("", &table, &mut flat, file);
        let _ = writeln!(
            code,
            "/// `{file}`, flattened to dotted keys, sorted by key."
        );
        let _ = writeln!(code, "static {name}: &[(&str, &str)] = &[");
        for (k, v) in &flat {
            // `{:?}` of a `str` is a valid Rust string literal.
            let _ = writeln!(code, "    ({k:?}, {v:?}),");
        }
        let _ = writeln!(code, "];");
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("locales.rs");
    std::fs::write(out, code).expect("write locales.rs");
}
