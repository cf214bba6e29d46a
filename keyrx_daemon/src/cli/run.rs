//! `keyrx run`: take over the keyboards (or a virtual one) and remap them.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc;

use anyhow::Context;
use keyrx_core::KeyCode;
use keyrx_core::config::Config;
use keyrx_core::notation::{Step, format_output, parse_input};

use crate::daemon::{Command, ExitReason, RunOptions, stats_thread};
use crate::runtime::EmergencyChord;
use crate::runtime::observe::{Observation, Observer};
use crate::virtual_backend::{self, VirtualInput};

/// The config used when none is given and the user has none.
pub const DEFAULT_CONFIG: &str = include_str!("../default.rhai");

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The config (`.rhai`, `.krx` or `.json`). Default: $XDG_CONFIG_HOME/keyrx/config.rhai,
    /// else the built-in config (CapsLock: tap Escape, hold Control).
    #[arg(long, short)]
    pub config: Option<PathBuf>,
    /// Runs on a virtual keyboard: input events in notation on stdin (`d:a t:50 u:a`), outputs
    /// printed. For machines where no keyboard can be grabbed.
    #[arg(long = "virtual")]
    pub virtual_keyboard: bool,
    /// Keys that, all held together, make keyrx release everything and exit.
    #[arg(long, default_value = EmergencyChord::DEFAULT)]
    pub emergency_chord: String,
    #[arg(long, hide = true)]
    pub debug_panic_key: Option<String>,
    /// How many observations (events, timings) may wait for observers before new ones are dropped.
    #[arg(long, default_value_t = 8192, hide = true)]
    pub observer_capacity: usize,
}

/// The config file to use: the given one, else the user's, else none (built-in).
fn config_path(args: &RunArgs) -> Option<PathBuf> {
    if let Some(path) = &args.config {
        return Some(path.clone());
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    ["config.rhai", "config.krx", "config.json"]
        .iter()
        .map(|f| base.join("keyrx").join(f))
        .find(|p| p.exists())
}

fn load(path: &Option<PathBuf>) -> anyhow::Result<Config> {
    match path {
        Some(path) => crate::config_loader::load(path),
        None => Ok(
            keyrx_config::compile_str("built-in config", DEFAULT_CONFIG, None)
                .map_err(|d| anyhow::anyhow!("{d}"))?
                .config,
        ),
    }
}

pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    crate::logging::init();
    let path = config_path(&args);
    let config = Arc::new(load(&path)?);
    tracing::info!(
        "config: {}",
        path.as_ref()
            .map_or("built-in".into(), |p| p.display().to_string())
    );
    let options = RunOptions {
        config_path: path,
        emergency: args
            .emergency_chord
            .parse()
            .map_err(|e| anyhow::anyhow!("--emergency-chord: {e}"))?,
        debug_panic_key: args
            .debug_panic_key
            .as_deref()
            .map(str::parse::<KeyCode>)
            .transpose()?,
    };
    #[cfg(target_os = "linux")]
    crate::linux::block_signals().context("blocking signals for the key thread")?;
    let (observer, rx) = Observer::channel(args.observer_capacity);
    let reason = if args.virtual_keyboard {
        run_virtual(config, &options, observer, rx)?
    } else {
        run_devices(config, options, observer, rx)?
    };
    report(reason)
}

