//! The SMTP login check: log in to the SES SMTP endpoint with the derived credentials, send no
//! mail, and say what the answer means.
//!
//! The conversation is seskey's own, over rustls with the `ring` provider (`session`, `wire`;
//! `wire` says why not lettre's): connect, EHLO, STARTTLS (or TLS from the first byte on
//! TLS-wrapper ports), EHLO, AUTH PLAIN or LOGIN, QUIT. Certificates are verified against the
//! webpki roots plus an optional extra CA; TLS 1.2 or newer. The credentials are never sent before
//! TLS is up: a server that does not offer STARTTLS gives [`Verdict::NoStarttls`], never a
//! plaintext login; bytes pipelined after the STARTTLS reply give [`Verdict::StarttlsInjection`].
//! Every reply is bounded (512-octet lines, [`Verdict::OverlongReply`] beyond) and the whole
//! conversation shares one deadline ([`Verdict::SlowReply`] for a server still dripping then).
//!
//! [`check_login`] blocks; [`check_login_with`] also takes a [`Control`] to cancel it from another
//! thread (a UI) and to watch its progress. Either returns within the overall timeout, and by
//! then the connection is shut down: nothing reads from the server after the verdict.

mod overrides;
mod session;
mod verdict;
mod wire;

use crate::i18n::t;
use crate::tr;
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

pub use overrides::{NetOverrides, NetRequest};
pub use verdict::{LoginOutcome, Stage, TlsReason, Verdict};

use crate::region::RegionChoice;
use crate::secret::SecretText;
use crate::settings::{TlsMode, tls_mode_for};

/// The usual SES SMTP port (STARTTLS).
pub const DEFAULT_PORT: u16 = 587;
/// The overall time limit of a check unless the caller sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// SMTP host name or IP address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// STARTTLS or TLS from the first byte.
    pub tls: TlsMode,
    /// CA certificates trusted in addition to the webpki roots.
    pub extra_ca: Option<ExtraCa>,
    /// Overall time limit for the whole conversation.
    pub timeout: Duration,
    /// The region the password was derived for, to name it in messages.
    pub region: Option<String>,
}

impl CheckOptions {
    /// The region's SMTP host on port 587 with STARTTLS, 15 s timeout.
    pub fn for_region(region: &RegionChoice) -> Self {
        Self {
            host: region.smtp_host(),
            port: DEFAULT_PORT,
            tls: TlsMode::Starttls,
            extra_ca: None,
            timeout: DEFAULT_TIMEOUT,
            region: Some(region.code().to_string()),
        }
    }

    /// Switches to `port`, with the TLS mode SES uses there (STARTTLS for ports SES does not list).
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self.tls = tls_mode_for(port).unwrap_or(TlsMode::Starttls);
        self
    }
}

/// Extra trusted CA certificates (DER), read from a PEM file.
#[derive(Clone)]
pub struct ExtraCa {
    certs: Vec<Vec<u8>>,
}

impl std::fmt::Debug for ExtraCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ExtraCa({} certificates)", self.certs.len())
    }
}

