//! IAM failures in people's words: what went wrong and what to do. AWS error messages never hold
//! a secret (they name actions, ARNs and request IDs), so they may be shown as details.

use std::error::Error as StdError;
use std::fmt;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_iam::config::http::HttpResponse;
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};

use crate::tr;

/// Why an IAM call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IamError {
    /// No credentials were found (no environment variables, profile, SSO or instance role).
    NoCredentials {
        /// The SDK's explanation.
        detail: String,
    },
    /// The profile named by `--profile`/`AWS_PROFILE` gave no credentials (most often: there is
    /// no such profile).
    ProfileNoCredentials {
        /// The profile.
        profile: String,
        /// The SDK's explanation.
        detail: String,
    },
    /// The SSO session of the profile has expired: `aws sso login` renews it.
    SsoExpired {
        /// The profile in use, for the command to run.
        profile: Option<String>,
    },
    /// The credentials were refused (unknown or expired key, bad signature, expired token).
    BadCredentials {
        /// The AWS error code.
        code: String,
        /// AWS's message.
        detail: String,
    },
    /// The operator may not call `action` on `resource`.
    AccessDenied {
        /// The IAM action, e.g. `iam:CreateAccessKey`.
        action: &'static str,
        /// The user or ARN it was called on.
        resource: String,
        /// AWS's message.
        detail: String,
    },
    /// The IAM user does not exist.
    NoSuchUser {
        /// The user or ARN named in the call.
        resource: String,
    },
    /// IAM's limit of two access keys per user.
    KeyLimit {
        /// The user or ARN named in the call.
        resource: String,
    },
    /// `create-user`: the user exists already.
    UserExists {
        /// The user or ARN named in the call.
        resource: String,
    },
    /// IAM was not reached (network, DNS, TLS, timeout).
    Unreachable {
        /// What failed.
        detail: String,
    },
    /// IAM's reply was longer than [`super::MAX_REPLY_BYTES`]: a broken or hostile endpoint.
    TooLong,
    /// IAM's reply held a malformed access key ID or secret (a broken or hostile endpoint).
    BadReply {
        /// The IAM action whose reply it was.
        action: &'static str,
    },
    /// IAM did not answer within the timeout (seconds).
    Timeout {
        /// The timeout that passed.
        secs: u64,
    },
    /// Any other error IAM returned.
    Other {
        /// The IAM action.
        action: &'static str,
        /// The AWS error code.
        code: String,
        /// AWS's message.
        detail: String,
    },
}

impl fmt::Display for IamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            IamError::NoCredentials { detail } => tr!("iam.err_no_credentials", detail = detail),
            IamError::ProfileNoCredentials { profile, detail } => tr!(
                "iam.err_profile_no_credentials",
                profile = crate::text::visible(profile),
                detail = detail
            ),
            IamError::SsoExpired { profile: Some(p) } => {
                tr!(
                    "iam.err_sso_expired",
                    command = format!("aws sso login --profile {p}")
                )
            }
            IamError::SsoExpired { profile: None } => {
                tr!("iam.err_sso_expired", command = "aws sso login")
            }
            IamError::BadCredentials { code, detail } => {
                tr!("iam.err_bad_credentials", code = code, detail = detail)
            }
            IamError::AccessDenied {
                action,
                resource,
                detail,
            } => tr!(
                "iam.err_access_denied",
                action = action,
                resource = resource,
                detail = detail,
                actions = super::ACTIONS.join(", ")
            ),
            IamError::NoSuchUser { resource } => tr!("iam.err_no_such_user", resource = resource),
            IamError::KeyLimit { resource } => tr!("iam.err_key_limit", resource = resource),
            IamError::UserExists { resource } => tr!("iam.err_user_exists", resource = resource),
            IamError::Unreachable { detail } => tr!(
                "iam.err_unreachable",
                host = crate::text::visible(&endpoint()),
                detail = detail
            ),
            IamError::TooLong => tr!(
                "iam.err_too_long",
                limit = (super::MAX_REPLY_BYTES >> 20).to_string()
            ),
            IamError::BadReply { action } => tr!("iam.err_bad_reply", action = action),
            IamError::Timeout { secs } => tr!("iam.err_timeout", secs = secs.to_string()),
            IamError::Other {
                action,
                code,
                detail,
            } => tr!(
                "iam.err_other",
                action = action,
                code = code,
                detail = detail
            ),
        };
        f.write_str(&text)
    }
}

impl StdError for IamError {}

/// An SDK call's error, whatever the operation.
pub trait SdkFailure {
    /// The AWS error code and message when IAM answered with an error.
    fn service(&self) -> Option<(String, String)>;
    /// The error as a chain, for failures before IAM answered.
    fn as_error(&self) -> &(dyn StdError + 'static);
    /// Whether the call ran out of time (the operation timeout or a read/connect timeout).
    fn timed_out(&self) -> bool;
}

impl<E> SdkFailure for SdkError<E, HttpResponse>
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    fn service(&self) -> Option<(String, String)> {
        let e = self.as_service_error()?;
        if let Some(code) = e.code() {
            return Some((
                code.to_string(),
                e.message().unwrap_or_default().to_string(),
            ));
        }
        // An error body in another XML shape than the Query protocol's (`<Response><Errors>`, as
        // some emulators and proxies answer): its <Code> and <Message>, else the HTTP status.
        let raw = self.raw_response()?;
        let body = raw
            .body()
            .bytes()
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        let code =
            xml_field(&body, "Code").unwrap_or_else(|| format!("HTTP {}", raw.status().as_u16()));
        Some((code, xml_field(&body, "Message").unwrap_or_default()))
    }

