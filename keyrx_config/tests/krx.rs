//! The `.krx` form: round trip, determinism, and rejection of every damaged file.

mod common;

use std::path::Path;

use keyrx_config::krx::{self, FORMAT_VERSION, HEADER_LEN, KrxError, MAGIC};
use keyrx_config::{LoadError, load_any};
use keyrx_core::config::{Config, Keymap};

const SOURCE: &str = r#"
options(#{ tap_hold: #{ term_ms: 180 }, combo_window_ms: 40 });
device("laptop", #{ name: "*Laptop*" }, || {
    layer("base", || { map("capslock", tap_hold("esc", "lctrl", #{ hold_trigger_keys: ["j"] })); });
});
layer("base", || {
    map("space", tap_hold("space", momentary("nav")));
    map("m", macro(["ctrl+a", delay(20), text("hi")]));
    map("x", when(any([layer_active("nav"), mods_held("shift")]), "y", "_"));
});
layer("nav", || { map("h", "left"); });
combo(["j", "k"], "esc", #{ window_ms: 30 });
"#;

fn sample() -> Config {
    common::config(SOURCE)
}

#[test]
fn round_trip() {
    let config = sample();
    let bytes = krx::encode(&config);
    assert_eq!(&bytes[..6], MAGIC);
    assert_eq!(u16::from_le_bytes([bytes[6], bytes[7]]), FORMAT_VERSION);
    assert_eq!(krx::decode(&bytes).unwrap(), config);
    assert_eq!(krx::try_encode(&config).unwrap(), bytes);
}

#[test]
fn encoding_is_deterministic() {
    let a = krx::encode(&sample());
    let b = krx::encode(&sample());
    assert_eq!(a, b, "same source, same bytes");
    let again = krx::encode(&krx::decode(&a).unwrap());
    assert_eq!(a, again, "decoding and encoding again changes nothing");
}

#[test]
fn every_single_byte_change_is_rejected() {
    let bytes = krx::encode(&sample());
    let mut damaged = bytes.clone();
    for i in 0..bytes.len() {
        for delta in 1..=255u8 {
            damaged[i] = bytes[i].wrapping_add(delta);
            assert!(
                krx::decode(&damaged).is_err(),
                "byte {i} changed by {delta} was accepted"
            );
        }
        damaged[i] = bytes[i];
    }
}

#[test]
fn every_truncation_and_extension_is_rejected() {
    let bytes = krx::encode(&sample());
    for len in 0..bytes.len() {
        let err = krx::decode(&bytes[..len]).unwrap_err();
        let expected = if len < HEADER_LEN {
            matches!(err, KrxError::TooShort { .. })
        } else {
            matches!(err, KrxError::LengthMismatch { .. })
        };
        assert!(expected, "truncated to {len}: {err}");
    }
    let mut longer = bytes.clone();
    longer.push(b' ');
    assert!(matches!(
        krx::decode(&longer),
        Err(KrxError::LengthMismatch { .. })
    ));
}

#[test]
fn typed_errors_with_clear_messages() {
    let bytes = krx::encode(&sample());
    assert!(matches!(
        krx::decode(b"{\"devices\":[]}"),
        Err(KrxError::BadMagic)
    ));
    let mut v = bytes.clone();
    v[6] = 9;
    let err = krx::decode(&v).unwrap_err();
    assert!(matches!(err, KrxError::UnsupportedVersion { found: 9 }));
    assert!(
        err.to_string()
            .contains("recompile it with `keyrx compile`")
    );
    let mut c = bytes.clone();
    let last = c.len() - 1;
    c[last] ^= 0x01;
    let err = krx::decode(&c).unwrap_err();
    assert!(matches!(err, KrxError::ChecksumMismatch { .. }));
    assert!(err.to_string().contains("damaged"));
    // A well-framed payload that is not a config.
    let mut framed = Vec::from(&MAGIC[..]);
    framed.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    framed.extend_from_slice(&2u32.to_le_bytes());
    framed.extend_from_slice(&crc32fast::hash(b"{}").to_le_bytes());
    framed.extend_from_slice(b"{}");
    assert!(matches!(krx::decode(&framed), Err(KrxError::Payload(_))));
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn load_any_dispatches_on_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let config = sample();
    let rhai = dir.path().join("c.rhai");
    write(&rhai, SOURCE.as_bytes());
    assert_eq!(load_any(&rhai).unwrap(), config);

    let krx_path = dir.path().join("c.krx");
    krx::write_atomic(&krx_path, &krx::encode(&config)).unwrap();
    assert_eq!(load_any(&krx_path).unwrap(), config);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");

    let json = dir.path().join("c.json");
    write(&json, serde_json::to_string(&config).unwrap().as_bytes());
    assert_eq!(load_any(&json).unwrap(), config);

    let keymap: &Keymap = &config.devices[1].keymap;
    write(&json, serde_json::to_string(keymap).unwrap().as_bytes());
    assert_eq!(
        load_any(&json).unwrap(),
        Config::for_all_devices(keymap.clone())
    );
}

#[test]
fn load_any_errors_are_typed() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.rhai");
    write(
        &bad,
        b"layer(\"base\", || { map(\"captslock\", \"esc\"); });",
    );
    match load_any(&bad) {
        Err(LoadError::Config { diagnostics, .. }) => assert_eq!(diagnostics.error_count(), 1),
        other => panic!("{other:?}"),
    }
    let damaged = dir.path().join("d.krx");
    write(&damaged, b"KEYRX\0");
    assert!(matches!(
        load_any(&damaged),
        Err(LoadError::Krx {
            error: KrxError::TooShort { len: 6 },
            ..
        })
    ));
    let json = dir.path().join("j.json");
    write(
        &json,
        b"{\"layers\": [{\"name\": \"base\", \"map\": {\"captslock\": \"esc\"}}]}",
    );
    let err = load_any(&json).unwrap_err();
    assert!(matches!(err, LoadError::Json { .. }));
    assert!(err.to_string().contains("did you mean `capslock`"), "{err}");
    assert!(matches!(
        load_any(&dir.path().join("x.toml")),
        Err(LoadError::UnknownExtension { .. })
    ));
    assert!(matches!(
        load_any(&dir.path().join("missing.krx")),
        Err(LoadError::Io { .. })
    ));
}
