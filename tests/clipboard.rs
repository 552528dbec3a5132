//! The clipboard against a real X server (Xvfb) with xclip as the other application, and OSC 52
//! in a real pseudo-terminal. `.ci/run` installs xvfb and xclip; without them these tests fail in
//! CI (`CI` set) and are skipped, loudly, elsewhere.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{EnglishLocale as _, output_with_input, spawn_with_input};

use common::x11::{RuntimeDir, Xvfb, alive, x_tools, xclip_out};

// A 40-character key (the AWS documentation's 39-character example is now refused) and its
// us-east-1 password, from tests/data/smtp-password.tsv.
const SECRET: &str = "6OMByxuHdtM/Y9iuFPd011rVLqcY2DSXwwhncci8";
const PASSWORD: &str = "BCKR7SzjIg7slosnMG/fJ6Fn9/y5GcVG61DJB4CoNsEo";
const WAIT: Duration = Duration::from_secs(15);

/// Polls `cond` until it holds, failing the test after `WAIT`.
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn seskey(env: &[(&str, &str)], args: &[&str], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seskey"));
    cmd.english()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("SESKEY_CLEAR_AFTER")
        .envs(env.iter().copied())
        .args(args);
    // Returns once seskey has exited: the keeper holds neither its stdout nor its stderr.
    output_with_input(&mut cmd, stdin)
}

/// What a desktop session gives seskey: an X server, and a runtime directory for the keeper.
struct Desktop {
    // Declared first, dropped first: the directory goes before the X server, as it did when
    // each test held them in two locals.
    rt: RuntimeDir,
    x: Xvfb,
}

impl Desktop {
    /// `None` where Xvfb or xclip is missing and skipping was asked for (see `x_tools`).
    fn start() -> Option<Self> {
        if !x_tools() {
            return None;
        }
        let x = Xvfb::start();
        Some(Desktop {
            rt: RuntimeDir::new(),
            x,
        })
    }

    /// seskey on this desktop (`DISPLAY`, `XDG_RUNTIME_DIR`), with `env` besides.
    fn seskey(&self, env: &[(&str, &str)], args: &[&str], stdin: &str) -> Output {
        let mut all = vec![
            ("DISPLAY", self.x.display.as_str()),
            ("XDG_RUNTIME_DIR", self.rt.0.to_str().unwrap()),
        ];
        all.extend_from_slice(env);
        seskey(&all, args, stdin)
    }
}

/// `derive --copy --clear-after <clear_after>` on `d`, which must succeed and print nothing.
fn copy(d: &Desktop, clear_after: &str) -> Output {
    let out = d.seskey(
        &[],
        &[
            "derive",
            "-r",
            "us-east-1",
            "--copy",
            "--clear-after",
            clear_after,
        ],
        SECRET,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "derive --copy failed: {stderr}");
    assert!(out.stdout.is_empty(), "--copy printed on stdout");
    assert!(!stderr.contains(PASSWORD) && !stderr.contains(SECRET));
    out
}

fn xclip_in(x: &Xvfb, text: &str) {
    // xclip forks a server for the selection and its first process exits; the server ends when
    // it loses the selection or the X server goes.
    let out = spawn_with_input(
        Command::new("xclip")
            .env("DISPLAY", &x.display)
            .args(["-i", "-selection", "clipboard"])
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
        text,
    );
    assert!(out.status.success(), "xclip -i failed: {:?}", out.status);
}

#[test]
fn copy_is_pasteable_after_exit_marked_secret_and_cleared_on_time() {
    let Some(d) = Desktop::start() else {
        return;
    };
    let (x, rt) = (&d.x, &d.rt);
    let out = d.seskey(
        &[("SESKEY_CLEAR_AFTER", "2")],
        &["derive", "-r", "us-east-1", "--copy"],
        SECRET,
    );
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "copied to the clipboard (X11 display {})",
            x.display
        )) && stderr.contains("cleared in 2 s"),
        "{stderr}"
    );
    // seskey has exited; the keeper serves the copy.
    let keeper = rt.keeper_pid();
    assert_eq!(xclip_out(x, None).as_deref(), Some(PASSWORD));
    let targets = xclip_out(x, Some("TARGETS")).unwrap();
    assert!(
        targets.lines().any(|t| t == "x-kde-passwordManagerHint"),
        "{targets}"
    );

    wait_until("the clipboard is cleared", || {
        xclip_out(x, None).is_none_or(|s| s != PASSWORD)
    });
    assert_eq!(
        xclip_out(x, None),
        None,
        "the clipboard is empty after clearing"
    );
    wait_until("the keeper has exited", || !alive(keeper));
}

#[test]
fn another_applications_copy_survives_the_timeout() {
    let Some(d) = Desktop::start() else {
        return;
    };
    let (x, rt) = (&d.x, &d.rt);
    let copied = Instant::now();
    copy(&d, "1");
    let keeper = rt.keeper_pid();
    assert_eq!(xclip_out(x, None).as_deref(), Some(PASSWORD));
    xclip_in(x, "someone else's text");
    // The keeper sees it lost the clipboard and leaves without touching it.
    wait_until("the keeper has exited", || !alive(keeper));
    while copied.elapsed() < Duration::from_millis(1500) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(xclip_out(x, None).as_deref(), Some("someone else's text"));
}

