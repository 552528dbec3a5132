//! The wizard's IAM paths: the start screen ("I have a key" / "Rotate an SMTP user's key" /
//! "Create a new SMTP user"), then the user, their keys, the confirmation, and, after the card,
//! finishing the rotation (deactivate, then delete the old key).
//!
//! Pure like the rest of `update`: a choice returns an [`Effect::Rotation`] with a [`Request`] (a
//! [`Job`], its ticket and its inputs), the runtime runs it on a worker ([`jobs::execute`]) and
//! feeds the outcome back as a [`RotationEvent`] that names its request. Only the outcome of the
//! job awaited is applied: one the operator left (Esc while it ran) is dropped, except a created
//! key's, which is never lost without a word ([`on_event`]). Every IAM change waits for `y` on a
//! screen that says what it does. The decisions of a rotation are [`crate::iam::plan`]'s, shared
//! with the command line.
//!
//! The new key's secret arrives in the [`RotationEvent::Created`] event, in its locked page
//! ([`NewKey`]); [`on_event`] keeps only the [`Deriver`] made from it and drops the page at
//! once: it is never shown or copied (only the SMTP password is).

pub mod jobs;

use zeroize::Zeroize;

use crate::derive::Deriver;
use crate::i18n::t;
use crate::iam::plan::{self, FinishBlocked, FinishPlan, RotationBlocked, RotationPlan};
use crate::iam::{KeyInfo, NewKey, SendPermission};
use crate::tr;
use crate::tui::app::{App, Step, Tone};
use crate::tui::event::Key;
use crate::tui::update::{Effect, edited, go_to, status};

/// What the start screen offers, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// Convert a key the user already has (steps 1 to 4 as always).
    Convert,
    /// Add a new key to an existing SMTP user, then retire the old one.
    Rotate,
    /// Create a sending-only IAM user and its key.
    CreateUser,
}

impl Path {
    /// The start screen's lines, in order.
    pub const ALL: [Path; 3] = [Path::Convert, Path::Rotate, Path::CreateUser];

    /// The line on the start screen.
    pub fn label(self) -> &'static str {
        match self {
            Path::Convert => t("tui.rot.start_convert"),
            Path::Rotate => t("tui.rot.start_rotate"),
            Path::CreateUser => t("tui.rot.start_create"),
        }
    }

    /// The path a `SESKEY_START` value names (`convert`, `rotate`, `create-user`).
    pub fn from_name(name: &str) -> Option<Path> {
        match name.trim() {
            "convert" => Some(Path::Convert),
            "rotate" => Some(Path::Rotate),
            "create-user" => Some(Path::CreateUser),
            _ => None,
        }
    }
}

/// The screen on show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The three ways in.
    Start,
    /// The IAM user's name, typed or picked from `ListUsers`.
    User,
    /// The user's keys with their last use, and what a rotation would do.
    Keys,
    /// What will change in IAM; `y` does it.
    Confirm,
    /// Finishing the rotation: deactivate the old key, then delete it.
    Finish,
}

/// The kind of work for the runtime; a [`Request`] carries it with its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// List the account's users (`ListUsers`).
    ListUsers,
    /// The user's keys with their last use, and whether they may send.
    Lookup,
    /// Rotate: delete the chosen inactive key first if asked, then create the new key. Create
    /// user: create the user with its policy, then the key.
    Create,
    /// The keys again, to plan the finish.
    FinishList,
    /// Deactivate the keys of the finish plan.
    Deactivate,
    /// Delete the keys the finish deactivated (or found inactive).
    Delete,
}

/// A [`Job`] as asked for: its ticket and every input it runs on, fixed when it is asked for
/// (never read from the state when it runs or lands, which may belong to another user by then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// What to do.
    pub job: Job,
    /// Its number ([`App::rotation_seq`]): its outcome is applied only while this is awaited.
    pub ticket: u64,
    /// The IAM user it acts on.
    pub user: String,
    /// The path it belongs to (create: a new user, or a new key for an existing one).
    pub path: Path,
    /// [`Job::Create`] on the rotate path: the inactive key deleted first.
    pub delete_first: Option<KeyInfo>,
    /// [`Job::Create`] on the rotate path: the key the new one replaces.
    pub old: Option<KeyInfo>,
    /// [`Job::Deactivate`], [`Job::Delete`]: the key IDs.
    pub ids: Vec<String>,
}

