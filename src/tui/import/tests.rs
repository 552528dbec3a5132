//! The overlay's decisions, driven by keys and by the events the runtime would send.

use zeroize::Zeroizing;

use super::*;
use crate::import::{credentials, csv};
use crate::secret::SecretText;
use crate::tui::event::{Event, Key};
use crate::tui::test_support::{keys, typed};
use crate::tui::update::update;

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
/// The secret of profile `ses-smtp` in the fixture, and its us-east-1 password
/// (tests/data/smtp-password.tsv).
const SES_SECRET: &str = "vaHYdKJLMuOAyAlzvpVFcNabw1z9GvpGz36HE38X";
const SES_PASSWORD: &str = "BDGN7MvGxcr7eL3jXmUkUncsjb4HFA4TvjmKrIl+HOs6";

fn file(name: &str, shown: &str) -> SourceFile {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(name);
    SourceFile::from_bytes(shown, Zeroizing::new(std::fs::read(path).unwrap()))
}

fn profiles() -> ImportEvent {
    let f = file("credentials", "~/.aws/credentials");
    let list = credentials::list(&f);
    ImportEvent::Listed(Ok(Listed {
        file: f,
        shown_name: "~/.aws/credentials".into(),
        listing: Listing::Profiles(list),
    }))
}

fn rows(name: &str) -> ImportEvent {
    let shown = format!("~/{name}");
    let f = file(name, &shown);
    let list = csv::list(&f).unwrap();
    ImportEvent::Listed(Ok(Listed {
        file: f,
        shown_name: shown,
        listing: Listing::Rows(list),
    }))
}

fn scanned(env: Option<Option<&str>>) -> ImportEvent {
    ImportEvent::Scanned(Scan {
        credentials_path: "~/.aws/credentials".into(),
        credentials: Ok(ProfileCount {
            total: 6,
            usable: 2,
        }),
        env: env.map(|e| e.map(str::to_string)),
    })
}

fn imported(secret: &str, id: Option<&str>, origin: &str) -> ImportEvent {
    ImportEvent::Loaded(Ok(Imported {
        secret: SecretText::from_str_checked(secret).unwrap(),
        access_key_id: id.map(str::to_string),
        user_name: None,
        origin: origin.into(),
    }))
}

/// What the runtime does for [`Job::LoadSelected`] (the file is already in memory).
fn run_load(app: &mut App) -> Vec<Effect> {
    let (tx, rx) = std::sync::mpsc::channel();
    jobs::execute(Job::LoadSelected, app, move |ev| tx.send(ev).unwrap());
    update(app, Event::Import(rx.recv().unwrap()))
}

fn st(app: &App) -> &ImportState {
    app.import.as_ref().expect("the overlay is open")
}

/// A wizard with the overlay open and the scan back.
fn opened(env: Option<Option<&str>>) -> App {
    let mut app = App::new(None);
    assert_eq!(
        keys(&mut app, &[Key::Ctrl('o')]),
        [Effect::Redraw, Effect::Import(Job::Scan)]
    );
    update(&mut app, Event::Import(scanned(env)));
    app
}

#[test]
fn opens_on_steps_one_and_two_only_and_esc_closes() {
    let mut app = opened(None);
    assert_eq!(st(&app).screen, Screen::Sources);
    assert_eq!(st(&app).sources(), [Source::Credentials, Source::Csv]);
    // Esc closes the overlay, it does not quit the wizard.
    assert_eq!(keys(&mut app, &[Key::Esc]), [Effect::Redraw]);
    assert!(app.import.is_none());
    assert_eq!(app.step, Step::AccessKeyId);
    // Step 2 too.
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Secret);
    assert!(keys(&mut app, &[Key::Ctrl('o')]).contains(&Effect::Import(Job::Scan)));
    keys(&mut app, &[Key::Esc]);
    // Not on step 3, nor over the help.
    update(
        &mut app,
        Event::Paste(SecretText::from_str_checked(SES_SECRET).unwrap()),
    );
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Region);
    assert!(keys(&mut app, &[Key::Ctrl('o')]).is_empty());
    assert!(app.import.is_none());
    let mut app = App::new(None);
    keys(&mut app, &[Key::Char('?')]);
    assert!(keys(&mut app, &[Key::Ctrl('o')]).is_empty());
    assert!(app.import.is_none());
}

