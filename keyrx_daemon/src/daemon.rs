//! What every backend shares: the commands other threads send the key thread, run options,
//! why a run ended, and the reloader that compiles configs off the key path.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use keyrx_core::KeyCode;
use keyrx_core::config::Config;

use crate::runtime::EmergencyChord;

/// A request to the key thread.
pub enum Command {
    /// Switch to an already compiled config.
    Reload {
        config: Arc<Config>,
        source: String,
    },
    ReleaseAll,
    Shutdown,
}

/// Sends commands to the key thread and wakes it.
#[derive(Clone)]
pub struct CommandSender {
    tx: Sender<Command>,
    wake: Arc<dyn Fn() + Send + Sync>,
}

impl CommandSender {
    pub fn new(wake: Arc<dyn Fn() + Send + Sync>) -> (CommandSender, Receiver<Command>) {
        let (tx, rx) = mpsc::channel();
        (CommandSender { tx, wake }, rx)
    }

    /// False once the key thread is gone.
    pub fn send(&self, command: Command) -> bool {
        let sent = self.tx.send(command).is_ok();
        (self.wake)();
        sent
    }
}

pub struct RunOptions {
    /// The config file to watch and reload; `None` for the built-in default.
    pub config_path: Option<PathBuf>,
    pub emergency: EmergencyChord,
    /// Panics the key thread when this key is pressed, to test that a crash strands no key.
    pub debug_panic_key: Option<KeyCode>,
}

/// Why a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExitReason {
    Signal(i32),
    Emergency,
    Shutdown,
    /// The key thread panicked; everything held was released first.
    Panic(String),
}

/// Compiles the config file whenever asked (file change, SIGHUP) on a thread of its own and
/// hands good configs to the key thread. A config that fails keeps the running one.
pub fn spawn_reloader(path: PathBuf, commands: CommandSender) -> Sender<()> {
    let (tx, rx) = mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("keyrx-reload".into())
        .spawn(move || {
            while rx.recv().is_ok() {
                // Editors write in bursts (truncate, write, rename): settle, then compile once.
                std::thread::sleep(Duration::from_millis(50));
                while rx.try_recv().is_ok() {}
                match crate::config_loader::load(&path) {
                    Ok(config) => {
                        tracing::info!("config {} reloaded", path.display());
                        let source = path.display().to_string();
                        if !commands.send(Command::Reload {
                            config: Arc::new(config),
                            source,
                        }) {
                            return;
                        }
                    }
                    Err(err) => tracing::error!(
                        "config {} not reloaded, keeping the running one:\n{err:#}",
                        path.display()
                    ),
                }
            }
        })
        .expect("spawning the reload thread");
    tx
}

/// How an observer-less run reports: the stats thread drains the handoff and logs on request.
pub mod stats_thread {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use crate::runtime::observe::{Observation, ObserverRx};
    use crate::runtime::stats::StatsCollector;

    pub struct StatsThread {
        pub print_now: Arc<AtomicBool>,
        pub stop: Arc<AtomicBool>,
        handle: Option<std::thread::JoinHandle<()>>,
    }

    /// Drains observations every 20 ms (observers are not on the key path, so a short sleep
    /// there costs the key path nothing) and prints a JSON stats line when asked and at exit.
    pub fn spawn(
        mut rx: ObserverRx,
        mut each: impl FnMut(&Observation) + Send + 'static,
    ) -> StatsThread {
        let print_now = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (p, s) = (print_now.clone(), stop.clone());
        let handle = std::thread::Builder::new()
            .name("keyrx-observe".into())
            .spawn(move || {
                let mut stats = StatsCollector::new();
                loop {
                    stats.drain(&mut rx, &mut each);
                    let stopping = s.load(Ordering::Relaxed);
                    if p.swap(false, Ordering::Relaxed) || stopping {
                        let snapshot = stats.snapshot(&rx);
                        eprintln!(
                            "keyrx-stats {}",
                            serde_json::to_string(&snapshot).unwrap_or_default()
                        );
                    }
                    if stopping {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
            .expect("spawning the observer thread");
        StatsThread {
            print_now,
            stop,
            handle: Some(handle),
        }
    }

    impl StatsThread {
        pub fn finish(mut self) {
            self.stop.store(true, Ordering::Relaxed);
            if let Some(h) = self.handle.take() {
                let _ = h.join();
            }
        }
    }
}
