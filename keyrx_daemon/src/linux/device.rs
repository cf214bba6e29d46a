//! An evdev input device: its identity, its key state, the exclusive grab, and reads that
//! allocate nothing.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use keyrx_core::config::DeviceInfo;
use keyrx_core::keys::key;

use super::key_sync::{KEY_BYTES, KeyBits};

nix::ioctl_read!(eviocgid, b'E', 0x02, [u16; 4]);
nix::ioctl_read_buf!(eviocgname, b'E', 0x06, u8);
nix::ioctl_read_buf!(eviocgphys, b'E', 0x07, u8);
nix::ioctl_read_buf!(eviocguniq, b'E', 0x08, u8);
nix::ioctl_read_buf!(eviocgkey, b'E', 0x18, u8);
nix::ioctl_read_buf!(eviocgbit_types, b'E', 0x20, u8);
nix::ioctl_read_buf!(eviocgbit_keys, b'E', 0x21, u8);
nix::ioctl_write_int!(eviocgrab, b'E', 0x90);
nix::ioctl_write_ptr!(eviocsclockid, b'E', 0xa0, libc::c_int);

pub const EV_SYN: u16 = 0;
pub const EV_KEY: u16 = 1;
pub const EV_LED: u16 = 0x11;
pub const SYN_DROPPED: u16 = 3;

pub struct InputDevice {
    file: File,
    pub path: PathBuf,
    pub info: DeviceInfo,
    supported: [u8; KEY_BYTES],
    emits_leds: bool,
    grabbed: bool,
}

fn c_string(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

impl InputDevice {
    /// Opens an event device without grabbing it, and switches its timestamps to
    /// `CLOCK_MONOTONIC` so they compare with the engine's clock.
    pub fn open(path: &Path) -> io::Result<InputDevice> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
            .open(path)
            .or_else(|_| {
                OpenOptions::new()
                    .read(true)
                    .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
                    .open(path)
            })?;
        let fd = file.as_raw_fd();
        let mut name = [0u8; 256];
        let mut phys = [0u8; 256];
        let mut uniq = [0u8; 256];
        let mut id = [0u16; 4];
        let mut types = [0u8; 4];
        let mut supported = [0u8; KEY_BYTES];
        // SAFETY: each buffer is as large as the length passed with it.
        unsafe {
            eviocgname(fd, &mut name)?;
            let _ = eviocgphys(fd, &mut phys);
            let _ = eviocguniq(fd, &mut uniq);
            eviocgid(fd, &mut id)?;
            eviocgbit_types(fd, &mut types)?;
            if types[0] & (1 << EV_KEY) != 0 {
                eviocgbit_keys(fd, &mut supported)?;
            }
            let monotonic: libc::c_int = libc::CLOCK_MONOTONIC;
            eviocsclockid(fd, &monotonic)?;
        }
        let emits_leds = types[(EV_LED / 8) as usize] & (1 << (EV_LED % 8)) != 0;
        Ok(InputDevice {
            file,
            path: path.to_path_buf(),
            info: DeviceInfo {
                name: c_string(&name),
                vendor: id[1],
                product: id[2],
                phys: c_string(&phys),
                uniq: c_string(&uniq),
            },
            supported,
            emits_leds,
            grabbed: false,
        })
    }

    fn supports(&self, code: u16) -> bool {
        self.supported[code as usize / 8] & (1 << (code % 8)) != 0
    }

    /// Whether it has any key at all (keyboards, numpads, macro pads, but also mice).
    pub fn emits_keys(&self) -> bool {
        self.supported.iter().any(|b| *b != 0)
    }

    /// Whether it looks like a keyboard: it has the letter keys.
    pub fn is_keyboard(&self) -> bool {
        ["a", "z", "q", "m", "space"]
            .iter()
            .all(|k| self.supports(key(k).code()))
    }

    /// The keys down right now (`EVIOCGKEY`).
    pub fn key_state(&self) -> io::Result<KeyBits> {
        let mut state = [0u8; KEY_BYTES];
        // SAFETY: the buffer is as large as the length passed with it.
        unsafe { eviocgkey(self.file.as_raw_fd(), &mut state)? };
        Ok(state)
    }

    /// Whether any key is down right now.
    pub fn any_key_down(&self) -> io::Result<bool> {
        Ok(self.key_state()?.iter().any(|b| *b != 0))
    }

    pub fn grab(&mut self) -> io::Result<()> {
        // SAFETY: EVIOCGRAB takes an int flag.
        unsafe { eviocgrab(self.file.as_raw_fd(), 1)? };
        self.grabbed = true;
        Ok(())
    }

    pub fn ungrab(&mut self) {
        if self.grabbed {
            // SAFETY: EVIOCGRAB takes an int flag.
            let _ = unsafe { eviocgrab(self.file.as_raw_fd(), 0) };
            self.grabbed = false;
        }
    }

    /// Whether another process holds the grab. Tested by grabbing and letting go at once.
    pub fn grabbed_elsewhere(&mut self) -> bool {
        // SAFETY: EVIOCGRAB takes an int flag.
        match unsafe { eviocgrab(self.file.as_raw_fd(), 1) } {
            Ok(_) => {
                let _ = unsafe { eviocgrab(self.file.as_raw_fd(), 0) };
                false
            }
            Err(_) => true,
        }
    }

    /// Reads pending events into `buf`; `Ok(0)` when there are none.
    pub fn read(&self, buf: &mut [libc::input_event]) -> io::Result<usize> {
        let bytes = std::mem::size_of_val(buf);
        // SAFETY: `buf` is valid for `bytes` bytes and input_event is plain data.
        let n = unsafe { libc::read(self.file.as_raw_fd(), buf.as_mut_ptr().cast(), bytes) };
        if n < 0 {
            let err = io::Error::last_os_error();
            return match err.kind() {
                io::ErrorKind::WouldBlock => Ok(0),
                _ => Err(err),
            };
        }
        Ok(n as usize / std::mem::size_of::<libc::input_event>())
    }

    /// Throws away whatever is queued (after a grab, before handing the device to an engine).
    pub fn drain(&self) -> io::Result<()> {
        let mut buf = [zero_event(); 64];
        while self.read(&mut buf)? > 0 {}
        Ok(())
    }

    /// Sets an LED (CapsLock, NumLock, ...) on the physical keyboard.
    pub fn set_led(&self, code: u16, value: i32) {
        if !self.emits_leds {
            return;
        }
        let events = [event(EV_LED, code, value), event(EV_SYN, 0, 0)];
        // SAFETY: the array is plain data of the given size.
        let _ = unsafe {
            libc::write(
                self.file.as_raw_fd(),
                events.as_ptr().cast(),
                std::mem::size_of_val(&events),
            )
        };
    }
}

