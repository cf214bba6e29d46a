//! Loads a config file of any supported form into the engine's plain `Config`.

use std::path::Path;

use anyhow::Context;
use keyrx_core::config::{Config, Keymap};

/// Reads `.json` configs: either `{"devices": [...]}` or a bare keymap for every device.
pub fn load(path: &Path) -> anyhow::Result<Config> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_json(&text).with_context(|| format!("in {}", path.display()))
}

pub fn parse_json(text: &str) -> anyhow::Result<Config> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    if value.get("devices").is_some() {
        Ok(serde_json::from_value(value)?)
    } else {
        Ok(Config::for_all_devices(serde_json::from_str::<Keymap>(text)?))
    }
}