#[test]
fn keys_do_not_reach_the_fields_under_the_overlay() {
    let mut app = opened(None);
    typed(&mut app, "abc");
    update(
        &mut app,
        Event::Paste(SecretText::from_str_checked("/tmp/x").unwrap()),
    );
    assert!(app.key_id.is_empty());
    assert_eq!(st(&app).csv_path, "abc/tmp/x");
    assert_eq!(st(&app).source, Source::Csv);
    // Ctrl-C still quits.
    assert_eq!(
        keys(&mut app, &[Key::Ctrl('c')]),
        [Effect::Redraw, Effect::Quit]
    );
}

#[test]
fn navigation_between_sources() {
    let mut app = opened(Some(Some(KEY_ID)));
    assert_eq!(
        st(&app).sources(),
        [Source::Credentials, Source::Env, Source::Csv]
    );
    assert_eq!(st(&app).source, Source::Credentials);
    assert!(keys(&mut app, &[Key::Up]).is_empty());
    keys(&mut app, &[Key::Down]);
    assert_eq!(st(&app).source, Source::Env);
    keys(&mut app, &[Key::Down]);
    assert_eq!(st(&app).source, Source::Csv);
    assert!(keys(&mut app, &[Key::Down]).is_empty());
    keys(&mut app, &[Key::Home]);
    assert_eq!(st(&app).source, Source::Credentials);
    keys(&mut app, &[Key::End]);
    assert_eq!(st(&app).source, Source::Csv);
}

#[test]
fn a_profile_fills_both_fields_and_moves_on_to_the_region() {
    let mut app = opened(None);
    assert_eq!(
        keys(&mut app, &[Key::Enter]),
        [Effect::Redraw, Effect::Import(Job::ListCredentials)]
    );
    assert_eq!(st(&app).waiting, Some(Job::ListCredentials));
    // Waiting: keys other than Esc wait too.
    assert!(keys(&mut app, &[Key::Down, Key::Enter]).is_empty());
    assert_eq!(
        update(&mut app, Event::Import(profiles())),
        [Effect::Redraw]
    );
    let s = st(&app);
    assert_eq!(s.screen, Screen::Profiles);
    assert_eq!(s.file_name, "~/.aws/credentials");
    assert_eq!(s.profiles.len(), 6);
    assert!(s.file.is_some());
    assert_eq!(s.selected, 0);
    keys(&mut app, &[Key::Down]);
    assert_eq!(
        keys(&mut app, &[Key::Enter]),
        [Effect::Redraw, Effect::Import(Job::LoadSelected)]
    );
    assert_eq!(run_load(&mut app), [Effect::Redraw]);

    assert!(app.import.is_none(), "the overlay and its file are gone");
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.reached, Step::Region);
    assert_eq!(app.key_id, "AKIAIOSFODNN7EXAMPL2");
    assert!(app.secret.is_empty(), "only the deriver is kept");
    assert!(app.deriver.is_some());
    assert_eq!(app.secret_len, 40);
    let origin = "profile \"ses-smtp\" in ~/.aws/credentials";
    assert_eq!(app.origin.as_deref(), Some(origin));
    let status = app.status.as_ref().unwrap();
    assert_eq!(status.tone, Tone::Success);
    assert_eq!(status.text, format!("key imported from {origin}"));

    typed(&mut app, "us-east-1");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.password.as_ref().unwrap().expose(), SES_PASSWORD);
    // The origin stays while the fields do; editing either forgets it.
    keys(&mut app, &[Key::BackTab, Key::BackTab]);
    assert_eq!(app.origin.as_deref(), Some(origin));
    typed(&mut app, "X");
    assert!(app.origin.is_none());
}

