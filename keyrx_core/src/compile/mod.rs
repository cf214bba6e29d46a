//! Checks a `Keymap` and flattens it into the tables the engine reads on the key path.
//!
//! Every name is resolved to an index, every option to its effective value and every nested
//! action to an id into one arena, so the engine never looks anything up by string or allocates.

mod compose_table;
mod conditions;
mod families;
mod keyset;
mod leader;
mod limits;
mod mouse;
mod taphold;
mod text;

pub use keyset::KeySet;
pub use leader::{CLeader, CSequence};
pub use mouse::CMotion;
pub use taphold::{Hand, HandRule, NEVER};

pub use limits::{
    MAX_ACTIONS, MAX_COMMAND_ARGS, MAX_COMMAND_BYTES, MAX_COMMANDS, MAX_CONDITION_TERMS,
    MAX_DYNAMIC_MACRO_EVENTS, MAX_DYNAMIC_MACRO_GAP_US, MAX_DYNAMIC_MACROS, MAX_MACRO_STEPS,
    MAX_MULTI_PARTS, MAX_OVERRIDES, MAX_SEQUENCE_KEYS, MAX_SEQUENCES, MAX_TAP_DANCE_ACTIONS,
    MAX_TOTAL_MACRO_STEPS, Place, Table,
};

use crate::config::{
    Action, DeviceInfo, Flavor, KeyOutput, Keymap, MAX_NAME_LEN, MAX_NESTING, MacroCancel,
    MacroStep, MouseButton, Options, QuickTapFrom, RetroTap,
};
use crate::keys::{KEY_COUNT, KeyCode, ModMask};
use std::sync::Arc;

/// The most layers a keymap may have (layer sets are 64-bit masks).
pub const MAX_LAYERS: usize = 64;
/// The most combos a keymap may have.
pub const MAX_COMBOS: usize = 256;
/// The most keys one combo may have.
pub const MAX_COMBO_KEYS: usize = 8;

pub type LayerId = u8;
/// An index into `CompiledKeymap::actions`.
pub type ActionId = u32;

/// Table entry for a key a layer does not map.
pub const UNMAPPED: ActionId = 0;

/// A keymap that failed its checks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    #[error("the keymap has no layers; it needs at least a base layer")]
    NoLayers,
    #[error("layer `{0}` is defined twice")]
    DuplicateLayer(String),
    #[error("too many layers ({0}); at most {MAX_LAYERS} are supported")]
    TooManyLayers(usize),
    #[error("unknown layer `{name}` in {context}{}", .suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownLayer {
        name: String,
        context: String,
        suggestion: Option<String>,
    },
    #[error("a tap-hold cannot contain another tap-hold (in {0})")]
    NestedTapHold(String),
    #[error(
        "multi() holds keys, modified keys and layer actions (momentary, toggle, set_base) together; other actions cannot be part of it (in {0})"
    )]
    MultiPart(String),
    #[error("a tap dance cannot contain another tap dance, nor stand inside a tap-hold (in {0})")]
    NestedTapDance(String),
    #[error("dynamic macro slot {slot} does not exist; slots are 0 to {} (in {at})", MAX_DYNAMIC_MACROS - 1)]
    MacroSlot { slot: u8, at: String },
    #[error("sequence {index}: {problem}")]
    BadSequence { index: usize, problem: &'static str },
    #[error("key override {0}: its trigger and its replacement must both be keys (with modifiers)")]
    OverrideNotAKey(usize),
    #[error("combo {index} has {count} keys; a combo needs 2 to {MAX_COMBO_KEYS} distinct keys")]
    ComboSize { index: usize, count: usize },
    #[error("key `{0}` is listed in both hands")]
    KeyInBothHands(KeyCode),
    #[error("too many combos ({0}); at most {MAX_COMBOS} are supported")]
    TooManyCombos(usize),
    #[error(
        "character {0:?} cannot be typed: it is not ASCII and the `unicode_method` option has no way to type it (\"ctrl-shift-u\" types any character, \"compose\" those of the Compose table) (in {1})"
    )]
    UntypableChar(char, String),
    #[error(
        "a command needs a program: its list of arguments is empty or starts with \"\" (in {0})"
    )]
    EmptyCommand(String),
    #[error("a command's arguments cannot contain a NUL byte (in {0})")]
    CommandNul(String),
    #[error("layer name of {0} bytes; names are at most {MAX_NAME_LEN} bytes")]
    NameTooLong(usize),
    #[error("actions and conditions nest deeper than {MAX_NESTING} levels (in {at})")]
    TooDeep { at: Place },
    #[error("{what} is {value}; it must be {min} to {max} (at {at})")]
    MouseNumber {
        what: &'static str,
        value: u32,
        min: u32,
        max: u32,
        at: Place,
    },
    #[error("more than {} {what} (at {at})", .what.limit())]
    TooLarge { what: Table, at: Place },
}

