//! `keyrx check`: validate a config and print its diagnostics, warnings included.

use std::path::Path;
use std::process::ExitCode;

use keyrx_config::{Diagnostics, LoadError};
use keyrx_core::explain::KeymapView;

use crate::config_loader;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The config file (.rhai, .krx or .json).
    pub file: super::ConfigPath,
    /// Prints the diagnostics as JSON on stdout instead of rendering them.
    #[arg(long)]
    pub json: bool,
    /// Also prints what each key does on each layer (with `--json`: a `keymap` field).
    #[arg(long)]
    pub layers: bool,
}

/// Exit status 0 when the config is valid (warnings allowed), 1 when it has errors.
pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let is_script = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("rhai"));
    let (config, diagnostics) = if is_script {
        match keyrx_config::compile_file(&args.file) {
            Ok(c) => (Some(c.config.clone()), c.diagnostics()),
            Err(d) => (None, d),
        }
    } else {
        match keyrx_config::load_any(&args.file) {
            Ok(config) => (Some(config), Diagnostics::default()),
            Err(e @ (LoadError::Io { .. } | LoadError::UnknownExtension { .. })) => {
                return Err(e.into());
            }
            Err(e) => return report_other(&args, e),
        }
    };
    let ok = config.is_some();
    let keymap = config.filter(|_| args.layers).map(|c| KeymapView::of(&c));
    report(&args.file, args.json, &diagnostics, keymap.as_ref())?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn report(
    file: &Path,
    json: bool,
    d: &Diagnostics,
    keymap: Option<&KeymapView>,
) -> anyhow::Result<()> {
    let ok = !d.items.iter().any(|i| i.is_error());
    if json {
        let mut out = serde_json::json!({ "ok": ok, "diagnostics": d.items });
        if let Some(keymap) = keymap {
            out["keymap"] = serde_json::to_value(keymap)?;
        }
        config_loader::print_stdout(&serde_json::to_string_pretty(&out)?)?;
        return Ok(());
    }
    eprint!("{}", config_loader::render(d));
    if let Some(keymap) = keymap {
        config_loader::print_stdout(&render_layers(keymap))?;
    }
    let status = if ok { "ok" } else { "invalid" };
    let line = format!(
        "{}: {status} ({})",
        file.display(),
        config_loader::summary(d)
    );
    config_loader::print_stdout(&line)
}

/// Each block and layer, one mapped key per line: `  capslock  tap: types esc; hold: …`.
fn render_layers(keymap: &KeymapView) -> String {
    let mut out = String::new();
    for block in &keymap.blocks {
        let applies = if block.matchers.is_empty() {
            "every device".to_string()
        } else {
            block.matchers.join(" | ")
        };
        out.push_str(&format!("block {} ({applies})\n", block.name));
        for layer in &block.layers {
            out.push_str(&format!("  layer {}\n", layer.name));
            let width = layer.keys.iter().map(|k| k.key.len()).max().unwrap_or(0);
            for key in &layer.keys {
                out.push_str(&format!("    {:width$}  {}\n", key.key, key.action.detail));
            }
        }
        for combo in &block.combos {
            out.push_str(&format!(
                "  combo {}  {}\n",
                combo.keys.join("+"),
                combo.action.detail
            ));
        }
        for sentence in &block.overrides {
            out.push_str(&format!(
                "  override  {sentence}
"
            ));
        }
        for sentence in &block.sequences {
            out.push_str(&format!("  sequence  {sentence}\n"));
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// A damaged `.krx` or malformed `.json` is a config error too: exit 1 with the reason.
fn report_other(args: &CheckArgs, e: LoadError) -> anyhow::Result<ExitCode> {
    if args.json {
        let out = serde_json::json!({ "ok": false, "error": e.to_string() });
        config_loader::print_stdout(&serde_json::to_string_pretty(&out)?)?;
    } else {
        eprintln!("error: {e}");
        config_loader::print_stdout(&format!("{}: invalid", args.file.display()))?;
    }
    Ok(ExitCode::from(1))
}
