//! Reporting: timestamps, PASS/FAIL lines, and the end of a run (spawned processes' logs, the
//! summary and the exit code).

use crate::process::describe_status;
use crate::runner::Runner;
use crate::sys::mono_ns;
use regex::Regex;
use std::fs;

/// Lines of each spawned process's log printed at the end; enough for a daemon's last moments.
const LOG_KEEP: usize = 200;

impl Runner {
    /// Seconds since the start of the run, as a line prefix.
    pub fn ts(&self) -> String {
        format!("[{:8.3}]", (mono_ns() - self.t0) as f64 / 1e9)
    }

    /// Record a check's outcome; failures are listed again in the summary.
    pub fn check(&mut self, ok: bool, what: String) {
        self.checks += 1;
        if ok {
            println!("{}   PASS {what}", self.ts());
        } else {
            println!("{}   FAIL {what}", self.ts());
            self.failures.push(format!("line {}: {what}", self.line));
        }
    }

    /// End of the run: stop readers and processes, print logs and the summary. Returns the exit
    /// code: 0 all checks passed, 1 some check failed, 2 aborted.
    pub fn finish(&mut self, aborted: Option<String>) -> i32 {
        self.stop_outputs();
        self.stop_daemons();
        self.print_daemon_logs();
        self.print_summary(aborted.as_deref())
    }

    /// The tail of each spawned process's output, ANSI colours stripped (console logs are read
    /// as plain text).
    fn print_daemon_logs(&self) {
        let ansi = Regex::new("\x1b\\[[0-9;]*[A-Za-z]").unwrap();
        for d in &self.daemons {
            let log = fs::read_to_string(&d.log).unwrap_or_default();
            let lines: Vec<&str> = log.lines().collect();
            println!(
                "---- log of pid {} ({}) — {}, {} lines ----",
                d.child.id(),
                d.argv.join(" "),
                d.status
                    .map(|s| describe_status(&s))
                    .unwrap_or_else(|| "running".into()),
                lines.len()
            );
            if lines.len() > LOG_KEEP {
                println!("[... {} earlier lines omitted ...]", lines.len() - LOG_KEEP);
            }
            for l in &lines[lines.len().saturating_sub(LOG_KEEP)..] {
                println!("| {}", ansi.replace_all(l, ""));
            }
        }
    }

    fn print_summary(&self, aborted: Option<&str>) -> i32 {
        let failed = self.failures.len();
        println!(
            "==== vmdriver summary: {} checks, {} passed, {} failed{}",
            self.checks,
            self.checks - failed,
            failed,
            if aborted.is_some() { ", ABORTED" } else { "" }
        );
        for f in &self.failures {
            println!("FAILED {f}");
        }
        if let Some(a) = aborted {
            println!("ABORTED {a}");
        }
        let rc = if aborted.is_some() {
            2
        } else if failed > 0 {
            1
        } else {
            0
        };
        println!(
            "RESULT summary checks={} failed={} aborted={} rc={rc}",
            self.checks,
            failed,
            aborted.is_some()
        );
        rc
    }
}
