//! Semantics presets: every option's default as QMK, ZMK, kanata or keyd read it, as one table.
//!
//! Each row is one option with its value in each reading and the reason, so the preset is plain
//! data: `Options::preset` applies the rows, the tests check that every option has a row, and
//! the table in docs/behaviour.md is generated from them. A new option needs one new row.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::options::{Options, Semantics};

/// An option's value in one reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V {
    Name(&'static str),
    Ms(u32),
    Bool(bool),
}

impl V {
    fn json(self) -> Value {
        match self {
            V::Name(s) => Value::from(s),
            V::Ms(n) => Value::from(n),
            V::Bool(b) => Value::from(b),
        }
    }
}

impl std::fmt::Display for V {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            V::Name(s) => write!(f, "`{s}`"),
            V::Ms(n) => write!(f, "{n}"),
            V::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// One option across the readings.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// The option's place in the options map: `combo_window_ms`, `tap_hold.flavor`.
    pub option: &'static str,
    /// Its value per reading, in `Semantics::ALL` order: keyrx, QMK, ZMK, kanata, keyd.
    pub values: [V; 5],
    /// Where each source's value comes from.
    pub why: &'static str,
}

use V::{Bool, Ms, Name};

const fn row(option: &'static str, values: [V; 5], why: &'static str) -> Row {
    Row {
        option,
        values,
        why,
    }
}

