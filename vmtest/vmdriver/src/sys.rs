//! Clock, sleeping and the raw evdev/fd calls (ioctl, fcntl, poll) the evdev crate does not wrap.

use evdev::InputEvent;
use std::io;
use std::os::fd::RawFd;
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
