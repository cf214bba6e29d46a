//! Mouse keys: `mouse_button(name)`, `mouse_move(direction, #{..})`,
//! `mouse_scroll(direction, #{..})` and `mouse_speed(percent)`.

use keyrx_core::config::{
    Action, MAX_MOUSE_MS, MAX_MOUSE_STEP, MOUSE_SPEED_PERCENT, MouseButton, MouseDirection,
    MouseMotion,
};
use keyrx_core::keys;
use rhai::{Engine, ImmutableString, Map, NativeCallContext};

use crate::options::{self, MOUSE_MOTION};
use crate::state::Shared;
use crate::values::{ActionVal, Call};

pub(super) fn register(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.register_fn(
        "mouse_button",
        move |ctx: NativeCallContext, name: ImmutableString| {
            let mut st = s.borrow_mut();
            let mut call = Call::new(&mut st, &ctx);
            match MouseButton::from_name(name.trim()) {
                Some(b) => ActionVal::plain(Action::MouseButton(b)),
                None => {
                    unknown(&mut call, "mouse button", &name, MouseButton::NAMES);
                    ActionVal::placeholder()
                }
            }
        },
    );
    for (name, scroll) in [("mouse_move", false), ("mouse_scroll", true)] {
        let s = st.clone();
        engine.register_fn(
            name,
            move |ctx: NativeCallContext, direction: ImmutableString| {
                motion(
                    &mut Call::new(&mut s.borrow_mut(), &ctx),
                    name,
                    scroll,
                    &direction,
                    Map::new(),
                )
            },
        );
        let s = st.clone();
        engine.register_fn(
            name,
            move |ctx: NativeCallContext, direction: ImmutableString, opts: Map| {
                motion(
                    &mut Call::new(&mut s.borrow_mut(), &ctx),
                    name,
                    scroll,
                    &direction,
                    opts,
                )
            },
        );
    }
    let s = st.clone();
    engine.register_fn(
        "mouse_speed",
        move |ctx: NativeCallContext, percent: i64| {
            let mut st = s.borrow_mut();
            let mut call = Call::new(&mut st, &ctx);
            let (min, max) = (*MOUSE_SPEED_PERCENT.start(), *MOUSE_SPEED_PERCENT.end());
            match u32::try_from(percent) {
                Ok(p) if MOUSE_SPEED_PERCENT.contains(&p) => {
                    ActionVal::plain(Action::MouseSpeed(p))
                }
                _ => {
                    call.error(
                        format!(
                            "mouse_speed() takes a percentage from {min} to {max}, not {percent}"
                        ),
                        Some("mouse_speed(25) moves at a quarter of the speed while held".into()),
                    );
                    ActionVal::placeholder()
                }
            }
        },
    );
}

fn unknown(call: &mut Call, what: &str, name: &str, names: &[&str]) {
    let help = match keys::closest(name, names.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("a {what} is one of {}", names.join(", ")),
    };
    call.error(format!("unknown {what} `{name}`"), Some(help));
}

/// `mouse_move` or `mouse_scroll`: a direction and its numbers, each checked against its range.
fn motion(call: &mut Call, name: &str, scroll: bool, direction: &str, opts: Map) -> ActionVal {
    let Some(direction) = MouseDirection::from_name(direction.trim()) else {
        unknown(call, "direction", direction, MouseDirection::NAMES);
        return ActionVal::placeholder();
    };
    let opts = options::to_json(call, opts, MOUSE_MOTION, &format!("{name} options"));
    let mut bad = false;
    let mut number = |call: &mut Call, field: &str, min: u32, max: u32| {
        let value = opts.get(field)?.as_u64()? as u32;
        if (min..=max).contains(&value) {
            return Some(value);
        }
        call.error(
            format!("`{field}` is {value}; it must be {min} to {max}"),
            None,
        );
        bad = true;
        None
    };
    let m = MouseMotion {
        direction,
        speed: number(call, "speed", 1, MAX_MOUSE_STEP),
        start: number(call, "start", 1, MAX_MOUSE_STEP),
        accel_ms: number(call, "accel_ms", 0, MAX_MOUSE_MS),
        interval_ms: number(call, "interval_ms", 1, MAX_MOUSE_MS),
        delay_ms: number(call, "delay_ms", 0, MAX_MOUSE_MS),
    };
    if bad {
        return ActionVal::placeholder();
    }
    ActionVal::plain(if scroll {
        Action::MouseScroll(m)
    } else {
        Action::MouseMove(m)
    })
}
