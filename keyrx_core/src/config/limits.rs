//! How deeply actions and conditions may nest and how large one may be, measured without
//! unbounded recursion or counting.
//!
//! Every walk over a config (compiling, serializing, describing, dropping) recurses once per
//! level, so the nesting bound is what keeps a hostile config from overflowing a thread's
//! stack. The bound also keeps the JSON form under serde_json's 128-level recursion limit: a
//! level costs at most four JSON levels (a conditional's object, its branch list, the branch
//! and the action) on top of the seven around a mapping, so `7 + 4 * MAX_NESTING` stays below
//! 128 and whatever compiles also loads.

use super::{Action, Condition};

/// The longest name a config may give a layer, a device block or a device matcher field, in
/// bytes: names are copied into every action that uses them.
pub const MAX_NAME_LEN: usize = 128;

/// The most actions and conditions one action may hold, all nested parts counted: copying a
/// value into itself (`any([c, c])`) doubles it, so without this a short loop is a memory bomb.
pub const MAX_PARTS: usize = 65_536;

/// The deepest chain of actions and conditions inside one another, counting the mapped action
/// as level 1 (`when(not(layer_active("x")), "a")` is three levels deep).
pub const MAX_NESTING: usize = 24;

impl Action {
    /// The nesting depth, or `MAX_NESTING + 1` for anything deeper: the walk never goes
    /// further than that, whatever the input.
    pub fn nesting(&self) -> usize {
        action_depth(self, MAX_NESTING)
    }
}

impl Condition {
    /// Like [`Action::nesting`], counting this condition as level 1.
    pub fn nesting(&self) -> usize {
        condition_depth(self, MAX_NESTING)
    }
}

impl Action {
    /// The actions and conditions this one holds, itself included, or `MAX_PARTS + 1` for
    /// anything larger: the count stops there.
    pub fn parts(&self) -> usize {
        let mut left = MAX_PARTS + 1;
        count_action(self, &mut left);
        MAX_PARTS + 1 - left
    }
}

impl Condition {
    /// Like [`Action::parts`].
    pub fn parts(&self) -> usize {
        let mut left = MAX_PARTS + 1;
        count_condition(self, &mut left);
        MAX_PARTS + 1 - left
    }
}

/// The tap and hold sides of a tap-hold or an overload.
fn sides(action: &Action) -> Option<(&Action, &Action)> {
    match action {
        Action::TapHold(th) => Some((&th.tap, &th.hold)),
        Action::Overload(o) => Some((&o.tap, &o.hold)),
        _ => None,
    }
}

fn count_action(action: &Action, left: &mut usize) {
    if *left == 0 {
        return;
    }
    *left -= 1;
    if let Some((tap, hold)) = sides(action) {
        count_action(tap, left);
        count_action(hold, left);
        return;
    }
    if let Action::Cond(c) = action {
        for b in &c.branches {
            count_condition(&b.when, left);
            count_action(&b.then, left);
        }
        c.otherwise.iter().for_each(|a| count_action(a, left));
        return;
    }
    match action {
        Action::Multi(parts) => parts.iter().for_each(|a| count_action(a, left)),
        Action::TapDance(td) => td.actions.iter().for_each(|a| count_action(a, left)),
        _ => {}
    }
}

fn count_condition(condition: &Condition, left: &mut usize) {
    if *left == 0 {
        return;
    }
    *left -= 1;
    match condition {
        Condition::Not(c) => count_condition(c, left),
        Condition::All(cs) | Condition::Any(cs) => {
            cs.iter().for_each(|c| count_condition(c, left));
        }
        _ => {}
    }
}

// Returns min(depth, budget + 1): at budget 0 it stops descending.
fn action_depth(action: &Action, budget: usize) -> usize {
    if budget == 0 {
        return 1;
    }
    if let Some((tap, hold)) = sides(action) {
        return 1 + action_depth(tap, budget - 1).max(action_depth(hold, budget - 1));
    }
    let inner = match action {
        Action::Cond(c) => {
            let branches = c.branches.iter().map(|b| {
                condition_depth(&b.when, budget - 1).max(action_depth(&b.then, budget - 1))
            });
            let otherwise = c.otherwise.iter().map(|a| action_depth(a, budget - 1));
            branches.chain(otherwise).max().unwrap_or(0)
        }
        Action::TapDance(td) => td
            .actions
            .iter()
            .map(|a| action_depth(a, budget - 1))
            .max()
            .unwrap_or(0),
        Action::Multi(parts) => parts
            .iter()
            .map(|a| action_depth(a, budget - 1))
            .max()
            .unwrap_or(0),
        _ => 0,
    };
    1 + inner
}

fn condition_depth(condition: &Condition, budget: usize) -> usize {
    if budget == 0 {
        return 1;
    }
    let inner = match condition {
        Condition::Not(c) => condition_depth(c, budget - 1),
        Condition::All(cs) | Condition::Any(cs) => cs
            .iter()
            .map(|c| condition_depth(c, budget - 1))
            .max()
            .unwrap_or(0),
        _ => 0,
    };
    1 + inner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nots(n: usize) -> Condition {
        let mut c = Condition::Layer("x".into());
        for _ in 1..n {
            c = Condition::Not(Box::new(c));
        }
        c
    }

    #[test]
    fn depth_is_exact_up_to_the_limit_and_capped_past_it() {
        assert_eq!(nots(1).nesting(), 1);
        assert_eq!(nots(MAX_NESTING).nesting(), MAX_NESTING);
        assert_eq!(nots(MAX_NESTING + 1).nesting(), MAX_NESTING + 1);
        assert_eq!(nots(MAX_NESTING + 50).nesting(), MAX_NESTING + 1);
        let th = Action::TapHold(Box::new(super::super::TapHold::new(
            Action::ReleaseAll,
            Action::Text("x".into()),
        )));
        assert_eq!(th.nesting(), 2);
        assert_eq!(th.parts(), 3);
        let wide = Condition::All(vec![Condition::Layer("x".into()); MAX_PARTS - 1]);
        assert_eq!(wide.parts(), MAX_PARTS);
        let wider = Condition::All(vec![Condition::Layer("x".into()); MAX_PARTS * 2]);
        assert_eq!(wider.parts(), MAX_PARTS + 1);
    }
}
