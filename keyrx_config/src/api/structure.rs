//! The functions that give a config its shape: `layer`, `map`, `device`, `options`, `combo`.
//!
//! Scoped blocks take closures, so a layer or device block always ends where its closure does
//! and nesting cannot be left unbalanced.

use std::collections::BTreeSet;

use keyrx_core::compile::{MAX_COMBO_KEYS, MAX_OVERRIDES};
use keyrx_core::config::{Combo, DeviceMatcher, KeyOutput, KeyOverride};
use rhai::{Array, Dynamic, Engine, EvalAltResult, FnPtr, ImmutableString, Map, NativeCallContext};

use crate::options::{self, COMBO, MATCHER, OPTIONS};
use crate::state::{Block, ComboDef, LayerDef, Mapping, RefKind, Shared};
use crate::values::{Call, parse_mods, parse_output};

/// What runs inside a `layer()` call.
enum Body {
    Closure(FnPtr),
    Table(Map),
    Empty,
}

pub(super) fn register(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.register_fn(
        "layer",
        move |ctx: NativeCallContext, name: ImmutableString, f: FnPtr| {
            layer(&ctx, &s, &name, Body::Closure(f))
        },
    );
    let s = st.clone();
    engine.register_fn(
        "layer",
        move |ctx: NativeCallContext, name: ImmutableString, m: Map| {
            layer(&ctx, &s, &name, Body::Table(m))
        },
    );
    let s = st.clone();
    engine.register_fn(
        "layer",
        move |ctx: NativeCallContext, name: ImmutableString| layer(&ctx, &s, &name, Body::Empty),
    );
    let s = st.clone();
    engine.register_fn(
        "map",
        move |ctx: NativeCallContext, key: ImmutableString, action: Dynamic| {
            map_one(&mut Call::new(&mut s.borrow_mut(), &ctx), &key, action);
        },
    );
    let s = st.clone();
    engine.register_fn("map", move |ctx: NativeCallContext, table: Map| {
        let mut st = s.borrow_mut();
        let mut call = Call::new(&mut st, &ctx);
        for (key, action) in table {
            map_one(&mut call, &key, action);
        }
    });
    let s = st.clone();
    engine.register_fn(
        "layer_modifiers",
        move |ctx: NativeCallContext, name: ImmutableString, mods: ImmutableString| {
            layer_modifiers(&mut Call::new(&mut s.borrow_mut(), &ctx), &name, &mods);
        },
    );
    register_blocks(engine, st);
}

/// `override("shift+backspace", "delete")`: a modifier + key replaced by another output.
fn key_override(call: &mut Call, trigger: &str, replacement: &str) {
    if call.st.cur_layer.is_some() {
        call.error(
            "override() applies to the whole keymap, not to one layer".into(),
            Some("call it outside layer(..), next to your layers".into()),
        );
        return;
    }
    let parse = |call: &mut Call, text: &str| match parse_output(text) {
        Ok(out @ KeyOutput::Key { .. }) => Some(out),
        Ok(_) => {
            call.error(
                format!("override() takes keys, and `{text}` is not one"),
                None,
            );
            None
        }
        Err(p) => {
            call.problem(p);
            None
        }
    };
    let (Some(trigger), Some(replacement)) = (parse(call, trigger), parse(call, replacement))
    else {
        return;
    };
    if matches!(trigger, KeyOutput::Key { mods, .. } if mods.is_empty()) {
        call.error(
            "an override's trigger needs modifiers, as in \"shift+backspace\"".into(),
            Some("to change what a key does on its own, use map(key, action) in a layer".into()),
        );
        return;
    }
    let site = call.site.clone();
    let block = call.st.block_mut();
    if block.overrides.len() >= MAX_OVERRIDES {
        call.error(
            format!("a keymap has at most {MAX_OVERRIDES} overrides"),
            None,
        );
        return;
    }
    block.overrides.push((
        KeyOverride {
            trigger,
            replacement,
        },
        site,
    ));
}

