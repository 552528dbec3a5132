//! Snapshots of every screen at 80×24 (`cargo insta review` after an intended change).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use std::time::{Duration, Instant};

use super::*;
use crate::check::{LoginOutcome, Stage};
use crate::clipboard::{ClearOutcome, ClipboardConfig};
use crate::secret::SecretText;
use crate::tui::app::ClipState;
use crate::tui::event::{Copied, CopyWhat, Event, Key};
use crate::tui::test_support::{deliver, keys, render, screen, text, typed};
use crate::tui::update::update;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

fn paste(app: &mut App, s: &str) {
    update(app, Event::Paste(SecretText::from_str_checked(s).unwrap()));
}

fn at_secret(id: &str) -> App {
    let mut app = App::new(None);
    typed(&mut app, id);
    keys(&mut app, &[Key::Enter]);
    app
}

fn at_region(id: &str) -> App {
    let mut app = at_secret(id);
    paste(&mut app, SECRET);
    keys(&mut app, &[Key::Enter]);
    app
}

fn at_card(id: &str, filter: &str) -> App {
    let mut app = at_region(id);
    typed(&mut app, filter);
    keys(&mut app, &[Key::Enter]);
    app
}

#[test]
fn step1_empty() {
    insta::assert_snapshot!(screen(&App::new(None)).backend());
}

#[test]
fn step1_filled() {
    let mut app = App::new(None);
    typed(&mut app, KEY_ID);
    insta::assert_snapshot!(screen(&app).backend());
}

#[test]
fn step1_refused() {
    insta::assert_snapshot!(screen(&refused_key_id()).backend());
}

