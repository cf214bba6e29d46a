//! `keyrx`: the keyboard remapping daemon and its command-line tools.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = keyrx_daemon::cli::Cli::parse();
    match keyrx_daemon::cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
