//! Diagnostics: positioned errors, warnings and notes, as serde data and as rendered text.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is. Only errors make a compile fail.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Output of `print`/`debug` in the config, and other information.
    Note,
}

/// A source range: 1-based line and column (counted in characters), end exclusive.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// One finding about a config, with where it is and how to fix it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// A suggested fix, such as "did you mean `capslock`?".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The file as the user named it (imports: relative to the main file's directory).
    pub file: String,
    /// Absent when the finding concerns the config as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Context such as the import chain or the first of two conflicting definitions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, type = "Array<string>"))]
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// `file:line:column`, or just the file when there is no position.
    pub fn location(&self) -> String {
        match self.span {
            Some(s) => format!("{}:{}:{}", self.file, s.line, s.column),
            None => self.file.clone(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The text of every file a compile read, by the name diagnostics use for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    files: BTreeMap<String, SourceFile>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct SourceFile {
    text: String,
    /// Byte offset of each line's start, so positions convert without rescanning the file.
    line_starts: Vec<usize>,
}

impl Sources {
    pub fn insert(&mut self, name: &str, text: &str) {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let file = SourceFile {
            text: text.to_string(),
            line_starts,
        };
        self.files.insert(name.to_string(), file);
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(|f| f.text.as_str())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The byte offset of a 1-based line and character column, clamped to the line.
    pub fn offset(&self, name: &str, line: u32, column: u32) -> Option<usize> {
        let file = self.files.get(name)?;
        let start = *file.line_starts.get((line as usize).checked_sub(1)?)?;
        let rest = &file.text[start..];
        let line_len = rest.find('\n').unwrap_or(rest.len());
        let skip = (column as usize).saturating_sub(1);
        let within = rest[..line_len]
            .char_indices()
            .nth(skip)
            .map_or(line_len, |(i, _)| i);
        Some(start + within)
    }

    /// The 1-based line and character column of a byte offset.
    pub fn line_column(&self, name: &str, offset: usize) -> Option<(u32, u32)> {
        let file = self.files.get(name)?;
        let offset = offset.min(file.text.len());
        let line = file.line_starts.partition_point(|&s| s <= offset);
        let start = file.line_starts[line - 1];
        let column = file.text.get(start..offset)?.chars().count() + 1;
        Some((line as u32, column as u32))
    }
}

/// Every diagnostic of a failed compile, with the sources needed to render them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
    #[serde(skip)]
    pub sources: Sources,
}

impl Diagnostics {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn error_count(&self) -> usize {
        self.errors().count()
    }

    /// Monochrome ASCII rendering: stable, for logs, tests and pipes.
    pub fn render(&self) -> String {
        render_all(&self.items, &self.sources, Style::Plain)
    }

    /// Unicode rendering for terminals, in color when `color` is set.
    pub fn render_styled(&self, color: bool) -> String {
        let style = if color { Style::Color } else { Style::Unicode };
        render_all(&self.items, &self.sources, style)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Diagnostics {}

/// How rendered diagnostics look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ASCII art, no color.
    Plain,
    /// Unicode box drawing, no color.
    Unicode,
    /// Unicode box drawing with ANSI colors.
    Color,
}

/// Renders diagnostics one after another, each with its source line and a caret.
pub fn render_all(items: &[Diagnostic], sources: &Sources, style: Style) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let theme = match style {
        Style::Plain => GraphicalTheme::none(),
        Style::Unicode => GraphicalTheme::unicode_nocolor(),
        Style::Color => GraphicalTheme::unicode(),
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(120);
    let mut out = String::new();
    for d in items {
        let report = Report::new(d, sources);
        if handler.render_report(&mut out, &report).is_err() {
            // Rendering only fails on a formatter error; fall back to one line.
            out.push_str(&format!("{}: {}\n", d.location(), d.message));
        }
    }
    out
}

/// A diagnostic bound to its source text, in the shape miette renders.
struct Report<'a> {
    d: &'a Diagnostic,
    code: Option<miette::NamedSource<String>>,
    label: Option<miette::LabeledSpan>,
    help: Option<String>,
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic, sources: &Sources) -> Report<'a> {
        let located = d.span.and_then(|s| {
            let start = sources.offset(&d.file, s.line, s.column)?;
            let end = sources
                .offset(&d.file, s.end_line, s.end_column)?
                .max(start);
            let text = sources.text(&d.file)?.to_string();
            Some((start, end - start, text))
        });
        let (code, label) = match located {
            Some((start, len, text)) => {
                // miette appends the line and column of the label to this name.
                let label = miette::LabeledSpan::new(None, start, len);
                (Some(miette::NamedSource::new(&d.file, text)), Some(label))
            }
            None => (None, None),
        };
        let mut lines: Vec<String> = d.help.iter().cloned().collect();
        if located_nowhere(d, &code) {
            lines.push(format!("in {}", d.location()));
        }
        lines.extend(d.notes.iter().map(|n| format!("note: {n}")));
        let help = (!lines.is_empty()).then(|| lines.join("\n"));
        Report {
            d,
            code,
            label,
            help,
        }
    }
}

/// Without source text the location must still be shown somewhere, once: a message that
/// names its file ("cannot read x.rhai: ..") says it already.
fn located_nowhere(d: &Diagnostic, code: &Option<miette::NamedSource<String>>) -> bool {
    code.is_none()
        && !d.file.is_empty()
        && d.severity != Severity::Note
        && !d.message.contains(&d.file)
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.d, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.code.as_ref().map(|c| c as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let label = self.label.clone()?;
        Some(Box::new(std::iter::once(label)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_agree() {
        let mut s = Sources::default();
        s.insert("a.rhai", "ab\n\u{e9}cd\nlast");
        assert_eq!(s.offset("a.rhai", 1, 1), Some(0));
        assert_eq!(s.offset("a.rhai", 2, 2), Some(5));
        assert_eq!(s.line_column("a.rhai", 5), Some((2, 2)));
        assert_eq!(
            s.offset("a.rhai", 3, 99),
            Some(s.text("a.rhai").unwrap().len())
        );
        assert_eq!(s.offset("a.rhai", 9, 1), None);
    }

    #[test]
    fn renders_location_caret_and_help() {
        let mut sources = Sources::default();
        sources.insert("c.rhai", "map(\"captslock\", \"esc\");\n");
        let d = Diagnostic {
            severity: Severity::Error,
            message: "unknown key `captslock`".into(),
            help: Some("did you mean `capslock`?".into()),
            file: "c.rhai".into(),
            span: Some(Span {
                line: 1,
                column: 5,
                end_line: 1,
                end_column: 16,
            }),
            notes: vec![],
        };
        let text = render_all(&[d], &sources, Style::Plain);
        assert!(text.contains("c.rhai:1:5"), "{text}");
        assert!(text.contains("map(\"captslock\""), "{text}");
        assert!(text.contains("^"), "{text}");
        assert!(text.contains("did you mean `capslock`?"), "{text}");
    }
}
