//! The source keyboards: uinput devices that play the physical keyboard the daemon reads. Also
//! the commands that plug, unplug, pick, type on and wait for them.

use crate::leds::LedEv;
use crate::process::holder_names;
use crate::runner::{R, Runner};
use crate::scenario::Step;
use crate::sys::{EV_KEY, mono_ns, sleep_ms, uinput_create, uinput_syspath, write_event};
use std::fs;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};

/// LEDs a source declares (NumLock, CapsLock, ScrollLock), like a common keyboard: a daemon
/// that forwards LED state writes them to the source, and `expect-source-led` reads them back.
pub const SOURCE_LEDS: [u16; 3] = [0, 1, 2];
const BUS_USB: u16 = 0x03;

pub struct Source {
    pub name: String,
    /// The uinput fd (non-blocking); None once unplugged (closed, so the kernel removed the device).
    pub fd: Option<OwnedFd>,
    pub node: PathBuf,
    /// /sys/devices/virtual/input/inputN: input numbers are never reused, unlike eventN.
    pub syspath: PathBuf,
    /// Scenario line of the `unplug` that removed it.
    pub unplugged: Option<usize>,
    /// LED events read from the uinput fd and not yet consumed by `expect-source-led`.
    pub leds: Vec<LedEv>,
}

/// The /dev/input/eventN of an input device, from its sysfs entry.
fn event_node(syspath: &Path) -> Option<PathBuf> {
    fs::read_dir(syspath).ok()?.flatten().find_map(|e| {
        let f = e.file_name();
        let f = f.to_string_lossy();
        f.starts_with("event")
            .then(|| Path::new("/dev/input").join(&*f))
    })
}

impl Source {
    pub fn create(name: &str, id: (u16, u16)) -> io::Result<Source> {
        // Every KEY_* code (not the BTN_* ranges 0x100-0x15f and 0x2c0-0x2ff), like a full keyboard.
        let keys = (1u16..=0xff).chain(0x160..=0x2bf);
        let fd = uinput_create(name, (BUS_USB, id.0, id.1, 1), keys, &SOURCE_LEDS)?;
        let syspath = uinput_syspath(fd.as_raw_fd())?;
        // The eventN node may show up only after UI_DEV_CREATE returns: wait for it (about 1 s at most).
        let mut node = None;
        for _ in 0..200 {
            if let Some(p) = event_node(&syspath)
                && p.exists()
            {
                node = Some(p);
                break;
            }
            sleep_ms(5);
        }
        let node = node.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "no /dev/input/eventN for the source",
            )
        })?;
        Ok(Source {
            name: name.to_string(),
            fd: Some(fd),
            node,
            syspath,
            unplugged: None,
            leds: Vec::new(),
        })
    }

    /// One key event + SYN_REPORT in a single write(2).
    pub fn emit(&self, code: u16, value: i32) -> io::Result<()> {
        let Some(fd) = &self.fd else {
            return Err(io::Error::other(format!(
                "source '{}' is unplugged",
                self.name
            )));
        };
        write_event(fd.as_raw_fd(), EV_KEY, code, value)
    }
}

impl Runner {
    /// `source NAME [VID:PID]`: plug in a keyboard; it becomes the current source.
    pub fn add_source(&mut self, name: &str, id: (u16, u16)) -> R {
        let s = Source::create(name, id).map_err(|e| format!("creating uinput source: {e}"))?;
        println!(
            "{}   source '{}' {:04x}:{:04x} -> {}",
            self.ts(),
            s.name,
            id.0,
            id.1,
            s.node.display()
        );
        self.sources.push(s);
        self.cur = Some(self.sources.len() - 1);
        Ok(())
    }

    /// `unplug [NAME]`: close the uinput fd and wait until the kernel has removed the device.
    pub fn unplug(&mut self, name: Option<&str>) -> R {
        let i = match name {
            None => self
                .cur
                .ok_or_else(|| "unplug: no source keyboard".to_string())?,
            Some(n) => self
                .sources
                .iter()
                .rposition(|s| s.name == n && s.fd.is_some())
                .ok_or_else(|| format!("unplug: no plugged-in source named '{n}'"))?,
        };
        if let Some(l) = self.sources[i].unplugged {
            return Err(format!(
                "unplug: source '{}' was already unplugged at line {l}",
                self.sources[i].name
            ));
        }
        let line = self.line;
        let node = self.sources[i].node.clone();
        // Taken before the unplug: afterwards the node is gone and nobody holds it.
        let holders = holder_names(&node);
        let t = mono_ns();
        let s = &mut self.sources[i];
        drop(s.fd.take()); // closes the uinput fd: the kernel unregisters the device
        s.unplugged = Some(line);
        let (sname, sys) = (s.name.clone(), s.syspath.clone());
        while sys.exists() {
            if mono_ns() - t > 2_000_000_000 {
                return Err(format!(
                    "unplug: {} still present 2 s after closing the uinput fd",
                    sys.display()
                ));
            }
            sleep_ms(1);
        }
        println!(
            "{}   unplugged '{sname}' {} ({} gone after {:.1} ms; it was held open by {})",
            self.ts(),
            node.display(),
            sys.display(),
            (mono_ns() - t) as f64 / 1e6,
            if holders.is_empty() {
                "nobody else".to_string()
            } else {
                holders.join(", ")
            }
        );
        Ok(())
    }

    /// `use NAME`: make a plugged-in source the current one.
    pub fn use_source(&mut self, name: &str) -> R {
        let i = self
            .sources
            .iter()
            .rposition(|s| s.name == name && s.fd.is_some())
            .ok_or_else(|| format!("use: no plugged-in source named '{name}'"))?;
        self.cur = Some(i);
        println!(
            "{}   current source: '{name}' {}",
            self.ts(),
            self.sources[i].node.display()
        );
        Ok(())
    }

    /// `send EVENT...` on the current source.
    pub fn send(&self, steps: &[Step]) -> R {
        let src = self.source()?;
        for s in steps {
            match *s {
                Step::Key(c, v) => src.emit(c, v).map_err(|e| format!("uinput write: {e}"))?,
                Step::Sleep(ms) => sleep_ms(ms),
            }
        }
        Ok(())
    }

    /// `wait-open [TIMEOUT]`: wait until some process (the daemon) opens the current source.
    pub fn wait_open(&self, timeout_ms: u64) -> R {
        let node = self.source()?.node.clone();
        let t = mono_ns();
        loop {
            let who = holder_names(&node);
            if !who.is_empty() {
                println!(
                    "{}   {} held open by {} after {:.1} ms",
                    self.ts(),
                    node.display(),
                    who.join(", "),
                    (mono_ns() - t) as f64 / 1e6
                );
                return Ok(());
            }
            if mono_ns() - t >= timeout_ms * 1_000_000 {
                return Err(format!(
                    "nobody opened {} within {timeout_ms} ms",
                    node.display()
                ));
            }
            sleep_ms(2);
        }
    }
}
