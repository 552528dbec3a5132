//! IAM for SMTP users: list a user's access keys with their last use, check that the user may
//! send, create, deactivate and delete keys, create a sending-only user. Plain blocking functions
//! that print nothing; the command line (`crate::cli::rotate`...) and the wizard present them.
//!
//! The SDK is async; a [`Connection`] owns a current-thread tokio runtime made only for these
//! commands, so `seskey derive` never pays for one. Credentials come from `aws-config`'s default
//! chain (environment, profiles, SSO, `credential_process`, instance roles), honouring
//! `--profile`/`AWS_PROFILE` and the endpoint overrides (`AWS_ENDPOINT_URL`,
//! `AWS_ENDPOINT_URL_IAM`). TLS is rustls with ring (the crypto lettre already uses), which keeps
//! aws-lc's C build out.
//!
//! The new key's secret is copied into a [`SecretText`] as soon as the response arrives and the
//! response is dropped; the SDK's other heap copies are wiped by the zeroizing global allocator
//! when freed, and dropping the [`Connection`] frees the connection pool's buffers.

pub mod error;
pub mod plan;

use aws_sdk_iam::Client;
use aws_sdk_iam::config::{BehaviorVersion, Region};
use aws_sdk_iam::primitives::{DateTime, DateTimeFormat};
use aws_sdk_iam::types::StatusType;
use zeroize::Zeroize;

pub use error::IamError;

use crate::secret::SecretText;

/// How to reach IAM.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// The profile of `~/.aws/config` to use; `None` for `AWS_PROFILE` or the default chain.
    pub profile: Option<String>,
}

/// The region IAM is called in when the profile and environment name none: IAM is global, and
/// the standard partition's endpoint signs for us-east-1. A configured GovCloud or China region
/// is kept, and the SDK's endpoint rules map it to that partition's IAM endpoint.
pub const DEFAULT_IAM_REGION: &str = "us-east-1";

/// An IAM client and the runtime it runs on.
pub struct Connection {
    // Field order: the client (and its connection pool) drops before the runtime.
    client: Client,
    profile: Option<String>,
    rt: tokio::runtime::Runtime,
}

/// When a key was last used, as `GetAccessKeyLastUsed` tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastUsed {
    /// Seconds since the epoch; `None` when never used.
    pub date: Option<i64>,
    /// The service it was last used with ("N/A" when never used).
    pub service: String,
    /// The region it was last used in ("N/A" when never used).
    pub region: String,
}

/// One access key of a user (never the secret: IAM shows it only once, at creation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// The access key ID (AKIA...): the SMTP username.
    pub id: String,
    /// Whether the key is active.
    pub active: bool,
    /// Creation time, seconds since the epoch.
    pub created: Option<i64>,
    /// Last use; `None` when it could not be read.
    pub last_used: Option<LastUsed>,
}

/// A key for tests of the plans and the screens built on [`KeyInfo`]: `used`, the date of its
/// last use (with SES in eu-west-1), or `None` for a last use that could not be read.
#[cfg(test)]
pub(crate) fn test_key(id: &str, active: bool, created: i64, used: Option<i64>) -> KeyInfo {
    KeyInfo {
        id: id.into(),
        active,
        created: Some(created),
        last_used: used.map(|d| LastUsed {
            date: Some(d),
            service: "ses".into(),
            region: "eu-west-1".into(),
        }),
    }
}

/// A user as `GetUser` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The user name.
    pub name: String,
    /// Its ARN, for the permission simulation and messages.
    pub arn: String,
}

/// A key just created: the ID and the secret, which lives only in a locked, wiped page.
pub struct NewKey {
    /// The access key ID: the SMTP username.
    pub id: String,
    /// The secret access key.
    pub secret: SecretText,
}

impl std::fmt::Debug for NewKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewKey")
            .field("id", &self.id)
            .field("secret", &self.secret)
            .finish()
    }
}

/// Whether a user may call `ses:SendRawEmail`, by `SimulatePrincipalPolicy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendPermission {
    /// Allowed.
    Allowed,
    /// Denied; the simulator's decision (`implicitDeny`, `explicitDeny`).
    Denied(String),
    /// The simulation was refused or is not supported; the reason.
    Unknown(String),
}

