//! The binary in a real pseudo-terminal, read through a VT parser, for the end-to-end tests of
//! secret hygiene (`tests/hygiene.rs`). Same approach as `tests/tui_e2e.rs`: waits are for the
//! screen to show something, with a generous deadline for failures, never fixed sleeps.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long any wait may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// The uid and gid tests use to run the binary unprivileged (`nobody`): root ignores
/// `RLIMIT_MEMLOCK` and sees every `/proc` file whatever its owner.
pub const NOBODY: u32 = 65534;

/// A running program on a pseudo-terminal.
pub struct Pty {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    raw: Arc<Mutex<Vec<u8>>>,
    vt: Arc<Mutex<vt100::Parser>>,
    reader: Option<JoinHandle<()>>,
    /// `stty -g` of the terminal before the program started.
    pub stty_before: String,
}

/// The binary with `args`, in the environment the wizard tests use: a known `TERM`, no AWS
/// configuration, no display (so no system clipboard), colours allowed.
pub fn seskey(args: &[&str]) -> CommandBuilder {
    seskey_via(&[], args)
}

/// `setpriv` options that run a command as `nobody` (it execs the command: same pid).
pub const AS_NOBODY: [&str; 4] = [
    "setpriv",
    "--reuid=65534",
    "--regid=65534",
    "--clear-groups",
];

/// The binary with `args`, run as `nobody`.
pub fn seskey_as_nobody(args: &[&str]) -> CommandBuilder {
    seskey_via(&AS_NOBODY, args)
}

/// The binary with `args`, started by the wrapper command line `wrapper` (programs such as
/// `setpriv` or `prlimit` that set something up and exec the rest), in the environment of
/// [`seskey`].
pub fn seskey_via(wrapper: &[&str], args: &[&str]) -> CommandBuilder {
    let mut argv: Vec<std::ffi::OsString> = wrapper.iter().map(Into::into).collect();
    if let Some(tool) = wrapper.first() {
        super::require_tool(tool);
    }
    argv.push(super::bin().into());
    argv.extend(args.iter().map(Into::into));
    let mut cmd = CommandBuilder::from_argv(argv);
    tidy(&mut cmd);
    cmd
}

