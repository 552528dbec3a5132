//! The command line in Korean and English, chosen by `--lang`, `SESKEY_LANG` and the locale.

use assert_cmd::Command;

mod common;
use common::EnglishLocale as _;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs seskey with an English locale, then the extra variables `env`.
fn run(env: &[(&str, &str)], args: &[&str], stdin: &str) -> Run {
    let mut c = Command::cargo_bin("seskey").unwrap();
    c.english()
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_ACCESS_KEY_ID");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.args(args).write_stdin(stdin).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

const KO: &[(&str, &str)] = &[("LANG", "ko_KR.UTF-8")];

/// Asserts that `text` (a run's stdout or stderr) holds `part`; shows the whole text if not.
#[track_caller]
fn has(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} not in:\n{text}");
}

/// Asserts that `text` (a run's stdout or stderr) begins with `part`; shows the whole text if not.
#[track_caller]
fn begins(text: &str, part: &str) {
    assert!(
        text.starts_with(part),
        "does not begin with {part:?}:\n{text}"
    );
}

#[test]
fn empty_secret_in_korean_exits_2() {
    let r = run(KO, &["derive", "--region", "eu-west-1"], "\n");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    begins(&r.stderr, "seskey: 오류: 비밀 액세스 키가 비어 있습니다.");
    // The same in English with the English locale.
    let r = run(&[], &["derive", "--region", "eu-west-1"], "\n");
    assert_eq!(r.code, 2);
    begins(&r.stderr, "seskey: error: the secret access key is empty");
}

#[test]
fn the_password_is_the_same_in_every_language() {
    let en = run(&[], &["derive", "-r", "ap-northeast-2"], SECRET);
    let ko = run(KO, &["derive", "-r", "ap-northeast-2"], SECRET);
    assert_eq!(en.code, 0, "{}", en.stderr);
    assert_eq!(ko.code, 0, "{}", ko.stderr);
    assert_eq!(en.stdout, ko.stdout);
    // JSON keys and values for scripts stay English.
    let ko = run(
        KO,
        &["derive", "-r", "ap-northeast-2", "-f", "json"],
        SECRET,
    );
    let v: serde_json::Value = serde_json::from_str(&ko.stdout).unwrap();
    assert_eq!(v["region_name"], "Asia Pacific (Seoul)");
}

