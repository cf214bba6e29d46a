//! The output reader: a thread that records every event of the daemon's virtual keyboard with
//! its kernel timestamp, so checks can look at what came out (and when) after the fact. Also
//! the `output`, `wait-ready` and `drain` commands.

use crate::keys::{ev_toks, kname};
use crate::runner::{R, Runner};
use crate::sys::{ev_ns, mono_ns, poll_in, set_mono_clock, set_nonblocking, sleep_ms};
use evdev::raw_stream::RawDevice;
use evdev::{EventType, InputEvent};
use regex::Regex;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub struct Rec {
    pub tk: u64, // kernel timestamp (monotonic), ns
    pub ty: u16,
    pub code: u16,
    pub val: i32,
}

/// State shared between the reader thread and the runner.
#[derive(Default)]
pub struct Shared {
    pub recs: Vec<Rec>,
    pub gone: Option<String>,
    paused: bool,
    parked: bool,
    stop: bool,
    discard_before: u64,
    pub dropped: usize,
}

type Sh = Arc<(Mutex<Shared>, Condvar)>;

pub struct Output {
    pub node: PathBuf,
    /// /sys/devices/.../inputN of the device (input numbers are never reused).
    pub syspath: Option<PathBuf>,
    pub name: String,
    pub fd: OwnedFd, // dup of the reader's fd: same evdev client, used for EVIOCGKEY
    sh: Sh,
    thread: Option<JoinHandle<()>>,
    /// Records before this index have been consumed by an earlier command.
    pub cursor: usize,
}

fn reader_thread(mut dev: RawDevice, sh: Sh) {
    let fd = dev.as_raw_fd();
    while wait_unpaused(&sh) {
        match poll_in(fd, 50) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => return mark_gone(&sh, format!("poll: {e}")),
        }
        let evs: Vec<InputEvent> = match dev.fetch_events() {
            Ok(it) => it.collect(),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
            Err(e) => return mark_gone(&sh, e.to_string()),
        };
        record(&sh, evs);
    }
}

/// Park while paused (telling `pause` that the reader is off the fd); false once told to stop.
fn wait_unpaused(sh: &Sh) -> bool {
    let (m, cv) = &**sh;
    let mut g = m.lock().unwrap();
    while g.paused && !g.stop {
        if !g.parked {
            g.parked = true;
            cv.notify_all();
        }
        g = cv.wait(g).unwrap();
    }
    g.parked = false;
    !g.stop
}

fn mark_gone(sh: &Sh, why: String) {
    let (m, cv) = &**sh;
    m.lock().unwrap().gone = Some(why);
    cv.notify_all();
}

