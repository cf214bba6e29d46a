//! Fuzzes the `.krx` loader: any bytes must give a config or a typed error, never a panic.
//! Run with `cargo +nightly fuzz run krx_load` from this directory.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(config) = keyrx_config::krx::decode(data) {
        // Whatever loads must encode back to bytes that load to the same config.
        let again = keyrx_config::krx::encode(&config);
        assert_eq!(keyrx_config::krx::decode(&again).ok(), Some(config));
    }
});
