//! `seskey derive --copy` and the hidden keeper subcommand: the command line's glue to
//! [`crate::clipboard`].

use super::{CliError, Exit};
use crate::clipboard::{self, ClipboardConfig, ClipboardError, CopyKind, keeper};

/// Copies the password, says on standard error where it went and when it will be cleared, and
/// prints no secret. Without a display the OSC 52 sequence goes to the controlling terminal
/// (`/dev/tty`), not standard output, so it never lands in a pipe or a file; a keeper holding the
/// terminal clears it at the timeout.
pub fn copy_password(password: &str, config: &ClipboardConfig) -> Result<(), CliError> {
    let mut receipt = clipboard::copy(CopyKind::Secret, password, config).map_err(cli_error)?;
    if let Some(seq) = receipt.take_osc52_bytes() {
        let tty = open_tty().ok_or_else(|| cli_error(ClipboardError::NoClipboard))?;
        crate::sys::fdio::write_all(std::os::fd::AsFd::as_fd(&tty), seq.as_bytes())
            .map_err(|_| cli_error(ClipboardError::NoClipboard))?;
        drop(seq);
        if let Err(e) = clipboard::keep_osc52_on_tty(&mut receipt, tty) {
            super::warn(crate::tr!("cli.osc52_not_cleared", error = e));
        }
    }
    eprintln!("seskey: {}", receipt.describe());
    Ok(())
}

/// A failed copy in the command line's words: the wizard's messages offer its reveal action,
/// which `--copy` does not have; here the way out is to print the password.
fn cli_error(e: ClipboardError) -> CliError {
    use crate::i18n::t;
    match e {
        ClipboardError::Disabled => CliError::usage(t("cli.copy_without_clipboard")),
        ClipboardError::NoClipboard => CliError::failure(t("clipboard.cli.no_clipboard")),
        ClipboardError::Unreachable => CliError::failure(t("clipboard.cli.unreachable")),
        ClipboardError::Timeout => CliError::failure(t("clipboard.cli.timeout")),
        ClipboardError::Refused => CliError::failure(t("clipboard.cli.refused")),
        ClipboardError::TmuxDrops(s) => {
            CliError::failure(crate::tr!("clipboard.cli.tmux_drops", setting = s.name()))
        }
        other => CliError::failure(other),
    }
}

/// The controlling terminal, for OSC 52; `None` without one (cron, CI, a daemon).
fn open_tty() -> Option<std::os::fd::OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    rustix::fs::open(
        "/dev/tty",
        OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .ok()
}

/// Runs the hidden `seskey __clipboard-keeper`.
pub fn run_keeper(args: &keeper::KeeperArgs) -> Exit {
    match keeper::run(args) {
        0 => Exit::Ok,
        2 => Exit::Usage,
        _ => Exit::Failure,
    }
}