#[test]
fn step2_masked() {
    let mut app = at_secret(KEY_ID);
    paste(&mut app, SECRET);
    let t = screen(&app);
    assert!(!text(&t).contains("wJalr"));
    assert!(text(&t).contains(&"•".repeat(40)));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn step2_revealed() {
    let mut app = at_secret(KEY_ID);
    paste(&mut app, SECRET);
    keys(&mut app, &[Key::Ctrl('r')]);
    let t = screen(&app);
    assert!(text(&t).contains(SECRET));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn step2_invalid() {
    let mut app = at_secret("");
    paste(&mut app, "abc def");
    keys(&mut app, &[Key::Enter]);
    insta::assert_snapshot!(screen(&app).backend());
}

#[test]
fn step3_list() {
    let app = at_region(KEY_ID);
    insta::assert_snapshot!(screen(&app).backend());
}

#[test]
fn step3_filtered() {
    let mut app = at_region(KEY_ID);
    typed(&mut app, "europe");
    keys(&mut app, &[Key::Down]);
    insta::assert_snapshot!(screen(&app).backend());
}

#[test]
fn step3_custom_region() {
    let mut app = at_region(KEY_ID);
    typed(&mut app, "ap-southeast-7");
    insta::assert_snapshot!(screen(&app).backend());
}

#[test]
fn step4_card_masked() {
    let app = at_card(KEY_ID, "us-east-1");
    let t = screen(&app);
    let pw = app.password.as_ref().unwrap().expose();
    assert!(!text(&t).contains(pw));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn step4_card_revealed() {
    let mut app = at_card(KEY_ID, "london");
    keys(&mut app, &[Key::Char('r')]);
    let t = screen(&app);
    assert!(text(&t).contains(app.password.as_ref().unwrap().expose()));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn step4_card_without_username() {
    let app = at_card("", "frankfurt");
    insta::assert_snapshot!(screen(&app).backend());
}

/// The card 14 s after `c` copied the password to an X display (31 s left).
fn copied_card() -> App {
    let x = crate::clipboard::Destination::System {
        display: "X11 display :0".into(),
    };
    copied_on(
        at_card(KEY_ID, "london"),
        x,
        crate::clipboard::Relay::default(),
    )
}

/// `app` 14 s after `c` copied the password to `destination` through `relay` (31 s left).
fn copied_on(
    mut app: App,
    destination: crate::clipboard::Destination,
    relay: crate::clipboard::Relay,
) -> App {
    keys(&mut app, &[Key::Char('c')]);
    let t0 = Instant::now();
    deliver(
        &mut app,
        CopyWhat::Password,
        Ok(Copied {
            destination,
            clears_at: Some(t0 + Duration::from_secs(45)),
            relay,
        }),
    );
    update(&mut app, Event::Tick(t0 + Duration::from_secs(14)));
    app
}

/// The card with a finished login check.
fn checked_card(outcome: LoginOutcome, message: &str) -> App {
    let mut app = at_card(KEY_ID, "london");
    keys(&mut app, &[Key::Char('t')]);
    update(
        &mut app,
        Event::CheckDone {
            id: 1,
            outcome,
            message: message.into(),
        },
    );
    app
}

/// Step 1 after Enter on a temporary (ASIA) key ID.
fn refused_key_id() -> App {
    let mut app = App::new(None);
    typed(&mut app, "ASIAIOSFODNN7EXAMPLE");
    keys(&mut app, &[Key::Enter]);
    app
}

/// The card after `c` with `--no-clipboard`.
fn no_clipboard_card() -> App {
    let mut app = at_card(KEY_ID, "london");
    app.clipboard = ClipState::new(ClipboardConfig::new(true, 45));
    keys(&mut app, &[Key::Char('c')]);
    app
}

/// The card after `t` with the key ID skipped, and a temporary key ID refused in its field.
fn asking_for_the_key_id() -> App {
    let mut app = at_card("", "london");
    keys(&mut app, &[Key::Char('t')]);
    typed(&mut app, "ASIAIOSFODNN7EXAMPLE");
    keys(&mut app, &[Key::Enter]);
    app
}

/// The card while the login test is at AUTH.
fn check_running() -> App {
    let mut app = at_card(KEY_ID, "london");
    keys(&mut app, &[Key::Char('t')]);
    update(&mut app, Event::CheckStage(Stage::Auth));
    app
}

/// The card with the verdict "refused", worded in the current language (Korean snapshot).
fn refused_card() -> App {
    let message = crate::tr!(
        "check.verdict.refused",
        at = "email-smtp.eu-west-2.amazonaws.com:587",
        reply = "535 Authentication Credentials Invalid",
        region = "eu-west-2"
    );
    checked_card(LoginOutcome::Refused, &message)
}

/// The card with the verdict "accepted", worded in the current language.
fn accepted_card() -> App {
    let message = crate::tr!(
        "check.verdict.accepted_in",
        at = "email-smtp.eu-west-2.amazonaws.com:587",
        region = "eu-west-2"
    );
    checked_card(LoginOutcome::Accepted, &message)
}

#[test]
fn step4_copied_with_countdown() {
    let mut app = copied_card();
    let t = screen(&app);
    assert!(text(&t).contains("clipboard clears in 31 s"));
    insta::assert_snapshot!(t.backend());
    // On another step the status line keeps counting.
    keys(&mut app, &[Key::Esc]);
    assert!(text(&screen(&app)).contains(" clipboard clears in 31 s"));
}

#[test]
fn step4_no_clipboard() {
    let t = screen(&no_clipboard_card());
    assert!(text(&t).contains("c/u  copying off"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn step4_login_test_asks_for_the_key_id() {
    insta::assert_snapshot!(screen(&asking_for_the_key_id()).backend());
}

#[test]
fn step4_login_test_running() {
    let t = screen(&check_running());
    assert!(text(&t).contains("testing the login: the login (AUTH)…"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn step4_login_refused() {
    let app = checked_card(
        LoginOutcome::Refused,
        "login refused by email-smtp.eu-west-2.amazonaws.com:587 (535 Authentication \
         Credentials Invalid): the password does not match this access key in eu-west-2. \
         Likely causes: it was made from another secret than this key's, or for another region",
    );
    insta::assert_snapshot!(screen(&app).backend());
}

#[test]
fn login_verdicts_have_a_tone_each() {
    for (outcome, colour) in [
        (LoginOutcome::Accepted, Color::Green),
        (LoginOutcome::Refused, Color::Red),
        (LoginOutcome::NotChecked, Color::Yellow),
    ] {
        let app = checked_card(outcome, "VERDICT");
        let t = render(&app, Theme::new(false), 80, 24);
        let buf = t.backend().buffer();
        let cells = buf.content();
        let at = text(&t)
            .chars()
            .collect::<Vec<_>>()
            .windows(7)
            .position(|w| w.iter().collect::<String>() == "VERDICT");
        let at = at.expect("the verdict on screen");
        assert_eq!(cells[at].fg, colour, "{outcome:?}");
    }
}

#[test]
fn help_overlay() {
    let mut app = at_secret(KEY_ID);
    keys(&mut app, &[Key::Char('?')]);
    let t = screen(&app);
    assert!(text(&t).contains("ses:SendRawEmail"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn too_small() {
    let t = render(&App::new(None), Theme::new(false), 59, 15);
    assert!(text(&t).contains("Make the window larger"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn no_color_has_no_colour_anywhere() {
    let mut app = at_region(KEY_ID);
    typed(&mut app, "us");
    for app in [app, at_card(KEY_ID, "us-west-2")] {
        let t = render(&app, Theme::new(true), 80, 24);
        for cell in t.backend().buffer().content() {
            assert_eq!(cell.fg, Color::Reset, "{cell:?}");
            assert_eq!(cell.bg, Color::Reset, "{cell:?}");
        }
        insta::assert_snapshot!(t.backend());
    }
    // And the coloured theme does use colour (so the check above can fail).
    let t = render(&App::new(None), Theme::new(false), 80, 24);
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != Color::Reset)
    );
}

#[test]
fn every_size_down_to_1x1_renders_without_panic() {
    let mut apps = vec![
        App::new(None),
        at_region(KEY_ID),
        at_card("", "ap-southeast-7"),
        copied_card(),
        checked_card(LoginOutcome::Refused, &"long verdict ".repeat(40)),
    ];
    let mut asking = at_card("", "ap-southeast-7");
    keys(&mut asking, &[Key::Char('t')]);
    typed(&mut asking, &"A".repeat(128));
    apps.push(asking);
    let mut help = at_card(KEY_ID, "us-east-1");
    help.help = true;
    help.reveal_password = true;
    apps.push(help);
    for app in &apps {
        for w in (1..=100).step_by(3) {
            for h in 1..=30 {
                render(app, Theme::new(false), w, h);
            }
        }
    }
}

#[test]
fn long_values_show_their_tail() {
    let mut app = at_secret("");
    paste(&mut app, &"a".repeat(200));
    let t = screen(&app);
    assert!(text(&t).contains("…••••"));
    keys(&mut app, &[Key::Ctrl('r')]);
    assert!(text(&screen(&app)).contains("…aaaa"));
}

// ---- Korean ----------------------------------------------------------------------------------
//
// The same screens in Korean. Each test builds its state and renders inside `with_lang` on its
// own thread (the process-wide language is never touched), so messages made by `update` are
// Korean too.

use crate::i18n::{Lang, with_lang};

fn ko<R>(f: impl FnOnce() -> R) -> R {
    with_lang(Lang::Ko, f)
}

#[test]
fn ko_step1_empty() {
    ko(|| {
        let t = screen(&App::new(None));
        assert!(text(&t).contains("1/4단계 · 액세스 키 ID"));
        insta::assert_snapshot!(t.backend());
    });
}

#[test]
fn ko_step1_filled() {
    ko(|| {
        let mut app = App::new(None);
        typed(&mut app, KEY_ID);
        insta::assert_snapshot!(screen(&app).backend());
    });
}

#[test]
fn ko_step1_refused() {
    ko(|| {
        insta::assert_snapshot!(screen(&refused_key_id()).backend());
    });
}

#[test]
fn ko_step2_masked() {
    ko(|| {
        let mut app = at_secret(KEY_ID);
        paste(&mut app, SECRET);
        let t = screen(&app);
        assert!(!text(&t).contains("wJalr"));
        assert!(text(&t).contains(&"•".repeat(40)));
        insta::assert_snapshot!(t.backend());
    });
}

#[test]
fn ko_step2_invalid() {
    ko(|| {
        let mut app = at_secret("");
        paste(&mut app, "abc def");
        keys(&mut app, &[Key::Enter]);
        insta::assert_snapshot!(screen(&app).backend());
    });
}

#[test]
fn ko_step3_list() {
    ko(|| {
        let app = at_region(KEY_ID);
        let t = screen(&app);
        assert!(text(&t).contains("아시아 태평양(뭄바이)"));
        insta::assert_snapshot!(t.backend());
    });
}

#[test]
fn ko_step3_filtered() {
    ko(|| {
        let mut app = at_region(KEY_ID);
        typed(&mut app, "유럽");
        keys(&mut app, &[Key::Down]);
        insta::assert_snapshot!(screen(&app).backend());
    });
}

#[test]
fn ko_step3_custom_region() {
    ko(|| {
        let mut app = at_region(KEY_ID);
        typed(&mut app, "ap-southeast-7");
        insta::assert_snapshot!(screen(&app).backend());
    });
}

#[test]
fn ko_step4_card_masked() {
    ko(|| {
        let app = at_card(KEY_ID, "서울");
        let t = screen(&app);
        let pw = app.password.as_ref().unwrap().expose();
        assert!(!text(&t).contains(pw));
        insta::assert_snapshot!(t.backend());
    });
}

#[test]
fn ko_step4_card_revealed() {
    ko(|| {
        let mut app = at_card(KEY_ID, "london");
        keys(&mut app, &[Key::Char('r')]);
        let t = screen(&app);
        assert!(text(&t).contains(app.password.as_ref().unwrap().expose()));
        insta::assert_snapshot!(t.backend());
    });
}

#[test]
fn ko_step4_card_without_username() {
    ko(|| {
        let app = at_card("", "frankfurt");
        insta::assert_snapshot!(screen(&app).backend());
    });
}

#[test]
fn ko_step4_copied_with_countdown() {
    ko(|| {
        let mut app = copied_card();
        let t = screen(&app);
        assert!(text(&t).contains("31초 뒤 클립보드 지움"));
        insta::assert_snapshot!(t.backend());
        keys(&mut app, &[Key::Esc]);
        assert!(text(&screen(&app)).contains("31초 뒤 클립보드 지움"));
    });
}

#[test]
fn ko_step4_no_clipboard() {
    ko(|| {
        insta::assert_snapshot!(screen(&no_clipboard_card()).backend());
    });
}

#[test]
fn ko_step4_login_test_asks_for_the_key_id() {
    ko(|| {
        insta::assert_snapshot!(screen(&asking_for_the_key_id()).backend());
    });
}

#[test]
fn ko_step4_login_test_running() {
    ko(|| {
        let t = screen(&check_running());
        assert!(text(&t).contains("로그인 확인 중: 로그인(AUTH)…"));
        insta::assert_snapshot!(t.backend());
    });
}

#[test]
fn ko_step4_login_refused() {
    ko(|| insta::assert_snapshot!(screen(&refused_card()).backend()));
}

#[test]
fn ko_step4_login_accepted() {
    ko(|| insta::assert_snapshot!(screen(&accepted_card()).backend()));
}

#[test]
fn step4_login_accepted() {
    insta::assert_snapshot!(screen(&accepted_card()).backend());
}

#[test]
fn ko_help_overlay() {
    ko(|| {
        let mut app = at_secret(KEY_ID);
        keys(&mut app, &[Key::Char('?')]);
        let t = screen(&app);
        assert!(text(&t).contains("seskey policy"));
        insta::assert_snapshot!(t.backend());
    });
}

#[test]
fn ko_too_small() {
    ko(|| {
        let t = render(&App::new(None), Theme::new(false), 59, 15);
        assert!(text(&t).contains("창을 더 크게 하십시오"));
        insta::assert_snapshot!(t.backend());
    });
}

/// The screens of [`every_size_down_to_1x1_renders_without_panic`], built in the current
/// language, plus the import overlay.
fn varied_apps() -> Vec<App> {
    let mut apps = vec![
        App::new(None),
        at_secret(KEY_ID),
        at_region(KEY_ID),
        at_card("", "ap-southeast-7"),
        copied_card(),
        checked_card(LoginOutcome::Refused, &"긴 결과 long verdict ".repeat(30)),
    ];
    let mut step2 = at_secret("");
    paste(&mut step2, "abc def");
    keys(&mut step2, &[Key::Enter]);
    apps.push(step2);
    let mut filtered = at_region(KEY_ID);
    typed(&mut filtered, "아시아");
    apps.push(filtered);
    let mut asking = at_card("", "ap-southeast-7");
    keys(&mut asking, &[Key::Char('t')]);
    typed(&mut asking, &"A".repeat(128));
    apps.push(asking);
    let mut running = at_card(KEY_ID, "seoul");
    keys(&mut running, &[Key::Char('t')]);
    apps.push(running);
    let mut help = at_card(KEY_ID, "us-east-1");
    help.help = true;
    help.reveal_password = true;
    apps.push(help);
    let mut import = App::new(None);
    keys(&mut import, &[Key::Ctrl('o')]);
    apps.push(import);
    apps
}

/// Whether every row of the frame's buffer (what the view drew, before ratatui's diff skips the
/// cells it believes a wide glyph covers) is well formed: a wide glyph is followed by its blank
/// continuation cells and never crosses the right edge, so each row is exactly the terminal's
/// width in display columns. Returns the first bad row.
fn broken_row(buf: &Buffer) -> Option<String> {
    use unicode_width::UnicodeWidthStr;
    let (w, h) = (buf.area.width, buf.area.height);
    for y in 0..h {
        let mut x = 0u16;
        let mut row = String::new();
        let mut ok = true;
        while x < w {
            let sym = buf[(x, y)].symbol();
            row.push_str(sym);
            let cw = u16::try_from(sym.width().max(1)).unwrap();
            for c in x + 1..x + cw {
                if c >= w || buf[(c, y)].symbol() != " " {
                    ok = false;
                }
            }
            x += cw;
        }
        if !ok || x != w || row.width() != usize::from(w) {
            return Some(format!("row {y} at {w}x{h}: {row:?}"));
        }
    }
    None
}

/// Every size from 1×1 to 100×40 in both languages, each with one of the screens in turn; and
/// every screen at every width (24 rows) and every height (80 columns).
#[test]
fn both_languages_render_at_every_size_without_broken_wide_characters() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            let apps = varied_apps();
            let check = |app: &App, w: u16, h: u16| {
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                let frame = t.draw(|f| view(app, f, Theme::new(false))).unwrap();
                if let Some(bad) = broken_row(frame.buffer) {
                    panic!("{lang:?}, step {:?}: {bad}", app.step);
                }
            };
            let mut next = 0;
            for w in 1..=100 {
                for h in 1..=40 {
                    check(&apps[next % apps.len()], w, h);
                    next += 1;
                }
            }
            for app in &apps {
                for w in 1..=100 {
                    check(app, w, 24);
                }
                for h in 1..=40 {
                    check(app, 80, h);
                }
                check(app, MIN_SIZE.0, MIN_SIZE.1);
            }
        });
    }
}

#[test]
fn the_secret_counter_leaves_out_surrounding_whitespace() {
    let mut app = at_secret(KEY_ID);
    update(
        &mut app,
        Event::Paste(SecretText::from_str_checked(&format!(" {SECRET}  \n")).unwrap()),
    );
    let s = text(&screen(&app));
    assert!(s.contains("40 characters, hidden"), "{s}");
    assert!(
        !s.contains("43 characters") && !s.contains("44 characters"),
        "{s}"
    );
}

// ---- Layout at the advertised sizes ----------------------------------------------------------

/// One screen of each step (and the card's verdicts), built in the current language.
fn every_step() -> Vec<(&'static str, App)> {
    let mut step2 = at_secret(KEY_ID);
    paste(&mut step2, SECRET);
    vec![
        ("step1", App::new(None)),
        ("step2", step2),
        ("step3", at_region(KEY_ID)),
        ("card", at_card(KEY_ID, "us-east-1")),
        ("card_skipped", at_card("", "frankfurt")),
        // After an OSC 52 copy was cleared: the row says it was only asked.
        ("osc52_cleared", {
            let mut app = osc52_copied(crate::clipboard::Relay::default());
            update(&mut app, Event::ClipboardOutcome(ClearOutcome::Cleared));
            app
        }),
        // The longest card: no key ID, and a copy with a note and a status line to say.
        (
            "skipped_osc52_tmux",
            osc52_copied_on(
                at_card("", "frankfurt"),
                tmux(crate::clipboard::TmuxClipboard::Unknown),
            ),
        ),
        (
            "skipped_tmux_dropped",
            tmux_dropped_on(
                at_card("", "frankfurt"),
                crate::clipboard::TmuxClipboard::External,
            ),
        ),
        ("copied", copied_card()),
        ("accepted", accepted_card()),
        ("refused", refused_card()),
        ("rot_start", rot_start()),
        (
            "rot_user",
            crate::tui::rotation::tests::at_user(crate::tui::rotation::Path::Rotate),
        ),
        ("rot_keys", rot_keys()),
        ("rot_confirm", rot_confirm()),
        ("rot_create_confirm", rot_create_confirm()),
        ("rot_card", crate::tui::rotation::tests::rotated()),
        ("rot_finish", rot_finish()),
    ]
}

fn rot_start() -> App {
    let mut app = App::new(None);
    crate::tui::rotation::open_start(&mut app);
    app
}

fn rot_old_keys() -> Vec<crate::iam::KeyInfo> {
    vec![crate::iam::KeyInfo {
        id: "AKIAOLDKEY0000000001".into(),
        active: true,
        created: Some(1_700_000_000),
        last_used: Some(crate::iam::LastUsed {
            date: Some(1_700_100_000),
            service: "ses".into(),
            region: "eu-west-1".into(),
        }),
    }]
}

fn rot_keys() -> App {
    crate::tui::rotation::tests::at_keys(rot_old_keys())
}

fn rot_confirm() -> App {
    let mut app = rot_keys();
    keys(&mut app, &[Key::Enter]);
    app
}

fn rot_finish() -> App {
    use crate::tui::rotation::Outcome;
    let mut app = crate::tui::rotation::tests::rotated();
    keys(&mut app, &[Key::Char('f')]);
    let mut ks = rot_old_keys();
    ks.push(crate::iam::KeyInfo {
        id: "AKIANEWKEY0000000001".into(),
        active: true,
        created: Some(1_700_200_000),
        last_used: None,
    });
    crate::tui::rotation::tests::ev(&mut app, Outcome::FinishKeys(Ok(ks)));
    app
}

/// The last word of `s`, as it would be drawn.
fn last_word(s: &str) -> &str {
    s.split_whitespace().last().unwrap_or("")
}

/// At 60×16 and 80×24, in both languages, on every step: the key bar holds the ways to quit and
/// the help; the guidance either ends on screen or says where the rest is; the card's
/// Clipboard and Login-test rows are whole; the status line is whole.
#[test]
fn every_step_fits_the_advertised_sizes() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            for (name, app) in every_step() {
                for (w, h) in [MIN_SIZE, (80, 24)] {
                    let term = render(&app, Theme::new(false), w, h);
                    let all = text(&term);
                    let rows: Vec<String> = {
                        let buf = term.backend().buffer();
                        (0..h)
                            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect())
                            .collect()
                    };
                    let at = format!("{lang:?} {name} at {w}x{h}:\n{}", rows.join("\n"));
                    let bar = rows[usize::from(h) - 2..].join(" ");
                    for key in [" ? ", " Ctrl-C "] {
                        assert!(bar.contains(key), "no {key:?} in the key bar: {at}");
                    }
                    assert!(
                        bar.contains(" q ") || bar.contains(" Esc "),
                        "no way to quit in the key bar: {at}"
                    );
                    let (_, guide) = guide_text(&app, Theme::new(false));
                    let end = guide.last().unwrap().to_string();
                    // The IAM screens cover the guidance box (it is the step's, behind them).
                    assert!(
                        app.rotation.is_some()
                            || all.contains(last_word(&end))
                            || all.contains(t("tui.guide.more")),
                        "guidance cut without saying so: {at}"
                    );
                    if let Some(s) = &app.status {
                        assert!(all.contains(last_word(&s.text)), "status cut: {at}");
                    }
                    if app.step == Step::Card && app.rotation.is_none() {
                        let card = card_lines(&app, Theme::new(false), w);
                        let clip = card::clipboard_line(&app, Theme::new(false)).to_string();
                        let login = card::check_lines(&app, Theme::new(false))[0].to_string();
                        assert!(!card.is_empty());
                        // One row each: a wrapped row pushes the next off the smallest screen.
                        for row in [&clip, &login] {
                            let width = unicode_width::UnicodeWidthStr::width(row.trim_end());
                            assert!(width <= usize::from(w), "{row:?} wraps: {at}");
                        }
                        for row in [clip, login] {
                            assert!(all.contains(last_word(&row)), "{row:?} cut: {at}");
                        }
                    }
                }
            }
        });
    }
}

#[test]
fn every_step_at_60x16() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            for (name, app) in every_step() {
                let t = render(&app, Theme::new(false), MIN_SIZE.0, MIN_SIZE.1);
                insta::assert_snapshot!(format!("{lang:?}_{name}_60x16"), t.backend());
            }
        });
    }
}

#[test]
fn every_step_at_80x24() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            for (name, app) in every_step() {
                let t = render(&app, Theme::new(false), 80, 24);
                insta::assert_snapshot!(format!("{lang:?}_{name}_80x24"), t.backend());
            }
        });
    }
}

