//! Runtime tests with a recording keyboard: per-device blocks, merging, reload and release.

use std::sync::Arc;

use keyrx_core::config::{Config, DeviceInfo};
use keyrx_core::event::MouseEvent;
use keyrx_core::keys::{ModMask, key};
use keyrx_core::{KeyEvent, KeyState};

use super::observe::{Observation, Observer};
use super::output::OutputDevice;
use super::{EmergencyChord, KeyOutcome, Runtime};

#[derive(Default)]
struct Recording(Vec<KeyEvent>, Vec<(usize, MouseEvent)>, Option<bool>);

impl OutputDevice for Recording {
    fn write(&mut self, events: &[KeyEvent]) -> std::io::Result<()> {
        self.0.extend_from_slice(events);
        Ok(())
    }
    fn write_mouse(&mut self, events: &[MouseEvent]) -> std::io::Result<()> {
        let before = self.0.len();
        self.1.extend(events.iter().map(|e| (before, *e)));
        Ok(())
    }
    fn set_pointer(&mut self, wanted: bool) -> std::io::Result<()> {
        self.2 = Some(wanted);
        Ok(())
    }
}

fn config(json: &str) -> Arc<Config> {
    Arc::new(Config::from_json(json).unwrap())
}

fn rendered(events: &[KeyEvent]) -> String {
    keyrx_core::notation::format_output(events, 0, false)
}

const TWO_BLOCKS: &str = r#"{"devices": [
  {"name": "laptop", "match": [{"name": "AT *"}], "keymap": {"layers": [{"name": "base", "map": {"a": "b"}}]}},
  {"name": "rest", "keymap": {"layers": [{"name": "base", "map": {"capslock": {"tap_hold": {"tap": "esc", "hold": "leftctrl"}}}}]}}
]}"#;

fn runtime(json: &str) -> Runtime<Recording> {
    Runtime::new(
        config(json),
        Recording::default(),
        Observer::none(),
        EmergencyChord::DEFAULT.parse().unwrap(),
    )
}

#[test]
fn each_device_uses_its_block_and_non_keyboards_are_left_alone() {
    let mut rt = runtime(TWO_BLOCKS);
    assert_eq!(
        rt.attach(1, DeviceInfo::named("AT Translated Set 2"), true),
        Some(0)
    );
    assert_eq!(
        rt.attach(2, DeviceInfo::named("USB Keyboard"), true),
        Some(1)
    );
    assert_eq!(rt.attach(3, DeviceInfo::named("USB Mouse"), false), None);
    rt.key(1, key("a").code(), 1, 0);
    rt.key(1, key("a").code(), 0, 10);
    rt.key(2, key("capslock").code(), 1, 20);
    rt.timers(1_000_000);
    rt.key(2, key("capslock").code(), 0, 1_000_000);
    assert_eq!(rendered(&rt.output().0), "d:b u:b d:leftctrl u:leftctrl");
}

#[test]
fn timers_fire_at_their_deadline_across_devices() {
    let mut rt = runtime(TWO_BLOCKS);
    rt.attach(2, DeviceInfo::named("kbd"), true);
    rt.key(2, key("capslock").code(), 1, 1_000);
    assert_eq!(rt.next_deadline(), Some(201_000));
    rt.timers(200_999);
    assert!(rt.output().0.is_empty());
    rt.timers(201_000);
    assert_eq!(rendered(&rt.output().0), "d:leftctrl");
    assert_eq!(rt.output().0[0].time, 201_000);
}

