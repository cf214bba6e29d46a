//! Clock, sleeping and the raw evdev/uinput/fd calls (ioctl, fcntl, poll, event reads and
//! writes) the evdev crate does not wrap.

use evdev::InputEvent;
use std::fs;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, UNIX_EPOCH};

/// CLOCK_MONOTONIC in ns. Output readers switch their evdev clients to the same clock
/// (EVIOCSCLOCKID), so kernel event timestamps and these values are directly comparable.
pub fn mono_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Kernel timestamp of an event (monotonic once EVIOCSCLOCKID was applied), ns.
pub fn ev_ns(ev: &InputEvent) -> u64 {
    ev.timestamp()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

pub fn sleep_ms(ms: u64) {
    thread::sleep(Duration::from_millis(ms))
}

const EVIOCSCLOCKID: u64 = 0x4004_45a0; // _IOW('E', 0xa0, int)
const fn eviocgkey(len: u64) -> u64 {
    (2 << 30) | (len << 16) | (0x45 << 8) | 0x18 // _IOC(_IOC_READ, 'E', 0x18, len)
}
const KEY_BYTES: usize = 0x300 / 8; // KEY_CNT bits

pub fn set_mono_clock(fd: RawFd) -> io::Result<()> {
    let clk: libc::c_int = libc::CLOCK_MONOTONIC;
    if unsafe { libc::ioctl(fd, EVIOCSCLOCKID as _, &clk) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

pub fn set_nonblocking(fd: RawFd, on: bool) -> io::Result<()> {
    let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if fl < 0 {
        return Err(io::Error::last_os_error());
    }
    let nfl = if on {
        fl | libc::O_NONBLOCK
    } else {
        fl & !libc::O_NONBLOCK
    };
    if unsafe { libc::fcntl(fd, libc::F_SETFL, nfl) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// poll(2) one fd for input. Ok(true) = readable (or hung up), Ok(false) = timeout.
pub fn poll_in(fd: RawFd, timeout_ms: i32) -> io::Result<bool> {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    loop {
        let r = unsafe { libc::poll(&mut p, 1, timeout_ms) };
        if r < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        return Ok(r > 0);
    }
}

/// EVIOCGKEY: keys the kernel believes are down on the device behind `fd`.
pub fn kernel_key_state(fd: RawFd) -> io::Result<Vec<u16>> {
    let mut buf = [0u8; KEY_BYTES];
    if unsafe { libc::ioctl(fd, eviocgkey(KEY_BYTES as u64) as _, buf.as_mut_ptr()) } < 0 {
        return Err(io::Error::last_os_error());
    }
    let mut down = Vec::new();
    for (i, b) in buf.iter().enumerate() {
        for bit in 0..8 {
            if b & (1 << bit) != 0 {
                down.push((i * 8 + bit) as u16);
            }
        }
    }
    Ok(down)
}

// uinput ioctls (linux/uinput.h). The evdev crate's builder cannot declare LEDs, so the source
// keyboards are set up with these directly.
const UI_DEV_CREATE: u64 = 0x5501; // _IO('U', 1)
const UI_DEV_SETUP: u64 = 0x405c_5503; // _IOW('U', 3, struct uinput_setup)
const UI_SET_EVBIT: u64 = 0x4004_5564; // _IOW('U', 100, int)
const UI_SET_KEYBIT: u64 = 0x4004_5565; // _IOW('U', 101, int)
const UI_SET_LEDBIT: u64 = 0x4004_5569; // _IOW('U', 105, int)
const fn ui_get_sysname(len: u64) -> u64 {
    (2 << 30) | (len << 16) | (0x55 << 8) | 44 // _IOC(_IOC_READ, 'U', 44, len)
}
pub const EV_SYN: u16 = 0;
pub const EV_KEY: u16 = 1;
pub const EV_LED: u16 = 0x11;

fn ioctl_int(fd: RawFd, req: u64, arg: u16) -> io::Result<()> {
    if unsafe { libc::ioctl(fd, req as _, arg as libc::c_ulong) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Creates a uinput device with these keys and LEDs, on a non-blocking fd (so the LED events
/// the kernel hands back to it can be read without waiting). Closing the fd removes the device.
pub fn uinput_create(
    name: &str,
    id: (u16, u16, u16, u16),
    keys: impl Iterator<Item = u16>,
    leds: &[u16],
) -> io::Result<OwnedFd> {
    let fd = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open("/dev/uinput")?;
    let raw = fd.as_raw_fd();
    ioctl_int(raw, UI_SET_EVBIT, EV_KEY)?;
    for k in keys {
        ioctl_int(raw, UI_SET_KEYBIT, k)?;
    }
    if !leds.is_empty() {
        ioctl_int(raw, UI_SET_EVBIT, EV_LED)?;
        for &l in leds {
            ioctl_int(raw, UI_SET_LEDBIT, l)?;
        }
    }
    let mut setup = libc::uinput_setup {
        id: libc::input_id {
            bustype: id.0,
            vendor: id.1,
            product: id.2,
            version: id.3,
        },
        name: [0; libc::UINPUT_MAX_NAME_SIZE],
        ff_effects_max: 0,
    };
    let n = name.as_bytes();
    if n.len() >= setup.name.len() {
        return Err(io::Error::other(format!("device name '{name}' too long")));
    }
    for (d, s) in setup.name.iter_mut().zip(n) {
        *d = *s as libc::c_char;
    }
    if unsafe { libc::ioctl(raw, UI_DEV_SETUP as _, &setup) } < 0 {
        return Err(io::Error::last_os_error());
    }
    if unsafe { libc::ioctl(raw, UI_DEV_CREATE as _) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(fd.into())
}

/// /sys/devices/virtual/input/inputN of a uinput device.
pub fn uinput_syspath(fd: RawFd) -> io::Result<PathBuf> {
    let mut buf = [0u8; 64];
    let r = unsafe { libc::ioctl(fd, ui_get_sysname(buf.len() as u64) as _, buf.as_mut_ptr()) };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    let name = String::from_utf8_lossy(&buf[..end]).into_owned();
    Ok(Path::new("/sys/devices/virtual/input").join(name))
}

/// One event + SYN_REPORT in a single write(2), to a uinput fd or an evdev node.
pub fn write_event(fd: RawFd, ty: u16, code: u16, value: i32) -> io::Result<()> {
    let zero = libc::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    let evs = [
        libc::input_event {
            time: zero,
            type_: ty,
            code,
            value,
        },
        libc::input_event {
            time: zero,
            type_: EV_SYN,
            code: 0,
            value: 0,
        },
    ];
    let len = std::mem::size_of_val(&evs);
    let r = unsafe { libc::write(fd, evs.as_ptr() as *const libc::c_void, len) };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    if r as usize != len {
        return Err(io::Error::other("short write"));
    }
    Ok(())
}

/// Reads whatever events are queued on a non-blocking fd (nothing queued: empty).
pub fn read_events(fd: RawFd) -> io::Result<Vec<libc::input_event>> {
    let mut out = Vec::new();
    loop {
        let mut buf = [libc::input_event {
            time: libc::timeval {
                tv_sec: 0,
                tv_usec: 0,
            },
            type_: 0,
            code: 0,
            value: 0,
        }; 16];
        let r = unsafe {
            libc::read(
                fd,
                buf.as_mut_ptr() as *mut libc::c_void,
                std::mem::size_of_val(&buf),
            )
        };
        if r < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::WouldBlock {
                return Ok(out);
            }
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        let n = r as usize / std::mem::size_of::<libc::input_event>();
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&buf[..n]);
    }
}

const fn eviocgled(len: u64) -> u64 {
    (2 << 30) | (len << 16) | (0x45 << 8) | 0x19 // _IOC(_IOC_READ, 'E', 0x19, len)
}
const LED_BYTES: usize = 0x10 / 8; // LED_CNT bits

/// EVIOCGLED: LEDs the kernel believes are on for the device behind an evdev `fd`.
pub fn kernel_led_state(fd: RawFd) -> io::Result<Vec<u16>> {
    let mut buf = [0u8; LED_BYTES];
    if unsafe { libc::ioctl(fd, eviocgled(LED_BYTES as u64) as _, buf.as_mut_ptr()) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok((0..0x10u16)
        .filter(|b| buf[*b as usize / 8] & (1 << (b % 8)) != 0)
        .collect())
}
