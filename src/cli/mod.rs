//! The scriptable command line: parses arguments and runs one command to an exit code.

pub mod args;
pub mod batch;
pub mod check;
pub mod clipboard;
pub mod create_user;
pub mod derive;
pub mod exit;
pub mod help;
pub mod import;
pub mod keys;
pub mod regions;
pub mod rotate;

use std::ffi::OsString;
use std::fmt;

pub use args::Cli;
pub use exit::Exit;

/// A failure to report to the user: a message for people and a stable exit code.
#[derive(Debug)]
pub struct CliError {
    /// Exit code to leave with.
    pub exit: Exit,
    /// What went wrong and what to do; never holds a secret.
    pub message: String,
}

impl CliError {
    /// A usage or invalid-input error (exit 2).
    pub fn usage(message: impl fmt::Display) -> Self {
        Self {
            exit: Exit::Usage,
            message: message.to_string(),
        }
    }

    /// A runtime failure (exit 1).
    pub fn failure(message: impl fmt::Display) -> Self {
        Self {
            exit: Exit::Failure,
            message: message.to_string(),
        }
    }
}

/// Prints a warning on standard error.
pub fn warn(message: impl fmt::Display) {
    eprintln!("seskey: {}: {message}", crate::i18n::t("cli.warning"));
}

/// Runs seskey with `argv` (including the program name) and returns the exit code.
pub fn run(argv: Vec<OsString>) -> Exit {
    crate::i18n::init_from(&argv);
    if let Some((secret, region)) = legacy_form(&argv) {
        return finish(derive::run_legacy(secret, &region));
    }
    let cli = match help::parse(&argv) {
        Ok(cli) => cli,
        Err(e) => return report_clap_error(e, &argv),
    };
    let clip = crate::clipboard::ClipboardConfig::from_cli(&cli);
    if cli.command.is_some() && cli.net.any_set() {
        return finish(Err(CliError::usage(crate::i18n::t(
            "cli.net_before_command",
        ))));
    }
    let tui_net = cli.net.clone();
    let result = match cli.command {
        Some(args::Command::Derive(a)) => derive::run(&a, &clip),
        Some(args::Command::Check(a)) => check::run(&a),
        Some(args::Command::ClipboardKeeper(a)) => return clipboard::run_keeper(&a),
        Some(args::Command::Regions(a)) => regions::run(&a),
        Some(args::Command::Batch(a)) => batch::run(&a),
        Some(args::Command::Keys(a)) => keys::run(&a),
        Some(args::Command::Rotate(a)) => rotate::run(&a, &clip),
        Some(args::Command::CreateUser(a)) => create_user::run(&a, &clip),
        Some(args::Command::Completions { shell }) => {
            clap_complete::generate(
                shell,
                &mut help::command(),
                "seskey",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        None => no_command(&clip, &tui_net),
    };
    finish(result)
}

fn finish(result: Result<(), CliError>) -> Exit {
    match result {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("seskey: {}: {}", crate::i18n::t("cli.error"), e.message);
            e.exit
        }
    }
}

/// The AWS sample script's form `seskey SECRET REGION`: exactly two plain arguments, the first
/// not a subcommand. Recognised before clap so that the usage line stays about the subcommands.
fn legacy_form(argv: &[OsString]) -> Option<(String, String)> {
    let [_, secret, region] = argv else {
        return None;
    };
    let (mut secret, mut region) = (secret.to_str()?, region.to_str()?);
    // `has_subcommand` answers from the derive, without building the whole clap command.
    let is_command =
        <args::Command as clap::Subcommand>::has_subcommand(secret) || secret == "help";
    if is_command || secret.starts_with('-') || region.starts_with('-') {
        return None;
    }
    // `seskey REGION SECRET`: a region code never looks like key material, so the order is
    // unambiguous; take it (the secret is then wiped from argv like in the usual order).
    if crate::region::is_well_formed(&secret.to_ascii_lowercase())
        && crate::validate::looks_like_key_material(region)
    {
        warn(crate::i18n::t("cli.legacy_swapped"));
        std::mem::swap(&mut secret, &mut region);
    }
    Some((secret.to_string(), region.to_string()))
}

fn no_command(
    clip: &crate::clipboard::ClipboardConfig,
    net: &check::NetArgs,
) -> Result<(), CliError> {
    if crate::tui::on_terminal() {
        return crate::tui::run_checked(crate::tui::Options::new(*clip, net)?);
    }
    let help = help::command().render_help();
    if crate::sys::fdio::is_terminal(rustix::stdio::stdout()) {
        println!("{help}");
        Ok(())
    } else {
        Err(CliError::usage(crate::i18n::t("cli.no_command")))
    }
}

/// Prints a clap error with every argument that could be a key replaced, since clap quotes the
/// offending argument verbatim.
fn report_clap_error(e: clap::Error, argv: &[OsString]) -> Exit {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return Exit::Ok;
    }
    let mut text = e.render().to_string();
    for arg in argv.iter().skip(1).filter_map(|a| a.to_str()) {
        if could_be_secret(arg) {
            text = text.replace(arg, "[redacted]");
        }
    }
    eprint!("{text}");
    Exit::Usage
}

/// A value long enough and of the right alphabet to be a secret access key or SMTP password.
fn could_be_secret(arg: &str) -> bool {
    let v = arg.split_once('=').map_or(arg, |(_, v)| v);
    crate::validate::looks_like_key_material(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_like_arguments_are_recognised() {
        assert!(could_be_secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assert!(could_be_secret(
            "--x=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        ));
        assert!(!could_be_secret("--region"));
        assert!(!could_be_secret("us-east-1"));
    }
}
