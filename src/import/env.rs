//! The environment variables the AWS tools use: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.

use zeroize::Zeroizing;

use super::{ImportError, Imported};
use crate::secret::SecretText;

/// The variable holding the secret access key.
pub const SECRET_VAR: &str = "AWS_SECRET_ACCESS_KEY";
/// The variable holding the access key ID.
pub const KEY_ID_VAR: &str = "AWS_ACCESS_KEY_ID";
/// Set alongside temporary (STS) keys.
pub const SESSION_TOKEN_VAR: &str = "AWS_SESSION_TOKEN";

const SOURCE: &str = "environment";

/// Reads the key pair from the environment. Temporary credentials (`AWS_SESSION_TOKEN` set) are
/// refused: SES SMTP does not accept them.
pub fn load() -> Result<Imported, ImportError> {
    let Some(value) = std::env::var_os(SECRET_VAR) else {
        return Err(ImportError::invalid(
            SOURCE,
            None,
            format!("{SECRET_VAR} is not set; export it, or pipe the secret instead"),
        ));
    };
    // The copy std hands out is wiped when this function returns.
    let value = Zeroizing::new(value.into_encoded_bytes());
    if std::env::var_os(SESSION_TOKEN_VAR).is_some_and(|t| !t.is_empty()) {
        return Err(ImportError::invalid(
            SOURCE,
            None,
            format!(
                "{SESSION_TOKEN_VAR} is set: these are temporary (STS) credentials, which SES \
                 SMTP does not accept; use a long-term access key (AKIA…) of an IAM user"
            ),
        ));
    }
    let text = std::str::from_utf8(&value).map_err(|_| {
        ImportError::invalid(SOURCE, None, format!("{SECRET_VAR} is not UTF-8 text"))
    })?;
    if text.trim().is_empty() {
        return Err(ImportError::invalid(
            SOURCE,
            None,
            format!("{SECRET_VAR} is empty"),
        ));
    }
    let mut secret = SecretText::new();
    secret.push_str(text).map_err(|_| {
        ImportError::invalid(
            SOURCE,
            None,
            format!("{SECRET_VAR} is far too long for a key"),
        )
    })?;
    let access_key_id = std::env::var(KEY_ID_VAR)
        .ok()
        .filter(|v| !v.trim().is_empty());
    Ok(Imported {
        secret,
        access_key_id,
        user_name: None,
        origin: format!("environment ({SECRET_VAR})"),
    })
}

/// Wipes the secret in place in this process's original environment (else it stays readable
/// through `/proc/PID/environ` and in memory images) and removes the variable, so child
/// processes and later readers do not see it. Call it after [`load`].
///
/// # Safety
/// No other thread may read or write the environment at the same time (see
/// [`std::env::remove_var`]).
pub unsafe fn forget_secret() {
    crate::sys::scrub::wipe_env_value(SECRET_VAR);
    // SAFETY: the caller guarantees no concurrent environment access.
    unsafe { std::env::remove_var(SECRET_VAR) };
}
