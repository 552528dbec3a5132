//! `seskey check` against hostile SMTP servers on loopback (tests/support/hostile_smtp.py, python3
//! standard library only): an endless line, an endless multi-line reply, an over-long line,
//! response injection after STARTTLS, a slow drip. The memory of the endless cases is measured from
//! outside with `/usr/bin/time -v` (Debian package `time`; `.ci/test` installs it).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

mod common;
use common::EnglishLocale as _;
use common::smtp::{USER, accepted, pki, workdir};

/// Peak memory allowed for a check against an endless server. A check against a good server
/// peaks at about 10 MiB; the servers below send up to 256 MiB.
const MAX_RSS_KIB: u64 = 48 * 1024;

/// A hostile server (see the script's doc for the modes), killed on drop.
struct Hostile {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Hostile {
    fn start(dir: &Path, mode: &str, extra: &[&str]) -> Hostile {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/hostile_smtp.py");
        let python = std::env::var("SESKEY_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let log = dir.join(format!("{mode}.log"));
        let mut child = Command::new(&python)
            .arg(script)
            .args(["--mode", mode])
            .arg("--log")
            .arg(&log)
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .strip_prefix("PORT ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("the hostile server did not start: {line:?}"));
        Hostile { child, port, log }
    }

    fn endpoint(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn log(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Run {
    code: i32,
    json: serde_json::Value,
    stderr: String,
    /// Peak resident memory, when measured.
    max_rss_kib: Option<u64>,
}

/// `seskey check --format json` for the test user against `endpoint`, under `/usr/bin/time -v`
/// when `measure`.
fn check(endpoint: &str, extra: &[&str], measure: bool) -> Run {
    let (region, secret, password) = accepted();
    let mut cmd = if measure {
        assert!(
            Path::new("/usr/bin/time").is_file(),
            "/usr/bin/time is not installed (Debian package time); run .ci/test, which installs it"
        );
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(common::bin());
        c
    } else {
        Command::new(common::bin())
    };
    cmd.english()
        .args(["check", "--region", &region, "--access-key-id", USER])
        .args(["--endpoint", endpoint, "--format", "json"])
        .args(extra);
    let out = common::output_with_input(&mut cmd, format!("{password}\n"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    for text in [&stdout, &stderr] {
        assert!(!text.contains(&password), "the password was printed");
        assert!(!text.contains(&secret), "the secret was printed");
    }
    let max_rss_kib = measure.then(|| {
        stderr
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no peak memory in /usr/bin/time's report: {stderr}"))
    });
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        json,
        stderr,
        max_rss_kib,
    }
}

#[test]
fn an_endless_greeting_line_is_an_overlong_reply_in_bounded_memory() {
    let dir = workdir("hostile-endless-line");
    let server = Hostile::start(&dir, "endless-line", &[]);
    let run = check(&server.endpoint(), &["--timeout", "10"], true);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_eq!(run.json["verdict"], "overlong_reply", "{}", run.json);
    assert_eq!(run.json["stage"], "greeting", "{}", run.json);
    assert!(run.stderr.contains("over-long reply"), "{}", run.stderr);
    let rss = run.max_rss_kib.unwrap();
    eprintln!("peak memory: {rss} KiB");
    assert!(rss < MAX_RSS_KIB, "peak memory {rss} KiB");
}

#[test]
fn an_endless_multi_line_reply_is_an_overlong_reply_in_bounded_memory() {
    let dir = workdir("hostile-endless-multiline");
    let server = Hostile::start(&dir, "endless-multiline", &[]);
    let run = check(&server.endpoint(), &["--timeout", "10"], true);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_eq!(run.json["verdict"], "overlong_reply", "{}", run.json);
    let rss = run.max_rss_kib.unwrap();
    eprintln!("peak memory: {rss} KiB");
    assert!(rss < MAX_RSS_KIB, "peak memory {rss} KiB");
}

#[test]
fn a_greeting_over_512_octets_is_an_overlong_reply() {
    let dir = workdir("hostile-long-line");
    let server = Hostile::start(&dir, "long-line", &[]);
    let run = check(&server.endpoint(), &[], false);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_eq!(run.json["verdict"], "overlong_reply", "{}", run.json);
    let log = server.log();
    assert!(!log.iter().any(|l| l.starts_with("AUTH")), "{log:?}");
}

#[test]
fn replies_pipelined_after_starttls_are_refused_and_the_credentials_kept() {
    let dir = workdir("hostile-inject");
    let (ca, cert, key) = pki(&dir, &["127.0.0.1"]);
    let server = Hostile::start(
        &dir,
        "inject",
        &[
            "--cert",
            cert.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ],
    );
    let run = check(
        &server.endpoint(),
        &["--ca-file", ca.to_str().unwrap()],
        false,
    );
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_eq!(run.json["verdict"], "starttls_injection", "{}", run.json);
    assert!(run.stderr.contains("NOT sent"), "{}", run.stderr);
    let log = server.log();
    assert!(log.contains(&"STARTTLS tls=0".to_string()), "{log:?}");
    assert!(
        !log.iter().any(|l| l.starts_with("AUTH")),
        "credentials were sent: {log:?}"
    );
}

#[test]
fn a_slow_drip_ends_at_the_timeout_and_is_called_slow() {
    let dir = workdir("hostile-drip");
    let server = Hostile::start(&dir, "drip", &["--interval", "0.2"]);
    let run = check(&server.endpoint(), &["--timeout", "2"], false);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_eq!(run.json["verdict"], "slow_reply", "{}", run.json);
    assert_eq!(run.json["stage"], "greeting", "{}", run.json);
    assert!(run.stderr.contains("still sending"), "{}", run.stderr);
}
