//! The runtime: every device's engine, the shared virtual keyboard and the observers, driven by
//! a backend (Linux evdev/uinput, or the in-process virtual one) from one thread.
//!
//! The backend calls `key` for each input event and `timers` when `next_deadline` is reached;
//! nothing here blocks, allocates per event, or shares a lock with any other thread.

pub mod distribution;
mod emergency;
pub mod observe;
pub mod output;
pub mod stats;

use std::sync::Arc;
use std::time::Instant;

use keyrx_core::config::{Config, DeviceInfo};
use keyrx_core::event::{Micros, Sink};
use keyrx_core::keys::ModMask;
use keyrx_core::{Engine, KeyCode, KeyEvent, KeyState, Trace};

use crate::launcher::Launcher;
pub use emergency::EmergencyChord;
use observe::{Notice, Observation, Observer};
use output::{OutputDevice, OutputMerger};

/// A device's id for as long as it is attached.
pub type DeviceId = u32;

/// Output events one engine call usually produces at most; batches start with this capacity.
const BATCH_CAPACITY: usize = 256;

/// An attached device and its engine.
pub struct DeviceSlot {
    pub id: DeviceId,
    pub info: DeviceInfo,
    /// Whether it has letter keys: only keyboards match a block without matchers.
    pub is_keyboard: bool,
    /// The config block it uses.
    pub block: usize,
    engine: Engine,
    layers: u64,
    /// The modifiers its armed one-shots hold, as last reported to observers.
    one_shot: ModMask,
}

/// What a key event led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutcome {
    Handled,
    /// The emergency chord is down: the caller must release everything and exit.
    Emergency,
}

/// The block a device uses: the first whose matchers accept it. A block without matchers
/// accepts keyboards only, so mice, power buttons and the like are never taken by accident.
pub fn select_block(config: &Config, info: &DeviceInfo, is_keyboard: bool) -> Option<usize> {
    config.devices.iter().position(|b| {
        if b.matchers.is_empty() {
            is_keyboard
        } else {
            b.matches(info)
        }
    })
}

pub struct Runtime<O: OutputDevice> {
    config: Arc<Config>,
    slots: Vec<DeviceSlot>,
    io: EngineIo<O>,
    emergency: EmergencyChord,
    /// Unknown until the system first sets the virtual keyboard's LEDs.
    locks: Option<u16>,
}

/// Everything an engine's output passes through on its way to the keyboard and observers.
struct EngineIo<O: OutputDevice> {
    merger: OutputMerger,
    output: O,
    /// What the current engine call emitted, before merging.
    batch: Vec<KeyEvent>,
    /// What goes to the keyboard.
    merged: Vec<KeyEvent>,
    observer: Observer,
    /// Where commands keys ask for go (refused unless the daemon allows commands).
    launcher: Launcher,
}

/// The engines' sink: collects output, and passes decisions to observers that want them.
struct BatchSink<'a> {
    events: &'a mut Vec<KeyEvent>,
    observer: &'a mut Observer,
    launcher: &'a Launcher,
    device: DeviceId,
}

impl Sink for BatchSink<'_> {
    fn key(&mut self, event: KeyEvent) {
        // Past the preallocated capacity (a long macro in one call) the batch grows once and
        // keeps its size: dropping an event here could drop a release and strand a key.
        self.events.push(event);
    }
    fn command(&mut self, argv: &Arc<[String]>) {
        self.launcher.ask(argv);
    }
    fn trace(&mut self, trace: Trace) {
        self.observer.push(Observation::Decision {
            device: self.device,
            trace,
        });
    }
    fn wants_trace(&self) -> bool {
        self.observer.wants_decisions()
    }
}

