//! `keyrx draw`: a printable SVG of a config's layers on a keyboard layout.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use keyrx_core::explain::KeymapView;

use crate::config_loader;
use crate::draw::{self, Geometry, Preset};

#[derive(Debug, clap::Args)]
pub struct DrawArgs {
    /// The config file (.rhai, .krx or .json).
    pub file: super::ConfigPath,
    /// Where to write the SVG; default: standard output.
    #[arg(short, long, value_name = "FILE.svg")]
    pub output: Option<PathBuf>,
    /// The keyboard: `ansi` or `iso` (full size), or a keyboard-layout-editor JSON file whose
    /// legends name the keys ("Caps Lock", "kp7", ...).
    #[arg(long, default_value = "ansi", value_name = "ansi|iso|FILE.json")]
    pub layout: String,
    /// The device block to draw; default: the first.
    #[arg(long)]
    pub block: Option<String>,
    /// A layer to draw (repeatable); default: every layer of the block, on one sheet.
    #[arg(long = "layer", value_name = "NAME")]
    pub layers: Vec<String>,
}

pub fn run(args: DrawArgs) -> anyhow::Result<ExitCode> {
    let geometry = geometry(&args.layout)?;
    let config = config_loader::load(&args.file)?;
    let svg = draw::draw(
        &KeymapView::of(&config),
        &geometry,
        args.block.as_deref(),
        &args.layers,
    )?;
    match &args.output {
        Some(out) => {
            crate::atomic::write_atomic_mode(out, svg.as_bytes(), 0o644)
                .with_context(|| format!("writing {}", out.display()))?;
            eprintln!("wrote {} ({} bytes)", out.display(), svg.len());
        }
        None => config_loader::print_stdout(svg.trim_end())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn geometry(layout: &str) -> anyhow::Result<Geometry> {
    if let Some(preset) = Preset::from_name(layout) {
        return Ok(preset.geometry());
    }
    let path = PathBuf::from(layout);
    let file = std::fs::File::open(&path).with_context(|| {
        format!("--layout {layout}: not `ansi`, `iso` or a readable KLE JSON file")
    })?;
    // One byte past the bound is enough to refuse it: a file that grows, or a device such as
    // /dev/zero, is never read whole.
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(file, draw::MAX_LAYOUT_BYTES as u64 + 1),
        &mut text,
    )
    .with_context(|| format!("reading {layout}"))?;
    let name = path
        .file_stem()
        .map_or("layout".into(), |s| s.to_string_lossy().into_owned());
    draw::layout_from_kle(&text, &name).with_context(|| layout.to_string())
}
