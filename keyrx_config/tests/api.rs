//! Every function of the config API builds the engine config it documents.

mod common;

use common::*;
use keyrx_config::compile_str;
use keyrx_core::config::{
    Action, Condition, Flavor, HandPolicy, KeyOutput, MacroCancel, MacroStep, OneShotEnd,
    QuickTapFrom, RetroTap, TapHold, TermDecides,
};
use keyrx_core::keys::{ModMask, key};

#[test]
fn map_plain_modified_transparent_and_block() {
    let km = keymap(
        r#"layer("base", || {
            map("a", "b");
            map("s", "shift+9");
            map("d", "_");
            map("f", "none");
            map("g", "ctrl+alt+delete");
        });"#,
    );
    assert_eq!(action(&km, "base", "a"), Action::key(key("b")));
    let shift9 = KeyOutput::Key {
        mods: ModMask::LSHIFT,
        key: key("9"),
    };
    assert_eq!(action(&km, "base", "s"), Action::Output(shift9));
    assert_eq!(
        action(&km, "base", "d"),
        Action::Output(KeyOutput::Transparent)
    );
    assert_eq!(action(&km, "base", "f"), Action::Output(KeyOutput::Block));
    assert_eq!(
        action(&km, "base", "g"),
        json_action(r#""ctrl+alt+delete""#)
    );
}

#[test]
fn map_accepts_aliases_and_a_table() {
    let km = keymap(
        r#"layer("base", || { map(#{ caps: "escape", "1": "f1" }); });
           layer("nav", #{ h: "left" });
           layer("base", || { map("KEY_J", "down"); });
           map_nav();
           fn map_nav() {}
           layer("x", || { map("x", momentary("nav")); });
           layer("base", || { map("z", toggle("x")); });"#,
    );
    assert_eq!(action(&km, "base", "capslock"), Action::key(key("esc")));
    assert_eq!(action(&km, "base", "1"), Action::key(key("f1")));
    assert_eq!(action(&km, "base", "j"), Action::key(key("down")));
    assert_eq!(action(&km, "nav", "h"), Action::key(key("left")));
    let names: Vec<_> = km.layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        ["base", "nav", "x"],
        "first declared is the base; repeats extend"
    );
}

#[test]
fn layer_actions() {
    let km = keymap(
        r#"layer("base", || {
            map("a", momentary("nav"));
            map("s", toggle("nav"));
            map("d", one_shot_layer("nav"));
            map("f", set_base("nav"));
            map("g", release_all());
            map("h", "release_all");
        });
        layer("nav");"#,
    );
    assert_eq!(action(&km, "base", "a"), Action::Momentary("nav".into()));
    assert_eq!(action(&km, "base", "s"), Action::Toggle("nav".into()));
    assert_eq!(action(&km, "base", "d"), Action::OneShotLayer("nav".into()));
    assert_eq!(action(&km, "base", "f"), Action::SetBase("nav".into()));
    assert_eq!(action(&km, "base", "g"), Action::ReleaseAll);
    assert_eq!(action(&km, "base", "h"), Action::ReleaseAll);
    assert!(
        layer(&km, "nav").map.is_empty(),
        "layer(name) declares an empty layer"
    );
}

