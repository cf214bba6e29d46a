//! Visiting the actions of a keymap and every action nested in them, to a depth bound: what
//! the walks over a config (its commands, whether it uses mouse keys) share.

use super::{Action, Keymap};

impl Keymap {
    /// The actions the keymap maps, in one fixed order: layers in order, keys in code order,
    /// then combos, then leader sequences.
    pub fn top_actions(&self) -> impl Iterator<Item = &Action> {
        let mapped = self.layers.iter().flat_map(|l| l.map.values());
        let combos = self.combos.iter().map(|c| &c.action);
        let sequences = self.sequences.iter().map(|s| &s.action);
        mapped.chain(combos).chain(sequences)
    }
}

impl Action {
    /// Calls `f` on this action, then on every action nested in it, depth first (tap before
    /// hold, branches before the fallback), at most `budget` levels down.
    pub fn visit<'a>(&'a self, budget: usize, f: &mut impl FnMut(&'a Action)) {
        let Some(inner) = budget.checked_sub(1) else {
            return;
        };
        f(self);
        match self {
            Action::TapHold(th) => {
                th.tap.visit(inner, f);
                th.hold.visit(inner, f);
            }
            Action::Overload(o) => {
                o.tap.visit(inner, f);
                o.hold.visit(inner, f);
            }
            Action::Multi(parts) => parts.iter().for_each(|a| a.visit(inner, f)),
            Action::TapDance(td) => td.actions.iter().for_each(|a| a.visit(inner, f)),
            Action::Cond(c) => {
                c.branches.iter().for_each(|b| b.then.visit(inner, f));
                c.otherwise.iter().for_each(|a| a.visit(inner, f));
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
            | Action::Command(_)
            | Action::MouseButton(_)
            | Action::MouseMove(_)
            | Action::MouseScroll(_)
            | Action::MouseSpeed(_)
            | Action::Leader(_)
            | Action::MacroRecord(_)
            | Action::MacroPlay(_)
            | Action::MacroStop
            | Action::Output(_) => {}
        }
    }
}
