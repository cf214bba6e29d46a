//! keyrx_core: the remapping engine. Pure and deterministic: no I/O, no clock, no threads.

pub mod config;
pub mod keys;
