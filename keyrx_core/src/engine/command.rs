//! Commands (kanata `cmd`): a key asks for a program to be run. The engine only hands the
//! command's arguments to its sink; the daemon decides whether it may run and runs it off the
//! key thread, so nothing here waits.

use super::{Engine, Source};
use crate::event::{Sink, Trace};
use crate::keys::KeyCode;

impl Engine {
    pub(super) fn run_command<S: Sink>(&mut self, source: Source, index: u16, sink: &mut S) {
        let Some(argv) = self.km.commands.get(usize::from(index)) else {
            return;
        };
        sink.command(argv);
        if sink.wants_trace() {
            sink.trace(Trace::Command {
                key: KeyCode::new(source).unwrap_or_default(),
                command: index,
                at: self.clock,
            });
        }
    }
}
