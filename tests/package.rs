//! Packaging: `cargo deb` builds the Debian package, which, unpacked into a temporary root
//! (`dpkg-deb -x`; nothing is installed on the machine), runs, renders its man pages in both
//! languages without warnings and has the three completion files; `cargo package` writes the
//! crate tarball with only what the crate needs, every file the build reads, and the commit.
//!
//! The `.deb` test needs cargo-deb, dpkg-deb and man-db (`.ci/test` installs them); without the
//! tools it fails, unless `SESKEY_SKIP_PACKAGE=1` says to skip it. The tests build the release
//! binary (`cargo build --release`, as `cargo deb` and `cargo install` do); `.ci/test` builds it
//! first, so here that build finds it fresh.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SKIP: &str = "SESKEY_SKIP_PACKAGE";

/// True when the tools are there; false (after saying so loudly) when they are missing and
/// skipping was asked for; a failure otherwise.
fn tools_or_skip(tools: &[&str]) -> bool {
    let on_path = |t: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(t).is_file()))
    };
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !on_path(t)).collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os(SKIP).is_some_and(|v| v == "1") {
        eprintln!("SKIPPED: {missing:?} not installed and {SKIP}=1; .ci/test installs them");
        return false;
    }
    panic!(
        "{missing:?} not installed: run .ci/test, which installs them (or set {SKIP}=1 to skip)"
    );
}

