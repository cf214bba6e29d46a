//! Errors and warnings: positions, suggestions, all errors at once, rendering and serde.

mod common;

use common::*;
use keyrx_config::{Severity, compile_str};

#[test]
fn misspelled_key_names_are_all_reported_with_positions_and_suggestions() {
    let errs = errors(
        "layer(\"base\", || {\n    map(\"captslock\", \"esc\");\n    map(\"a\", \"shfit+9\");\n    map(\"b\", tap_hold(\"x\", \"lctrll\"));\n});\n",
    );
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert_eq!(errs[0].message, "unknown key `captslock`");
    assert_eq!(errs[0].help.as_deref(), Some("did you mean `capslock`?"));
    assert_eq!(position(&errs[0]), (2, 9));
    assert_eq!(
        errs[0].span.unwrap().end_column,
        20,
        "the whole literal is underlined"
    );
    assert_eq!(errs[1].message, "unknown key `shfit`");
    assert_eq!(errs[1].help.as_deref(), Some("did you mean `shift`?"));
    assert_eq!(position(&errs[1]), (3, 15), "points inside \"shfit+9\"");
    assert_eq!(position(&errs[2]), (4, 28));
    assert_eq!(errs[2].help.as_deref(), Some("did you mean `lctrl`?"));
    assert!(errs.iter().all(|e| e.file == "test.rhai"));
}

#[test]
fn misspelled_function_names_get_the_closest_api_function() {
    let errs = errors("layer(\"base\", || {\n  mapp(\"a\", \"b\");\n});");
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].message.starts_with("unknown function `mapp`"),
        "{}",
        errs[0].message
    );
    assert!(
        errs[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `map`?")
    );
    assert_eq!(position(&errs[0]), (2, 3));

    let errs = errors("layer(\"base\", || { map(\"a\", tap_hld(\"a\", \"b\")); });");
    assert!(
        errs[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `tap_hold`?")
    );
    let errs = errors("layer(\"base\", || { map(\"a\", momentery(\"x\")); });");
    assert!(
        errs[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `momentary`?")
    );
}

#[test]
fn wrong_arguments_to_a_known_function_show_its_usage() {
    let errs = errors("layer(\"base\", || { map(\"a\", tap_hold(\"a\")); });");
    assert!(
        errs[0]
            .message
            .contains("`tap_hold` cannot be called with these arguments: (string)"),
        "{}",
        errs[0].message
    );
    assert!(
        errs[0]
            .help
            .as_deref()
            .unwrap()
            .contains("usage: tap_hold(tap, hold)")
    );
}

#[test]
fn unknown_layers_are_errors_at_the_reference() {
    let errs = errors(
        "layer(\"base\", || {\n  map(\"a\", momentary(\"nab\"));\n  map(\"b\", when(layer_active(\"zzz\"), \"c\"));\n});\nlayer(\"nav\");",
    );
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0].message, "unknown layer `nab`");
    assert_eq!(errs[0].help.as_deref(), Some("did you mean `nav`?"));
    assert_eq!(position(&errs[0]), (2, 22));
    assert_eq!(errs[1].message, "unknown layer `zzz`");
    assert!(errs[1].help.as_deref().unwrap().contains("layer(\"zzz\""));
}

#[test]
fn device_blocks_do_not_see_top_level_layers() {
    let errs = errors(
        r#"layer("nav"); device("x", || { layer("base", || { map("a", momentary("nav")); }); });"#,
    );
    assert!(
        errs[0]
            .help
            .as_deref()
            .unwrap()
            .contains("declared outside device()"),
        "{:?}",
        errs[0].help
    );
}

#[test]
fn bad_option_fields_and_values() {
    let errs = errors(
        "options(#{ combo_windw_ms: 40, repeat: \"dorp\", tap_hold: #{ term_ms: -5, flavor: 3 } });\nlayer(\"base\");",
    );
    let messages: Vec<_> = errs.iter().map(|e| e.message.as_str()).collect();
    assert!(
        messages.contains(&"unknown field `combo_windw_ms` in options()"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"`dorp` is not a valid `repeat`"),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("`term_ms` must be between 0")),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"`flavor` must be a string, found i64"),
        "{messages:?}"
    );
    let field = errs
        .iter()
        .find(|e| e.message.contains("combo_windw_ms"))
        .unwrap();
    assert_eq!(
        field.help.as_deref(),
        Some("did you mean `combo_window_ms`?")
    );
    assert_eq!(position(field), (1, 12), "points at the field name");
    let value = errs.iter().find(|e| e.message.contains("dorp")).unwrap();
    assert_eq!(value.help.as_deref(), Some("did you mean \"drop\"?"));
}

