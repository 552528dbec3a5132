//! `seskey keys USER`: an IAM user's access keys with their last use, and the role each plays in a
//! rotation. Also the pieces the other IAM commands share: `--profile`, the connection, the key
//! table.

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::CliError;
use crate::exit::Exit;
use crate::i18n::t;
use crate::iam::plan::{self, Role};
use crate::iam::{self, ConnectOptions, Connection, IamError, KeyInfo};
use crate::sys::fdio;
use crate::tr;

/// The AWS options of the IAM commands.
#[derive(Debug, Clone, Default, Args)]
pub struct AwsArgs {
    /// The AWS profile (from ~/.aws/config) whose credentials call IAM; default: AWS_PROFILE, else
    /// the SDK's default chain.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
}

/// Options of `seskey keys`.
#[derive(Debug, Args)]
pub struct KeysArgs {
    /// The IAM user name.
    #[arg(value_name = "USER")]
    pub user: String,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = KeysFormat::Text)]
    pub format: KeysFormat,

    #[command(flatten)]
    pub aws: AwsArgs,

    // The global clipboard options mean nothing here (`keys` prints no secret): these hidden
    // same-named arguments keep clap from propagating them into `keys --help`.
    #[arg(long, hide = true, value_name = "SECONDS")]
    #[doc(hidden)]
    pub clear_after: Option<u64>,

    #[arg(long, hide = true)]
    #[doc(hidden)]
    pub no_clipboard: bool,
}

/// How `keys` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeysFormat {
    /// Aligned columns for people.
    Text,
    /// A JSON object.
    Json,
}

/// Maps an IAM failure to a CLI error (exit 5).
pub(crate) fn aws_error(e: IamError) -> CliError {
    CliError {
        exit: Exit::Aws,
        message: e.to_string(),
    }
}

/// Connects to IAM with the command's options.
pub(crate) fn connect(aws: &AwsArgs) -> Result<Connection, CliError> {
    Connection::connect(&ConnectOptions {
        profile: aws.profile.clone(),
    })
    .map_err(aws_error)
}

/// Checks the user name IAM would accept, before any call.
pub(crate) fn checked_user(user: &str) -> Result<&str, CliError> {
    // A name the redaction rule would hide is likely a pasted secret: never sent to AWS, never
    // echoed.
    if crate::text::holds_key_material(user) {
        return Err(CliError::usage(t("iam.user_name_like_key")));
    }
    if iam::valid_user_name(user) {
        Ok(user)
    } else {
        Err(CliError::usage(tr!("iam.bad_user_name", user = user)))
    }
}

/// Runs `seskey keys`.
pub fn run(args: &KeysArgs) -> Result<(), CliError> {
    let user = checked_user(&args.user)?;
    let iam = connect(&args.aws)?;
    let keys = iam.keys(user).map_err(aws_error)?;
    let text = match args.format {
        KeysFormat::Text => table(user, &keys),
        KeysFormat::Json => json(user, &keys)?,
    };
    fdio::write_stdout(text.as_bytes())
        .map_err(|e| CliError::failure(tr!("io.write_failed", error = e)))
}

/// "2024-05-01T10:00:00Z, ses, eu-west-1", or "never".
pub(crate) fn last_use(k: &KeyInfo) -> String {
    iam::last_use(k)
}

fn role_text(role: Role) -> &'static str {
    match role {
        Role::Only => t("iam.role_only"),
        Role::Newest => t("iam.role_newest"),
        Role::Old => t("iam.role_old"),
    }
}

/// The key table `keys` prints, also shown before `rotate` asks to go on.
pub(crate) fn table(user: &str, keys: &[KeyInfo]) -> String {
    if keys.is_empty() {
        return format!("{}\n", tr!("iam.no_keys", user = user));
    }
    let roles = plan::roles(keys);
    let rows: Vec<[String; 5]> = keys
        .iter()
        .zip(&roles)
        .map(|(k, r)| {
            [
                k.id.clone(),
                status(k).to_string(),
                k.created.map(iam::format_time).unwrap_or_default(),
                last_use(k),
                role_text(*r).to_string(),
            ]
        })
        .collect();
    let head = [
        t("iam.col_key"),
        t("iam.col_status"),
        t("iam.col_created"),
        t("iam.col_last_used"),
        t("iam.col_role"),
    ];
    let width = |i: usize| {
        rows.iter()
            .map(|r| unicode_width::UnicodeWidthStr::width(r[i].as_str()))
            .chain([unicode_width::UnicodeWidthStr::width(head[i])])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..4).map(width).collect();
    let pad = |s: &str, w: usize| {
        let n = w.saturating_sub(unicode_width::UnicodeWidthStr::width(s));
        format!("{s}{}", " ".repeat(n))
    };
    let mut out = format!("{}\n", tr!("iam.keys_of", user = user));
    let line = |cells: [&str; 5]| {
        let mut l = String::from(" ");
        for (i, c) in cells.iter().enumerate() {
            l.push(' ');
            l.push_str(&if i < 4 {
                pad(c, widths[i])
            } else {
                c.to_string()
            });
            l.push(' ');
        }
        format!("{}\n", l.trim_end())
    };
    out.push_str(&line(head));
    for r in &rows {
        out.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4]]));
    }
    out
}

pub(crate) fn status(k: &KeyInfo) -> &'static str {
    if k.active {
        t("iam.status_active")
    } else {
        t("iam.status_inactive")
    }
}

#[derive(Serialize)]
struct JsonLastUsed<'a> {
    date: Option<String>,
    service: &'a str,
    region: &'a str,
}

#[derive(Serialize)]
struct JsonKey<'a> {
    access_key_id: &'a str,
    status: &'static str,
    created: Option<String>,
    last_used: Option<JsonLastUsed<'a>>,
    role: Role,
}

#[derive(Serialize)]
struct JsonKeys<'a> {
    user: &'a str,
    keys: Vec<JsonKey<'a>>,
}

fn json(user: &str, keys: &[KeyInfo]) -> Result<String, CliError> {
    let roles = plan::roles(keys);
    let out = JsonKeys {
        user,
        keys: keys
            .iter()
            .zip(roles)
            .map(|(k, role)| JsonKey {
                access_key_id: &k.id,
                status: if k.active { "Active" } else { "Inactive" },
                created: k.created.map(iam::format_time),
                last_used: k.last_used.as_ref().map(|u| JsonLastUsed {
                    date: u.date.map(iam::format_time),
                    service: &u.service,
                    region: &u.region,
                }),
                role,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&out)
        .map_err(|e| CliError::failure(tr!("io.format_failed", error = e)))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_follow_iam_rules() {
        assert!(checked_user("smtp-user_1@example.com").is_ok());
        assert!(checked_user("").is_err());
        assert!(checked_user("a b").is_err());
        assert!(checked_user(&"x".repeat(65)).is_err());
    }

    #[test]
    fn the_table_marks_the_key_to_retire() {
        let k = |id: &str, created| crate::iam::test_key(id, true, created, None);
        let text = crate::i18n::with_lang(crate::i18n::Lang::En, || {
            table("smtp", &[k("AKIAOLD", 1), k("AKIANEW", 2)])
        });
        let old = text.lines().find(|l| l.contains("AKIAOLD")).unwrap();
        assert!(old.contains("--finish"), "{text}");
    }
}
