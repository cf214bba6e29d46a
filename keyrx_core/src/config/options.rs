//! Behaviour options: where QMK, ZMK, kanata and keyd disagree, each reading is a named choice.

use serde::{Deserialize, Serialize};

/// Keymap-wide options, each with a documented default.
///
/// `semantics` picks the defaults every other field starts from (`Options::preset`): in JSON,
/// fields given next to it override the preset, fields left out take the preset's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, remote = "Self")]
pub struct Options {
    /// Whose reading every default follows.
    pub semantics: Semantics,
    pub tap_hold: TapHoldDefaults,
    /// How long the keys of a combo may take to all go down.
    pub combo_window_ms: u32,
    pub combo_window: ComboWindow,
    pub combo_release: ComboRelease,
    /// A complete combo fires only once its keys have been held together this long (keyd).
    pub combo_min_hold_ms: u32,
    /// A combo cannot start within this time after a key typed something (ZMK); 0 is off.
    pub combo_require_prior_idle_ms: u32,
    pub one_shot_end: OneShotEnd,
    /// When a one-shot modifier reaches the output.
    pub one_shot_send: OneShotSend,
    /// An armed one-shot that is not used within this time is cancelled; 0 never expires.
    pub one_shot_timeout_ms: u32,
    pub transparent_base: TransparentBase,
    pub modified_release: ModifiedRelease,
    /// With `modified_release = "until-next-press"`: which half of a modified output goes up
    /// first when the next key's press ends it.
    pub modified_roll: ModifiedRoll,
    pub repeat: RepeatPolicy,
    /// Pause after each key a macro types, so slow applications see every key.
    pub macro_key_delay_ms: u32,
    /// How text and `unicode` type characters beyond ASCII.
    pub unicode_method: UnicodeMethod,
    /// The key the `compose` method starts a sequence with (the system's Compose key).
    pub compose_key: crate::keys::KeyCode,
    /// What other keys do while a macro waits out a delay.
    pub macro_other_keys: MacroOtherKeys,
    /// The order in which the modifiers of one output (`ctrl+shift+t`, a layer's modifiers)
    /// go down and come up.
    pub modifier_order: ModifierOrder,
    /// Whether keys no layer maps (and no combo uses) go through the engine like every other
    /// key (waiting behind an undecided tap-hold, for instance). `false` is kanata's default
    /// without `process-unmapped-keys`: such keys pass through untouched and at once.
    pub process_unmapped_keys: bool,
    /// Keys the engine never processes, whatever the layers say: they pass through untouched
    /// and unbuffered, even while a tap-hold is undecided.
    pub unprocessed_keys: Vec<crate::keys::KeyCode>,
    /// Which keys belong to which hand, for tap-holds with `opposite_hand` (kanata `defhands`,
    /// QMK `chordal_hold_layout`). Keys in neither list have no hand.
    pub hands: Hands,
    /// An `overload` tapped after being held this long sends no tap (keyd
    /// `overload_tap_timeout`); 0: the tap comes however long it was held.
    pub overload_tap_timeout_ms: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tap_hold: TapHoldDefaults::default(),
            combo_window_ms: 50,
            combo_window: ComboWindow::FromFirstPress,
            combo_release: ComboRelease::FirstKeyUp,
            combo_min_hold_ms: 0,
            combo_require_prior_idle_ms: 0,
            one_shot_end: OneShotEnd::NextRelease,
            one_shot_send: OneShotSend::AtPress,
            one_shot_timeout_ms: 1000,
            transparent_base: TransparentBase::PhysicalKey,
            modified_release: ModifiedRelease::UntilNextPress,
            modified_roll: ModifiedRoll::KeyFirst,
            repeat: RepeatPolicy::PassThrough,
            macro_key_delay_ms: 0,
            unicode_method: UnicodeMethod::CtrlShiftU,
            compose_key: crate::keys::KeyCode::from_name("compose").unwrap_or_default(),
            macro_other_keys: MacroOtherKeys::Wait,
            modifier_order: ModifierOrder::Reverse,
            process_unmapped_keys: true,
            unprocessed_keys: Vec::new(),
            hands: Hands::default(),
            overload_tap_timeout_ms: 0,
            semantics: Semantics::Keyrx,
        }
    }
}

