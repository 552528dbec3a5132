//! The environment variables the AWS tools use: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.

use crate::i18n::t;
use crate::tr;
use zeroize::Zeroizing;

use super::{ImportError, Imported};
use crate::secret::SecretText;

/// The variable holding the secret access key.
pub const SECRET_VAR: &str = "AWS_SECRET_ACCESS_KEY";
/// The variable holding the access key ID.
pub const KEY_ID_VAR: &str = "AWS_ACCESS_KEY_ID";
/// Set alongside temporary (STS) keys.
pub const SESSION_TOKEN_VAR: &str = "AWS_SESSION_TOKEN";

/// How the environment is named in messages.
fn source() -> &'static str {
    t("import.env.source")
}

/// Reads the key pair from the environment. Temporary credentials (`AWS_SESSION_TOKEN` set) are
/// refused: SES SMTP does not accept them.
pub fn load() -> Result<Imported, ImportError> {
    let Some(value) = std::env::var_os(SECRET_VAR) else {
        return Err(ImportError::invalid(
            source(),
            None,
            tr!("import.env.not_set", var = SECRET_VAR),
        ));
    };
    // The copy std hands out is wiped when this function returns.
    let value = Zeroizing::new(value.into_encoded_bytes());
    if std::env::var_os(SESSION_TOKEN_VAR).is_some_and(|t| !t.is_empty()) {
        return Err(ImportError::invalid(
            source(),
            None,
            tr!("import.env.session_token", var = SESSION_TOKEN_VAR),
        ));
    }
    let text = std::str::from_utf8(&value).map_err(|_| {
        ImportError::invalid(source(), None, tr!("import.env.not_text", var = SECRET_VAR))
    })?;
    if text.trim().is_empty() {
        return Err(ImportError::invalid(
            source(),
            None,
            tr!("import.env.empty", var = SECRET_VAR),
        ));
    }
    let mut secret = SecretText::new();
    secret.push_str(text).map_err(|_| {
        ImportError::invalid(source(), None, tr!("import.env.too_long", var = SECRET_VAR))
    })?;
    let access_key_id = std::env::var(KEY_ID_VAR)
        .ok()
        .filter(|v| !v.trim().is_empty());
    Ok(Imported {
        secret,
        access_key_id,
        user_name: None,
        origin: tr!("import.env.origin", var = SECRET_VAR),
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
