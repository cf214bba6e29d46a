//! `write-file`: write a file in the guest (a daemon's config, to test reloads) either the way
//! editors that save atomically do, or in place.

use crate::runner::{R, Runner};
use std::fs;
use std::path::Path;

impl Runner {
    pub fn write_file(&self, path: &str, content: &str, in_place: bool) -> R {
        let p = Path::new(path);
        if let Some(d) = p.parent() {
            fs::create_dir_all(d).map_err(|e| format!("write-file: mkdir {}: {e}", d.display()))?;
        }
        if in_place {
            // Truncate and rewrite the same inode (an editor saving in place).
            fs::write(p, content).map_err(|e| format!("write-file {path}: {e}"))?;
        } else {
            // Write a sibling temp file, then rename(2) it over PATH: readers see the old or
            // the new content, never a partial file (IN_MOVED_TO on the directory).
            let base = p
                .file_name()
                .ok_or_else(|| format!("write-file: '{path}' names no file"))?;
            let tmp = p.with_file_name(format!(".{}.vmdriver-tmp", base.to_string_lossy()));
            fs::write(&tmp, content).map_err(|e| format!("write-file {}: {e}", tmp.display()))?;
            fs::rename(&tmp, p).map_err(|e| format!("write-file: rename to {path}: {e}"))?;
        }
        println!(
            "{}   wrote {} bytes, {} lines to {path} ({})",
            self.ts(),
            content.len(),
            content.lines().count(),
            if in_place {
                "in place"
            } else {
                "atomic rename"
            }
        );
        Ok(())
    }
}
