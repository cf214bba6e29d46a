//! The bridge from the key thread to the web side: drains the observer ring and the notices on
//! a thread of its own, keeps the daemon's state and statistics, and fans events out through
//! bounded broadcasts, one per topic (oldest dropped first). The key thread never waits for any of it.

mod hub;
mod views;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use keyrx_core::explain::{Decision, explain_trace};
use keyrx_core::keys::KEY_COUNT;
use keyrx_core::{KeyEvent, KeyState, Trace};

pub use hub::{
    BroadcastCounters, DaemonState, DecisionInterest, DecisionListener, DeviceView, Frame, Hub,
    topic_index,
};
pub use views::{device_list, state_message};
use views::{layer_names, wire_key};

use super::wire::{Broadcast, KeyMessage, ServerEvent, Topic, WireKey};
use crate::runtime::DeviceId;
use crate::runtime::observe::{Notice, Observation, ObserverRx};

struct Bridge {
    hub: Hub,
    rx: ObserverRx,
    next_id: u64,
    pending: Option<KeyMessage>,
    /// Held keys or layers changed since the last `state` event.
    state_dirty: bool,
    last_state: Instant,
    /// When the next `stats` event is due, while anyone subscribes to them.
    next_stats: Option<Instant>,
}

pub struct BridgeHandle {
    pub hub: Hub,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl BridgeHandle {
    /// Stops the bridge; it drains what is left first.
    pub fn finish(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.hub.wake.wake();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The shortest time between two `state` events.
const STATE_PERIOD: Duration = Duration::from_millis(50);
/// How often subscribers of `stats` get a snapshot.
const STATS_PERIOD: Duration = Duration::from_secs(1);

/// Starts the bridge thread with a broadcast of `capacity` events. It sleeps until the key
/// thread, a notice or a new subscriber wakes it; the only timed wake-ups are the `state`
/// throttle and the `stats` period, and only while someone subscribes to them.
pub fn spawn(rx: ObserverRx, capacity: usize) -> BridgeHandle {
    spawn_niced(rx, capacity, 0)
}

/// `spawn`, with the bridge thread at nice value `nice` (0-19): a woken bridge then yields the
/// CPU to the key thread and to whoever reads the virtual keyboard.
pub fn spawn_niced(rx: ObserverRx, capacity: usize, nice: i32) -> BridgeHandle {
    let hub = Hub {
        decisions: DecisionInterest::new(rx.wants_decisions.clone()),
        stats: rx.stats.clone(),
        wake: rx.wake.clone(),
        ..Hub::new(capacity)
    };
    let stop = Arc::new(AtomicBool::new(false));
    let mut bridge = Bridge {
        hub: hub.clone(),
        rx,
        next_id: 1,
        pending: None,
        state_dirty: false,
        last_state: Instant::now(),
        next_stats: None,
    };
    let stopping = stop.clone();
    let thread = std::thread::Builder::new()
        .name("keyrx-bridge".into())
        .spawn(move || {
            #[cfg(target_os = "linux")]
            crate::linux::memory::lower_priority(nice);
            bridge.rx.wake.register_current();
            bridge.run(&stopping)
        })
        .expect("spawning the bridge thread");
    BridgeHandle {
        hub,
        stop,
        thread: Some(thread),
    }
}

impl Bridge {
    fn run(&mut self, stop: &AtomicBool) {
        loop {
            let stopping = stop.load(Ordering::Relaxed);
            self.drain();
            let now = Instant::now();
            let state_due = self.state_due(now);
            let stats_due = self.stats_due(now);
            if stopping {
                return;
            }
            match state_due.into_iter().chain(stats_due).min() {
                Some(at) => std::thread::park_timeout(at.saturating_duration_since(now)),
                None => std::thread::park(),
            }
        }
    }

    /// Publishes the state view if it changed and the throttle allows; else when it may.
    fn state_due(&mut self, now: Instant) -> Option<Instant> {
        if !self.state_dirty {
            return None;
        }
        if !self.hub.has_subscribers(Topic::State) {
            // Nobody to tell: the shared state is current anyway, and a new subscriber asks it.
            self.state_dirty = false;
            return None;
        }
        let due = self.last_state + STATE_PERIOD;
        if now < due {
            return Some(due);
        }
        self.state_dirty = false;
        self.last_state = now;
        self.publish_state();
        None
    }

    /// Publishes a statistics snapshot once a second while anyone subscribes to them.
    fn stats_due(&mut self, now: Instant) -> Option<Instant> {
        if !self.hub.has_subscribers(Topic::Stats) {
            self.next_stats = None;
            return None;
        }
        let due = *self.next_stats.get_or_insert(now + STATS_PERIOD);
        if now < due {
            return Some(due);
        }
        self.publish(ServerEvent::Stats(super::rest::stats_of(&self.hub)));
        let next = now + STATS_PERIOD;
        self.next_stats = Some(next);
        Some(next)
    }

    fn drain(&mut self) {
        while let Ok(notice) = self.rx.notices.try_recv() {
            self.on_notice(notice);
        }
        while let Ok(o) = self.rx.rx.pop() {
            self.on_observation(o);
        }
        self.flush_pending();
    }

    fn on_observation(&mut self, o: Observation) {
        match o {
            Observation::Input { device, event } => {
                self.flush_pending();
                self.update_held_input(device, &event);
                self.state_dirty = true;
                // Key messages are assembled only while someone subscribes to them.
                if self.hub.has_subscribers(Topic::Keys) {
                    self.pending = Some(self.key_message(device, Some(wire_key(&event))));
                }
            }
            Observation::TimerFired { .. } => self.flush_pending(),
            Observation::Output { event } => {
                if let Ok(mut state) = self.hub.state.lock() {
                    state.held_outputs[event.key.index()] = event.state != KeyState::Release;
                }
                self.state_dirty = true;
                if self.hub.has_subscribers(Topic::Keys) {
                    self.pending_message().outputs.push(wire_key(&event));
                }
            }
            Observation::Processed { nanos, .. } => {
                if let Some(p) = self.pending.as_mut() {
                    p.processing_ns = Some(nanos);
                }
                self.flush_pending();
            }
            Observation::Decision { .. } if !self.hub.has_subscribers(Topic::Keys) => {}
            Observation::Decision { device, trace } => {
                let decision = self.explain(device, &trace);
                let pending = self.pending_message();
                pending.device = device;
                pending.decisions.extend(decision);
            }
            Observation::Layers { device, mask } => {
                if let Ok(mut state) = self.hub.state.lock() {
                    if let Some(d) = state.devices.get_mut(&device) {
                        d.layers = mask;
                    }
                }
                self.state_dirty = true;
            }
            Observation::OneShot { device, mods } => {
                if let Ok(mut state) = self.hub.state.lock() {
                    if let Some(d) = state.devices.get_mut(&device) {
                        d.one_shot = mods;
                    }
                }
                self.state_dirty = true;
            }
        }
    }

    /// Names a decision's layers and combos from the keymap of the device that made it.
    fn explain(&self, device: DeviceId, trace: &Trace) -> Option<Decision> {
        let state = self.hub.state.lock().ok()?;
        let block = state.devices.get(&device)?.block;
        let keymap = &state.config.as_ref()?.devices.get(block)?.keymap;
        Some(explain_trace(trace, keymap))
    }

    /// The message being assembled; outputs a timer produced start one with no input.
    fn pending_message(&mut self) -> &mut KeyMessage {
        self.pending.get_or_insert_with(|| KeyMessage {
            device: 0,
            device_name: String::new(),
            input: None,
            outputs: Vec::new(),
            layers: Vec::new(),
            processing_ns: None,
            decisions: Vec::new(),
        })
    }

    fn key_message(&self, device: DeviceId, input: Option<WireKey>) -> KeyMessage {
        let (name, layers) = self
            .hub
            .state
            .lock()
            .ok()
            .and_then(|s| {
                let d = s.devices.get(&device)?;
                Some((
                    d.info.name.clone(),
                    layer_names(&s.config, d.block, d.layers),
                ))
            })
            .unwrap_or_default();
        KeyMessage {
            device,
            device_name: name,
            input,
            outputs: Vec::new(),
            layers,
            processing_ns: None,
            decisions: Vec::new(),
        }
    }

    fn update_held_input(&self, device: DeviceId, event: &KeyEvent) {
        if let Ok(mut state) = self.hub.state.lock() {
            if let Some(d) = state.devices.get_mut(&device) {
                d.held[event.key.index()] = event.state != KeyState::Release;
            }
        }
    }

    /// Sends the key message being assembled, then the state it changed.
    fn flush_pending(&mut self) {
        let Some(mut message) = self.pending.take() else {
            return;
        };
        if message.input.is_none() && message.outputs.is_empty() && message.decisions.is_empty() {
            return;
        }
        if let Ok(state) = self.hub.state.lock() {
            if let Some(d) = state.devices.get(&message.device) {
                message.layers = layer_names(&state.config, d.block, d.layers);
            }
        }
        self.publish(ServerEvent::Key(message));
        self.state_dirty = true;
    }

    fn publish_state(&mut self) {
        let Some(message) = self.hub.state.lock().ok().map(|s| state_message(&s)) else {
            return;
        };
        self.publish(ServerEvent::State(message));
    }

    fn on_notice(&mut self, notice: Notice) {
        match notice {
            Notice::DeviceAttached { id, info, block } => {
                if let Ok(mut state) = self.hub.state.lock() {
                    state.devices.insert(
                        id,
                        DeviceView {
                            info,
                            block,
                            layers: 1,
                            held: vec![false; KEY_COUNT],
                            one_shot: Default::default(),
                        },
                    );
                }
                self.publish_devices();
            }
            Notice::DeviceDetached { id } => {
                if let Ok(mut state) = self.hub.state.lock() {
                    state.devices.remove(&id);
                }
                self.publish_devices();
            }
            Notice::ConfigApplied { source, config } => {
                if let Ok(mut state) = self.hub.state.lock() {
                    state.config = Some(config);
                    state.config_source = source.clone();
                    state.last_config_error = None;
                }
                self.publish(ServerEvent::Config {
                    ok: true,
                    source,
                    message: None,
                });
            }
            Notice::Locks { leds } => {
                if let Ok(mut state) = self.hub.state.lock() {
                    state.locks = Some(leds);
                }
                self.state_dirty = true;
            }
            Notice::ConfigRejected { source, message } => {
                if let Ok(mut state) = self.hub.state.lock() {
                    state.last_config_error = Some(message.clone());
                }
                self.publish(ServerEvent::Config {
                    ok: false,
                    source,
                    message: Some(message),
                });
            }
        }
    }

    fn publish_devices(&mut self) {
        let devices = match self.hub.state.lock() {
            Ok(state) => device_list(&state),
            Err(_) => return,
        };
        self.publish(ServerEvent::Devices { devices });
    }

    fn publish(&mut self, event: ServerEvent) {
        let topic = event.topic();
        // Serializing for nobody is the bridge's main cost: skip it.
        if !self.hub.has_subscribers(topic) {
            return;
        }
        let message = Broadcast {
            id: self.next_id,
            event,
        };
        self.next_id += 1;
        let Ok(json) = serde_json::to_string(&message) else {
            return;
        };
        // Publishing fails only when nobody listens to the topic, which is fine.
        if self.hub.publish(Arc::new(Frame { topic, json })) {
            self.hub.counters.sent.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::observe::Observer;
    use crate::web::wire::StateMessage;

    /// The state view once `check` accepts it, polling the bridge for up to 5 s.
    fn state_when(hub: &Hub, check: impl Fn(&StateMessage) -> bool) -> StateMessage {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let message = state_message(&hub.state.lock().unwrap());
            if check(&message) || Instant::now() > deadline {
                return message;
            }
            std::thread::yield_now();
        }
    }

    #[test]
    fn lock_leds_become_named_locks_in_the_state_view() {
        let (observer, rx) = Observer::channel(16);
        let bridge = spawn(rx, 16);
        assert_eq!(state_message(&bridge.hub.state.lock().unwrap()).locks, None);
        observer.notices().send(Notice::Locks { leds: 0b1011 });
        let state = state_when(&bridge.hub, |s| s.locks.is_some());
        assert_eq!(
            state.locks,
            Some(vec![
                "numlock".to_string(),
                "capslock".to_string(),
                "compose".to_string()
            ])
        );
        bridge.finish();
    }
}
