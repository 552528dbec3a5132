//! The hidden prompt of `seskey derive` at a real terminal, driven from an interactive bash with
//! job control in a pseudo-terminal: a two-line paste leaves nothing for the shell, Ctrl-Z and
//! `fg` keep echo off, an empty Enter asks again.

mod common;

use common::bin;
use common::pty::{Pty, tidy};
use portable_pty::CommandBuilder;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const PROMPT: &str = "Secret access key (input hidden): ";

/// An interactive bash (job control on, no startup files, prompt `$ `) in a pseudo-terminal.
fn bash() -> Pty {
    common::require_tool("bash");
    let mut cmd = CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"]);
    tidy(&mut cmd);
    cmd.env("PS1", "$ ");
    cmd.env("HISTFILE", "/dev/null");
    let s = Pty::start(cmd);
    s.wait_text("$ ");
    s
}

/// The SMTP password of [`SECRET`] in us-east-1.
fn password() -> String {
    let out = assert_cmd::Command::new(bin())
        .args(["derive", "-r", "us-east-1"])
        .write_stdin(SECRET)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn derive_line() -> String {
    format!("'{}' derive -r us-east-1\r", bin().display())
}

/// The `stty -g` fields of the terminal's local modes (`c_lflag`, in hex), to read ECHO from.
fn echo_on(s: &Pty) -> bool {
    let g = s.stty_now();
    let lflag = u32::from_str_radix(g.split(':').nth(3).expect("stty -g fields"), 16).unwrap();
    lflag & libc::ECHO != 0
}

#[test]
fn a_two_line_paste_at_the_prompt_leaves_nothing_for_the_shell() {
    let mut s = bash();
    s.send(derive_line().as_bytes());
    s.wait_text(PROMPT.trim_end());
    // What a careless copy from the IAM console's page gives: the ID line, then the secret.
    s.send(format!("AKIAIOSFODNN7EXAMPLE\r{SECRET}\r").as_bytes());
    s.wait_text("error:");
    // The marker's quotes keep the command line itself from matching.
    s.send(b"echo \"exit:$?\"; history; echo END-OF-\"\"HISTORY\r");
    let screen = s.wait_text("END-OF-HISTORY");
    assert!(screen.contains("exit:2"), "{screen}");
    assert!(!screen.contains("wJalr"), "{screen}");
    assert!(!screen.contains("No such file"), "{screen}");
    s.send(b"exit\r");
    s.finish();
}

#[test]
fn ctrl_z_and_fg_at_the_prompt_keep_echo_off() {
    let mut s = bash();
    s.send(derive_line().as_bytes());
    s.wait_text(PROMPT.trim_end());
    s.wait_for("echo off", |_| !echo_on(&s));
    s.send(b"\x1a");
    s.wait_text("Stopped");
    s.send(b"fg\r");
    // seskey turns echo off again, then asks again.
    s.wait_for("the prompt again", |sc| {
        sc.matches(PROMPT.trim_end()).count() >= 2
    });
    assert!(!echo_on(&s), "echo is on after fg");
    s.send(format!("{SECRET}\r").as_bytes());
    // Any echo of the secret comes before the password in the terminal's output.
    let screen = s.wait_text(&password());
    assert!(!screen.contains("wJalr"), "{screen}");
    s.send(b"exit\r");
    s.finish();
}

#[test]
fn an_empty_enter_at_the_prompt_asks_again() {
    let mut s = Pty::start(common::pty::seskey(&["derive", "-r", "us-east-1"]));
    s.wait_text(PROMPT.trim_end());
    s.send(b"\r");
    s.wait_for("the prompt again", |sc| {
        sc.matches(PROMPT.trim_end()).count() >= 2
    });
    s.send(format!("{SECRET}\r").as_bytes());
    s.wait_text(&password());
    assert_eq!(s.finish(), 0);
}
