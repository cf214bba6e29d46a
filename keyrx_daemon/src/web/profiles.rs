//! The store of named configuration profiles behind the web API: `NAME.rhai` files in one
//! directory, content-derived ETags for optimistic concurrency, and crash-safe writes.

mod name;

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Serialize, Serializer};

use crate::reload::ActiveConfig;

use crate::atomic::{TempFile, rename_noreplace, sync_dir, temp_file_writer, write_atomic};
pub use name::{MAX_NAME_LEN, validate_name};

/// Largest accepted profile source, in bytes.
pub const MAX_SOURCE_LEN: usize = 1024 * 1024;

const EXTENSION: &str = ".rhai";
/// Holds the active profile's name. Hidden, so it can never collide with a profile file.
const ACTIVE_FILE: &str = ".active";

/// Why a profile operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("invalid profile name {name:?}: {reason}")]
    InvalidName { name: String, reason: &'static str },
    #[error("profile {name:?} does not exist")]
    NotFound { name: String },
    #[error("profile {name:?} already exists")]
    AlreadyExists { name: String },
    #[error("profile was changed by someone else (current ETag {current_etag})")]
    Conflict { current_etag: String },
    #[error("profile {name:?} is the active profile")]
    Active { name: String },
    #[error("profile source is {size} bytes, more than the limit of {limit}")]
    TooLarge { size: u64, limit: usize },
    #[error(
        "profile {name:?} is the config file {}: it is edited here, but renamed or deleted on disk",
        path.display()
    )]
    ConfigFile { name: String, path: PathBuf },
    #[error("the daemon may not write {}: edit it on disk", path.display())]
    ReadOnly { path: PathBuf },
    #[error("profile storage error: {0}")]
    Io(#[from] io::Error),
}

impl ProfileError {
    /// The HTTP status the web API answers with for this error.
    pub fn http_status(&self) -> u16 {
        match self {
            ProfileError::InvalidName { .. } => 400,
            ProfileError::NotFound { .. } => 404,
            ProfileError::AlreadyExists { .. }
            | ProfileError::Active { .. }
            | ProfileError::ConfigFile { .. } => 409,
            ProfileError::ReadOnly { .. } => 403,
            ProfileError::Conflict { .. } => 412,
            ProfileError::TooLarge { .. } => 413,
            ProfileError::Io(_) => 500,
        }
    }
}

pub type Result<T, E = ProfileError> = std::result::Result<T, E>;

/// One profile with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub name: String,
    pub source: String,
    /// Strong ETag of `source`, quoted as it appears in HTTP headers.
    pub etag: String,
    /// Last modification; serialized as milliseconds since the Unix epoch.
    #[serde(serialize_with = "serialize_unix_ms")]
    pub modified: SystemTime,
    pub size: u64,
}

impl Profile {
    pub fn modified_ms(&self) -> u64 {
        unix_ms(self.modified)
    }
}

/// A listing entry: a profile without its source.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileSummary {
    pub name: String,
    pub etag: String,
    pub modified_ms: u64,
    pub size: u64,
    pub active: bool,
    /// The config file this profile is (`--config`, or the one in keyrx's config directory);
    /// null for a profile of the store.
    pub file: Option<String>,
}

/// The strong ETag of a profile's content: the first 64 bits of its BLAKE3 hash, quoted.
pub fn etag_for(content: &[u8]) -> String {
    etag_of(&blake3::hash(content))
}

fn etag_of(hash: &blake3::Hash) -> String {
    format!("\"{}\"", &hash.to_hex()[..16])
}

