//! Every decision of the wizard: `update(state, event) -> effects`. Pure: no I/O, and no clock
//! but the time carried by [`Event::Tick`].
//!
//! This file routes events and keys and owns the step moves; `typing` (keys and pastes on the fields),
//! `card` (the card's keys) and `clipboard` (copies and their countdown) decide the rest.

mod card;
mod clipboard;
#[cfg(test)]
mod tests;
mod typing;

use card::{ask_key_id, card_key};
use clipboard::{on_clip_outcome, on_copied, on_tick};
use std::time::Duration;
use typing::{edit_key_id, edit_region, edit_secret, on_paste};

use crate::check::LoginOutcome;
use crate::derive::Deriver;
use crate::i18n::t;
use crate::tr;
#[cfg(test)]
use crate::tui::app::RegionItem;
use crate::tui::app::{App, CheckState, Status, Step, Tone};
use crate::tui::event::{Event, Key, PasteError};

/// Tick period while a login check runs (the spinner).
pub const SPINNER_TICK: Duration = Duration::from_millis(100);
/// Tick period while the clipboard counts down.
pub const COUNTDOWN_TICK: Duration = Duration::from_secs(1);

/// Something for the runtime to do. Effects never carry a secret: the runtime reads it from the
/// state when it executes the effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the wizard (the runtime blanks the screen and restores the terminal).
    Quit,
    /// Draw again: the state changed.
    Redraw,
    /// Draw a blank frame first, so nothing that showed a secret remains in the frame buffers.
    ClearScreen,
    /// Copy the SMTP password to the clipboard (a secret copy: cleared after the timeout).
    CopyPassword,
    /// Copy the SMTP username (access key ID) to the clipboard (plain: never cleared).
    CopyUsername,
    /// The copy that just came back is for the card shown: write its OSC 52 sequence, if any,
    /// and keep a password's receipt.
    KeepCopy,
    /// The copy that just came back is stale (made for a conversion since left): write
    /// nothing, keep nothing, and have its keeper clear it (if the clipboard still holds it).
    DropCopy,
    /// Work for the import overlay (read a file, list it, load a key).
    Import(crate::tui::import::Job),
    /// Clear the copied password now: the keeper clears it if the clipboard still holds it; with
    /// OSC 52 the runtime writes the clear sequence. The outcome comes back as
    /// [`Event::ClipboardOutcome`].
    ClearClipboard,
    /// Quitting with a copied password: hand it over (the keeper clears it on time; OSC 52 is
    /// cleared now, as nothing could clear it later) and say so after the terminal is restored.
    HandOverClipboard,
    /// Start login check number `n` with the card's username, password and region; the verdict
    /// comes back as [`Event::CheckDone`].
    StartCheck(u64),
    /// Cancel the running login check.
    CancelCheck,
    /// Work for the rotation paths (IAM calls) with its ticket and inputs, run on a worker; the
    /// outcome comes back, with the request, as [`Event::Rotation`].
    Rotation(Box<crate::tui::rotation::Request>),
    /// Suspend to the shell (Ctrl-Z): restore the terminal, stop, and set it up and redraw in
    /// full when continued.
    Suspend,
}

/// How often the runtime must send [`Event::Tick`]: `None` when nothing animates or counts
/// down (the runtime then sleeps until input).
pub fn tick_interval(app: &App) -> Option<Duration> {
    if matches!(app.check, CheckState::Running { .. }) {
        return Some(SPINNER_TICK);
    }
    app.clipboard
        .pending
        .as_ref()
        .and_then(|p| p.clears_at)
        .map(|_| COUNTDOWN_TICK)
}

