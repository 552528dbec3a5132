//! The clipboard, behaving like a password manager's: copies are marked "keep out of history",
//! cleared after a timeout only if the clipboard still holds them, and outlive the app.
//!
//! - **Display present** (X11, Wayland, macOS, Windows): the copy is handed to a small detached
//!   [`keeper`] process that holds it (on X11/Wayland someone must serve it), clears it on time
//!   if it is still ours, wipes its memory and exits. The app never connects to the display
//!   itself, so nothing here can hang its threads for more than a few seconds.
//! - **No display** (SSH, console): [`osc52`], the escape sequence that asks the user's own
//!   terminal to set its clipboard. It cannot be read back, so it is cleared blindly.
//!
//! Entry point: [`copy`], which returns a [`CopyReceipt`] (where it went, when it is cleared, the
//! keeper's outcome, clear early, what to say on quit).

pub mod keeper;
pub mod osc52;
mod system;
pub mod tmux;

use crate::i18n::t;
use crate::tr;
use std::fmt;
use std::time::{Duration, Instant};

use crate::secret::SecretBuf;

/// Default time before a copied secret is cleared, as `pass -c`.
pub const DEFAULT_CLEAR_AFTER: Duration = Duration::from_secs(45);

/// Clipboard settings, from `--clear-after`/`SESKEY_CLEAR_AFTER` and `--no-clipboard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClipboardConfig {
    /// False with `--no-clipboard`: every copy fails with [`ClipboardError::Disabled`].
    pub enabled: bool,
    /// How long a secret stays on the clipboard; `None` never clears it (`--clear-after 0`).
    pub clear_after: Option<Duration>,
    /// What sits between seskey and the user's terminal (none unless the shell read it).
    pub relay: Relay,
}

/// A terminal multiplexer between seskey and the user's terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Multiplexer {
    /// tmux (`$TMUX`): it takes an OSC 52 copy only with `set-clipboard on`, and then keeps its
    /// own copy in a paste buffer that no OSC 52 clear reaches. Holds that setting, once asked.
    Tmux(TmuxClipboard),
    /// GNU screen (`$STY`): it does not pass OSC 52 on by itself.
    Screen,
}

/// tmux's `set-clipboard` option, which decides what becomes of an application's OSC 52 copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TmuxClipboard {
    /// `on`: tmux takes the copy into a paste buffer (kept until deleted) and passes it on to the
    /// outer terminal if that terminal accepts OSC 52.
    On,
    /// `external` (tmux's default since 2.6): tmux drops an application's OSC 52 copy.
    External,
    /// `off`: tmux drops it too.
    Off,
    /// Not asked yet, or tmux did not answer (in time).
    Unknown,
}

impl TmuxClipboard {
    /// The value as tmux spells it, for messages (not translated: it is what the user types).
    pub fn name(self) -> &'static str {
        match self {
            Self::On => "on",
            Self::External => "external",
            Self::Off => "off",
            Self::Unknown => "unknown",
        }
    }
}

/// What sits between seskey and the user's terminal, so that what an OSC 52 copy did is said
/// as it is. Read from the environment by the shell ([`Relay::from_env`]), and tmux's setting
/// asked at each OSC 52 copy ([`Relay::probed`]); the wording that depends on it stays pure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Relay {
    /// The multiplexer the session runs in, if any.
    pub multiplexer: Option<Multiplexer>,
    /// The session is remote (`$SSH_CONNECTION` or `$SSH_TTY`).
    pub ssh: bool,
}

