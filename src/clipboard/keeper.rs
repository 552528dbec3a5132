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
//! one outcome line (`cleared`, `replaced`, `failed`). Standard error is /dev/null.
//!
//! One keeper runs per display: a lock file (mode 0600, under `$XDG_RUNTIME_DIR/seskey` or
//! `/tmp/seskey-UID`) holds the pid of the current keeper; a new keeper signals the old one to
//! exit before it copies.

use crate::i18n::t;
use crate::tr;
use std::io::{BufRead as _, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::system::{self, SharedText, System, SystemError};
use super::{ClipboardError, Outcome};
use crate::secret::{SecretBuf, SecretText};
use crate::sys::fdio;

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
}

// ---------------------------------------------------------------------------------------------
// The app's side.

/// A running keeper, seen from the app: its control pipe and the outcome it reports.
pub(crate) struct Keeper {
    control: Option<ChildStdin>,
    outcome: Arc<Mutex<Option<Outcome>>>,
}

impl Keeper {
    /// The outcome, once the keeper has reported it.
    pub(crate) fn outcome(&self) -> Option<Outcome> {
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

/// Starts a keeper that writes the OSC 52 clear sequence to `tty` after `clear_after`.
#[cfg(unix)]
pub(crate) fn spawn_osc52(
    tty: std::os::fd::OwnedFd,
    clear_after: Duration,
    key: &str,
) -> Result<Keeper, ClipboardError> {
    let args = KeeperArgs {
        mode: KeeperMode::Osc52Tty,
        clear_after_ms: clear_after.as_millis().max(1) as u64,
        key: key.to_string(),
        plain: true,
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
    cmd.stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        // A minimal environment: nothing of the app's (such as AWS_SECRET_ACCESS_KEY) goes along.
        cmd.env_clear();
        for var in PASS_ENV {
            if let Some(v) = std::env::var_os(var) {
                cmd.env(var, v);
            }
        }
        // SAFETY: setsid(2) is async-signal-safe and touches no memory of the parent.
        unsafe {
            cmd.pre_exec(|| {
                // Its own session: no controlling terminal, no SIGHUP when the terminal closes.
                rustix::process::setsid().map_err(std::io::Error::from)?;
                Ok(())
            });
        }
    }
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
                let o = match line.as_str() {
                    "cleared" => Outcome::Cleared,
                    "replaced" => Outcome::Replaced,
                    _ => Outcome::Failed,
                };
                *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(o);
            }
            let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
            if ready_sent && slot.is_none() {
                // Ended without a word: a newer copy replaced this keeper.
                *slot = Some(Outcome::Superseded);
            }
            drop(slot);
            drop(tx);
            let _ = child.wait();
        })
        .map_err(|e| ClipboardError::Helper(tr!("clipboard.helper.watch_failed", error = e)))?;
    match rx.recv_timeout(READY_TIMEOUT) {
        Ok(line) if line == "ready" => Ok(Keeper { control, outcome }),
        Ok(line) => Err(match line.strip_prefix("error ").unwrap_or("") {
            "unreachable" => ClipboardError::Unreachable,
            "timeout" => ClipboardError::Timeout,
            "refused" => ClipboardError::Refused,
            other => ClipboardError::Helper(tr!("clipboard.helper.failed_with", code = other)),
        }),
        Err(RecvTimeoutError::Timeout) => Err(ClipboardError::Helper(
            t("clipboard.helper.no_answer").into(),
        )),
        Err(RecvTimeoutError::Disconnected) => {
            Err(ClipboardError::Helper(t("clipboard.helper.ended").into()))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The keeper's side.

/// Runs the keeper (the hidden subcommand) and returns its exit status.
pub fn run(args: &KeeperArgs) -> u8 {
    #[cfg(unix)]
    let _ = rustix::process::chdir("/");
    let clear_after = (args.clear_after_ms > 0).then(|| Duration::from_millis(args.clear_after_ms));
    match args.mode {
        KeeperMode::System => run_system(args, clear_after),
        #[cfg(unix)]
        KeeperMode::Osc52Tty => run_osc52(args, clear_after),
        #[cfg(not(unix))]
        KeeperMode::Osc52Tty => {
            report("error unsupported");
            2
        }
    }
}

fn report(line: &str) {
    let mut bytes = Vec::with_capacity(line.len() + 1);
    bytes.extend_from_slice(line.as_bytes());
    bytes.push(b'\n');
    // The app may have quit long ago: a closed pipe is fine (SIGPIPE is ignored by Rust).
    let _ = stdout_write(&bytes);
}

#[cfg(unix)]
fn stdout_write(bytes: &[u8]) -> std::io::Result<()> {
    fdio::write_all(rustix::stdio::stdout(), bytes)
}

#[cfg(not(unix))]
fn stdout_write(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush())
}

fn error_code(e: SystemError) -> &'static str {
    match e {
        SystemError::Unreachable => "error unreachable",
        SystemError::Timeout => "error timeout",
        SystemError::Refused => "error refused",
    }
}

