//! The rotation paths' transitions, with the workers' outcomes fed in as events.

use super::*;
use crate::iam::test_key as key;
use crate::secret::SecretText;
use crate::tui::event::Event;
use crate::tui::test_support::{keys, typed};
use crate::tui::update::update;

const NEW_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// Feeds `outcome` as the answer to `req`.
fn answer(app: &mut App, req: &Request, outcome: Outcome) -> Vec<Effect> {
    let request = Box::new(req.clone());
    update(app, Event::Rotation(RotationEvent { request, outcome }))
}

/// Feeds `outcome` as the answer to the job awaited now (`ListUsers` for [`Outcome::Users`]).
pub(crate) fn ev(app: &mut App, outcome: Outcome) -> Vec<Effect> {
    let st = app.rotation.as_ref().expect("the overlay is open");
    let req = match outcome {
        Outcome::Users(_) => Request {
            job: Job::ListUsers,
            ticket: st.listing.expect("the users are being listed"),
            user: String::new(),
            path: st.path,
            delete_first: None,
            old: None,
            ids: Vec::new(),
        },
        _ => st.busy.clone().expect("a job is awaited"),
    };
    answer(app, &req, outcome)
}

/// The request for `job` among `fx`.
fn asked(fx: &[Effect], job: Job) -> Request {
    fx.iter()
        .find_map(|f| match f {
            Effect::Rotation(r) if r.job == job => Some((**r).clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {job:?} in {fx:?}"))
}

/// Whether `fx` asks for `job`.
fn has(fx: &[Effect], job: Job) -> bool {
    fx.iter()
        .any(|f| matches!(f, Effect::Rotation(r) if r.job == job))
}

/// The start screen, "Rotate" chosen, users listed.
pub(crate) fn at_user(path: Path) -> App {
    let mut app = App::new(None);
    open_start(&mut app);
    let down = Path::ALL.iter().position(|&p| p == path).unwrap();
    for _ in 0..down {
        keys(&mut app, &[Key::Down]);
    }
    let fx = keys(&mut app, &[Key::Enter]);
    assert!(has(&fx, Job::ListUsers));
    ev(
        &mut app,
        Outcome::Users(Ok(vec!["app-mailer".into(), "smtp-user".into()])),
    );
    app
}

/// The keys screen for `smtp-user` with `ks`.
pub(crate) fn at_keys(ks: Vec<KeyInfo>) -> App {
    let mut app = at_user(Path::Rotate);
    typed(&mut app, "smtp");
    let fx = keys(&mut app, &[Key::Down, Key::Enter]);
    assert!(has(&fx, Job::Lookup));
    assert_eq!(app.rotation.as_ref().unwrap().user, "smtp-user");
    ev(
        &mut app,
        Outcome::Looked(Ok(Lookup {
            keys: ks,
            permission: SendPermission::Allowed,
        })),
    );
    app
}

fn new_key() -> NewKey {
    NewKey {
        id: "AKIANEWKEY0000000001".into(),
        secret: SecretText::from_str_checked(NEW_SECRET).unwrap(),
    }
}

/// A rotation created and on the card (us-east-1).
pub(crate) fn rotated() -> App {
    let mut app = at_keys(vec![key("AKIAOLDKEY0000000001", true, 100, Some(150))]);
    keys(&mut app, &[Key::Enter]);
    let fx = keys(&mut app, &[Key::Char('y')]);
    assert!(has(&fx, Job::Create));
    ev(&mut app, Outcome::Created(Ok(new_key())));
    typed(&mut app, "us-east-1");
    keys(&mut app, &[Key::Enter]);
    app
}

#[test]
fn convert_goes_to_step_one_unchanged() {
    let mut app = App::new(None);
    open_start(&mut app);
    keys(&mut app, &[Key::Enter]);
    assert!(app.rotation.is_none());
    assert_eq!(app.step, Step::AccessKeyId);
}

/// Esc on an empty step 1 goes back to the start screen the user came from, and the key bar,
/// the help and `q` say so; once something was entered it asks before quitting, as before.
#[test]
fn esc_on_an_empty_step_one_goes_back_to_the_start_screen() {
    use crate::tui::keymap;
    let esc = |app: &App| {
        keymap::bar(app)
            .into_iter()
            .find(|&(k, _)| k == "Esc")
            .map(|(_, l)| l)
    };
    let help_esc = |app: &App| keymap::help(app).find(|&(k, _)| k == "Esc").unwrap().1;
    let mut app = App::new(None);
    open_start(&mut app);
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::AccessKeyId);
    assert_eq!(esc(&app), Some(t("tui.keys.back")));
    assert_eq!(help_esc(&app), t("tui.help.esc_start"));
    keys(&mut app, &[Key::Char('q')]);
    let said = &app.status.as_ref().unwrap().text;
    assert!(
        said.contains("start screen") && !said.contains("twice"),
        "{said}"
    );
    let fx = keys(&mut app, &[Key::Esc]);
    assert!(!fx.contains(&Effect::Quit), "{fx:?}");
    let st = app.rotation.as_ref().expect("the start screen");
    assert_eq!((st.screen, st.choice), (Screen::Start, 0));
    assert_eq!(app.status, None);
    // There, Esc quits.
    assert!(keys(&mut app, &[Key::Esc]).contains(&Effect::Quit));

    // Something entered: the question first, then quitting, as the bar says.
    let mut app = App::new(None);
    open_start(&mut app);
    keys(&mut app, &[Key::Enter]);
    typed(&mut app, "AKIA");
    assert_eq!(esc(&app), Some(t("tui.keys.quit")));
    assert_eq!(keys(&mut app, &[Key::Esc]), [Effect::Redraw]);
    assert!(app.quit_armed);
    assert!(keys(&mut app, &[Key::Esc]).contains(&Effect::Quit));

    // A new conversion from the card keeps the way back.
    let mut app = App::new(None);
    open_start(&mut app);
    keys(&mut app, &[Key::Enter, Key::Enter]);
    update(
        &mut app,
        Event::Paste(SecretText::from_str_checked(NEW_SECRET).unwrap()),
    );
    keys(&mut app, &[Key::Enter]);
    typed(&mut app, "us-east-1");
    keys(&mut app, &[Key::Enter, Key::Char('n')]);
    assert_eq!(app.step, Step::AccessKeyId);
    assert!(!keys(&mut app, &[Key::Esc]).contains(&Effect::Quit));
    assert!(app.rotation.is_some());

    // Opened on step 1 (`SESKEY_START=convert`): Esc quits, and the bar and help say so.
    let mut app = App::new(None);
    assert_eq!(esc(&app), Some(t("tui.keys.quit")));
    assert_eq!(help_esc(&app), t("tui.help.esc"));
    assert!(keys(&mut app, &[Key::Esc]).contains(&Effect::Quit));
}

/// A Korean particle after a key ID or a user name depends on how it is read (`…0001` ends in
/// a number name: 을, not 를), so the IAM screens write both forms, 을(를), as the [iam] table
/// does, or put no particle after the name.
#[test]
fn korean_particles_after_names_fit_any_name() {
    use crate::i18n::{Lang, catalogue};
    for (key, msg) in catalogue(Lang::Ko) {
        if !key.starts_with("tui.rot.") {
            continue;
        }
        for name in ["{key}", "{keys}", "{user}", "{policy}"] {
            for (at, _) in msg.match_indices(name) {
                let mut after = msg[at + name.len()..].chars();
                let first = after.next();
                let fixed = first.is_some_and(|c| "을를은는이가와과".contains(c))
                    && after.next() != Some('(');
                assert!(!fixed, "{key}: a fixed particle after {name}: {msg}");
            }
        }
    }
}

/// Without credentials the wizard says what to do for the wizard (an environment variable or a
/// login, then a restart), not the command line's `--profile NAME`; the SDK's text comes last,
/// in brackets. The command line's wording stays.
#[test]
fn no_credentials_is_worded_for_the_wizard() {
    use crate::i18n::{Lang, with_lang};
    use crate::iam::IamError;
    let detail = "dispatch failure: other: failed to load IMDS session token";
    let e = IamError::NoCredentials {
        detail: detail.into(),
    };
    for lang in Lang::ALL {
        with_lang(lang, || {
            let said = jobs::wizard_text(e.clone());
            assert!(!said.contains("--profile"), "{said}");
            for what in ["AWS_PROFILE", "aws sso login", "aws configure", "seskey"] {
                assert!(said.contains(what), "{lang:?}: no {what}: {said}");
            }
            assert!(said.ends_with(&format!("{detail})")), "{said}");
            assert_eq!(said.matches(detail).count(), 1);
            // Everything else is worded as on the command line.
            let other = IamError::NoSuchUser {
                resource: "smtp".into(),
            };
            assert_eq!(jobs::wizard_text(other.clone()), other.to_string());
        });
    }
    assert!(e.to_string().contains("--profile NAME"));
}

#[test]
fn esc_on_the_start_screen_quits() {
    let mut app = App::new(None);
    open_start(&mut app);
    assert!(keys(&mut app, &[Key::Esc]).contains(&Effect::Quit));
}

#[test]
fn a_denied_list_falls_back_to_typing() {
    let mut app = App::new(None);
    open_start(&mut app);
    keys(&mut app, &[Key::Down, Key::Enter]);
    ev(&mut app, Outcome::Users(Err("access denied".into())));
    typed(&mut app, "smtp-user");
    assert!(has(&keys(&mut app, &[Key::Enter]), Job::Lookup));
    assert_eq!(app.rotation.as_ref().unwrap().user, "smtp-user");
}

#[test]
fn a_bad_user_name_is_refused() {
    let mut app = at_user(Path::Rotate);
    typed(&mut app, "a ");
    let st = app.rotation.as_ref().unwrap();
    assert_eq!(st.user, "a");
    assert!(st.error.is_some());
}

#[test]
fn rotation_creates_a_key_keeps_only_the_deriver_and_opens_step_three() {
    let mut app = at_keys(vec![key("AKIAOLDKEY0000000001", true, 100, None)]);
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.rotation.as_ref().unwrap().screen, Screen::Confirm);
    // Nothing happens in IAM before `y`.
    assert!(!has(&keys(&mut app, &[Key::Enter]), Job::Create));
    assert!(has(&keys(&mut app, &[Key::Char('y')]), Job::Create));
    ev(&mut app, Outcome::Created(Ok(new_key())));
    assert!(app.rotation.is_none());
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.key_id, "AKIANEWKEY0000000001");
    assert!(app.secret.is_empty(), "the new secret is not kept");
    let expected = Deriver::new(NEW_SECRET).password("us-east-1");
    typed(&mut app, "us-east-1");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Card);
    assert_eq!(app.password.as_ref().unwrap().expose(), expected.expose());
    let fresh = app.fresh.as_ref().unwrap();
    assert_eq!(fresh.old.as_ref().unwrap().id, "AKIAOLDKEY0000000001");
}

