//! The size bounds of a compiled keymap, and where in the keymap a bound was passed.
//!
//! The engine's tables address tap-holds, macros and conditionals with `u16` indices and
//! layers with `u8`: every index is range-checked when it is made, and the totals are bounded
//! well inside those widths so that a config which compiles is also one that fits in memory.

use std::fmt;

use crate::keys::KeyCode;

/// Entries in the action arena of one keymap (every mapped action and every action nested in
/// a tap-hold or a conditional).
pub const MAX_ACTIONS: usize = 65_536;
/// Press, release and delay steps one macro or `text` expands into.
pub const MAX_MACRO_STEPS: usize = 8_192;
/// Macro steps of one keymap, all macros together.
pub const MAX_TOTAL_MACRO_STEPS: usize = 262_144;
/// Layer, modifier and device tests in one keymap's conditions, all together.
pub const MAX_CONDITION_TERMS: usize = 65_536;
/// Parts of one `multi` (keys and layer actions held together).
pub const MAX_MULTI_PARTS: usize = 16;
/// Actions of one tap dance.
pub const MAX_TAP_DANCE_ACTIONS: usize = 16;
/// Key overrides of one keymap: each key press is checked against them in order.
pub const MAX_OVERRIDES: usize = 256;
/// Distinct commands of one keymap.
pub const MAX_COMMANDS: usize = 256;
/// Arguments of one command, the program included.
pub const MAX_COMMAND_ARGS: usize = 64;
/// Bytes of one command's arguments, all together.
pub const MAX_COMMAND_BYTES: usize = 4096;
/// Sequences of one keymap: each key typed after a leader is checked against them.
pub const MAX_SEQUENCES: usize = 256;
/// Keys of one sequence (the engine's buffer of typed keys holds this many).
pub const MAX_SEQUENCE_KEYS: usize = 16;
/// Dynamic macro slots (`macro_record(0)` to `macro_record(7)`).
pub const MAX_DYNAMIC_MACROS: usize = 8;
/// Output events one dynamic macro records; recording stops there.
pub const MAX_DYNAMIC_MACRO_EVENTS: usize = 256;
/// The longest pause a dynamic macro keeps between two events, in microseconds: a longer one
/// plays back as this long.
pub const MAX_DYNAMIC_MACRO_GAP_US: u32 = 5_000_000;

/// Where in a keymap something is: the mapping or combo the compiler was working on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Key {
        layer: String,
        key: KeyCode,
    },
    Combo(usize),
    Override(usize),
    /// The keymap as a whole (a bound over all of it).
    Keymap,
    Sequence(usize),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Key { layer, key } => write!(f, "layer `{layer}`, key `{key}`"),
            Place::Combo(index) => write!(f, "combo {index}"),
            Place::Override(index) => write!(f, "key override {index}"),
            Place::Keymap => f.write_str("the keymap"),
            Place::Sequence(index) => write!(f, "sequence {index}"),
        }
    }
}

/// What a size bound counts, for its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Actions,
    MacroSteps,
    TotalMacroSteps,
    ConditionTerms,
    TapHolds,
    Macros,
    Conditionals,
    MultiParts,
    Multis,
    CapsWords,
    Overrides,
    TapDanceActions,
    TapDances,
    Commands,
    CommandArgs,
    CommandBytes,
    Leaders,
    Sequences,
    SequenceKeys,
}

impl Table {
    pub fn limit(self) -> usize {
        match self {
            Table::Actions => MAX_ACTIONS,
            Table::MacroSteps => MAX_MACRO_STEPS,
            Table::TotalMacroSteps => MAX_TOTAL_MACRO_STEPS,
            Table::ConditionTerms => MAX_CONDITION_TERMS,
            Table::MultiParts => MAX_MULTI_PARTS,
            Table::Overrides => MAX_OVERRIDES,
            Table::TapDanceActions => MAX_TAP_DANCE_ACTIONS,
            Table::Commands => MAX_COMMANDS,
            Table::CommandArgs => MAX_COMMAND_ARGS,
            Table::CommandBytes => MAX_COMMAND_BYTES,
            Table::Sequences => MAX_SEQUENCES,
            Table::SequenceKeys => MAX_SEQUENCE_KEYS,
            Table::TapHolds
            | Table::Macros
            | Table::Conditionals
            | Table::Multis
            | Table::CapsWords
            | Table::TapDances
            | Table::Leaders => usize::from(u16::MAX) + 1,
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Table::Actions => "actions in one keymap",
            Table::MacroSteps => "steps in one macro or text",
            Table::TotalMacroSteps => "macro steps in one keymap",
            Table::ConditionTerms => "condition tests in one keymap",
            Table::TapHolds => "tap-holds in one keymap",
            Table::Macros => "macros in one keymap",
            Table::Conditionals => "conditionals in one keymap",
            Table::MultiParts => "parts in one multi",
            Table::Multis => "multis in one keymap",
            Table::CapsWords => "caps words in one keymap",
            Table::Overrides => "key overrides in one keymap",
            Table::TapDanceActions => "actions in one tap dance",
            Table::TapDances => "tap dances in one keymap",
            Table::Commands => "distinct commands in one keymap",
            Table::CommandArgs => "arguments in one command",
            Table::CommandBytes => "bytes of arguments in one command",
            Table::Leaders => "leader keys in one keymap",
            Table::Sequences => "sequences in one keymap",
            Table::SequenceKeys => "keys in one sequence",
        })
    }
}
