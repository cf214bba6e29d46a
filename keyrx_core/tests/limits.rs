//! Hostile keymaps: nesting, table sizes and index widths are bounded, each refused at its
//! limit with the place it was passed, and nothing a JSON config can say overflows a small
//! thread stack.

use keyrx_core::compile::{
    CompileError, CompiledKeymap, MAX_ACTIONS, MAX_MACRO_STEPS, MAX_SEQUENCE_KEYS, MAX_SEQUENCES,
    MAX_TOTAL_MACRO_STEPS, Place, Table,
};
use keyrx_core::config::{
    Action, Branch, Condition, Conditional, Config, DeviceInfo, Keymap, Layer, MAX_NESTING,
    Sequence,
};
use keyrx_core::keys::{KeyCode, key};

/// The stack of the daemon's blocking threads; the walks must fit in it.
const SMALL_STACK: usize = 2 << 20;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn keymap_with(map: Vec<(KeyCode, Action)>) -> Keymap {
    Keymap {
        layers: vec![Layer {
            name: "base".into(),
            map: map.into_iter().collect(),
            ..Default::default()
        }],
        ..Keymap::default()
    }
}

fn compile(keymap: &Keymap) -> Result<CompiledKeymap, CompileError> {
    CompiledKeymap::new(keymap, &DeviceInfo::default())
}

fn at_a() -> Place {
    Place::Key {
        layer: "base".into(),
        key: key("a"),
    }
}

/// `when(layer, when(layer, .. "b"))`: each level a conditional inside the last one's branch,
/// the shape that costs the JSON form most levels.
fn nested_when(depth: usize) -> Action {
    let mut action = Action::Text("b".into());
    for _ in 1..depth {
        action = Action::Cond(Box::new(Conditional {
            branches: vec![Branch {
                when: Condition::Layer("base".into()),
                then: action,
            }],
            otherwise: None,
        }));
    }
    action
}

#[test]
fn nesting_is_accepted_at_the_limit_and_refused_past_it_with_its_place() {
    on_small_stack(|| {
        let ok = keymap_with(vec![(key("a"), nested_when(MAX_NESTING))]);
        assert!(compile(&ok).is_ok());
        let deep = keymap_with(vec![(key("a"), nested_when(MAX_NESTING + 1))]);
        let err = compile(&deep).unwrap_err();
        assert_eq!(err, CompileError::TooDeep { at: at_a() });
        assert_eq!(
            err.to_string(),
            "actions and conditions nest deeper than 24 levels (in layer `base`, key `a`)"
        );
    });
}

#[test]
fn a_config_at_the_nesting_limit_round_trips_through_json() {
    on_small_stack(|| {
        let mut cond = Condition::Layer("base".into());
        for _ in 2..MAX_NESTING {
            cond = Condition::All(vec![cond]);
        }
        let keymap = keymap_with(vec![
            (key("a"), nested_when(MAX_NESTING)),
            (
                key("b"),
                Action::Cond(Box::new(Conditional {
                    branches: vec![Branch {
                        when: cond,
                        then: "c".parse().map(Action::Output).unwrap(),
                    }],
                    otherwise: None,
                })),
            ),
        ]);
        let config = Config::for_all_devices(keymap);
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(Config::from_json(&json).unwrap(), config);
    });
}

#[test]
fn json_nested_without_bound_is_refused_at_its_line_and_column_on_a_small_stack() {
    let err = on_small_stack(|| {
        let n = 100_000;
        let text = format!(
            "{{\"layers\":[{{\"name\":\"base\",\"map\":{{\"a\":{{\"cond\":{{\"branches\":[{{\"when\":{}{{\"layer\":\"base\"}}{},\"then\":\"b\"}}]}}}}}}}}]}}",
            "{\"not\":".repeat(n),
            "}".repeat(n)
        );
        Config::from_json(&text).unwrap_err().to_string()
    });
    assert_eq!(err, "recursion limit exceeded at line 1 column 900");
}

#[test]
fn json_as_deep_as_serde_allows_parses_and_is_refused_by_the_compiler_on_a_small_stack() {
    on_small_stack(|| {
        // 128 levels is serde_json's limit; the config around the condition takes 11.
        let n = 128 - 11;
        let text = format!(
            "{{\"layers\":[{{\"name\":\"base\",\"map\":{{\"a\":{{\"cond\":{{\"branches\":[{{\"when\":{}{{\"layer\":\"base\"}}{},\"then\":\"b\"}}]}}}}}}}}]}}",
            "{\"not\":".repeat(n - 1),
            "}".repeat(n - 1)
        );
        let config = Config::from_json(&text).unwrap();
        let err = compile(&config.devices[0].keymap).unwrap_err();
        assert_eq!(err, CompileError::TooDeep { at: at_a() });
    });
}

const LETTERS: &str = "abcdefghijklmnopqrstuvwxyz";

