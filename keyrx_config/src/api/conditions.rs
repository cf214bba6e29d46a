//! Condition builders for `when()`: layer, modifier and device tests and their combinations.

use keyrx_core::config::Condition;
use rhai::{Array, Dynamic, Engine, ImmutableString, NativeCallContext};

use super::structure::matcher;
use crate::state::{RefKind, Shared};
use crate::values::{Call, CondVal, parse_mods};

type Combinator = fn(Vec<Condition>) -> Condition;

pub(super) fn register(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.register_fn(
        "layer_active",
        move |ctx: NativeCallContext, layer: ImmutableString| {
            let mut st = s.borrow_mut();
            let mut call = Call::new(&mut st, &ctx);
            if !call.name_fits(&layer, "a layer name") {
                return plain(Condition::All(Vec::new()));
            }
            CondVal {
                cond: Condition::Layer(layer.to_string()),
                refs: vec![call.layer_ref(&layer, RefKind::Tests)],
            }
        },
    );
    let s = st.clone();
    engine.register_fn(
        "mods_held",
        move |ctx: NativeCallContext, mods: ImmutableString| {
            let mut st = s.borrow_mut();
            let mut call = Call::new(&mut st, &ctx);
            let mask = parse_mods(&mods)
                .map_err(|p| call.problem(p))
                .unwrap_or_default();
            plain(Condition::Mods(mask))
        },
    );
    let s = st.clone();
    engine.register_fn(
        "device_matches",
        move |ctx: NativeCallContext, m: Dynamic| {
            let mut st = s.borrow_mut();
            let mut call = Call::new(&mut st, &ctx);
            let m = matcher(&mut call, m).unwrap_or_default();
            plain(Condition::Device(m))
        },
    );
    let s = st.clone();
    engine.register_fn("not", move |ctx: NativeCallContext, c: Dynamic| {
        let mut st = s.borrow_mut();
        let mut call = Call::new(&mut st, &ctx);
        let c = call.condition(c, "the argument of not()");
        call.bounded_condition(CondVal {
            cond: Condition::Not(Box::new(c.cond)),
            refs: c.refs,
        })
    });
    register_combinators(engine, st);
}

fn register_combinators(engine: &mut Engine, st: &Shared) {
    let combinators: [(&str, Combinator); 2] = [("all", Condition::All), ("any", Condition::Any)];
    for (name, make) in combinators {
        let s = st.clone();
        engine.register_fn(name, move |ctx: NativeCallContext, items: Array| {
            let mut st = s.borrow_mut();
            let mut call = Call::new(&mut st, &ctx);
            let what = format!("each item of {name}()");
            let parts: Vec<CondVal> = items
                .into_iter()
                .map(|c| call.condition(c, &what))
                .collect();
            call.bounded_condition(CondVal {
                cond: make(parts.iter().map(|c| c.cond.clone()).collect()),
                refs: parts.into_iter().flat_map(|c| c.refs).collect(),
            })
        });
    }
}

fn plain(cond: Condition) -> CondVal {
    CondVal {
        cond,
        refs: Vec::new(),
    }
}