/// A wide terminal gets a centred column of readable width, not a card over 200 columns.
#[test]
fn a_wide_terminal_gets_a_readable_column() {
    let app = at_card(KEY_ID, "us-east-1");
    let t = render(&app, Theme::new(false), 200, 50);
    let buf = t.backend().buffer();
    let used: Vec<u16> = (0..200)
        .filter(|&x| (0..50).any(|y| buf[(x, y)].symbol() != " "))
        .collect();
    let (first, last) = (used[0], *used.last().unwrap());
    assert!(last - first < MAX_WIDTH, "{first}..{last}");
    assert!(first >= 40, "not centred: starts at {first}");
    insta::assert_snapshot!(t.backend());
}

/// The help shows a complete IAM policy document and names `seskey policy`.
#[test]
fn help_shows_a_complete_policy_document() {
    let v: serde_json::Value = serde_json::from_str(&help::iam_policy_line()).unwrap();
    assert_eq!(v["Version"], "2012-10-17");
    let mut app = at_secret(KEY_ID);
    keys(&mut app, &[Key::Char('?')]);
    let t = render(&app, Theme::new(false), 100, 40);
    // Inside the popup (76 columns, centred): the rows joined, as a reader would take them.
    let buf = t.backend().buffer();
    let inside: String = (0..40)
        .map(|y| (13..87).map(|x| buf[(x, y)].symbol()).collect::<String>() + " ")
        .collect();
    let shown = inside.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(shown.contains(&help::iam_policy_line()), "{shown}");
    assert!(shown.contains("seskey policy"));
}

