//! seskey: turn an AWS IAM secret access key into an Amazon SES SMTP password.
//!
//! Layers, each using only the ones below it (`tests/layers.rs` checks this):
//!
//! - **Front ends**: `cli` (argument parsing, the scriptable commands, and the entry point
//!   [`run`]) and `tui` (the interactive wizard: state, update, view, runtime).
//! - **Services**: `check` (the SMTP login check), `clipboard` (copy with timed clearing, the
//!   keeper process, OSC 52), `import` (IAM CSV files, `~/.aws/credentials`, environment) and
//!   `iam` (the IAM calls of a key rotation, through the AWS SDK).
//! - **Core**, with no file, terminal or network I/O but `sys`: `secret` (wipe-on-drop secret
//!   types), [`derive`] (the SigV4 SMTP password), [`region`] (the SMTP region catalogue),
//!   `validate` (messages for people), `settings` (host, ports, username), `policy` (the IAM policy document `seskey policy`
//!   prints), `text` (the one redaction and control-character rule for messages), `i18n` (English and
//!   Korean messages), `exit` (exit codes and the failure that carries one, [`Exit`]) and `sys`
//!   (terminal I/O without stray copies, signals, process hardening, argv scrubbing).
//!
//! Public: what the binary (`main.rs`) and the benches use; everything else is the crate's own,
//! so rustc reports what nothing uses.

mod check;
mod cli;
mod clipboard;
pub mod derive;
mod exit;
mod i18n;
mod iam;
mod import;
mod policy;
pub mod region;
mod secret;
mod settings;
mod sys;
mod text;
mod tui;
mod validate;

pub use cli::run;
pub use exit::Exit;
pub use sys::hardening::harden;

/// What the asset generator (`cargo run --example gen_assets`: man pages and completions) and
/// `tests/assets.rs` need: the localized clap definition and the catalogue lookups. Not an API.
#[doc(hidden)]
pub mod generate {
    pub use crate::cli::help::{command, completions, item_text_start, manual_command};
    pub use crate::clipboard::keeper::SUBCOMMAND as KEEPER_SUBCOMMAND;
    pub use crate::i18n::{Lang, lookup, with_lang};
}
