use super::*;
use crate::notation::parse_input;
use crate::sim::simulate;

fn config(json: &str) -> Config {
    Config::from_json(json).expect("test config parses")
}

const HOME_ROW: &str = r#"{
  "layers": [
    {"name": "base", "map": {
      "capslock": {"tap_hold": {"tap": "esc", "hold": "leftctrl", "term_ms": 180}},
      "space": {"momentary": "nav"},
      "f1": {"toggle": "nav"},
      "f2": {"one_shot": "leftctrl+leftshift"},
      "f3": {"text": "hello world"},
      "f4": {"macro": ["leftctrl+c", {"delay": 50}, {"press": "a"}]},
      "f5": "none",
      "f6": "leftshift+9",
      "f7": {"cond": {"branches": [{"when": {"layer": "nav"}, "then": "home"}], "else": "end"}},
      "f8": "release_all"
    }},
    {"name": "nav", "map": {"h": "left", "j": "_"}}
  ],
  "combos": [{"keys": ["j", "k"], "action": "esc", "layers": ["base"]}]
}"#;

fn key_view<'a>(view: &'a KeymapView, layer: usize, key: &str) -> &'a KeyView {
    view.blocks[0].layers[layer]
        .keys
        .iter()
        .find(|k| k.key == key)
        .unwrap_or_else(|| panic!("{key} is not in layer {layer}"))
}

#[test]
fn every_action_has_a_cap_label_and_a_sentence() {
    let view = KeymapView::of(&config(HOME_ROW));
    let expect = [
        ("capslock", ActionKind::TapHold, "esc", Some("lctrl")),
        ("space", ActionKind::Layer, "nav", None),
        ("f1", ActionKind::Layer, "⇄nav", None),
        ("f2", ActionKind::OneShot, "1×ctrl+shift", None),
        ("f3", ActionKind::Text, "“hello…”", None),
        ("f4", ActionKind::Macro, "macro", None),
        ("f5", ActionKind::Block, "✕", None),
        ("f6", ActionKind::Key, "shift+9", None),
        ("f7", ActionKind::Cond, "end?", None),
        ("f8", ActionKind::ReleaseAll, "⎚all", None),
    ];
    for (key, kind, label, hold) in expect {
        let k = key_view(&view, 0, key);
        assert_eq!(
            (
                k.action.kind,
                k.action.label.as_str(),
                k.action.hold.as_deref()
            ),
            (kind, label, hold),
            "{key}"
        );
        assert!(!k.action.detail.is_empty(), "{key} has no detail");
    }
    assert_eq!(
        key_view(&view, 0, "capslock").action.detail,
        "tap: types esc; hold: types leftctrl (tap-hold, balanced, 180 ms)"
    );
    assert_eq!(
        key_view(&view, 0, "f4").action.detail,
        "types a macro: leftctrl+c, wait 50 ms, press a"
    );
    assert_eq!(
        key_view(&view, 0, "f7").action.detail,
        "if layer nav: types home; otherwise types end"
    );
}

#[test]
fn caps_use_symbols_and_short_names_while_sentences_use_key_names() {
    let view = KeymapView::of(&config(
        r#"{"layers": [{"name": "base", "map": {"a": "semicolon", "b": "leftshift+slash", "c": "backspace"}}]}"#,
    ));
    let caps: Vec<(&str, &str)> = view.blocks[0].layers[0]
        .keys
        .iter()
        .map(|k| (k.action.label.as_str(), k.action.detail.as_str()))
        .collect();
    assert_eq!(
        caps,
        [
            (";", "types semicolon"),
            ("bspc", "types backspace"),
            ("shift+/", "types shift+slash")
        ]
    );
}