/// The card 14 s after `c` asked for an OSC 52 copy (no display) through `relay` (31 s left).
fn osc52_copied(relay: crate::clipboard::Relay) -> App {
    osc52_copied_on(at_card(KEY_ID, "london"), relay)
}

fn osc52_copied_on(app: App, relay: crate::clipboard::Relay) -> App {
    copied_on(app, crate::clipboard::Destination::Osc52, relay)
}

/// The card after `c` in tmux whose `set-clipboard` is `setting` (external or off): the copy
/// was refused before anything was sent.
fn tmux_dropped(setting: crate::clipboard::TmuxClipboard) -> App {
    tmux_dropped_on(at_card(KEY_ID, "london"), setting)
}

fn tmux_dropped_on(mut app: App, setting: crate::clipboard::TmuxClipboard) -> App {
    app.clipboard.relay = tmux(crate::clipboard::TmuxClipboard::Unknown);
    keys(&mut app, &[Key::Char('c')]);
    deliver(
        &mut app,
        CopyWhat::Password,
        Err(crate::clipboard::ClipboardError::TmuxDrops(setting)),
    );
    app
}

fn tmux(setting: crate::clipboard::TmuxClipboard) -> crate::clipboard::Relay {
    crate::clipboard::Relay {
        multiplexer: Some(crate::clipboard::Multiplexer::Tmux(setting)),
        ssh: true,
    }
}

