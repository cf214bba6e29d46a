//! The virtual keyboard's state: which output keys are down, counted per holder.
//!
//! Several inputs may hold the same output key (two keys mapped to Shift); the key goes up only
//! when its last holder lets go, so no press is ever released twice or left behind.

use super::dynamic_macro::Recorder;
use crate::config::ModifierOrder;
use crate::event::{KeyEvent, KeyState, Micros, Sink};
use crate::keys::{KEY_COUNT, KeyCode, ModMask, ModOrder};

/// `ModMask` bit indices in the order they go down: left Ctrl, Shift, Alt, Meta, then right.
const STANDARD_ORDER: [u8; 8] = [0, 1, 2, 3, 4, 5, 6, 7];
/// keyd's modifier table: Alt, AltGr, Shift, Meta, Ctrl (then the right-hand ones keyd lacks).
const KEYD_ORDER: [u8; 8] = [2, 6, 1, 3, 0, 4, 5, 7];

pub(crate) struct OutputState {
    holders: Box<[u8]>,
    modifier_order: ModifierOrder,
    /// Modifier keys physically up although held (a key override lifts its trigger's
    /// modifiers around its replacement): their holders still count, and they come back down
    /// at `restore` if anyone still holds them.
    lifted: ModMask,
    /// Dynamic macros, fed every event sent while a slot records (keymaps that use them).
    pub recorder: Option<Box<Recorder>>,
}

impl OutputState {
    /// Sends one event to the virtual keyboard, and to the recording if a slot records.
    fn emit<S: Sink>(&mut self, event: KeyEvent, sink: &mut S) {
        if let Some(recorder) = self.recorder.as_deref_mut() {
            recorder.record(event, sink);
        }
        sink.key(event);
    }

    pub fn new(modifier_order: ModifierOrder) -> OutputState {
        OutputState {
            holders: vec![0; KEY_COUNT].into_boxed_slice(),
            modifier_order,
            lifted: ModMask::NONE,
            recorder: None,
        }
    }

    fn is_lifted(&self, key: KeyCode) -> bool {
        self.lifted.0 != 0 && key.modifier_bit().is_some_and(|b| self.lifted.0 & b.0 != 0)
    }

    /// Lifts every held modifier key of the kinds in `kinds` (either side): they go up on the
    /// output but stay held. Returns those lifted now, for `restore`.
    pub fn lift<S: Sink>(&mut self, kinds: ModMask, time: Micros, sink: &mut S) -> ModMask {
        let either_side = ModMask(kinds.0 | (kinds.0 << 4) | (kinds.0 >> 4));
        let mut lifted = ModMask::NONE;
        for key in either_side.keys() {
            if self.is_down(key) {
                self.emit(KeyEvent::new(key, KeyState::Release, time), sink);
                lifted = lifted.union(key.modifier_bit().unwrap_or_default());
            }
        }
        self.lifted = self.lifted.union(lifted);
        lifted
    }

    /// Puts modifiers lifted by `lift` back down, those still held by anyone.
    pub fn restore<S: Sink>(&mut self, lifted: ModMask, time: Micros, sink: &mut S) {
        let lifted = lifted.intersection(self.lifted);
        if lifted.is_empty() {
            return;
        }
        self.lifted = self.lifted.difference(lifted);
        for key in lifted.keys() {
            if self.holders[key.index()] > 0 {
                self.emit(KeyEvent::new(key, KeyState::Press, time), sink);
            }
        }
    }

