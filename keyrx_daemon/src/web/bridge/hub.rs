//! What the web side shares: the daemon's state as the bridge keeps it, the broadcast of
//! events (one channel per topic) with its counters, and who wants the engine's decisions.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use keyrx_core::config::{Config, DeviceInfo};
use keyrx_core::keys::KEY_COUNT;
use tokio::sync::broadcast;

use super::super::wire::Topic;
use crate::runtime::DeviceId;
use crate::runtime::observe::Wake;
use crate::runtime::stats::SharedStats;

#[derive(Debug)]
pub struct Frame {
    pub topic: Topic,
    /// `{"id":N,"type":...}`.
    pub json: String,
}

/// Counters of the broadcaster, for `/stats` and `/metrics`.
#[derive(Debug, Default)]
pub struct BroadcastCounters {
    pub sent: AtomicU64,
    /// Events that lagging clients never got.
    pub lagged: AtomicU64,
    /// Clients disconnected for staying behind.
    pub slow_disconnects: AtomicU64,
    /// Clients disconnected for not answering pings.
    pub heartbeat_timeouts: AtomicU64,
    pub clients: AtomicU64,
}

/// A device as the web side knows it.
#[derive(Debug, Clone)]
pub struct DeviceView {
    pub info: DeviceInfo,
    pub block: usize,
    pub layers: u64,
    pub held: Vec<bool>,
    /// Modifiers its armed one-shots hold on the output.
    pub one_shot: keyrx_core::keys::ModMask,
}

/// What the web side knows of the daemon, kept by the bridge thread. The lock is shared by
/// web threads only; the key thread never sees it.
#[derive(Default)]
pub struct DaemonState {
    pub config: Option<Arc<Config>>,
    pub config_source: String,
    pub last_config_error: Option<String>,
    pub devices: BTreeMap<DeviceId, DeviceView>,
    pub held_outputs: Vec<bool>,
    /// The lock LEDs the system set on the virtual keyboard; unknown until it first does.
    pub locks: Option<u16>,
}

/// The input rate between two looks at the counters at least a second apart.
struct RateSample {
    at: Instant,
    inputs: u64,
    rate: f64,
}

/// Input events per second, measured when someone asks (`/stats`, the stats topic): the rate
/// since the previous sample, once at least a second has passed; the previous rate before.
#[derive(Clone)]
pub struct RateMeter(Arc<Mutex<RateSample>>);

impl RateMeter {
    fn new() -> RateMeter {
        RateMeter(Arc::new(Mutex::new(RateSample {
            at: Instant::now(),
            inputs: 0,
            rate: 0.0,
        })))
    }

    pub fn rate(&self, inputs: u64, now: Instant) -> f64 {
        let Ok(mut s) = self.0.lock() else { return 0.0 };
        let elapsed = now.saturating_duration_since(s.at).as_secs_f64();
        if elapsed >= 1.0 {
            s.rate = inputs.saturating_sub(s.inputs) as f64 / elapsed;
            s.at = now;
            s.inputs = inputs;
        }
        s.rate
    }
}

/// The handles web handlers use.
#[derive(Clone)]
pub struct Hub {
    /// One bounded channel per topic, in `Topic::ALL` order: a client subscribes to the
    /// channels of its topics only, so a burst on one topic cannot make a client of another
    /// fall behind, and an unsubscribed client holds no channel at all.
    pub(super) channels: [broadcast::Sender<Arc<Frame>>; Topic::ALL.len()],
    pub state: Arc<Mutex<DaemonState>>,
    pub counters: Arc<BroadcastCounters>,
    pub capacity: usize,
    /// What the key thread counts (events, timings, handoff drops), read when asked.
    pub stats: Arc<SharedStats>,
    pub rate: RateMeter,
    /// Wakes the bridge: a new `stats` subscriber starts its period.
    pub wake: Arc<Wake>,
    pub decisions: DecisionInterest,
}

/// Whether anyone listens for the engine's decisions. The key thread only reads the flag;
/// the count behind it is the web side's, so the key path never touches its lock.
#[derive(Clone, Default)]
pub struct DecisionInterest {
    flag: Arc<AtomicBool>,
    listeners: Arc<Mutex<usize>>,
}

impl DecisionInterest {
    pub(super) fn new(flag: Arc<AtomicBool>) -> DecisionInterest {
        DecisionInterest {
            flag,
            listeners: Arc::default(),
        }
    }

    /// Decisions flow while the returned guard lives.
    pub fn listen(&self) -> DecisionListener {
        self.adjust(1);
        DecisionListener(self.clone())
    }

    pub fn wanted(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    fn adjust(&self, by: isize) {
        if let Ok(mut n) = self.listeners.lock() {
            *n = n.saturating_add_signed(by);
            self.flag.store(*n > 0, Ordering::Relaxed);
        }
    }
}

/// One listener's interest in decisions, withdrawn when dropped.
pub struct DecisionListener(DecisionInterest);

impl Drop for DecisionListener {
    fn drop(&mut self) {
        self.0.adjust(-1);
    }
}

impl Hub {
    /// A hub whose topics each keep `capacity` events (rounded up to a power of two, as the
    /// broadcast channel stores them), with no devices yet.
    pub fn new(capacity: usize) -> Hub {
        let capacity = capacity.max(1).next_power_of_two();
        Hub {
            channels: Topic::ALL.map(|_| broadcast::channel(capacity).0),
            state: Arc::new(Mutex::new(DaemonState {
                held_outputs: vec![false; KEY_COUNT],
                ..DaemonState::default()
            })),
            counters: Arc::default(),
            capacity,
            stats: Arc::default(),
            rate: RateMeter::new(),
            wake: Arc::default(),
            decisions: DecisionInterest::default(),
        }
    }

    /// Receives the events of `topic` sent from now on.
    pub fn subscribe(&self, topic: Topic) -> broadcast::Receiver<Arc<Frame>> {
        let rx = self.channels[topic_index(topic)].subscribe();
        if topic == Topic::Stats {
            self.wake.wake();
        }
        rx
    }

    pub fn has_subscribers(&self, topic: Topic) -> bool {
        self.channels[topic_index(topic)].receiver_count() > 0
    }

    /// Sends a frame to its topic's subscribers; false when the topic has none.
    pub fn publish(&self, frame: Arc<Frame>) -> bool {
        self.channels[topic_index(frame.topic)].send(frame).is_ok()
    }

    /// Topic subscriptions, summed over the clients.
    pub fn subscribers(&self) -> usize {
        self.channels.iter().map(|c| c.receiver_count()).sum()
    }
}

/// Where a topic stands in `Topic::ALL`.
pub fn topic_index(topic: Topic) -> usize {
    Topic::ALL
        .iter()
        .position(|t| *t == topic)
        .expect("every topic is in Topic::ALL")
}
