//! The config language's readings of other projects: semantics presets, hands for opposite-hand
//! tap-holds, and keyd's `overload`.

mod common;

use common::*;
use keyrx_core::config::{
    Action, ComboRelease, ComboWindow, Flavor, HandPolicy, OneShotEnd, Overload, PriorKeyRelease,
    Semantics, TapHold, TermDecides,
};
use keyrx_core::keys::key;

#[test]
fn a_preset_sets_every_default_and_explicit_fields_win_in_any_order() {
    let km = keymap(
        r#"options(#{ combo_window_ms: 30, tap_hold: #{ term_ms: 150 } });
        options(#{ semantics: "keyd" });
        layer("base");"#,
    );
    let o = &km.options;
    assert_eq!(o.semantics, Semantics::Keyd);
    assert_eq!(
        o.combo_window_ms, 30,
        "given before the preset, still given"
    );
    assert_eq!(o.tap_hold.term_ms, 150);
    assert_eq!(
        o.combo_window,
        ComboWindow::BetweenKeys,
        "keyd's chord_interkey_timeout"
    );
    assert_eq!(o.one_shot_end, OneShotEnd::ReleaseOrNextPress);
    assert_eq!(o.one_shot_timeout_ms, 0);
}

#[test]
fn every_preset_is_its_column() {
    for (name, semantics) in Semantics::NAMES.iter().zip(Semantics::ALL) {
        let km = keymap(&format!(
            r#"options(#{{ semantics: "{name}" }}); layer("base");"#
        ));
        assert_eq!(km.options, keyrx_core::config::Options::preset(semantics));
    }
    let zmk = keymap(r#"options(#{ semantics: "ZMK" }); layer("base");"#);
    assert_eq!(zmk.options.tap_hold.flavor, Flavor::HoldOnOtherKeyPress);
    let qmk = keymap(r#"options(#{ semantics: "qmk" }); layer("base");"#);
    assert_eq!(
        qmk.options.tap_hold.prior_key_release,
        PriorKeyRelease::KeepModifiers
    );
    assert_eq!(qmk.options.combo_release, ComboRelease::AllKeysUp);
    let kanata = keymap(r#"options(#{ semantics: "kanata" }); layer("base");"#);
    assert!(!kanata.options.process_unmapped_keys);
}

#[test]
fn per_key_options_override_the_preset() {
    let km = keymap(
        r#"options(#{ semantics: "zmk" });
        layer("base", || { map("f", tap_hold("f", "lshift", #{ flavor: "balanced" })); });"#,
    );
    let Action::TapHold(th) = action(&km, "base", "f") else {
        panic!("a tap-hold");
    };
    assert_eq!(th.flavor, Some(Flavor::Balanced));
    assert_eq!(km.options.tap_hold.flavor, Flavor::HoldOnOtherKeyPress);
}

#[test]
fn a_device_block_preset_replaces_the_top_level_one_and_keeps_its_explicit_fields() {
    let c = config(
        r#"options(#{ semantics: "qmk", combo_window_ms: 40 });
        device("laptop", #{ name: "AT*" }, || {
            options(#{ semantics: "kanata" });
            layer("base");
        });
        layer("base");"#,
    );
    let laptop = &c.devices[0].keymap.options;
    assert_eq!(laptop.semantics, Semantics::Kanata);
    assert_eq!(laptop.one_shot_end, OneShotEnd::NextPress);
    assert_eq!(laptop.combo_window_ms, 40);
    let top = &c.devices[1].keymap.options;
    assert_eq!(top.semantics, Semantics::Qmk);
}

#[test]
fn a_misspelled_preset_gets_the_closest_name() {
    let errs = errors(r#"options(#{ semantics: "zmkk" }); layer("base");"#);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].help.as_deref(), Some("did you mean \"zmk\"?"));
}

#[test]
fn hands_and_opposite_hand_options() {
    let km = keymap(
        r#"options(#{ hands: #{ left: ["a", "s", "d", "f"], right: ["j", "k"] },
                     tap_hold: #{ opposite_hand: true, unknown_hand: "hold" } });
        layer("base", || {
            map("f", tap_hold("f", "lshift", #{ same_hand: "ignore", opposite_hand_timeout: "tap",
                                                neutral_keys: ["space", "tab"], neutral: "tap" }));
            map("j", tap_hold("j", "rshift", #{ opposite_hand: false }));
        });"#,
    );
    assert_eq!(
        km.options.hands.left,
        vec![key("a"), key("s"), key("d"), key("f")]
    );
    assert_eq!(km.options.hands.right, vec![key("j"), key("k")]);
    assert!(km.options.tap_hold.opposite_hand);
    assert_eq!(km.options.tap_hold.unknown_hand, HandPolicy::Hold);
    let mut f = TapHold::new(Action::key(key("f")), Action::key(key("leftshift")));
    f.same_hand = Some(HandPolicy::Ignore);
    f.opposite_hand_timeout = Some(TermDecides::Tap);
    f.neutral_keys = vec![key("space"), key("tab")];
    f.neutral = Some(HandPolicy::Tap);
    assert_eq!(action(&km, "base", "f"), Action::TapHold(Box::new(f)));
    let Action::TapHold(j) = action(&km, "base", "j") else {
        panic!("a tap-hold");
    };
    assert_eq!(j.opposite_hand, Some(false));
}

#[test]
fn hands_are_checked() {
    let errs =
        errors(r#"options(#{ hands: #{ left: ["a", "sx"], middle: ["b"] } }); layer("base");"#);
    let messages: Vec<_> = errs.iter().map(|e| e.message.as_str()).collect();
    assert!(messages.contains(&"unknown key `sx`"), "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown field `middle`")),
        "{messages:?}"
    );
    let errs = errors(r#"options(#{ hands: #{ left: ["a"], right: ["a"] } }); layer("base");"#);
    assert!(
        errs.iter()
            .any(|e| e.message.contains("`a` is listed in both hands")),
        "{errs:#?}"
    );
}

#[test]
fn overload_holds_a_layer_or_modifiers_and_taps() {
    let km = keymap(
        r#"layer("base", || {
            map("capslock", overload("ctrl", "esc"));
            map("space", overload("nav", "space", #{ timeout_ms: 200 }));
            map("tab", overload(momentary("nav"), "tab"));
            map("a", overload("ctrl+shift", "a"));
        });
        layer("nav", || { map("h", "left"); });"#,
    );
    let overload = |hold: Action, tap: &str, timeout_ms| {
        Action::Overload(Box::new(Overload {
            hold,
            tap: Action::key(key(tap)),
            timeout_ms,
        }))
    };
    assert_eq!(
        action(&km, "base", "capslock"),
        overload(Action::key(key("leftctrl")), "esc", None)
    );
    assert_eq!(
        action(&km, "base", "space"),
        overload(Action::Momentary("nav".into()), "space", Some(200))
    );
    assert_eq!(
        action(&km, "base", "tab"),
        overload(Action::Momentary("nav".into()), "tab", None)
    );
    assert_eq!(
        action(&km, "base", "a"),
        overload(json_action(r#""ctrl+shift""#), "a", None)
    );
}

#[test]
fn overload_mistakes_are_reported() {
    let errs = errors(r#"layer("base", || { map("a", overload("nva", "a")); }); layer("nav");"#);
    assert!(
        errs.iter()
            .any(|e| e.help.as_deref() == Some("did you mean `nav`?")),
        "{errs:#?}"
    );
    let errs = errors(
        r#"layer("base", || { map("a", overload("x", tap_hold("a", "b"))); }); layer("x");"#,
    );
    assert!(
        errs.iter()
            .any(|e| e.message.contains("cannot tap another")),
        "{errs:#?}"
    );
    let km = keymap(r#"layer("base", || { map("a", overload("9", "a")); }); layer("9");"#);
    let Action::Overload(o) = action(&km, "base", "a") else {
        panic!("an overload");
    };
    assert_eq!(
        o.hold,
        Action::Momentary("9".into()),
        "a name that is no modifier is a layer"
    );
    let errs = errors(r#"layer("base", || { map("a", overload(macro(["b"]), "a")); });"#);
    assert!(
        errs.iter()
            .any(|e| e.message == "overload() holds a layer or modifiers"),
        "{errs:#?}"
    );
    let errs =
        errors(r#"layer("base", || { map("a", overload("ctrl", "a", #{ timeout: 3 })); });"#);
    assert!(
        errs.iter()
            .any(|e| e.message == "unknown field `timeout` in overload options"),
        "{errs:#?}"
    );
}

#[test]
fn overload_is_shown_as_overload() {
    let c = config(
        r#"options(#{ overload_tap_timeout_ms: 300 });
        layer("base", || { map("capslock", overload("ctrl", "esc")); });"#,
    );
    let view = keyrx_core::explain::KeymapView::of(&c);
    let cap = &view.blocks[0].layers[0].keys[0];
    assert!(
        cap.action.detail.starts_with("overload: "),
        "{}",
        cap.action.detail
    );
    assert!(
        cap.action.detail.contains("within 300 ms"),
        "{}",
        cap.action.detail
    );
    assert_eq!(cap.action.label, "esc");
    assert!(cap.action.hold.is_some());
}

#[test]
fn opposite_hand_without_hands_is_warned_about() {
    let w = warnings(
        r#"options(#{ tap_hold: #{ opposite_hand: true } });
        layer("base", || { map("f", tap_hold("f", "lshift")); });"#,
    );
    assert!(
        w.iter()
            .any(|d| d.message == "opposite_hand is on, but no key is assigned to a hand"),
        "{w:#?}"
    );
    let w = warnings(
        r#"layer("base", || {
            map("f", when(layer_active("base"), tap_hold("f", "lshift", #{ opposite_hand: true })));
        });"#,
    );
    assert_eq!(w.len(), 1, "{w:#?}");
    let w = warnings(
        r#"options(#{ hands: #{ left: ["f"] }, tap_hold: #{ opposite_hand: true } });
        layer("base", || { map("f", tap_hold("f", "lshift")); });"#,
    );
    assert!(w.is_empty(), "{w:#?}");
}