/// Applies one event to the state and says what the runtime must do.
pub fn update(app: &mut App, ev: Event) -> Vec<Effect> {
    let mut fx = match ev {
        Event::Key(k) => on_key(app, k),
        Event::Paste(text) => on_paste(app, text.expose()),
        Event::PasteRejected(why) => {
            let text = match why {
                PasteError::TooLong => t("tui.status.paste_too_long"),
                PasteError::NotText => t("tui.status.paste_not_text"),
            };
            status(app, Tone::Error, text);
            Some(vec![])
        }
        Event::Resize(w, h) => {
            app.size = (w, h);
            Some(vec![])
        }
        Event::Tick(now) => on_tick(app, now),
        Event::Clipboard {
            what,
            ticket,
            result,
        } => Some(on_copied(app, what, ticket, result)),
        Event::Import(ev) => crate::tui::import::on_event(app, ev),
        Event::Rotation(ev) => crate::tui::rotation::on_event(app, ev),
        Event::CheckRetry { id, seconds } => match app.check {
            CheckState::Running { id: running, .. } if running == id => {
                status(app, Tone::Info, &tr!("tui.rot.retrying", seconds = seconds));
                Some(vec![])
            }
            _ => None,
        },
        Event::ClipboardOutcome(o) => on_clip_outcome(app, o),
        Event::CheckStage(stage) => match &mut app.check {
            CheckState::Running { stage: s, .. } if *s != stage => {
                *s = stage;
                Some(vec![])
            }
            _ => None,
        },
        Event::CheckDone {
            id,
            outcome,
            message,
        } => match app.check {
            // A verdict for a check that was cancelled or abandoned is dropped.
            CheckState::Running { id: running, .. } if running == id => {
                app.check = CheckState::Done { outcome, message };
                Some(vec![])
            }
            _ => None,
        },
    };
    // Quitting while IAM creates a key loses its secret (IAM shows it once): say so first.
    if let Some(fx) = &mut fx
        && fx.contains(&Effect::Quit)
        && let Some(req) = &app.creating
        && !std::mem::replace(&mut app.quit_warned, true)
    {
        let text = tr!("tui.status.quit_while_creating", user = req.user);
        fx.retain(|f| *f != Effect::Quit);
        status(app, Tone::Error, &text);
    }
    if let Some(fx) = &mut fx
        && let Some(at) = fx.iter().position(|f| *f == Effect::Quit)
    {
        if matches!(app.check, CheckState::Running { .. }) {
            fx.insert(at, Effect::CancelCheck);
        }
        if app.clipboard.pending.is_some() {
            fx.insert(at, Effect::HandOverClipboard);
        }
    }
    match &mut fx {
        Some(fx) => {
            fx.insert(0, Effect::Redraw);
            std::mem::take(fx)
        }
        None => vec![],
    }
}

pub(crate) fn status(app: &mut App, tone: Tone, text: &str) {
    app.status = Some(Status {
        text: text.to_string(),
        tone,
    });
}

/// `None` when the key does nothing here (no redraw needed).
fn on_key(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    if k == Key::Ctrl('c') {
        return Some(vec![Effect::Quit]);
    }
    if k == crate::tui::keymap::SUSPEND {
        return Some(vec![Effect::Suspend]);
    }
    if std::mem::take(&mut app.quit_armed) {
        if k == Key::Esc {
            return Some(vec![Effect::Quit]);
        }
        // Any other key stays (and does what it does); the question goes.
        app.status = None;
        return Some(on_key(app, k).unwrap_or_default());
    }
    if app.import.is_some() {
        return crate::tui::import::on_key(app, k);
    }
    if app.help {
        return match k {
            Key::Esc | Key::Char('?') | Key::F(1) | Key::Enter => {
                app.help = false;
                Some(vec![])
            }
            // `q` closes the help, as in a pager: quitting from here would lose the entries
            // without a word.
            Key::Char('q') => {
                app.help = false;
                Some(vec![])
            }
            Key::Up | Key::Down | Key::PageUp | Key::PageDown => {
                let (page, max) = app.help_rows.get();
                let page = page.saturating_sub(1).max(1);
                app.help_scroll = match k {
                    Key::Up => app.help_scroll.saturating_sub(1),
                    Key::Down => app.help_scroll.saturating_add(1),
                    Key::PageUp => app.help_scroll.saturating_sub(page),
                    _ => app.help_scroll.saturating_add(page),
                }
                .min(max);
                Some(vec![])
            }
            _ => None,
        };
    }
    if app.rotation.is_some() {
        if matches!(k, Key::Char('?') | Key::F(1)) {
            app.help = true;
            app.help_scroll = 0;
            return Some(vec![]);
        }
        return crate::tui::rotation::on_key(app, k);
    }
    if app.step == Step::Card {
        if matches!(app.check, CheckState::AskKeyId { .. }) {
            return ask_key_id(app, k);
        }
        if k == Key::Esc && matches!(app.check, CheckState::Running { .. }) {
            app.check = CheckState::Done {
                outcome: LoginOutcome::Cancelled,
                message: tr!("tui.check.cancelled_message"),
            };
            return Some(vec![Effect::CancelCheck]);
        }
    }
    // The help leaves a question on screen armed (it shows it whole).
    if app.step == Step::Region && !matches!(k, Key::Char('?') | Key::F(1)) {
        // A key made in this session: going back must not lose its derivation.
        if let Some(fx) = crate::tui::rotation::region_key(app, k) {
            return Some(fx);
        }
    }
    match k {
        Key::Char('?') | Key::F(1) => {
            app.help = true;
            app.help_scroll = 0;
            return Some(vec![]);
        }
        Key::Esc => {
            return match app.step.prev() {
                None if app.has_entries() => {
                    app.quit_armed = true;
                    status(app, Tone::Info, t("tui.status.esc_again"));
                    Some(vec![])
                }
                // Back where the user chose "I have a key".
                None if app.esc_to_start() => {
                    app.status = None;
                    app.refusal = None;
                    crate::tui::rotation::open_start(app);
                    Some(vec![])
                }
                None => Some(vec![Effect::Quit]),
                Some(p) => {
                    go_to(app, p);
                    Some(vec![])
                }
            };
        }
        Key::Tab => {
            let next = app.step.next().filter(|&n| n <= app.reached)?;
            go_to(app, next);
            return Some(vec![]);
        }
        Key::BackTab => {
            go_to(app, app.step.prev()?);
            return Some(vec![]);
        }
        Key::Enter => return Some(confirm(app)),
        Key::Ctrl('o') => return crate::tui::import::open(app),
        _ => {}
    }
    match app.step {
        Step::AccessKeyId => edit_key_id(app, k),
        Step::Secret => edit_secret(app, k),
        Step::Region => edit_region(app, k),
        Step::Card if k == Key::Char('f') => crate::tui::rotation::open_finish(app),
        Step::Card => card_key(app, k),
    }
}