/// The environment of [`seskey`], for other commands that start it.
pub fn tidy(cmd: &mut CommandBuilder) {
    cmd.env("TERM", "xterm-256color");
    // Straight to step 1, past the start screen (tests of the IAM paths remove it).
    cmd.env("SESKEY_START", "convert");
    cmd.env("AWS_CONFIG_FILE", "/nonexistent/seskey-test-config");
    cmd.env("HOME", "/nonexistent/seskey-test-home");
    for k in [
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_SECRET_ACCESS_KEY",
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "NO_COLOR",
        "AWS_ACCESS_KEY_ID",
        "AWS_SESSION_TOKEN",
        "AWS_SHARED_CREDENTIALS_FILE",
        "SESKEY_CLEAR_AFTER",
        // Not the multiplexer the tests may run in: seskey asks tmux what it does with OSC 52.
        "TMUX",
        "STY",
    ] {
        cmd.env_remove(k);
    }
    for k in super::LANG_VARS {
        cmd.env_remove(k);
    }
    cmd.env("LANG", "C.UTF-8");
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Pty {
    /// Starts `cmd` on a fresh 80×24 terminal.
    pub fn start(cmd: CommandBuilder) -> Self {
        Self::start_on(cmd, false)
    }

    /// [`Pty::start`] with the terminal's output suspended (`tcflow(TCOOFF)`, what Ctrl-S does):
    /// the program's first write to the terminal blocks until [`Pty::resume_output`], so the
    /// test sees its state at that write, however fast or slow the program runs.
    pub fn start_output_suspended(cmd: CommandBuilder) -> Self {
        Self::start_on(cmd, true)
    }

    fn start_on(cmd: CommandBuilder, suspended: bool) -> Self {
        let pair = native_pty_system().openpty(size(80, 24)).unwrap();
        let mut pty_cmd = cmd;
        pty_cmd.cwd("/");
        let raw = Arc::new(Mutex::new(Vec::new()));
        let vt = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
        let tty = pair.master.tty_name().expect("the terminal's name");
        let stty_before = stty(&tty);
        if suspended {
            flow(&tty, rustix::termios::Action::OOff);
        }
        let child = pair.slave.spawn_command(pty_cmd).unwrap();
        // Only the child holds the terminal side now, so the reader sees its end.
        drop(pair.slave);
        let mut r = pair.master.try_clone_reader().unwrap();
        let (raw2, vt2) = (Arc::clone(&raw), Arc::clone(&vt));
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = r.read(&mut buf) {
                if n == 0 {
                    break;
                }
                raw2.lock().unwrap().extend_from_slice(&buf[..n]);
                vt2.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Self {
            master: pair.master,
            child,
            writer,
            raw,
            vt,
            reader: Some(reader),
            stty_before,
        }
    }

    /// The program's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// Types `bytes`.
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// The screen's text.
    pub fn screen(&self) -> String {
        self.vt.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `ok`; panics with the screen after the deadline.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    /// Waits for the process to exit and its output to end; returns the exit code.
    pub fn finish(&mut self) -> u32 {
        let start = Instant::now();
        let status = loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                break st;
            }
            assert!(start.elapsed() < DEADLINE, "the program did not exit");
            std::thread::sleep(Duration::from_millis(20));
        };
        self.reader.take().unwrap().join().unwrap();
        status.exit_code()
    }

    /// Everything the program wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// `stty -g` of the terminal now.
    pub fn stty_now(&self) -> String {
        stty(&self.master.tty_name().unwrap())
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the screen model with it.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.vt
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
        self.master.resize(size(cols, rows)).unwrap();
    }

    /// The terminal model, for its modes (alternate screen, cursor, bracketed paste).
    pub fn vt(&self) -> std::sync::MutexGuard<'_, vt100::Parser> {
        self.vt.lock().unwrap()
    }

    /// Lets the output suspended by [`Pty::start_output_suspended`] flow again.
    pub fn resume_output(&self) {
        flow(
            &self.master.tty_name().unwrap(),
            rustix::termios::Action::OOn,
        );
    }

    /// The system call the program is blocked in, from `/proc/PID/syscall`: its number and
    /// first argument (`"running"` when it is not in one).
    pub fn syscall(&self) -> String {
        let s = std::fs::read_to_string(format!("/proc/{}/syscall", self.pid())).unwrap();
        s.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
    }

    /// Sends `sig` to the program.
    pub fn kill(&self, sig: rustix::process::Signal) {
        let pid = rustix::process::Pid::from_raw(self.pid() as i32).unwrap();
        rustix::process::kill_process(pid, sig).unwrap();
    }

    /// The wizard's step 3: types `filter`, which must match one region, and takes it; returns
    /// once the card (step 4) shows.
    pub fn pick_region(&mut self, filter: &str) {
        self.wait_text("Step 3 of 4");
        self.send(filter.as_bytes());
        self.wait_text("1 match");
        self.send(b"\r");
        self.wait_text("Step 4 of 4");
    }

    /// On the wizard's card: reveals it (`r`) and returns the password it shows.
    pub fn reveal_password(&mut self) -> String {
        self.send(b"r");
        let screen = self.wait_text("r hides");
        let line = screen
            .lines()
            .find(|l| l.contains("Password"))
            .unwrap_or_else(|| panic!("a password line:\n{screen}"));
        line.split_whitespace().nth(1).unwrap().to_string()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A failed test must not leave the program running.
        if self.reader.is_some() {
            let _ = self.child.kill();
        }
    }
}

/// Suspends or restarts the output of the terminal at `tty`. Opened without becoming its
/// controlling terminal; the state belongs to the terminal, so it outlasts this descriptor.
fn flow(tty: &PathBuf, action: rustix::termios::Action) {
    use rustix::fs::{Mode, OFlags, open};
    let fd = open(
        tty,
        OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .unwrap();
    rustix::termios::tcflow(&fd, action).unwrap();
}

/// `stty -g` of the terminal at `tty`: every setting, in a form that compares exactly.
pub fn stty(tty: &PathBuf) -> String {
    super::require_tool("stty");
    let out = Command::new("stty")
        .arg("-g")
        .arg("-F")
        .arg(tty)
        .output()
        .expect("stty");
    assert!(out.status.success(), "stty -g -F {}", tty.display());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn nz(n: u16) -> std::num::NonZero<u16> {
    std::num::NonZero::new(n).unwrap()
}

/// True when `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
