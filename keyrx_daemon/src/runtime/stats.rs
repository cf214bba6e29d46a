//! Distributions and rates computed from observations, off the key path.

use std::sync::atomic::Ordering;

use super::observe::{Observation, ObserverRx};

/// A log-linear histogram of non-negative values: 16 buckets per power of two, so any
/// percentile is within about 6% of the true value, in fixed memory.
#[derive(Clone)]
pub struct Histogram {
    counts: Box<[u64; Histogram::BUCKETS]>,
    total: u64,
    max: u64,
}

impl Histogram {
    const SUB: u32 = 4;
    const BUCKETS: usize = 64 << Histogram::SUB;

    pub fn new() -> Histogram {
        Histogram {
            counts: Box::new([0; Histogram::BUCKETS]),
            total: 0,
            max: 0,
        }
    }

    fn bucket(value: u64) -> usize {
        if value < (1 << Self::SUB) {
            return value as usize;
        }
        let msb = 63 - value.leading_zeros();
        let shift = msb - Self::SUB;
        let sub = (value >> shift) as usize & ((1 << Self::SUB) - 1);
        (((shift + 1) as usize) << Self::SUB) | sub
    }

    /// The largest value in a bucket: percentiles report it, so they never understate.
    fn high(bucket: usize) -> u64 {
        Self::low(bucket + 1).saturating_sub(1)
    }

    fn low(bucket: usize) -> u64 {
        let sub = 1usize << Self::SUB;
        if bucket < sub {
            return bucket as u64;
        }
        let shift = (bucket >> Self::SUB) - 1;
        ((sub | (bucket & (sub - 1))) as u64) << shift
    }

    pub fn record(&mut self, value: u64) {
        self.counts[Self::bucket(value)] += 1;
        self.total += 1;
        self.max = self.max.max(value);
    }

    pub fn count(&self) -> u64 {
        self.total
    }

    pub fn max(&self) -> u64 {
        self.max
    }

    /// The non-empty buckets, ascending, as (the largest value in the bucket, its count).
    pub fn buckets(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| (Self::high(i), *c))
    }

    /// The value below which `p` percent of the samples fall (0 when empty).
    pub fn percentile(&self, p: f64) -> u64 {
        if self.total == 0 {
            return 0;
        }
        let rank = ((p / 100.0) * self.total as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Self::high(i).min(self.max);
            }
        }
        self.max
    }
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram::new()
    }
}

/// Percentiles of one distribution.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Percentiles {
    pub count: u64,
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
    pub max: u64,
}

impl From<&Histogram> for Percentiles {
    fn from(h: &Histogram) -> Self {
        Percentiles {
            count: h.count(),
            p50: h.percentile(50.0),
            p90: h.percentile(90.0),
            p99: h.percentile(99.0),
            max: h.max(),
        }
    }
}

/// What the runtime has done so far, for logs, the dashboard and benchmarks.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct StatsSnapshot {
    pub input_events: u64,
    pub output_events: u64,
    /// Per input event, engine + merge + write, in nanoseconds.
    pub processing_ns: Percentiles,
    /// Timer lateness, in microseconds.
    pub timer_lateness_us: Percentiles,
    pub handoff_dropped: u64,
    /// The distributions behind the percentiles, for a histogram or CDF.
    pub processing_ns_buckets: Vec<super::distribution::Bucket>,
    pub timer_lateness_us_buckets: Vec<super::distribution::Bucket>,
}

/// Drains observations and keeps the running statistics.
pub struct StatsCollector {
    inputs: u64,
    outputs: u64,
    processing: Histogram,
    lateness: Histogram,
}

impl StatsCollector {
    pub fn new() -> StatsCollector {
        StatsCollector {
            inputs: 0,
            outputs: 0,
            processing: Histogram::new(),
            lateness: Histogram::new(),
        }
    }

    pub fn observe(&mut self, o: &Observation) {
        match o {
            Observation::Input { .. } => self.inputs += 1,
            Observation::Output { .. } => self.outputs += 1,
            Observation::Processed { nanos, .. } => self.processing.record(u64::from(*nanos)),
            Observation::TimerFired { lateness_us } => {
                self.lateness.record(u64::from(*lateness_us))
            }
            Observation::Decision { .. }
            | Observation::Layers { .. }
            | Observation::OneShot { .. } => {}
        }
    }

    /// Drains everything waiting in `rx`, calling `each` on every observation too.
    pub fn drain(&mut self, rx: &mut ObserverRx, mut each: impl FnMut(&Observation)) {
        while let Ok(o) = rx.rx.pop() {
            self.observe(&o);
            each(&o);
        }
    }

    pub fn snapshot(&self, rx: &ObserverRx) -> StatsSnapshot {
        StatsSnapshot {
            input_events: self.inputs,
            output_events: self.outputs,
            processing_ns: (&self.processing).into(),
            timer_lateness_us: (&self.lateness).into(),
            handoff_dropped: rx.counters.dropped.load(Ordering::Relaxed),
            processing_ns_buckets: super::distribution::buckets(&self.processing),
            timer_lateness_us_buckets: super::distribution::buckets(&self.lateness),
        }
    }
}

impl Default for StatsCollector {
    fn default() -> Self {
        StatsCollector::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_within_the_bucket_resolution() {
        let mut h = Histogram::new();
        for v in 1..=10_000u64 {
            h.record(v);
        }
        for (p, exact) in [(50.0, 5_000f64), (90.0, 9_000.0), (99.0, 9_900.0)] {
            let got = h.percentile(p) as f64;
            assert!((got - exact).abs() / exact < 0.07, "p{p}: {got} vs {exact}");
        }
        assert_eq!(h.max(), 10_000);
        assert_eq!(h.percentile(100.0), 10_000);
    }

    #[test]
    fn small_and_huge_values() {
        let mut h = Histogram::new();
        h.record(0);
        h.record(3);
        h.record(u64::MAX / 2);
        assert_eq!(h.percentile(1.0), 0);
        assert_eq!(h.percentile(50.0), 3);
        assert_eq!(Histogram::high(Histogram::bucket(1_000)), 1_023);
        assert!(h.percentile(100.0) > 1 << 60);
        assert_eq!(Histogram::new().percentile(50.0), 0);
    }
}
