//! The shipped example configs compile, map the keys they promise, and every ```rhai block in
//! docs/config.md compiles (or fails, when fenced as ```rhai,should_fail).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use keyrx_config::{compile_file, compile_str};
use keyrx_core::config::{Action, Flavor, Keymap};
use keyrx_core::keys::key;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn example(name: &str) -> Keymap {
    let path = workspace().join("examples").join(name);
    let compiled = compile_file(&path).unwrap_or_else(|d| panic!("{name}:\n{}", d.render()));
    assert!(
        compiled.warnings.is_empty(),
        "{name} has warnings:\n{}",
        compiled.render_warnings()
    );
    compiled.config.devices.into_iter().next().unwrap().keymap
}

fn tap_hold(km: &Keymap, layer: &str, k: &str) -> keyrx_core::config::TapHold {
    match action(km, layer, k) {
        Action::TapHold(th) => *th,
        other => panic!("{k} is not a tap-hold: {other:?}"),
    }
}

#[test]
fn every_example_compiles_without_warnings() {
    let mut count = 0;
    for entry in std::fs::read_dir(workspace().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rhai") {
            example(path.file_name().unwrap().to_str().unwrap());
            count += 1;
        }
    }
    assert!(count >= 8, "only {count} examples");
}

#[test]
fn capslock_taps_escape_and_holds_ctrl() {
    let th = tap_hold(&example("capslock-esc-ctrl.rhai"), "base", "capslock");
    assert_eq!(
        (th.tap, th.hold),
        (Action::key(key("esc")), Action::key(key("leftctrl")))
    );
    assert_eq!(th.flavor, Some(Flavor::HoldOnOtherKeyPress));
}

#[test]
fn home_row_mods_are_positional_and_tuned() {
    let km = example("home-row-mods.rhai");
    let f = tap_hold(&km, "base", "f");
    assert_eq!(f.hold, Action::key(key("leftshift")));
    assert!(f.hold_trigger_keys.contains(&key("j")) && !f.hold_trigger_keys.contains(&key("d")));
    let j = tap_hold(&km, "base", "j");
    assert!(j.hold_trigger_keys.contains(&key("f")));
    let o = &km.options.tap_hold;
    assert_eq!(
        (o.flavor, o.require_prior_idle_ms, o.quick_tap_ms),
        (Flavor::Balanced, 150, 150)
    );
}

#[test]
fn space_holds_a_vim_layer() {
    let km = example("vim-navigation.rhai");
    assert_eq!(
        tap_hold(&km, "base", "space").hold,
        Action::Momentary("nav".into())
    );
    assert_eq!(action(&km, "nav", "h"), Action::key(key("left")));
    assert_eq!(action(&km, "nav", "w"), json_action("\"ctrl+right\""));
}

#[test]
fn numpad_layer() {
    let km = example("numpad.rhai");
    assert_eq!(
        action(&km, "base", "pause"),
        Action::Toggle("numpad".into())
    );
    assert_eq!(action(&km, "numpad", "m"), Action::key(key("kp1")));
    assert_eq!(action(&km, "numpad", "space"), Action::key(key("kp0")));
}

#[test]
fn laptop_and_external_blocks() {
    let path = workspace().join("examples/laptop-and-external.rhai");
    let c = compile_file(&path).unwrap().config;
    assert_eq!(
        c.devices.len(),
        2,
        "no catch-all block: other keyboards are left alone"
    );
    assert_eq!(c.devices[0].name, "laptop");
    assert_eq!(c.devices[0].keymap.options.tap_hold.term_ms, 180);
    assert_eq!(
        action(&c.devices[1].keymap, "base", "capslock"),
        Action::key(key("esc"))
    );
    assert_eq!(
        c.devices[1].matchers[0].vendor_product.as_deref(),
        Some("046d:c33c")
    );
}

#[test]
fn combos_per_layer() {
    let km = example("combos.rhai");
    let jk: Vec<_> = km
        .combos
        .iter()
        .filter(|c| c.keys == [key("j"), key("k")])
        .collect();
    assert_eq!(jk.len(), 2);
    assert_eq!(
        (jk[0].layers.clone(), jk[1].layers.clone()),
        (vec!["symbols".to_string()], vec!["base".to_string()])
    );
    assert!(
        km.combos
            .iter()
            .any(|c| c.keys.len() == 3 && c.window_ms == Some(60))
    );
}

#[test]
fn macros_and_text() {
    let km = example("macros-and-text.rhai");
    assert_eq!(
        action(&km, "macros", "e"),
        Action::Text("me@example.com".into())
    );
    assert!(matches!(action(&km, "macros", "s"), Action::Macro(m) if m.steps.len() == 3));
    assert_eq!(action(&km, "macros", "q"), Action::ReleaseAll);
}

#[test]
fn gaming_layer_disables_tap_hold() {
    let km = example("gaming-toggle.rhai");
    assert_eq!(
        action(&km, "base", "scrolllock"),
        Action::Toggle("gaming".into())
    );
    for k in ["a", "s", "d", "f"] {
        assert!(matches!(action(&km, "base", k), Action::TapHold(_)));
        assert_eq!(action(&km, "gaming", k), Action::key(key(k)));
    }
}

#[test]
fn custom_modifiers_locks_and_base_switching() {
    let km = example("modifiers-and-locks.rhai");
    assert!(layer(&km, "hyper").map.is_empty() && layer(&km, "fnlock").map.is_empty());
    assert_eq!(
        action(&km, "qwerty", "f12"),
        Action::SetBase("colemak".into())
    );
    assert_eq!(
        tap_hold(&km, "qwerty", "leftshift").tap,
        json_action("{\"one_shot\":\"leftshift\"}")
    );
    assert_eq!(action(&km, "colemak", "k"), Action::key(key("e")));
}

#[test]
fn split_configs_import_helpers() {
    let km = example("split-into-files.rhai");
    assert_eq!(
        tap_hold(&km, "base", "d").hold,
        Action::key(key("leftctrl"))
    );
    assert_eq!(action(&km, "nav", "l"), Action::key(key("right")));
}

/// Each fenced block: (first line number, info string, code).
fn rhai_blocks(markdown: &str) -> Vec<(usize, String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match (&mut current, line.trim_start().strip_prefix("```")) {
            (None, Some(info)) if info.starts_with("rhai") => {
                current = Some((i + 2, info.to_string(), String::new()))
            }
            (Some(_), Some("")) => blocks.push(current.take().unwrap()),
            (Some((_, _, code)), _) => {
                code.push_str(line);
                code.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

#[test]
fn every_rhai_block_in_the_docs_compiles() {
    let docs = workspace().join("docs/config.md");
    let text = std::fs::read_to_string(&docs).unwrap();
    let blocks = rhai_blocks(&text);
    assert!(blocks.len() >= 25, "only {} blocks", blocks.len());
    // Imports in the docs refer to the example library.
    let examples = workspace().join("examples");
    for (line, info, code) in blocks {
        let name = format!("docs/config.md:{line}");
        let result = compile_str(&name, &code, Some(&examples));
        match (info.contains("should_fail"), result) {
            (false, Err(d)) => panic!("block at {name} should compile:\n{}", d.render()),
            (true, Ok(_)) => panic!("block at {name} should fail"),
            _ => {}
        }
    }
}