/// Declares (or extends) a layer that holds `mods` while it is active (keyd `[nav:C]`).
fn layer_modifiers(call: &mut Call, name: &str, mods: &str) {
    let mask = match parse_mods(mods) {
        Ok(mask) => mask,
        Err(p) => {
            call.problem(p);
            return;
        }
    };
    match enter_layer(call, name) {
        // The base layer is always on: modifiers of its own would never come up.
        Some(0) => call.error(
            format!(
                "`{name}` is the base layer (the first declared), which cannot carry modifiers"
            ),
            Some("declare the base layer first, then layer_modifiers() for the other layer".into()),
        ),
        Some(index) => call.st.block_mut().layers[index].mods = mask,
        None => {}
    }
}

fn register_blocks(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.register_fn(
        "device",
        move |ctx: NativeCallContext, m: Dynamic, f: FnPtr| device(&ctx, &s, None, m, f),
    );
    let s = st.clone();
    engine.register_fn(
        "device",
        move |ctx: NativeCallContext, label: ImmutableString, m: Dynamic, f: FnPtr| {
            device(&ctx, &s, Some(label.to_string()), m, f)
        },
    );
    let s = st.clone();
    engine.register_fn("options", move |ctx: NativeCallContext, m: Map| {
        set_options(&mut Call::new(&mut s.borrow_mut(), &ctx), m);
    });
    let s = st.clone();
    engine.register_fn(
        "override",
        move |ctx: NativeCallContext, trigger: ImmutableString, replacement: ImmutableString| {
            key_override(
                &mut Call::new(&mut s.borrow_mut(), &ctx),
                &trigger,
                &replacement,
            );
        },
    );
    let s = st.clone();
    engine.register_fn(
        "combo",
        move |ctx: NativeCallContext, keys: Array, action: Dynamic| {
            combo(
                &mut Call::new(&mut s.borrow_mut(), &ctx),
                keys,
                action,
                Map::new(),
            );
        },
    );
    let s = st.clone();
    engine.register_fn(
        "combo",
        move |ctx: NativeCallContext, keys: Array, action: Dynamic, opts: Map| {
            combo(
                &mut Call::new(&mut s.borrow_mut(), &ctx),
                keys,
                action,
                opts,
            );
        },
    );
}

/// Declares (or extends) a layer and runs its body with `map()` pointed at it.
fn layer(
    ctx: &NativeCallContext,
    st: &Shared,
    name: &str,
    body: Body,
) -> Result<(), Box<EvalAltResult>> {
    let index = {
        let mut st = st.borrow_mut();
        let mut call = Call::new(&mut st, ctx);
        enter_layer(&mut call, name)
    };
    let Some(index) = index else { return Ok(()) };
    match body {
        Body::Closure(f) => {
            st.borrow_mut().cur_layer = Some(index);
            // No borrow may be held here: the closure calls back into the registered functions.
            let r = f.call_within_context::<Dynamic>(ctx, ()).map(drop);
            st.borrow_mut().cur_layer = None;
            r
        }
        Body::Table(m) => {
            let mut st = st.borrow_mut();
            st.cur_layer = Some(index);
            let mut call = Call::new(&mut st, ctx);
            for (key, action) in m {
                map_one(&mut call, &key, action);
            }
            st.cur_layer = None;
            Ok(())
        }
        Body::Empty => Ok(()),
    }
}

/// The index of the layer to fill, or `None` (with the error recorded) when it cannot be.
fn enter_layer(call: &mut Call, name: &str) -> Option<usize> {
    if !call.name_fits(name, "a layer name") {
        return None;
    }
    if let Some(outer) = call.st.cur_layer {
        let outer = call.st.block().layers[outer].name.clone();
        call.error(
            format!("layer `{name}` is declared inside layer `{outer}`"),
            Some(
                "layers cannot be nested: declare each layer at the top level or in device()"
                    .into(),
            ),
        );
        return None;
    }
    if name.trim().is_empty() {
        call.error(
            "a layer needs a name".into(),
            Some("layer(\"nav\", || { .. })".into()),
        );
        return None;
    }
    let site = call.site.with_hint(name);
    let block = call.st.block_mut();
    Some(block.layer_index(name).unwrap_or_else(|| {
        block.layers.push(LayerDef {
            name: name.to_string(),
            mods: Default::default(),
            site,
            map: Default::default(),
        });
        block.layers.len() - 1
    }))
}

