//! Runs a config against notation input, the way the daemon would: one engine per device, each
//! device using the first config block that matches it, timers fired in global deadline order.

use crate::compile::CompileError;
use crate::config::{Config, DeviceInfo};
use crate::engine::Engine;
use crate::event::{KeyEvent, Micros, MouseEvent, Recorder, Sink, Trace};
use crate::explain::{Decision, explain_trace};
use crate::notation::{Step, format_with_mouse};

/// The device name events without `@NAME` come from.
pub const DEFAULT_DEVICE: &str = "keyboard";

/// Bounds on what one simulation may produce and do, whatever the config: a key mapped to a
/// long text and pressed often must not grow memory without end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimLimits {
    /// Output events kept.
    pub max_outputs: usize,
    /// Decisions (trace records) kept.
    pub max_traces: usize,
    /// Distinct devices, each with an engine of its own.
    pub max_devices: usize,
    /// Timer deadlines fired, over all devices.
    pub max_timer_fires: usize,
}

impl SimLimits {
    pub const NONE: SimLimits = SimLimits {
        max_outputs: usize::MAX,
        max_traces: usize::MAX,
        max_devices: usize::MAX,
        max_timer_fires: usize::MAX,
    };
}

/// Why a simulation did not finish.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimError {
    #[error(transparent)]
    Config(#[from] CompileError),
    /// A bound of `SimLimits` was reached; the simulation stopped there.
    #[error("the simulation went past its limit of {limit} {what}")]
    Exceeded { what: &'static str, limit: usize },
}

/// What a simulation produced.
#[derive(Debug, Default, Clone)]
pub struct Simulation {
    pub outputs: Vec<KeyEvent>,
    /// For each output, the index of the device whose engine emitted it.
    pub output_devices: Vec<usize>,
    /// Pointer output, each with the number of `outputs` emitted before it and its device.
    pub mouse: Vec<MouseOut>,
    /// Decisions, tagged with the index of the device.
    pub traces: Vec<(usize, Trace)>,
    /// Device names in order of first appearance.
    pub devices: Vec<String>,
    /// The time after the last step.
    pub end: Micros,
}

impl Simulation {
    /// The output in notation, with `t:` gaps when `timed`.
    pub fn render(&self, timed: bool) -> String {
        let mouse: Vec<(usize, MouseEvent)> =
            self.mouse.iter().map(|m| (m.before, m.event)).collect();
        format_with_mouse(&self.outputs, &mouse, 0, timed)
    }

    /// The decisions with names resolved, each with its device's index. `config` must be the
    /// one the simulation ran.
    pub fn decisions(&self, config: &Config) -> Vec<(usize, Decision)> {
        self.traces
            .iter()
            .filter_map(|(device, trace)| {
                let block = config.block_for(&DeviceInfo::named(&self.devices[*device]))?;
                Some((*device, explain_trace(trace, &block.keymap)))
            })
            .collect()
    }
}

/// One pointer output of a simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MouseOut {
    /// How many key outputs came before it.
    pub before: usize,
    pub device: usize,
    pub event: MouseEvent,
}

/// A device and its engine; `None` when no block matches it (the daemon leaves such devices
/// alone, so their keys reach the system unchanged).
pub struct SimDevice {
    pub name: String,
    pub engine: Option<Engine>,
}

/// A recorder that keeps at most so many events and decisions and notes what it dropped, so
/// the engine can run a step to its end without the record growing past its bound.
struct CappedRecorder {
    rec: Recorder,
    keys_left: usize,
    traces_left: usize,
    limits: SimLimits,
    exceeded: Option<SimError>,
}

impl CappedRecorder {
    fn over(&mut self, what: &'static str, limit: usize) {
        self.exceeded
            .get_or_insert(SimError::Exceeded { what, limit });
    }
}

/// Pushes `item` while `left` allows; false once it does not.
fn keep<T>(left: &mut usize, into: &mut Vec<T>, item: T) -> bool {
    let Some(still) = left.checked_sub(1) else {
        return false;
    };
    *left = still;
    into.push(item);
    true
}