#[test]
fn copying_again_replaces_the_keeper() {
    let Some(d) = Desktop::start() else {
        return;
    };
    let (x, rt) = (&d.x, &d.rt);
    copy(&d, "30");
    let first = rt.keeper_pid();
    copy(&d, "30");
    let second = rt.keeper_pid();
    assert_ne!(first, second);
    wait_until("the first keeper has exited", || !alive(first));
    // The old keeper did not clear the new copy on its way out.
    assert_eq!(xclip_out(x, None).as_deref(), Some(PASSWORD));
    assert!(alive(second));
    // Tidy up: another copy makes the keeper leave.
    xclip_in(x, "done");
    wait_until("the second keeper has exited", || !alive(second));
}

#[test]
fn keeper_command_line_and_environment_hold_no_secret() {
    let Some(d) = Desktop::start() else {
        return;
    };
    let (x, rt) = (&d.x, &d.rt);
    let out = d.seskey(
        &[("AWS_SECRET_ACCESS_KEY", SECRET)],
        &["derive", "-r", "us-east-1", "--copy", "--from-env"],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keeper = rt.keeper_pid();
    assert!(alive(keeper));
    // Readable as root although the keeper is not dumpable.
    let cmdline = std::fs::read(format!("/proc/{keeper}/cmdline")).unwrap();
    let environ = std::fs::read(format!("/proc/{keeper}/environ")).unwrap();
    let has = |hay: &[u8], needle: &str| hay.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(has(&cmdline, "__clipboard-keeper"));
    for text in [PASSWORD, SECRET] {
        assert!(!has(&cmdline, text), "secret in the keeper's command line");
        assert!(!has(&environ, text), "secret in the keeper's environment");
    }
    assert!(!has(&environ, "AWS_SECRET_ACCESS_KEY"));
    assert_eq!(xclip_out(x, None).as_deref(), Some(PASSWORD));
    xclip_in(x, "done");
    wait_until("the keeper has exited", || !alive(keeper));
}

#[test]
fn unreachable_display_is_an_error_for_people() {
    let rt = RuntimeDir::new();
    // A display number nobody serves.
    let out = seskey(
        &[
            ("DISPLAY", ":4093"),
            ("XDG_RUNTIME_DIR", rt.0.to_str().unwrap()),
        ],
        &["derive", "-r", "us-east-1", "--copy"],
        SECRET,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no clipboard available"), "{stderr}");
    assert!(!stderr.contains(PASSWORD));
}

#[test]
fn copy_and_no_clipboard_conflict() {
    let out = seskey(
        &[],
        &["derive", "-r", "us-east-1", "--copy", "--no-clipboard"],
        SECRET,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--no-clipboard"));
}

/// Spawns seskey in its own session with the pty slave as its controlling terminal.
fn seskey_in_pty(slave: Option<&Path>, args: &[&str], rt: &RuntimeDir) -> Output {
    use std::os::unix::process::CommandExt as _;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seskey"));
    cmd.english()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        // Not the multiplexer the tests may run in: seskey asks tmux what it does with OSC 52.
        .env_remove("TMUX")
        .env_remove("STY")
        .env("XDG_RUNTIME_DIR", &rt.0)
        .args(args);
    let slave = slave.map(Path::to_path_buf);
    // SAFETY: only setsid, open and ioctl between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            rustix::process::setsid()?;
            if let Some(path) = &slave {
                let fd = rustix::fs::open(
                    path,
                    rustix::fs::OFlags::RDWR | rustix::fs::OFlags::NOCTTY,
                    rustix::fs::Mode::empty(),
                )?;
                rustix::process::ioctl_tiocsctty(&fd)?;
            }
            Ok(())
        });
    }
    output_with_input(&mut cmd, SECRET)
}

#[test]
fn headless_copy_writes_osc52_to_the_terminal_and_clears_it() {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let slave = PathBuf::from(ptsname(&master, Vec::new()).unwrap().into_string().unwrap());
    // Keep a slave open so the master does not see a hang-up between writers.
    let _slave_hold = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&slave)
        .unwrap();
    let mut reader = std::fs::File::from(master);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });

    let rt = RuntimeDir::new();
    let out = seskey_in_pty(
        Some(&slave),
        &["derive", "-r", "us-east-1", "--copy", "--clear-after", "1"],
        &rt,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("OSC 52") && stderr.contains("cleared in 1 s"),
        "{stderr}"
    );
    assert!(!stderr.contains(PASSWORD));

    // Exactly the set sequence, then (from the keeper, after seskey exited) the clear sequence.
    let expected_set = format!(
        "\x1b]52;c;{}\x07",
        "QkNLUjdTempJZzdzbG9zbk1HL2ZKNkZuOS95NUdjVkc2MURKQjRDb05zRW8="
    );
    let expected = [expected_set.as_bytes(), b"\x1b]52;c;!\x07\x1b]52;c;\x07"].concat();
    let mut seen = Vec::new();
    let deadline = Instant::now() + WAIT;
    while seen.len() < expected.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(chunk) => seen.extend(chunk),
            Err(_) => panic!(
                "terminal received only {:?}",
                String::from_utf8_lossy(&seen)
            ),
        }
    }
    assert_eq!(seen, expected);
}

#[test]
fn headless_without_a_terminal_says_what_to_do() {
    let rt = RuntimeDir::new();
    let out = seskey_in_pty(None, &["derive", "-r", "us-east-1", "--copy"], &rt);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "drop --copy (the password is printed) or run inside a terminal that supports \
             OSC 52"
        ),
        "{stderr}"
    );
    // `derive` has no reveal: the wizard's way out is not offered.
    assert!(!stderr.contains("reveal"), "{stderr}");
    assert!(out.stdout.is_empty());
}
