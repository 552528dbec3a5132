//! `seskey check` and `seskey derive --check`: the SMTP login check on the command line.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{CliError, Exit, derive};
use crate::check::{self, CheckOptions, LoginOutcome, NetOverrides, NetRequest, Verdict};
use crate::derive::{Deriver, PASSWORD_LEN};
use crate::i18n::t;
use crate::region::RegionChoice;
use crate::secret::SecretText;
use crate::settings::TlsMode;
use crate::sys::fdio;
use crate::tr;

/// Options of `seskey check`.
#[derive(Debug, Args)]
#[command(after_help = "\
The password (or the secret access key) is read from standard input, or from a no-echo prompt on \
a terminal. A 44-character value starting with B is taken as the SMTP password; anything else as \
the secret access key, from which the password for --region is derived first.

Exit codes: 0 login accepted, 3 login refused (535), 4 the login could not be checked (host not \
found, timeout, connection refused, TLS failure, no STARTTLS, unexpected, over-long or too slow \
answer, data injected after STARTTLS), 2 bad input.")]
pub struct CheckArgs {
    /// AWS region of the SES SMTP endpoint: a code or a name: eu-west-1, Ireland, Seoul, 서울
    /// (SMTP passwords are per region). Left out on a terminal, it is asked for after the
    /// password or secret.
    #[arg(long, short = 'r', value_name = "REGION")]
    pub region: Option<String>,

    /// Access key ID (AKIA...): the SMTP username. Required.
    #[arg(long, value_name = "ID")]
    pub access_key_id: Option<String>,

    /// Output format: the verdict as a line on standard error, or also as JSON on standard output.
    #[arg(long, short = 'f', value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Take a secret access key that is not 40 characters (AWS's are; for AWS-compatible systems).
    #[arg(long)]
    pub allow_nonstandard_secret: bool,

    #[command(flatten)]
    pub net: NetArgs,
}

/// How `check` reports its verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// One line on standard error.
    Text,
    /// A JSON object on standard output (and the line on standard error).
    Json,
}

/// Where and how the login check connects (`check`, `derive --check`).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Login check")]
pub struct NetArgs {
    /// SMTP port: 587 (default), 2587 or 25 use STARTTLS; 465 or 2465 the TLS wrapper.
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,

    /// Connect to HOST[:PORT] instead of the region's SMTP host (VPC interface endpoints, tests).
    #[arg(long, value_name = "HOST[:PORT]")]
    pub endpoint: Option<String>,

    /// Also trust the CA certificates in this PEM file (test servers, TLS-inspecting proxies).
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,

    /// TLS mode; by default STARTTLS, or the TLS wrapper on ports 465 and 2465.
    #[arg(long, value_enum, value_name = "MODE")]
    pub tls: Option<TlsArg>,

    /// Overall time limit of the check, in seconds [default: 15].
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: Option<u64>,
}

impl NetArgs {
    pub(crate) fn any_set(&self) -> bool {
        self.port.is_some()
            || self.endpoint.is_some()
            || self.ca_file.is_some()
            || self.tls.is_some()
            || self.timeout.is_some()
    }

    /// The overrides, validated before anything is read (a bad one is a usage error).
    pub(crate) fn overrides(&self) -> Result<NetOverrides, CliError> {
        NetOverrides::new(NetRequest {
            endpoint: self.endpoint.as_deref(),
            port: self.port,
            tls: self.tls.map(|t| match t {
                TlsArg::Starttls => TlsMode::Starttls,
                TlsArg::Wrapper => TlsMode::Tls,
            }),
            ca_file: self.ca_file.as_deref(),
            timeout: self.timeout.map(Duration::from_secs),
        })
        .map_err(CliError::usage)
    }
}

/// TLS mode on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TlsArg {
    /// Plain connection upgraded with STARTTLS.
    Starttls,
    /// TLS from the first byte (SMTPS).
    #[value(alias = "tls")]
    Wrapper,
}

