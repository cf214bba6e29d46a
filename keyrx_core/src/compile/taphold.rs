//! Compiling tap-holds and keyd's overloads, and the hands an opposite-hand tap-hold reads.

use super::{Builder, CAction, CTapHold, CompileError, KeySet, Place, Table, last_index};
use crate::config::{
    Flavor, HandPolicy, Options, Overload, QuickTapFrom, RetroTap, TapHold, TermDecides,
};

/// A term that never ends (`overload` without a timeout): no timer is ever scheduled.
pub const NEVER: u64 = u64::MAX;

/// How an `opposite_hand` tap-hold treats keys by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandRule {
    pub same_hand: HandPolicy,
    pub unknown_hand: HandPolicy,
    pub timeout: TermDecides,
    pub same_hand_chords: bool,
    /// This key's `neutral_keys` (an index into `CompiledKeymap::neutral_keys`) and what they
    /// decide: kanata's `(neutral-keys ..)` and `(neutral ..)`.
    pub neutral: Option<(u16, HandPolicy)>,
}

/// Which hand a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hand {
    Left,
    Right,
}

/// The hands as key sets; a key may belong to one hand only.
pub(super) fn hand_sets(options: &Options) -> Result<[KeySet; 2], CompileError> {
    let mut sets = [KeySet::default(); 2];
    options.hands.left.iter().for_each(|k| sets[0].insert(*k));
    options.hands.right.iter().for_each(|k| sets[1].insert(*k));
    match options.hands.right.iter().find(|k| sets[0].contains(**k)) {
        Some(k) => Err(CompileError::KeyInBothHands(*k)),
        None => Ok(sets),
    }
}

impl Builder<'_> {
    pub(super) fn tap_hold(&mut self, th: &TapHold, at: &Place) -> Result<CAction, CompileError> {
        let d = &self.options.tap_hold;
        let ms = |v: Option<u32>, default: u32| u64::from(v.unwrap_or(default)) * 1000;
        let hold_triggers = (!th.hold_trigger_keys.is_empty()).then(|| {
            let mut set = KeySet::default();
            th.hold_trigger_keys.iter().for_each(|k| set.insert(*k));
            set
        });
        let neutral = match th.neutral_keys.is_empty() {
            true => None,
            false => Some((
                self.neutral_keys(&th.neutral_keys, at)?,
                th.neutral.unwrap_or(HandPolicy::Ignore),
            )),
        };
        let compiled = CTapHold {
            tap: self.action(&th.tap, at, true)?,
            hold: self.action(&th.hold, at, true)?,
            flavor: th.flavor.unwrap_or(d.flavor),
            term_us: ms(th.term_ms, d.term_ms),
            quick_tap_us: ms(th.quick_tap_ms, d.quick_tap_ms),
            quick_tap_from: th.quick_tap_from.unwrap_or(d.quick_tap_from),
            prior_idle_us: ms(th.require_prior_idle_ms, d.require_prior_idle_ms),
            retro_tap: th.retro_tap.unwrap_or(d.retro_tap),
            hold_while_undecided: th.hold_while_undecided.unwrap_or(d.hold_while_undecided),
            hold_triggers,
            hand_rule: th
                .opposite_hand
                .unwrap_or(d.opposite_hand)
                .then(|| HandRule {
                    same_hand: th.same_hand.unwrap_or(d.same_hand),
                    unknown_hand: th.unknown_hand.unwrap_or(d.unknown_hand),
                    timeout: th.opposite_hand_timeout.unwrap_or(d.opposite_hand_timeout),
                    same_hand_chords: d.same_hand_chords,
                    neutral,
                }),
        };
        self.push_tap_hold(compiled, at)
    }

    /// Stores a tap-hold's neutral keys as one set, off the tap-hold entry the engine copies.
    fn neutral_keys(
        &mut self,
        keys: &[crate::keys::KeyCode],
        at: &Place,
    ) -> Result<u16, CompileError> {
        let mut set = KeySet::default();
        keys.iter().for_each(|k| set.insert(*k));
        self.out.neutral_keys.push(set);
        last_index(&self.out.neutral_keys, Table::TapHolds, at)
    }

    fn push_tap_hold(&mut self, compiled: CTapHold, at: &Place) -> Result<CAction, CompileError> {
        self.out.tap_holds.push(compiled);
        Ok(CAction::TapHold(last_index(
            &self.out.tap_holds,
            Table::TapHolds,
            at,
        )?))
    }

    /// keyd's overload is a tap-hold whose hold shows at once and that any other key's press
    /// makes a hold, with none of the tap-hold defaults: keyd's overload has no quick tap,
    /// no prior-idle rule and no retro-tap. Without a timeout its term never ends.
    pub(super) fn overload(&mut self, o: &Overload, at: &Place) -> Result<CAction, CompileError> {
        let timeout_ms = o.timeout_ms.unwrap_or(self.options.overload_tap_timeout_ms);
        let compiled = CTapHold {
            tap: self.action(&o.tap, at, true)?,
            hold: self.action(&o.hold, at, true)?,
            flavor: Flavor::HoldOnOtherKeyPress,
            term_us: match timeout_ms {
                0 => NEVER,
                ms => u64::from(ms) * 1000,
            },
            quick_tap_us: 0,
            quick_tap_from: QuickTapFrom::Press,
            prior_idle_us: 0,
            retro_tap: RetroTap::Off,
            hold_while_undecided: true,
            hold_triggers: None,
            hand_rule: None,
        };
        self.push_tap_hold(compiled, at)
    }
}