    fn as_error(&self) -> &(dyn StdError + 'static) {
        self
    }

    fn timed_out(&self) -> bool {
        match self {
            SdkError::TimeoutError(_) => true,
            SdkError::DispatchFailure(d) => d.is_timeout(),
            _ => false,
        }
    }
}

impl IamError {
    /// Classifies an SDK error of `action` on `resource`.
    pub fn from_sdk(
        action: &'static str,
        resource: &str,
        profile: Option<&str>,
        e: impl SdkFailure,
    ) -> Self {
        // Before `service()`: a reply cut at the size cap is never read again.
        if sources(e.as_error()).any(|s| s.is::<http_body_util::LengthLimitError>()) {
            return IamError::TooLong;
        }
        if e.timed_out() {
            return IamError::Timeout {
                secs: super::timeout_secs(),
            };
        }
        if let Some((code, detail)) = e.service() {
            return Self::from_code(action, resource, code, detail);
        }
        let chain = chain_text(e.as_error());
        let lower = chain.to_ascii_lowercase();
        let credentials = sources(e.as_error()).any(|s| s.is::<CredentialsError>());
        if lower.contains("sso") && (lower.contains("expired") || lower.contains("token")) {
            return IamError::SsoExpired {
                profile: profile.map(str::to_string),
            };
        }
        if credentials || lower.contains("credentials") {
            if let Some(p) = profile {
                return IamError::ProfileNoCredentials {
                    profile: p.to_string(),
                    detail: chain,
                };
            }
            return IamError::NoCredentials { detail: chain };
        }
        IamError::Unreachable { detail: chain }
    }

    /// Classifies an error code IAM returned.
    pub fn from_code(action: &'static str, resource: &str, code: String, detail: String) -> Self {
        let named = resource
            .strip_prefix("user/")
            .unwrap_or(resource)
            .to_string();
        let resource = resource.to_string();
        match code.as_str() {
            "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" => {
                IamError::AccessDenied {
                    action,
                    resource,
                    detail,
                }
            }
            "NoSuchEntity" => IamError::NoSuchUser { resource: named },
            "LimitExceeded" => IamError::KeyLimit { resource: named },
            "EntityAlreadyExists" => IamError::UserExists { resource: named },
            "InvalidClientTokenId"
            | "SignatureDoesNotMatch"
            | "ExpiredToken"
            | "ExpiredTokenException"
            | "UnrecognizedClientException" => IamError::BadCredentials { code, detail },
            _ => IamError::Other {
                action,
                code,
                detail,
            },
        }
    }
}

/// Where IAM is called, for messages: the endpoint override, else AWS's.
fn endpoint() -> String {
    ["AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| String::from("https://iam.amazonaws.com"))
}

/// The text of the first `<tag>...</tag>` in `body`.
fn xml_field(body: &str, tag: &str) -> Option<String> {
    let start = body.find(&format!("<{tag}>"))? + tag.len() + 2;
    let len = body[start..].find(&format!("</{tag}>"))?;
    Some(body[start..start + len].trim().to_string())
}

fn sources<'a>(
    e: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> + 'a {
    std::iter::successors(Some(e), |e: &&'a (dyn StdError + 'static)| (*e).source())
}

/// The error and its causes on one line (the SDK's top-level text alone says "dispatch failure").
fn chain_text(e: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    for s in sources(e) {
        let t = s.to_string();
        if !parts.iter().any(|p| p.contains(&t)) {
            parts.push(t);
        }
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_fields_are_read_from_any_xml_shape() {
        let body = "<Response><Errors><Error><Code>AccessDenied</Code><Message>no</Message>";
        assert_eq!(xml_field(body, "Code").as_deref(), Some("AccessDenied"));
        assert_eq!(xml_field(body, "Message").as_deref(), Some("no"));
        assert_eq!(xml_field("<html>", "Code"), None);
    }

    #[test]
    fn codes_map_to_kinds() {
        let e =
            |c: &str| IamError::from_code("iam:CreateAccessKey", "user/smtp", c.into(), "m".into());
        assert!(matches!(e("AccessDenied"), IamError::AccessDenied { .. }));
        assert!(matches!(e("NoSuchEntity"), IamError::NoSuchUser { .. }));
        assert!(matches!(e("LimitExceeded"), IamError::KeyLimit { .. }));
        assert!(matches!(
            e("EntityAlreadyExists"),
            IamError::UserExists { .. }
        ));
        assert!(matches!(e("ExpiredToken"), IamError::BadCredentials { .. }));
        assert!(matches!(e("Throttling"), IamError::Other { .. }));
    }

    #[test]
    fn messages_name_the_action_and_the_fix() {
        let denied = IamError::from_code(
            "iam:CreateAccessKey",
            "user/smtp",
            "AccessDenied".into(),
            String::new(),
        );
        let text = denied.to_string();
        assert!(
            text.contains("iam:CreateAccessKey") && text.contains("user/smtp"),
            "{text}"
        );
        let sso = IamError::SsoExpired {
            profile: Some("ops".into()),
        };
        assert!(sso.to_string().contains("aws sso login --profile ops"));
        let limit = IamError::KeyLimit {
            resource: "user/smtp".into(),
        };
        assert!(limit.to_string().contains('2'));
    }
}
