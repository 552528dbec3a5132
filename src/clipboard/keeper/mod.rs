//! The keeper: a small detached process, the same binary re-executed as
//! `seskey __clipboard-keeper`, that holds a copy after the app has quit and clears it on time.
//!
//! On X11 and Wayland the process that copied serves the clipboard, and the content dies with it;
//! on macOS and Windows the clipboard keeps the content, but someone must still clear it. Both are
//! the keeper's job, so the app (CLI or TUI) never opens a display connection itself.
//!
//! Protocol: the keeper's command line holds only non-secret settings. The text arrives on its
//! standard input (a pipe: 4-byte little-endian length, then the bytes), never in argv or the
//! environment; the same pipe then carries `c` for "clear now", and its end (the app quit) changes
//! nothing. The keeper reports on its standard output one line `ready` or `error CODE`, and later
//! one outcome line (`cleared`, `replaced`, `failed`): the words of [`Report`], written by
//! `server` (the keeper) and read by `client` (the app). Standard error is /dev/null.
//!
//! One keeper runs per display: a lock file (mode 0600, under `$XDG_RUNTIME_DIR/seskey` or
//! `/tmp/seskey-UID`) holds the pid of the current keeper; a new keeper signals the old one to
//! exit before it copies.

mod client;
mod server;

#[cfg(unix)]
pub(crate) use client::spawn_osc52;
pub(crate) use client::{Keeper, spawn_system};
pub use server::run;

use std::time::Duration;

/// The hidden subcommand that runs the keeper.
pub const SUBCOMMAND: &str = "__clipboard-keeper";

/// How long the keeper may take to connect to the display server, and again to see its copy.
const DISPLAY_TIMEOUT: Duration = Duration::from_secs(3);
/// How long the app waits for the keeper's first report.
const READY_TIMEOUT: Duration = Duration::from_secs(8);

/// The only environment the keeper gets (Unix): what finds the display and the runtime directory.
#[cfg(unix)]
const PASS_ENV: &[&str] = &[
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "XDG_RUNTIME_DIR",
    "HOME",
    "TMPDIR",
];

/// What a keeper does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KeeperMode {
    /// Holds text on the system clipboard and clears it on time if it is still there.
    System,
    /// Writes the OSC 52 clear sequence to the terminal on its standard input at the timeout.
    Osc52Tty,
}

/// Arguments of the hidden `seskey __clipboard-keeper` (nothing secret).
#[derive(Debug, Clone, clap::Args)]
pub struct KeeperArgs {
    /// What to keep.
    #[arg(long, value_enum)]
    pub mode: KeeperMode,
    /// Milliseconds until clearing; 0 never clears.
    #[arg(long, value_name = "MS")]
    pub clear_after_ms: u64,
    /// Which clipboard (display or terminal) this keeper is the one keeper for.
    #[arg(long)]
    pub key: String,
    /// The text is not secret: no "keep out of history" hints.
    #[arg(long)]
    pub plain: bool,
    /// The terminal is reached through tmux: clear with the sequence tmux passes on.
    #[arg(long)]
    pub tmux: bool,
}

/// What went wrong in the keeper, as its `error …` line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The display server could not be reached.
    Unreachable,
    /// The display server did not answer in time.
    Timeout,
    /// The clipboard refused the content.
    Refused,
    /// The text did not arrive on standard input.
    Input,
    /// This keeper mode does not exist on this system.
    Unsupported,
    /// A word this app does not know (another version of the keeper).
    Other(String),
}

/// A line the keeper writes on its standard output: the one wire vocabulary of both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Report {
    /// The copy is on the clipboard (the first line).
    Ready,
    /// The first line when the copy failed.
    Error(Problem),
    /// The outcome: the clipboard still held the copy and was cleared.
    Cleared,
    /// The outcome: another application had copied something since.
    Replaced,
    /// The outcome: clearing failed.
    Failed,
}

impl Report {
    /// The line's text, without its newline.
    pub(crate) fn line(&self) -> String {
        let problem = |p: &Problem| {
            match p {
                Problem::Unreachable => "unreachable",
                Problem::Timeout => "timeout",
                Problem::Refused => "refused",
                Problem::Input => "input",
                Problem::Unsupported => "unsupported",
                Problem::Other(s) => s.as_str(),
            }
            .to_string()
        };
        match self {
            Report::Ready => "ready".into(),
            Report::Error(p) => format!("error {}", problem(p)),
            Report::Cleared => "cleared".into(),
            Report::Replaced => "replaced".into(),
            Report::Failed => "failed".into(),
        }
    }

    /// Reads a line; `None` for one that is none of the words.
    pub(crate) fn parse(line: &str) -> Option<Report> {
        Some(match line {
            "ready" => Report::Ready,
            "cleared" => Report::Cleared,
            "replaced" => Report::Replaced,
            "failed" => Report::Failed,
            _ => Report::Error(match line.strip_prefix("error ")? {
                "unreachable" => Problem::Unreachable,
                "timeout" => Problem::Timeout,
                "refused" => Problem::Refused,
                "input" => Problem::Input,
                "unsupported" => Problem::Unsupported,
                other => Problem::Other(other.to_string()),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_reads_back_as_itself() {
        for r in [
            Report::Ready,
            Report::Cleared,
            Report::Replaced,
            Report::Failed,
            Report::Error(Problem::Unreachable),
            Report::Error(Problem::Timeout),
            Report::Error(Problem::Refused),
            Report::Error(Problem::Input),
            Report::Error(Problem::Unsupported),
            Report::Error(Problem::Other("odd".into())),
        ] {
            assert_eq!(Report::parse(&r.line()), Some(r.clone()), "{r:?}");
        }
        assert_eq!(Report::parse("hello"), None);
    }
}