fn map_one(call: &mut Call, key: &str, action: Dynamic) {
    let Some(index) = call.st.cur_layer else {
        call.error(
            "map() must be called inside a layer".into(),
            Some("wrap it: layer(\"base\", || { map(\"a\", \"b\"); })".into()),
        );
        return;
    };
    let action = call.action(action, "the action");
    if key.contains('+') && key.trim() != "+" {
        let site = call.site.with_hint(key);
        call.st.error(
            &site,
            format!("`{key}` is not a single key"),
            Some("map() takes the physical key; to act on a modifier chord use when(mods_held(\"shift\"), ..)".into()),
        );
        return;
    }
    let Some(code) = call.key(key) else { return };
    let site = call.site.with_hint(key);
    let block = call.st.block_mut();
    block.refs.extend(action.refs);
    let layer = &mut block.layers[index];
    let mapping = Mapping {
        action: action.action,
        site: site.clone(),
    };
    if let Some(previous) = layer.map.insert(code, mapping) {
        let message = format!(
            "`{key}` is mapped twice in layer `{}`; the later mapping wins",
            layer.name
        );
        let first = format!("first mapped at {}", previous.site.describe());
        call.st.warn(&site, message, Some(first));
    }
}

/// Runs a device block's closure with every layer, combo and option going to that block.
fn device(
    ctx: &NativeCallContext,
    st: &Shared,
    label: Option<String>,
    matcher: Dynamic,
    f: FnPtr,
) -> Result<(), Box<EvalAltResult>> {
    let entered = {
        let mut st = st.borrow_mut();
        let mut call = Call::new(&mut st, ctx);
        enter_device(&mut call, label, matcher)
    };
    if !entered {
        return Ok(());
    }
    let result = f.call_within_context::<Dynamic>(ctx, ()).map(drop);
    let mut st = st.borrow_mut();
    st.cur_device = None;
    st.cur_layer = None;
    result
}

fn enter_device(call: &mut Call, label: Option<String>, matcher: Dynamic) -> bool {
    if call.st.cur_device.is_some() || call.st.cur_layer.is_some() {
        call.error(
            "device() must be called at the top level".into(),
            Some("device blocks cannot be nested or placed inside a layer".into()),
        );
        return false;
    }
    if label
        .as_ref()
        .is_some_and(|l| !call.name_fits(l, "a device block label"))
    {
        return false;
    }
    let matchers = matchers(call, matcher);
    let label = label.unwrap_or_else(|| default_label(&matchers));
    call.st.devices.push(Block {
        label,
        matchers,
        site: Some(call.site.clone()),
        ..Block::default()
    });
    call.st.cur_device = Some(call.st.devices.len() - 1);
    true
}

/// A name glob string, a matcher map, or an array of either (any of them may match).
pub(super) fn matchers(call: &mut Call, value: Dynamic) -> Vec<DeviceMatcher> {
    if value.is_array() {
        let items = value.cast::<Array>();
        if items.iter().any(Dynamic::is_array) {
            call.error(
                "a list of device matchers cannot contain another list".into(),
                Some("list the globs and maps in one array: [\"*Laptop*\", #{ vendor_product: \"046d:c52b\" }]".into()),
            );
            return Vec::new();
        }
        return items.into_iter().filter_map(|m| matcher(call, m)).collect();
    }
    matcher(call, value).into_iter().collect()
}

