//! The values scripts pass around (actions, conditions, macro steps) and the conversions from
//! script values into engine config types, each failure recorded with its position.

use keyrx_core::config::{
    Action, Condition, KeyOutput, MAX_NAME_LEN, MAX_NESTING, MAX_PARTS, MacroStep,
};
use keyrx_core::keys::{self, KeyCode, ModMask};
use rhai::{Dynamic, Engine, NativeCallContext};

use crate::state::{LayerRef, MAX_BUILT_PARTS, RefKind, Site, State};

/// An action built by a script function, with the layers it names (checked at the end).
#[derive(Debug, Clone)]
pub(crate) struct ActionVal {
    pub action: Action,
    pub refs: Vec<LayerRef>,
}

impl ActionVal {
    pub fn plain(action: Action) -> ActionVal {
        ActionVal {
            action,
            refs: Vec::new(),
        }
    }

    /// Stands in for an action whose error is already recorded, so evaluation can go on.
    pub fn placeholder() -> ActionVal {
        ActionVal::plain(Action::Output(KeyOutput::Block))
    }
}

/// A condition built by a script function, with the layers it tests.
#[derive(Debug, Clone)]
pub(crate) struct CondVal {
    pub cond: Condition,
    pub refs: Vec<LayerRef>,
}

/// A macro step that only makes sense inside `macro([...])`.
#[derive(Debug, Clone)]
pub(crate) struct StepVal {
    pub step: MacroStep,
}

/// Why a piece of text is not what was expected, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub message: String,
    pub help: Option<String>,
    /// The part of the text at fault (one key of `"shift+foo"`), to point at.
    pub culprit: String,
}

const KEY_NAMES_HELP: &str =
    "key names are Linux key names such as `esc`, `leftctrl`, `a`, `1` (see docs/config.md)";

/// How much of an unknown name a message repeats: the underline shows the whole of it.
const NAME_SHOWN: usize = 64;

/// `name`, cut to [`NAME_SHOWN`] characters with an ellipsis, so a huge name is not copied into
/// every message about it.
pub(crate) fn shown(name: &str) -> String {
    match name.char_indices().nth(NAME_SHOWN) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_string(),
    }
}

fn unknown_key(name: &str) -> Problem {
    let help = match keys::suggest_name(name) {
        Some(s) => format!("did you mean `{s}`?"),
        None => KEY_NAMES_HELP.to_string(),
    };
    Problem {
        message: format!("unknown key `{}`", shown(name)),
        help: Some(help),
        culprit: name.to_string(),
    }
}

pub(crate) fn parse_key(name: &str) -> Result<KeyCode, Problem> {
    KeyCode::from_name(name).ok_or_else(|| unknown_key(name))
}

fn parse_modifier(name: &str) -> Result<ModMask, Problem> {
    let code = parse_key(name)?;
    code.modifier_bit().ok_or_else(|| Problem {
        message: format!("`{name}` is not a modifier"),
        help: Some("modifiers are ctrl, shift, alt, meta and their left/right forms".into()),
        culprit: name.to_string(),
    })
}

/// Parses `"esc"`, `"shift+9"`, `"_"` or `"none"` exactly as the engine's `KeyOutput` does,
/// but names the part at fault when it fails.
pub(crate) fn parse_output(text: &str) -> Result<KeyOutput, Problem> {
    if let Ok(out) = text.parse::<KeyOutput>() {
        return Ok(out);
    }
    let mut parts: Vec<&str> = text.split('+').map(str::trim).collect();
    let last = parts.pop().unwrap_or_default();
    for part in parts {
        parse_modifier(part)?;
    }
    parse_key(last)?;
    Err(Problem {
        message: format!("`{text}` is not a key"),
        help: Some("write a key (\"esc\") or modifiers and a key (\"ctrl+shift+t\")".into()),
        culprit: text.to_string(),
    })
}

/// Parses `"ctrl"` or `"ctrl+shift"`.
pub(crate) fn parse_mods(text: &str) -> Result<ModMask, Problem> {
    text.split('+')
        .map(str::trim)
        .try_fold(ModMask::NONE, |acc, part| {
            Ok(acc.union(parse_modifier(part)?))
        })
}

/// One native call in progress: the shared state, where the call is, and the engine (for type
/// names in messages).
pub(crate) struct Call<'a> {
    pub st: &'a mut State,
    pub site: Site,
    pub engine: &'a Engine,
}

