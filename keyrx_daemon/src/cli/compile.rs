//! `keyrx compile`: the fast-loading `.krx` form (or the config as JSON).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use keyrx_config::krx;
use keyrx_core::config::Config;

use crate::config_loader;

#[derive(Debug, clap::Args)]
pub struct CompileArgs {
    /// The config file (.rhai, .krx or .json).
    pub file: super::ConfigPath,
    /// Where to write the compiled config; default: FILE with the extension `.krx`.
    #[arg(short, long, value_name = "FILE.krx")]
    pub output: Option<PathBuf>,
    /// Prints the config as JSON on stdout instead of writing a `.krx` file.
    #[arg(long, conflicts_with = "output")]
    pub json: bool,
}

pub fn run(args: CompileArgs) -> anyhow::Result<ExitCode> {
    let Some(config) = load(&args)? else {
        return Ok(ExitCode::from(1));
    };
    if args.json {
        config_loader::print_stdout(&serde_json::to_string_pretty(&config)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| args.file.with_extension("krx"));
    let bytes = krx::try_encode(&config)?;
    crate::atomic::write_atomic_mode(&out, &bytes, 0o644)
        .with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}

/// The config, with a script's warnings printed; `None` (errors printed) if it has errors.
fn load(args: &CompileArgs) -> anyhow::Result<Option<Config>> {
    let is_script = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("rhai"));
    if !is_script {
        return config_loader::load(&args.file).map(Some);
    }
    match keyrx_config::compile_file(&args.file) {
        Ok(compiled) => {
            eprint!("{}", config_loader::render(&compiled.diagnostics()));
            Ok(Some(compiled.config))
        }
        Err(diagnostics) => {
            eprint!("{}", config_loader::render(&diagnostics));
            eprintln!(
                "{}: {}",
                args.file.display(),
                config_loader::summary(&diagnostics)
            );
            Ok(None)
        }
    }
}
