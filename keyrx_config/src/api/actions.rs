//! Action builders: tap-hold, layer switching, one-shots, macros, text and conditionals.

use keyrx_core::config::{
    Action, Branch, CapsWord, Conditional, KeyOutput, Macro, MacroCancel, MacroStep, Overload,
    TapDance, TapHold,
};
use rhai::{Array, Dynamic, Engine, ImmutableString, Map, NativeCallContext};
use serde::de::DeserializeOwned;
use serde_json::Value;

use keyrx_core::compile::{MAX_MULTI_PARTS, MAX_TAP_DANCE_ACTIONS};

use crate::options::{self, CAPS_WORD, MACRO, OVERLOAD, TAP_DANCE, TAP_HOLD_KEY};
use crate::state::{RefKind, Shared};
use crate::values::{ActionVal, Call, StepVal, parse_mods, parse_output};

/// The longest text `text()` takes, in bytes; the compiler bounds the steps it types exactly.
pub const MAX_TEXT_LEN: usize = 4096;

/// Macro delays longer than this hold back typing noticeably, so they earn a warning.
const LONG_DELAY_MS: u32 = 5_000;

type LayerAction = fn(String) -> Action;
type KeyStep = fn(keyrx_core::keys::KeyCode) -> MacroStep;

pub(super) fn register(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.register_fn(
        "tap_hold",
        move |ctx: NativeCallContext, tap: Dynamic, hold: Dynamic| {
            tap_hold(
                &mut Call::new(&mut s.borrow_mut(), &ctx),
                tap,
                hold,
                Map::new(),
            )
        },
    );
    let s = st.clone();
    engine.register_fn(
        "tap_hold",
        move |ctx: NativeCallContext, tap: Dynamic, hold: Dynamic, opts: Map| {
            tap_hold(&mut Call::new(&mut s.borrow_mut(), &ctx), tap, hold, opts)
        },
    );
    let s = st.clone();
    engine.register_fn(
        "overload",
        move |ctx: NativeCallContext, hold: Dynamic, tap: Dynamic| {
            overload(
                &mut Call::new(&mut s.borrow_mut(), &ctx),
                hold,
                tap,
                Map::new(),
            )
        },
    );
    let s = st.clone();
    engine.register_fn(
        "overload",
        move |ctx: NativeCallContext, hold: Dynamic, tap: Dynamic, opts: Map| {
            overload(&mut Call::new(&mut s.borrow_mut(), &ctx), hold, tap, opts)
        },
    );
    let layer_actions: [(&str, LayerAction); 4] = [
        ("momentary", Action::Momentary),
        ("toggle", Action::Toggle),
        ("one_shot_layer", Action::OneShotLayer),
        ("set_base", Action::SetBase),
    ];
    for (name, make) in layer_actions {
        let s = st.clone();
        engine.register_fn(
            name,
            move |ctx: NativeCallContext, layer: ImmutableString| {
                let mut st = s.borrow_mut();
                let mut call = Call::new(&mut st, &ctx);
                if !call.name_fits(&layer, "a layer name") {
                    return ActionVal::placeholder();
                }
                ActionVal {
                    action: make(layer.to_string()),
                    refs: vec![call.layer_ref(&layer, RefKind::Activates)],
                }
            },
        );
    }
    let s = st.clone();
    engine.register_fn(
        "one_shot",
        move |ctx: NativeCallContext, mods: ImmutableString| {
            one_shot(&mut Call::new(&mut s.borrow_mut(), &ctx), &mods)
        },
    );
    let s = st.clone();
    engine.register_fn(
        "sticky",
        move |ctx: NativeCallContext, key: ImmutableString| {
            let mut st = s.borrow_mut();
            let mut call = Call::new(&mut st, &ctx);
            match parse_output(&key) {
                Ok(out @ keyrx_core::config::KeyOutput::Key { .. }) => {
                    ActionVal::plain(Action::Sticky(out))
                }
                Ok(_) => {
                    call.error(
                        format!("sticky() takes a key, and `{key}` is not one"),
                        Some("sticky(\"shift\"), sticky(\"a\") or sticky(\"ctrl+c\")".into()),
                    );
                    ActionVal::placeholder()
                }
                Err(p) => {
                    call.problem(p);
                    ActionVal::placeholder()
                }
            }
        },
    );
    let s = st.clone();
    engine.register_fn("multi", move |ctx: NativeCallContext, parts: Array| {
        multi(&mut Call::new(&mut s.borrow_mut(), &ctx), parts)
    });
    engine.register_fn("release_all", || ActionVal::plain(Action::ReleaseAll));
    engine.register_fn("repeat_key", || ActionVal::plain(Action::RepeatKey));
    engine.register_fn("layer_lock", || ActionVal::plain(Action::LayerLock));
    let s = st.clone();
    engine.register_fn(
        "tap_dance",
        move |ctx: NativeCallContext, actions: Array| {
            tap_dance(
                &mut Call::new(&mut s.borrow_mut(), &ctx),
                actions,
                Map::new(),
            )
        },
    );
    let s = st.clone();
    engine.register_fn(
        "tap_dance",
        move |ctx: NativeCallContext, actions: Array, opts: Map| {
            tap_dance(&mut Call::new(&mut s.borrow_mut(), &ctx), actions, opts)
        },
    );
    let s = st.clone();
    engine.register_fn("caps_word", move |ctx: NativeCallContext| {
        caps_word(&mut Call::new(&mut s.borrow_mut(), &ctx), Map::new())
    });
    let s = st.clone();
    engine.register_fn("caps_word", move |ctx: NativeCallContext, opts: Map| {
        caps_word(&mut Call::new(&mut s.borrow_mut(), &ctx), opts)
    });
    register_macros(engine, st);
    register_when(engine, st);
}

