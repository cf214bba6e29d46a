//! A histogram's shape for people: its non-empty buckets, merged down to a bounded number, so
//! the dashboard draws the distribution (and its CDF) rather than two percentiles.

use super::stats::Histogram;

/// The most buckets a distribution is sent with, whatever the spread of the samples.
pub const MAX_BUCKETS: usize = 48;

/// `count` samples at most `le` (and above the previous bucket's `le`).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Bucket {
    pub le: u64,
    pub count: u64,
}

/// The histogram's non-empty buckets, ascending; neighbours are merged in pairs until at
/// most `MAX_BUCKETS` remain (each merge keeps the upper bound, so no value is understated).
pub fn buckets(h: &Histogram) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = h
        .buckets()
        .map(|(le, count)| Bucket { le, count })
        .collect();
    while out.len() > MAX_BUCKETS {
        out = out
            .chunks(2)
            .map(|pair| Bucket {
                le: pair[pair.len() - 1].le,
                count: pair.iter().map(|b| b.count).sum(),
            })
            .collect();
    }
    if let Some(last) = out.last_mut() {
        // The top bucket ends at the largest value seen, not at the bucket's bound.
        last.le = last.le.min(h.max());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_histograms_have_no_buckets() {
        assert!(buckets(&Histogram::new()).is_empty());
    }

    #[test]
    fn buckets_keep_every_sample_and_end_at_the_maximum() {
        let h = Histogram::new();
        for v in [3, 3, 100, 1000] {
            h.record(v);
        }
        let b = buckets(&h);
        assert_eq!(b.iter().map(|b| b.count).sum::<u64>(), 4);
        assert_eq!(b.first(), Some(&Bucket { le: 3, count: 2 }));
        assert_eq!(b.last().map(|b| b.le), Some(1000));
        assert!(b.windows(2).all(|w| w[0].le < w[1].le), "{b:?}");
    }

    #[test]
    fn a_wide_spread_is_merged_down_to_the_bound() {
        let h = Histogram::new();
        for v in 0..1_000_000u64 {
            h.record(v * 997 % 5_000_000);
        }
        let b = buckets(&h);
        assert!(
            b.len() <= MAX_BUCKETS && b.len() > MAX_BUCKETS / 4,
            "{}",
            b.len()
        );
        assert_eq!(b.iter().map(|b| b.count).sum::<u64>(), 1_000_000);
        assert!(b.windows(2).all(|w| w[0].le < w[1].le));
    }
}
