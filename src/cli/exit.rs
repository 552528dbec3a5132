//! Stable exit codes, documented in `--help` and README.

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