#[test]
fn an_unusable_profile_is_refused_with_its_reason() {
    let mut app = opened(None);
    keys(&mut app, &[Key::Enter]);
    update(&mut app, Event::Import(profiles()));
    keys(&mut app, &[Key::Down, Key::Down]);
    assert_eq!(st(&app).profiles[2].name, "session");
    assert_eq!(keys(&mut app, &[Key::Enter]), [Effect::Redraw]);
    let e = st(&app).error.clone().unwrap();
    assert!(
        e.contains("profile \"session\"") && e.contains("aws_session_token"),
        "{e}"
    );
    assert!(st(&app).waiting.is_none());
    // Every greyed one refuses.
    for i in 3..6 {
        keys(&mut app, &[Key::Down]);
        assert_eq!(st(&app).selected, i);
        assert_eq!(keys(&mut app, &[Key::Enter]), [Effect::Redraw]);
        assert!(st(&app).error.is_some());
    }
    // The next key clears the message; an ignored key still redraws to do so.
    assert_eq!(keys(&mut app, &[Key::Char('x')]), [Effect::Redraw]);
    assert!(st(&app).error.is_none());
    // ← goes back to the sources and drops the file.
    keys(&mut app, &[Key::Left]);
    assert_eq!(st(&app).screen, Screen::Sources);
    assert!(st(&app).file.is_none() && st(&app).profiles.is_empty());
    assert!(app.key_id.is_empty() && app.deriver.is_none());
}

#[test]
fn a_csv_with_several_rows_lets_the_user_pick() {
    let mut app = opened(None);
    typed(&mut app, "~/user-credentials.csv");
    assert_eq!(st(&app).source, Source::Csv);
    keys(&mut app, &[Key::Backspace]);
    typed(&mut app, "v");
    assert_eq!(
        keys(&mut app, &[Key::Enter]),
        [Effect::Redraw, Effect::Import(Job::ListCsv)]
    );
    assert_eq!(
        update(&mut app, Event::Import(rows("user-credentials.csv"))),
        [Effect::Redraw]
    );
    assert_eq!(st(&app).screen, Screen::Rows);
    assert_eq!(st(&app).rows.len(), 3);
    keys(&mut app, &[Key::End]);
    assert_eq!(st(&app).selected, 2);
    keys(&mut app, &[Key::Enter]);
    run_load(&mut app);
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.key_id, "AKIAIOSFODNN7EXAMPL3");
    assert_eq!(
        app.origin.as_deref(),
        Some("~/user-credentials.csv, row 3 (line 4)")
    );
}

#[test]
fn a_csv_with_one_row_is_taken_directly() {
    let mut app = opened(None);
    typed(&mut app, "k.csv");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(
        update(&mut app, Event::Import(rows("access-keys.csv"))),
        [Effect::Redraw, Effect::Import(Job::LoadSelected)]
    );
    run_load(&mut app);
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.key_id, KEY_ID);
}

#[test]
fn csv_rows_that_cannot_be_used_are_refused() {
    let mut app = opened(None);
    typed(&mut app, "short-row.csv");
    keys(&mut app, &[Key::Enter]);
    update(&mut app, Event::Import(rows("short-row.csv")));
    assert_eq!(st(&app).rows.len(), 3);
    keys(&mut app, &[Key::Down]);
    assert_eq!(keys(&mut app, &[Key::Enter]), [Effect::Redraw]);
    let e = st(&app).error.clone().unwrap();
    assert!(e.starts_with("row 2 (line 3) cannot be used: "), "{e}");
}

#[test]
fn csv_errors_show_in_the_overlay() {
    let mut app = opened(None);
    keys(&mut app, &[Key::End]);
    // No path yet.
    assert_eq!(keys(&mut app, &[Key::Enter]), [Effect::Redraw]);
    assert!(st(&app).error.as_ref().unwrap().contains("path"));
    typed(&mut app, "~/missing.csv");
    assert!(st(&app).error.is_none());
    keys(&mut app, &[Key::Enter]);
    let msg = "~/missing.csv: cannot open the file: no such file";
    update(
        &mut app,
        Event::Import(ImportEvent::Listed(Err(msg.into()))),
    );
    assert_eq!(st(&app).error.as_deref(), Some(msg));
    assert_eq!(st(&app).screen, Screen::Sources);
    assert!(st(&app).waiting.is_none());
    // A file with only its header: nothing to pick.
    keys(&mut app, &[Key::Ctrl('u')]);
    assert!(st(&app).csv_path.is_empty());
    typed(&mut app, "header-only.csv");
    keys(&mut app, &[Key::Enter]);
    update(&mut app, Event::Import(rows("header-only.csv")));
    assert_eq!(st(&app).screen, Screen::Sources);
    assert!(st(&app).file.is_none());
    assert!(st(&app).error.as_ref().unwrap().contains("no key row"));
}