/// Defaults for every tap-hold key; each key may override any of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TapHoldDefaults {
    pub flavor: Flavor,
    /// Held this long (or longer) undecided, the key is a hold.
    pub term_ms: u32,
    /// Pressed again within this window after a tap, the key taps (and repeats); 0 is off.
    pub quick_tap_ms: u32,
    pub quick_tap_from: QuickTapFrom,
    /// Pressed within this time after another key's press, the key taps at once; 0 is off.
    pub require_prior_idle_ms: u32,
    pub retro_tap: RetroTap,
    /// Emit the hold at once and withdraw it if the key turns out to be a tap (ZMK, keyd
    /// `overload`). Only sensible when the hold side is a modifier.
    pub hold_while_undecided: bool,
    /// Whether a re-press exactly at the end of the quick-tap window is still a quick tap.
    pub quick_tap_end: WindowEnd,
    /// What the release of a key pressed *before* an undecided tap-hold does meanwhile.
    pub prior_key_release: PriorKeyRelease,
    /// Decide by the hand of the interrupting key (`hands`): the other hand's keys may make it
    /// a hold, as the flavour says (kanata `tap-hold-opposite-hand`, QMK Chordal Hold).
    pub opposite_hand: bool,
    /// With `opposite_hand`: what a key of the same hand decides, at its press.
    pub same_hand: HandPolicy,
    /// With `opposite_hand`: what a key decides when it or the tap-hold key has no hand.
    pub unknown_hand: HandPolicy,
    /// With `opposite_hand`: what the key becomes when its term passes undecided.
    pub opposite_hand_timeout: TermDecides,
    /// With `opposite_hand`: a same-hand key that is itself a tap-hold decides `same_hand` only
    /// at its release, so same-hand home-row mods chord (QMK Chordal Hold); `false`: at its
    /// press, like any key (kanata).
    pub same_hand_chords: bool,
}

impl Default for TapHoldDefaults {
    fn default() -> Self {
        TapHoldDefaults {
            flavor: Flavor::Balanced,
            term_ms: 200,
            quick_tap_ms: 0,
            quick_tap_from: QuickTapFrom::Press,
            require_prior_idle_ms: 0,
            retro_tap: RetroTap::Off,
            hold_while_undecided: false,
            quick_tap_end: WindowEnd::Exclusive,
            prior_key_release: PriorKeyRelease::Immediate,
            opposite_hand: false,
            same_hand: HandPolicy::Tap,
            unknown_hand: HandPolicy::Ignore,
            opposite_hand_timeout: TermDecides::Hold,
            same_hand_chords: false,
        }
    }
}

/// How a tap-hold key decides between tap and hold while it is down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flavor {
    /// Hold only once the term has passed (QMK default, ZMK `tap-preferred`, kanata `tap-hold`).
    #[serde(alias = "timeout")]
    TapPreferred,
    /// Hold as soon as another key is pressed (ZMK `hold-preferred`, kanata `tap-hold-press`).
    #[serde(alias = "hold-preferred")]
    HoldOnOtherKeyPress,
    /// Hold when another key is pressed *and released* inside it; a roll stays a tap
    /// (QMK `PERMISSIVE_HOLD`, ZMK `balanced`, kanata `tap-hold-release`).
    #[serde(alias = "permissive-hold")]
    Balanced,
    /// Hold only if another key is pressed before the term; at the term it taps, and the tap
    /// stays down until release (ZMK `tap-unless-interrupted`).
    TapUnlessInterrupted,
}