impl ExtraCa {
    /// Parses every certificate in PEM text; fails when there is none or one is malformed.
    pub fn from_pem(pem: &[u8]) -> Result<Self, String> {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let certs = CertificateDer::pem_slice_iter(pem)
            .map(|c| c.map(|c| c.to_vec()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| tr!("check.pem_invalid", error = e))?;
        if certs.is_empty() {
            return Err(t("check.pem_empty").into());
        }
        Ok(Self { certs })
    }

    /// Reads and parses a PEM file; the error names the file and what is wrong with it.
    pub fn from_pem_file(path: &Path) -> Result<Self, String> {
        let pem = std::fs::read(path)
            .map_err(|e| tr!("check.ca_file_unreadable", file = path.display(), error = e))?;
        Self::from_pem(&pem)
            .map_err(|e| tr!("check.ca_file_bad", file = path.display(), problem = e))
    }
}

/// Splits `HOST[:PORT]` (IPv6 literals in brackets: `[::1]:2525`).
pub fn parse_endpoint(input: &str) -> Result<(String, Option<u16>), String> {
    let input = input.trim();
    let bad = || tr!("check.endpoint_malformed", input = format!("{input:?}"));
    let (host, port) = if let Some(rest) = input.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or_else(bad)?;
        match after {
            "" => (host, None),
            p => (host, Some(p.strip_prefix(':').ok_or_else(bad)?)),
        }
    } else if input.matches(':').count() == 1 {
        let (h, p) = input.split_once(':').ok_or_else(bad)?;
        (h, Some(p))
    } else {
        (input, None)
    };
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c == '/') {
        return Err(bad());
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return Err(tr!("check.endpoint_bad_port", input = format!("{input:?}")));
            }
        },
    };
    Ok((host.to_string(), port))
}

/// Cancels a running check and reports its progress. Clone it into the thread that runs the check.
#[derive(Debug, Clone, Default)]
pub struct Control {
    inner: Arc<ControlInner>,
}

#[derive(Debug, Default)]
struct ControlInner {
    cancelled: AtomicBool,
    stage: AtomicU8,
}

impl Control {
    /// A fresh, uncancelled control.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the check to stop: it returns [`Verdict::Cancelled`] promptly and sends no
    /// credentials from then on.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
    }

    /// Whether [`Control::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// The step the check is at (for a progress line).
    pub fn stage(&self) -> Stage {
        Stage::from_u8(self.inner.stage.load(Ordering::SeqCst))
    }

    fn set_stage(&self, stage: Stage) {
        self.inner.stage.store(stage as u8, Ordering::SeqCst);
    }
}

/// What the caller and the conversation's thread share: whether the caller gave up, and the
/// socket, so that giving up (or finishing) shuts it down and no read outlives the verdict.
#[derive(Debug, Default)]
struct Shared {
    abandoned: AtomicBool,
    socket: Mutex<Option<TcpStream>>,
}

impl Shared {
    fn is_abandoned(&self) -> bool {
        self.abandoned.load(Ordering::SeqCst)
    }

    /// Keeps a handle on the connection; false (and nothing kept) when the caller has given up.
    fn register(&self, socket: &TcpStream) -> bool {
        let mut slot = self.socket.lock().unwrap_or_else(|p| p.into_inner());
        // Checked under the lock that `close` takes after setting the flag: either `close` sees
        // the socket, or this sees the flag.
        if self.is_abandoned() {
            return false;
        }
        // Without a handle (no file descriptor left) the reads still end by the deadline.
        *slot = socket.try_clone().ok();
        true
    }

    /// Shuts the connection down (a blocked read returns at once) and forgets it.
    fn close(&self) {
        let socket = self.socket.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(s) = socket {
            let _ = s.shutdown(Shutdown::Both);
        }
    }

    /// The caller's side: from now on nothing is sent and the connection is closed.
    fn abandon(&self) {
        self.abandoned.store(true, Ordering::SeqCst);
        self.close();
    }
}

/// How long [`check_login_retrying`] pauses between attempts.
pub const RETRY_INTERVAL: Duration = Duration::from_secs(5);

