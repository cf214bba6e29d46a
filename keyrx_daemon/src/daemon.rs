//! What every backend shares: the commands other threads send the key thread, run options,
//! why a run ended, and the reloader that compiles configs off the key path.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

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
    /// The config file to watch (`--config`, else the one in keyrx's config directory).
    pub config_path: Option<PathBuf>,
    /// What runs, which the reloader reloads: the config file or an activated profile.
    pub active: crate::reload::ActiveConfig,
    pub emergency: EmergencyChord,
    /// Panics the key thread when this key is pressed, to test that a crash strands no key.
    pub debug_panic_key: Option<KeyCode>,
    pub tuning: Tuning,
    /// Where the commands keys ask for go.
    pub launcher: crate::launcher::Launcher,
}

/// How the Linux key thread is scheduled and its memory kept: both off by default, each with
/// its cost measured in BENCHMARKS.md.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tuning {
    /// `mlockall` (as pages are touched): no key press waits for a page from disk or swap.
    pub lock_memory: bool,
    /// SCHED_FIFO at this priority for the key thread.
    pub realtime: Option<i32>,
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