enum Event {
    /// Another application took the clipboard over.
    Lost,
    /// The app asked to clear now.
    ClearNow,
}

fn run_system(args: &KeeperArgs, clear_after: Option<Duration>) -> u8 {
    let text: SharedText = match read_frame() {
        Some(t) => Arc::new(Mutex::new(t)),
        None => {
            report("error input");
            return 2;
        }
    };
    let _lock = lock::acquire(&args.key);
    let sys = match System::connect(Arc::clone(&text), !args.plain, DISPLAY_TIMEOUT) {
        Ok(s) => s,
        Err(e) => {
            report(error_code(e));
            return 1;
        }
    };
    let (tx, rx) = mpsc::channel();
    let lost = tx.clone();
    if let Err(e) = sys.copy(move || {
        let _ = lost.send(Event::Lost);
    }) {
        report(error_code(e));
        return 1;
    }
    report("ready");
    let deadline = clear_after.map(|d| Instant::now() + d);
    watch_control(tx);

    let event = match deadline {
        Some(d) => rx.recv_timeout(d.saturating_duration_since(Instant::now())),
        None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
    };
    let (line, code) = match event {
        Ok(Event::Lost) => ("replaced", 0),
        Ok(Event::ClearNow) | Err(_) => {
            if !sys.is_ours() {
                ("replaced", 0)
            } else if sys.clear().is_ok() {
                // On X11 and Wayland, give the serving thread a moment to drop (and so wipe) its
                // copy after losing the clipboard.
                let _ = rx.recv_timeout(Duration::from_secs(1));
                ("cleared", 0)
            } else {
                ("failed", 1)
            }
        }
    };
    system::lock(&text).clear();
    report(line);
    code
}

/// Reads the framed text from standard input into a secret page.
fn read_frame() -> Option<SecretText> {
    let mut len = [0u8; 4];
    read_exact(&mut len)?;
    let len = u32::from_le_bytes(len) as usize;
    if len > crate::secret::SECRET_CAPACITY {
        return None;
    }
    let mut buf = SecretBuf::new();
    while buf.len() < len {
        let want = len - buf.len();
        let n = read_some(&mut buf.spare_mut()[..want])?;
        buf.commit(n);
    }
    buf.into_text().ok()
}

fn read_exact(out: &mut [u8]) -> Option<()> {
    let mut got = 0;
    while got < out.len() {
        got += read_some(&mut out[got..])?;
    }
    Some(())
}

/// One read from standard input; `None` at its end or on error.
fn read_some(out: &mut [u8]) -> Option<usize> {
    #[cfg(unix)]
    loop {
        match rustix::io::read(rustix::stdio::stdin(), &mut *out) {
            Ok(0) => return None,
            Ok(n) => return Some(n),
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => return None,
        }
    }
    #[cfg(not(unix))]
    {
        use std::io::Read as _;
        // A local, unbuffered handle: `Stdin` buffers, so read with a lock on the raw handle.
        match std::io::stdin().lock().read(out) {
            Ok(0) | Err(_) => None,
            Ok(n) => Some(n),
        }
    }
}

/// Turns `c` on standard input into [`Event::ClearNow`]; its end (the app quit) changes nothing.
fn watch_control(tx: mpsc::Sender<Event>) {
    let _ = std::thread::Builder::new()
        .name("clipboard-control".into())
        .spawn(move || {
            let mut byte = [0u8; 1];
            while read_some(&mut byte).is_some() {
                if byte[0] == b'c' {
                    let _ = tx.send(Event::ClearNow);
                    return;
                }
            }
        });
}

