//! The commands a keymap runs, in one fixed order: the compiled keymap numbers them by it and
//! the explanations of the engine's decisions name them by it, so both agree without sharing
//! anything but the config.

use super::{Action, Keymap, MAX_NESTING};

impl Keymap {
    /// Each distinct command once, in order of first appearance: layers in order, keys in code
    /// order, then combos, then leader sequences; inside an action, tap before hold and branches before the fallback.
    /// Walks at most `MAX_NESTING` levels (deeper configs are refused by the compiler anyway).
    pub fn commands(&self) -> Vec<&[String]> {
        let mut found: Vec<&[String]> = Vec::new();
        let mapped = self.layers.iter().flat_map(|l| l.map.values());
        let combos = self.combos.iter().map(|c| &c.action);
        let sequences = self.sequences.iter().map(|s| &s.action);
        for action in mapped.chain(combos).chain(sequences) {
            collect(action, MAX_NESTING, &mut found);
        }
        found
    }
}

fn collect<'k>(action: &'k Action, budget: usize, found: &mut Vec<&'k [String]>) {
    let Some(inner) = budget.checked_sub(1) else {
        return;
    };
    match action {
        Action::Command(argv) => {
            if !found.contains(&argv.as_slice()) {
                found.push(argv);
            }
        }
        Action::TapHold(th) => {
            collect(&th.tap, inner, found);
            collect(&th.hold, inner, found);
        }
        Action::Overload(o) => {
            collect(&o.tap, inner, found);
            collect(&o.hold, inner, found);
        }
        Action::Multi(parts) => parts.iter().for_each(|a| collect(a, inner, found)),
        Action::TapDance(td) => td.actions.iter().for_each(|a| collect(a, inner, found)),
        Action::Cond(c) => {
            c.branches
                .iter()
                .for_each(|b| collect(&b.then, inner, found));
            c.otherwise.iter().for_each(|a| collect(a, inner, found));
        }
        Action::Momentary(_)
        | Action::Toggle(_)
        | Action::OneShotLayer(_)
        | Action::SetBase(_)
        | Action::OneShot(_)
        | Action::Sticky(_)
        | Action::Macro(_)
        | Action::Text(_)
        | Action::ReleaseAll
        | Action::CapsWord(_)
        | Action::RepeatKey
        | Action::LayerLock
        | Action::Leader(_)
        | Action::MacroRecord(_)
        | Action::MacroPlay(_)
        | Action::MacroStop
        | Action::Output(_) => {}
    }
}
