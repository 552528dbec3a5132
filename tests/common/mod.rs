//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub mod smtp;
pub mod x11;

/// The binary under test: `SESKEY_BIN` when set (CI points it at the release build), else the
/// one cargo built for this test run.
pub fn bin() -> PathBuf {
    std::env::var_os("SESKEY_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_seskey")))
}

/// Spawns `cmd` with a pipe for standard input, writes `input` and closes it, then waits for it.
/// Standard output and error are captured where the caller piped them ([`output_with_input`]
/// pipes both). seskey may refuse its arguments before it reads: a closed pipe is no error.
pub fn spawn_with_input(cmd: &mut Command, input: impl AsRef<[u8]>) -> Output {
    let mut child = cmd.stdin(Stdio::piped()).spawn().unwrap();
    let _ = child.stdin.take().unwrap().write_all(input.as_ref());
    child.wait_with_output().unwrap()
}

/// Runs `cmd` with `input` on standard input and its standard output and error captured.
pub fn output_with_input(cmd: &mut Command, input: impl AsRef<[u8]>) -> Output {
    spawn_with_input(cmd.stdout(Stdio::piped()).stderr(Stdio::piped()), input)
}

/// Fails with an install hint when a tool an end-to-end test needs is missing (`.ci/test`
/// installs them).
pub fn require_tool(name: &str) {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "{name} is not installed; run .ci/test, which installs it"
    );
}

/// Variables that choose seskey's language, besides `LANG`.
pub const LANG_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "SESKEY_LANG"];

/// Makes a spawned seskey speak English whatever the machine's locale: removes [`LANG_VARS`]
/// and sets `LANG=C.UTF-8`. Every test that spawns the binary calls it; a test of another
/// language sets its variable afterwards.
pub trait EnglishLocale {
    /// Applies the English locale to the command's environment.
    fn english(&mut self) -> &mut Self;
}

impl EnglishLocale for std::process::Command {
    fn english(&mut self) -> &mut Self {
        for k in LANG_VARS {
            self.env_remove(k);
        }
        self.env("LANG", "C.UTF-8")
    }
}

impl EnglishLocale for assert_cmd::Command {
    fn english(&mut self) -> &mut Self {
        for k in LANG_VARS {
            self.env_remove(k);
        }
        self.env("LANG", "C.UTF-8")
    }
}
pub mod gdb;
pub mod moto;
pub mod pty;

/// The known-answer vectors: (region, secret access key, SMTP password).
pub fn vectors() -> Vec<(String, String, String)> {
    include_str!("../data/smtp-password.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].into(), f[1].into(), f[2].into())
        })
        .collect()
}

/// The first vector for `region`: (secret access key, SMTP password).
pub fn vector(region: &str) -> (String, String) {
    vectors()
        .into_iter()
        .find(|v| v.0 == region)
        .map(|(_, s, p)| (s, p))
        .expect("a vector for the region")
}
