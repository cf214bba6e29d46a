//! Property tests: random keymaps and random typing keep the engine's invariants, and how time
//! is split into `advance` calls never changes what it emits.

mod common;

use std::collections::BTreeMap;

use common::check_invariants;
use keyrx_core::KeyState;
use keyrx_core::config::*;
use keyrx_core::keys::{KeyCode, ModMask, key};
use keyrx_core::notation::Step;
use keyrx_core::sim::simulate;
use proptest::prelude::*;

const KEYS: [&str; 8] = ["a", "s", "d", "f", "j", "k", "space", "capslock"];
const LAYERS: [&str; 3] = ["base", "nav", "sym"];

fn any_key() -> impl Strategy<Value = KeyCode> {
    prop::sample::select(KEYS.to_vec()).prop_map(key)
}

fn any_layer() -> impl Strategy<Value = String> {
    prop::sample::select(LAYERS.to_vec()).prop_map(str::to_string)
}

fn any_mods() -> impl Strategy<Value = ModMask> {
    prop::sample::select(vec![
        ModMask::LSHIFT,
        ModMask::LCTRL,
        ModMask(ModMask::LCTRL.0 | ModMask::LALT.0),
    ])
}

fn output() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => prop::sample::select(vec!["x", "y", "z", "leftshift", "leftctrl", "a", "s"]).prop_map(|k| Action::key(key(k))),
        1 => (any_mods(), prop::sample::select(vec!["1", "9", "x"])).prop_map(|(mods, k)| Action::Output(KeyOutput::Key { mods, key: key(k) })),
        1 => Just(Action::Output(KeyOutput::Block)),
        1 => Just(Action::Output(KeyOutput::Transparent)),
    ]
}

/// Actions that may stand on either side of a tap-hold.
fn simple_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        6 => output(),
        2 => any_layer().prop_map(Action::Momentary),
        1 => any_layer().prop_map(Action::Toggle),
        1 => any_layer().prop_map(Action::OneShotLayer),
        1 => any_layer().prop_map(Action::SetBase),
        1 => any_mods().prop_map(Action::OneShot),
        1 => (prop::option::of(0u32..400), prop::collection::vec(any_key(), 0..3)).prop_map(|(timeout_ms, shifted)| {
            Action::CapsWord(Box::new(CapsWord { timeout_ms, shifted, ..CapsWord::default() }))
        }),
        1 => Just(Action::RepeatKey),
        1 => Just(Action::LayerLock),
        1 => prop::sample::select(vec!["true", "notify-send"]).prop_map(|p| Action::Command(vec![p.to_string()])),
        1 => (0u8..2).prop_map(Action::MacroRecord),
        1 => (0u8..2).prop_map(Action::MacroPlay),
        1 => Just(Action::MacroStop),
        1 => (prop::option::of(0u32..400), 0usize..3, any::<bool>()).prop_map(|(timeout_ms, mode, last)| {
            Action::Leader(Box::new(Leader {
                timeout_ms,
                input_mode: Some([LeaderInput::HiddenSuppressed, LeaderInput::HiddenDelayType, LeaderInput::VisibleBackspaced][mode]),
                timeout_from: Some(if last { LeaderTimeoutFrom::LastKey } else { LeaderTimeoutFrom::Leader }),
            }))
        }),
        1 => prop::collection::vec(prop_oneof![output(), any_layer().prop_map(Action::Momentary), any_layer().prop_map(Action::Toggle)], 1..4)
            .prop_map(Action::Multi),
        1 => (prop::option::of(any_mods()), prop::sample::select(vec!["x", "tab", "leftshift"]))
            .prop_map(|(mods, k)| Action::Sticky(KeyOutput::Key { mods: mods.unwrap_or_default(), key: key(k) })),
        1 => (prop::collection::vec(
                prop_oneof![
                    Just(MacroStep::Tap(KeyOutput::Key { mods: ModMask::NONE, key: key("m") })),
                    (1u32..40).prop_map(MacroStep::Delay),
                    Just(MacroStep::Press(key("leftshift"))),
                    Just(MacroStep::Text("Hi".into())),
                    Just(MacroStep::PauseForRelease),
                ],
                1..4,
            ), any::<bool>(), any::<bool>()).prop_map(|(steps, on_press, on_release)| Action::Macro(Macro {
                steps,
                cancel: MacroCancel { on_press, on_release },
            })),
        1 => (any_layer(), output(), output()).prop_map(|(l, then, otherwise)| Action::Cond(Box::new(Conditional {
                branches: vec![Branch { when: Condition::Layer(l), then }],
                otherwise: Some(otherwise),
            }))),
    ]
}

