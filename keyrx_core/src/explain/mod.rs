//! Plain-language views of a config and of the engine's decisions, for people: what each key
//! does on each layer (the dashboard's keyboard picture), and why a key did what it did.
//!
//! Everything here is presentation, built off the key path from the config and the traces.

mod decision;
mod dynamic_macro;
mod leader;

use serde::Serialize;

pub use decision::{Decision, DecisionKind, explain_trace};
pub use leader::describe_sequence;

use crate::config::{
    Action, Combo, Condition, Config, DeviceBlock, DeviceMatcher, KeyOutput, Keymap, Macro,
    MacroStep, Overload, TapHold,
};
use crate::keys::{KeyCode, ModMask};

/// The family an action belongs to, for styling and grouping.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Key,
    Transparent,
    Block,
    Layer,
    OneShot,
    TapHold,
    Macro,
    Text,
    Cond,
    ReleaseAll,
    Command,
    Leader,
}

/// What one action does, short (for a key cap) and long (for a tooltip or a screen reader).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionView {
    pub kind: ActionKind,
    /// The cap's text; for a tap-hold, its tap side.
    pub label: String,
    /// A tap-hold's hold side, for a second line on the cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hold: Option<String>,
    /// One sentence saying what the key does.
    pub detail: String,
}

/// A key a layer maps, and what it does there.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyView {
    pub key: String,
    #[serde(flatten)]
    pub action: ActionView,
}

/// The keys one layer maps; the others fall through to the layers below it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerView {
    pub name: String,
    pub keys: Vec<KeyView>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComboView {
    pub keys: Vec<String>,
    #[serde(flatten)]
    pub action: ActionView,
    /// The layers it is limited to; empty means every layer.
    pub layers: Vec<String>,
}

/// One device block's keymap.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockView {
    pub name: String,
    /// The devices it applies to, one matcher per entry; empty means every device.
    pub matchers: Vec<String>,
    pub layers: Vec<LayerView>,
    pub combos: Vec<ComboView>,
    /// Key overrides, one sentence each ("shift+backspace sends delete").
    pub overrides: Vec<String>,
    /// Leader sequences, one sentence each ("leader g i t → types the text “git”").
    pub sequences: Vec<String>,
}

/// A whole config, block by block in priority order.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct KeymapView {
    pub blocks: Vec<BlockView>,
}

impl KeymapView {
    pub fn of(config: &Config) -> KeymapView {
        KeymapView {
            blocks: config.devices.iter().map(block_view).collect(),
        }
    }
}

fn block_view(block: &DeviceBlock) -> BlockView {
    let keymap = &block.keymap;
    BlockView {
        name: block.name.clone(),
        matchers: block.matchers.iter().map(describe_matcher).collect(),
        layers: keymap
            .layers
            .iter()
            .map(|layer| LayerView {
                name: layer.name.clone(),
                keys: layer
                    .map
                    .iter()
                    .map(|(key, action)| KeyView {
                        key: key.to_string(),
                        action: ActionView::of(action, keymap),
                    })
                    .collect(),
            })
            .collect(),
        combos: keymap
            .combos
            .iter()
            .map(|combo| combo_view(combo, keymap))
            .collect(),
        overrides: keymap
            .overrides
            .iter()
            .map(|o| {
                format!(
                    "{} sends {} (its modifiers lifted)",
                    o.trigger, o.replacement
                )
            })
            .collect(),
        sequences: keymap
            .sequences
            .iter()
            .map(|s| describe_sequence(s, keymap))
            .collect(),
    }
}

fn combo_view(combo: &Combo, keymap: &Keymap) -> ComboView {
    ComboView {
        keys: combo.keys.iter().map(KeyCode::to_string).collect(),
        action: ActionView::of(&combo.action, keymap),
        layers: combo.layers.clone(),
    }
}