impl<O: OutputDevice> Runtime<O> {
    pub fn new(
        config: Arc<Config>,
        output: O,
        observer: Observer,
        emergency: EmergencyChord,
    ) -> Self {
        let launcher = Launcher::refusing(observer.stats().clone());
        Runtime {
            config,
            slots: Vec::new(),
            io: EngineIo {
                merger: OutputMerger::new(),
                output,
                batch: Vec::with_capacity(BATCH_CAPACITY),
                merged: Vec::with_capacity(BATCH_CAPACITY),
                observer,
                launcher,
            },
            emergency,
            locks: None,
        }
    }

    /// Runs the commands keys ask for through `launcher` (by default they are refused).
    pub fn set_launcher(&mut self, launcher: Launcher) {
        self.io.launcher = launcher;
    }

    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    pub fn slots(&self) -> &[DeviceSlot] {
        &self.slots
    }

    pub fn output(&self) -> &O {
        &self.io.output
    }

    /// The lock LEDs the system last set on the virtual keyboard (bit `n`: LED code `n`).
    pub fn locks(&self) -> Option<u16> {
        self.locks
    }

    /// Records the system's lock state (from the virtual keyboard's LEDs) for observers.
    pub fn set_locks(&mut self, leds: u16) {
        if self.locks != Some(leds) {
            self.locks = Some(leds);
            self.io.observer.notices().send(Notice::Locks { leds });
        }
    }

    /// Output keys the virtual keyboard holds.
    pub fn held_outputs(&self) -> impl Iterator<Item = KeyCode> + '_ {
        self.io.merger.held()
    }

    /// Attaches a device if a block matches it; returns the block.
    pub fn attach(&mut self, id: DeviceId, info: DeviceInfo, is_keyboard: bool) -> Option<usize> {
        let block = select_block(&self.config, &info, is_keyboard)?;
        let engine = Engine::new(&self.config.devices[block].keymap, &info).ok()?;
        self.io.observer.notices().send(Notice::DeviceAttached {
            id,
            info: info.clone(),
            block,
        });
        self.slots.push(DeviceSlot {
            id,
            info,
            is_keyboard,
            block,
            engine,
            layers: 1,
            one_shot: ModMask::NONE,
        });
        Some(block)
    }

    /// Detaches a device, releasing whatever its engine held.
    pub fn detach(&mut self, id: DeviceId, now: Micros) {
        if let Some(i) = self.slots.iter().position(|s| s.id == id) {
            let mut slot = self.slots.swap_remove(i);
            self.io.run(&mut slot, |engine, sink| {
                engine.advance(now, sink);
                engine.release_all(sink);
            });
            self.io
                .observer
                .notices()
                .send(Notice::DeviceDetached { id });
        }
    }

    /// Handles one input event from device `id`.
    pub fn key(&mut self, id: DeviceId, code: u16, value: i32, time: Micros) -> KeyOutcome {
        let (Some(key), Some(state)) = (KeyCode::new(code), KeyState::from_value(value)) else {
            return KeyOutcome::Handled;
        };
        if self.emergency.update(key, state) {
            return KeyOutcome::Emergency;
        }
        let Some(i) = self.slots.iter().position(|s| s.id == id) else {
            return KeyOutcome::Handled;
        };
        let started = Instant::now();
        let event = KeyEvent::new(key, state, time);
        self.io
            .observer
            .push(Observation::Input { device: id, event });
        self.io.run(&mut self.slots[i], |engine, sink| {
            engine.process(event, sink)
        });
        let nanos = started.elapsed().as_nanos().min(u128::from(u32::MAX)) as u32;
        self.io.observer.stats().input(nanos);
        self.io
            .observer
            .push(Observation::Processed { device: id, nanos });
        KeyOutcome::Handled
    }

    /// Ends a batch of events (one wake-up of the backend): wakes the observers once if any
    /// event reached them.
    pub fn end_batch(&mut self) {
        self.io.observer.flush();
    }

    /// What the key thread has counted so far.
    pub fn stats(&self) -> &Arc<stats::SharedStats> {
        self.io.observer.stats()
    }

    /// When `timers` next has work, over all engines.
    pub fn next_deadline(&self) -> Option<Micros> {
        self.slots
            .iter()
            .filter_map(|s| s.engine.next_deadline())
            .min()
    }

    /// Fires every engine's timers due at or before `now`, earliest first across engines.
    pub fn timers(&mut self, now: Micros) {
        if let Some(first) = self.next_deadline().filter(|d| *d <= now) {
            let lateness_us = now.saturating_sub(first).min(u64::from(u32::MAX)) as u32;
            self.io.observer.stats().timer_fired(lateness_us);
            self.io
                .observer
                .push(Observation::TimerFired { lateness_us });
        }
        while let Some((deadline, i)) = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.engine.next_deadline().map(|d| (d, i)))
            .filter(|(d, _)| *d <= now)
            .min()
        {
            self.io.run(&mut self.slots[i], |engine, sink| {
                engine.advance(deadline, sink)
            });
        }
    }

    /// Releases everything on every device (emergency, shutdown, reload).
    pub fn release_all(&mut self, now: Micros) {
        for slot in &mut self.slots {
            self.io.run(slot, |engine, sink| engine.release_all(sink));
        }
        self.io.merged.clear();
        self.io.merger.release_all(now, &mut self.io.merged);
        self.io.write_merged();
    }

    /// Switches to a new config. Every engine first releases what it holds (so a reload while
    /// keys are down never leaves one stuck); then each device gets the new config's block.
    /// Returns the devices no block matches any more: the caller lets go of them.
    pub fn reload(&mut self, config: Arc<Config>, source: &str, now: Micros) -> Vec<DeviceId> {
        self.release_all(now);
        self.config = config.clone();
        self.io.observer.notices().send(Notice::ConfigApplied {
            source: source.to_string(),
            config,
        });
        let mut unmatched = Vec::new();
        let slots = std::mem::take(&mut self.slots);
        for slot in slots {
            if self.attach(slot.id, slot.info, slot.is_keyboard).is_none() {
                self.io
                    .observer
                    .notices()
                    .send(Notice::DeviceDetached { id: slot.id });
                unmatched.push(slot.id);
            }
        }
        unmatched
    }
}

