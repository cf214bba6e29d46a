//! Macros: sequences of presses, releases and waits. Waits are engine timers; input that
//! arrives meanwhile queues and is handled, in order, once the macro is done.

use super::Engine;
use crate::compile::CStep;
use crate::event::{Micros, Sink};
use crate::keys::KeyCode;

/// The most keys a macro may hold down at once; presses beyond that are skipped, so the macro
/// can never leave a key it cannot release.
const MACRO_HELD_CAPACITY: usize = 16;

#[derive(Debug, Clone, Copy)]
pub(crate) struct MacroRun {
    index: u16,
    step: usize,
    pub deadline: Option<Micros>,
    held: [KeyCode; MACRO_HELD_CAPACITY],
    held_len: usize,
}

impl Engine {
    pub(super) fn start_macro<S: Sink>(&mut self, index: u16, sink: &mut S) {
        // A macro still running (a tap-hold's hold side shown while undecided, then withdrawn
        // for its tap) is finished first: replacing it would strand the keys it holds.
        while self.macro_run.is_some() {
            self.macro_timer(sink);
        }
        self.macro_run = Some(MacroRun {
            index,
            step: 0,
            deadline: None,
            held: [KeyCode::default(); MACRO_HELD_CAPACITY],
            held_len: 0,
        });
        self.run_macro(sink);
    }

    /// The macro's wait is over (or must be cut short): run on to the next wait or the end.
    pub(super) fn macro_timer<S: Sink>(&mut self, sink: &mut S) {
        if let Some(run) = self.macro_run.as_mut() {
            run.deadline = None;
        }
        self.run_macro(sink);
    }

    fn run_macro<S: Sink>(&mut self, sink: &mut S) {
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
                CStep::DelayUs(us) => {
                    run.deadline = Some(clock + us);
                    self.macro_run = Some(run);
                    return;
                }
            }
        }
        for key in run.held[..run.held_len].iter().rev() {
            self.out.release(*key, clock, sink);
        }
        self.macro_run = None;
    }
}
