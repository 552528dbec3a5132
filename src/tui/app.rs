//! The wizard's state. Only [`crate::tui::update`] changes it; [`crate::tui::view`] reads it.

use std::time::{Duration, Instant};

use zeroize::Zeroize;

use crate::check::Stage;
use crate::clipboard::{ClipboardConfig, Destination};
use crate::derive::{Deriver, SmtpPassword};
use crate::i18n::t;
use crate::region::{self, Region, RegionChoice};
use crate::secret::SecretText;
use crate::tui::event::CopyWhat;
use crate::tui::fields::MAX_KEY_ID;
use crate::validate::{self, KeyIdError, SecretError, SecretRules, SecretWarning};

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// 1: access key ID (optional).
    AccessKeyId,
    /// 2: secret access key.
    Secret,
    /// 3: region.
    Region,
    /// 4: the SMTP settings card.
    Card,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 4] = [Step::AccessKeyId, Step::Secret, Step::Region, Step::Card];

    /// 1-based number shown to people.
    pub fn number(self) -> usize {
        self as usize + 1
    }

    /// The step's title.
    pub fn title(self) -> &'static str {
        match self {
            Step::AccessKeyId => t("tui.step.key_id"),
            Step::Secret => t("tui.step.secret"),
            Step::Region => t("tui.step.region"),
            Step::Card => t("tui.step.card"),
        }
    }

    /// The step's name in the stepper, where room is short.
    pub fn short_title(self) -> &'static str {
        match self {
            Step::AccessKeyId => t("tui.stepper.key_id"),
            Step::Secret => t("tui.stepper.secret"),
            Step::Region => t("tui.stepper.region"),
            Step::Card => t("tui.stepper.card"),
        }
    }

    /// The step after this one.
    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self as usize + 1).copied()
    }

    /// The step before this one.
    pub fn prev(self) -> Option<Step> {
        (self as usize).checked_sub(1).map(|i| Step::ALL[i])
    }

    /// Whether the step takes typed text (so `q` types a letter rather than quitting).
    #[cfg(test)]
    pub fn is_text_input(self) -> bool {
        self != Step::Card
    }
}

/// How a status line message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Neutral information.
    Info,
    /// Something worked.
    Success,
    /// Something failed or was refused.
    Error,
}

/// A one-line message under the panel ("password copied to the clipboard").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The text; never holds a secret.
    pub text: String,
    /// How to show it.
    pub tone: Tone,
}

/// One line of the region list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionItem {
    /// A catalogue region.
    Known(&'static Region),
    /// "use custom region …": a well-formed code the catalogue does not list.
    Custom(String),
}

impl RegionItem {
    /// The choice this line stands for.
    pub fn choice(&self) -> RegionChoice {
        match self {
            RegionItem::Known(r) => RegionChoice::Known(r),
            RegionItem::Custom(c) => RegionChoice::Custom(c.clone()),
        }
    }
}

