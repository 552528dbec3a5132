//! How seskey ends: the stable exit codes (documented in `--help` and README) and the failure
//! that carries one to the front ends. Core: both front ends (`cli`, `tui`) report through it, so
//! it sits below them.

use std::fmt;

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// Runtime failure: reading input or writing output failed.
    Failure = 1,
    /// Usage error or invalid input.
    Usage = 2,
    /// The SMTP server refused the login (`check`, `derive --check`).
    Refused = 3,
    /// The login could not be checked: server not reached, TLS failed, no STARTTLS, unexpected
    /// answer.
    Unreachable = 4,
    /// AWS refused or failed (`keys`, `rotate`, `create-user`): credentials missing or expired,
    /// permission denied, no such user, the two-key limit, an old key still in use.
    Aws = 5,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

/// A failure to report to the user: a message for people and a stable exit code.
#[derive(Debug)]
pub struct CliError {
    /// Exit code to leave with.
    pub exit: Exit,
    /// What went wrong and what to do; never holds a secret.
    pub message: String,
}

impl CliError {
    /// A usage or invalid-input error (exit 2).
    pub fn usage(message: impl fmt::Display) -> Self {
        Self {
            exit: Exit::Usage,
            message: message.to_string(),
        }
    }

    /// A runtime failure (exit 1).
    pub fn failure(message: impl fmt::Display) -> Self {
        Self {
            exit: Exit::Failure,
            message: message.to_string(),
        }
    }
}