/// Logs in like [`check_login_with`], retrying a refusal for up to `wait`: IAM takes a while
/// (up to about a minute) before SES accepts a new key. `on_retry` is told each pause before it
/// starts; a cancel through `control` ends the pause at once. Shared by `seskey rotate --check`
/// and the wizard's `t` after a rotation.
pub fn check_login_retrying(
    opts: &CheckOptions,
    username: &str,
    password: &str,
    control: &Control,
    wait: Duration,
    mut on_retry: impl FnMut(Duration),
) -> Verdict {
    let start = Instant::now();
    loop {
        let verdict = check_login_with(opts, username, password, control);
        let left = wait.saturating_sub(start.elapsed());
        if verdict.outcome() != LoginOutcome::Refused || left.is_zero() || control.is_cancelled() {
            return verdict;
        }
        let pause = RETRY_INTERVAL.min(left);
        on_retry(pause);
        let until = Instant::now() + pause;
        // Sleeps in short slices so that a cancel is not kept waiting for the whole pause.
        while let Some(rest) = until.checked_duration_since(Instant::now()) {
            if control.is_cancelled() || rest.is_zero() {
                break;
            }
            std::thread::sleep(rest.min(Duration::from_millis(50)));
        }
        if control.is_cancelled() {
            return verdict;
        }
    }
}

/// Logs in to `opts.host` with `username` and `password`, sends no mail, and returns the verdict.
/// Blocks for at most `opts.timeout` (plus a moment).
pub fn check_login(opts: &CheckOptions, username: &str, password: &str) -> Verdict {
    check_login_with(opts, username, password, &Control::new())
}

