//! Caps Word (QMK Caps Word, kanata `caps-word`): Shift for the letters of one word. While on,
//! keys in its `shifted` set are typed with Shift, keys in `continues` (and modifiers, layer and
//! one-shot keys) type as usual, and any other key ends it before it is typed, as does a key
//! typed with Ctrl, Alt or Meta, pressing the caps-word key again, or `timeout_us` with no key.

use super::Engine;
use crate::compile::CAction;
use crate::event::{Micros, Sink, Trace};
use crate::keys::ModMask;

/// Ctrl, Alt and Meta, either side: typing with any of them ends the word (QMK).
const NOT_SHIFT: ModMask = ModMask(0b1101_1101);

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CapsWordState {
    /// The caps word that is on (index into `caps_words`).
    pub active: Option<u16>,
    pub deadline: Option<Micros>,
}

impl Engine {
    /// The caps-word key was pressed: on, or off if it was on.
    pub(super) fn toggle_caps_word<S: Sink>(&mut self, index: u16, time: Micros, sink: &mut S) {
        if self.caps_word.active.is_some() {
            return self.end_caps_word(time, sink);
        }
        let timeout = self.km.caps_words[index as usize].timeout_us;
        self.caps_word = CapsWordState {
            active: Some(index),
            deadline: (timeout > 0).then_some(time + timeout),
        };
        if sink.wants_trace() {
            sink.trace(Trace::CapsWord { on: true, at: time });
        }
    }

    pub(super) fn end_caps_word<S: Sink>(&mut self, at: Micros, sink: &mut S) {
        if self.caps_word.active.take().is_none() {
            return;
        }
        self.caps_word.deadline = None;
        if sink.wants_trace() {
            sink.trace(Trace::CapsWord { on: false, at });
        }
    }

    /// What `action`, about to be pressed, becomes while caps word is on.
    pub(super) fn caps_word_filter<S: Sink>(
        &mut self,
        action: CAction,
        time: Micros,
        sink: &mut S,
    ) -> CAction {
        let Some(index) = self.caps_word.active else {
            return action;
        };
        if let Some(deadline) = self.caps_word.deadline.filter(|d| *d <= time) {
            // The idle timer may have been held off while this key waited in a queue.
            self.end_caps_word(deadline, sink);
            return action;
        }
        let cw = self.km.caps_words[index as usize];
        let typed = match action {
            CAction::Key { mods, key } if key.modifier_bit().is_none() => Some((mods, key)),
            CAction::Sticky { mods, key } => Some((mods, key)),
            // Macros, text and dynamic macros end the word; layer, one-shot and modifier keys neither end nor
            // continue it.
            CAction::Macro(..) | CAction::RepeatKey | CAction::MacroPlay(_) => {
                self.end_caps_word(time, sink);
                return action;
            }
            _ => None,
        };
        let Some((mods, key)) = typed else {
            return action;
        };
        let other_mods = !mods.intersection(NOT_SHIFT).is_empty()
            || !self.out.held_mods().intersection(NOT_SHIFT).is_empty();
        if other_mods || !(cw.shifted.contains(key) || cw.continues.contains(key)) {
            self.end_caps_word(time, sink);
            return action;
        }
        self.caps_word.deadline = (cw.timeout_us > 0).then_some(time + cw.timeout_us);
        match action {
            CAction::Key { mods, key } if cw.shifted.contains(key) => CAction::Key {
                mods: mods.union(ModMask::LSHIFT),
                key,
            },
            other => other,
        }
    }
}