impl Relay {
    /// From the process environment.
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
    }

    /// From `set`, which says whether a variable is set and not empty.
    pub fn from_vars(set: impl Fn(&str) -> bool) -> Self {
        let multiplexer = if set("TMUX") {
            Some(Multiplexer::Tmux(TmuxClipboard::Unknown))
        } else if set("STY") {
            Some(Multiplexer::Screen)
        } else {
            None
        };
        Self {
            multiplexer,
            ssh: set("SSH_CONNECTION") || set("SSH_TTY"),
        }
    }

    /// The same relay with tmux's `set-clipboard` asked of the tmux server (a bounded subprocess,
    /// [`tmux::TIMEOUT`] at most). Asked at each copy, not once: the user may follow the advice
    /// to `tmux set -g set-clipboard on` and copy again. When seskey's terminal is not the pane
    /// `$TMUX_PANE` names, tmux's setting says nothing of it: the terminal may be another one
    /// (`$TMUX` inherited by an xterm started from tmux) or a relay inside the pane (`script`,
    /// `sudo` with a pty), where tmux is still in between. Nothing is refused then, and the
    /// clear is the space that tmux passes on (harmless where tmux is not in between).
    pub fn probed(self) -> Self {
        match self.multiplexer {
            Some(Multiplexer::Tmux(_)) => self.with_probe(tmux::probe()),
            _ => self,
        }
    }

    /// The relay as tmux's answer makes it.
    fn with_probe(self, probe: tmux::Probe) -> Self {
        let multiplexer = match probe {
            tmux::Probe::NotOurPane => Some(Multiplexer::Tmux(TmuxClipboard::Unknown)),
            tmux::Probe::Setting(s) => Some(Multiplexer::Tmux(s)),
        };
        Self {
            multiplexer,
            ..self
        }
    }

    /// Whether tmux sits in between (whatever its setting): an OSC 52 clear must then be a copy
    /// tmux passes on ([`osc52::CLEAR_TMUX_SEQUENCE`]), since tmux ignores the usual clear.
    pub fn through_tmux(self) -> bool {
        matches!(self.multiplexer, Some(Multiplexer::Tmux(_)))
    }

    /// The tmux setting that drops an application's OSC 52 copy (`external`, `off`), when tmux
    /// said it has one: then nothing an OSC 52 copy sends reaches a clipboard.
    pub fn tmux_drops(self) -> Option<TmuxClipboard> {
        match self.multiplexer {
            Some(Multiplexer::Tmux(s @ (TmuxClipboard::External | TmuxClipboard::Off))) => Some(s),
            _ => None,
        }
    }
}

impl ClipboardConfig {
    /// Settings from the command-line values: `clear_after_secs` 0 means never.
    pub fn new(no_clipboard: bool, clear_after_secs: u64) -> Self {
        Self {
            enabled: !no_clipboard,
            clear_after: (clear_after_secs > 0).then(|| Duration::from_secs(clear_after_secs)),
            relay: Relay::default(),
        }
    }

    /// The same settings, with what sits between seskey and the terminal.
    pub fn with_relay(self, relay: Relay) -> Self {
        Self { relay, ..self }
    }
}

impl Default for ClipboardConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            clear_after: Some(DEFAULT_CLEAR_AFTER),
            relay: Relay::default(),
        }
    }
}

/// What is being copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyKind {
    /// A secret (the SMTP password): "keep out of history" hints and clearing after the timeout.
    Secret,
    /// Plain text (username, host): kept until something else is copied, never cleared.
    Plain,
}

/// Where a copy goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// The system clipboard; `display` names it for people ("X11 display :0", "Wayland
    /// display wayland-0", "the system clipboard").
    System {
        /// Which clipboard, for messages.
        display: String,
    },
    /// The user's terminal, through the OSC 52 escape sequence (no display: SSH, console).
    Osc52,
}

/// Why a copy failed. The messages are for people; none holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClipboardError {
    /// `--no-clipboard` is in effect.
    Disabled,
    /// No display, and no terminal to send OSC 52 to.
    NoClipboard,
    /// The display server could not be reached, or has no clipboard.
    Unreachable,
    /// The display server did not answer in time.
    Timeout,
    /// The clipboard refused the content.
    Refused,
    /// The text is longer than a secret page.
    TooLong,
    /// The helper process could not be started or failed; says what happened.
    Helper(String),
    /// tmux drops OSC 52 copies with this `set-clipboard` setting: nothing was sent.
    TmuxDrops(TmuxClipboard),
}

