//! Command-line arguments (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

const AFTER_HELP: &str = "\
Where the keys come from:
  IAM console > Users > (the SMTP user) > Security credentials > Create access key. The secret
  access key is shown once, next to its access key ID (AKIA...), and in the CSV offered then.
  The access key ID is the SMTP username; seskey turns the secret into the SMTP password.
  The IAM user needs permission for ses:SendRawEmail: `seskey policy` prints a complete policy
  document to paste into the IAM console's JSON editor.
  Temporary (STS, ASIA...) keys do not work with SES SMTP.

The secret is never taken from an argument of `derive`: pipe it on standard input, type it at
the no-echo prompt, or use --from-env.
The AWS sample script's form `seskey SECRET REGION` works too, with a warning: a secret
given as an argument lands in shell history and process listings.

Exit codes:
  0  success
  1  runtime failure (reading input, writing output)
  2  usage error or invalid input (bad secret, region or access key ID)
  3  login check: the SMTP server refused the login (535)
  4  login check: the login could not be checked (host not found, timeout, connection
     refused, TLS failure, no STARTTLS, unexpected answer)
  5  AWS: credentials missing or expired, permission denied, no such user, the two-key limit,
     an old key still in use (keys, rotate, create-user)";

/// Turn an AWS IAM secret access key into an Amazon SES SMTP password.
///
/// Run without arguments on a terminal for the guided, interactive converter.
#[derive(Debug, Parser)]
#[command(
    name = "seskey",
    // `seskey 0.1.0 (commit 5a93ea0c1d2e)`, or `(unknown commit)` for a build outside git (build.rs).
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("SESKEY_BUILD_COMMIT_STAMP"), ")"),
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Subcommand; none opens the interactive converter on a terminal.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Clear a copied password from the clipboard after SECONDS (0 = never).
    #[arg(
        long,
        global = true,
        value_name = "SECONDS",
        env = "SESKEY_CLEAR_AFTER",
        default_value_t = 45,
        value_parser = clap::value_parser!(u64).range(0..=86_400)
    )]
    pub clear_after: u64,

    /// Never use the clipboard (neither the system clipboard nor OSC 52).
    #[arg(long, global = true)]
    pub no_clipboard: bool,

    /// Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).
    /// Read before parsing by `crate::i18n::lang_from_args`; here so that clap accepts it.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,

    /// Where the interactive converter's login check (`t`) connects; the same options follow
    /// `check` and `derive --check` for those commands.
    #[command(flatten)]
    pub net: super::check::NetArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Derive the SMTP password for one secret access key (read from stdin or a no-echo prompt).
    Derive(DeriveArgs),
    /// Log in to the SES SMTP endpoint with the password (or secret, from stdin) and send no mail.
    Check(super::check::CheckArgs),
    /// List the regions with an SES SMTP endpoint.
    Regions(RegionsArgs),
    /// Convert a CSV of access keys into the SMTP credentials CSV the SES console gives.
    Batch(super::batch::BatchArgs),
    /// Print the IAM policy the SMTP user needs, as a complete document ready to paste.
    Policy,
    /// List an IAM user's access keys with their last use.
    Keys(super::keys::KeysArgs),
    /// Rotate an SMTP user's access key: a new key and its SMTP password; --finish retires the old.
    Rotate(super::rotate::RotateArgs),
    /// Create an IAM user that may only send mail, and its SMTP credentials.
    CreateUser(super::create_user::CreateUserArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: Shell,
    },
    /// Internal: the detached process that keeps and clears a copy (see `crate::clipboard`).
    #[command(name = crate::clipboard::keeper::SUBCOMMAND, hide = true)]
    ClipboardKeeper(crate::clipboard::keeper::KeeperArgs),
}

/// Options of `seskey derive`.
#[derive(Debug, Args)]
pub struct DeriveArgs {
    /// AWS region of the SES SMTP endpoint: a code or a name: eu-west-1, Ireland, Seoul, 서울
    /// (SMTP passwords are per region).
    /// Left out on a terminal, it is asked for after the secret.
    #[arg(long, short = 'r', value_name = "REGION")]
    pub region: Option<String>,

    /// Access key ID (AKIA...): the SMTP username, shown in json and env output.
    #[arg(long, value_name = "ID")]
    pub access_key_id: Option<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = DeriveFormat::Password)]
    pub format: DeriveFormat,

    /// Read the secret from AWS_SECRET_ACCESS_KEY (and the ID from AWS_ACCESS_KEY_ID).
    #[arg(long)]
    pub from_env: bool,

    /// After printing, log in to the SMTP endpoint with the result (needs --access-key-id); sends
    /// no mail. Exit 3 when the login is refused, 4 when it could not be checked.
    #[arg(long)]
    pub check: bool,

    /// Copy the password to the clipboard instead of printing it (cleared after --clear-after).
    #[arg(long, conflicts_with = "format")]
    pub copy: bool,

    /// Other key sources: --from-csv, --row, --profile.
    #[command(flatten)]
    pub import: super::import::ImportArgs,

    /// Take a secret access key that is not 40 characters (AWS's are; for AWS-compatible systems).
    #[arg(long)]
    pub allow_nonstandard_secret: bool,

    // Last: its "Login check" heading carries over to the arguments after it.
    #[command(flatten)]
    pub net: super::check::NetArgs,
}

/// How `derive` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeriveFormat {
    /// The password alone, like the AWS script.
    Password,
    /// Host, FIPS host, ports, username, region and password as JSON.
    Json,
    /// SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD lines.
    Env,
}

/// Options of `seskey regions`.
#[derive(Debug, Args)]
pub struct RegionsArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RegionsFormat::Table)]
    pub format: RegionsFormat,
}

/// How `regions` prints the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegionsFormat {
    /// Aligned columns for people.
    Table,
    /// A JSON array.
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
