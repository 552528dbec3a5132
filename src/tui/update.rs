//! Every decision of the wizard: `update(state, event) -> effects`. Pure: no I/O, no clock.

use crate::derive::Deriver;
use crate::tui::app::{App, MAX_FILTER, MAX_KEY_ID, RegionItem, Status, Step, Tone};
use crate::tui::event::{CopyWhat, Event, Key, PasteError};
use crate::validate::KeyIdError;

/// Something for the runtime to do. Effects never carry a secret: the runtime reads it from the
/// state when it executes the effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Effect {
    /// Leave the wizard (the runtime blanks the screen and restores the terminal).
    Quit,
    /// Draw again: the state changed.
    Redraw,
    /// Draw a blank frame first, so nothing that showed a secret remains in the frame buffers.
    ClearScreen,
    /// Copy the SMTP password to the clipboard.
    CopyPassword,
    /// Copy the SMTP username (access key ID) to the clipboard.
    CopyUsername,
    /// Work for the import overlay (read a file, list it, load a key).
    Import(crate::tui::import::Job),
}

/// Applies one event to the state and says what the runtime must do.
pub fn update(app: &mut App, ev: Event) -> Vec<Effect> {
    let mut fx = match ev {
        Event::Key(k) => on_key(app, k),
        Event::Paste(text) => on_paste(app, text.expose()),
        Event::PasteRejected(why) => {
            let text = match why {
                PasteError::TooLong => "the pasted text is far too long and was ignored",
                PasteError::NotText => "the pasted data is not text and was ignored",
            };
            status(app, Tone::Error, text);
            Some(vec![])
        }
        Event::Resize(w, h) => {
            app.size = (w, h);
            Some(vec![])
        }
        Event::Tick => None,
        Event::Clipboard { what, result } => {
            let name = match what {
                CopyWhat::Password => "password",
                CopyWhat::Username => "username",
            };
            match result {
                Ok(()) => status(
                    app,
                    Tone::Success,
                    &format!("{name} copied to the clipboard"),
                ),
                Err(msg) => status(app, Tone::Error, &msg),
            }
            Some(vec![])
        }
        Event::Import(ev) => crate::tui::import::on_event(app, ev),
    };
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
    if app.import.is_some() {
        return crate::tui::import::on_key(app, k);
    }
    if app.help {
        return match k {
            Key::Esc | Key::Char('?') | Key::F(1) | Key::Enter => {
                app.help = false;
                Some(vec![])
            }
            Key::Char('q') => Some(vec![Effect::Quit]),
            _ => None,
        };
    }
    match k {
        Key::Char('?') | Key::F(1) => {
            app.help = true;
            return Some(vec![]);
        }
        Key::Esc => {
            return match app.step.prev() {
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
        Step::Card => card_key(app, k),
    }
}

fn go_to(app: &mut App, step: Step) {
    if app.step == Step::Secret && step != Step::Secret && !app.secret.is_empty() {
        // Leaving step 2 never keeps the secret: an unconfirmed one is dropped.
        app.secret.clear();
        edited(app, Step::Secret);
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
        app.region = None;
        app.reveal_password = false;
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
                app.refusal = Some(
                    "no region matches the filter: change it (Backspace, Ctrl-U clears it)".into(),
                )
            }
            Some(item) => {
                let choice = item.choice();
                // Tab cannot skip step 2, but stay safe.
                let Some(deriver) = &app.deriver else {
                    app.refusal =
                        Some("the secret access key (step 2) is not confirmed yet".into());
                    return vec![];
                };
                app.password = Some(deriver.password(choice.code()));
                app.region = Some(choice);
                advance(app);
            }
        },
        Step::Card => status(
            app,
            Tone::Info,
            "all done: c copies the password, u the username, q quits",
        ),
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

fn edit_key_id(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    match k {
        Key::Char(c) if app.key_id.chars().count() < MAX_KEY_ID => app.key_id.push(c),
        Key::Char(_) => {
            status(
                app,
                Tone::Error,
                "an access key ID is at most 128 characters",
            );
            return Some(vec![]);
        }
        Key::Backspace => {
            app.key_id.pop()?;
        }
        Key::Ctrl('u') => app.key_id.clear(),
        _ => return None,
    }
    edited(app, Step::AccessKeyId);
    Some(vec![])
}

fn edit_secret(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    match k {
        Key::Char(c) => {
            if app.secret.push(c).is_err() {
                status(app, Tone::Error, "the secret access key field is full");
                return Some(vec![]);
            }
        }
        Key::Backspace => {
            if !app.secret.pop() && app.deriver.is_none() {
                return None;
            }
        }
        Key::Ctrl('u') => {
            if app.secret.is_empty() && app.deriver.is_none() {
                return None;
            }
            app.secret.clear();
        }
        Key::Ctrl('r') => {
            app.reveal_secret = !app.reveal_secret;
            return Some(vec![]);
        }
        _ => return None,
    }
    edited(app, Step::Secret);
    Some(vec![])
}

fn edit_region(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    let len = app.region_items().len();
    let page = usize::from(app.size.1.saturating_sub(14)).max(1);
    let last = len.saturating_sub(1);
    let moved = match k {
        Key::Up => Some(app.selected.saturating_sub(1)),
        Key::Down => Some((app.selected + 1).min(last)),
        Key::PageUp => Some(app.selected.saturating_sub(page)),
        Key::PageDown => Some((app.selected + page).min(last)),
        Key::Home => Some(0),
        Key::End => Some(last),
        _ => None,
    };
    if let Some(sel) = moved {
        if sel == app.selected {
            return None;
        }
        app.selected = sel;
        edited(app, Step::Region);
        return Some(vec![]);
    }
    match k {
        Key::Char(c) if app.filter.chars().count() < MAX_FILTER => app.filter.push(c),
        Key::Char(_) => return None,
        Key::Backspace => {
            app.filter.pop()?;
        }
        Key::Ctrl('u') => app.filter.clear(),
        _ => return None,
    }
    app.selected = 0;
    edited(app, Step::Region);
    Some(vec![])
}

fn card_key(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    match k {
        Key::Char('q') => Some(vec![Effect::Quit]),
        Key::Char('r') | Key::Ctrl('r') => {
            app.reveal_password = !app.reveal_password;
            Some(vec![])
        }
        Key::Char('c') => {
            app.password.as_ref()?;
            status(app, Tone::Info, "copying the password…");
            Some(vec![Effect::CopyPassword])
        }
        Key::Char('u') => {
            if app.username().is_none() {
                status(
                    app,
                    Tone::Error,
                    "no username to copy: the access key ID was skipped (step 1)",
                );
                return Some(vec![]);
            }
            status(app, Tone::Info, "copying the username…");
            Some(vec![Effect::CopyUsername])
        }
        Key::Char('n') => {
            app.reset();
            Some(vec![Effect::ClearScreen])
        }
        _ => None,
    }
}

fn on_paste(app: &mut App, text: &str) -> Option<Vec<Effect>> {
    if app.import.is_some() {
        return crate::tui::import::on_paste(app, text);
    }
    if app.help {
        return None;
    }
    match app.step {
        Step::Secret => {
            if app.secret.push_str(text).is_err() {
                status(app, Tone::Error, "the pasted text does not fit the field");
                return Some(vec![]);
            }
            edited(app, Step::Secret);
        }
        Step::AccessKeyId => {
            let t = text.trim();
            // Keep a secret pasted into the wrong field out of the plain-text ID field.
            if crate::validate::check_access_key_id(t) == Err(KeyIdError::LooksLikeSecret) {
                status(
                    app,
                    Tone::Error,
                    "that looks like the secret access key: it was not pasted here; \
                     paste it in step 2 (Enter moves on)",
                );
                return Some(vec![]);
            }
            if app.key_id.chars().count() + t.chars().count() > MAX_KEY_ID {
                status(
                    app,
                    Tone::Error,
                    "an access key ID is at most 128 characters",
                );
                return Some(vec![]);
            }
            app.key_id.push_str(t);
            edited(app, Step::AccessKeyId);
        }
        Step::Region => {
            let t = text.trim();
            if app.filter.chars().count() + t.chars().count() > MAX_FILTER
                || t.chars().any(char::is_control)
            {
                status(app, Tone::Error, "that is not a region name or code");
                return Some(vec![]);
            }
            app.filter.push_str(t);
            app.selected = 0;
            edited(app, Step::Region);
        }
        Step::Card => return None,
    }
    Some(vec![])
}

/// Whether the selected region line is "use custom region …" (for the view's warning).
pub fn custom_selected(app: &App) -> bool {
    matches!(app.selected_item(), Some(RegionItem::Custom(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SecretText;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

    fn keys(app: &mut App, ks: &[Key]) -> Vec<Effect> {
        ks.iter()
            .flat_map(|&k| update(app, Event::Key(k)))
            .collect()
    }

    fn typed(app: &mut App, s: &str) {
        for c in s.chars() {
            update(app, Event::Key(Key::Char(c)));
        }
    }

    fn paste(app: &mut App, s: &str) -> Vec<Effect> {
        update(app, Event::Paste(SecretText::from_str_checked(s).unwrap()))
    }

    /// A wizard on the card for `region`, with the key ID typed and the secret pasted.
    fn on_card(filter: &str) -> App {
        let mut app = App::new(None);
        typed(&mut app, KEY_ID);
        keys(&mut app, &[Key::Enter]);
        paste(&mut app, SECRET);
        keys(&mut app, &[Key::Enter]);
        typed(&mut app, filter);
        keys(&mut app, &[Key::Enter]);
        app
    }

    #[test]
    fn happy_path_reaches_the_card_with_the_right_password() {
        let app = on_card("eu-west-1");
        assert_eq!(app.step, Step::Card);
        assert_eq!(app.reached, Step::Card);
        assert_eq!(app.region.as_ref().unwrap().code(), "eu-west-1");
        assert_eq!(
            app.password.as_ref().unwrap().expose(),
            crate::derive::smtp_password(SECRET, "eu-west-1").expose()
        );
        assert_eq!(app.username(), Some(KEY_ID));
        assert!(!app.reveal_password);
    }

    #[test]
    fn typed_secret_with_backspace_and_ctrl_u() {
        let mut app = App::new(None);
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.step, Step::Secret);
        typed(&mut app, "abc");
        keys(&mut app, &[Key::Backspace]);
        assert_eq!(app.secret.expose(), "ab");
        keys(&mut app, &[Key::Ctrl('u')]);
        assert!(app.secret.is_empty());
        // Backspace on empty does nothing and asks for no redraw.
        assert!(keys(&mut app, &[Key::Backspace]).is_empty());
        typed(&mut app, SECRET);
        assert!(app.secret_check().unwrap().is_empty());
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.step, Step::Region);
    }

    #[test]
    fn reveal_toggle_on_the_secret_step_resets_when_leaving() {
        let mut app = App::new(None);
        keys(&mut app, &[Key::Enter, Key::Ctrl('r')]);
        assert!(app.reveal_secret);
        keys(&mut app, &[Key::Ctrl('r')]);
        assert!(!app.reveal_secret);
        keys(&mut app, &[Key::Ctrl('r'), Key::Esc]);
        assert!(!app.reveal_secret);
        assert_eq!(app.step, Step::AccessKeyId);
    }

    #[test]
    fn bad_input_stays_with_the_reason() {
        let mut app = App::new(None);
        typed(&mut app, "ASIAIOSFODNN7EXAMPLE");
        assert!(app.key_id_check().is_err());
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.step, Step::AccessKeyId);
        assert!(app.refusal.as_ref().unwrap().contains("temporary"));
        // Editing clears the refusal.
        keys(&mut app, &[Key::Ctrl('u')]);
        assert!(app.refusal.is_none());
        keys(&mut app, &[Key::Enter]);
        // Empty secret: refused.
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.step, Step::Secret);
        assert!(app.refusal.as_ref().unwrap().contains("empty"));
        paste(&mut app, "AKIAIOSFODNN7EXAMPLE");
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.step, Step::Secret);
        assert!(app.refusal.as_ref().unwrap().contains("access key ID"));
        keys(&mut app, &[Key::Ctrl('u')]);
        paste(&mut app, "abc def");
        keys(&mut app, &[Key::Enter]);
        assert!(app.refusal.as_ref().unwrap().contains("character 4"));
        // The reason never repeats the secret.
        assert!(!app.refusal.as_ref().unwrap().contains("abc"));
        // A warning (wrong length) does not stop Enter.
        keys(&mut app, &[Key::Ctrl('u')]);
        paste(&mut app, &SECRET[..39]);
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.step, Step::Region);
        // A filter matching nothing: Enter refuses.
        typed(&mut app, "zzz");
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.step, Step::Region);
        assert!(app.refusal.as_ref().unwrap().contains("no region"));
    }

    #[test]
    fn pasted_secret_is_trimmed_on_confirm() {
        let mut app = App::new(None);
        keys(&mut app, &[Key::Enter]);
        paste(&mut app, &format!("  {SECRET}\n"));
        keys(&mut app, &[Key::Enter]);
        // The field is wiped on leaving the step; what remains derives the right password.
        assert!(app.secret.is_empty());
        assert_eq!(app.secret_len, 40);
        typed(&mut app, "ohio");
        keys(&mut app, &[Key::Enter]);
        assert_eq!(
            app.password.as_ref().unwrap().expose(),
            crate::derive::smtp_password(SECRET, "us-east-2").expose()
        );
    }

    #[test]
    fn the_secret_never_outlives_step_two() {
        // Confirmed: wiped, and Enter on the empty field keeps the confirmed one.
        let mut app = App::new(None);
        keys(&mut app, &[Key::Enter]);
        paste(&mut app, SECRET);
        keys(&mut app, &[Key::Enter]);
        assert!(app.secret.is_empty());
        keys(&mut app, &[Key::Esc]);
        assert_eq!(app.step, Step::Secret);
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.step, Step::Region);
        assert!(app.deriver.is_some());
        // Unconfirmed and left with Esc: wiped, and nothing after step 2 stays reachable.
        keys(&mut app, &[Key::Esc]);
        typed(&mut app, "abc");
        assert!(app.deriver.is_none());
        keys(&mut app, &[Key::Esc]);
        assert!(app.secret.is_empty());
        assert_eq!(app.reached, Step::Secret);
        // Backspace on the empty field forgets a confirmed secret.
        keys(&mut app, &[Key::Enter]);
        paste(&mut app, SECRET);
        keys(&mut app, &[Key::Enter, Key::Esc, Key::Backspace]);
        assert!(app.deriver.is_none());
        keys(&mut app, &[Key::Enter]);
        assert!(app.refusal.as_ref().unwrap().contains("empty"));
    }

    #[test]
    fn a_secret_pasted_into_the_id_field_is_refused() {
        let mut app = App::new(None);
        paste(&mut app, SECRET);
        assert!(app.key_id.is_empty());
        assert_eq!(app.status.as_ref().unwrap().tone, Tone::Error);
        paste(&mut app, KEY_ID);
        assert_eq!(app.key_id, KEY_ID);
    }

    #[test]
    fn escape_goes_back_and_quits_on_step_one() {
        let mut app = on_card("eu-west-1");
        keys(&mut app, &[Key::Esc]);
        assert_eq!(app.step, Step::Region);
        keys(&mut app, &[Key::Esc]);
        assert_eq!(app.step, Step::Secret);
        keys(&mut app, &[Key::Esc]);
        assert_eq!(app.step, Step::AccessKeyId);
        // Going back keeps what was confirmed.
        assert!(app.password.is_some());
        assert_eq!(keys(&mut app, &[Key::Esc]), [Effect::Redraw, Effect::Quit]);
    }

    #[test]
    fn tab_moves_only_between_reached_steps() {
        let mut app = App::new(None);
        assert!(keys(&mut app, &[Key::Tab]).is_empty());
        assert_eq!(app.step, Step::AccessKeyId);
        assert!(keys(&mut app, &[Key::BackTab]).is_empty());
        let mut app = on_card("eu-west-1");
        keys(&mut app, &[Key::BackTab, Key::BackTab, Key::BackTab]);
        assert_eq!(app.step, Step::AccessKeyId);
        keys(&mut app, &[Key::Tab, Key::Tab, Key::Tab]);
        assert_eq!(app.step, Step::Card);
        assert!(keys(&mut app, &[Key::Tab]).is_empty());
    }

    #[test]
    fn editing_an_earlier_step_drops_later_results() {
        let mut app = on_card("eu-west-1");
        keys(&mut app, &[Key::BackTab, Key::BackTab]);
        assert_eq!(app.step, Step::Secret);
        keys(&mut app, &[Key::Backspace]);
        assert!(app.password.is_none());
        assert_eq!(app.reached, Step::Secret);
        assert!(keys(&mut app, &[Key::Tab]).is_empty());
        // Editing the ID keeps nothing past step 1 reachable, but the password only depends on
        // the secret and region, which must be confirmed again anyway.
        let mut app = on_card("eu-west-1");
        keys(&mut app, &[Key::BackTab, Key::BackTab, Key::BackTab]);
        typed(&mut app, "X");
        assert_eq!(app.reached, Step::AccessKeyId);
    }

    #[test]
    fn region_list_navigation() {
        let mut app = App::new(None);
        keys(&mut app, &[Key::Enter]);
        paste(&mut app, SECRET);
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.selected, 0);
        assert!(keys(&mut app, &[Key::Up]).is_empty());
        keys(&mut app, &[Key::Down, Key::Down]);
        assert_eq!(app.selected, 2);
        keys(&mut app, &[Key::End]);
        assert_eq!(app.selected, 19);
        assert!(keys(&mut app, &[Key::Down]).is_empty());
        keys(&mut app, &[Key::Home]);
        assert_eq!(app.selected, 0);
        keys(&mut app, &[Key::PageDown]);
        assert_eq!(app.selected, 10); // 24 rows: a page of 10
        keys(&mut app, &[Key::PageUp]);
        assert_eq!(app.selected, 0);
        // Typing filters (and q is a letter here, not quit) and resets the selection.
        keys(&mut app, &[Key::End]);
        typed(&mut app, "q");
        assert_eq!(app.selected, 0);
        assert!(app.region_items().is_empty());
        keys(&mut app, &[Key::Backspace]);
        typed(&mut app, "TOKYO");
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.region.as_ref().unwrap().code(), "ap-northeast-1");
        // Pasting into the filter works too.
        let mut app = App::new(None);
        keys(&mut app, &[Key::Enter]);
        paste(&mut app, SECRET);
        keys(&mut app, &[Key::Enter]);
        paste(&mut app, "ohio\n");
        assert_eq!(app.filter, "ohio");
        keys(&mut app, &[Key::Ctrl('u')]);
        assert!(app.filter.is_empty());
    }

    #[test]
    fn custom_region_is_offered_with_its_warning() {
        let app = on_card("me-central-1");
        assert_eq!(app.step, Step::Card);
        assert!(app.region.as_ref().unwrap().warning().is_some());
        let mut app = App::new(None);
        app.step = Step::Region;
        app.filter = "me-central-1".into();
        assert!(custom_selected(&app));
    }

    #[test]
    fn card_keys() {
        let mut app = on_card("eu-west-1");
        assert_eq!(keys(&mut app, &[Key::Char('r')]), [Effect::Redraw]);
        assert!(app.reveal_password);
        keys(&mut app, &[Key::Char('r')]);
        assert!(!app.reveal_password);
        assert_eq!(
            keys(&mut app, &[Key::Char('c')]),
            [Effect::Redraw, Effect::CopyPassword]
        );
        assert_eq!(
            keys(&mut app, &[Key::Char('u')]),
            [Effect::Redraw, Effect::CopyUsername]
        );
        update(
            &mut app,
            Event::Clipboard {
                what: CopyWhat::Password,
                result: Ok(()),
            },
        );
        assert_eq!(
            app.status.as_ref().unwrap().text,
            "password copied to the clipboard"
        );
        update(
            &mut app,
            Event::Clipboard {
                what: CopyWhat::Password,
                result: Err("no clipboard available (no display)".into()),
            },
        );
        assert_eq!(app.status.as_ref().unwrap().tone, Tone::Error);
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.step, Step::Card);
        assert!(keys(&mut app, &[Key::Char('x')]).is_empty());
        assert_eq!(
            keys(&mut app, &[Key::Char('q')]),
            [Effect::Redraw, Effect::Quit]
        );
    }

    #[test]
    fn username_copy_without_an_id_explains() {
        let mut app = App::new(None);
        keys(&mut app, &[Key::Enter]);
        paste(&mut app, SECRET);
        keys(&mut app, &[Key::Enter, Key::Enter]);
        assert_eq!(app.step, Step::Card);
        assert_eq!(keys(&mut app, &[Key::Char('u')]), [Effect::Redraw]);
        assert!(app.status.as_ref().unwrap().text.contains("skipped"));
    }

    #[test]
    fn new_conversion_wipes_everything() {
        let mut app = on_card("eu-west-1");
        app.reveal_password = true;
        assert_eq!(
            keys(&mut app, &[Key::Char('n')]),
            [Effect::Redraw, Effect::ClearScreen]
        );
        assert_eq!(app.step, Step::AccessKeyId);
        assert_eq!(app.reached, Step::AccessKeyId);
        assert!(app.key_id.is_empty() && app.secret.is_empty() && app.filter.is_empty());
        assert!(app.password.is_none() && app.region.is_none());
        assert!(!app.reveal_password);
    }

    #[test]
    fn ctrl_c_quits_everywhere_and_q_only_outside_text() {
        for step in Step::ALL {
            let mut app = on_card("eu-west-1");
            app.step = step;
            assert_eq!(
                keys(&mut app, &[Key::Ctrl('c')]),
                [Effect::Redraw, Effect::Quit]
            );
            let mut app = on_card("eu-west-1");
            app.step = step;
            let quits = keys(&mut app, &[Key::Char('q')]).contains(&Effect::Quit);
            assert_eq!(quits, !step.is_text_input(), "{step:?}");
        }
        // q types a letter in the ID field.
        let mut app = App::new(None);
        typed(&mut app, "q");
        assert_eq!(app.key_id, "q");
    }

    #[test]
    fn help_overlay_opens_and_closes() {
        let mut app = App::new(None);
        for open in [Key::Char('?'), Key::F(1)] {
            keys(&mut app, &[open]);
            assert!(app.help);
            // Typing does not reach the field under the overlay.
            assert!(keys(&mut app, &[Key::Char('a')]).is_empty());
            paste(&mut app, "AKIA");
            assert!(app.key_id.is_empty());
            keys(&mut app, &[Key::Esc]);
            assert!(!app.help);
            assert_eq!(app.step, Step::AccessKeyId);
        }
        keys(&mut app, &[Key::F(1)]);
        assert_eq!(
            keys(&mut app, &[Key::Char('q')]),
            [Effect::Redraw, Effect::Quit]
        );
    }

    #[test]
    fn rejected_pastes_and_resize() {
        let mut app = App::new(None);
        update(&mut app, Event::PasteRejected(PasteError::TooLong));
        assert!(app.status.as_ref().unwrap().text.contains("too long"));
        assert_eq!(update(&mut app, Event::Resize(100, 40)), [Effect::Redraw]);
        assert_eq!(app.size, (100, 40));
        assert!(update(&mut app, Event::Tick).is_empty());
        assert!(keys(&mut app, &[Key::Unknown, Key::Alt('x')]).is_empty());
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        #[derive(Debug, Clone)]
        enum Input {
            Key(Key),
            Paste(String),
        }

        fn input() -> impl Strategy<Value = Input> {
            let named = prop::sample::select(vec![
                Key::Enter,
                Key::Esc,
                Key::Tab,
                Key::BackTab,
                Key::Up,
                Key::Down,
                Key::PageUp,
                Key::PageDown,
                Key::Home,
                Key::End,
                Key::Backspace,
                Key::Delete,
                Key::Ctrl('u'),
                Key::Ctrl('r'),
                Key::Ctrl('o'),
                Key::Left,
                Key::F(1),
                Key::Unknown,
            ]);
            let chars = prop::sample::select("abqrcnu?AKIAeu-west1 /+".chars().collect::<Vec<_>>());
            let pastes = prop::sample::select(vec![
                SECRET.to_string(),
                format!("{SECRET}\n"),
                KEY_ID.to_string(),
                "ASIAIOSFODNN7EXAMPLE".to_string(),
                "eu-west-1".to_string(),
                "me-central-1".to_string(),
                "x y\tz".to_string(),
            ]);
            prop_oneof![
                4 => named.prop_map(Input::Key),
                3 => chars.prop_map(|c| Input::Key(Key::Char(c))),
                1 => pastes.prop_map(Input::Paste),
                1 => "[ -~]{0,50}".prop_map(Input::Paste),
            ]
        }

        proptest! {
            #[test]
            fn no_panic_and_no_secret_outside_step_two(seq in prop::collection::vec(input(), 0..80)) {
                let mut app = App::new(Some("eu-west-1".into()));
                for i in seq {
                    let was_card = app.step == Step::Card && !app.help;
                    let is_new = matches!(i, Input::Key(Key::Char('n')));
                    let fx = match i {
                        Input::Key(k) => update(&mut app, Event::Key(k)),
                        Input::Paste(p) => update(
                            &mut app,
                            Event::Paste(SecretText::from_str_checked(&p).unwrap()),
                        ),
                    };
                    if fx.contains(&Effect::Quit) {
                        break;
                    }
                    if app.step != Step::Secret {
                        prop_assert!(app.secret.is_empty(), "secret kept on {:?}", app.step);
                    }
                    if was_card && is_new {
                        prop_assert!(app.secret.is_empty() && app.deriver.is_none());
                        prop_assert!(app.password.is_none() && app.key_id.is_empty());
                    }
                    // The password always belongs to a confirmed region.
                    prop_assert_eq!(app.password.is_some(), app.region.is_some());
                    prop_assert!(app.selected <= app.region_items().len());
                }
            }
        }
    }
}
