//! The virtual backend: the same runtime with input injected in-process (tests, the API, a
//! demo) and output captured, for machines where no keyboard can be grabbed.

use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use keyrx_core::config::{Config, DeviceInfo};
use keyrx_core::event::Micros;
use keyrx_core::keys::KEY_COUNT;
use keyrx_core::notation::kind_char;
use keyrx_core::{KeyCode, KeyEvent, KeyState};

use crate::daemon::{Command, ExitReason, RunOptions};
use crate::runtime::observe::Observer;
use crate::runtime::output::OutputDevice;
use crate::runtime::{DeviceId, KeyOutcome, Runtime};

/// What reaches the virtual key thread.
pub enum VirtualInput {
    Key {
        device: String,
        key: KeyCode,
        state: KeyState,
    },
    Command(Command),
    /// The device called this is unplugged: its engine releases what it held, as when a real
    /// keyboard disappears.
    Detach {
        device: String,
    },
}

/// The most virtual devices attached at once. A new name beyond it takes the place of the
/// least recently used device that has no key down; when every one has a key down, the new
/// name's events are dropped.
pub const MAX_VIRTUAL_DEVICES: usize = 32;
/// The longest virtual device name accepted.
pub const MAX_DEVICE_NAME_BYTES: usize = 128;

/// Where the virtual keyboard prints what it types (`keyrx run --virtual`).
pub type Printer = Box<dyn Write + Send>;

/// The captured virtual keyboard: which keys it holds and, when it has a printer, every event
/// it writes, in order. Printing is the device's own write, as uinput's is, so nothing it
/// types is lost the way the observers' ring may lose events.
pub struct CapturedOutput {
    down: Vec<bool>,
    pub written: u64,
    printer: Option<Printer>,
}

impl OutputDevice for CapturedOutput {
    fn write(&mut self, events: &[KeyEvent]) -> std::io::Result<()> {
        for e in events {
            self.down[e.key.index()] = e.state != KeyState::Release;
        }
        self.written += events.len() as u64;
        let Some(printer) = self.printer.as_mut() else {
            return Ok(());
        };
        let printed = print_batch(printer, events);
        if printed.is_err() {
            // A closed stdout stays closed: warn once, then stop printing.
            self.printer = None;
        }
        printed
    }
}

/// One line per event, `    50.086 ms  d:esc`, one flush per batch.
fn print_batch(printer: &mut Printer, events: &[KeyEvent]) -> std::io::Result<()> {
    for e in events {
        let ms = e.time as f64 / 1000.0;
        writeln!(printer, "{ms:>10.3} ms  {}:{}", kind_char(e.state), e.key)?;
    }
    printer.flush()
}

impl CapturedOutput {
    pub fn new(printer: Option<Printer>) -> CapturedOutput {
        CapturedOutput {
            down: vec![false; KEY_COUNT],
            written: 0,
            printer,
        }
    }

    pub fn held(&self) -> impl Iterator<Item = KeyCode> + '_ {
        KeyCode::all().filter(|k| self.down[k.index()])
    }
}

/// Microseconds since `start`, the virtual backend's monotonic clock.
fn micros_since(start: Instant) -> Micros {
    start.elapsed().as_micros() as Micros
}

/// Runs the key thread on injected input until a shutdown command or the input closes.
/// Returns why it ended and the keys the captured keyboard still held (none, by design).
pub fn run(
    config: Arc<Config>,
    options: &RunOptions,
    observer: Observer,
    input: Receiver<VirtualInput>,
) -> (ExitReason, Vec<KeyCode>) {
    run_printing(config, options, observer, input, None)
}

