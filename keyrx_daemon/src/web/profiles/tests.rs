//! Tests for the profile store.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use super::*;
use crate::test_dir::TestDir;

fn store() -> (TestDir, ProfileStore) {
    let tmp = TestDir::new();
    let store = ProfileStore::new(tmp.path().join("profiles")).unwrap();
    (tmp, store)
}

/// Every entry of the store's directory, sorted.
fn entries(store: &ProfileStore) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn on_disk(store: &ProfileStore, name: &str) -> String {
    fs::read_to_string(store.path(name).unwrap()).unwrap()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn new_creates_a_private_directory_and_reopens_it() {
    let tmp = TestDir::new();
    let dir = tmp.path().join("nested/profiles");
    let store = ProfileStore::new(&dir).unwrap();
    assert_eq!(mode(&dir), 0o700);
    store.create("a", "x").unwrap();
    let again = ProfileStore::new(&dir).unwrap();
    assert_eq!(again.get("a").unwrap().source, "x");
}

#[test]
fn stale_temporary_files_are_removed_at_start_and_live_ones_kept() {
    let tmp = TestDir::new();
    let dir = tmp.path().join("profiles");
    fs::create_dir_all(&dir).unwrap();
    // PID 0 is never a process; this process's own PID belongs to a predecessor at start.
    let ours = std::process::id();
    let stale = [
        ".work.rhai.tmp.0.3".to_string(),
        format!(".work.rhai.tmp.{ours}.0"),
        "..active.tmp.0.1".to_string(),
    ];
    // PID 1 is always running: a live writer.
    let kept = [
        ".work.rhai.tmp.1.0",
        ".notes.txt.tmp.0.0",
        "work.rhai",
        ".active",
    ];
    for name in stale.iter().map(String::as_str).chain(kept) {
        fs::write(dir.join(name), "x").unwrap();
    }
    fs::create_dir(dir.join(".dir.rhai.tmp.0.0")).unwrap();
    let store = ProfileStore::new(&dir).unwrap();
    let mut expected: Vec<&str> = kept.to_vec();
    expected.push(".dir.rhai.tmp.0.0");
    expected.sort();
    assert_eq!(entries(&store), expected);
}

#[test]
fn create_then_get_round_trips() {
    let (_tmp, store) = store();
    let before = SystemTime::now() - Duration::from_secs(60);
    let created = store.create("base", "map(\"a\", \"b\");\n").unwrap();
    assert_eq!(created.name, "base");
    assert_eq!(created.size, created.source.len() as u64);
    assert_eq!(created.source, "map(\"a\", \"b\");\n");
    assert!(created.modified > before);
    let got = store.get("base").unwrap();
    assert_eq!(got, created);
    assert_eq!(on_disk(&store, "base"), created.source);
    assert_eq!(store.path("base").unwrap(), store.dir().join("base.rhai"));
    assert_eq!(entries(&store), ["base.rhai"]);
}

#[cfg(unix)]
#[test]
fn profile_files_are_private() {
    let (_tmp, store) = store();
    store.create("a", "1").unwrap();
    store.update("a", "2", None).unwrap();
    store.duplicate("a", "b").unwrap();
    store.set_active("b").unwrap();
    for name in ["a.rhai", "b.rhai", ".active"] {
        assert_eq!(mode(&store.dir().join(name)), 0o600, "{name}");
    }
}

#[test]
fn create_refuses_an_existing_name() {
    let (_tmp, store) = store();
    store.create("a", "old").unwrap();
    let err = store.create("a", "new").unwrap_err();
    assert!(
        matches!(&err, ProfileError::AlreadyExists { name } if name == "a"),
        "{err:?}"
    );
    assert_eq!(on_disk(&store, "a"), "old");
    assert_eq!(entries(&store), ["a.rhai"]);
}

#[test]
fn missing_profiles_are_not_found() {
    let (_tmp, store) = store();
    store.create("other", "").unwrap();
    let is_not_found =
        |r: Result<()>| matches!(r, Err(ProfileError::NotFound { name }) if name == "nope");
    assert!(is_not_found(store.get("nope").map(drop)));
    assert!(is_not_found(store.update("nope", "x", None).map(drop)));
    assert!(is_not_found(store.update("nope", "x", Some("*")).map(drop)));
    assert!(is_not_found(store.rename("nope", "x", None).map(drop)));
    assert!(is_not_found(store.duplicate("nope", "x").map(drop)));
    assert!(is_not_found(store.delete("nope", None)));
    assert!(is_not_found(store.set_active("nope")));
    assert_eq!(entries(&store), ["other.rhai"]);
}

#[test]
fn unsafe_names_are_rejected_by_every_method() {
    let (tmp, store) = store();
    store.create("ok", "src").unwrap();
    let long = "x".repeat(MAX_NAME_LEN + 1);
    let bad = [
        "",
        ".",
        "..",
        "../x",
        "../etc/passwd",
        "a/b",
        "/abs",
        ".active",
        ".ok.rhai",
        "a\0b",
        "\u{e9}",
        &long,
    ];
    for name in bad {
        let results: [Result<()>; 11] = [
            store.path(name).map(drop),
            store.get(name).map(drop),
            store.create(name, "x").map(drop),
            store.update(name, "x", None).map(drop),
            store.rename(name, "fresh", None).map(drop),
            store.rename("ok", name, None).map(drop),
            store.duplicate(name, "fresh").map(drop),
            store.duplicate("ok", name).map(drop),
            store.delete(name, None),
            store.set_active(name),
            validate_name(name),
        ];
        for (i, r) in results.into_iter().enumerate() {
            assert!(
                matches!(r, Err(ProfileError::InvalidName { .. })),
                "{name:?} #{i}: {r:?}"
            );
        }
    }
    assert_eq!(entries(&store), ["ok.rhai"]);
    let mut outside: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    outside.sort();
    assert_eq!(outside, ["profiles"]);
}

#[test]
fn etag_is_derived_from_content_only() {
    let (_tmp, store) = store();
    let a = store.create("a", "same").unwrap();
    assert_eq!(a.etag.len(), 18);
    assert!(a.etag.starts_with('"') && a.etag.ends_with('"'));
    assert!(
        a.etag[1..17]
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_eq!(a.etag, etag_for(b"same"));
    assert_eq!(store.create("b", "same").unwrap().etag, a.etag);
    assert_eq!(store.update("a", "same", None).unwrap().etag, a.etag);
    assert_eq!(store.get("a").unwrap().etag, a.etag);
    let changed = store.update("a", "different", None).unwrap();
    assert_ne!(changed.etag, a.etag);
    assert_eq!(store.get("a").unwrap().etag, changed.etag);
}

#[test]
fn update_honours_if_match() {
    let (_tmp, store) = store();
    let v1 = store.create("p", "v1").unwrap();
    let v2 = store.update("p", "v2", Some(&v1.etag)).unwrap();
    assert_eq!(v2.source, "v2");
    // The stale v1 tag, a weak tag and garbage all fail, reporting the tag to re-read.
    let weak = format!("W/{}", v2.etag);
    for stale in [v1.etag.as_str(), weak.as_str(), "nonsense", ""] {
        match store.update("p", "lost", Some(stale)) {
            Err(ProfileError::Conflict { current_etag }) => assert_eq!(current_etag, v2.etag),
            other => panic!("{stale:?}: {other:?}"),
        }
    }
    assert_eq!(store.get("p").unwrap(), v2);
    let list = format!("\"0000000000000000\", {}", v2.etag);
    let v3 = store.update("p", "v3", Some(&list)).unwrap();
    let v4 = store.update("p", "v4", Some(" * ")).unwrap();
    assert_ne!(v3.etag, v4.etag);
    assert_eq!(store.update("p", "v5", None).unwrap().source, "v5");
    assert_eq!(entries(&store), ["p.rhai"]);
}

#[test]
fn oversized_sources_are_rejected() {
    let (_tmp, store) = store();
    let limit = "x".repeat(MAX_SOURCE_LEN);
    let over = "x".repeat(MAX_SOURCE_LEN + 1);
    store.create("big", &limit).unwrap();
    let too_large = |r: Result<Profile>| matches!(r, Err(ProfileError::TooLarge { size, limit }) if size == limit as u64 + 1);
    assert!(too_large(store.create("bigger", &over)));
    assert!(too_large(store.update("big", &over, None)));
    assert_eq!(store.get("big").unwrap().size, MAX_SOURCE_LEN as u64);
    // A file grown past the limit by hand is listed and can be replaced, but not served.
    fs::write(store.dir().join("big.rhai"), &over).unwrap();
    assert!(too_large(store.get("big")));
    let listed = &store.list().unwrap()[0];
    assert_eq!(listed.etag, etag_for(over.as_bytes()));
    store.update("big", "small", Some(&listed.etag)).unwrap();
    assert_eq!(entries(&store), ["big.rhai"]);
}

#[test]
fn rename_moves_the_profile() {
    let (_tmp, store) = store();
    let a = store.create("a", "src").unwrap();
    let b = store.rename("a", "b", Some(&a.etag)).unwrap();
    assert_eq!(
        (b.name.as_str(), b.source.as_str(), &b.etag),
        ("b", "src", &a.etag)
    );
    assert!(matches!(store.get("a"), Err(ProfileError::NotFound { .. })));
    assert_eq!(entries(&store), ["b.rhai"]);
}

#[test]
fn rename_error_paths_leave_files_alone() {
    let (_tmp, store) = store();
    store.create("a", "A").unwrap();
    store.create("b", "B").unwrap();
    let err = store.rename("a", "b", None).unwrap_err();
    assert!(
        matches!(&err, ProfileError::AlreadyExists { name } if name == "b"),
        "{err:?}"
    );
    let err = store.rename("a", "a", None).unwrap_err();
    assert!(matches!(err, ProfileError::AlreadyExists { .. }), "{err:?}");
    let err = store.rename("a", "c", Some(&etag_for(b"B"))).unwrap_err();
    assert!(
        matches!(&err, ProfileError::Conflict { current_etag } if *current_etag == etag_for(b"A"))
    );
    assert_eq!(
        (on_disk(&store, "a"), on_disk(&store, "b")),
        ("A".into(), "B".into())
    );
    assert_eq!(entries(&store), ["a.rhai", "b.rhai"]);
}

#[test]
fn renaming_the_active_profile_moves_the_marker() {
    let (_tmp, store) = store();
    store.create("a", "A").unwrap();
    store.set_active("a").unwrap();
    store.rename("a", "b", None).unwrap();
    assert_eq!(store.active().as_deref(), Some("b"));
    assert_eq!(entries(&store), [".active", "b.rhai"]);
}

#[test]
fn duplicate_copies_under_a_new_name() {
    let (_tmp, store) = store();
    let a = store.create("a", "src").unwrap();
    let copy = store.duplicate("a", "copy").unwrap();
    assert_eq!(
        (copy.name.as_str(), copy.source.as_str(), &copy.etag),
        ("copy", "src", &a.etag)
    );
    assert_eq!(store.get("copy").unwrap(), copy);
    assert_eq!(store.get("a").unwrap(), a);
    store.create("taken", "T").unwrap();
    let err = store.duplicate("a", "taken").unwrap_err();
    assert!(
        matches!(&err, ProfileError::AlreadyExists { name } if name == "taken"),
        "{err:?}"
    );
    assert!(matches!(
        store.duplicate("a", "a"),
        Err(ProfileError::AlreadyExists { .. })
    ));
    assert_eq!(on_disk(&store, "taken"), "T");
    assert_eq!(entries(&store), ["a.rhai", "copy.rhai", "taken.rhai"]);
}

#[test]
fn delete_checks_if_match_and_the_active_marker() {
    let (_tmp, store) = store();
    let a = store.create("a", "A").unwrap();
    store.create("b", "B").unwrap();
    store.set_active("a").unwrap();
    let err = store.delete("a", Some(&a.etag)).unwrap_err();
    assert!(
        matches!(&err, ProfileError::Active { name } if name == "a"),
        "{err:?}"
    );
    let err = store.delete("b", Some(&a.etag)).unwrap_err();
    assert!(matches!(err, ProfileError::Conflict { .. }), "{err:?}");
    assert_eq!(entries(&store), [".active", "a.rhai", "b.rhai"]);
    store.delete("b", Some(&etag_for(b"B"))).unwrap();
    store.set_active("b").unwrap_err();
    store.create("c", "C").unwrap();
    store.set_active("c").unwrap();
    store.delete("a", None).unwrap();
    assert_eq!(entries(&store), [".active", "c.rhai"]);
}

#[test]
fn active_marker_is_persisted_and_validated() {
    let (_tmp, store) = store();
    assert_eq!(store.active(), None);
    store.create("a", "A").unwrap();
    store.create("b", "B").unwrap();
    store.set_active("a").unwrap();
    store.set_active("b").unwrap();
    assert_eq!(
        fs::read_to_string(store.dir().join(".active")).unwrap(),
        "b\n"
    );
    let reopened = ProfileStore::new(store.dir()).unwrap();
    assert_eq!(reopened.active().as_deref(), Some("b"));
    let flags: Vec<_> = store
        .list()
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.active))
        .collect();
    assert_eq!(flags, [("a".to_owned(), false), ("b".to_owned(), true)]);
    // A marker naming something unsafe or gone is ignored rather than trusted.
    for marker in ["../etc/passwd", "gone", ""] {
        fs::write(store.dir().join(".active"), marker).unwrap();
        assert_eq!(store.active(), None, "{marker:?}");
    }
}

