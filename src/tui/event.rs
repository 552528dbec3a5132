//! What the wizard reacts to: keys, pastes, resizes and results from worker threads.

use std::time::Instant;

use crate::check::{LoginOutcome, Stage};
use crate::clipboard::{ClearOutcome, ClipboardError, Destination};
use crate::secret::SecretText;

/// A key press, as decoded by [`crate::tui::input`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A printable character.
    Char(char),
    /// Ctrl and a letter (lower case), e.g. `Ctrl('c')`.
    Ctrl(char),
    /// Alt and a character (sent by terminals as ESC + character); the wizard ignores these.
    Alt(char),
    /// Enter / Return.
    Enter,
    /// Escape on its own.
    Esc,
    /// Backspace.
    Backspace,
    /// Delete (forward).
    Delete,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Insert.
    Insert,
    /// A function key, `F(1)` to `F(12)`.
    F(u8),
    /// A sequence the parser recognised as one key but does not name.
    Unknown,
}

/// Which value a clipboard request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyWhat {
    /// The SMTP password.
    Password,
    /// The SMTP username (access key ID).
    Username,
}

/// Why a bracketed paste was dropped (its bytes are wiped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasteError {
    /// Longer than a secret page.
    TooLong,
    /// Not UTF-8 text.
    NotText,
}

/// One input to [`crate::tui::update::update`].
#[derive(Debug)]
pub enum Event {
    /// A key press.
    Key(Key),
    /// A bracketed paste, accumulated straight into a secret page.
    Paste(SecretText),
    /// A bracketed paste that could not be used.
    PasteRejected(PasteError),
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// A timer tick, with the time it was sent: only sent while something animates or counts
    /// down (see [`crate::tui::update::tick_interval`]). The clock enters `update` only here.
    Tick(Instant),
    /// A clipboard worker finished.
    Clipboard {
        /// What was copied.
        what: CopyWhat,
        /// The conversion it was made for ([`crate::tui::app::ClipState::ticket`] when it was
        /// asked): a result for an older one is stale and dropped.
        ticket: u64,
        /// Where it went and when it is cleared, or why it failed (never the copied value).
        result: Result<Copied, ClipboardError>,
    },
    /// How the copied password ended (reported by the keeper, or cleared with OSC 52).
    ClipboardOutcome(ClearOutcome),
    /// The running login check has reached this step.
    CheckStage(Stage),
    /// A login check finished.
    CheckDone {
        /// Its number, as given by [`crate::tui::update::Effect::StartCheck`].
        id: u64,
        /// Accepted, refused, not checked or cancelled.
        outcome: LoginOutcome,
        /// The verdict's one-line message (never holds the password).
        message: String,
    },
    /// A refused login of a new key is tried again after `seconds` (IAM takes a while to
    /// accept a new key at SES).
    CheckRetry {
        /// The check's number.
        id: u64,
        /// The pause before the next try.
        seconds: u64,
    },
    /// An IAM job of the rotation paths finished; a created key's secret is moved in.
    Rotation(crate::tui::rotation::RotationEvent),
    /// An import job finished (see [`crate::tui::import`]); a loaded secret is moved in.
    Import(crate::tui::import::ImportEvent),
}

/// A successful copy, as the wizard needs to know it (the receipt stays with the runtime).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    /// Where the copy went.
    pub destination: Destination,
    /// When it is cleared; `None` never.
    pub clears_at: Option<Instant>,
    /// What sat between seskey and the terminal at this copy (tmux's setting, as tmux said).
    pub relay: crate::clipboard::Relay,
}
