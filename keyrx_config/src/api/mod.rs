//! The functions a config script calls, registered on the sandboxed engine.
//!
//! Each function records what it builds in the shared [`State`](crate::state::State) and
//! records (rather than throws) mistakes in its arguments, so one run reports every bad key.

mod actions;
mod command;
mod conditions;
mod dynamic_macro;
mod leader;
pub use actions::MAX_TEXT_LEN;
mod structure;

use rhai::Engine;

use crate::state::Shared;
use crate::values::{ActionVal, CondVal, StepVal};

/// Every function of the config API with how it is called, for "did you mean" and usage help.
pub(crate) const API: &[(&str, &str)] = &[
    (
        "layer",
        "layer(name, || { map(..); }), layer(name, #{ key: action }) or layer(name)",
    ),
    (
        "map",
        "map(key, action) or map(#{ key: action, .. }), inside layer(name, || { .. })",
    ),
    (
        "device",
        "device(matcher, || { .. }) or device(label, matcher, || { .. })",
    ),
    (
        "options",
        "options(#{ semantics: \"zmk\", tap_hold: #{ term_ms: 200 }, hands: #{ left: [..], right: [..] }, .. })",
    ),
    (
        "combo",
        "combo([key, key, ..], action) or combo(keys, action, #{ window_ms, layers, require_prior_idle_ms })",
    ),
    (
        "tap_hold",
        "tap_hold(tap, hold) or tap_hold(tap, hold, #{ flavor, term_ms, .. })",
    ),
    (
        "layer_modifiers",
        "layer_modifiers(layer, modifiers), e.g. layer_modifiers(\"nav\", \"ctrl\"): the layer holds them while active",
    ),
    (
        "overload",
        "overload(layer_or_modifiers, tap) or overload(layer_or_modifiers, tap, #{ timeout_ms })",
    ),
    ("momentary", "momentary(layer)"),
    ("toggle", "toggle(layer)"),
    ("one_shot_layer", "one_shot_layer(layer)"),
    ("set_base", "set_base(layer)"),
    (
        "one_shot",
        "one_shot(modifiers), e.g. one_shot(\"shift\") or one_shot(\"ctrl+shift\")",
    ),
    (
        "sticky",
        "sticky(key), e.g. sticky(\"a\") or sticky(\"ctrl+c\"): held it is the key, tapped it stays down for the next key",
    ),
    (
        "multi",
        "multi([part, ..]): keys and layer actions held together, e.g. multi([\"lctrl\", momentary(\"nav\")])",
    ),
    (
        "macro",
        "macro([step, ..]) or macro(steps, #{ cancel_on_press, cancel_on_release }) with steps \"ctrl+c\", text(..), press(k), release(k), tap(k), delay(ms), pause_for_release()",
    ),
    (
        "text",
        "text(\"any text\"): beyond ASCII typed per the unicode_method option",
    ),
    (
        "unicode",
        "unicode(\"é\"): types characters beyond ASCII (as text() does)",
    ),
    ("press", "press(key), inside macro([..])"),
    ("release", "release(key), inside macro([..])"),
    ("tap", "tap(key), inside macro([..])"),
    ("delay", "delay(milliseconds), inside macro([..])"),
    (
        "pause_for_release",
        "pause_for_release(), inside macro([..]): the rest runs when the key is released",
    ),
    ("release_all", "release_all()"),
    (
        "tap_dance",
        "tap_dance([action, ..]) or tap_dance(actions, #{ term_ms, eager }): the nth tap does the nth action",
    ),
    (
        "caps_word",
        "caps_word() or caps_word(#{ timeout_ms, shifted: [keys], continue_keys: [keys] })",
    ),
    ("repeat_key", "repeat_key(): types the last typed key again"),
    (
        "layer_lock",
        "layer_lock(): keeps the current layer on after its key is released",
    ),
    (
        "override",
        "override(\"shift+backspace\", \"delete\"): a modifier + key sends another output",
    ),
    (
        "leader",
        "leader() or leader(#{ timeout_ms, input_mode, timeout_from }): the next keys are matched against the sequences",
    ),
    (
        "sequence",
        "sequence([\"g\", \"i\", \"t\"], action): typed after the leader key, the keys tap the action",
    ),
    (
        "macro_record",
        "macro_record(slot), slot 0 to 7: records what is typed until pressed again or macro_stop()",
    ),
    (
        "macro_play",
        "macro_play(slot), slot 0 to 7: plays a recorded macro back with its timing",
    ),
    (
        "macro_stop",
        "macro_stop(): ends the recording (or a playback)",
    ),
    (
        "when",
        "when(condition, action) or when(condition, action, otherwise)",
    ),
    ("layer_active", "layer_active(layer)"),
    (
        "mods_held",
        "mods_held(modifiers), e.g. mods_held(\"ctrl+shift\")",
    ),
    (
        "device_matches",
        "device_matches(#{ name: \"*Laptop*\" }) or device_matches(name_glob)",
    ),
    (
        "command",
        "command([program, arg, ..]): runs a program on press, if the daemon allows commands",
    ),
    ("not", "not(condition)"),
    ("all", "all([condition, ..])"),
    ("any", "any([condition, ..])"),
];

/// Common Rhai built-ins, so their misspellings are suggested too.
pub(crate) const BUILTINS: &[&str] = &[
    "print",
    "debug",
    "len",
    "push",
    "pop",
    "insert",
    "remove",
    "contains",
    "keys",
    "values",
    "range",
    "to_string",
    "to_upper",
    "to_lower",
    "split",
    "trim",
    "type_of",
    "is_empty",
    "filter",
    "reduce",
    "for_each",
    "index_of",
    "sort",
    "reverse",
    "sub_string",
    "replace",
];

/// The usage line of an API function.
pub(crate) fn usage(name: &str) -> Option<&'static str> {
    API.iter().find(|(n, _)| *n == name).map(|(_, u)| *u)
}

pub(crate) fn register(engine: &mut Engine, st: &Shared) {
    engine.register_type_with_name::<ActionVal>("Action");
    engine.register_type_with_name::<CondVal>("Condition");
    engine.register_type_with_name::<StepVal>("MacroStep");
    // Printing a value shows the engine's JSON for it, which is what the config will contain.
    engine.register_fn("to_string", |a: &mut ActionVal| json(&a.action));
    engine.register_fn("to_debug", |a: &mut ActionVal| json(&a.action));
    engine.register_fn("to_string", |c: &mut CondVal| json(&c.cond));
    engine.register_fn("to_debug", |c: &mut CondVal| json(&c.cond));
    engine.register_fn("to_string", |s: &mut StepVal| json(&s.step));
    engine.register_fn("to_debug", |s: &mut StepVal| json(&s.step));
    structure::register(engine, st);
    actions::register(engine, st);
    command::register(engine, st);
    conditions::register(engine, st);
    leader::register(engine, st);
    dynamic_macro::register(engine, st);
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_is_known_for_every_api_function() {
        assert!(usage("tap_hold").unwrap().contains("flavor"));
        assert_eq!(usage("nope"), None);
    }
}
