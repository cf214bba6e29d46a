//! Builds the dashboard (`keyrx_ui`, with npm) when its sources changed, and copies its `dist`
//! into the build directory, where the binary embeds it. Where npm is missing the binary still
//! builds and serves a page that says how to build the dashboard.

use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn npm(ui: &Path, args: &[&str]) -> bool {
    match Command::new("npm").args(args).current_dir(ui).status() {
        Ok(status) if status.success() => true,
        Ok(status) => panic!("`npm {}` in keyrx_ui failed ({status})", args.join(" ")),
        Err(_) => false,
    }
}

/// Builds the dashboard; false if npm is not installed.
fn build_dashboard(ui: &Path) -> bool {
    if std::env::var_os("KEYRX_SKIP_UI_BUILD").is_some() {
        return false;
    }
    if !ui.join("node_modules").exists() && !npm(ui, &["ci", "--no-audit", "--no-fund"]) {
        return false;
    }
    npm(ui, &["run", "build"])
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let ui = manifest.join("../keyrx_ui");
    for watched in [
        "src",
        "index.html",
        "package.json",
        "package-lock.json",
        "vite.config.ts",
    ] {
        println!("cargo:rerun-if-changed={}", ui.join(watched).display());
    }
    println!("cargo:rerun-if-env-changed=KEYRX_SKIP_UI_BUILD");
    let built = ui.join("package.json").exists() && build_dashboard(&ui);
    let dist = ui.join("dist");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("ui");
    let _ = std::fs::remove_dir_all(&out);
    if dist.join("index.html").exists() {
        copy_dir(&dist, &out).expect("copying keyrx_ui/dist");
        if !built {
            println!(
                "cargo:warning=embedding an existing keyrx_ui/dist without rebuilding it (npm not found or KEYRX_SKIP_UI_BUILD set)"
            );
        }
    } else {
        std::fs::create_dir_all(&out).expect("creating the UI directory");
        println!(
            "cargo:warning=the dashboard is not embedded: install Node.js and npm, or run `npm ci && npm run build` in keyrx_ui"
        );
    }
}