impl Flavor {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &[
        "tap-preferred",
        "hold-on-other-key-press",
        "balanced",
        "tap-unless-interrupted",
        "timeout",
        "hold-preferred",
        "permissive-hold",
    ];
}

/// Where the quick-tap (tap-repress) window is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuickTapFrom {
    /// The previous tap's press (ZMK, kanata).
    Press,
    /// The previous tap's release (QMK).
    Release,
}

impl QuickTapFrom {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["press", "release"];
}

/// Whether an event exactly at the end of a window still falls inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowEnd {
    /// The window is open before its end, not at it (QMK, ZMK: `elapsed < window`).
    Exclusive,
    /// The end itself still counts (kanata: `elapsed <= window`).
    Inclusive,
}

impl WindowEnd {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["exclusive", "inclusive"];

    /// Whether `elapsed` lies inside a window of `window`.
    pub fn contains(self, elapsed: u64, window: u64) -> bool {
        match self {
            WindowEnd::Exclusive => elapsed < window,
            WindowEnd::Inclusive => elapsed <= window,
        }
    }
}

/// What the release of a key pressed before an undecided tap-hold does while it is undecided.
/// Such a release is not an interruption (it decides nothing) either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PriorKeyRelease {
    /// It goes through at once (ZMK: only releases of keys pressed after the hold-tap are
    /// captured; keyd `overload`).
    Immediate,
    /// It goes through at once, except that modifiers and layers stay on until the tap-hold
    /// is decided (QMK: "Modifier/Layer should be retained till end of this tapping").
    KeepModifiers,
    /// It waits in line with everything else (kanata: every event is stacked behind a waiting
    /// tap-hold).
    Queued,
}

impl PriorKeyRelease {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["immediate", "keep-modifiers", "queued"];
}

/// What an interrupting key decides for an `opposite_hand` tap-hold (kanata's `same-hand`,
/// `unknown-hand` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HandPolicy {
    /// The tap-hold taps.
    Tap,
    /// The tap-hold holds.
    Hold,
    /// The key is skipped: the tap-hold waits for the next key, its own release or the term.
    Ignore,
}

impl HandPolicy {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["tap", "hold", "ignore"];
}

/// What a tap-hold becomes when its term passes undecided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TermDecides {
    /// A hold (QMK: past the tapping term the key is held, Chordal Hold or not).
    Hold,
    /// A tap, held down until the key's release (kanata `tap-hold-opposite-hand`'s default
    /// `(timeout tap)`).
    Tap,
}

impl TermDecides {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["hold", "tap"];
}

/// The keys of each hand (kanata `defhands`: a key may be in one list at most).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Hands {
    pub left: Vec<crate::keys::KeyCode>,
    pub right: Vec<crate::keys::KeyCode>,
}

/// Whose reading the defaults of every option follow (`Options::preset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Semantics {
    /// keyrx's own defaults.
    #[default]
    Keyrx,
    Qmk,
    Zmk,
    Kanata,
    Keyd,
}

impl Semantics {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["keyrx", "qmk", "zmk", "kanata", "keyd"];
    /// Every reading, in the order of `NAMES` (and of the preset table's columns).
    pub const ALL: [Semantics; 5] = [
        Semantics::Keyrx,
        Semantics::Qmk,
        Semantics::Zmk,
        Semantics::Kanata,
        Semantics::Keyd,
    ];
}

/// What a tap-hold key that was held past its term, with no other key pressed, does on release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RetroTap {
    /// Nothing more: it was a hold.
    Off,
    /// The hold shows at the term; on release the hold ends and the tap is sent (QMK).
    AfterHold,
    /// No hold shows until another key is pressed; released alone, it taps (ZMK).
    Deferred,
}

impl RetroTap {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["off", "after-hold", "deferred"];
}

/// When the window of a combo closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComboWindow {
    /// All keys within the window of the first key's press (ZMK, kanata).
    FromFirstPress,
    /// Each key within the window of the previous one (keyd, QMK default).
    BetweenKeys,
}

