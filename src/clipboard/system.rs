//! The system clipboard through arboard. Only the keeper process uses it, so the app itself never
//! opens a connection to the display server.
//!
//! Every arboard call runs on a worker thread and is awaited with a timeout: arboard documents
//! that connecting can hang (an unresponsive X server, a stuck compositor), and a clipboard must
//! never freeze whoever asked for it.
//!
//! "Serving" platforms (X11 and Wayland: every Unix but Apple's) keep the clipboard only while a
//! process answers for it; elsewhere the clipboard keeps a copy by itself.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use subtle::ConstantTimeEq as _;
use zeroize::Zeroizing;

use crate::secret::SecretText;

/// The copied text, shared by the threads that serve and compare it and wiped by the keeper.
pub(crate) type SharedText = Arc<Mutex<SecretText>>;

/// The text, also when a thread panicked while holding the lock.
pub(crate) fn lock(text: &SharedText) -> std::sync::MutexGuard<'_, SecretText> {
    text.lock().unwrap_or_else(|p| p.into_inner())
}

/// Why the system clipboard could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SystemError {
    /// No connection to the display server (or no clipboard on it).
    Unreachable,
    /// The display server did not answer in time.
    Timeout,
    /// The clipboard refused the content.
    Refused,
}

type Reply<T> = Sender<T>;

enum Cmd {
    /// Puts the text on the clipboard once (platforms where the clipboard keeps it by itself).
    #[cfg_attr(x11_wayland, allow(dead_code))]
    Set(Reply<Result<(), SystemError>>),
    /// Whether the clipboard holds exactly our text.
    IsOurs(Reply<bool>),
    /// Empties the clipboard.
    Clear(Reply<Result<(), SystemError>>),
}

/// A connection to the system clipboard, held by a worker thread.
pub(crate) struct System {
    tx: Sender<Cmd>,
    text: SharedText,
    secret: bool,
    timeout: Duration,
}

impl System {
    /// Connects, waiting at most `timeout`. `text` is what this keeper copies; `secret` asks for
    /// the "keep out of history" hints.
    pub(crate) fn connect(
        text: SharedText,
        secret: bool,
        timeout: Duration,
    ) -> Result<Self, SystemError> {
        let (tx, rx) = mpsc::channel::<Cmd>();
        let (ready_tx, ready_rx) = mpsc::channel();
        let worker_text = Arc::clone(&text);
        std::thread::Builder::new()
            .name("clipboard".into())
            .spawn(move || worker(rx, ready_tx, worker_text, secret))
            .map_err(|_| SystemError::Unreachable)?;
        match ready_rx.recv_timeout(timeout) {
            Ok(Ok(())) => Ok(Self {
                tx,
                text,
                secret,
                timeout,
            }),
            Ok(Err(e)) => Err(e),
            Err(RecvTimeoutError::Timeout) => Err(SystemError::Timeout),
            Err(RecvTimeoutError::Disconnected) => Err(SystemError::Unreachable),
        }
    }

    fn call<T>(&self, make: impl FnOnce(Reply<T>) -> Cmd) -> Result<T, SystemError> {
        let (reply_tx, reply_rx) = mpsc::channel();
        self.tx
            .send(make(reply_tx))
            .map_err(|_| SystemError::Unreachable)?;
        reply_rx.recv_timeout(self.timeout).map_err(|e| match e {
            RecvTimeoutError::Timeout => SystemError::Timeout,
            RecvTimeoutError::Disconnected => SystemError::Unreachable,
        })
    }

    /// Puts the text on the clipboard with the "keep out of history" hints. On X11 and Wayland
    /// the process must then serve it: a thread does so until another application takes the
    /// clipboard over, and then calls `on_lost`.
    pub(crate) fn copy(&self, on_lost: impl FnOnce() + Send + 'static) -> Result<(), SystemError> {
        #[cfg(x11_wayland)]
        {
            let text = Arc::clone(&self.text);
            let secret = self.secret;
            std::thread::Builder::new()
                .name("clipboard-serve".into())
                .spawn(move || {
                    use arboard::SetExtLinux as _;
                    // Blocks while we own the clipboard; returns when someone else takes it.
                    let served = arboard::Clipboard::new().and_then(|mut cb| {
                        // arboard keeps the String it is given as its served copy (no further
                        // copy); it is freed, and so wiped by the zeroizing allocator, as soon as
                        // the clipboard is lost or cleared.
                        let owned = String::from(lock(&text).expose());
                        let set = cb.set();
                        let set = if secret {
                            set.exclude_from_history()
                        } else {
                            set
                        };
                        set.wait().text(owned)
                    });
                    if served.is_ok() {
                        on_lost();
                    }
                })
                .map_err(|_| SystemError::Unreachable)?;
            // Serving has no "done" signal: wait until the clipboard reads back as ours.
            let deadline = std::time::Instant::now() + self.timeout;
            while std::time::Instant::now() < deadline {
                if self.is_ours() {
                    return Ok(());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(SystemError::Timeout)
        }
        #[cfg(not(x11_wayland))]
        {
            let _ = on_lost;
            self.call(Cmd::Set)?
        }
    }

    /// Whether the clipboard holds exactly our text (false when it cannot be read).
    pub(crate) fn is_ours(&self) -> bool {
        self.call(Cmd::IsOurs).unwrap_or(false)
    }

    /// Empties the clipboard.
    pub(crate) fn clear(&self) -> Result<(), SystemError> {
        self.call(Cmd::Clear)?
    }
}

fn worker(
    rx: Receiver<Cmd>,
    ready: Sender<Result<(), SystemError>>,
    text: SharedText,
    secret: bool,
) {
    let mut cb = match arboard::Clipboard::new() {
        Ok(cb) => cb,
        Err(_) => {
            let _ = ready.send(Err(SystemError::Unreachable));
            return;
        }
    };
    if ready.send(Ok(())).is_err() {
        return;
    }
    for cmd in rx {
        match cmd {
            Cmd::Set(reply) => {
                let _ = reply.send(set_once(&mut cb, lock(&text).expose(), secret));
            }
            Cmd::IsOurs(reply) => {
                // Read into a buffer that is wiped on drop, compare in constant time.
                let held = cb.get_text().map(Zeroizing::new);
                let ours = held
                    .as_ref()
                    .is_ok_and(|h| bool::from(h.as_bytes().ct_eq(lock(&text).expose().as_bytes())));
                let _ = reply.send(ours);
            }
            Cmd::Clear(reply) => {
                let _ = reply.send(cb.clear().map_err(|_| SystemError::Refused));
            }
        }
    }
}

/// One `set` with every platform's "keep out of history" hints.
fn set_once(cb: &mut arboard::Clipboard, text: &str, secret: bool) -> Result<(), SystemError> {
    let set = cb.set();
    let set = if secret {
        #[cfg(windows)]
        let set = {
            use arboard::SetExtWindows as _;
            set.exclude_from_monitoring()
                .exclude_from_cloud()
                .exclude_from_history()
        };
        #[cfg(target_os = "macos")]
        let set = {
            use arboard::SetExtApple as _;
            set.exclude_from_history()
        };
        #[cfg(x11_wayland)]
        let set = {
            use arboard::SetExtLinux as _;
            set.exclude_from_history()
        };
        set
    } else {
        set
    };
    set.text(text).map_err(|_| SystemError::Refused)
}
