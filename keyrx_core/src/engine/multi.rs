//! `multi`: several keys and layer actions held together by one key (kanata `multi`), pressed
//! in order and released in reverse (or in press order, per `modifier_order`).

use super::{Engine, Source};
use crate::compile::CAction;
use crate::config::{ModifierOrder, OneShotEnd};
use crate::event::{Micros, Sink};
use crate::keys::{KEY_COUNT, KeyCode};

impl Engine {
    pub(super) fn press_multi<S: Sink>(
        &mut self,
        source: Source,
        index: u16,
        time: Micros,
        sink: &mut S,
    ) {
        let parts = self.km.multis[index as usize].len();
        let types = self.km.multis[index as usize]
            .iter()
            .any(|p| matches!(p, CAction::Key { key, .. } if key.modifier_bit().is_none()));
        if types {
            self.use_one_shot(source, KeyCode::default(), time, sink);
            if usize::from(source) < KEY_COUNT {
                self.last_typed = Some(time);
            }
        }
        let clock = self.clock;
        for i in 0..parts {
            match self.km.multis[index as usize][i] {
                CAction::Key { mods, key } => {
                    self.out.press_mods(mods, clock, sink);
                    self.out.press(key, clock, sink);
                }
                CAction::Momentary(l) => self.layers.momentary_on(l, clock, sink),
                CAction::Toggle(l) => self.layers.toggle(l, clock, sink),
                CAction::SetBase(l) => self.layers.set_base(l, clock, sink),
                // The compiler admits no other part.
                _ => {}
            }
        }
        if types && self.km.options.one_shot_end == OneShotEnd::NextPress {
            self.finish_one_shot(source, sink);
        }
    }

    pub(super) fn release_multi<S: Sink>(&mut self, index: u16, sink: &mut S) {
        let parts = self.km.multis[index as usize].len();
        let reverse = self.km.options.modifier_order == ModifierOrder::Reverse;
        let clock = self.clock;
        for j in 0..parts {
            let i = if reverse { parts - 1 - j } else { j };
            match self.km.multis[index as usize][i] {
                CAction::Key { mods, key } => {
                    self.out.release(key, clock, sink);
                    self.out.release_mods(mods, clock, sink);
                }
                CAction::Momentary(l) => self.layers.momentary_off(l, clock, sink),
                // Toggles and base changes stay; no other part is admitted.
                _ => {}
            }
        }
    }
}
