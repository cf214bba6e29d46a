//! Option maps (`#{ term_ms: 200, flavor: "balanced" }`): field schemas, validation with
//! did-you-mean, and conversion into the engine's serde types.

use keyrx_core::config::{
    ComboRelease, ComboWindow, Flavor, HandPolicy, LeaderInput, LeaderTimeoutFrom, MacroOtherKeys,
    ModifiedRelease, ModifiedRoll, ModifierOrder, OneShotEnd, OneShotSend, Options,
    PriorKeyRelease, QuickTapFrom, RepeatPolicy, RetroTap, Semantics, TermDecides, TransparentBase,
    UnicodeMethod, WindowEnd,
};
use keyrx_core::keys;
use rhai::Dynamic;
use serde_json::{Map, Value};

use crate::values::Call;

/// What a field holds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    /// A non-negative whole number (milliseconds, counts).
    Ms,
    Bool,
    /// One of these names; `_` and `-` are interchangeable.
    Enum(&'static [&'static str]),
    /// A nested map.
    Table(&'static [Field]),
    Text,
    /// One key name.
    Key,
    /// A list of key names.
    Keys,
    /// A list of layer names.
    Names,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

const fn f(name: &'static str, kind: Kind) -> Field {
    Field { name, kind }
}

/// `options.tap_hold`: the defaults every tap-hold key starts from.
pub(crate) const TAP_HOLD_DEFAULTS: &[Field] = &[
    f("flavor", Kind::Enum(Flavor::NAMES)),
    f("term_ms", Kind::Ms),
    f("quick_tap_ms", Kind::Ms),
    f("quick_tap_from", Kind::Enum(QuickTapFrom::NAMES)),
    f("require_prior_idle_ms", Kind::Ms),
    f("retro_tap", Kind::Enum(RetroTap::NAMES)),
    f("hold_while_undecided", Kind::Bool),
    f("quick_tap_end", Kind::Enum(WindowEnd::NAMES)),
    f("prior_key_release", Kind::Enum(PriorKeyRelease::NAMES)),
    f("opposite_hand", Kind::Bool),
    f("same_hand", Kind::Enum(HandPolicy::NAMES)),
    f("unknown_hand", Kind::Enum(HandPolicy::NAMES)),
    f("opposite_hand_timeout", Kind::Enum(TermDecides::NAMES)),
    f("same_hand_chords", Kind::Bool),
];

/// The third argument of `tap_hold(tap, hold, #{...})`.
pub(crate) const TAP_HOLD_KEY: &[Field] = &[
    f("flavor", Kind::Enum(Flavor::NAMES)),
    f("term_ms", Kind::Ms),
    f("quick_tap_ms", Kind::Ms),
    f("quick_tap_from", Kind::Enum(QuickTapFrom::NAMES)),
    f("require_prior_idle_ms", Kind::Ms),
    f("retro_tap", Kind::Enum(RetroTap::NAMES)),
    f("hold_while_undecided", Kind::Bool),
    f("hold_trigger_keys", Kind::Keys),
    f("opposite_hand", Kind::Bool),
    f("same_hand", Kind::Enum(HandPolicy::NAMES)),
    f("unknown_hand", Kind::Enum(HandPolicy::NAMES)),
    f("opposite_hand_timeout", Kind::Enum(TermDecides::NAMES)),
    f("neutral_keys", Kind::Keys),
    f("neutral", Kind::Enum(HandPolicy::NAMES)),
];

/// `options.hands`: the keys of each hand.
pub(crate) const HANDS: &[Field] = &[f("left", Kind::Keys), f("right", Kind::Keys)];

/// The third argument of `overload(hold, tap, #{...})`.
pub(crate) const OVERLOAD: &[Field] = &[f("timeout_ms", Kind::Ms)];

/// The argument of `options(#{...})`.
pub(crate) const OPTIONS: &[Field] = &[
    f("tap_hold", Kind::Table(TAP_HOLD_DEFAULTS)),
    f("combo_window_ms", Kind::Ms),
    f("combo_window", Kind::Enum(ComboWindow::NAMES)),
    f("combo_release", Kind::Enum(ComboRelease::NAMES)),
    f("combo_min_hold_ms", Kind::Ms),
    f("combo_require_prior_idle_ms", Kind::Ms),
    f("one_shot_end", Kind::Enum(OneShotEnd::NAMES)),
    f("one_shot_send", Kind::Enum(OneShotSend::NAMES)),
    f("one_shot_timeout_ms", Kind::Ms),
    f("transparent_base", Kind::Enum(TransparentBase::NAMES)),
    f("modified_release", Kind::Enum(ModifiedRelease::NAMES)),
    f("modified_roll", Kind::Enum(ModifiedRoll::NAMES)),
    f("repeat", Kind::Enum(RepeatPolicy::NAMES)),
    f("macro_key_delay_ms", Kind::Ms),
    f("unicode_method", Kind::Enum(UnicodeMethod::NAMES)),
    f("compose_key", Kind::Key),
    f("macro_other_keys", Kind::Enum(MacroOtherKeys::NAMES)),
    f("modifier_order", Kind::Enum(ModifierOrder::NAMES)),
    f("process_unmapped_keys", Kind::Bool),
    f("unprocessed_keys", Kind::Keys),
    f("semantics", Kind::Enum(Semantics::NAMES)),
    f("hands", Kind::Table(HANDS)),
    f("overload_tap_timeout_ms", Kind::Ms),
];

/// The second argument of `tap_dance(actions, #{...})`.
pub(crate) const TAP_DANCE: &[Field] = &[f("term_ms", Kind::Ms), f("eager", Kind::Bool)];

/// The argument of `caps_word(#{...})`.
pub(crate) const CAPS_WORD: &[Field] = &[
    f("timeout_ms", Kind::Ms),
    f("shifted", Kind::Keys),
    f("continue_keys", Kind::Keys),
];

/// The second argument of `mouse_move(direction, #{...})` and `mouse_scroll`.
pub(crate) const MOUSE_MOTION: &[Field] = &[
    f("speed", Kind::Ms),
    f("start", Kind::Ms),
    f("accel_ms", Kind::Ms),
    f("interval_ms", Kind::Ms),
    f("delay_ms", Kind::Ms),
];

/// The argument of `leader(#{...})`.
pub(crate) const LEADER: &[Field] = &[
    f("timeout_ms", Kind::Ms),
    f("input_mode", Kind::Enum(LeaderInput::NAMES)),
    f("timeout_from", Kind::Enum(LeaderTimeoutFrom::NAMES)),
];

/// The second argument of `macro(steps, #{...})`.
pub(crate) const MACRO: &[Field] = &[
    f("cancel_on_press", Kind::Bool),
    f("cancel_on_release", Kind::Bool),
];

/// The third argument of `combo(keys, action, #{...})`.
pub(crate) const COMBO: &[Field] = &[
    f("window_ms", Kind::Ms),
    f("layers", Kind::Names),
    f("require_prior_idle_ms", Kind::Ms),
];

/// A device matcher map.
pub(crate) const MATCHER: &[Field] = &[
    f("name", Kind::Text),
    f("vendor_product", Kind::Text),
    f("phys", Kind::Text),
    f("uniq", Kind::Text),
];

fn field_list(fields: &[Field]) -> String {
    let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
    names.join(", ")
}

/// Checks a script map against a schema and converts it to JSON in the engine's spelling.
/// Every bad field is recorded; the good ones are kept.
pub(crate) fn to_json(
    call: &mut Call,
    map: rhai::Map,
    fields: &[Field],
    what: &str,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, value) in map {
        let Some(field) = fields.iter().find(|f| f.name == name.as_str()) else {
            let help = match keys::closest(&name, fields.iter().map(|f| f.name)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("{what} takes {}", field_list(fields)),
            };
            let site = call.site.with_hint(&name);
            call.st.error(
                &site,
                format!("unknown field `{name}` in {what}"),
                Some(help),
            );
            continue;
        };
        if let Some(v) = convert(call, field, value) {
            out.insert(field.name.to_string(), v);
        }
    }
    out
}

