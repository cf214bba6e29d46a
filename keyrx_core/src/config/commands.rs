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
        for action in self.top_actions() {
            action.visit(MAX_NESTING, &mut |a| {
                if let Action::Command(argv) = a
                    && !found.contains(&argv.as_slice())
                {
                    found.push(argv);
                }
            });
        }
        found
    }
}
