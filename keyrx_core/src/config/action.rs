//! What a key does: the closed set of actions, their conditions and their textual short forms.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::DeviceMatcher;
use super::options::{Flavor, HandPolicy, QuickTapFrom, RetroTap, TermDecides};
use crate::keys::{KeyCode, ModMask, UnknownKey};

/// What a key does when pressed (and undoes when released).
///
/// In JSON a plain key or modified key is a string (`"esc"`, `"shift+9"`, `"_"` for
/// transparent, `"none"` to disable); every other action is an object with one field naming it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", remote = "Self")]
pub enum Action {
    /// Activates a layer while held.
    Momentary(String),
    /// Switches a layer on or off.
    Toggle(String),
    /// Activates a layer for the next key only.
    OneShotLayer(String),
    /// Makes a layer the base layer (the bottom of the stack).
    SetBase(String),
    /// Holds these modifiers for the next key only (`"ctrl+shift"`).
    OneShot(ModMask),
    /// A sticky key (ZMK `&sk` of a key): held, it is that key (with its modifiers); tapped
    /// alone, it stays down until the next key has been typed (`one_shot_end`), or times out.
    Sticky(KeyOutput),
    TapHold(Box<TapHold>),
    /// The nth tap within the term does the nth action (QMK Tap Dance, kanata `tap-dance`).
    TapDance(Box<TapDance>),
    /// Several outputs held together (kanata `multi`): keys, modified keys and layer actions,
    /// pressed in order and released per `modifier_order` (reverse by default).
    Multi(Vec<Action>),
    /// keyd's `overload`: the hold side is on from the press; released with no other key
    /// pressed since, the key also taps.
    Overload(Box<Overload>),
    /// Types a sequence, with delays, when pressed.
    Macro(Macro),
    /// Types ASCII text when pressed.
    Text(String),
    /// The first branch whose condition holds at press time decides.
    Cond(Box<Conditional>),
    /// Releases every key the daemon holds and clears layers and one-shots.
    ReleaseAll,
    /// Shift for the letters of one word (QMK Caps Word, kanata `caps-word`).
    CapsWord(Box<CapsWord>),
    /// Types the last typed key again, with the modifiers it had (QMK Repeat Key).
    RepeatKey,
    /// Keeps the topmost active layer on after the key that holds it goes up; pressed on a
    /// locked layer, it unlocks it (QMK Layer Lock).
    LayerLock,
    /// Runs a program when pressed: its arguments, the program first, with no shell between.
    /// The daemon runs it only when started with `--allow-commands`, off the key thread.
    Command(Vec<String>),
    /// The leader key: the keys typed next are matched against the keymap's sequences
    /// (kanata `sequence`, QMK Leader).
    Leader(Box<super::Leader>),
    /// Records what is typed into dynamic macro `slot` (0 to 7), until pressed again or
    /// `macro_stop` (kanata `dynamic-macro-record`, QMK Dynamic Macros).
    MacroRecord(u8),
    /// Plays dynamic macro `slot` back with its timing (kanata `dynamic-macro-play`).
    MacroPlay(u8),
    /// Ends the recording, or a playback (kanata `dynamic-macro-record-stop`).
    MacroStop,
    #[serde(skip)]
    Output(KeyOutput),
}

// Strings are short forms with their own precise errors; maps name an action. Dispatching by
// hand (rather than `untagged`) keeps serde's "unknown variant, expected one of" messages.
impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ActionVisitor;
        impl<'de> serde::de::Visitor<'de> for ActionVisitor {
            type Value = Action;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key such as \"esc\" or \"shift+9\", or an action object")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Action, E> {
                match v {
                    "release_all" => return Ok(Action::ReleaseAll),
                    "repeat_key" => return Ok(Action::RepeatKey),
                    "layer_lock" => return Ok(Action::LayerLock),
                    "leader" => return Ok(Action::Leader(Box::default())),
                    "macro_stop" => return Ok(Action::MacroStop),
                    _ => {}
                }
                v.parse().map(Action::Output).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Action, A::Error> {
                Action::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_any(ActionVisitor)
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Action::Output(out) => out.serialize(s),
            other => Action::serialize(other, s),
        }
    }
}

impl Action {
    pub fn key(key: KeyCode) -> Action {
        Action::Output(KeyOutput::Key {
            mods: ModMask::NONE,
            key,
        })
    }
}