#[test]
fn two_active_keys_block_and_d_is_not_offered() {
    let mut app = at_keys(vec![
        key("AKIAOLDKEY0000000001", true, 100, None),
        key("AKIAOLDKEY0000000002", true, 200, None),
    ]);
    assert!(!can_delete(app.rotation.as_ref().unwrap()));
    keys(&mut app, &[Key::Char('d'), Key::Enter]);
    let st = app.rotation.as_ref().unwrap();
    assert_eq!(st.screen, Screen::Keys);
    assert!(st.error.as_ref().unwrap().contains("--finish"));
}

#[test]
fn an_inactive_key_may_be_deleted_first_on_request() {
    let mut app = at_keys(vec![
        key("AKIAOLDKEY0000000001", false, 100, None),
        key("AKIAOLDKEY0000000002", true, 200, None),
    ]);
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.rotation.as_ref().unwrap().screen, Screen::Keys);
    keys(&mut app, &[Key::Char('d'), Key::Enter]);
    let st = app.rotation.as_ref().unwrap();
    assert_eq!(st.screen, Screen::Confirm);
    let p = st.plan().unwrap().unwrap();
    assert_eq!(p.delete_first.unwrap().id, "AKIAOLDKEY0000000001");
    assert_eq!(p.old.unwrap().id, "AKIAOLDKEY0000000002");
}

