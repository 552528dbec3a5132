//! The generated files that are checked in (man pages, shell completions) match what the clap
//! definition gives today, and `--version` names the commit.

mod common;
#[path = "../examples/gen_assets/generate.rs"]
mod generate;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::EnglishLocale;

const REGENERATE: &str = "cargo run --example gen_assets";

fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

/// The files under `dir` (relative to `assets/`), recursively.
fn checked_in(dir: &str) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    let mut dirs = vec![assets().join(dir)];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                found.insert(path.strip_prefix(assets()).unwrap().to_path_buf());
            }
        }
    }
    found
}

#[test]
fn checked_in_man_pages_and_completions_are_current() {
    let generated = generate::files();
    let mut problems = Vec::new();
    for (path, bytes) in &generated {
        match std::fs::read(assets().join(path)) {
            Ok(old) if old == *bytes => {}
            Ok(_) => problems.push(format!("{} differs", path.display())),
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    let wanted: BTreeSet<PathBuf> = generated.iter().map(|(p, _)| p.clone()).collect();
    for dir in ["man", "completions"] {
        for extra in checked_in(dir).difference(&wanted) {
            problems.push(format!("{} is not generated any more", extra.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "assets/man or assets/completions is stale; regenerate with `{REGENERATE}` and commit:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_pages_cover_every_subcommand_in_both_languages() {
    let files: BTreeSet<PathBuf> = generate::files().into_iter().map(|(p, _)| p).collect();
    for lang in ["en", "ko"] {
        for page in [
            "seskey.1",
            "seskey-derive.1",
            "seskey-check.1",
            "seskey-regions.1",
            "seskey-batch.1",
            "seskey-completions.1",
            "seskey-policy.1",
            "seskey-keys.1",
            "seskey-rotate.1",
            "seskey-create-user.1",
        ] {
            let path = Path::new("man").join(lang).join(page);
            assert!(
                files.contains(&path),
                "{} missing: {files:#?}",
                path.display()
            );
        }
    }
    let hidden = seskey::generate::KEEPER_SUBCOMMAND;
    assert!(
        !files.iter().any(|p| p.to_string_lossy().contains(hidden)),
        "the internal {hidden} has no page"
    );
}

/// The Korean page says what the Korean `--help` says, and has the man-only sections.
#[test]
fn the_korean_page_is_korean() {
    let files = generate::files();
    let page = |lang: &str| {
        let path = Path::new("man").join(lang).join("seskey.1");
        let (_, bytes) = files.iter().find(|(p, _)| *p == path).unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    let (en, ko) = (page("en"), page("ko"));
    for (text, needle) in [
        (&en, "EXIT STATUS"),
        (&en, "ENVIRONMENT"),
        (&en, "~/.aws/credentials"),
        (&en, "~/.aws/config"),
        (&en, "SECURITY"),
        (&ko, "종료 상태"),
        (&ko, "환경 변수"),
        (&ko, "~/.aws/credentials"),
        (&ko, "보안"),
        // `help.arg.no_clipboard` in Korean, as `seskey --lang ko --help` shows it.
        (&ko, "클립보드를 전혀 쓰지 않습니다"),
        // The top-level --tls values, localized like those of `derive --tls`.
        (&ko, "평문 연결을 STARTTLS로 전환"),
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

/// The NOTES of every page are filled text (`man` wraps them to the reader's terminal): no
/// `.nf` (no-fill) block, whose lines a narrow terminal would cut mid-word; list items (the exit
/// codes, the rotation steps) are tagged paragraphs. The Korean pages' section headings are
/// Korean.
#[test]
fn notes_are_filled_paragraphs() {
    let mut pages_with_items = 0;
    for (path, bytes) in generate::files() {
        if !path.starts_with("man") {
            continue;
        }
        let page = String::from_utf8(bytes).unwrap();
        if let Some(at) = page.find(".SH NOTES").or_else(|| page.find(".SH 참고")) {
            let notes = &page[at..];
            let notes = &notes[..notes[1..].find("\n.SH ").map_or(notes.len(), |e| e + 1)];
            assert!(
                !notes.contains("\n.nf"),
                "{}: no-fill NOTES:\n{notes}",
                path.display()
            );
            if notes.contains("\n.TP\n") {
                pages_with_items += 1;
            }
        }
        if path.starts_with("man/ko") {
            for english in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS"] {
                assert!(!page.contains(english), "{}: {english}", path.display());
            }
        }
    }
    // seskey(1) (exit codes) and seskey-rotate(1) (the two steps), in both languages.
    assert_eq!(pages_with_items, 4);
}

/// What `seskey completions SHELL` prints (it must succeed).
fn completions(shell: &str) -> Vec<u8> {
    let out = Command::new(common::bin())
        .english()
        .args(["completions", shell])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    out.stdout
}

/// The packaged completion scripts are what `seskey completions SHELL` prints.
#[test]
fn checked_in_completions_are_what_the_binary_prints() {
    for (shell, file) in [
        ("bash", "seskey.bash"),
        ("zsh", "_seskey"),
        ("fish", "seskey.fish"),
    ] {
        let printed = completions(shell);
        let checked_in = std::fs::read(assets().join("completions").join(file)).unwrap();
        assert!(
            printed == checked_in,
            "assets/completions/{file} is not what `seskey completions {shell}` prints; \
             regenerate with `{REGENERATE}`"
        );
    }
}

/// Hidden options are not offered: `keys` hides the clipboard options (it prints no secret),
/// whatever shell completes them; the other commands still offer them.
#[test]
fn completions_leave_out_what_keys_hides() {
    let script = |shell: &str| String::from_utf8(completions(shell)).unwrap();
    let bash = script("bash");
    let keys = bash
        .split("seskey__subcmd__keys)")
        .nth(1)
        .and_then(|s| s.split(";;").next())
        .expect("the keys section of the bash script");
    assert!(keys.contains("--profile"), "{keys}");
    for hidden in ["--clear-after", "--no-clipboard"] {
        assert!(!keys.contains(hidden), "{hidden} offered for keys:\n{keys}");
    }
    let derive = bash
        .split("seskey__subcmd__derive)")
        .nth(1)
        .and_then(|s| s.split(";;").next())
        .expect("the derive section of the bash script");
    assert!(derive.contains("--clear-after") && derive.contains("--no-clipboard"));
    let fish = script("fish");
    let zsh = script("zsh");
    let zsh_keys = zsh.split("\n(keys)\n").nth(1).unwrap_or_default();
    let zsh_keys = zsh_keys.split("\n&&").next().unwrap();
    for hidden in ["clear-after", "no-clipboard"] {
        assert!(!fish.contains(&format!("using_subcommand keys\" -l {hidden}")));
        assert!(!zsh_keys.is_empty() && !zsh_keys.contains(&format!("--{hidden}")));
    }
}

#[test]
fn version_names_the_version_and_the_commit() {
    let out = Command::new(common::bin())
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let line = String::from_utf8(out.stdout).unwrap();
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_string());
    let expected = match head {
        // Built from this checkout (the binary may lag behind HEAD only if not rebuilt).
        Some(head) => format!("seskey {} (commit {head})\n", env!("CARGO_PKG_VERSION")),
        None => format!("seskey {} (unknown commit)\n", env!("CARGO_PKG_VERSION")),
    };
    assert_eq!(line, expected);
}

/// seskey(1) lists every exit status (5: the AWS commands) and says what Ctrl-C does where, and
/// that the interactive converter's keys are not in the page.
#[test]
fn the_main_page_lists_exit_5_and_what_ctrl_c_does() {
    for lang in ["en", "ko"] {
        let page = std::fs::read_to_string(assets().join(format!("man/{lang}/seskey.1"))).unwrap();
        assert!(
            page.contains(".TP\n\\fB5\\fR\n"),
            "{lang}: no exit status 5"
        );
        assert!(page.contains("rotate \\-\\-finish"), "{lang}");
        assert!(page.contains("docs/wizard.md"), "{lang}");
    }
    let en = std::fs::read_to_string(assets().join("man/en/seskey.1")).unwrap();
    assert!(en.contains("it quits like q, with exit status 0"), "{en}");
    assert!(en.contains("press ? on any of its screens"), "{en}");
}