#[test]
fn the_environment_is_offered_when_set() {
    let mut app = opened(Some(Some(KEY_ID)));
    keys(&mut app, &[Key::Down]);
    assert_eq!(
        keys(&mut app, &[Key::Enter]),
        [Effect::Redraw, Effect::Import(Job::LoadEnv)]
    );
    let origin = "environment (AWS_SECRET_ACCESS_KEY)";
    update(
        &mut app,
        Event::Import(imported(SES_SECRET, Some(KEY_ID), origin)),
    );
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.key_id, KEY_ID);
    assert_eq!(app.origin.as_deref(), Some(origin));
    // Without AWS_ACCESS_KEY_ID the username is left out, and the status says so.
    let mut app = opened(Some(None));
    typed(&mut app, "junk");
    keys(&mut app, &[Key::Home, Key::Down, Key::Enter]);
    update(&mut app, Event::Import(imported(SES_SECRET, None, origin)));
    assert_eq!(app.step, Step::Region);
    assert!(app.key_id.is_empty());
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("username is left out")
    );
    // An env error stays in the overlay.
    let mut app = opened(Some(None));
    keys(&mut app, &[Key::Down, Key::Enter]);
    let msg = "environment: AWS_SESSION_TOKEN is set: these are temporary";
    update(
        &mut app,
        Event::Import(ImportEvent::Loaded(Err(msg.into()))),
    );
    assert_eq!(st(&app).error.as_deref(), Some(msg));
}

#[test]
fn a_pair_the_steps_would_refuse_is_not_filled_in() {
    let mut app = opened(Some(None));
    typed(&mut app, "x.csv");
    update(
        &mut app,
        Event::Import(ImportEvent::Loaded(Err("x".into()))),
    );
    // Not waiting for a load: ignored.
    assert!(st(&app).error.is_none());
    keys(&mut app, &[Key::Home, Key::Down, Key::Enter]);
    update(
        &mut app,
        Event::Import(imported("abc def", Some(KEY_ID), "env")),
    );
    let e = st(&app).error.clone().unwrap();
    assert!(e.starts_with("env: the secret access key: "), "{e}");
    assert!(!e.contains("abc"));
    assert!(app.key_id.is_empty() && app.deriver.is_none());
    assert_eq!(app.step, Step::AccessKeyId);
    keys(&mut app, &[Key::Enter]);
    update(
        &mut app,
        Event::Import(imported(SES_SECRET, Some("ASIAIOSFODNN7EXAMPLE"), "env")),
    );
    assert!(st(&app).error.as_ref().unwrap().contains("access key ID"));
    assert!(app.key_id.is_empty());
    // What step 2 refuses, the import refuses: an SMTP password, a cut-off ID.
    keys(&mut app, &[Key::Enter]);
    let smtp = crate::derive::smtp_password(SES_SECRET, "us-east-1");
    update(
        &mut app,
        Event::Import(imported(smtp.expose(), Some(KEY_ID), "env")),
    );
    assert!(st(&app).error.as_ref().unwrap().contains("SMTP password"));
    keys(&mut app, &[Key::Enter]);
    update(
        &mut app,
        Event::Import(imported(SES_SECRET, Some("AKIA123"), "env")),
    );
    assert!(st(&app).error.as_ref().unwrap().contains("has 7"));
    assert!(app.key_id.is_empty() && app.deriver.is_none());
}

