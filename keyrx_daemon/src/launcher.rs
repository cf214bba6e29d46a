//! Runs the programs that `command()` keys ask for, off the key thread.
//!
//! The key thread only hands a command's arguments (a shared `Arc`, so nothing is copied or
//! allocated) to a bounded queue with `try_send`; a thread of its own spawns the program with
//! no shell, its output discarded, and a small waiter thread reaps it and reports how it ended.
//! Commands are off unless the daemon was started with `--allow-commands`: then nothing is
//! spawned at all and every request is only counted as refused.

use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

use keyrx_core::explain::command_line;

use crate::runtime::stats::SharedStats;

/// Requests that may wait for the launcher before new ones are refused as busy.
pub const QUEUE_CAPACITY: usize = 16;
/// Programs that may run at once; past this a request is refused as busy.
pub const MAX_RUNNING: usize = 64;
/// The stack of a waiter thread: it only waits and logs.
const WAITER_STACK: usize = 64 * 1024;

/// What became of the commands keys asked for (part of the daemon's statistics). Written by
/// the key thread (asked, refused, busy) and the launcher (started, failed).
#[derive(Debug, Default)]
pub struct CommandCounters {
    pub asked: AtomicU64,
    pub started: AtomicU64,
    pub failed: AtomicU64,
    pub refused: AtomicU64,
    pub busy: AtomicU64,
    /// The last failure, for `keyrx status` and the dashboard.
    pub last_error: Mutex<Option<String>>,
}

/// The counters as numbers, for the statistics snapshot.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CommandCounts {
    /// Commands keys asked for.
    pub asked: u64,
    /// Programs started.
    pub started: u64,
    /// Programs that could not start, or exited with a failure status or by a signal.
    pub failed: u64,
    /// Refused because the daemon was not started with `--allow-commands`.
    pub refused: u64,
    /// Refused because too many were waiting or running.
    pub busy: u64,
    /// The last failure, in words.
    pub last_error: Option<String>,
}

impl CommandCounters {
    pub fn counts(&self) -> CommandCounts {
        let n = |c: &AtomicU64| c.load(Ordering::Relaxed);
        CommandCounts {
            asked: n(&self.asked),
            started: n(&self.started),
            failed: n(&self.failed),
            refused: n(&self.refused),
            busy: n(&self.busy),
            last_error: self.last_error.lock().ok().and_then(|e| e.clone()),
        }
    }

    fn fail(&self, message: String) {
        tracing::warn!("{message}");
        self.failed.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut last) = self.last_error.lock() {
            *last = Some(message);
        }
    }
}

/// The user commands run as, when the daemon runs as root (the system service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunAs {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub home: String,
}

impl RunAs {
    /// Looks `name` up in the user database.
    #[cfg(target_os = "linux")]
    pub fn lookup(name: &str) -> anyhow::Result<RunAs> {
        let user = nix::unistd::User::from_name(name)?
            .ok_or_else(|| anyhow::anyhow!("--command-user: no user named `{name}`"))?;
        Ok(RunAs {
            name: user.name,
            uid: user.uid.as_raw(),
            gid: user.gid.as_raw(),
            home: user.dir.display().to_string(),
        })
    }

    #[cfg(not(target_os = "linux"))]
    pub fn lookup(name: &str) -> anyhow::Result<RunAs> {
        anyhow::bail!("--command-user {name}: only supported on Linux")
    }

    /// The session environment of the user's desktop: its runtime directory and D-Bus bus,
    /// which notifiers and most desktop programs need.
    fn apply(&self, cmd: &mut Command) {
        let runtime_dir = format!("/run/user/{}", self.uid);
        cmd.uid(self.uid)
            .gid(self.gid)
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("HOME", &self.home)
            .env("USER", &self.name)
            .env("LOGNAME", &self.name)
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={runtime_dir}/bus"),
            )
            .env("XDG_RUNTIME_DIR", runtime_dir)
            .current_dir(&self.home);
    }
}

/// Whether and how commands run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandPolicy {
    pub allowed: bool,
    pub run_as: Option<RunAs>,
}

