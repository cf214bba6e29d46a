//! Loads a config in any of its forms (`.rhai` script, compiled `.krx`, `.json`) into the
//! engine's `Config`.
//!
//! Each error's message says its cause once: the causes are part of the message, not a chain
//! of sources, so printing the error with its chain does not repeat them.

use std::path::{Path, PathBuf};

use keyrx_core::compile::{CompileError, CompiledKeymap};
use keyrx_core::config::{Config, DeviceInfo};

use crate::diagnostic::Diagnostics;
use crate::files::{self, MAX_DATA_BYTES};
use crate::krx::{self, KrxError};

/// Why a config file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The script has errors; render them with [`Diagnostics::render`].
    #[error("{path}: {} error(s) in the config", .diagnostics.error_count())]
    Config {
        path: PathBuf,
        diagnostics: Diagnostics,
    },
    #[error("{path}: {error}")]
    Krx { path: PathBuf, error: KrxError },
    #[error("{path}: invalid JSON config: {error}")]
    Json {
        path: PathBuf,
        error: serde_json::Error,
    },
    /// A `.json` or `.krx` config that reads but that the engine refuses.
    #[error("{path}: device block `{block}`: {error}")]
    Invalid {
        path: PathBuf,
        block: String,
        error: CompileError,
    },
    #[error("{path}: unknown config type; expected a .rhai, .krx or .json file")]
    UnknownExtension { path: PathBuf },
}

/// Loads `.rhai` (compiled, warnings dropped), `.krx` or `.json`, chosen by extension.
pub fn load_any(path: &Path) -> Result<Config, LoadError> {
    load_any_with_warnings(path).map(|(config, _)| config)
}

/// Like [`load_any`], with a script's warnings rendered with their source lines (`None` when
/// it has none, and for `.krx` and `.json`, which were checked when they were made).
pub fn load_any_with_warnings(path: &Path) -> Result<(Config, Option<String>), LoadError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let path_buf = || path.to_path_buf();
    let io = |error| LoadError::Io {
        path: path_buf(),
        error,
    };
    let config = match ext.as_str() {
        "rhai" => {
            return crate::compile_file(path)
                .map(|c| {
                    let warnings = (!c.warnings.is_empty()).then(|| c.render_warnings());
                    (c.config, warnings)
                })
                .map_err(|diagnostics| LoadError::Config {
                    path: path_buf(),
                    diagnostics,
                });
        }
        "krx" => {
            let bytes = files::read_bounded(path, MAX_DATA_BYTES).map_err(io)?;
            krx::decode(&bytes).map_err(|error| LoadError::Krx {
                path: path_buf(),
                error,
            })?
        }
        "json" => {
            let text = files::read_text_bounded(path, MAX_DATA_BYTES).map_err(io)?;
            parse_json(&text).map_err(|error| LoadError::Json {
                path: path_buf(),
                error,
            })?
        }
        _ => return Err(LoadError::UnknownExtension { path: path_buf() }),
    };
    validate(&config).map_err(|(block, error)| LoadError::Invalid {
        path: path_buf(),
        block,
        error,
    })?;
    Ok((config, None))
}

/// Compiles every block once, so a data config the engine would refuse is refused on loading
/// (and by `keyrx check`), not when a device appears.
pub fn validate(config: &Config) -> Result<(), (String, CompileError)> {
    for block in &config.devices {
        CompiledKeymap::new(&block.keymap, &DeviceInfo::default())
            .map_err(|e| (block.name.clone(), e))?;
    }
    Ok(())
}

/// Parses a JSON config: either `{"devices": [...]}` or a bare keymap for every device.
pub fn parse_json(text: &str) -> Result<Config, serde_json::Error> {
    Config::from_json(text)
}
