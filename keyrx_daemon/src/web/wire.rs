//! The WebSocket and REST wire types, in one place (docs/protocol.md describes them).

use keyrx_config::Diagnostic;
use keyrx_core::explain::{Decision, KeymapView};
use serde::{Deserialize, Serialize};

use super::profiles::ProfileSummary;
use crate::runtime::distribution::Bucket;
use crate::runtime::stats::Percentiles;

/// The WebSocket protocol version, sent in `hello`.
pub const PROTOCOL_VERSION: u32 = 1;

/// Topics a client can subscribe to.
#[cfg_attr(test, derive(ts_rs::TS))]
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

/// `press`, `release` or `repeat`, as the wire spells a key's movement.
pub fn action_name(state: keyrx_core::KeyState) -> &'static str {
    match state {
        keyrx_core::KeyState::Press => "press",
        keyrx_core::KeyState::Release => "release",
        keyrx_core::KeyState::Repeat => "repeat",
    }
}

/// A key event on the wire.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WireKey {
    pub key: String,
    /// `press`, `release` or `repeat`.
    #[cfg_attr(test, ts(type = "'press' | 'release' | 'repeat'"))]
    pub action: &'static str,
    pub time_us: u64,
}

/// One input event and everything it produced (or, with no input, what a timer produced).
#[cfg_attr(test, derive(ts_rs::TS))]
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
    pub decisions: Vec<Decision>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceState {
    pub id: u32,
    pub name: String,
    pub block: String,
    pub layers: Vec<String>,
    /// Physical keys down on it.
    pub held_inputs: Vec<String>,
    /// Modifiers its armed one-shots hold on the virtual keyboard: down with no key held, on
    /// purpose, until the next key uses them or they expire.
    pub one_shot: Vec<String>,
}

/// The "what is down right now" view.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateMessage {
    pub devices: Vec<DeviceState>,
    /// Keys the virtual keyboard holds.
    pub held_outputs: Vec<String>,
    /// Real modifiers held on the virtual keyboard.
    pub modifiers: Vec<String>,
    /// Lock LEDs the system has lit (`capslock`, `numlock`, …); null until it has set any,
    /// and always with the virtual backend, which has no system behind it.
    pub locks: Option<Vec<String>>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceWire {
    pub id: u32,
    pub name: String,
    pub vendor_product: String,
    pub phys: String,
    pub uniq: String,
    pub block: String,
}

/// A statistics snapshot (`/api/v1/stats` and the `stats` topic).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub events_per_second: f64,
    pub input_events: u64,
    pub output_events: u64,
    /// Per input event: engine, merge and write.
    pub processing_ns: Percentiles,
    /// How late timers fired after their deadline.
    pub timer_lateness_us: Percentiles,
    /// The distribution of processing times (ns), at most 48 buckets.
    pub processing_ns_buckets: Vec<Bucket>,
    /// The distribution of timer lateness (µs), at most 48 buckets.
    pub timer_lateness_us_buckets: Vec<Bucket>,
    pub handoff_dropped: u64,
    pub rss_bytes: u64,
    pub broadcast: BroadcastStats,
    /// What became of the commands keys asked for.
    pub commands: crate::launcher::CommandCounts,
}

/// The broadcaster's capacity and counters.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BroadcastStats {
    pub capacity: usize,
    pub subscribers: usize,
    pub clients: u64,
    pub sent: u64,
    pub lagged: u64,
    pub slow_disconnects: u64,
    pub heartbeat_timeouts: u64,
}

/// Everything a server sends: broadcast events and per-connection replies.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerEvent {
    Key(KeyMessage),
    State(StateMessage),
    Stats(Stats),
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
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Broadcast {
    pub id: u64,
    #[serde(flatten)]
    pub event: ServerEvent,
}

/// Replies that concern one connection only.
#[cfg_attr(test, derive(ts_rs::TS))]
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
    /// The client fell behind on `topic` and this many of its events were skipped (the
    /// REST views give the current state).
    Lagged {
        topic: Topic,
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
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    Subscribe { topics: Vec<Topic> },
    Unsubscribe { topics: Vec<Topic> },
    Ping { nonce: Option<u64> },
}

/// `GET /api/v1/status`.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub version: &'static str,
    #[cfg_attr(test, ts(type = "'virtual' | 'linux'"))]
    pub backend: &'static str,
    pub uptime_s: u64,
    /// Where the running config came from (a file, a profile).
    pub config_source: String,
    /// Why the last reload failed, while the previous config runs on.
    pub last_config_error: Option<String>,
    pub active_profile: Option<String>,
    /// Attached devices.
    pub devices: usize,
    pub key_stream: bool,
}

/// A profile with its source (`GET`, `PUT`, `POST` on profiles); its ETag is also a header.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileView {
    pub name: String,
    pub source: String,
    pub etag: String,
    pub size: u64,
    pub modified_ms: u64,
}

/// `GET /api/v1/profiles`.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfilesResponse {
    pub profiles: Vec<ProfileSummary>,
    pub active: Option<String>,
}

/// `POST /api/v1/profiles/{name}/activate`: running now, with the config's warnings.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivateResponse {
    pub active: String,
    pub warnings: Vec<Diagnostic>,
}

/// `GET /api/v1/examples`: the example configs a profile can start from.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamplesResponse {
    pub examples: Vec<&'static str>,
}

/// `POST /api/v1/validate`: diagnostics, and what each key does when the text compiles.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidateResponse {
    pub ok: bool,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub keymap: Option<KeymapView>,
}

/// One output event of a simulation.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulatedEvent {
    pub key: String,
    #[cfg_attr(test, ts(type = "'press' | 'release' | 'repeat'"))]
    pub action: &'static str,
    /// Milliseconds from the start, as notation writes them (`50`, `12.5`).
    pub time_ms: String,
    pub device: String,
}

/// A decision of a simulation and the device whose engine made it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub device: String,
    #[serde(flatten)]
    pub decision: Decision,
}

/// `POST /api/v1/simulate`.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulateResponse {
    /// The output in notation, with `t:` gaps.
    pub output: String,
    pub events: Vec<SimulatedEvent>,
    pub timeline: Vec<TimelineEntry>,
    pub end_ms: String,
}

/// `POST /api/v1/release-all`: what the virtual keyboard held when it was asked (the
/// release itself happens on the key thread right after).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseAllResponse {
    pub released: Vec<String>,
}

/// A name the config language accepts for a key.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyName {
    pub name: &'static str,
    pub code: u16,
    /// The key's canonical name (`name` itself unless it is an alias).
    pub canonical: &'static str,
}

/// `GET /api/v1/keys`: every key name, canonical first, then the aliases.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeysResponse {
    pub keys: Vec<KeyName>,
}
