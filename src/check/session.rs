//! One SMTP conversation, seskey's own (see `wire` for why it is not lettre's): connect, EHLO,
//! STARTTLS (or TLS from the first byte), EHLO again, AUTH PLAIN or LOGIN, QUIT; never MAIL.

use std::io;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

use super::verdict::sanitize;
use super::wire::{Reply, Stream, Wire, WireError, time_left};
use super::{CheckOptions, Control, Shared, Stage, TlsReason, Verdict};
use crate::i18n::t;
use crate::secret::{CapacityError, SecretBuf, SecretText};
use crate::settings::TlsMode;
use crate::tr;

/// What we say in EHLO: the address literal, which reveals nothing about this host.
const EHLO: &[u8] = b"EHLO [127.0.0.1]\r\n";

/// Runs the conversation. The socket is registered with `shared`, which shuts it down when the
/// caller gives up or this returns, so nothing reads from it after the verdict.
pub(super) fn run(
    opts: &CheckOptions,
    username: &str,
    password: &SecretText,
    deadline: Instant,
    control: &Control,
    shared: &Shared,
) -> Verdict {
    let stop = || control.is_cancelled() || shared.is_abandoned();

    control.set_stage(Stage::Resolve);
    let addrs: Vec<SocketAddr> = match (opts.host.as_str(), opts.port).to_socket_addrs() {
        Ok(a) => a.collect(),
        Err(e) => {
            return Verdict::HostNotFound {
                detail: resolver_words(&e),
            };
        }
    };
    if addrs.is_empty() {
        return Verdict::HostNotFound {
            detail: t("check.detail.no_address").into(),
        };
    }
    let tls = match tls_config(opts) {
        Ok(c) => c,
        Err(reason) => return Verdict::TlsFailure { reason },
    };
    if stop() {
        return Verdict::Cancelled;
    }

    control.set_stage(Stage::Connect);
    let tcp = match connect(&addrs, deadline) {
        Ok(s) => s,
        Err(v) => return v,
    };
    if !shared.register(&tcp) {
        return Verdict::Cancelled;
    }

    control.set_stage(Stage::Greeting);
    let stream = match opts.tls {
        TlsMode::Tls => match handshake(opts, &tls, tcp, deadline, Stage::Greeting) {
            Ok(s) => s,
            Err(v) => return v,
        },
        TlsMode::Starttls => Stream::Plain(tcp),
    };
    let mut wire = Wire::new(stream);
    let caps = match greet(&mut wire, deadline, Stage::Greeting) {
        Ok(c) => c,
        Err(v) => return v,
    };

    let mut wire = if opts.tls == TlsMode::Starttls {
        control.set_stage(Stage::Starttls);
        if !caps.starttls {
            // Never fall back to a plaintext login.
            quit(&mut wire, deadline);
            return Verdict::NoStarttls;
        }
        match starttls(opts, &tls, wire, deadline) {
            Ok(w) => w,
            Err(v) => return v,
        }
    } else {
        wire
    };
    // The capabilities that count are the ones announced over TLS (RFC 3207 §4.2).
    let caps = if opts.tls == TlsMode::Starttls {
        match greet_again(&mut wire, deadline) {
            Ok(c) => c,
            Err(v) => return v,
        }
    } else {
        caps
    };
    if stop() {
        return Verdict::Cancelled;
    }

    control.set_stage(Stage::Auth);
    let verdict = match auth(&mut wire, &caps, username, password, deadline) {
        Ok(reply) if reply.is_positive() => Verdict::Accepted,
        Ok(reply) if reply.code == 535 => Verdict::Refused {
            reply: sanitize(&reply.text()),
        },
        Ok(reply) => answered(Stage::Auth, &reply),
        Err(v) => return v,
    };
    control.set_stage(Stage::Quit);
    quit(&mut wire, deadline);
    verdict
}

/// Connects to the first address that answers, within the time left.
fn connect(addrs: &[SocketAddr], deadline: Instant) -> Result<TcpStream, Verdict> {
    let mut last = None;
    for addr in addrs {
        let Some(left) = time_left(deadline) else {
            break;
        };
        match TcpStream::connect_timeout(addr, left) {
            Ok(s) => return Ok(s),
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) if e.kind() == io::ErrorKind::ConnectionRefused => Verdict::ConnectionRefused,
        Some(e)
            if !matches!(
                e.kind(),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
            ) =>
        {
            Verdict::ConnectFailed {
                detail: sanitize(&e.to_string()),
            }
        }
        // connect(2) timing out: nothing answered the connection attempt.
        _ => Verdict::Timeout {
            stage: Stage::Connect,
        },
    })
}

