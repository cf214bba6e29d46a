//! Tap dance (QMK Tap Dance, kanata `tap-dance`): the nth tap of a key, each within the term of
//! the previous press, does the nth action. While the count is open the dance blocks the queue
//! like an undecided tap-hold; the dance key's own presses and releases count, and it ends at
//! the term, at another key's press (which then follows it), or at the last action's count.
//! Ended with the key down, the action is held until release (a tap-hold entry takes its hold
//! side); ended with it up, the action is tapped (a tap-hold entry takes its tap side).
//! `eager` (kanata `tap-dance-eager`) does each tap's action at once instead.

use super::{Engine, Input, Source};
use crate::compile::CAction;
use crate::event::{KeyState, Micros, Sink, Trace};
use crate::keys::KeyCode;

/// A dance whose count is still open.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dance {
    pub source: Source,
    key: KeyCode,
    index: u16,
    count: u8,
    down: bool,
    pub deadline: Micros,
}

/// The last eager dance, whose next tap within the term does the next action.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EagerDance {
    source: Source,
    index: u16,
    count: u8,
    until: Micros,
}

impl Engine {
    pub(super) fn start_tap_dance<S: Sink>(&mut self, input: Input, index: u16, sink: &mut S) {
        let td = &self.km.tap_dances[index as usize];
        let (term, entries, eager) = (td.term_us, td.entries.len(), td.eager);
        if eager {
            return self.eager_tap(input, index, term, sink);
        }
        self.dance = Some(Dance {
            source: input.source,
            key: input.key,
            index,
            count: 1,
            down: true,
            deadline: input.time + term,
        });
        if entries == 1 {
            self.end_tap_dance(input.time, sink);
        }
    }

    /// An event of the dancing key itself, with nothing queued before it: it counts.
    pub(super) fn dance_input<S: Sink>(&mut self, input: Input, sink: &mut S) -> bool {
        let Some(dance) = self.dance.as_mut() else {
            return false;
        };
        if dance.source != input.source || !self.queue.is_empty() {
            return false;
        }
        match input.state {
            KeyState::Press => {
                let td = &self.km.tap_dances[dance.index as usize];
                dance.count += 1;
                dance.down = true;
                dance.deadline = input.time + td.term_us;
                if usize::from(dance.count) >= td.entries.len() {
                    self.end_tap_dance(input.time, sink);
                }
            }
            KeyState::Release => dance.down = false,
            KeyState::Repeat => {}
        }
        true
    }

    /// Ends the dance if the queue or the term says so. Returns whether it is over.
    pub(super) fn try_end_dance<S: Sink>(&mut self, sink: &mut S) -> bool {
        let Some(dance) = self.dance else {
            return true;
        };
        let interrupt = self
            .queue
            .iter()
            .find(|q| q.state == KeyState::Press || q.time >= dance.deadline);
        match interrupt {
            Some(q) => {
                let at = q.time.min(dance.deadline);
                self.end_tap_dance(at, sink);
                true
            }
            None if dance.deadline <= self.clock => {
                self.end_tap_dance(dance.deadline, sink);
                true
            }
            None => false,
        }
    }

    /// Does the action the count chose: held if the key is still down, else tapped.
    pub(super) fn end_tap_dance<S: Sink>(&mut self, at: Micros, sink: &mut S) {
        let Some(dance) = self.dance.take() else {
            return;
        };
        if sink.wants_trace() {
            sink.trace(Trace::TapDance {
                key: dance.key,
                count: dance.count,
                at,
            });
        }
        let entries = &self.km.tap_dances[dance.index as usize].entries;
        let entry = entries[usize::from(dance.count).min(entries.len()) - 1];
        let action = self.dance_side(entry, dance.down);
        self.press_action(dance.source, action, at, sink);
        if !dance.down {
            self.release_source(dance.source, at, sink);
        }
    }

    /// An entry as it stands: a tap-hold entry is its hold side if the key is down, else its
    /// tap side; transparent is the physical key.
    fn dance_side(&self, entry: crate::compile::ActionId, down: bool) -> CAction {
        let action = match self.deref_cond(entry) {
            CAction::TapHold(i) => {
                let th = self.km.tap_holds[i as usize];
                self.deref_cond(if down { th.hold } else { th.tap })
            }
            other => other,
        };
        match action {
            CAction::Transparent | CAction::TapHold(_) | CAction::TapDance(_) => CAction::Block,
            other => other,
        }
    }

    fn eager_tap<S: Sink>(&mut self, input: Input, index: u16, term: Micros, sink: &mut S) {
        let entries = self.km.tap_dances[index as usize].entries.len();
        let count = match self.eager_dance {
            Some(e) if e.source == input.source && e.index == index && input.time < e.until => {
                (usize::from(e.count) + 1).min(entries)
            }
            _ => 1,
        };
        self.eager_dance = Some(EagerDance {
            source: input.source,
            index,
            count: count as u8,
            until: input.time + term,
        });
        if sink.wants_trace() {
            sink.trace(Trace::TapDance {
                key: input.key,
                count: count as u8,
                at: input.time,
            });
        }
        let entry = self.km.tap_dances[index as usize].entries[count - 1];
        let action = self.dance_side(entry, false);
        self.press_action(input.source, action, input.time, sink);
    }

    /// Another key's press ends an eager dance's count.
    pub(super) fn interrupt_eager_dance(&mut self, pressed: Source) {
        if self.eager_dance.is_some_and(|e| e.source != pressed) {
            self.eager_dance = None;
        }
    }
}
