//! Dynamic macros (kanata `dynamic-macro-record` / `-play` / `-record-stop`, QMK Dynamic
//! Macros): what the engine sends to the virtual keyboard while a slot records — its output
//! presses and releases, with the time between them — is kept in that slot, in memory only,
//! and played back on engine timers.
//!
//! The output, not the input, is recorded (as kanata does): playback sends exactly what was
//! typed, whatever layers or tap-holds produced it and whatever state they are in when it plays.
//! Playback therefore never runs an action, so a macro can never play itself. Recording stops
//! at `MAX_DYNAMIC_MACRO_EVENTS`; a pause longer than `MAX_DYNAMIC_MACRO_GAP_US` plays back as
//! that long. Autorepeats are not recorded.

use super::Engine;
use crate::compile::{MAX_DYNAMIC_MACRO_EVENTS, MAX_DYNAMIC_MACRO_GAP_US, MAX_DYNAMIC_MACROS};
use crate::event::{KeyEvent, KeyState, Micros, Sink, Trace};
use crate::keys::KeyCode;

/// The most keys a playback holds down at once; presses beyond that are skipped (with their
/// releases), so playback never leaves a key it cannot release.
const PLAY_HELD_CAPACITY: usize = 16;

/// One recorded output event.
#[derive(Debug, Clone, Copy, Default)]
struct Recorded {
    key: KeyCode,
    press: bool,
    /// Time since the previous event of the recording (0 for the first).
    gap_us: u32,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    events: [Recorded; MAX_DYNAMIC_MACRO_EVENTS],
    len: u16,
}

/// Every slot, and which one records: owned by the output, which feeds it every event it
/// sends. Allocated once, with the engine, for keymaps that use dynamic macros.
#[derive(Debug)]
pub(crate) struct Recorder {
    slots: [Slot; MAX_DYNAMIC_MACROS],
    recording: Option<u8>,
    /// When the last event was recorded (or the recording started).
    last: Micros,
}

impl Recorder {
    pub fn new() -> Box<Recorder> {
        Box::new(Recorder {
            slots: [Slot {
                events: [Recorded::default(); MAX_DYNAMIC_MACRO_EVENTS],
                len: 0,
            }; MAX_DYNAMIC_MACROS],
            recording: None,
            last: 0,
        })
    }

    /// Keeps an output event in the slot being recorded; past the bound, the recording stops.
    pub fn record<S: Sink>(&mut self, event: KeyEvent, sink: &mut S) {
        let Some(index) = self.recording else {
            return;
        };
        let press = match event.state {
            KeyState::Press => true,
            KeyState::Release => false,
            KeyState::Repeat => return,
        };
        let slot = &mut self.slots[usize::from(index)];
        let len = usize::from(slot.len);
        if len == MAX_DYNAMIC_MACRO_EVENTS {
            self.recording = None;
            if sink.wants_trace() {
                sink.trace(Trace::MacroRecordStopped {
                    slot: index,
                    events: slot.len,
                    full: true,
                    at: event.time,
                });
            }
            return;
        }
        let gap = event.time.saturating_sub(self.last);
        slot.events[len] = Recorded {
            key: event.key,
            press,
            gap_us: if len == 0 {
                0
            } else {
                gap.min(u64::from(MAX_DYNAMIC_MACRO_GAP_US)) as u32
            },
        };
        slot.len += 1;
        self.last = event.time;
    }
}

/// A slot being played back.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Playback {
    slot: u8,
    step: u16,
    pub deadline: Option<Micros>,
    /// The wait before `step` is over.
    waited: bool,
    held: [KeyCode; PLAY_HELD_CAPACITY],
    held_len: usize,
}

impl Engine {
    /// `macro_record(slot)`: starts recording `slot` (what it held is replaced); pressed while
    /// any slot records, it stops that recording instead (QMK).
    pub(super) fn macro_record<S: Sink>(&mut self, slot: u8, time: Micros, sink: &mut S) {
        let Some(recorder) = self.out.recorder.as_deref() else {
            return;
        };
        if recorder.recording.is_some() {
            return self.stop_recording(time, sink);
        }
        // The slot may be the one playing, and playback must not be recorded.
        self.stop_playback(sink);
        let Some(recorder) = self.out.recorder.as_deref_mut() else {
            return;
        };
        recorder.slots[usize::from(slot)].len = 0;
        recorder.recording = Some(slot);
        recorder.last = time;
        if sink.wants_trace() {
            sink.trace(Trace::MacroRecordStarted { slot, at: time });
        }
    }