/// Every option that is a reading (not data such as `hands` or `unprocessed_keys`), by source.
pub const ROWS: &[Row] = &[
    row(
        "tap_hold.flavor",
        [
            Name("balanced"),
            Name("tap-preferred"),
            Name("hold-on-other-key-press"),
            Name("tap-preferred"),
            Name("tap-preferred"),
        ],
        "QMK's default mode holds only past the tapping term; ZMK's hold-tap defaults to \
         `hold-preferred` (as `&mt` does); kanata's plain `tap-hold`; keyd's `overloadt` (the \
         timed overload; `overloadt2` is `balanced`)",
    ),
    row(
        "tap_hold.term_ms",
        [Ms(200), Ms(200), Ms(200), Ms(200), Ms(200)],
        "QMK `TAPPING_TERM` and ZMK `tapping-term-ms` default to 200; kanata and keyd take it \
         per action",
    ),
    row(
        "tap_hold.quick_tap_ms",
        [Ms(0), Ms(200), Ms(0), Ms(0), Ms(0)],
        "QMK `QUICK_TAP_TERM` defaults to `TAPPING_TERM`; ZMK `quick-tap-ms` defaults to off; \
         kanata's tap-repress timeout is given per action; keyd has none",
    ),
    row(
        "tap_hold.quick_tap_from",
        [
            Name("press"),
            Name("release"),
            Name("press"),
            Name("press"),
            Name("press"),
        ],
        "QMK measures from the previous tap's release (`action_tapping.c`); ZMK and kanata \
         from its press",
    ),
    row(
        "tap_hold.quick_tap_end",
        [
            Name("exclusive"),
            Name("exclusive"),
            Name("exclusive"),
            Name("inclusive"),
            Name("exclusive"),
        ],
        "QMK and ZMK compare `elapsed < window`, kanata `elapsed <= window`",
    ),
    row(
        "tap_hold.require_prior_idle_ms",
        [Ms(0), Ms(0), Ms(0), Ms(0), Ms(0)],
        "off by default everywhere: QMK `FLOW_TAP_TERM` is undefined, ZMK \
         `require-prior-idle-ms` is -1, kanata's `tap-hold-require-prior-idle` is 0, keyd's \
         `overloadi` is explicit",
    ),
    row(
        "tap_hold.retro_tap",
        [
            Name("off"),
            Name("off"),
            Name("off"),
            Name("off"),
            Name("off"),
        ],
        "QMK `RETRO_TAPPING` and ZMK `retro-tap` are off by default; kanata and keyd have none",
    ),
    row(
        "tap_hold.hold_while_undecided",
        [
            Bool(false),
            Bool(false),
            Bool(false),
            Bool(false),
            Bool(false),
        ],
        "ZMK `hold-while-undecided` is off by default; the others have no such default (keyd \
         shows the hold at once only in `overload`, its own action)",
    ),
    row(
        "tap_hold.prior_key_release",
        [
            Name("immediate"),
            Name("keep-modifiers"),
            Name("immediate"),
            Name("queued"),
            Name("immediate"),
        ],
        "QMK retains modifiers and layers \"till end of this tapping\"; ZMK captures only the \
         releases of keys pressed after the hold-tap; kanata queues every event behind a \
         waiting tap-hold; keyd propagates releases of keys struck before the pending key",
    ),
    row(
        "tap_hold.opposite_hand",
        [
            Bool(false),
            Bool(false),
            Bool(false),
            Bool(false),
            Bool(false),
        ],
        "opt-in everywhere: QMK `CHORDAL_HOLD`, kanata `tap-hold-opposite-hand` per action; ZMK \
         and keyd have only key lists (`hold_trigger_keys`)",
    ),
    row(
        "tap_hold.same_hand",
        [
            Name("tap"),
            Name("tap"),
            Name("tap"),
            Name("tap"),
            Name("tap"),
        ],
        "QMK Chordal Hold settles a same-hand chord as tapped; kanata `(same-hand tap)` is the \
         default",
    ),
    row(
        "tap_hold.unknown_hand",
        [
            Name("ignore"),
            Name("hold"),
            Name("ignore"),
            Name("ignore"),
            Name("ignore"),
        ],
        "QMK's `'*'` keys are exempt from the rule, so the flavour decides as for the other \
         hand; kanata `(unknown-hand ignore)` is the default",
    ),
    row(
        "tap_hold.opposite_hand_timeout",
        [
            Name("hold"),
            Name("hold"),
            Name("hold"),
            Name("tap"),
            Name("hold"),
        ],
        "QMK holds past the tapping term with or without Chordal Hold; kanata \
         `tap-hold-opposite-hand` defaults to `(timeout tap)`",
    ),
    row(
        "tap_hold.same_hand_chords",
        [
            Bool(false),
            Bool(true),
            Bool(false),
            Bool(false),
            Bool(false),
        ],
        "QMK Chordal Hold does not settle a tap-hold pressed on the same hand at its press \
         (`is_tap_record`), so same-hand mods chord; kanata decides every same-hand press at \
         once",
    ),
    row(
        "combo_window_ms",
        [Ms(50), Ms(50), Ms(50), Ms(50), Ms(50)],
        "QMK `COMBO_TERM`, ZMK `timeout-ms` and keyd `chord_timeout` default to 50; kanata \
         takes it per chord group",
    ),
    row(
        "combo_window",
        [
            Name("from-first-press"),
            Name("between-keys"),
            Name("from-first-press"),
            Name("from-first-press"),
            Name("between-keys"),
        ],
        "ZMK and kanata time the whole combo from its first press; QMK restarts its combo \
         timer on each key, keyd's `chord_interkey_timeout` is between keys",
    ),
    row(
        "combo_release",
        [
            Name("first-key-up"),
            Name("all-keys-up"),
            Name("first-key-up"),
            Name("first-key-up"),
            Name("all-keys-up"),
        ],
        "QMK releases a combo with its last key; ZMK (without `slow-release`) and kanata with \
         the first; keyd once none of its keys remains down",
    ),
    row(
        "combo_min_hold_ms",
        [Ms(0), Ms(0), Ms(0), Ms(0), Ms(0)],
        "keyd `chord_hold_timeout` defaults to 0; the others have none",
    ),
    row(
        "combo_require_prior_idle_ms",
        [Ms(0), Ms(0), Ms(0), Ms(0), Ms(0)],
        "ZMK's combo `require-prior-idle-ms` defaults to off; the others have none",
    ),
    row(
        "one_shot_end",
        [
            Name("next-release"),
            Name("next-release"),
            Name("next-release"),
            Name("next-press"),
            Name("release-or-next-press"),
        ],
        "QMK and ZMK end a one-shot after the next key's release; kanata right after its \
         press; keyd at its release or the next press",
    ),
    row(
        "one_shot_send",
        [
            Name("at-press"),
            Name("at-press"),
            Name("at-press"),
            Name("at-press"),
            Name("at-press"),
        ],
        "all four send the modifier at the one-shot's own press",
    ),
    row(
        "one_shot_timeout_ms",
        [Ms(1000), Ms(0), Ms(1000), Ms(1000), Ms(0)],
        "QMK `ONESHOT_TIMEOUT` is undefined (never) by default; ZMK `release-after-ms` is 1000; \
         kanata takes it per action; keyd `oneshot_timeout` defaults to 0 (never)",
    ),
    row(
        "transparent_base",
        [
            Name("physical-key"),
            Name("nothing"),
            Name("nothing"),
            Name("physical-key"),
            Name("physical-key"),
        ],
        "QMK `KC_TRNS` and ZMK `&trans` with no layer below do nothing; kanata's `_` on the \
         base is the `defsrc` key (without `delegate-to-first-layer`); keyd sends unbound keys \
         as they are",
    ),
    row(
        "modified_release",
        [
            Name("until-next-press"),
            Name("with-key"),
            Name("until-next-press"),
            Name("until-next-press"),
            Name("until-next-press"),
        ],
        "QMK registers `LSFT(KC_9)`'s Shift for as long as the key is held; ZMK's implicit \
         modifiers are dropped at the next key press; kanata and keyd end the output at the \
         next press",
    ),
    row(
        "modified_roll",
        [
            Name("key-first"),
            Name("key-first"),
            Name("mods-first"),
            Name("mods-first"),
            Name("key-first"),
        ],
        "keyd releases the key, then the modifiers; kanata and ZMK lift the modifier first; \
         QMK has no roll (its output ends with the key)",
    ),
    row(
        "repeat",
        [
            Name("pass-through"),
            Name("pass-through"),
            Name("pass-through"),
            Name("pass-through"),
            Name("pass-through"),
        ],
        "the firmwares leave repeat to the host, which repeats the held output; kanata and \
         keyd repeat it too",
    ),
    row(
        "macro_key_delay_ms",
        [Ms(0), Ms(0), Ms(15), Ms(0), Ms(0)],
        "QMK `TAP_CODE_DELAY` is 0; ZMK `CONFIG_ZMK_MACRO_DEFAULT_WAIT_MS` is 15 (it also \
         holds each tap 30 ms); kanata and keyd type at once",
    ),
    row(
        "process_unmapped_keys",
        [Bool(true), Bool(true), Bool(true), Bool(false), Bool(true)],
        "kanata without `process-unmapped-keys` lets keys outside `defsrc` through untouched; \
         the firmwares and keyd process every key",
    ),
    row(
        "macro_other_keys",
        [
            Name("wait"),
            Name("wait"),
            Name("go-through"),
            Name("go-through"),
            Name("wait"),
        ],
        "QMK's `SEND_STRING` blocks the keyboard until it is done, and keyd runs a macro to its \
         end before the next event; ZMK queues a macro's steps on its behaviour queue while \
         other keys are handled, and kanata runs macros beside other keys",
    ),
    row(
        "modifier_order",
        [
            Name("reverse"),
            Name("reverse"),
            Name("reverse"),
            Name("reverse"),
            Name("keyd"),
        ],
        "QMK, ZMK and kanata nest modifiers (the first down is the last up); keyd's `set_mods` \
         walks its modifier table (Alt, AltGr, Shift, Meta, Ctrl) both ways",
    ),
    row(
        "unicode_method",
        [
            Name("ctrl-shift-u"),
            Name("ctrl-shift-u"),
            Name("ctrl-shift-u"),
            Name("ctrl-shift-u"),
            Name("compose"),
        ],
        "QMK's Linux input mode (`UNICODE_MODE_LINUX`) and kanata on Linux type Ctrl+Shift+U and \
         the hex code; ZMK has none built in (its Unicode modules use the same sequence); keyd \
         types through the Compose key with its own XCompose table",
    ),
    row(
        "overload_tap_timeout_ms",
        [Ms(0), Ms(0), Ms(0), Ms(0), Ms(0)],
        "keyd `overload_tap_timeout` defaults to 0 (the tap comes however long the key was \
         held)",
    ),
];