impl CommandPolicy {
    /// Refuses what cannot be right: commands as root without a user to run them as.
    pub fn new(allowed: bool, user: Option<&str>, euid: u32) -> anyhow::Result<CommandPolicy> {
        let run_as = user.map(RunAs::lookup).transpose()?;
        if allowed && euid == 0 && run_as.is_none() {
            anyhow::bail!(
                "--allow-commands as root would run every command as root: name the user whose session they belong to with --command-user USER"
            );
        }
        if run_as.is_some() && euid != 0 {
            anyhow::bail!(
                "--command-user needs the daemon to run as root (it already runs commands as its own user)"
            );
        }
        Ok(CommandPolicy { allowed, run_as })
    }
}

/// The key thread's end: asking never blocks and never allocates.
#[derive(Clone)]
pub struct Launcher {
    queue: Option<SyncSender<Arc<[String]>>>,
    stats: Arc<SharedStats>,
}

impl Launcher {
    /// Refuses every command (commands not allowed), counting each in `stats`.
    pub fn refusing(stats: Arc<SharedStats>) -> Launcher {
        Launcher { queue: None, stats }
    }

    /// Starts the launcher thread when the policy allows commands.
    pub fn start(policy: CommandPolicy, stats: Arc<SharedStats>) -> io::Result<Launcher> {
        if !policy.allowed {
            return Ok(Launcher::refusing(stats));
        }
        let (tx, rx) = mpsc::sync_channel(QUEUE_CAPACITY);
        let running = Arc::new(AtomicUsize::new(0));
        let s = stats.clone();
        std::thread::Builder::new()
            .name("keyrx-commands".into())
            .spawn(move || launch_loop(rx, &policy, &s, &running, MAX_RUNNING))?;
        Ok(Launcher {
            queue: Some(tx),
            stats,
        })
    }

    pub fn allowed(&self) -> bool {
        self.queue.is_some()
    }

    /// Called on the key thread for each command a key asks for.
    pub fn ask(&self, argv: &Arc<[String]>) {
        let counters = &self.stats.commands;
        counters.asked.fetch_add(1, Ordering::Relaxed);
        let refused = match &self.queue {
            None => &counters.refused,
            Some(queue) => match queue.try_send(Arc::clone(argv)) {
                Ok(()) => return,
                Err(TrySendError::Full(_)) => &counters.busy,
                Err(TrySendError::Disconnected(_)) => &counters.refused,
            },
        };
        refused.fetch_add(1, Ordering::Relaxed);
    }
}

