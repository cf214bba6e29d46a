//! Tap-hold decisions: while a tap-hold key is undecided, later events queue behind it; each
//! queued event and the key's term are checked against its flavour's rules, in time order.

use super::{Engine, Input, Source};
use crate::compile::{CAction, CTapHold, HandRule, NEVER};
use crate::config::{Flavor, HandPolicy, QuickTapFrom, RetroTap, TermDecides};
use crate::event::{KeyState, Micros, Sink, TapHoldCause, Trace};
use crate::keys::{KEY_COUNT, KeyCode};

/// The tap-hold key being decided.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pending {
    pub(super) source: Source,
    /// What a transparent tap or hold side stands for: the key's action on the layers below.
    fallback: CAction,
    key: KeyCode,
    index: u16,
    pressed_at: Micros,
    /// When the term ends; `None` once a deferred retro-tap is waiting past it.
    pub deadline: Option<Micros>,
    /// Past the term with `RetroTap::Deferred`: the next press makes it a hold, release a tap.
    deferred: bool,
    /// The hold was emitted at press (`hold_while_undecided`).
    hold_shown: bool,
    /// How many queued events have been checked against the rules.
    scanned: usize,
}

/// The hand rule's reading of an interrupting key.
#[derive(Debug, Clone, Copy)]
enum Verdict {
    /// The other hand: the flavour decides, as without hands.
    Opposite,
    SameHand(HandPolicy),
    /// A same-hand tap-hold key with `same_hand_chords`: it decides at its release.
    SameHandChord(HandPolicy),
    /// The key or the tap-hold key has no hand.
    NoHand(HandPolicy),
}

/// What a hand policy decides now: `Some((hold, cause))`, or nothing for `Ignore`.
fn decided(policy: HandPolicy, cause: TapHoldCause) -> Option<(bool, TapHoldCause)> {
    match policy {
        HandPolicy::Tap => Some((false, cause)),
        HandPolicy::Hold => Some((true, cause)),
        HandPolicy::Ignore => None,
    }
}

/// What the press of another key, queued behind the pending one, decides.
fn press_rule(
    p: &Pending,
    th: &CTapHold,
    hand: Option<Verdict>,
    key: KeyCode,
) -> Option<(bool, TapHoldCause)> {
    if p.deferred {
        return Some((true, TapHoldCause::OtherKeyPressed(key)));
    }
    if th.hold_triggers.is_some_and(|t| !t.contains(key)) {
        return Some((false, TapHoldCause::NotATrigger(key)));
    }
    let hold_at_press = matches!(
        th.flavor,
        Flavor::HoldOnOtherKeyPress | Flavor::TapUnlessInterrupted
    );
    match hand {
        // A same-hand key decides at its press, whatever the flavour (QMK settles a same-hand
        // chord as tapped at once; kanata's `-release` variant too).
        Some(Verdict::SameHand(policy)) => decided(policy, TapHoldCause::SameHand(key)),
        Some(Verdict::SameHandChord(_)) | Some(Verdict::NoHand(HandPolicy::Ignore)) => None,
        Some(Verdict::NoHand(policy)) if hold_at_press => {
            decided(policy, TapHoldCause::NoHand(key))
        }
        Some(Verdict::NoHand(_)) => None,
        None | Some(Verdict::Opposite) if hold_at_press => {
            Some((true, TapHoldCause::OtherKeyPressed(key)))
        }
        None | Some(Verdict::Opposite) => None,
    }
}

/// The most recent tap of a tap-hold key, for the quick-tap window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LastTap {
    source: Source,
    index: u16,
    press: Micros,
    release: Option<Micros>,
}

impl Engine {
    pub(super) fn start_tap_hold<S: Sink>(
        &mut self,
        input: Input,
        index: u16,
        fallback: CAction,
        sink: &mut S,
    ) {
        let th = self.km.tap_holds[index as usize];
        let mut pending = Pending {
            source: input.source,
            fallback,
            key: input.key,
            index,
            pressed_at: input.time,
            // An overload without a timeout never ends its term: no timer is ever scheduled.
            deadline: (th.term_us != NEVER).then(|| input.time.saturating_add(th.term_us)),
            deferred: false,
            hold_shown: false,
            scanned: 0,
        };
        if self.within_quick_tap(input, index, &th) {
            return self.decide(pending, false, TapHoldCause::QuickTap, input.time, sink);
        }
        let prior_idle = th.prior_idle_us > 0
            && self
                .last_typed
                .is_some_and(|t| input.time.saturating_sub(t) < th.prior_idle_us);
        if prior_idle {
            return self.decide(pending, false, TapHoldCause::PriorIdle, input.time, sink);
        }
        if th.hold_while_undecided {
            let hold = self.side(th.hold, fallback);
            self.press_action(input.source, hold, input.time, sink);
            pending.hold_shown = true;
        }
        self.pending = Some(pending);
    }

