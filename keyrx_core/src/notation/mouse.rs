//! Pointer output in the notation: `md:left` / `mu:left` a button down and up, `mx:+8`,
//! `my:-8` motion in pixels (right and down are positive), `mw:+1`, `mh:-1` the wheel and the
//! horizontal wheel in detents (up and right are positive), as the kernel counts them.

use crate::config::MouseButton;
use crate::event::{MouseAxis, MouseOutput};

/// The token for one pointer output.
pub fn token(output: MouseOutput) -> String {
    match output {
        MouseOutput::Button { button, pressed } => {
            format!("m{}:{}", if pressed { 'd' } else { 'u' }, button.name())
        }
        MouseOutput::Motion { axis, delta } => format!("{}:{delta:+}", axis_kind(axis)),
    }
}

fn axis_kind(axis: MouseAxis) -> &'static str {
    match axis {
        MouseAxis::X => "mx",
        MouseAxis::Y => "my",
        MouseAxis::Wheel => "mw",
        MouseAxis::HWheel => "mh",
    }
}

/// Reads a pointer token; `None` when `kind` is not a pointer kind.
pub fn parse(kind: &str, value: &str) -> Option<Result<MouseOutput, String>> {
    let axis = match kind {
        "md" | "mu" => {
            return Some(
                MouseButton::from_name(value)
                    .map(|button| MouseOutput::Button {
                        button,
                        pressed: kind == "md",
                    })
                    .ok_or_else(|| {
                        format!(
                            "unknown mouse button; use {}",
                            MouseButton::NAMES.join(", ")
                        )
                    }),
            );
        }
        "mx" => MouseAxis::X,
        "my" => MouseAxis::Y,
        "mw" => MouseAxis::Wheel,
        "mh" => MouseAxis::HWheel,
        _ => return None,
    };
    Some(
        value
            .parse::<i32>()
            .map(|delta| MouseOutput::Motion { axis, delta })
            .map_err(|_| "not a whole number of pixels or detents".to_string()),
    )
}
