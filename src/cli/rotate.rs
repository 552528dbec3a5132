//! `seskey rotate USER --region R` (a new key, its SMTP credentials, the next step) and
//! `seskey rotate USER --finish` (retire the old key). The IAM work is `crate::iam`; this module
//! asks, prints and maps failures to exit codes. `create-user` shares the delivery of new
//! credentials ([`deliver`]).

use std::time::Duration;

use clap::Args;
use serde::Serialize;

use super::args::DeriveFormat;
use super::check::NetArgs;
use super::keys::{self, AwsArgs, aws_error, checked_user, last_use};
use super::{CliError, warn};
use crate::check::{self, LoginOutcome};
use crate::derive::Deriver;
use crate::exit::Exit;
use crate::i18n::t;
use crate::iam::plan::{self, FinishBlocked, RotationBlocked};
use crate::iam::{Connection, NewKey, SendPermission, User};
use crate::region::{self, RegionChoice};
use crate::secret::SecretText;
use crate::settings::SmtpSettings;
use crate::sys::fdio;
use crate::tr;

/// Options of `seskey rotate`.
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The IAM user whose key to rotate.
    #[arg(value_name = "USER")]
    pub user: String,

    /// With two keys, delete the inactive one first to make room (an active key is never
    /// deleted here).
    #[arg(long, conflicts_with = "finish")]
    pub delete_inactive: bool,

    /// Finish the rotation: deactivate the older key once the application uses the new one.
    #[arg(long, conflicts_with_all = ["region", "all_regions", "check", "copy", "format"])]
    pub finish: bool,

    /// With --finish: delete the older keys once deactivated (and any already inactive).
    #[arg(long, requires = "finish")]
    pub delete: bool,

    /// With --finish: deactivate the older key even if it was used after the new key was created.
    #[arg(long, requires = "finish")]
    pub force: bool,

    /// Change IAM without asking (needed when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,

    #[command(flatten)]
    pub aws: AwsArgs,

    // Last: the login-check options inside set a help heading that carries over to what follows.
    #[command(flatten)]
    pub out: DeliveryArgs,
}

/// How new SMTP credentials are delivered (`rotate`, `create-user`).
#[derive(Debug, Args)]
pub struct DeliveryArgs {
    /// Region of the SES SMTP endpoint; repeat for several.
    #[arg(long, short = 'r', value_name = "REGION")]
    pub region: Vec<String>,

    /// The password for every region with an SES SMTP endpoint.
    #[arg(long, conflicts_with = "region")]
    pub all_regions: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = DeriveFormat::Password)]
    pub format: DeriveFormat,

    /// Copy the password to the clipboard instead of printing it (one region only).
    #[arg(long, conflicts_with = "format")]
    pub copy: bool,

    /// Log in to the SMTP endpoint with the new credentials (sends no mail), retrying refusals
    /// while the new key propagates (up to a minute).
    #[arg(long)]
    pub check: bool,

    #[command(flatten)]
    pub net: NetArgs,

    /// How long --check retries refused logins, in seconds (tests shorten it).
    #[arg(long, hide = true, env = "SESKEY_PROPAGATION_WAIT", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(0..=600))]
    pub propagation_wait: u64,
}

