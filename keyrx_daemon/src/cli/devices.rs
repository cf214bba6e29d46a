//! `keyrx devices`: the input devices keyrx sees, what to match them on, and what it would take.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct DevicesArgs {
    /// The config whose device blocks to match against (default: as `keyrx run`).
    #[arg(long, short)]
    pub config: Option<std::path::PathBuf>,
    /// Prints JSON.
    #[arg(long)]
    pub json: bool,
}

#[cfg(target_os = "linux")]
pub fn run(args: DevicesArgs) -> anyhow::Result<ExitCode> {
    let path = args
        .config
        .clone()
        .or_else(|| crate::paths::Dirs::from_env().config_file());
    let config = match &path {
        Some(path) => crate::config_loader::load(path)?,
        None => {
            keyrx_config::compile_str("built-in config", super::run::DEFAULT_CONFIG, None)
                .map_err(|d| anyhow::anyhow!("{d}"))?
                .config
        }
    };
    // Run by a person, who wants to know about grabs and accepts that probing one makes the
    // device's events skip everyone for an instant.
    let devices = crate::linux::list_devices(&config, crate::linux::GrabProbe::Probe);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&devices)?);
        return Ok(ExitCode::SUCCESS);
    }
    if devices.is_empty() {
        println!(
            "no input devices with keys are readable here (see docs/linux.md for permissions)"
        );
    }
    for d in devices {
        println!("{}", d.path);
        println!("  name:           {:?}", d.info.name);
        println!(
            "  vendor_product: {:04x}:{:04x}",
            d.info.vendor, d.info.product
        );
        println!("  phys:           {:?}", d.info.phys);
        println!("  uniq:           {:?}", d.info.uniq);
        println!(
            "  keyboard:       {}",
            if d.keyboard {
                "yes"
            } else {
                "no (match it explicitly to use it)"
            }
        );
        match &d.block {
            Some(block) => println!("  matched by:     block `{block}`"),
            None => println!("  matched by:     nothing (left alone)"),
        }
        if d.grabbed_elsewhere == Some(true) {
            println!("  grabbed:        by another process");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(target_os = "linux"))]
pub fn run(_: DevicesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("device discovery is supported on Linux only")
}
