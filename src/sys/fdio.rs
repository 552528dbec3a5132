//! Reading and writing secrets on raw file descriptors.
//!
//! `std::io::stdin()` and `stdout()` keep process-wide buffers that are never freed, so a secret
//! passing through them would outlive every wipe. Secrets therefore go through `read(2)` and
//! `write(2)` straight from and into [`SecretBuf`] pages.

use std::fmt;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};

use crate::secret::{SecretBuf, SecretText};
use crate::sys::signals::{JobSignals, SignalPipe};

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

/// The terminal state of a running prompt, for [`read_watching`] to stop and continue it.
struct Prompt<'a> {
    signals: SignalPipe,
    jobs: JobSignals,
    fd: BorrowedFd<'a>,
    saved: rustix::termios::Termios,
    quiet: rustix::termios::Termios,
    text: &'a str,
}

impl Prompt<'_> {
    /// Ctrl-Z: puts the terminal back as it was, discards what was typed on the unfinished line
    /// (the shell would read it next), stops, and on `fg` turns echo off again and asks again.
    fn suspend(&self) {
        use rustix::termios::{OptionalActions, QueueSelector, tcflush, tcsetattr};
        let _ = tcflush(self.fd, QueueSelector::IFlush);
        let _ = tcsetattr(self.fd, OptionalActions::Now, &self.saved);
        let _ = write_all(rustix::stdio::stderr(), b"\n");
        self.jobs.stop_self();
        self.resume();
    }

    /// After a stop (ours or anyone's SIGSTOP): the shell may have turned echo back on.
    fn resume(&self) {
        use rustix::termios::{OptionalActions, tcsetattr};
        let _ = tcsetattr(self.fd, OptionalActions::Now, &self.quiet);
        let _ = write_all(rustix::stdio::stderr(), self.text.as_bytes());
    }
}