/// `run`, with every event the virtual keyboard writes printed to `printer`.
pub fn run_printing(
    config: Arc<Config>,
    options: &RunOptions,
    observer: Observer,
    input: Receiver<VirtualInput>,
    printer: Option<Printer>,
) -> (ExitReason, Vec<KeyCode>) {
    let output = CapturedOutput::new(printer);
    let mut runtime = Runtime::new(config, output, observer, options.emergency.clone());
    runtime.set_launcher(options.launcher.clone());
    let mut devices = VirtualDevices::default();
    let start = Instant::now();
    let reason = loop {
        runtime.end_batch();
        let timeout = runtime
            .next_deadline()
            .map(|d| Duration::from_micros(d.saturating_sub(micros_since(start))));
        let next = match timeout {
            Some(t) => input.recv_timeout(t),
            None => input.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match next {
            Err(RecvTimeoutError::Timeout) => runtime.timers(micros_since(start)),
            Err(RecvTimeoutError::Disconnected) => break ExitReason::Shutdown,
            Ok(VirtualInput::Key { device, key, state }) => {
                let now = micros_since(start);
                runtime.timers(now);
                let Some(id) = devices.id_for(&mut runtime, &device, now) else {
                    continue;
                };
                devices.note(id, key, state);
                if runtime.key(id, key.code(), state as i32, now) == KeyOutcome::Emergency {
                    break ExitReason::Emergency;
                }
            }
            Ok(VirtualInput::Command(Command::Reload { config, source })) => {
                runtime.reload(config, &source, micros_since(start));
                devices.reattach(&mut runtime);
                tracing::info!("now running the config from {source}");
            }
            Ok(VirtualInput::Detach { device }) => {
                devices.detach(&mut runtime, &device, micros_since(start))
            }
            Ok(VirtualInput::Command(Command::ReleaseAll)) => {
                runtime.release_all(micros_since(start))
            }
            Ok(VirtualInput::Command(Command::Shutdown)) => break ExitReason::Shutdown,
        }
    };
    runtime.release_all(micros_since(start));
    runtime.end_batch();
    let held = runtime.output().held().collect();
    (reason, held)
}

/// One virtual device: its name, its runtime id, which of its keys are down (so eviction
/// never cuts a key short) and when it was last used.
struct VirtualDevice {
    name: String,
    id: DeviceId,
    down: [u64; KEY_COUNT.div_ceil(64)],
    last_used: u64,
}

impl VirtualDevice {
    fn idle(&self) -> bool {
        self.down.iter().all(|w| *w == 0)
    }
}

/// Virtual devices are named by whoever injects; each new name is attached as a keyboard, up
/// to `MAX_VIRTUAL_DEVICES`.
#[derive(Default)]
struct VirtualDevices {
    list: Vec<VirtualDevice>,
    /// The highest id given out; at most `MAX_VIRTUAL_DEVICES`.
    last_id: DeviceId,
    uses: u64,
    refused: u64,
}

impl VirtualDevices {
    /// The device called `name`, attached if new; `None` when the name is refused.
    fn id_for(
        &mut self,
        runtime: &mut Runtime<CapturedOutput>,
        name: &str,
        now: Micros,
    ) -> Option<DeviceId> {
        self.uses += 1;
        if let Some(d) = self.list.iter_mut().find(|d| d.name == name) {
            d.last_used = self.uses;
            return Some(d.id);
        }
        let free = (name.len() <= MAX_DEVICE_NAME_BYTES)
            .then(|| self.free_id(runtime, now))
            .flatten();
        let Some(id) = free else {
            self.refused += 1;
            if self.refused.is_power_of_two() {
                tracing::warn!(
                    "{} events for new virtual devices dropped: names are at most \
                     {MAX_DEVICE_NAME_BYTES} bytes and at most {MAX_VIRTUAL_DEVICES} devices \
                     with keys down are kept",
                    self.refused
                );
            }
            return None;
        };
        if runtime.attach(id, DeviceInfo::named(name), true).is_none() {
            tracing::info!(
                "virtual device `{name}` matches no config block: its keys are ignored until a \
                 config that matches it is loaded"
            );
        }
        self.list.push(VirtualDevice {
            name: name.to_string(),
            id,
            down: [0; KEY_COUNT.div_ceil(64)],
            last_used: self.uses,
        });
        Some(id)
    }

    /// An id for a new device: a fresh one below the cap, else that of the least recently used
    /// idle device, detached (its engine releases whatever it held). Ids are reused so that
    /// everything keyed by them, the dashboard's device list included, holds at most
    /// `MAX_VIRTUAL_DEVICES` entries even if a notice is lost.
    fn free_id(&mut self, runtime: &mut Runtime<CapturedOutput>, now: Micros) -> Option<DeviceId> {
        if self.list.len() < MAX_VIRTUAL_DEVICES {
            self.last_id += 1;
            return Some(self.last_id);
        }
        let oldest_idle = (0..self.list.len())
            .filter(|i| self.list[*i].idle())
            .min_by_key(|i| self.list[*i].last_used)?;
        let evicted = self.list.swap_remove(oldest_idle);
        runtime.detach(evicted.id, now);
        Some(evicted.id)
    }

    /// Unplugs the device called `name`, if there is one: its engine releases what it held.
    fn detach(&mut self, runtime: &mut Runtime<CapturedOutput>, name: &str, now: Micros) {
        if let Some(i) = self.list.iter().position(|d| d.name == name) {
            let gone = self.list.swap_remove(i);
            runtime.detach(gone.id, now);
        }
    }

    /// After a reload: every known device the new config matches is attached again, so a
    /// config that matched none of them, then one that does, loses no keyboard.
    fn reattach(&mut self, runtime: &mut Runtime<CapturedOutput>) {
        for d in &mut self.list {
            if !runtime.slots().iter().any(|s| s.id == d.id)
                && runtime
                    .attach(d.id, DeviceInfo::named(&d.name), true)
                    .is_some()
            {
                // Keys down meanwhile were never seen by the new engine: nothing to undo.
                d.down = [0; KEY_COUNT.div_ceil(64)];
            }
        }
    }

    fn note(&mut self, id: DeviceId, key: KeyCode, state: KeyState) {
        let Some(d) = self.list.iter_mut().find(|d| d.id == id) else {
            return;
        };
        let (word, bit) = (key.index() / 64, 1u64 << (key.index() % 64));
        match state {
            KeyState::Press => d.down[word] |= bit,
            KeyState::Release => d.down[word] &= !bit,
            KeyState::Repeat => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::observe::Observation;
    use keyrx_core::keys::key;
    use std::sync::mpsc;

    fn options() -> RunOptions {
        RunOptions {
            config_path: None,
            active: Default::default(),
            emergency: crate::runtime::EmergencyChord::DEFAULT.parse().unwrap(),
            debug_panic_key: None,
            tuning: Default::default(),
            launcher: crate::launcher::Launcher::refusing(Default::default()),
        }
    }

    #[test]
    fn injected_keys_are_remapped_and_timers_fire_without_input() {
        let config = Arc::new(Config::from_json(r#"{"layers": [{"name": "base", "map": {"capslock": {"tap_hold": {"tap": "esc", "hold": "leftctrl", "term_ms": 30}}}}]}"#).unwrap());
        let (tx, rx) = mpsc::channel();
        let (observer, mut obs) = Observer::channel(256);
        let handle = std::thread::spawn(move || run(config, &options(), observer, rx));
        let press = |state| VirtualInput::Key {
            device: "kbd".into(),
            key: key("capslock"),
            state,
        };
        tx.send(press(KeyState::Press)).unwrap();
        // No input follows: only the engine's own deadline can produce the hold.
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut outputs = Vec::new();
        while outputs.is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
            while let Ok(o) = obs.rx.pop() {
                if let Observation::Output { event } = o {
                    outputs.push(event);
                }
            }
        }
        assert_eq!(
            outputs.first().map(|e| (e.key, e.state)),
            Some((key("leftctrl"), KeyState::Press))
        );
        assert!(
            outputs[0].time >= 30_000,
            "fired at its deadline, not before: {}",
            outputs[0].time
        );
        tx.send(VirtualInput::Command(Command::Shutdown)).unwrap();
        let (reason, held) = handle.join().unwrap();
        assert_eq!(reason, ExitReason::Shutdown);
        assert!(held.is_empty(), "shutdown released {held:?}");
    }

    fn runtime() -> Runtime<CapturedOutput> {
        let config = Arc::new(
            Config::from_json(r#"{"layers": [{"name": "base", "map": {"a": "b"}}]}"#).unwrap(),
        );
        let emergency = crate::runtime::EmergencyChord::DEFAULT.parse().unwrap();
        Runtime::new(
            config,
            CapturedOutput::new(None),
            Observer::channel(16).0,
            emergency,
        )
    }

    #[test]
    fn a_config_that_matches_no_device_then_one_that_does_reattaches_them() {
        let mut rt = runtime();
        let mut devices = VirtualDevices::default();
        // Presses `a`, says what the virtual keyboard holds, releases it.
        let tap = |rt: &mut Runtime<CapturedOutput>, devices: &mut VirtualDevices, t: Micros| {
            let id = devices.id_for(rt, "kbd", t).unwrap();
            rt.key(id, key("a").code(), 1, t);
            let held: Vec<KeyCode> = rt.output().held().collect();
            rt.key(id, key("a").code(), 0, t + 1);
            held
        };
        assert_eq!(tap(&mut rt, &mut devices, 0), [key("b")]);
        let config = |json: &str| Arc::new(Config::from_json(json).unwrap());
        let elsewhere = r#"{"devices": [{"name": "other", "match": [{"name": "other*"}],
            "keymap": {"layers": [{"name": "base", "map": {"a": "c"}}]}}]}"#;
        rt.reload(config(elsewhere), "elsewhere", 10);
        devices.reattach(&mut rt);
        assert!(rt.slots().is_empty(), "no block matches `kbd` now");
        assert_eq!(tap(&mut rt, &mut devices, 20), []);
        rt.reload(
            config(r#"{"layers": [{"name": "base", "map": {"a": "x"}}]}"#),
            "back",
            30,
        );
        devices.reattach(&mut rt);
        assert_eq!(tap(&mut rt, &mut devices, 40), [key("x")], "attached again");
    }

    #[test]
    fn devices_past_the_cap_evict_the_least_recently_used_idle_one() {
        let mut runtime = runtime();
        let mut devices = VirtualDevices::default();
        let mut ids = Vec::new();
        for n in 0..MAX_VIRTUAL_DEVICES {
            ids.push(devices.id_for(&mut runtime, &format!("d{n}"), 0).unwrap());
        }
        assert_eq!(runtime.slots().len(), MAX_VIRTUAL_DEVICES);
        // d0 holds a key, d1 was used last: d2 is the least recently used idle device.
        devices.note(ids[0], key("a"), KeyState::Press);
        runtime.key(ids[0], key("a").code(), 1, 0);
        devices.id_for(&mut runtime, "d1", 0);
        let new = devices.id_for(&mut runtime, "new", 0).unwrap();
        assert_eq!(runtime.slots().len(), MAX_VIRTUAL_DEVICES);
        assert_eq!(new, ids[2], "the evicted device's id is reused");
        let names: Vec<&str> = runtime
            .slots()
            .iter()
            .map(|s| s.info.name.as_str())
            .collect();
        assert!(
            names.contains(&"new") && !names.contains(&"d2"),
            "{names:?}"
        );
        assert!(
            names.contains(&"d0"),
            "a device with a key down is never evicted"
        );
        let highest = runtime.slots().iter().map(|s| s.id).max();
        assert_eq!(highest, Some(MAX_VIRTUAL_DEVICES as DeviceId));
        assert_eq!(runtime.output().held().collect::<Vec<_>>(), [key("b")]);
        assert!(
            devices
                .id_for(&mut runtime, &"x".repeat(MAX_DEVICE_NAME_BYTES + 1), 0)
                .is_none()
        );
        assert!(
            devices
                .id_for(&mut runtime, &"x".repeat(MAX_DEVICE_NAME_BYTES), 0)
                .is_some()
        );
    }

    #[test]
    fn an_unplugged_device_has_what_it_held_released_and_its_name_comes_back_new() {
        let mut runtime = runtime();
        let mut devices = VirtualDevices::default();
        let id = devices.id_for(&mut runtime, "kbd", 0).unwrap();
        devices.note(id, key("a"), KeyState::Press);
        runtime.key(id, key("a").code(), 1, 0);
        assert_eq!(runtime.output().held().collect::<Vec<_>>(), [key("b")]);
        devices.detach(&mut runtime, "nothing-by-this-name", 5);
        assert_eq!(runtime.slots().len(), 1, "an unknown name unplugs nothing");
        devices.detach(&mut runtime, "kbd", 10);
        assert!(runtime.slots().is_empty());
        assert_eq!(
            runtime.output().held().count(),
            0,
            "b released with its device"
        );
        assert!(devices.list.is_empty());
        // Plugged in again, with no key down: a fresh device.
        let again = devices.id_for(&mut runtime, "kbd", 20).unwrap();
        assert!(devices.list.iter().all(|d| d.idle()));
        assert_eq!(
            runtime.slots().iter().map(|s| s.id).collect::<Vec<_>>(),
            [again]
        );
    }

    #[test]
    fn a_new_name_is_refused_when_every_device_has_a_key_down() {
        let mut runtime = runtime();
        let mut devices = VirtualDevices::default();
        for n in 0..MAX_VIRTUAL_DEVICES {
            let id = devices.id_for(&mut runtime, &format!("d{n}"), 0).unwrap();
            devices.note(id, key("a"), KeyState::Press);
        }
        for n in 0..1_000 {
            assert_eq!(devices.id_for(&mut runtime, &format!("new{n}"), 0), None);
        }
        assert_eq!(runtime.slots().len(), MAX_VIRTUAL_DEVICES);
        assert_eq!(devices.list.len(), MAX_VIRTUAL_DEVICES);
        assert_eq!(devices.refused, 1_000);
    }

    #[test]
    fn the_printer_gets_every_event_in_order() {
        #[derive(Clone, Default)]
        struct Shared(Arc<std::sync::Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let shared = Shared::default();
        let mut output = CapturedOutput::new(Some(Box::new(shared.clone())));
        let events = [
            KeyEvent::new(key("esc"), KeyState::Press, 50_086),
            KeyEvent::new(key("esc"), KeyState::Release, 50_086),
        ];
        output.write(&events).unwrap();
        let printed = String::from_utf8(shared.0.lock().unwrap().clone()).unwrap();
        assert_eq!(printed, "    50.086 ms  d:esc\n    50.086 ms  u:esc\n");
    }
}