fn flavor() -> impl Strategy<Value = Flavor> {
    prop::sample::select(vec![
        Flavor::TapPreferred,
        Flavor::HoldOnOtherKeyPress,
        Flavor::Balanced,
        Flavor::TapUnlessInterrupted,
    ])
}

fn tap_hold() -> impl Strategy<Value = Action> {
    (
        simple_action(),
        simple_action(),
        flavor(),
        prop::option::of(50u32..300),
        prop::option::of(0u32..200),
        prop::option::of(0u32..150),
        prop::option::of(prop::sample::select(vec![
            RetroTap::Off,
            RetroTap::AfterHold,
            RetroTap::Deferred,
        ])),
        prop::option::of(any::<bool>()),
        prop::collection::vec(any_key(), 0..3),
        hand_options(),
    )
        .prop_map(
            |(tap, hold, flavor, term, quick, idle, retro, undecided, triggers, hands)| {
                let mut th = TapHold::new(tap, hold);
                (
                    th.opposite_hand,
                    th.same_hand,
                    th.unknown_hand,
                    th.opposite_hand_timeout,
                    th.neutral_keys,
                    th.neutral,
                ) = hands;
                th.flavor = Some(flavor);
                th.term_ms = term;
                th.quick_tap_ms = quick;
                th.require_prior_idle_ms = idle;
                th.retro_tap = retro;
                th.hold_while_undecided = undecided;
                th.hold_trigger_keys = triggers;
                Action::TapHold(Box::new(th))
            },
        )
}

/// Tap dances of outputs, layer actions and tap-holds (QMK's tap dance with hold).
fn tap_dance() -> impl Strategy<Value = Action> {
    (
        prop::collection::vec(prop_oneof![3 => simple_action(), 1 => tap_hold()], 1..4),
        prop::option::of(50u32..300),
        any::<bool>(),
    )
        .prop_map(|(actions, term_ms, eager)| {
            Action::TapDance(Box::new(TapDance {
                actions,
                term_ms,
                eager,
            }))
        })
}

fn hand_policy() -> impl Strategy<Value = HandPolicy> {
    prop::sample::select(vec![HandPolicy::Tap, HandPolicy::Hold, HandPolicy::Ignore])
}

fn term_decides() -> impl Strategy<Value = TermDecides> {
    prop::sample::select(vec![TermDecides::Hold, TermDecides::Tap])
}

type HandOptions = (
    Option<bool>,
    Option<HandPolicy>,
    Option<HandPolicy>,
    Option<TermDecides>,
    Vec<KeyCode>,
    Option<HandPolicy>,
);

/// A tap-hold's own opposite-hand options (each may be left to the keymap's defaults).
fn hand_options() -> impl Strategy<Value = HandOptions> {
    (
        prop::option::of(any::<bool>()),
        prop::option::of(hand_policy()),
        prop::option::of(hand_policy()),
        prop::option::of(term_decides()),
        prop::collection::vec(any_key(), 0..2),
        prop::option::of(hand_policy()),
    )
}

/// keyd's overload, with or without a tap timeout.
fn overload() -> impl Strategy<Value = Action> {
    (
        prop_oneof![
            any_layer().prop_map(Action::Momentary),
            prop::sample::select(vec!["leftctrl", "leftshift"]).prop_map(|k| Action::key(key(k))),
        ],
        simple_action(),
        prop::option::of(prop::sample::select(vec![0u32, 100, 200])),
    )
        .prop_map(|(hold, tap, timeout_ms)| {
            Action::Overload(Box::new(Overload {
                hold,
                tap,
                timeout_ms,
            }))
        })
}

fn layer_map() -> impl Strategy<Value = BTreeMap<KeyCode, Action>> {
    prop::collection::btree_map(
        any_key(),
        prop_oneof![3 => simple_action(), 2 => tap_hold(), 1 => tap_dance(), 1 => overload()],
        0..6,
    )
}

fn combo() -> impl Strategy<Value = Combo> {
    (
        prop::collection::btree_set(any_key(), 2..4),
        simple_action(),
        prop::option::of(10u32..80),
        prop::option::of(any_layer()),
        prop::option::of(0u32..100),
    )
        .prop_map(|(keys, action, window_ms, layer, prior_idle)| Combo {
            keys: keys.into_iter().collect(),
            action,
            window_ms,
            layers: layer.into_iter().collect(),
            require_prior_idle_ms: prior_idle,
        })
}

