//! Engine throughput: nanoseconds per input event for plain remaps, a 10,000-event typing
//! stream with home-row mods on all eight home-row keys, and combos.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use keyrx_core::config::{DeviceInfo, Keymap};
use keyrx_core::event::{KeyEvent, MouseEvent, Sink};
use keyrx_core::{Engine, workload};

/// Counts outputs so the work cannot be optimised away, without storing them.
struct CountingSink(usize);

impl Sink for CountingSink {
    fn key(&mut self, _: KeyEvent) {
        self.0 += 1;
    }
    fn mouse(&mut self, _: MouseEvent) {
        self.0 += 1;
    }
}

/// Feeds a stream as the daemon does: due timers first, then the event.
fn feed(engine: &mut Engine, events: &[KeyEvent], sink: &mut CountingSink) {
    for e in events {
        while let Some(d) = engine.next_deadline().filter(|d| *d < e.time) {
            engine.advance(d, sink);
        }
        engine.process(*e, sink);
    }
    engine.advance(events.last().map_or(0, |e| e.time) + 5_000_000, sink);
}

fn bench_stream(c: &mut Criterion, name: &str, keymap: Keymap, events: Vec<KeyEvent>) {
    let engine = Engine::new(&keymap, &DeviceInfo::named("bench")).unwrap();
    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Elements(events.len() as u64));
    group.bench_function(name, |b| {
        b.iter_batched_ref(
            || engine_clone(&keymap, &engine),
            |engine| {
                let mut sink = CountingSink(0);
                feed(engine, &events, &mut sink);
                sink.0
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// A fresh engine per batch, so every iteration starts from the same state.
fn engine_clone(keymap: &Keymap, _template: &Engine) -> Engine {
    Engine::new(keymap, &DeviceInfo::named("bench")).unwrap()
}

fn benches(c: &mut Criterion) {
    let typing = workload::typing(10_000, 42);
    bench_stream(
        c,
        "plain_remap_10k",
        workload::plain_remaps(),
        typing.clone(),
    );
    bench_stream(
        c,
        "home_row_mods_10k",
        workload::home_row_mods(),
        typing.clone(),
    );
    bench_stream(c, "combos_10k", workload::combos(), typing);
}

criterion_group!(engine, benches);
criterion_main!(engine);
