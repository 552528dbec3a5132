//! The wizard's I/O: terminal setup and teardown, the event loop, signals, and effects.
//!
//! Secret hygiene shapes it:
//! - input is read with `read(2)` into a locked page by [`InputParser`], never through
//!   crossterm's event reader (see `input.rs`);
//! - output goes through [`TermWriter`], whose buffer is a wipe-on-clear [`SecretBuf`] written
//!   with `write(2)`, not std's process-wide `Stdout` buffer (which would keep a revealed
//!   password until exit and beyond any wipe);
//! - before exit and on "new conversion" a blank frame is drawn, so neither the screen nor
//!   ratatui's two frame buffers keep a secret;
//! - no cursor-position query (`ESC[6n`) is ever sent: the viewport is fullscreen and the size
//!   comes from an ioctl.

use std::io::{self, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use rustix::event::{PollFd, PollFlags, Timespec};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};

use crate::secret::{SecretBuf, SecretText};
use crate::sys::fdio;
use crate::tui::app::App;
use crate::tui::clipboard;
use crate::tui::event::{CopyWhat, Event};
use crate::tui::input::InputParser;
use crate::tui::theme::Theme;
use crate::tui::update::{Effect, update};
use crate::tui::view;

/// How long a lone ESC waits for the rest of a sequence before it counts as the Esc key.
const ESC_WAIT: Timespec = Timespec {
    tv_sec: 0,
    tv_nsec: 50_000_000,
};

/// The signals that end the wizard (wipe, restore, exit 128+signal).
const TERMINATING: [i32; 4] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT];

/// Whether the terminal is in the wizard's mode (so exactly one path restores it).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// How the wizard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The user quit.
    Quit,
    /// A terminating signal arrived (its number).
    Signal(i32),
    /// The terminal went away (end of input).
    HangUp,
}

/// Terminal output that never sits in std's buffers: bytes collect in a wipe-on-clear page and
/// go out with `write(2)` on flush (or when the page is full).
#[derive(Debug, Default)]
pub struct TermWriter {
    buf: SecretBuf,
}

impl Write for TermWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if bytes.len() > self.buf.spare_mut().len() {
            self.flush()?;
        }
        if bytes.len() > self.buf.spare_mut().len() {
            fdio::write_stdout(bytes)?;
        } else {
            // Cannot fail: the bytes fit.
            let _ = self.buf.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = fdio::write_stdout(self.buf.as_bytes());
        self.buf.clear();
        r
    }
}

impl Drop for TermWriter {
    fn drop(&mut self) {
        // Nothing queued is lost; the page wipes itself afterwards.
        let _ = self.flush();
    }
}

type Term = Terminal<CrosstermBackend<TermWriter>>;

/// Raw mode, alternate screen, bracketed paste, hidden cursor.
fn enter_terminal() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    // One named writer: `execute!` names its writer twice (queue, then flush).
    let mut out = TermWriter::default();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste, Hide)
}

/// Undoes [`enter_terminal`]; does nothing when already undone. Safe to call from the panic hook.
pub fn restore_terminal() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = TermWriter::default();
        // Erase first: after a panic no blank frame was drawn, and some terminals keep the
        // alternate screen's last content (xterm can show it again).
        let _ = execute!(
            out,
            Clear(ClearType::All),
            DisableBracketedPaste,
            Show,
            LeaveAlternateScreen
        );
        let _ = disable_raw_mode();
    }
}

/// Restores the terminal before the default panic report, so the message is readable and the
/// shell usable. The state is wiped by unwinding (every secret buffer wipes on drop).
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// The wake-up pipe: signals (through signal-hook) and worker threads write a byte to it so the
/// event loop, asleep in `poll`, wakes up.
struct Wake {
    read: OwnedFd,
    write: Arc<OwnedFd>,
    signal: Arc<AtomicUsize>,
    winch: Arc<AtomicBool>,
    ids: Vec<signal_hook::SigId>,
}

impl Wake {
    fn new() -> io::Result<Self> {
        use rustix::pipe::{PipeFlags, pipe_with};
        let (read, write) = pipe_with(PipeFlags::CLOEXEC | PipeFlags::NONBLOCK)?;
        let mut w = Self {
            read,
            write: Arc::new(write),
            signal: Arc::new(AtomicUsize::new(0)),
            winch: Arc::new(AtomicBool::new(false)),
            ids: Vec::new(),
        };
        for sig in TERMINATING {
            let value = usize::try_from(sig).unwrap_or(0);
            w.ids.push(signal_hook::flag::register_usize(
                sig,
                Arc::clone(&w.signal),
                value,
            )?);
        }
        w.ids
            .push(signal_hook::flag::register(SIGWINCH, Arc::clone(&w.winch))?);
        for sig in TERMINATING.into_iter().chain([SIGWINCH]) {
            let fd = rustix::io::dup(w.write.as_fd())?;
            w.ids.push(signal_hook::low_level::pipe::register(sig, fd)?);
        }
        Ok(w)
    }

