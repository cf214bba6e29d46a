//! Distributions and counters the key thread keeps in shared memory and anyone reads when
//! asked: the key thread only stores into atomics it alone writes (no lock, no allocation, no
//! wake-up), and percentiles are computed by whoever asks (`/stats`, SIGUSR1, the stats topic).

use std::sync::atomic::{AtomicU64, Ordering};

/// Adds `n` to a counter only one thread writes: a plain load and store, no locked
/// read-modify-write on the key path. Readers see some recent value, never a torn one.
#[inline]
fn bump(counter: &AtomicU64, n: u64) {
    counter.store(
        counter.load(Ordering::Relaxed).wrapping_add(n),
        Ordering::Relaxed,
    );
}

/// A log-linear histogram of non-negative values: 16 buckets per power of two, so any
/// percentile is within about 6% of the true value, in fixed memory. One thread records;
/// any thread reads.
pub struct Histogram {
    counts: Box<[AtomicU64]>,
    total: AtomicU64,
    max: AtomicU64,
}

impl Histogram {
    const SUB: u32 = 4;
    const BUCKETS: usize = 64 << Histogram::SUB;

    pub fn new() -> Histogram {
        Histogram {
            counts: (0..Self::BUCKETS).map(|_| AtomicU64::new(0)).collect(),
            total: AtomicU64::new(0),
            max: AtomicU64::new(0),
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

    /// Records one value; only one thread may record into a histogram.
    #[inline]
    pub fn record(&self, value: u64) {
        bump(&self.counts[Self::bucket(value)], 1);
        bump(&self.total, 1);
        if value > self.max.load(Ordering::Relaxed) {
            self.max.store(value, Ordering::Relaxed);
        }
    }

    pub fn count(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    pub fn max(&self) -> u64 {
        self.max.load(Ordering::Relaxed)
    }

    /// The non-empty buckets, ascending, as (the largest value in the bucket, its count).
    pub fn buckets(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.load(Ordering::Relaxed)))
            .filter(|(_, c)| *c > 0)
            .map(|(i, c)| (Self::high(i), c))
    }

    /// The value below which `p` percent of the samples fall (0 when empty).
    pub fn percentile(&self, p: f64) -> u64 {
        Percentiles::from(self).at(p, self)
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

impl Percentiles {
    /// The value below which `p` percent of `h`'s samples fall, `count` being how many
    /// this snapshot saw (the recorder may be adding more meanwhile).
    fn at(&self, p: f64, h: &Histogram) -> u64 {
        if self.count == 0 {
            return 0;
        }
        let rank = ((p / 100.0) * self.count as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, c) in h.counts.iter().enumerate() {
            seen += c.load(Ordering::Relaxed);
            if seen >= rank {
                return Histogram::high(i).min(self.max);
            }
        }
        self.max
    }
}

impl From<&Histogram> for Percentiles {
    fn from(h: &Histogram) -> Self {
        let mut p = Percentiles {
            count: h.count(),
            max: h.max(),
            ..Percentiles::default()
        };
        p.p50 = p.at(50.0, h);
        p.p90 = p.at(90.0, h);
        p.p99 = p.at(99.0, h);
        p
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
    pub commands: crate::launcher::CommandCounts,
}

/// What the key thread counts as it goes. Shared (`Arc`) with whoever reports it; only the
/// key thread writes, but for the launcher's own command counters.
#[derive(Default)]
pub struct SharedStats {
    inputs: AtomicU64,
    outputs: AtomicU64,
    processing: Histogram,
    lateness: Histogram,
    /// Observations the handoff to observers dropped.
    pub dropped: AtomicU64,
    pub commands: crate::launcher::CommandCounters,
}

impl SharedStats {
    /// One input event handled in `nanos` (engine, merge, write).
    #[inline]
    pub fn input(&self, nanos: u32) {
        bump(&self.inputs, 1);
        self.processing.record(u64::from(nanos));
    }

    #[inline]
    pub fn outputs(&self, n: usize) {
        bump(&self.outputs, n as u64);
    }

    #[inline]
    pub fn timer_fired(&self, lateness_us: u32) {
        self.lateness.record(u64::from(lateness_us));
    }

    pub fn input_events(&self) -> u64 {
        self.inputs.load(Ordering::Relaxed)
    }

    /// Percentiles computed now, on the caller's thread.
    pub fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            input_events: self.inputs.load(Ordering::Relaxed),
            output_events: self.outputs.load(Ordering::Relaxed),
            processing_ns: (&self.processing).into(),
            timer_lateness_us: (&self.lateness).into(),
            handoff_dropped: self.dropped.load(Ordering::Relaxed),
            processing_ns_buckets: super::distribution::buckets(&self.processing),
            timer_lateness_us_buckets: super::distribution::buckets(&self.lateness),
            commands: self.commands.counts(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_within_the_bucket_resolution() {
        let h = Histogram::new();
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
        let h = Histogram::new();
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
