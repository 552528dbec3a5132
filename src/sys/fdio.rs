//! Reading and writing secrets on raw file descriptors.
//!
//! `std::io::stdin()` and `stdout()` keep process-wide buffers that are never freed, so a secret
//! passing through them would outlive every wipe. Secrets therefore go through `read(2)` and
//! `write(2)` straight from and into [`SecretBuf`] pages.

use std::fmt;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};

use crate::secret::{SecretBuf, SecretText};
use crate::sys::signals::SignalPipe;

/// Writes all of `bytes` to `fd`, retrying on interruption.
pub fn write_all(fd: BorrowedFd<'_>, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        match rustix::io::write(fd, bytes) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Writes to standard output without going through std's buffer.
pub fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    write_all(rustix::stdio::stdout(), bytes)
}

/// Why a secret could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// More than a secret page of input.
    TooLong,
    /// Not UTF-8 text.
    NotText,
    /// The read itself failed.
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TooLong => f.write_str(crate::i18n::t("io.input_too_long")),
            ReadError::NotText => f.write_str(crate::i18n::t("io.input_not_text")),
            ReadError::Io(e) => f.write_str(&crate::tr!("io.read_failed", error = e)),
        }
    }
}

impl std::error::Error for ReadError {}

/// True when `fd` is a terminal.
pub fn is_terminal(fd: BorrowedFd<'_>) -> bool {
    rustix::termios::isatty(fd)
}

/// Reads `fd` to its end into a secret page. `stop_at_newline` ends at the first `\n` (a prompt).
pub fn read_secret(fd: BorrowedFd<'_>, stop_at_newline: bool) -> Result<SecretText, ReadError> {
    match read_watching(fd, stop_at_newline, None) {
        Ok(r) => r,
        // No signal pipe, so no signal stops the read.
        Err(_) => Err(ReadError::Io(io::ErrorKind::Interrupted.into())),
    }
}

/// [`read_secret`], which with `signals` also waits on that pipe before each read: `Err(sig)` when
/// a terminating signal came first (what was read so far is wiped when the page drops).
fn read_watching(
    fd: BorrowedFd<'_>,
    stop_at_newline: bool,
    signals: Option<&SignalPipe>,
) -> Result<Result<SecretText, ReadError>, i32> {
    use rustix::event::{PollFd, PollFlags, poll};
    let mut buf = SecretBuf::new();
    loop {
        if buf.spare_len() == 0 {
            // Drain (and drop) what remains so the writer does not block on a full pipe.
            let mut sink = SecretBuf::new();
            while matches!(rustix::io::read(fd, sink.spare_mut()), Ok(n) if n > 0) {}
            return Ok(Err(ReadError::TooLong));
        }
        if let Some(signals) = signals {
            let sig_fd = signals.fd();
            let mut fds = [
                PollFd::new(&fd, PollFlags::IN),
                PollFd::new(&sig_fd, PollFlags::IN),
            ];
            match poll(&mut fds, None) {
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Ok(Err(ReadError::Io(e.into()))),
            }
            if let Some(sig) = signals.caught() {
                return Err(sig);
            }
            if fds[0].revents().is_empty() {
                continue;
            }
        }
        match rustix::io::read(fd, buf.spare_mut()) {
            Ok(0) => break,
            Ok(n) => {
                let start = buf.len();
                buf.commit(n);
                if stop_at_newline && buf.as_bytes()[start..].contains(&b'\n') {
                    break;
                }
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Ok(Err(ReadError::Io(e.into()))),
        }
    }
    Ok(buf.into_text().map_err(|_| ReadError::NotText))
}

/// Asks for a secret on the terminal on standard input, with echo off, and restores the terminal
/// settings afterwards (also when the read fails).
///
/// SIGINT, SIGTERM, SIGHUP and SIGQUIT during the prompt do not kill the process with echo still
/// off: they are caught, what was typed is wiped, the terminal settings are restored, and the
/// process exits here with 128+signal. Exiting from here is sound because callers prompt before
/// they hold any other secret.
pub fn prompt_secret(prompt: &str) -> Result<SecretText, ReadError> {
    use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
    let stdin = rustix::stdio::stdin();
    let stderr = rustix::stdio::stderr();
    // Caught from before echo goes off until after it is back on.
    let signals = SignalPipe::new().map_err(ReadError::Io)?;
    let _ = write_all(stderr, prompt.as_bytes());
    let saved = tcgetattr(stdin).map_err(|e| ReadError::Io(e.into()))?;
    let mut quiet = saved.clone();
    quiet.local_modes.remove(LocalModes::ECHO);
    quiet.local_modes.insert(LocalModes::ECHONL);
    tcsetattr(stdin, OptionalActions::Flush, &quiet).map_err(|e| ReadError::Io(e.into()))?;
    let restore = RestoreTermios {
        fd: stdin.as_fd(),
        saved,
    };
    let r = read_watching(stdin, true, Some(&signals));
    drop(restore);
    match r {
        Ok(r) => r,
        Err(sig) => {
            // The page with what was read is already wiped (dropped). Characters typed since
            // the last Enter are still in the terminal's input queue, where the shell would read
            // them next (and perhaps keep them in its history): discard them.
            let _ = rustix::termios::tcflush(stdin, rustix::termios::QueueSelector::IFlush);
            // End the prompt's line.
            let _ = write_all(stderr, b"\n");
            std::process::exit(128 + sig)
        }
    }
}

struct RestoreTermios<'a> {
    fd: BorrowedFd<'a>,
    saved: rustix::termios::Termios,
}

impl Drop for RestoreTermios<'_> {
    fn drop(&mut self) {
        let _ =
            rustix::termios::tcsetattr(self.fd, rustix::termios::OptionalActions::Now, &self.saved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_pipe_to_its_end() {
        let (r, w) = rustix::pipe::pipe().unwrap();
        write_all(w.as_fd(), b"abc\n").unwrap();
        drop(w);
        assert_eq!(read_secret(r.as_fd(), false).unwrap().expose(), "abc\n");
    }

    #[test]
    fn refuses_oversize_and_binary_input() {
        let (r, w) = rustix::pipe::pipe().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = write_all(w.as_fd(), &vec![b'a'; 10_000]);
        });
        assert!(matches!(
            read_secret(r.as_fd(), false),
            Err(ReadError::TooLong)
        ));
        writer.join().unwrap();
        let (r, w) = rustix::pipe::pipe().unwrap();
        write_all(w.as_fd(), &[0xff, 0xfe]).unwrap();
        drop(w);
        assert!(matches!(
            read_secret(r.as_fd(), false),
            Err(ReadError::NotText)
        ));
    }
}