/// The whole state of the wizard.
#[derive(Debug)]
pub struct App {
    /// The step on screen.
    pub step: Step,
    /// The furthest step the user may move to with Tab (every step before it is confirmed).
    pub reached: Step,
    /// Step 1's text. Not secret (it is the SMTP username), but wiped on reset anyway.
    pub key_id: String,
    /// Step 2's text: the secret access key, in a locked, wipe-on-drop page. Wiped as soon as
    /// the user leaves step 2: confirming keeps only `deriver`.
    pub secret: SecretText,
    /// What the confirmed secret became: the region-independent first HMAC step (wiped on
    /// drop). The secret itself is not kept past step 2.
    pub deriver: Option<Deriver>,
    /// Length in characters of the confirmed secret (shown on step 2 after it was wiped).
    pub secret_len: usize,
    /// Whether step 2 shows the secret's characters instead of dots.
    pub reveal_secret: bool,
    /// Step 3's filter text.
    pub filter: String,
    /// The filter was wiped because it held key material: further key characters are dropped
    /// until Backspace or Ctrl-U (or a character no key holds), so the rest of a secret typed
    /// here never shows (see [`crate::tui::fields::filter_key`]).
    pub filter_quiet: bool,
    /// Index of the selected line in [`App::region_items`]; it counts only when
    /// [`App::region_moved`] (see [`App::region_pick`]).
    pub selected: usize,
    /// The user moved the selection (or it is the preselected or confirmed region): Enter takes
    /// it. A filter's first line that merely happens to be first is not taken.
    pub region_moved: bool,
    /// The region confirmed on step 3.
    pub region: Option<RegionChoice>,
    /// The region to preselect (from the environment or `~/.aws/config`).
    pub initial_region: Option<String>,
    /// The derived password, once step 3 is confirmed.
    pub password: Option<SmtpPassword>,
    /// Whether the card shows the password.
    pub reveal_password: bool,
    /// Whether the help overlay is open.
    pub help: bool,
    /// The help overlay's first row shown (it scrolls when the window is too small for it).
    pub help_scroll: u16,
    /// The help's rows on screen and its most useful scroll, recorded by the view as it lays the
    /// help out (as `list_rows`), so that the scroll keys stop at its end.
    pub help_rows: std::cell::Cell<(u16, u16)>,
    /// Message under the panel.
    pub status: Option<Status>,
    /// Why Enter was refused on the current step (shown until the input changes).
    pub refusal: Option<String>,
    /// Terminal size as last reported (columns, rows).
    pub size: (u16, u16),
    /// Lines of the list on screen (region list or import list), recorded by the view as it lays
    /// the list out, so that a page key moves by what the user sees. The one value the view
    /// writes: only the layout knows it, and computing it twice would drift.
    pub list_rows: std::cell::Cell<u16>,
    /// Esc on step 1 with something entered asked "Esc again quits": the next Esc quits, any
    /// other key cancels.
    pub quit_armed: bool,
    /// A quit was asked while an IAM create was on its way, and the operator was told what it
    /// loses: the next quit goes through.
    pub quit_warned: bool,
    /// The wizard opened on the start screen (not `SESKEY_START=convert`): Esc on step 1 with
    /// nothing entered goes back there instead of quitting.
    pub start_screen: bool,
    /// The import overlay, while open (Ctrl-O on steps 1 and 2).
    pub import: Option<crate::tui::import::ImportState>,
    /// Where the key of steps 1 and 2 was imported from (`profile "ses" in ~/.aws/credentials`);
    /// cleared when either field is edited.
    pub origin: Option<String>,
    /// The IAM user the imported key belongs to (a CSV's user-name column, or the console's file
    /// name), shown next to the username on the card; cleared with [`App::origin`].
    pub iam_user: Option<String>,
    /// What the wizard knows of the clipboard (the runtime holds the copy's receipt).
    pub clipboard: ClipState,
    /// The SMTP login check on the card (`t`).
    pub check: CheckState,
    /// Number of the latest login check, so that a late verdict of an abandoned one is ignored.
    pub check_seq: u64,
    /// Number of the latest IAM job asked for ([`crate::tui::rotation::Request::ticket`]), so
    /// that a late outcome of a job no longer awaited is told apart.
    pub rotation_seq: u64,
    /// The IAM create on its way, awaited or left (Esc while it ran): no other starts before
    /// it lands, so its new key's secret, which IAM shows only once, can be kept.
    pub creating: Option<crate::tui::rotation::Request>,
    /// The start screen and the IAM paths (rotate, create a user), while open.
    pub rotation: Option<crate::tui::rotation::RotationState>,
    /// The key made in IAM this session (no secret: only its ID and what it replaces), for the
    /// login check's propagation retry and the finish.
    pub fresh: Option<crate::tui::rotation::FreshKey>,
}

