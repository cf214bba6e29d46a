//! Compiling leader keys, the keymap's sequences and dynamic macro slots. Each bound is
//! checked where it is built.

use super::limits::{MAX_DYNAMIC_MACROS, MAX_SEQUENCE_KEYS, MAX_SEQUENCES, Place, Table};
use super::{ActionId, Builder, CAction, CompileError, last_index};
use crate::config::{Action, Leader, MAX_NESTING, Sequence};
use crate::keys::KeyCode;

/// A leader key's options, resolved.
#[derive(Debug, Clone, Copy)]
pub struct CLeader {
    pub timeout_us: u64,
    pub input: crate::config::LeaderInput,
    pub from: crate::config::LeaderTimeoutFrom,
}

/// A sequence: its keys (the first `len` of `keys`) and the action it taps.
#[derive(Debug, Clone, Copy)]
pub struct CSequence {
    pub keys: [KeyCode; MAX_SEQUENCE_KEYS],
    pub len: u8,
    pub action: ActionId,
}

impl CSequence {
    pub fn keys(&self) -> &[KeyCode] {
        &self.keys[..usize::from(self.len)]
    }
}

impl Builder<'_> {
    /// Like `top_action`, for an action that is only ever tapped (a sequence's): tap-holds and
    /// tap dances inside it are refused as inside a tap-hold.
    fn top_action_in_tap(&mut self, action: &Action, at: &Place) -> Result<ActionId, CompileError> {
        if action.nesting() > MAX_NESTING {
            return Err(CompileError::TooDeep { at: at.clone() });
        }
        self.action(action, at, true)
    }

    /// A dynamic macro slot, 0 to `MAX_DYNAMIC_MACROS - 1`.
    pub(super) fn macro_slot(&mut self, slot: u8, at: &Place) -> Result<u8, CompileError> {
        if usize::from(slot) >= MAX_DYNAMIC_MACROS {
            return Err(CompileError::MacroSlot {
                slot,
                at: at.to_string(),
            });
        }
        self.out.uses_dynamic_macros = true;
        Ok(slot)
    }

    pub(super) fn leader(&mut self, leader: &Leader, at: &Place) -> Result<CAction, CompileError> {
        self.out.leaders.push(CLeader {
            timeout_us: u64::from(leader.timeout_ms()) * 1000,
            input: leader.input_mode(),
            from: leader.timeout_from(),
        });
        Ok(CAction::Leader(last_index(
            &self.out.leaders,
            Table::Leaders,
            at,
        )?))
    }

    /// Sequences: 1 to `MAX_SEQUENCE_KEYS` keys, none of them a modifier (modifiers are not
    /// part of a match), no two alike, and an action that can be tapped (not a tap-hold or a
    /// tap dance, whose decision needs a key held).
    pub(super) fn sequences(&mut self, sequences: &[Sequence]) -> Result<(), CompileError> {
        for (index, seq) in sequences.iter().enumerate() {
            let at = Place::Sequence(index);
            if index >= MAX_SEQUENCES {
                return Err(CompileError::TooLarge {
                    what: Table::Sequences,
                    at,
                });
            }
            if seq.keys.len() > MAX_SEQUENCE_KEYS {
                return Err(CompileError::TooLarge {
                    what: Table::SequenceKeys,
                    at,
                });
            }
            let bad = |problem| CompileError::BadSequence { index, problem };
            if seq.keys.is_empty() {
                return Err(bad("it has no keys"));
            }
            if seq.keys.iter().any(|k| k.modifier_bit().is_some()) {
                return Err(bad("modifiers cannot be part of a sequence"));
            }
            if sequences[..index].iter().any(|s| s.keys == seq.keys) {
                return Err(bad("the same keys are declared by an earlier sequence"));
            }
            if matches!(seq.action, Action::TapHold(_) | Action::Overload(_)) {
                return Err(bad(
                    "a sequence taps its action, which cannot be a tap-hold",
                ));
            }
            if matches!(seq.action, Action::TapDance(_)) {
                return Err(bad(
                    "a sequence taps its action, which cannot be a tap dance",
                ));
            }
            let action = self.top_action_in_tap(&seq.action, &at)?;
            let mut keys = [KeyCode::default(); MAX_SEQUENCE_KEYS];
            keys[..seq.keys.len()].copy_from_slice(&seq.keys);
            self.out.sequences.push(CSequence {
                keys,
                len: seq.keys.len() as u8,
                action,
            });
        }
        Ok(())
    }
}
