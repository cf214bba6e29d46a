//! What evaluating a config builds up: device blocks, layers, combos, options patches and the
//! issues found on the way, each remembered with the source position that produced it.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use keyrx_core::config::{Action, Combo, DeviceMatcher};
use keyrx_core::keys::KeyCode;
use rhai::{ImmutableString, NativeCallContext, Position};

use crate::diagnostic::{Diagnostic, Severity, Sources, Span};

/// The evaluation state every registered function shares.
pub(crate) type Shared = Rc<RefCell<State>>;

/// Lines of `print`/`debug` output kept from one run; later lines are counted and dropped.
pub const MAX_LOG_LINES: usize = 1_000;
/// Bytes of `print`/`debug` output kept from one run.
pub const MAX_LOG_BYTES: usize = 64 * 1024;
/// Errors and warnings kept from one run; a script that makes the same mistake in a loop
/// would otherwise grow them without bound.
pub const MAX_ISSUES: usize = 1_000;

/// Actions and conditions a run may build in total, every part of every value counted once
/// when it is built: values are copied into one another, so without a total a loop could fill
/// memory with values each within their own bound.
pub const MAX_BUILT_PARTS: usize = 1_000_000;

/// How far past a call position a key-name literal is searched for, to underline it exactly.
const LITERAL_WINDOW: usize = 400;

/// Where something came from: a call's position plus, optionally, a string literal near it
/// that the diagnostic should point at (the misspelled key rather than the function name).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Site {
    pub file: ImmutableString,
    pub line: u32,
    pub column: u32,
    pub hint: Option<ImmutableString>,
}

impl Site {
    /// The position of the native call `ctx` is running, in the file that contains it.
    pub fn of_call(ctx: &NativeCallContext) -> Site {
        // Positions inside a function are in the file that defined it, which the innermost
        // namespace records; the caller's source would name the wrong file for imported code.
        let file = ctx
            .iter_namespaces()
            .last()
            .and_then(|m| m.id())
            .or_else(|| ctx.call_source())
            .unwrap_or_default();
        Site::at(file.into(), ctx.call_position())
    }

    pub fn at(file: ImmutableString, pos: Position) -> Site {
        Site {
            file,
            line: pos.line().unwrap_or(0) as u32,
            column: pos.position().unwrap_or(0) as u32,
            hint: None,
        }
    }

    /// The same call, pointing at the string literal `text` if it is written there.
    pub fn with_hint(&self, text: &str) -> Site {
        Site {
            hint: Some(text.into()),
            ..self.clone()
        }
    }

    /// The source range to underline: the hinted literal, else the word at the position.
    pub fn span(&self, sources: &Sources) -> Option<Span> {
        if self.line == 0 {
            return None;
        }
        let text = sources.text(&self.file)?;
        let start = sources.offset(&self.file, self.line, self.column)?;
        let (from, to) = self
            .hint
            .as_ref()
            .and_then(|h| find_literal(text, start, h))
            .unwrap_or_else(|| word_at(text, start));
        let (line, column) = sources.line_column(&self.file, from)?;
        let (end_line, end_column) = sources.line_column(&self.file, to)?;
        Some(Span {
            line,
            column,
            end_line,
            end_column,
        })
    }

