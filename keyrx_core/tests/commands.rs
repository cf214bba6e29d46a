//! Commands: the engine asks its sink to run them (and nothing else), each numbered the same
//! way by the compiler and by the explanations, and bounded in count and size.

use keyrx_core::compile::{
    CompileError, CompiledKeymap, MAX_COMMAND_ARGS, MAX_COMMAND_BYTES, MAX_COMMANDS, Place, Table,
};
use keyrx_core::config::{Action, DeviceInfo, Keymap, Layer, TapHold};
use keyrx_core::event::{KeyEvent, KeyState, Recorder};
use keyrx_core::explain::{ActionView, DecisionKind, explain_trace};
use keyrx_core::keys::{KeyCode, key};
use keyrx_core::{Engine, Trace};

fn argv(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

fn keymap(map: Vec<(&str, Action)>) -> Keymap {
    Keymap {
        layers: vec![Layer {
            name: "base".into(),
            map: map.into_iter().map(|(k, a)| (key(k), a)).collect(),
            ..Default::default()
        }],
        ..Keymap::default()
    }
}

fn compile(keymap: &Keymap) -> Result<CompiledKeymap, CompileError> {
    CompiledKeymap::new(keymap, &DeviceInfo::default())
}

fn run(keymap: &Keymap, events: &[(&str, KeyState, u64)]) -> Recorder {
    let mut engine = Engine::new(keymap, &DeviceInfo::default()).unwrap();
    let mut rec = Recorder::default();
    for (k, state, t) in events {
        engine.process(KeyEvent::new(key(k), *state, *t * 1000), &mut rec);
    }
    engine.advance(10_000_000, &mut rec);
    rec
}

fn commands(rec: &Recorder) -> Vec<Vec<String>> {
    rec.commands.iter().map(|c| c.to_vec()).collect()
}

#[test]
fn a_press_asks_once_and_the_release_does_nothing() {
    let km = keymap(vec![("f1", Action::Command(argv(&["notify-send", "hi"])))]);
    let rec = run(
        &km,
        &[
            ("f1", KeyState::Press, 0),
            ("f1", KeyState::Repeat, 300),
            ("f1", KeyState::Release, 400),
            ("f1", KeyState::Press, 500),
            ("f1", KeyState::Release, 510),
        ],
    );
    assert_eq!(commands(&rec), vec![argv(&["notify-send", "hi"]); 2]);
    assert!(
        rec.keys.is_empty(),
        "a command types nothing: {:?}",
        rec.keys
    );
}

#[test]
fn a_command_on_either_side_of_a_tap_hold_runs_only_on_that_side() {
    let th = TapHold::new(
        Action::Command(argv(&["tap"])),
        Action::Command(argv(&["hold"])),
    );
    let km = keymap(vec![("f2", Action::TapHold(Box::new(th)))]);
    let tapped = run(
        &km,
        &[("f2", KeyState::Press, 0), ("f2", KeyState::Release, 50)],
    );
    assert_eq!(commands(&tapped), vec![argv(&["tap"])]);
    let held = run(
        &km,
        &[("f2", KeyState::Press, 0), ("f2", KeyState::Release, 900)],
    );
    assert_eq!(commands(&held), vec![argv(&["hold"])]);
}

#[test]
fn the_same_command_is_stored_once_and_named_by_the_decision() {
    let km = keymap(vec![
        ("f1", Action::Command(argv(&["a"]))),
        ("f2", Action::Command(argv(&["b", "two words"]))),
        ("f3", Action::Command(argv(&["a"]))),
    ]);
    let compiled = compile(&km).unwrap();
    let stored: Vec<Vec<String>> = compiled.commands.iter().map(|c| c.to_vec()).collect();
    assert_eq!(stored, vec![argv(&["a"]), argv(&["b", "two words"])]);
    let listed: Vec<Vec<String>> = km.commands().iter().map(|c| c.to_vec()).collect();
    assert_eq!(
        listed, stored,
        "explanations number commands as the compiler does"
    );
    let rec = run(
        &km,
        &[("f2", KeyState::Press, 0), ("f2", KeyState::Release, 10)],
    );
    let decision = rec
        .traces
        .iter()
        .find(|t| matches!(t, Trace::Command { .. }))
        .map(|t| explain_trace(t, &km))
        .expect("a command decision");
    assert_eq!(decision.kind, DecisionKind::Command);
    assert_eq!(decision.text, "f2 asked to run `b 'two words'`");
}

#[test]
fn check_layers_says_what_a_command_runs() {
    let view = ActionView::of(
        &Action::Command(argv(&["/usr/bin/notify-send", "it's"])),
        &Keymap::default(),
    );
    assert_eq!(view.label, "▶notif…");
    assert_eq!(
        view.detail,
        "runs `/usr/bin/notify-send 'it'\\''s'` (when the daemon allows commands)"
    );
}

fn refused(km: &Keymap) -> CompileError {
    compile(km).expect_err("refused")
}

fn at_f1() -> String {
    Place::Key {
        layer: "base".into(),
        key: key("f1"),
    }
    .to_string()
}

#[test]
fn arguments_are_bounded_in_count_at_the_limit() {
    let at_limit = vec!["x".to_string(); MAX_COMMAND_ARGS];
    compile(&keymap(vec![("f1", Action::Command(at_limit.clone()))])).unwrap();
    let mut past = at_limit;
    past.push("x".into());
    let err = refused(&keymap(vec![("f1", Action::Command(past))]));
    assert!(matches!(
        err,
        CompileError::TooLarge {
            what: Table::CommandArgs,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "more than {MAX_COMMAND_ARGS} arguments in one command (at {})",
            at_f1()
        )
    );
}

#[test]
fn arguments_are_bounded_in_bytes_at_the_limit() {
    let at_limit = vec!["p".to_string(), "y".repeat(MAX_COMMAND_BYTES - 1)];
    compile(&keymap(vec![("f1", Action::Command(at_limit))])).unwrap();
    let past = vec!["p".to_string(), "y".repeat(MAX_COMMAND_BYTES)];
    let err = refused(&keymap(vec![("f1", Action::Command(past))]));
    assert_eq!(
        err.to_string(),
        format!(
            "more than {MAX_COMMAND_BYTES} bytes of arguments in one command (at {})",
            at_f1()
        )
    );
}

#[test]
fn distinct_commands_are_bounded_at_the_limit() {
    let many = |n: usize| {
        let mut layers = Vec::new();
        // Spread over layers: one layer has fewer keys than the bound.
        for chunk in (0..n).collect::<Vec<_>>().chunks(200) {
            let map = chunk
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let k = KeyCode::all().nth(i + 1).unwrap();
                    (k, Action::Command(vec![format!("prog{n}")]))
                })
                .collect();
            layers.push(Layer {
                name: format!("l{}", layers.len()),
                map,
                ..Default::default()
            });
        }
        Keymap {
            layers,
            ..Keymap::default()
        }
    };
    let at_limit = compile(&many(MAX_COMMANDS)).unwrap();
    assert_eq!(at_limit.commands.len(), MAX_COMMANDS);
    assert_eq!(
        refused(&many(MAX_COMMANDS + 1)).to_string(),
        format!("more than {MAX_COMMANDS} distinct commands in one keymap (at the keymap)")
    );
}

#[test]
fn an_empty_program_or_a_nul_byte_is_refused_with_its_place() {
    for bad in [vec![], argv(&[""]), argv(&["", "x"])] {
        let err = refused(&keymap(vec![("f1", Action::Command(bad))]));
        assert_eq!(err, CompileError::EmptyCommand(at_f1()));
    }
    let err = refused(&keymap(vec![("f1", Action::Command(argv(&["a\0b"])))]));
    assert_eq!(err, CompileError::CommandNul(at_f1()));
}

#[test]
fn json_form_round_trips() {
    let action: Action = serde_json::from_str(r#"{"command": ["notify-send", "hi"]}"#).unwrap();
    assert_eq!(action, Action::Command(argv(&["notify-send", "hi"])));
    assert_eq!(
        serde_json::to_string(&action).unwrap(),
        r#"{"command":["notify-send","hi"]}"#
    );
}
