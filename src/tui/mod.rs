//! The interactive wizard (`seskey` with no arguments on a terminal).
//!
//! Elm style: [`app::App`] is the state, [`update::update`] decides everything (pure),
//! [`view::view`] only draws, and [`runtime`] does the I/O: terminal setup, input, signals,
//! clipboard.

pub mod app;
pub mod event;
pub mod input;
pub mod theme;
pub mod update;
pub mod view;