/// At 60×16 the card's Clipboard row is one row and the Login-test row stays on screen.
fn assert_clip_row_fits(app: &App) {
    let small = render(app, Theme::new(false), MIN_SIZE.0, MIN_SIZE.1);
    let clip = card::clipboard_line(app, Theme::new(false));
    assert!(clip.width() <= usize::from(MIN_SIZE.0), "{clip}");
    let login = card::check_lines(app, Theme::new(false))[0].to_string();
    let small_text = text(&small);
    assert!(small_text.contains(last_word(&login)), "{small_text}");
    assert!(
        small_text.contains(last_word(&clip.to_string())),
        "{small_text}"
    );
}

/// An OSC 52 copy (no display) in tmux that did not say how it is set: the card says it asked
/// tmux, that quitting clears it, and that tmux keeps a copy; once cleared it never claims
/// "clipboard cleared".
#[test]
fn osc52_in_tmux_says_what_it_is() {
    use crate::clipboard::TmuxClipboard;
    for lang in Lang::ALL {
        with_lang(lang, || {
            let mut app = osc52_copied(tmux(TmuxClipboard::Unknown));
            let shown = text(&screen(&app));
            assert!(shown.contains("delete-buffer"), "{shown}");
            assert!(
                shown.contains(last_word(t("tui.clip.paste_before_quit_tmux"))),
                "{shown}"
            );
            insta::assert_snapshot!(format!("{lang:?}_osc52_in_tmux"), screen(&app).backend());
            // The explanations are in the guidance, so the row stays one row.
            assert_clip_row_fits(&app);
            let small = render(&app, Theme::new(false), MIN_SIZE.0, MIN_SIZE.1);
            insta::assert_snapshot!(format!("{lang:?}_osc52_in_tmux_60x16"), small.backend());
            update(&mut app, Event::ClipboardOutcome(ClearOutcome::Cleared));
            let shown = text(&screen(&app));
            assert!(!shown.contains(t("tui.clip.cleared")), "{shown}");
            assert!(!shown.contains(t("tui.status.clip_cleared")), "{shown}");
            assert!(shown.contains("delete-buffer"), "{shown}");
        });
    }
}

/// The Clipboard row says what is known of an OSC 52 copy, and nothing more: a request where
/// nobody answered, tmux's buffer where tmux took it, and "not copied" (a warning, no
/// countdown, the way out) where tmux drops it. Every wording fits one row at 60 columns.
#[test]
fn osc52_row_is_worded_by_what_is_known() {
    with_lang(Lang::En, osc52_rows_in_english);
}

fn osc52_rows_in_english() {
    use crate::clipboard::{Multiplexer, Relay, TmuxClipboard};
    let screen_relay = Relay {
        multiplexer: Some(Multiplexer::Screen),
        ssh: false,
    };
    let cases = [
        (
            Relay::default(),
            "asked the terminal to copy · clears in 31 s",
        ),
        (
            tmux(TmuxClipboard::On),
            "in tmux's buffer · space copied in 31 s",
        ),
        (
            tmux(TmuxClipboard::Unknown),
            "asked tmux to pass it on · space copied in 31 s",
        ),
        (screen_relay, "asked screen to pass it on · clears in 31 s"),
    ];
    for (relay, words) in cases {
        let app = osc52_copied(relay);
        let row = card::clipboard_line(&app, Theme::new(false)).to_string();
        assert_eq!(row.trim_end(), format!("Clipboard    {words}"), "{relay:?}");
        assert_clip_row_fits(&app);
        with_lang(Lang::Ko, || assert_clip_row_fits(&app));
    }
    // tmux on: the guidance says tmux ignores a clear, so a space is copied over the password,
    // and where the password's buffer stays.
    let mut app = osc52_copied(tmux(TmuxClipboard::On));
    let note = card::osc52_note(&app).unwrap();
    assert!(note.contains("tmux ignores a clear"), "{note}");
    assert!(note.contains("tmux delete-buffer -b NAME"), "{note}");
    // Once "cleared", the row says what was done, not "cleared".
    update(&mut app, Event::ClipboardOutcome(ClearOutcome::Cleared));
    let row = card::clipboard_line(&app, Theme::new(false)).to_string();
    assert_eq!(
        row.trim_end(),
        "Clipboard    space copied over it · tmux keeps a buffer"
    );
    assert_clip_row_fits(&app);
    with_lang(Lang::Ko, || assert_clip_row_fits(&app));
    for setting in [TmuxClipboard::External, TmuxClipboard::Off] {
        let app = tmux_dropped(setting);
        assert!(app.clipboard.dropped);
        assert_eq!(app.clipboard.pending, None);
        let row = card::clipboard_line(&app, Theme::new(false));
        assert_eq!(
            row.to_string().trim_end(),
            "Clipboard    not copied: tmux drops OSC 52 · r reveals"
        );
        assert_eq!(row.spans[1].style, Theme::new(false).warn());
        let note = card::osc52_note(&app).unwrap();
        assert!(note.starts_with("Nothing was copied"), "{note}");
        assert!(
            note.contains(&format!("set-clipboard is {}", setting.name())),
            "{note}"
        );
        assert!(note.contains("tmux set -g set-clipboard on"), "{note}");
        let shown = text(&screen(&app));
        assert!(!shown.contains("clears in"), "{shown}");
        assert!(!shown.contains(t("tui.clip.paste_before_quit")), "{shown}");
        assert_clip_row_fits(&app);
        with_lang(Lang::Ko, || assert_clip_row_fits(&app));
    }
}

/// tmux with its default `set-clipboard external`, at the advertised sizes in both languages.
#[test]
fn tmux_external_card_snapshots() {
    use crate::clipboard::TmuxClipboard;
    for lang in Lang::ALL {
        with_lang(lang, || {
            let app = tmux_dropped(TmuxClipboard::External);
            for (w, h) in [MIN_SIZE, (80, 24)] {
                let t = render(&app, Theme::new(false), w, h);
                insta::assert_snapshot!(format!("{lang:?}_tmux_external_{w}x{h}"), t.backend());
            }
        });
    }
}

/// The help scrolls: at the smallest sizes ↓ reaches every key row, the step's whole guidance
/// is at its top (the main screen cut it), and a last row says there is more below.
#[test]
fn help_scrolls_to_every_key_row() {
    for (w, h) in [MIN_SIZE, (80, 24)] {
        let mut app = at_secret(KEY_ID);
        keys(&mut app, &[Key::Char('?')]);
        let first = text(&render(&app, Theme::new(false), w, h));
        assert!(first.contains("more ↓"), "{first}");
        assert!(first.contains(t("tui.guide.title")), "{first}");
        let mut seen = String::new();
        for _ in 0..60 {
            seen.push_str(&text(&render(&app, Theme::new(false), w, h)));
            keys(&mut app, &[Key::Down]);
        }
        assert!(seen.contains(t("tui.help.end")), "{seen}");
        assert!(seen.contains(last_word(t("tui.guide.secret"))), "{seen}");
        for (_, what) in keymap::help(&app) {
            assert!(
                seen.contains(last_word(what)),
                "{what:?} never shown: {seen}"
            );
        }
        // PgUp goes back to the top.
        keys(&mut app, &[Key::PageUp; 30]);
        assert_eq!(app.help_scroll, 0);
    }
}