fn unix_ms(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn serialize_unix_ms<S: Serializer>(time: &SystemTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(unix_ms(*time))
}

/// Named profiles on disk.
#[derive(Debug)]
pub struct ProfileStore {
    dir: PathBuf,
    /// Serializes read-check-write sequences, so two requests carrying the same If-Match cannot
    /// both pass the check. Readers skip it: writes are atomic renames, so a reader sees either
    /// the old or the new file.
    write_lock: Mutex<()>,
    /// What the daemon's reloader reloads: activating a profile makes it that profile.
    running: ActiveConfig,
    /// The config file (`--config`, or the one in keyrx's config directory) as a profile of its
    /// own, named after the file: listed, read and edited here like the others, but renamed and
    /// deleted only on disk. A stored profile of the same name is hidden behind it.
    config_file: Option<(String, PathBuf)>,
}

impl ProfileStore {
    /// Opens the store in `dir`, creating it (mode 0700) if missing, and removes the temporary
    /// files that writers which died mid-write left behind.
    pub fn new(dir: impl Into<PathBuf>) -> io::Result<Self> {
        let dir = dir.into();
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(&dir)?;
        let removed = remove_stale_temp_files(&dir)?;
        if removed > 0 {
            tracing::info!(
                "removed {removed} temporary file(s) left in {} by an interrupted write",
                dir.display()
            );
        }
        Ok(ProfileStore {
            dir,
            write_lock: Mutex::new(()),
            running: ActiveConfig::default(),
            config_file: None,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file holding profile `name`. Validates the name, as callers pass request input.
    pub fn path(&self, name: &str) -> Result<PathBuf> {
        validate_name(name)?;
        Ok(self.file_path(name))
    }

    /// All profiles, sorted by name.
    pub fn list(&self) -> Result<Vec<ProfileSummary>> {
        let active = self.active();
        let mut profiles = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let file_name = entry?.file_name();
            let Some(name) = file_name.to_str().and_then(|f| f.strip_suffix(EXTENSION)) else {
                continue;
            };
            if validate_name(name).is_err() {
                continue;
            }
            let (etag, meta) = match self.stat(name) {
                Ok(found) => found,
                // Removed since read_dir, or not a regular file.
                Err(ProfileError::NotFound { .. }) => continue,
                Err(e) => return Err(e),
            };
            profiles.push(ProfileSummary {
                active: active.as_deref() == Some(name),
                name: name.to_owned(),
                etag,
                modified_ms: unix_ms(meta.modified()?),
                size: meta.len(),
                file: None,
            });
        }
        if let Some((name, path)) = &self.config_file {
            profiles.retain(|p| &p.name != name);
            match self.stat(name) {
                Ok((etag, meta)) => profiles.push(ProfileSummary {
                    active: active.as_deref() == Some(name),
                    name: name.clone(),
                    etag,
                    modified_ms: unix_ms(meta.modified()?),
                    size: meta.len(),
                    file: Some(path.display().to_string()),
                }),
                Err(ProfileError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        profiles.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(profiles)
    }

    pub fn get(&self, name: &str) -> Result<Profile> {
        validate_name(name)?;
        let (file, meta) = self.open(name)?;
        let mut bytes = Vec::new();
        // Reading one byte past the limit tells an oversized file apart without loading it all.
        file.take(MAX_SOURCE_LEN as u64 + 1)
            .read_to_end(&mut bytes)?;
        if bytes.len() > MAX_SOURCE_LEN {
            return Err(ProfileError::TooLarge {
                size: meta.len().max(bytes.len() as u64),
                limit: MAX_SOURCE_LEN,
            });
        }
        let etag = etag_for(&bytes);
        let source =
            String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok(Profile {
            name: name.to_owned(),
            size: source.len() as u64,
            source,
            etag,
            modified: meta.modified()?,
        })
    }

    /// Creates a new profile; `AlreadyExists` if the name is taken.
    pub fn create(&self, name: &str, source: &str) -> Result<Profile> {
        validate_name(name)?;
        check_size(source)?;
        let _guard = self.lock();
        let path = self.file_path(name);
        let meta = TempFile::write(&path, source.as_bytes())?
            .create_new(&path)
            .map_err(|e| exists_error(e, name))?;
        written(name, source, &meta)
    }

    /// Replaces a profile's source. With `if_match`, only if it names the current ETag (or is
    /// `*`); otherwise `Conflict` carries the ETag the client should re-read.
    pub fn update(&self, name: &str, source: &str, if_match: Option<&str>) -> Result<Profile> {
        validate_name(name)?;
        check_size(source)?;
        let _guard = self.lock();
        let (current, _) = self.stat(name)?;
        check_precondition(if_match, &current)?;
        let path = self.file_path(name);
        let meta = TempFile::write(&path, source.as_bytes())
            .and_then(|temp| temp.replace(&path))
            .map_err(|e| read_only(e, &path))?;
        written(name, source, &meta)
    }

    /// Renames a profile in one rename(2), carrying the active marker along.
    pub fn rename(&self, from: &str, to: &str, if_match: Option<&str>) -> Result<Profile> {
        validate_name(from)?;
        validate_name(to)?;
        self.not_the_config_file(from)?;
        self.not_the_config_file(to)?;
        let _guard = self.lock();
        let (current, _) = self.stat(from)?;
        check_precondition(if_match, &current)?;
        if from == to {
            return Err(ProfileError::AlreadyExists {
                name: to.to_owned(),
            });
        }
        rename_noreplace(&self.file_path(from), &self.file_path(to)).map_err(|e| {
            match e.kind() {
                io::ErrorKind::NotFound => not_found(from),
                _ => exists_error(e, to),
            }
        })?;
        sync_dir(&self.dir)?;
        if self.marker().as_deref() == Some(from) {
            self.write_marker(to)?;
        }
        self.get(to)
    }

    /// Copies a profile under a new name; `AlreadyExists` if the name is taken.
    pub fn duplicate(&self, from: &str, to: &str) -> Result<Profile> {
        validate_name(from)?;
        validate_name(to)?;
        let _guard = self.lock();
        let source = self.get(from)?.source;
        let path = self.file_path(to);
        let meta = TempFile::write(&path, source.as_bytes())?
            .create_new(&path)
            .map_err(|e| exists_error(e, to))?;
        written(to, &source, &meta)
    }

    /// Deletes a profile; the active one is refused, as the daemon may be running it.
    pub fn delete(&self, name: &str, if_match: Option<&str>) -> Result<()> {
        validate_name(name)?;
        self.not_the_config_file(name)?;
        let _guard = self.lock();
        let (current, _) = self.stat(name)?;
        check_precondition(if_match, &current)?;
        if self.marker().as_deref() == Some(name) {
            return Err(ProfileError::Active {
                name: name.to_owned(),
            });
        }
        fs::remove_file(self.file_path(name)).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => not_found(name),
            _ => e.into(),
        })?;
        sync_dir(&self.dir)?;
        Ok(())
    }

    /// Makes the config file a profile, named after it (`config.rhai` is `config`); only a
    /// `.rhai` script is one (a compiled `.krx` or `.json` config is not edited as text).
    pub fn with_config_file(mut self, path: Option<PathBuf>) -> Self {
        self.config_file = path.and_then(|path| {
            let name = path.file_name()?.to_str()?.strip_suffix(EXTENSION)?;
            validate_name(name).ok()?;
            Some((name.to_owned(), path))
        });
        self
    }

    /// The config file's profile name, if `name` is it.
    fn config_file_named(&self, name: &str) -> Option<&PathBuf> {
        self.config_file
            .as_ref()
            .filter(|(n, _)| n == name)
            .map(|(_, p)| p)
    }

    /// Refuses to rename or delete the config file from here.
    fn not_the_config_file(&self, name: &str) -> Result<()> {
        match self.config_file_named(name) {
            Some(path) => Err(ProfileError::ConfigFile {
                name: name.to_owned(),
                path: path.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Shares what runs with the daemon's reloader, so SIGHUP and restarts run what was
    /// activated here.
    pub fn following(mut self, running: ActiveConfig) -> Self {
        self.running = running;
        self
    }

    /// Marks an existing profile as the active one: the one `keyrx run` starts with (unless
    /// told `--config`) and the one SIGHUP reloads.
    pub fn set_active(&self, name: &str) -> Result<()> {
        validate_name(name)?;
        let _guard = self.lock();
        self.open(name)?;
        self.write_marker(name)?;
        self.running.set(self.file_path(name));
        Ok(())
    }

    /// The active profile, if the marker names a profile that exists.
    pub fn active(&self) -> Option<String> {
        self.marker().filter(|name| self.file_path(name).is_file())
    }

    fn file_path(&self, name: &str) -> PathBuf {
        match self.config_file_named(name) {
            Some(path) => path.clone(),
            None => self.dir.join(format!("{name}{EXTENSION}")),
        }
    }

    fn lock(&self) -> MutexGuard<'_, ()> {
        // The guarded data is `()`, so a panic while holding the lock cannot leave it corrupt.
        self.write_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn open(&self, name: &str) -> Result<(File, Metadata)> {
        let file = File::open(self.file_path(name)).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => not_found(name),
            _ => e.into(),
        })?;
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Err(not_found(name));
        }
        Ok((file, meta))
    }

    /// The current ETag and metadata, hashed from the file as a stream so that oversized or
    /// non-UTF-8 files can still be listed, overwritten and deleted.
    fn stat(&self, name: &str) -> Result<(String, Metadata)> {
        let (file, meta) = self.open(name)?;
        let mut hasher = blake3::Hasher::new();
        hasher.update_reader(file)?;
        Ok((etag_of(&hasher.finalize()), meta))
    }

    /// The name in the marker file, whether or not that profile exists.
    fn marker(&self) -> Option<String> {
        read_marker(&self.dir)
    }

    /// The profile a config source (what the key thread says runs) is, if it is one of these.
    pub fn name_of_source(&self, source: &str) -> Option<String> {
        let path = Path::new(source);
        if let Some((name, file)) = &self.config_file {
            if file.as_path() == path {
                return Some(name.clone());
            }
        }
        let name = path.file_name()?.to_str()?.strip_suffix(EXTENSION)?;
        (path.parent() == Some(self.dir.as_path()) && validate_name(name).is_ok())
            .then(|| name.to_owned())
    }

    fn write_marker(&self, name: &str) -> Result<()> {
        write_atomic(self.dir.join(ACTIVE_FILE), format!("{name}\n"))?;
        Ok(())
    }
}

/// The name the store's marker holds (the profile activated last), read without opening the
/// store: `keyrx run` looks here for what to start with.
pub fn read_marker(dir: &Path) -> Option<String> {
    let mut text = String::new();
    File::open(dir.join(ACTIVE_FILE))
        .ok()?
        .take(256)
        .read_to_string(&mut text)
        .ok()?;
    let name = text.trim();
    validate_name(name).ok()?;
    Some(name.to_owned())
}

/// The file of the profile the marker in `dir` names, if it exists.
pub fn marked_profile(dir: &Path) -> Option<PathBuf> {
    let path = dir.join(format!("{}{EXTENSION}", read_marker(dir)?));
    path.is_file().then_some(path)
}

/// Removes `.NAME.rhai.tmp.PID.N` and `..active.tmp.PID.N` files whose writer is gone: one
/// that is not running, or has this process's PID (a predecessor's, as this store has not
/// written yet). A live writer's (a second daemon on the same store) are left alone.
fn remove_stale_temp_files(dir: &Path) -> io::Result<usize> {
    let ours = std::process::id();
    let store_file = |base: &str| base == ACTIVE_FILE || base.ends_with(EXTENSION);
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| temp_file_writer(n, store_file))
        else {
            continue;
        };
        let alive = pid != ours && Path::new("/proc").join(pid.to_string()).exists();
        if !alive && entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    if removed > 0 {
        sync_dir(dir)?;
    }
    Ok(removed)
}

fn check_size(source: &str) -> Result<()> {
    if source.len() > MAX_SOURCE_LEN {
        return Err(ProfileError::TooLarge {
            size: source.len() as u64,
            limit: MAX_SOURCE_LEN,
        });
    }
    Ok(())
}

/// If-Match per RFC 9110: `*` or a comma-separated list of ETags, compared strongly, so weak
/// (`W/`) tags never match.
fn check_precondition(if_match: Option<&str>, current: &str) -> Result<()> {
    let Some(if_match) = if_match else {
        return Ok(());
    };
    let if_match = if_match.trim();
    if if_match == "*" || if_match.split(',').any(|tag| tag.trim() == current) {
        return Ok(());
    }
    Err(ProfileError::Conflict {
        current_etag: current.to_owned(),
    })
}

fn written(name: &str, source: &str, meta: &Metadata) -> Result<Profile> {
    Ok(Profile {
        name: name.to_owned(),
        source: source.to_owned(),
        etag: etag_for(source.as_bytes()),
        modified: meta.modified()?,
        size: source.len() as u64,
    })
}

/// A file the daemon may not write (the config file of a service, under a read-only
/// `/etc/keyrx`) is the user's to edit, not a storage failure.
fn read_only(err: io::Error, path: &Path) -> ProfileError {
    match err.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            ProfileError::ReadOnly {
                path: path.to_path_buf(),
            }
        }
        _ => err.into(),
    }
}

fn not_found(name: &str) -> ProfileError {
    ProfileError::NotFound {
        name: name.to_owned(),
    }
}

fn exists_error(e: io::Error, name: &str) -> ProfileError {
    match e.kind() {
        io::ErrorKind::AlreadyExists => ProfileError::AlreadyExists {
            name: name.to_owned(),
        },
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests;