/// The readings added on top of `base_options`: which tap-hold rules, and which keys bypass
/// the engine.
fn readings() -> impl Strategy<Value = (TapHoldDefaults, bool, Vec<KeyCode>)> {
    let hands = (
        any::<bool>(),
        hand_policy(),
        hand_policy(),
        term_decides(),
        any::<bool>(),
    );
    (
        hands,
        prop::sample::select(vec![WindowEnd::Exclusive, WindowEnd::Inclusive]),
        prop::sample::select(vec![
            PriorKeyRelease::Immediate,
            PriorKeyRelease::KeepModifiers,
            PriorKeyRelease::Queued,
        ]),
        any::<bool>(),
        prop::collection::vec(any_key(), 0..2),
    )
        .prop_map(
            |(hands, quick_tap_end, prior_key_release, process, unprocessed)| {
                let (
                    opposite_hand,
                    same_hand,
                    unknown_hand,
                    opposite_hand_timeout,
                    same_hand_chords,
                ) = hands;
                let tap_hold = TapHoldDefaults {
                    quick_tap_end,
                    prior_key_release,
                    opposite_hand,
                    same_hand,
                    unknown_hand,
                    opposite_hand_timeout,
                    same_hand_chords,
                    ..TapHoldDefaults::default()
                };
                (tap_hold, process, unprocessed)
            },
        )
}

/// How macros and multi-modifier outputs behave.
fn output_readings() -> impl Strategy<Value = (MacroOtherKeys, ModifierOrder)> {
    (
        prop::sample::select(vec![MacroOtherKeys::Wait, MacroOtherKeys::GoThrough]),
        prop::sample::select(vec![
            ModifierOrder::Reverse,
            ModifierOrder::PressOrder,
            ModifierOrder::Keyd,
        ]),
    )
}

fn options() -> impl Strategy<Value = Options> {
    let send = prop::sample::select(vec![OneShotSend::AtPress, OneShotSend::WithNextKey]);
    let roll = prop::sample::select(vec![ModifiedRoll::KeyFirst, ModifiedRoll::ModsFirst]);
    // Some keys of each hand, some of none (space, capslock).
    let hands = Hands {
        left: vec![key("a"), key("s"), key("d"), key("f")],
        right: vec![key("j"), key("k")],
    };
    let overload_timeout = prop::sample::select(vec![0u32, 150]);
    (
        base_options(),
        readings(),
        send,
        roll,
        overload_timeout,
        output_readings(),
    )
        .prop_map(
            move |(
                options,
                (tap_hold, process, unprocessed),
                one_shot_send,
                modified_roll,
                ot,
                outputs,
            )| {
                Options {
                    tap_hold,
                    process_unmapped_keys: process,
                    unprocessed_keys: unprocessed,
                    one_shot_send,
                    modified_roll,
                    macro_other_keys: outputs.0,
                    modifier_order: outputs.1,
                    hands: hands.clone(),
                    overload_tap_timeout_ms: ot,
                    ..options
                }
            },
        )
}

fn base_options() -> impl Strategy<Value = Options> {
    (
        prop::sample::select(vec![ComboWindow::FromFirstPress, ComboWindow::BetweenKeys]),
        prop::sample::select(vec![ComboRelease::FirstKeyUp, ComboRelease::AllKeysUp]),
        prop::sample::select(vec![0u32, 30, 80]),
        prop::sample::select(vec![
            OneShotEnd::NextRelease,
            OneShotEnd::NextPress,
            OneShotEnd::ReleaseOrNextPress,
        ]),
        prop::sample::select(vec![0u32, 300]),
        prop::sample::select(vec![
            ModifiedRelease::UntilNextPress,
            ModifiedRelease::WithKey,
            ModifiedRelease::AfterPress,
        ]),
        prop::sample::select(vec![
            TransparentBase::PhysicalKey,
            TransparentBase::Nothing,
            TransparentBase::FirstLayer,
        ]),
        prop::sample::select(vec![RepeatPolicy::PassThrough, RepeatPolicy::Drop]),
        prop::sample::select(Semantics::ALL.to_vec()),
    )
        .prop_map(
            |(window, release, min_hold, end, timeout, modified, transparent, repeat, preset)| {
                Options {
                    combo_window: window,
                    combo_release: release,
                    combo_min_hold_ms: min_hold,
                    one_shot_end: end,
                    one_shot_timeout_ms: timeout,
                    modified_release: modified,
                    transparent_base: transparent,
                    repeat,
                    ..Options::preset(preset)
                }
            },
        )
}

/// Key overrides on the outputs the generators produce (QMK Key Overrides).
fn key_override() -> impl Strategy<Value = KeyOverride> {
    (
        any_mods(),
        prop::sample::select(vec!["x", "y", "a", "s"]),
        prop::option::of(any_mods()),
        prop::sample::select(vec!["z", "delete", "x"]),
    )
        .prop_map(|(mods, k, out_mods, out)| KeyOverride {
            trigger: KeyOutput::Key { mods, key: key(k) },
            replacement: KeyOutput::Key {
                mods: out_mods.unwrap_or_default(),
                key: key(out),
            },
        })
}

