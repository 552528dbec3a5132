//! `update`'s tests: the wizard's decisions, key by key.

use std::time::{Duration, Instant};

use super::*;
use crate::check::Stage;
use crate::clipboard::{ClearOutcome, ClipboardConfig, ClipboardError, Destination};
use crate::secret::SecretText;
use crate::tui::app::ClipState;
use crate::tui::event::{Copied, CopyWhat};
use crate::tui::test_support::{deliver, keys, typed};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

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
    // A secret that is not 40 characters is refused, with no way past it here.
    keys(&mut app, &[Key::Ctrl('u')]);
    paste(&mut app, &SECRET[..39]);
    keys(&mut app, &[Key::Enter, Key::Enter]);
    assert_eq!(app.step, Step::Secret);
    assert!(app.refusal.as_ref().unwrap().contains("39 characters"));
    keys(&mut app, &[Key::Ctrl('u')]);
    paste(&mut app, SECRET);
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
    // Something was entered: Esc asks first; another key stays, a second Esc quits.
    assert_eq!(keys(&mut app, &[Key::Esc]), [Effect::Redraw]);
    assert!(app.status.as_ref().unwrap().text.contains("Esc again"));
    assert_eq!(keys(&mut app, &[Key::Left]), [Effect::Redraw]);
    assert!(app.status.is_none());
    assert_eq!(keys(&mut app, &[Key::Esc]), [Effect::Redraw]);
    assert_eq!(keys(&mut app, &[Key::Esc]), [Effect::Redraw, Effect::Quit]);
    // Nothing entered: Esc quits at once.
    let mut app = App::new(None);
    assert_eq!(keys(&mut app, &[Key::Esc]), [Effect::Redraw, Effect::Quit]);
    // An ID typed (nothing else) is an entry too.
    let mut app = App::new(None);
    typed(&mut app, "AKIA");
    assert_eq!(keys(&mut app, &[Key::Esc]), [Effect::Redraw]);
    assert!(app.quit_armed);
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
    // Nothing is selected until the user moves: the first Down selects the first line.
    assert_eq!(app.region_pick(), None);
    keys(&mut app, &[Key::Down]);
    assert_eq!(app.region_pick(), Some(0));
    assert!(keys(&mut app, &[Key::Up]).is_empty());
    keys(&mut app, &[Key::Down, Key::Down]);
    assert_eq!(app.selected, 2);
    keys(&mut app, &[Key::End]);
    assert_eq!(app.selected, 28);
    assert!(keys(&mut app, &[Key::Down]).is_empty());
    keys(&mut app, &[Key::Home]);
    assert_eq!(app.selected, 0);
    // A page is the list's height on screen, as the view last laid it out.
    app.list_rows.set(7);
    keys(&mut app, &[Key::PageDown]);
    assert_eq!(app.selected, 7);
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
    let app = on_card("ap-southeast-7");
    assert_eq!(app.step, Step::Card);
    assert!(app.region.as_ref().unwrap().warning().is_some());
    let mut app = App::new(None);
    app.step = Step::Region;
    app.filter = "ap-southeast-7".into();
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
    // One copy at a time.
    assert_eq!(keys(&mut app, &[Key::Char('u')]), [Effect::Redraw]);
    assert!(app.status.as_ref().unwrap().text.contains("still copying"));
    {
        let ev = copied(&app, CopyWhat::Password, system(), None);
        update(&mut app, ev);
    }
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "password copied to the clipboard (X11 display :9)"
    );
    assert_eq!(
        keys(&mut app, &[Key::Char('u')]),
        [Effect::Redraw, Effect::CopyUsername]
    );
    deliver(&mut app, CopyWhat::Username, Err(ClipboardError::Timeout));
    assert_eq!(app.status.as_ref().unwrap().tone, Tone::Error);
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Card);
    assert!(keys(&mut app, &[Key::Char('x')]).is_empty());
    assert_eq!(
        keys(&mut app, &[Key::Char('q')]),
        [Effect::Redraw, Effect::HandOverClipboard, Effect::Quit]
    );
}

#[test]
fn username_copy_without_an_id_explains() {
    let mut app = App::new(None);
    keys(&mut app, &[Key::Enter]);
    paste(&mut app, SECRET);
    keys(&mut app, &[Key::Enter, Key::Down, Key::Enter]);
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
    // q does not quit in the ID field: it is text, refused there (IDs are capitals).
    let mut app = App::new(None);
    assert!(!keys(&mut app, &[Key::Char('q')]).contains(&Effect::Quit));
    assert_eq!(app.key_id, "");
    typed(&mut app, "AKIAQ");
    assert_eq!(app.key_id, "AKIAQ");
}

