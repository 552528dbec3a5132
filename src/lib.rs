//! seskey: turn an AWS IAM secret access key into an Amazon SES SMTP password.
//!
//! The pure core (no I/O): [`secret`] (wipe-on-drop secret types), [`derive`] (the SigV4 SMTP
//! password), [`region`] (the SMTP region catalogue), [`validate`] (messages for people) and
//! [`settings`] (host, ports, username).
//!
//! The shell around it: [`cli`] (argument parsing and the scriptable commands), [`clipboard`]
//! (copy with timed clearing) and [`sys`] (terminal I/O without stray copies, process hardening).

pub mod check;
pub mod cli;
pub mod clipboard;
pub mod derive;
pub mod i18n;
pub mod iam;
pub mod import;
pub mod region;
pub mod secret;
pub mod settings;
pub mod sys;
pub mod tui;
pub mod validate;
