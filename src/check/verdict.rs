//! What an SMTP login check found, and what to tell people about it.

use std::fmt;

use serde::Serialize;

use super::CheckOptions;

/// The step of the SMTP conversation a verdict refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Resolving the host name.
    Resolve,
    /// Opening the TCP connection.
    Connect,
    /// Waiting for the server's greeting and answering it with EHLO (and, on a TLS-wrapper port,
    /// the TLS handshake).
    Greeting,
    /// STARTTLS, the TLS handshake and the second EHLO.
    Starttls,
    /// AUTH with the username and password.
    Auth,
    /// QUIT.
    Quit,
}

impl Stage {
    pub(crate) fn from_u8(v: u8) -> Self {
        match v {
            0 => Stage::Resolve,
            1 => Stage::Connect,
            2 => Stage::Greeting,
            3 => Stage::Starttls,
            4 => Stage::Auth,
            _ => Stage::Quit,
        }
    }

    /// Words for people ("during {label}").
    pub fn label(self) -> &'static str {
        match self {
            Stage::Resolve => "the host name lookup",
            Stage::Connect => "the connection",
            Stage::Greeting => "the greeting",
            Stage::Starttls => "STARTTLS",
            Stage::Auth => "the login (AUTH)",
            Stage::Quit => "QUIT",
        }
    }
}

/// Why TLS could not be set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsReason {
    /// The certificate chain does not lead to a trusted root.
    UnknownIssuer,
    /// The certificate is not valid for the host name that was dialled.
    NameMismatch,
    /// The certificate has expired.
    Expired,
    /// The certificate is not valid yet.
    NotYetValid,
    /// The server did not speak TLS at all (e.g. a STARTTLS port dialled with the TLS wrapper).
    NotTls,
    /// No TLS version or cipher suite in common (seskey requires TLS 1.2 or newer).
    Incompatible,
    /// Anything else, as the TLS library words it.
    Other(String),
}

impl fmt::Display for TlsReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsReason::UnknownIssuer => f.write_str(
                "the server's certificate is not signed by a trusted authority (a TLS-inspecting \
                 proxy or a test server? trust its CA with --ca-file PEM)",
            ),
            TlsReason::NameMismatch => f.write_str(
                "the certificate is not valid for the host name dialled (name mismatch: check \
                 the host or --endpoint)",
            ),
            TlsReason::Expired => {
                f.write_str("the certificate has expired (or this computer's clock is wrong)")
            }
            TlsReason::NotYetValid => {
                f.write_str("the certificate is not valid yet (check this computer's clock)")
            }
            TlsReason::NotTls => f.write_str(
                "the server did not answer in TLS (ports 587, 2587 and 25 use STARTTLS; 465 and \
                 2465 the TLS wrapper)",
            ),
            TlsReason::Incompatible => {
                f.write_str("no TLS version or cipher in common (seskey requires TLS 1.2 or newer)")
            }
            TlsReason::Other(s) => f.write_str(s),
        }
    }
}

/// The answer of an SMTP login check. No variant ever holds the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// The server accepted the login (235).
    Accepted,
    /// The server refused the login (535).
    Refused {
        /// The server's reply, sanitised (e.g. "535 Authentication Credentials Invalid").
        reply: String,
    },
    /// The host name does not resolve.
    HostNotFound {
        /// What the resolver said.
        detail: String,
    },
    /// The connection was actively refused (nothing listening, or a firewall rejecting).
    ConnectionRefused,
    /// Another error while connecting (network unreachable, reset...).
    ConnectFailed {
        /// The system's words.
        detail: String,
    },
    /// No answer in time.
    Timeout {
        /// Where the conversation stalled.
        stage: Stage,
    },
    /// TLS could not be set up; the credentials were not sent.
    TlsFailure {
        /// Why.
        reason: TlsReason,
    },
    /// The server did not offer STARTTLS; the credentials were not sent.
    NoStarttls,
    /// Any other unexpected answer or broken conversation.
    Protocol {
        /// Where it happened.
        stage: Stage,
        /// What happened, sanitised.
        detail: String,
    },
    /// The caller cancelled the check.
    Cancelled,
}

