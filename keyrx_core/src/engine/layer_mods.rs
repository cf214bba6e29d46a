//! Layers that carry modifiers (keyd `[nav:C]`): while such a layer is active its modifiers
//! are held on the output, so keys that fall through to the layers below are sent with them
//! (and a mouse click sees them). A key the layer itself maps is sent *without* them: they
//! are lifted at its press and restored at its release or the next press, as keyd's
//! `update_mods` does. The base layer's modifiers never apply (it is always on; keyd's main
//! layer has none). Keymaps with no such layer never enter this module's work.

use super::keypath::BASE_DEPTH;
use super::{Engine, Source};
use crate::compile::CAction;
use crate::event::Sink;
use crate::keys::ModMask;

/// What the engine holds on the output for modifier layers.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LayerMods {
    /// Modifiers pressed on behalf of active layers (one output holder each).
    pub shown: ModMask,
    /// Layer modifiers lifted for the key that is down now and was mapped by their layer.
    pub lifted: ModMask,
    pub lifted_by: Option<Source>,
}

impl Engine {
    /// A key is about to run `action`, found `depth` layers down: a key or macro mapped by a
    /// modifier layer lifts that layer's modifiers (those it does not send itself); any other
    /// press restores them.
    pub(super) fn lift_layer_mods<S: Sink>(
        &mut self,
        source: Source,
        action: CAction,
        depth: usize,
        sink: &mut S,
    ) {
        if !self.km.any_layer_mods {
            return;
        }
        // The base layer holds no modifiers (it is always on), so keys it decides lift none.
        let layer = (depth != BASE_DEPTH)
            .then(|| self.layers.stack_top_down().nth(depth))
            .flatten()
            .filter(|l| *l != self.layers.base());
        let layer_mods = layer.map_or(ModMask::NONE, |l| self.km.layer_mods[l as usize]);
        let lifted = match action {
            CAction::Key { mods, .. } | CAction::Sticky { mods, .. } => layer_mods.difference(mods),
            CAction::Macro(..) => layer_mods,
            _ => ModMask::NONE,
        };
        self.layer_mods.lifted = lifted;
        self.layer_mods.lifted_by = (!lifted.is_empty()).then_some(source);
        self.sync_layer_mods(sink);
    }

    /// `source` went up: modifiers it lifted come back.
    pub(super) fn restore_layer_mods<S: Sink>(&mut self, source: Source, sink: &mut S) {
        if !self.km.any_layer_mods {
            return;
        }
        if self.layer_mods.lifted_by == Some(source) {
            self.layer_mods.lifted = ModMask::NONE;
            self.layer_mods.lifted_by = None;
        }
        self.sync_layer_mods(sink);
    }

    /// Makes the output hold exactly the modifiers of the active layers, less those lifted.
    pub(super) fn sync_layer_mods<S: Sink>(&mut self, sink: &mut S) {
        if !self.km.any_layer_mods {
            return;
        }
        // The base layer is always on: modifiers of its own would never come up.
        let active = self.layers.active_mask() & !(1u64 << self.layers.base());
        let wanted = self
            .km
            .layer_mods
            .iter()
            .enumerate()
            .filter(|(l, _)| active & (1 << l) != 0)
            .fold(ModMask::NONE, |acc, (_, m)| acc.union(*m))
            .difference(self.layer_mods.lifted);
        let shown = self.layer_mods.shown;
        self.out
            .release_mods(shown.difference(wanted), self.clock, sink);
        self.out
            .press_mods(wanted.difference(shown), self.clock, sink);
        self.layer_mods.shown = wanted;
    }
}
