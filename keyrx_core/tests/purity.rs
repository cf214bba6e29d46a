//! `keyrx_core` stays pure: no clock, no I/O, no threads, no process or environment access, no
//! global mutable state. Time comes in as a number, output goes to a `Sink`. This test reads the
//! crate's own sources and fails on any use of the parts of `std` that would break that, so a
//! slip is caught in CI rather than in review.

use std::path::{Path, PathBuf};

/// What the engine must never touch, and why.
const FORBIDDEN: &[(&str, &str)] = &[
    ("std::time", "a clock: time is passed in"),
    ("Instant::now", "a clock: time is passed in"),
    ("SystemTime", "a clock: time is passed in"),
    ("std::fs", "file I/O"),
    ("std::io", "I/O"),
    ("std::net", "network I/O"),
    ("std::process", "processes"),
    ("std::env", "the environment"),
    ("std::thread", "threads"),
    ("std::sync", "shared state between threads"),
    ("static mut", "global mutable state"),
    ("thread_local!", "hidden per-thread state"),
    ("println!", "printing"),
    ("eprintln!", "printing"),
];

/// Uses that are not what the rule is about, each with its reason.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "keys/mod.rs",
        "std::sync::LazyLock",
        "the key-name index: a constant table built once, never written after",
    ),
    (
        "event.rs",
        "use std::sync::Arc;",
        "a command's arguments, immutable, handed to the daemon without a copy",
    ),
    (
        "compile/mod.rs",
        "use std::sync::Arc;",
        "a command's arguments, immutable, handed to the daemon without a copy",
    ),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_engine_crate_does_no_io_reads_no_clock_and_spawns_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 20, "only {} sources found", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // Unit tests (the `#[cfg(test)]` module that ends a file) may read files, as the
        // docs-sync tests do; the engine's own code may not.
        for (line_no, line) in text
            .lines()
            .enumerate()
            .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        {
            let code = line.split("//").next().unwrap_or_default();
            let relative = file
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .to_string();
            let allowed = |pattern: &str| {
                ALLOWED.iter().any(|(f, use_, _)| {
                    *f == relative && pattern.len() <= use_.len() && code.contains(use_)
                })
            };
            for (pattern, why) in FORBIDDEN {
                if code.contains(pattern) && !allowed(pattern) {
                    found.push(format!("{relative}:{}: `{pattern}` ({why})", line_no + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "keyrx_core must stay pure:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_purity_check_finds_what_it_forbids() {
    let sample = "let t = std::time::Instant::now();";
    assert!(FORBIDDEN.iter().any(|(p, _)| sample.contains(p)));
}