/// Options that are data rather than readings: a preset never changes them.
pub const NOT_READINGS: &[&str] = &["semantics", "hands", "unprocessed_keys", "compose_key"];

impl Options {
    /// Every option at its value in `semantics`' reading.
    pub fn preset(semantics: Semantics) -> Options {
        let map = preset_map(semantics);
        // The rows are checked by the tests to deserialize in every reading.
        Options::deserialize(Value::Object(map)).unwrap_or_default()
    }
}

fn column(semantics: Semantics) -> usize {
    Semantics::ALL
        .iter()
        .position(|s| *s == semantics)
        .unwrap_or(0)
}

/// The preset as a JSON map, every field present.
fn preset_map(semantics: Semantics) -> Map<String, Value> {
    let mut map = match serde_json::to_value(Options::default()) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    map.insert("semantics".into(), serde_json::json!(semantics));
    let col = column(semantics);
    for row in ROWS {
        set(&mut map, row.option, row.values[col].json());
    }
    map
}

/// Sets the field at `path` (`tap_hold.flavor`: nested maps by `.`).
fn set(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        Some((outer, rest)) => {
            if let Some(Value::Object(inner)) = map.get_mut(outer) {
                set(inner, rest, value);
            }
        }
        None => {
            map.insert(path.to_string(), value);
        }
    }
}

