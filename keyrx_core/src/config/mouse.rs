//! Mouse keys (QMK Mouse Keys, kanata `movemouse-*`, `mwheel-*`): buttons, movement and
//! scrolling, and the speed modifier. Unset numbers take QMK's accelerated-mode defaults.

use serde::{Deserialize, Serialize};

/// A pointer button, with the kernel's codes: `BTN_LEFT`, `BTN_RIGHT`, `BTN_MIDDLE`,
/// `BTN_SIDE` (back) and `BTN_EXTRA` (forward).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MouseButton {
    Left,
    Right,
    Middle,
    Back,
    Forward,
}

impl MouseButton {
    pub const ALL: [MouseButton; 5] = [
        MouseButton::Left,
        MouseButton::Right,
        MouseButton::Middle,
        MouseButton::Back,
        MouseButton::Forward,
    ];
    pub const NAMES: &'static [&'static str] = &["left", "right", "middle", "back", "forward"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The kernel's `BTN_*` code (`BTN_LEFT` is 0x110, then right, middle, side, extra).
    pub fn code(self) -> u16 {
        0x110 + self as u16
    }

    pub fn from_name(name: &str) -> Option<MouseButton> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// Which way a mouse key moves the pointer or scrolls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MouseDirection {
    Up,
    Down,
    Left,
    Right,
}

impl MouseDirection {
    pub const ALL: [MouseDirection; 4] = [
        MouseDirection::Up,
        MouseDirection::Down,
        MouseDirection::Left,
        MouseDirection::Right,
    ];
    pub const NAMES: &'static [&'static str] = &["up", "down", "left", "right"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn from_name(name: &str) -> Option<MouseDirection> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

/// Movement or scrolling while a key is held: a first step at the press, the next after
/// `delay_ms`, then one every `interval_ms`, each step's distance growing linearly from `start`
/// to `speed` over `accel_ms` (0: always `speed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MouseMotion {
    pub direction: MouseDirection,
    /// Distance of a step at full speed: pixels, or wheel detents for scrolling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<u32>,
    /// Distance of the first step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u32>,
    /// Time from the first step to full speed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accel_ms: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_ms: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u32>,
}

impl MouseMotion {
    pub fn new(direction: MouseDirection) -> MouseMotion {
        MouseMotion {
            direction,
            speed: None,
            start: None,
            accel_ms: None,
            interval_ms: None,
            delay_ms: None,
        }
    }

    /// The numbers in effect, unset ones from `defaults`.
    pub fn resolved(&self, defaults: MotionDefaults) -> MotionDefaults {
        MotionDefaults {
            speed: self.speed.unwrap_or(defaults.speed),
            start: self.start.unwrap_or(defaults.start),
            accel_ms: self.accel_ms.unwrap_or(defaults.accel_ms),
            interval_ms: self.interval_ms.unwrap_or(defaults.interval_ms),
            delay_ms: self.delay_ms.unwrap_or(defaults.delay_ms),
        }
    }
}

/// A motion's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MotionDefaults {
    pub speed: u32,
    pub start: u32,
    pub accel_ms: u32,
    pub interval_ms: u32,
    pub delay_ms: u32,
}

/// QMK's accelerated mode for movement: `MOUSEKEY_MOVE_DELTA` 8 px (the first step),
/// `MOUSEKEY_MAX_SPEED` 10 (× 8 = 80 px a step at full speed), `MOUSEKEY_TIME_TO_MAX` 30
/// steps of `MOUSEKEY_INTERVAL` 20 ms (600 ms), `MOUSEKEY_DELAY` 10 ms.
pub const MOVE_DEFAULTS: MotionDefaults = MotionDefaults {
    speed: 80,
    start: 8,
    accel_ms: 600,
    interval_ms: 20,
    delay_ms: 10,
};

/// QMK's accelerated mode for the wheel: `MOUSEKEY_WHEEL_DELTA` 1 detent,
/// `MOUSEKEY_WHEEL_MAX_SPEED` 8, `MOUSEKEY_WHEEL_TIME_TO_MAX` 40 steps of
/// `MOUSEKEY_WHEEL_INTERVAL` 80 ms (3200 ms), `MOUSEKEY_WHEEL_DELAY` 10 ms.
pub const SCROLL_DEFAULTS: MotionDefaults = MotionDefaults {
    speed: 8,
    start: 1,
    accel_ms: 3200,
    interval_ms: 80,
    delay_ms: 10,
};

/// The largest distance of one step (pixels or detents), before the speed modifier.
pub const MAX_MOUSE_STEP: u32 = 1024;
/// The longest interval, delay and acceleration time, in milliseconds.
pub const MAX_MOUSE_MS: u32 = 60_000;
/// The range of `mouse_speed`'s percentage.
pub const MOUSE_SPEED_PERCENT: std::ops::RangeInclusive<u32> = 1..=1000;

impl super::Action {
    /// Whether this action, or one nested in it (down to `MAX_NESTING` levels), is a mouse key.
    pub fn uses_mouse(&self) -> bool {
        use super::Action as A;
        let mut found = false;
        self.visit(super::MAX_NESTING, &mut |a| {
            found |= matches!(
                a,
                A::MouseButton(_) | A::MouseMove(_) | A::MouseScroll(_) | A::MouseSpeed(_)
            );
        });
        found
    }
}

impl super::Config {
    /// Whether any block maps a mouse key: only then does the daemon create its pointer device.
    pub fn uses_mouse(&self) -> bool {
        self.devices
            .iter()
            .any(|block| block.keymap.top_actions().any(super::Action::uses_mouse))
    }
}