impl fmt::Display for ClipboardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Disabled => f.write_str(t("clipboard.disabled")),
            Self::NoClipboard => f.write_str(t("clipboard.no_clipboard")),
            Self::Unreachable => f.write_str(t("clipboard.unreachable")),
            Self::Timeout => f.write_str(t("clipboard.timeout")),
            Self::Refused => f.write_str(t("clipboard.refused")),
            Self::TooLong => f.write_str(t("clipboard.too_long")),
            Self::Helper(what) => f.write_str(&tr!("clipboard.helper_failed", what = what)),
            Self::TmuxDrops(s) => f.write_str(&tr!("clipboard.tmux_drops", setting = s.name())),
        }
    }
}

impl std::error::Error for ClipboardError {}

/// How a kept copy ended, as reported by the keeper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClearOutcome {
    /// The clipboard still held our copy and was cleared.
    Cleared,
    /// Another application had copied something since: left untouched.
    Replaced,
    /// A newer copy from seskey took over this one.
    Superseded,
    /// Clearing failed.
    Failed,
}

impl fmt::Display for ClearOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Cleared => t("clipboard.outcome.cleared"),
            Self::Replaced => t("clipboard.outcome.replaced"),
            Self::Superseded => t("clipboard.outcome.superseded"),
            Self::Failed => t("clipboard.outcome.failed"),
        })
    }
}

/// What the app should do and say when it quits while a copy is live.
#[derive(Debug)]
pub struct QuitNotice {
    /// One line for the user, e.g. "the clipboard will be cleared in 31 s".
    pub message: String,
    /// Bytes to write to the terminal before leaving (the OSC 52 clear), if any.
    pub osc52_clear: Option<&'static [u8]>,
}

/// The result of a successful [`copy`].
#[derive(Debug)]
pub struct CopyReceipt {
    destination: Destination,
    clear_after: Option<Duration>,
    copied_at: Instant,
    osc52: Option<SecretBuf>,
    keeper: Option<keeper::Keeper>,
    osc52_cleared: bool,
    relay: Relay,
}

impl fmt::Debug for keeper::Keeper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keeper")
    }
}

impl CopyReceipt {
    /// Where the copy went.
    pub fn destination(&self) -> &Destination {
        &self.destination
    }

    /// When the copy is (or was) due to be cleared; `None` when it never is.
    pub fn clears_at(&self) -> Option<Instant> {
        self.clear_after.map(|d| self.copied_at + d)
    }

    /// Time left before clearing, for a countdown: `None` never, zero when due.
    pub fn remaining(&self) -> Option<Duration> {
        self.clears_at()
            .map(|t| t.saturating_duration_since(Instant::now()))
    }

    /// The OSC 52 sequence the caller must write to its terminal (once), for
    /// [`Destination::Osc52`]. A secret: write it with `write(2)` and drop it.
    pub fn take_osc52_bytes(&mut self) -> Option<SecretBuf> {
        self.osc52.take()
    }

    /// How the copy ended, once known: reported by the keeper (system clipboard), or
    /// [`ClearOutcome::Cleared`] after [`CopyReceipt::clear_now`] on OSC 52.
    pub fn outcome(&self) -> Option<ClearOutcome> {
        if self.osc52_cleared {
            return Some(ClearOutcome::Cleared);
        }
        self.keeper.as_ref().and_then(keeper::Keeper::outcome)
    }