fn convert(call: &mut Call, field: &Field, value: Dynamic) -> Option<Value> {
    let name = field.name;
    let found = call.type_name(&value);
    let wrong = |call: &mut Call, expected: &str| {
        let site = call.site.with_hint(name);
        call.st.error(
            &site,
            format!("`{name}` must be {expected}, found {found}"),
            None,
        );
        None
    };
    match field.kind {
        Kind::Ms => match value.as_int() {
            Ok(n) => Some(Value::from(call.ms(n, &format!("`{name}`")))),
            Err(_) => wrong(call, "a whole number of milliseconds"),
        },
        Kind::Bool => match value.as_bool() {
            Ok(b) => Some(Value::Bool(b)),
            Err(_) => wrong(call, "true or false"),
        },
        Kind::Text => match value.into_immutable_string() {
            Ok(s) => Some(Value::String(s.to_string())),
            Err(_) => wrong(call, "a string"),
        },
        Kind::Key => match value.into_immutable_string() {
            Ok(s) => call.key(&s).map(|k| Value::String(k.to_string())),
            Err(_) => wrong(call, "a key name"),
        },
        Kind::Enum(choices) => match value.into_immutable_string() {
            Ok(s) => enum_value(call, name, &s, choices),
            Err(_) => wrong(call, "a string"),
        },
        Kind::Table(fields) => match value.try_cast::<rhai::Map>() {
            Some(m) => Some(Value::Object(to_json(
                call,
                m,
                fields,
                &format!("`{name}`"),
            ))),
            None => wrong(call, "a map such as #{ term_ms: 200 }"),
        },
        Kind::Keys | Kind::Names => match value.try_cast::<rhai::Array>() {
            Some(items) => Some(list(call, field, items)),
            None => wrong(call, "an array such as [\"j\", \"k\"]"),
        },
    }
}

