//! Helpers shared by the integration tests.
#![allow(dead_code)]

use keyrx_config::{Diagnostic, Diagnostics, Severity, compile_str};
use keyrx_core::config::{Action, Config, Keymap, Layer};
use keyrx_core::keys::key;

/// Compiles a config that must be valid, failing the test with the rendered diagnostics.
pub fn config(source: &str) -> Config {
    match compile_str("test.rhai", source, None) {
        Ok(c) => c.config,
        Err(d) => panic!("config should compile:\n{}", d.render()),
    }
}

/// Compiles a config that must be invalid.
pub fn failure(source: &str) -> Diagnostics {
    match compile_str("test.rhai", source, None) {
        Ok(c) => panic!("config should fail, got {:#?}", c.config),
        Err(d) => d,
    }
}

pub fn errors(source: &str) -> Vec<Diagnostic> {
    failure(source).errors().cloned().collect()
}

pub fn warnings(source: &str) -> Vec<Diagnostic> {
    match compile_str("test.rhai", source, None) {
        Ok(c) => c
            .warnings
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect(),
        Err(d) => panic!("config should compile:\n{}", d.render()),
    }
}

/// The keymap of the only device block.
pub fn keymap(source: &str) -> Keymap {
    let mut c = config(source);
    assert_eq!(c.devices.len(), 1, "expected one device block");
    c.devices.remove(0).keymap
}

pub fn layer<'a>(keymap: &'a Keymap, name: &str) -> &'a Layer {
    keymap
        .layers
        .iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no layer {name}"))
}

/// The action of `k` in layer `layer_name`.
pub fn action(keymap: &Keymap, layer_name: &str, k: &str) -> Action {
    layer(keymap, layer_name)
        .map
        .get(&key(k))
        .cloned()
        .unwrap_or_else(|| panic!("{k} is not mapped in {layer_name}"))
}

/// The action parsed from its JSON form, for comparing with what a config built.
pub fn json_action(json: &str) -> Action {
    serde_json::from_str(json).unwrap()
}

/// (line, column) of the first diagnostic's span.
pub fn position(d: &Diagnostic) -> (u32, u32) {
    let s = d.span.expect("diagnostic has a position");
    (s.line, s.column)
}
