//! Loads a config in any of its forms (`.rhai` script, compiled `.krx`, `.json`) into the
//! engine's `Config`.

use std::path::{Path, PathBuf};

use keyrx_core::config::Config;

use crate::diagnostic::Diagnostics;
use crate::krx::{self, KrxError};

/// Why a config file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The script has errors; render them with [`Diagnostics::render`].
    #[error("{path}: {} error(s) in the config", .diagnostics.error_count())]
    Config {
        path: PathBuf,
        diagnostics: Diagnostics,
    },
    #[error("{path}: {source}")]
    Krx {
        path: PathBuf,
        #[source]
        source: KrxError,
    },
    #[error("{path}: invalid JSON config: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: unknown config type; expected a .rhai, .krx or .json file")]
    UnknownExtension { path: PathBuf },
}

/// Loads `.rhai` (compiled, warnings dropped), `.krx` or `.json`, chosen by extension.
pub fn load_any(path: &Path) -> Result<Config, LoadError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    match ext.as_str() {
        "rhai" => crate::compile_file(path)
            .map(|c| c.config)
            .map_err(|diagnostics| LoadError::Config {
                path: path.to_path_buf(),
                diagnostics,
            }),
        "krx" => {
            let bytes = std::fs::read(path).map_err(io)?;
            krx::decode(&bytes).map_err(|source| LoadError::Krx {
                path: path.to_path_buf(),
                source,
            })
        }
        "json" => {
            let text = std::fs::read_to_string(path).map_err(io)?;
            parse_json(&text).map_err(|source| LoadError::Json {
                path: path.to_path_buf(),
                source,
            })
        }
        _ => Err(LoadError::UnknownExtension {
            path: path.to_path_buf(),
        }),
    }
}

/// Parses a JSON config: either `{"devices": [...]}` or a bare keymap for every device.
pub fn parse_json(text: &str) -> Result<Config, serde_json::Error> {
    Config::from_json(text)
}
