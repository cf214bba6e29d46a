//! The combo stage: keys that may start a combo are held back until the combo fires or is
//! given up; given up, they go on to the key stage in their original order.

use std::collections::VecDeque;

use super::{Engine, Input};
use crate::compile::{CCombo, MAX_COMBO_KEYS};
use crate::config::{ComboRelease, ComboWindow};
use crate::event::{ComboAbandon, KeyState, Micros, Sink, Trace};
use crate::keys::{KEY_COUNT, KeyCode};

/// How many events a forming combo may hold back before it is given up.
const HELD_BACK_CAPACITY: usize = 32;
/// How many fired combos may be down at once.
const ACTIVE_CAPACITY: usize = 8;

pub(crate) struct ComboStage {
    /// Events waiting to be examined by this stage, in order.
    backlog: VecDeque<Input>,
    /// Events held back while a combo may form; the first is its first key's press.
    held_back: VecDeque<Input>,
    pending: Option<Forming>,
    active: Vec<Active>,
}

#[derive(Debug, Clone, Copy)]
struct Forming {
    keys: [KeyCode; MAX_COMBO_KEYS],
    len: usize,
    first: Micros,
    last: Micros,
    deadline: Micros,
    /// A combo whose keys are exactly those down, waiting for a larger one or its minimum hold.
    complete: Option<u16>,
    /// Waiting out `combo_min_hold_ms` before `complete` may fire.
    holding: bool,
}

#[derive(Debug, Clone, Copy)]
struct Active {
    combo: u16,
    /// Bit `i` is set once `keys[i]` of the combo is up.
    up: u8,
    released: bool,
}

impl ComboStage {
    pub fn new() -> ComboStage {
        ComboStage {
            backlog: VecDeque::with_capacity(HELD_BACK_CAPACITY + 2),
            held_back: VecDeque::with_capacity(HELD_BACK_CAPACITY),
            pending: None,
            active: Vec::with_capacity(ACTIVE_CAPACITY),
        }
    }

    pub fn deadline(&self) -> Option<Micros> {
        self.pending.map(|p| p.deadline)
    }

    pub fn is_idle(&self) -> bool {
        self.pending.is_none() && self.backlog.is_empty() && self.held_back.is_empty()
    }

    pub fn clear(&mut self) {
        self.backlog.clear();
        self.held_back.clear();
        self.pending = None;
        self.active.clear();
    }
}

/// What the combos say about a set of keys down together.
struct Candidates {
    /// A combo has exactly these keys.
    exact: Option<u16>,
    /// Some larger combo could still form; its window closes at `deadline`.
    larger: bool,
    deadline: Micros,
}

impl Engine {
    pub(super) fn combo_input<S: Sink>(&mut self, input: Input, sink: &mut S) {
        if self.km.combos.is_empty() {
            return self.key_input(input, sink);
        }
        self.combo.backlog.push_back(input);
        self.drain_backlog(sink);
    }

    fn drain_backlog<S: Sink>(&mut self, sink: &mut S) {
        while let Some(event) = self.combo.backlog.pop_front() {
            if self.combo.pending.is_some() {
                self.combo_forming_event(event, sink);
            } else {
                self.combo_idle_event(event, sink);
            }
        }
    }

    fn combo_idle_event<S: Sink>(&mut self, e: Input, sink: &mut S) {
        if e.state == KeyState::Press && self.km.combo_keys.contains(e.key) {
            let found = self.candidates(&[e.key], e.time, e.time, e.time);
            if found.larger && self.combo.active.len() < ACTIVE_CAPACITY {
                let mut keys = [KeyCode::default(); MAX_COMBO_KEYS];
                keys[0] = e.key;
                self.combo.pending = Some(Forming {
                    keys,
                    len: 1,
                    first: e.time,
                    last: e.time,
                    deadline: found.deadline,
                    complete: None,
                    holding: false,
                });
                self.combo.held_back.push_back(e);
                return;
            }
        }
        if let Some(i) = self.active_combo_with(e.key) {
            if e.state == KeyState::Release {
                self.combo_key_up(i, e, sink);
            }
            return;
        }
        self.key_input(e, sink);
    }