/// The clipboard as the wizard knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClipState {
    /// False with `--no-clipboard`: `c` and `u` explain instead of copying.
    pub enabled: bool,
    /// How long a copied password stays (`--clear-after`); `None` never clears it.
    pub clear_after: Option<Duration>,
    /// A copy is being made (by a worker): further copies wait.
    pub busy: Option<CopyWhat>,
    /// The conversion the card shows, numbered: it changes whenever the password does (a new
    /// region, an edit before it, `n`). A copy carries the ticket it was made with; one that
    /// comes back for another conversion is stale: not written, not kept (the user would paste
    /// the old password).
    pub ticket: u64,
    /// The copied password, until it is cleared, replaced or handed over on quit.
    pub pending: Option<PendingCopy>,
    /// How the last copy of the password ended, for the card ("clipboard cleared").
    pub last: Option<crate::clipboard::ClearOutcome>,
    /// Whether that copy went by OSC 52 (whose clearing cannot be checked).
    pub last_osc52: bool,
    /// What sits between seskey and the terminal (tmux, screen, SSH), read by the shell; tmux's
    /// `set-clipboard` as the latest copy found it.
    pub relay: crate::clipboard::Relay,
    /// The latest copy of the password was not made: tmux drops OSC 52 with its setting.
    pub dropped: bool,
    /// The ticket of the conversion whose copy `pending`, `last` and `dropped` describe: the
    /// card of another conversion (after `n`, or another region) does not show them as its own.
    pub owner: u64,
}

impl ClipState {
    /// Whether the copy state describes the conversion on the card.
    pub fn is_current(&self) -> bool {
        self.owner == self.ticket
    }

    /// The state for the command line's settings, nothing copied yet.
    pub fn new(config: ClipboardConfig) -> Self {
        Self {
            enabled: config.enabled,
            clear_after: config.clear_after,
            busy: None,
            ticket: 0,
            pending: None,
            last: None,
            last_osc52: false,
            relay: config.relay,
            dropped: false,
            owner: 0,
        }
    }
}

/// A copied password waiting to be cleared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCopy {
    /// Where it went.
    pub destination: Destination,
    /// When it is cleared; `None` never (`--clear-after 0`).
    pub clears_at: Option<Instant>,
    /// Whole seconds left at the last tick, for the countdown.
    pub secs_left: Option<u64>,
    /// Clearing was asked for; the outcome is awaited.
    pub clearing: bool,
}

/// The login check on the card.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CheckState {
    /// Not run (or reset).
    #[default]
    Idle,
    /// The access key ID was skipped: asking for it in a field on the card first.
    AskKeyId {
        /// The text typed so far (the SMTP username, not a secret).
        text: String,
        /// Why Enter was refused, until the text changes.
        refusal: Option<String>,
    },
    /// A check runs on a worker thread.
    Running {
        /// Its number ([`App::check_seq`]).
        id: u64,
        /// The step it has reached, as last reported.
        stage: Stage,
        /// Spinner frame.
        frame: usize,
    },
    /// The verdict of the last check.
    Done {
        /// Accepted, refused, not checked or cancelled: the tone it is shown in.
        outcome: crate::check::LoginOutcome,
        /// The verdict's one-line message for people (never holds the password).
        message: String,
    },
}

impl App {
    /// A fresh wizard on step 1, with `initial_region` preselected when it is in the catalogue.
    pub fn new(initial_region: Option<String>) -> Self {
        let mut app = Self {
            step: Step::AccessKeyId,
            reached: Step::AccessKeyId,
            key_id: String::with_capacity(MAX_KEY_ID * 4),
            secret: SecretText::new(),
            deriver: None,
            secret_len: 0,
            reveal_secret: false,
            filter: String::new(),
            filter_quiet: false,
            selected: 0,
            region_moved: false,
            region: None,
            initial_region,
            password: None,
            reveal_password: false,
            help: false,
            help_scroll: 0,
            help_rows: std::cell::Cell::new((10, 0)),
            status: None,
            refusal: None,
            size: (80, 24),
            list_rows: std::cell::Cell::new(10),
            import: None,
            origin: None,
            iam_user: None,
            clipboard: ClipState::new(ClipboardConfig::default()),
            check: CheckState::Idle,
            check_seq: 0,
            rotation_seq: 0,
            creating: None,
            quit_armed: false,
            quit_warned: false,
            start_screen: false,
            rotation: None,
            fresh: None,
        };
        app.select_initial_region();
        app
    }

