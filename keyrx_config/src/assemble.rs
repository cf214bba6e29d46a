//! After the script has run: checks what only the whole config can tell (layer names, reachable
//! layers, conflicting combos, empty blocks) and assembles the engine's `Config`.

use std::collections::{BTreeMap, BTreeSet};

use keyrx_core::compile::{CompiledKeymap, MAX_COMBOS, MAX_LAYERS, Place};
use keyrx_core::config::{Action, Combo, Config, DeviceBlock, DeviceInfo, Keymap, Layer};
use keyrx_core::keys::{self, KeyCode};

use crate::diagnostic::Severity;
use crate::options;
use crate::state::{Block, Issue, RefKind, Site, State};

/// The label of the block built from everything outside `device()`.
pub const TOP_LEVEL_BLOCK: &str = "all";

/// Builds the config, recording every problem in `st.issues`.
pub(crate) fn assemble(st: &mut State) -> Config {
    let top = std::mem::take(&mut st.top);
    let devices = std::mem::take(&mut st.devices);
    let top_layers: BTreeSet<String> = top.layers.iter().map(|l| l.name.clone()).collect();
    let top_patches: Vec<_> = top.options.iter().map(|(p, _)| p.clone()).collect();
    let mut blocks = Vec::new();
    for block in devices {
        blocks.push(finish_block(st, block, &top_patches, Some(&top_layers)));
    }
    let use_top = !top.layers.is_empty() || !top.combos.is_empty() || blocks.is_empty();
    if use_top {
        let mut top = top;
        top.label = TOP_LEVEL_BLOCK.to_string();
        top.options.clear();
        blocks.push(finish_block(st, top, &top_patches, None));
    }
    Config { devices: blocks }
}

fn finish_block(
    st: &mut State,
    block: Block,
    top_patches: &[serde_json::Map<String, serde_json::Value>],
    top_layers: Option<&BTreeSet<String>>,
) -> DeviceBlock {
    check_not_empty(st, &block);
    check_sizes(st, &block);
    check_refs(st, &block, top_layers);
    check_reachable(st, &block);
    check_combos(st, &block);
    let patches = top_patches
        .iter()
        .chain(block.options.iter().map(|(p, _)| p));
    let options = options::build(patches).unwrap_or_else(|e| {
        let site = block.options.last().map(|(_, s)| s.clone());
        st.issues.push(Issue::new(
            Severity::Error,
            site,
            format!("invalid options: {e}"),
        ));
        Default::default()
    });
    let sites = mapping_sites(&block);
    let layers = block
        .layers
        .into_iter()
        .map(|l| Layer {
            name: l.name,
            mods: l.mods,
            map: l.map.into_iter().map(|(k, m)| (k, m.action)).collect(),
        })
        .collect();
    let combos = block.combos.into_iter().map(|c| c.combo).collect();
    let overrides = block.overrides.into_iter().map(|(o, _)| o).collect();
    let sequences = block.sequences.into_iter().map(|(s, _)| s).collect();
    let keymap = Keymap {
        layers,
        combos,
        overrides,
        sequences,
        options,
    };
    check_hands(st, &keymap, block.options.last().map(|(_, s)| s.clone()));
    check_engine_accepts(st, &keymap, block.site, &sites);
    DeviceBlock {
        name: block.label,
        matchers: block.matchers,
        keymap,
    }
}

/// The engine's table sizes, reported where the declaration that exceeds them is.
fn check_sizes(st: &mut State, block: &Block) {
    if let Some(layer) = block.layers.get(MAX_LAYERS) {
        let message = format!("more than {MAX_LAYERS} layers in one block");
        st.issues.push(Issue::new(
            Severity::Error,
            Some(layer.site.clone()),
            message,
        ));
    }
    if let Some(combo) = block.combos.get(MAX_COMBOS) {
        let message = format!("more than {MAX_COMBOS} combos in one block");
        st.issues.push(Issue::new(
            Severity::Error,
            Some(combo.site.clone()),
            message,
        ));
    }
}