fn list(call: &mut Call, field: &Field, items: rhai::Array) -> Value {
    let what = format!("`{}`", field.name);
    if matches!(field.kind, Kind::Keys) {
        let keys = call.key_list(items, &what);
        return Value::Array(keys.iter().map(|k| Value::String(k.to_string())).collect());
    }
    let mut names = Vec::new();
    for item in items {
        match item.into_immutable_string() {
            Ok(s) => names.push(Value::String(s.to_string())),
            Err(t) => call.error(format!("{what} must list layer names, found {t}"), None),
        }
    }
    Value::Array(names)
}

fn enum_value(call: &mut Call, name: &str, given: &str, choices: &[&str]) -> Option<Value> {
    let normal = given.trim().to_ascii_lowercase().replace('_', "-");
    if choices.contains(&normal.as_str()) {
        return Some(Value::String(normal));
    }
    let help = match keys::closest(&normal, choices.iter().copied()) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => format!("choose one of: {}", choices.join(", ")),
    };
    let site = call.site.with_hint(given);
    call.st.error(
        &site,
        format!("`{given}` is not a valid `{name}`"),
        Some(help),
    );
    None
}

/// The options the patches give, in order; fields none of them gives take the value of the
/// reading their (last) `semantics` names.
pub(crate) fn build<'a>(
    patches: impl Iterator<Item = &'a Map<String, Value>>,
) -> Result<Options, serde_json::Error> {
    let mut given = Map::new();
    for p in patches {
        keyrx_core::config::merge(&mut given, p);
    }
    serde_json::from_value(Value::Object(given))
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyrx_core::config::{Flavor, TapHoldDefaults};

    /// The schema must list exactly the engine's fields, or options would silently go missing.
    #[test]
    fn schema_matches_the_engine_types() {
        let names = |v: Value| -> Vec<String> {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        let sorted = |fields: &[Field]| {
            let mut k: Vec<String> = fields.iter().map(|f| f.name.to_string()).collect();
            k.sort();
            k
        };
        assert_eq!(
            names(serde_json::to_value(Options::default()).unwrap()),
            sorted(OPTIONS)
        );
        let th = serde_json::to_value(TapHoldDefaults::default()).unwrap();
        assert_eq!(names(th), sorted(TAP_HOLD_DEFAULTS));
    }

    /// Every choice of every enum field converts into options the engine accepts, under the
    /// field's own name (a choice list attached to the wrong field would fail here).
    #[test]
    fn enum_choices_deserialize() {
        let mut checked = 0;
        for (outer, field) in OPTIONS
            .iter()
            .map(|f| (None, f))
            .chain(TAP_HOLD_DEFAULTS.iter().map(|f| (Some("tap_hold"), f)))
        {
            let Kind::Enum(choices) = field.kind else {
                continue;
            };
            for c in choices {
                let mut patch = Map::new();
                patch.insert(field.name.to_string(), Value::from(*c));
                if let Some(outer) = outer {
                    patch = [(outer.to_string(), Value::Object(patch))]
                        .into_iter()
                        .collect();
                }
                build(std::iter::once(&patch))
                    .unwrap_or_else(|e| panic!("{}={c}: {e}", field.name));
                checked += 1;
            }
        }
        assert!(checked >= 20, "only {checked} choices checked");
    }

    #[test]
    fn patches_merge_nested_tables() {
        let a = serde_json::json!({ "tap_hold": { "term_ms": 150 } });
        let b =
            serde_json::json!({ "tap_hold": { "flavor": "tap-preferred" }, "combo_window_ms": 30 });
        let o = build([a.as_object().unwrap(), b.as_object().unwrap()].into_iter()).unwrap();
        assert_eq!(o.tap_hold.term_ms, 150);
        assert_eq!(o.tap_hold.flavor, Flavor::TapPreferred);
        assert_eq!(o.combo_window_ms, 30);
    }
}