fn record(sh: &Sh, evs: Vec<InputEvent>) {
    let (m, cv) = &**sh;
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

impl Output {
    pub fn open(node: &Path, name: &str) -> io::Result<Output> {
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
    pub fn wait_for<F: FnMut(&Shared) -> bool>(&self, timeout_ms: u64, mut pred: F) -> bool {
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

    pub fn with<R>(&self, f: impl FnOnce(&Shared) -> R) -> R {
        f(&self.sh.0.lock().unwrap())
    }

    /// Key events recorded since the cursor, which moves past them (and past everything else).
    pub fn take_new(&mut self, with_repeats: bool) -> Vec<Rec> {
        let cur = self.cursor;
        let (got, end) = self.with(|g| (key_events(&g.recs, cur, with_repeats), g.recs.len()));
        self.cursor = end;
        got
    }

    /// Stop the reader thread from reading (latency loops read with their own fd, undisturbed).
    pub fn pause(&self) {
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
    pub fn resume(&mut self) {
        let (m, cv) = &*self.sh;
        let mut g = m.lock().unwrap();
        g.discard_before = mono_ns();
        g.paused = false;
        cv.notify_all();
        self.cursor = g.recs.len();
    }

    pub fn stop(&mut self) {
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
pub fn key_events(recs: &[Rec], from: usize, with_repeats: bool) -> Vec<Rec> {
    recs[from.min(recs.len())..]
        .iter()
        .filter(|r| r.ty == 1 && (r.val != 2 || with_repeats))
        .copied()
        .collect()
}

/// Records as scenario tokens (`d:a u:a ...`).
pub fn rec_toks(recs: &[Rec]) -> String {
    ev_toks(recs.iter().map(|r| (r.code, r.val)))
}

/// Keys down according to the recorded event stream (last value per code != 0).
pub fn stream_down(recs: &[Rec]) -> Vec<u16> {
    let mut st: BTreeMap<u16, i32> = BTreeMap::new();
    for r in recs.iter().filter(|r| r.ty == 1) {
        st.insert(r.code, r.val);
    }
    st.into_iter()
        .filter(|(_, v)| *v != 0)
        .map(|(c, _)| c)
        .collect()
}

/// The lowest-numbered /dev/input/eventN whose device name matches (and is not excluded).
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

impl Runner {
    /// Waits for a device of the daemon whose name matches `re` and starts reading it; `what`
    /// names it in the report (`output`, `pointer`).
    pub fn open_device(&mut self, what: &str, re: &str, timeout_ms: u64) -> Result<Output, String> {
        let rx = Regex::new(re).unwrap();
        // Our own source keyboards may match the pattern too; they are never the output.
        let exclude = self.live_source_nodes();
        let t = mono_ns();
        let deadline = t + timeout_ms * 1_000_000;
        let (node, name) = loop {
            if let Some(f) = find_input_by_name(&rx, &exclude) {
                break f;
            }
            if let Some(s) = self.newest_exited() {
                return Err(format!(
                    "spawned process exited ({}) before an {what} device matching /{re}/ appeared",
                    crate::process::describe_status(&s)
                ));
            }
            if mono_ns() >= deadline {
                return Err(format!(
                    "no input device matching /{re}/ within {timeout_ms} ms"
                ));
            }
            sleep_ms(5);
        };
        let o = Output::open(&node, &name).map_err(|e| format!("open {}: {e}", node.display()))?;
        println!(
            "{}   {what} '{}' -> {} (appeared after {:.1} ms)",
            self.ts(),
            name,
            node.display(),
            (mono_ns() - t) as f64 / 1e6
        );
        Ok(o)
    }

    /// `output REGEX [TIMEOUT]`: wait for the daemon's virtual keyboard and start reading it.
    pub fn open_output(&mut self, re: &str, timeout_ms: u64) -> R {
        let o = self.open_device("output", re, timeout_ms)?;
        if let Some(mut old) = self.output.replace(o) {
            old.stop();
            self.retired_outputs.push(old);
        }
        Ok(())
    }

    /// `wait-ready [KEY] [TIMEOUT]`: tap KEY until the daemon passes anything through, then let
    /// it settle and drain, so the scenario starts from a daemon that is really listening.
    pub fn wait_ready(&mut self, key: u16, timeout_ms: u64) -> R {
        let t = mono_ns();
        let mut probes = 0;
        loop {
            if let Some(s) = self.newest_exited() {
                return Err(format!(
                    "spawned process exited ({}) while waiting for it to become ready",
                    crate::process::describe_status(&s)
                ));
            }
            if mono_ns() - t >= timeout_ms * 1_000_000 {
                return Err(format!(
                    "daemon not ready: {probes} taps of {} produced no output within {timeout_ms} ms",
                    kname(key)
                ));
            }
            probes += 1;
            let cur = self.out()?.cursor;
            let src = self.source()?;
            src.emit(key, 1).map_err(|e| e.to_string())?;
            sleep_ms(10);
            src.emit(key, 0).map_err(|e| e.to_string())?;
            let o = self.output.as_ref().unwrap();
            if o.wait_for(200, |g| !key_events(&g.recs, cur, true).is_empty()) {
                break;
            }
        }
        sleep_ms(200);
        let got = self.out()?.take_new(true);
        println!(
            "{}   ready after {:.1} ms, {probes} probe taps (drained [{}])",
            self.ts(),
            (mono_ns() - t) as f64 / 1e6,
            rec_toks(&got)
        );
        Ok(())
    }

    /// `drain [MS]`: wait, then consume and print whatever came out.
    pub fn drain(&mut self, ms: u64) -> R {
        sleep_ms(ms);
        let got = self.out()?.take_new(true);
        println!("{}   drained [{}]", self.ts(), rec_toks(&got));
        Ok(())
    }

    /// Stop every reader thread (the current output and those replaced by later `output`s).
    pub fn stop_outputs(&mut self) {
        if let Some(mut o) = self.output.take() {
            o.stop();
        }
        for o in self.retired_outputs.iter_mut() {
            o.stop();
        }
        if let Some(mut p) = self.pointer.take() {
            p.stop();
        }
    }
}
