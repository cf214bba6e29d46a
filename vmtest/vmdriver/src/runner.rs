//! The runner: the state of a scenario in progress (sources, spawned processes, the output
//! reader, results so far) and the dispatch of each command to the module that implements it.

use crate::measure::Stats;
use crate::output::Output;
use crate::process::Daemon;
use crate::scenario::Cmd;
use crate::source::Source;
use crate::sys::{mono_ns, sleep_ms};
use std::path::PathBuf;

pub struct Runner {
    /// Start of the run: report timestamps count from here.
    pub t0: u64,
    pub sources: Vec<Source>,
    /// Index of the current source in `sources` (the newest, or the one picked by `use`).
    pub cur: Option<usize>,
    pub daemons: Vec<Daemon>,
    pub output: Option<Output>,
    pub retired_outputs: Vec<Output>,
    /// The daemon's virtual pointer, read by `pointer REGEX`.
    pub pointer: Option<Output>,
    pub checks: usize,
    pub failures: Vec<String>,
    /// The last `baseline-latency`, subtracted from later `latency` figures.
    pub baseline: Option<Stats>,
    /// Time and name of the last signal sent, for `held-keys`' "events since" line.
    pub last_signal: Option<(u64, String)>,
    /// Scenario line being run.
    pub line: usize,
    /// Time of the last `set-output-led`, for `expect-source-led`'s report.
    pub last_led_write: Option<u64>,
    /// WebSocket clients opened by `ws-open`.
    pub ws: Option<crate::ws::Clients>,
    /// The last `expect-rss`: pid and VmRSS (kB), for its growth bound.
    pub last_rss: Option<(u32, u64)>,
}

/// A command's outcome: Err aborts the scenario (failed checks are recorded, not returned).
pub type R = Result<(), String>;

impl Runner {
    pub fn new() -> Runner {
        Runner {
            t0: mono_ns(),
            sources: Vec::new(),
            cur: None,
            daemons: Vec::new(),
            output: None,
            retired_outputs: Vec::new(),
            pointer: None,
            checks: 0,
            failures: Vec::new(),
            baseline: None,
            last_signal: None,
            line: 0,
            last_led_write: None,
            ws: None,
            last_rss: None,
        }
    }

    pub fn source(&self) -> Result<&Source, String> {
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
    pub fn live_source_nodes(&self) -> Vec<PathBuf> {
        self.sources
            .iter()
            .filter(|s| s.fd.is_some())
            .map(|s| s.node.clone())
            .collect()
    }

    pub fn out(&mut self) -> Result<&mut Output, String> {
        self.output
            .as_mut()
            .ok_or_else(|| "no output device (use 'output REGEX' first)".to_string())
    }

    pub fn daemon(&mut self) -> Result<&mut Daemon, String> {
        self.daemons
            .last_mut()
            .ok_or_else(|| "no spawned process (use 'spawn' first)".to_string())
    }

    pub fn exec(&mut self, cmd: &Cmd) -> R {
        match cmd {
            Cmd::Source { name, id } => self.add_source(name, *id),
            Cmd::Unplug(name) => self.unplug(name.as_deref()),
            Cmd::Use(name) => self.use_source(name),
            Cmd::Spawn(argv) => self.spawn(argv),
            Cmd::Signal(sig, name) => self.signal(*sig, name),
            Cmd::ExitedWithin(ms) => self.exited_within(*ms),
            Cmd::Output { re, timeout_ms } => self.open_output(re, *timeout_ms),
            Cmd::WaitOpen(timeout_ms) => self.wait_open(*timeout_ms),
            Cmd::WaitReady { key, timeout_ms } => self.wait_ready(*key, *timeout_ms),
            Cmd::Send(steps) => self.send(steps),
            Cmd::Expect { evs, within_ms } => self.expect(evs, *within_ms),
            Cmd::ExpectNone(ms) => self.expect_none(*ms),
            Cmd::HeldKeys => self.held_keys(),
            Cmd::ExpectHeldNone => self.held_keys_output(true),
            Cmd::Latency { n, key, out } => self.latency(*n, *key, *out),
            Cmd::BaselineLatency { n, key } => self.baseline_latency(*n, *key),
            Cmd::HoldTiming {
                key,
                out,
                term_ms,
                n,
            } => self.hold_timing(*key, *out, *term_ms, *n),
            Cmd::Rss(pat) => self.rss(pat.as_ref()),
            Cmd::ExpectRss {
                max_kb,
                max_growth_kb,
            } => self.expect_rss(*max_kb, *max_growth_kb),
            Cmd::WsOpen {
                n,
                port,
                token_file,
                topics,
            } => self.ws_open(*n, *port, token_file, topics),
            Cmd::WsCycles {
                n,
                port,
                token_file,
                topics,
            } => self.ws_cycles(*n, *port, token_file, topics),
            Cmd::WsClose => self.ws_close(),
            Cmd::ExpectIdle { ms, max_wakeups } => self.expect_idle(*ms, *max_wakeups),
            Cmd::ExistsGrab(key) => self.exists_grab(*key),
            Cmd::ExpectNotGrabbed(key) => self.expect_not_grabbed(*key),
            Cmd::WaitOutputGone(timeout_ms) => self.wait_output_gone(*timeout_ms),
            Cmd::WriteFile {
                path,
                content,
                in_place,
            } => self.write_file(path, content, *in_place),
            Cmd::ExpectError(inner, text) => self.expect_error(inner, text),
            Cmd::Sleep(ms) => {
                sleep_ms(*ms);
                Ok(())
            }
            Cmd::Drain(ms) => self.drain(*ms),
            Cmd::Pointer { re, timeout_ms } => self.open_pointer(re, *timeout_ms),
            Cmd::ExpectBtn {
                code,
                value,
                within_ms,
            } => self.expect_btn(*code, *value, *within_ms),
            Cmd::ExpectRel {
                axis,
                count,
                growing,
                within_ms,
            } => self.expect_rel(*axis, *count, *growing, *within_ms),
            Cmd::ExpectRelNone(ms) => self.expect_rel_none(*ms),
            Cmd::PointerDrain(ms) => self.pointer_drain(*ms),
            Cmd::WaitPointerGone(ms) => self.wait_pointer_gone(*ms),
            Cmd::Echo(t) => {
                println!("{}   {t}", self.ts());
                Ok(())
            }
            Cmd::Sh { cmd: c, timeout_ms } => self.sh(c, *timeout_ms),
            Cmd::SetOutputLed { led, value } => self.set_output_led(*led, *value),
            Cmd::ExpectSourceLed {
                led,
                value,
                within_ms,
            } => self.expect_source_led(*led, *value, *within_ms),
        }
    }
}