/// The coarse meaning of a verdict: what scripts branch on (see the CLI's exit codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The credentials work.
    Accepted,
    /// The server said no to these credentials.
    Refused,
    /// The login could not be tried (not reached, TLS, no STARTTLS, unexpected answer).
    NotChecked,
    /// Cancelled by the caller.
    Cancelled,
}

impl Verdict {
    /// The coarse outcome.
    pub fn outcome(&self) -> Outcome {
        match self {
            Verdict::Accepted => Outcome::Accepted,
            Verdict::Refused { .. } => Outcome::Refused,
            Verdict::Cancelled => Outcome::Cancelled,
            _ => Outcome::NotChecked,
        }
    }

    /// A stable identifier ("accepted", "refused", "tls_failure", ...), as in the JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Refused { .. } => "refused",
            Verdict::HostNotFound { .. } => "host_not_found",
            Verdict::ConnectionRefused => "connection_refused",
            Verdict::ConnectFailed { .. } => "connect_failed",
            Verdict::Timeout { .. } => "timeout",
            Verdict::TlsFailure { .. } => "tls_failure",
            Verdict::NoStarttls => "no_starttls",
            Verdict::Protocol { .. } => "protocol_error",
            Verdict::Cancelled => "cancelled",
        }
    }

    /// One line for people: what happened, the likely cause and the next step.
    pub fn message(&self, opts: &CheckOptions) -> String {
        let at = format!("{}:{}", opts.host, opts.port);
        let secs = opts.timeout.as_secs_f64();
        let other_ports = "try port 2587 or 465 (EC2 throttles port 25; some networks block 587)";
        match self {
            Verdict::Accepted => format!(
                "login accepted by {at} (235): the username and password work{}; no mail was sent",
                opts.region
                    .as_deref()
                    .map(|r| format!(" for {r}"))
                    .unwrap_or_default()
            ),
            Verdict::Refused { reply } => format!(
                "login refused by {at} ({reply}): the password does not match this access key \
                 in {}. Likely causes: it was made from another secret than this key's, or for \
                 another region (SMTP passwords are per region), the key is inactive or deleted \
                 in IAM, or it is a temporary (ASIA...) key. Next: derive it again from this \
                 key's current secret for this region, and check the key is active",
                opts.region.as_deref().unwrap_or("this region")
            ),
            Verdict::HostNotFound { detail } => {
                let region = opts
                    .region
                    .as_deref()
                    .and_then(|r| crate::region::parse(r).ok());
                let regional = region.as_ref().map(|r| r.smtp_host()) == Some(opts.host.clone());
                let why = match region {
                    Some(crate::region::RegionChoice::Custom(_)) if regional => {
                        "the region may have no SES SMTP endpoint (see `seskey regions`), or DNS \
                         is not reachable from here"
                    }
                    _ if regional => "check this computer's network and DNS settings",
                    _ => "check the endpoint's host name, and this computer's network and DNS",
                };
                format!("host {} not found ({detail}): {why}", opts.host)
            }
            Verdict::ConnectionRefused => format!(
                "{at} refused the connection: nothing listens there or a firewall rejects the \
                 port; {other_ports}"
            ),
            Verdict::ConnectFailed { detail } => {
                format!("could not connect to {at} ({detail}): check the network; {other_ports}")
            }
            Verdict::Timeout {
                stage: Stage::Resolve,
            } => format!(
                "no answer from DNS for {} within {secs} s: check the network and DNS settings",
                opts.host
            ),
            Verdict::Timeout {
                stage: Stage::Connect,
            } => format!(
                "no answer from {at} within {secs} s: a firewall is probably dropping traffic to \
                 port {}; {other_ports}",
                opts.port
            ),
            Verdict::Timeout {
                stage: Stage::Greeting,
            } => format!(
                "{at} accepted the connection but sent no greeting within {secs} s: a firewall or \
                 proxy may be holding it, or the port expects TLS from the first byte (use the \
                 TLS wrapper on 465 and 2465); {other_ports}"
            ),
            Verdict::Timeout { stage } => format!(
                "{at} stopped answering during {} (nothing within {secs} s): try again, or {other_ports}",
                stage.label()
            ),
            Verdict::TlsFailure { reason } => {
                format!("TLS with {at} failed: {reason}; the credentials were not sent")
            }
            Verdict::NoStarttls => format!(
                "{at} does not offer STARTTLS, so the credentials were NOT sent: use a TLS port \
                 (587 with STARTTLS, 465 with the TLS wrapper), and check that no proxy strips \
                 STARTTLS"
            ),
            Verdict::Protocol { stage, detail } => format!(
                "unexpected answer from {at} during {}: {detail}; the login was not verified, \
                 try again later",
                stage.label()
            ),
            Verdict::Cancelled => "check cancelled: the login was not verified".to_string(),
        }
    }
}

