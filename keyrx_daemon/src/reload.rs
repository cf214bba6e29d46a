//! What runs, and reloading it: the file the running config came from (the config file or an
//! activated profile), shared by the reloader (which reloads that file on SIGHUP and when the
//! watched config file changes) and the web server (which switches it when a profile is
//! activated), so a reload never silently replaces what the dashboard made active.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::daemon::{Command, CommandSender};
use crate::runtime::observe::{Notice, Notices};

/// The file the running config came from; `None` for the built-in config.
#[derive(Clone, Default, Debug)]
pub struct ActiveConfig(Arc<Mutex<Option<PathBuf>>>);

impl ActiveConfig {
    pub fn new(path: Option<PathBuf>) -> ActiveConfig {
        ActiveConfig(Arc::new(Mutex::new(path)))
    }

    pub fn get(&self) -> Option<PathBuf> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn set(&self, path: PathBuf) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(path);
    }
}

/// Why a reload was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReloadCause {
    /// SIGHUP (`systemctl reload`): reload whatever runs.
    Signal,
    /// The watched config file was written or replaced: reloaded only while it is what runs.
    FileChanged,
}

/// Compiles what runs whenever asked, on a thread of its own, and hands good configs to the
/// key thread; a config that fails keeps the running one. `watched` is the config file the
/// file watch reports on.
pub fn spawn_reloader(
    active: ActiveConfig,
    watched: Option<PathBuf>,
    commands: CommandSender,
    notices: Notices,
) -> Sender<ReloadCause> {
    let (tx, rx) = mpsc::channel::<ReloadCause>();
    std::thread::Builder::new()
        .name("keyrx-reload".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                // Editors write in bursts (truncate, write, rename): settle, then compile once.
                std::thread::sleep(Duration::from_millis(50));
                let mut signalled = first == ReloadCause::Signal;
                while let Ok(more) = rx.try_recv() {
                    signalled |= more == ReloadCause::Signal;
                }
                let Some(path) = active.get() else {
                    tracing::info!("running the built-in config: nothing to reload");
                    continue;
                };
                if !signalled && watched.as_deref() != Some(path.as_path()) {
                    let file = watched.as_deref().map(Path::display);
                    tracing::info!(
                        "{} changed, but {} runs: activate the config file's profile to run it",
                        file.map_or_else(String::new, |f| f.to_string()),
                        path.display()
                    );
                    continue;
                }
                if !reload(&path, &commands, &notices) {
                    return;
                }
                // The compiler's code is out of the working set again (see linux::memory).
                #[cfg(target_os = "linux")]
                let _ = crate::linux::memory::drop_startup_pages();
            }
        })
        .expect("spawning the reload thread");
    tx
}

/// Compiles `path` and hands it to the key thread; false once the key thread is gone.
fn reload(path: &Path, commands: &CommandSender, notices: &Notices) -> bool {
    match crate::config_loader::load_to_run(path) {
        Ok(config) => {
            tracing::info!("config {} reloaded", path.display());
            commands.send(Command::Reload {
                config: Arc::new(config),
                source: path.display().to_string(),
            })
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
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::observe::Observer;

    /// Runs a reloader, sends `causes`, and returns the sources of the reloads it asked for.
    fn reloads(active: &ActiveConfig, watched: &Path, causes: &[ReloadCause]) -> Vec<String> {
        let (sent, got) = mpsc::channel();
        let commands = CommandSender::from_fn(move |command| {
            if let Command::Reload { source, .. } = command {
                let _ = sent.send(source);
            }
            true
        });
        let (observer, _rx) = Observer::channel(16);
        let tx = spawn_reloader(
            active.clone(),
            Some(watched.to_path_buf()),
            commands,
            observer.notices(),
        );
        let mut out = Vec::new();
        for cause in causes {
            tx.send(*cause).unwrap();
            // One answer or none per cause, well within a second.
            if let Ok(source) = got.recv_timeout(Duration::from_millis(600)) {
                out.push(source);
            }
        }
        out
    }

    #[test]
    fn what_runs_is_what_reloads() {
        let dir = std::env::temp_dir().join(format!("keyrx-reload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (config, profile) = (dir.join("config.rhai"), dir.join("work.rhai"));
        std::fs::write(&config, r#"layer("base", || { map("a", "b"); });"#).unwrap();
        std::fs::write(&profile, r#"layer("base", || { map("a", "c"); });"#).unwrap();
        let active = ActiveConfig::new(Some(config.clone()));
        let shown = |p: &Path| p.display().to_string();
        // The config file runs: its changes and SIGHUP reload it.
        assert_eq!(
            reloads(
                &active,
                &config,
                &[ReloadCause::FileChanged, ReloadCause::Signal]
            ),
            [shown(&config), shown(&config)]
        );
        // A profile was activated: SIGHUP reloads the profile, a change of the config file
        // does not replace it.
        active.set(profile.clone());
        assert_eq!(
            reloads(
                &active,
                &config,
                &[ReloadCause::FileChanged, ReloadCause::Signal]
            ),
            [shown(&profile)]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