impl CompileError {
    /// The mapping or combo a size or depth bound was passed at.
    pub fn place(&self) -> Option<&Place> {
        match self {
            CompileError::TooDeep { at }
            | CompileError::TooLarge { at, .. }
            | CompileError::MouseNumber { at, .. } => Some(at),
            _ => None,
        }
    }
}

/// An action with every name resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CAction {
    Transparent,
    Block,
    Key {
        mods: ModMask,
        key: KeyCode,
    },
    Momentary(LayerId),
    Toggle(LayerId),
    OneShotLayer(LayerId),
    SetBase(LayerId),
    OneShotMods(ModMask),
    /// A key, with modifiers, that stays down after a lone tap until the next key is typed.
    Sticky {
        mods: ModMask,
        key: KeyCode,
    },
    /// Several keys and layer actions held together (index into `multis`).
    Multi(u16),
    TapHold(u16),
    /// A macro's steps (index into `macros`) and what cancels it.
    Macro(u16, MacroCancel),
    Cond(u16),
    ReleaseAll,
    /// A tap dance (index into `tap_dances`).
    TapDance(u16),
    /// Turns Caps Word on (or off, pressed while on); index into `caps_words`.
    CapsWord(u16),
    RepeatKey,
    LayerLock,
    MouseButton(MouseButton),
    /// Pointer movement while held (index into `mouse_motions`).
    MouseMove(u16),
    /// Scrolling while held (index into `mouse_motions`).
    MouseScroll(u16),
    /// The speed, in percent, while held.
    MouseSpeed(u16),
    /// Runs a program (index into `commands`); the daemon decides whether it may.
    Command(u16),
    /// The leader key (index into `leaders`): the next keys are matched against `sequences`.
    Leader(u16),
    /// Dynamic macros: record into a slot, play a slot, stop.
    MacroRecord(u8),
    MacroPlay(u8),
    MacroStop,
}

/// A tap dance's entries (action ids: a tap-hold among them picks its side when the dance ends)
/// and its term.
#[derive(Debug, Clone)]
pub struct CTapDance {
    pub entries: Vec<ActionId>,
    pub term_us: u64,
    pub eager: bool,
}

/// Caps Word's key sets and timeout, resolved.
#[derive(Debug, Clone, Copy)]
pub struct CCapsWord {
    pub shifted: KeySet,
    pub continues: KeySet,
    /// 0 never times out.
    pub timeout_us: u64,
}

/// A key override: the trigger's modifier kinds (either side) and key, and what is sent.
#[derive(Debug, Clone, Copy)]
pub struct COverride {
    pub mods: ModMask,
    pub key: KeyCode,
    pub out_mods: ModMask,
    pub out_key: KeyCode,
}

/// A tap-hold with every option resolved against the keymap's defaults.
#[derive(Debug, Clone, Copy)]
pub struct CTapHold {
    pub tap: ActionId,
    pub hold: ActionId,
    pub flavor: Flavor,
    pub term_us: u64,
    pub quick_tap_us: u64,
    pub quick_tap_from: QuickTapFrom,
    pub prior_idle_us: u64,
    pub retro_tap: RetroTap,
    pub hold_while_undecided: bool,
    /// Keys allowed to trigger the hold; `None` means any key.
    pub hold_triggers: Option<KeySet>,
    /// Decide by the hand of the interrupting key (`opposite_hand`); `None`: hands play no part.
    pub hand_rule: Option<HandRule>,
}

/// A macro flattened into presses, releases and waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CStep {
    Press(KeyCode),
    Release(KeyCode),
    DelayUs(u64),
    /// The rest runs once the macro's key is released.
    PauseForRelease,
}

#[derive(Debug, Clone)]
pub enum CCondition {
    Layer(LayerId),
    Mods(ModMask),
    /// Device conditions are decided once, when the engine is built for its device.
    Const(bool),
    Not(Box<CCondition>),
    All(Vec<CCondition>),
    Any(Vec<CCondition>),
}

