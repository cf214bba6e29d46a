//! The fuzz target's property over generated configs, so it runs with every test run: scripts
//! and JSON nested up to past the depth limit compile (or are refused cleanly), encode, and
//! load back equal.

use keyrx_config::property::compile_encode_load;
use proptest::prelude::*;

fn condition() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("layer_active(\"base\")".to_string()),
        Just("mods_held(\"ctrl+shift\")".to_string()),
        Just("device_matches(#{ name: \"kb*\" })".to_string()),
    ];
    leaf.prop_recursive(30, 200, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| format!("not({c})")),
            prop::collection::vec(inner.clone(), 1..3)
                .prop_map(|cs| format!("all([{}])", cs.join(", "))),
            prop::collection::vec(inner, 1..3).prop_map(|cs| format!("any([{}])", cs.join(", "))),
        ]
    })
}

fn action() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("\"b\"".to_string()),
        Just("\"shift+9\"".to_string()),
        Just("text(\"Hi!\")".to_string()),
        Just("macro([\"ctrl+c\", delay(5), press(\"a\"), release(\"a\")])".to_string()),
        Just("momentary(\"nav\")".to_string()),
        Just("tap_hold(\"esc\", \"lctrl\")".to_string()),
        Just("mouse_button(\"left\")".to_string()),
        Just("mouse_move(\"up\", #{ speed: 40, accel_ms: 0 })".to_string()),
        Just("mouse_scroll(\"down\")".to_string()),
        Just("mouse_speed(25)".to_string()),
    ];
    leaf.prop_recursive(30, 200, 2, |inner| {
        prop_oneof![
            (condition(), inner.clone()).prop_map(|(c, a)| format!("when({c}, {a})")),
            (condition(), inner.clone(), inner)
                .prop_map(|(c, a, o)| format!("when({c}, {a}, {o})")),
        ]
    })
}

fn script(actions: &[String]) -> String {
    let keys = ["a", "s", "d", "f"];
    let maps: String = actions
        .iter()
        .zip(keys)
        .map(|(a, k)| format!("    map(\"{k}\", {a});\n"))
        .collect();
    format!("layer(\"base\", || {{\n{maps}}});\nlayer(\"nav\");\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_scripts_and_their_json_round_trip(actions in prop::collection::vec(action(), 1..4)) {
        let source = script(&actions);
        compile_encode_load(source.as_bytes());
        if let Ok(c) = keyrx_config::compile_str("t.rhai", &source, None) {
            compile_encode_load(serde_json::to_string(&c.config).unwrap().as_bytes());
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        compile_encode_load(text.as_bytes());
    }

    #[test]
    fn json_of_any_shape_never_panics(
        opens in prop::collection::vec(prop_oneof![
            Just("{\"not\":"), Just("{\"all\":["), Just("{\"cond\":{\"branches\":[{\"when\":"),
        ], 0..80)
    ) {
        // Deep condition JSON up to far past every limit: refused or loaded, never a crash.
        let mut when = "{\"layer\":\"base\"}".to_string();
        for open in opens.iter().rev() {
            when = match *open {
                "{\"not\":" => format!("{{\"not\":{when}}}"),
                "{\"all\":[" => format!("{{\"all\":[{when}]}}"),
                _ => format!("{{\"not\":{{\"all\":[{when}]}}}}"),
            };
        }
        let json = format!(
            "{{\"layers\":[{{\"name\":\"base\",\"map\":{{\"a\":{{\"cond\":{{\"branches\":[{{\"when\":{when},\"then\":\"b\"}}]}}}}}}}}]}}"
        );
        compile_encode_load(json.as_bytes());
    }
}
