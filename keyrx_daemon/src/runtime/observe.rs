//! What the runtime tells observers (the web server, stats), through a bounded, non-blocking
//! handoff: the key path pushes into a wait-free ring and counts what does not fit. It never
//! waits for an observer, allocates or takes a lock. Once per batch of events it wakes the
//! observer (`flush`): one atomic swap, plus a futex wake only when the observer sleeps, so
//! the observer sleeps for as long as nothing happens.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::sync::{Arc, OnceLock};
use std::thread::Thread;

use keyrx_core::config::{Config, DeviceInfo};
use keyrx_core::keys::ModMask;
use keyrx_core::{KeyEvent, Trace};

use super::DeviceId;
use super::stats::SharedStats;

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

/// Wakes the observer's thread, once it has said which it is. Waking a thread that is not
/// asleep costs one atomic swap; the wake-up is remembered, so none is lost.
#[derive(Default)]
pub struct Wake(OnceLock<Thread>);

impl Wake {
    /// Makes the calling thread the one woken (the observer, before its first sleep).
    pub fn register_current(&self) {
        let _ = self.0.set(std::thread::current());
    }

    #[inline]
    pub fn wake(&self) {
        if let Some(thread) = self.0.get() {
            thread.unpark();
        }
    }
}

/// Sends notices without ever blocking; a full channel drops and counts.
#[derive(Clone)]
pub struct Notices {
    tx: Option<SyncSender<Notice>>,
    stats: Arc<SharedStats>,
    wake: Arc<Wake>,
}

impl Notices {
    pub fn send(&self, notice: Notice) {
        let Some(tx) = &self.tx else { return };
        match tx.try_send(notice) {
            Err(TrySendError::Full(_)) => {
                self.stats.dropped.fetch_add(1, Ordering::Relaxed);
            }
            Err(TrySendError::Disconnected(_)) => {}
            Ok(()) => self.wake.wake(),
        }
    }
}

/// The key path's end of the handoff.
pub struct Observer {
    tx: Option<rtrb::Producer<Observation>>,
    notices: Notices,
    stats: Arc<SharedStats>,
    wake: Arc<Wake>,
    /// Observations pushed since the observer was last woken.
    unflushed: bool,
    /// Set by observers that want the engine's decisions; traces cost nothing otherwise.
    wants_decisions: Arc<AtomicBool>,
}

/// The observers' end.
pub struct ObserverRx {
    pub rx: rtrb::Consumer<Observation>,
    pub notices: Receiver<Notice>,
    pub stats: Arc<SharedStats>,
    /// The observer registers its thread here to be woken when something arrives.
    pub wake: Arc<Wake>,
    pub wants_decisions: Arc<AtomicBool>,
}

impl Observer {
    /// A handoff holding up to `capacity` observations.
    pub fn channel(capacity: usize) -> (Observer, ObserverRx) {
        let (tx, rx) = rtrb::RingBuffer::new(capacity);
        let (notice_tx, notices) = std::sync::mpsc::sync_channel(NOTICE_CAPACITY);
        let stats = Arc::new(SharedStats::default());
        let wake = Arc::new(Wake::default());
        let wants = Arc::new(AtomicBool::new(false));
        let observer = Observer {
            tx: Some(tx),
            notices: Notices {
                tx: Some(notice_tx),
                stats: stats.clone(),
                wake: wake.clone(),
            },
            stats: stats.clone(),
            wake: wake.clone(),
            unflushed: false,
            wants_decisions: wants.clone(),
        };
        let rx = ObserverRx {
            rx,
            notices,
            stats,
            wake,
            wants_decisions: wants,
        };
        (observer, rx)
    }

    /// An observer nobody listens to: no ring, no notices, only the statistics the key thread
    /// keeps anyway (SIGUSR1 still reports them).
    pub fn none() -> Observer {
        let stats = Arc::new(SharedStats::default());
        Observer {
            tx: None,
            notices: Notices {
                tx: None,
                stats: stats.clone(),
                wake: Arc::default(),
            },
            stats,
            wake: Arc::default(),
            unflushed: false,
            wants_decisions: Arc::default(),
        }
    }

    #[inline]
    pub fn push(&mut self, o: Observation) {
        let Some(tx) = self.tx.as_mut() else { return };
        if tx.push(o).is_err() {
            self.stats.dropped.fetch_add(1, Ordering::Relaxed);
        } else {
            self.unflushed = true;
        }
    }

    /// Wakes the observer if anything was pushed since the last call: the backend calls this
    /// once per batch of events, so a burst costs one wake-up, and silence costs none.
    #[inline]
    pub fn flush(&mut self) {
        if std::mem::take(&mut self.unflushed) {
            self.wake.wake();
        }
    }

    #[inline]
    pub fn wants_decisions(&self) -> bool {
        self.tx.is_some() && self.wants_decisions.load(Ordering::Relaxed)
    }

    /// What the key thread counts; shared with whoever reports it.
    pub fn stats(&self) -> &Arc<SharedStats> {
        &self.stats
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
        assert_eq!(rx.stats.dropped.load(Ordering::Relaxed), 6);
        let got: Vec<_> = std::iter::from_fn(|| rx.rx.pop().ok()).collect();
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], Observation::TimerFired { lateness_us: 0 });
    }

    #[test]
    fn a_flush_wakes_the_observer_only_after_a_push() {
        let (mut tx, rx) = Observer::channel(4);
        let (woke_tx, woke) = std::sync::mpsc::channel();
        let (go_tx, go) = std::sync::mpsc::channel::<()>();
        let wake = rx.wake.clone();
        let observer = std::thread::spawn(move || {
            wake.register_current();
            go_tx.send(()).unwrap();
            // park may return spuriously; the ring says whether something really arrived.
            let mut rx = rx;
            loop {
                std::thread::park();
                if let Ok(o) = rx.rx.pop() {
                    woke_tx.send(o).unwrap();
                    return;
                }
            }
        });
        go.recv().unwrap();
        tx.flush();
        tx.push(Observation::TimerFired { lateness_us: 7 });
        tx.flush();
        assert_eq!(
            woke.recv_timeout(std::time::Duration::from_secs(5)),
            Ok(Observation::TimerFired { lateness_us: 7 })
        );
        observer.join().unwrap();
        assert!(!tx.unflushed);
    }
}
