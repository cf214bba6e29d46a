//! The command-line interface: one module per subcommand.

mod check;
mod compile;
mod completions;
mod devices;
mod doctor;
mod draw;
mod release_all;
pub mod run;
mod simulate;
mod status;
mod virtual_input;

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
    /// More log detail (-v debug, -vv trace); overrides RUST_LOG.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Less log detail (-q warnings, -qq errors only); overrides RUST_LOG.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "verbose")]
    quiet: u8,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Takes over the keyboards (or a virtual one) and remaps them.
    Run(run::RunArgs),
    /// Lists input devices, their identifiers and which config block takes them.
    Devices(devices::DevicesArgs),
    /// Asks a running daemon for its status and statistics.
    Status(status::StatusArgs),
    /// Asks a running daemon to release every key its virtual keyboard holds.
    ReleaseAll(status::StatusArgs),
    /// Runs a config against a typed-out event sequence and prints what it emits.
    Simulate(simulate::SimulateArgs),
    /// Validates a config and prints its diagnostics.
    Check(check::CheckArgs),
    /// Compiles a config into the fast-loading `.krx` form (or JSON).
    Compile(compile::CompileArgs),
    /// Draws a config's layers on a keyboard layout as a printable SVG.
    Draw(draw::DrawArgs),
    /// Checks what keyrx needs (uinput, permissions, other remappers, the config, the
    /// service) and prints the fix for each problem.
    Doctor(doctor::DoctorArgs),
    /// Prints a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Writes the man pages (roff) into a directory.
    #[command(hide = true)]
    Man(completions::ManArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let verbosity =
        i8::try_from(cli.verbose).unwrap_or(i8::MAX) - i8::try_from(cli.quiet).unwrap_or(i8::MAX);
    crate::logging::init(verbosity);
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Devices(args) => devices::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Status(args) => status::run(args),
        Command::ReleaseAll(args) => release_all::run(args),
        Command::Check(args) => check::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Doctor(args) => doctor::run(args),
        Command::Draw(args) => draw::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
    }
}

/// A config file argument: `.rhai`, `.krx` or `.json`.
pub type ConfigPath = PathBuf;
