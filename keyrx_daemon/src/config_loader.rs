//! Loads a config file of any supported form (`.rhai`, `.krx`, `.json`) into the engine's
//! plain `Config`, rendering script errors with their source lines.

use std::io::{IsTerminal, Write};
use std::path::Path;

use keyrx_config::{Diagnostics, LoadError};
use keyrx_core::config::Config;

/// Loads `.rhai` (compiled in the sandbox), `.krx` (compiled form) or `.json` configs.
pub fn load(path: &Path) -> anyhow::Result<Config> {
    keyrx_config::load_any(path).map_err(describe)
}

/// Loads a config to run it, logging a script's warnings (a shadowed mapping, a layer nothing
/// reaches): `keyrx run` and every reload show them, not only `keyrx check`.
pub fn load_to_run(path: &Path) -> anyhow::Result<Config> {
    let (config, warnings) = keyrx_config::load_any_with_warnings(path).map_err(describe)?;
    if let Some(warnings) = warnings {
        tracing::warn!("{} has warnings:\n{warnings}", path.display());
    }
    Ok(config)
}

/// Parses `.json` config text: either `{"devices": [...]}` or a bare keymap for every device.
#[allow(dead_code)]
pub fn parse_json(text: &str) -> anyhow::Result<Config> {
    Ok(keyrx_config::parse_json(text)?)
}

/// Script errors become their rendered diagnostics; other errors keep their message.
pub fn describe(err: LoadError) -> anyhow::Error {
    match err {
        LoadError::Config { path, diagnostics } => anyhow::anyhow!(
            "{}: {}\n\n{}",
            path.display(),
            summary(&diagnostics),
            render(&diagnostics)
        ),
        other => other.into(),
    }
}

/// "2 errors, 1 warning".
pub fn summary(d: &Diagnostics) -> String {
    let errors = d.error_count();
    let warnings = d
        .items
        .iter()
        .filter(|i| i.severity == keyrx_config::Severity::Warning)
        .count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// Unicode and color on a terminal (unless NO_COLOR is set), plain ASCII otherwise.
pub fn render(d: &Diagnostics) -> String {
    if std::io::stderr().is_terminal() {
        d.render_styled(std::env::var_os("NO_COLOR").is_none())
    } else {
        d.render()
    }
}

/// Prints a line on stdout; a closed pipe (`keyrx .. | head`) is not an error.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
