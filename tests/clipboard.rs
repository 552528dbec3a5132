//! The clipboard against a real X server (Xvfb) with xclip as the other application, and OSC 52
//! in a real pseudo-terminal. `.ci/run` installs xvfb and xclip; without them these tests fail in
//! CI (`CI` set) and are skipped, loudly, elsewhere.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

mod common;
use common::EnglishLocale as _;

const SECRET: &str = "YOURKEYrrpg/JHpyvtStUVcAV9177EAKKmDP37P";
const PASSWORD: &str = "BNSPZY0jlomEr4Z6voxNGBKDK4qcWk6/DsLPMg466vEX";
const WAIT: Duration = Duration::from_secs(15);

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// True when the X tools are there; panics in CI when they are not.
fn x_tools() -> bool {
    let missing: Vec<_> = ["Xvfb", "xclip"].into_iter().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{missing:?} missing: .ci/run must install xvfb and xclip"
    );
    eprintln!("SKIPPED: {missing:?} not installed (apt-get install xvfb xclip)");
    false
}

/// Polls `cond` until it holds, failing the test after `WAIT`.
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// An Xvfb on a display number it picks itself (`-displayfd`), killed on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Self {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "64x64x24",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        // Xvfb writes the display number once it accepts connections.
        let mut out = child.stdout.take().unwrap();
        let mut num = Vec::new();
        let mut byte = [0u8; 1];
        while out.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
            num.push(byte[0]);
        }
        let num = String::from_utf8(num).unwrap();
        assert!(!num.is_empty(), "Xvfb did not report a display");
        Self {
            child,
            display: format!(":{}", num.trim()),
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A private runtime directory (lock files) per test.
struct RuntimeDir(PathBuf);

impl RuntimeDir {
    fn new() -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "seskey-clip-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .unwrap();
        Self(dir)
    }

    /// The pid of the display's keeper, from its lock file.
    fn keeper_pid(&self) -> u32 {
        let dir = self.0.join("seskey");
        let file = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("keeper-display")
            })
            .expect("keeper lock file");
        std::fs::read_to_string(file.path())
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }
}

impl Drop for RuntimeDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Running, not a zombie (pid 1 here may be slow to reap orphans).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        !matches!(
            s.rsplit(')').next().unwrap_or("").trim().chars().next(),
            Some('Z') | Some('X')
        )
    })
}

fn seskey(env: &[(&str, &str)], args: &[&str], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seskey"));
    cmd.english()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("SESKEY_CLEAR_AFTER")
        .envs(env.iter().copied())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    // seskey may refuse its arguments before reading: a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    // Returns once seskey has exited: the keeper holds neither its stdout nor its stderr.
    child.wait_with_output().unwrap()
}

fn copy(x: &Xvfb, rt: &RuntimeDir, clear_after: &str) -> Output {
    let out = seskey(
        &[
            ("DISPLAY", &x.display),
            ("XDG_RUNTIME_DIR", rt.0.to_str().unwrap()),
        ],
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

fn xclip_out(x: &Xvfb, target: Option<&str>) -> Option<String> {
    let mut cmd = Command::new("xclip");
    cmd.env("DISPLAY", &x.display)
        .args(["-o", "-selection", "clipboard"]);
    if let Some(t) = target {
        cmd.args(["-t", t]);
    }
    let out = cmd.stderr(Stdio::null()).output().unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn xclip_in(x: &Xvfb, text: &str) {
    let mut child = Command::new("xclip")
        .env("DISPLAY", &x.display)
        .args(["-i", "-selection", "clipboard"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    // xclip forks a server for the selection and its first process exits; the server ends when
    // it loses the selection or the X server goes.
    child.wait().unwrap();
}

#[test]
fn copy_is_pasteable_after_exit_marked_secret_and_cleared_on_time() {
    if !x_tools() {
        return;
    }
    let x = Xvfb::start();
    let rt = RuntimeDir::new();
    let out = seskey(
        &[
            ("DISPLAY", &x.display),
            ("XDG_RUNTIME_DIR", rt.0.to_str().unwrap()),
            ("SESKEY_CLEAR_AFTER", "2"),
        ],
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
    assert_eq!(xclip_out(&x, None).as_deref(), Some(PASSWORD));
    let targets = xclip_out(&x, Some("TARGETS")).unwrap();
    assert!(
        targets.lines().any(|t| t == "x-kde-passwordManagerHint"),
        "{targets}"
    );

    wait_until("the clipboard is cleared", || {
        xclip_out(&x, None).is_none_or(|s| s != PASSWORD)
    });
    assert_eq!(
        xclip_out(&x, None),
        None,
        "the clipboard is empty after clearing"
    );
    wait_until("the keeper has exited", || !alive(keeper));
}

#[test]
fn another_applications_copy_survives_the_timeout() {
    if !x_tools() {
        return;
    }
    let x = Xvfb::start();
    let rt = RuntimeDir::new();
    let copied = Instant::now();
    copy(&x, &rt, "1");
    let keeper = rt.keeper_pid();
    assert_eq!(xclip_out(&x, None).as_deref(), Some(PASSWORD));
    xclip_in(&x, "someone else's text");
    // The keeper sees it lost the clipboard and leaves without touching it.
    wait_until("the keeper has exited", || !alive(keeper));
    while copied.elapsed() < Duration::from_millis(1500) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(xclip_out(&x, None).as_deref(), Some("someone else's text"));
}

#[test]
fn copying_again_replaces_the_keeper() {
    if !x_tools() {
        return;
    }
    let x = Xvfb::start();
    let rt = RuntimeDir::new();
    copy(&x, &rt, "30");
    let first = rt.keeper_pid();
    copy(&x, &rt, "30");
    let second = rt.keeper_pid();
    assert_ne!(first, second);
    wait_until("the first keeper has exited", || !alive(first));
    // The old keeper did not clear the new copy on its way out.
    assert_eq!(xclip_out(&x, None).as_deref(), Some(PASSWORD));
    assert!(alive(second));
    // Tidy up: another copy makes the keeper leave.
    xclip_in(&x, "done");
    wait_until("the second keeper has exited", || !alive(second));
}

#[test]
fn keeper_command_line_and_environment_hold_no_secret() {
    if !x_tools() {
        return;
    }
    let x = Xvfb::start();
    let rt = RuntimeDir::new();
    let out = seskey(
        &[
            ("DISPLAY", &x.display),
            ("XDG_RUNTIME_DIR", rt.0.to_str().unwrap()),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ],
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
    assert_eq!(xclip_out(&x, None).as_deref(), Some(PASSWORD));
    xclip_in(&x, "done");
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
        .env("XDG_RUNTIME_DIR", &rt.0)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
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
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(SECRET.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
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
        "Qk5TUFpZMGpsb21FcjRaNnZveE5HQktESzRxY1drNi9Ec0xQTWc0NjZ2RVg="
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
            "no clipboard available (no display); use reveal, or run inside a terminal that \
             supports OSC 52"
        ),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