#[test]
fn a_secret_typed_into_a_visible_field_is_wiped() {
    // Step 1: the first character no ID holds wipes what came before it.
    let mut app = App::new(None);
    typed(&mut app, SECRET);
    assert!(app.key_id.len() <= 2, "{}", app.key_id);
    // Typed text must start like an ID.
    let mut app = App::new(None);
    typed(&mut app, "BKIQ");
    assert_eq!(app.key_id, "");
    typed(&mut app, "ASIA");
    assert_eq!(app.key_id, "ASIA");
    // Step 3: the filter never holds key material.
    let mut app = App::new(None);
    typed(&mut app, KEY_ID);
    keys(&mut app, &[Key::Enter]);
    app.secret.push_str(SECRET).unwrap();
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Region);
    typed(&mut app, SECRET);
    assert!(!crate::validate::looks_like_key_material(&app.filter));
    assert!(!app.filter.contains(['+', '/']));
    assert!(app.filter.len() < 16, "{}", app.filter);
    // And a pasted one is refused there.
    let before = app.filter.clone();
    update(
        &mut app,
        Event::Paste(SecretText::from_str_checked(SECRET).unwrap()),
    );
    assert_eq!(app.filter, before);
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
    // `q` closes the help (it does not quit, losing the entries, without a word).
    typed(&mut app, "AKIA");
    keys(&mut app, &[Key::F(1)]);
    assert_eq!(keys(&mut app, &[Key::Char('q')]), [Effect::Redraw]);
    assert!(!app.help);
    assert_eq!(app.key_id, "AKIA");
}

#[test]
fn rejected_pastes_and_resize() {
    let mut app = App::new(None);
    update(&mut app, Event::PasteRejected(PasteError::TooLong));
    assert!(app.status.as_ref().unwrap().text.contains("too long"));
    assert_eq!(update(&mut app, Event::Resize(100, 40)), [Effect::Redraw]);
    assert_eq!(app.size, (100, 40));
    assert!(update(&mut app, Event::Tick(Instant::now())).is_empty());
    assert!(keys(&mut app, &[Key::Unknown, Key::Alt('x')]).is_empty());
}

fn system() -> Destination {
    Destination::System {
        display: "X11 display :9".into(),
    }
}

fn copied(
    app: &App,
    what: CopyWhat,
    destination: Destination,
    clears_at: Option<Instant>,
) -> Event {
    Event::Clipboard {
        what,
        ticket: app.clipboard.ticket,
        result: Ok(Copied {
            destination,
            clears_at,
            relay: crate::clipboard::Relay::default(),
        }),
    }
}

