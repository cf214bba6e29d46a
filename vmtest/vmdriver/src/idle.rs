//! What a daemon costs while nothing happens, and what it costs per event: `expect-idle MS
//! MAX_WAKEUPS` counts its threads' context switches (each one a wake-up) and CPU time over MS
//! with no input; `expect-rss MAX_KB [MAX_GROWTH_KB]` bounds its resident memory and its growth. `latency` reports the CPU the
//! daemon used per event through `Usage`.

use crate::rss::proc_status_kb;
use crate::runner::{R, Runner};
use crate::sys::sleep_ms;
use std::fs;

/// Context switches and CPU time summed over a process's live threads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    pub switches: u64,
    pub cpu_ns: u64,
    pub threads: u64,
}

impl Usage {
    /// From /proc/PID/task/*/status (voluntary + involuntary switches) and schedstat (time on
    /// a CPU, ns). Reading them does not wake the process.
    pub fn of(pid: u32) -> Option<Usage> {
        let mut u = Usage::default();
        for task in fs::read_dir(format!("/proc/{pid}/task")).ok()?.flatten() {
            let dir = task.path();
            let status = fs::read_to_string(dir.join("status")).unwrap_or_default();
            for l in status.lines() {
                if l.starts_with("voluntary_ctxt_switches:")
                    || l.starts_with("nonvoluntary_ctxt_switches:")
                {
                    u.switches += l
                        .split_whitespace()
                        .nth(1)
                        .and_then(|v| v.parse::<u64>().ok())
                        .unwrap_or(0);
                }
            }
            let sched = fs::read_to_string(dir.join("schedstat")).unwrap_or_default();
            u.cpu_ns += sched
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            u.threads += 1;
        }
        Some(u)
    }

    pub fn since(self, before: Usage) -> Usage {
        Usage {
            switches: self.switches.saturating_sub(before.switches),
            cpu_ns: self.cpu_ns.saturating_sub(before.cpu_ns),
            threads: self.threads,
        }
    }
}

impl Runner {
    /// The running daemon's pid, or an error if it exited.
    fn live_daemon_pid(&mut self) -> Result<u32, String> {
        let d = self.daemon()?;
        if d.poll_exit().is_some() {
            return Err("the spawned process has exited".into());
        }
        Ok(d.child.id())
    }

    /// The running daemon's usage, if there is one (for figures that add it when they can).
    pub fn daemon_usage(&mut self) -> Option<Usage> {
        let pid = self.live_daemon_pid().ok()?;
        Usage::of(pid)
    }

    /// `expect-idle MS MAX_WAKEUPS`: with no input, the daemon's threads wake at most
    /// MAX_WAKEUPS times in MS.
    pub fn expect_idle(&mut self, ms: u64, max_wakeups: u64) -> R {
        let pid = self.live_daemon_pid()?;
        let before = Usage::of(pid).ok_or("cannot read the daemon's /proc entry")?;
        sleep_ms(ms);
        let after = Usage::of(pid).ok_or("the daemon's /proc entry went away")?;
        let d = after.since(before);
        let cpu_ms_per_s = d.cpu_ns as f64 / 1e6 / (ms as f64 / 1000.0);
        println!(
            "RESULT idle pid={pid} ms={ms} wakeups={} cpu_us={:.1} cpu_ms_per_s={cpu_ms_per_s:.3} threads={}",
            d.switches,
            d.cpu_ns as f64 / 1000.0,
            d.threads
        );
        self.check(
            d.switches <= max_wakeups,
            format!(
                "idle {ms} ms: {} wake-ups (at most {max_wakeups}), {:.1} µs of CPU over {} threads",
                d.switches,
                d.cpu_ns as f64 / 1000.0,
                d.threads
            ),
        );
        Ok(())
    }

    /// `expect-rss MAX_KB [MAX_GROWTH_KB]`: the daemon's VmRSS is at most MAX_KB and, if
    /// given, grew at most MAX_GROWTH_KB since the previous `expect-rss` of the same process.
    pub fn expect_rss(&mut self, max_kb: u64, max_growth_kb: Option<u64>) -> R {
        let pid = self.live_daemon_pid()?;
        self.print_rss(pid);
        let rss = proc_status_kb(pid, "VmRSS:").ok_or("cannot read the daemon's VmRSS")?;
        let previous = self.last_rss.filter(|(p, _)| *p == pid).map(|(_, kb)| kb);
        self.last_rss = Some((pid, rss));
        self.check(
            rss <= max_kb,
            format!("VmRSS {rss} kB (at most {max_kb} kB)"),
        );
        if let Some(max_growth) = max_growth_kb {
            let Some(before) = previous else {
                return Err(
                    "expect-rss with a growth bound needs an earlier expect-rss of this process"
                        .into(),
                );
            };
            let growth = rss.saturating_sub(before);
            self.check(
                growth <= max_growth,
                format!("VmRSS grew {growth} kB since {before} kB (at most {max_growth} kB)"),
            );
        }
        Ok(())
    }
}
