//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

use std::collections::BTreeSet;

use keyrx_core::KeyCode;
use keyrx_core::config::Config;
use keyrx_core::event::{KeyEvent, KeyState};
use keyrx_core::notation::Step;
use keyrx_core::sim::Simulator;

/// A keymap, or a whole config with `devices`, from JSON.
pub fn parse_config(text: &str) -> Result<Config, serde_json::Error> {
    Config::from_json(text)
}

/// Every output press pairs with one release (per device); repeats only of held keys.
pub fn check_pairing(outputs: &[KeyEvent], devices: &[usize]) -> Result<(), String> {
    let mut down: BTreeSet<(usize, KeyCode)> = BTreeSet::new();
    for (e, d) in outputs.iter().zip(devices) {
        let ok = match e.state {
            KeyState::Press => down.insert((*d, e.key)),
            KeyState::Release => down.remove(&(*d, e.key)),
            KeyState::Repeat => down.contains(&(*d, e.key)),
        };
        if !ok {
            return Err(format!(
                "unpaired output {:?} {} at {}us",
                e.state, e.key, e.time
            ));
        }
    }
    Ok(())
}

/// Runs `steps`, then drains every timer, and checks the engine's invariants: outputs pair
/// up; if every input key is up, no output is held (but an armed one-shot's modifiers) and no
/// momentary layer is active; and
/// `release_all` leaves nothing held either way.
pub fn check_invariants(config: &Config, steps: &[Step]) -> Result<(), String> {
    let mut sim = Simulator::new(config);
    for step in steps {
        sim.step(step).map_err(|e| e.to_string())?;
    }
    sim.advance_to(sim.now + 3_600_000_000);
    let mut released = keyrx_core::event::Recorder::default();
    for device in sim.devices.iter_mut() {
        let Some(engine) = device.engine.as_mut() else {
            continue;
        };
        if engine.pressed_inputs().next().is_none() {
            // An armed one-shot or sticky key that never expires, and a locked modifier
            // layer, keep their outputs down on purpose.
            let armed: Vec<_> = engine.latched_outputs().collect();
            let held: Vec<_> = engine
                .held_outputs()
                .filter(|k| !armed.contains(k))
                .collect();
            if !held.is_empty() {
                return Err(format!("all keys up but outputs still held: {held:?}"));
            }
            if let Some(button) = engine.held_mouse_buttons().next() {
                return Err(format!(
                    "all keys up but mouse button {button:?} still held"
                ));
            }
            if engine.mouse_in_motion() {
                return Err("all keys up but the pointer still moves".into());
            }
            if engine.any_momentary_layer() {
                return Err("all keys up but a momentary layer is active".into());
            }
            if !engine.is_settled() {
                return Err("all keys up and timers drained but the engine is not settled".into());
            }
        }
        let before: Vec<_> = engine.held_outputs().collect();
        engine.release_all(&mut released);
        if engine.held_outputs().next().is_some() {
            return Err("release_all left outputs held".into());
        }
        if engine.held_mouse_buttons().next().is_some() || engine.mouse_in_motion() {
            return Err("release_all left the pointer busy".into());
        }
        released.mouse.clear();
        let released_keys: BTreeSet<_> = released.keys.drain(..).map(|e| e.key).collect();
        if released_keys != before.into_iter().collect() {
            return Err("release_all did not release exactly the held outputs".into());
        }
    }
    let result = sim.finish();
    check_pairing(&result.outputs, &result.output_devices)?;
    check_mouse_pairing(&result.mouse)
}

/// Every pointer button press pairs with one release (per device).
pub fn check_mouse_pairing(mouse: &[keyrx_core::sim::MouseOut]) -> Result<(), String> {
    use keyrx_core::event::MouseOutput;
    let mut down = BTreeSet::new();
    for m in mouse {
        if let MouseOutput::Button { button, pressed } = m.event.output {
            let key = (m.device, button as u8);
            let ok = if pressed {
                down.insert(key)
            } else {
                down.remove(&key)
            };
            if !ok {
                return Err(format!(
                    "unpaired mouse button {button:?} at {}us",
                    m.event.time
                ));
            }
        }
    }
    Ok(())
}