/// Server-supplied text made safe for a terminal line: control characters replaced, length capped.
pub(crate) fn sanitize(text: &str) -> String {
    const MAX: usize = 200;
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX)
        .collect();
    if text.chars().count() > MAX {
        out.push_str("...");
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::TlsMode;
    use std::time::Duration;

    fn opts() -> CheckOptions {
        CheckOptions {
            host: "email-smtp.eu-west-1.amazonaws.com".into(),
            port: 587,
            tls: TlsMode::Starttls,
            extra_ca: None,
            timeout: Duration::from_secs(15),
            region: Some("eu-west-1".into()),
        }
    }

    #[test]
    fn messages_are_one_line_and_name_a_next_step() {
        let all = [
            Verdict::Accepted,
            Verdict::Refused {
                reply: "535 Authentication Credentials Invalid".into(),
            },
            Verdict::HostNotFound {
                detail: "Name or service not known".into(),
            },
            Verdict::ConnectionRefused,
            Verdict::ConnectFailed {
                detail: "Network is unreachable".into(),
            },
            Verdict::Timeout {
                stage: Stage::Connect,
            },
            Verdict::Timeout {
                stage: Stage::Greeting,
            },
            Verdict::Timeout { stage: Stage::Auth },
            Verdict::TlsFailure {
                reason: TlsReason::UnknownIssuer,
            },
            Verdict::NoStarttls,
            Verdict::Protocol {
                stage: Stage::Auth,
                detail: "454 try later".into(),
            },
            Verdict::Cancelled,
        ];
        for v in &all {
            let m = v.message(&opts());
            assert!(!m.contains('\n'), "{m}");
            assert!(!m.is_empty());
        }
        let refused = all[1].message(&opts());
        assert!(refused.contains("per region") && refused.contains("eu-west-1"));
        assert!(all[2].message(&opts()).contains("DNS"));
        let mut custom = opts();
        custom.region = Some("xx-nowhere-9".into());
        custom.host = "email-smtp.xx-nowhere-9.amazonaws.com".into();
        assert!(all[2].message(&custom).contains("seskey regions"));
        assert!(all[5].message(&opts()).contains("2587"));
        assert!(all[9].message(&opts()).contains("NOT sent"));
    }

    #[test]
    fn outcomes_and_json_shape() {
        assert_eq!(Verdict::Accepted.outcome(), Outcome::Accepted);
        assert_eq!(
            Verdict::Refused {
                reply: "535".into()
            }
            .outcome(),
            Outcome::Refused
        );
        assert_eq!(Verdict::NoStarttls.outcome(), Outcome::NotChecked);
        let v = Verdict::TlsFailure {
            reason: TlsReason::NameMismatch,
        };
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["verdict"], "tls_failure");
        assert_eq!(json["reason"], "name_mismatch");
        assert_eq!(v.code(), "tls_failure");
    }

    #[test]
    fn server_text_cannot_inject_terminal_controls() {
        assert_eq!(sanitize("535 bad\r\n\x1b[2J"), "535 bad   [2J");
        assert!(sanitize(&"x".repeat(500)).len() < 210);
    }
}
