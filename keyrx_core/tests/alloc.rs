//! The key path allocates nothing: after a warm-up, feeding a realistic stream through the
//! engine (tap-hold, opposite-hand tap-hold, overload, layers, combos, one-shots, sticky keys,
//! multi, macros, modifier layers, tap dance, caps word, repeat key, key overrides, mouse keys)
//! multi, macros, modifier layers, tap dance, caps word, repeat key, key overrides, leader
//! sequences, dynamic macros recorded and played)
//! performs zero heap allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use keyrx_core::config::{Action, DeviceInfo, Keymap};
use keyrx_core::event::{KeyEvent, MouseEvent, Sink, Trace};
use keyrx_core::keys::key;
use keyrx_core::{Engine, workload};

struct CountingAllocator;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// Counts outputs and decisions without storing them.
#[derive(Default)]
struct CountingSink {
    keys: usize,
    traces: usize,
    commands: usize,
}

impl Sink for CountingSink {
    fn key(&mut self, _: KeyEvent) {
        self.keys += 1;
    }
    fn mouse(&mut self, _: MouseEvent) {
        self.keys += 1;
    }
    fn trace(&mut self, _: Trace) {
        self.traces += 1;
    }
    fn command(&mut self, _: &std::sync::Arc<[String]>) {
        self.commands += 1;
    }
    fn wants_trace(&self) -> bool {
        true
    }
}

fn run(engine: &mut Engine, events: &[KeyEvent], offset: u64, sink: &mut CountingSink) {
    for e in events {
        let shifted = KeyEvent::new(e.key, e.state, e.time + offset);
        while let Some(d) = engine.next_deadline().filter(|d| *d < shifted.time) {
            engine.advance(d, sink);
        }
        engine.process(shifted, sink);
    }
    engine.advance(events.last().unwrap().time + offset + 5_000_000, sink);
}

/// Leaders with sequences and dynamic macros, on keys the typing stream does not use.
fn leaders_and_dynamic_macros(km: &mut Keymap) {
    // Leaders with sequences: matches, mismatches typed back, prefix conflicts, and a visible
    // leader whose short timeout passes between keys.
    km.layers[0]
        .map
        .insert(key("f1"), Action::Leader(Box::default()));
    km.layers[0].map.insert(
        key("f2"),
        serde_json::from_str(
            r#"{"leader": {"input_mode": "visible-backspaced", "timeout_ms": 250}}"#,
        )
        .unwrap(),
    );
    km.sequences = serde_json::from_str(
        r#"[{"keys": ["x", "c"], "action": {"text": "ok"}}, {"keys": ["x"], "action": "v"},
            {"keys": ["c", "v"], "action": "x"}]"#,
    )
    .unwrap();
    // Dynamic macros: recorded, stopped, played back on timers.
    km.layers[0].map.insert(key("f3"), Action::MacroRecord(0));
    km.layers[0].map.insert(key("f4"), Action::MacroPlay(0));
    km.layers[0].map.insert(key("f5"), Action::MacroStop);
}