/// `cargo`, in the crate directory, without the variables cargo sets for this test binary
/// (`CARGO_PKG_NAME`, `CARGO_MANIFEST_DIR`, `OUT_DIR`...): ring's build script watches some of them
/// (`rerun-if-env-changed`), so with them set, the release build here and the one `.ci/test` runs
/// would each find the other's ring stale and rebuild it and everything above it.
fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if [
            "CARGO_PKG_",
            "CARGO_MANIFEST_",
            "CARGO_BIN_",
            "CARGO_CRATE_",
        ]
        .iter()
        .any(|p| name.starts_with(p))
            || matches!(
                name.as_ref(),
                "CARGO_PRIMARY_PACKAGE"
                    | "CARGO_TARGET_TMPDIR"
                    | "CARGO_RUSTC_CURRENT_DIR"
                    | "OUT_DIR"
            )
        {
            c.env_remove(name.as_ref());
        }
    }
    c
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn git_head() -> Option<String> {
    let out = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

/// `man -l` of an installed page at 80 columns with groff's warnings on: the text, and no
/// warning at all.
fn render(page: &Path) -> String {
    let out = Command::new("man")
        .args(["--warnings", "-l"])
        .arg(page)
        .env("MANWIDTH", "80")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        // Plain text, no overstriking for bold (man-db keeps it when this is set at all).
        .env_remove("MAN_KEEP_FORMATTING")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "man -l {} warned or failed ({}):\n{stderr}",
        page.display(),
        out.status
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_debian_package_runs_and_has_man_pages_and_completions() {
    if !tools_or_skip(&["cargo-deb", "dpkg-deb", "man"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let deb = tmp.path().join("seskey.deb");
    ok(
        cargo()
            .args(["deb", "--locked", "--output"])
            .arg(&deb)
            .output()
            .unwrap(),
        "cargo deb",
    );

    let fields = ok(
        Command::new("dpkg-deb")
            .arg("--field")
            .arg(&deb)
            .output()
            .unwrap(),
        "dpkg-deb --field",
    );
    eprintln!("{fields}");
    assert!(fields.contains("Package: seskey\n"), "{fields}");
    let depends = fields
        .lines()
        .find_map(|l| l.strip_prefix("Depends: "))
        .unwrap_or_else(|| panic!("no Depends: {fields}"));
    // The binary links against glibc only (ldd: libc, libgcc_s for unwinding, ld-linux); arboard
    // opens X11/Wayland at run time through its own protocol crates, so no X library is needed.
    for dep in depends.split(", ") {
        assert!(
            dep.starts_with("libc6") || dep.starts_with("libgcc-s1"),
            "unexpected dependency {dep:?} in {depends:?}"
        );
    }

    let root = tmp.path().join("root");
    ok(
        Command::new("dpkg-deb")
            .arg("-x")
            .arg(&deb)
            .arg(&root)
            .output()
            .unwrap(),
        "dpkg-deb -x",
    );

    let version = ok(
        Command::new(root.join("usr/bin/seskey"))
            .arg("--version")
            .output()
            .unwrap(),
        "the installed seskey --version",
    );
    let commit = git_head().map_or("unknown commit".to_string(), |h| format!("commit {h}"));
    assert_eq!(
        version,
        format!("seskey {} ({commit})\n", env!("CARGO_PKG_VERSION"))
    );

    let man = root.join("usr/share/man");
    let en = render(&man.join("man1/seskey.1.gz"));
    assert!(
        en.contains("EXIT STATUS") && en.contains("~/.aws/credentials"),
        "{en}"
    );
    let ko = render(&man.join("ko/man1/seskey.1.gz"));
    assert!(
        ko.contains("종료 상태") && ko.contains("~/.aws/config"),
        "{ko}"
    );
    for lang in ["man1", "ko/man1"] {
        for sub in [
            "derive",
            "check",
            "regions",
            "batch",
            "completions",
            "policy",
        ] {
            render(&man.join(lang).join(format!("seskey-{sub}.1.gz")));
        }
    }

    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/completions");
    for (installed, source) in [
        (
            "usr/share/bash-completion/completions/seskey",
            "seskey.bash",
        ),
        ("usr/share/zsh/vendor-completions/_seskey", "_seskey"),
        (
            "usr/share/fish/vendor_completions.d/seskey.fish",
            "seskey.fish",
        ),
    ] {
        let got =
            std::fs::read(root.join(installed)).unwrap_or_else(|e| panic!("{installed}: {e}"));
        assert!(
            got == std::fs::read(assets.join(source)).unwrap(),
            "{installed}"
        );
    }
    for doc in [
        "README.md",
        "BENCHMARKS.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "copyright",
    ] {
        let path = root.join("usr/share/doc/seskey").join(doc);
        assert!(path.is_file(), "{} missing", path.display());
    }
    // README's links into docs/ resolve in the installed tree too: every page, unchanged.
    for page in doc_pages() {
        let installed = root.join("usr/share/doc/seskey").join(&page);
        let got = std::fs::read(&installed)
            .unwrap_or_else(|e| panic!("{} missing: {e}", installed.display()));
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(&page);
        assert!(got == std::fs::read(&source).unwrap(), "{}", page.display());
    }
}

/// The pages of docs/ (`docs/NAME.md`), which README links to.
fn doc_pages() -> Vec<PathBuf> {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| Path::new("docs").join(e.unwrap().file_name()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "no docs/*.md");
    pages
}

/// The files `cargo package` would publish, without building.
fn package_list() -> Vec<PathBuf> {
    ok(
        cargo()
            .args(["package", "--list", "--allow-dirty", "--locked"])
            .output()
            .unwrap(),
        "cargo package --list",
    )
    .lines()
    .map(PathBuf::from)
    .collect()
}

#[test]
fn the_crate_tarball_holds_only_what_the_build_and_the_package_need() {
    let files = package_list();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "src/main.rs",
        "src/lib.rs",
        "assets/regions.tsv",
        "assets/locales/en.toml",
        "assets/locales/ko.toml",
        "assets/man/en/seskey.1",
        "assets/man/ko/seskey.1",
        "assets/completions/_seskey",
        "README.md",
        "BENCHMARKS.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
    ] {
        assert!(
            files.contains(&PathBuf::from(needed)),
            "{needed} missing: {files:#?}"
        );
    }
    for page in doc_pages() {
        assert!(
            files.contains(&page),
            "{} missing: {files:#?}",
            page.display()
        );
    }
    for f in &files {
        let top = f.components().next().unwrap().as_os_str().to_string_lossy();
        assert!(
            !matches!(
                top.as_ref(),
                "tests" | "benches" | "examples" | "target" | ".ci"
            ) && !f.starts_with("assets/screens")
                && !f.to_string_lossy().contains("snapshots/"),
            "{} should not be published",
            f.display()
        );
    }
}

/// The release binary, built as `cargo deb` and `cargo install` build it (fresh after `.ci/test`'s
/// own `cargo build --release`): its path, from cargo's report.
fn release_build() -> PathBuf {
    let report = ok(
        cargo()
            .args(["build", "--release", "--locked", "--bin", "seskey"])
            .arg("--message-format=json-render-diagnostics")
            .output()
            .unwrap(),
        "cargo build --release",
    );
    report
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find_map(|m| {
            let bin = m["reason"] == "compiler-artifact"
                && m["target"]["name"] == "seskey"
                && m["target"]["kind"][0] == "bin";
            bin.then(|| m["executable"].as_str().map(PathBuf::from))?
        })
        .unwrap_or_else(|| panic!("no seskey binary in cargo's report:\n{report}"))
}

/// The files a build of `exe` read, from the dep-info cargo writes next to it (`seskey.d`):
/// every source file, every `include_str!`/`include!` file, build.rs and what it includes, and
/// every file build.rs watches (`rerun-if-changed`).
fn files_read_by_the_build(exe: &Path) -> Vec<PathBuf> {
    let dep_info = exe.with_extension("d");
    let text = std::fs::read_to_string(&dep_info)
        .unwrap_or_else(|e| panic!("{}: {e}", dep_info.display()));
    // Make syntax: `TARGET: DEP DEP...`, spaces within a path escaped as `\ `.
    let (_, deps) = text
        .lines()
        .find_map(|l| l.split_once(": "))
        .unwrap_or_else(|| panic!("{}: no rule in {text:?}", dep_info.display()));
    let deps = deps.replace("\\ ", "\0");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    deps.split(' ')
        .filter(|d| !d.is_empty())
        .map(|d| root.join(d.replace('\0', " ")))
        .collect()
}

/// `cargo package` without its verification build: the crate tarball, unpacked into a temporary
/// directory (the directory, and the crate's top directory in it).
fn unpacked_crate_tarball() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    ok(
        cargo()
            .args([
                "package",
                "--no-verify",
                "--allow-dirty",
                "--locked",
                "--target-dir",
            ])
            .arg(tmp.path())
            .output()
            .unwrap(),
        "cargo package",
    );
    let name = format!("seskey-{}", env!("CARGO_PKG_VERSION"));
    ok(
        Command::new("tar")
            .arg("-xzf")
            .arg(tmp.path().join("package").join(format!("{name}.crate")))
            .arg("-C")
            .arg(tmp.path())
            .output()
            .unwrap(),
        "tar -x of the crate",
    );
    let top = tmp.path().join(name);
    (tmp, top)
}

/// Everything the build reads is in the tarball: what cargo's verification build (`cargo
/// package` without `--no-verify`) would prove by building, told by the dep-info of the build
/// instead, which also names each missing file.
#[test]
fn the_crate_tarball_has_every_file_the_build_reads() {
    let exe = release_build();
    let (_tmp, unpacked) = unpacked_crate_tarball();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = files_read_by_the_build(&exe);
    assert!(
        read.contains(&root.join("src/lib.rs")) && read.contains(&root.join("build.rs")),
        "{read:#?}"
    );
    for file in read {
        // build.rs's own output (OUT_DIR), and git's HEAD and refs, which the tarball's
        // `.cargo_vcs_info.json` stands for (the next test).
        if file.starts_with(exe.parent().unwrap())
            || file.components().any(|c| c.as_os_str() == ".git")
        {
            continue;
        }
        let inside = file
            .strip_prefix(root)
            .unwrap_or_else(|_| panic!("the build reads {}, outside the crate", file.display()));
        assert!(
            unpacked.join(inside).exists(),
            "the build reads {}, which the crate tarball lacks (Cargo.toml, `include`)",
            inside.display()
        );
    }
}

mod build_commit {
    include!("../build/commit.rs");

    /// build.rs's commit for the crate source in `dir`.
    pub fn of(dir: &std::path::Path) -> Option<String> {
        source_commit(dir, &mut Vec::new())
    }
}

/// Built from the tarball, outside git, the crate still knows its commit: build.rs's own code
/// (build/commit.rs) reads it from the tarball's `.cargo_vcs_info.json`.
#[test]
fn the_crate_tarball_tells_the_build_its_commit() {
    let (_tmp, unpacked) = unpacked_crate_tarball();
    assert!(!unpacked.join(".git").exists());
    assert_eq!(build_commit::of(&unpacked), git_head());
    // And a source copy with neither git nor the tarball's file has none.
    let bare = tempfile::tempdir().unwrap();
    std::fs::copy(unpacked.join("Cargo.toml"), bare.path().join("Cargo.toml")).unwrap();
    assert_eq!(build_commit::of(bare.path()), None);
}
