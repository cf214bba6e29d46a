//! Turns Rhai's parse and evaluation errors into positioned issues with plain-language
//! messages, call chains, and "did you mean" suggestions.

use keyrx_core::keys::{self, KeyCode};
use rhai::{Dynamic, EvalAltResult, ImmutableString, ParseError, ParseErrorType, Position};

use crate::api::{API, BUILTINS, usage};
use crate::diagnostic::Severity;
use crate::engine::{Limits, Stop};
use crate::state::{Issue, Site};

/// An error raised by the config machinery itself (imports, forbidden functions), carried
/// through Rhai as the payload of a runtime error.
#[derive(Debug, Clone)]
pub(crate) struct Fatal {
    pub message: String,
    pub help: Option<String>,
}

pub(crate) fn fatal(message: &str, help: Option<String>) -> Box<EvalAltResult> {
    fatal_at(message, help, Position::NONE)
}

pub(crate) fn fatal_at(message: &str, help: Option<String>, pos: Position) -> Box<EvalAltResult> {
    let payload = Fatal {
        message: message.to_string(),
        help,
    };
    Box::new(EvalAltResult::ErrorRuntime(Dynamic::from(payload), pos))
}

pub(crate) fn from_parse(err: &ParseError, file: &str, limits: &Limits) -> Issue {
    let site = Site::at(file.into(), err.1);
    let (message, help) = describe_parse(&err.0, limits);
    Issue::new(Severity::Error, Some(site), message).help(help)
}

fn describe_parse(err: &ParseErrorType, limits: &Limits) -> (String, Option<String>) {
    match err {
        ParseErrorType::ExprTooDeep => (
            format!(
                "expressions nest deeper than {} levels ({} inside functions and closures)",
                limits.max_expr_depth,
                limits.max_expr_depth / 2
            ),
            Some("give the inner parts names with `let`, or move them into functions".into()),
        ),
        ParseErrorType::VariableUndefined(name) => {
            let help = match KeyCode::from_name(name) {
                Some(_) => format!("key names are strings: write \"{name}\""),
                None => format!(
                    "declare it first with `let {name} = ..;`; inside `fn`, only its parameters and top-level constants (as `global::{name}`) are visible"
                ),
            };
            let help = Some(help);
            (format!("unknown variable `{name}`"), help)
        }
        ParseErrorType::FnMissingParams(name) => (
            format!("`{name}` needs its argument list"),
            usage(name).map(|u| format!("usage: {u}")),
        ),
        other => (first_lower(&other.to_string()), None),
    }
}

/// Builds the issue for an evaluation error, following imports and function calls inward to
/// where it really happened and noting the way there.
pub(crate) fn from_eval(err: &EvalAltResult, file: &str, limits: &Limits) -> Issue {
    let mut notes = Vec::new();
    let (inner, file) = innermost(err, file.into(), &mut notes);
    let site = Site::at(file, inner.position());
    let (message, help) = describe(inner, limits);
    let mut issue = Issue::new(Severity::Error, Some(site), message).help(help);
    for n in notes {
        issue = issue.note(n);
    }
    issue
}

fn innermost<'e>(
    err: &'e EvalAltResult,
    file: ImmutableString,
    notes: &mut Vec<String>,
) -> (&'e EvalAltResult, ImmutableString) {
    match err {
        EvalAltResult::ErrorInModule(name, inner, pos) => {
            notes.push(format!("in `{name}`, imported at {}", at(&file, *pos)));
            innermost(inner, name.as_str().into(), notes)
        }
        EvalAltResult::ErrorInFunctionCall(name, source, inner, pos) => {
            // Closures have generated names; the position of their caller says enough.
            if !name.starts_with("anon$") {
                notes.push(format!("in a call to `{name}` at {}", at(&file, *pos)));
            }
            let file = if source.is_empty() {
                file
            } else {
                source.as_str().into()
            };
            innermost(inner, file, notes)
        }
        other => (other, file),
    }
}

fn at(file: &str, pos: Position) -> String {
    match (pos.line(), pos.position()) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
        (Some(l), None) => format!("{file}:{l}"),
        _ => file.to_string(),
    }
}