/// Runs `seskey check`.
pub fn run(args: &CheckArgs) -> Result<(), CliError> {
    let given_region = args
        .region
        .as_deref()
        .map(derive::parse_region)
        .transpose()?;
    if given_region.is_none() && !fdio::is_terminal(rustix::stdio::stdin()) {
        return Err(CliError::usage(t("cli.region_required")));
    }
    let username = required_key_id(args.access_key_id.as_deref(), "check")?;
    let overrides = args.net.overrides()?;
    let input = read_input()?;
    // Asked after the hidden prompt, as `derive` does (see `derive::ask_region`).
    let region = match given_region {
        Some(r) => r,
        None => match derive::ask_region() {
            Ok(r) => r?,
            Err(sig) => {
                drop(input);
                std::process::exit(128 + sig);
            }
        },
    };
    let opts = overrides.for_region(&region);
    let rules = crate::validate::SecretRules {
        allow_nonstandard_length: args.allow_nonstandard_secret,
    };
    let password = into_password(input, &region, rules)?;
    report(&opts, &username, password.expose(), args.format)
}

/// A login check prepared by `derive --check` before it reads the secret, run after it printed.
pub(crate) struct Pending {
    overrides: NetOverrides,
    username: String,
}

/// Validates `derive`'s check options up front, so that a usage error comes before the secret is
/// asked for. `None` without `--check`. The region may be asked for after the secret, so it comes
/// with [`Pending::run`].
pub(crate) fn prepare(
    check: bool,
    net: &NetArgs,
    key_id: Option<&str>,
) -> Result<Option<Pending>, CliError> {
    if !check {
        if net.any_set() {
            return Err(CliError::usage(t("cli.check_options_without_check")));
        }
        return Ok(None);
    }
    let username = required_key_id(key_id, "derive --check")?;
    Ok(Some(Pending {
        overrides: net.overrides()?,
        username,
    }))
}

impl Pending {
    /// Runs the check for `region` with the derived password; the verdict goes to standard error.
    pub(crate) fn run(self, region: &RegionChoice, password: &str) -> Result<(), CliError> {
        let opts = self.overrides.for_region(region);
        report(&opts, &self.username, password, CheckFormat::Text)
    }
}

fn required_key_id(key_id: Option<&str>, command: &str) -> Result<String, CliError> {
    let missing = || CliError::usage(tr!("cli.check_needs_key_id", command = command));
    let id = derive::checked_key_id(key_id)?.ok_or_else(missing)?;
    if id.is_empty() {
        return Err(missing());
    }
    Ok(id)
}

#[cfg(test)]
fn options(region: &RegionChoice, net: &NetArgs) -> Result<CheckOptions, CliError> {
    Ok(net.overrides()?.for_region(region))
}

fn read_input() -> Result<SecretText, CliError> {
    super::derive::read_stdin_or_prompt(t("cli.prompt_password_or_secret"))
}

/// A derived SMTP password: 44 base64 characters, the first `B` (version byte 0x04).
fn looks_like_password(s: &str) -> bool {
    s.len() == PASSWORD_LEN
        && s.starts_with('B')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
}

/// The input as the SMTP password: kept when it is one, derived for `region` when it is a secret.
fn into_password(
    mut input: SecretText,
    region: &RegionChoice,
    rules: crate::validate::SecretRules,
) -> Result<SecretText, CliError> {
    input.trim_in_place();
    if looks_like_password(input.expose()) {
        return Ok(input);
    }
    let secret = derive::checked_secret(input, rules)?;
    let mut password = SecretText::new();
    Deriver::new(secret.expose()).password_into(region.code(), &mut password);
    Ok(password)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    verdict: &'a Verdict,
    exit_code: u8,
    message: &'a str,
    host: &'a str,
    port: u16,
    tls: TlsMode,
    username: &'a str,
    region: Option<&'a str>,
}

