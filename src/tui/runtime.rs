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
//!   comes from an ioctl;
//! - the OSC 52 sequence that carries a copied password goes through [`TermWriter`] too, and
//!   the page holding it is wiped at once;
//! - a worker gets its own copy of the password in a [`SecretText`], which wipes itself when the
//!   worker ends.
//!
//! Jobs: copying ([`crate::clipboard::copy`], up to ~8 s) and the login check
//! ([`crate::check::check_login_with`], up to its timeout) run on worker threads that report
//! through a channel and wake the loop through the wake-up pipe. The copy's [`CopyReceipt`] and the
//! check's [`Control`] stay here; `update` only sees what they say. A timer tick is sent only
//! while [`tick_interval`] asks for one: the loop sleeps otherwise.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use rustix::event::{PollFd, PollFlags, Timespec};
use signal_hook::consts::SIGWINCH;

use crate::check::{Control, LoginOutcome};
use crate::clipboard::{ClipboardConfig, ClipboardError, CopyKind, CopyReceipt};
use crate::secret::{SecretBuf, SecretText};
use crate::sys::fdio;
use crate::sys::signals::{JobSignals, SignalPipe};
use crate::tr;
use crate::tui::app::App;
use crate::tui::event::{Copied, CopyWhat, Event};
use crate::tui::input::InputParser;
use crate::tui::options::Options;
use crate::tui::theme::Theme;
use crate::tui::update::{Effect, tick_interval, update};
use crate::tui::view;

/// How long a lone ESC waits for the rest of a sequence before it counts as the Esc key.
const ESC_WAIT: Duration = Duration::from_millis(50);

