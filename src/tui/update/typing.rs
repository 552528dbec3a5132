//! Keys and pastes on the steps' fields: the rules are [`crate::tui::fields`]'s; this says what
//! their outcome means on each step (status line, which step was edited).

use crate::i18n::t;
use crate::tr;
use crate::tui::app::{App, CheckState, Step, Tone};
use crate::tui::event::Key;
use crate::tui::fields::{self, Edit, Refusal};

use super::*;

pub(super) fn edit_key_id(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    if k == Key::Char('q') {
        // Nothing here quits on `q` (it could be a letter); say what does.
        let text = if app.esc_to_start() {
            t("tui.status.how_to_quit_start")
        } else {
            t("tui.status.how_to_quit")
        };
        status(app, Tone::Info, text);
        return Some(vec![]);
    }
    match fields::key_id_key(&mut app.key_id, k)? {
        Edit::Changed => edited(app, Step::AccessKeyId),
        // A lower-case letter is kept, and the panel's live check says to use capitals: the
        // status line would only repeat it.
        Edit::Refused(Refusal::Lowercase) => edited(app, Step::AccessKeyId),
        Edit::Refused(why) => {
            // Key material wipes the field: that is an edit too.
            if why == Refusal::KeyMaterial {
                edited(app, Step::AccessKeyId);
            }
            let text = match why {
                Refusal::KeyMaterial => t("tui.status.key_id_chars"),
                Refusal::NotIdForm => t("tui.status.key_id_form"),
                Refusal::Lowercase => t("validate.key_id_lowercase"),
                Refusal::TooLong | Refusal::NotRegion => t("tui.status.key_id_too_long"),
            };
            status(app, Tone::Error, text);
        }
    }
    Some(vec![])
}

pub(super) fn edit_secret(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    if k == Key::Ctrl('r') {
        app.reveal_secret = !app.reveal_secret;
        return Some(vec![]);
    }
    match fields::secret_key(&mut app.secret, k, app.deriver.is_some())? {
        Edit::Changed => edited(app, Step::Secret),
        Edit::Refused(_) => status(app, Tone::Error, t("tui.status.secret_full")),
    }
    Some(vec![])
}

pub(super) fn edit_region(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    let len = app.region_items().len();
    let rows = app.list_rows.get();
    if let Some(sel) = fields::list_move(app.region_pick(), len, k, rows) {
        app.selected = sel;
        app.region_moved = true;
        edited(app, Step::Region);
        return Some(vec![]);
    }
    if matches!(
        k,
        Key::Up | Key::Down | Key::PageUp | Key::PageDown | Key::Home | Key::End
    ) {
        return None;
    }
    let edit = fields::filter_key(&mut app.filter, &mut app.filter_quiet, k)?;
    app.selected = 0;
    app.region_moved = false;
    edited(app, Step::Region);
    if edit == Edit::Refused(Refusal::KeyMaterial) {
        status(app, Tone::Error, t("tui.status.filter_not_key"));
    }
    Some(vec![])
}

pub(super) fn on_paste(app: &mut App, text: &str) -> Option<Vec<Effect>> {
    if app.import.is_some() {
        return crate::tui::import::on_paste(app, text);
    }
    if app.help {
        return None;
    }
    match app.step {
        Step::Secret => {
            if fields::secret_paste(&mut app.secret, text).is_err() {
                status(app, Tone::Error, t("tui.status.paste_too_big"));
                return Some(vec![]);
            }
            edited(app, Step::Secret);
        }
        Step::AccessKeyId => match fields::key_id_paste(&mut app.key_id, text) {
            Ok(()) => edited(app, Step::AccessKeyId),
            // Keep a secret pasted into the wrong field out of the plain-text ID field.
            Err(Refusal::KeyMaterial) => {
                status(app, Tone::Error, t("tui.status.secret_not_pasted"))
            }
            Err(_) => status(app, Tone::Error, t("tui.status.key_id_too_long")),
        },
        Step::Region => match fields::filter_paste(&mut app.filter, text) {
            Ok(()) => {
                app.selected = 0;
                app.region_moved = false;
                app.filter_quiet = false;
                edited(app, Step::Region);
            }
            // A paste is one event: nothing of it follows to ignore, unlike typed keys.
            Err(Refusal::KeyMaterial) => {
                status(app, Tone::Error, t("tui.status.filter_paste_not_key"))
            }
            Err(_) => status(app, Tone::Error, t("tui.status.not_region")),
        },
        Step::Card => {
            let CheckState::AskKeyId {
                text: field,
                refusal,
            } = &mut app.check
            else {
                return None;
            };
            *refusal = match fields::key_id_paste(field, text) {
                Ok(()) => None,
                Err(Refusal::KeyMaterial) => Some(tr!("tui.status.secret_not_pasted_card")),
                Err(_) => Some(tr!("tui.status.key_id_too_long")),
            };
        }
    }
    Some(vec![])
}