#[test]
fn one_shot_modifiers() {
    let km = keymap(
        r#"layer("base", || { map("a", one_shot("shift")); map("s", one_shot("ctrl+rshift")); });"#,
    );
    assert_eq!(action(&km, "base", "a"), Action::OneShot(ModMask::LSHIFT));
    assert_eq!(
        action(&km, "base", "s"),
        json_action(r#"{"one_shot":"leftctrl+rightshift"}"#)
    );
}

#[test]
fn sticky_keys() {
    let km = keymap(
        r#"layer("base", || { map("a", sticky("ctrl+c")); map("s", sticky("x")); map("d", sticky("shift")); });"#,
    );
    assert_eq!(
        action(&km, "base", "a"),
        json_action(r#"{"sticky":"leftctrl+c"}"#)
    );
    assert_eq!(action(&km, "base", "s"), json_action(r#"{"sticky":"x"}"#));
    assert_eq!(
        action(&km, "base", "d"),
        json_action(r#"{"sticky":"leftshift"}"#)
    );
    let errs = errors(r#"layer("base", || { map("a", sticky("_")); });"#);
    assert!(errs[0].message.contains("sticky() takes a key"), "{errs:?}");
}

#[test]
fn layer_modifiers_declare_a_layer_that_holds_them() {
    let km = keymap(
        r#"layer("base", || { map("capslock", momentary("nav")); });
        layer_modifiers("nav", "ctrl");
        layer("nav", || { map("h", "left"); });"#,
    );
    let nav = layer(&km, "nav");
    assert_eq!(nav.mods, ModMask::LCTRL);
    assert_eq!(nav.map.len(), 1);
    let json = serde_json::to_value(&km).unwrap();
    assert_eq!(json["layers"][1]["mods"], "leftctrl");
    assert!(json["layers"][0].get("mods").is_none());
    let errs = errors(r#"layer("base"); layer("nav"); layer_modifiers("nav", "ctrl+x");"#);
    assert!(errs[0].message.contains("not a modifier"), "{errs:?}");
    // Declared first, the layer would be the base, whose modifiers could never come up.
    let errs = errors(r#"layer_modifiers("nav", "ctrl"); layer("base");"#);
    assert!(errs[0].message.contains("base layer"), "{errs:?}");
}

#[test]
fn multi_holds_keys_and_layer_actions() {
    let km = keymap(
        r#"layer("base", || { map("capslock", multi(["lctrl", momentary("nav")])); });
        layer("nav");"#,
    );
    assert_eq!(
        action(&km, "base", "capslock"),
        json_action(r#"{"multi":["leftctrl",{"momentary":"nav"}]}"#)
    );
    let errs = errors(r#"layer("base", || { map("a", multi(["x", text("hi")])); });"#);
    assert!(errs[0].message.contains("multi() holds keys"), "{errs:?}");
    let errs = errors(r#"layer("base", || { map("a", multi(["x", momentary("nope")])); });"#);
    assert!(errs[0].message.contains("nope"), "{errs:?}");
    let many = (0..17).map(|_| "\"x\"").collect::<Vec<_>>().join(",");
    let errs = errors(&format!(
        r#"layer("base", || {{ map("a", multi([{many}])); }});"#
    ));
    assert!(errs[0].message.contains("at most 16"), "{errs:?}");
}

#[test]
fn caps_word_repeat_key_layer_lock_and_overrides() {
    let km = keymap(
        r#"layer("base", || {
            map("capslock", caps_word());
            map("f1", caps_word(#{ timeout_ms: 2000, shifted: ["a"], continue_keys: ["minus"] }));
            map("f2", repeat_key());
            map("f3", layer_lock());
        });
        override("shift+backspace", "delete");"#,
    );
    assert_eq!(
        action(&km, "base", "capslock"),
        json_action(r#"{"caps_word":{}}"#)
    );
    assert_eq!(
        action(&km, "base", "f1"),
        json_action(
            r#"{"caps_word":{"timeout_ms":2000,"shifted":["a"],"continue_keys":["minus"]}}"#
        )
    );
    assert_eq!(action(&km, "base", "f2"), Action::RepeatKey);
    assert_eq!(action(&km, "base", "f3"), Action::LayerLock);
    assert_eq!(
        serde_json::to_value(&km.overrides).unwrap(),
        serde_json::json!([{ "trigger": "leftshift+backspace", "replacement": "delete" }])
    );
    let errs = errors(r#"layer("base"); override("backspace", "delete");"#);
    assert!(errs[0].message.contains("needs modifiers"), "{errs:?}");
    let errs = errors(r#"layer("base", || { override("shift+a", "b"); });"#);
    assert!(errs[0].message.contains("whole keymap"), "{errs:?}");
    // The bound on overrides is checked where the one past it is declared.
    let many = r#"layer("base"); for i in 0..257 { override("shift+a", "b"); }"#;
    let errs = errors(many);
    assert!(
        errs[0].message.contains("at most 256 overrides"),
        "{errs:?}"
    );
    let errs = errors(r#"layer("base", || { map("a", caps_word(#{ timeout: 1 })); });"#);
    assert!(errs[0].message.contains("timeout"), "{errs:?}");
}

#[test]
fn unicode_text_follows_the_method() {
    let km = keymap(r#"layer("base", || { map("a", unicode("é")); map("s", text("naïve")); });"#);
    assert_eq!(action(&km, "base", "a"), Action::Text("é".into()));
    let errs = errors(
        r#"options(#{ unicode_method: "none" }); layer("base", || { map("a", text("é")); });"#,
    );
    assert!(errs[0].message.contains("unicode_method"), "{errs:?}");
    // The Compose table has no sequence for an emoji.
    let errs = errors(
        r#"options(#{ unicode_method: "compose" }); layer("base", || { map("a", unicode("😀")); });"#,
    );
    assert!(errs[0].message.contains("cannot be typed"), "{errs:?}");
    let errs = errors(r#"options(#{ compose_key: "nokey" }); layer("base");"#);
    assert!(!errs.is_empty());
}

#[test]
fn tap_dances() {
    let km = keymap(
        r#"layer("base", || {
            map("f1", tap_dance(["a", tap_hold("b", "lctrl")]));
            map("f2", tap_dance(["a", "b"], #{ term_ms: 150, eager: true }));
        });"#,
    );
    assert_eq!(
        action(&km, "base", "f1"),
        json_action(
            r#"{"tap_dance":{"actions":["a",{"tap_hold":{"tap":"b","hold":"leftctrl"}}]}}"#
        )
    );
    assert_eq!(
        action(&km, "base", "f2"),
        json_action(r#"{"tap_dance":{"actions":["a","b"],"term_ms":150,"eager":true}}"#)
    );
    let errs = errors(r#"layer("base", || { map("a", tap_dance([])); });"#);
    assert!(errs[0].message.contains("1 to 16 actions"), "{errs:?}");
    let errs = errors(r#"layer("base", || { map("a", tap_dance([tap_dance(["x"])])); });"#);
    assert!(errs[0].message.contains("another tap dance"), "{errs:?}");
    let errs = errors(r#"layer("base", || { map("a", tap_hold("x", tap_dance(["y"]))); });"#);
    assert!(errs[0].message.contains("a tap_dance"), "{errs:?}");
}

#[test]
fn tap_hold_with_every_option() {
    let km = keymap(
        r#"layer("base", || {
            map("f", tap_hold("f", "lshift", #{
                flavor: "tap_unless_interrupted",
                term_ms: 180,
                quick_tap_ms: 120,
                quick_tap_from: "release",
                require_prior_idle_ms: 150,
                retro_tap: "after-hold",
                hold_while_undecided: true,
                hold_trigger_keys: ["j", "k", "semicolon"],
                opposite_hand: true,
                same_hand: "hold",
                unknown_hand: "tap",
                opposite_hand_timeout: "tap",
                neutral_keys: ["space"],
                neutral: "hold",
            }));
            map("space", tap_hold("space", momentary("nav")));
        });
        layer("nav");"#,
    );
    let mut expected = TapHold::new(Action::key(key("f")), Action::key(key("leftshift")));
    expected.flavor = Some(Flavor::TapUnlessInterrupted);
    expected.term_ms = Some(180);
    expected.quick_tap_ms = Some(120);
    expected.quick_tap_from = Some(QuickTapFrom::Release);
    expected.require_prior_idle_ms = Some(150);
    expected.retro_tap = Some(RetroTap::AfterHold);
    expected.hold_while_undecided = Some(true);
    expected.hold_trigger_keys = vec![key("j"), key("k"), key("semicolon")];
    expected.opposite_hand = Some(true);
    expected.same_hand = Some(HandPolicy::Hold);
    expected.unknown_hand = Some(HandPolicy::Tap);
    expected.opposite_hand_timeout = Some(TermDecides::Tap);
    expected.neutral_keys = vec![key("space")];
    expected.neutral = Some(HandPolicy::Hold);
    assert_eq!(
        action(&km, "base", "f"),
        Action::TapHold(Box::new(expected))
    );
    let plain = TapHold::new(Action::key(key("space")), Action::Momentary("nav".into()));
    assert_eq!(
        action(&km, "base", "space"),
        Action::TapHold(Box::new(plain))
    );
}

#[test]
fn flavor_aliases() {
    for (written, flavor) in [
        ("timeout", Flavor::TapPreferred),
        ("hold-preferred", Flavor::HoldOnOtherKeyPress),
        ("permissive-hold", Flavor::Balanced),
        ("HOLD_ON_OTHER_KEY_PRESS", Flavor::HoldOnOtherKeyPress),
    ] {
        let km = keymap(&format!(
            r#"options(#{{ tap_hold: #{{ flavor: "{written}" }} }}); layer("base");"#
        ));
        assert_eq!(km.options.tap_hold.flavor, flavor, "{written}");
    }
}

#[test]
fn macros_and_text() {
    let km = keymap(
        r#"layer("base", || {
            map("a", macro(["ctrl+a", delay(20), text("hi"), press("lshift"), "b", release("lshift"), tap("shift+c")]));
            map("s", text("me@example.com"));
        });"#,
    );
    let Action::Macro(m) = action(&km, "base", "a") else {
        panic!("not a macro")
    };
    assert_eq!(m.cancel, MacroCancel::default());
    assert_eq!(
        m.steps,
        vec![
            MacroStep::Tap("ctrl+a".parse().unwrap()),
            MacroStep::Delay(20),
            MacroStep::Text("hi".into()),
            MacroStep::Press(key("leftshift")),
            MacroStep::Tap("b".parse().unwrap()),
            MacroStep::Release(key("leftshift")),
            MacroStep::Tap("shift+c".parse().unwrap()),
        ]
    );
    assert_eq!(
        action(&km, "base", "s"),
        Action::Text("me@example.com".into())
    );
}

#[test]
fn macros_pause_for_release_and_cancel() {
    let km = keymap(
        r#"layer("base", || {
            map("a", macro(["x", pause_for_release(), "y"], #{ cancel_on_press: true, cancel_on_release: true }));
        });"#,
    );
    let Action::Macro(m) = action(&km, "base", "a") else {
        panic!("not a macro")
    };
    assert_eq!(
        m.steps,
        vec![
            MacroStep::Tap("x".parse().unwrap()),
            MacroStep::PauseForRelease,
            MacroStep::Tap("y".parse().unwrap()),
        ]
    );
    assert_eq!(
        m.cancel,
        MacroCancel {
            on_press: true,
            on_release: true
        }
    );
    // The JSON form keeps the cancellation, and a plain macro stays a plain list.
    let json = serde_json::to_value(Action::Macro(m.clone())).unwrap();
    assert_eq!(json["macro"]["cancel_on_press"], true);
    assert_eq!(
        serde_json::from_value::<Action>(json).unwrap(),
        Action::Macro(m)
    );
    let plain = serde_json::json!({ "macro": ["x", "pause_for_release"] });
    let Action::Macro(p) = serde_json::from_value::<Action>(plain).unwrap() else {
        panic!("not a macro")
    };
    assert_eq!(p.steps[1], MacroStep::PauseForRelease);
    let bad = serde_json::json!({ "macro": { "steps": [], "cancel_on_pres": true } });
    let err = serde_json::from_value::<Action>(bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("cancel_on_pres"), "{err}");
}

#[test]
fn conditions_and_chained_when() {
    let km = keymap(
        r#"layer("base", || {
            map("x", when(layer_active("gaming"), "y"));
            map("c", when(mods_held("ctrl"), "c", when(device_matches("*Laptop*"), "d", "e")));
            map("v", when(all([layer_active("gaming"), not(any([mods_held("shift"), device_matches(#{ vendor_product: "046d:*" })]))]), "v", "_"));
            map("g", toggle("gaming"));
        });
        layer("gaming");"#,
    );
    assert_eq!(
        action(&km, "base", "x"),
        json_action(r#"{"cond":{"branches":[{"when":{"layer":"gaming"},"then":"y"}]}}"#)
    );
    assert_eq!(
        action(&km, "base", "c"),
        json_action(
            r#"{"cond":{"branches":[{"when":{"mods":"leftctrl"},"then":"c"},
                {"when":{"device":{"name":"*Laptop*"}},"then":"d"}],"else":"e"}}"#
        )
    );
    let Action::Cond(c) = action(&km, "base", "v") else {
        panic!()
    };
    let Condition::All(parts) = &c.branches[0].when else {
        panic!()
    };
    assert_eq!(parts[0], Condition::Layer("gaming".into()));
    assert!(
        matches!(&parts[1], Condition::Not(inner) if matches!(**inner, Condition::Any(ref v) if v.len() == 2))
    );
}

#[test]
fn combos_with_window_and_layers() {
    let km = keymap(
        r#"layer("base", || {
            map("a", momentary("sym"));
            combo(["s", "d"], "tab");
        });
        layer("sym", || { combo(["j", "k"], "backspace"); });
        combo(["j", "k"], "esc", #{ window_ms: 30, layers: ["base"], require_prior_idle_ms: 120 });
        combo(["j", "k", "l"], "enter");"#,
    );
    let c = &km.combos;
    assert_eq!(c.len(), 4);
    assert_eq!(
        (c[0].keys.clone(), c[0].layers.clone()),
        (vec![key("s"), key("d")], vec!["base".to_string()])
    );
    assert_eq!(c[1].layers, ["sym"]);
    assert_eq!(
        (
            c[2].window_ms,
            c[2].layers.clone(),
            c[2].require_prior_idle_ms
        ),
        (Some(30), vec!["base".to_string()], Some(120))
    );
    assert_eq!((c[3].window_ms, c[3].layers.is_empty()), (None, true));
    assert_eq!(c[3].action, Action::key(key("enter")));
}

#[test]
fn every_option_field() {
    let km = keymap(
        r#"options(#{
            tap_hold: #{ flavor: "tap-preferred", term_ms: 150, quick_tap_ms: 100, quick_tap_from: "release",
                         require_prior_idle_ms: 120, retro_tap: "deferred", hold_while_undecided: true,
                         quick_tap_end: "inclusive", prior_key_release: "keep-modifiers",
                         opposite_hand: true, same_hand: "ignore", unknown_hand: "hold", opposite_hand_timeout: "tap",
                         same_hand_chords: true },
            semantics: "kanata", hands: #{ left: ["a"], right: ["j", "k"] }, overload_tap_timeout_ms: 250,
            combo_window_ms: 35, combo_window: "between-keys", combo_release: "all-keys-up",
            combo_min_hold_ms: 10, combo_require_prior_idle_ms: 90, one_shot_end: "release-or-next-press", one_shot_timeout_ms: 0,
            one_shot_send: "with-next-key", transparent_base: "nothing", modified_release: "after-press", modified_roll: "mods-first", repeat: "drop",
            macro_key_delay_ms: 5, macro_other_keys: "go-through", modifier_order: "keyd",
            unicode_method: "compose", compose_key: "rightalt",
            process_unmapped_keys: false, unprocessed_keys: ["f13", "lctrl"],
        });
        options(#{ tap_hold: #{ term_ms: 175 } });
        layer("base");"#,
    );
    let expected = serde_json::json!({
        "tap_hold": { "flavor": "tap-preferred", "term_ms": 175, "quick_tap_ms": 100, "quick_tap_from": "release",
                      "require_prior_idle_ms": 120, "retro_tap": "deferred", "hold_while_undecided": true,
                      "quick_tap_end": "inclusive", "prior_key_release": "keep-modifiers",
                      "opposite_hand": true, "same_hand": "ignore", "unknown_hand": "hold", "opposite_hand_timeout": "tap",
                      "same_hand_chords": true },
        "semantics": "kanata", "hands": { "left": ["a"], "right": ["j", "k"] }, "overload_tap_timeout_ms": 250,
        "combo_window_ms": 35, "combo_window": "between-keys", "combo_release": "all-keys-up",
        "combo_min_hold_ms": 10, "combo_require_prior_idle_ms": 90, "one_shot_end": "release-or-next-press", "one_shot_timeout_ms": 0, "one_shot_send": "with-next-key",
        "transparent_base": "nothing", "modified_release": "after-press", "modified_roll": "mods-first", "repeat": "drop",
        "macro_key_delay_ms": 5, "macro_other_keys": "go-through", "modifier_order": "keyd",
        "unicode_method": "compose", "compose_key": "rightalt",
        "process_unmapped_keys": false, "unprocessed_keys": ["f13", "leftctrl"]
    });
    assert_eq!(serde_json::to_value(&km.options).unwrap(), expected);
    assert_eq!(km.options.one_shot_end, OneShotEnd::ReleaseOrNextPress);
}

#[test]
fn device_blocks_in_order_with_top_level_last() {
    let c = config(
        r#"options(#{ combo_window_ms: 30 });
        device("laptop", #{ name: "AT Translated*" }, || {
            options(#{ tap_hold: #{ term_ms: 250 } });
            layer("base", || { map("capslock", "esc"); });
        });
        device([#{ vendor_product: "046d:c52b" }, "*Keychron*", #{ phys: "usb-0000*", uniq: "ab:*" }], || {
            layer("base", || { map("a", "b"); });
        });
        layer("base", || { map("x", "y"); });"#,
    );
    let names: Vec<_> = c.devices.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names[0], "laptop");
    assert_eq!(names[2], keyrx_config::TOP_LEVEL_BLOCK);
    assert_eq!(
        c.devices[0].matchers[0].name.as_deref(),
        Some("AT Translated*")
    );
    assert_eq!(c.devices[0].keymap.options.tap_hold.term_ms, 250);
    assert_eq!(
        c.devices[0].keymap.options.combo_window_ms, 30,
        "top-level options are defaults for devices"
    );
    let m = &c.devices[1].matchers;
    assert_eq!(m.len(), 3);
    assert_eq!(m[0].vendor_product.as_deref(), Some("046d:c52b"));
    assert_eq!(m[1].name.as_deref(), Some("*Keychron*"));
    assert_eq!(
        (m[2].phys.as_deref(), m[2].uniq.as_deref()),
        (Some("usb-0000*"), Some("ab:*"))
    );
    assert!(
        c.devices[2].matchers.is_empty(),
        "the top-level block matches every device"
    );
    assert_eq!(c.devices[2].keymap.options.tap_hold.term_ms, 200);
}

#[test]
fn only_device_blocks_means_no_catch_all_block() {
    let c = config(r#"device("*", || { layer("base", || { map("a", "b"); }); });"#);
    assert_eq!(c.devices.len(), 1);
    assert_eq!(c.devices[0].matchers[0].name.as_deref(), Some("*"));
}

#[test]
fn helper_functions_loops_and_print() {
    let compiled = compile_str(
        "t.rhai",
        r#"fn arrows() { map("h", "left"); map("l", "right"); }
        layer("base", || {
            arrows();
            for k in ["q", "w"] { map(k, "shift+" + k); }
        });
        print(`built ${tap_hold("a", "b")}`);"#,
        None,
    )
    .unwrap();
    let km = &compiled.config.devices[0].keymap;
    assert_eq!(action(km, "base", "h"), Action::key(key("left")));
    assert_eq!(action(km, "base", "w"), json_action(r#""shift+w""#));
    let note = &compiled.warnings[0];
    assert_eq!(note.severity, keyrx_config::Severity::Note);
    assert!(
        note.message
            .contains(r#"{"tap_hold":{"tap":"a","hold":"b"}}"#),
        "{}",
        note.message
    );
}

#[test]
fn results_can_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<keyrx_config::Compiled>();
    send_sync::<keyrx_config::Diagnostics>();
    send_sync::<keyrx_config::LoadError>();
    send_sync::<keyrx_config::KrxError>();
    let handle =
        std::thread::spawn(|| compile_str("t.rhai", "layer(\"base\");", None).map(|c| c.config));
    assert!(handle.join().unwrap().is_ok());
}
