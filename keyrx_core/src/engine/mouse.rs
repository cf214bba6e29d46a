//! Mouse keys (QMK Mouse Keys in its accelerated mode, kanata `movemouse-accel-*`, `mwheel-*`):
//! buttons held like keys, and movement and scrolling driven by one timer each while a
//! direction key is held. A step goes out at the first press, the next `delay` later, then one
//! every `interval`; its distance grows linearly from `start` to `speed` over `accel` since the
//! first step, is scaled by the slowest `mouse_speed` key held, and for a diagonal move by
//! 1/√2 (QMK's `times_inv_sqrt2`). The timer stops when the last direction key goes up.

use super::Engine;
use crate::compile::CAction;
use crate::config::{MouseButton, MouseDirection, OneShotEnd};
use crate::event::{Micros, MouseAxis, MouseEvent, MouseOutput, Sink, Trace};

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MouseState {
    /// Sources holding each button: it goes down with the first and up with the last.
    buttons: [u8; MouseButton::ALL.len()],
    pub moving: Motion,
    pub scrolling: Motion,
    /// The percentage in effect while a `mouse_speed` key is held; 0 when none is.
    percent: u16,
}

/// Movement or scrolling: who holds which direction and when the next step is due.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Motion {
    /// Sources holding each direction (up, down, left, right).
    held: [u8; MouseDirection::ALL.len()],
    /// The motion whose numbers apply: the last direction key pressed.
    params: u16,
    /// When the first step went out: acceleration counts from here.
    started: Micros,
    pub deadline: Option<Micros>,
}

impl Motion {
    fn is_held(&self, d: MouseDirection) -> bool {
        self.held[d as usize] > 0
    }

    /// -1, 0 or 1 along one axis: `plus` held minus `minus` held.
    fn sign(&self, plus: MouseDirection, minus: MouseDirection) -> i32 {
        i32::from(self.is_held(plus)) - i32::from(self.is_held(minus))
    }
}

impl Engine {
    fn mouse_out<S: Sink>(&self, output: MouseOutput, sink: &mut S) {
        sink.mouse(MouseEvent {
            output,
            time: self.clock,
        });
    }

    pub(super) fn press_mouse_button<S: Sink>(
        &mut self,
        source: super::Source,
        button: MouseButton,
        time: Micros,
        sink: &mut S,
    ) {
        // A click uses one-shot modifiers like a key does (ctrl+click).
        let key = crate::keys::KeyCode::new(button.code()).unwrap_or_default();
        self.use_one_shot(source, key, time, sink);
        let count = &mut self.mouse.buttons[button as usize];
        *count = count.saturating_add(1);
        if *count == 1 {
            self.mouse_out(
                MouseOutput::Button {
                    button,
                    pressed: true,
                },
                sink,
            );
        }
        if self.km.options.one_shot_end == OneShotEnd::NextPress {
            self.finish_one_shot(source, sink);
        }
    }

    pub(super) fn release_mouse_button<S: Sink>(&mut self, button: MouseButton, sink: &mut S) {
        let count = &mut self.mouse.buttons[button as usize];
        if *count == 0 {
            return;
        }
        *count -= 1;
        if *count == 0 {
            self.mouse_out(
                MouseOutput::Button {
                    button,
                    pressed: false,
                },
                sink,
            );
        }
    }

    fn motion(&mut self, scroll: bool) -> &mut Motion {
        if scroll {
            &mut self.mouse.scrolling
        } else {
            &mut self.mouse.moving
        }
    }

    /// A direction key went down: the motion starts with a step now, or the direction joins
    /// the running motion at its next step.
    pub(super) fn start_motion<S: Sink>(&mut self, index: u16, scroll: bool, sink: &mut S) {
        let m = self.km.mouse_motions[index as usize];
        let clock = self.clock;
        let motion = self.motion(scroll);
        let held = &mut motion.held[m.direction as usize];
        *held = held.saturating_add(1);
        motion.params = index;
        if motion.deadline.is_some() {
            return;
        }
        motion.started = clock;
        let wait = if m.delay_us == 0 {
            m.interval_us
        } else {
            m.delay_us
        };
        motion.deadline = Some(clock + wait);
        if sink.wants_trace() {
            sink.trace(Trace::MouseMotion {
                scroll,
                moving: true,
                at: clock,
            });
        }
        self.motion_step(scroll, sink);
    }

