//! `keyrx run`: take over the keyboards (or a virtual one) and remap them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc;

use anyhow::Context;
use keyrx_core::KeyCode;
use keyrx_core::config::Config;

use crate::daemon::{CommandSender, ExitReason, RunOptions, Tuning};
use crate::launcher::{CommandPolicy, Launcher};
use crate::paths::Dirs;
use crate::reload::{ActiveConfig, ReloadCause};
use crate::runtime::EmergencyChord;
use crate::runtime::observe::{Notice, Observer};
use crate::runtime::stats::SharedStats;
use crate::virtual_backend::{self, VirtualInput};
use crate::web::bridge::{self, Hub};
use crate::web::profiles::ProfileStore;
use crate::web::security::TokenAccess;
use crate::web::{Control, WebOptions, WebServer, security};

/// The exit status when the config cannot be loaded at start (sysexits' `EX_CONFIG`): the system
/// unit's `RestartPreventExitStatus=` keeps systemd from restarting into the same error.
pub const EXIT_CONFIG: u8 = 78;

/// The config used when none is given and the user has none.
pub const DEFAULT_CONFIG: &str = include_str!("../default.rhai");

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The config (`.rhai`, `.krx` or `.json`). Default: config.rhai (or .krx, .json) in
    /// $CONFIGURATION_DIRECTORY (a systemd service), else $XDG_CONFIG_HOME/keyrx, else
    /// ~/.config/keyrx; else the built-in config (CapsLock: tap Escape, hold Control).
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
    /// The nice value (0-19) of the observer threads (the bridge, the web server): woken by
    /// every key, they yield the CPU to the key path. 0 measures what they would cost it.
    #[arg(long, default_value_t = 19, hide = true, value_parser = clap::value_parser!(i32).range(0..=19))]
    pub observer_nice: i32,
    /// Locks the daemon's memory (`mlockall`, as pages are touched), so no key press waits for
    /// a page from disk or swap. Needs CAP_IPC_LOCK or a large enough RLIMIT_MEMLOCK.
    #[arg(long)]
    pub mlockall: bool,
    /// Runs the key thread SCHED_FIFO at this priority (1-99), ahead of ordinary threads.
    /// Needs CAP_SYS_NICE or RLIMIT_RTPRIO.
    #[arg(long, value_name = "PRIORITY", value_parser = clap::value_parser!(i32).range(1..=99))]
    pub realtime: Option<i32>,
    /// Lets `command()` keys run their programs. Without it a config's commands are refused
    /// (counted in the statistics), so loading a config never runs anything by itself.
    #[arg(long)]
    pub allow_commands: bool,
    /// The user whose session commands run in, when the daemon runs as root (the system
    /// service): their uid and gid, home, and session bus (/run/user/UID/bus).
    #[arg(long, value_name = "USER", requires = "allow_commands")]
    pub command_user: Option<String>,
    #[command(flatten)]
    pub web: WebArgs,
}

#[derive(Debug, clap::Args)]
pub struct WebArgs {
    /// Where the dashboard and API listen (loopback only unless you say otherwise).
    #[arg(long, default_value = "127.0.0.1:9867")]
    pub web_bind: std::net::SocketAddr,
    /// Runs without the web server.
    #[arg(long)]
    pub no_web: bool,
    /// Turns the `keys` stream off: no client sees keystrokes.
    #[arg(long)]
    pub no_key_stream: bool,
    /// Accepts this Host name besides localhost (repeatable).
    #[arg(long = "web-allow-host")]
    pub web_allow_hosts: Vec<String>,
    /// Events the broadcaster keeps for slow clients before the oldest are dropped (rounded up
    /// to a power of two).
    #[arg(long, default_value_t = 1024)]
    pub broadcast_capacity: usize,
    #[arg(long, default_value_t = 256)]
    pub max_clients: usize,
    /// Key events per second sent to each client before a summary replaces them.
    #[arg(long, default_value_t = 200)]
    pub keys_per_second: u32,
}

impl WebArgs {
    fn options(&self) -> WebOptions {
        let mut options = WebOptions {
            bind: self.web_bind,
            allowed_hosts: self.web_allow_hosts.clone(),
            max_clients: self.max_clients,
            broadcast_capacity: self.broadcast_capacity,
            ..WebOptions::default()
        };
        options.ws.key_stream = !self.no_key_stream;
        options.ws.keys_per_second = self.keys_per_second;
        options
    }
}

/// The config file to use: the given one, else the one in keyrx's config directory, else none
/// (built-in).
fn config_path(args: &RunArgs, dirs: &Dirs) -> Option<PathBuf> {
    args.config.clone().or_else(|| dirs.config_file())
}