#[test]
fn list_is_sorted_and_skips_foreign_files() {
    let (_tmp, store) = store();
    for name in ["zeta", "Alpha", "mid.v2", "0"] {
        store.create(name, name).unwrap();
    }
    store.set_active("mid.v2").unwrap();
    for foreign in [
        ".x.rhai.tmp.1.0",
        ".hidden.rhai",
        "notes.txt",
        "bad name.rhai",
        "a..b.rhai",
    ] {
        fs::write(store.dir().join(foreign), "junk").unwrap();
    }
    fs::create_dir(store.dir().join("dir.rhai")).unwrap();
    let list = store.list().unwrap();
    let names: Vec<_> = list.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["0", "Alpha", "mid.v2", "zeta"]);
    for summary in &list {
        let p = store.get(&summary.name).unwrap();
        let expected = ProfileSummary {
            name: p.name.clone(),
            etag: p.etag.clone(),
            modified_ms: p.modified_ms(),
            size: p.size,
            active: p.name == "mid.v2",
            file: None,
        };
        assert_eq!(summary, &expected);
    }
    assert!(
        ProfileStore::new(store.dir().join("empty"))
            .unwrap()
            .list()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn concurrent_updates_with_one_etag_let_exactly_one_win() {
    let (_tmp, store) = store();
    let etag = store.create("p", "start").unwrap().etag;
    let store = Arc::new(store);
    let barrier = Arc::new(Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let (store, barrier, etag) = (store.clone(), barrier.clone(), etag.clone());
            std::thread::spawn(move || {
                barrier.wait();
                (i, store.update("p", &format!("writer {i}"), Some(&etag)))
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let winners: Vec<_> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(i, _)| *i)
        .collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    let winner = format!("writer {}", winners[0]);
    for (_, r) in &results {
        if let Err(e) = r {
            assert!(
                matches!(e, ProfileError::Conflict { current_etag } if *current_etag == etag_for(winner.as_bytes()))
            );
        }
    }
    assert_eq!(on_disk(&store, "p"), winner);
    assert_eq!(entries(&store), ["p.rhai"]);
}

#[test]
fn non_utf8_files_are_io_errors_but_stay_manageable() {
    let (_tmp, store) = store();
    fs::write(store.dir().join("bin.rhai"), [0xff, 0xfe]).unwrap();
    let err = store.get("bin").unwrap_err();
    assert!(
        matches!(&err, ProfileError::Io(e) if e.kind() == io::ErrorKind::InvalidData),
        "{err:?}"
    );
    assert_eq!(err.http_status(), 500);
    assert_eq!(store.list().unwrap()[0].etag, etag_for(&[0xff, 0xfe]));
    store.delete("bin", Some(&etag_for(&[0xff, 0xfe]))).unwrap();
    assert!(entries(&store).is_empty());
}

#[test]
fn errors_map_to_http_statuses() {
    let name = || "n".to_owned();
    let cases = [
        (
            ProfileError::InvalidName {
                name: name(),
                reason: "r",
            },
            400,
        ),
        (ProfileError::NotFound { name: name() }, 404),
        (ProfileError::AlreadyExists { name: name() }, 409),
        (
            ProfileError::Conflict {
                current_etag: "\"e\"".into(),
            },
            412,
        ),
        (ProfileError::Active { name: name() }, 409),
        (ProfileError::TooLarge { size: 2, limit: 1 }, 413),
        (ProfileError::Io(io::Error::other("disk")), 500),
    ];
    for (err, status) in cases {
        assert_eq!(err.http_status(), status, "{err}");
    }
}

#[test]
fn profiles_serialize_times_as_unix_milliseconds() {
    let profile = Profile {
        name: "p".into(),
        source: "s".into(),
        etag: etag_for(b"s"),
        modified: UNIX_EPOCH + Duration::from_millis(1_700_000_000_123),
        size: 1,
    };
    let json = serde_json::to_value(&profile).unwrap();
    assert_eq!(json["modified"], 1_700_000_000_123u64);
    assert_eq!(json["etag"], profile.etag);
    assert_eq!(profile.modified_ms(), 1_700_000_000_123);
    let summary = ProfileSummary {
        name: "p".into(),
        etag: "\"e\"".into(),
        modified_ms: 5,
        size: 1,
        active: true,
        file: None,
    };
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"name": "p", "etag": "\"e\"", "modified_ms": 5, "size": 1, "active": true, "file": null})
    );
}