/// The SMTP action an SES SMTP user needs.
pub const SEND_ACTION: &str = "ses:SendRawEmail";

/// The name of the inline policy `create-user` attaches (the SES console's name).
pub const POLICY_NAME: &str = "AmazonSesSendingAccess";

/// The inline policy `create-user` attaches: sending raw mail, nothing else.
pub const SEND_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendRawEmail","Resource":"*"}]}"#;

/// The IAM actions seskey's commands call, for README and denied-permission messages.
pub const ACTIONS: &[&str] = &[
    "iam:GetUser",
    "iam:ListAccessKeys",
    "iam:GetAccessKeyLastUsed",
    "iam:SimulatePrincipalPolicy",
    "iam:CreateAccessKey",
    "iam:UpdateAccessKey",
    "iam:DeleteAccessKey",
    "iam:CreateUser",
    "iam:PutUserPolicy",
    // Optional: the wizard's user list; when denied, the name is typed.
    "iam:ListUsers",
];

/// Formats seconds since the epoch as RFC 3339 (UTC).
pub fn format_time(secs: i64) -> String {
    DateTime::from_secs(secs)
        .fmt(DateTimeFormat::DateTime)
        .unwrap_or_else(|_| secs.to_string())
}

impl Connection {
    /// Loads credentials and configuration and makes the client. Fails only when the runtime
    /// cannot start; missing credentials show at the first call.
    pub fn connect(opts: &ConnectOptions) -> Result<Self, IamError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| IamError::Unreachable {
                detail: e.to_string(),
            })?;
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http)
            .timeout_config(timeouts());
        if let Some(p) = &opts.profile {
            loader = loader.profile_name(p);
        }
        let sdk = rt.block_on(loader.load());
        let mut conf = aws_sdk_iam::config::Builder::from(&sdk).interceptor(LimitBody);
        if sdk.region().is_none() {
            conf = conf.region(Region::from_static(DEFAULT_IAM_REGION));
        }
        let profile = opts
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok());
        Ok(Self {
            client: Client::from_conf(conf.build()),
            profile,
            rt,
        })
    }

    fn err<E>(&self, action: &'static str, resource: &str, e: E) -> IamError
    where
        E: error::SdkFailure,
    {
        IamError::from_sdk(action, resource, self.profile.as_deref(), e)
    }

    /// The user `name` (`GetUser`); [`IamError::NoSuchUser`] when there is none.
    pub fn user(&self, name: &str) -> Result<User, IamError> {
        let out = self
            .rt
            .block_on(self.client.get_user().user_name(name).send())
            .map_err(|e| self.err("iam:GetUser", &user_resource(name), e))?;
        let arn = out.user().map(|u| shown(u.arn())).unwrap_or_default();
        Ok(User {
            name: name.to_string(),
            arn,
        })
    }

    /// The account's user names (`ListUsers`, every page), sorted: the wizard offers them to
    /// pick from, and falls back to typing when the call is denied.
    pub fn users(&self) -> Result<Vec<String>, IamError> {
        let mut names = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let call = self.client.list_users().set_marker(marker.take()).send();
            let out = self
                .rt
                .block_on(call)
                .map_err(|e| self.err("iam:ListUsers", "*", e))?;
            names.extend(out.users().iter().map(|u| shown(u.user_name())));
            match out.marker() {
                Some(m) if out.is_truncated() => marker = Some(m.to_string()),
                _ => break,
            }
        }
        names.sort();
        Ok(names)
    }

    /// The user's access keys, oldest first, each with its last use.
    pub fn keys(&self, user: &str) -> Result<Vec<KeyInfo>, IamError> {
        let res = user_resource(user);
        let out = self
            .rt
            .block_on(self.client.list_access_keys().user_name(user).send())
            .map_err(|e| self.err("iam:ListAccessKeys", &res, e))?;
        let mut keys = Vec::new();
        for m in out.access_key_metadata() {
            let Some(id) = m.access_key_id() else {
                continue;
            };
            let id = checked_key_id("iam:ListAccessKeys", id)?;
            let used = self
                .rt
                .block_on(
                    self.client
                        .get_access_key_last_used()
                        .access_key_id(&id)
                        .send(),
                )
                .map_err(|e| self.err("iam:GetAccessKeyLastUsed", &res, e))?;
            keys.push(KeyInfo {
                id,
                active: m.status() == Some(&StatusType::Active),
                created: m.create_date().map(DateTime::secs),
                last_used: used.access_key_last_used().map(|u| LastUsed {
                    date: u.last_used_date().map(DateTime::secs),
                    service: shown(u.service_name()),
                    region: shown(u.region()),
                }),
            });
        }
        keys.sort_by_key(|k| k.created.unwrap_or(i64::MIN));
        Ok(keys)
    }

    /// Whether `user` may send mail, by the policy simulator.
    pub fn may_send(&self, user: &User) -> SendPermission {
        let call = self
            .client
            .simulate_principal_policy()
            .policy_source_arn(&user.arn)
            .action_names(SEND_ACTION)
            .send();
        match self.rt.block_on(call) {
            Ok(out) => match out.evaluation_results().first() {
                Some(r) => match r.eval_decision().as_str() {
                    "allowed" => SendPermission::Allowed,
                    other => SendPermission::Denied(other.to_string()),
                },
                None => SendPermission::Unknown(String::from("no evaluation result")),
            },
            Err(e) => SendPermission::Unknown(
                self.err("iam:SimulatePrincipalPolicy", &user.arn, e)
                    .to_string(),
            ),
        }
    }

    /// Creates an access key for `user`. The secret is moved into locked memory at once and the
    /// response's string is wiped.
    pub fn create_key(&self, user: &str) -> Result<NewKey, IamError> {
        let out = self
            .rt
            .block_on(self.client.create_access_key().user_name(user).send())
            .map_err(|e| self.err("iam:CreateAccessKey", &user_resource(user), e))?;
        let Some(mut key) = out.access_key else {
            return Err(IamError::Other {
                action: "iam:CreateAccessKey",
                code: String::from("EmptyResponse"),
                detail: String::new(),
            });
        };
        let mut secret = SecretText::new();
        // Strict: a secret that is not 40 characters of the key alphabet is not IAM's.
        let fits = crate::validate::secret(&key.secret_access_key, Default::default()).is_ok()
            && key.secret_access_key.trim() == key.secret_access_key
            && secret.push_str(&key.secret_access_key).is_ok();
        key.secret_access_key.zeroize();
        if !fits {
            return Err(IamError::BadReply {
                action: "iam:CreateAccessKey",
            });
        }
        let id = checked_key_id("iam:CreateAccessKey", &key.access_key_id)?;
        Ok(NewKey { id, secret })
    }

    /// Sets a key active or inactive (`UpdateAccessKey`).
    pub fn set_active(&self, user: &str, key_id: &str, active: bool) -> Result<(), IamError> {
        let status = if active {
            StatusType::Active
        } else {
            StatusType::Inactive
        };
        let call = self
            .client
            .update_access_key()
            .user_name(user)
            .access_key_id(key_id)
            .status(status)
            .send();
        self.rt
            .block_on(call)
            .map(drop)
            .map_err(|e| self.err("iam:UpdateAccessKey", &user_resource(user), e))
    }

    /// Deletes a key (`DeleteAccessKey`).
    pub fn delete_key(&self, user: &str, key_id: &str) -> Result<(), IamError> {
        let call = self
            .client
            .delete_access_key()
            .user_name(user)
            .access_key_id(key_id)
            .send();
        self.rt
            .block_on(call)
            .map(drop)
            .map_err(|e| self.err("iam:DeleteAccessKey", &user_resource(user), e))
    }

    /// Creates the user and attaches the sending-only inline policy ([`SEND_POLICY`]).
    pub fn create_smtp_user(&self, user: &str) -> Result<User, IamError> {
        let res = user_resource(user);
        let out = self
            .rt
            .block_on(self.client.create_user().user_name(user).send())
            .map_err(|e| self.err("iam:CreateUser", &res, e))?;
        let arn = out.user().map(|u| shown(u.arn())).unwrap_or_default();
        let call = self
            .client
            .put_user_policy()
            .user_name(user)
            .policy_name(POLICY_NAME)
            .policy_document(SEND_POLICY)
            .send();
        self.rt
            .block_on(call)
            .map_err(|e| self.err("iam:PutUserPolicy", &res, e))?;
        Ok(User {
            name: user.to_string(),
            arn,
        })
    }
}

