//! `keyrx check`: validate a config and print its diagnostics, warnings included.

use std::path::Path;
use std::process::ExitCode;

use keyrx_config::{Diagnostics, LoadError};

use crate::config_loader;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The config file (.rhai, .krx or .json).
    pub file: super::ConfigPath,
    /// Prints the diagnostics as JSON on stdout instead of rendering them.
    #[arg(long)]
    pub json: bool,
}

/// Exit status 0 when the config is valid (warnings allowed), 1 when it has errors.
pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let is_script = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("rhai"));
    let (ok, diagnostics) = if is_script {
        match keyrx_config::compile_file(&args.file) {
            Ok(c) => (true, c.diagnostics()),
            Err(d) => (false, d),
        }
    } else {
        match keyrx_config::load_any(&args.file) {
            Ok(_) => (true, Diagnostics::default()),
            Err(e @ (LoadError::Io { .. } | LoadError::UnknownExtension { .. })) => {
                return Err(e.into());
            }
            Err(e) => return report_other(&args, e),
        }
    };
    report(&args.file, args.json, ok, &diagnostics)?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn report(file: &Path, json: bool, ok: bool, d: &Diagnostics) -> anyhow::Result<()> {
    if json {
        let out = serde_json::json!({ "ok": ok, "diagnostics": d.items });
        config_loader::print_stdout(&serde_json::to_string_pretty(&out)?)?;
        return Ok(());
    }
    eprint!("{}", config_loader::render(d));
    let status = if ok { "ok" } else { "invalid" };
    let line = format!(
        "{}: {status} ({})",
        file.display(),
        config_loader::summary(d)
    );
    config_loader::print_stdout(&line)
}

/// A damaged `.krx` or malformed `.json` is a config error too: exit 1 with the reason.
fn report_other(args: &CheckArgs, e: LoadError) -> anyhow::Result<ExitCode> {
    if args.json {
        let out = serde_json::json!({ "ok": false, "error": e.to_string() });
        config_loader::print_stdout(&serde_json::to_string_pretty(&out)?)?;
    } else {
        eprintln!("error: {e}");
        config_loader::print_stdout(&format!("{}: invalid", args.file.display()))?;
    }
    Ok(ExitCode::from(1))
}