    /// Clears now (the user asked, or the OSC 52 countdown ran out). System clipboard: the
    /// keeper clears if the clipboard still holds our copy, and reports through
    /// [`CopyReceipt::outcome`]. OSC 52: returns the clear sequence, which the caller must write
    /// to its terminal.
    pub fn clear_now(&mut self) -> Option<&'static [u8]> {
        if let Some(k) = &mut self.keeper {
            k.clear_now();
        }
        if self.destination == Destination::Osc52 && !self.osc52_cleared && self.keeper.is_none() {
            self.osc52_cleared = true;
            return Some(osc52::clear_sequence(self.relay.through_tmux()));
        }
        None
    }

    /// What sat between seskey and the terminal at this copy (tmux's setting asked).
    pub fn relay(&self) -> Relay {
        self.relay
    }

    /// One line saying where the copy went and when it will be cleared.
    pub fn describe(&self) -> String {
        let tmux = self.relay.through_tmux();
        let place = match &self.destination {
            Destination::System { display } => tr!("clipboard.copied_to", display = display),
            Destination::Osc52 => match self.relay.multiplexer {
                None => tr!("clipboard.sent_osc52"),
                Some(Multiplexer::Tmux(TmuxClipboard::On)) => tr!("clipboard.osc52_tmux_on"),
                Some(Multiplexer::Tmux(_)) => tr!("clipboard.osc52_via_tmux"),
                Some(Multiplexer::Screen) => tr!("clipboard.osc52_via_screen"),
            },
        };
        let when = match self.clear_after {
            None => tr!("clipboard.never_cleared"),
            // tmux ignores a clear: a space is copied over the password, and tmux keeps the
            // password's own paste buffer.
            Some(d) if tmux && self.destination == Destination::Osc52 => {
                tr!("clipboard.terminal_cleared_in", secs = d.as_secs().max(1))
            }
            Some(d) => tr!("clipboard.cleared_in", secs = d.as_secs().max(1)),
        };
        tr!("clipboard.copy_receipt", place = place, when = when)
    }

    /// Hands the copy over when the app quits. System clipboard: the keeper keeps serving and
    /// clears at the timeout; OSC 52 (no keeper): the caller must write `osc52_clear` now, since
    /// nothing could clear the terminal's clipboard later.
    pub fn on_quit(mut self) -> QuitNotice {
        if let Some(o) = self.outcome() {
            return QuitNotice {
                message: o.to_string(),
                osc52_clear: None,
            };
        }
        let left = self.remaining().map(|d| d.as_secs().max(1));
        if self.destination == Destination::Osc52 && self.keeper.is_none() {
            return match left {
                None => QuitNotice {
                    message: tr!("clipboard.quit.osc52_kept"),
                    osc52_clear: None,
                },
                Some(_) => QuitNotice {
                    message: if self.relay.through_tmux() {
                        format!(
                            "{}; {}",
                            tr!("clipboard.quit.osc52_tmux_overwritten"),
                            tr!("clipboard.quit.tmux_buffer")
                        )
                    } else {
                        tr!("clipboard.quit.osc52_cleared")
                    },
                    osc52_clear: self.clear_now(),
                },
            };
        }
        QuitNotice {
            message: match left {
                Some(s) => tr!("clipboard.quit.cleared_in", secs = s),
                None => tr!("clipboard.quit.kept"),
            },
            osc52_clear: None,
        }
    }
}

/// Where a copy would go now, from the environment (`DISPLAY`, `WAYLAND_DISPLAY`).
pub fn destination(config: &ClipboardConfig) -> Result<Destination, ClipboardError> {
    if !config.enabled {
        return Err(ClipboardError::Disabled);
    }
    if cfg!(any(target_os = "macos", target_os = "ios", windows)) {
        return Ok(Destination::System {
            display: t("clipboard.display.system").into(),
        });
    }
    let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
    Ok(match (var("WAYLAND_DISPLAY"), var("DISPLAY")) {
        (Some(w), _) => Destination::System {
            display: tr!("clipboard.display.wayland", display = w),
        },
        (None, Some(x)) => Destination::System {
            display: tr!("clipboard.display.x11", display = x),
        },
        (None, None) => Destination::Osc52,
    })
}

/// The key of the one keeper per display.
fn display_key() -> String {
    let var = |name| std::env::var(name).unwrap_or_default();
    format!("display-{}-{}", var("WAYLAND_DISPLAY"), var("DISPLAY"))
}