/// Applies `patch` over `base`, merging nested maps field by field.
pub fn merge(base: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (k, v) in patch {
        match (base.get_mut(k), v) {
            (Some(Value::Object(b)), Value::Object(p)) => merge(b, p),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

/// The preset table as Markdown, one column per reading, for docs/behaviour.md.
pub fn markdown_table() -> String {
    let mut out = String::from("| option | keyrx | QMK | ZMK | kanata | keyd | why |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for row in ROWS {
        let values: Vec<String> = row.values.iter().map(V::to_string).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            row.option,
            values.join(" | "),
            row.why
        ));
    }
    out
}

// Fields left out take the value of the reading `semantics` names, so the preset has to be
// known before the fields are read: the map is read whole, laid over the preset, then decoded.
impl<'de> Deserialize<'de> for Options {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let given = Map::<String, Value>::deserialize(d)?;
        let semantics = match given.get("semantics") {
            Some(v) => Semantics::deserialize(v).map_err(D::Error::custom)?,
            None => Semantics::Keyrx,
        };
        let mut map = preset_map(semantics);
        merge(&mut map, &given);
        // The derived field-by-field form (`remote = "Self"`).
        Options::deserialize(Value::Object(map)).map_err(D::Error::custom)
    }
}

impl Serialize for Options {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The derived field-by-field form (`remote = "Self"`).
        Options::serialize(self, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Flavor;

    /// Every leaf field of the options, as `tap_hold.flavor` paths.
    fn leaves(prefix: &str, map: &Map<String, Value>, out: &mut Vec<String>) {
        for (k, v) in map {
            let path = format!("{prefix}{k}");
            match v {
                Value::Object(inner) if k == "tap_hold" => leaves(&format!("{path}."), inner, out),
                _ => out.push(path),
            }
        }
    }

    #[test]
    fn every_reading_has_one_row_and_every_row_an_option() {
        let Ok(Value::Object(map)) = serde_json::to_value(Options::default()) else {
            panic!("options serialize to a map");
        };
        let mut fields = Vec::new();
        leaves("", &map, &mut fields);
        for field in &fields {
            let rows = ROWS.iter().filter(|r| r.option == *field).count();
            let data = NOT_READINGS.contains(&field.as_str());
            assert!(
                data || rows == 1,
                "option `{field}` needs exactly one row in preset::ROWS (has {rows})"
            );
        }
        for row in ROWS {
            assert!(
                fields.contains(&row.option.to_string()),
                "row `{}` names no option",
                row.option
            );
        }
    }

    #[test]
    fn each_preset_holds_its_column() {
        assert_eq!(Options::preset(Semantics::Keyrx), Options::default());
        for (col, semantics) in Semantics::ALL.into_iter().enumerate() {
            let options = Options::preset(semantics);
            assert_eq!(options.semantics, semantics);
            let Ok(Value::Object(map)) = serde_json::to_value(&options) else {
                panic!("options serialize to a map");
            };
            for row in ROWS {
                let value = match row.option.split_once('.') {
                    Some((outer, inner)) => &map[outer][inner],
                    None => &map[row.option],
                };
                assert_eq!(
                    *value,
                    row.values[col].json(),
                    "{semantics:?} {}: the value does not deserialize as itself",
                    row.option
                );
            }
        }
    }

    #[test]
    fn given_fields_override_the_preset_and_the_rest_follow_it() {
        let json =
            r#"{ "semantics": "zmk", "tap_hold": { "term_ms": 150 }, "combo_window_ms": 30 }"#;
        let o: Options = serde_json::from_str(json).unwrap();
        assert_eq!(o.semantics, Semantics::Zmk);
        assert_eq!(o.tap_hold.flavor, Flavor::HoldOnOtherKeyPress);
        assert_eq!(o.tap_hold.term_ms, 150);
        assert_eq!(o.combo_window_ms, 30);
        assert_eq!(o.macro_key_delay_ms, 15);
        let again: Options = serde_json::from_value(serde_json::to_value(&o).unwrap()).unwrap();
        assert_eq!(again, o);
        let plain: Options = serde_json::from_str("{}").unwrap();
        assert_eq!(plain, Options::default());
    }

    #[test]
    fn bad_options_are_refused_with_a_position() {
        let keymap = |options: &str| {
            format!("{{ \"layers\": [ {{ \"name\": \"base\" }} ],\n  \"options\": {options} }}")
        };
        let e =
            crate::config::Config::from_json(&keymap("{ \"semantics\": \"vim\" }")).unwrap_err();
        assert!(e.to_string().contains("vim") && e.line() == 2, "{e}");
        let e = crate::config::Config::from_json(&keymap("{ \"combo_windw_ms\": 3 }")).unwrap_err();
        assert!(
            e.to_string().contains("combo_windw_ms") && e.line() == 2,
            "{e}"
        );
    }

    /// The table in docs/behaviour.md is this module's table; `KEYRX_BLESS=1` rewrites it.
    #[test]
    fn docs_show_the_preset_table() {
        const START: &str =
            "<!-- preset table: generated from keyrx_core/src/config/preset.rs -->\n";
        const END: &str = "<!-- end of preset table -->";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/behaviour.md");
        let text = std::fs::read_to_string(path).unwrap();
        let (Some(start), Some(end)) = (text.find(START), text.find(END)) else {
            panic!("docs/behaviour.md lacks the preset table markers");
        };
        let current = &text[start + START.len()..end];
        let table = markdown_table();
        if current != table {
            if std::env::var_os("KEYRX_BLESS").is_some() {
                let new = format!("{}{table}{}", &text[..start + START.len()], &text[end..]);
                std::fs::write(path, new).unwrap();
            } else {
                panic!("docs/behaviour.md's preset table is out of date; rerun with KEYRX_BLESS=1");
            }
        }
    }
}
