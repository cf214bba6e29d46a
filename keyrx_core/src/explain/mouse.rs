//! Mouse keys in words: cap labels after QMK's key names (`MS_UP`, `MS_WHLU`, `MS_BTN1`) with
//! arrows, and sentences with the numbers in effect.

use super::{ActionKind, ActionView};
use crate::config::{MOVE_DEFAULTS, MouseButton, MouseDirection, MouseMotion, SCROLL_DEFAULTS};

fn arrow(d: MouseDirection) -> &'static str {
    match d {
        MouseDirection::Up => "↑",
        MouseDirection::Down => "↓",
        MouseDirection::Left => "←",
        MouseDirection::Right => "→",
    }
}

fn view(label: String, detail: String) -> ActionView {
    ActionView {
        kind: ActionKind::Mouse,
        label,
        hold: None,
        detail,
    }
}

pub(super) fn button(b: MouseButton) -> ActionView {
    let label = match b {
        MouseButton::Left => "LClick",
        MouseButton::Right => "RClick",
        MouseButton::Middle => "MClick",
        MouseButton::Back => "MBack",
        MouseButton::Forward => "MFwd",
    };
    view(label.into(), format!("holds the {} mouse button", b.name()))
}

pub(super) fn motion(m: &MouseMotion, scroll: bool) -> ActionView {
    let n = m.resolved(if scroll {
        SCROLL_DEFAULTS
    } else {
        MOVE_DEFAULTS
    });
    let (label, verb, unit) = if scroll {
        ("Wh", "scrolls", "detent")
    } else {
        ("Ms", "moves the pointer", "px")
    };
    let plural = |count: u32| match (scroll, count) {
        (true, 1) => unit.to_string(),
        (true, _) => format!("{unit}s"),
        _ => unit.to_string(),
    };
    let accel = if n.accel_ms == 0 || n.start == n.speed {
        String::new()
    } else {
        format!(
            ", reaching {} {} over {} ms",
            n.speed,
            plural(n.speed),
            n.accel_ms
        )
    };
    let first = if n.accel_ms == 0 { n.speed } else { n.start };
    view(
        format!("{label}{}", arrow(m.direction)),
        format!(
            "{verb} {} while held: {first} {} every {} ms{accel}",
            m.direction.name(),
            plural(first),
            n.interval_ms
        ),
    )
}

pub(super) fn speed(percent: u32) -> ActionView {
    view(
        format!("Ms{percent}%"),
        format!("mouse movement and scrolling at {percent}% of their speed while held"),
    )
}
