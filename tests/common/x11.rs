//! An X server of a test's own (Xvfb) with xclip as the other application, for the clipboard
//! tests (tests/clipboard.rs, tests/tui_e2e.rs). `.ci/test` installs xvfb and xclip; without
//! them these tests fail in CI (`CI` set) and are skipped, loudly, elsewhere.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

pub fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// True when the X tools are there; panics in CI when they are not.
pub fn x_tools() -> bool {
    let missing: Vec<_> = ["Xvfb", "xclip"].into_iter().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    // Skipping must be asked for: a machine without them otherwise fails loudly.
    assert!(
        std::env::var_os("SESKEY_SKIP_X11_TESTS").is_some() && std::env::var_os("CI").is_none(),
        "{missing:?} missing: run .ci/test, which installs xvfb and xclip \
         (or set SESKEY_SKIP_X11_TESTS=1 to skip these tests outside CI)"
    );
    eprintln!("SKIPPED: {missing:?} not installed (SESKEY_SKIP_X11_TESTS is set)");
    false
}

/// An Xvfb on a display number it picks itself (`-displayfd`), killed on drop.
pub struct Xvfb {
    child: Child,
    /// The display name, e.g. `:7`.
    pub display: String,
}

impl Xvfb {
    pub fn start() -> Self {
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
pub struct RuntimeDir(pub PathBuf);

impl RuntimeDir {
    pub fn new() -> Self {
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
    pub fn keeper_pid(&self) -> u32 {
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
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        !matches!(
            s.rsplit(')').next().unwrap_or("").trim().chars().next(),
            Some('Z') | Some('X')
        )
    })
}

pub fn xclip_out(x: &Xvfb, target: Option<&str>) -> Option<String> {
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