impl<'a> Call<'a> {
    pub fn new(st: &'a mut State, ctx: &'a NativeCallContext) -> Call<'a> {
        Call {
            st,
            site: Site::of_call(ctx),
            engine: ctx.engine(),
        }
    }

    pub fn error(&mut self, message: String, help: Option<String>) {
        self.st.error(&self.site, message, help);
    }

    pub fn problem(&mut self, p: Problem) {
        let site = self.site.with_hint(&p.culprit);
        self.st.error(&site, p.message, p.help);
    }

    pub fn warn(&mut self, message: String, help: Option<String>) {
        self.st.warn(&self.site, message, help);
    }

    pub fn type_name(&self, value: &Dynamic) -> String {
        self.engine.map_type_name(value.type_name()).to_string()
    }

    /// Whether a name is short enough to keep, recording the error when it is not: names are
    /// copied into everything that uses them.
    pub fn name_fits(&mut self, name: &str, what: &str) -> bool {
        if name.len() <= MAX_NAME_LEN {
            return true;
        }
        self.error(
            format!(
                "{what} is {} bytes long; names are at most {MAX_NAME_LEN} bytes",
                name.len()
            ),
            None,
        );
        false
    }

    pub fn layer_ref(&self, name: &str, kind: RefKind) -> LayerRef {
        LayerRef {
            name: name.to_string(),
            site: self.site.with_hint(name),
            kind,
        }
    }

    pub fn key(&mut self, name: &str) -> Option<KeyCode> {
        parse_key(name).map_err(|p| self.problem(p)).ok()
    }

    /// A script value used as an action: a key string or a built action.
    pub fn action(&mut self, value: Dynamic, what: &str) -> ActionVal {
        if value.is_string() {
            let text = value.into_immutable_string().unwrap_or_default();
            return self.action_text(&text);
        }
        if value.is::<ActionVal>() {
            return value.cast::<ActionVal>();
        }
        let help = if value.is::<StepVal>() {
            "press(), release(), tap() and delay() are macro steps: use them inside macro([...])"
        } else if value.is::<CondVal>() {
            "a condition chooses between actions: when(condition, action, otherwise)"
        } else {
            "write a key such as \"esc\" or \"shift+9\", or an action such as tap_hold(...)"
        };
        let found = self.type_name(&value);
        self.error(
            format!("{what} must be an action, found {found}"),
            Some(help.into()),
        );
        ActionVal::placeholder()
    }

    fn action_text(&mut self, text: &str) -> ActionVal {
        if text == "release_all" {
            return ActionVal::plain(Action::ReleaseAll);
        }
        match parse_output(text) {
            Ok(out) => ActionVal::plain(Action::Output(out)),
            Err(p) => {
                self.problem(p);
                ActionVal::placeholder()
            }
        }
    }

    /// Refuses an action nested past [`MAX_NESTING`] here, where it is built: every later walk
    /// over the config recurses once per level.
    pub fn bounded_action(&mut self, value: ActionVal) -> ActionVal {
        if !self.too_large(value.action.nesting(), || value.action.parts()) {
            return value;
        }
        ActionVal::placeholder()
    }

    /// Like [`Call::bounded_action`], for conditions.
    pub fn bounded_condition(&mut self, value: CondVal) -> CondVal {
        if !self.too_large(value.cond.nesting(), || value.cond.parts()) {
            return value;
        }
        CondVal {
            cond: Condition::All(Vec::new()),
            refs: Vec::new(),
        }
    }

    /// Records the error if a value is too deep or too large; parts are counted only once the
    /// depth is known to be bounded, so neither walk can overflow the stack.
    fn too_large(&mut self, nesting: usize, parts: impl FnOnce() -> usize) -> bool {
        if nesting > MAX_NESTING {
            self.error(
                format!("actions and conditions nest deeper than {MAX_NESTING} levels"),
                Some("chain conditions with when(a, x, when(b, y, z)), which does not nest".into()),
            );
            return true;
        }
        let parts = parts();
        if parts > MAX_PARTS {
            self.error(
                format!("this action or condition has more than {MAX_PARTS} parts"),
                None,
            );
            return true;
        }
        self.st.built_parts += parts;
        if self.st.built_parts > MAX_BUILT_PARTS {
            self.error(
                format!(
                    "the config built more than {MAX_BUILT_PARTS} actions and conditions in all"
                ),
                Some("is a loop building the same value over and over?".into()),
            );
            return true;
        }
        false
    }

    pub fn condition(&mut self, value: Dynamic, what: &str) -> CondVal {
        if value.is::<CondVal>() {
            return value.cast::<CondVal>();
        }
        let found = self.type_name(&value);
        self.error(
            format!("{what} must be a condition, found {found}"),
            Some("conditions are layer_active(..), mods_held(..), device_matches(..), not(..), all([..]), any([..])".into()),
        );
        CondVal {
            cond: Condition::All(Vec::new()),
            refs: Vec::new(),
        }
    }

    /// A duration or count in milliseconds.
    pub fn ms(&mut self, value: i64, what: &str) -> u32 {
        u32::try_from(value).unwrap_or_else(|_| {
            self.error(
                format!("{what} must be between 0 and {}, found {value}", u32::MAX),
                None,
            );
            0
        })
    }

    /// A list of key names, as used for combos and `hold_trigger_keys`.
    pub fn key_list(&mut self, items: rhai::Array, what: &str) -> Vec<KeyCode> {
        let mut out = Vec::new();
        for item in items {
            if item.is_string() {
                let name = item.into_immutable_string().unwrap_or_default();
                out.extend(self.key(&name));
            } else {
                let found = self.type_name(&item);
                self.error(format!("{what} must list key names, found {found}"), None);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_name_the_bad_part() {
        assert!(parse_output("shift+9").is_ok());
        assert!(parse_output("_").is_ok());
        let p = parse_output("shift+captslock").unwrap_err();
        assert_eq!(p.culprit, "captslock");
        assert_eq!(p.help.as_deref(), Some("did you mean `capslock`?"));
        let p = parse_output("a+b").unwrap_err();
        assert_eq!(p.message, "`a` is not a modifier");
    }

    #[test]
    fn modifier_sets() {
        assert_eq!(
            parse_mods("ctrl+shift").unwrap(),
            ModMask::LCTRL.union(ModMask::LSHIFT)
        );
        assert!(parse_mods("ctrl+x").is_err());
    }
}
