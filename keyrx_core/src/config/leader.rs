//! Sequences behind a leader key (kanata `sequence`/`defseq`, QMK Leader) and dynamic macros
//! (kanata `dynamic-macro-*`, QMK Dynamic Macros): their actions' options and declarations.

use serde::{Deserialize, Serialize};

use super::Action;
use crate::keys::KeyCode;

/// The leader key: the keys typed after it are matched against the keymap's sequences.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Leader {
    /// How long a sequence may take; `None` takes 1000 ms (kanata's `sequence-timeout`); 0
    /// never times out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u32>,
    /// What happens to the typed keys; `None` takes `hidden-delay-type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_mode: Option<LeaderInput>,
    /// Where the timeout is measured from; `None` takes `leader`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_from: Option<LeaderTimeoutFrom>,
}

/// The leader's default timeout (kanata's `sequence-timeout` default).
pub const LEADER_TIMEOUT_MS: u32 = 1000;

impl Leader {
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms.unwrap_or(LEADER_TIMEOUT_MS)
    }
    pub fn input_mode(&self) -> LeaderInput {
        self.input_mode.unwrap_or_default()
    }
    pub fn timeout_from(&self) -> LeaderTimeoutFrom {
        self.timeout_from.unwrap_or_default()
    }
}

/// What the keys typed after the leader do (kanata `sequence-input-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeaderInput {
    /// Swallowed while typed; on a mismatch or the timeout they are dropped.
    HiddenSuppressed,
    /// Swallowed while typed; on a mismatch or the timeout they are typed back in order.
    #[default]
    HiddenDelayType,
    /// Typed as they go; on a match they are backspaced away before the action runs.
    VisibleBackspaced,
}

impl LeaderInput {
    pub const NAMES: &[&str] = &[
        "hidden-suppressed",
        "hidden-delay-type",
        "visible-backspaced",
    ];
}

/// Where the leader's timeout runs from (QMK `LEADER_PER_KEY_TIMING` is `last-key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeaderTimeoutFrom {
    /// The leader key's press: the whole sequence must be typed within the timeout.
    #[default]
    Leader,
    /// The last key typed: each key restarts the timeout.
    LastKey,
}

impl LeaderTimeoutFrom {
    pub const NAMES: &[&str] = &["leader", "last-key"];
}

/// A sequence typed after a leader key, and what it does (tapped: pressed and released).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sequence {
    /// The keys, in order, as the layers resolve them when typed.
    pub keys: Vec<KeyCode>,
    pub action: Action,
}
