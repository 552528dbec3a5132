//! The app's side of the keeper: starts it, hands it the text, reads its reports.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[cfg(unix)]
use super::PASS_ENV;
use super::{KeeperArgs, KeeperMode, Problem, READY_TIMEOUT, Report, SUBCOMMAND};
use crate::clipboard::{ClearOutcome, ClipboardError};
use crate::i18n::t;
use crate::sys::fdio;
use crate::tr;

/// A running keeper, seen from the app: its control pipe and the outcome it reports.
pub(crate) struct Keeper {
    control: Option<ChildStdin>,
    outcome: Arc<Mutex<Option<ClearOutcome>>>,
}

impl Keeper {
    /// The outcome, once the keeper has reported it.
    pub(crate) fn outcome(&self) -> Option<ClearOutcome> {
        *self.outcome.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Asks the keeper to clear now (if the clipboard still holds our copy) and exit.
    pub(crate) fn clear_now(&mut self) {
        if let Some(control) = self.control.take() {
            use std::os::fd::AsFd as _;
            let _ = fdio::write_all(control.as_fd(), b"c");
        }
    }
}

/// Starts a keeper holding `text` on the system clipboard.
pub(crate) fn spawn_system(
    text: &str,
    secret: bool,
    clear_after: Option<Duration>,
    key: &str,
) -> Result<Keeper, ClipboardError> {
    if text.len() > crate::secret::SECRET_CAPACITY {
        return Err(ClipboardError::TooLong);
    }
    let args = KeeperArgs {
        mode: KeeperMode::System,
        clear_after_ms: clear_after.map_or(0, |d| d.as_millis().max(1) as u64),
        key: key.to_string(),
        plain: !secret,
        tmux: false,
    };
    let mut child = spawn(&args, Stdio::piped())?;
    let control = child.stdin.take();
    if let Some(control) = &control {
        use std::os::fd::AsFd as _;
        let len = (text.len() as u32).to_le_bytes();
        // Straight from the caller's buffer into the pipe: no copy on this side.
        let sent = fdio::write_all(control.as_fd(), &len)
            .and_then(|()| fdio::write_all(control.as_fd(), text.as_bytes()));
        if sent.is_err() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ClipboardError::Helper(
                t("clipboard.helper.closed_input").into(),
            ));
        }
    }
    await_ready(child, control)
}

/// Starts a keeper that writes the OSC 52 clear sequence to `tty` after `clear_after` (the one
/// tmux passes on, when `tmux` sits in between).
#[cfg(unix)]
pub(crate) fn spawn_osc52(
    tty: std::os::fd::OwnedFd,
    clear_after: Duration,
    tmux: bool,
    key: &str,
) -> Result<Keeper, ClipboardError> {
    let args = KeeperArgs {
        mode: KeeperMode::Osc52Tty,
        clear_after_ms: clear_after.as_millis().max(1) as u64,
        key: key.to_string(),
        plain: true,
        tmux,
    };
    let child = spawn(&args, Stdio::from(tty))?;
    await_ready(child, None)
}

fn spawn(args: &KeeperArgs, stdin: Stdio) -> Result<Child, ClipboardError> {
    let exe = std::env::current_exe()
        .map_err(|e| ClipboardError::Helper(tr!("clipboard.helper.no_program", error = e)))?;
    let mut cmd = Command::new(exe);
    cmd.arg(SUBCOMMAND)
        .arg("--mode")
        .arg(match args.mode {
            KeeperMode::System => "system",
            KeeperMode::Osc52Tty => "osc52-tty",
        })
        .arg("--clear-after-ms")
        .arg(args.clear_after_ms.to_string())
        .arg("--key")
        .arg(&args.key);
    if args.plain {
        cmd.arg("--plain");
    }
    if args.tmux {
        cmd.arg("--tmux");
    }
    cmd.stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    #[cfg(unix)]
    crate::clipboard::detach(&mut cmd, PASS_ENV);
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt as _;
        const DETACHED_PROCESS: u32 = 0x0000_0008;
        const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
        cmd.env_remove("AWS_SECRET_ACCESS_KEY");
        cmd.creation_flags(DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP);
    }
    cmd.spawn()
        .map_err(|e| ClipboardError::Helper(tr!("clipboard.helper.start_failed", error = e)))
}

/// Waits (bounded) for the keeper's first line, then leaves a thread to collect its outcome and
/// reap it.
fn await_ready(mut child: Child, control: Option<ChildStdin>) -> Result<Keeper, ClipboardError> {
    let Some(stdout) = child.stdout.take() else {
        return Err(ClipboardError::Helper(
            t("clipboard.helper.no_status_pipe").into(),
        ));
    };
    let (tx, rx) = mpsc::channel::<String>();
    let outcome = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&outcome);
    std::thread::Builder::new()
        .name("clipboard-keeper".into())
        .spawn(move || {
            // Status lines only, never the text.
            let mut ready_sent = false;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if !ready_sent {
                    ready_sent = true;
                    let _ = tx.send(line);
                    continue;
                }
                let o = match Report::parse(&line) {
                    Some(Report::Cleared) => ClearOutcome::Cleared,
                    Some(Report::Replaced) => ClearOutcome::Replaced,
                    _ => ClearOutcome::Failed,
                };
                *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(o);
            }
            let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
            if ready_sent && slot.is_none() {
                // Ended without a word: a newer copy replaced this keeper.
                *slot = Some(ClearOutcome::Superseded);
            }
            drop(slot);
            drop(tx);
            let _ = child.wait();
        })
        .map_err(|e| ClipboardError::Helper(tr!("clipboard.helper.watch_failed", error = e)))?;
    match rx
        .recv_timeout(READY_TIMEOUT)
        .map(|line| Report::parse(&line))
    {
        Ok(Some(Report::Ready)) => Ok(Keeper { control, outcome }),
        Ok(Some(Report::Error(Problem::Unreachable))) => Err(ClipboardError::Unreachable),
        Ok(Some(Report::Error(Problem::Timeout))) => Err(ClipboardError::Timeout),
        Ok(Some(Report::Error(Problem::Refused))) => Err(ClipboardError::Refused),
        Ok(Some(Report::Error(other))) => {
            let code = Report::Error(other).line();
            let code = code.strip_prefix("error ").unwrap_or_default();
            Err(ClipboardError::Helper(tr!(
                "clipboard.helper.failed_with",
                code = code
            )))
        }
        // Not a word of the first line: named by nothing.
        Ok(_) => Err(ClipboardError::Helper(tr!(
            "clipboard.helper.failed_with",
            code = ""
        ))),
        Err(RecvTimeoutError::Timeout) => Err(ClipboardError::Helper(
            t("clipboard.helper.no_answer").into(),
        )),
        Err(RecvTimeoutError::Disconnected) => {
            Err(ClipboardError::Helper(t("clipboard.helper.ended").into()))
        }
    }
}
