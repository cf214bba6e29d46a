//! Process management: the processes a scenario spawns (the daemon under test), signals, exit
//! checks, cleanup at the end, and the /proc lookups (who holds a device open, names of pids).

use crate::runner::{R, Runner};
use crate::sys::{mono_ns, sleep_ms};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};

pub struct Daemon {
    pub child: Child,
    pub argv: Vec<String>,
    /// stdout and stderr, printed at the end of the scenario.
    pub log: PathBuf,
    pub status: Option<ExitStatus>,
}

impl Daemon {
    /// The exit status, reaped once and then remembered (try_wait cannot report it twice).
    pub fn poll_exit(&mut self) -> Option<ExitStatus> {
        if self.status.is_none()
            && let Ok(Some(s)) = self.child.try_wait()
        {
            self.status = Some(s);
        }
        self.status
    }
}

pub fn describe_status(s: &ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (s.code(), s.signal()) {
        (Some(c), _) => format!("exit code {c}"),
        (None, Some(sig)) => format!("killed by signal {sig}"),
        _ => format!("{s}"),
    }
}

pub fn proc_comm(pid: u32) -> String {
    fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

pub fn proc_cmdline(pid: u32) -> String {
    fs::read(format!("/proc/{pid}/cmdline"))
        .map(|b| {
            String::from_utf8_lossy(&b)
                .replace('\0', " ")
                .trim()
                .to_string()
        })
        .unwrap_or_default()
}

pub fn all_pids() -> Vec<u32> {
    let mut v: Vec<u32> = fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// PIDs (other than ours) holding `node` open.
fn holders_of(node: &Path) -> Vec<u32> {
    let me = std::process::id();
    let mut out = Vec::new();
    for pid in all_pids() {
        if pid == me {
            continue;
        }
        let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        if fds
            .flatten()
            .any(|fd| fs::read_link(fd.path()).is_ok_and(|l| l == node))
        {
            out.push(pid);
        }
    }
    out
}

/// The holders of `node` as `PID(comm)`.
pub fn holder_names(node: &Path) -> Vec<String> {
    holders_of(node)
        .iter()
        .map(|p| format!("{p}({})", proc_comm(*p)))
        .collect()
}

impl Runner {
    /// The newest spawned process's exit status, if it has exited: waits for something the
    /// daemon should do give up at once when it is dead.
    pub fn newest_exited(&mut self) -> Option<ExitStatus> {
        self.daemons.last_mut().and_then(|d| d.poll_exit())
    }

    /// `spawn ARGV...`: start a process, its output to a log file.
    pub fn spawn(&mut self, argv: &[String]) -> R {
        let n = self.daemons.len();
        let log = PathBuf::from(format!("/tmp/vmdriver-spawn{n}.log"));
        let f = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let f2 = f.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(&argv[0])
            .args(&argv[1..])
            .stdin(Stdio::null())
            .stdout(f)
            .stderr(f2)
            .spawn()
            .map_err(|e| format!("spawn {}: {e}", argv[0]))?;
        println!(
            "{}   spawned pid {} (log {})",
            self.ts(),
            child.id(),
            log.display()
        );
        self.last_signal = None;
        self.daemons.push(Daemon {
            child,
            argv: argv.to_vec(),
            log,
            status: None,
        });
        Ok(())
    }

    /// `signal SIG`: signal the newest spawned process.
    pub fn signal(&mut self, sig: i32, name: &str) -> R {
        let d = self.daemon()?;
        let pid = d.child.id();
        if d.poll_exit().is_some() {
            return Err(format!("pid {pid} already exited; cannot send SIG{name}"));
        }
        // Stamp before kill(): the daemon may run (and tear down) before kill() returns to us.
        let t_sig = mono_ns();
        if unsafe { libc::kill(pid as i32, sig) } < 0 {
            return Err(format!(
                "kill({pid}, {sig}): {}",
                io::Error::last_os_error()
            ));
        }
        self.last_signal = Some((t_sig, format!("SIG{name}")));
        println!("{}   sent SIG{name} to pid {pid}", self.ts());
        Ok(())
    }

    /// `exited-within MS`: check that the newest spawned process exits in time.
    pub fn exited_within(&mut self, ms: u64) -> R {
        let t = mono_ns();
        let deadline = t + ms * 1_000_000;
        let d = self.daemon()?;
        let pid = d.child.id();
        let st = loop {
            if let Some(s) = d.poll_exit() {
                break Some(s);
            }
            if mono_ns() >= deadline {
                break None;
            }
            sleep_ms(1);
        };
        let el = (mono_ns() - t) as f64 / 1e6;
        match st {
            Some(s) => self.check(
                true,
                format!(
                    "pid {pid} exited within {ms} ms ({el:.1} ms, {})",
                    describe_status(&s)
                ),
            ),
            None => self.check(false, format!("pid {pid} still running after {ms} ms")),
        }
        Ok(())
    }

    /// Stop whatever we started and is still running: TERM, then KILL after 1 s.
    pub fn stop_daemons(&mut self) {
        for d in self.daemons.iter_mut() {
            if d.poll_exit().is_none() {
                let pid = d.child.id() as i32;
                unsafe { libc::kill(pid, libc::SIGTERM) };
                let t = mono_ns();
                while d.poll_exit().is_none() && mono_ns() - t < 1_000_000_000 {
                    sleep_ms(5);
                }
                if d.poll_exit().is_none() {
                    let _ = d.child.kill();
                    let _ = d.child.wait().map(|s| d.status = Some(s));
                }
                println!(
                    "[cleanup] pid {pid} stopped at end of scenario ({})",
                    d.status.map(|s| describe_status(&s)).unwrap_or_default()
                );
            }
        }
    }
}
