//! Asks the tmux server seskey runs in how it treats an application's OSC 52 copy: its
//! `set-clipboard` option (`on` takes it into a paste buffer and passes it on; `external`, the
//! default, and `off` drop it).
//!
//! `$TMUX` alone does not say seskey's terminal is a tmux pane: a terminal started from a pane
//! (xterm, an editor's terminal) inherits it, and there OSC 52 goes straight to that terminal.
//! So the same call asks for the tty of `$TMUX_PANE`, and tmux's answer counts only when that
//! is seskey's terminal (same device); otherwise tmux is not in between at all.
//!
//! A subprocess, so it is bounded: [`TIMEOUT`] of wall time (then killed), [`MAX_OUTPUT`] bytes
//! read, no stdin, no stderr, and a bare environment, so that nothing of seskey's (such as
//! `AWS_SECRET_ACCESS_KEY`) reaches it. It runs in a session of its own: no controlling terminal
//! (a `tmux` on `PATH` that is not tmux cannot write to seskey's terminal), and its whole process
//! group, what it started included, is killed at the end. [`stop_probes`] kills the running ones
//! when the wizard quits. Hand-written with `poll(2)` because std's `Child` has no wait with a
//! timeout.

use std::time::{Duration, Instant};

use super::TmuxClipboard;

/// How long tmux may take to answer before it is killed and the setting is unknown.
pub const TIMEOUT: Duration = Duration::from_millis(500);

/// The longest answer read: "external\n/dev/pts/123\n" is 22 bytes; a tty path is short.
const MAX_OUTPUT: usize = 128;

/// The variables the tmux client needs: where the server is (`TMUX`, `TMUX_TMPDIR`), where tmux
/// is (`PATH`) and the locale it checks for UTF-8.
const PASS_ENV: &[&str] = &[
    "TMUX",
    "TMUX_TMPDIR",
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
];

/// What tmux said about seskey's terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// seskey's terminal is not the pane `$TMUX_PANE` names: `$TMUX` was inherited, and tmux is
    /// not between seskey and its terminal.
    NotOurPane,
    /// seskey runs in that pane (or it could not be told: [`TmuxClipboard::Unknown`]), and
    /// this is tmux's `set-clipboard`.
    Setting(TmuxClipboard),
}

/// Asks the tmux server of `$TMUX` for its `set-clipboard` and the tty of `$TMUX_PANE`.
/// [`TmuxClipboard::Unknown`] when there is no `$TMUX_PANE` or no terminal of ours to compare
/// with (then it cannot be told whether tmux is in between, and nothing is refused), or when
/// tmux cannot be run, fails, or does not answer within [`TIMEOUT`].
pub fn probe() -> Probe {
    let pane = std::env::var_os("TMUX_PANE").filter(|p| !p.is_empty());
    match (pane, our_tty()) {
        (Some(pane), Some(ours)) => ask(std::ffi::OsStr::new("tmux"), &pane, ours),
        _ => Probe::Setting(TmuxClipboard::Unknown),
    }
}

/// The device number of the terminal seskey writes OSC 52 to: the first of standard output
/// (where the wizard draws), error and input that is a terminal; `--copy` writes to `/dev/tty`,
/// which is that same terminal whenever one of them is a terminal. `/dev/tty` itself cannot be
/// asked: its device number is that of `/dev/tty`, not of the terminal behind it.
// `dev_t` is u64 on Linux but not everywhere.
#[allow(clippy::unnecessary_cast)]
#[cfg(unix)]
fn our_tty() -> Option<u64> {
    [
        rustix::stdio::stdout(),
        rustix::stdio::stderr(),
        rustix::stdio::stdin(),
    ]
    .into_iter()
    .find_map(|fd| {
        rustix::termios::isatty(fd)
            .then(|| rustix::fs::fstat(fd).ok())
            .flatten()
            .map(|st| st.st_rdev as u64)
    })
}