impl<O: OutputDevice> EngineIo<O> {
    /// Runs `f` on a slot's engine and sends what it emitted to the keyboard and observers.
    fn run(&mut self, slot: &mut DeviceSlot, f: impl FnOnce(&mut Engine, &mut BatchSink)) {
        self.batch.clear();
        let mut sink = BatchSink {
            events: &mut self.batch,
            observer: &mut self.observer,
            launcher: &self.launcher,
            device: slot.id,
        };
        f(&mut slot.engine, &mut sink);
        self.report_engine_state(slot);
        self.merged.clear();
        self.merger.merge(&self.batch, &mut self.merged);
        self.write_merged();
    }

    /// Tells observers when a call changed the slot's active layers or armed one-shots.
    fn report_engine_state(&mut self, slot: &mut DeviceSlot) {
        let (layers, one_shot) = (
            slot.engine.active_layer_mask(),
            slot.engine.armed_one_shot_mods(),
        );
        let device = slot.id;
        if layers != slot.layers {
            slot.layers = layers;
            self.observer.push(Observation::Layers {
                device,
                mask: layers,
            });
        }
        if one_shot != slot.one_shot {
            slot.one_shot = one_shot;
            self.observer.push(Observation::OneShot {
                device,
                mods: one_shot,
            });
        }
    }

    fn write_merged(&mut self) {
        if self.merged.is_empty() {
            return;
        }
        if let Err(err) = self.output.write(&self.merged) {
            tracing::warn!("writing to the virtual keyboard failed: {err}");
        }
        self.observer.stats().outputs(self.merged.len());
        for event in &self.merged {
            self.observer.push(Observation::Output { event: *event });
        }
    }
}

#[cfg(test)]
mod tests;