    fn combo_forming_event<S: Sink>(&mut self, e: Input, sink: &mut S) {
        let Some(mut p) = self.combo.pending else {
            return;
        };
        let participant = p.keys[..p.len].contains(&e.key);
        match e.state {
            KeyState::Repeat => {}
            KeyState::Press if !participant && p.len < MAX_COMBO_KEYS => {
                p.keys[p.len] = e.key;
                let found = self.candidates(&p.keys[..=p.len], e.time, p.first, p.last);
                if (found.larger || found.exact.is_some())
                    && self.combo.held_back.len() < HELD_BACK_CAPACITY
                {
                    self.combo_extend(p, e, found, sink);
                } else {
                    self.combo.backlog.push_front(e);
                    self.combo_settle(p, ComboAbandon::OtherKey(e.key), e.time, sink);
                }
            }
            KeyState::Release
                if !participant && self.combo.held_back.len() < HELD_BACK_CAPACITY =>
            {
                self.combo.held_back.push_back(e);
            }
            _ => {
                self.combo.backlog.push_front(e);
                let reason = if participant {
                    ComboAbandon::Released(e.key)
                } else {
                    ComboAbandon::OtherKey(e.key)
                };
                self.combo_settle(p, reason, e.time, sink);
            }
        }
    }

    /// Another key joined the forming combo.
    fn combo_extend<S: Sink>(&mut self, mut p: Forming, e: Input, found: Candidates, sink: &mut S) {
        p.len += 1;
        p.last = e.time;
        p.complete = found.exact;
        p.deadline = found.deadline;
        self.combo.held_back.push_back(e);
        self.combo.pending = Some(p);
        if let (Some(combo), false) = (found.exact, found.larger) {
            let min_hold = self.combo_min_hold();
            if min_hold == 0 {
                self.fire_combo(combo, e.time, sink);
            } else {
                p.holding = true;
                p.deadline = e.time + min_hold;
                self.combo.pending = Some(p);
            }
        }
    }

    /// Something interrupted the forming combo at `now`: fire it if complete and held together
    /// for its minimum hold, otherwise give it up.
    fn combo_settle<S: Sink>(
        &mut self,
        p: Forming,
        reason: ComboAbandon,
        now: Micros,
        sink: &mut S,
    ) {
        let held_since = p.last;
        let min_hold = self.combo_min_hold();
        match p.complete {
            Some(combo) if !p.holding && now.saturating_sub(held_since) >= min_hold => {
                self.fire_combo(combo, held_since + min_hold, sink)
            }
            _ => self.abandon_combo(reason, sink),
        }
    }

    pub(super) fn combo_timeout<S: Sink>(&mut self, sink: &mut S) {
        let Some(mut p) = self.combo.pending else {
            return;
        };
        let min_hold = self.combo_min_hold();
        match p.complete {
            // A smaller combo that waited in vain for a larger one still needs its minimum
            // hold, counted from when its keys were all down.
            Some(_) if !p.holding && p.deadline < p.last + min_hold => {
                p.holding = true;
                p.deadline = p.last + min_hold;
                self.combo.pending = Some(p);
                return;
            }
            Some(combo) => self.fire_combo(combo, p.deadline.max(p.last), sink),
            None => self.abandon_combo(ComboAbandon::WindowExpired, sink),
        }
        self.drain_backlog(sink);
    }

    fn candidates(
        &self,
        keys: &[KeyCode],
        time: Micros,
        first: Micros,
        last: Micros,
    ) -> Candidates {
        // A combo limited to layers forms only while one of them is the top layer (as in ZMK):
        // the base is always active, so "on base" would otherwise mean "everywhere".
        let top_layer = 1u64 << self.layers.top();
        let mut found = Candidates {
            exact: None,
            larger: false,
            deadline: time,
        };
        for (i, c) in self.km.combos.iter().enumerate() {
            if !eligible(c, keys, top_layer) || self.in_typing_streak(c, first) {
                continue;
            }
            let start = match self.km.options.combo_window {
                ComboWindow::FromFirstPress => first,
                ComboWindow::BetweenKeys => last,
            };
            if time >= start + c.window_us {
                continue;
            }
            if c.keys.len() == keys.len() {
                found.exact = Some(i as u16);
            } else {
                // With `BetweenKeys` the window for the next key runs from this one.
                let next_closes = match self.km.options.combo_window {
                    ComboWindow::FromFirstPress => first + c.window_us,
                    ComboWindow::BetweenKeys => time + c.window_us,
                };
                found.larger = true;
                found.deadline = found.deadline.max(next_closes);
            }
        }
        found
    }

