//! The keyrx daemon: the runtime that drives the engines, its Linux and virtual backends, and
//! the `keyrx` command line.

pub mod atomic;
pub mod cli;
pub mod config_loader;
pub mod daemon;
pub mod draw;
pub mod launcher;
#[cfg(target_os = "linux")]
pub mod linux;
pub mod logging;
pub mod paths;
pub mod reload;
pub mod runtime;
#[cfg(test)]
mod test_dir;
pub mod virtual_backend;
pub mod web;