fn describe_matcher(m: &DeviceMatcher) -> String {
    let fields = [
        ("name", &m.name),
        ("vendor:product", &m.vendor_product),
        ("phys", &m.phys),
        ("uniq", &m.uniq),
    ];
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|(field, value)| value.as_ref().map(|v| format!("{field} {v}")))
        .collect();
    if parts.is_empty() {
        "any device".into()
    } else {
        parts.join(", ")
    }
}

impl ActionView {
    /// Describes `action` with the keymap's defaults filled in.
    pub fn of(action: &Action, keymap: &Keymap) -> ActionView {
        let view = |kind, label: String, detail: String| ActionView {
            kind,
            label,
            hold: None,
            detail,
        };
        match action {
            Action::Output(KeyOutput::Transparent) => view(
                ActionKind::Transparent,
                "▽".into(),
                "transparent: does what the layers below do".into(),
            ),
            Action::Output(KeyOutput::Block) => {
                view(ActionKind::Block, "✕".into(), "does nothing".into())
            }
            Action::Output(KeyOutput::Key { mods, key }) => view(
                ActionKind::Key,
                with_mods(*mods, &cap_name(*key)),
                format!("types {}", with_mods(*mods, &key.to_string())),
            ),
            Action::Momentary(layer) => view(
                ActionKind::Layer,
                layer.clone(),
                format!("layer {layer} while held"),
            ),
            Action::Toggle(layer) => view(
                ActionKind::Layer,
                format!("⇄{layer}"),
                format!("switches layer {layer} on or off"),
            ),
            Action::OneShotLayer(layer) => view(
                ActionKind::Layer,
                format!("1×{layer}"),
                format!("layer {layer} for the next key only"),
            ),
            Action::SetBase(layer) => view(
                ActionKind::Layer,
                format!("⌂{layer}"),
                format!("makes {layer} the base layer"),
            ),
            Action::OneShot(mods) => view(
                ActionKind::OneShot,
                format!("1×{}", short_mods(*mods)),
                format!("holds {} for the next key only", short_mods(*mods)),
            ),
            Action::Sticky(out) => view(
                ActionKind::OneShot,
                format!("1×{}", sticky_label(out)),
                format!(
                    "sticky {out}: held, it is {out}; tapped alone, it stays down until the next key"
                ),
            ),
            Action::Multi(parts) => {
                let views: Vec<ActionView> =
                    parts.iter().map(|p| ActionView::of(p, keymap)).collect();
                let labels: Vec<&str> = views.iter().map(|v| v.label.as_str()).collect();
                let details: Vec<&str> = views.iter().map(|v| v.detail.as_str()).collect();
                view(
                    ActionKind::Key,
                    labels.join("+"),
                    format!("all together while held: {}", details.join("; ")),
                )
            }
            Action::CapsWord(cw) => view(
                ActionKind::OneShot,
                "CapsW".into(),
                format!(
                    "caps word: {} until a key ends the word{}",
                    if cw.shifted.is_empty() {
                        "letters shifted (- becomes _)".to_string()
                    } else {
                        format!("{} shifted", key_list(&cw.shifted))
                    },
                    match cw.timeout_ms {
                        Some(0) => String::new(),
                        ms => format!(" or {} ms pass idle", ms.unwrap_or(5000)),
                    }
                ),
            ),
            Action::RepeatKey => view(
                ActionKind::Key,
                "Rep".into(),
                "types the last typed key again, with its modifiers".into(),
            ),
            Action::LayerLock => view(
                ActionKind::Layer,
                "Lock".into(),
                "keeps the current layer on after its key is released (again: unlocks it)".into(),
            ),
            Action::TapDance(td) => {
                let views: Vec<ActionView> = td
                    .actions
                    .iter()
                    .map(|a| ActionView::of(a, keymap))
                    .collect();
                let labels: Vec<&str> = views.iter().map(|v| v.label.as_str()).collect();
                let steps: Vec<String> = views
                    .iter()
                    .enumerate()
                    .map(|(i, v)| format!("{}× {}", i + 1, v.detail))
                    .collect();
                let term = td.term_ms.unwrap_or(keymap.options.tap_hold.term_ms);
                view(
                    ActionKind::TapHold,
                    labels.join("/"),
                    format!(
                        "tap dance{} (taps within {term} ms): {}",
                        if td.eager { ", each tap at once" } else { "" },
                        steps.join("; ")
                    ),
                )
            }
            Action::Leader(l) => leader::leader_view(l),
            Action::MacroRecord(slot) => dynamic_macro::record_view(*slot),
            Action::MacroPlay(slot) => dynamic_macro::play_view(*slot),
            Action::MacroStop => dynamic_macro::stop_view(),
            Action::TapHold(th) => tap_hold_view(th, keymap),
            Action::Overload(o) => overload_view(o, keymap),
            Action::Macro(steps) => view(ActionKind::Macro, "macro".into(), describe_macro(steps)),
            Action::Text(text) => view(
                ActionKind::Text,
                format!("“{}”", truncate(text, 6)),
                format!("types the text “{text}”"),
            ),
            Action::Cond(cond) => {
                let branches: Vec<String> = cond
                    .branches
                    .iter()
                    .map(|b| {
                        let then = ActionView::of(&b.then, keymap);
                        format!("if {}: {}", describe_condition(&b.when), then.detail)
                    })
                    .collect();
                let fallback = cond.otherwise.as_ref().map(|a| ActionView::of(a, keymap));
                let (label, otherwise) = match fallback {
                    Some(v) => (format!("{}?", v.label), format!("otherwise {}", v.detail)),
                    None => ("if…".to_string(), "otherwise transparent".to_string()),
                };
                view(
                    ActionKind::Cond,
                    label,
                    format!("{}; {otherwise}", branches.join("; ")),
                )
            }
            Action::ReleaseAll => view(
                ActionKind::ReleaseAll,
                "⎚all".into(),
                "releases every held key and clears layers and one-shots".into(),
            ),
            Action::Command(argv) => view(
                ActionKind::Command,
                format!("▶{}", truncate(program_name(argv), 6)),
                format!(
                    "runs `{}` (when the daemon allows commands)",
                    command_line(argv)
                ),
            ),
        }
    }
}

