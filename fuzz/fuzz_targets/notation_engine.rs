//! Fuzzes the input notation parser and then the engine: any text either fails to parse with
//! an error, or runs through a keymap using every feature while keeping the invariants.
#![no_main]

use std::collections::BTreeSet;

use keyrx_core::config::{Config, Keymap};
use keyrx_core::event::KeyState;
use keyrx_core::notation::parse_input;
use keyrx_core::sim::Simulator;
use libfuzzer_sys::fuzz_target;

const KEYMAP: &str = r#"{
  "layers": [
    { "name": "base", "map": {
        "a": { "tap_hold": { "tap": "a", "hold": "leftctrl", "flavor": "balanced", "quick_tap_ms": 100 } },
        "s": { "tap_hold": { "tap": "s", "hold": { "momentary": "nav" }, "flavor": "hold-on-other-key-press" } },
        "d": { "tap_hold": { "tap": "d", "hold": "leftshift", "flavor": "tap-unless-interrupted", "retro_tap": "deferred" } },
        "f": { "one_shot": "leftshift" }, "g": { "one_shot_layer": "nav" }, "h": { "toggle": "nav" },
        "q": { "macro": ["x", { "delay": 10 }, "shift+y"] }, "w": { "text": "Hi" },
        "e": { "cond": { "branches": [ { "when": { "layer": "nav" }, "then": "z" } ], "else": "shift+9" } } } },
    { "name": "nav", "map": { "j": "down", "k": "up", "a": "_" } }
  ],
  "combos": [ { "keys": ["j", "k"], "action": "esc" }, { "keys": ["j", "k", "l"], "action": { "momentary": "nav" } } ]
}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(steps) = parse_input(text) else { return };
    let keymap: Keymap = serde_json::from_str(KEYMAP).unwrap();
    let config = Config::for_all_devices(keymap);
    let mut sim = Simulator::new(&config);
    for step in &steps {
        sim.step(step).unwrap();
    }
    sim.advance_to(sim.now.saturating_add(10_000_000));
    // Every device matches the single block, so every device has an engine.
    let engines = || sim.devices.iter().map(|d| d.engine.as_ref().unwrap());
    if engines().all(|e| e.pressed_inputs().next().is_none()) {
        assert!(engines().all(|e| e.held_outputs().next().is_none()), "output held after all keys up");
    }
    let result = sim.finish();
    let mut down = BTreeSet::new();
    for (e, device) in result.outputs.iter().zip(&result.output_devices) {
        let held = (*device, e.key);
        let ok = match e.state {
            KeyState::Press => down.insert(held),
            KeyState::Release => down.remove(&held),
            KeyState::Repeat => down.contains(&held),
        };
        assert!(ok, "unpaired output {e:?}");
    }
});