#[test]
fn reload_mid_hold_releases_and_leaves_nothing_stuck() {
    let mut rt = runtime(TWO_BLOCKS);
    rt.attach(2, DeviceInfo::named("kbd"), true);
    rt.key(2, key("capslock").code(), 1, 0);
    rt.timers(300_000);
    assert_eq!(rt.held_outputs().collect::<Vec<_>>(), vec![key("leftctrl")]);
    let unmatched = rt.reload(
        config(r#"{"layers": [{"name": "base", "map": {"x": "y"}}]}"#),
        "test",
        300_000,
    );
    assert!(unmatched.is_empty());
    assert_eq!(rt.held_outputs().count(), 0);
    rt.key(2, key("capslock").code(), 0, 400_000);
    rt.key(2, key("x").code(), 1, 500_000);
    rt.key(2, key("x").code(), 0, 500_001);
    assert_eq!(rendered(&rt.output().0), "d:leftctrl u:leftctrl d:y u:y");
}

#[test]
fn detaching_a_device_mid_hold_releases_its_keys() {
    let mut rt = runtime(TWO_BLOCKS);
    rt.attach(1, DeviceInfo::named("AT kbd"), true);
    rt.key(1, key("a").code(), 1, 0);
    rt.detach(1, 10);
    assert_eq!(rendered(&rt.output().0), "d:b u:b");
    assert!(rt.slots().is_empty());
}

#[test]
fn emergency_chord_is_read_before_remapping() {
    let mut rt =
        runtime(r#"{"layers": [{"name": "base", "map": {"esc": "none", "space": "none"}}]}"#);
    rt.attach(1, DeviceInfo::named("kbd"), true);
    assert_eq!(rt.key(1, key("leftctrl").code(), 1, 0), KeyOutcome::Handled);
    assert_eq!(rt.key(1, key("space").code(), 1, 1), KeyOutcome::Handled);
    assert_eq!(rt.key(1, key("esc").code(), 1, 2), KeyOutcome::Emergency);
    rt.release_all(3);
    assert_eq!(rendered(&rt.output().0), "d:leftctrl u:leftctrl");
}

#[test]
fn observers_see_inputs_outputs_timings_and_layers() {
    let (observer, mut rx) = Observer::channel(64);
    let cfg = config(
        r#"{"layers": [{"name": "base", "map": {"space": {"momentary": "nav"}}}, {"name": "nav", "map": {"h": "left"}}]}"#,
    );
    let mut rt = Runtime::new(
        cfg,
        Recording::default(),
        observer,
        EmergencyChord::DEFAULT.parse().unwrap(),
    );
    rt.attach(7, DeviceInfo::named("kbd"), true);
    rt.key(7, key("space").code(), 1, 0);
    rt.key(7, key("h").code(), 1, 5);
    let seen: Vec<Observation> = std::iter::from_fn(|| rx.rx.pop().ok()).collect();
    assert!(seen.contains(&Observation::Layers {
        device: 7,
        mask: 0b11
    }));
    assert!(seen.contains(&Observation::Output {
        event: KeyEvent::new(key("left"), KeyState::Press, 5)
    }));
    assert_eq!(
        seen.iter()
            .filter(|o| matches!(o, Observation::Processed { .. }))
            .count(),
        2
    );
    assert_eq!(
        seen.iter()
            .filter(|o| matches!(o, Observation::Input { .. }))
            .count(),
        2
    );
}

#[test]
fn observers_hear_when_an_armed_one_shot_holds_a_modifier_and_when_it_stops() {
    let (observer, mut rx) = Observer::channel(64);
    let cfg =
        config(r#"{"layers": [{"name": "base", "map": {"capslock": {"one_shot": "shift"}}}]}"#);
    let mut rt = Runtime::new(
        cfg,
        Recording::default(),
        observer,
        EmergencyChord::DEFAULT.parse().unwrap(),
    );
    rt.attach(3, DeviceInfo::named("kbd"), true);
    for (k, v, t) in [
        ("capslock", 1, 0),
        ("capslock", 0, 10),
        ("a", 1, 20),
        ("a", 0, 30),
    ] {
        rt.key(3, key(k).code(), v, t);
    }
    let one_shots: Vec<ModMask> = std::iter::from_fn(|| rx.rx.pop().ok())
        .filter_map(|o| match o {
            Observation::OneShot { device: 3, mods } => Some(mods),
            _ => None,
        })
        .collect();
    // Armed at the press (the shift is out already), taken over by `a`'s press.
    assert_eq!(one_shots, [ModMask::LSHIFT, ModMask::NONE]);
}

#[test]
fn a_macro_longer_than_a_batch_types_every_key_and_releases_them() {
    let text = "x".repeat(300);
    let json =
        format!(r#"{{"layers": [{{"name": "base", "map": {{"f1": {{"text": "{text}"}}}}}}]}}"#);
    let mut rt = runtime(&json);
    rt.attach(1, DeviceInfo::named("kbd"), true);
    rt.key(1, key("f1").code(), 1, 0);
    rt.key(1, key("f1").code(), 0, 10);
    let out = &rt.output().0;
    assert_eq!(out.len(), 600, "300 taps");
    assert_eq!(rt.held_outputs().count(), 0);
}

#[test]
fn lock_state_is_reported_once_per_change() {
    let (observer, rx) = Observer::channel(8);
    let mut rt = Runtime::new(
        config(TWO_BLOCKS),
        Recording::default(),
        observer,
        EmergencyChord::DEFAULT.parse().unwrap(),
    );
    assert_eq!(rt.locks(), None, "unknown until the system sets the LEDs");
    for leds in [0, 0b10, 0b10, 0b11, 0] {
        rt.set_locks(leds);
    }
    let reported: Vec<u16> = rx
        .notices
        .try_iter()
        .filter_map(|n| match n {
            super::observe::Notice::Locks { leds } => Some(leds),
            _ => None,
        })
        .collect();
    assert_eq!(reported, [0, 0b10, 0b11, 0]);
    assert_eq!(rt.locks(), Some(0));
}

const MOUSE: &str = r#"{"layers": [{"name": "base", "map": {
    "f1": {"mouse_button": "left"},
    "right": {"mouse_move": {"direction": "right", "start": 2, "speed": 2, "interval_ms": 10}}}}]}"#;