#[test]
fn an_overflowing_region_list_says_how_many_are_out_of_sight() {
    // An arrow and a count (the key bar's "↑↓" has none).
    let says = |all: &str, arrow: &str| {
        all.split(arrow)
            .skip(1)
            .any(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    };
    // 60×16: "europe" has 7 matches for 6 rows.
    {
        let (w, h) = (60, 16);
        let mut app = at_region(KEY_ID);
        typed(&mut app, "europe");
        let all = text(&render(&app, Theme::new(false), w, h));
        let shown = usize::from(app.list_rows.get());
        let matches = app.region_items().len();
        assert!(matches > shown, "{w}×{h}: {matches} fit in {shown}");
        let below = tr!("tui.step3.more_below", n = matches - shown);
        assert!(all.contains(&below), "{w}×{h}:\n{all}");
        assert!(!says(&all, "↑"), "{w}×{h}:\n{all}");
        // Down to the last match: the rows above are now out of sight, none below.
        keys(&mut app, &vec![Key::Down; matches]);
        let all = text(&render(&app, Theme::new(false), w, h));
        let above = tr!("tui.step3.more_above", n = matches - shown);
        assert!(all.contains(&above), "{w}×{h}:\n{all}");
        assert!(!says(&all, "↓"), "{w}×{h}:\n{all}");
    }
    // A list that fits says nothing.
    let mut app = at_region(KEY_ID);
    typed(&mut app, "frankfurt");
    let all = text(&screen(&app));
    assert!(!says(&all, "↓") && !says(&all, "↑"), "{all}");
}

#[test]
fn a_cut_status_points_to_the_rest() {
    // A status longer than its three rows at 60×16 ends with the guidance's pointer (the help
    // shows it whole); a short one does not.
    let mut app = at_secret(KEY_ID);
    crate::tui::update::status(
        &mut app,
        crate::tui::app::Tone::Error,
        t("validate.secret_smtp_password_refused"),
    );
    let lines = status_lines(&app, Theme::new(false), 60);
    assert_eq!(lines.len(), STATUS_ROWS);
    let last: String = lines[STATUS_ROWS - 1]
        .spans
        .iter()
        .map(|s| s.content.as_ref())
        .collect();
    assert_eq!(last.trim(), t("tui.guide.more"));
    insta::assert_snapshot!(render(&app, Theme::new(false), 60, 16).backend());
    crate::tui::update::status(
        &mut app,
        crate::tui::app::Tone::Error,
        t("tui.status.key_id_form"),
    );
    let lines = status_lines(&app, Theme::new(false), 60);
    assert!(
        lines
            .iter()
            .all(|l| !l.to_string().contains(t("tui.guide.more")))
    );
}

/// A refusal the step's panel cuts at 60×16 (an SMTP password pasted as the secret) is whole in
/// the help, which the cut guidance points to, in both languages.
#[test]
fn the_help_holds_the_panels_error_whole() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            let mut app = at_secret(KEY_ID);
            paste(&mut app, "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk");
            let error = app.secret_check().unwrap_err().to_string();
            let rows: Vec<String> = help::help_lines(&app, Theme::new(false))
                .iter()
                .map(|(l, _)| l.spans.iter().map(|s| s.content.as_ref()).collect())
                .collect();
            assert!(
                rows.iter().any(|r| r.contains(&error)),
                "{lang:?}: the error is not whole in the help: {rows:#?}"
            );
        });
    }
}

/// The help popup's inner rows as drawn (a wide glyph's covered cell left out, so a row's
/// leading spaces are its first column), from its title row down to its bottom border.
fn help_popup_rows(term: &Terminal<TestBackend>) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let buf = term.backend().buffer();
    let title = format!(" {} ", t("tui.help.title"));
    let cell_row = |y: u16| -> Vec<(u16, String)> {
        let mut out = Vec::new();
        let mut x = 0;
        while x < buf.area.width {
            let s = buf[(x, y)].symbol().to_string();
            let w = u16::try_from(s.width().max(1)).unwrap();
            out.push((x, s));
            x += w;
        }
        out
    };
    let (top, left) = (0..buf.area.height)
        .find_map(|y| {
            let row = cell_row(y);
            let line: String = row.iter().map(|(_, s)| s.as_str()).collect();
            let at = line.find(&title)?;
            let col = line[..at].width();
            (col > 0).then(|| (y, u16::try_from(col - 1).unwrap()))
        })
        .expect("the help popup on screen");
    let right = (left + 1..buf.area.width)
        .find(|&x| buf[(x, top)].symbol() == "┐")
        .unwrap();
    (top + 1..buf.area.height)
        .take_while(|&y| buf[(left, y)].symbol() != "└")
        .map(|y| {
            cell_row(y)
                .into_iter()
                .filter(|(x, _)| (left + 1..right).contains(x))
                .map(|(_, s)| s)
                .collect()
        })
        .collect()
}

/// Columns of leading blanks.
fn indent(row: &str) -> usize {
    row.len() - row.trim_start_matches(' ').len()
}

/// In the help, a key row whose description wraps hangs under the description's first column
/// (the key column stays clear), and the rows together say the whole description; an error's
/// wrapped rows hang under its text, past the ✗; no row touches the left border. In both
/// languages, at the widths that matter: 60 (the minimum) and 80 (from there on the popup is
/// as wide as it gets, so 200×50 draws the same rows). The height only decides how much shows
/// at once, so a tall one shows the whole help without scrolling.
#[test]
fn help_key_rows_hang_under_their_description() {
    use unicode_width::UnicodeWidthStr;
    for lang in Lang::ALL {
        with_lang(lang, || {
            for w in [MIN_SIZE.0, 80, 200] {
                let mut app = at_secret(KEY_ID);
                // An SMTP password pasted as the secret: a long error in the help.
                paste(&mut app, "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk");
                keys(&mut app, &[Key::Enter, Key::Char('?')]);
                let rows = help_popup_rows(&render(&app, Theme::new(false), w, 200));
                let table: Vec<(&str, &str)> = keymap::help(&app).collect();
                let first = rows
                    .iter()
                    .position(|r| r.starts_with(&format!(" {} ", table[0].0)))
                    .expect("the key table");
                let (prose, key_rows) = rows.split_at(first);
                let ctx = format!("{lang:?} at {w}:\n{}", rows.join("\n"));

                // Guidance, policy, errors: never at the border; an error hangs past its ✗.
                let (mut in_error, mut errors) = (false, 0);
                for row in prose {
                    if row.trim().is_empty() {
                        in_error = false;
                        continue;
                    }
                    assert!(indent(row) >= 1, "{row:?} at the border; {ctx}");
                    if row.starts_with(" ✗ ") {
                        (in_error, errors) = (true, errors + 1);
                    } else if in_error {
                        assert_eq!(indent(row), 3, "{row:?} not under the error; {ctx}");
                    }
                }
                assert!(errors > 0, "no error in the help; {ctx}");
                for (i, row) in prose.iter().enumerate() {
                    if row.starts_with(" ✗ ") {
                        assert!(
                            !prose[i + 1].trim().is_empty(),
                            "the error fits one row; {ctx}"
                        );
                        break;
                    }
                }

                // The key table: one row per key, then its wrapped rows at the description's
                // column, in the table's order.
                let mut wrapped = 0;
                let mut at = 0;
                let mut column = None;
                for (key, what) in &table {
                    let row = &key_rows[at];
                    let head = format!(" {key}");
                    assert!(row.starts_with(&head), "{key:?} expected at {row:?}; {ctx}");
                    let col = head.width() + indent(&row[head.len()..]);
                    assert!(col > head.width(), "no gap after {key:?}; {ctx}");
                    assert_eq!(*column.get_or_insert(col), col, "{key:?} misaligned; {ctx}");
                    let mut said = vec![row[head.len()..].trim().to_string()];
                    at += 1;
                    while let Some(next) = key_rows.get(at) {
                        if table
                            .iter()
                            .any(|(k, _)| next.starts_with(&format!(" {k} ")))
                        {
                            break;
                        }
                        assert_eq!(indent(next), col, "{next:?} under {key:?}; {ctx}");
                        said.push(next.trim().to_string());
                        wrapped += 1;
                        at += 1;
                    }
                    let whole = what.split_whitespace().collect::<Vec<_>>().join(" ");
                    assert_eq!(said.join(" "), whole, "{ctx}");
                }
                assert_eq!(at, key_rows.len(), "rows after the table; {ctx}");
                assert!(wrapped > 0, "no key row wraps; {ctx}");
            }
        });
    }
}