/// On the card, `c` pressed and the copy done at `t0`, to be cleared 45 s later.
fn copied_at(t0: Instant, destination: Destination) -> App {
    let mut app = on_card("eu-west-1");
    assert_eq!(
        keys(&mut app, &[Key::Char('c')]),
        [Effect::Redraw, Effect::CopyPassword]
    );
    assert_eq!(app.clipboard.busy, Some(CopyWhat::Password));
    let ev = copied(&app, CopyWhat::Password, destination, Some(t0 + secs(45)));
    let fx = update(&mut app, ev);
    assert_eq!(fx, [Effect::Redraw, Effect::KeepCopy]);
    app
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn clip_status(app: &App) -> (&str, Tone) {
    let s = app.status.as_ref().unwrap();
    (s.text.as_str(), s.tone)
}

#[test]
fn copied_password_counts_down_then_is_cleared() {
    let t0 = Instant::now();
    let mut app = copied_at(t0, system());
    assert_eq!(app.clipboard.busy, None);
    let p = app.clipboard.pending.as_ref().unwrap();
    assert_eq!((p.secs_left, p.clearing), (Some(45), false));
    assert_eq!(
        clip_status(&app),
        (
            "password copied to the clipboard (X11 display :9)",
            Tone::Success
        )
    );
    // Ticks once a second while the countdown runs.
    assert_eq!(tick_interval(&app), Some(COUNTDOWN_TICK));
    assert_eq!(
        update(&mut app, Event::Tick(t0 + secs(14))),
        [Effect::Redraw]
    );
    assert_eq!(app.clipboard.pending.as_ref().unwrap().secs_left, Some(31));
    // Nothing to redraw within the same second.
    assert!(update(&mut app, Event::Tick(t0 + Duration::from_millis(14_300))).is_empty());
    // The timeout: clear now (the keeper checks the clipboard still holds our copy).
    assert_eq!(
        update(&mut app, Event::Tick(t0 + secs(45))),
        [Effect::Redraw, Effect::ClearClipboard]
    );
    assert!(app.clipboard.pending.as_ref().unwrap().clearing);
    assert!(update(&mut app, Event::Tick(t0 + secs(46))).is_empty());
    assert_eq!(
        update(&mut app, Event::ClipboardOutcome(ClearOutcome::Cleared)),
        [Effect::Redraw]
    );
    assert_eq!(clip_status(&app), ("clipboard cleared", Tone::Success));
    assert_eq!(app.clipboard.pending, None);
    assert_eq!(app.clipboard.last, Some(ClearOutcome::Cleared));
    // Idle again: no ticks, and a late outcome is ignored.
    assert_eq!(tick_interval(&app), None);
    assert!(update(&mut app, Event::ClipboardOutcome(ClearOutcome::Failed)).is_empty());
}

#[test]
fn osc52_copy_is_cleared_at_the_timeout_too() {
    let t0 = Instant::now();
    let mut app = copied_at(t0, Destination::Osc52);
    assert!(clip_status(&app).0.contains("OSC 52"));
    // Unverifiable (tmux's default passes nothing on): said in the neutral tone.
    assert_eq!(clip_status(&app).1, Tone::Info);
    assert_eq!(
        update(&mut app, Event::Tick(t0 + secs(50))),
        [Effect::Redraw, Effect::ClearClipboard]
    );
    update(&mut app, Event::ClipboardOutcome(ClearOutcome::Cleared));
    // A request to the terminal, which OSC 52 cannot check: not "clipboard cleared".
    assert_eq!(
        clip_status(&app).0,
        "asked the terminal to clear its clipboard (OSC 52 cannot check that it did)"
    );
}

#[test]
fn a_copy_replaced_by_another_application_is_left_alone() {
    let t0 = Instant::now();
    let mut app = copied_at(t0, system());
    update(&mut app, Event::Tick(t0 + secs(3)));
    update(&mut app, Event::ClipboardOutcome(ClearOutcome::Replaced));
    assert_eq!(
        clip_status(&app),
        (
            "another application replaced the password on the clipboard: left alone",
            Tone::Info
        )
    );
    assert_eq!(app.clipboard.last, Some(ClearOutcome::Replaced));
    assert_eq!(tick_interval(&app), None);
    // Nothing left to clear or hand over.
    assert!(update(&mut app, Event::Tick(t0 + secs(45))).is_empty());
    assert_eq!(
        keys(&mut app, &[Key::Char('q')]),
        [Effect::Redraw, Effect::Quit]
    );
}

#[test]
fn copying_the_username_takes_the_passwords_place() {
    let t0 = Instant::now();
    let mut app = copied_at(t0, system());
    keys(&mut app, &[Key::Char('u')]);
    {
        let ev = copied(&app, CopyWhat::Username, system(), None);
        update(&mut app, ev);
    }
    assert_eq!(
        clip_status(&app).0,
        "username copied to the clipboard (X11 display :9)"
    );
    assert_eq!(app.clipboard.pending, None);
    assert_eq!(app.clipboard.last, Some(ClearOutcome::Superseded));
    assert_eq!(tick_interval(&app), None);
}

#[test]
fn no_clipboard_explains_instead_of_copying() {
    let mut app = on_card("eu-west-1");
    app.clipboard = ClipState::new(ClipboardConfig::new(true, 45));
    for k in ['c', 'u'] {
        assert_eq!(keys(&mut app, &[Key::Char(k)]), [Effect::Redraw]);
        let (text, tone) = clip_status(&app);
        assert!(
            text.starts_with("copying is off (--no-clipboard)"),
            "{text}"
        );
        assert_eq!(tone, Tone::Error);
    }
    assert_eq!(app.clipboard.busy, None);
}

#[test]
fn a_failed_copy_says_why_and_leaves_nothing_pending() {
    let mut app = on_card("eu-west-1");
    keys(&mut app, &[Key::Char('c')]);
    deliver(
        &mut app,
        CopyWhat::Password,
        Err(ClipboardError::Unreachable),
    );
    let (text, tone) = clip_status(&app);
    assert!(
        text.starts_with("could not copy the password: no clipboard available"),
        "{text}"
    );
    assert_eq!(tone, Tone::Error);
    assert_eq!(app.clipboard.busy, None);
    assert_eq!(app.clipboard.pending, None);
    // Free to try again.
    assert_eq!(
        keys(&mut app, &[Key::Char('c')]),
        [Effect::Redraw, Effect::CopyPassword]
    );
}

/// tmux said it drops OSC 52 (`external`, its default): the copy failed, nothing is pending
/// (no countdown, nothing to hand over on quit), the card knows why until a copy works or a
/// new conversion starts.
#[test]
fn a_copy_tmux_drops_is_a_failure_remembered_until_a_copy_works() {
    use crate::clipboard::{Multiplexer, Relay, TmuxClipboard};
    let mut app = on_card("eu-west-1");
    keys(&mut app, &[Key::Char('c')]);
    deliver(
        &mut app,
        CopyWhat::Password,
        Err(ClipboardError::TmuxDrops(TmuxClipboard::External)),
    );
    let (text, tone) = clip_status(&app);
    assert_eq!(
        text,
        "could not copy the password: tmux drops OSC 52 copies (its set-clipboard is \
         external); r reveals the password"
    );
    assert_eq!(tone, Tone::Error);
    assert!(app.clipboard.dropped);
    assert_eq!(
        app.clipboard.relay.multiplexer,
        Some(Multiplexer::Tmux(TmuxClipboard::External))
    );
    assert_eq!((app.clipboard.busy, &app.clipboard.pending), (None, &None));
    assert_eq!(tick_interval(&app), None);
    assert_eq!(
        keys(&mut app, &[Key::Char('q')]),
        [Effect::Redraw, Effect::Quit]
    );
    // The user set `set-clipboard on` and copied again: tmux took it.
    let mut app = on_card("eu-west-1");
    app.clipboard.dropped = true;
    keys(&mut app, &[Key::Char('c')]);
    let relay = Relay {
        multiplexer: Some(Multiplexer::Tmux(TmuxClipboard::On)),
        ssh: false,
    };
    deliver(
        &mut app,
        CopyWhat::Password,
        Ok(Copied {
            destination: Destination::Osc52,
            clears_at: Some(Instant::now() + secs(45)),
            relay,
        }),
    );
    assert!(!app.clipboard.dropped);
    assert_eq!(app.clipboard.relay, relay);
    // `n` clears at once; through tmux that is a space copied over it (tmux ignores a clear),
    // and the status says so instead of "cleared".
    assert_eq!(
        keys(&mut app, &[Key::Char('n')]),
        [Effect::Redraw, Effect::ClearScreen, Effect::ClearClipboard]
    );
    let (text, _) = clip_status(&app);
    assert!(
        text.starts_with("new conversion: a space is being copied over the password"),
        "{text}"
    );
    assert!(text.contains("tmux delete-buffer -b NAME"), "{text}");
    // A new conversion forgets the old one's failure.
    let mut app = on_card("eu-west-1");
    app.clipboard.dropped = true;
    keys(&mut app, &[Key::Char('n')]);
    assert!(!app.clipboard.dropped);
}

#[test]
fn quitting_with_a_copied_password_hands_it_over() {
    let t0 = Instant::now();
    for quit in [Key::Char('q'), Key::Ctrl('c')] {
        let mut app = copied_at(t0, system());
        assert_eq!(
            keys(&mut app, &[quit]),
            [Effect::Redraw, Effect::HandOverClipboard, Effect::Quit]
        );
    }
    // From step 1 (Esc, twice: something was entered) as well.
    let mut app = copied_at(t0, Destination::Osc52);
    keys(&mut app, &[Key::Esc, Key::Esc, Key::Esc, Key::Esc]);
    assert_eq!(
        keys(&mut app, &[Key::Esc]),
        [Effect::Redraw, Effect::HandOverClipboard, Effect::Quit]
    );
}

#[test]
fn a_new_conversion_clears_the_copied_password_now() {
    let t0 = Instant::now();
    let mut app = copied_at(t0, system());
    assert_eq!(
        keys(&mut app, &[Key::Char('n')]),
        [Effect::Redraw, Effect::ClearScreen, Effect::ClearClipboard]
    );
    assert_eq!(app.step, Step::AccessKeyId);
    assert!(clip_status(&app).0.contains("being cleared"));
    update(&mut app, Event::ClipboardOutcome(ClearOutcome::Cleared));
    assert_eq!(clip_status(&app).0, "clipboard cleared");
    // With --clear-after 0 the copy was meant to stay: n leaves it.
    let mut app = on_card("eu-west-1");
    app.clipboard = ClipState::new(ClipboardConfig::new(false, 0));
    keys(&mut app, &[Key::Char('c')]);
    {
        let ev = copied(&app, CopyWhat::Password, system(), None);
        update(&mut app, ev);
    }
    assert_eq!(tick_interval(&app), None);
    assert_eq!(
        keys(&mut app, &[Key::Char('n')]),
        [Effect::Redraw, Effect::ClearScreen]
    );
}

/// On the card without a username (step 1 skipped).
fn on_card_without_id() -> App {
    let mut app = App::new(None);
    keys(&mut app, &[Key::Enter]);
    paste(&mut app, SECRET);
    keys(&mut app, &[Key::Enter, Key::Down, Key::Enter]);
    assert_eq!(app.step, Step::Card);
    app
}

#[test]
fn login_test_without_a_key_id_asks_for_it_first() {
    let mut app = on_card_without_id();
    assert_eq!(keys(&mut app, &[Key::Char('t')]), [Effect::Redraw]);
    assert!(matches!(app.check, CheckState::AskKeyId { .. }));
    // Every key goes to the field: q is a letter, Esc cancels instead of going back.
    typed(&mut app, "q");
    keys(&mut app, &[Key::Ctrl('u')]);
    keys(&mut app, &[Key::Enter]);
    let refusal = |app: &App| match &app.check {
        CheckState::AskKeyId { refusal, .. } => refusal.clone(),
        other => panic!("{other:?}"),
    };
    assert!(refusal(&app).unwrap().contains("type the access key ID"));
    typed(&mut app, "ASIAIOSFODNN7EXAMPLE");
    keys(&mut app, &[Key::Enter]);
    assert!(refusal(&app).unwrap().contains("temporary"));
    keys(&mut app, &[Key::Ctrl('u')]);
    assert_eq!(refusal(&app), None);
    // A secret pasted here is refused, the ID is taken.
    paste(&mut app, SECRET);
    assert!(refusal(&app).unwrap().contains("secret access key"));
    paste(&mut app, KEY_ID);
    assert_eq!(
        keys(&mut app, &[Key::Enter]),
        [Effect::Redraw, Effect::StartCheck(1)]
    );
    assert_eq!(app.username(), Some(KEY_ID));
    assert!(matches!(app.check, CheckState::Running { id: 1, .. }));

    let mut app = on_card_without_id();
    keys(&mut app, &[Key::Char('t')]);
    typed(&mut app, "AKIA");
    assert_eq!(keys(&mut app, &[Key::Esc]), [Effect::Redraw]);
    assert_eq!(app.check, CheckState::Idle);
    assert_eq!(app.step, Step::Card);
    assert_eq!(app.username(), None);
}

#[test]
fn login_test_runs_with_a_spinner_and_escape_cancels_it() {
    let mut app = on_card("eu-west-1");
    assert_eq!(tick_interval(&app), None);
    assert_eq!(
        keys(&mut app, &[Key::Char('t')]),
        [Effect::Redraw, Effect::StartCheck(1)]
    );
    assert_eq!(tick_interval(&app), Some(SPINNER_TICK));
    // Once at a time.
    assert!(keys(&mut app, &[Key::Char('t')]).is_empty());
    update(&mut app, Event::CheckStage(Stage::Starttls));
    assert_eq!(
        update(&mut app, Event::Tick(Instant::now())),
        [Effect::Redraw]
    );
    assert!(matches!(
        app.check,
        CheckState::Running {
            stage: Stage::Starttls,
            frame: 1,
            ..
        }
    ));
    assert_eq!(
        keys(&mut app, &[Key::Esc]),
        [Effect::Redraw, Effect::CancelCheck]
    );
    assert_eq!(app.step, Step::Card);
    assert!(matches!(
        app.check,
        CheckState::Done {
            outcome: LoginOutcome::Cancelled,
            ..
        }
    ));
    assert_eq!(tick_interval(&app), None);
    // The cancelled check's late verdict is dropped.
    let late = Event::CheckDone {
        id: 1,
        outcome: LoginOutcome::Accepted,
        message: "login accepted".into(),
    };
    assert!(update(&mut app, late).is_empty());
    // A new check gets a new number; quitting while it runs cancels it.
    assert_eq!(
        keys(&mut app, &[Key::Char('t')]),
        [Effect::Redraw, Effect::StartCheck(2)]
    );
    assert_eq!(
        keys(&mut app, &[Key::Char('q')]),
        [Effect::Redraw, Effect::CancelCheck, Effect::Quit]
    );
}

#[test]
fn each_verdict_is_kept_with_its_outcome() {
    for outcome in [
        LoginOutcome::Accepted,
        LoginOutcome::Refused,
        LoginOutcome::NotChecked,
    ] {
        let mut app = on_card("eu-west-1");
        keys(&mut app, &[Key::Char('t')]);
        let done = Event::CheckDone {
            id: 1,
            outcome,
            message: format!("{outcome:?} message"),
        };
        assert_eq!(update(&mut app, done), [Effect::Redraw]);
        assert_eq!(
            app.check,
            CheckState::Done {
                outcome,
                message: format!("{outcome:?} message")
            }
        );
        // The verdict is about these credentials: editing them drops it.
        keys(&mut app, &[Key::BackTab, Key::Down]);
        assert_eq!(app.check, CheckState::Idle);
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Input {
        Key(Key),
        Paste(String),
        /// Typed key by key, as a terminal without bracketed paste delivers a paste.
        Type(String),
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
            "ap-southeast-7".to_string(),
            "x y\tz".to_string(),
        ]);
        prop_oneof![
            4 => named.prop_map(Input::Key),
            3 => chars.prop_map(|c| Input::Key(Key::Char(c))),
            1 => pastes.prop_map(Input::Paste),
            1 => "[ -~]{0,50}".prop_map(Input::Paste),
            1 => Just(Input::Type(SECRET.to_string())),
        ]
    }

    proptest! {
        #[test]
        fn no_panic_and_no_secret_outside_step_two(seq in prop::collection::vec(input(), 0..80)) {
            let mut app = App::new(Some("eu-west-1".into()));
            for i in seq {
                // `n` means "new" on the card itself, not in the key ID field `t` opens there
                // (a text field, where it is refused as no key ID character).
                let was_card = app.step == Step::Card
                    && !app.help
                    && !matches!(app.check, CheckState::AskKeyId { .. });
                let is_new = matches!(i, Input::Key(Key::Char('n')));
                let fx = match i {
                    Input::Key(k) => update(&mut app, Event::Key(k)),
                    Input::Paste(p) => update(
                        &mut app,
                        Event::Paste(SecretText::from_str_checked(&p).unwrap()),
                    ),
                    Input::Type(text) => {
                        let mut fx = Vec::new();
                        for c in text.chars() {
                            fx.extend(update(&mut app, Event::Key(Key::Char(c))));
                        }
                        fx
                    }
                };
                // No visible text ever holds a stretch of the secret (12 characters: the
                // example secret and ID share "EXAMPLE", and a field may keep a letter or two).
                let visible = [
                    Some(app.key_id.as_str()),
                    Some(app.filter.as_str()),
                    app.status.as_ref().map(|s| s.text.as_str()),
                    app.refusal.as_deref(),
                    app.origin.as_deref(),
                ];
                for text in visible.into_iter().flatten() {
                    for w in SECRET.as_bytes().windows(12) {
                        let w = std::str::from_utf8(w).unwrap();
                        prop_assert!(!text.contains(w), "{w:?} shown in {text:?}");
                    }
                }
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

#[test]
fn what_cannot_work_is_refused_on_steps_one_and_two() {
    // An SMTP password pasted as the secret: refused, with what to paste instead; Enter again
    // does not take it.
    let mut app = App::new(None);
    keys(&mut app, &[Key::Enter]);
    let smtp = crate::derive::smtp_password(SECRET, "us-east-1");
    paste(&mut app, smtp.expose());
    keys(&mut app, &[Key::Enter, Key::Enter]);
    assert_eq!(app.step, Step::Secret);
    let why = app.refusal.clone().unwrap();
    assert!(
        why.contains("SMTP password") && why.contains("40-character"),
        "{why}"
    );
    // A cut-off ID, and what a secret typed into step 1 leaves (`AK`), are not done.
    for id in ["AKIA123", "AK"] {
        let mut app = App::new(None);
        typed(&mut app, id);
        assert_eq!(app.key_id, id);
        keys(&mut app, &[Key::Enter]);
        assert_eq!(app.step, Step::AccessKeyId, "{id}");
        assert!(app.refusal.as_ref().unwrap().contains("16 capital"), "{id}");
    }
    // The rest of a secret typed there wipes the field.
    let mut app = App::new(None);
    typed(&mut app, "AK7wJalr");
    assert!(app.key_id.is_empty());
    // A lower-case ID is told so, typed (at every letter, from the first) or pasted: once, by
    // the live check, not again in the status line.
    let mut app = App::new(None);
    for c in "akiaiosfodnn7example".chars() {
        typed(&mut app, &c.to_string());
        assert_eq!(
            app.key_id_check(),
            Err(crate::validate::KeyIdError::Lowercase),
            "{c}"
        );
        assert_eq!(app.status, None, "{c}");
    }
    assert_eq!(app.key_id, "akiaiosfodnn7example");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::AccessKeyId);
    assert!(app.refusal.as_ref().unwrap().contains("capitals"));
    let mut app = App::new(None);
    paste(&mut app, "akiaiosfodnn7example");
    keys(&mut app, &[Key::Enter]);
    assert!(app.refusal.as_ref().unwrap().contains("capitals"));
    // Capitals, then a lower-case letter: the same.
    let mut app = App::new(None);
    typed(&mut app, "AKIA7w");
    assert_eq!(
        app.key_id_check(),
        Err(crate::validate::KeyIdError::Lowercase)
    );
    assert_eq!(app.status, None);
}

#[test]
fn q_on_step_one_says_how_to_quit() {
    let mut app = App::new(None);
    typed(&mut app, "AKIA");
    assert_eq!(keys(&mut app, &[Key::Char('q')]), [Effect::Redraw]);
    assert_eq!(app.key_id, "AKIA");
    let st = app.status.as_ref().unwrap().text.clone();
    assert!(st.contains("Esc") && st.contains("Ctrl-C"), "{st}");
    assert!(!st.contains("secret"), "{st}");
}

/// A copy by OSC 52 says why in plain words: there is no graphical desktop, not "no display".
#[test]
fn an_osc52_copy_says_why_plainly() {
    use crate::i18n::{Lang, with_lang};
    for lang in Lang::ALL {
        with_lang(lang, || {
            for what in [CopyWhat::Password, CopyWhat::Username] {
                let mut app = on_card("eu-west-1");
                let done = copied(&app, what, Destination::Osc52, None);
                update(&mut app, done);
                let (said, _) = clip_status(&app);
                assert!(said.contains("OSC 52"), "{said}");
                assert!(
                    !said.contains("display") && !said.contains("디스플레이"),
                    "{said}"
                );
                assert!(
                    said.contains("desktop") || said.contains("데스크톱"),
                    "{said}"
                );
            }
        });
    }
}

#[test]
fn the_card_asks_for_the_key_id_by_step_ones_rule() {
    let mut app = on_card_without_id();
    keys(&mut app, &[Key::Char('t')]);
    typed(&mut app, "XY");
    let CheckState::AskKeyId { text, refusal } = &app.check else {
        panic!("not asking");
    };
    assert!(text.is_empty());
    assert!(refusal.as_ref().unwrap().contains("AKIA"));
    typed(&mut app, "AKIA123");
    keys(&mut app, &[Key::Enter]);
    assert!(matches!(app.check, CheckState::AskKeyId { .. }));
}

/// On step 3 with the secret confirmed and the ID skipped.
fn on_region() -> App {
    let mut app = App::new(None);
    keys(&mut app, &[Key::Enter]);
    paste(&mut app, SECRET);
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Region);
    app
}

#[test]
fn a_secret_typed_on_step_three_leaves_nothing_and_picks_nothing() {
    let mut app = on_region();
    typed(&mut app, SECRET);
    assert!(app.filter.is_empty(), "{}", app.filter);
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Region);
    assert!(app.region.is_none());
    assert_eq!(
        app.refusal.as_deref(),
        Some("29 matches: pick one with ↑↓ or type more")
    );
    // Backspace ends the quiet filter: typing works again.
    keys(&mut app, &[Key::Backspace]);
    typed(&mut app, "sydney");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.region.as_ref().unwrap().code(), "ap-southeast-2");
}