pub(crate) fn go_to(app: &mut App, step: Step) {
    if app.step == Step::Secret && step != Step::Secret && !app.secret.is_empty() {
        // Leaving step 2 never keeps the secret: an unconfirmed one is dropped.
        app.secret.clear();
        edited(app, Step::Secret);
    }
    if step == Step::Region && app.step != Step::Region {
        app.open_region_step();
    }
    app.step = step;
    app.refusal = None;
    app.status = None;
    // The secret goes back behind dots whenever the user leaves its step.
    app.reveal_secret = false;
    if step != Step::Card {
        app.reveal_password = false;
    }
}

/// An edit on `step` invalidates every later step: they must be confirmed again.
pub(crate) fn edited(app: &mut App, step: Step) {
    app.refusal = None;
    app.status = None;
    if step <= Step::Secret {
        app.origin = None;
        app.iam_user = None;
    }
    if app.reached > step {
        app.reached = step;
    }
    if step == Step::Secret {
        app.deriver = None;
        app.secret_len = 0;
    }
    if step <= Step::Region {
        app.password = None;
        app.clipboard.ticket = app.clipboard.ticket.wrapping_add(1);
        app.region = None;
        app.reveal_password = false;
        // A verdict (or a check still running) was about the old credentials.
        app.check = CheckState::Idle;
    }
}

pub(crate) fn confirm(app: &mut App) -> Vec<Effect> {
    match app.step {
        Step::AccessKeyId => match app.key_id_check() {
            Err(e) => app.refusal = Some(e.to_string()),
            Ok(_) => advance(app),
        },
        Step::Secret if app.secret.is_empty() && app.deriver.is_some() => advance(app),
        Step::Secret => match app.secret_check() {
            Err(e) => app.refusal = Some(e.to_string()),
            Ok(_) => {
                // Derivation uses the key without surrounding whitespace.
                app.secret.trim_in_place();
                // Keep only the derived first step; the secret itself is wiped right here.
                app.deriver = Some(Deriver::new(app.secret.expose()));
                app.secret_len = app.secret.char_count();
                app.secret.clear();
                app.reveal_secret = false;
                advance(app);
            }
        },
        Step::Region => match app.selected_item() {
            None => {
                app.refusal = Some(match app.region_items().len() {
                    0 => tr!("tui.status.no_region"),
                    n => tr!("tui.status.pick_one", n = n),
                })
            }
            Some(item) => {
                let choice = item.choice();
                // Tab cannot skip step 2, but stay safe.
                let Some(deriver) = &app.deriver else {
                    app.refusal = Some(tr!("tui.status.secret_not_confirmed"));
                    return vec![];
                };
                app.password = Some(deriver.password(choice.code()));
                app.clipboard.ticket = app.clipboard.ticket.wrapping_add(1);
                app.region = Some(choice);
                advance(app);
            }
        },
        Step::Card => status(app, Tone::Info, t("tui.status.all_done")),
    }
    vec![]
}

fn advance(app: &mut App) {
    if let Some(next) = app.step.next() {
        if app.reached < next {
            app.reached = next;
        }
        go_to(app, next);
    }
}

/// Whether the selected region line is "use custom region …".
#[cfg(test)]
pub fn custom_selected(app: &App) -> bool {
    matches!(app.selected_item(), Some(RegionItem::Custom(_)))
}
