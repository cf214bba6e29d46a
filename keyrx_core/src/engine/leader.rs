//! Sequences behind a leader key (kanata `sequence`/`defseq`, QMK Leader). After the leader
//! key, each key a press would type (as the layers resolve it; modifiers, layer and one-shot
//! keys act as usual and are not part of the match) is added to a fixed buffer and matched
//! against the keymap's sequences:
//! - a sequence equal to the buffer that no longer sequence continues fires at once: its action
//!   is tapped (pressed and released) on a source of its own;
//! - while longer sequences continue the buffer, it waits; if the buffer is itself a sequence,
//!   that one fires when the timeout passes or a key that continues none comes (kanata), and
//!   that key then does what it does;
//! - a key no sequence continues is a mismatch, as is the timeout with nothing complete: the
//!   typed keys are dropped, typed back, or were visible all along, per `input_mode`.
//!
//! Any other action that types (a macro, `multi`, caps word, repeat key, a sticky key, a
//! dynamic macro's playback, the leader itself) ends the sequence as a mismatch before it runs.

use super::{Engine, Source};
use crate::compile::{CAction, MAX_SEQUENCE_KEYS};
use crate::config::{LeaderInput, LeaderTimeoutFrom};
use crate::event::{Micros, Sink, Trace};
use crate::keys::{KEY_COUNT, KeyCode, ModMask};

/// Linux `KEY_BACKSPACE`, which takes back keys typed visibly.
const BACKSPACE: KeyCode = match KeyCode::new(14) {
    Some(k) => k,
    None => panic!("KEY_BACKSPACE is in the key space"),
};

/// A sequence being typed after a leader key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Leading {
    /// The leader's options (index into `leaders`).
    index: u16,
    /// The keys typed so far, with the modifiers their actions carried (to type them back).
    typed: [(ModMask, KeyCode); MAX_SEQUENCE_KEYS],
    len: u8,
    pub deadline: Micros,
    /// A sequence equal to what is typed, waiting because longer ones continue it.
    complete: Option<u16>,
}

/// What a press does to a sequence being typed.
enum Role {
    /// Acts as usual and leaves the sequence alone.
    Passes,
    /// Is matched.
    Key(ModMask, KeyCode),
    /// Ends the sequence as a mismatch, then acts.
    Ends,
}

fn role(action: CAction) -> Role {
    match action {
        CAction::Key { mods, key } if key.modifier_bit().is_none() => Role::Key(mods, key),
        CAction::Key { .. }
        | CAction::Momentary(_)
        | CAction::Toggle(_)
        | CAction::SetBase(_)
        | CAction::OneShotMods(_)
        | CAction::OneShotLayer(_)
        | CAction::LayerLock
        | CAction::Transparent
        | CAction::Block
        | CAction::TapHold(_)
        | CAction::TapDance(_)
        | CAction::Cond(_)
        | CAction::MacroRecord(_)
        | CAction::MacroStop
        | CAction::MouseSpeed(_)
        | CAction::ReleaseAll => Role::Passes,
        CAction::Sticky { .. }
        | CAction::Macro(..)
        | CAction::Multi(_)
        | CAction::CapsWord(_)
        | CAction::RepeatKey
        | CAction::MacroPlay(_)
        | CAction::Command(_)
        | CAction::MouseButton(_)
        | CAction::MouseMove(_)
        | CAction::MouseScroll(_)
        | CAction::Leader(_) => Role::Ends,
    }
}

/// The deadline of a leader without a timeout (`timeout_ms: 0`): never reached.
const NO_TIMEOUT: Micros = Micros::MAX;

fn deadline_after(time: Micros, timeout_us: u64) -> Micros {
    if timeout_us == 0 {
        NO_TIMEOUT
    } else {
        time + timeout_us
    }
}

/// What the key that made a mismatch does: dropped with the others when they are suppressed,
/// else as usual.
fn after_mismatch(input: LeaderInput, action: CAction) -> CAction {
    match input {
        LeaderInput::HiddenSuppressed => CAction::Block,
        LeaderInput::HiddenDelayType | LeaderInput::VisibleBackspaced => action,
    }
}

impl Engine {
    /// The source a matched sequence's action is pressed and released on.
    pub(super) fn leader_source(&self) -> Source {
        (KEY_COUNT + self.km.combos.len()) as Source
    }

    pub(super) fn start_leader<S: Sink>(&mut self, index: u16, time: Micros, sink: &mut S) {
        let timeout = self.km.leaders[index as usize].timeout_us;
        self.leader = Some(Leading {
            index,
            typed: [(ModMask::NONE, KeyCode::default()); MAX_SEQUENCE_KEYS],
            len: 0,
            deadline: deadline_after(time, timeout),
            complete: None,
        });
        if sink.wants_trace() {
            sink.trace(Trace::LeaderStarted { at: time });
        }
    }

    /// The leader's timeout, held off while a key waits (it may have been typed before it).
    pub(super) fn leader_deadline(&self) -> Option<Micros> {
        self.leader
            .as_ref()
            .map(|l| l.deadline)
            .filter(|d| *d != NO_TIMEOUT && !self.waiting())
    }

    /// What `action`, about to be pressed, becomes while a sequence is being typed.
    pub(super) fn leader_filter<S: Sink>(
        &mut self,
        action: CAction,
        time: Micros,
        sink: &mut S,
    ) -> CAction {
        let Some(lead) = self.leader.as_ref().copied() else {
            return action;
        };
        if lead.deadline <= time {
            // The timer may have been held off while this key waited in a queue.
            self.leader_timeout(lead.deadline, sink);
            return action;
        }
        let (mods, key) = match role(action) {
            Role::Passes => return action,
            Role::Ends => {
                self.end_by_other(lead, time, sink);
                return action;
            }
            Role::Key(mods, key) => (mods, key),
        };
        self.sequence_key(lead, action, mods, key, time, sink)
    }

