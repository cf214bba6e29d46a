//! What the runtime tells observers (the web server, stats), through a bounded, non-blocking
//! handoff: the key path pushes into a wait-free ring and counts what does not fit. It never
//! waits for an observer, allocates or takes a lock.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};

use keyrx_core::config::{Config, DeviceInfo};
use keyrx_core::keys::ModMask;
use keyrx_core::{KeyEvent, Trace};

use super::DeviceId;

/// A key-path happening. Small and `Copy`, so the ring never allocates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Observation {
    /// An input event, before remapping.
    Input { device: DeviceId, event: KeyEvent },
    /// An event written to the virtual keyboard.
    Output { event: KeyEvent },
    /// How long handling one input event took (engine, merge, write), in nanoseconds.
    Processed { device: DeviceId, nanos: u32 },
    /// A timer fired this late after its deadline, in microseconds.
    TimerFired { lateness_us: u32 },
    /// One of the engine's decisions (only while someone asks for them).
    Decision { device: DeviceId, trace: Trace },
    /// The active layers of a device changed; `mask` has bit `l` for each active layer.
    Layers { device: DeviceId, mask: u64 },
    /// The modifiers a device's armed one-shots hold on the output changed (held with no key
    /// down, on purpose: not stuck).
    OneShot { device: DeviceId, mods: ModMask },
}

/// A rare happening (devices, configs), sent off the per-key path through a small channel.
#[derive(Debug, Clone)]
pub enum Notice {
    DeviceAttached {
        id: DeviceId,
        info: DeviceInfo,
        block: usize,
    },
    DeviceDetached {
        id: DeviceId,
    },
    /// A config is running now (at start and after each reload).
    ConfigApplied {
        source: String,
        config: Arc<Config>,
    },
    /// A config failed to compile; the running one stays.
    ConfigRejected {
        source: String,
        message: String,
    },
    /// The system set the virtual keyboard's LEDs: bit `n` is LED code `n` (num, caps,
    /// scroll, compose, kana lock).
    Locks {
        leds: u16,
    },
}

/// How many notices may wait; they are rare, so this is only a safety bound.
const NOTICE_CAPACITY: usize = 1024;

/// Sends notices without ever blocking; a full channel drops and counts.
#[derive(Clone)]
pub struct Notices {
    tx: Option<SyncSender<Notice>>,
    counters: Arc<HandoffCounters>,
}

impl Notices {
    pub fn send(&self, notice: Notice) {
        let Some(tx) = &self.tx else { return };
        if let Err(TrySendError::Full(_)) = tx.try_send(notice) {
            self.counters.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Counters the key path bumps and observers read.
#[derive(Debug, Default)]
pub struct HandoffCounters {
    /// Observations that did not fit in the ring.
    pub dropped: AtomicU64,
    pub pushed: AtomicU64,
}

/// The key path's end of the handoff.
pub struct Observer {
    tx: Option<rtrb::Producer<Observation>>,
    notices: Notices,
    counters: Arc<HandoffCounters>,
    /// Set by observers that want the engine's decisions; traces cost nothing otherwise.
    wants_decisions: Arc<AtomicBool>,
}

/// The observers' end.
pub struct ObserverRx {
    pub rx: rtrb::Consumer<Observation>,
    pub notices: Receiver<Notice>,
    pub counters: Arc<HandoffCounters>,
    pub wants_decisions: Arc<AtomicBool>,
}

impl Observer {
    /// A handoff holding up to `capacity` observations.
    pub fn channel(capacity: usize) -> (Observer, ObserverRx) {
        let (tx, rx) = rtrb::RingBuffer::new(capacity);
        let (notice_tx, notices) = std::sync::mpsc::sync_channel(NOTICE_CAPACITY);
        let counters = Arc::new(HandoffCounters::default());
        let wants = Arc::new(AtomicBool::new(false));
        let observer = Observer {
            tx: Some(tx),
            notices: Notices {
                tx: Some(notice_tx),
                counters: counters.clone(),
            },
            counters: counters.clone(),
            wants_decisions: wants.clone(),
        };
        let rx = ObserverRx {
            rx,
            notices,
            counters,
            wants_decisions: wants,
        };
        (observer, rx)
    }

    /// An observer nobody listens to.
    pub fn none() -> Observer {
        Observer {
            tx: None,
            notices: Notices {
                tx: None,
                counters: Arc::default(),
            },
            counters: Arc::default(),
            wants_decisions: Arc::default(),
        }
    }

    #[inline]
    pub fn push(&mut self, o: Observation) {
        let Some(tx) = self.tx.as_mut() else { return };
        if tx.push(o).is_err() {
            self.counters.dropped.fetch_add(1, Ordering::Relaxed);
        } else {
            self.counters.pushed.fetch_add(1, Ordering::Relaxed);
        }
    }

    #[inline]
    pub fn wants_decisions(&self) -> bool {
        self.tx.is_some() && self.wants_decisions.load(Ordering::Relaxed)
    }

    pub fn counters(&self) -> &Arc<HandoffCounters> {
        &self.counters
    }

    /// A sender for rare happenings, for the key thread and the reloader alike.
    pub fn notices(&self) -> Notices {
        self.notices.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_ring_drops_and_counts_instead_of_blocking() {
        let (mut tx, mut rx) = Observer::channel(4);
        for i in 0..10 {
            tx.push(Observation::TimerFired { lateness_us: i });
        }
        assert_eq!(rx.counters.dropped.load(Ordering::Relaxed), 6);
        assert_eq!(rx.counters.pushed.load(Ordering::Relaxed), 4);
        let got: Vec<_> = std::iter::from_fn(|| rx.rx.pop().ok()).collect();
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], Observation::TimerFired { lateness_us: 0 });
    }
}
