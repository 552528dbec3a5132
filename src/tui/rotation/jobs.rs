//! The IAM calls of the wizard's rotation paths, on a worker thread each (they take network
//! round trips, and the wizard must stay responsive). Each job connects afresh: the connection
//! (and the SDK's buffers that held a new secret) is dropped when the job ends.

use super::{Job, Lookup, Outcome, Path, Request, RotationEvent};
use crate::i18n::with_lang;
use crate::iam::{ConnectOptions, Connection, IamError};
use crate::tr;

/// Runs `req` on its own inputs; `send` gets the outcome, with the request, from a worker.
pub fn execute(req: Request, send: impl FnOnce(RotationEvent) + Send + 'static) {
    // Messages made on the worker are worded in the wizard's language.
    let lang = crate::i18n::current();
    std::thread::spawn(move || {
        let text = wizard_text;
        let outcome = with_lang(lang, || {
            let iam = match Connection::connect(&ConnectOptions::default()) {
                Ok(c) => c,
                Err(e) => return failed(req.job, text(e)),
            };
            let user = &req.user;
            match req.job {
                Job::ListUsers => Outcome::Users(iam.users().map_err(users_text)),
                Job::Lookup => Outcome::Looked(
                    iam.user(user)
                        .and_then(|who| {
                            let keys = iam.keys(user)?;
                            Ok(Lookup {
                                keys,
                                permission: iam.may_send(&who),
                            })
                        })
                        .map_err(text),
                ),
                Job::Create => {
                    let made = match req.path {
                        Path::CreateUser => iam.create_smtp_user(user).map(drop),
                        _ => match &req.delete_first {
                            Some(k) => iam.delete_key(user, &k.id),
                            None => Ok(()),
                        },
                    };
                    Outcome::Created(made.and_then(|()| iam.create_key(user)).map_err(text))
                }
                Job::FinishList => Outcome::FinishKeys(iam.keys(user).map_err(text)),
                Job::Deactivate => Outcome::Deactivated(
                    req.ids
                        .iter()
                        .try_for_each(|id| iam.set_active(user, id, false))
                        .map_err(text),
                ),
                Job::Delete => Outcome::Deleted(
                    req.ids
                        .iter()
                        .try_for_each(|id| iam.delete_key(user, id))
                        .map_err(text),
                ),
            }
        });
        send(RotationEvent {
            request: Box::new(req),
            outcome,
        });
    });
}

/// An IAM failure in the wizard's words. The command line's advice for missing credentials
/// (`--profile NAME`) cannot be followed inside the wizard, which takes no options: it says what
/// to do before starting seskey again, the SDK's explanation last.
pub fn wizard_text(e: IamError) -> String {
    match e {
        IamError::NoCredentials { detail } => tr!("tui.rot.no_credentials", detail = detail),
        e => e.to_string(),
    }
}

/// Why the users could not be listed: only a denied listing leaves typing the name as a way
/// on (every other failure, such as no credentials, fails the next call too).
pub fn users_text(e: IamError) -> String {
    match e {
        e @ IamError::AccessDenied { .. } => tr!("tui.rot.users_denied", reason = e),
        e => wizard_text(e),
    }
}

/// The event of `job` for a failure before any call.
fn failed(job: Job, e: String) -> Outcome {
    match job {
        Job::ListUsers => Outcome::Users(Err(e)),
        Job::Lookup => Outcome::Looked(Err(e)),
        Job::Create => Outcome::Created(Err(e)),
        Job::FinishList => Outcome::FinishKeys(Err(e)),
        Job::Deactivate => Outcome::Deactivated(Err(e)),
        Job::Delete => Outcome::Deleted(Err(e)),
    }
}
