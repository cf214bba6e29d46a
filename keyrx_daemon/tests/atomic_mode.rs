//! The atomic writer sets exactly the mode it is given, whatever the umask. Its own test binary,
//! because the umask is process-wide and would race with other tests creating files.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;

#[test]
fn write_atomic_mode_sets_exactly_the_mode_whatever_the_umask() {
    let dir = std::env::temp_dir().join(format!("keyrx-atomic-mode-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("token");
    // SAFETY: umask(2) cannot fail; this binary runs no other test that creates files.
    let old = unsafe { libc::umask(0o077) };
    let written = keyrx_daemon::atomic::write_atomic_mode(&path, "t", 0o640);
    unsafe { libc::umask(old) };
    written.unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["token"]);
    std::fs::remove_dir_all(dir).unwrap();
}