/// Extensions that matter here, from an EHLO reply.
#[derive(Debug, Default, PartialEq, Eq)]
struct Caps {
    starttls: bool,
    plain: bool,
    login: bool,
}

fn caps(reply: &Reply) -> Caps {
    let mut c = Caps::default();
    // The first line is the server's name; each further line one extension.
    for line in reply.lines.iter().skip(1) {
        let mut words = line.split([' ', '=']).filter(|w| !w.is_empty());
        match words.next().map(str::to_ascii_uppercase).as_deref() {
            Some("STARTTLS") => c.starttls = true,
            Some("AUTH") => {
                for m in words {
                    c.plain |= m.eq_ignore_ascii_case("PLAIN");
                    c.login |= m.eq_ignore_ascii_case("LOGIN");
                }
            }
            _ => {}
        }
    }
    c
}

/// Reads the greeting and answers it with EHLO.
fn greet(wire: &mut Wire, deadline: Instant, stage: Stage) -> Result<Caps, Verdict> {
    let greeting = wire
        .read_reply(deadline)
        .map_err(|e| wire_verdict(e, stage))?;
    if !greeting.is_positive() {
        return Err(answered(stage, &greeting));
    }
    ehlo(wire, deadline, stage)
}

fn ehlo(wire: &mut Wire, deadline: Instant, stage: Stage) -> Result<Caps, Verdict> {
    let reply = exchange(wire, EHLO, deadline, stage)?;
    if !reply.is_positive() {
        return Err(answered(stage, &reply));
    }
    Ok(caps(&reply))
}

fn greet_again(wire: &mut Wire, deadline: Instant) -> Result<Caps, Verdict> {
    ehlo(wire, deadline, Stage::Starttls)
}

/// Sends `command` and reads the reply.
fn exchange(
    wire: &mut Wire,
    command: &[u8],
    deadline: Instant,
    stage: Stage,
) -> Result<Reply, Verdict> {
    wire.send(command, deadline)
        .map_err(|e| wire_verdict(e, stage))?;
    wire.read_reply(deadline)
        .map_err(|e| wire_verdict(e, stage))
}

/// STARTTLS and the handshake. Any byte the server sent after its 220, before the handshake,
/// is refused: read after the handshake it would pass for the TLS server's words (RFC 3207 §6).
fn starttls(
    opts: &CheckOptions,
    tls: &Arc<ClientConfig>,
    mut wire: Wire,
    deadline: Instant,
) -> Result<Wire, Verdict> {
    let reply = exchange(&mut wire, b"STARTTLS\r\n", deadline, Stage::Starttls)?;
    if !reply.is_positive() {
        return Err(answered(Stage::Starttls, &reply));
    }
    if wire.buffered() > 0 {
        return Err(Verdict::StarttlsInjection);
    }
    let Stream::Plain(tcp) = wire.into_stream() else {
        return Err(Verdict::StarttlsInjection);
    };
    // Bytes that arrived but were not read yet: nothing may come before our ClientHello.
    if pending_bytes(&tcp) {
        return Err(Verdict::StarttlsInjection);
    }
    let stream = handshake(opts, tls, tcp, deadline, Stage::Starttls)?;
    Ok(Wire::new(stream))
}

/// Whether the socket has bytes waiting, without blocking.
fn pending_bytes(tcp: &TcpStream) -> bool {
    if tcp.set_nonblocking(true).is_err() {
        return false;
    }
    let mut one = [0u8; 1];
    let pending = matches!(tcp.peek(&mut one), Ok(n) if n > 0);
    let _ = tcp.set_nonblocking(false);
    pending
}

