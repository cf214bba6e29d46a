//! Validation of profile names, which become file names inside the profile directory.

use super::ProfileError;

/// Longest accepted profile name. Names are ASCII, so bytes and characters agree.
pub const MAX_NAME_LEN: usize = 64;

/// Checks that `name` is an acceptable profile name: `[A-Za-z0-9][A-Za-z0-9_.-]{0,63}`, not
/// ending in `.` and without `..`.
///
/// Names come straight from request paths and are joined onto the profile directory, so this is
/// a whitelist rather than a list of bad characters: it leaves no room for separators, NUL,
/// `.`/`..` components or non-ASCII look-alikes. Requiring a leading letter or digit also keeps
/// hidden files out of reach, which is where the store keeps its own bookkeeping (`.active`,
/// temporary files), and keeps names from looking like command-line options.
pub fn validate_name(name: &str) -> Result<(), ProfileError> {
    let reason = if name.is_empty() {
        "must not be empty"
    } else if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        "may only contain ASCII letters, digits, '_', '-' and '.'"
    } else if name.len() > MAX_NAME_LEN {
        "must be at most 64 characters long"
    } else if !name.as_bytes()[0].is_ascii_alphanumeric() {
        "must start with a letter or a digit"
    } else if name.ends_with('.') {
        "must not end with '.'"
    } else if name.contains("..") {
        "must not contain '..'"
    } else {
        return Ok(());
    };
    Err(ProfileError::InvalidName {
        name: name.to_owned(),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_names() {
        let longest = "a".repeat(MAX_NAME_LEN);
        for name in [
            "a", "Z", "9", "default", "A-b_c.d", "v1.2", "gaming-2", &longest,
        ] {
            assert!(validate_name(name).is_ok(), "{name:?} should be valid");
        }
    }

    #[test]
    fn rejects_unsafe_names_with_a_reason() {
        let too_long = "a".repeat(MAX_NAME_LEN + 1);
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            (".", "start"),
            ("..", "start"),
            ("../x", "only contain"),
            ("../etc/passwd", "only contain"),
            ("a/b", "only contain"),
            ("/abs", "only contain"),
            ("a\\b", "only contain"),
            (".active", "start"),
            (".hidden", "start"),
            ("-rf", "start"),
            ("_x", "start"),
            ("a\0b", "only contain"),
            ("caf\u{e9}", "only contain"),
            ("a b", "only contain"),
            ("a\n", "only contain"),
            ("x.", "end with"),
            ("a..b", "'..'"),
            (&too_long, "at most 64"),
        ];
        for (name, reason_part) in cases {
            match validate_name(name) {
                Err(ProfileError::InvalidName { name: n, reason }) => {
                    assert_eq!(&n, name);
                    assert!(reason.contains(reason_part), "{name:?}: {reason}");
                }
                other => panic!("{name:?} should be rejected, got {other:?}"),
            }
        }
    }
}
