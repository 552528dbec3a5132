//! Wipes a secret that arrived in argv or the environment from the process's initial stack.
//!
//! `std::env` hands out copies; the originals stay where the kernel put them, readable through
//! `/proc/PID/cmdline` and `/proc/PID/environ` and in any memory image. No crate exposes the
//! original `argv`/`envp`, so this file captures them the way std itself does on glibc: a
//! function in `.init_array`, which glibc calls with `(argc, argv, envp)`. Elsewhere the wipes
//! are no-ops and say so by returning false.

use std::ffi::{CStr, c_char, c_int};
use std::sync::atomic::{AtomicPtr, Ordering};

static ARGV: AtomicPtr<*mut c_char> = AtomicPtr::new(std::ptr::null_mut());
static ENVP: AtomicPtr<*mut c_char> = AtomicPtr::new(std::ptr::null_mut());

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[unsafe(link_section = ".init_array")]
static CAPTURE: extern "C" fn(c_int, *mut *mut c_char, *mut *mut c_char) = capture;

#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
extern "C" fn capture(_argc: c_int, argv: *mut *mut c_char, envp: *mut *mut c_char) {
    ARGV.store(argv, Ordering::Relaxed);
    ENVP.store(envp, Ordering::Relaxed);
}

/// Zeroes the bytes of `s` in place, in a way the optimiser keeps.
///
/// # Safety
/// `s` must point to a writable NUL-terminated string.
unsafe fn wipe_cstr(s: *mut c_char, from: usize) {
    // SAFETY: the caller guarantees a valid NUL-terminated string.
    let len = unsafe { CStr::from_ptr(s) }.to_bytes().len();
    for i in from..len {
        // SAFETY: `i < len`, inside the string.
        unsafe { std::ptr::write_volatile(s.add(i), 0) };
    }
}

/// Calls `f` on each string of a NULL-terminated array captured at start.
fn each(array: &AtomicPtr<*mut c_char>, mut f: impl FnMut(*mut c_char, &[u8])) {
    let base = array.load(Ordering::Relaxed);
    if base.is_null() {
        return;
    }
    let mut i = 0;
    loop {
        // SAFETY: argv/envp are NULL-terminated arrays of NUL-terminated strings that live for
        // the whole process; we only read pointers until the terminating NULL.
        let p = unsafe { *base.add(i) };
        if p.is_null() {
            break;
        }
        // SAFETY: as above.
        let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
        f(p, bytes);
        i += 1;
    }
}

/// Wipes every original argument equal to `value`. Returns whether one was wiped.
/// Call while the process is single-threaded.
pub fn wipe_arg(value: &[u8]) -> bool {
    let mut wiped = false;
    each(&ARGV, |p, bytes| {
        if !value.is_empty() && bytes == value {
            // SAFETY: `p` is an original argv string, writable and NUL-terminated.
            unsafe { wipe_cstr(p, 0) };
            wiped = true;
        }
    });
    wiped
}

/// Wipes the value of the original environment entry `name=value`. Returns whether one was
/// wiped. Call before `std::env::remove_var` (which drops the entry from the array), while the
/// process is single-threaded.
pub fn wipe_env_value(name: &str) -> bool {
    let mut wiped = false;
    each(&ENVP, |p, bytes| {
        if bytes.len() > name.len()
            && bytes.starts_with(name.as_bytes())
            && bytes[name.len()] == b'='
        {
            // SAFETY: `p` is an original environment string, writable and NUL-terminated.
            unsafe { wipe_cstr(p, name.len() + 1) };
            wiped = true;
        }
    });
    wiped
}
