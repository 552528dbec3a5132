//! `seskey check` and `seskey derive --check` against a real SMTP server on loopback
//! (tests/support/smtp_server.py, aiosmtpd), with certificates made here by rcgen.
//!
//! Needs python3 with aiosmtpd (`.ci/test` installs it). Missing, these tests fail and say so;
//! outside CI, `SESKEY_SKIP_SMTP_TESTS=1` skips them with a printed reason instead.

use std::net::TcpListener;
use std::process::Command;

mod common;
use common::EnglishLocale as _;

use common::smtp::{Server, USER, accepted, other_password, tls_server, workdir};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs seskey with `args`, `input` on standard input.
fn seskey(args: &[&str], input: &str) -> Run {
    let out = common::output_with_input(Command::new(common::bin()).english().args(args), input);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `seskey check` for the test user against `endpoint`, plus `extra` options.
fn check(endpoint: &str, extra: &[&str], input: &str) -> Run {
    let (region, _, _) = accepted();
    let mut args = vec![
        "check",
        "--region",
        &region,
        "--access-key-id",
        USER,
        "--endpoint",
        endpoint,
    ];
    if !extra.contains(&"--timeout") {
        args.extend(["--timeout", "5"]);
    }
    args.extend_from_slice(extra);
    let run = seskey(&args, input);
    let (_, secret, password) = accepted();
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains(&password), "the password was printed");
        assert!(!text.contains(&other_password()), "a password was printed");
        assert!(!text.contains(&secret), "the secret was printed");
    }
    run
}