#[cfg(not(unix))]
fn our_tty() -> Option<u64> {
    None
}

/// [`probe`] with `program` as tmux, `pane` as `$TMUX_PANE` and `ours` as our terminal's device.
fn ask(program: &std::ffi::OsStr, pane: &std::ffi::OsStr, ours: u64) -> Probe {
    let Some(out) = query(program, pane) else {
        return Probe::Setting(TmuxClipboard::Unknown);
    };
    let mut lines = out.split(|b| *b == b'\n');
    let setting = parse(lines.next().unwrap_or_default());
    let pane_tty = lines.next().unwrap_or_default().trim_ascii();
    match same_device(pane_tty, ours) {
        Some(true) => Probe::Setting(setting),
        Some(false) => Probe::NotOurPane,
        // tmux answered but knows no such pane (tmux 3.3 prints an empty line): `$TMUX_PANE`
        // was inherited from a pane since closed.
        None if pane_tty.is_empty() && setting != TmuxClipboard::Unknown => Probe::NotOurPane,
        None => Probe::Setting(TmuxClipboard::Unknown),
    }
}

/// Whether the device file at `path` is terminal `ours`; `None` when it cannot be told.
#[allow(clippy::unnecessary_cast)]
#[cfg(unix)]
fn same_device(path: &[u8], ours: u64) -> Option<bool> {
    use std::os::unix::ffi::OsStrExt as _;
    if path.is_empty() {
        return None;
    }
    let st = rustix::fs::stat(std::ffi::OsStr::from_bytes(path)).ok()?;
    Some(st.st_rdev as u64 == ours)
}

#[cfg(not(unix))]
fn same_device(_path: &[u8], _ours: u64) -> Option<bool> {
    None
}

/// Reads tmux's answer to `show-options -sv set-clipboard` (a server option, value only) and
/// `display-message -p -t PANE '#{pane_tty}'`, one line each, in one call.
#[cfg(unix)]
fn query(program: &std::ffi::OsStr, pane: &std::ffi::OsStr) -> Option<Vec<u8>> {
    use std::os::fd::AsFd;
    use std::process::{Command, Stdio};

    let mut cmd = Command::new(program);
    cmd.args(["show-options", "-sv", "set-clipboard", ";"])
        .args(["display-message", "-p", "-t"])
        .arg(pane)
        .arg("#{pane_tty}")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    crate::clipboard::detach(&mut cmd, PASS_ENV);
    let (mut child, running) = Running::spawn(&mut cmd)?;
    let deadline = Instant::now() + TIMEOUT;
    let out = child
        .stdout
        .take()
        .map(|stdout| read_bounded(stdout.as_fd(), deadline));
    // tmux exits right after its answer: wait for that until the deadline, then kill it, so it
    // is reaped on every path and never waited on for longer than TIMEOUT.
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(2));
            }
            _ => {
                running.kill_group();
                let _ = child.wait();
                break None;
            }
        }
    };
    // Whatever it left behind (a process holding the pipe) goes too. Its group ID stays taken
    // while any member lives, so this reaches only them even though tmux itself is reaped.
    running.kill_group();
    drop(running);
    let (Some((out, complete)), Some(status)) = (out, status) else {
        return None;
    };
    (complete && status.success()).then_some(out)
}

#[cfg(not(unix))]
fn query(_program: &std::ffi::OsStr, _pane: &std::ffi::OsStr) -> Option<Vec<u8>> {
    None
}

/// The process groups of the probes running now (their leader's pid), for [`stop_probes`].
static RUNNING: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());
/// Signalled when a probe ends.
static ENDED: std::sync::Condvar = std::sync::Condvar::new();

/// A running probe's process group, listed in [`RUNNING`] while it lives.
struct Running(u32);

