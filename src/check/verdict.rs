//! What an SMTP login check found, and what to tell people about it.

use std::fmt;

use serde::Serialize;

use super::CheckOptions;
use crate::i18n::t;
use crate::tr;

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

    /// Words for people ("during {label}"), in the current language.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Resolve => t("check.stage.resolve"),
            Stage::Connect => t("check.stage.connect"),
            Stage::Greeting => t("check.stage.greeting"),
            Stage::Starttls => t("check.stage.starttls"),
            Stage::Auth => t("check.stage.auth"),
            Stage::Quit => t("check.stage.quit"),
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
        f.write_str(match self {
            TlsReason::UnknownIssuer => t("check.tls.unknown_issuer"),
            TlsReason::NameMismatch => t("check.tls.name_mismatch"),
            TlsReason::Expired => t("check.tls.expired"),
            TlsReason::NotYetValid => t("check.tls.not_yet_valid"),
            TlsReason::NotTls => t("check.tls.not_tls"),
            TlsReason::Incompatible => t("check.tls.incompatible"),
            TlsReason::Other(s) => s,
        })
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
    /// A reply line over RFC 5321's 512 octets (or a line that never ends), or a reply of too
    /// many lines: not an SMTP server?
    OverlongReply {
        /// Where it happened.
        stage: Stage,
    },
    /// The deadline passed while a reply was still arriving (a server dripping bytes).
    SlowReply {
        /// Where it happened.
        stage: Stage,
    },
    /// The server sent more after its STARTTLS reply, before TLS began: injected commands
    /// (RFC 3207 §6) or a broken server. Refused; the credentials were not sent.
    StarttlsInjection,
}

/// The coarse meaning of a verdict: what scripts branch on (see the CLI's exit codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginOutcome {
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
    pub fn outcome(&self) -> LoginOutcome {
        match self {
            Verdict::Accepted => LoginOutcome::Accepted,
            Verdict::Refused { .. } => LoginOutcome::Refused,
            Verdict::Cancelled => LoginOutcome::Cancelled,
            _ => LoginOutcome::NotChecked,
        }
    }

    /// A stable identifier ("accepted", "refused", "tls_failure", ...), as in the JSON output.
    #[cfg(test)]
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
            Verdict::OverlongReply { .. } => "overlong_reply",
            Verdict::SlowReply { .. } => "slow_reply",
            Verdict::StarttlsInjection => "starttls_injection",
        }
    }

    /// One line for people, in the current language: what happened, the likely cause and the
    /// next step.
    pub fn message(&self, opts: &CheckOptions) -> String {
        let at = format!("{}:{}", opts.host, opts.port);
        let secs = opts.timeout.as_secs_f64();
        let other_ports = t("check.other_ports");
        let host = &opts.host;
        match self {
            Verdict::Accepted => match opts.region.as_deref() {
                Some(region) => tr!("check.verdict.accepted_in", at = at, region = region),
                None => tr!("check.verdict.accepted", at = at),
            },
            Verdict::Refused { reply } => tr!(
                "check.verdict.refused",
                at = at,
                reply = reply,
                region = opts.region.as_deref().unwrap_or(t("check.this_region"))
            ),
            Verdict::HostNotFound { detail } => {
                let region = opts
                    .region
                    .as_deref()
                    .and_then(|r| crate::region::parse(r).ok());
                let regional = region.as_ref().map(|r| r.smtp_host()) == Some(opts.host.clone());
                let why = match region {
                    Some(crate::region::RegionChoice::Custom(_)) if regional => {
                        t("check.host_not_found_why.no_endpoint")
                    }
                    _ if regional => t("check.host_not_found_why.network"),
                    _ => t("check.host_not_found_why.endpoint"),
                };
                tr!(
                    "check.verdict.host_not_found",
                    host = host,
                    detail = detail,
                    why = why
                )
            }
            Verdict::ConnectionRefused => {
                tr!(
                    "check.verdict.connection_refused",
                    at = at,
                    other_ports = other_ports
                )
            }
            Verdict::ConnectFailed { detail } => tr!(
                "check.verdict.connect_failed",
                at = at,
                detail = detail,
                other_ports = other_ports
            ),
            Verdict::Timeout {
                stage: Stage::Resolve,
            } => tr!("check.verdict.timeout_resolve", host = host, secs = secs),
            Verdict::Timeout {
                stage: Stage::Connect,
            } => tr!(
                "check.verdict.timeout_connect",
                at = at,
                secs = secs,
                port = opts.port,
                other_ports = other_ports
            ),
            Verdict::Timeout {
                stage: Stage::Greeting,
            } => tr!(
                "check.verdict.timeout_greeting",
                at = at,
                secs = secs,
                other_ports = other_ports
            ),
            Verdict::Timeout { stage } => tr!(
                "check.verdict.timeout",
                at = at,
                stage = stage.label(),
                secs = secs,
                other_ports = other_ports
            ),
            Verdict::TlsFailure { reason } => {
                tr!("check.verdict.tls_failure", at = at, reason = reason)
            }
            Verdict::NoStarttls => tr!("check.verdict.no_starttls", at = at),
            Verdict::Protocol { stage, detail } => tr!(
                "check.verdict.protocol",
                at = at,
                stage = stage.label(),
                detail = detail
            ),
            Verdict::Cancelled => tr!("check.verdict.cancelled"),
            Verdict::OverlongReply { stage } => tr!(
                "check.verdict.overlong_reply",
                at = at,
                stage = stage.label()
            ),
            Verdict::SlowReply { stage } => tr!(
                "check.verdict.slow_reply",
                at = at,
                stage = stage.label(),
                secs = secs
            ),
            Verdict::StarttlsInjection => tr!("check.verdict.starttls_injection", at = at),
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
            Verdict::OverlongReply {
                stage: Stage::Greeting,
            },
            Verdict::SlowReply {
                stage: Stage::Greeting,
            },
            Verdict::StarttlsInjection,
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
        assert!(all[12].message(&opts()).contains("over-long reply"));
        assert!(all[13].message(&opts()).contains("15 s"));
        assert!(all[14].message(&opts()).contains("NOT sent"));
        for v in &all[12..] {
            assert_eq!(v.outcome(), LoginOutcome::NotChecked, "{v:?}");
        }
        crate::i18n::with_lang(crate::i18n::Lang::Ko, || {
            for v in &all {
                let m = v.message(&opts());
                assert!(!m.contains('\n') && !m.contains('{'), "{m}");
            }
            let refused = all[1].message(&opts());
            assert!(
                refused.contains("리전") && refused.contains("eu-west-1"),
                "{refused}"
            );
            assert!(all[9].message(&opts()).contains("보내지 않았습니다"));
        });
    }

    #[test]
    fn outcomes_and_json_shape() {
        assert_eq!(Verdict::Accepted.outcome(), LoginOutcome::Accepted);
        assert_eq!(
            Verdict::Refused {
                reply: "535".into()
            }
            .outcome(),
            LoginOutcome::Refused
        );
        assert_eq!(Verdict::NoStarttls.outcome(), LoginOutcome::NotChecked);
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
