//! The key thread on Linux: one epoll over the grabbed devices, a timerfd set to the engines'
//! next deadline, hotplug (inotify on /dev/input), signals (signalfd), commands (eventfd) and
//! LED requests from the virtual keyboard. It sleeps until one of them has something; there is
//! no polling tick.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use keyrx_core::config::Config;
use keyrx_core::event::Micros;
use nix::sys::epoll::{Epoll, EpollCreateFlags, EpollEvent, EpollFlags, EpollTimeout};
use nix::sys::eventfd::EventFd;
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};
use nix::sys::signal::Signal;
use nix::sys::signalfd::{SfdFlags, SigSet, SignalFd};
use nix::sys::time::TimeSpec;
use nix::sys::timerfd::{ClockId, Expiration, TimerFd, TimerFlags, TimerSetTimeFlags};

use super::device::{
    EV_KEY, EV_SYN, InputDevice, SYN_DROPPED, event_micros, event_nodes, zero_event,
};
use super::key_sync::InputKeys;
use super::memory;
use super::uinput::{VIRTUAL_KEYBOARD_NAME, VirtualKeyboard};
use crate::daemon::{Command, ExitReason, RunOptions};
use crate::runtime::observe::Observer;
use crate::runtime::{DeviceId, KeyOutcome, Runtime, select_block};

const TIMER: u64 = 0;
const SIGNALS: u64 = 1;
const HOTPLUG: u64 = 2;
const COMMANDS: u64 = 3;
const OUTPUT: u64 = 4;
/// Device tokens are their id plus this.
const DEVICE_BASE: u64 = 16;

/// The signals the key thread handles; every thread must block them (see `block_signals`).
pub fn handled_signals() -> SigSet {
    let mut set = SigSet::empty();
    for s in [
        Signal::SIGTERM,
        Signal::SIGINT,
        Signal::SIGHUP,
        Signal::SIGUSR1,
    ] {
        set.add(s);
    }
    set
}

/// Blocks the handled signals in this thread and every thread it spawns later, so they are
/// delivered only through the key thread's signalfd.
pub fn block_signals() -> nix::Result<()> {
    handled_signals().thread_block()
}

/// The current `CLOCK_MONOTONIC` time in microseconds, the engines' clock.
pub fn now_micros() -> Micros {
    let t = nix::time::clock_gettime(nix::time::ClockId::CLOCK_MONOTONIC)
        .unwrap_or_else(|_| TimeSpec::new(0, 0));
    t.tv_sec() as u64 * 1_000_000 + t.tv_nsec() as u64 / 1_000
}

/// A device the loop has opened: waiting for its keys to be up, or grabbed and remapped.
struct Attached {
    id: DeviceId,
    device: InputDevice,
    grabbed: bool,
    /// What its engine has been told is down, for resynchronising after lost events.
    keys: InputKeys,
}

pub struct Hooks {
    /// Called for SIGUSR1 (print statistics).
    pub on_stats_request: Box<dyn FnMut()>,
    /// Called for SIGHUP (reload the config file).
    pub on_reload_request: Box<dyn FnMut()>,
}

pub struct EventLoop {
    epoll: Epoll,
    timer: TimerFd,
    signals: SignalFd,
    hotplug: Inotify,
    commands_wake: Arc<EventFd>,
    commands: Receiver<Command>,
    runtime: Runtime<VirtualKeyboard>,
    devices: Vec<Attached>,
    next_id: DeviceId,
    armed: Option<Micros>,
    input_dir: PathBuf,
    options: RunOptions,
    hooks: Hooks,
}

impl EventLoop {
    /// Creates the virtual keyboard and the loop's descriptors. Devices are attached by `run`.
    pub fn new(
        config: Arc<Config>,
        options: RunOptions,
        observer: Observer,
        commands: (Arc<EventFd>, Receiver<Command>),
        hooks: Hooks,
    ) -> anyhow::Result<EventLoop> {
        let keyboard = VirtualKeyboard::create("/dev/uinput").map_err(|e| uinput_error(&e))?;
        let epoll = Epoll::new(EpollCreateFlags::EPOLL_CLOEXEC)?;
        let timer = TimerFd::new(
            ClockId::CLOCK_MONOTONIC,
            TimerFlags::TFD_NONBLOCK | TimerFlags::TFD_CLOEXEC,
        )?;
        let signals = SignalFd::with_flags(
            &handled_signals(),
            SfdFlags::SFD_NONBLOCK | SfdFlags::SFD_CLOEXEC,
        )?;
        let hotplug = Inotify::init(InitFlags::IN_NONBLOCK | InitFlags::IN_CLOEXEC)?;
        let input_dir = PathBuf::from("/dev/input");
        hotplug.add_watch(
            &input_dir,
            AddWatchFlags::IN_CREATE | AddWatchFlags::IN_ATTRIB,
        )?;
        let readable = EpollFlags::EPOLLIN;
        epoll.add(&timer, EpollEvent::new(readable, TIMER))?;
        epoll.add(&signals, EpollEvent::new(readable, SIGNALS))?;
        epoll.add(&hotplug, EpollEvent::new(readable, HOTPLUG))?;
        epoll.add(&*commands.0, EpollEvent::new(readable, COMMANDS))?;
        epoll.add(&keyboard, EpollEvent::new(readable, OUTPUT))?;
        let mut runtime = Runtime::new(config, keyboard, observer, options.emergency.clone());
        runtime.set_launcher(options.launcher.clone());
        Ok(EventLoop {
            epoll,
            timer,
            signals,
            hotplug,
            commands_wake: commands.0,
            commands: commands.1,
            runtime,
            devices: Vec::new(),
            next_id: 1,
            armed: None,
            input_dir,
            options,
            hooks,
        })
    }

