//! Reading config files without trusting them: only regular files, opened without blocking
//! (a FIFO or a device would otherwise hang the reader), and no larger than a bound checked on
//! the opened file before anything is read.

use std::io::{self, Read};
use std::path::Path;

/// The largest `.rhai` file (the main config or one import) that is read.
pub const MAX_SCRIPT_BYTES: u64 = 1024 * 1024;
/// The largest `.json` or `.krx` config that is read.
pub const MAX_DATA_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a whole file of at most `max` bytes.
pub fn read_bounded(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    // Checked on the opened file, so a swap of the path after the check cannot slip past.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    if meta.len() > max {
        return Err(too_large(meta.len(), max));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file growing while it is read is cut off one byte past the bound and refused.
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64, max));
    }
    Ok(bytes)
}

/// Like [`read_bounded`], for UTF-8 text.
pub fn read_text_bounded(path: &Path, max: u64) -> io::Result<String> {
    String::from_utf8(read_bounded(path, max)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

fn too_large(len: u64, max: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("it is {len} bytes, more than the {max} a config file may have"),
    )
}