#[test]
fn results_after_closing_are_dropped() {
    let mut app = opened(None);
    keys(&mut app, &[Key::Enter]);
    // Esc works while waiting.
    keys(&mut app, &[Key::Esc]);
    assert!(app.import.is_none());
    assert!(update(&mut app, Event::Import(profiles())).is_empty());
    assert!(update(&mut app, Event::Import(scanned(None))).is_empty());
    assert!(
        update(
            &mut app,
            Event::Import(imported(SES_SECRET, Some(KEY_ID), "env"))
        )
        .is_empty()
    );
    assert!(app.import.is_none() && app.key_id.is_empty() && app.deriver.is_none());
    // A listing nobody asked for is ignored too.
    let mut app = opened(None);
    assert!(update(&mut app, Event::Import(profiles())).is_empty());
    assert_eq!(st(&app).screen, Screen::Sources);
}

#[test]
fn a_secret_pasted_as_the_path_is_refused() {
    let mut app = opened(None);
    update(
        &mut app,
        Event::Paste(SecretText::from_str_checked(SES_SECRET).unwrap()),
    );
    assert!(st(&app).csv_path.is_empty());
    assert!(st(&app).error.as_ref().unwrap().contains("secret"));
    update(
        &mut app,
        Event::Paste(SecretText::from_str_checked("a\u{7}b").unwrap()),
    );
    assert!(st(&app).csv_path.is_empty());
}

#[test]
fn a_typed_secret_on_step_two_is_replaced() {
    let mut app = App::new(None);
    typed(&mut app, "AKIAIOSFODNN7EXAMPL9");
    keys(&mut app, &[Key::Enter]);
    typed(&mut app, "half-typed");
    keys(&mut app, &[Key::Ctrl('r'), Key::Ctrl('o')]);
    keys(&mut app, &[Key::Enter]);
    update(&mut app, Event::Import(profiles()));
    keys(&mut app, &[Key::Enter]);
    run_load(&mut app);
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.key_id, KEY_ID);
    assert!(app.secret.is_empty() && !app.reveal_secret);
    // The default profile's secret (tests/data/smtp-password.tsv, us-east-1, the first line).
    keys(&mut app, &[Key::Down, Key::Enter]);
    assert_eq!(
        app.password.as_ref().unwrap().expose(),
        "BCKR7SzjIg7slosnMG/fJ6Fn9/y5GcVG61DJB4CoNsEo"
    );
}

#[test]
fn a_new_conversion_closes_and_forgets() {
    let mut app = opened(None);
    keys(&mut app, &[Key::Enter]);
    update(&mut app, Event::Import(profiles()));
    keys(&mut app, &[Key::Down, Key::Enter]);
    run_load(&mut app);
    keys(&mut app, &[Key::Down, Key::Enter]);
    assert_eq!(app.step, Step::Card);
    keys(&mut app, &[Key::Char('n')]);
    assert!(app.origin.is_none() && app.import.is_none());
}

#[test]
fn the_iam_user_name_shows_on_the_card_fit_to_show() {
    let with_user = |name: &str| {
        let mut app = opened(Some(None));
        keys(&mut app, &[Key::Home, Key::Down, Key::Enter]);
        update(
            &mut app,
            Event::Import(ImportEvent::Loaded(Ok(Imported {
                secret: SecretText::from_str_checked(SES_SECRET).unwrap(),
                access_key_id: Some(KEY_ID.into()),
                user_name: Some(name.into()),
                origin: "ses_accessKeys.csv".into(),
            }))),
        );
        keys(&mut app, &[Key::Down, Key::Enter]);
        assert_eq!(app.step, Step::Card);
        app
    };
    let app = with_user("ses-smtp-user");
    assert_eq!(app.iam_user.as_deref(), Some("ses-smtp-user"));
    let screen = crate::tui::test_support::text(&crate::tui::test_support::screen(&app));
    assert!(screen.contains("(IAM user ses-smtp-user)"), "{screen}");
    // Escape sequences are dropped; a secret in the user-name column is never shown.
    assert_eq!(
        with_user("a\x1b]2;x\x07b").iam_user.as_deref(),
        Some("a]2;xb")
    );
    assert_eq!(with_user(SES_SECRET).iam_user, None);
    // Editing the key forgets whose it was.
    let mut app = with_user("ses-smtp-user");
    keys(&mut app, &[Key::Esc, Key::Esc, Key::Backspace]);
    assert_eq!(app.iam_user, None);
}
