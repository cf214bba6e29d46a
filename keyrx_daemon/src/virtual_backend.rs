//! The virtual backend: the same runtime with input injected in-process (tests, the API, a
//! demo) and output captured, for machines where no keyboard can be grabbed.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use keyrx_core::config::{Config, DeviceInfo};
use keyrx_core::event::Micros;
use keyrx_core::keys::KEY_COUNT;
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
}

/// The captured virtual keyboard: which keys it holds (what it wrote is observed).
pub struct CapturedOutput {
    down: Vec<bool>,
    pub written: u64,
}

impl OutputDevice for CapturedOutput {
    fn write(&mut self, events: &[KeyEvent]) -> std::io::Result<()> {
        for e in events {
            self.down[e.key.index()] = e.state != KeyState::Release;
        }
        self.written += events.len() as u64;
        Ok(())
    }
}

impl CapturedOutput {
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
    let output = CapturedOutput {
        down: vec![false; KEY_COUNT],
        written: 0,
    };
    let mut runtime = Runtime::new(config, output, observer, options.emergency.clone());
    let mut devices: Vec<String> = Vec::new();
    let start = Instant::now();
    let reason = loop {
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
                let id = device_id(&mut runtime, &mut devices, &device);
                let now = micros_since(start);
                runtime.timers(now);
                if runtime.key(id, key.code(), state as i32, now) == KeyOutcome::Emergency {
                    break ExitReason::Emergency;
                }
            }
            Ok(VirtualInput::Command(Command::Reload { config, source })) => {
                runtime.reload(config, &source, micros_since(start));
                tracing::info!("now running the config from {source}");
            }
            Ok(VirtualInput::Command(Command::ReleaseAll)) => {
                runtime.release_all(micros_since(start))
            }
            Ok(VirtualInput::Command(Command::Shutdown)) => break ExitReason::Shutdown,
        }
    };
    runtime.release_all(micros_since(start));
    let held = runtime.output().held().collect();
    (reason, held)
}

/// Virtual devices are named by whoever injects; each new name is attached as a keyboard.
fn device_id(
    runtime: &mut Runtime<CapturedOutput>,
    devices: &mut Vec<String>,
    name: &str,
) -> DeviceId {
    if let Some(i) = devices.iter().position(|d| d == name) {
        return i as DeviceId + 1;
    }
    devices.push(name.to_string());
    let id = devices.len() as DeviceId;
    if runtime.attach(id, DeviceInfo::named(name), true).is_none() {
        tracing::info!(
            "virtual device `{name}` matches no config block: its keys pass through untouched"
        );
    }
    id
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
            emergency: crate::runtime::EmergencyChord::DEFAULT.parse().unwrap(),
            debug_panic_key: None,
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
}