/// What a [`Job::Lookup`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// The user's keys, oldest first.
    pub keys: Vec<KeyInfo>,
    /// Whether the user may send mail.
    pub permission: SendPermission,
}

/// A job's outcome, with the request it answers.
#[derive(Debug)]
pub struct RotationEvent {
    /// The request, as it was asked for.
    pub request: Box<Request>,
    /// What came of it.
    pub outcome: Outcome,
}

/// What came of a [`Job`]. Errors are [`crate::iam::IamError`]s worded for people.
#[derive(Debug)]
pub enum Outcome {
    /// [`Job::ListUsers`] finished.
    Users(Result<Vec<String>, String>),
    /// [`Job::Lookup`] finished.
    Looked(Result<Lookup, String>),
    /// [`Job::Create`] finished: the new key, its secret moved in, in its locked page.
    Created(Result<NewKey, String>),
    /// [`Job::FinishList`] finished.
    FinishKeys(Result<Vec<KeyInfo>, String>),
    /// [`Job::Deactivate`] finished.
    Deactivated(Result<(), String>),
    /// [`Job::Delete`] finished.
    Deleted(Result<(), String>),
}

/// Where the finish stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinishPhase {
    /// Reading the keys.
    Loading,
    /// The plan is on screen; `y` deactivates.
    Ready,
    /// The old key is inactive; `y` deletes it.
    Deactivated,
    /// The old key is gone: the rotation is over.
    Deleted,
}

/// The overlay's state; `None` in [`App::rotation`] when closed. Holds no secret.
#[derive(Debug)]
pub struct RotationState {
    /// The screen on show.
    pub screen: Screen,
    /// The path chosen on the start screen.
    pub path: Path,
    /// The selected line of the start screen.
    pub choice: usize,
    /// The user name typed (not secret).
    pub user: String,
    /// The account's users, or why they could not be listed; `None` until known.
    pub users: Option<Result<Vec<String>, String>>,
    /// The ticket of the `ListUsers` on its way. Not [`Self::busy`]: the name can be typed (and
    /// Enter pressed) meanwhile, so keys typed before the list arrives are not lost.
    pub listing: Option<u64>,
    /// The selected line of the user list (among those matching the typed name).
    pub picked: Option<usize>,
    /// The user's keys, once looked up.
    pub lookup: Option<Lookup>,
    /// With two keys, one inactive: the operator chose to delete it first
    /// (`--delete-inactive`).
    pub delete_inactive: bool,
    /// The job awaited, as asked for; keys wait meanwhile (Esc and Ctrl-C still work).
    pub busy: Option<Request>,
    /// The last failure, worded for people.
    pub error: Option<String>,
    /// Where the finish stands.
    pub finish: FinishPhase,
    /// The keys as the finish read them.
    pub finish_keys: Vec<KeyInfo>,
    /// The operator confirmed deactivating a key used after the new key was created.
    pub force: bool,
}

impl RotationState {
    /// The start screen, "I have a key" selected.
    pub fn start() -> Self {
        Self {
            screen: Screen::Start,
            path: Path::Convert,
            choice: 0,
            user: String::new(),
            users: None,
            listing: None,
            picked: None,
            lookup: None,
            delete_inactive: false,
            busy: None,
            error: None,
            finish: FinishPhase::Loading,
            finish_keys: Vec::new(),
            force: false,
        }
    }