/// [`check_login`] that another thread can cancel through `control` (checked every 50 ms).
pub fn check_login_with(
    opts: &CheckOptions,
    username: &str,
    password: &str,
    control: &Control,
) -> Verdict {
    const POLL: Duration = Duration::from_millis(50);
    let deadline = Instant::now() + opts.timeout;
    control.set_stage(Stage::Resolve);
    // The conversation's own copy of the password, in a page wiped when it ends.
    let password = match SecretText::from_str_checked(password) {
        Ok(p) => p,
        Err(e) => {
            return Verdict::Protocol {
                stage: Stage::Auth,
                detail: tr!("check.detail.start_failed", error = e),
            };
        }
    };
    // The conversation runs on its own thread so that the caller can give up at the deadline or on
    // cancel even while DNS blocks; giving up shuts the socket down, so a blocked read ends at
    // once, and the thread, seeing `abandoned`, sends no credentials.
    let shared = Arc::new(Shared::default());
    let (tx, rx) = mpsc::channel();
    let worker = {
        let opts = opts.clone();
        let username = username.to_string();
        let control = control.clone();
        let shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("seskey-smtp-check".into())
            .spawn(move || {
                let verdict =
                    session::run(&opts, &username, &password, deadline, &control, &shared);
                drop(password);
                shared.close();
                let _ = tx.send(verdict);
            })
    };
    if let Err(e) = worker {
        return Verdict::Protocol {
            stage: Stage::Resolve,
            detail: tr!("check.detail.start_failed", error = e),
        };
    }
    // The conversation keeps to the deadline itself; a moment past it is for a blocked DNS lookup
    // (which cannot be interrupted).
    let give_up_at = deadline + Duration::from_secs(1);
    loop {
        if control.is_cancelled() {
            shared.abandon();
            return Verdict::Cancelled;
        }
        let now = Instant::now();
        if now >= give_up_at {
            shared.abandon();
            return Verdict::Timeout {
                stage: control.stage(),
            };
        }
        match rx.recv_timeout(POLL.min(give_up_at - now)) {
            Ok(verdict) => return verdict,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                shared.abandon();
                return Verdict::Protocol {
                    stage: control.stage(),
                    detail: t("check.detail.stopped").into(),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn local(port: u16, timeout: Duration) -> CheckOptions {
        CheckOptions {
            host: "127.0.0.1".into(),
            port,
            tls: TlsMode::Starttls,
            extra_ca: None,
            timeout,
            region: None,
        }
    }

    #[test]
    fn endpoints_parse() {
        assert_eq!(
            parse_endpoint("h.example:2587"),
            Ok(("h.example".into(), Some(2587)))
        );
        assert_eq!(parse_endpoint("h.example"), Ok(("h.example".into(), None)));
        assert_eq!(parse_endpoint("[::1]:25"), Ok(("::1".into(), Some(25))));
        assert_eq!(parse_endpoint("[::1]"), Ok(("::1".into(), None)));
        assert_eq!(parse_endpoint("::1"), Ok(("::1".into(), None)));
        assert!(parse_endpoint("h:0").is_err());
        assert!(parse_endpoint("h:x").is_err());
        assert!(parse_endpoint(":25").is_err());
        assert!(parse_endpoint("smtp://h").is_err());
    }

    #[test]
    fn ports_pick_their_tls_mode() {
        let r = crate::region::parse("eu-west-1").unwrap();
        let o = CheckOptions::for_region(&r);
        assert_eq!(o.host, "email-smtp.eu-west-1.amazonaws.com");
        assert_eq!((o.port, o.tls), (587, TlsMode::Starttls));
        assert_eq!(o.clone().with_port(465).tls, TlsMode::Tls);
        assert_eq!(o.clone().with_port(2587).tls, TlsMode::Starttls);
        assert_eq!(o.with_port(2525).tls, TlsMode::Starttls);
    }

    #[test]
    fn ca_files_must_hold_certificates() {
        assert!(ExtraCa::from_pem(b"hello").is_err());
        assert!(ExtraCa::from_pem(b"").is_err());
    }

    #[test]
    fn nothing_listening_is_a_refused_connection() {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let v = check_login(&local(port, Duration::from_secs(5)), "u", "p");
        assert_eq!(v, Verdict::ConnectionRefused);
    }

    #[test]
    fn a_silent_server_times_out() {
        // The kernel completes the handshake; nobody ever accepts or writes.
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let v = check_login(&local(port, Duration::from_millis(300)), "u", "p");
        // The stage is Greeting unless the machine stalls the worker past the grace second.
        assert!(matches!(v, Verdict::Timeout { .. }), "{v:?}");
        drop(l);
    }

    #[test]
    fn nothing_reads_from_the_server_after_the_verdict() {
        use std::io::{ErrorKind, Read, Write};
        // A server that drips its greeting a byte at a time, forever (the wizard's worker once
        // kept reading this after the verdict, without bound). It reports whether the client
        // closed the connection; the 20 s after the verdict only keep a regression from hanging.
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let verdict_out = Arc::new(AtomicBool::new(false));
        let server = {
            let verdict_out = Arc::clone(&verdict_out);
            std::thread::spawn(move || {
                let (mut s, _) = l.accept().unwrap();
                s.set_nonblocking(true).unwrap();
                let mut since = None;
                let mut buf = [0u8; 64];
                let _ = s.write_all(b"220 ");
                loop {
                    match s.read(&mut buf) {
                        Ok(0) => return true,
                        Err(e) if e.kind() != ErrorKind::WouldBlock => return true,
                        _ => {}
                    }
                    if matches!(s.write(b"A"), Err(e) if e.kind() != ErrorKind::WouldBlock) {
                        return true;
                    }
                    if verdict_out.load(Ordering::SeqCst) {
                        let since = since.get_or_insert_with(Instant::now);
                        if since.elapsed() > Duration::from_secs(20) {
                            return false;
                        }
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        };
        let v = check_login(&local(port, Duration::from_millis(400)), "u", "p");
        verdict_out.store(true, Ordering::SeqCst);
        assert!(
            matches!(v, Verdict::SlowReply { .. } | Verdict::Timeout { .. }),
            "{v:?}"
        );
        assert!(
            server.join().unwrap(),
            "the client still reads from the server after the verdict"
        );
    }

    #[test]
    fn cancel_stops_a_check_that_would_hang() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let control = Control::new();
        let runner = {
            let control = control.clone();
            std::thread::spawn(move || {
                check_login_with(&local(port, Duration::from_secs(300)), "u", "p", &control)
            })
        };
        control.cancel();
        assert_eq!(runner.join().unwrap(), Verdict::Cancelled);
        drop(l);
    }
}