    fn within_quick_tap(&self, input: Input, index: u16, th: &CTapHold) -> bool {
        let Some(last) = self.last_tap else {
            return false;
        };
        if th.quick_tap_us == 0 || last.source != input.source || last.index != index {
            return false;
        }
        let origin = match th.quick_tap_from {
            QuickTapFrom::Press => Some(last.press),
            QuickTapFrom::Release => last.release,
        };
        let end = self.km.options.tap_hold.quick_tap_end;
        origin.is_some_and(|t| end.contains(input.time.saturating_sub(t), th.quick_tap_us))
    }

    /// Checks queued events (and the term) against the pending key's rules. Returns whether it
    /// was decided.
    pub(super) fn try_decide<S: Sink>(&mut self, sink: &mut S) -> bool {
        let Some(mut p) = self.pending else {
            return true;
        };
        let th = self.km.tap_holds[p.index as usize];
        while p.scanned < self.queue.len() {
            let event = self.queue[p.scanned];
            if let Some(deadline) = p.deadline.filter(|d| *d <= event.time) {
                if let Some(hold) = self.at_term(&mut p, &th) {
                    self.decide(p, hold, TapHoldCause::Timeout, deadline, sink);
                    return true;
                }
                continue;
            }
            if let Some((hold, cause)) = self.rule(&p, &th, event) {
                self.decide(p, hold, cause, event.time, sink);
                return true;
            }
            p.scanned += 1;
        }
        if let Some(deadline) = p.deadline.filter(|d| *d <= self.clock) {
            if let Some(hold) = self.at_term(&mut p, &th) {
                self.decide(p, hold, TapHoldCause::Timeout, deadline, sink);
                return true;
            }
        }
        self.pending = Some(p);
        false
    }

    /// The term has passed: `Some(hold)` if that decides, `None` if a deferred retro-tap waits on.
    fn at_term(&self, p: &mut Pending, th: &CTapHold) -> Option<bool> {
        if th.hand_rule.is_some_and(|r| r.timeout == TermDecides::Tap) {
            return Some(false);
        }
        match (th.flavor, th.retro_tap) {
            (Flavor::TapUnlessInterrupted, _) => Some(false),
            (_, RetroTap::Deferred) => {
                // Deferred waits for another key; one already pressed inside the term counts.
                let pressed_inside = self
                    .queue
                    .iter()
                    .take(p.scanned)
                    .any(|q| q.source != p.source && q.state == KeyState::Press);
                p.deferred = true;
                p.deadline = None;
                pressed_inside.then_some(true)
            }
            _ => Some(true),
        }
    }

    /// What `event`, queued behind the pending key, decides.
    fn rule(&self, p: &Pending, th: &CTapHold, event: Input) -> Option<(bool, TapHoldCause)> {
        if event.source == p.source {
            let cause = if p.deferred {
                TapHoldCause::RetroTap
            } else {
                TapHoldCause::Released
            };
            return (event.state == KeyState::Release).then_some((false, cause));
        }
        let hand = th.hand_rule.map(|r| self.hand_verdict(r, p.key, event));
        match event.state {
            KeyState::Press => press_rule(p, th, hand, event.key),
            KeyState::Release => self.release_rule(p, th, hand, event),
            KeyState::Repeat => None,
        }
    }

    /// What the release of a key queued behind the pending one decides: only a key pressed
    /// inside it counts (`balanced`, or a same-hand chord).
    fn release_rule(
        &self,
        p: &Pending,
        th: &CTapHold,
        hand: Option<Verdict>,
        event: Input,
    ) -> Option<(bool, TapHoldCause)> {
        let chord = matches!(hand, Some(Verdict::SameHandChord(_)));
        if !chord && th.flavor != Flavor::Balanced {
            return None;
        }
        let pressed_inside = self
            .queue
            .iter()
            .take(p.scanned)
            .any(|q| q.source == event.source && q.state == KeyState::Press);
        if !pressed_inside {
            return None;
        }
        match hand {
            // A same-hand tap-hold released first: the chord was a roll (QMK).
            Some(Verdict::SameHandChord(policy)) => {
                decided(policy, TapHoldCause::SameHand(event.key))
            }
            // Decided (or skipped) at its press already.
            Some(Verdict::SameHand(_)) => None,
            Some(Verdict::NoHand(policy)) => decided(policy, TapHoldCause::NoHand(event.key)),
            None | Some(Verdict::Opposite) => Some((true, TapHoldCause::OtherKeyTapped(event.key))),
        }
    }