#[test]
fn enter_on_step_three_takes_only_what_the_user_sees_selected() {
    // Several matches, nothing moved to: refused, nothing highlighted.
    let mut app = on_region();
    typed(&mut app, "us-east");
    assert_eq!(app.region_pick(), None);
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Region);
    assert!(app.refusal.as_ref().unwrap().starts_with("2 matches"));
    // Moved to: taken.
    keys(&mut app, &[Key::Down, Key::Down, Key::Enter]);
    assert_eq!(app.region.as_ref().unwrap().code(), "us-east-2");
    // An exact code among several matches, a single match, accents left out.
    for (filter, code) in [
        ("us-east-1", "us-east-1"),
        ("sao paulo", "sa-east-1"),
        ("zur", "eu-central-2"),
    ] {
        let mut app = on_region();
        typed(&mut app, filter);
        keys(&mut app, &[Key::Enter]);
        assert_eq!(
            app.region.as_ref().map(|r| r.code().to_string()),
            Some(code.into()),
            "{filter}"
        );
    }
    // Back on step 3: an empty filter, the confirmed region selected (Enter keeps it).
    let mut app = on_card("eu-west-1");
    keys(&mut app, &[Key::Esc]);
    assert!(app.filter.is_empty());
    assert!(matches!(app.selected_item(), Some(RegionItem::Known(r)) if r.code == "eu-west-1"));
    typed(&mut app, "us-east-1");
    assert_eq!(app.filter, "us-east-1");
}

