//! Builds the dashboard (`keyrx_ui`, with npm) when its sources changed, and copies its `dist`
//! into the build directory, where the binary embeds it, with a brotli (`.br`) and a gzip
//! (`.gz`) copy of each text file beside it, so the server never compresses per request.
//! Where npm is missing the binary still builds and serves a page that says how to build the
//! dashboard.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Text files worth compressing; images and fonts are compressed already.
const COMPRESSIBLE: &[&str] = &[
    "html", "js", "mjs", "css", "svg", "json", "txt", "map", "wasm",
];
/// Below this a compressed copy saves less than its own headers.
const MIN_COMPRESS_BYTES: usize = 512;

/// Writes `FILE.br` and `FILE.gz` beside every compressible file under `dir`, each only if it
/// is smaller than the original.
fn precompress(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let data = std::fs::read(&path)?;
        if data.len() < MIN_COMPRESS_BYTES {
            continue;
        }
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut data.as_slice(), &mut br, &params)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&data)?;
        let gz = gz.finish()?;
        for (suffix, packed) in [("br", br), ("gz", gz)] {
            if packed.len() < data.len() {
                let mut name = path.clone().into_os_string();
                name.push(".");
                name.push(suffix);
                std::fs::write(name, packed)?;
            }
        }
    }
    Ok(())
}

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
        precompress(&out).expect("compressing the dashboard");
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