#[test]
fn layers_list_only_what_they_map_and_combos_keep_their_scope() {
    let view = KeymapView::of(&config(HOME_ROW));
    let block = &view.blocks[0];
    assert_eq!(block.matchers, Vec::<String>::new());
    let nav = &block.layers[1];
    assert_eq!(nav.name, "nav");
    let keys: Vec<(&str, ActionKind)> = nav
        .keys
        .iter()
        .map(|k| (k.key.as_str(), k.action.kind))
        .collect();
    assert_eq!(
        keys,
        [("h", ActionKind::Key), ("j", ActionKind::Transparent)]
    );
    assert_eq!(block.combos.len(), 1);
    assert_eq!(block.combos[0].keys, ["j", "k"]);
    assert_eq!(block.combos[0].layers, ["base"]);
    assert_eq!(block.combos[0].action.label, "esc");
}

#[test]
fn device_blocks_describe_their_matchers_in_priority_order() {
    let view = KeymapView::of(&config(
        r#"{"devices": [
          {"name": "laptop", "match": [{"name": "AT*"}, {"vendor_product": "046d:*", "phys": "usb-1"}],
           "keymap": {"layers": [{"name": "base", "map": {"a": "b"}}]}},
          {"name": "rest", "keymap": {"layers": [{"name": "base"}]}}
        ]}"#,
    ));
    let summary: Vec<(&str, Vec<String>)> = view
        .blocks
        .iter()
        .map(|b| (b.name.as_str(), b.matchers.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "laptop",
                vec![
                    "name AT*".to_string(),
                    "vendor:product 046d:*, phys usb-1".to_string()
                ]
            ),
            ("rest", vec![])
        ]
    );
}

#[test]
fn view_serializes_flat_for_the_wire() {
    let view = KeymapView::of(&config(HOME_ROW));
    let json = serde_json::to_value(&view).unwrap();
    let base = json["blocks"][0]["layers"][0]["keys"].as_array().unwrap();
    let find = |key: &str| base.iter().find(|k| k["key"] == key).unwrap();
    let capslock = find("capslock");
    assert_eq!(capslock["kind"], "tap_hold");
    assert_eq!(capslock["label"], "esc");
    assert_eq!(capslock["hold"], "lctrl");
    let space = find("space");
    assert!(space.get("hold").is_none(), "no hold side: {space}");
}

fn decisions(json: &str, input: &str) -> Vec<Decision> {
    let config = config(json);
    let sim = simulate(&config, &parse_input(input).unwrap()).unwrap();
    let keymap = &config.devices[0].keymap;
    sim.traces
        .iter()
        .map(|(_, t)| explain_trace(t, keymap))
        .collect()
}

#[test]
fn tap_hold_decisions_name_outcome_cause_and_timing() {
    let d = decisions(
        HOME_ROW,
        "d:capslock t:50 u:capslock d:capslock t:300 u:capslock",
    );
    let summary: Vec<(DecisionKind, Option<&str>, Option<&str>)> =
        d.iter().map(|d| (d.kind, d.outcome, d.cause)).collect();
    assert_eq!(
        summary,
        [
            (DecisionKind::TapHold, Some("tap"), Some("released")),
            (DecisionKind::TapHold, Some("hold"), Some("timeout")),
        ]
    );
    assert_eq!(d[1].key.as_deref(), Some("capslock"));
    assert_eq!(d[1].at_us, 50_000 + 180_000);
    assert_eq!(
        d[1].text,
        "capslock resolved as hold: held past its term (180 ms after its press)"
    );
}

#[test]
fn layer_and_combo_decisions_use_names_not_indices() {
    let d = decisions(HOME_ROW, "d:space u:space d:j d:k u:j u:k");
    let layers: Vec<(DecisionKind, Option<&str>)> = d
        .iter()
        .filter(|d| d.layer.is_some())
        .map(|d| (d.kind, d.layer.as_deref()))
        .collect();
    assert_eq!(
        layers,
        [
            (DecisionKind::LayerOn, Some("nav")),
            (DecisionKind::LayerOff, Some("nav"))
        ]
    );
    let combo = d
        .iter()
        .find(|d| d.kind == DecisionKind::ComboFired)
        .expect("the combo fired");
    assert_eq!(
        combo.combo.as_deref(),
        Some(&["j".to_string(), "k".to_string()][..])
    );
    assert_eq!(combo.text, "combo j+k fired");
}

