//! Every example config is compiled and run against the scenarios in `examples/scenarios.t`:
//!
//! ```text
//! # a comment
//! example: capslock-esc-ctrl.rhai
//!
//! case: CapsLock tapped is Escape
//! in:  d:capslock t:50 u:capslock
//! out: t:50 d:esc u:esc
//! ```
//!
//! Each case is simulated the way `keyrx simulate` does and must produce exactly `out:` (with
//! `t:N` gaps). Once every input key is up and the timers have run, nothing may be left held.
//! Every example in `examples/` (not `examples/lib/`) must have at least one case.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use keyrx_core::config::Config;
use keyrx_core::notation::{Step, normalize_output, parse_input};
use keyrx_core::sim::{Simulator, simulate};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("examples")
}

struct Case {
    example: String,
    name: String,
    line: usize,
    input: String,
    expected: Option<String>,
}

fn parse_table(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut example: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let at = i + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (field, value) = line
            .split_once(':')
            .map(|(f, v)| (f.trim(), v.trim()))
            .unwrap_or_else(|| panic!("scenarios.t:{at}: expected `field: value`, found `{line}`"));
        match field {
            "example" => example = Some(value.to_string()),
            "case" => {
                let example = example
                    .clone()
                    .unwrap_or_else(|| panic!("scenarios.t:{at}: a case before any `example:`"));
                cases.push(Case {
                    example,
                    name: value.to_string(),
                    line: at,
                    input: String::new(),
                    expected: None,
                });
            }
            "in" | "out" => {
                let case = cases
                    .last_mut()
                    .unwrap_or_else(|| panic!("scenarios.t:{at}: `{field}:` before any `case:`"));
                if field == "in" {
                    case.input = value.to_string();
                } else {
                    case.expected = Some(value.to_string());
                }
            }
            _ => panic!("scenarios.t:{at}: unknown field `{field}`"),
        }
    }
    for case in &cases {
        assert!(
            !case.input.is_empty() && case.expected.is_some(),
            "scenarios.t:{}: case `{}` needs `in:` and `out:`",
            case.line,
            case.name
        );
    }
    cases
}

/// Runs `steps` to the end and lets every timer fire; with every input key up, no device may
/// still hold an output key or a momentary layer.
fn check_nothing_left_held(config: &Config, steps: &[Step]) -> Result<(), String> {
    let mut sim = Simulator::new(config);
    for step in steps {
        sim.step(step).map_err(|e| e.to_string())?;
    }
    sim.advance_to(sim.now + 3_600_000_000);
    for device in &sim.devices {
        let Some(engine) = device.engine.as_ref() else {
            continue;
        };
        if engine.pressed_inputs().next().is_some() {
            continue;
        }
        let held: Vec<_> = engine.held_outputs().collect();
        if !held.is_empty() {
            return Err(format!(
                "{}: all keys up but {held:?} still held",
                device.name
            ));
        }
        if engine.any_momentary_layer() {
            return Err(format!(
                "{}: all keys up but a momentary layer is active",
                device.name
            ));
        }
    }
    Ok(())
}

fn run_case(config: &Config, case: &Case) -> Result<(), String> {
    let steps = parse_input(&case.input).map_err(|e| format!("in: {e}"))?;
    let expected = normalize_output(case.expected.as_deref().unwrap_or_default())
        .map_err(|e| format!("out: {e}"))?;
    let actual = simulate(config, &steps)
        .map_err(|e| format!("the config cannot run: {e}"))?
        .render(true);
    if actual != expected {
        return Err(format!("expected: {expected}\n    actual:   {actual}"));
    }
    check_nothing_left_held(config, &steps)
}

/// The top-level `.rhai` files of `examples/`.
fn example_files() -> BTreeSet<String> {
    std::fs::read_dir(examples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "rhai"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_example_passes_its_scenarios() {
    let table = std::fs::read_to_string(examples_dir().join("scenarios.t")).unwrap();
    let cases = parse_table(&table);

    let mut configs: BTreeMap<String, Config> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in &cases {
        if !configs.contains_key(&case.example) {
            let path = examples_dir().join(&case.example);
            let compiled = keyrx_config::compile_file(&path).unwrap_or_else(|d| {
                panic!(
                    "scenarios.t:{}: {} does not compile:\n{}",
                    case.line,
                    case.example,
                    d.render()
                )
            });
            configs.insert(case.example.clone(), compiled.config);
        }
        if let Err(why) = run_case(&configs[&case.example], case) {
            failures.push(format!(
                "scenarios.t:{} {} `{}`\n    in: {}\n    {why}",
                case.line, case.example, case.name, case.input
            ));
        }
    }
    let covered: BTreeSet<String> = cases.iter().map(|c| c.example.clone()).collect();
    for missing in example_files().difference(&covered) {
        failures.push(format!("{missing} has no scenario in examples/scenarios.t"));
    }
    assert!(
        failures.is_empty(),
        "{} problems with the {} scenarios:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    println!(
        "{} scenarios over {} examples passed",
        cases.len(),
        covered.len()
    );
}