impl Sink for CappedRecorder {
    fn key(&mut self, event: KeyEvent) {
        if !keep(&mut self.keys_left, &mut self.rec.keys, event) {
            self.over("output events", self.limits.max_outputs);
        }
    }
    fn mouse(&mut self, event: MouseEvent) {
        let before = self.rec.keys.len();
        if !keep(&mut self.keys_left, &mut self.rec.mouse, (before, event)) {
            self.over("output events", self.limits.max_outputs);
        }
    }
    fn trace(&mut self, trace: Trace) {
        if !keep(&mut self.traces_left, &mut self.rec.traces, trace) {
            self.over("decisions", self.limits.max_traces);
        }
    }
    fn wants_trace(&self) -> bool {
        true
    }
}

/// Feeds steps to per-device engines and records what they emit.
pub struct Simulator<'c> {
    config: &'c Config,
    pub devices: Vec<SimDevice>,
    pub now: Micros,
    rec: CappedRecorder,
    timer_fires: usize,
    result: Simulation,
}

impl<'c> Simulator<'c> {
    pub fn new(config: &'c Config) -> Simulator<'c> {
        Simulator::with_limits(config, SimLimits::NONE)
    }

    pub fn with_limits(config: &'c Config, limits: SimLimits) -> Simulator<'c> {
        Simulator {
            config,
            devices: Vec::new(),
            now: 0,
            rec: CappedRecorder {
                rec: Recorder::default(),
                keys_left: limits.max_outputs,
                traces_left: limits.max_traces,
                limits,
                exceeded: None,
            },
            timer_fires: 0,
            result: Simulation::default(),
        }
    }

    /// Runs one step. Once a limit is reached every step fails with `SimError::Exceeded`.
    pub fn step(&mut self, step: &Step) -> Result<(), SimError> {
        self.check()?;
        match step {
            Step::Wait(us) => self.advance_to(self.now + us),
            Step::Key { device, key, state } => {
                let index = self.device_index(device.as_deref().unwrap_or(DEFAULT_DEVICE))?;
                self.advance_to(self.now);
                let event = KeyEvent::new(*key, *state, self.now);
                match self.devices[index].engine.as_mut() {
                    Some(engine) => engine.process(event, &mut self.rec),
                    None => self.rec.key(event),
                }
                self.collect(index);
            }
        }
        self.check()
    }

    fn check(&self) -> Result<(), SimError> {
        self.rec.exceeded.clone().map_or(Ok(()), Err)
    }

    /// Fires every device's timers up to `now`, earliest deadline first across devices.
    pub fn advance_to(&mut self, now: Micros) {
        self.now = now;
        loop {
            let next = self
                .devices
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.engine.as_ref()?.next_deadline().map(|t| (t, i)))
                .filter(|(t, _)| *t <= now)
                .min();
            let Some((deadline, index)) = next else { break };
            if self.timer_fires == self.rec.limits.max_timer_fires {
                self.rec
                    .over("timer firings", self.rec.limits.max_timer_fires);
                return;
            }
            self.timer_fires += 1;
            if let Some(engine) = self.devices[index].engine.as_mut() {
                engine.advance(deadline, &mut self.rec);
            }
            self.collect(index);
        }
        for index in 0..self.devices.len() {
            if let Some(engine) = self.devices[index].engine.as_mut() {
                engine.advance(now, &mut self.rec);
            }
            self.collect(index);
        }
    }

    pub fn finish(mut self) -> Simulation {
        self.result.devices = self.devices.into_iter().map(|d| d.name).collect();
        self.result.end = self.now;
        self.result
    }

    fn collect(&mut self, index: usize) {
        let rec = &mut self.rec.rec;
        let base = self.result.outputs.len();
        self.result
            .mouse
            .extend(rec.mouse.drain(..).map(|(before, event)| MouseOut {
                before: base + before,
                device: index,
                event,
            }));
        self.result
            .output_devices
            .extend(rec.keys.iter().map(|_| index));
        self.result.outputs.append(&mut rec.keys);
        self.result
            .traces
            .extend(rec.traces.drain(..).map(|t| (index, t)));
    }

    fn device_index(&mut self, name: &str) -> Result<usize, SimError> {
        if let Some(i) = self.devices.iter().position(|d| d.name == name) {
            return Ok(i);
        }
        let limit = self.rec.limits.max_devices;
        if self.devices.len() == limit {
            return Err(SimError::Exceeded {
                what: "devices",
                limit,
            });
        }
        let info = DeviceInfo::named(name);
        let engine = match self.config.block_for(&info) {
            Some(block) => Some(Engine::new(&block.keymap, &info)?),
            None => None,
        };
        self.devices.push(SimDevice {
            name: name.to_string(),
            engine,
        });
        Ok(self.devices.len() - 1)
    }
}

/// Runs `steps` against `config`, starting at time 0.
pub fn simulate(config: &Config, steps: &[Step]) -> Result<Simulation, SimError> {
    simulate_with(config, steps, SimLimits::NONE)
}

/// Runs `steps` against `config` within `limits`; stops at the first limit reached.
pub fn simulate_with(
    config: &Config,
    steps: &[Step],
    limits: SimLimits,
) -> Result<Simulation, SimError> {
    let mut sim = Simulator::with_limits(config, limits);
    for step in steps {
        sim.step(step)?;
    }
    Ok(sim.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notation::parse_input;

    fn text_config(len: usize) -> Config {
        let text = "a".repeat(len);
        let json =
            format!(r#"{{"layers": [{{"name": "base", "map": {{"f1": {{"text": "{text}"}}}}}}]}}"#);
        Config::from_json(&json).unwrap()
    }

    const LIMITS: SimLimits = SimLimits {
        max_outputs: 1_000,
        max_traces: 1_000,
        max_devices: 2,
        max_timer_fires: 50,
    };

    #[test]
    fn output_is_kept_up_to_its_limit_and_refused_past_it() {
        // Each press types 100 characters: 200 events, so 5 presses reach 1,000 exactly.
        let config = text_config(100);
        let steps = parse_input(&"d:f1 u:f1 ".repeat(5)).unwrap();
        let sim = simulate_with(&config, &steps, LIMITS).unwrap();
        assert_eq!(sim.outputs.len(), 1_000);
        let steps = parse_input(&"d:f1 u:f1 ".repeat(60)).unwrap();
        let mut sim = Simulator::with_limits(&config, LIMITS);
        let err = steps.iter().try_for_each(|s| sim.step(s)).unwrap_err();
        assert_eq!(
            err,
            SimError::Exceeded {
                what: "output events",
                limit: 1_000
            }
        );
        assert_eq!(
            sim.finish().outputs.len(),
            1_000,
            "nothing kept past the limit"
        );
    }

    #[test]
    fn devices_and_timer_firings_are_bounded() {
        let config = text_config(1);
        let steps = parse_input("@a d:x @b d:x @c d:x").unwrap();
        let err = simulate_with(&config, &steps, LIMITS).unwrap_err();
        assert_eq!(
            err,
            SimError::Exceeded {
                what: "devices",
                limit: 2
            }
        );
        let json = r#"{"layers": [{"name": "base", "map": {"capslock": {"tap_hold": {"tap": "esc", "hold": "leftctrl", "term_ms": 10}}}}]}"#;
        let config = Config::from_json(json).unwrap();
        let fifty = "d:capslock t:20 u:capslock ".repeat(50);
        assert!(simulate_with(&config, &parse_input(&fifty).unwrap(), LIMITS).is_ok());
        let more = format!("{fifty} d:capslock t:20 u:capslock");
        let err = simulate_with(&config, &parse_input(&more).unwrap(), LIMITS).unwrap_err();
        assert_eq!(
            err,
            SimError::Exceeded {
                what: "timer firings",
                limit: 50
            }
        );
    }
}
