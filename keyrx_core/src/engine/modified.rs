//! Modified outputs (`shift+9`) in rolls: with `modified_release = "until-next-press"` the
//! output a key sends with modifiers ends at the next key's press, so neither its modifier
//! nor its key is still down when the next character goes out.

use super::{Engine, Source};
use crate::compile::CAction;
use crate::config::{ModifiedRelease, ModifiedRoll};
use crate::event::Sink;

impl Engine {
    /// `source` just sent a modified output: remember it, to end it at the next press.
    pub(super) fn note_modified(&mut self, source: Source) {
        if self.km.options.modified_release == ModifiedRelease::UntilNextPress {
            self.rolling = Some(source);
        }
    }

    /// Another key goes down: the modified output still held (by another source) goes up now,
    /// and its key's release will have nothing left to undo.
    pub(super) fn end_modified_for<S: Sink>(&mut self, pressed: Source, sink: &mut S) {
        let Some(source) = self.rolling.filter(|s| *s != pressed) else {
            return;
        };
        self.rolling = None;
        let held = &mut self.held[source as usize];
        let Some(CAction::Key { mods, key }) = held.action else {
            return;
        };
        if held.output_ended {
            return;
        }
        held.output_ended = true;
        let mods = if held.mods_released {
            Default::default()
        } else {
            mods
        };
        held.mods_released = true;
        let clock = self.clock;
        match self.km.options.modified_roll {
            ModifiedRoll::KeyFirst => {
                self.out.release(key, clock, sink);
                self.out.release_mods(mods, clock, sink);
            }
            ModifiedRoll::ModsFirst => {
                self.out.release_mods(mods, clock, sink);
                self.out.release(key, clock, sink);
            }
        }
    }
}
