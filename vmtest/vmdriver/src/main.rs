//! vmdriver — the scenario driver of keyrx's real-kernel test harness (`vmtest/`).
//!
//! Runs as the test program of a QEMU guest (see ../../run.sh): plays a physical keyboard through
//! uinput, starts the daemon under test, reads the daemon's virtual keyboard through evdev and
//! checks/measures what comes out. It is black-box: any daemon binary works. The scenario
//! language is documented in ../../README.md.
//!
//! Usage: vmdriver SCENARIO          run it (needs /dev/uinput, root)
//!        vmdriver --check SCENARIO  parse only (works on any host; run.sh does this first)
//!
//! Exit: 0 all checks passed, 1 some check failed, 2 scenario aborted (error) or bad syntax.
//!
//! Modules: `scenario` (with `words`, `keys`) parses; `runner` dispatches each command to
//! `source`, `output`, `process`, `checks`, `grab`, `leds`, `measure`, `rss`, `files` or `shell`;
//! `report` prints results; `sys` wraps the clock and the raw evdev and uinput calls.

mod checks;
mod files;
mod grab;
mod idle;
mod keys;
mod leds;
mod measure;
mod output;
mod pointer;
mod process;
mod report;
mod rss;
mod runner;
mod scenario;
mod shell;
mod source;
mod sys;
mod words;
mod ws;

use runner::Runner;
use scenario::{Line, parse_scenario};
use std::fs;
use std::io::{self, Write as _};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (check_only, path) = match args.as_slice() {
        [_, f, p] if f == "--check" => (true, p.clone()),
        [_, p] if !p.starts_with('-') => (false, p.clone()),
        _ => {
            eprintln!("usage: vmdriver [--check] SCENARIO");
            std::process::exit(2);
        }
    };
    let lines = load(&path);
    if check_only {
        println!("{path}: {} commands, syntax OK", lines.len());
        return;
    }
    let rc = run(&path, &lines);
    let _ = io::stdout().flush();
    std::process::exit(rc);
}

/// Read and parse the whole scenario, or exit 2 listing every syntax error.
fn load(path: &str) -> Vec<Line> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    match parse_scenario(&text) {
        Ok(l) => l,
        Err(errs) => {
            for e in errs {
                eprintln!("{path}: {e}");
            }
            std::process::exit(2);
        }
    }
}

/// Run the lines in order; the first error aborts (checks that fail do not). Returns the exit code.
fn run(path: &str, lines: &[Line]) -> i32 {
    let mut r = Runner::new();
    println!("vmdriver: {path}: {} commands", lines.len());
    let mut aborted = None;
    for l in lines {
        r.line = l.no;
        println!("{} L{}: {}", r.ts(), l.no, l.text);
        // Flushed before running: a command that hangs or crashes the guest leaves its line visible.
        let _ = io::stdout().flush();
        if let Err(e) = r.exec(&l.cmd) {
            println!("{}   ERROR {e}", r.ts());
            aborted = Some(format!("line {}: {e}", l.no));
            break;
        }
    }
    r.finish(aborted)
}
