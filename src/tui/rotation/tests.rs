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
    let request = req.clone();
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
            Effect::Rotation(r) if r.job == job => Some(r.clone()),
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
    assert!(text.contains("seskey rotate smtp-user --finish"), "{text}");
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