    /// `macro_stop()`: ends the recording, or else the playback.
    pub(super) fn macro_stop<S: Sink>(&mut self, time: Micros, sink: &mut S) {
        if self
            .out
            .recorder
            .as_deref()
            .is_some_and(|r| r.recording.is_some())
        {
            self.stop_recording(time, sink);
        } else {
            self.stop_playback(sink);
        }
    }

    /// Ends the recording; what it recorded stays in its slot.
    pub(super) fn stop_recording<S: Sink>(&mut self, time: Micros, sink: &mut S) {
        let Some(recorder) = self.out.recorder.as_deref_mut() else {
            return;
        };
        let Some(slot) = recorder.recording.take() else {
            return;
        };
        if sink.wants_trace() {
            sink.trace(Trace::MacroRecordStopped {
                slot,
                events: recorder.slots[usize::from(slot)].len,
                full: false,
                at: time,
            });
        }
    }

    /// `macro_play(slot)`: plays `slot` back; refused while a slot records. A playback still
    /// running is stopped first.
    pub(super) fn macro_play<S: Sink>(&mut self, slot: u8, time: Micros, sink: &mut S) {
        let Some(recorder) = self.out.recorder.as_deref() else {
            return;
        };
        if recorder.recording.is_some() {
            if sink.wants_trace() {
                sink.trace(Trace::MacroPlayRefused { slot, at: time });
            }
            return;
        }
        let events = recorder.slots[usize::from(slot)].len;
        self.stop_playback(sink);
        if sink.wants_trace() {
            sink.trace(Trace::MacroPlayStarted {
                slot,
                events,
                at: time,
            });
        }
        self.playback = Some(Playback {
            slot,
            step: 0,
            deadline: None,
            waited: false,
            held: [KeyCode::default(); PLAY_HELD_CAPACITY],
            held_len: 0,
        });
        self.run_playback(sink);
    }

    /// The playback's wait is over: on to the next wait or the end.
    pub(super) fn playback_timer<S: Sink>(&mut self, sink: &mut S) {
        if let Some(p) = self.playback.as_mut() {
            p.deadline = None;
        }
        self.run_playback(sink);
    }

    /// Ends a playback now, releasing what it holds.
    pub(super) fn stop_playback<S: Sink>(&mut self, sink: &mut S) {
        if let Some(p) = self.playback.take() {
            for key in p.held[..p.held_len].iter().rev() {
                self.out.release(*key, self.clock, sink);
            }
        }
    }

    fn recorded(&self, slot: u8, step: u16) -> Option<Recorded> {
        let slot = &self.out.recorder.as_deref()?.slots[usize::from(slot)];
        slot.events[..usize::from(slot.len)]
            .get(usize::from(step))
            .copied()
    }

    fn run_playback<S: Sink>(&mut self, sink: &mut S) {
        let Some(mut p) = self.playback else {
            return;
        };
        let clock = self.clock;
        while let Some(event) = self.recorded(p.slot, p.step) {
            if event.gap_us > 0 && !p.waited {
                p.waited = true;
                p.deadline = Some(clock + u64::from(event.gap_us));
                self.playback = Some(p);
                return;
            }
            p.waited = false;
            p.step += 1;
            if event.press {
                if p.held_len < PLAY_HELD_CAPACITY {
                    self.out.press(event.key, clock, sink);
                    p.held[p.held_len] = event.key;
                    p.held_len += 1;
                }
            } else if let Some(i) = p.held[..p.held_len].iter().position(|k| *k == event.key) {
                self.out.release(event.key, clock, sink);
                p.held.copy_within(i + 1..p.held_len, i);
                p.held_len -= 1;
            }
        }
        for key in p.held[..p.held_len].iter().rev() {
            self.out.release(*key, clock, sink);
        }
        self.playback = None;
    }
}