fn describe(err: &EvalAltResult, limits: &Limits) -> (String, Option<String>) {
    let endless = Some("is there an endless loop or recursion?".to_string());
    match err {
        EvalAltResult::ErrorParsing(e, _) => describe_parse(e, limits),
        EvalAltResult::ErrorFunctionNotFound(sig, _) => function_not_found(sig),
        EvalAltResult::ErrorVariableNotFound(name, _) => {
            describe_parse(&ParseErrorType::VariableUndefined(name.clone()), limits)
        }
        EvalAltResult::ErrorRuntime(d, _) if d.is::<Fatal>() => {
            let f = d.clone().cast::<Fatal>();
            (f.message, f.help)
        }
        EvalAltResult::ErrorRuntime(d, _) => (format!("the config threw an error: {d}"), None),
        EvalAltResult::ErrorTooManyOperations(_) => (too_many_ops(limits), endless),
        EvalAltResult::ErrorTerminated(t, _)
            if t.clone().try_cast::<Stop>() == Some(Stop::Time) =>
        {
            (
                format!(
                    "the config was stopped after running for {} ms",
                    limits.max_time.as_millis()
                ),
                endless,
            )
        }
        EvalAltResult::ErrorTerminated(..) => (too_many_ops(limits), endless),
        EvalAltResult::ErrorStackOverflow(_) => (
            format!(
                "function calls nest deeper than {} levels",
                limits.max_call_depth
            ),
            Some("is there a recursion that never ends?".into()),
        ),
        EvalAltResult::ErrorDataTooLarge(what, _) => (
            format!(
                "{} is larger than a config may build",
                what.to_ascii_lowercase()
            ),
            Some(format!(
                "strings are limited to {} bytes, arrays to {} items and maps to {} entries",
                limits.max_string_size, limits.max_array_size, limits.max_map_size
            )),
        ),
        EvalAltResult::ErrorTooManyModules(_) => (
            format!("more than {} imports", limits.max_imports),
            Some("does a file import itself through a loop of imports?".into()),
        ),
        EvalAltResult::ErrorMismatchDataType(expected, found, _) => {
            (format!("expected {expected}, found {found}"), None)
        }
        other => {
            // Rhai appends " (line L, position C)"; the diagnostic shows the position itself.
            let text = other.to_string();
            let text = text.rfind(" (line ").map_or(text.as_str(), |i| &text[..i]);
            (first_lower(text), None)
        }
    }
}

fn too_many_ops(limits: &Limits) -> String {
    format!(
        "the config was stopped after {} operations",
        limits.max_operations
    )
}

/// "Function not found: mapp (&str | ImmutableString | String)" with the closest API name,
/// or the usage when the name is right but the arguments are not.
fn function_not_found(signature: &str) -> (String, Option<String>) {
    let name = signature.split([' ', '(']).next().unwrap_or(signature);
    let args = signature[name.len()..].trim();
    let args = simplify_types(args);
    if let Some(u) = usage(name) {
        return (
            format!("`{name}` cannot be called with these arguments: {args}"),
            Some(format!("usage: {u}")),
        );
    }
    let candidates = API.iter().map(|(n, _)| *n).chain(BUILTINS.iter().copied());
    let help = keys::closest(name, candidates).map(|s| match usage(s) {
        Some(u) => format!("did you mean `{s}`? usage: {u}"),
        None => format!("did you mean `{s}`?"),
    });
    (format!("unknown function `{name}` {args}"), help)
}

/// Rhai spells argument types the Rust way; a config author knows them by their script names.
fn simplify_types(args: &str) -> String {
    args.replace("&str | ImmutableString | String", "string")
        .replace("rhai::FnPtr", "Fn")
        .replace("keyrx_config::values::ActionVal", "Action")
        .replace("keyrx_config::values::CondVal", "Condition")
        .replace("keyrx_config::values::StepVal", "MacroStep")
}

fn first_lower(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelled_functions_get_suggestions() {
        let (msg, help) = function_not_found(
            "mapp (&str | ImmutableString | String, &str | ImmutableString | String)",
        );
        assert_eq!(msg, "unknown function `mapp` (string, string)");
        assert!(help.unwrap().starts_with("did you mean `map`?"));
        let (msg, help) = function_not_found("tap_hold (&str | ImmutableString | String)");
        assert!(
            msg.contains("cannot be called with these arguments"),
            "{msg}"
        );
        assert!(help.unwrap().contains("tap_hold(tap, hold)"));
    }
}
