//! Logging to stderr. The filter comes from `-v`/`-q`, else `RUST_LOG`, else `KEYRX_LOG` (its
//! older name), else `info`; colours only on a terminal and never with `NO_COLOR` set.
//! Keystrokes are never logged.

use std::ffi::OsString;

/// The filter directive: `-v`/`-q` (verbosity above or below 0) win, as they were typed for
/// this run; then the environment; then `info`.
pub fn filter(verbosity: i8, rust_log: Option<OsString>, keyrx_log: Option<OsString>) -> String {
    let level = match verbosity {
        ..=-2 => Some("error"),
        -1 => Some("warn"),
        0 => None,
        1 => Some("debug"),
        2.. => Some("trace"),
    };
    let from_env = || {
        [rust_log, keyrx_log]
            .into_iter()
            .flatten()
            .filter_map(|v| v.into_string().ok())
            .find(|v| !v.trim().is_empty())
    };
    level
        .map(str::to_owned)
        .or_else(from_env)
        .unwrap_or_else(|| "info".to_owned())
}

/// Colours on a terminal, unless `NO_COLOR` is set to anything but the empty string.
pub fn use_color(is_terminal: bool, no_color: Option<OsString>) -> bool {
    is_terminal && no_color.is_none_or(|v| v.is_empty())
}

/// Sets up logging once; later calls do nothing.
pub fn init(verbosity: i8) {
    let directive = filter(
        verbosity,
        std::env::var_os("RUST_LOG"),
        std::env::var_os("KEYRX_LOG"),
    );
    let filter = tracing_subscriber::EnvFilter::try_new(&directive).unwrap_or_else(|err| {
        eprintln!("keyrx: ignoring the log filter {directive:?}: {err}");
        tracing_subscriber::EnvFilter::new("info")
    });
    let color = use_color(
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
        std::env::var_os("NO_COLOR"),
    );
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(false)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<OsString> {
        Some(s.into())
    }

    #[test]
    fn flags_then_rust_log_then_keyrx_log_then_info() {
        assert_eq!(filter(0, None, None), "info");
        assert_eq!(filter(0, None, os("debug")), "debug");
        assert_eq!(filter(0, os("trace"), os("debug")), "trace");
        assert_eq!(
            filter(0, os(""), os("warn")),
            "warn",
            "an empty RUST_LOG is unset"
        );
        assert_eq!(filter(1, os("warn"), None), "debug");
        assert_eq!(filter(2, None, None), "trace");
        assert_eq!(filter(5, None, None), "trace");
        assert_eq!(filter(-1, os("debug"), None), "warn");
        assert_eq!(filter(-3, None, None), "error");
    }

    #[test]
    fn no_color_turns_colours_off_unless_empty() {
        assert!(use_color(true, None));
        assert!(use_color(true, os("")));
        assert!(!use_color(true, os("1")));
        assert!(!use_color(false, None));
    }
}
