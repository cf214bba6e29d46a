//! keyrx_config: the config language. A config is a Rhai script, evaluated once in a sandbox
//! into the engine's plain [`Config`]; the daemon never runs script code on the key path.
//!
//! ```
//! let compiled = keyrx_config::compile_str(
//!     "config.rhai",
//!     r#"layer("base", || { map("capslock", tap_hold("esc", "lctrl")); });"#,
//!     None,
//! )
//! .unwrap();
//! assert_eq!(compiled.config.devices.len(), 1);
//! let bytes = keyrx_config::krx::encode(&compiled.config);
//! assert_eq!(keyrx_config::krx::decode(&bytes).unwrap(), compiled.config);
//! ```
//!
//! The language is documented in `docs/config.md`.

mod api;
mod assemble;
mod compile;
mod diagnostic;
mod engine;
mod errors;
pub mod files;
mod imports;
pub mod krx;
mod load;
mod options;
#[doc(hidden)]
pub mod property;
mod state;
mod values;

use std::path::Path;

pub use keyrx_core::config::Config;

pub use api::MAX_TEXT_LEN;
pub use assemble::TOP_LEVEL_BLOCK;
pub use compile::{Compiled, compile_file_with, compile_str_with};
pub use diagnostic::{Diagnostic, Diagnostics, Severity, Sources, Span, Style, render_all};
pub use engine::Limits;
pub use krx::KrxError;
pub use load::{LoadError, load_any, load_any_with_warnings, parse_json, validate};
pub use state::{MAX_BUILT_PARTS, MAX_ISSUES, MAX_LOG_BYTES, MAX_LOG_LINES};

/// Compiles a `.rhai` config file with the default [`Limits`]. Imports resolve inside the
/// file's directory.
pub fn compile_file(path: &Path) -> Result<Compiled, Diagnostics> {
    compile_file_with(path, &Limits::default())
}

/// Compiles config text with the default [`Limits`]. `name` labels diagnostics; imports
/// resolve inside `base_dir` and are refused when it is `None`.
pub fn compile_str(
    name: &str,
    source: &str,
    base_dir: Option<&Path>,
) -> Result<Compiled, Diagnostics> {
    compile_str_with(name, source, base_dir, &Limits::default())
}