/// [`read_secret`], which with `prompt` first writes the prompt's text and then also waits on
/// its signal pipes before each read: `Err(sig)` when a terminating signal came first (what was
/// read so far is wiped when the page drops); SIGTSTP and SIGCONT suspend and resume the prompt.
fn read_watching(
    fd: BorrowedFd<'_>,
    stop_at_newline: bool,
    prompt: Option<&Prompt<'_>>,
) -> Result<Result<SecretText, ReadError>, i32> {
    use rustix::event::{PollFd, PollFlags, poll};
    let mut buf = SecretBuf::new();
    if let Some(p) = prompt {
        // Only now, with echo off and the answer's page locked: what is typed as soon as the
        // prompt shows is neither echoed nor lost to the flush that turned echo off.
        let _ = write_all(rustix::stdio::stderr(), p.text.as_bytes());
    }
    loop {
        if buf.spare_len() == 0 {
            // A full page. Not draining the rest: an endless input (/dev/zero, `yes`) would never
            // end. One more byte tells input of exactly a page from a longer one.
            if stop_at_newline {
                return Ok(Err(ReadError::TooLong));
            }
            let mut probe = [0u8; 1];
            let more = loop {
                match rustix::io::read(fd, &mut probe) {
                    Ok(n) => break n > 0,
                    Err(rustix::io::Errno::INTR) => {}
                    Err(e) => return Ok(Err(ReadError::Io(e.into()))),
                }
            };
            zeroize::Zeroize::zeroize(&mut probe);
            if more {
                return Ok(Err(ReadError::TooLong));
            }
            break;
        }
        if let Some(p) = prompt {
            let (sig_fd, job_fd) = (p.signals.fd(), p.jobs.fd());
            let mut fds = [
                PollFd::new(&fd, PollFlags::IN),
                PollFd::new(&sig_fd, PollFlags::IN),
                PollFd::new(&job_fd, PollFlags::IN),
            ];
            match poll(&mut fds, None) {
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Ok(Err(ReadError::Io(e.into()))),
            }
            if let Some(sig) = p.signals.caught() {
                return Err(sig);
            }
            if p.jobs.take_stop() {
                p.suspend();
                continue;
            }
            if p.jobs.take_cont() {
                p.resume();
                continue;
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
/// settings afterwards (also when the read fails). An empty line asks again.
///
/// Whatever way the prompt ends (a line read, an error, a signal), input still queued on the
/// terminal is discarded: after a two-line paste the second line would otherwise go to the shell
/// (and its history). Ctrl-Z restores the terminal and stops; `fg` turns echo off again and
/// repeats the prompt.
///
/// SIGINT, SIGTERM, SIGHUP and SIGQUIT during the prompt do not kill the process with echo still
/// off: they are caught, what was typed is wiped, the terminal settings are restored, and the
/// process exits here with 128+signal. Exiting from here is sound because callers prompt before
/// they hold any other secret.
pub fn prompt_secret(prompt: &str) -> Result<SecretText, ReadError> {
    match prompt_on_terminal(prompt, false) {
        Ok(r) => r,
        Err(sig) => std::process::exit(128 + sig),
    }
}

/// Asks for one line on the terminal on standard input, with echo on: an answer that is not a
/// secret (a region). It ends like [`prompt_secret`] (empty lines ask again, queued input is
/// discarded, Ctrl-Z and `fg` work), and the answer still comes in a locked page that is wiped,
/// since a secret may be pasted there by mistake. A terminating signal is returned as `Err(sig)`
/// instead of exiting here, so that the caller wipes what it holds (the secret read before) first.
pub fn prompt_line(prompt: &str) -> Result<Result<SecretText, ReadError>, i32> {
    prompt_on_terminal(prompt, true)
}

fn prompt_on_terminal(prompt: &str, echo: bool) -> Result<Result<SecretText, ReadError>, i32> {
    use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
    let stdin = rustix::stdio::stdin();
    let stderr = rustix::stdio::stderr();
    // Caught from before echo goes off until after it is back on.
    let signals = SignalPipe::new().map_err(ReadError::Io);
    let jobs = JobSignals::new().map_err(ReadError::Io);
    let (signals, jobs) = match (signals, jobs) {
        (Ok(s), Ok(j)) => (s, j),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let saved = match tcgetattr(stdin) {
        Ok(t) => t,
        Err(e) => return Ok(Err(ReadError::Io(e.into()))),
    };
    let mut quiet = saved.clone();
    if !echo {
        quiet.local_modes.remove(LocalModes::ECHO);
        quiet.local_modes.insert(LocalModes::ECHONL);
    }
    // Echo goes off before the prompt is written (`read_watching` writes it), as getpass(3)
    // does; the flush discards only what was typed before the prompt appeared.
    if let Err(e) = tcsetattr(stdin, OptionalActions::Flush, &quiet) {
        return Ok(Err(ReadError::Io(e.into())));
    }
    let restore = RestoreTermios {
        fd: stdin.as_fd(),
        saved: saved.clone(),
    };
    let p = Prompt {
        signals,
        jobs,
        fd: stdin.as_fd(),
        saved,
        quiet,
        text: prompt,
    };
    let r = loop {
        match read_watching(stdin, true, Some(&p)) {
            // Enter on an empty line: ask again (`read_watching` writes the prompt) rather than
            // fail.
            Ok(Ok(line)) if line.expose().ends_with('\n') && line.expose().trim().is_empty() => {}
            r => break r,
        }
    };
    drop(restore);
    drop(p);
    if r.is_err() {
        // The page with what was read is already wiped (dropped); the queued input is
        // discarded (`RestoreTermios`). End the prompt's line.
        let _ = write_all(stderr, b"\n");
    }
    r
}

/// Restores saved terminal settings on drop, discarding input not yet read: characters typed or
/// pasted past the line the prompt took would otherwise be read by the shell next.
struct RestoreTermios<'a> {
    fd: BorrowedFd<'a>,
    saved: rustix::termios::Termios,
}

impl Drop for RestoreTermios<'_> {
    fn drop(&mut self) {
        use rustix::termios::{OptionalActions, QueueSelector, tcflush, tcsetattr};
        let _ = tcflush(self.fd, QueueSelector::IFlush);
        let _ = tcsetattr(self.fd, OptionalActions::Now, &self.saved);
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
    fn a_page_exactly_is_read_and_one_byte_more_is_refused_at_once() {
        let (r, w) = rustix::pipe::pipe().unwrap();
        let page = crate::secret::SECRET_CAPACITY;
        let writer = std::thread::spawn(move || write_all(w.as_fd(), &vec![b'a'; page]));
        assert_eq!(read_secret(r.as_fd(), false).unwrap().expose().len(), page);
        writer.join().unwrap().unwrap();
        // An endless input, whose writer never stops: refused without reading it to its end.
        let zero = std::fs::File::open("/dev/zero").unwrap();
        assert!(matches!(
            read_secret(zero.as_fd(), false),
            Err(ReadError::TooLong)
        ));
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