    /// How the hands of the tap-hold key and the interrupting key relate (kanata's
    /// `tap-hold-opposite-hand`, QMK's `get_chordal_hold_default`).
    fn hand_verdict(&self, rule: HandRule, own: KeyCode, other: Input) -> Verdict {
        // kanata checks neutral-keys before defhands; they decide like keys of no hand.
        if let Some((set, policy)) = rule.neutral {
            if self.km.neutral_keys[usize::from(set)].contains(other.key) {
                return Verdict::NoHand(policy);
            }
        }
        match (self.km.hand(own), self.km.hand(other.key)) {
            (Some(a), Some(b)) if a == b && rule.same_hand_chords && self.is_tap_hold(other) => {
                Verdict::SameHandChord(rule.same_hand)
            }
            (Some(a), Some(b)) if a == b => Verdict::SameHand(rule.same_hand),
            (Some(_), Some(_)) => Verdict::Opposite,
            _ => Verdict::NoHand(rule.unknown_hand),
        }
    }

    /// Whether a physical key's press resolves, on the layers as they are now, to a tap-hold.
    fn is_tap_hold(&self, event: Input) -> bool {
        usize::from(event.source) < KEY_COUNT
            && matches!(self.resolve_below(event.key, 0).0, CAction::TapHold(_))
    }

    /// Commits the pending key to tap or hold and presses the chosen side.
    pub(super) fn decide<S: Sink>(
        &mut self,
        p: Pending,
        hold: bool,
        cause: TapHoldCause,
        at: Micros,
        sink: &mut S,
    ) {
        self.pending = None;
        if sink.wants_trace() {
            sink.trace(Trace::TapHold {
                key: p.key,
                hold,
                cause,
                pressed_at: p.pressed_at,
                at,
            });
        }
        let th = self.km.tap_holds[p.index as usize];
        if hold {
            if !p.hold_shown {
                let action = self.side(th.hold, p.fallback);
                self.press_action(p.source, action, at, sink);
            }
            if th.retro_tap == RetroTap::AfterHold {
                self.retro = Some(p.source);
            }
        } else {
            if p.hold_shown {
                self.release_source(p.source, at, sink);
            }
            let action = self.side(th.tap, p.fallback);
            self.press_action(p.source, action, at, sink);
            self.last_tap = Some(LastTap {
                source: p.source,
                index: p.index,
                press: p.pressed_at,
                release: None,
            });
        }
        self.held[p.source as usize].tap_hold = Some(p.index);
    }

    /// One side of a tap-hold as it stands now; transparent means `fallback`.
    fn side(&self, id: crate::compile::ActionId, fallback: CAction) -> CAction {
        match self.deref_cond(id) {
            CAction::Transparent => fallback,
            action => action,
        }
    }

    /// A resolved tap-hold key went up (its action is already undone).
    pub(super) fn tap_hold_released<S: Sink>(
        &mut self,
        source: Source,
        index: u16,
        time: Micros,
        sink: &mut S,
    ) {
        if let Some(last) = self
            .last_tap
            .as_mut()
            .filter(|l| l.source == source && l.release.is_none())
        {
            last.release = Some(time);
        }
        if self.retro != Some(source) {
            return;
        }
        self.retro = None;
        let th = self.km.tap_holds[index as usize];
        if sink.wants_trace() {
            sink.trace(Trace::TapHold {
                key: KeyCode::new(source).unwrap_or_default(),
                hold: false,
                cause: TapHoldCause::RetroTap,
                pressed_at: time,
                at: time,
            });
        }
        let physical = CAction::Key {
            mods: crate::keys::ModMask::NONE,
            key: KeyCode::new(source).unwrap_or_default(),
        };
        let tap = self.side(th.tap, physical);
        self.press_action(source, tap, time, sink);
        self.release_source(source, time, sink);
    }
}