    fn drain(&self) {
        let mut sink = [0u8; 64];
        while matches!(rustix::io::read(&self.read, &mut sink), Ok(n) if n > 0) {}
    }
}

impl Drop for Wake {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

fn ping(fd: &OwnedFd) {
    // Non-blocking: a full pipe already guarantees a wake-up.
    let _ = rustix::io::write(fd, &[1]);
}

/// Runs the wizard until the user quits, a signal arrives or the terminal goes away. The state is
/// wiped (dropped) and the terminal restored before this returns, whatever happened.
pub fn run(app: App, theme: Theme) -> io::Result<Outcome> {
    install_panic_hook();
    let wake = Wake::new()?;
    enter_terminal()?;
    let result = (|| {
        let mut terminal = Terminal::new(CrosstermBackend::new(TermWriter::default()))?;
        let r = event_loop(app, theme, &mut terminal, &wake);
        // The last frame may have shown a secret: overwrite screen and frame buffers.
        let _ = terminal.draw(view::blank);
        r
    })();
    clipboard::shutdown();
    restore_terminal();
    drop(wake);
    result
}

fn event_loop(mut app: App, theme: Theme, terminal: &mut Term, wake: &Wake) -> io::Result<Outcome> {
    let stdin = rustix::stdio::stdin();
    let mut parser = InputParser::new();
    let (tx, rx) = mpsc::channel::<Event>();
    let size = terminal.size()?;
    update(&mut app, Event::Resize(size.width, size.height));
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|f| view::view(&app, f, theme))?;
            dirty = false;
        }
        // Lets tests/hygiene.rs check a panic with the password in state and on screen.
        #[cfg(debug_assertions)]
        if app.reveal_password {
            crate::sys::debug::panic_point("revealed");
        }
        // Asleep until input, a signal or a worker; a timeout only to finish a lone ESC.
        let timeout = parser.has_pending().then_some(ESC_WAIT);
        let mut fds = [
            PollFd::new(&stdin, PollFlags::IN),
            PollFd::new(&wake.read, PollFlags::IN),
        ];
        let ready = match rustix::event::poll(&mut fds, timeout.as_ref()) {
            Ok(n) => n,
            Err(rustix::io::Errno::INTR) => 0,
            Err(e) => return Err(e.into()),
        };
        let stdin_ready = !fds[0].revents().is_empty();
        let woken = !fds[1].revents().is_empty();

        let sig = wake.signal.load(Ordering::SeqCst);
        if sig != 0 {
            return Ok(Outcome::Signal(i32::try_from(sig).unwrap_or(SIGTERM)));
        }
        let mut events = Vec::new();
        if woken {
            wake.drain();
        }
        if wake.winch.swap(false, Ordering::SeqCst) {
            let s = terminal.size()?;
            events.push(Event::Resize(s.width, s.height));
        }
        events.extend(rx.try_iter());
        if stdin_ready {
            match parser.read_from(stdin) {
                Ok(0) => return Ok(Outcome::HangUp),
                Ok(_) => events.extend(parser.events()),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                // EIO: the terminal is gone.
                Err(_) => return Ok(Outcome::HangUp),
            }
        } else if ready == 0 && timeout.is_some() {
            events.extend(parser.flush_pending());
        }

        for ev in events {
            for fx in update(&mut app, ev) {
                match fx {
                    Effect::Quit => return Ok(Outcome::Quit),
                    Effect::Redraw => dirty = true,
                    Effect::ClearScreen => {
                        terminal.draw(view::blank)?;
                        dirty = true;
                    }
                    Effect::CopyPassword => {
                        if let Some(p) = &app.password {
                            copy_in_background(CopyWhat::Password, p.expose(), &tx, wake);
                        }
                    }
                    Effect::CopyUsername => {
                        if let Some(u) = app.username() {
                            copy_in_background(CopyWhat::Username, u, &tx, wake);
                        }
                    }
                    Effect::Import(job) => {
                        let (tx, wake_fd) = (tx.clone(), Arc::clone(&wake.write));
                        crate::tui::import::jobs::execute(job, &app, move |ev| {
                            let _ = tx.send(Event::Import(ev));
                            ping(&wake_fd);
                        });
                    }
                    #[allow(unreachable_patterns)]
                    _ => {}
                }
            }
        }
    }
}

/// Copies on a worker thread; the outcome comes back as an [`Event::Clipboard`].
fn copy_in_background(what: CopyWhat, value: &str, tx: &mpsc::Sender<Event>, wake: &Wake) {
    let text = match SecretText::from_str_checked(value) {
        Ok(t) => t,
        Err(_) => return,
    };
    let tx = tx.clone();
    let wake_fd = Arc::clone(&wake.write);
    std::thread::spawn(move || {
        let result = clipboard::copy(text, clipboard::COPY_TIMEOUT).map_err(|e| e.to_string());
        let _ = tx.send(Event::Clipboard { what, result });
        ping(&wake_fd);
    });
}
