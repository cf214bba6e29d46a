//! keyrx_core: the remapping engine. Pure and deterministic: no I/O, no clock, no threads.
//!
//! A `Keymap` (plain data, see [`config`]) is compiled into flat tables ([`compile`]) that an
//! [`Engine`] runs: the caller feeds timed key events, receives output events through a
//! [`Sink`], asks [`Engine::next_deadline`] and calls [`Engine::advance`] when it is due.

pub mod compile;
pub mod config;
mod engine;
pub mod event;
pub mod explain;
pub mod keys;
pub mod notation;
pub mod sim;
pub mod workload;

pub use engine::Engine;
pub use event::{KeyEvent, KeyState, Micros, Recorder, Sink, Trace};
pub use keys::KeyCode;