/// A command's program, without its directory.
fn program_name(argv: &[String]) -> &str {
    let program = argv.first().map_or("", String::as_str);
    program.rsplit('/').next().unwrap_or(program)
}

/// A command as one would type it in a shell: arguments with spaces or quotes are quoted.
pub fn command_line(argv: &[String]) -> String {
    let quote = |a: &String| {
        if !a.is_empty() && !a.contains(|c: char| c.is_whitespace() || "'\"\\$`".contains(c)) {
            a.clone()
        } else {
            format!("'{}'", a.replace('\'', "'\\''"))
        }
    };
    argv.iter().map(quote).collect::<Vec<_>>().join(" ")
}

fn tap_hold_view(th: &TapHold, keymap: &Keymap) -> ActionView {
    let defaults = &keymap.options.tap_hold;
    let tap = ActionView::of(&th.tap, keymap);
    let hold = ActionView::of(&th.hold, keymap);
    let flavor = th.flavor.unwrap_or(defaults.flavor);
    let term = th.term_ms.unwrap_or(defaults.term_ms);
    let hands = match th.opposite_hand.unwrap_or(defaults.opposite_hand) {
        true => ", opposite hand",
        false => "",
    };
    ActionView {
        kind: ActionKind::TapHold,
        label: tap.label,
        hold: Some(hold.label),
        detail: format!(
            "tap: {}; hold: {} (tap-hold, {}, {term} ms{hands})",
            tap.detail,
            hold.detail,
            serde_name(&flavor)
        ),
    }
}

fn overload_view(o: &Overload, keymap: &Keymap) -> ActionView {
    let tap = ActionView::of(&o.tap, keymap);
    let hold = ActionView::of(&o.hold, keymap);
    let timeout = o
        .timeout_ms
        .unwrap_or(keymap.options.overload_tap_timeout_ms);
    let within = match timeout {
        0 => String::new(),
        ms => format!(" within {ms} ms"),
    };
    ActionView {
        kind: ActionKind::TapHold,
        label: tap.label,
        hold: Some(hold.label),
        detail: format!(
            "overload: {} (on from the press); tap: {} if released{within} with no other key pressed",
            hold.detail, tap.detail
        ),
    }
}

