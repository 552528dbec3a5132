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

/// The commit the build comes from, for `seskey --version`: git when the crate directory is the top
/// of a git work tree, else the `.cargo_vcs_info.json` that `cargo package` writes into the crate
/// tarball, else `None` (a source copy without either). `SESKEY_BUILD_COMMIT` overrides both, for
/// packagers building from an export.
fn commit() -> Option<String> {
    println!("cargo:rerun-if-env-changed=SESKEY_BUILD_COMMIT");
    if let Ok(c) = std::env::var("SESKEY_BUILD_COMMIT") {
        return Some(c).filter(|c| !c.trim().is_empty());
    }
    let dir = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let vcs_info = dir.join(".cargo_vcs_info.json");
    if let Ok(text) = std::fs::read_to_string(&vcs_info) {
        println!("cargo:rerun-if-changed={}", vcs_info.display());
        // `"sha1": "<40 hex>"`; too small a format to pull in a JSON parser for.
        let sha = text.split("\"sha1\"").nth(1)?.split('"').nth(1)?;
        return Some(sha.chars().take(12).collect());
    }
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(&dir)
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
    };
    // A crate unpacked inside some other repository (a vendored copy) must not take its commit.
    let top = git(&["rev-parse", "--show-toplevel"])?;
    if std::fs::canonicalize(&top).ok()? != std::fs::canonicalize(&dir).ok()? {
        return None;
    }
    // Rebuild the stamp when HEAD moves: HEAD itself (branch switch, detached commits), the
    // branch's ref file (new commit), packed-refs (after gc). Missing files are not named: cargo
    // would rerun the script on every build.
    let mut watch = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(head_ref) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch.push(git(&["rev-parse", "--git-path", &head_ref])?);
    }
    watch.push(git(&["rev-parse", "--git-path", "packed-refs"])?);
    for path in watch {
        let path = dir.join(path);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    git(&["rev-parse", "--short=12", "HEAD"])
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