#[test]
fn overloads_and_opposite_hand_tap_holds_say_so() {
    let view = KeymapView::of(&config(
        r#"{ "layers": [ { "name": "base", "map": {
            "capslock": { "overload": { "hold": "leftctrl", "tap": "esc", "timeout_ms": 250 } },
            "space": { "overload": { "hold": { "momentary": "nav" }, "tap": "space" } },
            "f": { "tap_hold": { "tap": "f", "hold": "leftshift", "opposite_hand": true } } } },
          { "name": "nav" } ] }"#,
    ));
    let caps = &key_view(&view, 0, "capslock").action;
    assert_eq!(
        (caps.kind, caps.label.as_str(), caps.hold.as_deref()),
        (ActionKind::TapHold, "esc", Some("lctrl"))
    );
    assert_eq!(
        caps.detail,
        "overload: types leftctrl (on from the press); tap: types esc if released within 250 ms \
         with no other key pressed"
    );
    assert_eq!(
        key_view(&view, 0, "space").action.detail,
        "overload: layer nav while held (on from the press); tap: types space if released \
         with no other key pressed"
    );
    assert_eq!(
        key_view(&view, 0, "f").action.detail,
        "tap: types f; hold: types leftshift (tap-hold, balanced, 200 ms, opposite hand)"
    );
}

#[test]
fn mouse_keys_are_described_with_their_numbers_and_decisions() {
    let json = r#"{"layers": [{"name": "base", "map": {
        "f1": {"mouse_button": "left"},
        "f2": {"mouse_move": {"direction": "up"}},
        "f3": {"mouse_scroll": {"direction": "down", "accel_ms": 0, "speed": 3}},
        "f4": {"mouse_speed": 25}}}]}"#;
    let config = config(json);
    let view = KeymapView::of(&config);
    let expect = [
        ("f1", "LClick", "holds the left mouse button"),
        (
            "f2",
            "Ms↑",
            "moves the pointer up while held: 8 px every 20 ms, reaching 80 px over 600 ms",
        ),
        (
            "f3",
            "Wh↓",
            "scrolls down while held: 3 detents every 80 ms",
        ),
        (
            "f4",
            "Ms25%",
            "mouse movement and scrolling at 25% of their speed while held",
        ),
    ];
    for (key, label, detail) in expect {
        let k = key_view(&view, 0, key);
        assert_eq!(k.action.kind, ActionKind::Mouse);
        assert_eq!(
            (k.action.label.as_str(), k.action.detail.as_str()),
            (label, detail)
        );
    }
    let steps = parse_input("d:f4 d:f2 t:25 u:f2 u:f4").unwrap();
    let sim = simulate(&config, &steps).unwrap();
    let texts: Vec<String> = sim
        .decisions(&config)
        .into_iter()
        .map(|(_, d)| d.text)
        .collect();
    assert_eq!(
        texts,
        [
            "mouse speed now 25%",
            "mouse movement started: a step now, faster while the key is held",
            "mouse movement stopped: its last direction key went up",
            "mouse speed now 100%",
        ]
    );
}

const LEADER: &str = r#"{
  "layers": [{"name": "base", "map": {
    "f1": "leader",
    "f2": {"leader": {"input_mode": "visible-backspaced", "timeout_ms": 500, "timeout_from": "last-key"}}
  }}],
  "sequences": [
    {"keys": ["g", "s"], "action": {"text": "git status"}},
    {"keys": ["g"], "action": "leftctrl+g"}
  ]
}"#;