    fn press_sequence(&self) -> &'static [u8; 8] {
        match self.modifier_order {
            ModifierOrder::Keyd => &KEYD_ORDER,
            ModifierOrder::Reverse | ModifierOrder::PressOrder => &STANDARD_ORDER,
        }
    }

    /// Presses `key` for one more holder. A plain key that is already down is released and
    /// pressed again, so rolling two symbols that share a key types both.
    pub fn press<S: Sink>(&mut self, key: KeyCode, time: Micros, sink: &mut S) {
        let lifted = self.is_lifted(key);
        let count = self.holders[key.index()];
        if count > 0 && key.modifier_bit().is_none() {
            self.emit(KeyEvent::new(key, KeyState::Release, time), sink);
            self.emit(KeyEvent::new(key, KeyState::Press, time), sink);
        } else if count == 0 && !lifted {
            self.emit(KeyEvent::new(key, KeyState::Press, time), sink);
        }
        self.holders[key.index()] = count.saturating_add(1);
    }

    /// Lets go of `key` for one holder; it goes up when nobody holds it any more.
    pub fn release<S: Sink>(&mut self, key: KeyCode, time: Micros, sink: &mut S) {
        let count = &mut self.holders[key.index()];
        if *count == 0 {
            return;
        }
        *count -= 1;
        if *count > 0 {
            return;
        }
        if self.is_lifted(key) {
            // Already up on the output: nothing to restore it for any more.
            self.lifted = self
                .lifted
                .difference(key.modifier_bit().unwrap_or_default());
        } else {
            self.emit(KeyEvent::new(key, KeyState::Release, time), sink);
        }
    }

    pub fn repeat<S: Sink>(&mut self, key: KeyCode, time: Micros, sink: &mut S) {
        if self.is_down(key) {
            self.emit(KeyEvent::new(key, KeyState::Repeat, time), sink);
        }
    }

    pub fn press_mods<S: Sink>(&mut self, mods: ModMask, time: Micros, sink: &mut S) {
        if mods.is_empty() {
            return;
        }
        for bit in self.press_sequence() {
            if let Some(m) = ModMask(mods.0 & (1 << bit)).keys().next() {
                self.press(m, time, sink);
            }
        }
    }

    pub fn release_mods<S: Sink>(&mut self, mods: ModMask, time: Micros, sink: &mut S) {
        if mods.is_empty() {
            return;
        }
        let sequence = self.press_sequence();
        let reverse = self.modifier_order == ModifierOrder::Reverse;
        for i in 0..sequence.len() {
            let bit = if reverse {
                sequence[7 - i]
            } else {
                sequence[i]
            };
            if let Some(m) = ModMask(mods.0 & (1 << bit)).keys().next() {
                self.release(m, time, sink);
            }
        }
    }

    /// Releases `mods`: those listed in `order` most recent first, then any others.
    pub fn release_mods_in<S: Sink>(
        &mut self,
        mods: ModMask,
        order: ModOrder,
        time: Micros,
        sink: &mut S,
    ) {
        if mods.is_empty() {
            return;
        }
        let ordered = order.only(mods);
        for key in ordered.newest_first() {
            self.release(key, time, sink);
        }
        self.release_mods(mods.difference(ordered.mask()), time, sink);
    }

    /// Whether `key` is down on the output (held, and not lifted).
    pub fn is_down(&self, key: KeyCode) -> bool {
        self.holders[key.index()] > 0 && !self.is_lifted(key)
    }

    /// The modifier keys down on the output.
    pub fn held_mods(&self) -> ModMask {
        ModMask(0xff)
            .keys()
            .filter(|k| self.is_down(*k))
            .fold(ModMask::NONE, |acc, k| {
                acc.union(k.modifier_bit().unwrap_or_default())
            })
    }

    /// Whether each modifier kind in `mods` (Ctrl, Shift, Alt, Meta) is down on either side.
    pub fn mods_down(&self, mods: ModMask) -> bool {
        let down = self.held_mods();
        let either_side = |m: u8| (m | (m >> 4)) & 0x0f;
        let wanted = either_side(mods.0);
        either_side(down.0) & wanted == wanted
    }

    pub fn held(&self) -> impl Iterator<Item = KeyCode> + '_ {
        KeyCode::all().filter(|k| self.is_down(*k))
    }

    /// Releases every held key: plain keys first, then modifiers, so nothing is typed with a
    /// stray modifier on the way out.
    pub fn release_all<S: Sink>(&mut self, time: Micros, sink: &mut S) {
        for modifiers_pass in [false, true] {
            for k in KeyCode::all() {
                if self.holders[k.index()] > 0 && k.modifier_bit().is_some() == modifiers_pass {
                    if !self.is_lifted(k) {
                        self.emit(KeyEvent::new(k, KeyState::Release, time), sink);
                    }
                    self.holders[k.index()] = 0;
                }
            }
        }
        self.lifted = ModMask::NONE;
    }
}