/// Sequences over the generators' keys, prefixes of one another now and then (kanata
/// `defseq`); duplicates are dropped, as the compiler refuses them.
fn sequences() -> impl Strategy<Value = Vec<Sequence>> {
    prop::collection::vec(
        (
            prop::collection::vec(prop::sample::select(vec!["x", "y", "a", "s", "d"]), 1..4),
            prop_oneof![3 => output(), 1 => any_layer().prop_map(Action::Toggle), 1 => Just(Action::Text("Hi".into()))],
        ),
        0..4,
    )
    .prop_map(|seqs| {
        let mut out: Vec<Sequence> = Vec::new();
        for (keys, action) in seqs {
            let keys: Vec<KeyCode> = keys.into_iter().map(key).collect();
            if !out.iter().any(|s| s.keys == keys) {
                out.push(Sequence { keys, action });
            }
        }
        out
    })
}

fn keymap() -> impl Strategy<Value = Keymap> {
    (
        prop::collection::vec(layer_map(), 3),
        prop::collection::vec(combo(), 0..3),
        options(),
        // Layers that carry modifiers (keyd `[nav:C]`), now and then.
        prop::collection::vec(prop::option::weighted(0.3, any_mods()), 3),
    )
        .prop_map(|(maps, combos, options, mods)| (maps, combos, options, mods))
        .prop_flat_map(|t| {
            (
                Just(t),
                prop::collection::vec(key_override(), 0..3),
                sequences(),
            )
        })
        .prop_map(
            |((maps, combos, options, mods), overrides, sequences)| Keymap {
                overrides,
                sequences,
                layers: maps
                    .into_iter()
                    .zip(LAYERS)
                    .zip(mods)
                    .map(|((map, name), mods)| Layer {
                        name: name.to_string(),
                        map,
                        mods: mods.unwrap_or_default(),
                    })
                    .collect(),
                combos,
                options,
            },
        )
}

/// Random typing over `KEYS`: presses only of keys that are up, releases and repeats only of
/// keys that are down, and every key released at the end.
fn typing() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (
            0..KEYS.len(),
            0u8..3,
            prop::sample::select(vec![0u64, 1, 5, 20, 60, 150, 199, 200, 201, 400]),
        ),
        1..40,
    )
    .prop_map(|ops| {
        let mut down = [false; KEYS.len()];
        let mut steps = Vec::new();
        for (k, kind, wait_ms) in ops {
            if wait_ms > 0 {
                steps.push(Step::Wait(wait_ms * 1000));
            }
            let state = match (down[k], kind) {
                (false, _) => KeyState::Press,
                (true, 0) => KeyState::Repeat,
                (true, _) => KeyState::Release,
            };
            down[k] = state != KeyState::Release;
            steps.push(Step::Key {
                device: None,
                key: key(KEYS[k]),
                state,
            });
        }
        for (k, d) in down.iter().enumerate().filter(|(_, d)| **d) {
            let _ = d;
            steps.push(Step::Wait(7_000));
            steps.push(Step::Key {
                device: None,
                key: key(KEYS[k]),
                state: KeyState::Release,
            });
        }
        steps
    })
}

/// Splits every wait into `parts` smaller waits.
fn split_waits(steps: &[Step], parts: u64) -> Vec<Step> {
    steps
        .iter()
        .flat_map(|s| match s {
            Step::Wait(us) => {
                let piece = us / parts;
                let mut waits: Vec<Step> = (0..parts - 1).map(|_| Step::Wait(piece)).collect();
                waits.push(Step::Wait(us - piece * (parts - 1)));
                waits
            }
            other => vec![other.clone()],
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_for_random_keymaps_and_typing(keymap in keymap(), steps in typing()) {
        let config = Config::for_all_devices(keymap);
        if let Err(why) = check_invariants(&config, &steps) {
            prop_assert!(false, "{why}\nkeymap: {}\nsteps: {steps:?}", serde_json::to_string(&config).unwrap());
        }
    }

    #[test]
    fn splitting_time_never_changes_the_output(keymap in keymap(), steps in typing(), parts in 2u64..7) {
        let config = Config::for_all_devices(keymap);
        let whole = simulate(&config, &steps).unwrap();
        let split = simulate(&config, &split_waits(&steps, parts)).unwrap();
        prop_assert_eq!(&whole.outputs, &split.outputs);
        prop_assert_eq!(&whole.traces, &split.traces);
        let again = simulate(&config, &steps).unwrap();
        prop_assert_eq!(&whole.outputs, &again.outputs);
    }
}
