//! Process hygiene observed from outside (issue 4): core dumps off and not dumpable, terminating
//! signals restore the terminal and exit 128+signal (wizard and `derive`'s hidden prompt), `mlock`
//! failing changes nothing, a panic restores and prints no secret, and `--from-env` leaves no
//! secret in the process environment.

use std::io::Read;
use std::os::fd::OwnedFd;
use std::os::unix::fs::MetadataExt;
use std::process::{Command, Stdio};

use rustix::process::Signal;

mod common;
use common::gdb::{arm_gcore, core_path, count, take_core};
use common::pty::{AS_NOBODY, NOBODY, Pty, contains, seskey, seskey_as_nobody, seskey_via};
use common::vector;
use common::{EnglishLocale as _, bin, output_with_input, require_tool};

/// The wizard's restore sequences, in the order it writes them last.
const RESTORE: &[u8] = b"\x1b[?2004l\x1b[?25h\x1b[?1049l";

fn proc_file(pid: u32, name: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/{name}")).unwrap()
}

/// `(soft, hard)` of a line of `/proc/PID/limits`.
fn limit(pid: u32, name: &str) -> (String, String) {
    let limits = proc_file(pid, "limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no {name} in {limits}"));
    let mut f = line[name.len()..].split_whitespace();
    (f.next().unwrap().into(), f.next().unwrap().into())
}

