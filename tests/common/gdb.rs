//! Core images of a running process taken with gdb, and the process memory they hold.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn tracer_pid(pid: u32) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("TracerPid:"))
        .and_then(|v| v.trim().parse().ok())
}

/// Attaches gdb to `pid`, which will `gcore` it into `core` when it calls `exit_group`. Returns
/// once the tracer is attached (the process then runs on). Root can attach although the process
/// made itself non-dumpable.
pub fn arm_gcore(pid: u32, core: &Path) -> Child {
    super::require_tool("gdb");
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

/// Takes a core image of the running process `pid` now and lets it run on; returns the memory
/// it holds (see [`memory_of`]).
pub fn gcore_now(pid: u32, tag: &str) -> Vec<u8> {
    super::require_tool("gdb");
    let core = core_path(tag);
    let out = Command::new("gdb")
        .args(["-nx", "-batch", "-p", &pid.to_string()])
        .args(["-ex", &format!("gcore {}", core.display())])
        .args(["-ex", "detach"])
        .stdin(Stdio::null())
        .output()
        .expect("gdb");
    assert!(out.status.success(), "gdb: {out:?}");
    take_core(&core)
}

/// Reads and removes the core image at `core`; returns the memory it holds.
pub fn take_core(core: &Path) -> Vec<u8> {
    let bytes = std::fs::read(core).expect("gdb wrote no core image");
    let _ = std::fs::remove_file(core);
    memory_of(&bytes)
}

/// A fresh path for a core image.
pub fn core_path(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("seskey-{tag}-{}.core", std::process::id()))
}

/// The process memory held in an ELF64 core file: the contents of its `PT_LOAD` segments, each
/// followed by a separator. Notes are left out: gdb writes the command line it started the
/// program with into `NT_PRPSINFO` from its own memory, not the process's.
pub fn memory_of(core: &[u8]) -> Vec<u8> {
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
