//! `leader()` and `sequence(keys, action)`: sequences typed after a leader key (kanata
//! `sequence`/`defseq`, QMK Leader).

use keyrx_core::compile::{MAX_SEQUENCE_KEYS, MAX_SEQUENCES};
use keyrx_core::config::{Action, Leader, Sequence};
use rhai::{Array, Dynamic, Engine, Map, NativeCallContext};

use crate::options::{self, LEADER};
use crate::state::Shared;
use crate::values::{ActionVal, Call};

pub(super) fn register(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.register_fn("leader", move |ctx: NativeCallContext| {
        leader(&mut Call::new(&mut s.borrow_mut(), &ctx), Map::new())
    });
    let s = st.clone();
    engine.register_fn("leader", move |ctx: NativeCallContext, opts: Map| {
        leader(&mut Call::new(&mut s.borrow_mut(), &ctx), opts)
    });
    let s = st.clone();
    engine.register_fn(
        "sequence",
        move |ctx: NativeCallContext, keys: Array, action: Dynamic| {
            sequence(&mut Call::new(&mut s.borrow_mut(), &ctx), keys, action);
        },
    );
}

/// `leader(#{ timeout_ms, input_mode, timeout_from })`.
fn leader(call: &mut Call, opts: Map) -> ActionVal {
    let opts = options::to_json(call, opts, LEADER, "leader options");
    let leader: Leader =
        serde_json::from_value(serde_json::Value::Object(opts)).unwrap_or_default();
    ActionVal::plain(Action::Leader(Box::new(leader)))
}

/// `sequence(["g", "i", "t"], action)`: declared for the whole keymap, like `override`.
fn sequence(call: &mut Call, keys: Array, action: Dynamic) {
    if call.st.cur_layer.is_some() {
        call.error(
            "sequence() applies to the whole keymap, not to one layer".into(),
            Some("call it outside layer(..), next to your layers".into()),
        );
        return;
    }
    let errors_before = call.st.issues.len();
    let count = keys.len();
    let codes = call.key_list(keys, "sequence keys");
    let action = call.action(action, "the sequence's action");
    if call.st.issues.len() > errors_before {
        return;
    }
    let problem = if count == 0 {
        Some("a sequence needs at least one key".to_string())
    } else if count > MAX_SEQUENCE_KEYS {
        Some(format!(
            "this sequence has {count} keys; a sequence has at most {MAX_SEQUENCE_KEYS}"
        ))
    } else if codes.iter().any(|k| k.modifier_bit().is_some()) {
        Some("modifiers cannot be part of a sequence: they act as usual while it is typed".into())
    } else if matches!(
        action.action,
        Action::TapHold(_) | Action::Overload(_) | Action::TapDance(_)
    ) {
        Some("a sequence taps its action, which cannot be a tap-hold or a tap dance".into())
    } else if call
        .st
        .block()
        .sequences
        .iter()
        .any(|(s, _)| s.keys == codes)
    {
        Some("these keys are declared by an earlier sequence".into())
    } else if call.st.block().sequences.len() >= MAX_SEQUENCES {
        Some(format!("a keymap has at most {MAX_SEQUENCES} sequences"))
    } else {
        None
    };
    if let Some(message) = problem {
        call.error(message, None);
        return;
    }
    let site = call.site.clone();
    let block = call.st.block_mut();
    block.refs.extend(action.refs);
    block.sequences.push((
        Sequence {
            keys: codes,
            action: action.action,
        },
        site,
    ));
}