impl ComboWindow {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["from-first-press", "between-keys"];
}

/// When a fired combo's output is released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComboRelease {
    /// At the release of its first key (ZMK default, kanata).
    FirstKeyUp,
    /// Once all its keys are up (ZMK `slow-release`).
    AllKeysUp,
}

impl ComboRelease {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["first-key-up", "all-keys-up"];
}

/// When an armed one-shot modifier or layer ends after being used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OneShotEnd {
    /// After the next key's release (QMK, ZMK default).
    NextRelease,
    /// Right after the next key's press (kanata, ZMK `quick-release`).
    NextPress,
    /// At the next key's release or another key's press, whichever comes first (keyd).
    ReleaseOrNextPress,
}

impl OneShotEnd {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["next-release", "next-press", "release-or-next-press"];
}

/// When a one-shot modifier reaches the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OneShotSend {
    /// At the one-shot key's own press, and held until the one-shot ends, so the system sees
    /// the modifier at once (for a mouse click, or an app showing modifier state): QMK, ZMK
    /// sticky keys, kanata.
    AtPress,
    /// Only together with the key it applies to (a lone tap sends nothing at all).
    WithNextKey,
}

impl OneShotSend {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["at-press", "with-next-key"];
}

/// What a transparent entry on the bottom layer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransparentBase {
    /// Sends the physical key.
    PhysicalKey,
    /// Sends nothing.
    Nothing,
    /// On a base chosen by `set_base`, `_` and unmapped keys fall through to the first
    /// declared layer, then to the physical key (kanata `delegate-to-first-layer`).
    FirstLayer,
}

impl TransparentBase {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["physical-key", "nothing", "first-layer"];
}

/// When the modifiers of a modified output (`shift+9`) are released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModifiedRelease {
    /// Key and modifiers stay down until the key's release or the next key's press, whichever
    /// comes first: in a roll of symbols the next key sees neither the modifier nor the held
    /// key, so the system gets exactly the characters typed (keyd, kanata).
    UntilNextPress,
    /// With the key, after it (the key goes up first); a key rolled in meanwhile is modified too.
    WithKey,
    /// Right after the key goes down, so the modifier cannot leak into the next key of a roll.
    AfterPress,
}

impl ModifiedRelease {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["until-next-press", "with-key", "after-press"];
}

/// The order in which a modified output goes up when the next key's press ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModifiedRoll {
    /// The key first, then its modifiers (keyd).
    KeyFirst,
    /// The modifiers first, then the key (kanata lifts the modifier before the next press).
    ModsFirst,
}

impl ModifiedRoll {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["key-first", "mods-first"];
}

/// What hardware autorepeat of a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepeatPolicy {
    /// Repeats the key's current plain-key output.
    PassThrough,
    /// Dropped: the virtual keyboard's own repeat is used instead.
    Drop,
}

impl RepeatPolicy {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["pass-through", "drop"];
}

/// How a character beyond ASCII is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnicodeMethod {
    /// Ctrl+Shift+U, the code point in hex, then Space: GTK and IBus input (kanata's way on
    /// Linux).
    CtrlShiftU,
    /// The Compose key, then the sequence the X11 Compose table gives for the character (for
    /// desktops with a Compose key set up; characters with no sequence are an error).
    Compose,
    /// Characters beyond ASCII are an error.
    None,
}

impl UnicodeMethod {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["ctrl-shift-u", "compose", "none"];
}

/// What keys pressed while a macro waits out a delay do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MacroOtherKeys {
    /// They wait, in order, until the macro is done, so nothing is typed into its middle (QMK:
    /// `SEND_STRING` blocks the keyboard until it is done).
    Wait,
    /// They are handled at once, between the macro's steps (kanata: macros run beside other
    /// keys).
    GoThrough,
}

impl MacroOtherKeys {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["wait", "go-through"];
}