#[cfg(unix)]
fn run_osc52(args: &KeeperArgs, clear_after: Option<Duration>) -> u8 {
    use rustix::event::{PollFd, PollFlags, poll};
    let _lock = lock::acquire(&args.key);
    report("ready");
    let Some(after) = clear_after else { return 0 };
    let deadline = Instant::now() + after;
    let tty = rustix::stdio::stdin();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        // No events asked for: only a hang-up (the terminal went away) wakes us early.
        let mut fds = [PollFd::from_borrowed_fd(tty, PollFlags::empty())];
        let timeout = rustix::event::Timespec {
            tv_sec: left.as_secs() as _,
            tv_nsec: left.subsec_nanos() as _,
        };
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) | Err(rustix::io::Errno::INTR) => {}
            Ok(_) => {
                report("failed");
                return 1;
            }
            Err(_) => break,
        }
    }
    if fdio::write_all(tty, super::osc52::CLEAR_SEQUENCE).is_ok() {
        report("cleared");
        0
    } else {
        report("failed");
        1
    }
}

/// One keeper per display or terminal.
#[cfg(unix)]
mod lock {
    use std::os::fd::OwnedFd;
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    use rustix::fs::{FlockOperation, Mode, OFlags};

    /// Held for the keeper's life; the kernel drops the lock when the process ends.
    pub(super) struct Lock(#[allow(dead_code)] OwnedFd);

    /// The per-user directory for lock files, created 0700 and refused if anyone else could
    /// write to it.
    pub(crate) fn runtime_dir() -> Option<PathBuf> {
        let uid = rustix::process::getuid().as_raw();
        let dir = match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
            Some(d) if d.is_absolute() && d.is_dir() => d.join("seskey"),
            _ => std::env::temp_dir().join(format!("seskey-{uid}")),
        };
        let _ = rustix::fs::mkdir(&dir, Mode::from_raw_mode(0o700));
        let st = rustix::fs::lstat(&dir).ok()?;
        let is_dir =
            rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::Directory;
        (is_dir && st.st_uid == uid && st.st_mode & 0o077 == 0).then_some(dir)
    }

    /// The lock file of `key`.
    pub(crate) fn path(key: &str) -> Option<PathBuf> {
        let name: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Some(runtime_dir()?.join(format!("keeper-{name}.pid")))
    }

    /// Takes the lock of `key`, asking its current holder (an older keeper) to exit first.
    /// `None` when no lock could be had: the keeper still works, only without replacing others.
    pub(super) fn acquire(key: &str) -> Option<Lock> {
        let fd = rustix::fs::open(
            path(key)?,
            OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        )
        .ok()?;
        let st = rustix::fs::fstat(&fd).ok()?;
        if st.st_uid != rustix::process::getuid().as_raw() {
            return None;
        }
        if rustix::fs::flock(&fd, FlockOperation::NonBlockingLockExclusive).is_err() {
            if let Some(pid) = read_pid(&fd).filter(|&p| is_keeper(p)) {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
            }
            let deadline = Instant::now() + Duration::from_secs(3);
            while rustix::fs::flock(&fd, FlockOperation::NonBlockingLockExclusive).is_err() {
                if Instant::now() > deadline {
                    return None;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let pid = format!("{}\n", rustix::process::getpid().as_raw_nonzero());
        let _ = rustix::fs::ftruncate(&fd, 0);
        let _ = rustix::io::pwrite(&fd, pid.as_bytes(), 0);
        Some(Lock(fd))
    }

    fn read_pid(fd: &OwnedFd) -> Option<rustix::process::Pid> {
        let mut buf = [0u8; 16];
        let n = rustix::io::pread(fd, &mut buf, 0).ok()?;
        let raw: i32 = std::str::from_utf8(&buf[..n]).ok()?.trim().parse().ok()?;
        rustix::process::Pid::from_raw(raw).filter(|p| *p != rustix::process::getpid())
    }

    /// Guards against a recycled pid: only a process running the keeper subcommand is signalled.
    fn is_keeper(pid: rustix::process::Pid) -> bool {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            let cmdline = std::fs::read(format!("/proc/{}/cmdline", pid.as_raw_nonzero()));
            cmdline.is_ok_and(|c| {
                c.split(|&b| b == 0)
                    .any(|arg| arg == super::SUBCOMMAND.as_bytes())
            })
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        {
            let _ = pid;
            true
        }
    }
}

/// Without flock and signals (Windows): keepers do not replace each other; each still clears
/// only a clipboard that holds its own copy.
#[cfg(not(unix))]
mod lock {
    pub(super) fn acquire(_key: &str) -> Option<()> {
        None
    }
}
