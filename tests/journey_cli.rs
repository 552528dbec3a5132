//! Issue 14, the command line a newcomer types: region names, what cannot work refused with a
//! way forward, completions, help and `seskey policy`. The real binary, real pipes.

use assert_cmd::Command;

mod common;
use common::{EnglishLocale as _, vector, vectors};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// SECRET's us-east-1 SMTP password (as the AWS script computes it).
const PASSWORD: &str = "BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: &str) -> Run {
    let out = Command::cargo_bin("seskey")
        .unwrap()
        .english()
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_ACCESS_KEY_ID")
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    // Key material given to seskey is never repeated.
    for s in [SECRET, PASSWORD, &vector("ap-northeast-2").0] {
        assert!(!r.stderr.contains(s), "{args:?}: {}", r.stderr);
    }
    r
}

/// The nine regions issue 14 found missing: one list, which src/region.rs's unit tests read too.
fn issue14_regions() -> Vec<&'static str> {
    let text = include_str!("data/regions-added.txt");
    text.lines().filter(|l| !l.starts_with('#')).collect()
}

#[test]
fn the_nine_new_regions_derive_without_a_warning() {
    let new = issue14_regions();
    assert_eq!(new.len(), 9, "tests/data/regions-added.txt: {new:?}");
    for &region in &new {
        let (secret, want) = vector(region);
        let r = run(&["derive", "--region", region], &secret);
        assert_eq!(r.code, 0, "{region}: {}", r.stderr);
        assert_eq!(r.stdout, format!("{want}\n"), "{region}");
        assert_eq!(r.stderr, "", "{region}");
    }
    let r = run(&["regions", "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 29);
    for region in new {
        assert!(codes.contains(&region), "{region}");
        assert!(vectors().iter().filter(|v| v.0 == region).count() >= 3);
    }
}

#[test]
fn region_names_in_english_and_korean_are_accepted() {
    let (secret, want) = vector("ap-northeast-2");
    for name in [
        "seoul",
        "Seoul",
        "서울",
        "Asia Pacific (Seoul)",
        "아시아 태평양(서울)",
    ] {
        let r = run(&["derive", "--region", name], &secret);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert_eq!(r.stdout, format!("{want}\n"), "{name}");
        assert_eq!(r.stderr, "", "{name}");
    }
    let (secret, want) = vector("sa-east-1");
    for name in ["sao paulo", "São Paulo", "SAO PAULO", "상파울루"] {
        let r = run(&["derive", "--region", name], &secret);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert_eq!(r.stdout, format!("{want}\n"), "{name}");
    }
}

#[test]
fn unclear_regions_exit_2_with_did_you_mean() {
    let r = run(&["derive", "--region", "us-east"], SECRET);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "seskey: error: \"us-east\" does not name one region seskey knows: did you mean \
         us-east-1 (N. Virginia) or us-east-2 (Ohio)? Give its code, e.g. us-east-1\n"
    );
    assert!(r.stdout.is_empty());
    let r = run(&["derive", "--region", "seol"], SECRET);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean ap-northeast-2 (Seoul)?"),
        "{}",
        r.stderr
    );
    let r = run(&["--lang", "ko", "derive", "--region", "seol"], SECRET);
    assert!(r.stderr.contains("ap-northeast-2(서울)"), "{}", r.stderr);
    // Every candidate is named, or counted: `europe` fits seven regions, eu-north-1 among them.
    let r = run(&["derive", "--region", "europe"], SECRET);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("eu-north-1 (Stockholm)"), "{}", r.stderr);
    let r = run(&["derive", "--region", "asia"], SECRET);
    assert!(
        r.stderr.contains("more (`seskey regions` lists all)"),
        "{}",
        r.stderr
    );
    let r = run(&["derive", "--region", "xyzzy"], SECRET);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not a region seskey knows"),
        "{}",
        r.stderr
    );
    // Names work for `check` and `batch` as well (same parser).
    let r = run(
        &[
            "check",
            "--region",
            "us-east",
            "--access-key-id",
            "AKIAIOSFODNN7EXAMPLE",
        ],
        "",
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn other_partitions_get_no_made_up_host() {
    let r = run(&["derive", "--region", "cn-north-1"], SECRET);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("aws-cn partition"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let r = run(
        &["derive", "--region", "eusc-de-east-1", "--format", "json"],
        SECRET,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["host"], "email-smtp.eusc-de-east-1.amazonaws.eu");
    assert!(r.stderr.contains("not in seskey's list"), "{}", r.stderr);
    assert!(r.stderr.contains("check the SES endpoints page"));
}

#[test]
fn an_smtp_password_as_the_secret_is_refused() {
    for args in [
        &["derive", "-r", "us-east-1"][..],
        &["derive", "-r", "us-east-1", "--allow-nonstandard-secret"],
    ] {
        let r = run(args, &format!("{PASSWORD}\n"));
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stdout.is_empty());
        assert!(
            r.stderr.contains("this is an SMTP password"),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr
                .contains("Paste the 40-character secret access key"),
            "{}",
            r.stderr
        );
    }
    // The AWS script's form too.
    let r = run(&[PASSWORD, "us-east-1"], "");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("this is an SMTP password"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_secret_not_40_characters_is_refused_unless_allowed() {
    for n in [39, 41] {
        let s = if n == 39 {
            SECRET[..39].to_string()
        } else {
            format!("{SECRET}A")
        };
        let r = run(&["derive", "-r", "us-east-1"], &s);
        assert_eq!(r.code, 2, "{n}");
        assert!(r.stdout.is_empty());
        assert!(
            r.stderr.contains(&format!("has {n} characters")),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("--allow-nonstandard-secret"),
            "{}",
            r.stderr
        );
        let r = run(
            &["derive", "-r", "us-east-1", "--allow-nonstandard-secret"],
            &s,
        );
        assert_eq!(r.code, 0, "{n}: {}", r.stderr);
        assert!(r.stderr.contains("warning"), "{}", r.stderr);
    }
    // A single character is no key at all, override or not.
    for args in [
        &["derive", "-r", "us-east-1"][..],
        &["derive", "-r", "us-east-1", "--allow-nonstandard-secret"],
    ] {
        let r = run(args, "w\n");
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("only 1 characters"), "{}", r.stderr);
    }
    // `check` applies the same rule to a secret (a password goes through as a password).
    let r = run(
        &[
            "check",
            "-r",
            "us-east-1",
            "--access-key-id",
            "AKIAIOSFODNN7EXAMPLE",
        ],
        &SECRET[..39],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--allow-nonstandard-secret"),
        "{}",
        r.stderr
    );
}

#[test]
fn malformed_access_key_ids_are_refused() {
    for (id, says) in [
        ("AKIA123", "this one has 7"),
        ("AK", "this one has 2"),
        ("akiaiosfodnn7example", "written in capitals"),
        ("ASIAIOSFODNN7EXAMPLE", "temporary"),
    ] {
        let r = run(
            &["derive", "-r", "us-east-1", "--access-key-id", id],
            SECRET,
        );
        assert_eq!(r.code, 2, "{id}");
        assert!(r.stdout.is_empty());
        assert!(r.stderr.contains(says), "{id}: {}", r.stderr);
    }
    let r = run(
        &[
            "derive",
            "-r",
            "us-east-1",
            "--access-key-id",
            "AKIAIOSFODNN7EXAMPLE",
        ],
        SECRET,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_secret_given_as_an_argument_says_what_to_do() {
    let r = run(&[SECRET], "");
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("| seskey derive --region REGION"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("run `seskey` with no arguments"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("unrecognized subcommand"));
    assert!(!r.stderr.contains("[redacted]"));
    let r = run(&["derive", SECRET], "");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`seskey derive` does not take the secret as an argument"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("unexpected argument"));
    let r = run(&["--lang", "ko", SECRET], "");
    assert!(r.stderr.contains("파이프로 넘기십시오"), "{}", r.stderr);
}

#[test]
fn completions_hide_the_keeper_and_offer_region_codes() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = run(&["completions", shell], "");
        assert_eq!(r.code, 0);
        assert!(!r.stdout.contains("clipboard-keeper"), "{shell}");
        assert!(!r.stdout.contains("crate::clipboard"), "{shell}");
        assert!(r.stdout.contains("derive"), "{shell}");
    }
    // Shells that complete option values get the region codes (any code is still accepted).
    let bash = run(&["completions", "bash"], "").stdout;
    let region_case = &bash[bash.find("--region)").unwrap()..];
    let line = region_case.lines().nth(1).unwrap();
    assert!(line.contains("compgen -W \"us-east-1 "), "{line}");
    assert!(
        line.contains("me-south-1") && line.contains("us-gov-east-1"),
        "{line}"
    );
    let fish = run(&["completions", "fish"], "").stdout;
    assert!(
        fish.contains("ap-northeast-2\\t'Asia Pacific (Seoul)'"),
        "{fish}"
    );
    let zsh = run(&["completions", "zsh"], "").stdout;
    assert!(zsh.contains("ap-northeast-2"), "{zsh}");
}

#[test]
fn derive_help_headings_and_the_policy() {
    let help = run(&["derive", "--help"], "").stdout;
    let login = help.find("Login check:").expect("a Login check heading");
    for flag in [
        "--copy",
        "--from-csv",
        "--row",
        "--profile",
        "--allow-nonstandard-secret",
    ] {
        let at = help.find(&format!("      {flag}")).expect(flag);
        assert!(at < login, "{flag} is under Login check:\n{help}");
    }
    // No 29-code list in --help.
    assert!(!help.contains("possible values: us-east-1"));
    // --region takes names as well as codes, and says so.
    for cmd in ["derive", "check"] {
        let help = run(&[cmd, "--help"], "").stdout;
        assert!(
            help.contains("a code or a name: eu-west-1, Ireland, Seoul, 서울"),
            "{cmd}:\n{help}"
        );
    }

    let r = run(&["policy"], "");
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["Version"], "2012-10-17");
    assert_eq!(v["Statement"][0]["Action"], "ses:SendRawEmail");
    assert_eq!(v["Statement"][0]["Resource"], "*");
    assert_eq!(v["Statement"][0]["Effect"], "Allow");

    for lang in ["en", "ko"] {
        let top = run(&["--lang", lang, "--help"], "").stdout;
        assert!(top.contains("seskey policy"), "{lang}");
        assert!(!top.contains(r#"{"Effect""#), "{lang}: a bare statement");
        assert!(top.contains("ses:SendRawEmail"));
    }
    let top = run(&["--help"], "").stdout;
    assert!(top.contains("A passing login check"), "{top}");
    assert!(top.contains("sandbox"), "{top}");
    assert!(top.contains("policy"), "{top}");
}