fn tls_config(opts: &CheckOptions) -> Result<Arc<ClientConfig>, TlsReason> {
    let other = |e: rustls::Error| TlsReason::Other(sanitize(&e.to_string()));
    let mut roots: RootCertStore = webpki_roots::TLS_SERVER_ROOTS.iter().cloned().collect();
    for der in opts.extra_ca.iter().flat_map(|ca| ca.certs.iter()) {
        roots
            .add(CertificateDer::from(der.clone()))
            .map_err(other)?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // TLS 1.2 or newer: rustls offers nothing older.
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(other)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The TLS handshake over `tcp`, within the time left.
fn handshake(
    opts: &CheckOptions,
    config: &Arc<ClientConfig>,
    mut tcp: TcpStream,
    deadline: Instant,
    stage: Stage,
) -> Result<Stream, Verdict> {
    let name = ServerName::try_from(opts.host.clone()).map_err(|e| Verdict::TlsFailure {
        reason: TlsReason::Other(sanitize(&e.to_string())),
    })?;
    let mut conn =
        ClientConnection::new(Arc::clone(config), name).map_err(|e| Verdict::TlsFailure {
            reason: tls_reason(&e),
        })?;
    while conn.is_handshaking() {
        let left = time_left(deadline).ok_or(Verdict::Timeout { stage })?;
        let timeouts = tcp
            .set_read_timeout(Some(left))
            .and_then(|()| tcp.set_write_timeout(Some(left)));
        let step = timeouts.and_then(|()| conn.complete_io(&mut tcp));
        match step {
            Ok(_) => {}
            Err(e) if find_rustls(&e).is_some() => {
                return Err(wire_verdict(WireError::Io(e), stage));
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                return Err(wire_verdict(WireError::Closed, stage));
            }
            Err(e) => return Err(wire_verdict(WireError::Io(e), stage)),
        }
    }
    Ok(Stream::Tls(Box::new(StreamOwned::new(conn, tcp))))
}

/// AUTH PLAIN (preferred) or LOGIN; returns the final reply. The command lines that carry the
/// password are built in secret pages, never in a `String`. (rustls copies the plaintext into its
/// own buffers to encrypt it; in the seskey binary the zeroizing allocator wipes those on free.)
fn auth(
    wire: &mut Wire,
    caps: &Caps,
    username: &str,
    password: &SecretText,
    deadline: Instant,
) -> Result<Reply, Verdict> {
    let stage = Stage::Auth;
    let too_long = |_: CapacityError| Verdict::Protocol {
        stage,
        detail: t("check.detail.credentials_too_long").into(),
    };
    if caps.plain {
        let mut raw = SecretBuf::new();
        for part in [
            b"\0",
            username.as_bytes(),
            b"\0",
            password.expose().as_bytes(),
        ] {
            raw.extend_from_slice(part).map_err(too_long)?;
        }
        let line = command_line(b"AUTH PLAIN ", raw.as_bytes()).map_err(too_long)?;
        return exchange(wire, line.as_bytes(), deadline, stage);
    }
    if !caps.login {
        return Err(Verdict::Protocol {
            stage,
            detail: t("check.detail.no_auth_mechanism").into(),
        });
    }
    for step in [None, Some(username.as_bytes())] {
        let line = match step {
            None => {
                let mut l = SecretBuf::new();
                l.extend_from_slice(b"AUTH LOGIN\r\n").map_err(too_long)?;
                l
            }
            Some(user) => command_line(b"", user).map_err(too_long)?,
        };
        let reply = exchange(wire, line.as_bytes(), deadline, stage)?;
        if reply.code != 334 {
            return Ok(reply);
        }
    }
    let line = command_line(b"", password.expose().as_bytes()).map_err(too_long)?;
    exchange(wire, line.as_bytes(), deadline, stage)
}

/// `prefix` + base64(`payload`) + CRLF, in a secret page.
fn command_line(prefix: &[u8], payload: &[u8]) -> Result<SecretBuf, CapacityError> {
    let mut line = SecretBuf::new();
    line.extend_from_slice(prefix)?;
    line.write_with(|spare| match B64.encode_slice(payload, spare) {
        Ok(n) => (n, Ok(())),
        Err(_) => (0, Err(CapacityError)),
    })?;
    line.extend_from_slice(b"\r\n")?;
    Ok(line)
}

/// QUIT, politely and briefly; the answer does not change the verdict.
fn quit(wire: &mut Wire, deadline: Instant) {
    let deadline = deadline.min(Instant::now() + Duration::from_secs(2));
    if wire.send(b"QUIT\r\n", deadline).is_ok() {
        let _ = wire.read_reply(deadline);
    }
    if let Stream::Tls(s) = wire.stream_mut() {
        s.conn.send_close_notify();
        let _ = s.conn.complete_io(&mut s.sock);
    }
}

/// A reply that should not have come at `stage`.
fn answered(stage: Stage, reply: &Reply) -> Verdict {
    Verdict::Protocol {
        stage,
        detail: tr!(
            "check.detail.server_answered",
            reply = sanitize(&reply.text())
        ),
    }
}

/// What a failed read or write at `stage` means.
fn wire_verdict(e: WireError, stage: Stage) -> Verdict {
    match e {
        WireError::Io(e) => match find_rustls(&e) {
            Some(r) => Verdict::TlsFailure {
                reason: tls_reason(r),
            },
            None => Verdict::Protocol {
                stage,
                detail: sanitize(&e.to_string()),
            },
        },
        WireError::Closed => Verdict::Protocol {
            stage,
            detail: t("check.detail.closed").into(),
        },
        WireError::Deadline { partial: false } => Verdict::Timeout { stage },
        WireError::Deadline { partial: true } => Verdict::SlowReply { stage },
        WireError::Overlong => Verdict::OverlongReply { stage },
        WireError::Malformed(line) => Verdict::Protocol {
            stage,
            detail: tr!("check.detail.not_smtp", line = sanitize(&line)),
        },
    }
}

/// The resolver's own words without std's prefix.
fn resolver_words(e: &io::Error) -> String {
    let s = e.to_string();
    let s = s
        .strip_prefix("failed to lookup address information: ")
        .unwrap_or(&s);
    sanitize(s)
}

/// rustls reports through `io::Error::new(InvalidData, rustls::Error)`; `io::Error::source`
/// skips the wrapped error itself, so look inside each `io::Error` explicitly.
fn find_rustls<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            return Some(r);
        }
        if let Some(inner) = err
            .downcast_ref::<io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return Some(inner);
        }
        cur = err.source();
    }
    None
}