#[test]
fn an_aws_error_is_shown_and_the_screen_stays() {
    let mut app = at_keys(vec![]);
    keys(&mut app, &[Key::Enter, Key::Char('y')]);
    ev(
        &mut app,
        Outcome::Created(Err("access denied: iam:CreateAccessKey".into())),
    );
    let st = app.rotation.as_ref().unwrap();
    assert_eq!(st.screen, Screen::Confirm);
    assert!(st.busy.is_none());
    assert!(st.error.as_ref().unwrap().contains("iam:CreateAccessKey"));
    assert!(app.deriver.is_none());
}

#[test]
fn create_user_asks_then_creates() {
    let mut app = at_user(Path::CreateUser);
    typed(&mut app, "new-mailer");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.rotation.as_ref().unwrap().screen, Screen::Confirm);
    assert!(has(&keys(&mut app, &[Key::Char('y')]), Job::Create));
    ev(&mut app, Outcome::Created(Ok(new_key())));
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.fresh.as_ref().unwrap().path, Path::CreateUser);
}

fn finishing(ks: Vec<KeyInfo>) -> App {
    let mut app = rotated();
    let fx = keys(&mut app, &[Key::Char('f')]);
    assert!(has(&fx, Job::FinishList));
    ev(&mut app, Outcome::FinishKeys(Ok(ks)));
    app
}

