//! vmdriver — the scenario driver of keyrx's real-kernel test harness (`vmtest/`).
//!
//! Runs as the test program of a QEMU guest (see ../../run.sh): plays a physical keyboard through
//! uinput, starts the daemon under test, reads the daemon's virtual keyboard through evdev and
//! checks/measures what comes out. It is black-box: any daemon binary works. The scenario
//! language is documented in ../../README.md.
//!
//! Usage: vmdriver SCENARIO          run it (needs /dev/uinput, root)
//!        vmdriver --check SCENARIO  parse only (works on any host; run.sh does this first)
//!
//! Exit: 0 all checks passed, 1 some check failed, 2 scenario aborted (error) or bad syntax.

use evdev::raw_stream::RawDevice;
use evdev::uinput::VirtualDevice;
use evdev::{AttributeSet, BusType, EventType, InputEvent, InputId, KeyCode};
use regex::Regex;
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write as _};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, UNIX_EPOCH};

// ---------------------------------------------------------------------------------------------
// Clock and small helpers

/// CLOCK_MONOTONIC in ns. Output readers switch their evdev clients to the same clock
/// (EVIOCSCLOCKID), so kernel event timestamps and these values are directly comparable.
fn mono_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Kernel timestamp of an event (monotonic once EVIOCSCLOCKID was applied), ns.
fn ev_ns(ev: &InputEvent) -> u64 {
    ev.timestamp()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

fn sleep_ms(ms: u64) {
    thread::sleep(Duration::from_millis(ms))
}

const EVIOCSCLOCKID: u64 = 0x4004_45a0; // _IOW('E', 0xa0, int)
const fn eviocgkey(len: u64) -> u64 {
    (2 << 30) | (len << 16) | (0x45 << 8) | 0x18 // _IOC(_IOC_READ, 'E', 0x18, len)
}
const KEY_BYTES: usize = 0x300 / 8; // KEY_CNT bits

fn set_mono_clock(fd: RawFd) -> io::Result<()> {
    let clk: libc::c_int = libc::CLOCK_MONOTONIC;
    if unsafe { libc::ioctl(fd, EVIOCSCLOCKID as _, &clk) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn set_nonblocking(fd: RawFd, on: bool) -> io::Result<()> {
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
fn poll_in(fd: RawFd, timeout_ms: i32) -> io::Result<bool> {
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
fn kernel_key_state(fd: RawFd) -> io::Result<Vec<u16>> {
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

// ---------------------------------------------------------------------------------------------
// Key names

/// `a`, `A`, `KEY_A`, `leftctrl`, a few kanata-style aliases (`lctl`, `caps`, ...), or `0x1e`.
fn parse_key(s: &str) -> Result<u16, String> {
    if let Some(h) = s.strip_prefix("0x") {
        return u16::from_str_radix(h, 16).map_err(|_| format!("bad key code '{s}'"));
    }
    let up = s.to_ascii_uppercase();
    let alias = match up.as_str() {
        "LCTL" | "LCTRL" | "CTRL" => "LEFTCTRL",
        "RCTL" | "RCTRL" => "RIGHTCTRL",
        "LSFT" | "LSHIFT" | "SHIFT" => "LEFTSHIFT",
        "RSFT" | "RSHIFT" => "RIGHTSHIFT",
        "LALT" | "ALT" => "LEFTALT",
        "RALT" | "ALTGR" => "RIGHTALT",
        "LMET" | "LMETA" | "META" | "SUPER" => "LEFTMETA",
        "RMET" | "RMETA" => "RIGHTMETA",
        "CAPS" => "CAPSLOCK",
        "RET" | "RETURN" => "ENTER",
        "SPC" => "SPACE",
        "BSPC" => "BACKSPACE",
        "ESCAPE" => "ESC",
        other => other,
    };
    let full = if alias.starts_with("KEY_") || alias.starts_with("BTN_") {
        alias.to_string()
    } else {
        format!("KEY_{alias}")
    };
    full.parse::<KeyCode>()
        .map(|k| k.code())
        .map_err(|_| format!("unknown key name '{s}'"))
}

fn kname(code: u16) -> String {
    let d = format!("{:?}", KeyCode::new(code));
    if d.starts_with("unknown") {
        return format!("0x{code:x}");
    }
    d.strip_prefix("KEY_").unwrap_or(&d).to_ascii_lowercase()
}

fn ev_tok(code: u16, value: i32) -> String {
    let p = match value {
        0 => "u",
        1 => "d",
        2 => "r",
        _ => "?",
    };
    format!("{p}:{}", kname(code))
}

fn keylist(codes: &[u16]) -> String {
    format!(
        "[{}]",
        codes
            .iter()
            .map(|c| kname(*c))
            .collect::<Vec<_>>()
            .join(" ")
    )
}

// ---------------------------------------------------------------------------------------------
// Scenario language

#[derive(Debug, Clone)]
enum Step {
    Key(u16, i32),
    Sleep(u64),
}

#[derive(Debug, Clone)]
enum Cmd {
    Source {
        name: String,
        id: (u16, u16),
    },
    Unplug(Option<String>),
    Use(String),
    Spawn(Vec<String>),
    Signal(i32, String),
    ExitedWithin(u64),
    Output {
        re: String,
        timeout_ms: u64,
    },
    WaitOpen(u64),
    WaitReady {
        key: u16,
        timeout_ms: u64,
    },
    Send(Vec<Step>),
    Expect {
        evs: Vec<(u16, i32)>,
        within_ms: u64,
    },
    ExpectNone(u64),
    HeldKeys,
    ExpectHeldNone,
    Latency {
        n: usize,
        key: u16,
        out: Option<u16>,
    },
    BaselineLatency {
        n: usize,
        key: u16,
    },
    HoldTiming {
        key: u16,
        out: u16,
        term_ms: u64,
        n: usize,
    },
    Rss(Option<String>),
    ExistsGrab(u16),
    ExpectNotGrabbed(u16),
    WaitOutputGone(u64),
    WriteFile {
        path: String,
        content: String,
        in_place: bool,
    },
    ExpectError(Box<Cmd>, String),
    Sleep(u64),
    Drain(u64),
    Echo(String),
    Sh {
        cmd: String,
        timeout_ms: u64,
    },
}

struct Line {
    no: usize,
    text: String,
    cmd: Cmd,
}

/// Shell-like word splitting: whitespace separates, '...' and "..." quote, \ escapes
/// (outside single quotes). A `#` at the start of a word starts a comment.
fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' if !in_word => break,
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err("unterminated '".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => cur.push(chars.next().ok_or("dangling \\")?),
                        Some(c) => cur.push(c),
                        None => return Err("unterminated \"".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                cur.push(chars.next().ok_or("dangling \\")?);
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

fn num<T: std::str::FromStr>(s: Option<&String>, what: &str) -> Result<T, String> {
    let s = s.ok_or_else(|| format!("missing {what}"))?;
    s.parse().map_err(|_| format!("bad {what} '{s}'"))
}

fn opt_num<T: std::str::FromStr>(s: Option<&String>, what: &str, dflt: T) -> Result<T, String> {
    match s {
        None => Ok(dflt),
        some => num(some, what),
    }
}

fn parse_key_event(tok: &str, allow_sleep: bool) -> Result<Step, String> {
    let (p, rest) = tok
        .split_once(':')
        .ok_or_else(|| format!("bad event '{tok}' (want d:KEY, u:KEY, r:KEY or t:MS)"))?;
    match p {
        "d" => Ok(Step::Key(parse_key(rest)?, 1)),
        "u" => Ok(Step::Key(parse_key(rest)?, 0)),
        "r" => Ok(Step::Key(parse_key(rest)?, 2)),
        "t" if allow_sleep => Ok(Step::Sleep(
            rest.parse().map_err(|_| format!("bad sleep '{tok}'"))?,
        )),
        _ => Err(format!("bad event '{tok}'")),
    }
}

fn parse_signal(s: &str) -> Result<i32, String> {
    if let Ok(n) = s.parse::<i32>() {
        return Ok(n);
    }
    let u = s.to_ascii_uppercase();
    Ok(match u.strip_prefix("SIG").unwrap_or(&u) {
        "TERM" => libc::SIGTERM,
        "KILL" => libc::SIGKILL,
        "INT" => libc::SIGINT,
        "HUP" => libc::SIGHUP,
        "QUIT" => libc::SIGQUIT,
        "USR1" => libc::SIGUSR1,
        "USR2" => libc::SIGUSR2,
        "STOP" => libc::SIGSTOP,
        "CONT" => libc::SIGCONT,
        _ => return Err(format!("unknown signal '{s}'")),
    })
}

fn parse_line(words: &[String]) -> Result<Cmd, String> {
    let a = &words[1..];
    let arg = |i: usize| a.get(i);
    let nargs = |lo: usize, hi: usize| -> Result<(), String> {
        if a.len() < lo || a.len() > hi {
            Err(format!(
                "'{}' takes {lo}..{hi} arguments, got {}",
                words[0],
                a.len()
            ))
        } else {
            Ok(())
        }
    };
    Ok(match words[0].as_str() {
        "source" => {
            nargs(1, 2)?;
            let id = match arg(1) {
                None => (0x1209, 0x0001), // pid.codes test VID/PID
                Some(s) => {
                    let (v, p) = s
                        .split_once(':')
                        .ok_or_else(|| format!("bad vendor:product '{s}'"))?;
                    let h = |x: &str| {
                        u16::from_str_radix(x.trim_start_matches("0x"), 16)
                            .map_err(|_| format!("bad hex id '{x}'"))
                    };
                    (h(v)?, h(p)?)
                }
            };
            Cmd::Source {
                name: a[0].clone(),
                id,
            }
        }
        "unplug" => {
            nargs(0, 1)?;
            Cmd::Unplug(arg(0).cloned())
        }
        "use" => {
            nargs(1, 1)?;
            Cmd::Use(a[0].clone())
        }
        "spawn" => {
            if a.is_empty() {
                return Err("spawn needs a command".into());
            }
            Cmd::Spawn(a.to_vec())
        }
        "signal" => {
            nargs(1, 1)?;
            Cmd::Signal(parse_signal(&a[0])?, a[0].to_ascii_uppercase())
        }
        "exited-within" => {
            nargs(1, 1)?;
            Cmd::ExitedWithin(num(arg(0), "milliseconds")?)
        }
        "output" => {
            nargs(1, 2)?;
            Regex::new(&a[0]).map_err(|e| format!("bad regex: {e}"))?;
            Cmd::Output {
                re: a[0].clone(),
                timeout_ms: opt_num(arg(1), "timeout", 5000)?,
            }
        }
        "wait-ready" => {
            nargs(0, 2)?;
            Cmd::WaitReady {
                key: match arg(0) {
                    Some(k) => parse_key(k)?,
                    None => KeyCode::KEY_Z.code(),
                },
                timeout_ms: opt_num(arg(1), "timeout", 10000)?,
            }
        }
        "wait-open" => {
            nargs(0, 1)?;
            Cmd::WaitOpen(opt_num(arg(0), "timeout", 5000)?)
        }
        "send" => {
            if a.is_empty() {
                return Err("send needs events".into());
            }
            let mut steps = Vec::new();
            for t in a {
                if let Some(k) = t.strip_prefix("tap:") {
                    let k = parse_key(k)?;
                    steps.push(Step::Key(k, 1));
                    steps.push(Step::Key(k, 0));
                } else {
                    steps.push(parse_key_event(t, true)?);
                }
            }
            Cmd::Send(steps)
        }
        "expect" => {
            let mut evs = Vec::new();
            let mut within_ms = 1000;
            let mut i = 0;
            while i < a.len() {
                if a[i] == "within" {
                    within_ms = num(a.get(i + 1), "within milliseconds")?;
                    if i + 2 != a.len() {
                        return Err("'within MS' must come last".into());
                    }
                    break;
                }
                match parse_key_event(&a[i], false)? {
                    Step::Key(c, v) => evs.push((c, v)),
                    Step::Sleep(_) => unreachable!(),
                }
                i += 1;
            }
            if evs.is_empty() {
                return Err("expect needs events (use expect-none for none)".into());
            }
            Cmd::Expect { evs, within_ms }
        }
        "expect-none" => {
            nargs(1, 1)?;
            Cmd::ExpectNone(num(arg(0), "milliseconds")?)
        }
        "held-keys" => {
            nargs(0, 0)?;
            Cmd::HeldKeys
        }
        "expect-held-none" => {
            nargs(0, 0)?;
            Cmd::ExpectHeldNone
        }
        "latency" => {
            nargs(2, 3)?;
            Cmd::Latency {
                n: num(arg(0), "count")?,
                key: parse_key(&a[1])?,
                out: a.get(2).map(|s| parse_key(s)).transpose()?,
            }
        }
        "baseline-latency" => {
            nargs(2, 2)?;
            Cmd::BaselineLatency {
                n: num(arg(0), "count")?,
                key: parse_key(&a[1])?,
            }
        }
        "hold-timing" => {
            nargs(3, 4)?;
            Cmd::HoldTiming {
                key: parse_key(&a[0])?,
                out: parse_key(&a[1])?,
                term_ms: num(arg(2), "term milliseconds")?,
                n: opt_num(arg(3), "repetitions", 10)?,
            }
        }
        "rss" => {
            nargs(0, 1)?;
            if let Some(p) = arg(0) {
                Regex::new(p).map_err(|e| format!("bad regex: {e}"))?;
            }
            Cmd::Rss(arg(0).cloned())
        }
        "exists-grab" => {
            nargs(0, 1)?;
            Cmd::ExistsGrab(match arg(0) {
                Some(k) => parse_key(k)?,
                None => KeyCode::KEY_Z.code(),
            })
        }
        "expect-not-grabbed" => {
            nargs(0, 1)?;
            Cmd::ExpectNotGrabbed(match arg(0) {
                Some(k) => parse_key(k)?,
                None => KeyCode::KEY_Z.code(),
            })
        }
        "wait-output-gone" => {
            nargs(0, 1)?;
            Cmd::WaitOutputGone(opt_num(arg(0), "timeout", 5000)?)
        }
        "write-file" => {
            let in_place = a.first().is_some_and(|w| w == "--in-place");
            let rest = &a[in_place as usize..];
            if rest.is_empty() {
                return Err("write-file needs a path".into());
            }
            if !rest[0].starts_with('/') {
                return Err(format!("write-file: '{}' is not an absolute path", rest[0]));
            }
            let mut content = unescape(&rest[1..].join(" "))?;
            if !content.is_empty() && !content.ends_with('\n') {
                content.push('\n');
            }
            Cmd::WriteFile {
                path: rest[0].clone(),
                content,
                in_place,
            }
        }
        "expect-error" => {
            if a.is_empty() {
                return Err("expect-error needs a command".into());
            }
            let inner = parse_line(a)?;
            if is_check(&inner) {
                return Err(format!(
                    "expect-error takes a command that can fail, not the check '{}'",
                    a[0]
                ));
            }
            Cmd::ExpectError(Box::new(inner), a.join(" "))
        }
        "sleep" => {
            nargs(1, 1)?;
            Cmd::Sleep(num(arg(0), "milliseconds")?)
        }
        "drain" => {
            nargs(0, 1)?;
            Cmd::Drain(opt_num(arg(0), "milliseconds", 0)?)
        }
        "echo" => Cmd::Echo(a.join(" ")),
        "sh" => {
            let (timeout_ms, rest) = match a.first().map(String::as_str) {
                Some("--timeout") => (
                    num(a.get(1), "sh timeout milliseconds")?,
                    &a[2.min(a.len())..],
                ),
                _ => (30_000, a),
            };
            if rest.is_empty() {
                return Err("sh needs a command".into());
            }
            Cmd::Sh {
                cmd: rest.join(" "),
                timeout_ms,
            }
        }
        other => return Err(format!("unknown command '{other}'")),
    })
}

/// Commands that record PASS/FAIL themselves (and so cannot be wrapped in `expect-error`).
fn is_check(c: &Cmd) -> bool {
    matches!(
        c,
        Cmd::ExitedWithin(_)
            | Cmd::Expect { .. }
            | Cmd::ExpectNone(_)
            | Cmd::ExpectHeldNone
            | Cmd::ExistsGrab(_)
            | Cmd::ExpectNotGrabbed(_)
            | Cmd::WaitOutputGone(_)
            | Cmd::ExpectError(..)
    )
}

/// `\n`, `\t` and `\\` in write-file content (the scenario splitter keeps backslashes only
/// inside single quotes, so write them there).
fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(o) => return Err(format!("unknown escape '\\{o}' (known: \\n \\t \\\\)")),
            None => return Err("dangling \\ at the end".into()),
        }
    }
    Ok(out)
}

fn parse_scenario(text: &str) -> Result<Vec<Line>, Vec<String>> {
    let mut lines = Vec::new();
    let mut errs = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let words = match split_words(raw) {
            Ok(w) => w,
            Err(e) => {
                errs.push(format!("line {}: {e}", i + 1));
                continue;
            }
        };
        if words.is_empty() {
            continue;
        }
        match parse_line(&words) {
            Ok(cmd) => lines.push(Line {
                no: i + 1,
                text: raw.trim().to_string(),
                cmd,
            }),
            Err(e) => errs.push(format!("line {}: {e}: {}", i + 1, raw.trim())),
        }
    }
    if errs.is_empty() {
        Ok(lines)
    } else {
        Err(errs)
    }
}

// ---------------------------------------------------------------------------------------------
// Source keyboard (uinput)

struct Source {
    name: String,
    /// None once unplugged (the uinput fd closed, so the kernel removed the device).
    vd: Option<VirtualDevice>,
    node: PathBuf,
    /// /sys/devices/virtual/input/inputN: input numbers are never reused, unlike eventN.
    syspath: PathBuf,
    /// Scenario line of the `unplug` that removed it.
    unplugged: Option<usize>,
}

impl Source {
    fn create(name: &str, id: (u16, u16)) -> io::Result<Source> {
        // Every KEY_* code (not the BTN_* ranges 0x100-0x15f and 0x2c0-0x2ff), like a full keyboard.
        let mut keys = AttributeSet::<KeyCode>::new();
        for c in (1u16..=0xff).chain(0x160..=0x2bf) {
            keys.insert(KeyCode::new(c));
        }
        let mut vd = VirtualDevice::builder()?
            .name(name)
            .input_id(InputId::new(BusType::BUS_USB, id.0, id.1, 1))
            .with_keys(&keys)?
            .build()?;
        let mut node = None;
        for _ in 0..200 {
            if let Some(p) = vd
                .enumerate_dev_nodes_blocking()?
                .filter_map(Result::ok)
                .next()
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
        let syspath = vd.get_syspath()?;
        Ok(Source {
            name: name.to_string(),
            vd: Some(vd),
            node,
            syspath,
            unplugged: None,
        })
    }

    /// One key event + SYN_REPORT in a single write(2).
    fn emit(&self, code: u16, value: i32) -> io::Result<()> {
        let Some(vd) = &self.vd else {
            return Err(io::Error::other(format!(
                "source '{}' is unplugged",
                self.name
            )));
        };
        let fd = vd.as_raw_fd();
        let zero = libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        };
        let evs = [
            libc::input_event {
                time: zero,
                type_: 1,
                code,
                value,
            },
            libc::input_event {
                time: zero,
                type_: 0,
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
            return Err(io::Error::other("short write to uinput"));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Output reader (the daemon's virtual keyboard)

#[derive(Clone, Copy, Debug)]
struct Rec {
    tk: u64, // kernel timestamp (monotonic), ns
    ty: u16,
    code: u16,
    val: i32,
}

#[derive(Default)]
struct Shared {
    recs: Vec<Rec>,
    gone: Option<String>,
    paused: bool,
    parked: bool,
    stop: bool,
    discard_before: u64,
    dropped: usize,
}

type Sh = Arc<(Mutex<Shared>, Condvar)>;

struct Output {
    node: PathBuf,
    /// /sys/devices/.../inputN of the device (input numbers are never reused).
    syspath: Option<PathBuf>,
    name: String,
    fd: OwnedFd, // dup of the reader's fd: same evdev client, used for EVIOCGKEY
    sh: Sh,
    thread: Option<JoinHandle<()>>,
    cursor: usize,
}

fn reader_thread(mut dev: RawDevice, sh: Sh) {
    let fd = dev.as_raw_fd();
    loop {
        {
            let (m, cv) = &*sh;
            let mut g = m.lock().unwrap();
            while g.paused && !g.stop {
                if !g.parked {
                    g.parked = true;
                    cv.notify_all();
                }
                g = cv.wait(g).unwrap();
            }
            g.parked = false;
            if g.stop {
                return;
            }
        }
        match poll_in(fd, 50) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                let (m, cv) = &*sh;
                m.lock().unwrap().gone = Some(format!("poll: {e}"));
                cv.notify_all();
                return;
            }
        }
        let evs: Vec<InputEvent> = match dev.fetch_events() {
            Ok(it) => it.collect(),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
            Err(e) => {
                let (m, cv) = &*sh;
                m.lock().unwrap().gone = Some(e.to_string());
                cv.notify_all();
                return;
            }
        };
        let (m, cv) = &*sh;
        let mut g = m.lock().unwrap();
        for ev in evs {
            let tk = ev_ns(&ev);
            if tk < g.discard_before {
                continue;
            }
            if ev.event_type() == EventType::SYNCHRONIZATION {
                if ev.code() != 3 {
                    continue; // SYN_REPORT: not recorded
                }
                g.dropped += 1; // SYN_DROPPED: recorded so expects can report it
            }
            g.recs.push(Rec {
                tk,
                ty: ev.event_type().0,
                code: ev.code(),
                val: ev.value(),
            });
        }
        cv.notify_all();
    }
}

impl Output {
    fn open(node: &Path, name: &str) -> io::Result<Output> {
        let dev = RawDevice::open(node)?;
        let fd = dev.as_raw_fd();
        set_mono_clock(fd)?;
        set_nonblocking(fd, true)?;
        let dupfd = unsafe { libc::dup(fd) };
        if dupfd < 0 {
            return Err(io::Error::last_os_error());
        }
        let sh: Sh = Arc::new((Mutex::new(Shared::default()), Condvar::new()));
        let sh2 = sh.clone();
        let thread = thread::Builder::new()
            .name("output-reader".into())
            .spawn(move || reader_thread(dev, sh2))?;
        let syspath = node.file_name().and_then(|ev| {
            fs::canonicalize(Path::new("/sys/class/input").join(ev).join("device")).ok()
        });
        Ok(Output {
            node: node.to_path_buf(),
            syspath,
            name: name.to_string(),
            fd: unsafe { OwnedFd::from_raw_fd(dupfd) },
            sh,
            thread: Some(thread),
            cursor: 0,
        })
    }

    /// Wait (up to timeout) until `pred` holds over the shared state; returns the final guard's verdict.
    fn wait_for<F: FnMut(&Shared) -> bool>(&self, timeout_ms: u64, mut pred: F) -> bool {
        let (m, cv) = &*self.sh;
        let deadline = mono_ns() + timeout_ms * 1_000_000;
        let mut g = m.lock().unwrap();
        loop {
            if pred(&g) {
                return true;
            }
            let now = mono_ns();
            if now >= deadline || g.gone.is_some() {
                return pred(&g);
            }
            g = cv
                .wait_timeout(g, Duration::from_nanos(deadline - now))
                .unwrap()
                .0;
        }
    }

    fn with<R>(&self, f: impl FnOnce(&Shared) -> R) -> R {
        f(&self.sh.0.lock().unwrap())
    }

    /// Stop the reader thread from reading (latency loops read with their own fd, undisturbed).
    fn pause(&self) {
        let (m, cv) = &*self.sh;
        let mut g = m.lock().unwrap();
        g.paused = true;
        cv.notify_all();
        while !g.parked && g.gone.is_none() && !g.stop {
            g = cv.wait_timeout(g, Duration::from_millis(200)).unwrap().0;
            if self.thread.as_ref().is_none_or(|t| t.is_finished()) {
                break;
            }
        }
    }

    /// Resume; events stamped before now (queued while paused) are discarded.
    fn resume(&mut self) {
        let (m, cv) = &*self.sh;
        let mut g = m.lock().unwrap();
        g.discard_before = mono_ns();
        g.paused = false;
        cv.notify_all();
        self.cursor = g.recs.len();
    }

    fn stop(&mut self) {
        {
            let (m, cv) = &*self.sh;
            let mut g = m.lock().unwrap();
            g.stop = true;
            cv.notify_all();
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Key events (EV_KEY) among records `from..`, repeats included only if asked.
fn key_events(recs: &[Rec], from: usize, with_repeats: bool) -> Vec<Rec> {
    recs[from.min(recs.len())..]
        .iter()
        .filter(|r| r.ty == 1 && (r.val != 2 || with_repeats))
        .copied()
        .collect()
}

/// Keys down according to the recorded event stream (last value per code != 0).
fn stream_down(recs: &[Rec]) -> Vec<u16> {
    let mut st: BTreeMap<u16, i32> = BTreeMap::new();
    for r in recs.iter().filter(|r| r.ty == 1) {
        st.insert(r.code, r.val);
    }
    st.into_iter()
        .filter(|(_, v)| *v != 0)
        .map(|(c, _)| c)
        .collect()
}

fn find_input_by_name(re: &Regex, exclude: &[PathBuf]) -> Option<(PathBuf, String)> {
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
        if exclude.contains(&node) || !re.is_match(&name) || !node.exists() {
            continue;
        }
        found.push((n, node, name));
    }
    found.sort();
    found.into_iter().next().map(|(_, p, n)| (p, n))
}

// ---------------------------------------------------------------------------------------------
// Statistics

struct Stats {
    n: usize,
    min: f64,
    median: f64,
    p90: f64,
    p99: f64,
    max: f64,
    mean: f64,
}

fn stats_ns(v: &[u64]) -> Stats {
    let mut s = v.to_vec();
    s.sort_unstable();
    let pct = |p: f64| s[((s.len() - 1) as f64 * p).round() as usize] as f64 / 1000.0;
    Stats {
        n: s.len(),
        min: s[0] as f64 / 1000.0,
        median: pct(0.5),
        p90: pct(0.9),
        p99: pct(0.99),
        max: *s.last().unwrap() as f64 / 1000.0,
        mean: s.iter().sum::<u64>() as f64 / s.len() as f64 / 1000.0,
    }
}

fn stats_line(s: &Stats) -> String {
    format!(
        "n={} median_us={:.1} p90_us={:.1} p99_us={:.1} max_us={:.1} min_us={:.1} mean_us={:.1}",
        s.n, s.median, s.p90, s.p99, s.max, s.min, s.mean
    )
}

// ---------------------------------------------------------------------------------------------
// Processes

struct Daemon {
    child: Child,
    argv: Vec<String>,
    log: PathBuf,
    status: Option<ExitStatus>,
}

impl Daemon {
    fn poll_exit(&mut self) -> Option<ExitStatus> {
        if self.status.is_none()
            && let Ok(Some(s)) = self.child.try_wait()
        {
            self.status = Some(s);
        }
        self.status
    }
}

fn describe_status(s: &ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (s.code(), s.signal()) {
        (Some(c), _) => format!("exit code {c}"),
        (None, Some(sig)) => format!("killed by signal {sig}"),
        _ => format!("{s}"),
    }
}

fn proc_status_kb(pid: u32, field: &str) -> Option<u64> {
    let s = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn proc_comm(pid: u32) -> String {
    fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn proc_cmdline(pid: u32) -> String {
    fs::read(format!("/proc/{pid}/cmdline"))
        .map(|b| {
            String::from_utf8_lossy(&b)
                .replace('\0', " ")
                .trim()
                .to_string()
        })
        .unwrap_or_default()
}

fn all_pids() -> Vec<u32> {
    let mut v: Vec<u32> = fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The `n` largest mappings of a process by Rss, as "NAME RSS kB".
fn top_mappings(pid: u32, n: usize) -> Vec<String> {
    let Ok(s) = fs::read_to_string(format!("/proc/{pid}/smaps")) else {
        return Vec::new();
    };
    let mut maps: Vec<(u64, String)> = Vec::new();
    let mut name = String::new();
    for l in s.lines() {
        let mut w = l.split_whitespace();
        let first = w.next().unwrap_or("");
        if first.contains('-')
            && first.chars().next().is_some_and(|c| c.is_ascii_hexdigit())
            && !first.ends_with(':')
        {
            let rest: Vec<&str> = l.split_whitespace().skip(5).collect();
            name = if rest.is_empty() {
                "[anon]".into()
            } else {
                rest.join(" ")
            };
        } else if first == "Rss:" {
            let kb: u64 = w.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            maps.push((kb, name.clone()));
        }
    }
    maps.sort_by_key(|m| std::cmp::Reverse(m.0));
    maps.into_iter()
        .take(n)
        .filter(|m| m.0 > 0)
        .map(|(kb, nm)| format!("{nm} {kb} kB"))
        .collect()
}

/// PIDs (other than ours) holding `node` open.
fn holders_of(node: &Path) -> Vec<u32> {
    let me = std::process::id();
    let mut out = Vec::new();
    for pid in all_pids() {
        if pid == me {
            continue;
        }
        let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        if fds
            .flatten()
            .any(|fd| fs::read_link(fd.path()).is_ok_and(|l| l == node))
        {
            out.push(pid);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Runner

struct Runner {
    t0: u64,
    sources: Vec<Source>,
    /// Index of the current source in `sources` (the newest, or the one picked by `use`).
    cur: Option<usize>,
    daemons: Vec<Daemon>,
    output: Option<Output>,
    retired_outputs: Vec<Output>,
    checks: usize,
    failures: Vec<String>,
    baseline: Option<Stats>,
    last_signal: Option<(u64, String)>,
    line: usize,
}

type R = Result<(), String>;

impl Runner {
    fn ts(&self) -> String {
        format!("[{:8.3}]", (mono_ns() - self.t0) as f64 / 1e9)
    }

    fn check(&mut self, ok: bool, what: String) {
        self.checks += 1;
        if ok {
            println!("{}   PASS {what}", self.ts());
        } else {
            println!("{}   FAIL {what}", self.ts());
            self.failures.push(format!("line {}: {what}", self.line));
        }
    }

    fn source(&self) -> Result<&Source, String> {
        let i = self
            .cur
            .ok_or_else(|| "no source keyboard (use 'source NAME' first)".to_string())?;
        let s = &self.sources[i];
        if let Some(l) = s.unplugged {
            return Err(format!(
                "source '{}' was unplugged at line {l}; plug a keyboard in again with 'source NAME' (or pick a live one with 'use NAME')",
                s.name
            ));
        }
        Ok(s)
    }

    /// Nodes of the sources still plugged in (an unplugged source's eventN may be reused).
    fn live_source_nodes(&self) -> Vec<PathBuf> {
        self.sources
            .iter()
            .filter(|s| s.vd.is_some())
            .map(|s| s.node.clone())
            .collect()
    }

    fn out(&mut self) -> Result<&mut Output, String> {
        self.output
            .as_mut()
            .ok_or_else(|| "no output device (use 'output REGEX' first)".to_string())
    }

    fn daemon(&mut self) -> Result<&mut Daemon, String> {
        self.daemons
            .last_mut()
            .ok_or_else(|| "no spawned process (use 'spawn' first)".to_string())
    }

    fn exec(&mut self, cmd: &Cmd) -> R {
        match cmd {
            Cmd::Source { name, id } => {
                let s = Source::create(name, *id)
                    .map_err(|e| format!("creating uinput source: {e}"))?;
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
            }
            Cmd::Unplug(name) => {
                let i = match name {
                    None => self
                        .cur
                        .ok_or_else(|| "unplug: no source keyboard".to_string())?,
                    Some(n) => self
                        .sources
                        .iter()
                        .rposition(|s| s.name == *n && s.vd.is_some())
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
                let holders: Vec<String> = holders_of(&node)
                    .iter()
                    .map(|p| format!("{p}({})", proc_comm(*p)))
                    .collect();
                let t = mono_ns();
                let s = &mut self.sources[i];
                drop(s.vd.take()); // closes the uinput fd: the kernel unregisters the device
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
            }
            Cmd::Use(name) => {
                let i = self
                    .sources
                    .iter()
                    .rposition(|s| s.name == *name && s.vd.is_some())
                    .ok_or_else(|| format!("use: no plugged-in source named '{name}'"))?;
                self.cur = Some(i);
                println!(
                    "{}   current source: '{name}' {}",
                    self.ts(),
                    self.sources[i].node.display()
                );
            }
            Cmd::Spawn(argv) => {
                let n = self.daemons.len();
                let log = PathBuf::from(format!("/tmp/vmdriver-spawn{n}.log"));
                let f = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
                let f2 = f.try_clone().map_err(|e| e.to_string())?;
                let child = Command::new(&argv[0])
                    .args(&argv[1..])
                    .stdin(Stdio::null())
                    .stdout(f)
                    .stderr(f2)
                    .spawn()
                    .map_err(|e| format!("spawn {}: {e}", argv[0]))?;
                println!(
                    "{}   spawned pid {} (log {})",
                    self.ts(),
                    child.id(),
                    log.display()
                );
                self.last_signal = None;
                self.daemons.push(Daemon {
                    child,
                    argv: argv.clone(),
                    log,
                    status: None,
                });
            }
            Cmd::Signal(sig, name) => {
                let d = self.daemon()?;
                let pid = d.child.id();
                if d.poll_exit().is_some() {
                    return Err(format!("pid {pid} already exited; cannot send SIG{name}"));
                }
                // Stamp before kill(): the daemon may run (and tear down) before kill() returns to us.
                let t_sig = mono_ns();
                if unsafe { libc::kill(pid as i32, *sig) } < 0 {
                    return Err(format!(
                        "kill({pid}, {sig}): {}",
                        io::Error::last_os_error()
                    ));
                }
                self.last_signal = Some((t_sig, format!("SIG{name}")));
                println!("{}   sent SIG{name} to pid {pid}", self.ts());
            }
            Cmd::ExitedWithin(ms) => {
                let t = mono_ns();
                let deadline = t + ms * 1_000_000;
                let d = self.daemon()?;
                let pid = d.child.id();
                let st = loop {
                    if let Some(s) = d.poll_exit() {
                        break Some(s);
                    }
                    if mono_ns() >= deadline {
                        break None;
                    }
                    sleep_ms(1);
                };
                let el = (mono_ns() - t) as f64 / 1e6;
                match st {
                    Some(s) => self.check(
                        true,
                        format!(
                            "pid {pid} exited within {ms} ms ({el:.1} ms, {})",
                            describe_status(&s)
                        ),
                    ),
                    None => self.check(false, format!("pid {pid} still running after {ms} ms")),
                }
            }
            Cmd::Output { re, timeout_ms } => {
                let rx = Regex::new(re).unwrap();
                let exclude = self.live_source_nodes();
                let t = mono_ns();
                let deadline = t + timeout_ms * 1_000_000;
                let (node, name) = loop {
                    if let Some(f) = find_input_by_name(&rx, &exclude) {
                        break f;
                    }
                    if let Some(d) = self.daemons.last_mut()
                        && let Some(s) = d.poll_exit()
                    {
                        return Err(format!(
                            "spawned process exited ({}) before an output device matching /{re}/ appeared",
                            describe_status(&s)
                        ));
                    }
                    if mono_ns() >= deadline {
                        return Err(format!(
                            "no input device matching /{re}/ within {timeout_ms} ms"
                        ));
                    }
                    sleep_ms(5);
                };
                let o = Output::open(&node, &name)
                    .map_err(|e| format!("open {}: {e}", node.display()))?;
                println!(
                    "{}   output '{}' -> {} (appeared after {:.1} ms)",
                    self.ts(),
                    name,
                    node.display(),
                    (mono_ns() - t) as f64 / 1e6
                );
                if let Some(mut old) = self.output.replace(o) {
                    old.stop();
                    self.retired_outputs.push(old);
                }
            }
            Cmd::WaitOpen(timeout_ms) => {
                let node = self.source()?.node.clone();
                let t = mono_ns();
                loop {
                    let h = holders_of(&node);
                    if !h.is_empty() {
                        let who: Vec<String> = h
                            .iter()
                            .map(|p| format!("{p}({})", proc_comm(*p)))
                            .collect();
                        println!(
                            "{}   {} held open by {} after {:.1} ms",
                            self.ts(),
                            node.display(),
                            who.join(", "),
                            (mono_ns() - t) as f64 / 1e6
                        );
                        break;
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
            Cmd::WaitReady { key, timeout_ms } => {
                // Tap KEY until the daemon passes anything through, then let it settle and drain.
                let t = mono_ns();
                let mut probes = 0;
                loop {
                    if let Some(d) = self.daemons.last_mut()
                        && let Some(s) = d.poll_exit()
                    {
                        return Err(format!(
                            "spawned process exited ({}) while waiting for it to become ready",
                            describe_status(&s)
                        ));
                    }
                    if mono_ns() - t >= timeout_ms * 1_000_000 {
                        return Err(format!(
                            "daemon not ready: {probes} taps of {} produced no output within {timeout_ms} ms",
                            kname(*key)
                        ));
                    }
                    probes += 1;
                    let cur = self.out()?.cursor;
                    let src = self.source()?;
                    src.emit(*key, 1).map_err(|e| e.to_string())?;
                    sleep_ms(10);
                    src.emit(*key, 0).map_err(|e| e.to_string())?;
                    let o = self.output.as_ref().unwrap();
                    if o.wait_for(200, |g| !key_events(&g.recs, cur, true).is_empty()) {
                        break;
                    }
                }
                sleep_ms(200);
                let o = self.out()?;
                let cur = o.cursor;
                let (got, end) = o.with(|g| (key_events(&g.recs, cur, true), g.recs.len()));
                o.cursor = end;
                let s = got
                    .iter()
                    .map(|r| ev_tok(r.code, r.val))
                    .collect::<Vec<_>>()
                    .join(" ");
                println!(
                    "{}   ready after {:.1} ms, {probes} probe taps (drained [{s}])",
                    self.ts(),
                    (mono_ns() - t) as f64 / 1e6
                );
            }
            Cmd::Send(steps) => {
                let src = self.source()?;
                for s in steps {
                    match *s {
                        Step::Key(c, v) => {
                            src.emit(c, v).map_err(|e| format!("uinput write: {e}"))?
                        }
                        Step::Sleep(ms) => sleep_ms(ms),
                    }
                }
            }
            Cmd::Expect { evs, within_ms } => {
                let with_rep = evs.iter().any(|e| e.1 == 2);
                let want = evs.len();
                let o = self.out()?;
                let cur = o.cursor;
                let t_exp = mono_ns();
                o.wait_for(*within_ms, |g| {
                    key_events(&g.recs, cur, with_rep).len() >= want
                });
                let (got, end, dropped, gone) = o.with(|g| {
                    (
                        key_events(&g.recs, cur, with_rep),
                        g.recs.len(),
                        g.dropped,
                        g.gone.clone(),
                    )
                });
                o.cursor = end;
                let got_t: Vec<(u16, i32)> = got.iter().map(|r| (r.code, r.val)).collect();
                let exp_s = evs
                    .iter()
                    .map(|(c, v)| ev_tok(*c, *v))
                    .collect::<Vec<_>>()
                    .join(" ");
                let got_s = got_t
                    .iter()
                    .map(|(c, v)| ev_tok(*c, *v))
                    .collect::<Vec<_>>()
                    .join(" ");
                let mut note = String::new();
                if dropped > 0 {
                    note += &format!(" [reader saw {dropped} SYN_DROPPED]");
                }
                if let Some(g) = gone {
                    note += &format!(" [output device gone: {g}]");
                }
                if got_t == *evs {
                    self.check(true, format!("expect {exp_s}{note}"));
                } else {
                    let timed = got
                        .iter()
                        .map(|r| {
                            format!(
                                "{}@{:+.1}ms",
                                ev_tok(r.code, r.val),
                                (r.tk as f64 - t_exp as f64) / 1e6
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    let _ = got_s;
                    self.check(false, format!("expect {exp_s} within {within_ms} ms — got [{timed}] (times relative to this expect){note}"));
                }
            }
            Cmd::ExpectNone(ms) => {
                sleep_ms(*ms);
                let o = self.out()?;
                let cur = o.cursor;
                let (got, end) = o.with(|g| (key_events(&g.recs, cur, false), g.recs.len()));
                o.cursor = end;
                let got_s = got
                    .iter()
                    .map(|r| ev_tok(r.code, r.val))
                    .collect::<Vec<_>>()
                    .join(" ");
                self.check(
                    got.is_empty(),
                    format!("expect-none {ms} ms — got [{got_s}]"),
                );
            }
            Cmd::HeldKeys => {
                if self.output.is_none() && self.source().is_err() {
                    return Err("held-keys: no output device and no plugged-in source".into());
                }
                if self.output.is_some() {
                    self.held_keys_output(false)?;
                }
                if self.source().is_ok() {
                    self.held_keys_source()?;
                }
            }
            Cmd::ExpectHeldNone => self.held_keys_output(true)?,
            Cmd::Latency { n, key, out } => {
                let node = self.out()?.node.clone();
                if let Some(o) = &self.output {
                    o.pause();
                }
                let res = latency_loop(self.source()?, &node, *n, *key, *out);
                if let Some(o) = self.output.as_mut() {
                    o.resume();
                }
                let (rt, st) = res?;
                let s = stats_ns(&rt);
                let k = stats_ns(&st);
                let outs = out.map(kname).unwrap_or_else(|| "any".into());
                println!(
                    "{}   latency {}->{} via daemon: median {:.1} p90 {:.1} p99 {:.1} max {:.1} us (kernel-stamp median {:.1} us)",
                    self.ts(),
                    kname(*key),
                    outs,
                    s.median,
                    s.p90,
                    s.p99,
                    s.max,
                    k.median
                );
                println!(
                    "RESULT latency key={} out={} {} stamp_median_us={:.1} stamp_p99_us={:.1}",
                    kname(*key),
                    outs,
                    stats_line(&s),
                    k.median,
                    k.p99
                );
                if let Some(b) = &self.baseline {
                    println!(
                        "RESULT added-latency median_us={:.1} p90_us={:.1} p99_us={:.1} (latency minus baseline-latency, same boot)",
                        s.median - b.median,
                        s.p90 - b.p90,
                        s.p99 - b.p99
                    );
                }
            }
            Cmd::BaselineLatency { n, key } => {
                let src = self.source()?;
                let node = src.node.clone();
                if let Some(o) = &self.output {
                    o.pause();
                }
                let res = latency_loop(src, &node, *n, *key, Some(*key));
                if let Some(o) = self.output.as_mut() {
                    o.resume();
                }
                let (rt, _) = res.map_err(|e| format!("{e} (baseline reads the source directly: run it before the daemon grabs it)"))?;
                let s = stats_ns(&rt);
                println!(
                    "{}   baseline latency {} (uinput->evdev, no daemon): median {:.1} p90 {:.1} p99 {:.1} max {:.1} us",
                    self.ts(),
                    kname(*key),
                    s.median,
                    s.p90,
                    s.p99,
                    s.max
                );
                println!(
                    "RESULT baseline-latency key={} {}",
                    kname(*key),
                    stats_line(&s)
                );
                self.baseline = Some(s);
            }
            Cmd::HoldTiming {
                key,
                out,
                term_ms,
                n,
            } => self.hold_timing(*key, *out, *term_ms, *n)?,
            Cmd::Rss(pat) => {
                let pids: Vec<u32> = match pat {
                    None => {
                        let d = self.daemon()?;
                        if d.poll_exit().is_some() {
                            return Err("spawned process has exited; no RSS to read".into());
                        }
                        vec![d.child.id()]
                    }
                    Some(p) => {
                        let rx = Regex::new(p).unwrap();
                        let me = std::process::id();
                        all_pids()
                            .into_iter()
                            .filter(|&pid| {
                                pid != me
                                    && (rx.is_match(&proc_comm(pid))
                                        || rx.is_match(&proc_cmdline(pid)))
                            })
                            .filter(|&pid| proc_status_kb(pid, "VmRSS:").is_some()) // skip kernel threads
                            .collect()
                    }
                };
                if pids.is_empty() {
                    return Err(format!("rss: no process matches {pat:?}"));
                }
                for pid in pids {
                    let rss = proc_status_kb(pid, "VmRSS:").unwrap_or(0);
                    let hwm = proc_status_kb(pid, "VmHWM:").unwrap_or(0);
                    let anon = proc_status_kb(pid, "RssAnon:").unwrap_or(0);
                    let thr = proc_status_kb(pid, "Threads:").unwrap_or(0);
                    println!(
                        "{}   rss pid {pid} ({}): VmRSS {rss} kB, VmHWM {hwm} kB, RssAnon {anon} kB, {thr} threads",
                        self.ts(),
                        proc_comm(pid)
                    );
                    println!(
                        "RESULT rss pid={pid} comm={} vmrss_kb={rss} vmhwm_kb={hwm} rssanon_kb={anon} threads={thr}",
                        proc_comm(pid)
                    );
                    let top = top_mappings(pid, 4);
                    if !top.is_empty() {
                        println!(
                            "{}     largest mappings by Rss: {}",
                            self.ts(),
                            top.join(", ")
                        );
                    }
                }
            }
            Cmd::ExistsGrab(key) => {
                let src = self.source()?;
                let mut by = RawDevice::open(&src.node).map_err(|e| format!("open source: {e}"))?;
                set_nonblocking(by.as_raw_fd(), true).map_err(|e| e.to_string())?;
                src.emit(*key, 1).map_err(|e| e.to_string())?;
                src.emit(*key, 0).map_err(|e| e.to_string())?;
                // Give the daemon time to pass the tap through, then look at the bystander.
                let outputs = match &self.output {
                    Some(o) => {
                        let cur = o.cursor;
                        o.wait_for(1000, |g| key_events(&g.recs, cur, false).len() >= 2);
                        let end = o.with(|g| g.recs.len());
                        let n = o.with(|g| key_events(&g.recs, cur, false).len());
                        self.output.as_mut().unwrap().cursor = end;
                        format!(", daemon output {n} key events")
                    }
                    None => {
                        sleep_ms(200);
                        String::new()
                    }
                };
                let seen = match by.fetch_events() {
                    Ok(it) => it.filter(|e| e.event_type() == EventType::KEY).count(),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => 0,
                    Err(e) => return Err(format!("bystander read: {e}")),
                };
                self.check(seen == 0, format!("exists-grab: a second reader of the source saw {seen} key events (tap {}){outputs}", kname(*key)));
            }
            Cmd::ExpectNotGrabbed(key) => {
                let src = self.source()?;
                let mut by = RawDevice::open(&src.node).map_err(|e| format!("open source: {e}"))?;
                let fd = by.as_raw_fd();
                set_nonblocking(fd, true).map_err(|e| e.to_string())?;
                let cur = self.output.as_ref().map(|o| o.cursor);
                src.emit(*key, 1).map_err(|e| e.to_string())?;
                src.emit(*key, 0).map_err(|e| e.to_string())?;
                // The bystander must see both halves of the tap; wait up to 1 s for them.
                let t = mono_ns();
                let mut seen: Vec<(u16, i32)> = Vec::new();
                while !(seen.contains(&(*key, 1)) && seen.contains(&(*key, 0))) {
                    let left = 1_000_000_000u64.saturating_sub(mono_ns() - t);
                    if left == 0
                        || !poll_in(fd, (left / 1_000_000).max(1) as i32)
                            .map_err(|e| e.to_string())?
                    {
                        break;
                    }
                    match by.fetch_events() {
                        Ok(it) => seen.extend(
                            it.filter(|e| e.event_type() == EventType::KEY)
                                .map(|e| (e.code(), e.value())),
                        ),
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                        Err(e) => return Err(format!("bystander read: {e}")),
                    }
                }
                let seen_s = seen
                    .iter()
                    .map(|(c, v)| ev_tok(*c, *v))
                    .collect::<Vec<_>>()
                    .join(" ");
                // A daemon that reads without grabbing may still forward the tap: consume and report.
                let outputs = match (cur, self.output.as_mut()) {
                    (Some(cur), Some(o)) => {
                        if o.with(|g| g.gone.is_none()) {
                            o.wait_for(100, |g| key_events(&g.recs, cur, false).len() >= 2);
                        }
                        let (n, end) =
                            o.with(|g| (key_events(&g.recs, cur, false).len(), g.recs.len()));
                        o.cursor = end;
                        format!(", daemon output {n} key events")
                    }
                    _ => String::new(),
                };
                let ok = seen.contains(&(*key, 1)) && seen.contains(&(*key, 0));
                self.check(ok, format!("expect-not-grabbed: a second reader of the source saw [{seen_s}] (tap {}){outputs}", kname(*key)));
            }
            Cmd::WaitOutputGone(timeout_ms) => {
                let o = self.out()?;
                let (name, node) = (o.name.clone(), o.node.clone());
                let sys = o.syspath.clone().ok_or_else(|| {
                    format!(
                        "wait-output-gone: no sysfs path known for {}",
                        node.display()
                    )
                })?;
                let t = mono_ns();
                let deadline = t + timeout_ms * 1_000_000;
                while sys.exists() && mono_ns() < deadline {
                    sleep_ms(1);
                }
                let el = (mono_ns() - t) as f64 / 1e6;
                let gone = !sys.exists();
                let what = if gone {
                    format!(
                        "wait-output-gone: '{name}' {} ({}) removed after {el:.1} ms",
                        node.display(),
                        sys.display()
                    )
                } else {
                    format!(
                        "wait-output-gone: '{name}' {} ({}) still present after {timeout_ms} ms",
                        node.display(),
                        sys.display()
                    )
                };
                self.check(gone, what);
            }
            Cmd::WriteFile {
                path,
                content,
                in_place,
            } => {
                let p = Path::new(path);
                if let Some(d) = p.parent() {
                    fs::create_dir_all(d)
                        .map_err(|e| format!("write-file: mkdir {}: {e}", d.display()))?;
                }
                if *in_place {
                    // Truncate and rewrite the same inode (an editor saving in place).
                    fs::write(p, content).map_err(|e| format!("write-file {path}: {e}"))?;
                } else {
                    // Write a sibling temp file, then rename(2) it over PATH: readers see the old or
                    // the new content, never a partial file (IN_MOVED_TO on the directory).
                    let base = p
                        .file_name()
                        .ok_or_else(|| format!("write-file: '{path}' names no file"))?;
                    let tmp = p.with_file_name(format!(".{}.vmdriver-tmp", base.to_string_lossy()));
                    fs::write(&tmp, content)
                        .map_err(|e| format!("write-file {}: {e}", tmp.display()))?;
                    fs::rename(&tmp, p)
                        .map_err(|e| format!("write-file: rename to {path}: {e}"))?;
                }
                println!(
                    "{}   wrote {} bytes, {} lines to {path} ({})",
                    self.ts(),
                    content.len(),
                    content.lines().count(),
                    if *in_place {
                        "in place"
                    } else {
                        "atomic rename"
                    }
                );
            }
            Cmd::ExpectError(inner, text) => match self.exec(inner) {
                Err(e) => self.check(
                    true,
                    format!("expect-error: '{text}' failed as expected: {e}"),
                ),
                Ok(()) => self.check(false, format!("expect-error: '{text}' succeeded")),
            },
            Cmd::Sleep(ms) => sleep_ms(*ms),
            Cmd::Drain(ms) => {
                sleep_ms(*ms);
                let o = self.out()?;
                let cur = o.cursor;
                let (got, end) = o.with(|g| (key_events(&g.recs, cur, true), g.recs.len()));
                o.cursor = end;
                let s = got
                    .iter()
                    .map(|r| ev_tok(r.code, r.val))
                    .collect::<Vec<_>>()
                    .join(" ");
                println!("{}   drained [{s}]", self.ts());
            }
            Cmd::Echo(t) => println!("{}   {t}", self.ts()),
            Cmd::Sh { cmd: c, timeout_ms } => {
                use std::os::unix::process::CommandExt;
                // Output (stdout and stderr interleaved) goes to a file, printed when it ends.
                let log = PathBuf::from(format!("/tmp/vmdriver-sh-l{}.log", self.line));
                let f = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
                let f2 = f.try_clone().map_err(|e| e.to_string())?;
                let mut child = Command::new("/bin/sh")
                    .arg("-c")
                    .arg(c)
                    .stdin(Stdio::null())
                    .stdout(f)
                    .stderr(f2)
                    .process_group(0)
                    .spawn()
                    .map_err(|e| format!("sh: {e}"))?;
                let t = mono_ns();
                let status = loop {
                    if let Some(st) = child.try_wait().map_err(|e| format!("sh: {e}"))? {
                        break Some(st);
                    }
                    if mono_ns() - t >= timeout_ms * 1_000_000 {
                        unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
                        let _ = child.wait();
                        break None;
                    }
                    sleep_ms(2);
                };
                for l in fs::read_to_string(&log).unwrap_or_default().lines() {
                    println!("{}   | {l}", self.ts());
                }
                let _ = fs::remove_file(&log);
                match status {
                    None => {
                        return Err(format!(
                            "sh command still running after {timeout_ms} ms, killed (sh --timeout MS to allow more): {c}"
                        ));
                    }
                    Some(st) if !st.success() => {
                        return Err(format!("sh command failed ({}): {c}", describe_status(&st)));
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(())
    }

    /// `held-keys` (check=false) / `expect-held-none` (check=true) on the output device.
    fn held_keys_output(&mut self, check: bool) -> R {
        let sig = self.last_signal.clone();
        let o = self.out()?;
        let kernel = kernel_key_state(o.fd.as_raw_fd());
        let (stream, gone, since_sig) = o.with(|g| {
            let since = sig.as_ref().map(|(t, _)| {
                g.recs
                    .iter()
                    .filter(|r| r.ty == 1 && r.tk >= *t)
                    .map(|r| {
                        format!(
                            "{}@{:+.1}ms",
                            ev_tok(r.code, r.val),
                            (r.tk - t) as f64 / 1e6
                        )
                    })
                    .collect::<Vec<_>>()
            });
            (stream_down(&g.recs), g.gone.clone(), since)
        });
        let (name, node) = (o.name.clone(), o.node.clone());
        let ks = match &kernel {
            Ok(k) => keylist(k),
            Err(e) => format!("<{e}>"),
        };
        let gone_note = if kernel.is_err() || gone.is_some() {
            " (device removed: the kernel released its keys on removal; a reader that had not yet read those releases gets ENODEV instead)"
        } else {
            ""
        };
        let line = format!(
            "held-keys '{name}' {}: kernel(EVIOCGKEY)={ks} stream={}{gone_note}",
            node.display(),
            keylist(&stream)
        );
        println!("{}   {line}", self.ts());
        if let (Some((_, sname)), Some(ev)) = (&sig, &since_sig) {
            println!(
                "{}   output key events since {sname}: [{}]",
                self.ts(),
                ev.join(" ")
            );
        }
        println!(
            "RESULT held-keys device={} kernel={} stream={}",
            if kernel.is_ok() { "present" } else { "gone" },
            match &kernel {
                Ok(k) => keylist(k).replace(' ', ","),
                Err(_) => "-".into(),
            },
            keylist(&stream).replace(' ', ",")
        );
        if check {
            let ok = match &kernel {
                Ok(k) => k.is_empty(),
                // Device gone (the daemon exited, or removed it): nothing can be held on it.
                Err(e) => e.raw_os_error() == Some(libc::ENODEV),
            };
            self.check(ok, format!("expect-held-none: {line}"));
        }
        Ok(())
    }

    /// The current source's key state as the kernel sees it: what a daemon that starts now reads
    /// with EVIOCGKEY (keys pressed with `send d:KEY` before `spawn`).
    fn held_keys_source(&self) -> R {
        let src = self.source()?;
        let f =
            fs::File::open(&src.node).map_err(|e| format!("open {}: {e}", src.node.display()))?;
        let k = kernel_key_state(f.as_raw_fd())
            .map_err(|e| format!("EVIOCGKEY {}: {e}", src.node.display()))?;
        println!(
            "{}   held-keys source '{}' {}: kernel(EVIOCGKEY)={}",
            self.ts(),
            src.name,
            src.node.display(),
            keylist(&k)
        );
        println!(
            "RESULT source-held-keys source={} kernel={}",
            src.name,
            keylist(&k).replace(' ', ",")
        );
        Ok(())
    }

    fn hold_timing(&mut self, key: u16, out: u16, term_ms: u64, n: usize) -> R {
        let src_fd_ok = self.source().is_ok();
        if !src_fd_ok {
            return Err("no source".into());
        }
        let mut late: Vec<i64> = Vec::with_capacity(n);
        let mut notes = Vec::new();
        for i in 0..n {
            sleep_ms(50);
            let cur = {
                let o = self.out()?;
                o.cursor = o.with(|g| g.recs.len());
                o.cursor
            };
            let t0 = mono_ns();
            self.source()?.emit(key, 1).map_err(|e| e.to_string())?;
            let o = self.output.as_ref().unwrap();
            let pos = |g: &Shared, v: i32| {
                g.recs[cur..]
                    .iter()
                    .position(|r| r.ty == 1 && r.code == out && r.val == v)
            };
            o.wait_for(term_ms + 3000, |g| pos(g, 1).is_some());
            let hit = o.with(|g| pos(g, 1).map(|p| g.recs[cur + p]));
            let before = o.with(|g| {
                let end = pos(g, 1).map(|p| cur + p).unwrap_or(g.recs.len());
                key_events(&g.recs[..end], cur, false)
            });
            self.source()?.emit(key, 0).map_err(|e| e.to_string())?;
            let o = self.output.as_ref().unwrap();
            o.wait_for(1000, |g| pos(g, 0).is_some());
            match hit {
                Some(r) => late.push(r.tk as i64 - t0 as i64 - (term_ms * 1_000_000) as i64),
                None => {
                    return Err(format!(
                        "hold-timing #{i}: no {} press on the output within {} ms of pressing {}",
                        kname(out),
                        term_ms + 3000,
                        kname(key)
                    ));
                }
            }
            if !before.is_empty() {
                notes.push(format!(
                    "#{i}: before {} came [{}]",
                    kname(out),
                    before
                        .iter()
                        .map(|r| ev_tok(r.code, r.val))
                        .collect::<Vec<_>>()
                        .join(" ")
                ));
            }
        }
        sleep_ms(50);
        let o = self.out()?;
        o.cursor = o.with(|g| g.recs.len());
        let us: Vec<f64> = late.iter().map(|x| *x as f64 / 1000.0).collect();
        let mut sorted = us.clone();
        sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let pct = |p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
        println!(
            "{}   hold-timing {}->{} term {} ms: lateness (output press stamp - press - term) min {:.0} median {:.0} p90 {:.0} max {:.0} us",
            self.ts(),
            kname(key),
            kname(out),
            term_ms,
            sorted[0],
            pct(0.5),
            pct(0.9),
            sorted[sorted.len() - 1]
        );
        println!(
            "{}   samples_us: {}",
            self.ts(),
            us.iter()
                .map(|x| format!("{x:.0}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        for nt in &notes {
            println!("{}   note {nt}", self.ts());
        }
        println!(
            "RESULT hold-timing key={} out={} term_ms={term_ms} n={} min_us={:.0} median_us={:.0} p90_us={:.0} max_us={:.0}",
            kname(key),
            kname(out),
            us.len(),
            sorted[0],
            pct(0.5),
            pct(0.9),
            sorted[sorted.len() - 1]
        );
        Ok(())
    }

    fn finish(&mut self, aborted: Option<String>) -> i32 {
        if let Some(mut o) = self.output.take() {
            o.stop();
        }
        for o in self.retired_outputs.iter_mut() {
            o.stop();
        }
        // Stop whatever we started and is still running: TERM, then KILL after 1 s.
        for d in self.daemons.iter_mut() {
            if d.poll_exit().is_none() {
                let pid = d.child.id() as i32;
                unsafe { libc::kill(pid, libc::SIGTERM) };
                let t = mono_ns();
                while d.poll_exit().is_none() && mono_ns() - t < 1_000_000_000 {
                    sleep_ms(5);
                }
                if d.poll_exit().is_none() {
                    let _ = d.child.kill();
                    let _ = d.child.wait().map(|s| d.status = Some(s));
                }
                println!(
                    "[cleanup] pid {pid} stopped at end of scenario ({})",
                    d.status.map(|s| describe_status(&s)).unwrap_or_default()
                );
            }
        }
        let ansi = Regex::new("\x1b\\[[0-9;]*[A-Za-z]").unwrap();
        for d in &self.daemons {
            let log = fs::read_to_string(&d.log).unwrap_or_default();
            let lines: Vec<&str> = log.lines().collect();
            const KEEP: usize = 200;
            println!(
                "---- log of pid {} ({}) — {}, {} lines ----",
                d.child.id(),
                d.argv.join(" "),
                d.status
                    .map(|s| describe_status(&s))
                    .unwrap_or_else(|| "running".into()),
                lines.len()
            );
            if lines.len() > KEEP {
                println!("[... {} earlier lines omitted ...]", lines.len() - KEEP);
            }
            for l in &lines[lines.len().saturating_sub(KEEP)..] {
                println!("| {}", ansi.replace_all(l, ""));
            }
        }
        let failed = self.failures.len();
        println!(
            "==== vmdriver summary: {} checks, {} passed, {} failed{}",
            self.checks,
            self.checks - failed,
            failed,
            if aborted.is_some() { ", ABORTED" } else { "" }
        );
        for f in &self.failures {
            println!("FAILED {f}");
        }
        if let Some(a) = &aborted {
            println!("ABORTED {a}");
        }
        let rc = if aborted.is_some() {
            2
        } else if failed > 0 {
            1
        } else {
            0
        };
        println!(
            "RESULT summary checks={} failed={} aborted={} rc={rc}",
            self.checks,
            failed,
            aborted.is_some()
        );
        rc
    }
}

/// N round trips alternating press/release of `key` on the source, each waiting for the matching
/// key event (same value; code `out` or any) on `node`, read directly in this thread. 50 untimed
/// warm-up round trips first. Returns (emit->read round trips, emit->kernel stamp of the output event).
fn latency_loop(
    src: &Source,
    node: &Path,
    n: usize,
    key: u16,
    out: Option<u16>,
) -> Result<(Vec<u64>, Vec<u64>), String> {
    const WARM: usize = 50;
    let mut dev = RawDevice::open(node).map_err(|e| format!("open {}: {e}", node.display()))?;
    let fd = dev.as_raw_fd();
    set_mono_clock(fd).map_err(|e| e.to_string())?;
    let mut rt = Vec::with_capacity(n);
    let mut st = Vec::with_capacity(n);
    let total = WARM + n + ((WARM + n) % 2); // end on a release
    for i in 0..total {
        let v = if i % 2 == 0 { 1 } else { 0 };
        let t0 = mono_ns();
        src.emit(key, v).map_err(|e| format!("uinput write: {e}"))?;
        let stamp = 'wait: loop {
            if !poll_in(fd, 2000).map_err(|e| e.to_string())? {
                return Err(format!(
                    "latency: no {} {} on {} within 2 s (round trip {i})",
                    out.map(kname).unwrap_or_else(|| "key".into()),
                    if v == 1 { "press" } else { "release" },
                    node.display()
                ));
            }
            for ev in dev
                .fetch_events()
                .map_err(|e| format!("read {}: {e}", node.display()))?
            {
                if ev.event_type() == EventType::KEY
                    && ev.value() == v
                    && out.is_none_or(|o| o == ev.code())
                {
                    break 'wait ev_ns(&ev);
                }
            }
        };
        let t1 = mono_ns();
        if i >= WARM && rt.len() < n {
            rt.push(t1 - t0);
            st.push(stamp.saturating_sub(t0));
        }
    }
    Ok((rt, st))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (check_only, path) = match args.as_slice() {
        [_, f, p] if f == "--check" => (true, p.clone()),
        [_, p] if !p.starts_with('-') => (false, p.clone()),
        _ => {
            eprintln!("usage: vmdriver [--check] SCENARIO");
            std::process::exit(2);
        }
    };
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let lines = match parse_scenario(&text) {
        Ok(l) => l,
        Err(errs) => {
            for e in errs {
                eprintln!("{path}: {e}");
            }
            std::process::exit(2);
        }
    };
    if check_only {
        println!("{path}: {} commands, syntax OK", lines.len());
        return;
    }
    let mut r = Runner {
        t0: mono_ns(),
        sources: Vec::new(),
        cur: None,
        daemons: Vec::new(),
        output: None,
        retired_outputs: Vec::new(),
        checks: 0,
        failures: Vec::new(),
        baseline: None,
        last_signal: None,
        line: 0,
    };
    println!("vmdriver: {path}: {} commands", lines.len());
    let mut aborted = None;
    for l in &lines {
        r.line = l.no;
        println!("{} L{}: {}", r.ts(), l.no, l.text);
        let _ = io::stdout().flush();
        if let Err(e) = r.exec(&l.cmd) {
            println!("{}   ERROR {e}", r.ts());
            aborted = Some(format!("line {}: {e}", l.no));
            break;
        }
    }
    let rc = r.finish(aborted);
    let _ = io::stdout().flush();
    std::process::exit(rc);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Cmd, String> {
        parse_line(&split_words(line).unwrap())
    }

    #[test]
    fn write_file_expands_escapes_and_ends_with_newline() {
        match parse(r"write-file /etc/k/c.rhai 'a\nb\tc\\d'").unwrap() {
            Cmd::WriteFile {
                path,
                content,
                in_place,
            } => {
                assert_eq!(path, "/etc/k/c.rhai");
                assert_eq!(content, "a\nb\tc\\d\n");
                assert!(!in_place);
            }
            other => panic!("{other:?}"),
        }
        match parse("write-file --in-place /x two words").unwrap() {
            Cmd::WriteFile {
                content, in_place, ..
            } => {
                assert_eq!(content, "two words\n");
                assert!(in_place);
            }
            other => panic!("{other:?}"),
        }
        assert!(parse("write-file relative/path x").is_err());
        assert!(parse(r"write-file /x 'bad\q'").is_err());
    }

    #[test]
    fn expect_error_wraps_commands_but_not_checks() {
        assert!(matches!(
            parse("expect-error send tap:a").unwrap(),
            Cmd::ExpectError(..)
        ));
        assert!(parse("expect-error expect d:a").is_err());
        assert!(parse("expect-error wait-output-gone").is_err());
        assert!(parse("expect-error send").is_err()); // the inner command's own syntax error
    }

    #[test]
    fn new_commands_parse() {
        assert!(matches!(parse("unplug").unwrap(), Cmd::Unplug(None)));
        assert!(matches!(parse("unplug kbd").unwrap(), Cmd::Unplug(Some(_))));
        assert!(matches!(parse("use kbd").unwrap(), Cmd::Use(_)));
        assert!(matches!(
            parse("expect-not-grabbed").unwrap(),
            Cmd::ExpectNotGrabbed(44)
        )); // z
        assert!(matches!(
            parse("wait-output-gone").unwrap(),
            Cmd::WaitOutputGone(5000)
        ));
        assert!(matches!(
            parse("wait-output-gone 200").unwrap(),
            Cmd::WaitOutputGone(200)
        ));
        match parse("sh --timeout 250 sleep 1").unwrap() {
            Cmd::Sh { cmd, timeout_ms } => assert_eq!((cmd.as_str(), timeout_ms), ("sleep 1", 250)),
            other => panic!("{other:?}"),
        }
        match parse("sh ls /dev/input").unwrap() {
            Cmd::Sh { timeout_ms, .. } => assert_eq!(timeout_ms, 30_000),
            other => panic!("{other:?}"),
        }
        assert!(parse("sh --timeout 100").is_err());
    }

    #[test]
    fn shipped_scenarios_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
        let mut n = 0;
        for e in fs::read_dir(&dir).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "scn") {
                let text = fs::read_to_string(e.path()).unwrap();
                if let Err(errs) = parse_scenario(&text) {
                    panic!("{}: {errs:?}", e.path().display());
                }
                n += 1;
            }
        }
        assert!(n >= 2);
    }
}
