//! The WebSocket and REST wire types, in one place (docs/protocol.md describes them).

use serde::{Deserialize, Serialize};

/// The WebSocket protocol version, sent in `hello`.
pub const PROTOCOL_VERSION: u32 = 1;

/// Topics a client can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Each input event with the outputs it produced.
    Keys,
    /// Layers, modifiers and held keys, whenever they change.
    State,
    /// A statistics snapshot every second.
    Stats,
    /// Config reloads and their errors.
    Config,
    /// Devices attached and detached.
    Devices,
}

impl Topic {
    pub const ALL: [Topic; 5] = [
        Topic::Keys,
        Topic::State,
        Topic::Stats,
        Topic::Config,
        Topic::Devices,
    ];
}

/// A key event on the wire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WireKey {
    pub key: String,
    /// `press`, `release` or `repeat`.
    pub action: &'static str,
    pub time_us: u64,
}

/// One input event and everything it produced (or, with no input, what a timer produced).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyMessage {
    pub device: u32,
    pub device_name: String,
    pub input: Option<WireKey>,
    pub outputs: Vec<WireKey>,
    /// Active layers of the device after the event, base first.
    pub layers: Vec<String>,
    /// Engine + merge + write time for this input, in nanoseconds.
    pub processing_ns: Option<u32>,
    /// The engine's decisions, when any were made.
    pub decisions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceState {
    pub id: u32,
    pub name: String,
    pub block: String,
    pub layers: Vec<String>,
    /// Physical keys down on it.
    pub held_inputs: Vec<String>,
}

/// The "what is down right now" view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateMessage {
    pub devices: Vec<DeviceState>,
    /// Keys the virtual keyboard holds.
    pub held_outputs: Vec<String>,
    /// Real modifiers held on the virtual keyboard.
    pub modifiers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceWire {
    pub id: u32,
    pub name: String,
    pub vendor_product: String,
    pub phys: String,
    pub uniq: String,
    pub block: String,
}

/// Everything a server sends: broadcast events and per-connection replies.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerEvent {
    Key(KeyMessage),
    State(StateMessage),
    Stats(serde_json::Value),
    Config {
        ok: bool,
        source: String,
        message: Option<String>,
    },
    Devices {
        devices: Vec<DeviceWire>,
    },
}

impl ServerEvent {
    pub fn topic(&self) -> Topic {
        match self {
            ServerEvent::Key(_) => Topic::Keys,
            ServerEvent::State(_) => Topic::State,
            ServerEvent::Stats(_) => Topic::Stats,
            ServerEvent::Config { .. } => Topic::Config,
            ServerEvent::Devices { .. } => Topic::Devices,
        }
    }
}

/// A broadcast event with its global id (gaps in ids mean events were missed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Broadcast {
    pub id: u64,
    #[serde(flatten)]
    pub event: ServerEvent,
}

/// Replies that concern one connection only.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    Hello {
        protocol: u32,
        server: String,
        topics: Vec<Topic>,
        key_stream: bool,
        keys_per_second: u32,
    },
    Subscribed {
        topics: Vec<Topic>,
    },
    /// The client fell behind and this many events were skipped.
    Lagged {
        missed: u64,
    },
    /// The `keys` rate cap was hit: this many key events were not sent in the last window.
    KeysSummary {
        suppressed: u64,
        window_ms: u64,
    },
    Pong {
        nonce: Option<u64>,
    },
    Error {
        message: String,
    },
}

/// What a client may send.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    Subscribe { topics: Vec<Topic> },
    Unsubscribe { topics: Vec<Topic> },
    Ping { nonce: Option<u64> },
}