fn pointer_tokens(rec: &Recording) -> Vec<(usize, String)> {
    rec.1
        .iter()
        .map(|(before, e)| (*before, keyrx_core::notation::mouse_token(e.output)))
        .collect()
}

#[test]
fn mouse_keys_go_to_the_pointer_in_order_with_the_keys_and_buttons_merge_across_engines() {
    let mut rt = runtime(MOUSE);
    assert_eq!(rt.output().2, Some(true), "the config uses mouse keys");
    rt.attach(1, DeviceInfo::named("a"), true);
    rt.attach(2, DeviceInfo::named("b"), true);
    rt.key(1, key("leftctrl").code(), 1, 0);
    rt.key(1, key("f1").code(), 1, 1);
    rt.key(2, key("f1").code(), 1, 2);
    rt.key(1, key("f1").code(), 0, 3);
    assert_eq!(
        rt.held_mouse_buttons().count(),
        1,
        "device 2 still holds it"
    );
    rt.key(2, key("f1").code(), 0, 4);
    rt.key(1, key("leftctrl").code(), 0, 5);
    rt.key(1, key("right").code(), 1, 10_000);
    rt.timers(30_000);
    rt.key(1, key("right").code(), 0, 35_000);
    rt.timers(100_000);
    assert_eq!(rendered(&rt.output().0), "d:leftctrl u:leftctrl");
    assert_eq!(
        pointer_tokens(rt.output()),
        [
            (1, "md:left".to_string()),
            (1, "mu:left".to_string()),
            (2, "mx:+2".to_string()),
            (2, "mx:+2".to_string()),
            (2, "mx:+2".to_string()),
        ],
        "the click between ctrl's press and release; motion every 10 ms until the release"
    );
}

#[test]
fn release_all_lifts_held_buttons_and_a_reload_adds_or_removes_the_pointer() {
    let mut rt = runtime(MOUSE);
    rt.attach(1, DeviceInfo::named("kbd"), true);
    rt.key(1, key("f1").code(), 1, 0);
    let plain = config(r#"{"layers": [{"name": "base", "map": {"a": "b"}}]}"#);
    rt.reload(plain, "plain.json", 5);
    assert_eq!(pointer_tokens(rt.output()).last().unwrap().1, "mu:left");
    assert_eq!(rt.held_mouse_buttons().count(), 0);
    assert_eq!(rt.output().2, Some(false), "no mouse keys: no pointer");
    rt.reload(config(MOUSE), "mouse.json", 6);
    assert_eq!(rt.output().2, Some(true), "created again on demand");
    let mut rt = runtime(r#"{"layers": [{"name": "base", "map": {"a": "b"}}]}"#);
    assert_eq!(rt.output().2, Some(false));
    rt.release_all(0);
    assert!(rt.output().1.is_empty());
}