    /// Wipes every field and returns to step 1: a fresh [`App::new`], so no field can be
    /// forgotten, keeping only what outlives a conversion (the help flag, the terminal size, the
    /// preselected region, the clipboard's state, the check and IAM job numbering, and the IAM
    /// create on its way).
    pub fn reset(&mut self) {
        // The plain-text fields are wiped here; the secret types wipe themselves on drop.
        self.key_id.zeroize();
        self.filter.zeroize();
        // A verdict belongs to the wiped credentials (the caller cancels a running check).
        if let CheckState::AskKeyId { text, .. } = &mut self.check {
            text.zeroize();
        }
        if let Some(st) = &mut self.rotation {
            st.user.zeroize();
        }
        let mut fresh = App::new(self.initial_region.take());
        fresh.help = self.help;
        fresh.size = self.size;
        fresh.list_rows = self.list_rows.clone();
        fresh.help_rows = self.help_rows.clone();
        fresh.check_seq = self.check_seq;
        fresh.rotation_seq = self.rotation_seq;
        fresh.creating = self.creating.take();
        fresh.start_screen = self.start_screen;
        std::mem::swap(&mut fresh.clipboard, &mut self.clipboard);
        *self = fresh;
        // A copy still on its way belongs to the wiped conversion.
        self.clipboard.ticket = self.clipboard.ticket.wrapping_add(1);
    }

    fn select_initial_region(&mut self) {
        let code = self.initial_region.clone();
        self.select_region(code.as_deref());
    }

    /// Step 3 as it opens: an empty filter, and the confirmed region (else the preselected one)
    /// selected, as if the user had moved to it.
    pub fn open_region_step(&mut self) {
        self.filter.zeroize();
        self.filter_quiet = false;
        let code = match &self.region {
            Some(RegionChoice::Known(r)) => Some(r.code.to_string()),
            _ => self.initial_region.clone(),
        };
        self.select_region(code.as_deref());
    }

    fn select_region(&mut self, code: Option<&str>) {
        let items = self.region_items();
        let at = code.and_then(|code| {
            items
                .iter()
                .position(|i| matches!(i, RegionItem::Known(r) if r.code == code))
        });
        self.selected = at.unwrap_or(0);
        self.region_moved = at.is_some();
    }

    /// Whether anything was entered that quitting would lose (so Esc asks first).
    pub fn has_entries(&self) -> bool {
        !self.key_id.trim().is_empty() || !self.secret.is_empty() || self.deriver.is_some()
    }

    /// Whether Esc on step 1 goes back to the start screen (rather than quitting): the wizard
    /// opened on it, and nothing was entered that going back would lose.
    pub fn esc_to_start(&self) -> bool {
        self.start_screen && !self.has_entries()
    }

    /// Live check of step 1 (`Ok(None)` when empty: the step may be skipped): the command
    /// line's rule, so `AKIA123` or a lower-case ID is refused here too. An ID being typed in
    /// lower case is told so from its first letter (the field keeps such letters), so that the
    /// panel says it and the status line need not.
    pub fn key_id_check(&self) -> Result<Option<&str>, KeyIdError> {
        match validate::key_id(&self.key_id) {
            Err(KeyIdError::InvalidChar { .. })
                if crate::tui::fields::lowercase_id_start(&self.key_id) =>
            {
                Err(KeyIdError::Lowercase)
            }
            r => r,
        }
    }

    /// The access key ID as the SMTP username, when one was given.
    pub fn username(&self) -> Option<&str> {
        Some(self.key_id.trim()).filter(|s| !s.is_empty())
    }

    /// Live check of step 2: the command line's rule without its override. An SMTP password or
    /// a length other than 40 is refused: the wizard has no `--allow-nonstandard-secret`, since
    /// every AWS secret access key has 40 characters and the rare non-standard key (an
    /// AWS-compatible service) is for `seskey derive --allow-nonstandard-secret`, which the
    /// refusal names.
    pub fn secret_check(&self) -> Result<Vec<SecretWarning>, SecretError> {
        validate::secret(self.secret.expose(), SecretRules::default())
    }

    /// Characters of the secret as it will be used (surrounding whitespace is ignored, so the
    /// counter agrees with the check).
    pub fn secret_chars(&self) -> usize {
        self.secret.expose().trim().chars().count()
    }