fn load(path: &Option<PathBuf>) -> anyhow::Result<Config> {
    match path {
        Some(path) => crate::config_loader::load_to_run(path),
        None => Ok(
            keyrx_config::compile_str("built-in config", DEFAULT_CONFIG, None)
                .map_err(|d| anyhow::anyhow!("{d}"))?
                .config,
        ),
    }
}

/// What to start with: `--config` if given (explicit beats remembered), else the profile
/// activated last if it still exists and loads, else the config file, else the built-in one.
/// Returns the file and its config; an error only when the config file itself does not load.
fn starting_config(
    args: &RunArgs,
    dirs: &Dirs,
    config_file: &Option<PathBuf>,
) -> anyhow::Result<(Option<PathBuf>, Config)> {
    // The config file is a profile too, named after it; marked, it is the config file itself
    // (a stored profile of that name is hidden behind it, as in the dashboard's listing).
    let stem = |p: &Path| p.file_stem().map(|s| s.to_os_string());
    let marked = dirs
        .profiles()
        .as_deref()
        .and_then(crate::web::profiles::marked_profile)
        .filter(|p| config_file.as_deref().is_none_or(|c| stem(c) != stem(p)));
    if let Some(profile) = marked.filter(|_| args.config.is_none()) {
        match crate::config_loader::load_to_run(&profile) {
            Ok(config) => return Ok((Some(profile), config)),
            Err(err) => tracing::error!(
                "the profile activated last, {}, does not load; starting with the config file:\n{err:#}",
                profile.display()
            ),
        }
    }
    Ok((config_file.clone(), load(config_file)?))
}

pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let dirs = Dirs::from_env();
    let config_file = config_path(&args, &dirs);
    let (path, config) = match starting_config(&args, &dirs, &config_file) {
        Ok((path, config)) => (path, Arc::new(config)),
        Err(err) => {
            eprintln!("error: {err:#}");
            return Ok(ExitCode::from(EXIT_CONFIG));
        }
    };
    let source = path
        .as_ref()
        .map_or("built-in".into(), |p| p.display().to_string());
    tracing::info!("config: {source}");
    let active = ActiveConfig::new(path);
    let mut options = RunOptions {
        config_path: config_file,
        active: active.clone(),
        emergency: args
            .emergency_chord
            .parse()
            .map_err(|e| anyhow::anyhow!("--emergency-chord: {e}"))?,
        debug_panic_key: args
            .debug_panic_key
            .as_deref()
            .map(str::parse::<KeyCode>)
            .transpose()?,
        tuning: Tuning {
            lock_memory: args.mlockall,
            realtime: args.realtime,
        },
        launcher: Launcher::refusing(Arc::default()),
    };
    let commands = CommandPolicy::new(
        args.allow_commands,
        args.command_user.as_deref(),
        effective_uid(),
    )?;
    #[cfg(target_os = "linux")]
    crate::linux::block_signals().context("blocking signals for the key thread")?;
    #[cfg(target_os = "linux")]
    crate::linux::memory::one_malloc_arena();
    let mut web = WebStarter::new(&args, &dirs, (&active, &options.config_path));
    // Without the web server nothing observes the key path: no ring, no bridge thread. The
    // key thread's own counters still answer SIGUSR1.
    let (observer, bridge) = match web.options.is_some() {
        true => {
            let (observer, rx) = Observer::channel(args.observer_capacity);
            let bridge = bridge::spawn_niced(rx, args.web.broadcast_capacity, args.observer_nice);
            web.hub = Some(bridge.hub.clone());
            (observer, Some(bridge))
        }
        false => (Observer::none(), None),
    };
    options.launcher = Launcher::start(commands, observer.stats().clone())
        .context("starting the command launcher")?;
    warn_refused_commands(&config, options.launcher.allowed());
    observer.notices().send(Notice::ConfigApplied {
        source,
        config: config.clone(),
    });
    let stats = observer.stats().clone();
    let reason = if args.virtual_keyboard {
        let no_web = web.options.is_none();
        run_virtual(config, &options, observer, web, no_web)
    } else {
        run_devices(config, options, observer, web)
    };
    if let Some(bridge) = bridge {
        bridge.finish();
    }
    print_stats(&stats);
    report(reason?)
}

fn effective_uid() -> u32 {
    #[cfg(target_os = "linux")]
    return nix::unistd::geteuid().as_raw();
    #[cfg(not(target_os = "linux"))]
    return u32::MAX;
}

/// Says once, at start and at each reload, that a config's commands will not run.
pub fn warn_refused_commands(config: &Config, allowed: bool) {
    let count: usize = config
        .devices
        .iter()
        .map(|b| b.keymap.commands().len())
        .sum();
    if count > 0 && !allowed {
        tracing::warn!(
            "the config has {count} command(s); they will not run: start keyrx with --allow-commands to let them"
        );
    }
}