/// One key with a conditional of `n` branches, each typing its own letter.
fn many_macros(n: usize) -> Keymap {
    let branches = (0..n)
        .map(|i| Branch {
            when: Condition::Layer("base".into()),
            then: Action::Text(LETTERS[i % 26..][..1].to_string()),
        })
        .collect();
    let cond = Action::Cond(Box::new(Conditional {
        branches,
        otherwise: None,
    }));
    keymap_with(vec![(key("a"), cond)])
}

#[test]
fn the_action_arena_is_bounded_before_any_u16_index_can_wrap() {
    // The arena holds the reserved entry, one per branch, the fallback and the conditional.
    let fits = MAX_ACTIONS - 3;
    let km = compile(&many_macros(fits)).unwrap();
    assert_eq!(km.macros.len(), fits);
    // The last macro types its own letter, not another's.
    let last = km.macros.last().unwrap();
    let typed: Vec<_> = last
        .iter()
        .filter_map(|s| match s {
            keyrx_core::compile::CStep::Press(k) => Some(k.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(typed, [&LETTERS[(fits - 1) % 26..][..1]]);
    let err = compile(&many_macros(fits + 1)).unwrap_err();
    assert_eq!(
        err,
        CompileError::TooLarge {
            what: Table::Actions,
            at: at_a()
        }
    );
    assert_eq!(
        err.to_string(),
        "more than 65536 actions in one keymap (at layer `base`, key `a`)"
    );
}

#[test]
fn one_macro_is_bounded_in_steps() {
    // A lowercase letter is two steps (press, release) when macros type without gaps.
    let text = |n: usize| keymap_with(vec![(key("a"), Action::Text("x".repeat(n)))]);
    let km = compile(&text(MAX_MACRO_STEPS / 2)).unwrap();
    assert_eq!(km.macros[0].len(), MAX_MACRO_STEPS);
    let err = compile(&text(MAX_MACRO_STEPS / 2 + 1)).unwrap_err();
    assert_eq!(
        err,
        CompileError::TooLarge {
            what: Table::MacroSteps,
            at: at_a()
        }
    );
}

#[test]
fn all_macros_together_are_bounded_in_steps() {
    let full = Action::Text("x".repeat(MAX_MACRO_STEPS / 2));
    let count = MAX_TOTAL_MACRO_STEPS / MAX_MACRO_STEPS;
    let keys: Vec<KeyCode> = KeyCode::all().skip(1).take(count + 1).collect();
    let map = |n: usize| keymap_with(keys[..n].iter().map(|k| (*k, full.clone())).collect());
    assert!(compile(&map(count)).is_ok());
    let err = compile(&map(count + 1)).unwrap_err();
    assert_eq!(
        err,
        CompileError::TooLarge {
            what: Table::TotalMacroSteps,
            at: Place::Key {
                layer: "base".into(),
                key: keys[count]
            }
        }
    );
}

#[test]
fn layer_names_are_bounded_in_length() {
    let named = |len: usize| Keymap {
        layers: vec![Layer {
            name: "n".repeat(len),
            map: Default::default(),
            ..Default::default()
        }],
        ..Keymap::default()
    };
    assert!(compile(&named(keyrx_core::config::MAX_NAME_LEN)).is_ok());
    let err = compile(&named(keyrx_core::config::MAX_NAME_LEN + 1)).unwrap_err();
    assert_eq!(err, CompileError::NameTooLong(129));
    assert_eq!(
        err.to_string(),
        "layer name of 129 bytes; names are at most 128 bytes"
    );
}

/// `n` distinct sequences of `len` letters each (the first two count up in base 26).
fn sequences(n: usize, len: usize) -> Keymap {
    let letter = |i: usize| key(&((b'a' + (i % 26) as u8) as char).to_string());
    let mut km = keymap_with(vec![(key("f1"), Action::Leader(Box::default()))]);
    km.sequences = (0..n)
        .map(|i| Sequence {
            keys: (0..len)
                .map(|d| match d {
                    0 => letter(i),
                    1 => letter(i / 26),
                    _ => letter(0),
                })
                .collect(),
            action: Action::key(key("x")),
        })
        .collect();
    km
}

#[test]
fn sequences_are_bounded_in_number_and_length() {
    let km = compile(&sequences(MAX_SEQUENCES, 2)).unwrap();
    assert_eq!(km.sequences.len(), MAX_SEQUENCES);
    let err = compile(&sequences(MAX_SEQUENCES + 1, 2)).unwrap_err();
    assert_eq!(
        err,
        CompileError::TooLarge {
            what: Table::Sequences,
            at: Place::Sequence(MAX_SEQUENCES)
        }
    );
    assert_eq!(
        err.to_string(),
        "more than 256 sequences in one keymap (at sequence 256)"
    );
    let km = compile(&sequences(1, MAX_SEQUENCE_KEYS)).unwrap();
    assert_eq!(km.sequences[0].keys().len(), MAX_SEQUENCE_KEYS);
    let err = compile(&sequences(1, MAX_SEQUENCE_KEYS + 1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "more than 16 keys in one sequence (at sequence 0)"
    );
    let mut km = sequences(0, 1);
    km.sequences.push(Sequence {
        keys: vec![key("leftshift")],
        action: Action::key(key("x")),
    });
    let err = compile(&km).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sequence 0: modifiers cannot be part of a sequence"
    );
}

#[test]
fn dynamic_macro_slots_are_bounded() {
    use keyrx_core::compile::MAX_DYNAMIC_MACROS;
    let last = (MAX_DYNAMIC_MACROS - 1) as u8;
    compile(&keymap_with(vec![(key("a"), Action::MacroPlay(last))])).unwrap();
    let err = compile(&keymap_with(vec![(
        key("a"),
        Action::MacroRecord(last + 1),
    )]))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "dynamic macro slot 8 does not exist; slots are 0 to 7 (in layer `base`, key `a`)"
    );
}

/// Recording keeps `MAX_DYNAMIC_MACRO_EVENTS` output events and stops at the next, saying so.
#[test]
fn a_dynamic_macro_records_up_to_its_bound() {
    use keyrx_core::compile::MAX_DYNAMIC_MACRO_EVENTS;
    use keyrx_core::event::Trace;
    use keyrx_core::notation::parse_input;
    use keyrx_core::sim::simulate;
    let km = keymap_with(vec![
        (key("f1"), Action::MacroRecord(0)),
        (key("f2"), Action::MacroPlay(0)),
        (key("f3"), Action::MacroStop),
    ]);
    let config = Config::for_all_devices(km);
    let taps = |n: usize| " d:x u:x".repeat(n);
    let run = |n: usize| {
        let input = format!("d:f1 u:f1{} d:f3 u:f3 t:1 d:f2 u:f2 t:1", taps(n));
        simulate(&config, &parse_input(&input).unwrap()).unwrap()
    };
    let played = |n: usize| run(n).outputs.len() - 2 * n;
    // At the bound: everything recorded and played, and the recording ends when asked.
    let at = MAX_DYNAMIC_MACRO_EVENTS / 2;
    assert_eq!(played(at), MAX_DYNAMIC_MACRO_EVENTS);
    let stopped = |n: usize| {
        run(n).traces.iter().find_map(|(_, t)| match t {
            Trace::MacroRecordStopped { events, full, .. } => Some((*events, *full)),
            _ => None,
        })
    };
    assert_eq!(stopped(at), Some((MAX_DYNAMIC_MACRO_EVENTS as u16, false)));
    // One tap more: its press is the event past the bound; the recording stops there.
    assert_eq!(played(at + 1), MAX_DYNAMIC_MACRO_EVENTS);
    assert_eq!(
        stopped(at + 1),
        Some((MAX_DYNAMIC_MACRO_EVENTS as u16, true))
    );
}

fn motion_with(field: &str, value: u32, scroll: bool) -> Action {
    let kind = if scroll { "mouse_scroll" } else { "mouse_move" };
    serde_json::from_str(&format!(
        r#"{{"{kind}": {{"direction": "up", "{field}": {value}}}}}"#
    ))
    .unwrap()
}

#[test]
fn mouse_numbers_are_accepted_at_their_limits_and_refused_past_them_with_their_place() {
    use keyrx_core::config::{MAX_MOUSE_MS, MAX_MOUSE_STEP};
    let cases = [
        ("speed", 1, MAX_MOUSE_STEP),
        ("start", 1, MAX_MOUSE_STEP),
        ("interval_ms", 1, MAX_MOUSE_MS),
        ("delay_ms", 0, MAX_MOUSE_MS),
        ("accel_ms", 0, MAX_MOUSE_MS),
    ];
    for scroll in [false, true] {
        for (field, min, max) in cases {
            for ok in [min, max] {
                let km = keymap_with(vec![(key("a"), motion_with(field, ok, scroll))]);
                assert!(compile(&km).is_ok(), "{field} {ok}");
            }
            let km = keymap_with(vec![(key("a"), motion_with(field, max + 1, scroll))]);
            let err = compile(&km).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "{field} is {}; it must be {min} to {max} (at layer `base`, key `a`)",
                    max + 1
                )
            );
            assert_eq!(err.place(), Some(&at_a()));
            if min > 0 {
                let km = keymap_with(vec![(key("a"), motion_with(field, min - 1, scroll))]);
                assert!(compile(&km).is_err(), "{field} {}", min - 1);
            }
        }
    }
    for (percent, ok) in [(0, false), (1, true), (1000, true), (1001, false)] {
        let km = keymap_with(vec![(key("a"), Action::MouseSpeed(percent))]);
        match compile(&km) {
            Ok(_) => assert!(ok, "{percent}"),
            Err(e) => {
                assert!(!ok, "{percent}");
                assert_eq!(
                    e.to_string(),
                    format!(
                        "mouse_speed percent is {percent}; it must be 1 to 1000 (at layer `base`, key `a`)"
                    )
                );
            }
        }
    }
}