/// The real uid of `pid`, from `/proc/PID/status`.
fn uid_of(pid: u32) -> u32 {
    let status = proc_file(pid, "status");
    let line = status.lines().find(|l| l.starts_with("Uid:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Owner of `/proc/PID/<name>`.
fn owner(pid: u32, name: &str) -> u32 {
    std::fs::metadata(format!("/proc/{pid}/{name}"))
        .unwrap()
        .uid()
}

/// Asserts the process `pid` (running as `nobody`) has core dumps off and is not dumpable.
///
/// Linux has no field that shows `PR_SET_DUMPABLE` from outside, but it shows its effect: the
/// files under `/proc/PID/` of a non-dumpable process belong to root, not to the process's uid
/// (proc(5), "/proc/pid": so that the owner cannot read its memory, environment, etc.). Running
/// as root that cannot show, since root's own processes are root's anyway; hence `nobody`, and a
/// control process of the same uid that is dumpable.
fn assert_hardened(pid: u32) {
    assert_eq!(uid_of(pid), NOBODY, "not running as nobody");
    assert_eq!(
        limit(pid, "Max core file size"),
        ("0".into(), "0".into()),
        "core dumps are not off"
    );
    assert_eq!(
        owner(pid, "status"),
        0,
        "dumpable: status belongs to its uid"
    );
    assert_eq!(
        owner(pid, "environ"),
        0,
        "dumpable: environ belongs to its uid"
    );
}

/// The control: an ordinary process of `nobody` waiting on the same kind of terminal has its
/// `/proc` files owned by `nobody`, so the check above does tell the two apart.
#[test]
fn control_an_ordinary_process_is_dumpable() {
    require_tool("setpriv");
    let mut cmd = portable_pty::CommandBuilder::new("setpriv");
    cmd.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "sh",
        "-c",
    ]);
    cmd.arg("echo ready; read line");
    let mut s = Pty::start(cmd);
    s.wait_text("ready");
    let pid = s.pid();
    assert_eq!(uid_of(pid), NOBODY);
    assert_eq!(owner(pid, "status"), NOBODY);
    assert_eq!(owner(pid, "environ"), NOBODY);
    s.send(b"\n");
    assert_eq!(s.finish(), 0);
}

#[test]
fn the_wizard_runs_without_core_dumps_and_not_dumpable() {
    let mut s = Pty::start(seskey_as_nobody(&[]));
    s.wait_text("Step 1 of 4");
    assert_hardened(s.pid());
    s.send(b"\x03");
    assert_eq!(s.finish(), 0);
}

#[test]
fn derive_at_its_prompt_runs_without_core_dumps_and_not_dumpable() {
    let mut s = Pty::start(seskey_as_nobody(&["derive", "-r", "eu-west-1"]));
    s.wait_text("input hidden");
    assert_hardened(s.pid());
    let (secret, password) = vector("eu-west-1");
    s.send(format!("{secret}\n").as_bytes());
    assert_eq!(s.finish(), 0);
    assert!(contains(&s.raw(), password.as_bytes()));
}

/// `VmLck` of `/proc/PID/status`: the memory `pid` has locked, in kB.
fn locked_kb(pid: u32) -> u64 {
    let status = proc_file(pid, "status");
    let line = status.lines().find(|l| l.starts_with("VmLck:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The prompt shows only once it is ready: echo off and the page that takes the answer locked.
/// Otherwise what is typed as soon as it shows (by a person, or by a script waiting for it) is
/// echoed, or lost to the flush that turns echo off. The terminal's output is suspended, so the
/// program stops at the write of its prompt, whatever the machine's load.
#[test]
fn the_hidden_prompt_is_written_only_once_echo_is_off_and_its_page_locked() {
    let (secret, password) = vector("eu-west-1");
    let mut s = Pty::start_output_suspended(seskey(&["derive", "-r", "eu-west-1"]));
    // write(2) to standard error (fd 2): syscall 1 on x86-64, 64 on aarch64.
    let write_stderr = if cfg!(target_arch = "aarch64") {
        "64 0x2"
    } else {
        "1 0x2"
    };
    let start = std::time::Instant::now();
    while s.syscall() != write_stderr {
        assert!(
            start.elapsed() < common::pty::DEADLINE,
            "never blocked writing the prompt: {}",
            s.syscall()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_ne!(s.stty_now(), s.stty_before, "prompt written with echo on");
    assert!(
        locked_kb(s.pid()) > 0,
        "prompt written before its page was locked"
    );
    s.resume_output();
    s.wait_text("input hidden");
    s.send(format!("{secret}\n").as_bytes());
    assert_eq!(s.finish(), 0);
    assert!(contains(&s.raw(), password.as_bytes()));
    assert!(
        !contains(&s.raw(), secret.as_bytes()),
        "the secret was echoed"
    );
}

const SIGNALS: [(Signal, u32); 4] = [
    (Signal::INT, 2),
    (Signal::TERM, 15),
    (Signal::HUP, 1),
    (Signal::QUIT, 3),
];

#[test]
fn each_terminating_signal_restores_the_wizard_terminal_and_exits_128_plus_signal() {
    let (secret, _) = vector("eu-west-1");
    for (sig, n) in SIGNALS {
        let mut s = Pty::start(seskey(&[]));
        s.wait_text("Step 1 of 4");
        s.send(b"\r");
        s.wait_text("Step 2 of 4");
        s.send(format!("\x1b[200~{secret}\x1b[201~").as_bytes());
        s.wait_text("characters, hidden");
        s.kill(sig);
        assert_eq!(s.finish(), 128 + n, "exit code after {sig:?}");
        assert_eq!(s.stty_now(), s.stty_before, "stty -g after {sig:?}");
        let raw = s.raw();
        assert!(raw.ends_with(RESTORE), "not restored after {sig:?}");
        assert!(!contains(&raw, secret.as_bytes()));
    }
}

#[test]
fn each_terminating_signal_at_the_hidden_prompt_turns_echo_back_on() {
    for (sig, n) in SIGNALS {
        let mut s = Pty::start(seskey(&["derive", "-r", "eu-west-1"]));
        s.wait_text("input hidden");
        // Half a secret typed, invisible.
        s.send(b"wJalrXUtnFEMI");
        s.wait_for("echo off", |_| s.stty_now() != s.stty_before);
        if sig == Signal::INT {
            // Ctrl-C, as a person would press it: the terminal sends SIGINT.
            s.send(b"\x03");
        } else {
            s.kill(sig);
        }
        assert_eq!(s.finish(), 128 + n, "exit code after {sig:?}");
        assert_eq!(s.stty_now(), s.stty_before, "stty -g after {sig:?}");
        assert!(!contains(&s.raw(), b"wJalr"), "the typed text was echoed");
    }
}

/// What was typed at the prompt but not yet entered is discarded, not left in the terminal's input
/// queue for the shell to read (and keep in its history) after the signal.
#[test]
fn a_signal_at_the_hidden_prompt_leaves_no_typed_text_for_the_shell() {
    let script = format!(
        "'{}' derive -r eu-west-1; echo \"exit:$?\"; IFS= read -r line; echo \"left:[$line]\"",
        bin().display()
    );
    let mut cmd = portable_pty::CommandBuilder::new("sh");
    cmd.args(["-c", &script]);
    common::pty::tidy(&mut cmd);
    let mut s = Pty::start(cmd);
    s.wait_text("input hidden");
    let sh = s.pid();
    let children = proc_file(sh, &format!("task/{sh}/children"));
    let pid: i32 = children.split_whitespace().next().unwrap().parse().unwrap();
    s.send(b"wJalrXUtnFEMI");
    s.wait_for("echo off", |_| s.stty_now() != s.stty_before);
    rustix::process::kill_process(rustix::process::Pid::from_raw(pid).unwrap(), Signal::TERM)
        .unwrap();
    s.wait_text("exit:143");
    s.send(b"\n");
    let screen = s.wait_text("left:[");
    assert!(screen.contains("left:[]"), "{screen}");
    assert_eq!(s.finish(), 0);
}

#[test]
fn derive_works_when_nothing_may_be_locked_in_memory() {
    require_tool("prlimit");
    require_tool("setpriv");
    let (secret, password) = vector("ap-southeast-2");
    // Root ignores RLIMIT_MEMLOCK, so run as nobody with a lock limit of zero bytes.
    let out = output_with_input(
        Command::new("prlimit")
            .english()
            .args(["--memlock=0:0", "--"])
            .args([
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
            ])
            .arg(bin())
            .args(["derive", "-r", "ap-southeast-2"]),
        format!("{secret}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), password);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The limit is really in force: at the prompt, where normally the page being typed into is
/// locked, `/proc/PID/status` shows nothing locked.
#[test]
fn with_a_zero_lock_limit_nothing_is_locked_and_the_prompt_still_works() {
    require_tool("prlimit");
    let (secret, password) = vector("eu-west-1");
    let zero_limit = ["prlimit", "--memlock=0:0", "--", AS_NOBODY[0]];
    let zero_limit: Vec<&str> = zero_limit.iter().chain(&AS_NOBODY[1..]).copied().collect();
    for limit in [None, Some(zero_limit)] {
        let cmd = match &limit {
            None => seskey_as_nobody(&["derive", "-r", "eu-west-1"]),
            Some(wrapper) => seskey_via(wrapper, &["derive", "-r", "eu-west-1"]),
        };
        let mut s = Pty::start(cmd);
        s.wait_text("input hidden");
        let kb = locked_kb(s.pid());
        if limit.is_some() {
            assert_eq!(kb, 0, "locked memory despite a zero limit");
        } else {
            assert!(kb > 0, "the prompt's page is not locked");
        }
        s.send(format!("{secret}\n").as_bytes());
        assert_eq!(s.finish(), 0);
        assert!(contains(&s.raw(), password.as_bytes()));
    }
}

#[test]
fn a_panic_restores_the_terminal_wipes_and_prints_no_secret() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the panic trigger exists in debug builds only");
        return;
    }
    let (secret, password) = vector("eu-west-1");
    if std::env::var_os("SESKEY_BIN").is_some() {
        eprintln!("skipped: SESKEY_BIN may be a release build, without the panic trigger");
        return;
    }
    let mut cmd = seskey(&[]);
    cmd.env("SESKEY_DEBUG_PANIC_AT", "revealed");
    cmd.env("RUST_BACKTRACE", "1");
    let mut s = Pty::start(cmd);
    s.wait_text("Step 1 of 4");
    s.send(b"\r");
    s.wait_text("Step 2 of 4");
    s.send(format!("\x1b[200~{secret}\x1b[201~").as_bytes());
    s.wait_text("characters, hidden");
    s.send(b"\r");
    s.pick_region("eu-west-1");
    let core = core_path("panic");
    let mut gdb = arm_gcore(s.pid(), &core);
    s.send(b"r");
    assert!(gdb.wait().unwrap().success(), "gdb failed");
    assert_eq!(s.finish(), 1, "a panic is an internal error (exit 1)");

    let raw = s.raw();
    let before_reveal = raw
        .windows(password.len())
        .rposition(|w| w == password.as_bytes())
        .expect("the password was revealed before the panic");
    let after = String::from_utf8_lossy(&raw[before_reveal + password.len()..]).into_owned();
    // The terminal was restored before the panic message, and the message names no secret.
    let restored_at = after
        .find("\x1b[?1049l")
        .expect("left the alternate screen");
    assert!(
        after[..restored_at].contains("\x1b[2J"),
        "the alternate screen was not erased before leaving it"
    );
    let report = &after[restored_at..];
    assert!(report.contains("test-only panic"), "{report}");
    assert!(report.contains("internal error"), "{report}");
    assert!(!report.contains(&password) && !report.contains(&secret));
    assert_eq!(s.stty_now(), s.stty_before, "stty -g after the panic");
    let vt = s.screen();
    assert!(!vt.contains(&password), "the password is still on screen");

    let image = take_core(&core);
    assert!(count(&image, b"TERM=xterm-256color") > 0);
    assert_eq!(count(&image, secret.as_bytes()), 0, "secret");
    assert_eq!(count(&image, format!("AWS4{secret}").as_bytes()), 0);
    assert_eq!(count(&image, password.as_bytes()), 0, "password");
}

/// A pipe whose buffer is already full: a process writing to it blocks until it is drained.
fn full_pipe() -> (OwnedFd, OwnedFd) {
    use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
    let (r, w) = rustix::pipe::pipe().unwrap();
    let flags = fcntl_getfl(&w).unwrap();
    fcntl_setfl(&w, flags | OFlags::NONBLOCK).unwrap();
    let chunk = [b'.'; 4096];
    let mut filled = 0;
    loop {
        match rustix::io::write(&w, &chunk) {
            Ok(n) => filled += n,
            Err(rustix::io::Errno::AGAIN) => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(filled > 0);
    // Blocking again for the child, which shares the open file.
    fcntl_setfl(&w, flags).unwrap();
    (r, w)
}

#[test]
fn from_env_removes_the_secret_from_the_process_environment() {
    let (secret, password) = vector("ca-central-1");
    let (r, w) = full_pipe();
    let mut child = Command::new(bin())
        .english()
        .args(["derive", "-r", "ca-central-1", "--from-env"])
        .env("AWS_SECRET_ACCESS_KEY", &secret)
        .stdin(Stdio::null())
        .stdout(Stdio::from(w))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Blocked writing the password, so the secret has certainly been read: wait for the
    // write(2) it is stuck in (`/proc/PID/syscall` starts with the syscall number, 1 on x86-64,
    // 64 on aarch64).
    let write_nr = if cfg!(target_arch = "aarch64") {
        "64"
    } else {
        "1"
    };
    let start = std::time::Instant::now();
    while proc_file(pid, "syscall").split_whitespace().next() != Some(write_nr) {
        assert!(
            start.elapsed() < common::pty::DEADLINE,
            "never blocked writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap();
    assert!(
        contains(&cmdline, b"--from-env"),
        "not the process expected"
    );
    assert!(
        !contains(&environ, secret.as_bytes()),
        "secret in /proc/PID/environ"
    );
    assert!(!contains(&cmdline, secret.as_bytes()));

    // Drain the pipe: the process finishes and wrote the right password.
    let mut out = Vec::new();
    let mut reader = std::fs::File::from(r);
    reader.read_to_end(&mut out).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let text = String::from_utf8_lossy(&out);
    assert_eq!(text.trim_start_matches('.').trim(), password);
}