pub(super) fn matcher(call: &mut Call, value: Dynamic) -> Option<DeviceMatcher> {
    if value.is_string() {
        let name = value
            .into_immutable_string()
            .unwrap_or_default()
            .to_string();
        if !call.name_fits(&name, "a device name glob") {
            return None;
        }
        return Some(DeviceMatcher {
            name: Some(name),
            ..DeviceMatcher::default()
        });
    }
    let Some(map) = value.clone().try_cast::<Map>() else {
        let found = call.type_name(&value);
        call.error(
            format!("a device matcher must be a name glob or a map, found {found}"),
            Some("device(#{ name: \"*Laptop*\" }, || { .. }) or device(#{ vendor_product: \"046d:c52b\" }, ..)".into()),
        );
        return None;
    };
    let json = options::to_json(call, map, MATCHER, "a device matcher");
    if let Some(vp) = json.get("vendor_product").and_then(|v| v.as_str()) {
        check_vendor_product(call, vp);
    }
    let m: DeviceMatcher = serde_json::from_value(serde_json::Value::Object(json)).ok()?;
    let fields = [&m.name, &m.vendor_product, &m.phys, &m.uniq];
    if !fields
        .into_iter()
        .flatten()
        .all(|f| call.name_fits(f, "a device matcher field"))
    {
        return None;
    }
    if m == DeviceMatcher::default() {
        call.warn(
            "this device matcher sets no field, so it matches every device".into(),
            None,
        );
    }
    Some(m)
}

fn check_vendor_product(call: &mut Call, vp: &str) {
    let (v, p) = vp.split_once(':').unwrap_or((vp, "*"));
    let half_ok = |h: &str| {
        h == "*" || (!h.is_empty() && h.len() <= 4 && h.chars().all(|c| c.is_ascii_hexdigit()))
    };
    if !half_ok(v) || !half_ok(p) {
        let site = call.site.with_hint(vp);
        call.st.error(
            &site,
            format!("`{vp}` is not a vendor:product id"),
            Some(
                "write it as lsusb prints it, in hex: \"046d:c52b\"; either half may be \"*\""
                    .into(),
            ),
        );
    }
}

fn default_label(matchers: &[DeviceMatcher]) -> String {
    let parts: Vec<String> = matchers
        .iter()
        .map(|m| {
            let fields = [
                ("name", &m.name),
                ("vendor_product", &m.vendor_product),
                ("phys", &m.phys),
                ("uniq", &m.uniq),
            ];
            let set: Vec<String> = fields
                .iter()
                .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
                .collect();
            set.join(",")
        })
        .collect();
    parts.join(" | ")
}

fn set_options(call: &mut Call, map: Map) {
    if call.st.cur_layer.is_some() {
        call.error(
            "options() applies to a whole keymap, not to one layer".into(),
            Some("call it at the top level, or inside device() for one device block".into()),
        );
        return;
    }
    let patch = options::to_json(call, map, OPTIONS, "options()");
    let site = call.site.clone();
    call.st.block_mut().options.push((patch, site));
}

fn combo(call: &mut Call, keys: Array, action: Dynamic, opts: Map) {
    let errors_before = call.st.issues.len();
    let key_count = keys.len();
    let codes = call.key_list(keys, "combo keys");
    let action = call.action(action, "the combo action");
    let opts = options::to_json(call, opts, COMBO, "combo options");
    let unique: BTreeSet<_> = codes.iter().collect();
    if unique.len() != codes.len() {
        call.error("a combo lists the same key twice".into(), None);
    } else if key_count < 2 && call.st.issues.len() == errors_before {
        call.error(
            "a combo needs at least two keys".into(),
            Some("for a single key use map(key, action) in a layer".into()),
        );
    } else if key_count > MAX_COMBO_KEYS {
        call.error(format!("a combo has at most {MAX_COMBO_KEYS} keys"), None);
    }
    let mut layers: Vec<String> = opts
        .get("layers")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default();
    if layers.is_empty() && !opts.contains_key("layers") {
        // Declared inside a layer's closure: the combo belongs to that layer.
        if let Some(i) = call.st.cur_layer {
            layers.push(call.st.block().layers[i].name.clone());
        }
    }
    let ms = |name: &str| opts.get(name).and_then(|v| v.as_u64()).map(|v| v as u32);
    let (window_ms, require_prior_idle_ms) = (ms("window_ms"), ms("require_prior_idle_ms"));
    let refs: Vec<_> = layers
        .iter()
        .map(|l| call.layer_ref(l, RefKind::Tests))
        .collect();
    let site = call.site.clone();
    let block = call.st.block_mut();
    block.refs.extend(refs);
    block.refs.extend(action.refs);
    let combo = Combo {
        keys: codes,
        action: action.action,
        window_ms,
        layers,
        require_prior_idle_ms,
    };
    block.combos.push(ComboDef { combo, site });
}