#[test]
fn finish_deactivates_then_deletes_after_asking() {
    let mut app = finishing(vec![
        key("AKIAOLDKEY0000000001", true, 100, Some(150)),
        key("AKIANEWKEY0000000001", true, 200, None),
    ]);
    assert!(has(&keys(&mut app, &[Key::Char('y')]), Job::Deactivate));
    ev(&mut app, Outcome::Deactivated(Ok(())));
    let st = app.rotation.as_ref().unwrap();
    assert_eq!(st.finish, FinishPhase::Deactivated);
    assert_eq!(st.to_delete()[0].id, "AKIAOLDKEY0000000001");
    assert!(has(&keys(&mut app, &[Key::Char('y')]), Job::Delete));
    ev(&mut app, Outcome::Deleted(Ok(())));
    assert_eq!(app.rotation.as_ref().unwrap().finish, FinishPhase::Deleted);
    keys(&mut app, &[Key::Enter]);
    assert!(app.rotation.is_none());
    assert_eq!(app.step, Step::Card);
}

#[test]
fn finish_refuses_a_key_still_in_use_until_confirmed() {
    let mut app = finishing(vec![
        key("AKIAOLDKEY0000000001", true, 100, Some(300)),
        key("AKIANEWKEY0000000001", true, 200, None),
    ]);
    assert!(keys(&mut app, &[Key::Char('y')]).is_empty());
    keys(&mut app, &[Key::Char('f')]);
    assert!(app.rotation.as_ref().unwrap().force);
    assert!(has(&keys(&mut app, &[Key::Char('y')]), Job::Deactivate));
}

#[test]
fn a_refused_login_of_a_new_key_says_it_retries() {
    let mut app = rotated();
    keys(&mut app, &[Key::Char('t')]);
    let id = app.check_seq;
    update(&mut app, Event::CheckRetry { id, seconds: 5 });
    assert!(app.status.as_ref().unwrap().text.contains('5'));
}

#[test]
fn reset_forgets_the_rotation() {
    let mut app = rotated();
    app.reset();
    assert!(app.fresh.is_none() && app.rotation.is_none() && app.deriver.is_none());
}