/// Whether the terminal is in the wizard's mode (so exactly one path restores it).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// How the wizard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WizardEnd {
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
        if bytes.len() > self.buf.spare_len() {
            self.flush()?;
        }
        if bytes.len() > self.buf.spare_len() {
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

/// The wake-up pipe: SIGWINCH (through signal-hook) and worker threads write a byte to it so the
/// event loop, asleep in `poll`, wakes up. The terminating signals have their own pipe,
/// [`SignalPipe`], shared with the no-echo prompt; SIGTSTP and SIGCONT theirs, [`JobSignals`].
struct Wake {
    read: OwnedFd,
    write: Arc<OwnedFd>,
    winch: Arc<AtomicBool>,
    signals: SignalPipe,
    jobs: JobSignals,
    ids: Vec<signal_hook::SigId>,
}

impl Wake {
    fn new() -> io::Result<Self> {
        use rustix::pipe::{PipeFlags, pipe_with};
        let (read, write) = pipe_with(PipeFlags::CLOEXEC | PipeFlags::NONBLOCK)?;
        let mut w = Self {
            read,
            write: Arc::new(write),
            winch: Arc::new(AtomicBool::new(false)),
            signals: SignalPipe::new()?,
            jobs: JobSignals::new()?,
            ids: Vec::new(),
        };
        w.ids
            .push(signal_hook::flag::register(SIGWINCH, Arc::clone(&w.winch))?);
        let fd = rustix::io::dup(w.write.as_fd())?;
        w.ids
            .push(signal_hook::low_level::pipe::register(SIGWINCH, fd)?);
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

/// What worker threads send back.
enum Done {
    /// A copy finished; the receipt stays with the runtime.
    Copied {
        what: CopyWhat,
        ticket: u64,
        result: Result<CopyReceipt, ClipboardError>,
    },
    /// Anything that goes to `update` as it is.
    Event(Event),
}

/// The runtime's side of the jobs `update` started.
#[derive(Default)]
struct Jobs {
    /// The copied password's receipt, until its outcome is known or it is handed over.
    receipt: Option<CopyReceipt>,
    /// A copy that came back, until `update` says whether it is for the card shown
    /// ([`Effect::KeepCopy`]) or stale ([`Effect::DropCopy`]).
    arrived: Option<(CopyWhat, CopyReceipt)>,
    /// The running login check.
    check: Option<Control>,
    /// What to tell the user on standard error once the terminal is restored.
    notice: Option<String>,
}

impl Jobs {
    /// On quit (or a signal, or a hang-up): the keeper keeps the copy until the timeout; an OSC
    /// 52 copy is cleared now, since nothing could clear it later.
    fn hand_over(&mut self, out: &mut impl Write) {
        if let Some(receipt) = self.receipt.take() {
            let notice = receipt.on_quit();
            if let Some(bytes) = notice.osc52_clear {
                let _ = out.write_all(bytes).and_then(|()| out.flush());
            }
            self.notice = Some(notice.message);
        }
        if let Some(c) = self.check.take() {
            c.cancel();
        }
    }
}

/// Runs the wizard until the user quits, a signal arrives or the terminal goes away. The state is
/// wiped (dropped) and the terminal restored before this returns, whatever happened; what
/// happens to a copied password is then said on standard error.
pub fn run(app: App, theme: Theme, options: &Options) -> io::Result<WizardEnd> {
    install_panic_hook();
    let wake = Wake::new()?;
    enter_terminal()?;
    let mut jobs = Jobs::default();
    let result = (|| {
        let mut terminal = Terminal::new(CrosstermBackend::new(TermWriter::default()))?;
        let r = event_loop(app, theme, options, &mut terminal, &wake, &mut jobs);
        jobs.hand_over(terminal.backend_mut());
        // The last frame may have shown a secret: overwrite screen and frame buffers.
        let _ = terminal.draw(view::blank);
        r
    })();
    jobs.hand_over(&mut TermWriter::default());
    // A copy's tmux probe still running would outlive the wizard: killed and reaped now.
    crate::clipboard::tmux::stop_probes();
    restore_terminal();
    drop(wake);
    if let Some(notice) = jobs.notice.take() {
        eprintln!("seskey: {notice}");
    }
    result
}

/// Suspends to the shell as every terminal program does on Ctrl-Z: the terminal goes back to
/// how the shell left it (the alternate screen erased first, so what it showed does not stay
/// in the terminal), the process stops, and once continued ([`resume`]) the wizard's mode is set
/// up again and the screen redrawn in full. Nothing of the state changes: the secrets stay in
/// their locked pages meanwhile.
fn suspend(terminal: &mut Term, jobs: &JobSignals) -> io::Result<()> {
    restore_terminal();
    jobs.stop_self();
    resume(terminal)
}

/// After a stop (ours or anyone's): raw mode, alternate screen, bracketed paste and a hidden
/// cursor again, and a full redraw, since the screen is not what ratatui last drew.
fn resume(terminal: &mut Term) -> io::Result<()> {
    enter_terminal()?;
    let mut out = TermWriter::default();
    execute!(out, Clear(ClearType::All))?;
    // A blank frame brings ratatui's buffers in line with the erased screen, so the next draw
    // is complete. Not `Terminal::clear`: it asks the terminal for the cursor position.
    terminal.draw(view::blank)?;
    Ok(())
}

/// Writes bytes (an OSC 52 sequence) to the terminal through the wiping writer, at once.
fn write_term(terminal: &mut Term, bytes: &[u8]) -> io::Result<()> {
    let out = terminal.backend_mut();
    out.write_all(bytes)?;
    Write::flush(out)
}

/// What the loop needs to perform effects: the terminal, the jobs, and where workers report.
struct Shell<'a> {
    terminal: &'a mut Term,
    wake: &'a Wake,
    jobs: &'a mut Jobs,
    options: &'a Options,
    tx: mpsc::Sender<Done>,
}

/// What woke the loop.
struct Woken {
    /// Number of descriptors ready (0: the timeout passed).
    ready: usize,
    /// Standard input has bytes (or its end).
    stdin: bool,
    /// The wake-up pipe has bytes (SIGWINCH, a worker).
    pipe: bool,
    /// The timeout was the lone ESC's.
    esc_timed: bool,
}

/// After an effect.
enum Performed {
    /// Nothing more to do.
    Done,
    /// The screen must be drawn again.
    Redraw,
    /// The wizard ends.
    End(WizardEnd),
}

fn event_loop(
    mut app: App,
    theme: Theme,
    options: &Options,
    terminal: &mut Term,
    wake: &Wake,
    jobs: &mut Jobs,
) -> io::Result<WizardEnd> {
    let mut parser = InputParser::new();
    let (tx, rx) = mpsc::channel::<Done>();
    let mut shell = Shell {
        terminal,
        wake,
        jobs,
        options,
        tx,
    };
    let size = shell.terminal.size()?;
    update(&mut app, Event::Resize(size.width, size.height));
    let mut dirty = true;
    let mut next_tick: Option<Instant> = None;
    loop {
        if dirty {
            shell.terminal.draw(|f| view::view(&app, f, theme))?;
            dirty = false;
        }
        // Lets tests/hygiene.rs check a panic with the password in state and on screen.
        #[cfg(debug_assertions)]
        if app.reveal_password {
            crate::sys::debug::panic_point("revealed");
        }
        let interval = tick_interval(&app);
        next_tick = match (interval, next_tick) {
            (None, _) => None,
            (Some(i), None) => Some(Instant::now() + i),
            (Some(_), t) => t,
        };
        let woken = wait(&parser, wake, next_tick)?;
        if let Some(sig) = wake.signals.caught() {
            return Ok(WizardEnd::Signal(sig));
        }
        // Ctrl-Z comes as a key (raw mode); `kill -TSTP` and a stop by anything else come here.
        if wake.jobs.take_stop() {
            suspend(shell.terminal, &wake.jobs)?;
            dirty = true;
        } else if wake.jobs.take_cont() {
            resume(shell.terminal)?;
            dirty = true;
        }
        let mut events = match gather(&mut shell, &mut parser, &rx, &woken)? {
            Ok(events) => events,
            Err(end) => return Ok(end),
        };
        let now = Instant::now();
        if let (Some(t), Some(i)) = (next_tick, interval)
            && now >= t
        {
            if let Some(c) = &shell.jobs.check {
                events.push_back(Event::CheckStage(c.stage()));
            }
            events.push_back(Event::Tick(now));
            next_tick = Some(now + i);
        }
        poll_outcome(shell.jobs, &mut events);

        while let Some(ev) = events.pop_front() {
            for fx in update(&mut app, ev) {
                match perform(fx, &app, &mut shell)? {
                    Performed::Done => {}
                    Performed::Redraw => dirty = true,
                    Performed::End(end) => return Ok(end),
                }
            }
            poll_outcome(shell.jobs, &mut events);
        }
    }
}

/// Sleeps until input, a signal or a worker; with a timeout only to finish a lone ESC, or for
/// the next tick while something animates or counts down.
fn wait(parser: &InputParser, wake: &Wake, next_tick: Option<Instant>) -> io::Result<Woken> {
    let stdin = rustix::stdio::stdin();
    let tick_wait = next_tick.map(|t| t.saturating_duration_since(Instant::now()));
    let esc_wait = parser.has_pending().then_some(ESC_WAIT);
    let wait = match (esc_wait, tick_wait) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let esc_timed = esc_wait.is_some() && wait == esc_wait;
    let timeout = wait.map(|d| Timespec {
        tv_sec: d.as_secs() as i64,
        tv_nsec: i64::from(d.subsec_nanos()),
    });
    let signal_fd = wake.signals.fd();
    let job_fd = wake.jobs.fd();
    let mut fds = [
        PollFd::new(&stdin, PollFlags::IN),
        PollFd::new(&wake.read, PollFlags::IN),
        PollFd::new(&signal_fd, PollFlags::IN),
        PollFd::new(&job_fd, PollFlags::IN),
    ];
    let ready = match rustix::event::poll(&mut fds, timeout.as_ref()) {
        Ok(n) => n,
        Err(rustix::io::Errno::INTR) => 0,
        Err(e) => return Err(e.into()),
    };
    Ok(Woken {
        ready,
        stdin: !fds[0].revents().is_empty(),
        pipe: !fds[1].revents().is_empty(),
        esc_timed,
    })
}

/// Collects what came in, in order: a resize, the workers' results, then the keys and pastes.
/// `Err` when the terminal went away.
fn gather(
    shell: &mut Shell<'_>,
    parser: &mut InputParser,
    rx: &mpsc::Receiver<Done>,
    woken: &Woken,
) -> io::Result<Result<VecDeque<Event>, WizardEnd>> {
    let mut events = VecDeque::new();
    if woken.pipe {
        shell.wake.drain();
    }
    if shell.wake.winch.swap(false, Ordering::SeqCst) {
        let s = shell.terminal.size()?;
        events.push_back(Event::Resize(s.width, s.height));
    }
    for done in rx.try_iter() {
        events.push_back(match done {
            Done::Event(ev) => ev,
            Done::Copied {
                what,
                ticket,
                result,
            } => copied(shell.jobs, what, ticket, result),
        });
    }
    if woken.stdin {
        match parser.read_from(rustix::stdio::stdin()) {
            Ok(0) => return Ok(Err(WizardEnd::HangUp)),
            Ok(_) => events.extend(parser.events()),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            // EIO: the terminal is gone.
            Err(_) => return Ok(Err(WizardEnd::HangUp)),
        }
    } else if woken.ready == 0 && woken.esc_timed {
        events.extend(parser.flush_pending());
    }
    Ok(Ok(events))
}

/// Does what `update` asked. Every effect is matched here, so a new one cannot compile without
/// being performed.
fn perform(effect: Effect, app: &App, shell: &mut Shell<'_>) -> io::Result<Performed> {
    match effect {
        Effect::Quit => return Ok(Performed::End(WizardEnd::Quit)),
        Effect::Redraw => return Ok(Performed::Redraw),
        Effect::ClearScreen => {
            shell.terminal.draw(view::blank)?;
            return Ok(Performed::Redraw);
        }
        Effect::CopyPassword => {
            if let Some(p) = &app.password {
                let (cfg, ticket) = (shell.options.clipboard, app.clipboard.ticket);
                let what = CopyWhat::Password;
                spawn_copy(what, ticket, p.expose(), cfg, &shell.tx, shell.wake);
            }
        }
        Effect::CopyUsername => {
            if let Some(u) = app.username() {
                let (cfg, ticket) = (shell.options.clipboard, app.clipboard.ticket);
                spawn_copy(CopyWhat::Username, ticket, u, cfg, &shell.tx, shell.wake);
            }
        }
        Effect::KeepCopy => keep_copy(shell.terminal, shell.jobs)?,
        Effect::DropCopy => {
            if let Some((_, mut receipt)) = shell.jobs.arrived.take() {
                // Its OSC 52 sequence is never written (wiped here); a keeper holding it clears
                // it if the clipboard still holds it, and the receipt goes. An OSC 52 clear is
                // not written either: nothing was sent.
                drop(receipt.take_osc52_bytes());
                let _ = receipt.clear_now();
            }
        }
        Effect::ClearClipboard => {
            if let Some(r) = &mut shell.jobs.receipt
                && let Some(bytes) = r.clear_now()
            {
                write_term(shell.terminal, bytes)?;
            }
        }
        Effect::HandOverClipboard => shell.jobs.hand_over(shell.terminal.backend_mut()),
        Effect::StartCheck(id) => {
            shell.jobs.check = Some(spawn_check(app, shell.options, id, &shell.tx, shell.wake));
        }
        Effect::CancelCheck => {
            if let Some(c) = shell.jobs.check.take() {
                c.cancel();
            }
        }
        Effect::Suspend => {
            suspend(shell.terminal, &shell.wake.jobs)?;
            return Ok(Performed::Redraw);
        }
        Effect::Rotation(req) => {
            let (tx, wake_fd) = (shell.tx.clone(), Arc::clone(&shell.wake.write));
            crate::tui::rotation::jobs::execute(*req, move |ev| {
                let _ = tx.send(Done::Event(Event::Rotation(ev)));
                ping(&wake_fd);
            });
        }
        Effect::Import(job) => {
            let (tx, wake_fd) = (shell.tx.clone(), Arc::clone(&shell.wake.write));
            crate::tui::import::jobs::execute(job, app, move |ev| {
                let _ = tx.send(Done::Event(Event::Import(ev)));
                ping(&wake_fd);
            });
        }
    }
    Ok(Performed::Done)
}

/// Feeds the copied password's outcome to `update` once it is known, and lets the receipt go.
fn poll_outcome(jobs: &mut Jobs, events: &mut VecDeque<Event>) {
    if let Some(o) = jobs.receipt.as_ref().and_then(CopyReceipt::outcome) {
        jobs.receipt = None;
        events.push_back(Event::ClipboardOutcome(o));
    }
}

/// A finished copy: its receipt waits in `jobs` while `update` decides, from the ticket,
/// whether it is for the card shown; says what happened.
fn copied(
    jobs: &mut Jobs,
    what: CopyWhat,
    ticket: u64,
    result: Result<CopyReceipt, ClipboardError>,
) -> Event {
    let result = result.map(|receipt| {
        let info = Copied {
            destination: receipt.destination().clone(),
            clears_at: receipt.clears_at(),
            relay: receipt.relay(),
        };
        jobs.arrived = Some((what, receipt));
        info
    });
    Event::Clipboard {
        what,
        ticket,
        result,
    }
}

/// [`Effect::KeepCopy`]: writes the copy's OSC 52 sequence, if any, to the terminal and keeps a
/// password's receipt (a plain copy needs no clearing: its receipt goes, the keeper stays).
fn keep_copy(terminal: &mut Term, jobs: &mut Jobs) -> io::Result<()> {
    let Some((what, mut receipt)) = jobs.arrived.take() else {
        return Ok(());
    };
    if let Some(seq) = receipt.take_osc52_bytes() {
        write_term(terminal, seq.as_bytes())?;
        // `seq` is a secret page: wiped here.
    }
    // A newer copy replaces the older one on the clipboard: the old receipt has nothing left
    // to clear.
    jobs.receipt = match what {
        CopyWhat::Password => Some(receipt),
        CopyWhat::Username => None,
    };
    Ok(())
}

/// Copies on a worker thread (it may take seconds: the keeper connects to the display); the
/// receipt comes back as [`Done::Copied`].
fn spawn_copy(
    what: CopyWhat,
    ticket: u64,
    value: &str,
    cfg: ClipboardConfig,
    tx: &mpsc::Sender<Done>,
    wake: &Wake,
) {
    let tx = tx.clone();
    let wake_fd = Arc::clone(&wake.write);
    let Ok(text) = SecretText::from_str_checked(value) else {
        let _ = tx.send(Done::Copied {
            what,
            ticket,
            result: Err(ClipboardError::TooLong),
        });
        return;
    };
    let kind = match what {
        CopyWhat::Password => CopyKind::Secret,
        CopyWhat::Username => CopyKind::Plain,
    };
    std::thread::spawn(move || {
        let result = crate::clipboard::copy(kind, text.expose(), &cfg);
        drop(text);
        let _ = tx.send(Done::Copied {
            what,
            ticket,
            result,
        });
        ping(&wake_fd);
    });
}

/// Runs login check `id` on a worker thread with the card's credentials; the verdict comes back
/// as [`Event::CheckDone`]. Returns the control that cancels it and reports its stage.
fn spawn_check(
    app: &App,
    options: &Options,
    id: u64,
    tx: &mpsc::Sender<Done>,
    wake: &Wake,
) -> Control {
    let control = Control::new();
    let tx = tx.clone();
    let wake_fd = Arc::clone(&wake.write);
    let parts = (app.region.as_ref(), app.password.as_ref(), app.username());
    let (Some(region), Some(password), Some(user)) = parts else {
        let _ = tx.send(Done::Event(Event::CheckDone {
            id,
            outcome: LoginOutcome::NotChecked,
            message: tr!("tui.check.nothing"),
        }));
        ping(&wake_fd);
        return control;
    };
    let opts = options.check_options(region);
    let user = user.to_string();
    // The worker's own copy of the password, in a page that wipes itself when the worker ends.
    let password = SecretText::from_str_checked(password.expose());
    let worker_control = control.clone();
    // The verdict is worded on the worker, in the wizard's language.
    let lang = crate::i18n::current();
    // A key made in this session may take a minute to reach SES: refusals are tried again.
    let wait = if app.fresh.is_some() {
        propagation_wait()
    } else {
        std::time::Duration::ZERO
    };
    let (retry_tx, retry_wake) = (tx.clone(), Arc::clone(&wake_fd));
    std::thread::spawn(move || {
        let (outcome, message) = match password {
            Ok(pw) => {
                let verdict = crate::check::check_login_retrying(
                    &opts,
                    &user,
                    pw.expose(),
                    &worker_control,
                    wait,
                    |pause| {
                        let seconds = pause.as_secs().max(1);
                        let _ = retry_tx.send(Done::Event(Event::CheckRetry { id, seconds }));
                        ping(&retry_wake);
                    },
                );
                let message = crate::i18n::with_lang(lang, || verdict.message(&opts));
                (verdict.outcome(), message)
            }
            Err(_) => (
                LoginOutcome::NotChecked,
                crate::i18n::with_lang(lang, || tr!("tui.check.no_page")),
            ),
        };
        let _ = tx.send(Done::Event(Event::CheckDone {
            id,
            outcome,
            message,
        }));
        ping(&wake_fd);
    });
    control
}

/// How long a new key's refused logins are retried: `SESKEY_PROPAGATION_WAIT` seconds (as for
/// `seskey rotate --check`; tests shorten it), else a minute; at most ten minutes.
fn propagation_wait() -> std::time::Duration {
    let secs = std::env::var("SESKEY_PROPAGATION_WAIT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(60)
        .min(600);
    std::time::Duration::from_secs(secs)
}
