//! The terminating signals, turned into something a `poll` loop can wait on.
//!
//! SIGINT, SIGTERM, SIGHUP and SIGQUIT must not kill the process on the spot while it has the
//! terminal in a special mode or a secret half read: their default action would leave echo off
//! (or raw mode on) and skip every wipe. Instead signal-hook records which one arrived and writes
//! a byte to a pipe; the loop polls that pipe next to its input, then wipes, restores the terminal
//! and exits with 128+signal itself.

use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP};

/// The signals that end an interactive session (wipe, restore, exit 128+signal).
pub const TERMINATING: [i32; 4] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT];

/// True while no [`SignalPipe`] is alive: the terminating signals then take their default
/// action again. signal-hook never reinstalls `SIG_DFL` when its hooks are unregistered (the
/// signal would be silently ignored from then on, so Ctrl-C could not stop a slow `--check`
/// after a prompt); a hook that emulates the default while this is set does it instead.
static DEFAULT_ACTION: AtomicBool = AtomicBool::new(true);
static DEFAULT_HOOKS: OnceLock<()> = OnceLock::new();

/// While alive, the [`TERMINATING`] signals are caught: the last one is recorded and wakes up
/// whoever polls [`SignalPipe::fd`]. Dropping it restores the default action (terminate). One at
/// a time.
pub struct SignalPipe {
    read: OwnedFd,
    caught: Arc<AtomicUsize>,
    ids: Vec<signal_hook::SigId>,
}

impl SignalPipe {
    /// Starts catching the terminating signals.
    pub fn new() -> io::Result<Self> {
        use rustix::pipe::{PipeFlags, pipe_with};
        if DEFAULT_HOOKS.get().is_none() {
            for sig in TERMINATING {
                signal_hook::flag::register_conditional_default(sig, &DEFAULT_ACTION)?;
            }
            let _ = DEFAULT_HOOKS.set(());
        }
        DEFAULT_ACTION.store(false, Ordering::SeqCst);
        let (read, write) = pipe_with(PipeFlags::CLOEXEC | PipeFlags::NONBLOCK)?;
        let mut p = Self {
            read,
            caught: Arc::new(AtomicUsize::new(0)),
            ids: Vec::new(),
        };
        for sig in TERMINATING {
            let value = usize::try_from(sig).unwrap_or(0);
            p.ids.push(signal_hook::flag::register_usize(
                sig,
                Arc::clone(&p.caught),
                value,
            )?);
            let fd = rustix::io::dup(write.as_fd())?;
            p.ids.push(signal_hook::low_level::pipe::register(sig, fd)?);
        }
        Ok(p)
    }

    /// Readable once a signal arrived.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.read.as_fd()
    }

    /// The terminating signal that arrived, if any.
    pub fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

impl Drop for SignalPipe {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
        DEFAULT_ACTION.store(true, Ordering::SeqCst);
    }
}

/// True while no [`JobSignals`] is alive: SIGTSTP then stops the process as by default (the
/// same signal-hook limitation as [`DEFAULT_ACTION`]).
static JOB_DEFAULT_ACTION: AtomicBool = AtomicBool::new(true);
static JOB_DEFAULT_HOOKS: OnceLock<()> = OnceLock::new();

/// While alive, SIGTSTP (Ctrl-Z) and SIGCONT (`fg`, `bg`) are caught and wake whoever polls
/// [`JobSignals::fd`], so that a program holding the terminal in a special mode can restore it
/// before it stops and set it up again when it continues, as editors do. Dropping it gives
/// SIGTSTP its default action (stop) back. One at a time.
pub struct JobSignals {
    read: OwnedFd,
    stop: Arc<AtomicBool>,
    cont: Arc<AtomicBool>,
    ids: Vec<signal_hook::SigId>,
}

impl JobSignals {
    /// Starts catching SIGTSTP and SIGCONT.
    pub fn new() -> io::Result<Self> {
        use rustix::pipe::{PipeFlags, pipe_with};
        if JOB_DEFAULT_HOOKS.get().is_none() {
            signal_hook::flag::register_conditional_default(SIGTSTP, &JOB_DEFAULT_ACTION)?;
            let _ = JOB_DEFAULT_HOOKS.set(());
        }
        JOB_DEFAULT_ACTION.store(false, Ordering::SeqCst);
        let (read, write) = pipe_with(PipeFlags::CLOEXEC | PipeFlags::NONBLOCK)?;
        let mut j = Self {
            read,
            stop: Arc::new(AtomicBool::new(false)),
            cont: Arc::new(AtomicBool::new(false)),
            ids: Vec::new(),
        };
        for (sig, flag) in [(SIGTSTP, &j.stop), (SIGCONT, &j.cont)] {
            j.ids
                .push(signal_hook::flag::register(sig, Arc::clone(flag))?);
        }
        for sig in [SIGTSTP, SIGCONT] {
            let fd = rustix::io::dup(write.as_fd())?;
            j.ids.push(signal_hook::low_level::pipe::register(sig, fd)?);
        }
        Ok(j)
    }

    /// Readable once SIGTSTP or SIGCONT arrived.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.read.as_fd()
    }

    /// True (once) when SIGTSTP arrived since the last call; empties the wake-up pipe.
    pub fn take_stop(&self) -> bool {
        self.drain();
        self.stop.swap(false, Ordering::SeqCst)
    }

    /// True (once) when SIGCONT arrived since the last call; empties the wake-up pipe.
    pub fn take_cont(&self) -> bool {
        self.drain();
        self.cont.swap(false, Ordering::SeqCst)
    }

    /// Stops the process as SIGTSTP's default action would; returns once it is continued.
    pub fn stop_self(&self) {
        let _ = signal_hook::low_level::raise(SIGSTOP);
        // The SIGCONT that continued us is this stop's end, not a separate event.
        self.cont.store(false, Ordering::SeqCst);
    }

    fn drain(&self) {
        let mut b = [0u8; 64];
        while matches!(rustix::io::read(&self.read, &mut b), Ok(n) if n > 0) {}
    }
}

impl Drop for JobSignals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
        JOB_DEFAULT_ACTION.store(true, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raised_signal_is_recorded_and_wakes_the_pipe() {
        let p = SignalPipe::new().unwrap();
        assert_eq!(p.caught(), None);
        signal_hook::low_level::raise(SIGHUP).unwrap();
        assert_eq!(p.caught(), Some(SIGHUP));
        let mut b = [0u8; 8];
        assert!(rustix::io::read(p.fd(), &mut b).unwrap() > 0);
    }

    #[test]
    fn job_signals_are_recorded_once_and_wake_the_pipe() {
        let j = JobSignals::new().unwrap();
        assert!(!j.take_stop() && !j.take_cont());
        signal_hook::low_level::raise(SIGTSTP).unwrap();
        let mut fds = [rustix::event::PollFd::new(
            &j.read,
            rustix::event::PollFlags::IN,
        )];
        assert_eq!(rustix::event::poll(&mut fds, None).unwrap(), 1);
        assert!(j.take_stop());
        assert!(!j.take_stop());
        signal_hook::low_level::raise(SIGCONT).unwrap();
        assert!(j.take_cont());
    }
}
