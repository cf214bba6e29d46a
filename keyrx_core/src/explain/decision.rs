//! The engine's decisions (`Trace`) as structured, named records with a sentence each.

use serde::Serialize;

use crate::config::Keymap;
use crate::event::{ComboAbandon, Micros, TapHoldCause, Trace};
use crate::keys::KeyCode;
use crate::notation::format_ms;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    TapHold,
    ComboFired,
    ComboAbandoned,
    OneShotArmed,
    OneShotUsed,
    OneShotExpired,
    LayerOn,
    LayerOff,
    BaseLayer,
    TapDance,
    CapsWordOn,
    CapsWordOff,
    Command,
    LeaderStarted,
    LeaderKey,
    SequenceMatched,
    LeaderMismatch,
    LeaderTimeout,
    MacroRecordStarted,
    MacroRecordStopped,
    MacroPlayStarted,
    MacroPlayRefused,
    Overflow,
}

/// One decision, with names resolved against the keymap that made it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub kind: DecisionKind,
    /// Engine time of the decision.
    pub at_us: Micros,
    /// What happened and why, in one sentence.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `tap` or `hold`, for tap-hold decisions.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "'tap' | 'hold'"))]
    pub outcome: Option<&'static str>,
    /// Why, as a stable snake_case name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// A fired combo's keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combo: Option<Vec<String>>,
}

impl Decision {
    pub(super) fn new(kind: DecisionKind, at_us: Micros, text: String) -> Decision {
        Decision {
            kind,
            at_us,
            text,
            key: None,
            outcome: None,
            cause: None,
            layer: None,
            combo: None,
        }
    }
    pub(super) fn key(mut self, key: KeyCode) -> Decision {
        self.key = Some(key.to_string());
        self
    }
    pub(super) fn cause(mut self, cause: &'static str) -> Decision {
        self.cause = Some(cause);
        self
    }
}

