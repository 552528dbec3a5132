//! `seskey derive --from-csv FILE [--row N]`, `--profile NAME` and `--from-env`: taking the key
//! pair from a source instead of standard input.

use std::path::{Path, PathBuf};

use clap::Args;

use super::CliError;
use crate::import::{self, ErrorKind, ImportError, Imported, SourceFile, credentials};
use crate::tr;

/// Key sources of `seskey derive` (flattened into its arguments).
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Take the access key ID and secret from the CSV the IAM console gives (the access-key CSV
    /// or the older new-user CSV).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["from_env", "profile"])]
    pub from_csv: Option<PathBuf>,

    /// The row of --from-csv to use when it holds several keys (1 = the first key row).
    #[arg(long, value_name = "N", requires = "from_csv",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub row: Option<u64>,

    /// Take the key from this profile of ~/.aws/credentials (or AWS_SHARED_CREDENTIALS_FILE).
    /// Profiles with temporary credentials (session token, SSO, credential_process) are refused.
    #[arg(long, value_name = "NAME", conflicts_with = "from_env")]
    pub profile: Option<String>,
}

/// Maps an import error to the CLI's exit codes: unreadable sources exit 1, bad content 2.
pub fn cli_error(e: ImportError) -> CliError {
    match e.kind {
        ErrorKind::Unreadable => CliError::failure(e),
        ErrorKind::Invalid => CliError::usage(e),
    }
}

/// The key pair from the source the arguments name, or `None` when the secret comes from
/// standard input. CSV rows are checked under `rules` (listing and loading); the caller checks
/// the pair from the other sources with the same rules.
pub fn load(
    args: &ImportArgs,
    from_env: bool,
    rules: crate::validate::SecretRules,
) -> Result<Option<Imported>, CliError> {
    if let Some(path) = &args.from_csv {
        return from_csv(path, args.row, rules).map(Some);
    }
    if let Some(name) = &args.profile {
        let path = credentials::default_path().map_err(cli_error)?;
        let file = SourceFile::read(&path).map_err(cli_error)?;
        return credentials::load(&file, name).map(Some).map_err(cli_error);
    }
    if from_env {
        let imported = import::env::load();
        // Wiped whether or not it could be used.
        // SAFETY: the CLI runs single-threaded; no other thread reads the environment now.
        unsafe { import::env::forget_secret() };
        return imported.map(Some).map_err(cli_error);
    }
    Ok(None)
}

fn from_csv(
    path: &Path,
    row: Option<u64>,
    rules: crate::validate::SecretRules,
) -> Result<Imported, CliError> {
    let file = SourceFile::read(path).map_err(cli_error)?;
    let row = match row {
        Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
        None => {
            let entries = import::csv::list_with(&file, rules).map_err(cli_error)?;
            match entries.len() {
                0 => {
                    return Err(CliError::usage(tr!(
                        "cli.csv_no_key_row",
                        file = file.name()
                    )));
                }
                1 => 1,
                n => return Err(CliError::usage(choose_row(file.name(), n, &entries))),
            }
        }
    };
    import::csv::load_with(&file, row, rules).map_err(cli_error)
}

/// Rows listed when asking to pick one; a file of 200 000 rows must not make a 12 MB message.
const ROWS_LISTED: usize = 20;

/// The message asking to pick a row, listing what tells rows apart (never a secret), user names
/// from the file shown rather than acted on by the terminal.
fn choose_row(name: &str, n: usize, entries: &[import::csv::CsvEntry]) -> String {
    let mut m = tr!("cli.csv_choose_row", file = name, n = n);
    for e in entries.iter().take(ROWS_LISTED) {
        m.push_str(&tr!("cli.csv_row_choice", row = e.row, line = e.line));
        if let Some(id) = &e.access_key_id {
            m.push_str(&format!("  {id}"));
        }
        if let Some(user) = &e.user_name {
            m.push_str(&format!("  {}", crate::text::visible(user)));
        }
        if let Some(p) = &e.problem {
            m.push_str(&tr!("cli.csv_row_unusable", problem = p));
        }
    }
    if entries.len() > ROWS_LISTED {
        m.push_str(&tr!("cli.csv_more_rows", n = entries.len() - ROWS_LISTED));
    }
    m
}
