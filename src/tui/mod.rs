//! The interactive wizard (`seskey` with no arguments on a terminal).
//!
//! Elm style: [`app::App`] is the state, [`update::update`] decides everything (pure),
//! [`view::view`] only draws, and [`runtime`] does the I/O: terminal setup, input, signals, and
//! the workers that copy to the clipboard ([`crate::clipboard`]) and check the login
//! ([`crate::check`]).

pub mod app;
pub mod config;
pub mod event;
pub mod fields;
pub mod import;
pub mod input;
pub mod keymap;
pub mod options;
pub mod rotation;
pub mod runtime;
#[cfg(test)]
pub(crate) mod test_support;
pub mod theme;
pub mod update;
pub mod view;

use crate::exit::CliError;
use crate::tr;
pub use options::Options;

/// True when both standard input and output are terminals (the wizard's precondition).
pub fn on_terminal() -> bool {
    crate::sys::fdio::is_terminal(rustix::stdio::stdin())
        && crate::sys::fdio::is_terminal(rustix::stdio::stdout())
}

/// Runs the wizard to its end. On a terminating signal the process exits here with 128+signal,
/// after the state was wiped and the terminal restored.
pub fn run_checked(options: Options) -> Result<(), CliError> {
    let mut app = app::App::new(config::initial_region());
    app.clipboard = app::ClipState::new(options.clipboard);
    // The start screen comes first; `SESKEY_START=convert` goes straight to step 1, and
    // `rotate` / `create-user` preselect that line.
    let start = std::env::var("SESKEY_START").ok();
    match start.as_deref().and_then(rotation::Path::from_name) {
        Some(rotation::Path::Convert) => {}
        other => {
            rotation::open_start(&mut app);
            if let (Some(path), Some(st)) = (other, &mut app.rotation) {
                st.choice = rotation::Path::ALL
                    .iter()
                    .position(|&p| p == path)
                    .unwrap_or(0);
            }
        }
    }
    let theme = theme::Theme::from_env();
    match std::panic::catch_unwind(move || runtime::run(app, theme, &options)) {
        Ok(Ok(runtime::WizardEnd::Quit)) => Ok(()),
        Ok(Ok(runtime::WizardEnd::Signal(sig))) => std::process::exit(128 + sig),
        Ok(Ok(runtime::WizardEnd::HangUp)) => Err(CliError::failure(tr!("tui.exit.hang_up"))),
        Ok(Err(e)) => Err(CliError::failure(tr!(
            "tui.exit.terminal_failed",
            error = e
        ))),
        Err(_) => Err(CliError::failure(tr!("tui.exit.internal"))),
    }
}
