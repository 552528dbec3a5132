//! A real SMTP server on loopback for the login-check tests (tests/support/smtp_server.py,
//! aiosmtpd), with certificates made here by rcgen. Shared by tests/check.rs and
//! tests/tui_e2e.rs.
//!
//! Needs python3 with aiosmtpd (`.ci/test` installs it). Missing, these tests fail and say so;
//! outside CI, `SESKEY_SKIP_SMTP_TESTS=1` skips them with a printed reason instead.

use std::io::{BufRead, BufReader, Read};

use super::vectors;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub const USER: &str = "AKIAIOSFODNN7EXAMPLE";

/// The credentials the server accepts, and another valid-looking password it refuses.
pub fn accepted() -> (String, String, String) {
    vectors().remove(0)
}

pub fn other_password() -> String {
    let (_, _, good) = accepted();
    vectors()
        .into_iter()
        .map(|v| v.2)
        .find(|p| *p != good)
        .unwrap()
}

/// A fresh directory for one test's files.
pub fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("check-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A test CA and a server certificate signed by it for `names`; returns (ca.pem, cert, key).
pub fn pki(dir: &Path, names: &[&str]) -> (PathBuf, PathBuf, PathBuf) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "seskey test CA");
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);

    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let mut params = CertificateParams::new(names).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "smtp.test");
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, &issuer).unwrap();

    let paths = (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    );
    std::fs::write(&paths.0, ca_cert.pem()).unwrap();
    std::fs::write(&paths.1, cert.pem()).unwrap();
    std::fs::write(&paths.2, key.serialize_pem()).unwrap();
    paths
}

/// A server in `mode` (`starttls` or `implicit`) in a fresh [`workdir`] `name`, its certificate
/// for `names` signed by a test CA; returns it and the CA file's path for `--ca-file`. `None`
/// only when skipping is allowed (see the module doc).
pub fn tls_server(name: &str, mode: &str, names: &[&str]) -> Option<(Server, String)> {
    let dir = workdir(name);
    let (ca, cert, key) = pki(&dir, names);
    let server = Server::start(&dir, mode, Some((&cert, &key)))?;
    Some((server, ca.to_str().unwrap().to_string()))
}

/// The aiosmtpd server, killed on drop.
pub struct Server {
    child: Child,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    log: PathBuf,
}

impl Server {
    /// Starts the server in `mode`; `None` only when skipping is allowed (see the module doc).
    pub fn start(dir: &Path, mode: &str, cert: Option<(&Path, &Path)>) -> Option<Server> {
        let (_, _, password) = accepted();
        let log = dir.join(format!("{mode}.log"));
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py");
        let python = std::env::var("SESKEY_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let mut cmd = Command::new(&python);
        cmd.arg(script)
            .args(["--mode", mode, "--user", USER, "--password", &password])
            .arg("--log")
            .arg(&log)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some((c, k)) = cert {
            cmd.arg("--cert").arg(c).arg("--key").arg(k);
        }
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => return unavailable(&format!("cannot run {python}: {e}")),
        };
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Some(port) = line
            .strip_prefix("PORT ")
            .and_then(|p| p.trim().parse().ok())
        else {
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            let _ = child.wait();
            return unavailable(&format!("the test SMTP server did not start: {err}"));
        };
        Some(Server { child, port, log })
    }

    pub fn endpoint(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The commands the server received, as "<VERB> tls=<0|1>" and "AUTH-OK/AUTH-FAIL <user>".
    pub fn log(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The server never saw a message being sent.
    pub fn assert_no_mail(&self) {
        let log = self.log();
        for verb in ["MAIL", "RCPT", "DATA"] {
            assert!(
                !log.iter().any(|l| l.starts_with(&format!("{verb} "))),
                "the server saw {verb}: {log:?}"
            );
        }
    }

    pub fn saw_auth(&self) -> bool {
        self.log().iter().any(|l| l.starts_with("AUTH"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn unavailable(reason: &str) -> Option<Server> {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if !in_ci && std::env::var("SESKEY_SKIP_SMTP_TESTS").is_ok_and(|v| v == "1") {
        eprintln!("SKIPPED (SESKEY_SKIP_SMTP_TESTS=1): {reason}");
        return None;
    }
    panic!(
        "{reason}\nThese tests need python3 with aiosmtpd: python3 -m pip install aiosmtpd==1.4.6 \
         (.ci/test does this); outside CI, SESKEY_SKIP_SMTP_TESTS=1 skips them."
    );
}