fn everything_keymap() -> Keymap {
    let mut km = workload::home_row_mods();
    km.combos = workload::combos().combos;
    let base = &mut km.layers[0].map;
    base.insert(key("q"), Action::OneShot("leftshift".parse().unwrap()));
    base.insert(key("w"), Action::OneShotLayer("nav".into()));
    base.insert(key("e"), Action::Text("Hi!".into()));
    base.insert(
        key("r"),
        serde_json::from_str(r#"{"macro": ["a", {"delay": 20}, "shift+b"]}"#).unwrap(),
    );
    base.insert(key("t"), Action::Toggle("nav".into()));
    // Sticky keys, multi, a paused and a cancellable macro, and a layer that carries a
    // modifier.
    base.insert(
        key("y"),
        serde_json::from_str(r#"{"sticky": "ctrl+c"}"#).unwrap(),
    );
    base.insert(
        key("n"),
        serde_json::from_str(r#"{"multi": ["leftctrl", {"momentary": "sym"}]}"#).unwrap(),
    );
    base.insert(
        key("m"),
        serde_json::from_str(r#"{"macro": ["a", "pause_for_release", "b"]}"#).unwrap(),
    );
    base.insert(
        key("o"),
        serde_json::from_str(
            r#"{"macro": {"steps": ["x", {"delay": 30}, "y"], "cancel_on_press": true}}"#,
        )
        .unwrap(),
    );
    base.insert(
        key("p"),
        serde_json::from_str(
            r#"{"tap_dance": {"actions": ["x", {"tap_hold": {"tap": "y", "hold": "leftctrl"}}]}}"#,
        )
        .unwrap(),
    );
    base.insert(
        key("g"),
        serde_json::from_str(r#"{"caps_word": {}}"#).unwrap(),
    );
    base.insert(key("b"), Action::RepeatKey);
    // Mouse keys: a button, movement and scrolling on timers, and the speed modifier.
    for (name, json) in [
        ("f13", r#"{"mouse_button": "left"}"#),
        ("f14", r#"{"mouse_move": {"direction": "right"}}"#),
        (
            "f15",
            r#"{"mouse_scroll": {"direction": "down", "interval_ms": 10}}"#,
        ),
        ("f16", r#"{"mouse_speed": 50}"#),
        (
            "f17",
            r#"{"mouse_move": {"direction": "down", "accel_ms": 0}}"#,
        ),
    ] {
        base.insert(key(name), serde_json::from_str(json).unwrap());
    }
    base.insert(
        key("f9"),
        Action::Command(vec!["notify-send".into(), "hi".into()]),
    );
    km.overrides =
        vec![serde_json::from_str(r#"{"trigger": "shift+x", "replacement": "delete"}"#).unwrap()];
    leaders_and_dynamic_macros(&mut km);
    let base = &mut km.layers[0].map;
    // keyd overloads, with and without a tap timeout.
    base.insert(
        key("u"),
        serde_json::from_str(r#"{"overload": {"hold": "leftctrl", "tap": "u"}}"#).unwrap(),
    );
    base.insert(
        key("i"),
        serde_json::from_str(
            r#"{"overload": {"hold": {"momentary": "nav"}, "tap": "i", "timeout_ms": 150}}"#,
        )
        .unwrap(),
    );
    // Home-row mods decided by hand.
    km.options.hands.left = ["a", "s", "d", "f", "q", "w", "e", "r", "t"]
        .map(key)
        .to_vec();
    km.options.hands.right = ["j", "k", "l", "u", "i", "h"].map(key).to_vec();
    km.options.tap_hold.opposite_hand = true;
    let Some(Action::TapHold(f)) = km.layers[0].map.get_mut(&key("f")) else {
        panic!("the workload's F is a home-row mod");
    };
    f.neutral_keys = vec![key("space"), key("j")];
    km.layers.push(keyrx_core::config::Layer {
        name: "sym".into(),
        mods: "leftshift".parse().unwrap(),
        map: [(key("h"), Action::key(key("1")))].into_iter().collect(),
    });
    // Keys that bypass the engine, and releases that overtake an undecided tap-hold.
    km.options.unprocessed_keys = vec![key("z")];
    km.options.tap_hold.prior_key_release = keyrx_core::config::PriorKeyRelease::KeepModifiers;
    km
}

#[test]
fn steady_state_processing_never_allocates() {
    let keymap = everything_keymap();
    let mut engine = Engine::new(&keymap, &DeviceInfo::named("kbd")).unwrap();
    let mut stream = workload::typing(10_000, 7);
    // Add one-shots, macros and a layer toggle to the typing.
    let extra = "q a w h e r t j t z u i y a n h m o b p p f1 x c f1 c h f1 x f2 x c f2 c v f1 c f3 x c f4 x f5 f4 x f4 g a b f9 f13 f14 f15 f16 f17";
    let mut t = stream.last().unwrap().time + 1_000_000;
    for name in extra.split(' ') {
        let k = key(name);
        stream.push(KeyEvent::new(k, keyrx_core::KeyState::Press, t));
        stream.push(KeyEvent::new(k, keyrx_core::KeyState::Release, t + 40_000));
        t += 300_000;
    }
    // A diagonal under the speed modifier, held long enough to accelerate.
    for (name, down, up) in [
        ("f16", 0, 900_000),
        ("f14", 10_000, 800_000),
        ("f17", 20_000, 700_000),
    ] {
        stream.push(KeyEvent::new(
            key(name),
            keyrx_core::KeyState::Press,
            t + down,
        ));
        stream.push(KeyEvent::new(
            key(name),
            keyrx_core::KeyState::Release,
            t + up,
        ));
    }
    stream.sort_by_key(|e| e.time);
    t += 1_000_000;
    let mut sink = CountingSink::default();
    run(&mut engine, &stream, 0, &mut sink);
    let warm_outputs = sink.keys;

    ALLOCATIONS.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    run(&mut engine, &stream, t + 10_000_000, &mut sink);
    COUNTING.store(false, Ordering::SeqCst);

    assert_eq!(
        ALLOCATIONS.load(Ordering::SeqCst),
        0,
        "allocations on the key path"
    );
    assert_eq!(
        sink.keys,
        2 * warm_outputs,
        "both runs produce the same output"
    );
    assert!(sink.traces > 0 && warm_outputs > 9_000);
    assert_eq!(sink.commands, 2, "the command key asked once per run");
}
