//! `keyrx completions SHELL` and the hidden `keyrx man`: shell completions and the man page,
//! generated from the same clap definition as the parser, so they never drift from it.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for; the script goes to stdout.
    pub shell: clap_complete::Shell,
}

/// Prints the completion script, e.g. `keyrx completions bash > /etc/bash_completion.d/keyrx`.
pub fn completions(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut command = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "keyrx", &mut out);
    std::io::stdout().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Where to write keyrx.1 and one keyrx-SUBCOMMAND.1 per subcommand.
    pub dir: std::path::PathBuf,
}

/// Writes the man pages, for packaging: keyrx(1) lists the subcommands, each has its own page.
pub fn man(args: ManArgs) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.dir)?;
    clap_mangen::generate_to(super::Cli::command(), &args.dir)?;
    Ok(ExitCode::SUCCESS)
}
