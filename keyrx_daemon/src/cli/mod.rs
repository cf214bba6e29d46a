//! The command-line interface: one module per subcommand.

mod check;
mod compile;
mod completions;
mod devices;
pub mod run;
mod simulate;
mod status;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "keyrx",
    version,
    about = "Keyboard remapping for Linux, with a live web dashboard"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Takes over the keyboards (or a virtual one) and remaps them.
    Run(run::RunArgs),
    /// Lists input devices, their identifiers and which config block takes them.
    Devices(devices::DevicesArgs),
    /// Asks a running daemon for its status and statistics.
    Status(status::StatusArgs),
    /// Runs a config against a typed-out event sequence and prints what it emits.
    Simulate(simulate::SimulateArgs),
    /// Validates a config and prints its diagnostics.
    Check(check::CheckArgs),
    /// Compiles a config into the fast-loading `.krx` form (or JSON).
    Compile(compile::CompileArgs),
    /// Prints a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Writes the man pages (roff) into a directory.
    #[command(hide = true)]
    Man(completions::ManArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Devices(args) => devices::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Status(args) => status::run(args),
        Command::Check(args) => check::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
    }
}

/// A config file argument: `.rhai`, `.krx` or `.json`.
pub type ConfigPath = PathBuf;
