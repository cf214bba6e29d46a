//! `leader()` and `sequence(keys, action)`: what they build and the mistakes they refuse.

mod common;

use common::*;
use keyrx_core::config::Action;

#[test]
fn leader_and_sequences_build_the_keymap() {
    let km = keymap(
        r#"layer("base", || {
            map("f1", leader());
            map("f2", leader(#{ timeout_ms: 500, input_mode: "visible-backspaced", timeout_from: "last_key" }));
        });
        sequence(["g", "i", "t"], text("git"));
        sequence(["e"], "esc");"#,
    );
    assert_eq!(action(&km, "base", "f1"), json_action(r#""leader""#));
    assert_eq!(
        action(&km, "base", "f2"),
        json_action(
            r#"{"leader":{"timeout_ms":500,"input_mode":"visible-backspaced","timeout_from":"last-key"}}"#
        )
    );
    assert!(matches!(action(&km, "base", "f1"), Action::Leader(_)));
    assert_eq!(
        serde_json::to_value(&km.sequences).unwrap(),
        serde_json::json!([
            { "keys": ["g", "i", "t"], "action": { "text": "git" } },
            { "keys": ["e"], "action": "esc" }
        ])
    );
}

#[test]
fn sequence_mistakes_are_refused_where_they_are_made() {
    let cases = [
        (
            r#"layer("base", || { sequence(["a"], "b"); });"#,
            "whole keymap",
        ),
        (r#"layer("base"); sequence([], "b");"#, "at least one key"),
        (
            r#"layer("base"); sequence(["shift", "a"], "b");"#,
            "modifiers cannot",
        ),
        (
            r#"layer("base"); sequence(["a"], tap_hold("a", "b"));"#,
            "cannot be a tap-hold",
        ),
        (
            r#"layer("base"); sequence(["a"], "b"); sequence(["a"], "c");"#,
            "earlier sequence",
        ),
        (r#"layer("base"); sequence(["nope"], "b");"#, "nope"),
        (
            r#"layer("base", || { map("a", leader(#{ input_mode: "shown" })); });"#,
            "shown",
        ),
        (
            r#"layer("base", || { map("a", leader(#{ timeout: 5 })); });"#,
            "timeout",
        ),
    ];
    for (source, expected) in cases {
        let errs = errors(source);
        assert!(
            errs.iter().any(|e| e.message.contains(expected)),
            "{source}: {errs:?}"
        );
    }
}

#[test]
fn sequences_are_bounded_at_the_limit() {
    let keys = |n: usize| {
        let names: Vec<String> = (0..n).map(|_| "\"a\"".to_string()).collect();
        names.join(", ")
    };
    let source = |n: usize| format!(r#"layer("base"); sequence([{}], "x");"#, keys(n));
    assert_eq!(keymap(&source(16)).sequences[0].keys.len(), 16);
    let errs = errors(&source(17));
    assert!(
        errs[0]
            .message
            .contains("this sequence has 17 keys; a sequence has at most 16"),
        "{errs:?}"
    );
    // 256 distinct two-letter sequences, then one more.
    let many = |n: usize| {
        format!(
            r#"layer("base");
            let letters = "abcdefghijklmnopqrstuvwxyz";
            for i in 0..{n} {{
                sequence([letters.sub_string(i % 26, 1), letters.sub_string(i / 26, 1)], "x");
            }}"#
        )
    };
    assert_eq!(keymap(&many(256)).sequences.len(), 256);
    let errs = errors(&many(257));
    assert!(
        errs[0]
            .message
            .contains("a keymap has at most 256 sequences"),
        "{errs:?}"
    );
}

#[test]
fn dynamic_macros_build_their_actions_and_bound_their_slots() {
    let km = keymap(
        r#"layer("base", || {
            map("f1", macro_record(0));
            map("f2", macro_play(7));
            map("f3", macro_stop());
        });"#,
    );
    assert_eq!(
        action(&km, "base", "f1"),
        json_action(r#"{"macro_record":0}"#)
    );
    assert_eq!(
        action(&km, "base", "f2"),
        json_action(r#"{"macro_play":7}"#)
    );
    assert_eq!(action(&km, "base", "f3"), json_action(r#""macro_stop""#));
    assert_eq!(action(&km, "base", "f3"), Action::MacroStop);
    for source in [
        r#"layer("base", || { map("a", macro_play(8)); });"#,
        r#"layer("base", || { map("a", macro_record(-1)); });"#,
    ] {
        let errs = errors(source);
        assert!(
            errs[0].message.contains("dynamic macro slots are 0 to 7"),
            "{errs:?}"
        );
    }
}

#[test]
fn sequences_belong_to_the_block_they_are_declared_in() {
    let config = config(
        r#"device(#{ name: "*Pad*" }, || {
            layer("pad", || { map("kp0", leader()); });
            sequence(["kp1"], "a");
        });
        layer("base", || { map("f1", leader()); });
        sequence(["x"], "b");"#,
    );
    let keys: Vec<Vec<String>> = config
        .devices
        .iter()
        .map(|b| {
            b.keymap
                .sequences
                .iter()
                .flat_map(|s| s.keys.iter().map(|k| k.to_string()))
                .collect()
        })
        .collect();
    assert_eq!(keys, [vec!["kp1".to_string()], vec!["x".to_string()]]);
}
