//! Notation parsing: bytes per second for 64 KiB and 1 MiB of input, so a non-linear parser
//! shows as a falling throughput at the larger size.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use keyrx_core::notation::parse_input;

fn input(bytes: usize) -> String {
    let unit = "@\"AT Translated Set 2\" d:capslock t:12.5 u:capslock d:a u:a\n";
    unit.repeat(bytes / unit.len())
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_input");
    for (name, bytes) in [("64KiB", 64 << 10), ("1MiB", 1 << 20)] {
        let text = input(bytes);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| parse_input(&text).unwrap().len()));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