/// The bug of issue 15: Esc from step 3 went to step 2, where a typed secret replaced the new
/// key's derivation; the key stayed in IAM with its password lost.
#[test]
fn esc_from_region_keeps_the_new_keys_derivation_until_the_discard_is_confirmed() {
    let mut app = at_keys(vec![key("AKIAOLDKEY0000000001", true, 100, None)]);
    keys(&mut app, &[Key::Enter, Key::Char('y')]);
    ev(&mut app, Outcome::Created(Ok(new_key())));
    assert_eq!(app.step, Step::Region);
    let expected = Deriver::new(NEW_SECRET).password("us-east-1");

    // Esc asks, naming the key left behind; it does not go to step 2.
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.step, Step::Region);
    let text = &app.status.as_ref().unwrap().text;
    assert!(text.contains("AKIANEWKEY0000000001"), "{text}");
    // The way to delete it names the new key, not --finish (which retires the old one).
    assert!(
        text.contains("--user-name smtp-user --access-key-id AKIANEWKEY0000000001"),
        "{text}"
    );
    // Shift-Tab asks too, and any other key takes the question back.
    keys(&mut app, &[Key::Char('u')]);
    assert!(app.status.is_none());
    keys(&mut app, &[Key::BackTab]);
    assert_eq!(app.step, Step::Region);
    keys(&mut app, &[Key::Backspace]);
    // The derivation is intact: the card shows the new key's password.
    typed(&mut app, "us-east-1");
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.step, Step::Card);
    assert_eq!(app.password.as_ref().unwrap().expose(), expected.expose());
    // Back from the card to step 3, then Esc twice: dropped, and back to the keys screen,
    // looked up again (the new key is one of them now), never to step 2.
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.step, Step::Region);
    keys(&mut app, &[Key::Esc]);
    assert!(app.deriver.is_some());
    let fx = keys(&mut app, &[Key::Esc]);
    assert!(has(&fx, Job::Lookup), "{fx:?}");
    assert!(app.deriver.is_none() && app.fresh.is_none() && app.password.is_none());
    assert!(app.key_id.is_empty());
    let st = app.rotation.as_ref().unwrap();
    assert_eq!((st.path, st.user.as_str()), (Path::Rotate, "smtp-user"));
    ev(
        &mut app,
        Outcome::Looked(Ok(Lookup {
            keys: vec![
                key("AKIAOLDKEY0000000001", true, 100, None),
                key("AKIANEWKEY0000000001", true, 200, None),
            ],
            permission: SendPermission::Allowed,
        })),
    );
    assert_eq!(app.rotation.as_ref().unwrap().screen, Screen::Keys);
}

/// "Rotate" chosen on the start screen; the user list asked for, not yet answered.
fn rotate_chosen() -> App {
    let mut app = App::new(None);
    open_start(&mut app);
    keys(&mut app, &[Key::Down]);
    let fx = keys(&mut app, &[Key::Enter]);
    assert!(has(&fx, Job::ListUsers));
    app
}

/// The name typed (and Enter pressed) before `ListUsers` answers is kept: the list is not a job
/// the keys wait for, and its late answer does not end the lookup started meanwhile.
#[test]
fn typing_while_the_users_load_is_kept() {
    let mut app = rotate_chosen();
    typed(&mut app, "smtp-user");
    assert_eq!(app.rotation.as_ref().unwrap().user, "smtp-user");
    let fx = keys(&mut app, &[Key::Enter]);
    assert!(has(&fx, Job::Lookup));
    ev(&mut app, Outcome::Users(Ok(vec!["smtp-user".into()])));
    let st = app.rotation.as_ref().unwrap();
    assert_eq!(
        st.busy.as_ref().map(|r| r.job),
        Some(Job::Lookup),
        "the lookup is still awaited"
    );
    assert!(st.listing.is_none());
    ev(
        &mut app,
        Outcome::Looked(Ok(Lookup {
            keys: vec![key("AKIAOLDOLDOLDOLDOLD1", true, 1, None)],
            permission: SendPermission::Allowed,
        })),
    );
    assert_eq!(app.rotation.as_ref().unwrap().screen, Screen::Keys);
}

/// Going back and choosing again while the list is on its way asks IAM once.
#[test]
fn the_users_are_listed_once() {
    let mut app = rotate_chosen();
    let again = keys(&mut app, &[Key::Esc, Key::Enter]);
    assert!(!has(&again, Job::ListUsers), "{again:?}");
    assert_eq!(app.rotation.as_ref().unwrap().screen, Screen::User);
}

fn looked(id: &str) -> Outcome {
    Outcome::Looked(Ok(Lookup {
        keys: vec![key(id, true, 100, Some(150))],
        permission: SendPermission::Allowed,
    }))
}

fn made(id: &str) -> Outcome {
    Outcome::Created(Ok(NewKey {
        id: id.into(),
        secret: SecretText::from_str_checked(NEW_SECRET).unwrap(),
    }))
}

/// Rotate chosen again after a busy Esc (the overlay reopens on the start screen), the users
/// listed, `name` typed and Enter pressed: the lookup asked for.
fn rotate_again(app: &mut App, name: &str) -> Request {
    keys(app, &[Key::Down]);
    let fx = keys(app, &[Key::Enter]);
    if has(&fx, Job::ListUsers) {
        ev(app, Outcome::Users(Ok(vec!["alice".into(), "bob".into()])));
    }
    typed(app, name);
    asked(&keys(app, &[Key::Enter]), Job::Lookup)
}