#[test]
fn ctrl_z_suspends_everywhere() {
    let mut app = on_card("eu-west-1");
    assert_eq!(
        keys(&mut app, &[Key::Ctrl('z')]),
        [Effect::Redraw, Effect::Suspend]
    );
    keys(&mut app, &[Key::Esc, Key::Esc, Key::Esc, Key::Char('?')]);
    assert_eq!(
        keys(&mut app, &[Key::Ctrl('z')]),
        [Effect::Redraw, Effect::Suspend]
    );
    assert!(app.help && app.key_id == KEY_ID);
}

/// A key pasted into the region filter is refused without a word about ignoring the keys that
/// follow (a paste has none): a region typed right after is taken.
#[test]
fn a_key_pasted_into_the_filter_is_refused_and_typing_goes_on() {
    let mut app = on_card("us-east-1");
    keys(&mut app, &[Key::Esc, Key::Ctrl('u')]);
    assert_eq!(app.step, Step::Region);
    paste(&mut app, SECRET);
    assert_eq!(app.filter, "");
    let said = app.status.as_ref().unwrap().text.clone();
    assert_eq!(said, t("tui.status.filter_paste_not_key"));
    typed(&mut app, "seoul");
    assert_eq!(app.filter, "seoul");
}

/// A copy still on its way when the user pressed `n`, or went back and chose another region,
/// comes back stale: nothing is written (no OSC 52 with the old password where the new card
/// would say it is), nothing is kept or said, the keeper is told to clear it; and `c` works
/// again.
#[test]
fn a_copy_that_comes_back_for_another_conversion_is_dropped() {
    let osc52 = || Copied {
        destination: Destination::Osc52,
        clears_at: Some(Instant::now() + secs(45)),
        relay: crate::clipboard::Relay::default(),
    };
    // The password's copy, made for the conversion `ticket` numbers, comes back.
    let comes_back = |app: &mut App, ticket, result| {
        update(
            app,
            Event::Clipboard {
                what: CopyWhat::Password,
                ticket,
                result,
            },
        )
    };
    // `n` while the copy runs.
    let mut app = on_card("eu-west-1");
    keys(&mut app, &[Key::Char('c')]);
    let ticket = app.clipboard.ticket;
    let result = Ok(osc52());
    keys(&mut app, &[Key::Char('n')]);
    let fx = comes_back(&mut app, ticket, result);
    assert_eq!(fx, [Effect::Redraw, Effect::DropCopy]);
    assert_eq!((&app.clipboard.pending, app.clipboard.busy), (&None, None));
    assert_eq!(app.clipboard.last, None);
    // Back to the region step and another region chosen while the copy runs.
    let mut app = on_card("eu-west-1");
    keys(&mut app, &[Key::Char('c')]);
    let ticket = app.clipboard.ticket;
    let result = Ok(osc52());
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.step, Step::Region);
    typed(&mut app, "\u{15}us-east-1");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Card);
    assert_ne!(app.clipboard.ticket, ticket);
    let fx = comes_back(&mut app, ticket, result);
    assert_eq!(fx, [Effect::Redraw, Effect::DropCopy]);
    assert_eq!(app.clipboard.pending, None);
    assert!(!text_of_status(&app).contains("OSC 52"));
    // The new card's own copy is kept.
    assert_eq!(
        keys(&mut app, &[Key::Char('c')]),
        [Effect::Redraw, Effect::CopyPassword]
    );
    let result = Ok(osc52());
    assert_eq!(
        deliver(&mut app, CopyWhat::Password, result),
        [Effect::Redraw, Effect::KeepCopy]
    );
    assert!(app.clipboard.pending.is_some());
    // A stale failure says nothing either (tmux's answer was about the old copy).
    let mut app = on_card("eu-west-1");
    keys(&mut app, &[Key::Char('u')]);
    let ticket = app.clipboard.ticket;
    keys(&mut app, &[Key::Char('n')]);
    let before = app.status.clone();
    let fx = update(
        &mut app,
        Event::Clipboard {
            what: CopyWhat::Username,
            ticket,
            result: Err(ClipboardError::TmuxDrops(
                crate::clipboard::TmuxClipboard::External,
            )),
        },
    );
    assert_eq!(fx, [Effect::Redraw, Effect::DropCopy]);
    assert_eq!(app.status, before);
    assert!(!app.clipboard.dropped);
}

fn text_of_status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}