#[test]
fn misuse_of_structure() {
    let msgs = |src: &str| {
        errors(src)
            .into_iter()
            .map(|e| e.message)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        msgs(r#"map("a", "b"); layer("base");"#),
        ["map() must be called inside a layer"]
    );
    assert_eq!(
        msgs(r#"layer("base", || { layer("nav", || {}); });"#),
        ["layer `nav` is declared inside layer `base`"]
    );
    assert_eq!(
        msgs(r#"device("a", || { device("b", || {}); layer("base"); });"#),
        ["device() must be called at the top level"]
    );
    assert_eq!(
        msgs(r#"layer("base", || { options(#{ repeat: "drop" }); });"#),
        ["options() applies to a whole keymap, not to one layer"]
    );
}

fn msgs(src: &str) -> Vec<String> {
    errors(src).into_iter().map(|e| e.message).collect()
}

#[test]
fn empty_configs_and_wrong_values() {
    assert_eq!(msgs("let x = 1;"), ["the config declares no layers"]);
    assert_eq!(
        msgs(r#"device("a", || {});"#),
        ["device block `name=a` declares no layers"]
    );
    assert_eq!(
        msgs(r#"layer("base", || { map("shift+a", "b"); });"#),
        ["`shift+a` is not a single key"]
    );
    assert_eq!(
        msgs(r#"layer("base", || { map("a", 5); });"#),
        ["the action must be an action, found i64"]
    );
    assert_eq!(
        msgs(r#"layer("base", || { map("a", press("b")); });"#),
        ["the action must be an action, found MacroStep"]
    );
    assert_eq!(
        msgs(r#"layer("base", || { map("a", one_shot("a")); });"#),
        ["`a` is not a modifier"]
    );
    assert_eq!(
        msgs(r#"layer("base", || { map("a", text("h\u0007llo")); });"#),
        ["text() cannot type the control character '\\u{7}'"]
    );
    assert_eq!(
        msgs(r#"layer("base"); combo(["a"], "b");"#),
        ["a combo needs at least two keys"]
    );
    assert_eq!(
        msgs(r#"layer("base"); combo(["a", "a"], "b");"#),
        ["a combo lists the same key twice"]
    );
    assert_eq!(
        msgs(r#"layer("base", || { map("a", tap_hold(tap_hold("a", "b"), "c")); });"#),
        ["a tap_hold cannot contain another tap_hold, a tap_dance or an overload"]
    );
    assert_eq!(
        msgs(r#"layer("base", || { map("a", tap_hold("a", overload("ctrl", "b"))); });"#),
        ["a tap_hold cannot contain another tap_hold, a tap_dance or an overload"]
    );
    assert_eq!(
        msgs(r#"device(#{ vendor_product: "logi" }, || { layer("base"); });"#),
        ["`logi` is not a vendor:product id"]
    );
    assert_eq!(
        msgs(r#"layer("base", || { map("a", when("x", "b")); });"#),
        ["the first argument of when() must be a condition, found string"]
    );
}

#[test]
fn unquoted_key_names_get_a_hint() {
    let errs = errors("layer(\"base\", || {\n  map(capslock, \"esc\");\n});");
    assert_eq!(errs[0].message, "unknown variable `capslock`");
    assert_eq!(
        errs[0].help.as_deref(),
        Some("key names are strings: write \"capslock\"")
    );
    assert_eq!(position(&errs[0]), (2, 7));
}

#[test]
fn syntax_errors_have_positions() {
    let errs = errors("layer(\"base\", || {\n  map(\"a\" \"b\");\n});");
    assert_eq!(errs.len(), 1);
    assert_eq!(position(&errs[0]).0, 2);
}

#[test]
fn thrown_errors_and_calls_show_the_chain() {
    let errs = errors(
        "fn check(k) {\n  if k == \"a\" { throw \"no a please\"; }\n}\nlayer(\"base\", || { check(\"a\"); });",
    );
    assert_eq!(errs[0].message, "the config threw an error: no a please");
    assert_eq!(position(&errs[0]), (2, 17));
    assert!(
        errs[0]
            .notes
            .iter()
            .any(|n| n.contains("in a call to `check` at test.rhai:4:20")),
        "{:?}",
        errs[0].notes
    );
}

#[test]
fn shadowed_mappings_unreachable_layers_and_conflicting_combos_warn() {
    let w = warnings(
        "layer(\"base\", || {\n  map(\"a\", \"b\");\n  map(\"a\", \"c\");\n  map(\"t\", toggle(\"used\"));\n});\nlayer(\"lonely\", || { map(\"x\", \"y\"); });\nlayer(\"used\");\nlayer(\"tested\");\nlayer(\"base\", || { map(\"q\", when(layer_active(\"tested\"), \"w\")); });\ncombo([\"j\", \"k\"], \"esc\");\ncombo([\"k\", \"j\"], \"tab\");\ncombo([\"j\", \"k\"], \"x\", #{ layers: [\"used\"] });\n",
    );
    let messages: Vec<_> = w.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`a` is mapped twice in layer `base`; the later mapping wins",
            "layer `lonely` is never activated, so its mappings are unreachable",
            "layer `tested` is tested but nothing activates it, so those tests are never true",
            "the combo k+j is defined twice",
            "the combo j+k is defined twice",
        ]
    );
    assert_eq!(position(&w[0]), (3, 7));
    assert_eq!(w[0].help.as_deref(), Some("first mapped at test.rhai:2:3"));
    assert_eq!(position(&w[1]), (6, 7));
    assert!(w[3].notes[0].starts_with("first defined at test.rhai:10:1"));
}

#[test]
fn diagnostics_render_with_caret_and_serialize() {
    let d = failure("layer(\"base\", || {\n    map(\"captslock\", \"esc\");\n});\n");
    let text = d.render();
    assert!(text.contains("test.rhai:2:9"), "{text}");
    assert!(text.contains("map(\"captslock\", \"esc\");"), "{text}");
    assert!(text.contains("^^^^^^^^^^^"), "{text}");
    assert!(text.contains("did you mean `capslock`?"), "{text}");
    assert_eq!(d.to_string(), text);
    let styled = d.render_styled(true);
    assert!(styled.contains("\u{1b}["), "colored output has ANSI codes");
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json["items"][0],
        serde_json::json!({
            "severity": "error", "message": "unknown key `captslock`", "help": "did you mean `capslock`?",
            "file": "test.rhai", "span": { "line": 2, "column": 9, "end_line": 2, "end_column": 20 }
        })
    );
    let back: keyrx_config::Diagnostics = serde_json::from_value(json).unwrap();
    assert_eq!(back.items, d.items);
}

#[test]
fn warnings_do_not_fail_and_errors_come_first() {
    let c = compile_str(
        "w.rhai",
        "layer(\"base\", || { map(\"a\", \"b\"); map(\"a\", \"c\"); });",
        None,
    )
    .unwrap();
    assert_eq!(c.warnings.len(), 1);
    assert!(c.render_warnings().contains("mapped twice"));
    let d = failure(
        "layer(\"base\", || { map(\"a\", \"b\"); map(\"a\", \"c\"); map(\"zz9\", \"b\"); });",
    );
    assert_eq!(d.items[0].severity, Severity::Error);
    assert_eq!(d.items[1].severity, Severity::Warning);
}

#[test]
fn engine_table_limits_are_reported_at_the_declaration() {
    let errs = errors("for i in 0..70 { layer(`l${i}`); }");
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].message, "more than 64 layers in one block");
    let errs = errors("layer(\"base\");\nfor i in 0..300 { combo([\"a\", \"b\"], \"c\"); }");
    assert_eq!(errs[0].message, "more than 256 combos in one block");
    assert_eq!(position(&errs[0]), (2, 19));
}