/// Looked up `name`, its keys answered (`old`), and `y` on the confirmation: the create asked
/// for.
fn create_for(app: &mut App, name: &str, old: &str) -> Request {
    let lookup = rotate_again(app, name);
    answer(app, &lookup, looked(old));
    keys(app, &[Key::Enter]);
    asked(&keys(app, &[Key::Char('y')]), Job::Create)
}

fn started() -> App {
    let mut app = App::new(None);
    open_start(&mut app);
    app
}

/// The attack: Esc while alice's lookup runs, then bob looked up. alice's late answer showed
/// her key as bob's, and `y` would have rotated bob against alice's key.
#[test]
fn a_left_lookup_does_not_land_on_the_next_user() {
    let mut app = started();
    let alice = rotate_again(&mut app, "alice");
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.rotation.as_ref().unwrap().screen, Screen::Start);
    let bob = rotate_again(&mut app, "bob");
    assert_eq!((alice.user.as_str(), bob.user.as_str()), ("alice", "bob"));
    assert_ne!(alice.ticket, bob.ticket);

    assert!(answer(&mut app, &alice, looked("AKIAALICEKEY00000001")).is_empty());
    let st = app.rotation.as_ref().unwrap();
    assert_eq!((st.screen, st.user.as_str()), (Screen::User, "bob"));
    assert!(st.lookup.is_none());
    assert_eq!(
        st.busy.as_ref(),
        Some(&bob),
        "bob's lookup is still awaited"
    );
    // Nothing to confirm yet: `y` does nothing.
    assert!(!has(
        &keys(&mut app, &[Key::Enter, Key::Char('y')]),
        Job::Create
    ));

    answer(&mut app, &bob, looked("AKIABOBKEY0000000001"));
    keys(&mut app, &[Key::Enter]);
    let create = asked(&keys(&mut app, &[Key::Char('y')]), Job::Create);
    assert_eq!(create.user, "bob");
    assert_eq!(create.old.unwrap().id, "AKIABOBKEY0000000001");
}

/// The attack's second half: a stale answer arriving while the create runs ended the wait, and
/// a second `y` made a second key. Neither a repeated `y` nor any stale answer starts another.
#[test]
fn a_second_y_cannot_start_a_second_create() {
    let mut app = started();
    let alice = rotate_again(&mut app, "alice");
    keys(&mut app, &[Key::Esc]);
    let bob = rotate_again(&mut app, "bob");
    answer(&mut app, &bob, looked("AKIABOBKEY0000000001"));
    keys(&mut app, &[Key::Enter]);
    let create = asked(&keys(&mut app, &[Key::Char('y')]), Job::Create);
    assert!(!has(&keys(&mut app, &[Key::Char('y')]), Job::Create));
    // alice's lookup, and a repeat of bob's own, land during the create.
    for (req, id) in [
        (&alice, "AKIAALICEKEY00000001"),
        (&bob, "AKIABOBKEY0000000001"),
    ] {
        assert!(answer(&mut app, req, looked(id)).is_empty());
        let st = app.rotation.as_ref().unwrap();
        assert_eq!(
            st.busy.as_ref(),
            Some(&create),
            "the create is still awaited"
        );
        assert_eq!(st.screen, Screen::Confirm);
        assert!(!has(
            &keys(&mut app, &[Key::Enter, Key::Char('y')]),
            Job::Create
        ));
    }
    answer(&mut app, &create, made("AKIANEWKEY0000000001"));
    assert_eq!(app.fresh.as_ref().unwrap().user, "bob");
}