#[derive(Debug, Clone)]
pub struct CConditional {
    pub branches: Vec<(CCondition, ActionId)>,
    pub otherwise: ActionId,
}

#[derive(Debug, Clone)]
pub struct CCombo {
    /// Sorted, distinct.
    pub keys: Vec<KeyCode>,
    pub action: ActionId,
    pub window_us: u64,
    /// Layers any of which must be active; 0 means no restriction.
    pub layers: u64,
    /// The combo cannot start this soon after a key typed something; 0 is off.
    pub prior_idle_us: u64,
}

/// A keymap ready to run: flat tables indexed by layer and key code.
#[derive(Debug, Clone)]
pub struct CompiledKeymap {
    pub layer_names: Vec<String>,
    /// Modifiers each layer holds while active (keyd `[nav:C]`), by layer index.
    pub layer_mods: Vec<ModMask>,
    /// Whether any layer holds modifiers: if none does, the engine skips that work entirely.
    pub any_layer_mods: bool,
    /// `layers[l][key]` is the action id, or `UNMAPPED`.
    pub layers: Vec<Box<[ActionId]>>,
    pub actions: Vec<CAction>,
    pub tap_holds: Vec<CTapHold>,
    pub macros: Vec<Vec<CStep>>,
    /// The parts of each `multi`: only `Key`, `Momentary`, `Toggle` and `SetBase`.
    pub multis: Vec<Vec<CAction>>,
    pub caps_words: Vec<CCapsWord>,
    pub tap_dances: Vec<CTapDance>,
    /// Key overrides in declaration order (the first that matches wins).
    pub overrides: Vec<COverride>,
    /// Each distinct command's arguments, the program first, shared so that handing one to the
    /// daemon's runner never copies it.
    pub commands: Vec<Arc<[String]>>,
    pub leaders: Vec<CLeader>,
    /// Sequences in declaration order (the keymap's `sequences`).
    pub sequences: Vec<CSequence>,
    /// Whether any action records or plays a dynamic macro: only then is there room for them.
    pub uses_dynamic_macros: bool,
    /// Whether any action is `repeat_key`: only then is the last typed key remembered.
    pub uses_repeat_key: bool,
    /// `mouse_move` and `mouse_scroll` numbers.
    pub mouse_motions: Vec<CMotion>,
    /// Whether any action is a mouse key.
    pub uses_mouse: bool,
    pub conditionals: Vec<CConditional>,
    pub combos: Vec<CCombo>,
    /// Keys that take part in any combo: everything else skips the combo stage.
    pub combo_keys: KeySet,
    /// Keys the engine passes through untouched and at once (`unprocessed_keys`, and with
    /// `process_unmapped_keys` off every key no layer maps and no combo uses).
    pub unprocessed: KeySet,
    /// The left hand's keys and the right hand's (`options.hands`).
    pub hands: [KeySet; 2],
    /// The `neutral_keys` of opposite-hand tap-holds (`HandRule::neutral`).
    pub neutral_keys: Vec<KeySet>,
    pub options: Options,
}

impl CompiledKeymap {
    /// Checks `keymap` and builds its tables for one device (device conditions are decided here).
    pub fn new(keymap: &Keymap, device: &DeviceInfo) -> Result<CompiledKeymap, CompileError> {
        Builder::new(keymap, device)?.build(keymap)
    }

    pub fn layer_id(&self, name: &str) -> Option<LayerId> {
        self.layer_names
            .iter()
            .position(|n| n == name)
            .map(|i| i as LayerId)
    }

    pub fn action(&self, id: ActionId) -> CAction {
        self.actions[id as usize]
    }

    /// The hand `key` belongs to, if any.
    pub fn hand(&self, key: KeyCode) -> Option<Hand> {
        if self.hands[0].contains(key) {
            Some(Hand::Left)
        } else if self.hands[1].contains(key) {
            Some(Hand::Right)
        } else {
            None
        }
    }
}

struct Builder<'a> {
    device: &'a DeviceInfo,
    options: &'a Options,
    out: CompiledKeymap,
    macro_steps: usize,
    condition_terms: usize,
}

/// The arena index of the last item of a `u16`-addressed table, or the error saying it is full.
fn last_index<T>(items: &[T], what: Table, at: &Place) -> Result<u16, CompileError> {
    u16::try_from(items.len() - 1).map_err(|_| CompileError::TooLarge {
        what,
        at: at.clone(),
    })
}

