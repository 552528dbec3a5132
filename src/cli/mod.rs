//! The scriptable command line: parses arguments and runs one command to an exit code.

pub mod args;
pub mod batch;
pub mod check;
pub mod clipboard;
pub mod create_user;
pub mod derive;
pub mod help;
pub mod import;
pub mod keys;
pub mod regions;
pub mod rotate;

use std::ffi::OsString;
use std::fmt;

pub use args::Cli;

use crate::clipboard::ClipboardConfig;
pub use crate::exit::{CliError, Exit};

/// Prints a warning on standard error.
pub fn warn(message: impl fmt::Display) {
    say(format_args!("{}: {message}", crate::i18n::t("cli.warning")));
}

/// Prints `seskey: MESSAGE` on standard error, made safe by [`crate::text::for_terminal`]
/// (key material redacted, control characters visible). Every message of the command line goes
/// through here.
pub fn say(message: impl fmt::Display) {
    eprintln!(
        "seskey: {}",
        crate::text::for_terminal(&message.to_string())
    );
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
    let clip = clipboard_config(&cli);
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
            // Generated into memory: clap_complete panics when its writer fails (a full disk).
            let mut script = Vec::new();
            help::completions(shell, &mut script);
            write_out(&script)
        }
        Some(args::Command::Policy) => write_out(crate::policy::DOCUMENT.as_bytes()),
        None => no_command(&clip, &tui_net),
    };
    finish(result)
}

fn finish(result: Result<(), CliError>) -> Exit {
    match result {
        Ok(()) => Exit::Ok,
        Err(e) => {
            say(format_args!(
                "{}: {}",
                crate::i18n::t("cli.error"),
                e.message
            ));
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

/// The clipboard settings of the global options (`--no-clipboard`, `--clear-after`).
fn clipboard_config(cli: &Cli) -> ClipboardConfig {
    ClipboardConfig::new(cli.no_clipboard, cli.clear_after)
        .with_relay(crate::clipboard::Relay::from_env())
}

fn no_command(clip: &ClipboardConfig, net: &check::NetArgs) -> Result<(), CliError> {
    if crate::tui::on_terminal() {
        return crate::tui::run_checked(crate::tui::Options {
            clipboard: *clip,
            net: net.overrides()?,
        });
    }
    let help = help::command().render_help();
    if crate::sys::fdio::is_terminal(rustix::stdio::stdout()) {
        write_out(format!("{help}\n").as_bytes())
    } else {
        Err(CliError::usage(crate::i18n::t("cli.no_command")))
    }
}

/// Prints a clap error with every argument that could be a key replaced, since clap quotes the
/// offending argument verbatim.
fn report_clap_error(e: clap::Error, argv: &[OsString]) -> Exit {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        // Help that could not be written (a full disk, a closed pipe) is a failure, not exit 0.
        let help = if crate::sys::fdio::is_terminal(rustix::stdio::stdout()) {
            e.render().ansi().to_string()
        } else {
            e.render().to_string()
        };
        return match write_out(help.as_bytes()) {
            Ok(()) => Exit::Ok,
            Err(e) => finish(Err(e)),
        };
    }
    if let Some((secret, message)) = help::secret_as_argument(&e) {
        // Out of /proc/PID/cmdline at least; the shell's history is beyond reach.
        crate::sys::scrub::wipe_arg(secret.as_bytes());
        return finish(Err(CliError::usage(message)));
    }
    let mut text = e.render().to_string();
    // Whole arguments first, so that one with a secret inside goes entirely; then the one rule
    // for every message catches the rest (values from the environment, trimmed copies).
    for arg in argv.iter().skip(1).filter_map(|a| a.to_str()) {
        if could_be_secret(arg) {
            text = text.replace(arg, crate::text::REDACTED);
        }
    }
    eprint!("{}", crate::text::for_terminal(&text));
    Exit::Usage
}

/// An argument that holds something that could be key material ([`crate::text`]'s rule).
fn could_be_secret(arg: &str) -> bool {
    crate::text::holds_key_material(arg)
}

/// Writes command output to standard output; a failed write is exit 1 with a message.
fn write_out(bytes: &[u8]) -> Result<(), CliError> {
    crate::sys::fdio::write_stdout(bytes)
        .map_err(|e| CliError::failure(crate::tr!("io.write_failed", error = e)))
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
