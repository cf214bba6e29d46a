//! Sentences for dynamic macros and their decisions.

use super::decision::{Decision, DecisionKind};
use super::{ActionKind, ActionView};
use crate::event::Micros;

pub(super) fn record_view(slot: u8) -> ActionView {
    ActionView {
        kind: ActionKind::Macro,
        label: format!("●{slot}"),
        hold: None,
        detail: format!(
            "records what is typed into dynamic macro {slot}, until pressed again or macro_stop"
        ),
    }
}

pub(super) fn play_view(slot: u8) -> ActionView {
    ActionView {
        kind: ActionKind::Macro,
        label: format!("▶{slot}"),
        hold: None,
        detail: format!("plays dynamic macro {slot} back, with its timing"),
    }
}

pub(super) fn stop_view() -> ActionView {
    ActionView {
        kind: ActionKind::Macro,
        label: "■".into(),
        hold: None,
        detail: "stops recording a dynamic macro (or stops its playback)".into(),
    }
}

pub(super) fn record_started(slot: u8, at: Micros) -> Decision {
    Decision::new(
        DecisionKind::MacroRecordStarted,
        at,
        format!("recording dynamic macro {slot}"),
    )
}

pub(super) fn record_stopped(slot: u8, events: u16, full: bool, at: Micros) -> Decision {
    let why = if full { ": it is full" } else { "" };
    Decision::new(
        DecisionKind::MacroRecordStopped,
        at,
        format!("dynamic macro {slot} recorded, {events} events{why}"),
    )
    .cause(if full { "full" } else { "stopped" })
}

pub(super) fn play_started(slot: u8, events: u16, at: Micros) -> Decision {
    Decision::new(
        DecisionKind::MacroPlayStarted,
        at,
        format!("playing dynamic macro {slot}, {events} events"),
    )
}

pub(super) fn play_refused(slot: u8, at: Micros) -> Decision {
    Decision::new(
        DecisionKind::MacroPlayRefused,
        at,
        format!("dynamic macro {slot} not played: a macro is being recorded"),
    )
}