#[test]
fn leaders_and_sequences_are_described_in_words() {
    let view = KeymapView::of(&config(LEADER));
    let f1 = key_view(&view, 0, "f1");
    assert_eq!(
        (f1.action.kind, f1.action.label.as_str()),
        (ActionKind::Leader, "Lead")
    );
    assert_eq!(
        f1.action.detail,
        "leader: the next keys are matched against the sequences (hidden, typed back if nothing matches; 1000 ms from the leader)"
    );
    assert_eq!(
        key_view(&view, 0, "f2").action.detail,
        "leader: the next keys are matched against the sequences (typed, backspaced away on a match; 500 ms from the last key)"
    );
    assert_eq!(
        view.blocks[0].sequences,
        [
            "leader g s → types the text “git status”",
            "leader g → types ctrl+g"
        ]
    );
}

#[test]
fn leader_decisions_say_what_the_sequence_did() {
    let kinds = |input| -> Vec<(DecisionKind, String)> {
        decisions(LEADER, input)
            .into_iter()
            .map(|d| (d.kind, d.text))
            .collect()
    };
    assert_eq!(
        kinds("d:f1 u:f1 d:g u:g d:s u:s"),
        [
            (
                DecisionKind::LeaderStarted,
                "leader: the next keys are matched against the sequences".into()
            ),
            (
                DecisionKind::LeaderKey,
                "leader: g typed, 1 longer sequence still possible".into()
            ),
            (DecisionKind::LeaderKey, "leader: s typed".into()),
            (
                DecisionKind::SequenceMatched,
                "sequence matched: leader g s → types the text “git status”".into()
            ),
        ]
    );
    let d = kinds("d:f1 u:f1 d:x u:x");
    assert_eq!(
        d[2],
        (
            DecisionKind::LeaderMismatch,
            "leader: no sequence goes on with x; the sequence ends".into()
        )
    );
    let d = kinds("d:f1 u:f1 d:g u:g t:1000");
    assert_eq!(
        d[2],
        (
            DecisionKind::LeaderTimeout,
            "leader: the sequence timed out".into()
        )
    );
    assert_eq!(d[3].0, DecisionKind::SequenceMatched);
}

const DYNAMIC: &str = r#"{
  "layers": [{"name": "base", "map": {
    "f1": {"macro_record": 0}, "f2": {"macro_play": 0}, "f3": "macro_stop"
  }}]
}"#;

#[test]
fn dynamic_macros_are_described_and_their_decisions_explained() {
    let view = KeymapView::of(&config(DYNAMIC));
    let labels: Vec<(&str, &str)> = ["f1", "f2", "f3"]
        .iter()
        .map(|k| {
            let a = &key_view(&view, 0, k).action;
            (a.label.as_str(), a.detail.as_str())
        })
        .collect();
    assert_eq!(
        labels,
        [
            (
                "●0",
                "records what is typed into dynamic macro 0, until pressed again or macro_stop"
            ),
            ("▶0", "plays dynamic macro 0 back, with its timing"),
            (
                "■",
                "stops recording a dynamic macro (or stops its playback)"
            ),
        ]
    );
    let texts: Vec<(DecisionKind, String)> =
        decisions(DYNAMIC, "d:f1 u:f1 d:a u:a d:f2 u:f2 d:f3 u:f3 d:f2 u:f2")
            .into_iter()
            .map(|d| (d.kind, d.text))
            .collect();
    assert_eq!(
        texts,
        [
            (
                DecisionKind::MacroRecordStarted,
                "recording dynamic macro 0".into()
            ),
            (
                DecisionKind::MacroPlayRefused,
                "dynamic macro 0 not played: a macro is being recorded".into()
            ),
            (
                DecisionKind::MacroRecordStopped,
                "dynamic macro 0 recorded, 2 events".into()
            ),
            (
                DecisionKind::MacroPlayStarted,
                "playing dynamic macro 0, 2 events".into()
            ),
        ]
    );
}
