//! Fuzzes the whole config path: any bytes, read as a JSON config and as a script, that
//! compile and encode must load back equal and be accepted by the engine, without a panic.
//! Run with `cargo +nightly fuzz run config_round_trip` from this directory.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| keyrx_config::property::compile_encode_load(data));
