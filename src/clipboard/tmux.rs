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
    query().map_or(TmuxClipboard::Unknown, |out| parse(&out))
}

/// Reads tmux's answer to `show-options -sv set-clipboard` (a server option, value only).
#[cfg(unix)]
fn query() -> Option<Vec<u8>> {
    use std::os::fd::AsFd;
    use std::process::{Command, Stdio};

    let mut cmd = Command::new("tmux");
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
fn query() -> Option<Vec<u8>> {
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
}
