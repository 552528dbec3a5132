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
    let given_region = args.region.as_deref().map(parse_region).transpose()?;
    if given_region.is_none() && !fdio::is_terminal(rustix::stdio::stdin()) {
        return Err(CliError::usage(t("cli.region_required")));
    }
    let rules = validate::SecretRules {
        allow_nonstandard_length: args.allow_nonstandard_secret,
    };
    let (imported_id, imported_secret) =
        match super::import::load(&args.import, args.from_env, rules)? {
            Some(i) => (i.access_key_id, Some(i.secret)),
            None => (None, None),
        };
    let key_id = args.access_key_id.as_deref().or(imported_id.as_deref());
    let key_id = checked_key_id(key_id)?;
    let check = super::check::prepare(args.check, &args.net, key_id.as_deref())?;
    let secret = match imported_secret {
        Some(secret) => secret,
        None => secret_from_stdin()?,
    };
    let secret = checked_secret(secret, rules)?;
    // Without --region (only on a terminal), asked after the secret: see `ask_region`.
    let region = match given_region {
        Some(r) => r,
        None => match ask_region() {
            Ok(r) => r?,
            Err(sig) => {
                drop(secret);
                std::process::exit(128 + sig);
            }
        },
    };
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
        Some(check) => check.run(&region, password.expose()),
        None => Ok(()),
    }
}

/// What an answer at the region prompt means.
#[derive(Debug)]
enum RegionAnswer {
    /// One region: take it.
    Region(RegionChoice),
    /// `?`: print the list and ask again.
    List,
    /// Not one region (ambiguous, unknown, key material): say this and ask again.
    Again(String),
}

/// Reads an answer at the region prompt with the rules of `--region` ([`region::parse`]: a
/// code, or a name that fits one region). Text that could be key material is never parsed or
/// quoted: the secret's place is the hidden prompt.
fn region_answer(answer: &str) -> RegionAnswer {
    let answer = answer.trim();
    if crate::text::holds_key_material(answer) || validate::looks_like_key_material(answer) {
        return RegionAnswer::Again(t("cli.region_prompt_secret").to_string());
    }
    if answer == "?" {
        return RegionAnswer::List;
    }
    match region::parse(answer) {
        Ok(r) => RegionAnswer::Region(r),
        Err(region::RegionError::LooksLikeKey) => {
            RegionAnswer::Again(t("cli.region_prompt_secret").to_string())
        }
        Err(e) => RegionAnswer::Again(e.to_string()),
    }
}

/// Asks for the region on the terminal until one is named; EOF (Ctrl-D) refuses (exit 2).
/// `Err(sig)` when a terminating signal came (the caller wipes the secret, then leaves).
///
/// Asked after the hidden secret prompt, not before: the user arrives with the secret on the
/// clipboard, and the first prompt is where it gets pasted. Were the region asked first, that
/// paste would land at a prompt that echoes, and the secret would be on the screen and in the
/// scrollback before seskey could refuse it. Asked second, the likely slip (a second paste) is
/// the rarer one, and the order matches the wizard's (key, secret, region).
pub(crate) fn ask_region() -> Result<Result<RegionChoice, CliError>, i32> {
    loop {
        let line = match fdio::prompt_line(t("cli.prompt_region"))? {
            Ok(line) => line,
            Err(fdio::ReadError::TooLong) => {
                super::say(t("cli.region_prompt_too_long"));
                continue;
            }
            Err(e @ fdio::ReadError::Io(_)) => return Ok(Err(CliError::failure(e))),
            Err(e) => return Ok(Err(CliError::usage(e))),
        };
        // No line end: the input ended (Ctrl-D), there is no one to ask again.
        if !line.expose().ends_with('\n') {
            return Ok(Err(CliError::usage(t("cli.region_prompt_ended"))));
        }
        match region_answer(line.expose()) {
            RegionAnswer::Region(r) => {
                if let Some(w) = r.warning() {
                    warn(w);
                }
                return Ok(Ok(r));
            }
            RegionAnswer::List => {
                let list = super::regions::prompt_list();
                let _ = fdio::write_all(rustix::stdio::stderr(), list.as_bytes());
            }
            RegionAnswer::Again(m) => super::say(m),
        }
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
    let secret = checked_secret(secret, validate::SecretRules::default())?;
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
    match validate::key_id(input) {
        Ok(id) => Ok(id.map(str::to_string)),
        Err(e) => Err(CliError::usage(tr!("cli.key_id_error", error = e))),
    }
}

/// Trims, rejects multi-line input, validates with `rules` (refusing an SMTP password and, unless
/// allowed, a length other than 40) and reports warnings.
pub(crate) fn checked_secret(
    mut secret: SecretText,
    rules: validate::SecretRules,
) -> Result<SecretText, CliError> {
    secret.trim_in_place();
    if secret.expose().contains('\n') {
        return Err(CliError::usage(t("cli.input_multiline")));
    }
    let warnings = validate::secret(secret.expose(), rules).map_err(|e| match e {
        validate::SecretError::Length(_) => {
            CliError::usage(tr!("cli.nonstandard_secret_hint", error = e))
        }
        e => CliError::usage(e),
    })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_answers_follow_the_region_rules_and_never_take_a_secret() {
        let code = |a: &str| match region_answer(a) {
            RegionAnswer::Region(r) => r.code().to_string(),
            other => panic!("{a:?}: {other:?}"),
        };
        assert_eq!(code("eu-west-1\n"), "eu-west-1");
        assert_eq!(code(" Seoul "), "ap-northeast-2");
        assert_eq!(code("서울"), "ap-northeast-2");
        assert_eq!(code("sao paulo"), "sa-east-1");
        assert!(matches!(region_answer("?\n"), RegionAnswer::List));
        let again = |a: &str| match region_answer(a) {
            RegionAnswer::Again(m) => m,
            other => panic!("{a:?}: {other:?}"),
        };
        assert!(again("us-east").contains("did you mean"));
        assert!(again("xyzzy").contains("not a region"));
        for secret in [
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX",
            "seoul wJalrXUtnFEMI/K7MDENG",
        ] {
            let m = again(secret);
            assert!(m.contains("hidden prompt"), "{m}");
            assert!(!m.contains("wJalr") && !m.contains("BNSP"), "{m}");
        }
    }
}