impl<'a> Builder<'a> {
    fn new(keymap: &'a Keymap, device: &'a DeviceInfo) -> Result<Self, CompileError> {
        if keymap.layers.is_empty() {
            return Err(CompileError::NoLayers);
        }
        if keymap.layers.len() > MAX_LAYERS {
            return Err(CompileError::TooManyLayers(keymap.layers.len()));
        }
        if keymap.combos.len() > MAX_COMBOS {
            return Err(CompileError::TooManyCombos(keymap.combos.len()));
        }
        let mut names: Vec<String> = Vec::new();
        for layer in &keymap.layers {
            if layer.name.len() > MAX_NAME_LEN {
                return Err(CompileError::NameTooLong(layer.name.len()));
            }
            if names.contains(&layer.name) {
                return Err(CompileError::DuplicateLayer(layer.name.clone()));
            }
            names.push(layer.name.clone());
        }
        let commands = keymap.commands();
        if commands.len() > MAX_COMMANDS {
            return Err(CompileError::TooLarge {
                what: Table::Commands,
                at: Place::Keymap,
            });
        }
        Ok(Builder {
            device,
            options: &keymap.options,
            out: CompiledKeymap {
                layer_names: names,
                layer_mods: keymap.layers.iter().map(|l| l.mods).collect(),
                any_layer_mods: keymap.layers.iter().any(|l| !l.mods.is_empty()),
                layers: Vec::new(),
                // Id 0 is reserved for "unmapped".
                actions: vec![CAction::Transparent],
                tap_holds: Vec::new(),
                macros: Vec::new(),
                multis: Vec::new(),
                caps_words: Vec::new(),
                tap_dances: Vec::new(),
                overrides: Vec::new(),
                commands: commands.into_iter().map(Arc::from).collect(),
                leaders: Vec::new(),
                sequences: Vec::new(),
                uses_repeat_key: false,
                mouse_motions: Vec::new(),
                uses_mouse: false,
                uses_dynamic_macros: false,
                conditionals: Vec::new(),
                combos: Vec::new(),
                combo_keys: KeySet::default(),
                unprocessed: KeySet::default(),
                hands: taphold::hand_sets(&keymap.options)?,
                neutral_keys: Vec::new(),
                options: keymap.options.clone(),
            },
            macro_steps: 0,
            condition_terms: 0,
        })
    }

    fn build(mut self, keymap: &Keymap) -> Result<CompiledKeymap, CompileError> {
        for layer in &keymap.layers {
            let mut table = vec![UNMAPPED; KEY_COUNT].into_boxed_slice();
            for (key, action) in &layer.map {
                let at = Place::Key {
                    layer: layer.name.clone(),
                    key: *key,
                };
                table[key.index()] = self.top_action(action, &at)?;
            }
            self.out.layers.push(table);
        }
        for (index, combo) in keymap.combos.iter().enumerate() {
            self.combo(index, combo)?;
        }
        self.overrides(&keymap.overrides)?;
        self.sequences(&keymap.sequences)?;
        self.out.unprocessed = keyset::unprocessed_keys(&self.out);
        Ok(self.out)
    }

    /// A mapped action: its depth is checked first, so the recursive walk below is bounded.
    fn top_action(&mut self, action: &Action, at: &Place) -> Result<ActionId, CompileError> {
        if action.nesting() > MAX_NESTING {
            return Err(CompileError::TooDeep { at: at.clone() });
        }
        self.action(action, at, false)
    }

    fn combo(&mut self, index: usize, combo: &crate::config::Combo) -> Result<(), CompileError> {
        let mut keys = combo.keys.clone();
        keys.sort();
        keys.dedup();
        if keys.len() < 2 || keys.len() > MAX_COMBO_KEYS {
            return Err(CompileError::ComboSize {
                index,
                count: keys.len(),
            });
        }
        let at = Place::Combo(index);
        let mut layers = 0u64;
        for name in &combo.layers {
            layers |= 1 << self.layer(name, &at)?;
        }
        let action = self.top_action(&combo.action, &at)?;
        for k in &keys {
            self.out.combo_keys.insert(*k);
        }
        let window_ms = combo.window_ms.unwrap_or(self.options.combo_window_ms);
        let prior_idle_ms = combo
            .require_prior_idle_ms
            .unwrap_or(self.options.combo_require_prior_idle_ms);
        self.out.combos.push(CCombo {
            keys,
            action,
            window_us: u64::from(window_ms) * 1000,
            layers,
            prior_idle_us: u64::from(prior_idle_ms) * 1000,
        });
        Ok(())
    }