/// Where each mapping and combo of a block was declared, to locate the engine's errors.
struct MappingSites {
    keys: BTreeMap<(String, KeyCode), Site>,
    combos: Vec<Site>,
    overrides: Vec<Site>,
    sequences: Vec<Site>,
}

fn mapping_sites(block: &Block) -> MappingSites {
    let keys = block
        .layers
        .iter()
        .flat_map(|l| {
            l.map
                .iter()
                .map(|(k, m)| ((l.name.clone(), *k), m.site.clone()))
        })
        .collect();
    let combos = block.combos.iter().map(|c| c.site.clone()).collect();
    let overrides = block.overrides.iter().map(|(_, s)| s.clone()).collect();
    let sequences = block.sequences.iter().map(|(_, s)| s.clone()).collect();
    MappingSites {
        keys,
        combos,
        overrides,
        sequences,
    }
}

/// The config language checks everything the engine does, with positions; this last check
/// guarantees that a config that compiles also loads, should the two ever drift apart. Size
/// bounds of the whole keymap are only known here: they point at the mapping that passed them.
fn check_engine_accepts(st: &mut State, keymap: &Keymap, site: Option<Site>, sites: &MappingSites) {
    if st.issues.iter().any(|i| i.severity == Severity::Error) {
        return;
    }
    if let Err(e) = CompiledKeymap::new(keymap, &DeviceInfo::default()) {
        let at = match e.place() {
            Some(Place::Key { layer, key }) => sites.keys.get(&(layer.clone(), *key)).cloned(),
            Some(Place::Combo(i)) => sites.combos.get(*i).cloned(),
            Some(Place::Override(i)) => sites.overrides.get(*i).cloned(),
            Some(Place::Keymap) => None,
            Some(Place::Sequence(i)) => sites.sequences.get(*i).cloned(),
            None => None,
        };
        let message = format!("the engine rejects this keymap: {e}");
        st.issues
            .push(Issue::new(Severity::Error, at.or(site), message));
    }
}

/// An opposite-hand tap-hold with no hands defined decides as if no key had a hand (kanata
/// refuses `tap-hold-opposite-hand` without `defhands`): almost certainly a mistake.
fn check_hands(st: &mut State, keymap: &Keymap, site: Option<Site>) {
    let hands = &keymap.options.hands;
    if !hands.left.is_empty() || !hands.right.is_empty() {
        return;
    }
    let default = keymap.options.tap_hold.opposite_hand;
    let uses = |a: &Action| match a {
        Action::TapHold(th) => th.opposite_hand.unwrap_or(default),
        _ => false,
    };
    // A tap-hold is mapped directly or as a branch of `when` (a tap-hold holds no tap-hold).
    let in_branches = |a: &Action| match a {
        Action::Cond(c) => c
            .branches
            .iter()
            .map(|b| &b.then)
            .chain(c.otherwise.iter())
            .any(uses),
        _ => false,
    };
    let any = keymap
        .layers
        .iter()
        .flat_map(|l| l.map.values())
        .chain(keymap.combos.iter().map(|c| &c.action))
        .any(|a| uses(a) || in_branches(a));
    if any {
        let message = "opposite_hand is on, but no key is assigned to a hand".to_string();
        let help = "list the keys of each hand: options(#{ hands: #{ left: [..], right: [..] } })";
        st.issues
            .push(Issue::new(Severity::Warning, site, message).help(Some(help.into())));
    }
}

/// Every block needs a layer: the first one is its base.
fn check_not_empty(st: &mut State, block: &Block) {
    if block.layers.is_empty() {
        let (message, help) = match &block.site {
            Some(_) => (
                format!("device block `{}` declares no layers", block.label),
                "declare its layers inside: device(.., || { layer(\"base\", || { .. }); })",
            ),
            None if !block.combos.is_empty() => (
                "combos outside device() need layers outside device() too".to_string(),
                "move the combos into the device blocks they belong to",
            ),
            None => (
                "the config declares no layers".to_string(),
                "start with: layer(\"base\", || { map(\"capslock\", \"esc\"); });",
            ),
        };
        let site = block
            .site
            .clone()
            .or_else(|| block.combos.first().map(|c| c.site.clone()));
        st.issues
            .push(Issue::new(Severity::Error, site, message).help(Some(help.into())));
    }
}

