//! The IAM calls of the wizard's rotation paths, on a worker thread each (they take network
//! round trips, and the wizard must stay responsive). Each job connects afresh: the connection
//! (and the SDK's buffers that held a new secret) is dropped when the job ends.

use super::{Job, Lookup, Path, RotationEvent};
use crate::i18n::with_lang;
use crate::iam::{ConnectOptions, Connection, IamError};
use crate::tui::app::App;

/// Runs `job` with the inputs it needs from `app`; `send` gets the outcome from a worker.
pub fn execute(job: Job, app: &App, send: impl FnOnce(RotationEvent) + Send + 'static) {
    let Some(st) = &app.rotation else {
        return;
    };
    let user = st.user.clone();
    let path = st.path;
    let delete_first = st.plan().and_then(Result::ok).and_then(|p| p.delete_first);
    let deactivate: Vec<String> = st
        .finish_plan()
        .map(|p| p.deactivate.into_iter().map(|k| k.id).collect())
        .unwrap_or_default();
    let delete: Vec<String> = st.to_delete().into_iter().map(|k| k.id).collect();
    // Messages made on the worker are worded in the wizard's language.
    let lang = crate::i18n::current();
    std::thread::spawn(move || {
        let text = |e: IamError| e.to_string();
        let ev = with_lang(lang, || {
            let iam = match Connection::connect(&ConnectOptions::default()) {
                Ok(c) => c,
                Err(e) => return failed(job, text(e)),
            };
            match job {
                Job::ListUsers => RotationEvent::Users(iam.users().map_err(text)),
                Job::Lookup => RotationEvent::Looked(
                    iam.user(&user)
                        .and_then(|who| {
                            let keys = iam.keys(&user)?;
                            Ok(Lookup {
                                keys,
                                permission: iam.may_send(&who),
                            })
                        })
                        .map_err(text),
                ),
                Job::Create => {
                    let made = match path {
                        Path::CreateUser => iam.create_smtp_user(&user).map(drop),
                        _ => match &delete_first {
                            Some(k) => iam.delete_key(&user, &k.id),
                            None => Ok(()),
                        },
                    };
                    RotationEvent::Created(made.and_then(|()| iam.create_key(&user)).map_err(text))
                }
                Job::FinishList => RotationEvent::FinishKeys(iam.keys(&user).map_err(text)),
                Job::Deactivate => RotationEvent::Deactivated(
                    deactivate
                        .iter()
                        .try_for_each(|id| iam.set_active(&user, id, false))
                        .map_err(text),
                ),
                Job::Delete => RotationEvent::Deleted(
                    delete
                        .iter()
                        .try_for_each(|id| iam.delete_key(&user, id))
                        .map_err(text),
                ),
            }
        });
        send(ev);
    });
}

/// The event of `job` for a failure before any call.
fn failed(job: Job, e: String) -> RotationEvent {
    match job {
        Job::ListUsers => RotationEvent::Users(Err(e)),
        Job::Lookup => RotationEvent::Looked(Err(e)),
        Job::Create => RotationEvent::Created(Err(e)),
        Job::FinishList => RotationEvent::FinishKeys(Err(e)),
        Job::Deactivate => RotationEvent::Deactivated(Err(e)),
        Job::Delete => RotationEvent::Deleted(Err(e)),
    }
}
