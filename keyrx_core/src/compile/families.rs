//! Compiling the action families that need tables of their own: tap dances, Caps Word,
//! `multi` and key overrides. Each checks its bound where it is built.

use super::limits::{
    MAX_COMMAND_ARGS, MAX_COMMAND_BYTES, MAX_MULTI_PARTS, MAX_OVERRIDES, MAX_TAP_DANCE_ACTIONS,
    Place, Table,
};
use super::{Builder, CAction, CCapsWord, COverride, CTapDance, CompileError, KeySet, last_index};
use crate::config::{Action, CapsWord, KeyOutput, KeyOverride, TapDance};
use crate::keys::KeyCode;

impl Builder<'_> {
    /// A command: checked, then stored once however many keys run it.
    pub(super) fn command(&mut self, argv: &[String], at: &Place) -> Result<CAction, CompileError> {
        let too_large = |what| CompileError::TooLarge {
            what,
            at: at.clone(),
        };
        if argv.first().is_none_or(String::is_empty) {
            return Err(CompileError::EmptyCommand(at.to_string()));
        }
        if argv.len() > MAX_COMMAND_ARGS {
            return Err(too_large(Table::CommandArgs));
        }
        if argv.iter().map(String::len).sum::<usize>() > MAX_COMMAND_BYTES {
            return Err(too_large(Table::CommandBytes));
        }
        if argv.iter().any(|a| a.contains('\0')) {
            return Err(CompileError::CommandNul(at.to_string()));
        }
        // Numbered in the order `Keymap::commands` gives, which the explanations use too.
        let index = match self.out.commands.iter().position(|c| **c == *argv) {
            Some(index) => index,
            None => {
                return Err(CompileError::TooLarge {
                    what: Table::Commands,
                    at: at.clone(),
                });
            }
        };
        Ok(CAction::Command(index as u16))
    }

    pub(super) fn tap_dance(&mut self, td: &TapDance, at: &Place) -> Result<CAction, CompileError> {
        if td.actions.is_empty() || td.actions.len() > MAX_TAP_DANCE_ACTIONS {
            return Err(CompileError::TooLarge {
                what: Table::TapDanceActions,
                at: at.clone(),
            });
        }
        let mut entries = Vec::with_capacity(td.actions.len());
        for entry in &td.actions {
            if matches!(entry, Action::TapDance(_)) {
                return Err(CompileError::NestedTapDance(at.to_string()));
            }
            entries.push(self.action(entry, at, false)?);
        }
        let term_ms = td.term_ms.unwrap_or(self.options.tap_hold.term_ms);
        self.out.tap_dances.push(CTapDance {
            entries,
            term_us: u64::from(term_ms) * 1000,
            eager: td.eager,
        });
        Ok(CAction::TapDance(last_index(
            &self.out.tap_dances,
            Table::TapDances,
            at,
        )?))
    }

    pub(super) fn caps_word(&mut self, cw: &CapsWord, at: &Place) -> Result<CAction, CompileError> {
        let set = |keys: &[KeyCode], default: &[&str]| {
            let mut set = KeySet::default();
            if keys.is_empty() {
                default
                    .iter()
                    .filter_map(|k| KeyCode::from_name(k))
                    .for_each(|k| set.insert(k));
            } else {
                keys.iter().for_each(|k| set.insert(*k));
            }
            set
        };
        const LETTERS: [&str; 27] = [
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q",
            "r", "s", "t", "u", "v", "w", "x", "y", "z", "minus",
        ];
        const CONTINUES: [&str; 12] = [
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "8",
            "9",
            "0",
            "backspace",
            "delete",
        ];
        self.out.caps_words.push(CCapsWord {
            shifted: set(&cw.shifted, &LETTERS),
            continues: set(&cw.continue_keys, &CONTINUES),
            timeout_us: u64::from(cw.timeout_ms.unwrap_or(5000)) * 1000,
        });
        Ok(CAction::CapsWord(last_index(
            &self.out.caps_words,
            Table::CapsWords,
            at,
        )?))
    }

    pub(super) fn multi(&mut self, parts: &[Action], at: &Place) -> Result<CAction, CompileError> {
        if parts.len() > MAX_MULTI_PARTS {
            return Err(CompileError::TooLarge {
                what: Table::MultiParts,
                at: at.clone(),
            });
        }
        let mut out = Vec::with_capacity(parts.len());
        for part in parts {
            let compiled = match part {
                Action::Output(KeyOutput::Key { mods, key }) => CAction::Key {
                    mods: *mods,
                    key: *key,
                },
                Action::Output(KeyOutput::Block | KeyOutput::Transparent) => continue,
                Action::Momentary(l) => CAction::Momentary(self.layer(l, at)?),
                Action::Toggle(l) => CAction::Toggle(self.layer(l, at)?),
                Action::SetBase(l) => CAction::SetBase(self.layer(l, at)?),
                _ => return Err(CompileError::MultiPart(at.to_string())),
            };
            out.push(compiled);
        }
        self.out.multis.push(out);
        Ok(CAction::Multi(last_index(
            &self.out.multis,
            Table::Multis,
            at,
        )?))
    }

    /// Key overrides whose trigger and replacement are both keys; `_` and `none` are refused.
    pub(super) fn overrides(&mut self, overrides: &[KeyOverride]) -> Result<(), CompileError> {
        for (index, o) in overrides.iter().enumerate() {
            if index >= MAX_OVERRIDES {
                return Err(CompileError::TooLarge {
                    what: Table::Overrides,
                    at: Place::Override(index),
                });
            }
            let (
                KeyOutput::Key { mods, key },
                KeyOutput::Key {
                    mods: out_mods,
                    key: out_key,
                },
            ) = (o.trigger, o.replacement)
            else {
                return Err(CompileError::OverrideNotAKey(index));
            };
            self.out.overrides.push(COverride {
                mods,
                key,
                out_mods,
                out_key,
            });
        }
        Ok(())
    }
}