fn register_macros(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.register_fn("macro", move |ctx: NativeCallContext, steps: Array| {
        macro_action(&mut Call::new(&mut s.borrow_mut(), &ctx), steps, Map::new())
    });
    let s = st.clone();
    engine.register_fn(
        "macro",
        move |ctx: NativeCallContext, steps: Array, opts: Map| {
            macro_action(&mut Call::new(&mut s.borrow_mut(), &ctx), steps, opts)
        },
    );
    engine.register_fn("pause_for_release", || StepVal {
        step: MacroStep::PauseForRelease,
    });
    // `unicode("é")` is `text("é")`: both type any character, ASCII by its key and the rest
    // by the `unicode_method` option.
    for name in ["text", "unicode"] {
        let s = st.clone();
        engine.register_fn(
            name,
            move |ctx: NativeCallContext, text: ImmutableString| {
                text_action(&mut Call::new(&mut s.borrow_mut(), &ctx), name, &text)
            },
        );
    }
    let steps: [(&str, KeyStep); 2] =
        [("press", MacroStep::Press), ("release", MacroStep::Release)];
    for (name, make) in steps {
        let s = st.clone();
        engine.register_fn(name, move |ctx: NativeCallContext, key: ImmutableString| {
            let mut st = s.borrow_mut();
            let mut call = Call::new(&mut st, &ctx);
            if key.contains('+') && key.trim() != "+" {
                call.error(
                    format!("{name}() takes a single key, not `{key}`"),
                    Some("to type a chord use tap(\"shift+a\"), or press each key in turn".into()),
                );
                return StepVal {
                    step: make(Default::default()),
                };
            }
            let code = call.key(&key).unwrap_or_default();
            StepVal { step: make(code) }
        });
    }
    let s = st.clone();
    engine.register_fn(
        "tap",
        move |ctx: NativeCallContext, key: ImmutableString| {
            let mut st = s.borrow_mut();
            let mut call = Call::new(&mut st, &ctx);
            let out = parse_output(&key)
                .map_err(|p| call.problem(p))
                .unwrap_or(keyrx_core::config::KeyOutput::Block);
            StepVal {
                step: MacroStep::Tap(out),
            }
        },
    );
    let s = st.clone();
    engine.register_fn("delay", move |ctx: NativeCallContext, ms: i64| {
        let mut st = s.borrow_mut();
        let mut call = Call::new(&mut st, &ctx);
        let ms = call.ms(ms, "a delay");
        if ms > LONG_DELAY_MS {
            call.warn(
                format!("a {ms} ms delay holds back every key pressed meanwhile"),
                Some("macro delays are meant for slow applications: tens of milliseconds".into()),
            );
        }
        StepVal {
            step: MacroStep::Delay(ms),
        }
    });
}

