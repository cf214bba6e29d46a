//! What every backend shares: the commands other threads send the key thread, run options,
//! why a run ended, and the reloader that compiles configs off the key path.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use keyrx_core::KeyCode;
use keyrx_core::config::Config;

use crate::runtime::EmergencyChord;
use crate::runtime::observe::{Notice, Notices};

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
    send: Arc<dyn Fn(Command) -> bool + Send + Sync>,
}

impl CommandSender {
    /// A channel of commands; `wake` tells the key thread to look at it.
    pub fn new(wake: Arc<dyn Fn() + Send + Sync>) -> (CommandSender, Receiver<Command>) {
        let (tx, rx) = mpsc::channel();
        let sender = CommandSender::from_fn(move |command| {
            let sent = tx.send(command).is_ok();
            wake();
            sent
        });
        (sender, rx)
    }

    /// Commands handed to `send`, for a key thread that takes them on a channel of its own
    /// (the virtual backend's input); `send` returns false once the key thread is gone.
    pub fn from_fn(send: impl Fn(Command) -> bool + Send + Sync + 'static) -> CommandSender {
        CommandSender {
            send: Arc::new(send),
        }
    }

    /// False once the key thread is gone.
    pub fn send(&self, command: Command) -> bool {
        (self.send)(command)
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
pub fn spawn_reloader(path: PathBuf, commands: CommandSender, notices: Notices) -> Sender<()> {
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
                    Err(err) => {
                        tracing::error!(
                            "config {} not reloaded, keeping the running one:\n{err:#}",
                            path.display()
                        );
                        notices.send(Notice::ConfigRejected {
                            source: path.display().to_string(),
                            message: format!("{err:#}"),
                        });
                    }
                }
            }
        })
        .expect("spawning the reload thread");
    tx
}