/// The statistics line SIGUSR1 asks for, also printed at exit.
fn print_stats(stats: &SharedStats) {
    eprintln!(
        "keyrx-stats {}",
        serde_json::to_string(&stats.snapshot()).unwrap_or_default()
    );
}

/// Starts the web server once the key thread's control handle exists.
struct WebStarter {
    options: Option<(WebOptions, WebFiles)>,
    /// The bridge's hub, once there is one.
    hub: Option<Hub>,
}

/// What the web server needs from the disk.
struct WebFiles {
    profiles: ProfileStore,
    token: String,
    token_path: PathBuf,
}

impl WebStarter {
    /// Prepares the token and the profile store. Without them the daemon still remaps, with one
    /// log line saying why the web server is off: a service must not fail over its dashboard.
    /// `running` is what runs and the config file, which the store shows as a profile.
    fn new(args: &RunArgs, dirs: &Dirs, running: (&ActiveConfig, &Option<PathBuf>)) -> WebStarter {
        if args.web.no_web {
            return WebStarter {
                options: None,
                hub: None,
            };
        }
        let options = match web_files(dirs, running) {
            Ok(files) => Some((
                WebOptions {
                    nice: args.observer_nice,
                    ..args.web.options()
                },
                files,
            )),
            Err(err) => {
                tracing::error!("the web server is off: {err:#}; remapping goes on without it");
                None
            }
        };
        WebStarter { options, hub: None }
    }

    fn start(self, control: Control) -> Option<WebServer> {
        let (options, files) = self.options?;
        match WebServer::start(
            options,
            self.hub?,
            control,
            files.profiles,
            files.token.clone(),
        ) {
            Ok(server) => {
                // A service's stderr goes to the journal, which more people can read than the
                // token: only a terminal gets the address with the token in it.
                if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                    eprintln!(
                        "keyrx: dashboard and API at http://{}/#token={}",
                        server.addr, files.token
                    );
                } else {
                    tracing::info!(
                        "dashboard and API at http://{}/ (token in {})",
                        server.addr,
                        files.token_path.display()
                    );
                }
                Some(server)
            }
            Err(err) => {
                tracing::error!(
                    "the web server did not start: {err:#}; remapping goes on without it"
                );
                None
            }
        }
    }
}

/// The API token and the profile store, from keyrx's state and config directories.
fn web_files(
    dirs: &Dirs,
    (active, config_file): (&ActiveConfig, &Option<PathBuf>),
) -> anyhow::Result<WebFiles> {
    let token_path = dirs
        .token()
        .context("no state directory for the API token ($STATE_DIRECTORY, $XDG_STATE_HOME and $HOME are unset)")?;
    let access = if dirs.service {
        TokenAccess::Group
    } else {
        TokenAccess::Owner
    };
    let token = security::load_or_create_token(&token_path, access)
        .with_context(|| format!("cannot write the API token {}", token_path.display()))?;
    let profiles_dir = dirs
        .profiles()
        .context("no directory for profiles ($XDG_CONFIG_HOME and $HOME are unset)")?;
    let profiles = ProfileStore::new(&profiles_dir)
        .with_context(|| {
            format!(
                "cannot open the profiles directory {}",
                profiles_dir.display()
            )
        })?
        .following(active.clone())
        .with_config_file(config_file.clone());
    Ok(WebFiles {
        profiles,
        token: token.value,
        token_path,
    })
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
    web: WebStarter,
) -> anyhow::Result<ExitReason> {
    let stats = observer.stats().clone();
    let config_path = options.config_path.clone();
    let active = options.active.clone();
    let notices = observer.notices();
    let server = Arc::new(std::sync::Mutex::new(None));
    let server_slot = server.clone();
    let result = crate::linux::run(config, options, observer, move |commands| {
        if let Ok(mut slot) = server_slot.lock() {
            *slot = web.start(Control::Devices(commands.clone()));
        }
        let reload = spawn_reloader(active, config_path, commands, notices);
        crate::linux::Hooks {
            on_stats_request: Box::new(move || print_stats(&stats)),
            on_reload_request: Box::new(move || {
                let _ = reload.send(ReloadCause::Signal);
            }),
        }
    });
    if let Some(server) = server.lock().ok().and_then(|mut s| s.take()) {
        server.stop();
    }
    result
}

#[cfg(not(target_os = "linux"))]
fn run_devices(
    _: Arc<Config>,
    _: RunOptions,
    _: Observer,
    _: WebStarter,
) -> anyhow::Result<ExitReason> {
    anyhow::bail!(
        "grabbing keyboards is supported on Linux only; `keyrx run --virtual` runs everywhere"
    )
}

