//! The keeper's side: the hidden subcommand that holds the copy and clears it on time.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{DISPLAY_TIMEOUT, KeeperArgs, KeeperMode, Problem, Report};
use crate::clipboard::system::{self, SharedText, System, SystemError};
use crate::secret::{SecretBuf, SecretText};
use crate::sys::fdio;

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
            report(Report::Error(Problem::Unsupported));
            2
        }
    }
}

fn report(report: Report) {
    let line = report.line();
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

fn error_report(e: SystemError) -> Report {
    Report::Error(match e {
        SystemError::Unreachable => Problem::Unreachable,
        SystemError::Timeout => Problem::Timeout,
        SystemError::Refused => Problem::Refused,
    })
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
            report(Report::Error(Problem::Input));
            return 2;
        }
    };
    let _lock = lock::acquire(&args.key);
    let sys = match System::connect(Arc::clone(&text), !args.plain, DISPLAY_TIMEOUT) {
        Ok(s) => s,
        Err(e) => {
            report(error_report(e));
            return 1;
        }
    };
    let (tx, rx) = mpsc::channel();
    let lost = tx.clone();
    if let Err(e) = sys.copy(move || {
        let _ = lost.send(Event::Lost);
    }) {
        report(error_report(e));
        return 1;
    }
    report(Report::Ready);
    let deadline = clear_after.map(|d| Instant::now() + d);
    watch_control(tx);

    let event = match deadline {
        Some(d) => rx.recv_timeout(d.saturating_duration_since(Instant::now())),
        None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
    };
    let (line, code) = match event {
        Ok(Event::Lost) => (Report::Replaced, 0),
        Ok(Event::ClearNow) | Err(_) => {
            if !sys.is_ours() {
                (Report::Replaced, 0)
            } else if sys.clear().is_ok() {
                // On X11 and Wayland, give the serving thread a moment to drop (and so wipe) its
                // copy after losing the clipboard.
                let _ = rx.recv_timeout(Duration::from_secs(1));
                (Report::Cleared, 0)
            } else {
                (Report::Failed, 1)
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
    report(Report::Ready);
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
                report(Report::Failed);
                return 1;
            }
            Err(_) => break,
        }
    }
    if fdio::write_all(tty, crate::clipboard::osc52::clear_sequence(args.tmux)).is_ok() {
        report(Report::Cleared);
        0
    } else {
        report(Report::Failed);
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
                    .any(|arg| arg == crate::clipboard::keeper::SUBCOMMAND.as_bytes())
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
