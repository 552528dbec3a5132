//! The one place that talks to the system clipboard (arboard). The timed clearing and the helper
//! process that keeps the clipboard served after exit (issue 5) build on [`copy`].

use std::fmt;
use std::sync::mpsc;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::secret::SecretText;

/// How long a copy may take before the user is told it failed (arboard documents that connecting
/// to the clipboard can hang).
pub const COPY_TIMEOUT: Duration = Duration::from_secs(5);

/// The connection is kept while the wizard runs: on X11 and Wayland the copying process serves
/// the clipboard, so the content would vanish with the connection.
static CLIPBOARD: Mutex<Option<arboard::Clipboard>> = Mutex::new(None);

/// Why a copy did not happen. Never holds the copied value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyError {
    /// No X11 or Wayland display to talk to.
    NoDisplay,
    /// The clipboard did not answer within [`COPY_TIMEOUT`].
    Timeout,
    /// The clipboard refused; the text describes why.
    Failed(String),
}

impl fmt::Display for CopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CopyError::NoDisplay => {
                f.write_str("no clipboard available (no display): press r to reveal, copy by hand")
            }
            CopyError::Timeout => f.write_str(
                "the clipboard did not answer within 5 s: press r to reveal, copy by hand",
            ),
            CopyError::Failed(why) => write!(f, "could not copy to the clipboard: {why}"),
        }
    }
}

fn display_available() -> bool {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()))
}

/// Puts `text` on the system clipboard, giving up after `timeout`. Blocks the calling thread (the
/// runtime calls it from a worker); `text` is wiped when the copy is done.
pub fn copy(text: SecretText, timeout: Duration) -> Result<(), CopyError> {
    if !display_available() {
        return Err(CopyError::NoDisplay);
    }
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut guard = CLIPBOARD.lock().unwrap_or_else(PoisonError::into_inner);
        let result = match guard.as_mut() {
            Some(c) => c.set_text(text.expose()),
            None => arboard::Clipboard::new().and_then(|mut c| {
                let r = c.set_text(text.expose());
                *guard = Some(c);
                r
            }),
        };
        drop(guard);
        drop(text);
        let _ = tx.send(result.map_err(|e| match e {
            arboard::Error::ClipboardNotSupported => CopyError::NoDisplay,
            // arboard's messages describe the failure, never the content.
            other => CopyError::Failed(other.to_string()),
        }));
    });
    rx.recv_timeout(timeout).unwrap_or(Err(CopyError::Timeout))
}

/// Drops the clipboard connection (before exit), unless a copy is still hanging on it.
pub fn shutdown() {
    if let Ok(mut guard) = CLIPBOARD.try_lock() {
        guard.take();
    }
}
