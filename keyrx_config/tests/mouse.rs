//! Mouse keys in the config language: each function builds the action it documents, and every
//! number is refused past its range where it is written.

mod common;

use common::*;
use keyrx_core::config::{Action, MAX_MOUSE_MS, MAX_MOUSE_STEP, MouseButton};

#[test]
fn mouse_functions_build_their_actions() {
    let km = keymap(
        r#"layer("base", || {
            map("f1", mouse_button("left"));
            map("f2", mouse_button("forward"));
            map("up", mouse_move("up"));
            map("right", mouse_move("right", #{ speed: 40, start: 4, accel_ms: 300, interval_ms: 16, delay_ms: 0 }));
            map("pagedown", mouse_scroll("down"));
            map("home", mouse_scroll("left", #{ speed: 2 }));
            map("f3", mouse_speed(25));
            map("a", tap_hold(mouse_button("left"), "leftctrl"));
        });"#,
    );
    assert_eq!(
        action(&km, "base", "f1"),
        Action::MouseButton(MouseButton::Left)
    );
    assert_eq!(
        action(&km, "base", "f2"),
        json_action(r#"{"mouse_button":"forward"}"#)
    );
    assert_eq!(
        action(&km, "base", "up"),
        json_action(r#"{"mouse_move":{"direction":"up"}}"#)
    );
    assert_eq!(
        action(&km, "base", "right"),
        json_action(
            r#"{"mouse_move":{"direction":"right","speed":40,"start":4,"accel_ms":300,"interval_ms":16,"delay_ms":0}}"#
        )
    );
    assert_eq!(
        action(&km, "base", "pagedown"),
        json_action(r#"{"mouse_scroll":{"direction":"down"}}"#)
    );
    assert_eq!(
        action(&km, "base", "home"),
        json_action(r#"{"mouse_scroll":{"direction":"left","speed":2}}"#)
    );
    assert_eq!(action(&km, "base", "f3"), Action::MouseSpeed(25));
    assert!(action(&km, "base", "a").uses_mouse());
}

#[test]
fn unknown_names_are_refused_with_a_suggestion() {
    let errs = errors(r#"layer("base", || { map("a", mouse_button("lft")); });"#);
    assert_eq!(errs[0].message, "unknown mouse button `lft`");
    assert_eq!(errs[0].help.as_deref(), Some("did you mean `left`?"));
    let errs = errors(r#"layer("base", || { map("a", mouse_move("upp")); });"#);
    assert_eq!(errs[0].message, "unknown direction `upp`");
    let errs = errors(r#"layer("base", || { map("a", mouse_scroll("up", #{ sped: 2 })); });"#);
    assert!(errs[0].message.contains("unknown field `sped`"), "{errs:?}");
}

#[test]
fn numbers_are_accepted_at_their_limits_and_refused_past_them() {
    let fields = [
        ("speed", 1, MAX_MOUSE_STEP),
        ("start", 1, MAX_MOUSE_STEP),
        ("accel_ms", 0, MAX_MOUSE_MS),
        ("interval_ms", 1, MAX_MOUSE_MS),
        ("delay_ms", 0, MAX_MOUSE_MS),
    ];
    for function in ["mouse_move", "mouse_scroll"] {
        for (field, min, max) in fields {
            let script = |v: u32| {
                format!(
                    r#"layer("base", || {{ map("a", {function}("up", #{{ {field}: {v} }})); }});"#
                )
            };
            keymap(&script(min));
            keymap(&script(max));
            let errs = errors(&script(max + 1));
            assert_eq!(
                errs[0].message,
                format!("`{field}` is {}; it must be {min} to {max}", max + 1)
            );
            if min > 0 {
                let errs = errors(&script(min - 1));
                assert_eq!(
                    errs[0].message,
                    format!("`{field}` is {}; it must be {min} to {max}", min - 1)
                );
            }
        }
    }
    let speed = |p: i64| format!(r#"layer("base", || {{ map("a", mouse_speed({p})); }});"#);
    keymap(&speed(1));
    keymap(&speed(1000));
    for p in [0, 1001, -5] {
        let errs = errors(&speed(p));
        assert_eq!(
            errs[0].message,
            format!("mouse_speed() takes a percentage from 1 to 1000, not {p}")
        );
    }
}
