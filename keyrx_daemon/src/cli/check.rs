//! `keyrx check`: validate a config.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The config file.
    pub file: super::ConfigPath,
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    crate::config_loader::load(&args.file)?;
    println!("{}: ok", args.file.display());
    Ok(ExitCode::SUCCESS)
}
