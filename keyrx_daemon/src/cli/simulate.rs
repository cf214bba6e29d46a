pub fn run(_a: SimulateArgs) -> anyhow::Result<std::process::ExitCode> { todo!() }
#[derive(Debug, clap::Args)] pub struct SimulateArgs {}
