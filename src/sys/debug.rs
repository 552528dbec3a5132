//! Test-only fault injection, compiled into debug builds only.
//!
//! A panic must wipe and restore the terminal and print no secret, but no input makes the
//! program panic (that is the point), so the end-to-end test needs a way to cause one at a chosen
//! moment in the real binary, in a real terminal, with real secrets in memory. Unit-testing the
//! panic hook alone would not show that unwinding wipes the state or that the message holds no
//! secret. Release builds do not contain this code at all (`cfg(debug_assertions)`), so the
//! variable cannot be used against them.

/// The environment variable naming the point at which a debug build panics.
#[cfg(debug_assertions)]
pub const PANIC_AT: &str = "SESKEY_DEBUG_PANIC_AT";

/// In a debug build, panics when [`PANIC_AT`] names `point`; does nothing otherwise.
#[cfg(debug_assertions)]
pub fn panic_point(point: &str) {
    if std::env::var_os(PANIC_AT).is_some_and(|v| v == point) {
        panic!("test-only panic at {point} ({PANIC_AT})");
    }
}
