//! The API token file: created random on first start, reused only while nobody else could have
//! read or replaced it.

use std::io::{self, Read};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use crate::atomic::write_atomic_mode;

/// Who may read the token file besides its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAccess {
    /// Mode 0600: a user's own daemon.
    Owner,
    /// Mode 0640, in the daemon's group: the system service, whose `keyrx` group members use
    /// the dashboard and `keyrx status`.
    Group,
}

impl TokenAccess {
    pub fn mode(self) -> u32 {
        match self {
            TokenAccess::Owner => 0o600,
            TokenAccess::Group => 0o640,
        }
    }
}

/// What [`load_or_create_token`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOrigin {
    Reused,
    Created,
    /// The file was there but was not reused, for this reason.
    Replaced(String),
}

/// The token and how it came about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub value: String,
    pub origin: TokenOrigin,
}

/// Largest token file read; a valid one is 64 bytes.
const MAX_TOKEN_FILE: u64 = 256;

/// Reads the token at `path`, or writes a new random one (atomically, with `access`'s mode).
/// An existing file is reused only if it is a regular file owned by this user (and, for
/// [`TokenAccess::Group`], this process's group) that nobody else can write and others cannot
/// read; otherwise it is replaced and the reason logged. A missing directory is created private
/// (0700, or 0750 for a group); an existing one is left as it is.
pub fn load_or_create_token(path: &Path, access: TokenAccess) -> io::Result<Token> {
    let rejected = match read_existing(path, access) {
        Ok(Some(value)) => {
            return Ok(Token {
                value,
                origin: TokenOrigin::Reused,
            });
        }
        Ok(None) => None,
        Err(Rejected(reason)) => Some(reason),
    };
    if let Some(dir) = path.parent().filter(|d| !d.exists()) {
        let mode = if access == TokenAccess::Group {
            0o750
        } else {
            0o700
        };
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(mode)
            .create(dir)?;
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(io::Error::other)?;
    let value: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    write_atomic_mode(path, &value, access.mode())?;
    let origin = match rejected {
        Some(reason) => {
            tracing::warn!(
                "the API token {} {reason}; replaced it with a new one (mode {:04o})",
                path.display(),
                access.mode()
            );
            TokenOrigin::Replaced(reason)
        }
        None => TokenOrigin::Created,
    };
    Ok(Token { value, origin })
}

/// Why an existing token file is not reused.
struct Rejected(String);

/// The token in an acceptable existing file; `None` if there is no file.
fn read_existing(path: &Path, access: TokenAccess) -> Result<Option<String>, Rejected> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Rejected(format!("could not be examined ({e})"))),
    };
    if !meta.file_type().is_file() {
        return Err(Rejected("is not a regular file".into()));
    }
    check_owner(&meta, access)?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o022 != 0 {
        return Err(Rejected(format!(
            "was writable by others (mode {mode:04o})"
        )));
    }
    if mode & !access.mode() != 0 {
        return Err(Rejected(format!(
            "was readable by others (mode {mode:04o})"
        )));
    }
    let mut text = String::new();
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .and_then(|f| f.take(MAX_TOKEN_FILE).read_to_string(&mut text))
        .map_err(|e| Rejected(format!("could not be read ({e})")))?;
    let token = text.trim();
    if token.len() < 32 || token.len() > 128 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Rejected("did not hold a valid token".into()));
    }
    if mode != access.mode() {
        // Stricter than needed (a service token once made private): open it to the group.
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(access.mode())).map_err(
            |e| {
                Rejected(format!(
                    "could not be given mode {:04o} ({e})",
                    access.mode()
                ))
            },
        )?;
    }
    Ok(Some(token.to_owned()))
}

