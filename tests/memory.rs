//! Looks at the real process memory: a core image taken by gdb at the moment the process calls
//! `exit_group` must hold no copy of the secret, of `"AWS4" + secret`, or of the password.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{EnglishLocale as _, bin, require_tool};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn tracer_pid(pid: u32) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("TracerPid:"))
        .and_then(|v| v.trim().parse().ok())
}

/// Attaches gdb to `pid`, which will `gcore` it when it calls `exit_group`. Returns once the
/// tracer is attached.
fn arm_gcore(pid: u32, core: &Path) -> Child {
    let gdb = Command::new("gdb")
        .args(["-nx", "-batch", "-p", &pid.to_string()])
        .args(["-ex", "catch syscall exit_group", "-ex", "continue"])
        .args(["-ex", &format!("gcore {}", core.display())])
        .args(["-ex", "detach"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gdb");
    let deadline = Instant::now() + Duration::from_secs(20);
    while tracer_pid(pid).unwrap_or(0) == 0 {
        assert!(Instant::now() < deadline, "gdb did not attach");
        std::thread::sleep(Duration::from_millis(20));
    }
    gdb
}

/// The process memory held in an ELF64 core file: the contents of its `PT_LOAD` segments, each
/// followed by a separator. Notes are left out: gdb writes the command line it started the
/// program with into `NT_PRPSINFO` from its own memory, not the process's.
fn memory_of(core: &[u8]) -> Vec<u8> {
    let u16_at = |o: usize| u16::from_le_bytes(core[o..o + 2].try_into().unwrap()) as usize;
    let u64_at = |o: usize| u64::from_le_bytes(core[o..o + 8].try_into().unwrap()) as usize;
    assert_eq!(&core[..4], b"\x7fELF", "not an ELF core");
    let (phoff, phentsize, phnum) = (u64_at(0x20), u16_at(0x36), u16_at(0x38));
    let mut mem = Vec::new();
    for i in 0..phnum {
        let ph = phoff + i * phentsize;
        let p_type = u32::from_le_bytes(core[ph..ph + 4].try_into().unwrap());
        if p_type == 1 {
            let (off, size) = (u64_at(ph + 8), u64_at(ph + 32));
            mem.extend_from_slice(&core[off..off + size]);
            mem.extend_from_slice(b"\0--segment--\0");
        }
    }
    assert!(mem.len() > 100_000, "the core holds almost no memory");
    mem
}

/// Counts occurrences of `needle` in `hay`.
pub fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

fn core_path(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("seskey-{tag}-{}.core", std::process::id()))
}

#[test]
fn derive_from_a_pipe_leaves_no_secret_in_memory() {
    require_tool("gdb");
    let core = core_path("derive");
    let mut child = Command::new(bin())
        .english()
        .args(["derive", "--region", "eu-west-1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut gdb = arm_gcore(child.id(), &core);
    {
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{SECRET}\n").as_bytes()).unwrap();
    }
    assert!(gdb.wait().unwrap().success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let password = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(password.len(), 44);

    let image = memory_of(&std::fs::read(&core).expect("gdb wrote no core image"));
    let _ = std::fs::remove_file(&core);
    // The image is real: it holds text the program certainly has in memory.
    assert!(count(&image, b"--region") > 0, "the image holds no argv");
    assert_eq!(count(&image, SECRET.as_bytes()), 0, "secret");
    assert_eq!(count(&image, format!("AWS4{SECRET}").as_bytes()), 0);
    assert_eq!(count(&image, password.as_bytes()), 0, "password");
}

/// Starts `args` under gdb, which `gcore`s it at `exit_group`; returns (stdout, core image).
fn run_under_gdb(args: &[&str], env: &[(&str, &str)], tag: &str) -> (String, Vec<u8>) {
    let core = core_path(tag);
    let mut cmd = Command::new("gdb");
    cmd.args(["-nx", "-batch"])
        .args(["-ex", "catch syscall exit_group", "-ex", "run"])
        .args(["-ex", &format!("gcore {}", core.display())])
        .args(["-ex", "continue"])
        .arg("--args")
        .arg(bin())
        .args(args)
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .english()
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("gdb");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let image = memory_of(&std::fs::read(&core).expect("gdb wrote no core image"));
    let _ = std::fs::remove_file(&core);
    (stdout, image)
}

fn expected_password(region: &str) -> String {
    seskey::derive::smtp_password(SECRET, region)
        .expose()
        .to_string()
}

#[test]
fn the_aws_script_form_wipes_the_secret_from_argv() {
    require_tool("gdb");
    let (stdout, image) = run_under_gdb(&[SECRET, "us-east-2"], &[], "legacy");
    let password = expected_password("us-east-2");
    assert!(stdout.contains(&password), "{stdout}");
    assert!(count(&image, b"us-east-2") > 0, "the image holds no argv");
    assert_eq!(count(&image, SECRET.as_bytes()), 0, "secret");
    assert_eq!(count(&image, format!("AWS4{SECRET}").as_bytes()), 0);
    assert_eq!(count(&image, password.as_bytes()), 0, "password");
}

#[test]
fn from_env_wipes_the_variable() {
    require_tool("gdb");
    let (stdout, image) = run_under_gdb(
        &["derive", "-r", "ca-central-1", "--from-env"],
        &[("AWS_SECRET_ACCESS_KEY", SECRET)],
        "env",
    );
    let password = expected_password("ca-central-1");
    assert!(stdout.contains(&password), "{stdout}");
    assert!(
        count(&image, b"ca-central-1") > 0,
        "the image holds no argv"
    );
    assert_eq!(count(&image, SECRET.as_bytes()), 0, "secret");
    assert_eq!(count(&image, password.as_bytes()), 0, "password");
}