/// The most an IAM reply may hold: real replies are a few KiB (a page of 100 users is ~50 KiB);
/// an endpoint that sends more is broken or hostile, and reading it whole would exhaust memory.
pub const MAX_REPLY_BYTES: usize = 4 << 20;

/// How long one IAM call may take, retries included, unless `SESKEY_IAM_TIMEOUT_SECS` says
/// otherwise (tests set it low).
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;

/// The operation timeout in seconds.
pub fn timeout_secs() -> u64 {
    std::env::var("SESKEY_IAM_TIMEOUT_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&s| s > 0)
        .unwrap_or(DEFAULT_TIMEOUT_SECS)
}

/// Bounds every call in time: an endpoint that never answers, or drips a byte at a time, would
/// otherwise hang seskey forever.
fn timeouts() -> aws_sdk_iam::config::timeout::TimeoutConfig {
    let total = std::time::Duration::from_secs(timeout_secs());
    aws_sdk_iam::config::timeout::TimeoutConfig::builder()
        .connect_timeout(total.min(std::time::Duration::from_secs(10)))
        .read_timeout(total)
        .operation_attempt_timeout(total)
        .operation_timeout(total)
        .build()
}

/// Caps every reply body (success and error alike) at [`MAX_REPLY_BYTES`] before the SDK reads
/// it into memory; the SDK has no such limit of its own.
#[derive(Debug)]
struct LimitBody;

impl aws_sdk_iam::config::Intercept for LimitBody {
    fn name(&self) -> &'static str {
        "seskey::LimitBody"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut aws_sdk_iam::config::interceptors::BeforeDeserializationInterceptorContextMut<
            '_,
        >,
        _rc: &aws_sdk_iam::config::RuntimeComponents,
        _cfg: &mut aws_sdk_iam::config::ConfigBag,
    ) -> Result<(), aws_sdk_iam::error::BoxError> {
        let body = context.response_mut().body_mut();
        let inner = std::mem::replace(body, aws_smithy_types::body::SdkBody::taken());
        *body = aws_smithy_types::body::SdkBody::from_body_1_x(http_body_util::Limited::new(
            inner,
            MAX_REPLY_BYTES,
        ));
        Ok(())
    }
}