fn check_owner(meta: &std::fs::Metadata, access: TokenAccess) -> Result<(), Rejected> {
    // SAFETY: geteuid(2) and getegid(2) cannot fail and touch no memory.
    let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
    if meta.uid() != uid {
        return Err(Rejected(format!(
            "belonged to user {} (not {uid})",
            meta.uid()
        )));
    }
    if access == TokenAccess::Group && meta.gid() != gid {
        return Err(Rejected(format!(
            "belonged to group {} (not {gid})",
            meta.gid()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dir::TestDir;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn set_mode(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn tokens_are_created_private_and_reused() {
        let tmp = TestDir::new();
        let path = tmp.path().join("state/keyrx/token");
        let first = load_or_create_token(&path, TokenAccess::Owner).unwrap();
        assert_eq!(first.origin, TokenOrigin::Created);
        assert_eq!(first.value.len(), 64);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        let again = load_or_create_token(&path, TokenAccess::Owner).unwrap();
        assert_eq!(
            (again.value, again.origin),
            (first.value, TokenOrigin::Reused)
        );
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["token"], "no temporary file left");
    }

    #[test]
    fn a_service_token_is_readable_by_its_group_and_its_directory_left_alone() {
        let tmp = TestDir::new();
        set_mode(tmp.path(), 0o755);
        let path = tmp.path().join("token");
        let token = load_or_create_token(&path, TokenAccess::Group).unwrap();
        assert_eq!(mode(&path), 0o640);
        assert_eq!(
            mode(tmp.path()),
            0o755,
            "systemd's StateDirectoryMode decides"
        );
        // A private token of the same owner is opened to the group and kept.
        set_mode(&path, 0o600);
        let again = load_or_create_token(&path, TokenAccess::Group).unwrap();
        assert_eq!(
            (again.value, again.origin),
            (token.value, TokenOrigin::Reused)
        );
        assert_eq!(mode(&path), 0o640);
    }

    #[test]
    fn loose_tokens_are_replaced_with_private_ones() {
        for (loose, access, why) in [
            (0o644, TokenAccess::Owner, "readable by others (mode 0644)"),
            (0o640, TokenAccess::Owner, "readable by others (mode 0640)"),
            (0o604, TokenAccess::Group, "readable by others (mode 0604)"),
            (0o660, TokenAccess::Group, "writable by others (mode 0660)"),
            (0o602, TokenAccess::Owner, "writable by others (mode 0602)"),
        ] {
            let tmp = TestDir::new();
            let path = tmp.path().join("token");
            let old = load_or_create_token(&path, access).unwrap().value;
            set_mode(&path, loose);
            let new = load_or_create_token(&path, access).unwrap();
            assert_ne!(new.value, old, "{loose:o}");
            match &new.origin {
                TokenOrigin::Replaced(reason) => assert!(reason.contains(why), "{reason}"),
                other => panic!("{loose:o}: {other:?}"),
            }
            assert_eq!(mode(&path), access.mode(), "{loose:o}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), new.value);
        }
    }

    #[test]
    fn invalid_or_odd_token_files_are_replaced() {
        let tmp = TestDir::new();
        let path = tmp.path().join("token");
        for content in ["", "short", &"g".repeat(64), &"a".repeat(300)] {
            crate::atomic::write_atomic(&path, content).unwrap();
            let token = load_or_create_token(&path, TokenAccess::Owner).unwrap();
            assert_eq!(
                token.origin,
                TokenOrigin::Replaced("did not hold a valid token".into()),
                "{content:?}"
            );
            assert_eq!(token.value.len(), 64);
        }
        let target = tmp.path().join("elsewhere");
        std::fs::write(&target, "a".repeat(64)).unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let token = load_or_create_token(&path, TokenAccess::Owner).unwrap();
        assert_eq!(
            token.origin,
            TokenOrigin::Replaced("is not a regular file".into())
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "a".repeat(64));
        assert!(std::fs::symlink_metadata(&path).unwrap().is_file());
    }

    #[test]
    fn an_unwritable_directory_is_an_error_not_a_panic() {
        let tmp = TestDir::new();
        let file = tmp.path().join("file");
        std::fs::write(&file, "").unwrap();
        // A directory path through a regular file can never be created, even by root.
        let err = load_or_create_token(&file.join("keyrx/token"), TokenAccess::Owner);
        assert!(err.is_err());
    }
}