/// Copies `text`. Blocks for at most a few seconds (starting the keeper, which connects to the
/// display with a timeout), so a TUI should call it from a worker thread.
///
/// For [`Destination::Osc52`] nothing is written yet: the caller writes
/// [`CopyReceipt::take_osc52_bytes`] to its terminal (the TUI owns it), and clears with
/// [`CopyReceipt::clear_now`] when [`CopyReceipt::remaining`] reaches zero.
pub fn copy(
    kind: CopyKind,
    text: &str,
    config: &ClipboardConfig,
) -> Result<CopyReceipt, ClipboardError> {
    let destination = destination(config)?;
    let clear_after = match kind {
        CopyKind::Secret => config.clear_after,
        CopyKind::Plain => None,
    };
    // What tmux does with an OSC 52 copy is asked before anything is sent: with a setting that
    // drops it, the secret is not sent into nothing and the copy is said to have failed.
    let relay = match &destination {
        Destination::Osc52 => config.relay.probed(),
        Destination::System { .. } => config.relay,
    };
    if destination == Destination::Osc52
        && let Some(setting) = relay.tmux_drops()
    {
        return Err(ClipboardError::TmuxDrops(setting));
    }
    let copied_at = Instant::now();
    let (osc52, keeper) = match &destination {
        Destination::System { .. } => {
            let k =
                keeper::spawn_system(text, kind == CopyKind::Secret, clear_after, &display_key())?;
            (None, Some(k))
        }
        Destination::Osc52 => (
            Some(osc52::set_sequence(text).map_err(|_| ClipboardError::TooLong)?),
            None,
        ),
    };
    Ok(CopyReceipt {
        destination,
        clear_after,
        copied_at,
        osc52,
        keeper,
        osc52_cleared: false,
        relay,
    })
}

/// For a short-lived app (the CLI) that wrote the OSC 52 sequence to `tty` and exits at once:
/// a keeper holding `tty` writes the clear sequence at the timeout (blindly: OSC 52 cannot be
/// read back). No secret goes to it. One such keeper runs per terminal.
#[cfg(unix)]
pub fn keep_osc52_on_tty(
    receipt: &mut CopyReceipt,
    tty: std::os::fd::OwnedFd,
) -> Result<(), ClipboardError> {
    let Some(after) = receipt.clear_after else {
        return Ok(());
    };
    let name = terminal_name(&tty);
    let tmux = receipt.relay.through_tmux();
    let k = keeper::spawn_osc52(tty, after, tmux, &format!("tty-{name}"))?;
    receipt.keeper = Some(k);
    Ok(())
}

/// The name of the terminal behind `tty` (opened as `/dev/tty`), for the one-keeper-per-terminal
/// lock: `ttyname` of `/dev/tty` is `/dev/tty` in every terminal, so a copy in one terminal would
/// stop the keeper that is to clear another's. The terminal on standard output, error or input
/// (the one `/dev/tty` is, in every ordinary case), else the controlling terminal's device
/// number (Linux), else what `ttyname` says.
#[cfg(unix)]
fn terminal_name(tty: &std::os::fd::OwnedFd) -> String {
    use rustix::termios::{isatty, ttyname};
    let name = |fd: std::os::fd::BorrowedFd<'_>| {
        ttyname(fd, Vec::new())
            .ok()
            .map(|n| n.to_string_lossy().into_owned())
    };
    [
        rustix::stdio::stdout(),
        rustix::stdio::stderr(),
        rustix::stdio::stdin(),
    ]
    .into_iter()
    .filter(|fd| isatty(*fd))
    .find_map(name)
    .or_else(controlling_terminal)
    .or_else(|| name(std::os::fd::AsFd::as_fd(tty)))
    .unwrap_or_default()
}

/// The controlling terminal's device number (`tty_nr` of `/proc/self/stat`), where there is one.
#[cfg(unix)]
fn controlling_terminal() -> Option<String> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces: fields are counted after its closing ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let tty_nr: u64 = rest.split_whitespace().nth(4)?.parse().ok()?;
    (tty_nr != 0).then(|| format!("dev{tty_nr}"))
}

