//! `seskey derive` without `--region` at a real terminal (a pseudo-terminal): it asks for the
//! region after the hidden secret prompt, with the rules of `--region`, and never takes or
//! repeats a secret there. Off a terminal it refuses, as before.

mod common;

use common::pty::{Pty, seskey};
use common::{EnglishLocale as _, bin};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SECRET_PROMPT: &str = "Secret access key (input hidden):";
const REGION_PROMPT: &str = "Region (code or name, e.g. eu-west-1 or Seoul; ? lists them):";

/// The SMTP password of [`SECRET`] for `region`, from the piped form.
fn password(region: &str) -> String {
    let out = assert_cmd::Command::new(bin())
        .english()
        .args(["derive", "-r", region])
        .write_stdin(SECRET)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// `seskey derive ARGS` in a pseudo-terminal, at the region prompt (the secret typed already).
fn at_region_prompt(args: &[&str]) -> Pty {
    let mut argv = vec!["derive"];
    argv.extend(args);
    let mut s = Pty::start(seskey(&argv));
    s.wait_text(SECRET_PROMPT);
    s.send(format!("{SECRET}\r").as_bytes());
    s.wait_text(REGION_PROMPT);
    s
}

fn prompts(s: &Pty) -> usize {
    String::from_utf8_lossy(&s.raw())
        .matches(REGION_PROMPT)
        .count()
}

#[test]
fn derive_asks_for_the_region_after_the_secret() {
    let mut s = at_region_prompt(&[]);
    // An empty Enter asks again.
    s.send(b"\r");
    s.wait_for("the prompt again", |_| prompts(&s) == 2);
    // `?` lists the regions, then asks again.
    s.send(b"?\r");
    s.wait_for("the list", |_| prompts(&s) == 3);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    for code in [
        "af-south-1",
        "ap-northeast-2",
        "us-gov-west-1",
        "eu-west-1      — Europe (Ireland)",
    ] {
        assert!(raw.contains(code), "{code} missing from the list:\n{raw}");
    }
    // A compact list for the prompt: no host names to wrap mid-word at 80 columns.
    assert!(!raw.contains("email-smtp"), "{raw}");
    // Ambiguous: the choices, and the prompt again.
    s.send(b"us-east\r");
    s.wait_for("the choices", |_| prompts(&s) == 4);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(raw.contains("did you mean"), "{raw}");
    assert!(
        raw.contains("us-east-1 (N. Virginia) or us-east-2 (Ohio)"),
        "{raw}"
    );
    // A secret pasted here is refused without being repeated (the terminal's own echo shows
    // it once), and not used.
    s.send(format!("{SECRET}\r").as_bytes());
    s.wait_for("the refusal", |_| prompts(&s) == 5);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(
        raw.contains("looked like key material, not a region"),
        "{raw}"
    );
    assert!(raw.contains("hidden prompt"), "{raw}");
    assert_eq!(raw.matches(SECRET).count(), 1, "{raw}");
    // A name that fits one region.
    s.send(b"seoul\r");
    assert_eq!(s.finish(), 0);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(raw.contains(&password("ap-northeast-2")), "{raw}");
    assert_eq!(raw.matches(SECRET).count(), 1, "{raw}");
}

#[test]
fn a_region_code_at_the_prompt_gives_that_regions_password_with_the_settings() {
    let mut s = at_region_prompt(&["--format", "env", "--access-key-id", "AKIAIOSFODNN7EXAMPLE"]);
    s.send(b"  EU-WEST-1 \r");
    assert_eq!(s.finish(), 0);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(
        raw.contains("SMTP_HOST=email-smtp.eu-west-1.amazonaws.com"),
        "{raw}"
    );
    assert!(raw.contains(&password("eu-west-1")), "{raw}");
}

#[test]
fn ctrl_d_at_the_region_prompt_refuses_with_exit_2() {
    let mut s = at_region_prompt(&[]);
    s.send(b"\x04");
    assert_eq!(s.finish(), 2);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(raw.contains("no region given (the input ended)"), "{raw}");
    assert!(!raw.contains(&password("us-east-1")), "{raw}");
}

#[test]
fn ctrl_c_at_the_region_prompt_exits_130_and_restores_the_terminal() {
    let mut s = at_region_prompt(&[]);
    s.send(b"\x03");
    assert_eq!(s.finish(), 130);
    assert_eq!(s.stty_now(), s.stty_before);
}

#[test]
fn a_bad_secret_is_refused_before_the_region_is_asked() {
    let mut s = Pty::start(seskey(&["derive"]));
    s.wait_text(SECRET_PROMPT);
    s.send(b"AKIA123\r");
    assert_eq!(s.finish(), 2);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(!raw.contains(REGION_PROMPT), "{raw}");
}

#[test]
fn off_a_terminal_a_missing_region_is_a_usage_error() {
    let out = assert_cmd::Command::new(bin())
        .english()
        .arg("derive")
        .write_stdin(SECRET)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--region"), "{err}");
    assert!(!err.contains("wJalr"), "{err}");
}

/// `seskey check` gets its region the same way: asked after its hidden prompt on a terminal.
#[test]
fn check_asks_for_the_region_after_the_password() {
    let mut s = Pty::start(seskey(&[
        "check",
        "--access-key-id",
        "AKIAIOSFODNN7EXAMPLE",
        "--endpoint",
        "127.0.0.1:1",
        "--timeout",
        "5",
    ]));
    s.wait_text("SMTP password or secret access key (input hidden):");
    s.send(format!("{SECRET}\r").as_bytes());
    s.wait_text(REGION_PROMPT);
    s.send(b"seol\r");
    s.wait_for("the choices", |_| prompts(&s) == 2);
    s.send(b"eu-west-1\r");
    // Port 1 on loopback refuses the connection: the login could not be checked (exit 4), which
    // only happens once a region was taken.
    assert_eq!(s.finish(), 4);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(raw.contains("did you mean ap-northeast-2 (Seoul)"), "{raw}");
    assert!(!raw.contains("wJalr"), "{raw}");

    let out = assert_cmd::Command::new(bin())
        .english()
        .args(["check", "--access-key-id", "AKIAIOSFODNN7EXAMPLE"])
        .write_stdin(SECRET)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--region"));
}
