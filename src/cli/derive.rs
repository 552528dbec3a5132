//! `seskey derive` and the AWS script's form `seskey SECRET REGION`.

use std::io::Write as _;

use serde::Serialize;

use super::args::{DeriveArgs, DeriveFormat};
use super::{CliError, warn};
use crate::derive::{SmtpPassword, smtp_password};
use crate::i18n::t;
use crate::region::{self, RegionChoice};
use crate::secret::SecretText;
use crate::settings::SmtpSettings;
use crate::sys::fdio;
use crate::tr;
use crate::validate;

/// Runs `seskey derive`.
pub fn run(args: &DeriveArgs, clip: &crate::clipboard::ClipboardConfig) -> Result<(), CliError> {
    let region = parse_region(&args.region)?;
    let (imported_id, imported_secret) = match super::import::load(&args.import, args.from_env)? {
        Some(i) => (i.access_key_id, Some(i.secret)),
        None => (None, None),
    };
    let key_id = args.access_key_id.as_deref().or(imported_id.as_deref());
    let key_id = checked_key_id(key_id)?;
    let check = super::check::prepare(args.check, &args.net, &region, key_id.as_deref())?;
    let secret = match imported_secret {
        Some(secret) => secret,
        None => secret_from_stdin()?,
    };
    let secret = checked_secret(secret)?;
    let password = smtp_password(secret.expose(), region.code());
    drop(secret);
    if args.copy {
        super::clipboard::copy_password(password.expose(), clip)?;
    } else {
        let settings = SmtpSettings::new(&region, key_id.as_deref());
        let out = render(args.format, &settings, &password)?;
        fdio::write_stdout(out.expose().as_bytes())
            .map_err(|e| CliError::failure(tr!("io.write_failed", error = e)))?;
    }
    match check {
        Some(check) => check.run(password.expose()),
        None => Ok(()),
    }
}

/// Runs `seskey SECRET REGION`, the AWS sample script's interface.
pub fn run_legacy(secret_arg: String, region: &str) -> Result<(), CliError> {
    warn(t("cli.legacy_secret_argument"));
    let mut secret_arg = zeroize::Zeroizing::new(secret_arg);
    // Take it out of /proc/PID/cmdline and the initial stack; our copy is the only one left.
    crate::sys::scrub::wipe_arg(secret_arg.as_bytes());
    let mut secret = SecretText::new();
    let fits = secret.push_str(&secret_arg).is_ok();
    zeroize::Zeroize::zeroize(&mut *secret_arg);
    if !fits {
        return Err(CliError::usage(crate::sys::fdio::ReadError::TooLong));
    }
    let region = parse_region(region)?;
    let secret = checked_secret(secret)?;
    let password = smtp_password(secret.expose(), region.code());
    drop(secret);
    let settings = SmtpSettings::new(&region, None);
    let out = render(DeriveFormat::Password, &settings, &password)?;
    fdio::write_stdout(out.expose().as_bytes())
        .map_err(|e| CliError::failure(tr!("io.write_failed", error = e)))
}

pub(crate) fn parse_region(input: &str) -> Result<RegionChoice, CliError> {
    let region = region::parse(input).map_err(CliError::usage)?;
    if let Some(w) = region.warning() {
        warn(w);
    }
    Ok(region)
}

pub(crate) fn checked_key_id(input: Option<&str>) -> Result<Option<String>, CliError> {
    let Some(input) = input else { return Ok(None) };
    match validate::check_access_key_id(input) {
        Ok(None) => Ok(None),
        Ok(Some(warnings)) => {
            warnings.iter().for_each(warn);
            Ok(Some(input.trim().to_string()))
        }
        Err(e) => Err(CliError::usage(tr!("cli.key_id_error", error = e))),
    }
}

/// Trims, rejects multi-line input, validates and reports warnings.
pub(crate) fn checked_secret(mut secret: SecretText) -> Result<SecretText, CliError> {
    secret.trim_in_place();
    if secret.expose().contains('\n') {
        return Err(CliError::usage(t("cli.input_multiline")));
    }
    let warnings = validate::check_secret(secret.expose()).map_err(CliError::usage)?;
    warnings.iter().for_each(warn);
    Ok(secret)
}

fn secret_from_stdin() -> Result<SecretText, CliError> {
    read_stdin_or_prompt(t("cli.prompt_secret"))
}

/// Reads standard input to its end when it is a pipe or file, or asks on the terminal with
/// `prompt` and echo off.
pub(crate) fn read_stdin_or_prompt(prompt: &str) -> Result<SecretText, CliError> {
    let stdin = rustix::stdio::stdin();
    let r = if fdio::is_terminal(stdin) {
        fdio::prompt_secret(prompt)
    } else {
        fdio::read_secret(stdin, false)
    };
    r.map_err(|e| match e {
        fdio::ReadError::Io(_) => CliError::failure(e),
        _ => CliError::usage(e),
    })
}

#[derive(Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    settings: &'a SmtpSettings,
    password: &'a str,
}

/// Formats the result into a secret page (never a plain `String`).
fn render(
    format: DeriveFormat,
    settings: &SmtpSettings,
    password: &SmtpPassword,
) -> Result<SecretText, CliError> {
    render_text(format, settings, password.expose())
}

/// [`render`] for a password held elsewhere (`rotate`, `create-user`).
pub(crate) fn render_text(
    format: DeriveFormat,
    settings: &SmtpSettings,
    password: &str,
) -> Result<SecretText, CliError> {
    let mut out = SecretText::new();
    let r = match format {
        DeriveFormat::Password => writeln!(out, "{}", password),
        DeriveFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &JsonOut { settings, password })
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
        }
        DeriveFormat::Env => {
            if settings.username.is_none() {
                warn(t("cli.env_no_username"));
            }
            writeln!(
                out,
                "SMTP_HOST={}\nSMTP_PORT=587\nSMTP_USERNAME={}\nSMTP_PASSWORD={}",
                settings.host,
                settings.username.as_deref().unwrap_or(""),
                password
            )
        }
    };
    r.map_err(|e| CliError::failure(tr!("io.format_failed", error = e)))?;
    Ok(out)
}
