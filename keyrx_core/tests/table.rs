//! The table-driven engine suite: every `tests/cases/*.t` file holds configs and cases.
//!
//! ```text
//! # a comment
//! config:
//! { "layers": [ { "name": "base", "map": { "capslock": "esc" } } ] }
//!
//! case: capslock is escape
//! in:  d:capslock t:10 u:capslock
//! out: d:esc t:10 u:esc
//! ```
//!
//! A `config:` (a keymap, or `{"devices": [...]}`) applies to the cases after it. `out:` is the
//! output with `t:N` gaps. Beyond matching `out:`, every case must keep the engine's invariants:
//! outputs pair up, and once all keys are up and timers drained nothing is held.
//! Set `KEYRX_BLESS=1` to rewrite `out:` lines with what the engine does now.

mod common;

use std::fmt::Write;
use std::path::Path;

use common::{check_invariants, parse_config};
use keyrx_core::notation::{normalize_output, parse_input};
use keyrx_core::sim::simulate;

struct Case {
    name: String,
    line: usize,
    config: String,
    input: String,
    expected: String,
}

fn parse_file(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut config = String::new();
    let mut in_config = false;
    let mut current: Option<Case> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('#') || (line.is_empty() && !in_config) {
            continue;
        }
        if line == "config:" {
            cases.extend(current.take());
            config.clear();
            in_config = true;
        } else if let Some(name) = line.strip_prefix("case:") {
            cases.extend(current.take());
            in_config = false;
            current = Some(Case {
                name: name.trim().to_string(),
                line: i + 1,
                config: config.clone(),
                input: String::new(),
                expected: String::new(),
            });
        } else if in_config {
            config.push_str(raw);
            config.push('\n');
        } else if let (Some(case), Some(input)) = (current.as_mut(), line.strip_prefix("in:")) {
            case.input = input.trim().to_string();
        } else if let (Some(case), Some(out)) = (current.as_mut(), line.strip_prefix("out:")) {
            case.expected = out.trim().to_string();
        } else {
            panic!("line {}: unexpected `{line}`", i + 1);
        }
    }
    cases.extend(current);
    cases
}

/// Runs one case; `Err` describes how it failed.
fn run_case(case: &Case) -> Result<String, String> {
    let config = parse_config(&case.config).map_err(|e| format!("config: {e}"))?;
    let steps = parse_input(&case.input).map_err(|e| format!("in: {e}"))?;
    let sim = simulate(&config, &steps).map_err(|e| format!("config: {e}"))?;
    let actual = sim.render(true);
    check_invariants(&config, &steps).map_err(|e| format!("invariant: {e}\n  output: {actual}"))?;
    let expected = normalize_output(&case.expected).map_err(|e| format!("out: {e}"))?;
    if actual != expected {
        return Err(format!("expected: {expected}\n    actual: {actual}"));
    }
    Ok(actual)
}

/// What the engine outputs for `case` now, for rewriting expectations.
fn actual_output(case: &Case) -> Option<String> {
    let config = parse_config(&case.config).ok()?;
    let steps = parse_input(&case.input).ok()?;
    Some(simulate(&config, &steps).ok()?.render(true))
}

fn bless(path: &Path, text: &str) {
    let cases = parse_file(text);
    let mut out = String::new();
    for (i, raw) in text.lines().enumerate() {
        let owner = cases.iter().rev().find(|c| c.line <= i + 1);
        match (
            raw.trim_start().starts_with("out:"),
            owner.and_then(actual_output),
        ) {
            (true, Some(actual)) => {
                writeln!(out, "{}", format!("out: {actual}").trim_end()).unwrap()
            }
            _ => writeln!(out, "{raw}").unwrap(),
        }
    }
    std::fs::write(path, out).unwrap();
}

#[test]
fn table_driven_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (mut total, mut failures) = (0, Vec::new());
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "t"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        if std::env::var_os("KEYRX_BLESS").is_some() {
            bless(path, &text);
            continue;
        }
        for case in parse_file(&text) {
            total += 1;
            if let Err(why) = run_case(&case) {
                let file = path.file_name().unwrap().to_string_lossy();
                failures.push(format!(
                    "{file}:{} `{}`\n    in: {}\n    {why}",
                    case.line, case.name, case.input
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 150, "only {total} cases");
    println!("{total} table cases passed");
}