#[test]
fn regions_in_korean_keep_their_codes() {
    let r = run(&[], &["--lang", "ko", "regions"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    begins(&r.stdout, "코드");
    let seoul = r
        .stdout
        .lines()
        .find(|l| l.starts_with("ap-northeast-2 "))
        .unwrap();
    assert!(seoul.contains("아시아 태평양(서울)"), "{seoul}");
    assert!(seoul.contains("email-smtp.ap-northeast-2.amazonaws.com"));
    has(&r.stdout, "남아메리카(상파울루)");
    // JSON keeps the English name.
    let r = run(KO, &["regions", "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let seoul = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "ap-northeast-2")
        .unwrap();
    assert_eq!(seoul["name"], "Asia Pacific (Seoul)");
}

#[test]
fn help_in_korean() {
    let r = run(KO, &["--help"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "비밀 액세스 키를 Amazon SES SMTP 비밀번호로");
    has(&r.stdout, "종료 코드:");
    has(&r.stdout, "ses:SendRawEmail");
    let r = run(&[], &["--lang", "ko", "derive", "--help"], "");
    has(&r.stdout, "SES SMTP 엔드포인트의 AWS 리전");
    has(&r.stdout, "로그인 확인:");
    has(&r.stdout, "AWS 스크립트처럼 비밀번호만");
    let r = run(&[], &["--help"], "");
    has(&r.stdout, "Turn an AWS IAM secret access key");
    has(&r.stdout, "Exit codes:");
}

#[test]
fn language_precedence_in_the_binary() {
    let empty = |env: &[(&str, &str)], args: &[&str]| {
        let mut a = args.to_vec();
        a.extend(["derive", "--region", "eu-west-1"]);
        run(env, &a, "").stderr
    };
    let ko = "비밀 액세스 키가 비어 있습니다";
    let en = "the secret access key is empty";
    // --lang beats SESKEY_LANG, which beats the locale.
    assert!(empty(&[("SESKEY_LANG", "ko")], &["--lang", "en"]).contains(en));
    assert!(empty(&[("LANG", "ko_KR.UTF-8")], &["--lang=en"]).contains(en));
    assert!(empty(&[("SESKEY_LANG", "en"), ("LANG", "ko_KR.UTF-8")], &[]).contains(en));
    assert!(empty(&[("SESKEY_LANG", "ko")], &[]).contains(ko));
    // LC_ALL beats LC_MESSAGES beats LANG.
    assert!(empty(&[("LC_ALL", "ko_KR.UTF-8")], &[]).contains(ko));
    assert!(empty(&[("LC_ALL", "C"), ("LC_MESSAGES", "ko_KR.UTF-8")], &[]).contains(en));
    assert!(empty(&[("LC_MESSAGES", "ko_KR.UTF-8")], &[]).contains(ko));
    assert!(
        empty(
            &[("LC_MESSAGES", "en_US.UTF-8"), ("LANG", "ko_KR.UTF-8")],
            &[]
        )
        .contains(en)
    );
    // An unknown --lang is a usage error.
    let r = run(&[], &["--lang", "fr", "regions"], "");
    assert_eq!(r.code, 2);
    has(&r.stderr, "--lang");
}

#[test]
fn warnings_and_clap_errors_in_korean() {
    let args = [
        "derive",
        "--region",
        "eu-west-1",
        "--allow-nonstandard-secret",
    ];
    let r = run(KO, &args, &SECRET[..39]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stderr, "seskey: 경고: 비밀 액세스 키가 39자입니다");
    let r = run(KO, &["derive", "--region", "eu-west-1"], &SECRET[..39]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    has(&r.stderr, "seskey: 오류: 비밀 액세스 키가 39자입니다");
    let r = run(KO, &["derive", "--region", "mars-1"], SECRET);
    assert_eq!(r.code, 2);
    has(&r.stderr, "seskey가 아는 리전이 아닙니다");
    // The legacy form warns in Korean too.
    let r = run(KO, &[SECRET, "eu-west-1"], "");
    assert_eq!(r.code, 0);
    has(&r.stderr, "셸 기록");
}

/// Nouns that end in 요 and so may end a word without being the polite-informal ending.
const NOUNS_IN_YO: [&str; 5] = ["필요", "중요", "개요", "주요", "수요"];

/// Korean speaks to the user in one register, the formal 합니다체/하십시오체: a word ending in
/// 요 (고르세요, 하시겠어요, 만들까요) is 해요체 and reads as a different voice next to it. Reads
/// the file itself (keys and headers are ASCII, so every Hangul word is in a value or a comment).
#[test]
fn korean_never_slips_into_the_informal_polite_register() {
    let ko = include_str!("../assets/locales/ko.toml");
    let is_syllable = |c: char| ('가'..='힣').contains(&c);
    let mut found = Vec::new();
    for (n, line) in ko.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let word_ends = chars.get(i + 1).is_none_or(|&n| !is_syllable(n));
            if c != '요' || !word_ends || i == 0 {
                continue;
            }
            let word: String = [chars[i - 1], c].iter().collect();
            if !NOUNS_IN_YO.contains(&word.as_str()) {
                let key = line.split(" = ").next().unwrap_or_default();
                let near: String = chars[i.saturating_sub(8)..=i].iter().collect();
                found.push(format!("line {}: {key}: …{near}", n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "해요체 in ko.toml (use 합니다/하십시오/습니까):\n{}",
        found.join("\n")
    );
}