/// A create the operator left (Esc while it ran) still makes the key, and IAM shows its secret
/// only once: it is kept, for the user, path and old key it was asked for, not for whatever is
/// on screen when it lands.
#[test]
fn a_left_create_is_kept_for_its_own_user() {
    let mut app = started();
    let create = create_for(&mut app, "bob", "AKIABOBKEY0000000001");
    keys(&mut app, &[Key::Esc]);
    // Meanwhile alice is being looked up.
    rotate_again(&mut app, "alice");
    answer(&mut app, &create, made("AKIANEWKEY0000000001"));
    let fresh = app.fresh.as_ref().unwrap();
    assert_eq!((fresh.user.as_str(), fresh.path), ("bob", Path::Rotate));
    assert_eq!(fresh.old.as_ref().unwrap().id, "AKIABOBKEY0000000001");
    assert_eq!(app.iam_user.as_deref(), Some("bob"));
    assert_eq!(app.step, Step::Region);
    assert!(app.deriver.is_some() && app.rotation.is_none());
    let text = &app.status.as_ref().unwrap().text;
    assert!(
        text.contains("AKIANEWKEY0000000001") && text.contains("bob"),
        "{text}"
    );
    // `f` finishes bob's rotation.
    typed(&mut app, "us-east-1");
    keys(&mut app, &[Key::Enter]);
    let finish = asked(&keys(&mut app, &[Key::Char('f')]), Job::FinishList);
    assert_eq!(finish.user, "bob");
}

/// A create left running blocks the next one until it lands: were both keys made, only one's
/// derivation could be held. The left one is kept for its own user when it lands.
#[test]
fn a_second_create_waits_for_a_left_one() {
    let mut app = started();
    let alice = create_for(&mut app, "alice", "AKIAALICEKEY00000001");
    keys(&mut app, &[Key::Esc]);
    let bob = rotate_again(&mut app, "bob");
    answer(&mut app, &bob, looked("AKIABOBKEY0000000001"));
    let fx = keys(&mut app, &[Key::Enter, Key::Char('y')]);
    assert!(!has(&fx, Job::Create), "{fx:?}");
    let st = app.rotation.as_ref().unwrap();
    assert_eq!(st.screen, Screen::Confirm);
    assert!(st.busy.is_none());
    assert!(st.error.as_ref().unwrap().contains("alice"));
    answer(&mut app, &alice, made("AKIANEWALICE00000001"));
    let fresh = app.fresh.as_ref().unwrap();
    assert_eq!(
        (fresh.user.as_str(), fresh.id.as_str()),
        ("alice", "AKIANEWALICE00000001")
    );
    assert_eq!(fresh.old.as_ref().unwrap().id, "AKIAALICEKEY00000001");
    assert!(app.creating.is_none());
}

/// Should a left key land while another new key is held (only one derivation can be), it is
/// named, with its user and how to delete it; the held key stays.
#[test]
fn a_late_key_is_reported_when_another_is_held() {
    let mut app = rotated();
    let left = Request {
        job: Job::Create,
        ticket: app.rotation_seq + 1,
        user: "alice".into(),
        path: Path::Rotate,
        delete_first: None,
        old: None,
        ids: Vec::new(),
    };
    answer(&mut app, &left, made("AKIANEWALICE00000001"));
    let fresh = app.fresh.as_ref().unwrap();
    assert_eq!(
        (fresh.user.as_str(), fresh.id.as_str()),
        ("smtp-user", "AKIANEWKEY0000000001")
    );
    assert_eq!(app.step, Step::Card);
    assert_eq!(app.key_id, "AKIANEWKEY0000000001");
    assert!(app.password.is_some());
    let text = &app.status.as_ref().unwrap().text;
    assert!(
        text.contains("AKIANEWALICE00000001")
            && text.contains("alice")
            && text.contains("delete-access-key"),
        "{text}"
    );
}

/// A left create that failed says so: it may be half done.
#[test]
fn a_left_create_that_failed_says_so() {
    let mut app = started();
    let create = create_for(&mut app, "bob", "AKIABOBKEY0000000001");
    keys(&mut app, &[Key::Esc]);
    let fail = Outcome::Created(Err("access denied: iam:CreateAccessKey".into()));
    answer(&mut app, &create, fail);
    let text = &app.status.as_ref().unwrap().text;
    assert!(
        text.contains("bob") && text.contains("iam:CreateAccessKey"),
        "{text}"
    );
    assert!(app.fresh.is_none() && app.deriver.is_none());
}