    fn layer(&self, name: &str, at: &Place) -> Result<LayerId, CompileError> {
        self.out
            .layer_id(name)
            .ok_or_else(|| CompileError::UnknownLayer {
                name: name.to_string(),
                context: at.to_string(),
                suggestion: crate::keys::closest(
                    name,
                    self.out.layer_names.iter().map(String::as_str),
                )
                .map(str::to_string),
            })
    }

    fn push(&mut self, action: CAction, at: &Place) -> Result<ActionId, CompileError> {
        if self.out.actions.len() >= MAX_ACTIONS {
            return Err(CompileError::TooLarge {
                what: Table::Actions,
                at: at.clone(),
            });
        }
        self.out.actions.push(action);
        Ok((self.out.actions.len() - 1) as ActionId)
    }

    fn action(
        &mut self,
        action: &Action,
        at: &Place,
        in_tap_hold: bool,
    ) -> Result<ActionId, CompileError> {
        let compiled = match action {
            Action::Output(KeyOutput::Transparent) => CAction::Transparent,
            Action::Output(KeyOutput::Block) => CAction::Block,
            Action::Output(KeyOutput::Key { mods, key }) => CAction::Key {
                mods: *mods,
                key: *key,
            },
            Action::Momentary(l) => CAction::Momentary(self.layer(l, at)?),
            Action::Toggle(l) => CAction::Toggle(self.layer(l, at)?),
            Action::OneShotLayer(l) => CAction::OneShotLayer(self.layer(l, at)?),
            Action::SetBase(l) => CAction::SetBase(self.layer(l, at)?),
            Action::OneShot(mods) => CAction::OneShotMods(*mods),
            // A sticky modifier is a one-shot modifier: one path, one behaviour.
            Action::Sticky(KeyOutput::Key { mods, key }) => match key.modifier_bit() {
                Some(bit) => CAction::OneShotMods(mods.union(bit)),
                None => CAction::Sticky {
                    mods: *mods,
                    key: *key,
                },
            },
            Action::Sticky(KeyOutput::Transparent) => CAction::Transparent,
            Action::Sticky(KeyOutput::Block) => CAction::Block,
            Action::ReleaseAll => CAction::ReleaseAll,
            Action::TapHold(_) | Action::Overload(_) if in_tap_hold => {
                return Err(CompileError::NestedTapHold(at.to_string()));
            }
            Action::TapHold(th) => self.tap_hold(th, at)?,
            Action::Overload(o) => self.overload(o, at)?,
            Action::Multi(parts) => self.multi(parts, at)?,
            Action::CapsWord(cw) => self.caps_word(cw, at)?,
            Action::TapDance(_) if in_tap_hold => {
                return Err(CompileError::NestedTapDance(at.to_string()));
            }
            Action::TapDance(td) => self.tap_dance(td, at)?,
            Action::RepeatKey => {
                self.out.uses_repeat_key = true;
                CAction::RepeatKey
            }
            Action::LayerLock => CAction::LayerLock,
            Action::MouseButton(button) => {
                self.out.uses_mouse = true;
                CAction::MouseButton(*button)
            }
            Action::MouseMove(m) => self.mouse_motion(m, false, at)?,
            Action::MouseScroll(m) => self.mouse_motion(m, true, at)?,
            Action::MouseSpeed(percent) => self.mouse_speed(*percent, at)?,
            Action::Command(argv) => self.command(argv, at)?,
            Action::Leader(l) => self.leader(l, at)?,
            Action::MacroRecord(slot) => CAction::MacroRecord(self.macro_slot(*slot, at)?),
            Action::MacroPlay(slot) => CAction::MacroPlay(self.macro_slot(*slot, at)?),
            Action::MacroStop => {
                self.out.uses_dynamic_macros = true;
                CAction::MacroStop
            }
            Action::Macro(m) => self.macro_steps(&m.steps, m.cancel, at)?,
            Action::Text(text) => {
                let steps = [MacroStep::Text(text.clone())];
                self.macro_steps(&steps, MacroCancel::default(), at)?
            }
            Action::Cond(cond) => self.conditional(cond, at, in_tap_hold)?,
        };
        self.push(compiled, at)
    }
}
