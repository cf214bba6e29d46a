//! `macro_record(slot)`, `macro_play(slot)` and `macro_stop()`: dynamic macros (kanata
//! `dynamic-macro-*`, QMK Dynamic Macros).

use keyrx_core::compile::MAX_DYNAMIC_MACROS;
use keyrx_core::config::Action;
use rhai::{Engine, NativeCallContext};

use crate::state::Shared;
use crate::values::{ActionVal, Call};

pub(super) fn register(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.register_fn("macro_record", move |ctx: NativeCallContext, slot: i64| {
        slot_action(
            &mut Call::new(&mut s.borrow_mut(), &ctx),
            slot,
            Action::MacroRecord,
        )
    });
    let s = st.clone();
    engine.register_fn("macro_play", move |ctx: NativeCallContext, slot: i64| {
        slot_action(
            &mut Call::new(&mut s.borrow_mut(), &ctx),
            slot,
            Action::MacroPlay,
        )
    });
    engine.register_fn("macro_stop", || ActionVal::plain(Action::MacroStop));
}

fn slot_action(call: &mut Call, slot: i64, action: fn(u8) -> Action) -> ActionVal {
    match u8::try_from(slot) {
        Ok(s) if usize::from(s) < MAX_DYNAMIC_MACROS => ActionVal::plain(action(s)),
        _ => {
            call.error(
                format!(
                    "dynamic macro slots are 0 to {}, not {slot}",
                    MAX_DYNAMIC_MACROS - 1
                ),
                None,
            );
            ActionVal::placeholder()
        }
    }
}