/// Runs `seskey rotate`.
pub fn run(args: &RotateArgs, clip: &crate::clipboard::ClipboardConfig) -> Result<(), CliError> {
    let user = checked_user(&args.user)?;
    if args.finish {
        return finish(args, user);
    }
    let delivery = Delivery::prepare(&args.out)?;
    can_confirm(args.yes)?;
    let iam = keys::connect(&args.aws)?;
    let who = iam.user(user).map_err(aws_error)?;
    let keys = iam.keys(user).map_err(aws_error)?;
    eprint!("{}", keys::table(user, &keys));
    let plan = plan::plan_rotation(&keys, args.delete_inactive).map_err(|b| blocked(user, b))?;
    report_permission(&iam, &who);
    let question = match &plan.delete_first {
        Some(k) => tr!("iam.confirm_rotate_delete", user = user, key = k.id),
        None => tr!("iam.confirm_rotate", user = user),
    };
    confirm(&question, args.yes)?;
    if let Some(k) = &plan.delete_first {
        iam.delete_key(user, &k.id).map_err(aws_error)?;
        super::say(tr!("iam.deleted", key = k.id));
    }
    let key = iam.create_key(user).map_err(aws_error)?;
    drop(iam);
    super::say(tr!("iam.created", key = key.id, user = user));
    let result = delivery.deliver(key, clip);
    if let Some(old) = &plan.old {
        super::say(tr!(
            "iam.next_step",
            key = old.id,
            last_use = last_use(old),
            command = format!("seskey rotate {user} --finish")
        ));
    }
    result
}

fn blocked(user: &str, b: RotationBlocked) -> CliError {
    let message = match b {
        RotationBlocked::TwoActive => tr!(
            "iam.two_active",
            user = user,
            command = format!("seskey rotate {user} --finish")
        ),
        RotationBlocked::TwoWithInactive { inactive } => tr!(
            "iam.two_with_inactive",
            user = user,
            key = inactive,
            command = format!("seskey rotate {user} --region REGION --delete-inactive")
        ),
    };
    CliError {
        exit: Exit::Aws,
        message,
    }
}

/// Says whether the user may send; a simulation that could not run is only reported.
pub(crate) fn report_permission(iam: &Connection, who: &User) {
    match iam.may_send(who) {
        SendPermission::Allowed => {}
        SendPermission::Denied(decision) => warn(tr!(
            "iam.may_not_send",
            user = who.name,
            decision = decision,
            policy = crate::iam::SEND_POLICY
        )),
        SendPermission::Unknown(reason) => warn(tr!("iam.send_unchecked", reason = reason)),
    }
}

