//! Asks the tmux server seskey runs in how it treats an application's OSC 52 copy: its
//! `set-clipboard` option (`on` takes it into a paste buffer and passes it on; `external`, the
//! default, and `off` drop it).
//!
//! A subprocess, so it is bounded: [`TIMEOUT`] of wall time (then killed), [`MAX_OUTPUT`] bytes
//! read, no stdin, no stderr, and a bare environment, so that nothing of seskey's (such as
//! `AWS_SECRET_ACCESS_KEY`) reaches it. Hand-written with `poll(2)` because std's `Child` has no
//! wait with a timeout.

use std::time::{Duration, Instant};

use super::TmuxClipboard;

/// How long tmux may take to answer before it is killed and the setting is unknown.
pub const TIMEOUT: Duration = Duration::from_millis(500);

/// The longest answer read: "external\n" is 9 bytes.
const MAX_OUTPUT: usize = 32;

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

/// The `set-clipboard` option of the tmux server of `$TMUX`; [`TmuxClipboard::Unknown`] when tmux
/// cannot be run, fails, or does not answer within [`TIMEOUT`].
pub fn set_clipboard() -> TmuxClipboard {
    ask(std::ffi::OsStr::new("tmux"))
}

/// [`set_clipboard`] with `program` as tmux.
fn ask(program: &std::ffi::OsStr) -> TmuxClipboard {
    query(program).map_or(TmuxClipboard::Unknown, |out| parse(&out))
}

/// Reads tmux's answer to `show-options -sv set-clipboard` (a server option, value only).
#[cfg(unix)]
fn query(program: &std::ffi::OsStr) -> Option<Vec<u8>> {
    use std::os::fd::AsFd;
    use std::process::{Command, Stdio};

    let mut cmd = Command::new(program);
    cmd.args(["show-options", "-sv", "set-clipboard"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .env_clear();
    for var in PASS_ENV {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    let mut child = cmd.spawn().ok()?;
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
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let (Some((out, complete)), Some(status)) = (out, status) else {
        return None;
    };
    (complete && status.success()).then_some(out)
}

#[cfg(not(unix))]
fn query(_program: &std::ffi::OsStr) -> Option<Vec<u8>> {
    None
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

    /// The arguments tmux gets, and its answer read; a failing or missing tmux is unknown.
    #[cfg(unix)]
    #[test]
    fn asks_tmux_for_the_server_option() {
        let dir = tempfile::tempdir().unwrap();
        let answer = |body: &str| ask(fake_tmux(dir.path(), body).as_os_str());
        let args = r#"[ "$*" = "show-options -sv set-clipboard" ] || exit 9"#;
        assert_eq!(answer(&format!("{args}; echo on")), TmuxClipboard::On);
        assert_eq!(
            answer(&format!("{args}; echo external")),
            TmuxClipboard::External
        );
        assert_eq!(answer("echo on; exit 1"), TmuxClipboard::Unknown);
        assert_eq!(
            ask(dir.path().join("absent").as_os_str()),
            TmuxClipboard::Unknown
        );
        // Nothing of seskey's environment reaches it but what tmux needs: cargo's variables,
        // set in this process, are gone (as `AWS_SECRET_ACCESS_KEY` would be).
        assert!(std::env::var_os("CARGO_PKG_NAME").is_some());
        let bare = answer(r#"[ -z "$CARGO_PKG_NAME" ] && [ -n "$PATH" ] && echo on"#);
        assert_eq!(bare, TmuxClipboard::On);
    }

    /// A tmux that never answers, or answers without end, is killed and reaped: unknown.
    #[cfg(unix)]
    #[test]
    fn a_hanging_or_flooding_tmux_is_killed() {
        let dir = tempfile::tempdir().unwrap();
        for body in ["exec sleep 60", "exec yes on"] {
            let tmux = fake_tmux(dir.path(), body);
            assert_eq!(ask(tmux.as_os_str()), TmuxClipboard::Unknown, "{body}");
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
}