/// The short forms: a key, a key with modifiers, transparent, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutput {
    /// `_`: whatever the layers below do.
    Transparent,
    /// `none`: nothing at all.
    Block,
    /// A key, with modifiers held around it (`shift+9`). A bare modifier is a key too.
    Key { mods: ModMask, key: KeyCode },
}

impl FromStr for KeyOutput {
    type Err = UnknownKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "_" | "trans" | "transparent" => return Ok(KeyOutput::Transparent),
            "none" | "block" | "XX" | "noop" => return Ok(KeyOutput::Block),
            _ => {}
        }
        let mut parts: Vec<&str> = s.split('+').map(str::trim).collect();
        let last = parts.pop().unwrap_or_default();
        let key: KeyCode = last.parse()?;
        let mut mods = ModMask::NONE;
        for part in parts {
            let code: KeyCode = part.parse()?;
            let bit = code.modifier_bit().ok_or_else(|| UnknownKey {
                name: format!("{part} (not a modifier)"),
                suggestion: None,
            })?;
            mods = mods.union(bit);
        }
        Ok(KeyOutput::Key { mods, key })
    }
}

impl fmt::Display for KeyOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyOutput::Transparent => f.write_str("_"),
            KeyOutput::Block => f.write_str("none"),
            KeyOutput::Key { mods, key } if mods.is_empty() => write!(f, "{key}"),
            KeyOutput::Key { mods, key } => write!(f, "{mods}+{key}"),
        }
    }
}

impl Serialize for KeyOutput {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KeyOutput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for ModMask {
    type Err = UnknownKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split('+').try_fold(ModMask::NONE, |acc, part| {
            let code: KeyCode = part.trim().parse()?;
            let bit = code.modifier_bit().ok_or_else(|| UnknownKey {
                name: format!("{} (not a modifier)", part.trim()),
                suggestion: None,
            })?;
            Ok(acc.union(bit))
        })
    }
}

impl Serialize for ModMask {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ModMask {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A key that taps one action and holds another. Unset options take `options.tap_hold`'s value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TapHold {
    pub tap: Action,
    pub hold: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flavor: Option<Flavor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_ms: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_tap_ms: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_tap_from: Option<QuickTapFrom>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_prior_idle_ms: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retro_tap: Option<RetroTap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_while_undecided: Option<bool>,
    /// Positional hold: while undecided, a press of a key *not* in this list decides a tap
    /// (e.g. the same hand's keys for home-row mods). Empty: any key may trigger the hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hold_trigger_keys: Vec<KeyCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opposite_hand: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_hand: Option<HandPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown_hand: Option<HandPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opposite_hand_timeout: Option<TermDecides>,
    /// With `opposite_hand`: keys that decide `neutral` whatever their hand (kanata
    /// `neutral-keys`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub neutral_keys: Vec<KeyCode>,
    /// What `neutral_keys` decide; `ignore` when absent (kanata's `(neutral ignore)` default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neutral: Option<HandPolicy>,
}

impl TapHold {
    pub fn new(tap: Action, hold: Action) -> TapHold {
        TapHold {
            tap,
            hold,
            flavor: None,
            term_ms: None,
            quick_tap_ms: None,
            quick_tap_from: None,
            require_prior_idle_ms: None,
            retro_tap: None,
            hold_while_undecided: None,
            hold_trigger_keys: Vec::new(),
            opposite_hand: None,
            same_hand: None,
            unknown_hand: None,
            opposite_hand_timeout: None,
            neutral_keys: Vec::new(),
            neutral: None,
        }
    }
}

/// A tap dance: tapped n times, each tap within `term_ms` of the previous one, the key does
/// `actions[n - 1]`; held at the last tap, it holds it (a tap-hold entry then takes its hold
/// side). Another key's press, the term passing, or the last action's count ends the dance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TapDance {
    pub actions: Vec<Action>,
    /// Time allowed between taps; `None` takes `options.tap_hold.term_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_ms: Option<u32>,
    /// Each tap does its action at once, instead of waiting to know the count (kanata
    /// `tap-dance-eager`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub eager: bool,
}

