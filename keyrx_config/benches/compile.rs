//! Compile time of a large generated config and load time of its `.krx` form.
//!
//! Run: `cargo bench -p keyrx_config --bench compile`.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use keyrx_core::keys::KeyCode;

/// A config with 10 layers of 200 mappings each: plain, modified, tap-hold and conditional.
fn generated_config() -> String {
    let keys: Vec<String> = KeyCode::all()
        .filter_map(|k| k.name())
        .filter(|n| !n.contains("shift") && !n.contains("ctrl"))
        .take(200)
        .map(str::to_string)
        .collect();
    assert_eq!(keys.len(), 200);
    let mut src = String::from("options(#{ tap_hold: #{ term_ms: 180 }, combo_window_ms: 40 });\n");
    for layer in 0..10 {
        src.push_str(&format!("layer(\"l{layer}\", || {{\n"));
        for (i, key) in keys.iter().enumerate() {
            let out = &keys[(i + layer + 1) % keys.len()];
            let action = match i % 4 {
                0 => format!("\"{out}\""),
                1 => format!("\"shift+{out}\""),
                2 => format!("tap_hold(\"{out}\", \"lctrl\", #{{ require_prior_idle_ms: 150 }})"),
                _ => format!(
                    "when(layer_active(\"l{}\"), \"{out}\", \"{key}\")",
                    (layer + 1) % 10
                ),
            };
            src.push_str(&format!("    map(\"{key}\", {action});\n"));
        }
        if layer < 9 {
            src.push_str(&format!(
                "    map(\"rightmeta\", toggle(\"l{}\"));\n",
                layer + 1
            ));
        }
        src.push_str("});\n");
    }
    src
}

fn benches(c: &mut Criterion) {
    let source = generated_config();
    let compiled = keyrx_config::compile_str("bench.rhai", &source, None)
        .expect("the generated config compiles");
    let mappings: usize = compiled.config.devices[0]
        .keymap
        .layers
        .iter()
        .map(|l| l.map.len())
        .sum();
    assert!(mappings >= 2000, "{mappings} mappings");
    c.bench_function("compile 2000-mapping config", |b| {
        b.iter(|| keyrx_config::compile_str("bench.rhai", black_box(&source), None).unwrap())
    });
    let bytes = keyrx_config::krx::encode(&compiled.config);
    c.bench_function("load 2000-mapping .krx", |b| {
        b.iter(|| keyrx_config::krx::decode(black_box(&bytes)).unwrap())
    });
    c.bench_function("encode 2000-mapping .krx", |b| {
        b.iter(|| keyrx_config::krx::encode(black_box(&compiled.config)))
    });
}

criterion_group!(compile, benches);
criterion_main!(compile);
