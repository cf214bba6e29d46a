//! The plain, declarative configuration the engine runs: what the config language compiles into,
//! and (as JSON) the interchange format.
//!
//! These types say *what* a keymap means; `crate::compile` checks them and turns them into the
//! flat tables the engine reads on the key path.

mod action;
mod commands;
mod leader;
mod limits;
mod mouse;
mod options;
mod preset;
mod walk;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use action::{
    Action, Branch, CapsWord, Condition, Conditional, KeyOutput, KeyOverride, Macro, MacroCancel,
    MacroStep, Overload, TapDance, TapHold,
};
pub use leader::{LEADER_TIMEOUT_MS, Leader, LeaderInput, LeaderTimeoutFrom, Sequence};
pub use limits::{MAX_NAME_LEN, MAX_NESTING, MAX_PARTS};
pub use mouse::{
    MAX_MOUSE_MS, MAX_MOUSE_STEP, MOUSE_SPEED_PERCENT, MOVE_DEFAULTS, MotionDefaults, MouseButton,
    MouseDirection, MouseMotion, SCROLL_DEFAULTS,
};
pub use options::{
    ComboRelease, ComboWindow, Flavor, MacroOtherKeys, ModifiedRelease, ModifiedRoll,
    ModifierOrder, OneShotEnd, OneShotSend, Options, PriorKeyRelease, QuickTapFrom, RepeatPolicy,
    RetroTap, TapHoldDefaults, TransparentBase, UnicodeMethod, WindowEnd,
};
pub use options::{HandPolicy, Hands, Semantics, TermDecides};
pub use preset::{NOT_READINGS, ROWS, Row, V, markdown_table, merge};

use crate::keys::{KeyCode, ModMask};

/// A whole configuration: one keymap per group of matched devices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Device blocks in priority order: a device uses the first block that matches it.
    pub devices: Vec<DeviceBlock>,
}

impl Config {
    /// A configuration with one keymap for every device.
    pub fn for_all_devices(keymap: Keymap) -> Config {
        Config {
            devices: vec![DeviceBlock {
                name: "all".into(),
                matchers: Vec::new(),
                keymap,
            }],
        }
    }

    /// Reads the JSON form: `{"devices": [...]}`, or a bare keymap for every device. Errors
    /// carry the line and column of the text.
    pub fn from_json(text: &str) -> Result<Config, serde_json::Error> {
        let value: serde_json::Value = serde_json::from_str(text)?;
        // Parsing the text again (not the value) keeps line and column in error messages.
        if value.get("devices").is_some() {
            serde_json::from_str(text)
        } else {
            Ok(Config::for_all_devices(serde_json::from_str::<Keymap>(
                text,
            )?))
        }
    }

    /// The block a device uses: the first whose matchers accept it.
    pub fn block_for(&self, device: &DeviceInfo) -> Option<&DeviceBlock> {
        self.devices.iter().find(|b| b.matches(device))
    }
}

/// A keymap and the devices it applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceBlock {
    /// A label for logs and the dashboard.
    #[serde(default)]
    pub name: String,
    /// The block matches a device if any matcher accepts it; no matchers match every device.
    #[serde(default, rename = "match")]
    pub matchers: Vec<DeviceMatcher>,
    pub keymap: Keymap,
}

impl DeviceBlock {
    pub fn matches(&self, device: &DeviceInfo) -> bool {
        self.matchers.is_empty() || self.matchers.iter().any(|m| m.matches(device))
    }
}

/// What identifies an input device, as the kernel reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub name: String,
    #[serde(default)]
    pub vendor: u16,
    #[serde(default)]
    pub product: u16,
    #[serde(default)]
    pub phys: String,
    #[serde(default)]
    pub uniq: String,
}

impl DeviceInfo {
    pub fn named(name: &str) -> DeviceInfo {
        DeviceInfo {
            name: name.to_string(),
            ..DeviceInfo::default()
        }
    }
}

/// Accepts a device when every field it sets matches. Text fields are globs (`*`, `?`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceMatcher {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `"vvvv:pppp"` in hex, as `lsusb` prints it; either half may be `*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phys: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uniq: Option<String>,
}

impl DeviceMatcher {
    pub fn matches(&self, d: &DeviceInfo) -> bool {
        let glob = |pattern: &Option<String>, value: &str| {
            pattern
                .as_deref()
                .is_none_or(|p| wildmatch::WildMatch::new(p).matches(value))
        };
        let id = format!("{:04x}:{:04x}", d.vendor, d.product);
        let vp_matches = self.vendor_product.as_deref().is_none_or(|p| {
            let (pv, pp) = p.split_once(':').unwrap_or((p, "*"));
            let (v, pr) = id.split_once(':').unwrap_or_default();
            let part = |pat: &str, val: &str| pat == "*" || pat.eq_ignore_ascii_case(val);
            part(pv, v) && part(pp, pr)
        });
        glob(&self.name, &d.name)
            && vp_matches
            && glob(&self.phys, &d.phys)
            && glob(&self.uniq, &d.uniq)
    }
}

/// Everything one engine runs: layers, combos and behaviour options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Keymap {
    /// Layers in declaration order. The first is the initial base layer. A layer with no
    /// mappings is a custom modifier (held) or lock (toggled) that conditions can test.
    pub layers: Vec<Layer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub combos: Vec<Combo>,
    /// Modifier + key combinations replaced by another output, tried in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<KeyOverride>,
    /// Sequences typed after a leader key (`leader()`), each with the action it taps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    #[serde(default)]
    pub options: Options,
}

/// A named layer: what keys do while it is active.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    pub name: String,
    /// Modifiers held on the output while the layer is active (keyd `[nav:C]`). Keys the
    /// layer maps are sent without them; keys that fall through keep them.
    #[serde(default, skip_serializing_if = "no_mods")]
    pub mods: ModMask,
    /// Keys this layer does not map fall through to the layers below it.
    #[serde(default)]
    pub map: BTreeMap<KeyCode, Action>,
}

fn no_mods(mods: &ModMask) -> bool {
    mods.is_empty()
}

/// Keys pressed together (within the combo window) that act as one key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Combo {
    /// The physical keys, two or more, in any order.
    pub keys: Vec<KeyCode>,
    pub action: Action,
    /// Overrides `options.combo_window_ms` for this combo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_ms: Option<u32>,
    /// The combo only fires while one of these layers is active; empty means always.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<String>,
    /// Overrides `options.combo_require_prior_idle_ms` for this combo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_prior_idle_ms: Option<u32>,
}