fn report(reason: ExitReason) -> anyhow::Result<ExitCode> {
    match reason {
        ExitReason::Signal(signal) => {
            tracing::info!("stopped by signal {signal}; every key released")
        }
        ExitReason::Shutdown => tracing::info!("stopped; every key released"),
        ExitReason::Emergency => {
            tracing::warn!("emergency chord: released every key and let go of the keyboards")
        }
        ExitReason::Panic(message) => {
            tracing::error!(
                "the key thread crashed ({message}); every key was released and the keyboards let go"
            );
            return Ok(ExitCode::from(101));
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(target_os = "linux")]
fn run_devices(
    config: Arc<Config>,
    options: RunOptions,
    observer: Observer,
    rx: crate::runtime::observe::ObserverRx,
) -> anyhow::Result<ExitReason> {
    let stats = stats_thread::spawn(rx, |_| {});
    let print_now = stats.print_now.clone();
    let config_path = options.config_path.clone();
    let result = crate::linux::run(config, options, observer, move |commands| {
        let reload = config_path.map(|path| {
            let tx = crate::daemon::spawn_reloader(path.clone(), commands);
            if let Err(err) = crate::linux::watch_config(&path, tx.clone()) {
                tracing::warn!("not watching {} for changes: {err}", path.display());
            }
            tx
        });
        crate::linux::Hooks {
            on_stats_request: Box::new(move || {
                print_now.store(true, std::sync::atomic::Ordering::Relaxed)
            }),
            on_reload_request: Box::new(move || match &reload {
                Some(tx) => drop(tx.send(())),
                None => tracing::info!("SIGHUP: running the built-in config, nothing to reload"),
            }),
        }
    });
    stats.finish();
    result
}

#[cfg(not(target_os = "linux"))]
fn run_devices(
    _: Arc<Config>,
    _: RunOptions,
    _: Observer,
    _: crate::runtime::observe::ObserverRx,
) -> anyhow::Result<ExitReason> {
    anyhow::bail!(
        "grabbing keyboards is supported on Linux only; `keyrx run --virtual` runs everywhere"
    )
}

/// The virtual keyboard, driven from stdin; outputs are printed as they are written.
fn run_virtual(
    config: Arc<Config>,
    options: &RunOptions,
    observer: Observer,
    rx: crate::runtime::observe::ObserverRx,
) -> anyhow::Result<ExitReason> {
    let (tx, input) = mpsc::channel();
    spawn_stdin_reader(tx.clone());
    #[cfg(target_os = "linux")]
    spawn_signal_waiter(tx);
    let stats = stats_thread::spawn(rx, |o| {
        if let Observation::Output { event } = o {
            println!(
                "{:>10.3} ms  {}",
                event.time as f64 / 1000.0,
                format_output(std::slice::from_ref(event), 0, false)
            );
        }
    });
    eprintln!(
        "keyrx: virtual keyboard ready; type events such as `d:capslock t:300 u:capslock` (Ctrl-D ends)"
    );
    let (reason, _) = virtual_backend::run(config, options, observer, input);
    stats.finish();
    Ok(reason)
}

fn spawn_stdin_reader(tx: mpsc::Sender<VirtualInput>) {
    std::thread::spawn(move || {
        for line in std::io::stdin().lines().map_while(Result::ok) {
            let steps = match parse_input(&line) {
                Ok(steps) => steps,
                Err(err) => {
                    eprintln!("keyrx: {err}");
                    continue;
                }
            };
            for step in steps {
                let sent = match step {
                    Step::Wait(us) => {
                        std::thread::sleep(std::time::Duration::from_micros(us));
                        true
                    }
                    Step::Key { device, key, state } => {
                        let device =
                            device.unwrap_or_else(|| keyrx_core::sim::DEFAULT_DEVICE.into());
                        tx.send(VirtualInput::Key { device, key, state }).is_ok()
                    }
                };
                if !sent {
                    return;
                }
            }
        }
        let _ = tx.send(VirtualInput::Command(Command::Shutdown));
    });
}

#[cfg(target_os = "linux")]
fn spawn_signal_waiter(tx: mpsc::Sender<VirtualInput>) {
    std::thread::spawn(move || {
        while let Ok(signal) = crate::linux::event_loop::handled_signals().wait() {
            if matches!(
                signal,
                nix::sys::signal::Signal::SIGTERM | nix::sys::signal::Signal::SIGINT
            ) {
                let _ = tx.send(VirtualInput::Command(Command::Shutdown));
                return;
            }
        }
    });
}