fn launch_loop(
    rx: Receiver<Arc<[String]>>,
    policy: &CommandPolicy,
    stats: &Arc<SharedStats>,
    running: &Arc<AtomicUsize>,
    max_running: usize,
) {
    let counters = &stats.commands;
    for argv in rx {
        let line = command_line(&argv);
        if running.load(Ordering::Acquire) >= max_running {
            counters.busy.fetch_add(1, Ordering::Relaxed);
            tracing::warn!("command `{line}` not run: {max_running} commands are still running");
            continue;
        }
        let mut cmd = Command::new(&argv[0]);
        cmd.args(&argv[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group: a Ctrl-C meant for the daemon's terminal does not reach it.
        cmd.process_group(0);
        if let Some(user) = &policy.run_as {
            user.apply(&mut cmd);
        }
        match cmd.spawn() {
            Ok(child) => {
                counters.started.fetch_add(1, Ordering::Relaxed);
                tracing::info!("command `{line}` started (pid {})", child.id());
                running.fetch_add(1, Ordering::AcqRel);
                let (s, r) = (stats.clone(), running.clone());
                let waiter = std::thread::Builder::new()
                    .name("keyrx-command-wait".into())
                    .stack_size(WAITER_STACK)
                    .spawn(move || wait_for(child, &line, &s.commands, &r));
                if let Err(e) = waiter {
                    running.fetch_sub(1, Ordering::AcqRel);
                    tracing::warn!("cannot wait for a command: {e}");
                }
            }
            Err(e) => counters.fail(format!("command `{line}` could not start: {e}")),
        }
    }
}

fn wait_for(
    mut child: std::process::Child,
    line: &str,
    counters: &CommandCounters,
    running: &AtomicUsize,
) {
    match child.wait() {
        Ok(status) if status.success() => tracing::debug!("command `{line}` finished"),
        Ok(status) => counters.fail(format!("command `{line}` {}", ended(status))),
        Err(e) => counters.fail(format!("command `{line}`: cannot wait for it: {e}")),
    }
    running.fetch_sub(1, Ordering::AcqRel);
}

fn ended(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (None, Some(signal)) => format!("was killed by signal {signal}"),
        _ => "ended abnormally".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn argv(words: &[&str]) -> Arc<[String]> {
        words.iter().map(|w| w.to_string()).collect()
    }

    /// Waits (bounded) until `done` holds for the counters.
    fn until(stats: &SharedStats, done: impl Fn(&CommandCounts) -> bool) -> CommandCounts {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let counts = stats.commands.counts();
            if done(&counts) {
                return counts;
            }
            assert!(Instant::now() < deadline, "not reached: {counts:?}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn allowed() -> CommandPolicy {
        CommandPolicy {
            allowed: true,
            run_as: None,
        }
    }

    #[test]
    fn refused_commands_are_only_counted() {
        let stats = Arc::new(SharedStats::default());
        let launcher = Launcher::start(CommandPolicy::default(), stats.clone()).unwrap();
        assert!(!launcher.allowed());
        launcher.ask(&argv(&["touch", "/nonexistent/never"]));
        let counts = stats.commands.counts();
        assert_eq!((counts.asked, counts.refused, counts.started), (1, 1, 0));
    }

    #[test]
    fn failures_are_counted_and_described_never_fatal() {
        let stats = Arc::new(SharedStats::default());
        let launcher = Launcher::start(allowed(), stats.clone()).unwrap();
        launcher.ask(&argv(&["false"]));
        let counts = until(&stats, |c| c.failed == 1);
        assert_eq!(counts.started, 1);
        assert_eq!(
            counts.last_error.as_deref(),
            Some("command `false` exited with status 1")
        );
        launcher.ask(&argv(&["/nonexistent/program", "x"]));
        let counts = until(&stats, |c| c.failed == 2);
        let error = counts.last_error.unwrap();
        assert!(
            error.starts_with("command `/nonexistent/program x` could not start"),
            "{error}"
        );
        // The launcher goes on after both.
        launcher.ask(&argv(&["true"]));
        until(&stats, |c| c.started == 2 && c.failed == 2);
    }

    #[test]
    fn the_queue_is_bounded_and_a_full_one_refuses_without_blocking() {
        let stats = Arc::new(SharedStats::default());
        let (tx, _rx) = mpsc::sync_channel(QUEUE_CAPACITY);
        let launcher = Launcher {
            queue: Some(tx),
            stats: stats.clone(),
        };
        for _ in 0..QUEUE_CAPACITY {
            launcher.ask(&argv(&["true"]));
        }
        assert_eq!(
            stats.commands.counts().busy,
            0,
            "the queue holds {QUEUE_CAPACITY}"
        );
        launcher.ask(&argv(&["true"]));
        let counts = stats.commands.counts();
        assert_eq!((counts.asked, counts.busy), (QUEUE_CAPACITY as u64 + 1, 1));
    }

    #[test]
    fn programs_running_at_once_are_bounded() {
        let stats = Arc::new(SharedStats::default());
        let running = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = mpsc::sync_channel(QUEUE_CAPACITY);
        for _ in 0..3 {
            tx.send(argv(&["sleep", "2"])).unwrap();
        }
        drop(tx);
        launch_loop(rx, &allowed(), &stats, &running, 2);
        let counts = stats.commands.counts();
        assert_eq!((counts.started, counts.busy), (2, 1));
    }

    #[test]
    fn root_needs_a_user_and_only_root_may_name_one() {
        let err = CommandPolicy::new(true, None, 0).unwrap_err().to_string();
        assert!(err.contains("--command-user USER"), "{err}");
        let err = CommandPolicy::new(true, Some("root"), 1000)
            .unwrap_err()
            .to_string();
        assert!(err.contains("needs the daemon to run as root"), "{err}");
        let err = CommandPolicy::new(true, Some("no-such-user-here"), 0)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "--command-user: no user named `no-such-user-here`");
        let policy = CommandPolicy::new(true, Some("root"), 0).unwrap();
        assert_eq!(policy.run_as.unwrap().uid, 0);
        assert!(!CommandPolicy::new(false, None, 0).unwrap().allowed);
    }
}