    /// The region list for the current filter: catalogue matches ([`region::matches`]: word
    /// starts, case and accents ignored), then "use custom region …" when the filter is a
    /// well-formed code outside the catalogue.
    pub fn region_items(&self) -> Vec<RegionItem> {
        let needle = self.filter.trim().to_lowercase();
        let mut items: Vec<RegionItem> = region::catalogue()
            .iter()
            .filter(|r| region::matches(r, &needle))
            .map(RegionItem::Known)
            .collect();
        if region::find(&needle).is_none() && region::is_well_formed(&needle) {
            items.push(RegionItem::Custom(needle));
        }
        items
    }

    /// The line Enter takes, which is the line shown selected: the one the user moved to, else
    /// the only line, else the region the filter names exactly (`us-east-1`, `seoul`). `None`
    /// when the filter leaves a choice the user has not made.
    pub fn region_pick(&self) -> Option<usize> {
        let items = self.region_items();
        if self.region_moved {
            return (self.selected < items.len()).then_some(self.selected);
        }
        if items.len() == 1 {
            return Some(0);
        }
        match region::lookup(&self.filter) {
            region::Lookup::Found(found) => items
                .iter()
                .position(|i| matches!(i, RegionItem::Known(r) if r.code == found.code)),
            _ => None,
        }
    }

    /// The line Enter takes, if any ([`App::region_pick`]).
    pub fn selected_item(&self) -> Option<RegionItem> {
        self.region_items().into_iter().nth(self.region_pick()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(app: &App) -> Vec<String> {
        app.region_items()
            .iter()
            .map(|i| match i {
                RegionItem::Known(r) => r.code.to_string(),
                RegionItem::Custom(c) => format!("custom:{c}"),
            })
            .collect()
    }

    #[test]
    fn filter_matches_code_and_name_starts() {
        let mut app = App::new(None);
        assert_eq!(app.region_items().len(), 29);
        app.filter = "FRANK".into();
        assert_eq!(codes(&app), ["eu-central-1"]);
        app.filter = "sao paulo".into();
        assert_eq!(codes(&app), ["sa-east-1"]);
        app.filter = "us-east".into();
        assert_eq!(codes(&app), ["us-east-1", "us-east-2"]);
        app.filter = "europe lon".into();
        assert_eq!(codes(&app), ["eu-west-2"]);
        app.filter = "ap-southeast-7".into();
        assert_eq!(codes(&app), ["custom:ap-southeast-7"]);
        app.filter = "zzz".into();
        assert!(codes(&app).is_empty());
    }

    #[test]
    fn filter_matches_the_localized_name_and_the_english_one() {
        use crate::i18n::{Lang, with_lang};
        with_lang(Lang::Ko, || {
            let mut app = App::new(None);
            for needle in [
                "서울",
                "Seoul",
                "ap-northeast-2",
                "태평양 서울",
                "asia seoul",
            ] {
                app.filter = needle.into();
                assert_eq!(codes(&app), ["ap-northeast-2"], "{needle}");
            }
            app.filter = "프랑크푸르트".into();
            assert_eq!(codes(&app), ["eu-central-1"]);
        });
        let mut app = App::new(None);
        app.filter = "seoul".into();
        assert_eq!(codes(&app), ["ap-northeast-2"]);
    }

    #[test]
    fn initial_region_is_preselected_when_known() {
        let app = App::new(Some("eu-west-1".into()));
        assert!(matches!(app.selected_item(), Some(RegionItem::Known(r)) if r.code == "eu-west-1"));
        let app = App::new(Some("mars-1".into()));
        assert_eq!(app.region_pick(), None);
    }

    #[test]
    fn step_order() {
        assert_eq!(Step::AccessKeyId.next(), Some(Step::Secret));
        assert_eq!(Step::Card.next(), None);
        assert_eq!(Step::AccessKeyId.prev(), None);
        assert_eq!(Step::Card.prev(), Some(Step::Region));
        assert_eq!(Step::Region.number(), 3);
    }
}