/// The end of the help at the sizes that matter, in both languages: the rotation keys (y, d, f)
/// wrap, hanging under their descriptions.
#[test]
fn help_end_with_wrapped_key_rows() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            for (w, h) in [MIN_SIZE, (80, 24)] {
                let mut app = at_secret(KEY_ID);
                keys(&mut app, &[Key::Char('?')]);
                render(&app, Theme::new(false), w, h);
                keys(&mut app, &[Key::PageDown; 40]);
                let term = render(&app, Theme::new(false), w, h);
                let shown = text(&term);
                assert!(shown.contains(t("tui.help.end")), "{shown}");
                assert!(shown.contains(last_word(t("tui.help.rot_f"))), "{shown}");
                insta::assert_snapshot!(format!("{lang:?}_help_end_{w}x{h}"), term.backend());
            }
        });
    }
}

/// Text of the help's lines, one string a line.
fn help_text(app: &App) -> Vec<String> {
    help::help_lines(app, Theme::new(false))
        .iter()
        .map(|(l, _)| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

/// An IAM failure on a rotation screen at 60×16 stays on screen (the body gives way, with a
/// pointer), and the help holds the screen's text and the failure whole, not the step's.
#[test]
fn rotation_failures_stay_on_screen_and_whole_in_the_help() {
    let long = tr!(
        "iam.err_no_credentials",
        detail = "dispatch failure: other: the credential provider was not enabled"
    );
    for lang in Lang::ALL {
        with_lang(lang, || {
            let mut app = crate::tui::rotation::tests::at_user(crate::tui::rotation::Path::Rotate);
            app.rotation.as_mut().unwrap().error = Some(long.clone());
            let shown = text(&render(&app, Theme::new(false), MIN_SIZE.0, MIN_SIZE.1));
            assert!(shown.contains("✗"), "{lang:?}: {shown}");
            assert!(shown.contains(t("tui.guide.more")), "{lang:?}: {shown}");
            let help = help_text(&app).join("\n");
            assert!(help.contains(&long), "{lang:?}: {help}");
            assert!(help.contains(t("tui.rot.title_rotate")), "{lang:?}: {help}");
            assert!(!help.contains(t("tui.guide.title")), "{lang:?}: {help}");
        });
    }
}

/// `?` on step 3 while "Esc again drops the new key" is asked keeps the question (and its arm):
/// the help shows it whole, and the next Esc after closing the help still drops nothing but
/// what was asked.
#[test]
fn the_help_keeps_the_discard_question() {
    let mut app = crate::tui::rotation::tests::rotated();
    keys(&mut app, &[Key::Esc, Key::Esc]);
    assert_eq!(app.step, Step::Region);
    let asked = app.status.clone().expect("the discard question");
    keys(&mut app, &[Key::Char('?')]);
    assert!(app.help);
    assert_eq!(app.status.as_ref(), Some(&asked));
    assert!(help_text(&app).iter().any(|r| r.contains(&asked.text)));
    keys(&mut app, &[Key::Esc]);
    assert!(!app.help);
    assert!(app.fresh.as_ref().is_some_and(|f| f.discard_armed));
}

/// A secret of another length: the panel's way out (the command line's override) is in the
/// help too, since the panel may cut it.
#[test]
fn the_help_holds_the_nonstandard_way_out() {
    let mut app = at_secret(KEY_ID);
    paste(&mut app, &SECRET[..39]);
    assert!(
        help_text(&app)
            .iter()
            .any(|r| r.contains(t("tui.step2.nonstandard")))
    );
}

/// After a rotation, the card's key bar offers `f` (finishing it is what comes next) at the
/// smallest size, in both languages.
#[test]
fn the_rotated_card_offers_finish_at_60x16() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            let app = crate::tui::rotation::tests::rotated();
            let bar = text(&render(&app, Theme::new(false), MIN_SIZE.0, MIN_SIZE.1));
            let f = format!(" f  {}", t("tui.rot.key_finish"));
            assert!(bar.contains(&f), "{lang:?}: {bar}");
        });
    }
}

/// A refusal is said once on screen: the panel's live check and the status line (or Enter's
/// refusal) do not both say it.
#[test]
fn a_refusal_is_said_once() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            let mut shown = vec![];
            for id in ["a", "akia", "AKIA7w", "akiaiosfodnn7example"] {
                let mut app = App::new(None);
                typed(&mut app, id);
                shown.push((id, app));
            }
            let mut app = App::new(None);
            typed(&mut app, "akiaiosfodnn7example");
            keys(&mut app, &[Key::Enter]);
            shown.push(("lower-case ID, Enter", app));
            let mut app = at_region(KEY_ID);
            typed(&mut app, "zzz");
            keys(&mut app, &[Key::Enter]);
            shown.push(("no region, Enter", app));
            for (name, app) in shown {
                for (w, h) in [MIN_SIZE, (80, 24)] {
                    let all = text(&render(&app, Theme::new(false), w, h));
                    for said in [
                        t("validate.key_id_lowercase"),
                        t("tui.status.no_region"),
                        t("tui.step3.no_match"),
                    ] {
                        // Its longest word (a row break never splits a word).
                        let word = said
                            .split_whitespace()
                            .max_by_key(|w| w.chars().count())
                            .unwrap();
                        assert!(
                            all.matches(word).count() <= said.matches(word).count(),
                            "{lang:?} {name} at {w}x{h} says {said:?} twice:\n{all}"
                        );
                    }
                    if name == "no region, Enter" {
                        // The note says no region matches; Enter's refusal points to it.
                        assert!(
                            !all.contains("Backspace, Ctrl-U"),
                            "{lang:?} {w}x{h}:\n{all}"
                        );
                    } else {
                        assert!(
                            all.contains(&t("validate.key_id_lowercase")[..10]),
                            "{name}"
                        );
                    }
                }
            }
        });
    }
}

/// The create-user confirmation, for `smtp-mailer`.
fn rot_create_confirm() -> App {
    let mut app = crate::tui::rotation::tests::at_user(crate::tui::rotation::Path::CreateUser);
    typed(&mut app, "smtp-mailer");
    keys(&mut app, &[Key::Enter]);
    app
}

