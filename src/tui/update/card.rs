//! The card's keys: reveal, copy, the login test (and its field for a skipped key ID), a new
//! conversion.

use zeroize::Zeroize;

use crate::check::Stage;
use crate::i18n::t;
use crate::tr;
use crate::tui::app::{App, CheckState, Tone};
use crate::tui::event::{CopyWhat, Key};
use crate::tui::fields::{self, Edit, MAX_KEY_ID, Refusal};

use super::*;

pub(super) fn card_key(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    match k {
        Key::Char('q') => Some(vec![Effect::Quit]),
        Key::Char('r') | Key::Ctrl('r') => {
            app.reveal_password = !app.reveal_password;
            Some(vec![])
        }
        Key::Char('c') => {
            app.password.as_ref()?;
            Some(copy(app, CopyWhat::Password))
        }
        Key::Char('u') => {
            if app.username().is_none() {
                status(app, Tone::Error, t("tui.status.no_username"));
                return Some(vec![]);
            }
            Some(copy(app, CopyWhat::Username))
        }
        Key::Char('t') => {
            app.password.as_ref()?;
            if matches!(app.check, CheckState::Running { .. }) {
                return None;
            }
            if app.username().is_none() {
                app.check = CheckState::AskKeyId {
                    text: String::with_capacity(MAX_KEY_ID * 4),
                    refusal: None,
                };
                return Some(vec![]);
            }
            Some(start_check(app))
        }
        Key::Char('n') => {
            let mut fx = vec![Effect::ClearScreen];
            if matches!(app.check, CheckState::Running { .. }) {
                fx.push(Effect::CancelCheck);
            }
            app.reset();
            app.clipboard.dropped = false;
            // Like a password manager on lock: the old conversion's password leaves the
            // clipboard now (unless --clear-after 0 asked to keep it).
            if let Some(p) = &mut app.clipboard.pending
                && p.clears_at.is_some()
                && !p.clearing
            {
                p.clearing = true;
                fx.push(Effect::ClearClipboard);
                // Through tmux the "clear" is a space copied over it; tmux keeps its buffer.
                let text = if p.destination == crate::clipboard::Destination::Osc52
                    && app.clipboard.relay.through_tmux()
                {
                    t("tui.status.new_overwriting")
                } else {
                    t("tui.status.new_clearing")
                };
                status(app, Tone::Info, text);
            }
            Some(fx)
        }
        _ => None,
    }
}

/// `c` or `u`: copies unless the clipboard is off or a copy is under way.
pub(super) fn copy(app: &mut App, what: CopyWhat) -> Vec<Effect> {
    if !app.clipboard.enabled {
        let text = match what {
            CopyWhat::Password => t("tui.status.password_copying_off"),
            CopyWhat::Username => t("tui.status.username_copying_off"),
        };
        status(app, Tone::Error, text);
        return vec![];
    }
    if app.clipboard.busy.is_some() {
        status(app, Tone::Info, t("tui.status.still_copying"));
        return vec![];
    }
    app.clipboard.busy = Some(what);
    let text = match what {
        CopyWhat::Password => t("tui.status.copying_password"),
        CopyWhat::Username => t("tui.status.copying_username"),
    };
    status(app, Tone::Info, text);
    vec![match what {
        CopyWhat::Password => Effect::CopyPassword,
        CopyWhat::Username => Effect::CopyUsername,
    }]
}

pub(super) fn start_check(app: &mut App) -> Vec<Effect> {
    app.check_seq += 1;
    app.check = CheckState::Running {
        id: app.check_seq,
        stage: Stage::Resolve,
        frame: 0,
    };
    vec![Effect::StartCheck(app.check_seq)]
}

/// The card's field for the access key ID, asked for by `t` when step 1 was skipped. Every key
/// but Ctrl-C goes to it; Enter checks it as step 1 does and starts the check.
pub(super) fn ask_key_id(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    let CheckState::AskKeyId { text, refusal } = &mut app.check else {
        return None;
    };
    match k {
        Key::Esc => {
            text.zeroize();
            app.check = CheckState::Idle;
        }
        // Not a key ID character: the help, which holds a refusal the card may cut.
        Key::Char('?') | Key::F(1) => {
            app.help = true;
            app.help_scroll = 0;
        }
        Key::Enter => match crate::validate::key_id(text) {
            Ok(None) => *refusal = Some(tr!("tui.status.type_key_id")),
            Err(e) => *refusal = Some(e.to_string()),
            Ok(Some(_)) => {
                app.key_id.zeroize();
                app.key_id.push_str(text.trim());
                text.zeroize();
                return Some(start_check(app));
            }
        },
        k => match fields::key_id_key(text, k)? {
            Edit::Changed => *refusal = None,
            Edit::Refused(Refusal::KeyMaterial) => {
                *refusal = Some(tr!("tui.status.key_id_chars"));
            }
            Edit::Refused(Refusal::NotIdForm) => *refusal = Some(tr!("tui.status.key_id_form")),
            Edit::Refused(Refusal::Lowercase) => {
                *refusal = Some(tr!("validate.key_id_lowercase"));
            }
            Edit::Refused(_) => *refusal = Some(tr!("tui.status.key_id_too_long")),
        },
    }
    Some(vec![])
}
