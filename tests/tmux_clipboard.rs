//! OSC 52 copies inside a real tmux server (a private socket, no configuration): the wizard's
//! card and `derive --copy` say what tmux's `set-clipboard` makes of them, as seskey asks tmux.
//!
//! With `external` (tmux's default) tmux drops an application's OSC 52 copy: seskey says nothing
//! was copied and sends nothing. With `on` tmux keeps the copy in a paste buffer, which
//! `tmux show-buffer` reads back. Waits are for the pane to show something (with a generous
//! deadline for failures), never fixed sleeps.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

mod common;
use common::pty::DEADLINE;
use common::{require_tool, vector};

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

/// A tmux server of its own, killed on drop whatever the test did.
struct Tmux {
    socket: String,
    /// The socket file, removed after the server is killed (tmux may leave it behind).
    path: Option<std::path::PathBuf>,
}

impl Tmux {
    /// A server on a private socket with one 60×16 session running `command` (through `sh -c`),
    /// and tmux's `set-clipboard` set to `setting` before the command starts.
    fn start(setting: &str, command: &str) -> Self {
        require_tool("tmux");
        static N: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "seskey-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let mut tmux = Self { socket, path: None };
        // remain-on-exit: the server (and its buffers) outlives a command that ends.
        let out = tmux.run(&[
            "-f",
            "/dev/null",
            "set-option",
            "-g",
            "remain-on-exit",
            "on",
            ";",
            "set-option",
            "-s",
            "set-clipboard",
            setting,
            ";",
            "new-session",
            "-d",
            "-s",
            "w",
            "-x",
            "60",
            "-y",
            "16",
            command,
        ]);
        assert!(out.status.success(), "tmux did not start: {out:?}");
        let path = tmux
            .run(&["display-message", "-p", "#{socket_path}"])
            .stdout;
        tmux.path = Some(String::from_utf8_lossy(&path).trim().into())
            .filter(|p: &std::path::PathBuf| p.is_absolute());
        tmux
    }