fn register_when(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.register_fn(
        "when",
        move |ctx: NativeCallContext, cond: Dynamic, then: Dynamic| {
            when(&mut Call::new(&mut s.borrow_mut(), &ctx), cond, then, None)
        },
    );
    let s = st.clone();
    engine.register_fn(
        "when",
        move |ctx: NativeCallContext, cond: Dynamic, then: Dynamic, otherwise: Dynamic| {
            when(
                &mut Call::new(&mut s.borrow_mut(), &ctx),
                cond,
                then,
                Some(otherwise),
            )
        },
    );
}

fn tap_hold(call: &mut Call, tap: Dynamic, hold: Dynamic, opts: Map) -> ActionVal {
    let tap = call.action(tap, "the tap action");
    let hold = call.action(hold, "the hold action");
    if [&tap.action, &hold.action].iter().any(|a| {
        matches!(
            a,
            Action::TapHold(_) | Action::TapDance(_) | Action::Overload(_)
        )
    }) {
        call.error(
            "a tap_hold cannot contain another tap_hold, a tap_dance or an overload".into(),
            Some("give the tap and the hold a key, a layer action or a macro".into()),
        );
    }
    let opts = options::to_json(call, opts, TAP_HOLD_KEY, "tap_hold options");
    let mut refs = tap.refs;
    refs.extend(hold.refs);
    let mut th = TapHold::new(tap.action, hold.action);
    // The values were validated against the schema, so these conversions succeed.
    th.flavor = field(&opts, "flavor");
    th.term_ms = field(&opts, "term_ms");
    th.quick_tap_ms = field(&opts, "quick_tap_ms");
    th.quick_tap_from = field(&opts, "quick_tap_from");
    th.require_prior_idle_ms = field(&opts, "require_prior_idle_ms");
    th.retro_tap = field(&opts, "retro_tap");
    th.hold_while_undecided = field(&opts, "hold_while_undecided");
    th.hold_trigger_keys = field(&opts, "hold_trigger_keys").unwrap_or_default();
    th.opposite_hand = field(&opts, "opposite_hand");
    th.same_hand = field(&opts, "same_hand");
    th.unknown_hand = field(&opts, "unknown_hand");
    th.opposite_hand_timeout = field(&opts, "opposite_hand_timeout");
    th.neutral_keys = field(&opts, "neutral_keys").unwrap_or_default();
    th.neutral = field(&opts, "neutral");
    call.bounded_action(ActionVal {
        action: Action::TapHold(Box::new(th)),
        refs,
    })
}

/// keyd's `overload(layer, action)`: `hold` names a layer or modifiers (`"nav"`, `"ctrl"`,
/// `"ctrl+shift"`), or is a `momentary(..)` or modifier key action.
fn overload(call: &mut Call, hold: Dynamic, tap: Dynamic, opts: Map) -> ActionVal {
    let hold = overload_hold(call, hold);
    let tap = call.action(tap, "the tap action");
    if matches!(tap.action, Action::TapHold(_) | Action::Overload(_)) {
        call.error(
            "an overload cannot tap another tap_hold or overload".into(),
            Some("give the tap a key, a layer action or a macro".into()),
        );
    }
    let opts = options::to_json(call, opts, OVERLOAD, "overload options");
    let mut refs = hold.refs;
    refs.extend(tap.refs);
    call.bounded_action(ActionVal {
        action: Action::Overload(Box::new(Overload {
            hold: hold.action,
            tap: tap.action,
            timeout_ms: field(&opts, "timeout_ms"),
        })),
        refs,
    })
}