impl AsFd for InputDevice {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.file.as_fd()
    }
}

impl Drop for InputDevice {
    fn drop(&mut self) {
        self.ungrab();
    }
}

pub fn zero_event() -> libc::input_event {
    event(0, 0, 0)
}

pub fn event(type_: u16, code: u16, value: i32) -> libc::input_event {
    libc::input_event {
        time: libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        },
        type_,
        code,
        value,
    }
}

/// An event's kernel timestamp in microseconds (monotonic once `open` switched the clock).
pub fn event_micros(e: &libc::input_event) -> u64 {
    (e.time.tv_sec as u64) * 1_000_000 + e.time.tv_usec as u64
}

/// `/dev/input/event*` nodes, sorted by number.
pub fn event_nodes(dir: &Path) -> Vec<PathBuf> {
    let mut nodes: Vec<(u32, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let e = e.ok()?;
            let n = e
                .file_name()
                .to_str()?
                .strip_prefix("event")?
                .parse()
                .ok()?;
            Some((n, e.path()))
        })
        .collect();
    nodes.sort();
    nodes.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_nodes_are_found_and_sorted_by_number() {
        let dir = std::env::temp_dir().join(format!("keyrx-nodes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["event10", "event2", "mouse0", "eventx", "event0"] {
            std::fs::write(dir.join(name), b"").unwrap();
        }
        let names: Vec<_> = event_nodes(&dir)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(names, ["event0", "event2", "event10"]);
    }

    #[test]
    fn event_timestamps_become_microseconds() {
        let mut e = event(EV_KEY, 30, 1);
        e.time = libc::timeval {
            tv_sec: 12,
            tv_usec: 345_678,
        };
        assert_eq!(event_micros(&e), 12_345_678);
        assert_eq!(c_string(b"AT keyboard\0\0junk"), "AT keyboard");
    }
}
