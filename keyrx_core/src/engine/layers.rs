//! Which layers are active, and in what order they were activated.

use crate::compile::{LayerId, MAX_LAYERS};
use crate::event::{Micros, Sink, Trace};

pub(crate) struct LayerState {
    /// How many held keys keep each layer on.
    momentary: [u8; MAX_LAYERS],
    toggled: u64,
    one_shot: u64,
    base: LayerId,
    /// Active layers, most recently activated last: lookups walk it from the end.
    stack: [LayerId; MAX_LAYERS],
    len: usize,
}

impl LayerState {
    pub fn new() -> LayerState {
        LayerState {
            momentary: [0; MAX_LAYERS],
            toggled: 0,
            one_shot: 0,
            base: 0,
            stack: [0; MAX_LAYERS],
            len: 0,
        }
    }

    pub fn base(&self) -> LayerId {
        self.base
    }

    pub fn is_active(&self, l: LayerId) -> bool {
        let bit = 1u64 << l;
        self.momentary[l as usize] > 0 || self.toggled & bit != 0 || self.one_shot & bit != 0
    }

    /// Active layers including the base, as a bit mask.
    pub fn active_mask(&self) -> u64 {
        self.stack[..self.len]
            .iter()
            .fold(1u64 << self.base, |m, l| m | 1 << l)
    }

    /// The most recently activated active layer, or the base if none is.
    pub fn top(&self) -> LayerId {
        self.stack_top_down().next().unwrap_or(self.base)
    }

    /// Active layers, most recent first (the base is not included).
    pub fn stack_top_down(&self) -> impl Iterator<Item = LayerId> + '_ {
        self.stack[..self.len].iter().rev().copied()
    }

    pub fn momentary_on<S: Sink>(&mut self, l: LayerId, at: Micros, sink: &mut S) {
        self.change(l, at, sink, |s| {
            s.momentary[l as usize] = s.momentary[l as usize].saturating_add(1)
        });
    }

    pub fn momentary_off<S: Sink>(&mut self, l: LayerId, at: Micros, sink: &mut S) {
        self.change(l, at, sink, |s| {
            s.momentary[l as usize] = s.momentary[l as usize].saturating_sub(1)
        });
    }

    /// Layer Lock (QMK): the topmost active layer stays on once the key holding it goes up;
    /// pressed on a layer that is locked (or toggled) on, it unlocks it. On the base: nothing.
    pub fn lock_top<S: Sink>(&mut self, at: Micros, sink: &mut S) {
        let top = self.top();
        if top != self.base {
            self.toggle(top, at, sink);
        }
    }

    pub fn toggle<S: Sink>(&mut self, l: LayerId, at: Micros, sink: &mut S) {
        self.change(l, at, sink, |s| s.toggled ^= 1 << l);
    }

    pub fn set_one_shot<S: Sink>(&mut self, l: LayerId, on: bool, at: Micros, sink: &mut S) {
        self.change(l, at, sink, |s| {
            if on {
                s.one_shot |= 1 << l;
            } else {
                s.one_shot &= !(1 << l);
            }
        });
    }

    /// Clears every one-shot layer in `mask`.
    pub fn clear_one_shots<S: Sink>(&mut self, mask: u64, at: Micros, sink: &mut S) {
        if mask == 0 {
            return;
        }
        for l in 0..MAX_LAYERS as LayerId {
            if mask & (1 << l) != 0 {
                self.set_one_shot(l, false, at, sink);
            }
        }
    }

    pub fn set_base<S: Sink>(&mut self, l: LayerId, at: Micros, sink: &mut S) {
        if self.base != l {
            self.base = l;
            if sink.wants_trace() {
                sink.trace(Trace::Base { layer: l, at });
            }
        }
    }

    pub fn any_momentary(&self) -> bool {
        self.momentary.iter().any(|c| *c > 0)
    }

    /// Deactivates every layer and returns to the first one as base.
    pub fn reset<S: Sink>(&mut self, at: Micros, sink: &mut S) {
        for l in 0..MAX_LAYERS as LayerId {
            self.change(l, at, sink, |s| {
                s.momentary[l as usize] = 0;
                s.toggled &= !(1 << l);
                s.one_shot &= !(1 << l);
            });
        }
        self.set_base(0, at, sink);
    }

    fn change<S: Sink>(&mut self, l: LayerId, at: Micros, sink: &mut S, f: impl FnOnce(&mut Self)) {
        let was = self.is_active(l);
        f(self);
        let now = self.is_active(l);
        if was == now {
            return;
        }
        if now {
            self.stack[self.len] = l;
            self.len += 1;
        } else if let Some(i) = self.stack[..self.len].iter().position(|x| *x == l) {
            self.stack.copy_within(i + 1..self.len, i);
            self.len -= 1;
        }
        if sink.wants_trace() {
            sink.trace(Trace::Layer {
                layer: l,
                active: now,
                at,
            });
        }
    }
}
