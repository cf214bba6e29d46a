//! Crash-safe file writes, the one way keyrx writes a file (tokens, profiles, compiled configs):
//! a temporary file in the target's directory, flushed to disk, renamed into place, then the
//! directory flushed so the rename itself survives a crash.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes temporary files of one process; `O_EXCL` settles any clash with other processes
/// or with leftovers of a crashed one.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replaces (or creates) `path` with `bytes` so that readers and a crash only ever observe the
/// old or the new content, never a truncated file. The result is always mode 0600.
pub fn write_atomic(path: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> io::Result<()> {
    write_atomic_mode(path, bytes, 0o600)
}

/// [`write_atomic`] with the file's permission bits: exactly `mode`, whatever the umask.
pub fn write_atomic_mode(
    path: impl AsRef<Path>,
    bytes: impl AsRef<[u8]>,
    mode: u32,
) -> io::Result<()> {
    let path = path.as_ref();
    TempFile::write_mode(path, bytes.as_ref(), mode)?
        .replace(path)
        .map(drop)
}

/// A fully written and synced temporary file, deleted on drop unless it was moved into place, so
/// that failed writes leave nothing behind.
pub(crate) struct TempFile {
    path: PathBuf,
    file: File,
    persisted: bool,
}

impl TempFile {
    /// Writes `bytes` to a new private (0600) temporary file beside `target` and flushes it.
    pub(crate) fn write(target: &Path, bytes: &[u8]) -> io::Result<TempFile> {
        TempFile::write_mode(target, bytes, 0o600)
    }

    /// Writes `bytes` to a new temporary file of mode `mode` beside `target` and flushes it.
    pub(crate) fn write_mode(target: &Path, bytes: &[u8], mode: u32) -> io::Result<TempFile> {
        let dir = parent_dir(target);
        let base = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
        let mut attempts = 0;
        let mut temp = loop {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(temp_name(base, std::process::id(), n));
            match open_exclusive(&path, mode) {
                Ok(file) => {
                    break TempFile {
                        path,
                        file,
                        persisted: false,
                    };
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 100 => {
                    attempts += 1;
                }
                Err(e) => return Err(e),
            }
        };
        // The open's mode went through the umask; the file must have exactly `mode`.
        set_mode(&temp.file, mode)?;
        temp.file.write_all(bytes)?;
        temp.file.sync_all()?;
        Ok(temp)
    }

    /// Atomically replaces `target` with this file; returns the new file's metadata.
    pub(crate) fn replace(mut self, target: &Path) -> io::Result<Metadata> {
        fs::rename(&self.path, target)?;
        self.persisted = true;
        sync_dir(parent_dir(target))?;
        self.file.metadata()
    }

    /// Moves this file to `target` only if nothing exists there yet (`AlreadyExists` otherwise);
    /// returns the new file's metadata.
    pub(crate) fn create_new(mut self, target: &Path) -> io::Result<Metadata> {
        rename_noreplace(&self.path, target)?;
        self.persisted = true;
        sync_dir(parent_dir(target))?;
        self.file.metadata()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Renames `from` to `to`, failing with `AlreadyExists` instead of overwriting `to`.
pub(crate) fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use nix::errno::Errno;
        use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
        match renameat2(AT_FDCWD, from, AT_FDCWD, to, RenameFlags::RENAME_NOREPLACE) {
            Ok(()) => return Ok(()),
            // Filesystems without RENAME_NOREPLACE answer EINVAL; use the fallback below.
            Err(Errno::EINVAL | Errno::ENOSYS) => {}
            Err(e) => return Err(e.into()),
        }
    }
    // Check-then-rename races with other processes; the profile store's lock covers its own
    // writers, which is all this fallback needs to guarantee.
    if fs::symlink_metadata(to).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "rename target exists",
        ));
    }
    fs::rename(from, to)
}

/// Flushes a directory so that renames and removals inside it are durable.
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// `.NAME.tmp.PID.N`: a leading dot keeps temporary files out of profile listings and unusable
/// as profile names; the PID tells a crashed writer's leftovers from a live writer's files.
fn temp_name(base: &OsStr, pid: u32, n: u64) -> OsString {
    let mut name = OsString::from(".");
    name.push(base);
    name.push(format!("{TEMP_MARK}{pid}.{n}"));
    name
}

/// What follows the target's name in a temporary file's name.
const TEMP_MARK: &str = ".tmp.";

/// The process that wrote temporary file `name` for a target called `base`, if `name` is one.
pub(crate) fn temp_file_writer(name: &str, base_matches: impl Fn(&str) -> bool) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (base, suffix) = rest.rsplit_once(TEMP_MARK)?;
    let (pid, n) = suffix.split_once('.')?;
    n.parse::<u64>().ok()?;
    base_matches(base).then_some(())?;
    pid.parse().ok()
}

fn open_exclusive(path: &Path, mode: u32) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, mode);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dir::TestDir;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn write_atomic_creates_and_replaces_without_leftovers() {
        let tmp = TestDir::new();
        let path = tmp.path().join("file.txt");
        write_atomic(&path, "first").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(entries(tmp.path()), ["file.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn write_atomic_makes_private_files() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = TestDir::new();
        let path = tmp.path().join("file.txt");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic(&path, "new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn temporary_file_names_tell_their_writer() {
        let rhai = |base: &str| base.ends_with(".rhai");
        let name = temp_name(OsStr::new("work.rhai"), 4242, 7);
        assert_eq!(name, ".work.rhai.tmp.4242.7");
        assert_eq!(temp_file_writer(".work.rhai.tmp.4242.7", rhai), Some(4242));
        assert_eq!(temp_file_writer(".a.b.rhai.tmp.1.0", rhai), Some(1));
        for not_temp in [
            "work.rhai",
            "work.rhai.tmp.1.0",
            ".work.rhai.tmp.x.0",
            ".work.rhai.tmp.1.x",
            ".work.rhai.tmp.1",
            ".work.txt.tmp.1.0",
            ".active",
        ] {
            assert_eq!(temp_file_writer(not_temp, rhai), None, "{not_temp}");
        }
    }

    #[test]
    fn failed_write_removes_its_temporary_file() {
        let tmp = TestDir::new();
        // rename(2) cannot replace a non-empty directory, so the write fails after the temporary
        // file was written.
        let target = tmp.path().join("dir");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), "x").unwrap();
        assert!(write_atomic(&target, "data").is_err());
        assert_eq!(entries(tmp.path()), ["dir"]);
        assert!(write_atomic(tmp.path().join("missing/file"), "data").is_err());
        assert_eq!(entries(tmp.path()), ["dir"]);
    }

    #[test]
    fn rename_noreplace_keeps_an_existing_target() {
        let tmp = TestDir::new();
        let (a, b, c) = (
            tmp.path().join("a"),
            tmp.path().join("b"),
            tmp.path().join("c"),
        );
        fs::write(&a, "a").unwrap();
        fs::write(&b, "b").unwrap();
        let err = rename_noreplace(&a, &b).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&a).unwrap(), "a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "b");
        rename_noreplace(&a, &c).unwrap();
        assert_eq!(entries(tmp.path()), ["b", "c"]);
        assert_eq!(fs::read_to_string(&c).unwrap(), "a");
    }

    #[test]
    fn create_new_refuses_to_overwrite_and_cleans_up() {
        let tmp = TestDir::new();
        let target = tmp.path().join("t");
        fs::write(&target, "old").unwrap();
        let temp = TempFile::write(&target, b"new").unwrap();
        let err = temp.create_new(&target).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(entries(tmp.path()), ["t"]);
    }
}