/// Whether IAM would accept `user` as a user name (1 to 64 of letters, digits and `+=,.@_-`).
pub fn valid_user_name(user: &str) -> bool {
    !user.is_empty()
        && user.len() <= 64
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

/// A key's last use for people: "2024-05-01T10:00:00Z, ses, eu-west-1", "never used" or
/// "unknown".
pub fn last_use(k: &KeyInfo) -> String {
    match &k.last_used {
        Some(u) => match u.date {
            Some(d) => format!("{}, {}, {}", format_time(d), u.service, u.region),
            None => crate::i18n::t("iam.never_used").to_string(),
        },
        None => crate::i18n::t("iam.last_use_unknown").to_string(),
    }
}

/// An access key ID from IAM, refused unless it is `AKIA` + 16 capitals or digits: the ID is
/// printed, put in `--format env` output and passed back to IAM, so a hostile endpoint must not
/// get terminal escapes or shell text through it.
fn checked_key_id(action: &'static str, id: &str) -> Result<String, IamError> {
    match crate::validate::key_id(id) {
        Ok(Some(ok)) if ok == id => Ok(id.to_string()),
        _ => Err(IamError::BadReply { action }),
    }
}

/// A string from IAM (service, region, names) with control characters shown, not acted on.
fn shown(s: &str) -> String {
    crate::text::visible(s).into_owned()
}

/// How a user is named in messages when its ARN is not known yet.
fn user_resource(user: &str) -> String {
    format!("user/{user}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(format_time(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn the_policy_allows_only_sending() {
        let v: serde_json::Value = serde_json::from_str(SEND_POLICY).unwrap();
        assert_eq!(v["Statement"][0]["Action"], SEND_ACTION);
        assert_eq!(v["Statement"].as_array().unwrap().len(), 1);
    }
}
