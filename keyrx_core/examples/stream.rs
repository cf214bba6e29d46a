//! Feeds the engine benchmark's 10,000-event typing stream through a fresh engine `runs` times,
//! for instruction counts that load on a shared machine cannot blur (BENCHMARKS.md):
//!
//! ```sh
//! cargo build --release -p keyrx_core --example stream
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/stream hrm 3
//! ```
//!
//! `plain`, `hrm` or `combos` picks the keymap, as `benches/engine.rs` does. Instructions per
//! stream: the count with 3 runs minus the count with 1, halved (setup cancels out).

use keyrx_core::config::DeviceInfo;
use keyrx_core::event::{KeyEvent, MouseEvent, Sink};
use keyrx_core::{Engine, workload};

struct CountingSink(usize);

impl Sink for CountingSink {
    fn key(&mut self, _: KeyEvent) {
        self.0 += 1;
    }
    fn mouse(&mut self, _: MouseEvent) {
        self.0 += 1;
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let keymap = match args.next().as_deref() {
        Some("plain") => workload::plain_remaps(),
        Some("hrm") => workload::home_row_mods(),
        Some("combos") => workload::combos(),
        _ => {
            eprintln!("usage: stream plain|hrm|combos [runs]");
            std::process::exit(2);
        }
    };
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let events = workload::typing(10_000, 42);
    let mut outputs = 0;
    for _ in 0..runs {
        let mut engine = Engine::new(&keymap, &DeviceInfo::named("bench")).unwrap();
        let mut sink = CountingSink(0);
        for e in &events {
            while let Some(d) = engine.next_deadline().filter(|d| *d < e.time) {
                engine.advance(d, &mut sink);
            }
            engine.process(*e, &mut sink);
        }
        engine.advance(events.last().map_or(0, |e| e.time) + 5_000_000, &mut sink);
        outputs += sink.0;
    }
    println!("{outputs} outputs");
}
