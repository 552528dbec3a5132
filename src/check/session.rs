//! One SMTP conversation with lettre's `SmtpConnection`, and the mapping of its errors to
//! verdicts.

use std::error::Error as _;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    Certificate, CertificateStore, SmtpConnection, TlsParameters, TlsVersion,
};
use lettre::transport::smtp::extension::ClientId;

use super::verdict::sanitize;
use super::{CheckOptions, Control, Stage, TlsReason, Verdict};
use crate::settings::TlsMode;

/// Runs the conversation; `credentials` are dropped (and so wiped by the binary's allocator) when
/// it returns.
pub(super) fn run(
    opts: &CheckOptions,
    credentials: Credentials,
    deadline: Instant,
    control: &Control,
    abandoned: &AtomicBool,
) -> Verdict {
    let stop = || control.is_cancelled() || abandoned.load(Ordering::SeqCst);
    // Each blocking step gets the time left; the caller's deadline backs this up.
    let left = || {
        deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1))
    };

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
            detail: crate::i18n::t("check.detail.no_address").into(),
        };
    }
    let tls = match tls_parameters(opts) {
        Ok(t) => t,
        Err(e) => {
            return Verdict::TlsFailure {
                reason: TlsReason::Other(sanitize(&e.to_string())),
            };
        }
    };
    if stop() {
        return Verdict::Cancelled;
    }

    // lettre's default: the address literal [127.0.0.1], which reveals nothing about this host.
    let hello = ClientId::default();
    control.set_stage(Stage::Connect);
    let wrapper = (opts.tls == TlsMode::Tls).then_some(&tls);
    let mut conn =
        match SmtpConnection::connect(addrs.as_slice(), Some(left()), &hello, wrapper, None) {
            Ok(c) => c,
            Err(e) => return classify(&e, Stage::Connect),
        };
    if stop() {
        conn.abort();
        return Verdict::Cancelled;
    }

    if opts.tls == TlsMode::Starttls {
        control.set_stage(Stage::Starttls);
        if !conn.can_starttls() {
            // Never fall back to a plaintext login.
            let _ = conn.quit();
            return Verdict::NoStarttls;
        }
        let _ = conn.set_timeout(Some(left()));
        if let Err(e) = conn.starttls(&tls, &hello) {
            return classify(&e, Stage::Starttls);
        }
    }
    if !conn.is_encrypted() {
        conn.abort();
        return Verdict::NoStarttls;
    }
    if stop() {
        conn.abort();
        return Verdict::Cancelled;
    }

    control.set_stage(Stage::Auth);
    let _ = conn.set_timeout(Some(left()));
    let auth = conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials);
    drop(credentials);
    let verdict = match auth {
        Ok(_) => Verdict::Accepted,
        Err(e) => match e.status().map(u16::from) {
            Some(535) => Verdict::Refused {
                reply: reply_text(&e),
            },
            _ => classify(&e, Stage::Auth),
        },
    };
    if !conn.has_broken() {
        control.set_stage(Stage::Quit);
        let _ = conn.set_timeout(Some(left().min(Duration::from_secs(2))));
        let _ = conn.quit();
    }
    verdict
}

fn tls_parameters(opts: &CheckOptions) -> Result<TlsParameters, lettre::transport::smtp::Error> {
    let mut b = TlsParameters::builder(opts.host.clone())
        .certificate_store(CertificateStore::WebpkiRoots)
        .set_min_tls_version(TlsVersion::Tlsv12);
    for der in opts.extra_ca.iter().flat_map(|ca| ca.certs.iter()) {
        b = b.add_root_certificate(Certificate::from_der(der.clone())?);
    }
    b.build_rustls()
}

/// "535 Authentication Credentials Invalid" from a negative reply.
fn reply_text(e: &lettre::transport::smtp::Error) -> String {
    let code = e.status().map(|c| c.to_string()).unwrap_or_default();
    let text = e.source().map(|s| s.to_string()).unwrap_or_default();
    sanitize(&format!("{code} {text}"))
}

/// The resolver's own words without std's prefix.
fn resolver_words(e: &io::Error) -> String {
    let s = e.to_string();
    let s = s
        .strip_prefix("failed to lookup address information: ")
        .unwrap_or(&s);
    sanitize(s)
}

/// Maps a lettre error at `stage` to a verdict, looking through its sources for the I/O or TLS
/// error underneath.
fn classify(e: &lettre::transport::smtp::Error, stage: Stage) -> Verdict {
    if let Some(tls) = find_rustls(e) {
        return Verdict::TlsFailure {
            reason: tls_reason(tls),
        };
    }
    if e.status().is_some() {
        return Verdict::Protocol {
            stage: if stage == Stage::Connect {
                Stage::Greeting
            } else {
                stage
            },
            detail: crate::tr!("check.detail.server_answered", reply = reply_text(e)),
        };
    }
    if let Some(io) = find_io(e) {
        match io.kind() {
            io::ErrorKind::ConnectionRefused if stage == Stage::Connect => {
                return Verdict::ConnectionRefused;
            }
            // connect(2) timing out: nothing answered the connection attempt.
            io::ErrorKind::TimedOut if stage == Stage::Connect => {
                return Verdict::Timeout { stage };
            }
            // A read timing out (SO_RCVTIMEO): connected, then silence.
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
                return Verdict::Timeout {
                    stage: if stage == Stage::Connect {
                        Stage::Greeting
                    } else {
                        stage
                    },
                };
            }
            _ if stage == Stage::Connect => {
                return Verdict::ConnectFailed {
                    detail: sanitize(&io.to_string()),
                };
            }
            _ => {}
        }
    }
    if stage == Stage::Starttls && e.is_client() {
        // lettre refuses STARTTLS the server did not announce; `run` checks first, but be safe.
        return Verdict::NoStarttls;
    }
    Verdict::Protocol {
        stage,
        detail: sanitize(&e.to_string()),
    }
}

fn find_io<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a io::Error> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            return Some(io);
        }
        cur = err.source();
    }
    None
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
