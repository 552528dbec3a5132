//! Process hardening at start, after ssh-agent and gpg-agent: no core dumps, not dumpable, not
//! traceable by unprivileged processes.

/// What hardening managed to do (each step is best effort and never fatal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hardening {
    /// `RLIMIT_CORE` set to 0 (soft and hard).
    pub core_dumps_off: bool,
    /// `PR_SET_DUMPABLE` 0 (Linux): no core dump, `/proc/PID/mem` and ptrace closed to the user.
    pub not_dumpable: bool,
}

/// Turns core dumps off and makes the process non-dumpable. Call first thing in `main`.
pub fn harden() -> Hardening {
    let mut h = Hardening::default();
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        h.core_dumps_off = setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(0),
                maximum: Some(0),
            },
        )
        .is_ok();
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::process::{DumpableBehavior, set_dumpable_behavior};
        h.not_dumpable = set_dumpable_behavior(DumpableBehavior::NotDumpable).is_ok();
    }
    h
}
