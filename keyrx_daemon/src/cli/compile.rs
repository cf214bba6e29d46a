//! `keyrx compile`: the compiled `.krx` form.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CompileArgs {
    /// The config file.
    pub file: super::ConfigPath,
    /// Prints the config as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: CompileArgs) -> anyhow::Result<ExitCode> {
    let config = crate::config_loader::load(&args.file)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&config)?);
    }
    Ok(ExitCode::SUCCESS)
}
