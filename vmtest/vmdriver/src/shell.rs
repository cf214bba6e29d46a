//! `sh`: run a shell command in the guest (inspect /proc, /dev, logs) with a time limit; a
//! failing or hanging command aborts the scenario.

use crate::process::describe_status;
use crate::runner::{R, Runner};
use crate::sys::{mono_ns, sleep_ms};
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

impl Runner {
    pub fn sh(&self, c: &str, timeout_ms: u64) -> R {
        // Output (stdout and stderr interleaved) goes to a file, printed when it ends.
        let log = PathBuf::from(format!("/tmp/vmdriver-sh-l{}.log", self.line));
        let f = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let f2 = f.try_clone().map_err(|e| e.to_string())?;
        // Its own process group, so a timeout kills the whole pipeline, not just /bin/sh.
        let mut child = Command::new("/bin/sh")
            .arg("-c")
            .arg(c)
            .stdin(Stdio::null())
            .stdout(f)
            .stderr(f2)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("sh: {e}"))?;
        let t = mono_ns();
        let status = loop {
            if let Some(st) = child.try_wait().map_err(|e| format!("sh: {e}"))? {
                break Some(st);
            }
            if mono_ns() - t >= timeout_ms * 1_000_000 {
                unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
                let _ = child.wait();
                break None;
            }
            sleep_ms(2);
        };
        for l in fs::read_to_string(&log).unwrap_or_default().lines() {
            println!("{}   | {l}", self.ts());
        }
        let _ = fs::remove_file(&log);
        match status {
            None => Err(format!(
                "sh command still running after {timeout_ms} ms, killed (sh --timeout MS to allow more): {c}"
            )),
            Some(st) if !st.success() => {
                Err(format!("sh command failed ({}): {c}", describe_status(&st)))
            }
            Some(_) => Ok(()),
        }
    }
}
