//! Repeat Key (QMK Repeat Key) and key overrides (QMK Key Overrides, kanata `fork` for the
//! simple case): both look at a key's output as it is pressed.

use super::{Engine, Source};
use crate::compile::CAction;
use crate::event::Sink;
use crate::keys::{KeyCode, ModMask};

impl Engine {
    /// Remembers a typed key with the modifiers it was typed with, for `repeat_key`.
    pub(super) fn note_typed_key(&mut self, mods: ModMask, key: KeyCode) {
        if self.km.uses_repeat_key {
            self.last_key = Some((mods.union(self.out.held_mods()), key));
        }
    }

    /// What `repeat_key` types now: the last typed key with its modifiers, less those that are
    /// down already (they apply anyway); nothing before anything was typed.
    pub(super) fn repeated_key(&self) -> CAction {
        match self.last_key {
            Some((mods, key)) => CAction::Key {
                mods: mods.difference(self.out.held_mods()),
                key,
            },
            None => CAction::Block,
        }
    }

    /// The first key override whose trigger is being pressed replaces `action`: its trigger's
    /// modifiers are lifted on the output (and remembered by `source` to restore at release).
    pub(super) fn apply_override<S: Sink>(
        &mut self,
        source: Source,
        action: CAction,
        sink: &mut S,
    ) -> CAction {
        let CAction::Key { mods, key } = action else {
            return action;
        };
        if self.km.overrides.is_empty() || key.modifier_bit().is_some() {
            return action;
        }
        let either_side = |m: ModMask| ModMask((m.0 | (m.0 >> 4)) & 0x0f);
        let held = either_side(mods).union(either_side(self.out.held_mods()));
        let Some(o) = self
            .km
            .overrides
            .iter()
            .find(|o| o.key == key && held.intersection(either_side(o.mods)) == either_side(o.mods))
            .copied()
        else {
            return action;
        };
        // Modifiers the replacement sends itself stay down rather than going up and down.
        let kinds = ModMask(either_side(o.mods).0 & !either_side(o.out_mods).0);
        let lifted = self.out.lift(kinds, self.clock, sink);
        self.held[source as usize].lifted = lifted;
        let kept = ModMask(mods.0 & !(kinds.0 | (kinds.0 << 4)));
        CAction::Key {
            mods: kept.union(o.out_mods),
            key: o.out_key,
        }
    }
}