/// Set by [`stop_probes`]: no probe starts after it (a copy asked for in the same read of
/// input as the quit would otherwise start one once the wizard has gone).
static CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Running {
    /// Spawns `cmd` and lists it, under one lock with [`stop_probes`]: either the probe is
    /// listed before the stop (and killed by it) or it never starts.
    fn spawn(cmd: &mut std::process::Command) -> Option<(std::process::Child, Self)> {
        let mut list = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
        if CLOSED.load(std::sync::atomic::Ordering::SeqCst) {
            return None;
        }
        let child = cmd.spawn().ok()?;
        list.push(child.id());
        let pid = child.id();
        Some((child, Self(pid)))
    }

    /// SIGKILL to the whole group.
    #[cfg(unix)]
    fn kill_group(&self) {
        kill_group(self.0);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let mut list = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
        list.retain(|p| *p != self.0);
        ENDED.notify_all();
    }
}

#[cfg(unix)]
fn kill_group(pid: u32) {
    if let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

/// Kills the probes still running (the wizard quits while a copy asks tmux), and waits a
/// little (at most [`TIMEOUT`]) for their workers to reap them, so none is left behind.
pub fn stop_probes() {
    let mut list = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
    CLOSED.store(true, std::sync::atomic::Ordering::SeqCst);
    #[cfg(unix)]
    for pid in list.iter() {
        kill_group(*pid);
    }
    let deadline = Instant::now() + TIMEOUT;
    while !list.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        list = match ENDED.wait_timeout(list, left) {
            Ok((l, _)) => l,
            Err(p) => p.into_inner().0,
        };
    }
}

/// Reads `fd` until its end, [`MAX_OUTPUT`] bytes, or `deadline`; says whether it reached the end.
#[cfg(unix)]
fn read_bounded(fd: std::os::fd::BorrowedFd<'_>, deadline: Instant) -> (Vec<u8>, bool) {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};

    let mut out = Vec::with_capacity(MAX_OUTPUT);
    let mut buf = [0u8; MAX_OUTPUT];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || out.len() >= MAX_OUTPUT {
            return (out, false);
        }
        let timeout = Timespec {
            tv_sec: left.as_secs() as i64,
            tv_nsec: i64::from(left.subsec_nanos()),
        };
        let mut fds = [PollFd::new(&fd, PollFlags::IN)];
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) => return (out, false),
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return (out, false),
        }
        let room = MAX_OUTPUT - out.len();
        match rustix::io::read(fd, &mut buf[..room]) {
            Ok(0) => return (out, true),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => {}
            Err(_) => return (out, false),
        }
    }
}