    /// Runs until a signal, the emergency chord or a shutdown command. Whatever ends it, every
    /// held output key is released and every device let go before it returns, panics included.
    pub fn run(mut self) -> ExitReason {
        let reason = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.serve())) {
            Ok(reason) => reason,
            Err(panic) => ExitReason::Panic(panic_message(&panic)),
        };
        self.shut_down();
        reason
    }

    fn serve(&mut self) -> ExitReason {
        // Timers fire at their deadline: without this the kernel may delay them by the default
        // 50 µs timer slack to batch wake-ups.
        // SAFETY: PR_SET_TIMERSLACK takes one unsigned long and only affects this thread.
        unsafe { libc::prctl(libc::PR_SET_TIMERSLACK, 1 as libc::c_ulong) };
        for path in event_nodes(&self.input_dir) {
            self.consider(&path);
        }
        self.settle_in();
        let mut events = [EpollEvent::empty(); 32];
        loop {
            self.arm_timer();
            let n = match self.epoll.wait(&mut events, EpollTimeout::NONE) {
                Ok(n) => n,
                Err(nix::errno::Errno::EINTR) => continue,
                Err(err) => panic!("epoll_wait failed: {err}"),
            };
            for event in &events[..n] {
                if let Some(reason) = self.dispatch(event.data(), event.events()) {
                    return reason;
                }
            }
            self.runtime.end_batch();
        }
    }

    /// Start-up is over: drop what only start-up used from memory, then apply the tuning
    /// asked for (locking after the drop, so only the working set is locked).
    fn settle_in(&mut self) {
        match memory::drop_startup_pages() {
            Ok(bytes) => tracing::debug!("dropped {} KiB of start-up mappings", bytes / 1024),
            Err(err) => tracing::debug!("cannot read /proc/self/smaps: {err}"),
        }
        let tuning = self.options.tuning;
        if tuning.lock_memory {
            match memory::lock_memory() {
                Ok(()) => tracing::info!("memory locked (mlockall)"),
                Err(err) => tracing::warn!("--mlockall failed: {err}; running unlocked"),
            }
        }
        if let Some(priority) = tuning.realtime {
            match memory::realtime(priority) {
                Ok(()) => tracing::info!("key thread runs SCHED_FIFO {priority}"),
                Err(err) => tracing::warn!("--realtime {priority} failed: {err}; running as usual"),
            }
        }
    }

    fn dispatch(&mut self, token: u64, flags: EpollFlags) -> Option<ExitReason> {
        match token {
            TIMER => {
                let _ = self.timer.wait();
                self.armed = None;
                self.runtime.timers(now_micros());
                None
            }
            SIGNALS => self.on_signals(),
            HOTPLUG => {
                self.on_hotplug();
                None
            }
            COMMANDS => self.on_commands(),
            OUTPUT => {
                self.forward_leds();
                None
            }
            device => self.on_device(device - DEVICE_BASE, flags),
        }
    }

    /// Sets the timerfd to the engines' next deadline (absolute), or disarms it.
    fn arm_timer(&mut self) {
        let next = self.runtime.next_deadline();
        if next == self.armed {
            return;
        }
        self.armed = next;
        let result = match next {
            // A zero TimeSpec would disarm the timer, so a deadline at 0 becomes 1 µs.
            Some(at) => self.timer.set(
                Expiration::OneShot(TimeSpec::from_duration(std::time::Duration::from_micros(
                    at.max(1),
                ))),
                TimerSetTimeFlags::TFD_TIMER_ABSTIME,
            ),
            None => self.timer.unset(),
        };
        if let Err(err) = result {
            tracing::error!("arming the timer failed: {err}");
        }
    }

    fn on_signals(&mut self) -> Option<ExitReason> {
        while let Ok(Some(info)) = self.signals.read_signal() {
            match Signal::try_from(info.ssi_signo as i32) {
                Ok(Signal::SIGHUP) => (self.hooks.on_reload_request)(),
                Ok(Signal::SIGUSR1) => (self.hooks.on_stats_request)(),
                Ok(signal) => return Some(ExitReason::Signal(signal as i32)),
                Err(_) => {}
            }
        }
        None
    }

    fn on_commands(&mut self) -> Option<ExitReason> {
        let _ = self.commands_wake.read();
        while let Ok(command) = self.commands.try_recv() {
            match command {
                Command::Reload { config, source } => self.reload(config, &source),
                Command::ReleaseAll => self.runtime.release_all(now_micros()),
                Command::Shutdown => return Some(ExitReason::Shutdown),
            }
        }
        None
    }

    fn reload(&mut self, config: Arc<Config>, source: &str) {
        let unmatched = self.runtime.reload(config, source, now_micros());
        for id in unmatched {
            self.release_device(id);
        }
        // Devices the old config left alone may match the new one.
        for path in event_nodes(&self.input_dir) {
            if !self.devices.iter().any(|a| a.device.path == path) {
                self.consider(&path);
            }
        }
        tracing::info!("now running the config from {source}");
    }

    fn on_hotplug(&mut self) {
        let Ok(events) = self.hotplug.read_events() else {
            return;
        };
        for e in events {
            let Some(name) = e.name.as_ref().and_then(|n| n.to_str()) else {
                continue;
            };
            if !name.starts_with("event") {
                continue;
            }
            let path = self.input_dir.join(name);
            if !self.devices.iter().any(|a| a.device.path == path) {
                self.consider(&path);
            }
        }
    }

    /// Opens a device; if a config block matches it, waits for its keys to be up, then grabs it.
    fn consider(&mut self, path: &Path) {
        let Ok(device) = InputDevice::open(path) else {
            return;
        };
        if device.info.name == VIRTUAL_KEYBOARD_NAME || !device.emits_keys() {
            return;
        }
        let config = self.runtime.config().clone();
        let Some(block) = select_block(&config, &device.info, device.is_keyboard()) else {
            tracing::info!(
                "leaving {} ({}) alone: no config block matches it",
                device.info.name,
                path.display()
            );
            return;
        };
        let id = self.next_id;
        self.next_id += 1;
        let token = DEVICE_BASE + u64::from(id);
        if let Err(err) = self
            .epoll
            .add(&device, EpollEvent::new(EpollFlags::EPOLLIN, token))
        {
            tracing::warn!("cannot watch {}: {err}", path.display());
            return;
        }
        tracing::info!(
            "{} ({}) matches block {block} `{}`",
            device.info.name,
            path.display(),
            config.devices[block].name
        );
        self.devices.push(Attached {
            id,
            device,
            grabbed: false,
            keys: InputKeys::default(),
        });
        self.try_grab(id);
    }

    /// Grabs a device once none of its keys is down, so a key held at startup (or at plug-in)
    /// is released to the system normally rather than stuck.
    fn try_grab(&mut self, id: DeviceId) {
        let Some(attached) = self.devices.iter_mut().find(|a| a.id == id) else {
            return;
        };
        match attached.device.any_key_down() {
            Ok(false) => {}
            Ok(true) => return,
            Err(_) => return self.release_device(id),
        }
        if let Err(err) = attached.device.grab() {
            tracing::warn!("cannot grab {}: {err}", attached.device.info.name);
            return self.release_device(id);
        }
        let _ = attached.device.drain();
        attached.grabbed = true;
        let info = attached.device.info.clone();
        let is_keyboard = attached.device.is_keyboard();
        if self.runtime.attach(id, info, is_keyboard).is_none() {
            self.release_device(id);
        }
    }

    fn on_device(&mut self, id: u64, flags: EpollFlags) -> Option<ExitReason> {
        let id = id as DeviceId;
        let index = self.devices.iter().position(|a| a.id == id)?;
        if !self.devices[index].grabbed {
            let _ = self.devices[index].device.drain();
            if flags.intersects(EpollFlags::EPOLLERR | EpollFlags::EPOLLHUP) {
                self.release_device(id);
            } else {
                self.try_grab(id);
            }
            return None;
        }
        let mut buf = [zero_event(); 64];
        loop {
            let n = match self.devices[index].device.read(&mut buf) {
                Ok(0) => return None,
                Ok(n) => n,
                Err(_) => {
                    // ENODEV: unplugged (or suspended). Release what its engine held.
                    tracing::info!("{} went away", self.devices[index].device.info.name);
                    self.runtime.detach(id, now_micros());
                    self.release_device(id);
                    return None;
                }
            };
            for e in &buf[..n] {
                if e.type_ == EV_SYN && e.code == SYN_DROPPED {
                    // The rest of this read predates the state the resync reads.
                    if let Some(reason) = self.resync(index) {
                        return Some(reason);
                    }
                    break;
                }
                if let Some(reason) = self.on_input(index, e) {
                    return Some(reason);
                }
            }
        }
    }

    /// After `SYN_DROPPED`: drops what is still queued, then tells the engine every key whose
    /// state changed meanwhile (a release lost in the drop would otherwise leave a key held).
    fn resync(&mut self, index: usize) -> Option<ExitReason> {
        let EventLoop {
            devices, runtime, ..
        } = self;
        let attached = &mut devices[index];
        let _ = attached.device.drain();
        let actual = attached.device.key_state().ok()?;
        tracing::warn!(
            "{}: the kernel dropped input events; resynchronised from its key state",
            attached.device.info.name
        );
        let now = now_micros();
        runtime.timers(now);
        let mut emergency = false;
        attached.keys.resync(&actual, |code, value| {
            emergency |= runtime.key(attached.id, code, value, now) == KeyOutcome::Emergency;
        });
        emergency.then_some(ExitReason::Emergency)
    }

    fn on_input(&mut self, index: usize, e: &libc::input_event) -> Option<ExitReason> {
        if e.type_ != EV_KEY || !self.devices[index].keys.accept(e.code, e.value) {
            return None;
        }
        let id = self.devices[index].id;
        if e.value == 1
            && self
                .options
                .debug_panic_key
                .is_some_and(|k| k.code() == e.code)
        {
            panic!("forced panic on the key path (--debug-panic-key)");
        }
        // Timers due before this event fire first, at their own deadlines.
        let time = event_micros(e).max(1);
        self.runtime.timers(time.min(now_micros()));
        match self.runtime.key(id, e.code, e.value, time) {
            KeyOutcome::Handled => None,
            KeyOutcome::Emergency => Some(ExitReason::Emergency),
        }
    }

    fn forward_leds(&mut self) {
        let devices = &self.devices;
        let mut locks = self.runtime.locks();
        self.runtime.output().read_leds(|led, value| {
            for a in devices.iter().filter(|a| a.grabbed) {
                a.device.set_led(led, value);
            }
            if led < 16 {
                let bits = locks.unwrap_or(0);
                locks = Some(if value != 0 {
                    bits | 1 << led
                } else {
                    bits & !(1 << led)
                });
            }
        });
        if let Some(locks) = locks {
            self.runtime.set_locks(locks);
        }
    }

    fn release_device(&mut self, id: DeviceId) {
        if let Some(i) = self.devices.iter().position(|a| a.id == id) {
            let mut attached = self.devices.swap_remove(i);
            let _ = self.epoll.delete(&attached.device);
            attached.device.ungrab();
        }
    }

    /// Releases every held output key, then lets go of every device.
    fn shut_down(&mut self) {
        self.runtime.release_all(now_micros());
        for mut attached in self.devices.drain(..) {
            attached.device.ungrab();
        }
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Why uinput could not be opened, and what to do about it.
fn uinput_error(err: &std::io::Error) -> anyhow::Error {
    let hint = match err.kind() {
        std::io::ErrorKind::NotFound => {
            "/dev/uinput does not exist: load the module (`sudo modprobe uinput`; to load it at boot, \
             add `uinput` to /etc/modules-load.d/keyrx.conf). Kernels built without uinput cannot run \
             the daemon; `keyrx run --virtual` runs everything else."
        }
        std::io::ErrorKind::PermissionDenied => {
            "no permission to open /dev/uinput: install the udev rule from docs/linux.md and add your \
             user to the `input` group (then log in again), or run as root."
        }
        _ => "see docs/linux.md.",
    };
    anyhow::anyhow!("cannot create the virtual keyboard (/dev/uinput: {err}). {hint}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_uinput_says_how_to_fix_it_and_offers_the_virtual_backend() {
        let missing = uinput_error(&std::io::Error::from(std::io::ErrorKind::NotFound)).to_string();
        assert!(
            missing.contains("modprobe uinput") && missing.contains("keyrx run --virtual"),
            "{missing}"
        );
        let denied =
            uinput_error(&std::io::Error::from(std::io::ErrorKind::PermissionDenied)).to_string();
        assert!(
            denied.contains("input` group") && denied.contains("udev"),
            "{denied}"
        );
    }

    #[test]
    fn the_monotonic_clock_moves_forward() {
        let a = now_micros();
        let b = now_micros();
        assert!(a > 0 && b >= a);
    }
}
