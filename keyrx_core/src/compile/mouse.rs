//! Compiling mouse keys: each motion's numbers resolved against QMK's defaults and bounded.

use super::limits::{Place, Table};
use super::{Builder, CAction, CompileError, last_index};
use crate::config::{
    MAX_MOUSE_MS, MAX_MOUSE_STEP, MOUSE_SPEED_PERCENT, MOVE_DEFAULTS, MouseDirection, MouseMotion,
    SCROLL_DEFAULTS,
};

/// A motion with its numbers resolved, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CMotion {
    pub direction: MouseDirection,
    pub speed: u32,
    pub start: u32,
    pub accel_us: u64,
    pub interval_us: u64,
    pub delay_us: u64,
}

fn bounded(
    what: &'static str,
    value: u32,
    range: std::ops::RangeInclusive<u32>,
    at: &Place,
) -> Result<u32, CompileError> {
    if range.contains(&value) {
        return Ok(value);
    }
    Err(CompileError::MouseNumber {
        what,
        value,
        min: *range.start(),
        max: *range.end(),
        at: at.clone(),
    })
}

impl Builder<'_> {
    /// `mouse_move` (`scroll` false) or `mouse_scroll`.
    pub(super) fn mouse_motion(
        &mut self,
        m: &MouseMotion,
        scroll: bool,
        at: &Place,
    ) -> Result<CAction, CompileError> {
        let n = m.resolved(if scroll {
            SCROLL_DEFAULTS
        } else {
            MOVE_DEFAULTS
        });
        let us = |ms: u32| u64::from(ms) * 1000;
        let motion = CMotion {
            direction: m.direction,
            speed: bounded("speed", n.speed, 1..=MAX_MOUSE_STEP, at)?,
            start: bounded("start", n.start, 1..=MAX_MOUSE_STEP, at)?,
            accel_us: us(bounded("accel_ms", n.accel_ms, 0..=MAX_MOUSE_MS, at)?),
            interval_us: us(bounded("interval_ms", n.interval_ms, 1..=MAX_MOUSE_MS, at)?),
            delay_us: us(bounded("delay_ms", n.delay_ms, 0..=MAX_MOUSE_MS, at)?),
        };
        self.out.mouse_motions.push(motion);
        self.out.uses_mouse = true;
        let index = last_index(&self.out.mouse_motions, Table::MouseMotions, at)?;
        Ok(if scroll {
            CAction::MouseScroll(index)
        } else {
            CAction::MouseMove(index)
        })
    }

    pub(super) fn mouse_speed(
        &mut self,
        percent: u32,
        at: &Place,
    ) -> Result<CAction, CompileError> {
        let percent = bounded("mouse_speed percent", percent, MOUSE_SPEED_PERCENT, at)?;
        self.out.uses_mouse = true;
        Ok(CAction::MouseSpeed(percent as u16))
    }
}