/// The order in which the modifiers of one output go down and come up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModifierOrder {
    /// Down left Ctrl, Shift, Alt, Meta, then the right-hand ones; up in reverse (QMK's and
    /// kanata's nesting: the first modifier down is the last one up).
    Reverse,
    /// Down in that order, and up in the same order.
    PressOrder,
    /// keyd's fixed table order for both: Alt, AltGr, Shift, Meta, Ctrl.
    Keyd,
}

impl ModifierOrder {
    /// Every name the option accepts: one per variant, in declaration order, then any aliases.
    pub const NAMES: &[&str] = &["reverse", "press-order", "keyd"];
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks an option enum against its `NAMES`: the variants, serialized in declaration order,
    /// are the first names; every name (aliases included) deserializes; no name is listed twice.
    /// The variant list is matched exhaustively, so a new variant does not compile until it is
    /// listed here, and then fails until `NAMES` has its name.
    macro_rules! check_names {
        ($enum:ident: $($variant:ident),+ $(,)?) => {{
            #[allow(dead_code)]
            fn exhaustive(v: $enum) {
                match v {
                    $($enum::$variant)|+ => {}
                }
            }
            let variants = [$($enum::$variant),+];
            let names = $enum::NAMES;
            for (i, v) in variants.iter().enumerate() {
                let json = serde_json::to_value(v).unwrap();
                let name = json.as_str().unwrap();
                assert_eq!(
                    names.get(i).copied(),
                    Some(name),
                    "{}::NAMES[{i}] should be `{name}`, the name of {v:?}",
                    stringify!($enum)
                );
            }
            for name in names {
                let parsed: Result<$enum, _> = serde_json::from_str(&format!("\"{name}\""));
                assert!(
                    parsed.is_ok(),
                    "`{name}` in {}::NAMES does not deserialize",
                    stringify!($enum)
                );
                assert_eq!(
                    names.iter().filter(|n| *n == name).count(),
                    1,
                    "`{name}` is listed twice in {}::NAMES",
                    stringify!($enum)
                );
            }
        }};
    }

    #[test]
    fn names_list_every_variant_and_alias() {
        check_names!(Flavor: TapPreferred, HoldOnOtherKeyPress, Balanced, TapUnlessInterrupted);
        check_names!(QuickTapFrom: Press, Release);
        check_names!(RetroTap: Off, AfterHold, Deferred);
        check_names!(ComboWindow: FromFirstPress, BetweenKeys);
        check_names!(ComboRelease: FirstKeyUp, AllKeysUp);
        check_names!(OneShotEnd: NextRelease, NextPress, ReleaseOrNextPress);
        check_names!(OneShotSend: AtPress, WithNextKey);
        check_names!(TransparentBase: PhysicalKey, Nothing, FirstLayer);
        check_names!(WindowEnd: Exclusive, Inclusive);
        check_names!(PriorKeyRelease: Immediate, KeepModifiers, Queued);
        check_names!(ModifiedRelease: UntilNextPress, WithKey, AfterPress);
        check_names!(ModifiedRoll: KeyFirst, ModsFirst);
        check_names!(RepeatPolicy: PassThrough, Drop);
        check_names!(MacroOtherKeys: Wait, GoThrough);
        check_names!(UnicodeMethod: CtrlShiftU, Compose, None);
        check_names!(ModifierOrder: Reverse, PressOrder, Keyd);
        check_names!(HandPolicy: Tap, Hold, Ignore);
        check_names!(TermDecides: Hold, Tap);
        check_names!(Semantics: Keyrx, Qmk, Zmk, Kanata, Keyd);
    }

    #[test]
    fn unknown_names_do_not_deserialize() {
        assert!(serde_json::from_str::<Flavor>("\"tap_preferred\"").is_err());
        assert!(serde_json::from_str::<RepeatPolicy>("\"repeat\"").is_err());
    }
}