/// Caps Word: while on, the keys in `shifted` are typed with Shift, those in `continue_keys`
/// (and modifiers, layer and one-shot keys) type as usual, and any other key ends it, as does
/// `timeout_ms` without a key. Empty lists take QMK's defaults.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CapsWord {
    /// Idle time that ends it; `None` takes 5000 ms (QMK's `CAPS_WORD_IDLE_TIMEOUT`); 0 never.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u32>,
    /// Keys typed with Shift. Empty: `a`–`z` and `-` (which becomes `_`), as QMK.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shifted: Vec<KeyCode>,
    /// Keys that continue the word unshifted. Empty: `0`–`9`, Backspace and Delete, as QMK.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub continue_keys: Vec<KeyCode>,
}

/// A key override (QMK Key Overrides, kanata `fork` for the simple case): while `trigger`'s
/// modifiers are held (either side) and its key is pressed, `replacement` is sent instead,
/// with the trigger's modifiers lifted around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyOverride {
    pub trigger: KeyOutput,
    pub replacement: KeyOutput,
}

/// A macro: its steps and what may cut it short.
///
/// In JSON a macro without cancellation is just its list of steps; with cancellation it is an
/// object `{ "steps": [..], "cancel_on_press": true }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Macro {
    pub steps: Vec<MacroStep>,
    pub cancel: MacroCancel,
}

impl From<Vec<MacroStep>> for Macro {
    fn from(steps: Vec<MacroStep>) -> Macro {
        Macro {
            steps,
            cancel: MacroCancel::default(),
        }
    }
}

/// What ends a running macro early: the rest of its steps are skipped and every key it holds
/// is released (kanata `macro-cancel-on-press`, `macro-release-cancel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MacroCancel {
    /// Another key's press cancels it (that key then does what it does).
    pub on_press: bool,
    /// Releasing the macro's own key cancels it (unless the macro waits for that release with
    /// `pause_for_release`, which resumes it instead).
    pub on_release: bool,
}

/// The object form of a macro with cancellation.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MacroObject {
    steps: Vec<MacroStep>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    cancel_on_press: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    cancel_on_release: bool,
}

impl Serialize for Macro {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.cancel == MacroCancel::default() {
            return self.steps.serialize(s);
        }
        MacroObject {
            steps: self.steps.clone(),
            cancel_on_press: self.cancel.on_press,
            cancel_on_release: self.cancel.on_release,
        }
        .serialize(s)
    }
}

// A list or an object, each with serde's own precise errors (an `untagged` enum would only
// say that nothing matched).
impl<'de> Deserialize<'de> for Macro {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MacroVisitor;
        impl<'de> serde::de::Visitor<'de> for MacroVisitor {
            type Value = Macro;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of macro steps, or an object with `steps`")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Macro, A::Error> {
                let steps = Vec::<MacroStep>::deserialize(
                    serde::de::value::SeqAccessDeserializer::new(seq),
                )?;
                Ok(steps.into())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Macro, A::Error> {
                let m =
                    MacroObject::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Macro {
                    steps: m.steps,
                    cancel: MacroCancel {
                        on_press: m.cancel_on_press,
                        on_release: m.cancel_on_release,
                    },
                })
            }
        }
        d.deserialize_any(MacroVisitor)
    }
}

/// keyd's `overload(layer, action)`: `hold` (a layer or a modifier) is active from the press,
/// and other keys go through under it at once; `tap` is sent on release if no other key was
/// pressed in between, and the key was held less than the timeout (if there is one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overload {
    pub hold: Action,
    pub tap: Action,
    /// Overrides `options.overload_tap_timeout_ms`; 0: no timeout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u32>,
}

/// One step of a macro.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MacroStep {
    Press(KeyCode),
    Release(KeyCode),
    /// Waits this long; the engine keeps later input queued meanwhile.
    Delay(u32),
    /// Waits until the macro's key is released; the rest runs then (ZMK
    /// `&macro_pause_for_release`). Other keys are not held back meanwhile.
    PauseForRelease,
    /// Types ASCII text (US layout).
    Text(String),
    /// Taps a key or a modified key (`"ctrl+c"`).
    #[serde(untagged)]
    Tap(KeyOutput),
}

/// A conditional mapping: branches tried in order at press time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditional {
    pub branches: Vec<Branch>,
    /// What the key does when no branch applies; transparent when absent.
    #[serde(default, rename = "else", skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<Action>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub when: Condition,
    pub then: Action,
}

/// A test on the engine's state at the moment a key is pressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The layer (custom modifier or lock) is active.
    Layer(String),
    /// Every modifier kind in the set is held on the output, either side (`"ctrl+shift"`).
    Mods(ModMask),
    /// The event comes from a device the matcher accepts.
    Device(DeviceMatcher),
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}
