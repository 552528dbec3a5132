//! The command line, driven as a user would: the real binary, real pipes.

use assert_cmd::Command;

mod common;
use common::{EnglishLocale as _, vectors};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

fn seskey() -> Command {
    let mut c = Command::cargo_bin("seskey").unwrap();
    c.english()
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_ACCESS_KEY_ID");
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: &str) -> Run {
    let out = seskey().args(args).write_stdin(stdin).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Runs and asserts the secret never shows on either stream.
fn run_clean(args: &[&str], stdin: &str, secret: &str) -> Run {
    let r = run(args, stdin);
    let s = secret.trim();
    if s.len() >= 8 {
        assert!(!r.stdout.contains(s), "secret on stdout for {args:?}");
        assert!(!r.stderr.contains(s), "secret on stderr for {args:?}");
    }
    r
}

#[test]
fn every_vector_through_derive_and_the_aws_script_form() {
    for (region, secret, want) in vectors() {
        // The AWS documentation's 39-character example needs the override (and is not taken by
        // the AWS script's form, which has no room for it).
        let standard = secret.len() == 40;
        let mut args = vec!["derive", "--region", &region];
        if !standard {
            args.push("--allow-nonstandard-secret");
        }
        let r = run_clean(&args, &format!("{secret}\n"), &secret);
        assert_eq!(r.code, 0, "{region}: {}", r.stderr);
        assert_eq!(r.stdout, format!("{want}\n"), "{region}");
        if !standard {
            continue;
        }
        // Every catalogue region derives without a word of warning.
        assert_eq!(r.stderr, "", "{region}");

        let r = run(&[&secret, &region], "");
        assert_eq!(r.code, 0, "{region}: {}", r.stderr);
        assert_eq!(r.stdout, format!("{want}\n"));
        assert!(r.stderr.contains("shell history"), "{}", r.stderr);
    }
}

#[test]
fn json_format_has_everything_a_mail_client_needs() {
    let r = run_clean(
        &[
            "derive",
            "-r",
            "us-west-2",
            "--access-key-id",
            KEY_ID,
            "--format",
            "json",
        ],
        SECRET,
        SECRET,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["region"], "us-west-2");
    assert_eq!(v["host"], "email-smtp.us-west-2.amazonaws.com");
    assert_eq!(v["fips_host"], "email-smtp-fips.us-west-2.amazonaws.com");
    assert_eq!(v["username"], KEY_ID);
    let ports: Vec<(u64, String)> = v["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["port"].as_u64().unwrap(),
                p["tls"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        ports,
        [
            (587, "starttls".to_string()),
            (2587, "starttls".into()),
            (25, "starttls".into()),
            (465, "tls".into()),
            (2465, "tls".into())
        ]
    );
    let pw = v["password"].as_str().unwrap();
    let plain = run(&["derive", "-r", "us-west-2"], SECRET);
    assert_eq!(format!("{pw}\n"), plain.stdout);
}

#[test]
fn env_format_prints_four_lines() {
    let r = run_clean(
        &[
            "derive",
            "-r",
            "eu-west-1",
            "--access-key-id",
            KEY_ID,
            "-f",
            "env",
        ],
        SECRET,
        SECRET,
    );
    assert_eq!(r.code, 0);
    let pw = run(&["derive", "-r", "eu-west-1"], SECRET).stdout;
    assert_eq!(
        r.stdout,
        format!(
            "SMTP_HOST=email-smtp.eu-west-1.amazonaws.com\nSMTP_PORT=587\n\
             SMTP_USERNAME={KEY_ID}\nSMTP_PASSWORD={pw}"
        )
    );
    let r = run_clean(&["derive", "-r", "eu-west-1", "-f", "env"], SECRET, SECRET);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("SMTP_USERNAME=\n"));
    assert!(r.stderr.contains("--access-key-id"), "{}", r.stderr);
}

#[test]
fn from_env_reads_both_variables() {
    let out = seskey()
        .args(["derive", "-r", "us-east-1", "--from-env", "-f", "env"])
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains(&format!("SMTP_USERNAME={KEY_ID}")));
    let pw = run(&["derive", "-r", "us-east-1"], SECRET).stdout;
    assert!(stdout.ends_with(&format!("SMTP_PASSWORD={pw}")));

    let r = run(&["derive", "-r", "us-east-1", "--from-env"], "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("AWS_SECRET_ACCESS_KEY is not set"));
    assert!(r.stdout.is_empty());
}

#[test]
fn invalid_secrets_exit_2_with_a_reason_and_no_output() {
    let cases: &[(String, &str)] = &[
        (String::new(), "is empty"),
        ("  \n".into(), "is empty"),
        (KEY_ID.into(), "looks like an access key ID"),
        (
            format!("{} {}", &SECRET[..10], &SECRET[10..]),
            "character 11",
        ),
        (format!("{}-", &SECRET[..39]), "character 40"),
        (format!("{}é", &SECRET[..39]), "non-ASCII"),
        (format!("{SECRET}\n{SECRET}\n"), "more than one line"),
        ("a".repeat(5000), "longer than a secret"),
    ];
    for (input, why) in cases {
        let r = run_clean(&["derive", "-r", "us-east-1"], input, input);
        assert_eq!(r.code, 2, "{why}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{why}");
        assert!(r.stderr.contains(why), "want {why:?} in {}", r.stderr);
        assert!(r.stderr.starts_with("seskey: error: "), "{}", r.stderr);
    }
}

#[test]
fn non_utf8_input_is_refused() {
    let out = seskey()
        .args(["derive", "-r", "us-east-1"])
        .write_stdin(vec![0xff, 0xfe, b'a'])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
}

#[test]
fn warnings_keep_exit_0_and_go_to_stderr() {
    // 39 characters with --allow-nonstandard-secret: derived, with a length warning (without
    // it: refused, see tests/journey_cli.rs).
    let short = &SECRET[..39];
    let r = run_clean(
        &["derive", "-r", "us-east-1", "--allow-nonstandard-secret"],
        short,
        short,
    );
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("39 characters"));
    assert_eq!(r.stdout.trim().len(), 44);

    // A region AWS may have added since the catalogue: derived, with a true warning.
    let r = run_clean(&["derive", "-r", "ap-southeast-7"], SECRET, SECRET);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim().len(), 44);
    assert!(
        r.stderr.contains(
            "ap-southeast-7 is not in seskey's list of SES SMTP regions (from 2026-11-29)"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_regions_and_key_ids_exit_2() {
    let r = run_clean(&["derive", "-r", "europe"], SECRET, SECRET);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean"), "{}", r.stderr);
    assert!(
        r.stderr.contains("eu-central-1 (Frankfurt)"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());

    let r = run_clean(
        &[
            "derive",
            "-r",
            "us-east-1",
            "--access-key-id",
            "ASIAIOSFODNN7EXAMPLE",
        ],
        SECRET,
        SECRET,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("temporary"), "{}", r.stderr);
    assert!(r.stdout.is_empty());

    // The secret pasted as the key ID is refused without being echoed.
    let r = run_clean(
        &["derive", "-r", "us-east-1", "--access-key-id", SECRET],
        SECRET,
        SECRET,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("looks like a secret access key"));
}

#[test]
fn a_secret_in_the_region_s_place_is_never_repeated() {
    let r = run_clean(&["derive", "-r", SECRET], SECRET, SECRET);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("looks like a key"), "{}", r.stderr);
    assert!(r.stdout.is_empty());

    // The AWS script's form with the two arguments swapped: understood, with a warning.
    let (secret, want) = common::vector("eu-west-3");
    let r = run_clean(&["eu-west-3", &secret], "", &secret);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, format!("{want}\n"));
    assert!(r.stderr.contains("look swapped"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2_and_never_echo_a_secret() {
    let r = run_clean(&["derive", "-r", "us-east-1", SECRET], "", SECRET);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does not take the secret as an argument"));

    let r = run_clean(&["derive"], SECRET, SECRET);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--region"));

    let r = run_clean(&[SECRET], "", SECRET);
    assert_eq!(r.code, 2);

    // Global options go before or after the subcommand.
    let r = run(&["--no-clipboard", "derive", "-r", "us-east-1"], SECRET);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&["derive", "--clear-after", "5", "-r", "us-east-1"], SECRET);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = run(&["derive", "-r", "us-east-1", "--format", "xml"], SECRET);
    assert_eq!(r.code, 2);

    // No command and no terminal: explain, exit 2.
    let r = run(&[], "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("seskey derive"));
}

#[test]
fn write_failure_exits_1() {
    let devfull = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = common::spawn_with_input(
        std::process::Command::new(assert_cmd::cargo::cargo_bin("seskey"))
            .english()
            .args(["derive", "-r", "us-east-1"])
            .stdout(devfull)
            .stderr(std::process::Stdio::piped()),
        SECRET,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("could not write the output"), "{err}");
    assert!(!err.contains(SECRET));
}

#[test]
fn regions_table_and_json() {
    let r = run(&["regions"], "");
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.lines().count(), 30);
    assert!(r.stdout.contains("ap-northeast-2  Asia Pacific (Seoul)"));

    let r = run(&["regions", "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), 29);
    assert_eq!(all[0]["code"], "us-east-1");
    assert_eq!(
        all[0]["fips_host"],
        "email-smtp-fips.us-east-1.amazonaws.com"
    );
    assert_eq!(all[28]["partition"], "aws-us-gov");
}

#[test]
fn help_version_and_completions() {
    let r = run(&["--help"], "");
    assert_eq!(r.code, 0);
    for want in [
        "ses:SendRawEmail",
        "Exit codes",
        "Security credentials",
        "derive",
    ] {
        assert!(r.stdout.contains(want), "{want}");
    }
    let r = run(&["--version"], "");
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("seskey "));
    for shell in ["bash", "zsh", "fish"] {
        let r = run(&["completions", shell], "");
        assert_eq!(r.code, 0, "{shell}");
        assert!(r.stdout.contains("derive"), "{shell}");
    }
}

/// Korean messages use one register, the formal "…하십시오", and the login check's messages name
/// a host or file without the "을(를)" particle placeholder. The wizard's rotation texts
/// (`rot.*`) are left to the wizard's snapshots.
#[test]
fn korean_messages_keep_one_register() {
    let ko = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/locales/ko.toml"
    ))
    .unwrap();
    for line in ko.lines().filter(|l| !l.starts_with("\"rot.")) {
        assert!(!line.contains("세요"), "not …하십시오: {line}");
    }
    let check = ko.split("\n[check]\n").nth(1).unwrap();
    let check = &check[..check.find("\n[").unwrap_or(check.len())];
    assert!(!check.contains("을(를)"), "{check}");
}

/// The help `seskey ARGS` prints in `lang` at a terminal `width` columns wide (clap and seskey
/// read `COLUMNS` when no standard stream is a terminal, as here).
fn help_at(lang: &str, args: &[&str], width: usize) -> String {
    let out = seskey()
        .env("SESKEY_LANG", lang)
        .env("COLUMNS", width.to_string())
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{lang} {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Where a list item's text starts in `body` (a line without its indentation): after `- `, or
/// after the first two or more spaces that follow its term.
fn item_text_column(body: &str) -> Option<usize> {
    if body.starts_with("- ") {
        return Some(2);
    }
    let gap = body.find("  ")?;
    Some(gap + body[gap..].find(|c| c != ' ')?).filter(|_| gap > 0)
}

/// The after-help text of `help` (the rendered help), from the line that opens the logical text
/// `key` of the catalogue `lang` to the end.
fn notes_of<'h>(help: &'h str, lang: &str, key: &str) -> Vec<&'h str> {
    let catalogue = std::fs::read_to_string(format!(
        "{}/assets/locales/{lang}.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let opening = format!("\n{key} = \"\"\"\n");
    let at = catalogue.find(&opening).unwrap_or_else(|| panic!("{key}")) + opening.len();
    let first = catalogue[at..].lines().next().unwrap();
    let lines: Vec<&str> = help.lines().collect();
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty() && !l.starts_with(' ') && first.starts_with(l))
        .unwrap_or_else(|| panic!("no {key} in:\n{help}"));
    lines[start..].to_vec()
}

/// `notes` are filled to `width`: a line continuing a paragraph or a list item starts with a
/// word that would not have fitted on the line before (no ragged early breaks), and a list
/// item's continuation lines hang under its text, not under its term.
fn assert_filled(notes: &[&str], width: usize, context: &str) {
    use unicode_width::UnicodeWidthStr;
    let mut prev: Option<&str> = None;
    // The column continuation lines start at, and the indentation of the current list item.
    let mut hang = 0;
    let mut item: Option<usize> = None;
    for &line in notes {
        let body = line.trim_start();
        if body.is_empty() {
            (prev, item) = (None, None);
            continue;
        }
        let indent = line.len() - body.len();
        let starts_item = item_text_column(body);
        let continues = prev.is_some() && starts_item.is_none() && indent == hang;
        if let (Some(p), true) = (prev, continues) {
            let first = body.split(' ').next().unwrap();
            assert!(
                p.width() + 1 + first.width() > width,
                "{context}: ragged break at {width} columns, {first:?} fits after {p:?}"
            );
        }
        if let Some(i) = item.filter(|&i| starts_item.is_none() && !continues && indent == i) {
            panic!("{context}: a list item's text at {i} continues under its term: {line:?}");
        }
        match starts_item {
            Some(col) => (hang, item) = (indent + col, Some(indent)),
            None if continues => {}
            None => (hang, item) = (indent, None),
        }
        prev = Some(line);
    }
}

/// `--help` at a narrow and a wide terminal in both languages: no line wider than the terminal,
/// no word split (every word is one of the unwrapped help's words), the after-help texts
/// filled with hanging list items, and in Korean none of clap's English words.
#[test]
fn help_fits_the_terminal_in_both_languages() {
    use std::collections::HashSet;
    use unicode_width::UnicodeWidthStr;
    let pages: [(&[&str], Option<&str>); 7] = [
        (&["--help"], Some("after_help")),
        (&["-h"], Some("after_help")),
        (&["derive", "--help"], None),
        (&["derive", "-h"], None),
        (&["check", "--help"], Some("\"check.after_help\"")),
        (&["help", "rotate"], Some("\"rotate.after_help\"")),
        (&["keys", "--help"], None),
    ];
    for lang in ["en", "ko"] {
        for (args, notes_key) in pages {
            let wide = help_at(lang, args, 1000);
            let words: HashSet<&str> = wide.split_whitespace().collect();
            for width in [60, 100] {
                let help = help_at(lang, args, width);
                let context = format!("{lang} {args:?} at {width}");
                for line in help.lines() {
                    assert!(line.width() <= width, "{context}: too wide: {line:?}");
                }
                for word in help.split_whitespace() {
                    assert!(words.contains(word), "{context}: split word {word:?}");
                }
                if let Some(key) = notes_key {
                    assert_filled(&notes_of(&help, lang, key), width, &context);
                }
            }
            if lang == "ko" {
                for english in [
                    "Usage:",
                    "Commands:",
                    "Options:",
                    "Arguments:",
                    "Print help",
                    "Print version",
                    "Print this message",
                    "Possible values",
                    "[possible values:",
                    "[default:",
                    "[env:",
                ] {
                    assert!(!wide.contains(english), "ko {args:?}: {english}\n{wide}");
                }
                assert!(wide.contains("사용법:"), "{wide}");
            }
        }
    }
}