    /// `tmux -L <socket> args`, in a bare environment: the server (started by the first call)
    /// passes it to the pane, so seskey runs with no display (OSC 52), no AWS configuration,
    /// English, and `$TMUX` pointing at this server.
    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new("tmux");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LANG", "C.UTF-8")
            .env("SESKEY_START", "convert")
            .env("HOME", "/nonexistent/seskey-test-home")
            .env("AWS_CONFIG_FILE", "/nonexistent/seskey-test-config")
            .arg("-L")
            .arg(&self.socket)
            .args(args);
        cmd.output().expect("run tmux")
    }

    fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", "w"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_text(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {text:?}; the pane shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "w"];
        args.extend(keys);
        assert!(self.run(&args).status.success());
    }

    /// Types `text` literally.
    fn type_text(&self, text: &str) {
        assert!(
            self.run(&["send-keys", "-t", "w", "-l", text])
                .status
                .success()
        );
    }

    /// Pastes `text` as a terminal does (bracketed, since the wizard asks for it), through a
    /// named buffer deleted by the paste.
    fn paste(&self, text: &str) {
        let out = self.run(&[
            "set-buffer",
            "-b",
            "paste",
            text,
            ";",
            "paste-buffer",
            "-p",
            "-d",
            "-b",
            "paste",
            "-t",
            "w",
        ]);
        assert!(out.status.success(), "{out:?}");
    }

    /// Waits until tmux's newest paste buffer holds `text` (tmux reads the pane's output on its
    /// own time).
    fn wait_buffer(&self, text: &str) {
        let start = Instant::now();
        loop {
            let buffers = self.buffers();
            if buffers.first().map(String::as_str) == Some(text) {
                return;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for the copy in tmux's buffers: {} buffer(s)",
                buffers.len()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The contents of tmux's paste buffers, newest first.
    fn buffers(&self) -> Vec<String> {
        let names = self.run(&["list-buffers", "-F", "#{buffer_name}"]);
        String::from_utf8_lossy(&names.stdout)
            .lines()
            .map(|name| {
                let b = self.run(&["show-buffer", "-b", name]);
                String::from_utf8_lossy(&b.stdout).into_owned()
            })
            .collect()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
        if let Some(p) = &self.path {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// The wizard in tmux at 60×16: the key ID typed, the secret pasted, the region typed, then `c`
/// on the card. Returns the server and the expected password.
fn card_then_copy(setting: &str) -> (Tmux, String) {
    let (secret, password) = vector("eu-west-1");
    let bin = common::bin();
    let t = Tmux::start(setting, &format!("exec '{}'", bin.display()));
    t.wait_text("Access key ID");
    t.type_text(KEY_ID);
    t.keys(&["Enter"]);
    t.wait_text("Paste or type the secret access key");
    t.paste(&secret);
    t.wait_text("40 characters");
    t.keys(&["Enter"]);
    t.wait_text("▶ 3");
    t.type_text("eu-west-1");
    t.keys(&["Enter"]);
    t.wait_text("c copies the password");
    t.keys(&["c"]);
    (t, password)
}

/// The card's row that starts with `label`, trimmed.
fn row(screen: &str, label: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} row:\n{screen}"))
        .trim_end()
        .to_string()
}

/// tmux's default: nothing is copied, and the card says so (no countdown), with the way out.
#[test]
fn wizard_in_tmux_external_says_nothing_was_copied() {
    let (t, password) = card_then_copy("external");
    let screen = t.wait_text("not copied");
    assert_eq!(
        row(&screen, "Clipboard"),
        "Clipboard    not copied: tmux drops OSC 52 · r reveals"
    );
    assert!(
        screen.contains("(its set-clipboard is external)"),
        "{screen}"
    );
    assert!(!screen.contains("clears in"), "{screen}");
    assert!(screen.contains("Login test"), "{screen}");
    // tmux took nothing (seskey did not even send it), and the password is not on screen.
    assert!(t.buffers().iter().all(|b| !b.contains(&password)));
    assert!(!screen.contains(&password));
}

/// `set-clipboard on`: tmux keeps the copy in a paste buffer, and the card says that.
#[test]
fn wizard_in_tmux_on_says_tmux_keeps_it() {
    let (t, password) = card_then_copy("on");
    let screen = t.wait_text("in tmux's buffer");
    let clip = row(&screen, "Clipboard");
    assert!(
        clip.starts_with("Clipboard    in tmux's buffer · space copied in "),
        "{clip}"
    );
    assert!(screen.contains("Login test"), "{screen}");
    t.wait_buffer(&password);
}

/// `derive --copy --clear-after 0` in tmux, its stderr and exit status written to files in `dir`.
fn cli_copy(setting: &str, dir: &Path) -> (Tmux, String, String, String) {
    cli_copy_clearing(setting, 0, dir)
}

/// `derive --copy --clear-after SECS` in tmux, as [`cli_copy`].
/// Waits for the command's exit code in `rc` (written last), then reads it and `err`.
fn wait_exit(rc: &Path, err: &Path) -> (String, String) {
    let start = Instant::now();
    while !rc.exists() {
        assert!(start.elapsed() < DEADLINE, "derive --copy did not finish");
        std::thread::sleep(Duration::from_millis(20));
    }
    let stderr = std::fs::read_to_string(err).unwrap();
    let code = std::fs::read_to_string(rc).unwrap().trim().to_string();
    (stderr, code)
}

fn cli_copy_clearing(setting: &str, secs: u32, dir: &Path) -> (Tmux, String, String, String) {
    let (secret, password) = vector("eu-west-1");
    let bin = common::bin();
    let (err, rc) = (dir.join("stderr"), dir.join("rc"));
    // The pane stays open after seskey (`cat` reads the terminal until the server is killed):
    // tmux stops reading a pane whose command ended, and the keeper clears after seskey exits.
    let command = format!(
        "printf %s '{secret}' | '{}' derive --region eu-west-1 --copy --clear-after {secs} \
         2>'{}'; echo $? >'{}.tmp' && mv '{}.tmp' '{}'; exec cat >/dev/null",
        bin.display(),
        err.display(),
        rc.display(),
        rc.display(),
        rc.display()
    );
    let t = Tmux::start(setting, &command);
    let (stderr, code) = wait_exit(&rc, &err);
    (t, password, stderr, code)
}

/// `derive --copy` under tmux's default fails (exit 1) and says why, with what to do; with
/// `on` it says tmux took the copy, which `tmux show-buffer` holds.
#[test]
fn cli_copy_in_tmux_says_what_tmux_did() {
    let dir = tempfile::tempdir().unwrap();
    let (t, password, stderr, code) = cli_copy("external", dir.path());
    assert_eq!(code, "1", "{stderr}");
    assert!(
        stderr.contains(
            "nothing was copied: tmux drops OSC 52 copies with its set-clipboard external"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("drop --copy"), "{stderr}");
    assert!(t.buffers().iter().all(|b| !b.contains(&password)));
    drop(t);

    let dir = tempfile::tempdir().unwrap();
    let (t, password, stderr, code) = cli_copy("on", dir.path());
    assert_eq!(code, "0", "{stderr}");
    assert!(
        stderr.contains("tmux took the copy into a paste buffer (its set-clipboard is on)"),
        "{stderr}"
    );
    assert!(!stderr.contains(&password));
    t.wait_buffer(&password);
}

/// tmux ignores OSC 52's clear (`!`, or nothing): seskey's clear through tmux is a space copied
/// over the password, which tmux takes as its newest buffer (and passes on to the terminal); the
/// password's own buffer stays, and seskey says so.
#[test]
fn cli_clear_in_tmux_on_copies_a_space_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let (t, password, stderr, code) = cli_copy_clearing("on", 1, dir.path());
    assert_eq!(code, "0", "{stderr}");
    assert!(
        stderr.contains("in 1 s seskey copies a space over it"),
        "{stderr}"
    );
    assert!(stderr.contains("tmux delete-buffer -b NAME"), "{stderr}");
    // The keeper's clear at the timeout: a space is now tmux's newest buffer.
    t.wait_buffer(" ");
    assert!(t.buffers().iter().any(|b| b == &password));
}

/// In the wizard, `n` clears at once: through tmux that is a space copied over the password,
/// and the status says tmux keeps the password's buffer.
#[test]
fn wizard_new_conversion_in_tmux_on_copies_a_space_over_it() {
    let (t, password) = card_then_copy("on");
    t.wait_buffer(&password);
    t.wait_text("in tmux's buffer · space copied in ");
    t.keys(&["n"]);
    t.wait_buffer(" ");
    t.wait_text("through tmux, to copy a space over the");
    assert!(t.buffers().iter().any(|b| b == &password));
}

/// A terminal that is not the pane `$TMUX_PANE` names: a terminal started from a tmux pane
/// (xterm, an editor's terminal, `$TMUX` inherited), or a relay inside the pane (`script`, `sudo`
/// with a pty). tmux's `external` must not refuse the copy there, and since tmux may still be in
/// between, seskey says it asked tmux. `script` plays both (a new pty, `$TMUX` inherited).
/// `derive --copy --clear-after SECS` inside `script` (a pty of its own, `$TMUX` inherited)
/// in a tmux pane with `set-clipboard` as `setting`: the server, the password, stderr, exit code.
/// As a `relay`, script's output goes on to the pane (`script` or `sudo` inside the pane);
/// otherwise nowhere (a terminal of its own, started from the pane).
fn cli_copy_through_script(
    setting: &str,
    secs: u32,
    relay: bool,
    dir: &Path,
) -> (Tmux, String, String, String) {
    require_tool("script");
    let (secret, password) = vector("eu-west-1");
    let input = dir.join("secret");
    std::fs::write(&input, &secret).unwrap();
    let (err, rc) = (dir.join("stderr"), dir.join("rc"));
    // The relay lives on a while after seskey exits: its keeper's clear goes through it.
    let inner = format!(
        "'{}' derive --region eu-west-1 --copy --clear-after {secs} <'{}' 2>'{}'; echo $? >'{}.tmp'; mv '{}.tmp' '{}'; sleep 10",
        common::bin().display(),
        input.display(),
        err.display(),
        rc.display(),
        rc.display(),
        rc.display()
    );
    let to = if relay { "" } else { ">/dev/null" };
    let command = format!("script -qec \"{inner}\" /dev/null {to}; exec cat >/dev/null");
    let t = Tmux::start(setting, &command);
    let (stderr, code) = wait_exit(&rc, &err);
    assert!(!stderr.contains(&password));
    (t, password, stderr, code)
}

#[test]
fn cli_copy_in_a_terminal_started_from_tmux_is_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (t, _, stderr, code) = cli_copy_through_script("external", 0, false, dir.path());
    assert_eq!(code, "0", "{stderr}");
    assert!(!stderr.contains("nothing was copied"), "{stderr}");
    assert!(stderr.contains("through tmux"), "{stderr}");
    drop(t);
}

/// A relay inside the pane (`script`) with tmux's `on`: tmux is in between though the pane's
/// tty is not seskey's, so the clear is the space tmux passes on, not the plain clear tmux
/// ignores (which left the password as tmux's newest buffer).
#[test]
fn cli_clear_through_a_relay_in_tmux_copies_a_space() {
    let dir = tempfile::tempdir().unwrap();
    let (t, password, stderr, code) = cli_copy_through_script("on", 1, true, dir.path());
    assert_eq!(code, "0", "{stderr}");
    t.wait_buffer(" ");
    assert!(t.buffers().iter().any(|b| b == &password));
}

/// Two terminals, each with a `--copy` waiting to be cleared: the second copy's keeper does not
/// stop the first's (one keeper per terminal, and every terminal's `/dev/tty` has that one
/// name), so both terminals get their clear.
#[test]
fn copies_in_two_terminals_are_both_cleared() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, password, stderr, code) = cli_copy_clearing("on", 3, one.path());
    assert_eq!(code, "0", "{stderr}");
    let (second, _, stderr, code) = cli_copy_clearing("on", 3, two.path());
    assert_eq!(code, "0", "{stderr}");
    for t in [&first, &second] {
        t.wait_buffer(" ");
        assert!(t.buffers().iter().any(|b| b == &password));
    }
}