fn serde_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `leftctrl+leftshift+9` reads as `ctrl+shift+9`; the side of a held modifier rarely matters.
fn with_mods(mods: ModMask, key: &str) -> String {
    if mods.is_empty() {
        key.to_string()
    } else {
        format!("{}+{key}", short_mods(mods))
    }
}

/// What a key is called on a cap, where space is short: the printed symbol of punctuation
/// and the config language's short names of long ones (`lctrl`, `bspc`).
fn cap_name(key: KeyCode) -> String {
    const CAP_NAMES: &[(&str, &str)] = &[
        ("leftctrl", "lctrl"),
        ("rightctrl", "rctrl"),
        ("leftshift", "lshift"),
        ("rightshift", "rshift"),
        ("leftalt", "lalt"),
        ("rightalt", "ralt"),
        ("leftmeta", "lmeta"),
        ("rightmeta", "rmeta"),
        ("capslock", "caps"),
        ("backspace", "bspc"),
        ("delete", "del"),
        ("insert", "ins"),
        ("pageup", "pgup"),
        ("pagedown", "pgdn"),
        ("volumeup", "volu"),
        ("volumedown", "vold"),
        ("semicolon", ";"),
        ("apostrophe", "'"),
        ("grave", "`"),
        ("minus", "-"),
        ("equal", "="),
        ("leftbrace", "["),
        ("rightbrace", "]"),
        ("backslash", "\\"),
        ("comma", ","),
        ("dot", "."),
        ("slash", "/"),
    ];
    let name = key.to_string();
    CAP_NAMES
        .iter()
        .find(|(canonical, _)| *canonical == name)
        .map_or(name, |(_, cap)| (*cap).to_string())
}

fn short_mods(mods: ModMask) -> String {
    mods.to_string()
        .split('+')
        .map(|m| m.strip_prefix("left").unwrap_or(m))
        .collect::<Vec<_>>()
        .join("+")
}

fn key_list(keys: &[KeyCode]) -> String {
    let names: Vec<String> = keys.iter().map(KeyCode::to_string).collect();
    names.join(", ")
}

fn sticky_label(out: &KeyOutput) -> String {
    match out {
        KeyOutput::Key { mods, key } => with_mods(*mods, &cap_name(*key)),
        other => other.to_string(),
    }
}

fn describe_macro(m: &Macro) -> String {
    let parts: Vec<String> = m
        .steps
        .iter()
        .map(|step| match step {
            MacroStep::Press(k) => format!("press {k}"),
            MacroStep::Release(k) => format!("release {k}"),
            MacroStep::Delay(ms) => format!("wait {ms} ms"),
            MacroStep::Text(t) => format!("“{t}”"),
            MacroStep::Tap(out) => out.to_string(),
            MacroStep::PauseForRelease => "the rest on release".into(),
        })
        .collect();
    let cancel = match (m.cancel.on_press, m.cancel.on_release) {
        (false, false) => "",
        (true, false) => " (another key's press cancels it)",
        (false, true) => " (releasing its key cancels it)",
        (true, true) => " (another key's press or releasing its key cancels it)",
    };
    format!("types a macro: {}{cancel}", parts.join(", "))
}

fn describe_condition(condition: &Condition) -> String {
    let join = |all: &[Condition], word: &str| {
        let parts: Vec<String> = all.iter().map(describe_condition).collect();
        format!("({})", parts.join(word))
    };
    match condition {
        Condition::Layer(layer) => format!("layer {layer}"),
        Condition::Mods(mods) => format!("{} held", short_mods(*mods)),
        Condition::Device(m) => format!("device {}", describe_matcher(m)),
        Condition::Not(inner) => format!("not {}", describe_condition(inner)),
        Condition::All(all) => join(all, " and "),
        Condition::Any(any) => join(any, " or "),
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let head: String = text.chars().take(max_chars - 1).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests;
