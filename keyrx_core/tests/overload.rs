//! keyd's overload without a timeout waits for its release however long that takes: the engine
//! schedules no timer for it, and no time overflows, however late the press comes.

use keyrx_core::Engine;
use keyrx_core::config::{Config, DeviceInfo};
use keyrx_core::event::{KeyEvent, KeyState};
use keyrx_core::keys::key;

fn engine(json: &str) -> Engine {
    let config = Config::from_json(json).unwrap();
    Engine::new(&config.devices[0].keymap, &DeviceInfo::named("kbd")).unwrap()
}

const OVERLOAD: &str = r#"{ "layers": [ { "name": "base", "map": {
    "capslock": { "overload": { "hold": "leftctrl", "tap": "esc" } } } } ] }"#;

#[test]
fn no_timer_runs_while_an_overload_without_timeout_is_held() {
    let mut e = engine(OVERLOAD);
    let mut out: Vec<KeyEvent> = Vec::new();
    let late = u64::MAX - 10;
    e.process(
        KeyEvent::new(key("capslock"), KeyState::Press, late),
        &mut out,
    );
    assert_eq!(
        e.next_deadline(),
        None,
        "no timer for an overload without timeout"
    );
    e.advance(u64::MAX, &mut out);
    e.process(
        KeyEvent::new(key("capslock"), KeyState::Release, u64::MAX),
        &mut out,
    );
    let names: Vec<String> = out
        .iter()
        .map(|o| format!("{:?} {}", o.state, o.key))
        .collect();
    assert_eq!(
        names,
        [
            "Press leftctrl",
            "Release leftctrl",
            "Press esc",
            "Release esc"
        ]
    );
    assert!(e.is_settled());
}

#[test]
fn a_timeout_near_the_end_of_time_saturates() {
    let mut e = engine(
        r#"{ "layers": [ { "name": "base", "map": {
            "tab": { "overload": { "hold": "leftalt", "tap": "tab", "timeout_ms": 200 } } } } ] }"#,
    );
    let mut out: Vec<KeyEvent> = Vec::new();
    e.process(
        KeyEvent::new(key("tab"), KeyState::Press, u64::MAX - 10),
        &mut out,
    );
    assert_eq!(e.next_deadline(), Some(u64::MAX));
    e.advance(u64::MAX, &mut out);
    e.process(
        KeyEvent::new(key("tab"), KeyState::Release, u64::MAX),
        &mut out,
    );
    assert_eq!(
        out.len(),
        2,
        "held to the (saturated) timeout: no tap: {out:?}"
    );
}
