//! echod — the smallest useful keyboard daemon, for the harness's self-test.
//!
//! Usage: echod NAME_REGEX
//!
//! Creates a uinput keyboard named "echod output", grabs (EVIOCGRAB) the first input device whose
//! name matches NAME_REGEX and forwards every key event to the output 1:1. When the grabbed
//! device disappears (unplug), it releases on the output whatever that device still held and
//! waits for a matching device to appear again (hotplug). On SIGTERM or SIGINT it releases every
//! key it holds down on the output, ungrabs and exits 0.
//!
//! It gives the harness a daemon whose behaviour is fully known, so a failing self-test points
//! at the harness or the kernel, never at the daemon.

use evdev::raw_stream::RawDevice;
use evdev::uinput::VirtualDevice;
use evdev::{AttributeSet, BusType, EventType, InputEvent, InputId, KeyCode};
use regex::Regex;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

const OUTPUT_NAME: &str = "echod output";

static SIGNALLED: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    SIGNALLED.store(sig, Ordering::SeqCst);
}

/// SIGTERM/SIGINT set a flag; no SA_RESTART, so a blocking poll() returns EINTR at once.
fn install_handlers() {
    for sig in [libc::SIGTERM, libc::SIGINT] {
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_signal as *const () as usize;
            libc::sigemptyset(&mut sa.sa_mask);
            sa.sa_flags = 0;
            libc::sigaction(sig, &sa, std::ptr::null_mut());
        }
    }
}

fn signalled() -> Option<i32> {
    match SIGNALLED.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// The first /dev/input/eventN (lowest N) whose name matches and that is not our own output.
fn find_device(re: &Regex) -> Option<(PathBuf, String)> {
    let mut found: Vec<(u32, PathBuf, String)> = Vec::new();
    for e in fs::read_dir("/sys/class/input").ok()?.flatten() {
        let f = e.file_name();
        let f = f.to_string_lossy();
        let Some(n) = f.strip_prefix("event").and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(name) = fs::read_to_string(e.path().join("device/name")) else {
            continue;
        };
        let name = name.trim_end_matches('\n').to_string();
        let node = PathBuf::from(format!("/dev/input/{f}"));
        if name == OUTPUT_NAME || !re.is_match(&name) || !node.exists() {
            continue;
        }
        found.push((n, node, name));
    }
    found.sort();
    found.into_iter().next().map(|(_, p, n)| (p, n))
}

/// poll(2) for input; Ok(false) on timeout or on a signal.
fn poll_in(fd: i32, timeout_ms: i32) -> io::Result<bool> {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let r = unsafe { libc::poll(&mut p, 1, timeout_ms) };
    if r < 0 {
        let e = io::Error::last_os_error();
        return if e.kind() == io::ErrorKind::Interrupted {
            Ok(false)
        } else {
            Err(e)
        };
    }
    Ok(r > 0)
}

fn key(code: u16, value: i32) -> InputEvent {
    InputEvent::new(EventType::KEY.0, code, value)
}

/// Release every key in `held` on the output (one batch, one SYN_REPORT).
fn release_all(out: &mut VirtualDevice, held: &mut BTreeSet<u16>) -> io::Result<Vec<u16>> {
    let codes: Vec<u16> = std::mem::take(held).into_iter().collect();
    if !codes.is_empty() {
        let evs: Vec<InputEvent> = codes.iter().map(|c| key(*c, 0)).collect();
        out.emit(&evs)?;
    }
    Ok(codes)
}

fn run(re: &Regex) -> io::Result<i32> {
    install_handlers();
    let mut keys = AttributeSet::<KeyCode>::new();
    for c in (1u16..=0xff).chain(0x160..=0x2bf) {
        keys.insert(KeyCode::new(c));
    }
    let mut out = VirtualDevice::builder()?
        .name(OUTPUT_NAME)
        .input_id(InputId::new(BusType::BUS_VIRTUAL, 0x1209, 0x00ec, 1))
        .with_keys(&keys)?
        .build()?;
    println!("echod: created '{OUTPUT_NAME}', looking for /{re}/");
    let mut held: BTreeSet<u16> = BTreeSet::new();
    loop {
        // Wait for a matching device (at start, and again after an unplug).
        let (node, name) = loop {
            if let Some(sig) = signalled() {
                let rel = release_all(&mut out, &mut held)?;
                println!(
                    "echod: signal {sig} while waiting for a device, released {rel:?}, exiting"
                );
                return Ok(0);
            }
            if let Some(f) = find_device(re) {
                break f;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut dev = match RawDevice::open(&node) {
            Ok(d) => d,
            Err(e) => {
                println!("echod: open {}: {e}; retrying", node.display());
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        if let Err(e) = dev.grab() {
            println!("echod: grab {}: {e}; retrying", node.display());
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        println!("echod: grabbed {} '{name}'", node.display());
        let fd = dev.as_raw_fd();
        loop {
            if let Some(sig) = signalled() {
                let rel = release_all(&mut out, &mut held)?;
                let _ = dev.ungrab();
                println!("echod: signal {sig}, released {rel:?} on the output, ungrabbed, exiting");
                return Ok(0);
            }
            if !poll_in(fd, 200)? {
                continue;
            }
            let evs: Vec<InputEvent> = match dev.fetch_events() {
                Ok(it) => it.collect(),
                Err(e)
                    if e.kind() == io::ErrorKind::WouldBlock
                        || e.kind() == io::ErrorKind::Interrupted =>
                {
                    continue;
                }
                Err(e) if e.raw_os_error() == Some(libc::ENODEV) => {
                    let rel = release_all(&mut out, &mut held)?;
                    println!(
                        "echod: {} is gone, released {rel:?} on the output; waiting for it to come back",
                        node.display()
                    );
                    break;
                }
                Err(e) => return Err(e),
            };
            // Forward frame by frame: the key events between two SYN_REPORTs go out as one frame.
            let mut frame: Vec<InputEvent> = Vec::new();
            for e in evs {
                if e.event_type() == EventType::KEY {
                    if e.value() == 0 {
                        held.remove(&e.code());
                    } else {
                        held.insert(e.code());
                    }
                    frame.push(key(e.code(), e.value()));
                } else if e.event_type() == EventType::SYNCHRONIZATION
                    && e.code() == 0
                    && !frame.is_empty()
                {
                    out.emit(&std::mem::take(&mut frame))?;
                }
            }
            if !frame.is_empty() {
                out.emit(&frame)?;
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, pat] = args.as_slice() else {
        eprintln!("usage: echod NAME_REGEX");
        std::process::exit(2);
    };
    let re = match Regex::new(pat) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("echod: bad regex: {e}");
            std::process::exit(2);
        }
    };
    match run(&re) {
        Ok(rc) => std::process::exit(rc),
        Err(e) => {
            eprintln!("echod: {e}");
            std::process::exit(1);
        }
    }
}