/// The virtual keyboard, driven from stdin and the API; it prints every event it types, as it
/// happens. The config file is reloaded on change and on SIGHUP, as with real keyboards.
fn run_virtual(
    config: Arc<Config>,
    options: &RunOptions,
    observer: Observer,
    web: WebStarter,
    no_web: bool,
) -> anyhow::Result<ExitReason> {
    let (tx, input) = mpsc::channel();
    // Without the API, the end of stdin ends the run; with it, the API may still inject.
    super::virtual_input::spawn_stdin_reader(tx.clone(), no_web);
    let reload = spawn_virtual_reloader(options, &observer, tx.clone());
    #[cfg(target_os = "linux")]
    super::virtual_input::spawn_signal_waiter(tx.clone(), reload);
    #[cfg(not(target_os = "linux"))]
    drop(reload);
    let server = web.start(Control::Virtual(std::sync::Mutex::new(tx)));
    eprintln!("keyrx: virtual keyboard ready; type events such as `d:capslock t:300 u:capslock`");
    let printer: virtual_backend::Printer = Box::new(std::io::BufWriter::new(std::io::stdout()));
    let (reason, _) =
        virtual_backend::run_printing(config, options, observer, input, Some(printer));
    if let Some(server) = server {
        server.stop();
    }
    Ok(reason)
}

/// The reloader of what runs, fed by the virtual key thread's channel; returns the sender
/// SIGHUP uses.
fn spawn_virtual_reloader(
    options: &RunOptions,
    observer: &Observer,
    tx: mpsc::Sender<VirtualInput>,
) -> mpsc::Sender<ReloadCause> {
    let commands =
        CommandSender::from_fn(move |command| tx.send(VirtualInput::Command(command)).is_ok());
    spawn_reloader(
        options.active.clone(),
        options.config_path.clone(),
        commands,
        observer.notices(),
    )
}

/// The reloader of what runs, with the config file watched for changes.
fn spawn_reloader(
    active: ActiveConfig,
    watched: Option<PathBuf>,
    commands: CommandSender,
    notices: crate::runtime::observe::Notices,
) -> mpsc::Sender<ReloadCause> {
    let reload = crate::reload::spawn_reloader(active, watched.clone(), commands, notices);
    #[cfg(target_os = "linux")]
    if let Some(path) = watched {
        if let Err(err) = crate::linux::watch_config(&path, reload.clone()) {
            tracing::warn!("not watching {} for changes: {err}", path.display());
        }
    }
    reload
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dir::TestDir;
    use clap::Parser;
    use std::path::Path;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        run: RunArgs,
    }

    /// `keyrx run ARGS` with XDG_CONFIG_HOME at `home`: the file it starts with.
    fn starts_with(home: &Path, args: &[&str]) -> Option<PathBuf> {
        let args = Wrapper::parse_from(std::iter::once("run").chain(args.iter().copied())).run;
        let home = home.to_path_buf();
        let dirs = Dirs::from_vars(|name| (name == "XDG_CONFIG_HOME").then(|| home.clone().into()));
        let config_file = config_path(&args, &dirs);
        starting_config(&args, &dirs, &config_file).unwrap().0
    }

    #[test]
    fn the_profile_activated_last_runs_after_a_restart_unless_config_is_given() {
        let home = TestDir::new();
        let keyrx = home.path().join("keyrx");
        let profiles = keyrx.join("profiles");
        std::fs::create_dir_all(&profiles).unwrap();
        let good = r#"layer("base", || { map("a", "b"); });"#;
        std::fs::write(keyrx.join("config.rhai"), good).unwrap();
        let other = home.path().join("other.rhai");
        std::fs::write(&other, good).unwrap();
        assert_eq!(
            starts_with(home.path(), &[]),
            Some(keyrx.join("config.rhai"))
        );
        std::fs::write(profiles.join("work.rhai"), good).unwrap();
        std::fs::write(profiles.join(".active"), "work\n").unwrap();
        assert_eq!(
            starts_with(home.path(), &[]),
            Some(profiles.join("work.rhai"))
        );
        let explicit = other.to_str().unwrap();
        assert_eq!(
            starts_with(home.path(), &["--config", explicit]),
            Some(other.clone())
        );
        // A remembered profile that no longer loads never keeps keyrx from starting.
        std::fs::write(
            profiles.join("work.rhai"),
            r#"layer("base", || { map("a", "nope"); });"#,
        )
        .unwrap();
        assert_eq!(
            starts_with(home.path(), &[]),
            Some(keyrx.join("config.rhai"))
        );
        std::fs::remove_file(profiles.join("work.rhai")).unwrap();
        assert_eq!(
            starts_with(home.path(), &[]),
            Some(keyrx.join("config.rhai"))
        );
        // The config file's own name, activated, is the config file, not a stored namesake.
        std::fs::write(profiles.join("config.rhai"), good).unwrap();
        std::fs::write(profiles.join(".active"), "config\n").unwrap();
        assert_eq!(
            starts_with(home.path(), &[]),
            Some(keyrx.join("config.rhai"))
        );
    }
}