    /// A direction key went up: the motion stops at once when it was the last.
    pub(super) fn stop_motion<S: Sink>(&mut self, index: u16, scroll: bool, sink: &mut S) {
        let direction = self.km.mouse_motions[index as usize].direction;
        let clock = self.clock;
        let motion = self.motion(scroll);
        let held = &mut motion.held[direction as usize];
        *held = held.saturating_sub(1);
        if motion.held.iter().any(|h| *h > 0) || motion.deadline.is_none() {
            return;
        }
        *motion = Motion::default();
        if sink.wants_trace() {
            sink.trace(Trace::MouseMotion {
                scroll,
                moving: false,
                at: clock,
            });
        }
    }

    /// The motion timer fired: one step, and the next one scheduled.
    pub(super) fn motion_timer<S: Sink>(&mut self, scroll: bool, at: Micros, sink: &mut S) {
        let params = self.motion(scroll).params;
        let interval = self.km.mouse_motions[params as usize].interval_us;
        self.motion(scroll).deadline = Some(at + interval);
        self.motion_step(scroll, sink);
    }

    /// Sends one step of movement or scrolling for the directions held now.
    fn motion_step<S: Sink>(&mut self, scroll: bool, sink: &mut S) {
        use MouseDirection::{Down, Left, Right, Up};
        let motion = *self.motion(scroll);
        let m = self.km.mouse_motions[motion.params as usize];
        let elapsed = self.clock.saturating_sub(motion.started);
        let (start, speed) = (i64::from(m.start), i64::from(m.speed));
        let mut distance = if m.accel_us == 0 || elapsed >= m.accel_us {
            speed
        } else {
            start + (speed - start) * elapsed as i64 / m.accel_us as i64
        };
        if self.mouse.percent > 0 {
            distance = distance * i64::from(self.mouse.percent) / 100;
        }
        let (axes, signs) = if scroll {
            (
                [MouseAxis::Wheel, MouseAxis::HWheel],
                [motion.sign(Up, Down), motion.sign(Right, Left)],
            )
        } else {
            (
                [MouseAxis::X, MouseAxis::Y],
                [motion.sign(Right, Left), motion.sign(Down, Up)],
            )
        };
        if !scroll && signs[0] != 0 && signs[1] != 0 {
            distance = distance * 181 / 256;
        }
        let distance = distance.clamp(1, i64::from(i32::MAX)) as i32;
        for (axis, sign) in axes.into_iter().zip(signs) {
            if sign != 0 {
                let delta = sign * distance;
                self.mouse_out(MouseOutput::Motion { axis, delta }, sink);
            }
        }
    }

    /// A `mouse_speed` key went down or up: the slowest one held applies.
    pub(super) fn update_mouse_speed<S: Sink>(&mut self, sink: &mut S) {
        let percent = self
            .held
            .iter()
            .filter_map(|h| match h.action {
                Some(CAction::MouseSpeed(p)) => Some(p),
                _ => None,
            })
            .min()
            .unwrap_or(0);
        if percent == self.mouse.percent {
            return;
        }
        self.mouse.percent = percent;
        if sink.wants_trace() {
            sink.trace(Trace::MouseSpeed {
                percent: if percent == 0 { 100 } else { percent },
                at: self.clock,
            });
        }
    }

    /// Releases every held button and stops movement and scrolling.
    pub(super) fn release_mouse<S: Sink>(&mut self, sink: &mut S) {
        for button in MouseButton::ALL {
            if self.mouse.buttons[button as usize] > 0 {
                self.mouse_out(
                    MouseOutput::Button {
                        button,
                        pressed: false,
                    },
                    sink,
                );
            }
        }
        self.mouse = MouseState::default();
    }

    /// Pointer buttons held down right now.
    pub fn held_mouse_buttons(&self) -> impl Iterator<Item = MouseButton> + '_ {
        MouseButton::ALL
            .into_iter()
            .filter(|b| self.mouse.buttons[*b as usize] > 0)
    }

    /// Whether the pointer is moving or scrolling (a direction key is held).
    pub fn mouse_in_motion(&self) -> bool {
        self.mouse.moving.deadline.is_some() || self.mouse.scrolling.deadline.is_some()
    }
}
