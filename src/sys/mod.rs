//! The operating-system edge: reading secrets and writing output without stray copies, and
//! hardening the process.

pub mod debug;
pub mod fdio;
pub mod hardening;
pub mod scrub;
pub mod signals;