    /// The users matching the typed name (its start, case ignored), at most all of them.
    pub fn matching_users(&self) -> Vec<&str> {
        let needle = self.user.to_lowercase();
        match &self.users {
            Some(Ok(all)) => all
                .iter()
                .filter(|u| u.to_lowercase().starts_with(&needle))
                .map(String::as_str)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The rotation plan for the looked-up keys.
    pub fn plan(&self) -> Option<Result<RotationPlan, RotationBlocked>> {
        let l = self.lookup.as_ref()?;
        Some(plan::plan_rotation(&l.keys, self.delete_inactive))
    }

    /// The finish plan for the keys read: deactivation (with the force the operator gave).
    pub fn finish_plan(&self) -> Result<FinishPlan, FinishBlocked> {
        plan::plan_finish(&self.finish_keys, false, self.force)
    }

    /// The keys the delete removes: the older keys, which are all inactive by then.
    pub fn to_delete(&self) -> Vec<KeyInfo> {
        plan::plan_finish(&self.finish_keys, true, true)
            .map(|p| p.delete)
            .unwrap_or_default()
    }
}

/// Asks for `job` with the inputs the state holds now, under a new ticket, and awaits it: as
/// [`RotationState::busy`], or for `ListUsers` as [`RotationState::listing`].
fn ask(seq: &mut u64, st: &mut RotationState, job: Job) -> Effect {
    *seq += 1;
    let plan = match (job, st.path) {
        (Job::Create, Path::Rotate) => st.plan().and_then(Result::ok),
        _ => None,
    };
    let ids = match job {
        Job::Deactivate => st
            .finish_plan()
            .map(|p| p.deactivate.into_iter().map(|k| k.id).collect())
            .unwrap_or_default(),
        Job::Delete => st.to_delete().into_iter().map(|k| k.id).collect(),
        _ => Vec::new(),
    };
    let (delete_first, old) = plan.map_or((None, None), |p| (p.delete_first, p.old));
    let req = Request {
        job,
        ticket: *seq,
        user: st.user.clone(),
        path: st.path,
        delete_first,
        old,
        ids,
    };
    if job == Job::ListUsers {
        st.listing = Some(req.ticket);
    } else {
        st.busy = Some(req.clone());
    }
    Effect::Rotation(Box::new(req))
}

/// Whether `req` is the job the overlay awaits.
fn awaits(st: &RotationState, req: &Request) -> bool {
    st.busy.as_ref().is_some_and(|b| b.ticket == req.ticket)
}

/// A key made in this session, kept (without its secret) for the card and the finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreshKey {
    /// The user it belongs to.
    pub user: String,
    /// How it was made.
    pub path: Path,
    /// The key ID (the SMTP username).
    pub id: String,
    /// The key it replaces, as it was before the rotation.
    pub old: Option<KeyInfo>,
    /// Esc on step 3 asked whether to drop the key's derivation; a second Esc does.
    pub discard_armed: bool,
}

/// Opens the start screen (at launch, or going back to it).
pub fn open_start(app: &mut App) {
    app.rotation = Some(RotationState::start());
    app.start_screen = true;
}

/// Goes down `path` as if chosen on the start screen (`SESKEY_START`, or Enter).
pub fn choose(app: &mut App, path: Path) -> Vec<Effect> {
    match path {
        Path::Convert => {
            app.rotation = None;
            vec![]
        }
        Path::Rotate | Path::CreateUser => {
            let st = app.rotation.get_or_insert_with(RotationState::start);
            st.path = path;
            st.choice = Path::ALL.iter().position(|&p| p == path).unwrap_or(0);
            st.screen = Screen::User;
            st.error = None;
            if st.users.is_none() && st.listing.is_none() {
                vec![ask(&mut app.rotation_seq, st, Job::ListUsers)]
            } else {
                vec![]
            }
        }
    }
}

/// Opens the finish screen from the card (`f`).
pub fn open_finish(app: &mut App) -> Option<Vec<Effect>> {
    let fresh = app.fresh.as_ref()?;
    if fresh.path != Path::Rotate {
        return None;
    }
    let mut st = RotationState::start();
    st.path = Path::Rotate;
    st.user = fresh.user.clone();
    st.screen = Screen::Finish;
    let fx = ask(&mut app.rotation_seq, &mut st, Job::FinishList);
    app.rotation = Some(st);
    app.status = None;
    Some(vec![fx])
}

/// A key on the overlay. `None` when it does nothing here.
pub fn on_key(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    let st = app.rotation.as_mut()?;
    if st.busy.is_some() {
        // The job runs on, no longer awaited: [`on_event`] drops its outcome when it lands (a
        // created key is kept or reported, never lost without a word: see `created`).
        return match k {
            Key::Esc => {
                app.rotation = None;
                if app.fresh.is_none() {
                    crate::tui::rotation::open_start(app);
                }
                Some(vec![])
            }
            _ => None,
        };
    }
    match st.screen {
        Screen::Start => match k {
            Key::Up => {
                st.choice = st.choice.saturating_sub(1);
                Some(vec![])
            }
            Key::Down => {
                st.choice = (st.choice + 1).min(Path::ALL.len() - 1);
                Some(vec![])
            }
            Key::Enter => {
                let path = Path::ALL[st.choice];
                Some(choose(app, path))
            }
            Key::Esc => Some(vec![Effect::Quit]),
            _ => None,
        },
        Screen::User => user_key(app, k),
        Screen::Keys => match k {
            Key::Esc => {
                st.screen = Screen::User;
                st.error = None;
                Some(vec![])
            }
            // The `--delete-inactive` of the command line: only ever an inactive key.
            Key::Char('d') if can_delete(st) => {
                st.delete_inactive = !st.delete_inactive;
                st.error = None;
                Some(vec![])
            }
            Key::Enter => match st.plan()? {
                Ok(_) => {
                    st.screen = Screen::Confirm;
                    st.error = None;
                    Some(vec![])
                }
                Err(_) => {
                    st.error = Some(blocked_text(st));
                    Some(vec![])
                }
            },
            _ => None,
        },
        Screen::Confirm => match k {
            Key::Esc => {
                st.screen = match st.path {
                    Path::Rotate => Screen::Keys,
                    _ => Screen::User,
                };
                st.error = None;
                Some(vec![])
            }
            // One create at a time, awaited or left: were two keys to land, only one's
            // derivation could be held, and IAM shows the other's secret only once.
            Key::Char('y') => {
                if let Some(left) = &app.creating {
                    st.error = Some(tr!("tui.rot.still_creating", user = left.user));
                    return Some(vec![]);
                }
                st.error = None;
                let fx = ask(&mut app.rotation_seq, st, Job::Create);
                app.creating = st.busy.clone();
                Some(vec![fx])
            }
            _ => None,
        },
        Screen::Finish => finish_key(app, k),
    }
}

/// Whether the user's keys hold an inactive one that `d` may delete first.
pub fn can_delete(st: &RotationState) -> bool {
    st.lookup
        .as_ref()
        .is_some_and(|l| l.keys.len() >= plan::KEY_LIMIT && l.keys.iter().any(|k| !k.active))
}

/// Why the rotation cannot go on, with what to do.
pub fn blocked_text(st: &RotationState) -> String {
    match st.plan() {
        Some(Err(RotationBlocked::TwoActive)) => tr!("tui.rot.two_active", user = st.user),
        Some(Err(RotationBlocked::TwoWithInactive { inactive })) => {
            tr!("tui.rot.two_with_inactive", user = st.user, key = inactive)
        }
        _ => String::new(),
    }
}

fn user_key(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    let st = app.rotation.as_mut()?;
    match k {
        Key::Esc => {
            st.screen = Screen::Start;
            st.error = None;
            Some(vec![])
        }
        Key::Char(c) => {
            if st.user.len() >= 64 || !crate::iam::valid_user_name(&c.to_string()) {
                st.error = Some(tr!("tui.rot.bad_char"));
            } else {
                st.user.push(c);
                st.error = None;
                st.picked = None;
            }
            Some(vec![])
        }
        Key::Backspace => {
            st.user.pop()?;
            st.error = None;
            st.picked = None;
            Some(vec![])
        }
        Key::Ctrl('u') => {
            st.user.zeroize();
            st.error = None;
            st.picked = None;
            Some(vec![])
        }
        Key::Down | Key::Up => {
            let n = st.matching_users().len();
            if n == 0 {
                return None;
            }
            st.picked = Some(match (st.picked, k) {
                (None, _) => 0,
                (Some(i), Key::Down) => (i + 1).min(n - 1),
                (Some(i), _) => i.saturating_sub(1),
            });
            Some(vec![])
        }
        Key::Enter => {
            if let Some(name) = st.picked.and_then(|i| st.matching_users().get(i).copied()) {
                st.user = name.to_string();
                st.picked = None;
            }
            if st.user.is_empty() {
                st.error = Some(tr!("tui.rot.user_empty"));
                return Some(vec![]);
            }
            if !crate::iam::valid_user_name(&st.user) {
                st.error = Some(tr!("iam.bad_user_name", user = st.user));
                return Some(vec![]);
            }
            st.error = None;
            st.delete_inactive = false;
            match st.path {
                Path::Rotate => {
                    st.lookup = None;
                    Some(vec![ask(&mut app.rotation_seq, st, Job::Lookup)])
                }
                _ => {
                    st.screen = Screen::Confirm;
                    Some(vec![])
                }
            }
        }
        _ => None,
    }
}

fn finish_key(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    let st = app.rotation.as_mut()?;
    match (st.finish, k) {
        (_, Key::Esc) | (FinishPhase::Deleted, Key::Enter) => {
            app.rotation = None;
            Some(vec![])
        }
        (FinishPhase::Ready, Key::Char('y')) => match st.finish_plan() {
            Ok(p) if !p.deactivate.is_empty() => {
                st.error = None;
                Some(vec![ask(&mut app.rotation_seq, st, Job::Deactivate)])
            }
            // Already inactive: straight to the delete question.
            Ok(_) => {
                st.finish = FinishPhase::Deactivated;
                Some(vec![])
            }
            Err(_) => None,
        },
        (FinishPhase::Ready, Key::Char('f'))
            if matches!(st.finish_plan(), Err(FinishBlocked::StillInUse { .. })) =>
        {
            st.force = true;
            Some(vec![])
        }
        (FinishPhase::Deactivated, Key::Char('y')) if !st.to_delete().is_empty() => {
            st.error = None;
            Some(vec![ask(&mut app.rotation_seq, st, Job::Delete)])
        }
        _ => None,
    }
}

/// A key on step 3 while it holds a key made in this session. `None` when the normal step 3
/// handles it.
///
/// Going back from step 3 must not reach step 2: typing a secret there would replace the new
/// key's derivation, and IAM shows a secret only once, so the key would stay in IAM with its
/// password lost. Esc (or Shift-Tab) asks first, naming the key left behind; a second Esc drops
/// the derivation and goes back to the rotation's keys screen (create-user: its user screen).
pub fn region_key(app: &mut App, k: Key) -> Option<Vec<Effect>> {
    app.deriver.as_ref()?;
    let fresh = app.fresh.as_mut()?;
    if !matches!(k, Key::Esc | Key::BackTab) {
        if std::mem::take(&mut fresh.discard_armed) {
            app.status = None;
        }
        return None;
    }
    if !std::mem::take(&mut fresh.discard_armed) {
        fresh.discard_armed = true;
        let text = tr!("tui.rot.discard_ask", key = fresh.id, user = fresh.user);
        status(app, Tone::Error, &text);
        return Some(vec![]);
    }
    let Some(fresh) = app.fresh.take() else {
        return Some(vec![]);
    };
    edited(app, Step::AccessKeyId);
    app.deriver = None;
    app.secret_len = 0;
    app.key_id.zeroize();
    let mut st = RotationState::start();
    st.path = fresh.path;
    st.choice = Path::ALL.iter().position(|&p| p == fresh.path).unwrap_or(0);
    st.user = fresh.user;
    go_to(app, Step::AccessKeyId);
    app.reached = Step::AccessKeyId;
    match st.path {
        // The keys again: the new key is one of them now.
        Path::Rotate => {
            st.screen = Screen::User;
            let fx = ask(&mut app.rotation_seq, &mut st, Job::Lookup);
            app.rotation = Some(st);
            Some(vec![fx])
        }
        _ => {
            st.screen = Screen::User;
            app.rotation = Some(st);
            Some(vec![])
        }
    }
}

/// A job's outcome. Only the job awaited (its ticket) ends the wait and changes the screen; an
/// outcome the overlay no longer awaits is dropped (the operator left it, or another job was
/// asked for since), but a created key is not: see `created`.
pub fn on_event(app: &mut App, ev: RotationEvent) -> Option<Vec<Effect>> {
    let RotationEvent { request, outcome } = ev;
    if let Outcome::Created(result) = outcome {
        return Some(created(app, *request, result));
    }
    let st = app.rotation.as_mut()?;
    if let Outcome::Users(r) = outcome {
        // Never awaited as `busy`: another job may be running meanwhile.
        if st.listing != Some(request.ticket) {
            return None;
        }
        st.listing = None;
        st.users = Some(r);
        return Some(vec![]);
    }
    if !awaits(st, &request) {
        return None;
    }
    st.busy = None;
    match outcome {
        Outcome::Users(_) | Outcome::Created(_) => {}
        Outcome::Looked(Ok(l)) => {
            st.lookup = Some(l);
            st.screen = Screen::Keys;
        }
        Outcome::FinishKeys(Ok(keys)) => {
            st.finish_keys = keys;
            st.finish = FinishPhase::Ready;
        }
        Outcome::Deactivated(Ok(())) => {
            for k in &mut st.finish_keys {
                if request.ids.contains(&k.id) {
                    k.active = false;
                }
            }
            st.finish = FinishPhase::Deactivated;
            st.force = false;
        }
        Outcome::Deleted(Ok(())) => {
            st.finish_keys.retain(|k| !request.ids.contains(&k.id));
            st.finish = FinishPhase::Deleted;
        }
        Outcome::Looked(Err(e))
        | Outcome::FinishKeys(Err(e))
        | Outcome::Deactivated(Err(e))
        | Outcome::Deleted(Err(e)) => st.error = Some(e),
    }
    Some(vec![])
}

/// A [`Job::Create`] ended. Its user, path and old key are the request's, never the screen's.
///
/// IAM shows a secret only once, so a new key is never dropped without a word. The key awaited
/// goes to step 3: keep its ID and the [`Deriver`]; the secret's page is dropped here. A key
/// whose wait was left (Esc while it was created) is kept the same way, as no other create
/// can have started meanwhile ([`App::creating`]), unless another new key is held already
/// (it cannot be, but two derivations cannot be held): then its secret is dropped and the
/// status line names the key and its user and says how to delete it.
fn created(app: &mut App, req: Request, result: Result<NewKey, String>) -> Vec<Effect> {
    if app
        .creating
        .as_ref()
        .is_some_and(|c| c.ticket == req.ticket)
    {
        app.creating = None;
        app.quit_warned = false;
    }
    let awaited = app.rotation.as_ref().is_some_and(|st| awaits(st, &req));
    let key = match result {
        Ok(key) => key,
        Err(e) => {
            match app.rotation.as_mut() {
                Some(st) if awaited => {
                    st.busy = None;
                    st.error = Some(e);
                }
                // Said even when left: it may be half done (a user made without its key).
                _ => {
                    let text = tr!("tui.rot.late_failed", user = req.user, reason = e);
                    status(app, Tone::Error, &text);
                }
            }
            return vec![];
        }
    };
    if !awaited && app.fresh.is_some() {
        let NewKey { id, secret } = key;
        drop(secret);
        let text = tr!("tui.rot.late_created", key = id, user = req.user);
        status(app, Tone::Error, &text);
        return vec![];
    }
    let Request {
        user, path, old, ..
    } = req;
    let NewKey { id, mut secret } = key;
    secret.trim_in_place();
    // A fresh start for steps 1 to 3: whatever was typed there belongs to another key.
    edited(app, Step::AccessKeyId);
    app.secret.clear();
    app.key_id.zeroize();
    app.key_id.push_str(&id);
    app.deriver = Some(Deriver::new(secret.expose()));
    app.secret_len = secret.char_count();
    drop(secret);
    app.origin = Some(tr!("tui.rot.origin", user = user));
    app.iam_user = Some(user.clone());
    app.rotation = None;
    // What was open or asked over the screen it replaces goes: an import loaded now would take
    // the new key's place, and an armed quit would drop it without the discard question.
    crate::tui::import::close(app);
    app.quit_armed = false;
    app.help = false;
    app.fresh = Some(FreshKey {
        user: user.clone(),
        path,
        id: id.clone(),
        old,
        discard_armed: false,
    });
    app.reached = Step::Region;
    go_to(app, Step::Region);
    let text = if awaited {
        tr!("tui.rot.created", key = id, user = user)
    } else {
        tr!("tui.rot.late_kept", key = id, user = user)
    };
    status(app, Tone::Success, &text);
    vec![]
}

#[cfg(test)]
pub(crate) mod tests;
