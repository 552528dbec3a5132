//! The wizard end to end: the real binary in a real pseudo-terminal, read through a VT parser.
//!
//! Waits are for the screen to show something (with a generous deadline for failures), never
//! fixed sleeps. Set `SESKEY_WRITE_SCREENS=1` to refresh the README captures in
//! `assets/screens/`.

use std::io::{Read, Write};
use std::os::fd::BorrowedFd;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const DEADLINE: Duration = Duration::from_secs(30);

struct Session {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    raw: Arc<Mutex<Vec<u8>>>,
    vt: Arc<Mutex<vt100::Parser>>,
    reader: Option<JoinHandle<()>>,
    cooked_modes: rustix::termios::LocalModes,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Session {
    fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the wizard with `env` set on top of the defaults.
    fn start_with(env: &[(&str, &str)]) -> Self {
        let pair = native_pty_system().openpty(size(80, 24)).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_seskey"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("AWS_CONFIG_FILE", "/nonexistent/seskey-test-config");
        for k in [
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "DISPLAY",
            "WAYLAND_DISPLAY",
            "NO_COLOR",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_SHARED_CREDENTIALS_FILE",
        ] {
            cmd.env_remove(k);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let cooked_modes = local_modes(&*pair.master);
        let child = pair.slave.spawn_command(cmd).unwrap();
        // Only the child holds the terminal side now, so the reader sees its end.
        drop(pair.slave);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let vt = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
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
            cooked_modes,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn screen(&self) -> String {
        self.vt.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `ok`; panics with the screen after the deadline.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
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

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.vt
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
        self.master.resize(size(cols, rows)).unwrap();
    }

    /// Waits for the process to exit and its output to end; returns the exit code.
    fn finish(&mut self) -> u32 {
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

    fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// The terminal state the program left: not in the alternate screen, cursor shown, and the
    /// line discipline back in cooked mode (echo, canonical input).
    fn assert_restored(&self) {
        let raw = self.raw();
        assert!(
            contains(&raw, "\x1b[?1049h"),
            "never entered the alternate screen"
        );
        assert!(
            contains(&raw, "\x1b[?2004h"),
            "never enabled bracketed paste"
        );
        assert!(!contains(&raw, "\x1b[6n"), "queried the cursor position");
        assert!(
            raw.ends_with(b"\x1b[?2004l\x1b[?25h\x1b[?1049l"),
            "the output does not end with the restore sequences: {:?}",
            String::from_utf8_lossy(&raw[raw.len().saturating_sub(80)..])
        );
        let vt = self.vt.lock().unwrap();
        assert!(!vt.screen().alternate_screen());
        assert!(!vt.screen().hide_cursor());
        assert!(!vt.screen().bracketed_paste());
        assert_eq!(local_modes(&*self.master), self.cooked_modes);
    }
}

fn local_modes(master: &dyn MasterPty) -> rustix::termios::LocalModes {
    let fd = master.as_raw_fd().unwrap();
    // SAFETY: the master stays open for as long as this borrow.
    let fd = unsafe { BorrowedFd::borrow_raw(fd) };
    let modes = rustix::termios::tcgetattr(fd).unwrap().local_modes;
    assert!(modes.contains(rustix::termios::LocalModes::ICANON));
    modes
}

fn nz(n: u16) -> std::num::NonZero<u16> {
    std::num::NonZero::new(n).unwrap()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn save_screen(name: &str, screen: &str) {
    if std::env::var_os("SESKEY_WRITE_SCREENS").is_some() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/screens");
        std::fs::create_dir_all(dir).unwrap();
        let text: String = screen
            .lines()
            .map(|l| format!("{}\n", l.trim_end()))
            .collect();
        std::fs::write(format!("{dir}/{name}.txt"), text).unwrap();
    }
}

/// A known-answer row for `region` from tests/data/smtp-password.tsv: (secret, password).
fn vector(region: &str) -> (String, String) {
    let tsv = include_str!("data/smtp-password.tsv");
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f.len() == 3 && f[0] == region)
        .map(|f| (f[1].to_string(), f[2].to_string()))
        .expect("a vector for the region")
}

#[test]
fn whole_flow_reveals_the_right_password_and_leaks_nothing() {
    let (secret, password) = vector("eu-west-2");
    let mut s = Session::start();
    s.wait_text("Step 1 of 4");

    s.send(KEY_ID.as_bytes());
    let screen = s.wait_text("Looks like an IAM user's access key ID");
    save_screen("1-access-key-id", &screen);
    s.send(b"\r");
    s.wait_text("Step 2 of 4");

    s.send(format!("\x1b[200~{secret}\x1b[201~").as_bytes());
    let screen = s.wait_text("40 characters of the right alphabet");
    assert!(screen.contains(&"•".repeat(40)));
    save_screen("2-secret", &screen);
    s.send(b"\r");
    s.wait_text("Step 3 of 4");

    s.send(b"london");
    let screen = s.wait_text("1 match");
    assert!(screen.contains("eu-west-2"));
    save_screen("3-region", &screen);
    s.send(b"\r");
    let screen = s.wait_text("Step 4 of 4");
    assert!(screen.contains("email-smtp.eu-west-2.amazonaws.com"));
    assert!(screen.contains(KEY_ID));
    assert!(screen.contains(&"•".repeat(44)));
    save_screen("4-smtp-settings", &screen);

    s.send(b"?");
    let screen = s.wait_text("ses:SendRawEmail\"");
    save_screen("help", &screen);
    s.send(b"\x1b");
    s.wait_for("help closed", |sc| !sc.contains("Help ·"));

    // Everything written so far was written before the reveal.
    let before_reveal = s.raw();
    s.send(b"r");
    let screen = s.wait_text("r hides");
    let line = screen
        .lines()
        .find(|l| l.contains("Password"))
        .expect("a password line");
    let shown = line.split_whitespace().nth(1).unwrap();
    assert_eq!(shown, password, "the password on screen");

    s.send(b"q");
    assert_eq!(s.finish(), 0);
    let raw = s.raw();
    assert!(!contains(&raw, &secret), "the secret reached the terminal");
    assert!(
        !contains(&before_reveal, &password),
        "the password reached the terminal before it was revealed"
    );
    assert!(contains(&raw, &password));
    // The last frame before leaving is blank: the password is not what the screen last held.
    let last_pw = raw
        .windows(password.len())
        .rposition(|w| w == password.as_bytes())
        .unwrap();
    let tail = &raw[last_pw..];
    assert!(contains(tail, "\x1b[?1049l"));
    s.assert_restored();
}

/// The password line of the card, revealed.
fn shown_password(screen: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains("Password"))
        .expect("a password line");
    line.split_whitespace().nth(1).unwrap().to_string()
}

#[test]
fn import_from_the_credentials_file_reveals_the_right_password() {
    // Profile "ses-smtp" of the fixture holds a us-east-1 vector's secret.
    let credentials = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/import/credentials");
    let secret = "vaHYdKJLMuOAyAlzvpVFcNabw1z9GvpGz36HE38X";
    let (vector_secret, password) = vector_with_secret(secret);
    assert_eq!(vector_secret, "us-east-1");
    let mut s = Session::start_with(&[("AWS_SHARED_CREDENTIALS_FILE", credentials)]);
    s.wait_text("Ctrl-O");
    s.send(b"\x0f");
    s.wait_text("6 profiles, 2 usable");
    s.send(b"\r");
    s.wait_text("ses-smtp");
    // A profile with temporary keys is greyed and refused with its reason.
    s.send(b"\x1b[B\x1b[B\r");
    s.wait_text("holds aws_session_token");
    s.send(b"\x1b[A\r");
    let screen = s.wait_text("Step 3 of 4");
    assert!(screen.contains("Key ID (imported)"), "{screen}");
    assert!(
        screen.contains("key imported from profile \"ses-smtp\" in"),
        "{screen}"
    );
    s.send(b"virginia");
    s.wait_text("1 match");
    s.send(b"\r");
    let screen = s.wait_text("Step 4 of 4");
    assert!(screen.contains("AKIAIOSFODNN7EXAMPL2"));
    s.send(b"r");
    let screen = s.wait_text("r hides");
    assert_eq!(shown_password(&screen), password, "the password on screen");
    s.send(b"q");
    assert_eq!(s.finish(), 0);
    let raw = s.raw();
    assert!(!contains(&raw, secret), "the secret reached the terminal");
    // Nor did any other secret of the file.
    for other in [
        "6OMByxuHdtM/Y9iuFPd011rVLqcY2DSXwwhncci8",
        "Hz/Hmh0Qp+FELS3NDIals+sTKtze5zBJ4U/JqIWI",
    ] {
        assert!(!contains(&raw, other));
    }
    s.assert_restored();
}

/// The region and password of the known-answer row holding `secret`.
fn vector_with_secret(secret: &str) -> (String, String) {
    let tsv = include_str!("data/smtp-password.tsv");
    tsv.lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f.len() == 3 && f[1] == secret)
        .map(|f| (f[0].to_string(), f[2].to_string()))
        .expect("a vector with the secret")
}

#[test]
fn resize_to_too_small_and_back_then_sigterm() {
    let mut s = Session::start();
    s.wait_text("Step 1 of 4");
    s.resize(50, 12);
    s.wait_text("Make the window larger");
    s.resize(100, 30);
    s.wait_text("Step 1 of 4");
    let pid = s.child.process_id().unwrap();
    let pid = rustix::process::Pid::from_raw(pid as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    assert_eq!(s.finish(), 128 + 15);
    s.assert_restored();
}

#[test]
fn ctrl_c_quits_from_a_text_field_and_new_conversion_wipes() {
    let (secret, _) = vector("us-east-1");
    let mut s = Session::start();
    s.wait_text("Step 1 of 4");
    s.send(b"\r");
    s.wait_text("Step 2 of 4");
    s.send(format!("\x1b[200~{secret}\x1b[201~").as_bytes());
    s.wait_text(&format!("{} characters, hidden", secret.len()));
    s.send(b"\r");
    s.wait_text("Step 3 of 4");
    s.send(b"\r");
    let screen = s.wait_text("Step 4 of 4");
    assert!(screen.contains("skipped"));
    // No display in the test environment: copying says so instead of hanging or failing hard.
    s.send(b"c");
    s.wait_text("no clipboard available (no display)");
    s.send(b"u");
    s.wait_text("no username to copy");
    s.send(b"n");
    s.wait_text("Step 1 of 4");
    // Lone ESC on step 1 quits (after the short wait for a sequence).
    s.send(b"\x1b");
    assert_eq!(s.finish(), 0);
    assert!(!contains(&s.raw(), &secret));
    s.assert_restored();
}