    pub fn describe(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
}

/// The byte range of `"text"` (or a backtick string) at or after `start`, quotes included.
fn find_literal(source: &str, start: usize, text: &str) -> Option<(usize, usize)> {
    let mut end = (start + LITERAL_WINDOW).min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let window = &source[start..end];
    let quoted = ['"', '`'].iter().find_map(|q| {
        let needle = format!("{q}{text}{q}");
        window
            .find(&needle)
            .map(|i| (start + i, start + i + needle.len()))
    });
    let part = || find_part(window, text).map(|i| (start + i, start + i + text.len()));
    let field = || find_field_name(window, text).map(|i| (start + i, start + i + text.len()));
    quoted.or_else(part).or_else(field)
}

/// Where `text` is one `+`-separated part of a string literal (`shfit` in `"shfit+9"`).
fn find_part(window: &str, text: &str) -> Option<usize> {
    if text.is_empty() {
        return None;
    }
    let edge = |c: Option<char>| matches!(c, Some('"' | '`' | '+'));
    window.match_indices(text).map(|(i, _)| i).find(|&i| {
        let before = window[..i].chars().next_back();
        let after = window[i + text.len()..].chars().next();
        edge(before) && edge(after) && (before == Some('+') || after == Some('+'))
    })
}

/// Where `text` is written as a bare map field name (`flavr: "balanced"`).
fn find_field_name(window: &str, text: &str) -> Option<usize> {
    if text.is_empty() {
        return None;
    }
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    window.match_indices(text).map(|(i, _)| i).find(|&i| {
        let before_ok = window[..i].chars().next_back().is_none_or(|c| !is_ident(c));
        let after = window[i + text.len()..].trim_start();
        before_ok && after.starts_with(':') && !after.starts_with("::")
    })
}

/// The identifier or string literal at `start`, or a single character when there is neither.
fn word_at(source: &str, start: usize) -> (usize, usize) {
    let rest = &source[start.min(source.len())..];
    if let Some(q) = rest.chars().next().filter(|c| matches!(c, '"' | '`')) {
        let line = rest.split('\n').next().unwrap_or_default();
        if let Some(close) = line[1..].find(q) {
            return (start, start + close + 2);
        }
    }
    let len: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum();
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    (start, start + len)
}

/// A problem found while evaluating, turned into a [`Diagnostic`] once all sources are known.
#[derive(Debug, Clone)]
pub(crate) struct Issue {
    pub severity: Severity,
    pub site: Option<Site>,
    pub message: String,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Issue {
    pub fn new(severity: Severity, site: Option<Site>, message: String) -> Issue {
        Issue {
            severity,
            site,
            message,
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn help(mut self, help: Option<String>) -> Issue {
        self.help = help;
        self
    }

    pub fn note(mut self, note: String) -> Issue {
        self.notes.push(note);
        self
    }

    pub fn into_diagnostic(self, sources: &Sources, main: &str) -> Diagnostic {
        let span = self.site.as_ref().and_then(|s| s.span(sources));
        let file = match &self.site {
            Some(s) if !s.file.is_empty() => s.file.to_string(),
            _ => main.to_string(),
        };
        Diagnostic {
            severity: self.severity,
            message: self.message,
            help: self.help,
            file,
            span,
            notes: self.notes,
        }
    }
}

/// Whether a reference to a layer can make it active or only looks at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefKind {
    /// `momentary`, `toggle`, `one_shot_layer`, `set_base`.
    Activates,
    /// `layer_active` conditions and combo layer lists.
    Tests,
}

/// A layer named somewhere, checked against the block's layers once evaluation is done.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LayerRef {
    pub name: String,
    pub site: Site,
    pub kind: RefKind,
}

#[derive(Debug, Clone)]
pub(crate) struct Mapping {
    pub action: Action,
    pub site: Site,
}

#[derive(Debug, Clone)]
pub(crate) struct LayerDef {
    pub name: String,
    /// Modifiers the layer holds while active (`layer_modifiers`).
    pub mods: keyrx_core::keys::ModMask,
    pub site: Site,
    pub map: BTreeMap<KeyCode, Mapping>,
}

#[derive(Debug, Clone)]
pub(crate) struct ComboDef {
    pub combo: Combo,
    pub site: Site,
}

/// One device block (or the top level, which becomes the block for every other device).
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    pub label: String,
    pub matchers: Vec<DeviceMatcher>,
    pub site: Option<Site>,
    pub layers: Vec<LayerDef>,
    pub combos: Vec<ComboDef>,
    /// `override(trigger, replacement)` calls, in order, with where each was made.
    pub overrides: Vec<(keyrx_core::config::KeyOverride, Site)>,
    /// `sequence(keys, action)` calls, in order, with where each was made.
    pub sequences: Vec<(keyrx_core::config::Sequence, Site)>,
    /// Validated `options()` arguments in call order, applied over the defaults at the end.
    pub options: Vec<(serde_json::Map<String, serde_json::Value>, Site)>,
    pub refs: Vec<LayerRef>,
}

impl Block {
    pub fn layer_index(&self, name: &str) -> Option<usize> {
        self.layers.iter().position(|l| l.name == name)
    }
}

/// Everything the registered functions record while the script runs.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub issues: Vec<Issue>,
    pub top: Block,
    pub devices: Vec<Block>,
    /// The `device()` block being filled, if any.
    pub cur_device: Option<usize>,
    /// The layer (index in the current block) whose closure is running, if any.
    pub cur_layer: Option<usize>,
    /// Parts of every action and condition built so far, against [`MAX_BUILT_PARTS`].
    pub built_parts: usize,
    /// What has been reported where, so a loop repeating a mistake reports it once.
    reported: HashSet<(ImmutableString, u32, u32, String)>,
    log_lines: usize,
    log_bytes: usize,
    log_dropped: usize,
    issues_dropped: usize,
}

