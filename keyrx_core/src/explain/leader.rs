//! Sentences for leader keys, their sequences and their decisions.

use super::decision::{Decision, DecisionKind};
use super::{ActionKind, ActionView, serde_name};
use crate::config::{Keymap, Leader, Sequence};
use crate::event::Micros;
use crate::keys::KeyCode;

pub(super) fn leader_view(leader: &Leader) -> ActionView {
    let mode = match leader.input_mode() {
        crate::config::LeaderInput::HiddenSuppressed => "hidden, dropped if nothing matches",
        crate::config::LeaderInput::HiddenDelayType => "hidden, typed back if nothing matches",
        crate::config::LeaderInput::VisibleBackspaced => "typed, backspaced away on a match",
    };
    ActionView {
        kind: ActionKind::Leader,
        label: "Lead".into(),
        hold: None,
        detail: format!(
            "leader: the next keys are matched against the sequences ({mode}; {})",
            match leader.timeout_ms() {
                0 => "no timeout".to_string(),
                ms => format!(
                    "{ms} ms from the {}",
                    serde_name(&leader.timeout_from()).replace('-', " ")
                ),
            }
        ),
    }
}

/// "leader g i t → types the text “git”".
pub fn describe_sequence(seq: &Sequence, keymap: &Keymap) -> String {
    let keys: Vec<String> = seq.keys.iter().map(KeyCode::to_string).collect();
    format!(
        "leader {} → {}",
        keys.join(" "),
        ActionView::of(&seq.action, keymap).detail
    )
}

pub(super) fn started(at: Micros) -> Decision {
    Decision::new(
        DecisionKind::LeaderStarted,
        at,
        "leader: the next keys are matched against the sequences".into(),
    )
}

pub(super) fn key(key: KeyCode, candidates: u16, at: Micros) -> Decision {
    let text = match candidates {
        0 => format!("leader: {key} typed"),
        1 => format!("leader: {key} typed, 1 longer sequence still possible"),
        n => format!("leader: {key} typed, {n} longer sequences still possible"),
    };
    Decision::new(DecisionKind::LeaderKey, at, text).key(key)
}

pub(super) fn matched(sequence: u16, keymap: &Keymap, at: Micros) -> Decision {
    let text = match keymap.sequences.get(usize::from(sequence)) {
        Some(seq) => format!("sequence matched: {}", describe_sequence(seq, keymap)),
        None => format!("sequence {sequence} matched"),
    };
    Decision::new(DecisionKind::SequenceMatched, at, text)
}

pub(super) fn mismatch(key: Option<KeyCode>, at: Micros) -> Decision {
    let d = Decision::new(
        DecisionKind::LeaderMismatch,
        at,
        match key {
            Some(k) => format!("leader: no sequence goes on with {k}; the sequence ends"),
            None => "leader: another action ended the sequence".into(),
        },
    );
    match key {
        Some(k) => d.key(k),
        None => d,
    }
}

pub(super) fn timeout(at: Micros) -> Decision {
    Decision::new(
        DecisionKind::LeaderTimeout,
        at,
        "leader: the sequence timed out".into(),
    )
}