/// `check` with the password the test server accepts on standard input.
fn check_password(endpoint: &str, extra: &[&str]) -> Run {
    let (_, _, password) = accepted();
    check(endpoint, extra, &format!("{password}\n"))
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// Asserts a `-f json` run's exit code and verdict; returns its JSON for further checks.
#[track_caller]
fn verdict(run: &Run, code: i32, verdict: &str) -> serde_json::Value {
    assert_eq!(run.code, code, "{}", run.stderr);
    let v = json(run);
    assert_eq!(v["verdict"], verdict, "{v}");
    v
}

/// A STARTTLS server with a certificate for 127.0.0.1 and its CA file; see [`tls_server`].
fn starttls_server(name: &str) -> Option<(Server, String)> {
    tls_server(name, "starttls", &["127.0.0.1"])
}

#[test]
fn accepted_login_exits_0_and_sends_no_mail() {
    let Some((server, ca)) = starttls_server("accepted") else {
        return;
    };
    let run = check_password(&server.endpoint(), &["--ca-file", &ca, "--format", "json"]);
    let v = verdict(&run, 0, "accepted");
    assert!(run.stderr.contains("login accepted"), "{}", run.stderr);
    assert_eq!(v["exit_code"], 0);
    assert_eq!(v["username"], USER);
    assert_eq!(v["tls"], "starttls");

    // The secret works too: seskey derives the password for the region first.
    let (_, secret, _) = accepted();
    let run = check(
        &server.endpoint(),
        &["--ca-file", &ca],
        &format!("{secret}\n"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    let log = server.log();
    let first_auth = log.iter().position(|l| l.starts_with("AUTH ")).unwrap();
    let starttls = log.iter().position(|l| l == "STARTTLS tls=0").unwrap();
    assert!(starttls < first_auth, "{log:?}");
    assert_eq!(log[first_auth], "AUTH tls=1");
    assert_eq!(
        log.iter()
            .filter(|l| *l == &format!("AUTH-OK {USER}"))
            .count(),
        2
    );
    assert!(log.contains(&"QUIT tls=1".to_string()), "{log:?}");
    server.assert_no_mail();
}

#[test]
fn derive_then_check() {
    let Some((server, ca)) = starttls_server("derive") else {
        return;
    };
    let (region, secret, password) = accepted();
    let endpoint = server.endpoint();
    let base = [
        "derive",
        "--region",
        &region,
        "--check",
        "--endpoint",
        &endpoint,
        "--ca-file",
        &ca,
    ];
    let mut args = base.to_vec();
    args.extend(["--access-key-id", USER]);
    let run = seskey(&args, &format!("{secret}\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("{password}\n"));
    assert!(run.stderr.contains("login accepted"), "{}", run.stderr);

    // Without the username there is nothing to check: refused before the secret is read.
    let run = seskey(&base, &format!("{secret}\n"));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--access-key-id"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    server.assert_no_mail();
}

#[test]
fn wrong_password_or_region_is_refused_with_exit_3() {
    let Some((server, ca)) = starttls_server("refused") else {
        return;
    };
    let run = check(
        &server.endpoint(),
        &["--ca-file", &ca, "-f", "json"],
        &format!("{}\n", other_password()),
    );
    let v = verdict(&run, 3, "refused");
    assert!(run.stderr.contains("login refused"), "{}", run.stderr);
    assert!(run.stderr.contains("per region"), "{}", run.stderr);
    assert!(v["reply"].as_str().unwrap().starts_with("535"), "{v}");

    // The right secret derived for another region is another password.
    let (_, secret, _) = accepted();
    let mut args = vec![
        "check",
        "--region",
        "eu-west-1",
        "--access-key-id",
        USER,
        "--endpoint",
    ];
    let endpoint = server.endpoint();
    args.extend([endpoint.as_str(), "--ca-file", &ca]);
    let run = seskey(&args, &format!("{secret}\n"));
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("eu-west-1"), "{}", run.stderr);

    assert_eq!(
        server
            .log()
            .iter()
            .filter(|l| *l == &format!("AUTH-FAIL {USER}"))
            .count(),
        2
    );
    server.assert_no_mail();
}

#[test]
fn server_without_starttls_never_gets_the_credentials() {
    let dir = workdir("plain");
    let Some(server) = Server::start(&dir, "plain", None) else {
        return;
    };
    let run = check_password(&server.endpoint(), &["-f", "json"]);
    verdict(&run, 4, "no_starttls");
    assert!(run.stderr.contains("NOT sent"), "{}", run.stderr);
    let log = server.log();
    assert!(log.contains(&"EHLO tls=0".to_string()), "{log:?}");
    assert!(
        !server.saw_auth(),
        "credentials were sent in the clear: {log:?}"
    );
    server.assert_no_mail();
}

#[test]
fn tls_wrapper_port() {
    let Some((server, ca)) = tls_server("implicit", "implicit", &["127.0.0.1"]) else {
        return;
    };
    let run = check_password(
        &server.endpoint(),
        &["--ca-file", &ca, "--tls", "wrapper", "-f", "json"],
    );
    let v = verdict(&run, 0, "accepted");
    assert_eq!(v["tls"], "tls");
    let log = server.log();
    assert!(!log.iter().any(|l| l.starts_with("STARTTLS")), "{log:?}");
    assert!(log.contains(&"AUTH tls=1".to_string()), "{log:?}");
    server.assert_no_mail();
}

#[test]
fn tls_wrapper_against_a_starttls_port_names_the_mixup() {
    let Some((server, ca)) = starttls_server("mixup") else {
        return;
    };
    let run = check_password(
        &server.endpoint(),
        &["--ca-file", &ca, "--tls", "wrapper", "-f", "json"],
    );
    let v = verdict(&run, 4, "tls_failure");
    assert_eq!(v["reason"], "not_tls");
    assert!(!server.saw_auth());
}

#[test]
fn untrusted_certificate_is_a_tls_failure() {
    // The CA is not passed: the certificate's issuer is unknown to seskey.
    let Some((server, _ca)) = starttls_server("untrusted") else {
        return;
    };
    let run = check_password(&server.endpoint(), &["-f", "json"]);
    let v = verdict(&run, 4, "tls_failure");
    assert_eq!(v["reason"], "unknown_issuer");
    assert!(run.stderr.contains("--ca-file"), "{}", run.stderr);
    assert!(server.log().contains(&"STARTTLS tls=0".to_string()));
    assert!(!server.saw_auth(), "{:?}", server.log());
    server.assert_no_mail();
}

#[test]
fn certificate_for_another_name_is_a_tls_failure() {
    let Some((server, ca)) = tls_server("mismatch", "starttls", &["mail.example.test"]) else {
        return;
    };
    let run = check_password(&server.endpoint(), &["--ca-file", &ca, "-f", "json"]);
    let v = verdict(&run, 4, "tls_failure");
    assert_eq!(v["reason"], "name_mismatch");
    assert!(!server.saw_auth());
}

#[test]
fn nothing_listening_exits_4() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let run = check_password(&format!("127.0.0.1:{port}"), &["-f", "json"]);
    verdict(&run, 4, "connection_refused");
    assert!(run.stderr.contains("2587"), "{}", run.stderr);
}

#[test]
fn a_server_that_never_answers_times_out() {
    // Accepted by the kernel's backlog, never answered.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = listener.local_addr().unwrap().to_string();
    let run = check_password(&endpoint, &["--timeout", "1", "-f", "json"]);
    verdict(&run, 4, "timeout");
    drop(listener);
}

#[test]
fn bad_check_options_are_usage_errors() {
    let (region, _, password) = accepted();
    let input = format!("{password}\n");
    let run = seskey(&["check", "--region", &region], &input);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("SMTP username"), "{}", run.stderr);

    let dir = workdir("usage");
    let not_pem = dir.join("not.pem");
    std::fs::write(&not_pem, "hello").unwrap();
    let run = check(
        "127.0.0.1:1",
        &["--ca-file", not_pem.to_str().unwrap()],
        &input,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("CA file"), "{}", run.stderr);

    let run = check("127.0.0.1:1", &["--port", "587"], &input);
    assert_eq!(run.code, 2, "{}", run.stderr);

    let run = seskey(&["derive", "--region", &region, "--port", "465"], &input);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("only apply with --check"),
        "{}",
        run.stderr
    );
}
