//! Events in and out of the engine, and the sink that receives what it emits.

use std::sync::Arc;

use crate::keys::KeyCode;

/// Monotonic time in microseconds. The engine never reads a clock: callers pass it in.
pub type Micros = u64;

/// Which way a key moved, with the kernel's values (release 0, press 1, autorepeat 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyState {
    Release = 0,
    Press = 1,
    Repeat = 2,
}

impl KeyState {
    pub fn from_value(value: i32) -> Option<KeyState> {
        match value {
            0 => Some(KeyState::Release),
            1 => Some(KeyState::Press),
            2 => Some(KeyState::Repeat),
            _ => None,
        }
    }
}

/// A key event at a point in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyEvent {
    pub key: KeyCode,
    pub state: KeyState,
    pub time: Micros,
}

impl KeyEvent {
    pub fn new(key: KeyCode, state: KeyState, time: Micros) -> KeyEvent {
        KeyEvent { key, state, time }
    }
}

/// Why a tap-hold key resolved the way it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TapHoldCause {
    /// Released before any other rule decided.
    Released,
    /// Its term passed.
    Timeout,
    /// Another key was pressed while it was undecided.
    OtherKeyPressed(KeyCode),
    /// Another key was pressed and released inside it.
    OtherKeyTapped(KeyCode),
    /// A key outside its hold-trigger keys was pressed.
    NotATrigger(KeyCode),
    /// A key of the same hand was pressed (`opposite_hand`).
    SameHand(KeyCode),
    /// A key was pressed, or pressed and released, while it or the tap-hold key has no hand
    /// (`opposite_hand`, `unknown_hand`).
    NoHand(KeyCode),
    /// Pressed again within the quick-tap window after a tap.
    QuickTap,
    /// Pressed too soon after another key (require-prior-idle).
    PriorIdle,
    /// Held past the term and released alone (retro-tap).
    RetroTap,
    /// Too many keys were queued behind it.
    QueueFull,
}

/// Why a combo candidate was given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComboAbandon {
    WindowExpired,
    OtherKey(KeyCode),
    Released(KeyCode),
}

/// A decision the engine made, for "why did this key do that?". Free when nobody listens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trace {
    TapHold {
        key: KeyCode,
        hold: bool,
        cause: TapHoldCause,
        pressed_at: Micros,
        at: Micros,
    },
    ComboFired {
        combo: u16,
        at: Micros,
    },
    ComboAbandoned {
        first_key: KeyCode,
        reason: ComboAbandon,
        at: Micros,
    },
    OneShotArmed {
        at: Micros,
    },
    OneShotUsed {
        key: KeyCode,
        at: Micros,
    },
    OneShotExpired {
        at: Micros,
    },
    Layer {
        layer: u8,
        active: bool,
        at: Micros,
    },
    Base {
        layer: u8,
        at: Micros,
    },
    /// A tap dance ended at this count (or, eager, did this count's action).
    TapDance {
        key: KeyCode,
        count: u8,
        at: Micros,
    },
    /// Caps Word went on or off.
    CapsWord {
        on: bool,
        at: Micros,
    },
    /// A key asked for a command (index into the keymap's commands) to be run.
    Command {
        key: KeyCode,
        command: u16,
        at: Micros,
    },
    /// A leader key was pressed: the next keys are matched against the sequences.
    LeaderStarted {
        at: Micros,
    },
    /// A key typed after the leader: `candidates` longer sequences still begin with what is
    /// typed (0: it completed one, or matched none).
    LeaderKey {
        key: KeyCode,
        candidates: u16,
        at: Micros,
    },
    /// Sequence `sequence` (its index in the keymap) matched; its action runs.
    SequenceMatched {
        sequence: u16,
        at: Micros,
    },
    /// What was typed after the leader matches no sequence: `key` (none: another action)
    /// ended it.
    LeaderMismatch {
        key: Option<KeyCode>,
        at: Micros,
    },
    /// The leader's timeout passed while a sequence was being typed.
    LeaderTimeout {
        at: Micros,
    },
    /// Dynamic macro `slot` started recording.
    MacroRecordStarted {
        slot: u8,
        at: Micros,
    },
    /// Dynamic macro `slot` stopped recording with `events` output events; `full`: it reached
    /// the bound, and the rest was not recorded.
    MacroRecordStopped {
        slot: u8,
        events: u16,
        full: bool,
        at: Micros,
    },
    /// Dynamic macro `slot` (of `events` events) started playing.
    MacroPlayStarted {
        slot: u8,
        events: u16,
        at: Micros,
    },
    /// Dynamic macro `slot` was not played: a slot is recording.
    MacroPlayRefused {
        slot: u8,
        at: Micros,
    },
    /// An input event was dropped because the engine's queue was full.
    Overflow {
        key: KeyCode,
        at: Micros,
    },
}

/// Receives the engine's output events and, optionally, its decisions.
pub trait Sink {
    fn key(&mut self, event: KeyEvent);
    /// A command to run: its arguments, the program first. Whether it runs, and where, is the
    /// caller's business; the engine only asks.
    fn command(&mut self, _argv: &Arc<[String]>) {}
    /// Called only when `wants_trace` is true.
    fn trace(&mut self, _trace: Trace) {}
    fn wants_trace(&self) -> bool {
        false
    }
}

impl Sink for Vec<KeyEvent> {
    fn key(&mut self, event: KeyEvent) {
        self.push(event);
    }
}

/// Collects output and decisions alike.
#[derive(Debug, Default, Clone)]
pub struct Recorder {
    pub keys: Vec<KeyEvent>,
    pub traces: Vec<Trace>,
    /// Commands asked for, in order.
    pub commands: Vec<Arc<[String]>>,
}

impl Sink for Recorder {
    fn key(&mut self, event: KeyEvent) {
        self.keys.push(event);
    }
    fn command(&mut self, argv: &Arc<[String]>) {
        self.commands.push(Arc::clone(argv));
    }
    fn trace(&mut self, trace: Trace) {
        self.traces.push(trace);
    }
    fn wants_trace(&self) -> bool {
        true
    }
}