fn report(
    opts: &CheckOptions,
    username: &str,
    password: &str,
    format: CheckFormat,
) -> Result<(), CliError> {
    let verdict = check::check_login(opts, username, password);
    let message = verdict.message(opts);
    let exit = match verdict.outcome() {
        LoginOutcome::Accepted => Exit::Ok,
        LoginOutcome::Refused => Exit::Refused,
        LoginOutcome::NotChecked | LoginOutcome::Cancelled => Exit::Unreachable,
    };
    if format == CheckFormat::Json {
        let json = JsonReport {
            verdict: &verdict,
            exit_code: exit as u8,
            message: &message,
            host: &opts.host,
            port: opts.port,
            tls: opts.tls,
            username,
            region: opts.region.as_deref(),
        };
        let mut text = serde_json::to_string_pretty(&json)
            .map_err(|e| CliError::failure(tr!("io.format_failed", error = e)))?;
        text.push('\n');
        fdio::write_stdout(text.as_bytes())
            .map_err(|e| CliError::failure(tr!("io.write_failed", error = e)))?;
    }
    if exit == Exit::Ok {
        eprintln!("seskey: {message}");
        Ok(())
    } else {
        Err(CliError { exit, message })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_secrets_are_told_apart() {
        assert!(looks_like_password(
            "BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX"
        ));
        // A secret access key is 40 characters.
        assert!(!looks_like_password(
            "YOURKEYrrpg/JHpyvtStUVcAV9177EAKKmDP37P"
        ));
        assert!(!looks_like_password(
            "ANSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX"
        ));
    }

    #[test]
    fn a_secret_is_turned_into_the_regions_password() {
        let region = crate::region::parse("us-east-1").unwrap();
        let input =
            SecretText::from_str_checked("6OMByxuHdtM/Y9iuFPd011rVLqcY2DSXwwhncci8\n").unwrap();
        let pw = into_password(input, &region, Default::default()).unwrap();
        assert_eq!(pw.expose(), "BCKR7SzjIg7slosnMG/fJ6Fn9/y5GcVG61DJB4CoNsEo");
        // The AWS documentation's 39-character example: refused, unless allowed.
        let short =
            || SecretText::from_str_checked("YOURKEYrrpg/JHpyvtStUVcAV9177EAKKmDP37P").unwrap();
        assert!(into_password(short(), &region, Default::default()).is_err());
        let lenient = crate::validate::SecretRules {
            allow_nonstandard_length: true,
        };
        let pw = into_password(short(), &region, lenient).unwrap();
        assert_eq!(pw.expose(), "BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX");
        let input = SecretText::from_str_checked(" BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX\n")
            .unwrap();
        let pw = into_password(input, &region, Default::default()).unwrap();
        assert_eq!(pw.expose(), "BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX");
    }

    #[test]
    fn endpoint_and_port_combine() {
        let region = crate::region::parse("eu-west-1").unwrap();
        let net = NetArgs {
            endpoint: Some("vpce.example:465".into()),
            ..NetArgs::default()
        };
        let o = options(&region, &net).unwrap();
        assert_eq!(
            (o.host.as_str(), o.port, o.tls),
            ("vpce.example", 465, TlsMode::Tls)
        );
        let net = NetArgs {
            endpoint: Some("vpce.example:465".into()),
            port: Some(587),
            ..NetArgs::default()
        };
        assert!(options(&region, &net).is_err());
        let net = NetArgs {
            port: Some(2525),
            tls: Some(TlsArg::Wrapper),
            timeout: Some(3),
            ..NetArgs::default()
        };
        let o = options(&region, &net).unwrap();
        assert_eq!((o.port, o.tls), (2525, TlsMode::Tls));
        assert_eq!(o.timeout, Duration::from_secs(3));
        assert!(prepare(false, &net, None).is_err());
        assert!(prepare(true, &NetArgs::default(), None).is_err());
    }
}