/// Names a trace's layers and combos from the keymap of the engine that emitted it.
pub fn explain_trace(trace: &Trace, keymap: &Keymap) -> Decision {
    let layer_name = |index: u8| {
        keymap
            .layers
            .get(usize::from(index))
            .map_or_else(|| format!("#{index}"), |l| l.name.clone())
    };
    match *trace {
        Trace::TapHold {
            key,
            hold,
            cause,
            pressed_at,
            at,
        } => tap_hold(key, hold, cause, at.saturating_sub(pressed_at), at),
        Trace::ComboFired { combo, at } => {
            let keys: Vec<String> = keymap
                .combos
                .get(usize::from(combo))
                .map(|c| c.keys.iter().map(KeyCode::to_string).collect())
                .unwrap_or_default();
            let mut d = Decision::new(
                DecisionKind::ComboFired,
                at,
                format!("combo {} fired", keys.join("+")),
            );
            d.combo = Some(keys);
            d
        }
        Trace::ComboAbandoned {
            first_key,
            reason,
            at,
        } => {
            let (cause, why) = match reason {
                ComboAbandon::WindowExpired => ("window_expired", "its window closed".into()),
                ComboAbandon::OtherKey(k) => ("other_key", format!("{k} is not part of it")),
                ComboAbandon::Released(k) => ("released", format!("{k} was released early")),
            };
            Decision::new(
                DecisionKind::ComboAbandoned,
                at,
                format!("no combo from {first_key}: {why}; keys go through as typed"),
            )
            .key(first_key)
            .cause(cause)
        }
        Trace::OneShotArmed { at } => Decision::new(
            DecisionKind::OneShotArmed,
            at,
            "one-shot armed for the next key".into(),
        ),
        Trace::OneShotUsed { key, at } => Decision::new(
            DecisionKind::OneShotUsed,
            at,
            format!("one-shot applied to {key}"),
        )
        .key(key),
        Trace::OneShotExpired { at } => Decision::new(
            DecisionKind::OneShotExpired,
            at,
            "one-shot expired unused".into(),
        ),
        Trace::Layer { layer, active, at } => {
            let name = layer_name(layer);
            let (kind, word) = if active {
                (DecisionKind::LayerOn, "on")
            } else {
                (DecisionKind::LayerOff, "off")
            };
            let mut d = Decision::new(kind, at, format!("layer {name} {word}"));
            d.layer = Some(name);
            d
        }
        Trace::Base { layer, at } => {
            let name = layer_name(layer);
            let mut d = Decision::new(
                DecisionKind::BaseLayer,
                at,
                format!("base layer is now {name}"),
            );
            d.layer = Some(name);
            d
        }
        Trace::TapDance { key, count, at } => Decision::new(
            DecisionKind::TapDance,
            at,
            format!(
                "{key} tap dance: {count} {}, action {count}",
                if count == 1 { "tap" } else { "taps" }
            ),
        )
        .key(key),
        Trace::CapsWord { on: true, at } => Decision::new(
            DecisionKind::CapsWordOn,
            at,
            "caps word on: letters are shifted until the word ends".into(),
        ),
        Trace::CapsWord { on: false, at } => {
            Decision::new(DecisionKind::CapsWordOff, at, "caps word off".into())
        }
        Trace::Command { key, command, at } => {
            let line = keymap
                .commands()
                .get(usize::from(command))
                .map_or_else(|| format!("#{command}"), |argv| super::command_line(argv));
            Decision::new(
                DecisionKind::Command,
                at,
                format!("{key} asked to run `{line}`"),
            )
            .key(key)
        }
        Trace::LeaderStarted { at } => super::leader::started(at),
        Trace::LeaderKey {
            key,
            candidates,
            at,
        } => super::leader::key(key, candidates, at),
        Trace::SequenceMatched { sequence, at } => super::leader::matched(sequence, keymap, at),
        Trace::LeaderMismatch { key, at } => super::leader::mismatch(key, at),
        Trace::LeaderTimeout { at } => super::leader::timeout(at),
        Trace::MacroRecordStarted { slot, at } => super::dynamic_macro::record_started(slot, at),
        Trace::MacroRecordStopped {
            slot,
            events,
            full,
            at,
        } => super::dynamic_macro::record_stopped(slot, events, full, at),
        Trace::MacroPlayStarted { slot, events, at } => {
            super::dynamic_macro::play_started(slot, events, at)
        }
        Trace::MacroPlayRefused { slot, at } => super::dynamic_macro::play_refused(slot, at),
        Trace::Overflow { key, at } => Decision::new(
            DecisionKind::Overflow,
            at,
            format!("queue full: {key} dropped"),
        )
        .key(key),
    }
}

fn tap_hold(key: KeyCode, hold: bool, cause: TapHoldCause, after: Micros, at: Micros) -> Decision {
    let (name, why) = match cause {
        TapHoldCause::Released => ("released", "released before anything else decided".into()),
        TapHoldCause::Timeout => ("timeout", "held past its term".into()),
        TapHoldCause::OtherKeyPressed(k) => (
            "other_key_pressed",
            format!("{k} was pressed while it was undecided"),
        ),
        TapHoldCause::OtherKeyTapped(k) => {
            ("other_key_tapped", format!("{k} was tapped inside it"))
        }
        TapHoldCause::NotATrigger(k) => (
            "not_a_trigger",
            format!("{k} is not one of its hold-trigger keys"),
        ),
        TapHoldCause::SameHand(k) => ("same_hand", format!("{k} is on the same hand")),
        TapHoldCause::NoHand(k) => (
            "no_hand",
            format!("{k} was pressed, and it or this key has no hand"),
        ),
        TapHoldCause::QuickTap => ("quick_tap", "pressed again soon after a tap".into()),
        TapHoldCause::PriorIdle => ("prior_idle", "pressed too soon after another key".into()),
        TapHoldCause::RetroTap => ("retro_tap", "held past its term and released alone".into()),
        TapHoldCause::QueueFull => ("queue_full", "too many keys queued behind it".into()),
    };
    let outcome = if hold { "hold" } else { "tap" };
    let mut d = Decision::new(
        DecisionKind::TapHold,
        at,
        format!(
            "{key} resolved as {outcome}: {why} ({} ms after its press)",
            format_ms(after)
        ),
    )
    .key(key)
    .cause(name);
    d.outcome = Some(outcome);
    d
}
