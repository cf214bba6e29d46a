//! The Linux backend: evdev input devices, the uinput virtual keyboard and the key thread.

mod device;
pub mod event_loop;
mod key_sync;
pub mod memory;
mod pointer;
mod uinput;

use std::path::Path;
use std::sync::Arc;

use keyrx_core::config::{Config, DeviceInfo};
use nix::sys::eventfd::{EfdFlags, EventFd};

use crate::daemon::{CommandSender, ExitReason, RunOptions};
use crate::runtime::observe::Observer;
use crate::runtime::select_block;
pub use event_loop::{Hooks, block_signals};

/// Starts the key thread on real devices and waits for it to end.
pub fn run(
    config: Arc<Config>,
    options: RunOptions,
    observer: Observer,
    hooks_for: impl FnOnce(CommandSender) -> Hooks + Send + 'static,
) -> anyhow::Result<ExitReason> {
    let wake = Arc::new(EventFd::from_value_and_flags(
        0,
        EfdFlags::EFD_NONBLOCK | EfdFlags::EFD_CLOEXEC,
    )?);
    let waker = wake.clone();
    let (sender, commands) = CommandSender::new(Arc::new(move || {
        let _ = waker.write(1);
    }));
    let hooks = hooks_for(sender);
    let event_loop =
        event_loop::EventLoop::new(config, options, observer, (wake, commands), hooks)?;
    Ok(event_loop.run())
}

/// One input device as `keyrx devices` shows it.
#[derive(Debug, serde::Serialize)]
pub struct DeviceReport {
    pub path: String,
    pub info: DeviceInfo,
    pub keyboard: bool,
    /// The config block that would take it, by name.
    pub block: Option<String>,
    /// Another process (perhaps a running keyrx) holds its grab; `None` when not probed.
    pub grabbed_elsewhere: Option<bool>,
}

/// Whether `list_devices` may find out who holds a device's grab. The only way to know is to
/// grab it for a moment, and the device's events are lost to everyone else meanwhile: fine
/// for a person running `keyrx devices`, never for the daemon's own API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrabProbe {
    Probe,
    DoNotTouch,
}

/// Every input device that emits keys, and which block of `config` would take it. Devices are
/// only opened and asked for their identity (no grab) unless `probe` says otherwise.
pub fn list_devices(config: &Config, probe: GrabProbe) -> Vec<DeviceReport> {
    device::event_nodes(Path::new("/dev/input"))
        .into_iter()
        .filter_map(|path| {
            let mut d = device::InputDevice::open(&path).ok()?;
            if !d.emits_keys() {
                return None;
            }
            let block = select_block(config, &d.info, d.is_keyboard())
                .map(|b| config.devices[b].name.clone());
            Some(DeviceReport {
                path: path.display().to_string(),
                keyboard: d.is_keyboard(),
                grabbed_elsewhere: (probe == GrabProbe::Probe).then(|| d.grabbed_elsewhere()),
                info: d.info.clone(),
                block,
            })
        })
        .collect()
}

/// Watches the config file's directory (editors replace files by renaming, which a watch on
/// the file itself would miss) and asks for a reload whenever the file is written or replaced.
pub fn watch_config(
    path: &Path,
    reload: std::sync::mpsc::Sender<crate::reload::ReloadCause>,
) -> anyhow::Result<()> {
    use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = path.file_name().map(|n| n.to_os_string());
    let inotify = Inotify::init(InitFlags::IN_CLOEXEC)?;
    let flags =
        AddWatchFlags::IN_CLOSE_WRITE | AddWatchFlags::IN_MOVED_TO | AddWatchFlags::IN_CREATE;
    inotify.add_watch(&dir, flags)?;
    std::thread::Builder::new()
        .name("keyrx-watch".into())
        .spawn(move || {
            while let Ok(events) = inotify.read_events() {
                if events.iter().any(|e| e.name.as_deref() == name.as_deref())
                    && reload
                        .send(crate::reload::ReloadCause::FileChanged)
                        .is_err()
                {
                    return;
                }
            }
        })?;
    Ok(())
}
