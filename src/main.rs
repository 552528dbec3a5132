//! The `seskey` binary: hardening, then the command line.

use std::process::ExitCode;

/// Every heap block is wiped when freed, including inside dependencies, so no secret outlives the
/// buffer that held it.
#[global_allocator]
static ALLOC: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() -> ExitCode {
    seskey::harden();
    seskey::run(std::env::args_os().collect()).into()
}