impl State {
    pub fn block_mut(&mut self) -> &mut Block {
        match self.cur_device {
            Some(i) => &mut self.devices[i],
            None => &mut self.top,
        }
    }

    pub fn block(&self) -> &Block {
        match self.cur_device {
            Some(i) => &self.devices[i],
            None => &self.top,
        }
    }

    pub fn error(&mut self, site: &Site, message: String, help: Option<String>) {
        self.report(Severity::Error, site, message, help);
    }

    pub fn warn(&mut self, site: &Site, message: String, help: Option<String>) {
        self.report(Severity::Warning, site, message, help);
    }

    fn report(&mut self, severity: Severity, site: &Site, message: String, help: Option<String>) {
        // The same mistake at the same place, made again by a loop, is reported once.
        let key = (site.file.clone(), site.line, site.column, message);
        if self.reported.contains(&key) {
            return;
        }
        if self.issues.len() >= MAX_ISSUES {
            self.issues_dropped += 1;
            return;
        }
        let message = key.3.clone();
        self.reported.insert(key);
        let issue = Issue::new(severity, Some(site.clone()), message).help(help);
        self.issues.push(issue);
    }

    /// Keeps a line of `print`/`debug` output while the log has room.
    pub fn log(&mut self, site: Option<Site>, text: String) {
        if self.log_lines >= MAX_LOG_LINES || self.log_bytes + text.len() > MAX_LOG_BYTES {
            self.log_dropped += 1;
            return;
        }
        self.log_lines += 1;
        self.log_bytes += text.len();
        self.issues.push(Issue::new(Severity::Note, site, text));
    }

    /// One note for everything the bounds above dropped.
    pub fn note_dropped(&mut self) {
        if self.log_dropped > 0 {
            let message = format!(
                "{} more lines of print/debug output were dropped: a config's log keeps {MAX_LOG_LINES} lines and {MAX_LOG_BYTES} bytes",
                self.log_dropped
            );
            self.issues.push(Issue::new(Severity::Note, None, message));
        }
        if self.issues_dropped > 0 {
            let message = format!(
                "{} more errors and warnings were not kept: a config reports at most {MAX_ISSUES}",
                self.issues_dropped
            );
            self.issues.push(Issue::new(Severity::Note, None, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_points_at_the_literal() {
        let mut sources = Sources::default();
        sources.insert("m.rhai", "x;\n  map(\"captslock\", \"esc\");\n");
        let site = Site::at("m.rhai".into(), Position::new(2, 3)).with_hint("captslock");
        let span = site.span(&sources).unwrap();
        assert_eq!((span.line, span.column, span.end_column), (2, 7, 18));
        let plain = Site::at("m.rhai".into(), Position::new(2, 3));
        let span = plain.span(&sources).unwrap();
        assert_eq!((span.column, span.end_column), (3, 6));
    }
}