fn finish(args: &RotateArgs, user: &str) -> Result<(), CliError> {
    can_confirm(args.yes)?;
    let iam = keys::connect(&args.aws)?;
    let keys = iam.keys(user).map_err(aws_error)?;
    eprint!("{}", keys::table(user, &keys));
    let plan = plan::plan_finish(&keys, args.delete, args.force).map_err(|b| match b {
        FinishBlocked::NothingToRetire => CliError {
            exit: Exit::Aws,
            message: tr!("iam.nothing_to_retire", user = user),
        },
        FinishBlocked::StillInUse { key } if key.last_used.is_none() => CliError {
            exit: Exit::Aws,
            message: tr!("iam.use_unknown", key = key.id),
        },
        FinishBlocked::StillInUse { key } => CliError {
            exit: Exit::Aws,
            message: tr!("iam.still_in_use", key = key.id, last_use = last_use(&key)),
        },
        FinishBlocked::KeepInactive { key } => CliError {
            exit: Exit::Aws,
            message: tr!("iam.keep_inactive", key = key.id, user = user),
        },
    })?;
    if plan.deactivate.is_empty() && plan.delete.is_empty() {
        super::say(tr!("iam.finish_nothing", user = user));
        return Ok(());
    }
    let ids = |ks: &[crate::iam::KeyInfo]| {
        ks.iter()
            .map(|k| k.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut question = String::new();
    if !plan.deactivate.is_empty() {
        question.push_str(&tr!("iam.confirm_deactivate", keys = ids(&plan.deactivate)));
    }
    if !plan.delete.is_empty() {
        if !question.is_empty() {
            question.push(' ');
        }
        question.push_str(&tr!("iam.confirm_delete", keys = ids(&plan.delete)));
    }
    confirm(&question, args.yes)?;
    for k in &plan.deactivate {
        iam.set_active(user, &k.id, false).map_err(aws_error)?;
        super::say(tr!("iam.deactivated", key = k.id));
    }
    for k in &plan.delete {
        iam.delete_key(user, &k.id).map_err(aws_error)?;
        super::say(tr!("iam.deleted", key = k.id));
    }
    if args.delete {
        super::say(tr!("iam.finished", key = plan.keep.id));
    } else {
        super::say(tr!(
            "iam.finish_next",
            key = plan.keep.id,
            command = format!("seskey rotate {user} --finish --delete")
        ));
    }
    Ok(())
}

/// Fails with exit 2 when IAM would change without `--yes` and nobody can be asked. Called before
/// any IAM call.
pub(crate) fn can_confirm(yes: bool) -> Result<(), CliError> {
    if yes || on_terminal() {
        Ok(())
    } else {
        Err(CliError::usage(t("iam.needs_yes")))
    }
}

fn on_terminal() -> bool {
    fdio::is_terminal(rustix::stdio::stdin()) && fdio::is_terminal(rustix::stdio::stderr())
}

/// Asks `question` on the terminal unless `yes`; anything but a yes cancels (exit 1).
pub(crate) fn confirm(question: &str, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    can_confirm(false)?;
    // The terminal prompt, not stdin's line reader: it discards whatever else is queued (the
    // rest of a paste) so that nothing typed after the answer reaches the shell.
    let prompt = format!("{question} {} ", t("iam.yes_no"));
    let line = match fdio::prompt_line(&crate::text::for_terminal(&prompt)) {
        Ok(Ok(line)) => line,
        Ok(Err(e)) => return Err(CliError::failure(e)),
        // Nothing secret is held here: leave as the signal asked.
        Err(sig) => std::process::exit(128 + sig),
    };
    let answer = line.expose().trim().to_lowercase();
    let accepted = t("iam.yes_answers").split(',').any(|w| w.trim() == answer);
    if accepted {
        Ok(())
    } else {
        Err(CliError::failure(t("iam.cancelled")))
    }
}

/// New credentials' delivery, validated before IAM changes so that a usage error changes nothing.
pub(crate) struct Delivery {
    regions: Vec<RegionChoice>,
    format: DeriveFormat,
    copy: bool,
    check: Option<Vec<check::CheckOptions>>,
    wait: Duration,
}

impl Delivery {
    /// Checks the regions, `--copy` and the login-check options.
    pub(crate) fn prepare(args: &DeliveryArgs) -> Result<Self, CliError> {
        let regions = if args.all_regions {
            region::catalogue()
                .iter()
                .map(|r| region::parse(r.code).map_err(CliError::usage))
                .collect::<Result<Vec<_>, _>>()?
        } else if args.region.is_empty() {
            return Err(CliError::usage(t("iam.needs_region")));
        } else {
            let mut v: Vec<RegionChoice> = Vec::new();
            for r in &args.region {
                let c = super::derive::parse_region(r)?;
                if !v.iter().any(|x| x.code() == c.code()) {
                    v.push(c);
                }
            }
            v
        };
        if args.copy && regions.len() > 1 {
            return Err(CliError::usage(t("iam.copy_one_region")));
        }
        let check = if args.check {
            Some(
                regions
                    .iter()
                    .map(|r| args.net.overrides().map(|o| o.for_region(r)))
                    .collect::<Result<Vec<_>, _>>()?,
            )
        } else if args.net.any_set() {
            return Err(CliError::usage(t("cli.check_options_without_check")));
        } else {
            None
        };
        Ok(Self {
            regions,
            format: args.format,
            copy: args.copy,
            check,
            wait: Duration::from_secs(args.propagation_wait),
        })
    }

    /// Derives the password for each region from the new key, prints (or copies) the SMTP
    /// credentials like `derive`, and runs the login check. The secret is dropped once the
    /// passwords are derived.
    pub(crate) fn deliver(
        self,
        key: NewKey,
        clip: &crate::clipboard::ClipboardConfig,
    ) -> Result<(), CliError> {
        let NewKey { id, secret, .. } = key;
        let deriver = Deriver::new(secret.expose());
        drop(secret);
        let passwords: Vec<SecretText> = self
            .regions
            .iter()
            .map(|r| {
                let mut p = SecretText::new();
                deriver.password_into(r.code(), &mut p);
                p
            })
            .collect();
        drop(deriver);
        if self.copy {
            super::clipboard::copy_password(passwords[0].expose(), clip)?;
        } else {
            let out = self.render(&id, &passwords)?;
            fdio::write_stdout(out.expose().as_bytes())
                .map_err(|e| CliError::failure(tr!("io.write_failed", error = e)))?;
        }
        let Some(checks) = &self.check else {
            return Ok(());
        };
        let mut result = Ok(());
        for (opts, password) in checks.iter().zip(&passwords) {
            if let Err(e) = check_with_retry(opts, &id, password.expose(), self.wait) {
                super::say(format!("{}: {}", t("cli.error"), e.message));
                if result.is_ok() {
                    result = Err(e);
                }
            }
        }
        result.map_err(|e| CliError {
            exit: e.exit,
            message: t("iam.check_failed").to_string(),
        })
    }

    fn render(&self, id: &str, passwords: &[SecretText]) -> Result<SecretText, CliError> {
        if let [password] = passwords {
            let settings = SmtpSettings::new(&self.regions[0], Some(id));
            return super::derive::render_text(self.format, &settings, password.expose());
        }
        let mut out = SecretText::new();
        let fmt_err = |e: std::io::Error| CliError::failure(tr!("io.format_failed", error = e));
        use std::io::Write as _;
        match self.format {
            DeriveFormat::Json => {
                #[derive(Serialize)]
                struct Item<'a> {
                    #[serde(flatten)]
                    settings: SmtpSettings,
                    password: &'a str,
                }
                let items: Vec<Item> = self
                    .regions
                    .iter()
                    .zip(passwords)
                    .map(|(r, p)| Item {
                        settings: SmtpSettings::new(r, Some(id)),
                        password: p.expose(),
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut out, &items)
                    .map_err(std::io::Error::other)
                    .and_then(|()| writeln!(out))
                    .map_err(fmt_err)?;
            }
            DeriveFormat::Password | DeriveFormat::Env => {
                for (i, (r, p)) in self.regions.iter().zip(passwords).enumerate() {
                    if self.format == DeriveFormat::Password {
                        writeln!(out, "{}\t{}", r.code(), p.expose()).map_err(fmt_err)?;
                        continue;
                    }
                    let settings = SmtpSettings::new(r, Some(id));
                    let block = super::derive::render_text(self.format, &settings, p.expose())?;
                    let sep = if i == 0 { "" } else { "\n" };
                    write!(out, "{sep}# {}\n{}", r.code(), block.expose()).map_err(fmt_err)?;
                }
            }
        }
        Ok(out)
    }
}

/// Logs in with the new credentials; a refusal is retried for up to `wait`, since IAM takes a
/// while to accept a new key at SES.
fn check_with_retry(
    opts: &check::CheckOptions,
    username: &str,
    password: &str,
    wait: Duration,
) -> Result<(), CliError> {
    let control = check::Control::new();
    let verdict = check::check_login_retrying(opts, username, password, &control, wait, |pause| {
        super::say(tr!("iam.check_retry", seconds = pause.as_secs().max(1)));
    });
    let message = verdict.message(opts);
    match verdict.outcome() {
        LoginOutcome::Accepted => {
            super::say(message);
            Ok(())
        }
        LoginOutcome::Refused => Err(CliError {
            exit: Exit::Refused,
            message,
        }),
        LoginOutcome::NotChecked | LoginOutcome::Cancelled => Err(CliError {
            exit: Exit::Unreachable,
            message,
        }),
    }
}