/// The option's value as tmux prints it.
fn parse(out: &[u8]) -> TmuxClipboard {
    match out.trim_ascii() {
        b"on" => TmuxClipboard::On,
        b"external" => TmuxClipboard::External,
        b"off" => TmuxClipboard::Off,
        _ => TmuxClipboard::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_values() {
        assert_eq!(parse(b"on\n"), TmuxClipboard::On);
        assert_eq!(parse(b"external\n"), TmuxClipboard::External);
        assert_eq!(parse(b"off"), TmuxClipboard::Off);
        assert_eq!(parse(b""), TmuxClipboard::Unknown);
        assert_eq!(parse(b"no server running"), TmuxClipboard::Unknown);
    }

    /// The tests that run probes, one at a time: [`stop_probes`] kills every running probe.
    fn serial() -> std::sync::MutexGuard<'static, ()> {
        static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
        LOCK.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A stand-in for tmux: a shell script running `body`, with its pid written to `pid`.
    #[cfg(unix)]
    fn fake_tmux(dir: &std::path::Path, body: &str) -> std::path::PathBuf {
        use std::os::unix::fs::PermissionsExt as _;
        let path = dir.join("tmux");
        let pid = dir.join("pid");
        let script = format!("#!/bin/sh\necho $$ > '{}'\n{body}\n", pid.display());
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// The device of `path`, standing in for our terminal's.
    #[allow(clippy::unnecessary_cast)]
    #[cfg(unix)]
    fn rdev(path: &str) -> u64 {
        rustix::fs::stat(path).unwrap().st_rdev as u64
    }

    /// What [`ask`] makes of a stand-in tmux running `body`, for pane `%7`, with `/dev/null`
    /// standing in for our terminal.
    #[cfg(unix)]
    fn answer(dir: &std::path::Path, body: &str) -> Probe {
        let tmux = fake_tmux(dir, body);
        ask(
            tmux.as_os_str(),
            std::ffi::OsStr::new("%7"),
            rdev("/dev/null"),
        )
    }

    /// The arguments tmux gets, and its answer read; a failing or missing tmux is unknown.
    /// `/dev/null` stands in for our terminal and the pane's tty.
    #[cfg(unix)]
    #[test]
    fn asks_tmux_for_the_server_option() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let null = rdev("/dev/null");
        let answer = |body: &str| answer(dir.path(), body);
        let setting = |s| Probe::Setting(s);
        let args = r##"[ "$*" = "show-options -sv set-clipboard ; display-message -p -t %7 #{pane_tty}" ] || exit 9"##;
        assert_eq!(
            answer(&format!("{args}; printf 'on\\n/dev/null\\n'")),
            setting(TmuxClipboard::On)
        );
        assert_eq!(
            answer(&format!("{args}; printf 'external\\n/dev/null\\n'")),
            setting(TmuxClipboard::External)
        );
        assert_eq!(
            answer("printf 'on\\n/dev/null\\n'; exit 1"),
            setting(TmuxClipboard::Unknown)
        );
        assert_eq!(
            ask(dir.path().join("absent").as_os_str(), "%7".as_ref(), null),
            setting(TmuxClipboard::Unknown)
        );
        // Nothing of seskey's environment reaches it but what tmux needs: cargo's variables,
        // set in this process, are gone (as `AWS_SECRET_ACCESS_KEY` would be).
        assert!(std::env::var_os("CARGO_PKG_NAME").is_some());
        let bare =
            answer(r#"[ -z "$CARGO_PKG_NAME" ] && [ -n "$PATH" ] && printf 'on\n/dev/null\n'"#);
        assert_eq!(bare, setting(TmuxClipboard::On));
    }

    /// A terminal that is not the pane (`$TMUX` inherited by an xterm started from tmux, or a
    /// relay such as `script` in the pane): tmux's answer is about another terminal.
    #[cfg(unix)]
    #[test]
    fn another_terminal_than_the_pane_is_not_in_tmux() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let answer = |body: &str| answer(dir.path(), body);
        // The pane's tty is another device than ours.
        assert_eq!(
            answer("printf 'external\\n/dev/zero\\n'"),
            Probe::NotOurPane
        );
        // No such pane (it closed since): tmux prints an empty line.
        assert_eq!(answer("printf 'external\\n\\n'"), Probe::NotOurPane);
        // A tty that cannot be looked at, or no answer at all: cannot be told.
        assert_eq!(
            answer("printf 'external\\n/nonexistent/tty\\n'"),
            Probe::Setting(TmuxClipboard::Unknown)
        );
        assert_eq!(answer("exit 0"), Probe::Setting(TmuxClipboard::Unknown));
    }

    /// A tmux that never answers, or answers without end, is killed and reaped: unknown.
    #[cfg(unix)]
    #[test]
    fn a_hanging_or_flooding_tmux_is_killed() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        for body in ["exec sleep 60", "exec yes on"] {
            let tmux = fake_tmux(dir.path(), body);
            assert_eq!(
                ask(tmux.as_os_str(), "%7".as_ref(), rdev("/dev/null")),
                Probe::Setting(TmuxClipboard::Unknown),
                "{body}"
            );
            let pid: i32 = std::fs::read_to_string(dir.path().join("pid"))
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            // Reaped: no such process any more (not even a zombie).
            assert!(
                !std::path::Path::new(&format!("/proc/{pid}")).exists(),
                "{body}"
            );
        }
    }

    /// Waits (bounded) until process `pid` is gone or a zombie no one will reap soon.
    #[cfg(target_os = "linux")]
    fn gone(pid: i32) -> bool {
        let start = Instant::now();
        loop {
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // Absent, or dead and waiting for its new parent to reap it.
            let state = state
                .rsplit(')')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .next();
            if matches!(state, None | Some("Z" | "X")) {
                return true;
            }
            if start.elapsed() > Duration::from_secs(10) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn read_pid(path: &std::path::Path) -> i32 {
        std::fs::read_to_string(path)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// The probe runs in a session of its own without a controlling terminal (it cannot open
    /// `/dev/tty`), and what it leaves behind holding the pipe is killed with it.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_probe_has_no_terminal_and_leaves_nothing_behind() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let facts = dir.path().join("facts");
        let grandchild = dir.path().join("grandchild");
        // Fields 6 and 7 of /proc/PID/stat: session, controlling tty (0: none).
        let body = format!(
            "set -- $(sed 's/.*) //' /proc/$$/stat); echo \"$$ $4 $5\" > '{}'\n\
             if (: </dev/tty) 2>/dev/null; then echo tty >> '{}'; fi\n\
             sleep 60 & echo $! > '{}'\n\
             printf 'on\\n/dev/null\\n'",
            facts.display(),
            facts.display(),
            grandchild.display()
        );
        let tmux = fake_tmux(dir.path(), &body);
        // The grandchild holds the pipe: no end of output, so unknown at the deadline.
        let got = ask(tmux.as_os_str(), "%7".as_ref(), rdev("/dev/null"));
        assert_eq!(got, Probe::Setting(TmuxClipboard::Unknown));
        let facts = std::fs::read_to_string(&facts).unwrap();
        let f: Vec<&str> = facts.split_whitespace().collect();
        assert_eq!(f.len(), 3, "{facts}");
        assert_eq!(f[0], f[1], "its own session: {facts}");
        assert_eq!(f[2], "0", "no controlling terminal: {facts}");
        assert!(
            gone(read_pid(&grandchild)),
            "the grandchild was left running"
        );
    }

    /// The wizard quits while a probe waits on a tmux that does not answer: it is killed and
    /// reaped at once, not left to run on.
    #[cfg(target_os = "linux")]
    #[test]
    fn stop_probes_kills_a_running_probe() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let tmux = fake_tmux(dir.path(), "exec sleep 60");
        let pid_file = dir.path().join("pid");
        let worker =
            std::thread::spawn(move || ask(tmux.as_os_str(), "%7".as_ref(), rdev("/dev/null")));
        let start = Instant::now();
        while !pid_file.exists() || std::fs::read_to_string(&pid_file).unwrap().is_empty() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no probe started"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        let pid = read_pid(&pid_file);
        while !RUNNING.lock().unwrap().iter().any(|p| *p as i32 == pid) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "probe not listed"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        stop_probes();
        assert!(RUNNING.lock().unwrap().iter().all(|p| *p as i32 != pid));
        assert!(!std::path::Path::new(&format!("/proc/{pid}")).exists());
        assert_eq!(
            worker.join().unwrap(),
            Probe::Setting(TmuxClipboard::Unknown)
        );
        // After the stop no probe starts: a copy asked for in the same read as the quit.
        let tmux = fake_tmux(dir.path(), "printf 'on\\n/dev/null\\n'");
        std::fs::remove_file(&pid_file).unwrap();
        assert_eq!(
            ask(tmux.as_os_str(), "%7".as_ref(), rdev("/dev/null")),
            Probe::Setting(TmuxClipboard::Unknown)
        );
        assert!(!pid_file.exists(), "a probe started after the stop");
        // The other tests in this process probe again.
        CLOSED.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}