/// The policy the create-user confirmation shows wraps between its tokens, and is the one
/// attached ([`crate::iam::SEND_POLICY`]).
#[test]
fn the_confirmed_policy_wraps_between_tokens() {
    let shown: serde_json::Value = serde_json::from_str(&help::iam_policy_line()).unwrap();
    let attached: serde_json::Value = serde_json::from_str(crate::iam::SEND_POLICY).unwrap();
    assert_eq!(shown, attached);
    let tokens = [
        "\"Version\":",
        "\"2012-10-17\",",
        "\"Statement\":",
        "\"Effect\":",
        "\"Allow\",",
        "\"Action\":",
        "\"ses:SendRawEmail\",",
        "\"Resource\":",
    ];
    for lang in Lang::ALL {
        with_lang(lang, || {
            let app = rot_create_confirm();
            for (w, h) in [MIN_SIZE, (80, 24), (100, 30)] {
                let buf = render(&app, Theme::new(false), w, h)
                    .backend()
                    .buffer()
                    .clone();
                let rows: Vec<String> = (0..h)
                    .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect())
                    .collect();
                for token in tokens {
                    assert!(
                        rows.iter().any(|r| r.contains(token)),
                        "{lang:?} at {w}x{h}: {token} cut:\n{}",
                        rows.join("\n")
                    );
                }
            }
        });
    }
}

/// After `n`, the next conversion's card does not show the last one's copy as its own: not
/// while that copy waits to be cleared, nor once it was.
#[test]
fn the_next_conversion_does_not_inherit_the_copy_row() {
    let mut app = osc52_copied(crate::clipboard::Relay::default());
    let hint = tr!("tui.clip.hint", n = 45);
    assert!(
        !card::clipboard_line(&app, Theme::new(false))
            .to_string()
            .contains(&hint)
    );
    keys(&mut app, &[Key::Char('n')]);
    typed(&mut app, KEY_ID);
    keys(&mut app, &[Key::Enter]);
    paste(&mut app, SECRET);
    keys(&mut app, &[Key::Enter]);
    typed(&mut app, "seoul");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Card);
    let row = card::clipboard_line(&app, Theme::new(false)).to_string();
    assert!(row.contains(&hint), "{row}");
    assert_eq!(card::osc52_note(&app), None);
    update(&mut app, Event::ClipboardOutcome(ClearOutcome::Cleared));
    let row = card::clipboard_line(&app, Theme::new(false)).to_string();
    assert!(row.contains(&hint), "{row}");
}

/// The help holds the status line whole whatever its tone (its pointer leads there when the
/// line is cut), and through tmux the guidance does not say quitting clears the password.
#[test]
fn the_help_holds_any_status_and_tmux_quitting_is_worded_truly() {
    use crate::clipboard::TmuxClipboard;
    let app = osc52_copied(tmux(TmuxClipboard::On));
    let said = app.status.as_ref().unwrap();
    assert_ne!(said.tone, Tone::Error);
    assert!(help_text(&app).iter().any(|r| r.contains(&said.text)));
    let note = card::osc52_note(&app).unwrap();
    assert!(!note.contains(t("tui.clip.paste_before_quit")), "{note}");
    assert!(
        note.contains(t("tui.clip.paste_before_quit_tmux")),
        "{note}"
    );
}

/// While `t` asks for the skipped key ID, `?` opens the help (it is no key ID character), which
/// holds the field's refusal whole, and the key bar offers it.
#[test]
fn the_key_id_field_on_the_card_has_the_help() {
    let mut app = asking_for_the_key_id();
    let refusal = match &app.check {
        crate::tui::app::CheckState::AskKeyId { refusal, .. } => refusal.clone().unwrap(),
        _ => panic!("not asking"),
    };
    assert!(keymap::bar(&app).iter().any(|(k, _)| *k == "?"));
    keys(&mut app, &[Key::Char('?')]);
    assert!(app.help);
    assert!(help_text(&app).iter().any(|r| r.contains(&refusal)));
    keys(&mut app, &[Key::Esc]);
    assert!(matches!(
        app.check,
        crate::tui::app::CheckState::AskKeyId { .. }
    ));
}

/// Step 2 with an SMTP password pasted and Enter pressed, at 60×16: the panel cannot hold its
/// refusal whole, so its last row says where the rest is, and the help holds the refusal.
#[test]
fn a_cut_panel_says_where_the_rest_is() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            let mut app = at_secret(KEY_ID);
            paste(&mut app, "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk");
            keys(&mut app, &[Key::Enter]);
            let term = render(&app, Theme::new(false), MIN_SIZE.0, MIN_SIZE.1);
            let buf = term.backend().buffer();
            // The panel's rows (below the step row, above the guidance's title).
            let rows: Vec<String> = (1..MIN_SIZE.1)
                .map(|y| (0..MIN_SIZE.0).map(|x| buf[(x, y)].symbol()).collect())
                .take_while(|r: &String| !r.contains('─'))
                .collect();
            let last = rows.last().unwrap().replace(' ', "");
            assert!(
                last.starts_with(&t("tui.guide.more").replace(' ', "")),
                "{lang:?}: {rows:#?}"
            );
            let error = app.secret_check().unwrap_err().to_string();
            assert!(help_text(&app).iter().any(|r| r.contains(&error)));
            // The refused Enter is said in the help too: the cut panel may not show it.
            let refused = t("tui.refused_see_above");
            assert!(help_text(&app).iter().any(|r| r.contains(refused)));
            insta::assert_snapshot!(format!("{lang:?}_step2_refused_60x16"), term.backend());
        });
    }
}

/// While the new key's discard question is asked, the key bar says what Esc does now.
#[test]
fn the_bar_says_esc_drops_the_new_key_when_asked() {
    let mut app = crate::tui::rotation::tests::rotated();
    keys(&mut app, &[Key::Esc]);
    assert!(keymap::bar(&app).contains(&("Esc", t("tui.keys.back"))));
    keys(&mut app, &[Key::Esc]);
    assert!(app.fresh.as_ref().is_some_and(|f| f.discard_armed));
    assert!(keymap::bar(&app).contains(&("Esc", t("tui.keys.drop_key"))));
}

/// On the IAM screens the help names the permissions the operator's own credentials need.
#[test]
fn the_iam_screens_help_names_the_operators_permissions() {
    let app = crate::tui::rotation::tests::at_user(crate::tui::rotation::Path::Rotate);
    let help = help_text(&app).join("\n");
    for action in crate::iam::ACTIONS {
        assert!(help.contains(action), "{action}: {help}");
    }
    assert!(
        !help_text(&App::new(None))
            .join("\n")
            .contains("iam:CreateAccessKey")
    );
}

/// The help's "more below" row is whole at the smallest size in both languages (it is one row,
/// never wrapped).
#[test]
fn the_helps_more_row_is_whole() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            let mut app = at_secret(KEY_ID);
            keys(&mut app, &[Key::Char('?')]);
            let shown = text(&render(&app, Theme::new(false), MIN_SIZE.0, MIN_SIZE.1));
            let (_, rows_left) = app.help_rows.get();
            assert!(rows_left > 0);
            let more = tr!("tui.help.more", n = rows_left);
            assert!(
                shown.contains(&more),
                "{lang:?}: {more:?} not whole in {shown}"
            );
        });
    }
}