/// Sets `cmd` up as a helper of seskey's that owes it nothing: an environment of only `pass`
/// (nothing of the app's, such as `AWS_SECRET_ACCESS_KEY`, goes along) and a session of its
/// own without a controlling terminal (it can neither read the keys typed nor write to the
/// terminal, and its whole process group can be killed). The keeper and the tmux probe.
#[cfg(unix)]
pub(crate) fn detach(cmd: &mut std::process::Command, pass: &[&str]) {
    use std::os::unix::process::CommandExt as _;
    cmd.env_clear();
    for var in pass {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    // SAFETY: setsid(2) is async-signal-safe and touches no memory of the parent.
    unsafe {
        cmd.pre_exec(|| {
            rustix::process::setsid().map_err(std::io::Error::from)?;
            Ok(())
        });
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn config_from_values() {
        assert_eq!(ClipboardConfig::new(false, 45), ClipboardConfig::default());
        assert_eq!(ClipboardConfig::new(false, 0).clear_after, None);
        assert!(!ClipboardConfig::new(true, 5).enabled);
    }

    #[test]
    fn disabled_refuses_every_copy() {
        let cfg = ClipboardConfig::new(true, 45);
        assert_eq!(
            copy(CopyKind::Secret, "x", &cfg).err(),
            Some(ClipboardError::Disabled)
        );
    }

    #[test]
    fn osc52_receipt_clears_once_and_on_quit() {
        let mut r = CopyReceipt {
            destination: Destination::Osc52,
            clear_after: Some(Duration::from_secs(45)),
            copied_at: Instant::now(),
            osc52: Some(osc52::set_sequence("pw").unwrap()),
            keeper: None,
            osc52_cleared: false,
            relay: Relay::default(),
        };
        assert!(r.describe().contains("cleared in 45 s"));
        assert_eq!(
            r.take_osc52_bytes().unwrap().as_bytes(),
            b"\x1b]52;c;cHc=\x07"
        );
        assert!(r.take_osc52_bytes().is_none());
        let quit = r.on_quit();
        assert_eq!(quit.osc52_clear, Some(osc52::CLEAR_SEQUENCE));
        assert!(quit.message.contains("asked the terminal to clear"));

        let mut r = CopyReceipt {
            destination: Destination::Osc52,
            clear_after: Some(Duration::ZERO),
            copied_at: Instant::now(),
            osc52: None,
            keeper: None,
            osc52_cleared: false,
            relay: Relay::default(),
        };
        assert_eq!(r.remaining(), Some(Duration::ZERO));
        assert_eq!(r.clear_now(), Some(osc52::CLEAR_SEQUENCE));
        assert_eq!(r.clear_now(), None);
        assert_eq!(r.outcome(), Some(ClearOutcome::Cleared));
        assert_eq!(r.on_quit().osc52_clear, None);
    }

    #[test]
    fn relay_from_the_environment() {
        let env = |vars: &'static [&'static str]| Relay::from_vars(move |n| vars.contains(&n));
        assert_eq!(env(&[]), Relay::default());
        assert_eq!(
            env(&["TMUX"]).multiplexer,
            Some(Multiplexer::Tmux(TmuxClipboard::Unknown))
        );
        assert_eq!(env(&["STY"]).multiplexer, Some(Multiplexer::Screen));
        assert!(env(&["SSH_CONNECTION"]).ssh);
        assert!(env(&["SSH_TTY", "TMUX"]).ssh);
    }

    /// In tmux an OSC 52 copy is not said to be cleared as if that were all: tmux's own buffer
    /// is named, with how to remove it.
    #[test]
    fn osc52_in_tmux_names_the_paste_buffer() {
        let receipt = |relay| CopyReceipt {
            destination: Destination::Osc52,
            clear_after: Some(Duration::from_secs(45)),
            copied_at: Instant::now(),
            osc52: None,
            keeper: None,
            osc52_cleared: false,
            relay,
        };
        let tmux = Relay {
            multiplexer: Some(Multiplexer::Tmux(TmuxClipboard::Unknown)),
            ssh: false,
        };
        assert!(
            receipt(tmux)
                .describe()
                .contains("tmux delete-buffer -b NAME")
        );
        let quit = receipt(tmux).on_quit();
        assert!(quit.message.contains("tmux delete-buffer -b NAME"));
        // tmux ignores `!` and an empty copy: the clear it passes on is a space copied over.
        assert!(
            quit.message
                .starts_with("asked the terminal, through tmux, to copy a space")
        );
        assert_eq!(quit.osc52_clear, Some(osc52::CLEAR_TMUX_SEQUENCE));
        assert_eq!(receipt(tmux).clear_now(), Some(osc52::CLEAR_TMUX_SEQUENCE));
        assert!(!receipt(Relay::default()).describe().contains("tmux"));
        // tmux said `on`: it took the copy and keeps it; a space is copied over it in the
        // terminal and as tmux's newest buffer, the password's buffer stays.
        let on = Relay {
            multiplexer: Some(Multiplexer::Tmux(TmuxClipboard::On)),
            ssh: false,
        };
        let said = receipt(on).describe();
        assert!(
            said.starts_with("tmux took the copy into a paste buffer"),
            "{said}"
        );
        assert!(
            said.contains("in 45 s seskey copies a space over it"),
            "{said}"
        );
        assert!(said.ends_with("`tmux delete-buffer -b NAME`"), "{said}");
        assert_eq!(receipt(on).clear_now(), Some(osc52::CLEAR_TMUX_SEQUENCE));
        let quit = receipt(Relay::default()).on_quit();
        assert!(
            quit.message.starts_with("asked the terminal to clear"),
            "{}",
            quit.message
        );
        assert_eq!(quit.osc52_clear, Some(osc52::CLEAR_SEQUENCE));
    }

    /// Only tmux's `external` and `off` are known to drop an OSC 52 copy; an unknown setting,
    /// screen or no multiplexer are asked, not refused.
    #[test]
    fn only_a_known_dropping_setting_refuses() {
        let tmux = |s| Relay {
            multiplexer: Some(Multiplexer::Tmux(s)),
            ssh: false,
        };
        assert_eq!(
            tmux(TmuxClipboard::External).tmux_drops(),
            Some(TmuxClipboard::External)
        );
        assert_eq!(
            tmux(TmuxClipboard::Off).tmux_drops(),
            Some(TmuxClipboard::Off)
        );
        assert_eq!(tmux(TmuxClipboard::On).tmux_drops(), None);
        assert_eq!(tmux(TmuxClipboard::Unknown).tmux_drops(), None);
        let screen = Relay {
            multiplexer: Some(Multiplexer::Screen),
            ssh: false,
        };
        assert_eq!(screen.tmux_drops(), None);
        assert_eq!(Relay::default().tmux_drops(), None);
        // tmux answered for a pane that is not our terminal (an inherited `$TMUX`, or a relay
        // such as `script` inside the pane): its setting is not ours to believe, nothing is
        // refused, and the clear is still the space tmux would pass on.
        let inherited = tmux(TmuxClipboard::On).with_probe(tmux::Probe::NotOurPane);
        assert_eq!(inherited, tmux(TmuxClipboard::Unknown));
        assert_eq!(inherited.tmux_drops(), None);
        assert!(inherited.through_tmux());
        let ours =
            tmux(TmuxClipboard::Unknown).with_probe(tmux::Probe::Setting(TmuxClipboard::External));
        assert_eq!(ours.tmux_drops(), Some(TmuxClipboard::External));
        // Without tmux nothing is asked.
        assert_eq!(Relay::default().probed(), Relay::default());
        assert_eq!(screen.probed(), screen);
    }
}