#[test]
fn the_config_file_is_a_profile_edited_in_place_but_renamed_and_deleted_only_on_disk() {
    let tmp = TestDir::new();
    let config = tmp.path().join("config.rhai");
    fs::write(&config, "layer(\"base\");\n").unwrap();
    let active = ActiveConfig::default();
    let store = ProfileStore::new(tmp.path().join("profiles"))
        .unwrap()
        .following(active.clone())
        .with_config_file(Some(config.clone()));
    store.create("work", "layer(\"work\");\n").unwrap();
    let listed = store.list().unwrap();
    let names: Vec<_> = listed
        .iter()
        .map(|p| (p.name.as_str(), p.file.clone()))
        .collect();
    assert_eq!(
        names,
        [
            ("config", Some(config.display().to_string())),
            ("work", None)
        ]
    );
    assert_eq!(store.get("config").unwrap().source, "layer(\"base\");\n");
    let etag = store.get("config").unwrap().etag;
    store
        .update("config", "layer(\"edited\");\n", Some(&etag))
        .unwrap();
    assert_eq!(fs::read_to_string(&config).unwrap(), "layer(\"edited\");\n");
    assert!(
        !store.dir().join("config.rhai").exists(),
        "edited in place, not copied"
    );
    for refused in [
        store.rename("config", "other", None).unwrap_err(),
        store.rename("work", "config", None).unwrap_err(),
        store.delete("config", None).unwrap_err(),
    ] {
        assert!(
            matches!(refused, ProfileError::ConfigFile { .. }),
            "{refused}"
        );
        assert_eq!(refused.http_status(), 409);
    }
    assert!(config.exists());
    assert_eq!(
        store.name_of_source(&config.display().to_string()),
        Some("config".into())
    );
    store.set_active("work").unwrap();
    assert_eq!(active.get(), Some(store.dir().join("work.rhai")));
    assert_eq!(
        store.name_of_source(&store.dir().join("work.rhai").display().to_string()),
        Some("work".into())
    );
}

#[cfg(unix)]
#[test]
fn a_config_file_the_daemon_may_not_write_is_read_only_not_a_failure() {
    use std::os::unix::fs::PermissionsExt;
    if unsafe { libc::geteuid() } == 0 {
        // Root writes anyway: the directory's mode cannot refuse it.
        return;
    }
    let tmp = TestDir::new();
    let etc = tmp.path().join("etc");
    fs::create_dir(&etc).unwrap();
    let config = etc.join("config.rhai");
    fs::write(&config, "layer(\"base\");\n").unwrap();
    fs::set_permissions(&etc, fs::Permissions::from_mode(0o555)).unwrap();
    let store = ProfileStore::new(tmp.path().join("profiles"))
        .unwrap()
        .with_config_file(Some(config.clone()));
    let err = store.update("config", "x", None).unwrap_err();
    fs::set_permissions(&etc, fs::Permissions::from_mode(0o755)).unwrap();
    assert!(matches!(err, ProfileError::ReadOnly { .. }), "{err}");
    assert_eq!(err.http_status(), 403);
}
