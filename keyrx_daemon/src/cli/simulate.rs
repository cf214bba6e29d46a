//! `keyrx simulate`: run a config against typed-out input and print what it emits.

use std::process::ExitCode;

use anyhow::{Context, bail};
use keyrx_core::explain::DecisionKind;
use keyrx_core::notation::{NotationError, format_ms, parse_input};
use keyrx_core::sim::simulate;

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The config: `.rhai`, `.krx` or `.json`.
    #[arg(long, short)]
    pub config: super::ConfigPath,
    /// Input events: `d:KEY` press, `u:KEY` release, `r:KEY` repeat, `t:N` wait N ms,
    /// `@NAME` the device of the next event.
    #[arg(long, short, allow_hyphen_values = true)]
    pub input: String,
    /// Prints the order of outputs only, without `t:` gaps.
    #[arg(long)]
    pub no_time: bool,
    /// Also prints the engine's decisions (tap-hold resolutions, combos, one-shots, layers).
    /// Commands keys ask for are printed either way; simulate never runs them.
    #[arg(long)]
    pub trace: bool,
}

pub fn run(args: SimulateArgs) -> anyhow::Result<ExitCode> {
    let config = crate::config_loader::load(&args.config)?;
    let steps = match parse_input(&args.input) {
        Ok(steps) => steps,
        Err(err) => bail!("{}", render_input_error(&args.input, &err)),
    };
    let sim = simulate(&config, &steps).context("the config cannot run")?;
    println!("{}", sim.render(!args.no_time));
    // Commands are shown even without --trace: they are output too, only not typed.
    for (device, decision) in sim.decisions(&config) {
        let command = decision.kind == DecisionKind::Command;
        if args.trace || command {
            let name = &sim.devices[device];
            println!(
                "# {name}: t:{} {}{}",
                format_ms(decision.at_us),
                decision.text,
                if command {
                    " (simulate runs no command)"
                } else {
                    ""
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The input with a caret under the bad token.
fn render_input_error(input: &str, err: &NotationError) -> String {
    let pad = " ".repeat(err.column.saturating_sub(1));
    let marks = "^".repeat(err.token.chars().count().max(1));
    format!(
        "bad input at column {}: {}\n  {input}\n  {pad}{marks}",
        err.column, err.message
    )
}
