//! Runs a config against notation input, the way the daemon would: one engine per device, each
//! device using the first config block that matches it, timers fired in global deadline order.

use crate::compile::CompileError;
use crate::config::{Config, DeviceInfo};
use crate::engine::Engine;
use crate::event::{KeyEvent, Micros, Recorder, Trace};
use crate::explain::{Decision, explain_trace};
use crate::notation::{Step, format_output};

/// The device name events without `@NAME` come from.
pub const DEFAULT_DEVICE: &str = "keyboard";

/// What a simulation produced.
#[derive(Debug, Default, Clone)]
pub struct Simulation {
    pub outputs: Vec<KeyEvent>,
    /// For each output, the index of the device whose engine emitted it.
    pub output_devices: Vec<usize>,
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
        format_output(&self.outputs, 0, timed)
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

/// A device and its engine; `None` when no block matches it (the daemon leaves such devices
/// alone, so their keys reach the system unchanged).
pub struct SimDevice {
    pub name: String,
    pub engine: Option<Engine>,
}

/// Feeds steps to per-device engines and records what they emit.
pub struct Simulator<'c> {
    config: &'c Config,
    pub devices: Vec<SimDevice>,
    pub now: Micros,
    rec: Recorder,
    result: Simulation,
}

impl<'c> Simulator<'c> {
    pub fn new(config: &'c Config) -> Simulator<'c> {
        Simulator {
            config,
            devices: Vec::new(),
            now: 0,
            rec: Recorder::default(),
            result: Simulation::default(),
        }
    }

    pub fn step(&mut self, step: &Step) -> Result<(), CompileError> {
        match step {
            Step::Wait(us) => self.advance_to(self.now + us),
            Step::Key { device, key, state } => {
                let index = self.device_index(device.as_deref().unwrap_or(DEFAULT_DEVICE))?;
                self.advance_to(self.now);
                let event = KeyEvent::new(*key, *state, self.now);
                match self.devices[index].engine.as_mut() {
                    Some(engine) => engine.process(event, &mut self.rec),
                    None => self.rec.keys.push(event),
                }
                self.collect(index);
            }
        }
        Ok(())
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
        self.result
            .output_devices
            .extend(self.rec.keys.iter().map(|_| index));
        self.result.outputs.append(&mut self.rec.keys);
        self.result
            .traces
            .extend(self.rec.traces.drain(..).map(|t| (index, t)));
    }

    fn device_index(&mut self, name: &str) -> Result<usize, CompileError> {
        if let Some(i) = self.devices.iter().position(|d| d.name == name) {
            return Ok(i);
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
pub fn simulate(config: &Config, steps: &[Step]) -> Result<Simulation, CompileError> {
    let mut sim = Simulator::new(config);
    for step in steps {
        sim.step(step)?;
    }
    Ok(sim.finish())
}