fn overload_hold(call: &mut Call, hold: Dynamic) -> ActionVal {
    if hold.is_string() {
        let name = hold.into_immutable_string().unwrap_or_default();
        if parse_mods(&name).is_ok() {
            return call.action(name.into(), "the held modifiers");
        }
        if !call.name_fits(&name, "a layer name") {
            return ActionVal::placeholder();
        }
        let layer = call.layer_ref(&name, RefKind::Activates);
        return ActionVal {
            action: Action::Momentary(name.to_string()),
            refs: vec![layer],
        };
    }
    let held = call.action(hold, "the held layer or modifiers");
    let modifiers =
        |out: &KeyOutput| matches!(out, KeyOutput::Key { key, .. } if key.modifier_bit().is_some());
    match &held.action {
        Action::Momentary(_) => held,
        Action::Output(out) if modifiers(out) => held,
        _ => {
            call.error(
                "overload() holds a layer or modifiers".into(),
                Some("write overload(\"nav\", \"esc\"), overload(\"ctrl\", \"esc\") or overload(momentary(\"nav\"), \"esc\")".into()),
            );
            ActionVal::placeholder()
        }
    }
}

fn field<T: DeserializeOwned>(opts: &serde_json::Map<String, Value>, name: &str) -> Option<T> {
    opts.get(name)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// `tap_dance([a1, a2, ..], #{ term_ms, eager })`: the nth tap does the nth action.
fn tap_dance(call: &mut Call, actions: Array, opts: Map) -> ActionVal {
    if actions.is_empty() || actions.len() > MAX_TAP_DANCE_ACTIONS {
        call.error(
            format!(
                "a tap dance takes 1 to {MAX_TAP_DANCE_ACTIONS} actions, not {}",
                actions.len()
            ),
            None,
        );
        return ActionVal::placeholder();
    }
    let opts = options::to_json(call, opts, TAP_DANCE, "tap_dance options");
    let mut refs = Vec::new();
    let mut entries = Vec::with_capacity(actions.len());
    for action in actions {
        let entry = call.action(action, "a tap dance action");
        if matches!(entry.action, Action::TapDance(_)) {
            call.error(
                "a tap dance cannot contain another tap dance".into(),
                Some("its actions are keys, layer actions, macros or tap_hold(..)".into()),
            );
        }
        refs.extend(entry.refs);
        entries.push(entry.action);
    }
    call.bounded_action(ActionVal {
        action: Action::TapDance(Box::new(TapDance {
            actions: entries,
            term_ms: field(&opts, "term_ms"),
            eager: field(&opts, "eager").unwrap_or_default(),
        })),
        refs,
    })
}

/// `caps_word(#{ timeout_ms, shifted, continue_keys })`: Shift for the letters of one word.
fn caps_word(call: &mut Call, opts: Map) -> ActionVal {
    let opts = options::to_json(call, opts, CAPS_WORD, "caps_word options");
    ActionVal::plain(Action::CapsWord(Box::new(CapsWord {
        timeout_ms: field(&opts, "timeout_ms"),
        shifted: field(&opts, "shifted").unwrap_or_default(),
        continue_keys: field(&opts, "continue_keys").unwrap_or_default(),
    })))
}

/// `multi([..])`: keys, modified keys and layer actions held together (kanata `multi`).
fn multi(call: &mut Call, parts: Array) -> ActionVal {
    if parts.len() > MAX_MULTI_PARTS {
        call.error(
            format!(
                "this multi() has {} parts; it holds at most {MAX_MULTI_PARTS}",
                parts.len()
            ),
            None,
        );
        return ActionVal::placeholder();
    }
    let mut refs = Vec::new();
    let mut actions = Vec::with_capacity(parts.len());
    for part in parts {
        let part = call.action(part, "a part of multi()");
        match part.action {
            Action::Output(_) | Action::Momentary(_) | Action::Toggle(_) | Action::SetBase(_) => {
                refs.extend(part.refs);
                actions.push(part.action);
            }
            _ => call.error(
                "multi() holds keys and layer actions together; this part is neither".into(),
                Some(
                    "use keys (\"lctrl\", \"shift+a\"), momentary(..), toggle(..) or set_base(..)"
                        .into(),
                ),
            ),
        }
    }
    ActionVal {
        action: Action::Multi(actions),
        refs,
    }
}

fn one_shot(call: &mut Call, mods: &str) -> ActionVal {
    match parse_mods(mods) {
        Ok(mask) => ActionVal::plain(Action::OneShot(mask)),
        Err(mut p) => {
            if p.message.ends_with("is not a modifier") {
                p.help = Some(
                    "one_shot() takes modifiers; for a one-shot layer use one_shot_layer(name)"
                        .into(),
                );
            }
            call.problem(p);
            ActionVal::placeholder()
        }
    }
}

fn macro_action(call: &mut Call, steps: Array, opts: Map) -> ActionVal {
    if steps.is_empty() {
        call.warn("this macro has no steps and does nothing".into(), None);
    }
    let opts = options::to_json(call, opts, MACRO, "macro options");
    let steps = steps
        .into_iter()
        .filter_map(|v| macro_step(call, v))
        .collect();
    ActionVal::plain(Action::Macro(Macro {
        steps,
        cancel: MacroCancel {
            on_press: field(&opts, "cancel_on_press").unwrap_or_default(),
            on_release: field(&opts, "cancel_on_release").unwrap_or_default(),
        },
    }))
}

fn macro_step(call: &mut Call, value: Dynamic) -> Option<MacroStep> {
    if value.is::<StepVal>() {
        return Some(value.cast::<StepVal>().step);
    }
    if value.is_string() {
        let text = value.into_immutable_string().unwrap_or_default();
        return parse_output(&text)
            .map(MacroStep::Tap)
            .map_err(|p| call.problem(p))
            .ok();
    }
    if value.is::<ActionVal>() {
        match value.cast::<ActionVal>().action {
            Action::Text(t) => return Some(MacroStep::Text(t)),
            Action::Output(out) => return Some(MacroStep::Tap(out)),
            _ => {}
        }
    }
    call.error(
        "this is not a macro step".into(),
        Some("macro steps are keys (\"ctrl+c\"), text(..), press(key), release(key), tap(key), delay(ms) and pause_for_release()".into()),
    );
    None
}

fn text_action(call: &mut Call, name: &str, text: &str) -> ActionVal {
    if text.len() > MAX_TEXT_LEN {
        call.error(
            format!(
                "this text is {} bytes long; {name}() takes at most {MAX_TEXT_LEN}",
                text.len()
            ),
            Some("split it over several keys".into()),
        );
        return ActionVal::placeholder();
    }
    check_text(call, text);
    ActionVal::plain(Action::Text(text.to_string()))
}

/// Control characters other than newline and tab cannot be typed by any method; characters
/// beyond ASCII are typed by `unicode_method`, which the engine checks once options are known.
fn check_text(call: &mut Call, text: &str) {
    let bad = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'));
    if let Some(c) = bad {
        call.error(
            format!("text() cannot type the control character {c:?}"),
            Some("use a key (\"esc\", \"backspace\") in a macro([..]) instead".into()),
        );
    }
}

fn when(call: &mut Call, cond: Dynamic, then: Dynamic, otherwise: Option<Dynamic>) -> ActionVal {
    let cond = call.condition(cond, "the first argument of when()");
    let then = call.action(then, "the action of when()");
    let mut refs = cond.refs;
    refs.extend(then.refs);
    let mut branches = vec![Branch {
        when: cond.cond,
        then: then.action,
    }];
    let otherwise = otherwise.and_then(|o| {
        let o = call.action(o, "the otherwise action of when()");
        refs.extend(o.refs);
        match o.action {
            // when(a, x, when(b, y, z)) reads as a chain: flatten it into one list of branches.
            Action::Cond(inner) => {
                branches.extend(inner.branches);
                inner.otherwise
            }
            other => Some(other),
        }
    });
    call.bounded_action(ActionVal {
        action: Action::Cond(Box::new(Conditional {
            branches,
            otherwise,
        })),
        refs,
    })
}