    /// Whether a key typed something too recently before `first` (the combo's first press)
    /// for the combo to start: ZMK's `require-prior-idle-ms` for combos.
    fn in_typing_streak(&self, c: &CCombo, first: Micros) -> bool {
        c.prior_idle_us > 0
            && self
                .last_typed
                .is_some_and(|t| first.saturating_sub(t) < c.prior_idle_us)
    }

    /// The minimum hold (`combo_min_hold_ms`, keyd's `chord_hold_timeout`) in microseconds.
    fn combo_min_hold(&self) -> Micros {
        u64::from(self.km.options.combo_min_hold_ms) * 1000
    }

    fn fire_combo<S: Sink>(&mut self, combo: u16, at: Micros, sink: &mut S) {
        self.combo.pending = None;
        if sink.wants_trace() {
            sink.trace(Trace::ComboFired { combo, at });
        }
        let first_key = self.km.combos[combo as usize].keys[0];
        // Events that are not the combo's own presses happened first: they go first.
        let mut held_back = std::mem::take(&mut self.combo.held_back);
        for e in held_back.drain(..) {
            if e.state == KeyState::Press && self.km.combos[combo as usize].keys.contains(&e.key) {
                continue;
            }
            // Held-back releases may belong to a combo that is already down.
            match self.active_combo_with(e.key) {
                Some(i) if e.state == KeyState::Release => self.combo_key_up(i, e, sink),
                _ => self.key_input(e, sink),
            }
        }
        self.combo.held_back = held_back;
        self.combo.active.push(Active {
            combo,
            up: 0,
            released: false,
        });
        let source = (KEY_COUNT + combo as usize) as u16;
        let press = Input {
            source,
            key: first_key,
            state: KeyState::Press,
            time: at,
        };
        self.key_input(press, sink);
    }

    fn abandon_combo<S: Sink>(&mut self, reason: ComboAbandon, sink: &mut S) {
        self.combo.pending = None;
        let mut held_back = std::mem::take(&mut self.combo.held_back);
        let first = held_back.pop_front();
        while let Some(e) = held_back.pop_back() {
            self.combo.backlog.push_front(e);
        }
        self.combo.held_back = held_back;
        if let Some(first) = first {
            if sink.wants_trace() {
                sink.trace(Trace::ComboAbandoned {
                    first_key: first.key,
                    reason,
                    at: self.clock,
                });
            }
            self.key_input(first, sink);
        }
    }

    fn active_combo_with(&self, key: KeyCode) -> Option<usize> {
        self.combo.active.iter().position(|a| {
            let keys = &self.km.combos[a.combo as usize].keys;
            keys.iter()
                .position(|k| *k == key)
                .is_some_and(|i| a.up & (1 << i) == 0)
        })
    }

    fn combo_key_up<S: Sink>(&mut self, index: usize, e: Input, sink: &mut S) {
        let active = &mut self.combo.active[index];
        let combo = &self.km.combos[active.combo as usize];
        if let Some(bit) = combo.keys.iter().position(|k| *k == e.key) {
            active.up |= 1 << bit;
        }
        let all_up = active.up.count_ones() as usize == combo.keys.len();
        let release_now = !active.released
            && (all_up || self.km.options.combo_release == ComboRelease::FirstKeyUp);
        let (combo_index, first_key) = (active.combo, combo.keys[0]);
        if release_now {
            active.released = true;
        }
        if all_up {
            self.combo.active.swap_remove(index);
        }
        if release_now {
            let release = Input {
                source: (KEY_COUNT + combo_index as usize) as u16,
                key: first_key,
                state: KeyState::Release,
                time: e.time,
            };
            self.key_input(release, sink);
        }
    }
}

fn eligible(c: &CCombo, keys: &[KeyCode], top_layer: u64) -> bool {
    (c.layers == 0 || c.layers & top_layer != 0) && keys.iter().all(|k| c.keys.contains(k))
}
