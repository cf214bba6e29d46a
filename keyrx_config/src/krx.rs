//! The compiled `.krx` form: a checked envelope around the config, so the daemon loads it
//! without running any script.
//!
//! Layout (integers little-endian):
//!
//! | bytes  | field                                          |
//! |--------|------------------------------------------------|
//! | 0..6   | magic `KEYRX\0`                                |
//! | 6..8   | format version (`u16`), currently 1            |
//! | 8..12  | payload length in bytes (`u32`)               |
//! | 12..16 | CRC-32 (IEEE) of the payload (`u32`)           |
//! | 16..   | payload: the config as compact JSON            |
//!
//! The payload is JSON because the engine's config types deserialize through self-describing
//! forms (strings such as `"shift+9"` or objects naming an action), which binary formats like
//! postcard cannot decode; serde_json writes struct fields in declaration order and maps are
//! `BTreeMap`s, so the same config always encodes to the same bytes. The checksum guards
//! against truncation and disk or copy corruption, not tampering (whoever can write the file
//! can write the config): CRC-32 detects every error burst of up to 32 bits, so every
//! single-byte change, and costs next to nothing to check.

use std::io::Write;
use std::path::Path;

use keyrx_core::config::Config;

pub const MAGIC: &[u8; 6] = b"KEYRX\0";
/// Bumped whenever the payload stops being readable by an older loader.
pub const FORMAT_VERSION: u16 = 1;
pub const HEADER_LEN: usize = 16;

/// Why bytes are not a loadable `.krx` file.
#[derive(Debug, thiserror::Error)]
pub enum KrxError {
    #[error(
        "not a keyrx compiled config: the file is {len} bytes, shorter than the {HEADER_LEN}-byte header"
    )]
    TooShort { len: usize },
    #[error("not a keyrx compiled config (it does not start with KEYRX)")]
    BadMagic,
    #[error(
        "compiled config format {found} is not supported (this keyrx reads format {FORMAT_VERSION}); recompile it with `keyrx compile`"
    )]
    UnsupportedVersion { found: u16 },
    #[error(
        "the compiled config is damaged: its header says {declared} bytes of config follow, but {actual} do"
    )]
    LengthMismatch { declared: u64, actual: u64 },
    #[error(
        "the compiled config is damaged: checksum {actual:#010x} does not match the recorded {expected:#010x}"
    )]
    ChecksumMismatch { expected: u32, actual: u32 },
    #[error("the compiled config does not fit this keyrx: {0}")]
    Payload(serde_json::Error),
    #[error(
        "the config is too large to compile: {len} bytes, more than the {} a config file may have",
        crate::files::MAX_DATA_BYTES
    )]
    TooLarge { len: usize },
}

/// Encodes a config. Deterministic: equal configs give identical bytes.
pub fn encode(config: &Config) -> Vec<u8> {
    // Serializing these plain types cannot fail: every map key is a string-like KeyCode.
    let payload = serde_json::to_vec(config).unwrap_or_default();
    frame(&payload)
}

fn frame(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    let len = u32::try_from(payload.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Decodes a `.krx` file, checking magic, version, length and checksum before parsing.
pub fn decode(bytes: &[u8]) -> Result<Config, KrxError> {
    if bytes.len() < HEADER_LEN {
        // A short file that does not even begin like one is simply something else.
        let prefix = bytes.len().min(MAGIC.len());
        if bytes[..prefix] != MAGIC[..prefix] {
            return Err(KrxError::BadMagic);
        }
        return Err(KrxError::TooShort { len: bytes.len() });
    }
    let (header, payload) = bytes.split_at(HEADER_LEN);
    if &header[0..6] != MAGIC {
        return Err(KrxError::BadMagic);
    }
    let version = u16::from_le_bytes([header[6], header[7]]);
    if version != FORMAT_VERSION {
        return Err(KrxError::UnsupportedVersion { found: version });
    }
    let declared = u32::from_le_bytes([header[8], header[9], header[10], header[11]]);
    if u64::from(declared) != payload.len() as u64 {
        return Err(KrxError::LengthMismatch {
            declared: declared.into(),
            actual: payload.len() as u64,
        });
    }
    let expected = u32::from_le_bytes([header[12], header[13], header[14], header[15]]);
    let actual = crc32fast::hash(payload);
    if actual != expected {
        return Err(KrxError::ChecksumMismatch { expected, actual });
    }
    serde_json::from_slice(payload).map_err(KrxError::Payload)
}

/// Encodes a config, refusing one larger than a loader reads, so what is written also loads.
pub fn try_encode(config: &Config) -> Result<Vec<u8>, KrxError> {
    let payload = serde_json::to_vec(config).map_err(KrxError::Payload)?;
    if (HEADER_LEN + payload.len()) as u64 > crate::files::MAX_DATA_BYTES {
        return Err(KrxError::TooLarge { len: payload.len() });
    }
    Ok(frame(&payload))
}

/// Writes bytes so that readers see either the old file or the complete new one: a temporary
/// file in the same directory, flushed to disk, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp, mut file) = create_temp(dir, &name)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // The rename is durable only once the directory entry is on disk too.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn create_temp(dir: &Path, name: &str) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let tmp = dir.join(format!(".{name}.{pid}.{attempt}.tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1
            }
            Err(e) => return Err(e),
        }
    }
}