/// Every layer named by an action, condition or combo must exist in the same block.
fn check_refs(st: &mut State, block: &Block, top_layers: Option<&BTreeSet<String>>) {
    let names: Vec<&str> = block.layers.iter().map(|l| l.name.as_str()).collect();
    for r in &block.refs {
        if names.contains(&r.name.as_str()) {
            continue;
        }
        let help = match keys::closest(&r.name, names.iter().copied()) {
            Some(s) => Some(format!("did you mean `{s}`?")),
            None if top_layers.is_some_and(|t| t.contains(&r.name)) => Some(format!(
                "`{}` is declared outside device(); a device block has only the layers declared inside it (share them with a function)",
                r.name
            )),
            None => Some(format!(
                "declare it with layer(\"{}\", || {{ .. }})",
                r.name
            )),
        };
        let message = format!("unknown layer `{}`", r.name);
        st.issues
            .push(Issue::new(Severity::Error, Some(r.site.clone()), message).help(help));
    }
}

/// A layer other than the first is only ever active if some action activates it.
fn check_reachable(st: &mut State, block: &Block) {
    for layer in block.layers.iter().skip(1) {
        let refs = block.refs.iter().filter(|r| r.name == layer.name);
        let kinds: BTreeSet<_> = refs.map(|r| r.kind == RefKind::Activates).collect();
        if kinds.contains(&true) {
            continue;
        }
        let (message, help) = if kinds.contains(&false) {
            (
                format!(
                    "layer `{}` is tested but nothing activates it, so those tests are never true",
                    layer.name
                ),
                "activate it with momentary(), toggle(), one_shot_layer() or set_base()",
            )
        } else if layer.map.is_empty() {
            (
                format!("layer `{}` is never used", layer.name),
                "activate it with momentary(), toggle(), one_shot_layer() or set_base(), and test it with layer_active()",
            )
        } else {
            (
                format!(
                    "layer `{}` is never activated, so its mappings are unreachable",
                    layer.name
                ),
                "activate it with momentary(), toggle(), one_shot_layer() or set_base()",
            )
        };
        let site = layer.site.clone();
        st.issues
            .push(Issue::new(Severity::Warning, Some(site), message).help(Some(help.into())));
    }
}

/// Two combos on the same keys that can be active at once conflict: only one can fire.
fn check_combos(st: &mut State, block: &Block) {
    let mut seen: BTreeMap<BTreeSet<KeyCode>, Vec<usize>> = BTreeMap::new();
    for (i, c) in block.combos.iter().enumerate() {
        let keys: BTreeSet<KeyCode> = c.combo.keys.iter().copied().collect();
        let earlier = seen.entry(keys).or_default();
        if let Some(&j) = earlier
            .iter()
            .find(|&&j| overlap(&block.combos[j].combo, &c.combo))
        {
            let first = &block.combos[j];
            let names: Vec<String> = c.combo.keys.iter().map(KeyCode::to_string).collect();
            let message = format!("the combo {} is defined twice", names.join("+"));
            let issue = Issue::new(Severity::Warning, Some(c.site.clone()), message)
                .help(Some(
                    "remove one, or restrict them to different layers with #{ layers: [..] }"
                        .into(),
                ))
                .note(format!("first defined at {}", first.site.describe()));
            st.issues.push(issue);
        }
        earlier.push(i);
    }
}

/// Whether two combos can be active in the same layer (no layer list means every layer).
fn overlap(a: &Combo, b: &Combo) -> bool {
    a.layers.is_empty() || b.layers.is_empty() || a.layers.iter().any(|l| b.layers.contains(l))
}