fn tls_reason(e: &rustls::Error) -> TlsReason {
    use rustls::{AlertDescription as A, CertificateError as C, Error as E};
    match e {
        E::InvalidCertificate(c) => match c {
            C::UnknownIssuer | C::BadSignature => TlsReason::UnknownIssuer,
            C::NotValidForName | C::NotValidForNameContext { .. } => TlsReason::NameMismatch,
            C::Expired | C::ExpiredContext { .. } => TlsReason::Expired,
            C::NotValidYet | C::NotValidYetContext { .. } => TlsReason::NotYetValid,
            other => TlsReason::Other(sanitize(&crate::tr!(
                "check.detail.certificate_rejected",
                reason = format!("{other:?}")
            ))),
        },
        E::InvalidMessage(_) | E::PeerSentOversizedRecord | E::InappropriateMessage { .. } => {
            TlsReason::NotTls
        }
        E::PeerIncompatible(_)
        | E::AlertReceived(A::ProtocolVersion | A::HandshakeFailure | A::InsufficientSecurity) => {
            TlsReason::Incompatible
        }
        other => TlsReason::Other(sanitize(&other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(e: rustls::Error) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, e)
    }

    #[test]
    fn extensions_are_read_from_ehlo() {
        let reply = |lines: &[&str]| Reply {
            code: 250,
            lines: lines.iter().map(|l| l.to_string()).collect(),
        };
        let c = caps(&reply(&["smtp.test", "starttls", "AUTH=LOGIN", "SIZE 100"]));
        assert_eq!(
            c,
            Caps {
                starttls: true,
                plain: false,
                login: true
            }
        );
        let c = caps(&reply(&["smtp.test", "AUTH CRAM-MD5 plain"]));
        assert!(c.plain && !c.login && !c.starttls);
        // The greeting line names the server; it announces nothing.
        assert_eq!(caps(&reply(&["STARTTLS"])), Caps::default());
    }

    #[test]
    fn auth_lines_are_base64_in_a_page() {
        let line = command_line(b"AUTH PLAIN ", b"\0u\0p").unwrap();
        assert_eq!(line.as_bytes(), b"AUTH PLAIN AHUAcA==\r\n");
        assert!(command_line(b"", &[0; 4000]).is_err());
    }

    #[test]
    fn rustls_errors_are_found_inside_io_errors() {
        let io = wrapped(rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer,
        ));
        let r = find_rustls(&io).unwrap();
        assert_eq!(tls_reason(r), TlsReason::UnknownIssuer);
    }

    #[test]
    fn tls_reasons_are_named() {
        use rustls::CertificateError as C;
        let reason = |c| tls_reason(&rustls::Error::InvalidCertificate(c));
        assert_eq!(reason(C::NotValidForName), TlsReason::NameMismatch);
        assert_eq!(reason(C::Expired), TlsReason::Expired);
        assert_eq!(reason(C::NotValidYet), TlsReason::NotYetValid);
        assert_eq!(
            tls_reason(&rustls::Error::InvalidMessage(
                rustls::InvalidMessage::InvalidContentType
            )),
            TlsReason::NotTls
        );
        assert_eq!(
            tls_reason(&rustls::Error::AlertReceived(
                rustls::AlertDescription::ProtocolVersion
            )),
            TlsReason::Incompatible
        );
    }
}