    /// A key typed while a sequence is: added and matched. Returns what its press does.
    fn sequence_key<S: Sink>(
        &mut self,
        mut lead: Leading,
        action: CAction,
        mods: ModMask,
        key: KeyCode,
        time: Micros,
        sink: &mut S,
    ) -> CAction {
        let typed = usize::from(lead.len);
        let visible = self.km.leaders[lead.index as usize].input == LeaderInput::VisibleBackspaced;
        if typed == MAX_SEQUENCE_KEYS {
            // No sequence is longer than the buffer: whatever is complete has fired already.
            let input = self.leader_mismatch(lead, Some(key), time, sink);
            return after_mismatch(input, action);
        }
        lead.typed[typed] = (mods, key);
        lead.len += 1;
        let (exact, candidates) = self.match_sequences(&lead.typed[..typed + 1]);
        if sink.wants_trace() {
            sink.trace(Trace::LeaderKey {
                key,
                candidates,
                at: time,
            });
        }
        if candidates > 0 {
            lead.complete = exact;
            let l = self.km.leaders[lead.index as usize];
            if l.from == LeaderTimeoutFrom::LastKey {
                lead.deadline = deadline_after(time, l.timeout_us);
            }
            self.leader = Some(lead);
            return if visible { action } else { CAction::Block };
        }
        self.leader = None;
        if let Some(sequence) = exact {
            self.fire_sequence(sequence, typed, visible, time, sink);
            return CAction::Block;
        }
        if let Some(sequence) = lead.complete {
            // A shorter sequence is complete and this key does not continue a longer one.
            self.fire_sequence(sequence, typed, visible, time, sink);
            return action;
        }
        lead.len -= 1;
        let input = self.leader_mismatch(lead, Some(key), time, sink);
        after_mismatch(input, action)
    }

    /// The sequence whose keys equal `typed`, and how many sequences are longer and begin
    /// with it.
    fn match_sequences(&self, typed: &[(ModMask, KeyCode)]) -> (Option<u16>, u16) {
        let mut exact = None;
        let mut longer = 0u16;
        for (i, s) in self.km.sequences.iter().enumerate() {
            let keys = s.keys();
            if keys.len() < typed.len() || keys.iter().zip(typed).any(|(k, (_, t))| k != t) {
                continue;
            }
            if keys.len() == typed.len() {
                exact = Some(i as u16);
            } else {
                longer += 1;
            }
        }
        (exact, longer)
    }

    /// Taps sequence `index`'s action, after backspacing the `typed` keys if they were shown.
    fn fire_sequence<S: Sink>(
        &mut self,
        index: u16,
        typed: usize,
        visible: bool,
        time: Micros,
        sink: &mut S,
    ) {
        if sink.wants_trace() {
            sink.trace(Trace::SequenceMatched {
                sequence: index,
                at: time,
            });
        }
        if visible {
            for _ in 0..typed {
                self.out.press(BACKSPACE, self.clock, sink);
                self.out.release(BACKSPACE, self.clock, sink);
            }
        }
        let source = self.leader_source();
        let action = self.deref_cond(self.km.sequences[index as usize].action);
        self.press_action(source, action, time, sink);
        self.release_source(source, time, sink);
    }

    /// Another typing action ends the sequence: a complete one waiting for longer ones fires,
    /// as for a key that continues none; otherwise it is a mismatch.
    fn end_by_other<S: Sink>(&mut self, lead: Leading, time: Micros, sink: &mut S) {
        match lead.complete {
            Some(sequence) => {
                self.leader = None;
                let visible =
                    self.km.leaders[lead.index as usize].input == LeaderInput::VisibleBackspaced;
                self.fire_sequence(sequence, usize::from(lead.len), visible, time, sink);
            }
            None => {
                self.leader_mismatch(lead, None, time, sink);
            }
        }
    }

    /// Ends a sequence that matches nothing: hidden keys are typed back or dropped. Returns
    /// the leader's input mode, which decides what the key that ended it does.
    fn leader_mismatch<S: Sink>(
        &mut self,
        lead: Leading,
        key: Option<KeyCode>,
        time: Micros,
        sink: &mut S,
    ) -> LeaderInput {
        self.leader = None;
        if sink.wants_trace() {
            sink.trace(Trace::LeaderMismatch { key, at: time });
        }
        self.give_back(lead, sink);
        self.km.leaders[lead.index as usize].input
    }

    fn give_back<S: Sink>(&mut self, lead: Leading, sink: &mut S) {
        if self.km.leaders[lead.index as usize].input != LeaderInput::HiddenDelayType {
            return;
        }
        let clock = self.clock;
        for (mods, key) in lead.typed[..usize::from(lead.len)].iter().copied() {
            self.out.press_mods(mods, clock, sink);
            self.out.press(key, clock, sink);
            self.out.release(key, clock, sink);
            self.out.release_mods(mods, clock, sink);
        }
    }

    /// The leader's timeout passed: a complete sequence waiting for longer ones fires, else
    /// the typed keys are given back.
    pub(super) fn leader_timeout<S: Sink>(&mut self, at: Micros, sink: &mut S) {
        let Some(lead) = self.leader.take() else {
            return;
        };
        if sink.wants_trace() {
            sink.trace(Trace::LeaderTimeout { at });
        }
        let input = self.km.leaders[lead.index as usize].input;
        match lead.complete {
            Some(sequence) => {
                let visible = input == LeaderInput::VisibleBackspaced;
                self.fire_sequence(sequence, usize::from(lead.len), visible, at, sink);
            }
            None => self.give_back(lead, sink),
        }
    }
}
