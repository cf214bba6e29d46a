//! Timing measurements: end-to-end latency through the daemon (and the kernel's own uinput ->
//! evdev baseline, to subtract), and tap-hold timing (how late a hold fires after its term).
//! Figures go to `RESULT` lines for scripts.

use crate::keys::{ev_toks, kname};
use crate::output::{Shared, key_events};
use crate::runner::{R, Runner};
use crate::source::Source;
use crate::sys::{ev_ns, mono_ns, poll_in, set_mono_clock, sleep_ms};
use evdev::EventType;
use evdev::raw_stream::RawDevice;
use std::os::fd::AsRawFd;
use std::path::Path;

pub struct Stats {
    n: usize,
    min: f64,
    median: f64,
    p90: f64,
    p99: f64,
    max: f64,
    mean: f64,
}

/// Summary of ns samples, in µs.
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

impl Runner {
    /// `latency_loop` with the output reader paused, so the loop alone reads the events it waits
    /// for (the reader would otherwise compete for them and add its own wakeups).
    fn latency_paused(
        &mut self,
        node: &Path,
        n: usize,
        key: u16,
        out: Option<u16>,
    ) -> Result<(Vec<u64>, Vec<u64>), String> {
        if let Some(o) = &self.output {
            o.pause();
        }
        let res = latency_loop(self.source()?, node, n, key, out);
        if let Some(o) = self.output.as_mut() {
            o.resume();
        }
        res
    }

    /// `latency N KEY [OUT]`: source -> daemon -> output round trips.
    pub fn latency(&mut self, n: usize, key: u16, out: Option<u16>) -> R {
        let node = self.out()?.node.clone();
        let before = self.daemon_usage();
        let (rt, st) = self.latency_paused(&node, n, key, out)?;
        if let (Some(b), Some(a)) = (before, self.daemon_usage()) {
            // Each round trip is one event in; the 50 warm-up round trips count too.
            let events = (n + 50) as f64;
            let d = a.since(b);
            println!(
                "RESULT daemon-cpu key={} events={events} cpu_ns_per_event={:.0} switches_per_event={:.2}",
                kname(key),
                d.cpu_ns as f64 / events,
                d.switches as f64 / events
            );
        }
        let s = stats_ns(&rt);
        let k = stats_ns(&st);
        let outs = out.map(kname).unwrap_or_else(|| "any".into());
        println!(
            "{}   latency {}->{} via daemon: median {:.1} p90 {:.1} p99 {:.1} max {:.1} us (kernel-stamp median {:.1} us)",
            self.ts(),
            kname(key),
            outs,
            s.median,
            s.p90,
            s.p99,
            s.max,
            k.median
        );
        println!(
            "RESULT latency key={} out={} {} stamp_median_us={:.1} stamp_p99_us={:.1}",
            kname(key),
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
        Ok(())
    }

    /// `baseline-latency N KEY`: the same round trips read straight from the source, no daemon:
    /// the kernel's and this harness's share of `latency`.
    pub fn baseline_latency(&mut self, n: usize, key: u16) -> R {
        let node = self.source()?.node.clone();
        let (rt, _) = self.latency_paused(&node, n, key, Some(key)).map_err(|e| {
            format!("{e} (baseline reads the source directly: run it before the daemon grabs it)")
        })?;
        let s = stats_ns(&rt);
        println!(
            "{}   baseline latency {} (uinput->evdev, no daemon): median {:.1} p90 {:.1} p99 {:.1} max {:.1} us",
            self.ts(),
            kname(key),
            s.median,
            s.p90,
            s.p99,
            s.max
        );
        println!(
            "RESULT baseline-latency key={} {}",
            kname(key),
            stats_line(&s)
        );
        self.baseline = Some(s);
        Ok(())
    }

    /// `hold-timing KEY OUT TERM_MS [N]`: hold KEY N times until the daemon emits OUT's press;
    /// lateness = output press stamp - press - term.
    pub fn hold_timing(&mut self, key: u16, out: u16, term_ms: u64, n: usize) -> R {
        if self.source().is_err() {
            return Err("no source".into());
        }
        let mut late: Vec<i64> = Vec::with_capacity(n);
        let mut notes = Vec::new();
        for i in 0..n {
            let (l, note) = self.hold_once(i, key, out, term_ms)?;
            late.push(l);
            notes.extend(note);
        }
        sleep_ms(50);
        let o = self.out()?;
        o.cursor = o.with(|g| g.recs.len());
        self.print_hold_timing(key, out, term_ms, &late, &notes);
        Ok(())
    }

    /// Repetition `i` of hold-timing: press, wait for OUT's press, release, wait for its release.
    /// Returns the lateness in ns and a note on anything that came out before OUT's press.
    fn hold_once(
        &mut self,
        i: usize,
        key: u16,
        out: u16,
        term_ms: u64,
    ) -> Result<(i64, Option<String>), String> {
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
        let Some(r) = hit else {
            return Err(format!(
                "hold-timing #{i}: no {} press on the output within {} ms of pressing {}",
                kname(out),
                term_ms + 3000,
                kname(key)
            ));
        };
        let late = r.tk as i64 - t0 as i64 - (term_ms * 1_000_000) as i64;
        let note = (!before.is_empty()).then(|| {
            format!(
                "#{i}: before {} came [{}]",
                kname(out),
                ev_toks(before.iter().map(|r| (r.code, r.val)))
            )
        });
        Ok((late, note))
    }

    fn print_hold_timing(&self, key: u16, out: u16, term_ms: u64, late: &[i64], notes: &[String]) {
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
        for nt in notes {
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
    }
}
