//! Macros: sequences of presses, releases and waits. Waits are engine timers; input that
//! arrives meanwhile queues and is handled, in order, once the macro is done (or goes through
//! at once with `macro_other_keys = "go-through"`). A `pause_for_release` step parks the macro
//! until its key is released; cancellation ends it early, releasing what it holds.

use super::{Engine, Source};
use crate::compile::CStep;
use crate::config::{MacroCancel, MacroOtherKeys};
use crate::event::{Micros, Sink};
use crate::keys::KeyCode;

/// The most keys a macro may hold down at once; presses beyond that are skipped, so the macro
/// can never leave a key it cannot release.
const MACRO_HELD_CAPACITY: usize = 16;

#[derive(Debug, Clone, Copy)]
pub(crate) struct MacroRun {
    index: u16,
    /// The key that started it, whose release resumes or cancels it.
    source: Source,
    cancel: MacroCancel,
    step: usize,
    pub deadline: Option<Micros>,
    /// Parked at a `pause_for_release` step until `source` goes up.
    paused: bool,
    /// `source` went up already: a later `pause_for_release` does not wait.
    released: bool,
    held: [KeyCode; MACRO_HELD_CAPACITY],
    held_len: usize,
}

/// How far `run_macro` may go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// Stop at the next wait or pause.
    Normal,
    /// Run to the end now, skipping waits and pauses (another macro must start, or the queue
    /// is full).
    ToTheEnd,
}

impl Engine {
    pub(super) fn start_macro<S: Sink>(
        &mut self,
        index: u16,
        source: Source,
        cancel: MacroCancel,
        sink: &mut S,
    ) {
        // One macro runs at a time: one still running (or parked) is finished first, since
        // replacing it would strand the keys it holds.
        self.finish_macro(sink);
        self.macro_run = Some(MacroRun {
            index,
            source,
            cancel,
            step: 0,
            deadline: None,
            paused: false,
            released: false,
            held: [KeyCode::default(); MACRO_HELD_CAPACITY],
            held_len: 0,
        });
        self.run_macro(Pace::Normal, sink);
    }

    /// Whether later input must wait for the running macro: it is waiting out a delay and
    /// other keys wait for macros.
    pub(super) fn macro_blocks(&self) -> bool {
        self.km.options.macro_other_keys == MacroOtherKeys::Wait
            && self.macro_run.is_some_and(|m| m.deadline.is_some())
    }

    /// The macro's wait is over: run on to the next wait, pause or the end.
    pub(super) fn macro_timer<S: Sink>(&mut self, sink: &mut S) {
        if let Some(run) = self.macro_run.as_mut() {
            run.deadline = None;
        }
        self.run_macro(Pace::Normal, sink);
    }

    /// Runs whatever macro is running to its end at once.
    pub(super) fn finish_macro<S: Sink>(&mut self, sink: &mut S) {
        self.run_macro(Pace::ToTheEnd, sink);
    }

    /// A press of `source` arrived: a macro cancelled by other keys' presses ends here.
    pub(super) fn cancel_macro_on_press<S: Sink>(&mut self, source: Source, sink: &mut S) {
        if self
            .macro_run
            .is_some_and(|m| m.cancel.on_press && m.source != source)
        {
            self.cancel_macro(sink);
        }
    }

    /// The key that started the running macro went up: it resumes a paused macro, cancels one
    /// that `on_release` cancels, or is remembered for a pause still to come.
    pub(super) fn macro_key_released<S: Sink>(&mut self, source: Source, sink: &mut S) {
        let Some(run) = self.macro_run.as_mut().filter(|m| m.source == source) else {
            return;
        };
        run.released = true;
        if run.paused {
            run.paused = false;
            self.run_macro(Pace::Normal, sink);
        } else if run.cancel.on_release {
            self.cancel_macro(sink);
        }
    }

    /// Whether the release of `source` cancels the running macro: it goes first, not behind it.
    pub(super) fn release_cancels_macro(&self, source: Source) -> bool {
        self.macro_run
            .is_some_and(|m| m.source == source && m.cancel.on_release && !m.paused)
    }

    /// Ends the running macro: the rest of its steps are skipped and what it holds is released.
    pub(super) fn cancel_macro<S: Sink>(&mut self, sink: &mut S) {
        if let Some(run) = self.macro_run.take() {
            for key in run.held[..run.held_len].iter().rev() {
                self.out.release(*key, self.clock, sink);
            }
        }
    }

    fn run_macro<S: Sink>(&mut self, pace: Pace, sink: &mut S) {
        let Some(mut run) = self.macro_run else {
            return;
        };
        let clock = self.clock;
        while let Some(step) = self.km.macros[run.index as usize].get(run.step).copied() {
            run.step += 1;
            match step {
                CStep::Press(key) if run.held_len < MACRO_HELD_CAPACITY => {
                    self.out.press(key, clock, sink);
                    run.held[run.held_len] = key;
                    run.held_len += 1;
                }
                CStep::Press(_) => {}
                CStep::Release(key) => {
                    if let Some(i) = run.held[..run.held_len].iter().position(|k| *k == key) {
                        self.out.release(key, clock, sink);
                        run.held.copy_within(i + 1..run.held_len, i);
                        run.held_len -= 1;
                    }
                }
                CStep::DelayUs(0) => {}
                CStep::DelayUs(us) if pace == Pace::Normal => {
                    run.deadline = Some(clock + us);
                    self.macro_run = Some(run);
                    return;
                }
                CStep::PauseForRelease if pace == Pace::Normal && !run.released => {
                    run.paused = true;
                    self.macro_run = Some(run);
                    return;
                }
                CStep::DelayUs(_) | CStep::PauseForRelease => {}
            }
        }
        for key in run.held[..run.held_len].iter().rev() {
            self.out.release(*key, clock, sink);
        }
        self.macro_run = None;
    }
}
