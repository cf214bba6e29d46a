//! Logging to stderr, filtered by `KEYRX_LOG` (e.g. `KEYRX_LOG=debug`). Keystrokes are never
//! logged.

pub fn init() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KEYRX_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}