/// The user list is tied to its request too: the list of an overlay left behind is not taken
/// for the list the new one asked for (which would then be asked for no more).
#[test]
fn a_left_user_list_is_dropped() {
    let mut app = rotate_chosen();
    let first = app.rotation.as_ref().unwrap().listing.unwrap();
    typed(&mut app, "bob");
    keys(&mut app, &[Key::Enter, Key::Esc, Key::Down]);
    let again = asked(&keys(&mut app, &[Key::Enter]), Job::ListUsers);
    assert_ne!(again.ticket, first);
    let stale = Request {
        ticket: first,
        ..again.clone()
    };
    assert!(answer(&mut app, &stale, Outcome::Users(Ok(vec!["old".into()]))).is_empty());
    let st = app.rotation.as_ref().unwrap();
    assert!(st.users.is_none());
    assert_eq!(st.listing, Some(again.ticket));
    answer(&mut app, &again, Outcome::Users(Ok(vec!["bob".into()])));
    assert_eq!(app.rotation.as_ref().unwrap().matching_users(), ["bob"]);
}

/// Enter with no name says to type one (not "'' is not a valid IAM user name") and asks IAM
/// nothing.
#[test]
fn enter_without_a_name_asks_for_one() {
    let mut app = at_user(Path::Rotate);
    let fx = keys(&mut app, &[Key::Enter]);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Rotation(_))),
        "{fx:?}"
    );
    let st = app.rotation.as_ref().unwrap();
    assert_eq!(st.error.as_deref(), Some(t("tui.rot.user_empty")));
}

/// Quitting while a create runs says first what it loses; the same quit again goes.
#[test]
fn quitting_while_a_create_runs_asks_first() {
    let mut app = started();
    let _create = create_for(&mut app, "bob", "AKIABOBKEY0000000001");
    keys(&mut app, &[Key::Esc]); // leave the wait: the start screen
    let fx = keys(&mut app, &[Key::Esc]);
    assert!(!fx.contains(&Effect::Quit), "{fx:?}");
    let said = &app.status.as_ref().unwrap().text;
    assert!(said.contains("bob"), "{said}");
    assert!(keys(&mut app, &[Key::Ctrl('c')]).contains(&Effect::Quit));
}

/// At step 1 after leaving a create's wait.
fn left_create_at_step_one() -> (App, Request) {
    let mut app = started();
    let create = create_for(&mut app, "bob", "AKIABOBKEY0000000001");
    keys(&mut app, &[Key::Esc]); // leave the wait: the start screen
    keys(&mut app, &[Key::Up, Key::Enter]); // "I have a key": step 1
    assert!(app.rotation.is_none());
    (app, create)
}

/// A left create that lands disarms an armed quit: the next Esc asks about dropping the new
/// key instead of quitting without a word.
#[test]
fn a_late_create_disarms_the_quit() {
    let (mut app, create) = left_create_at_step_one();
    typed(&mut app, "AKIA");
    keys(&mut app, &[Key::Esc]);
    assert!(app.quit_armed);
    answer(&mut app, &create, made("AKIANEWKEY0000000001"));
    assert_eq!(app.step, Step::Region);
    let fx = keys(&mut app, &[Key::Esc]);
    assert!(!fx.contains(&Effect::Quit), "{fx:?}");
    assert!(app.fresh.as_ref().is_some_and(|f| f.discard_armed));
}

/// A left create that lands closes the import overlay: a key loaded from it would take the
/// new key's place while `f` would still finish the new key's rotation.
#[test]
fn a_late_create_closes_the_import() {
    let (mut app, create) = left_create_at_step_one();
    keys(&mut app, &[Key::Ctrl('o')]);
    assert!(app.import.is_some());
    answer(&mut app, &create, made("AKIANEWKEY0000000001"));
    assert_eq!(app.step, Step::Region);
    assert!(app.import.is_none());
}

/// A failed user list says to type the name only when listing was denied: without credentials
/// typing the name fails the same way, so that says what to do instead.
#[test]
fn only_a_denied_list_says_to_type_the_name() {
    use crate::iam::IamError;
    let type_it = t("tui.rot.users_denied")
        .rsplit(". ")
        .next()
        .unwrap()
        .to_string();
    let denied = jobs::users_text(IamError::AccessDenied {
        action: "iam:ListUsers",
        resource: "arn:aws:iam::123456789012:user/*".into(),
        detail: "not authorized".into(),
    });
    assert!(denied.contains(&type_it), "{denied}");
    let none = jobs::users_text(IamError::NoCredentials {
        detail: "no provider".into(),
    });
    assert!(!none.contains(&type_it), "{none}");
    assert!(none.contains("AWS_PROFILE"), "{none}");
}
