//! Copies the built dashboard (`keyrx_ui/dist`) into the build directory, where the binary
//! embeds it. Without a built dashboard the binary still builds and serves a page that says how
//! to build it.

use std::path::{Path, PathBuf};

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

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dist = manifest.join("../keyrx_ui/dist");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("ui");
    println!("cargo:rerun-if-changed={}", dist.display());
    let _ = std::fs::remove_dir_all(&out);
    if dist.join("index.html").exists() {
        copy_dir(&dist, &out).expect("copying keyrx_ui/dist");
    } else {
        std::fs::create_dir_all(&out).expect("creating the UI directory");
        println!(
            "cargo:warning=keyrx_ui/dist is missing: the dashboard is not embedded (cd keyrx_ui && npm ci && npm run build)"
        );
    }
}
