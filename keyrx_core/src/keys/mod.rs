//! Key codes: the whole Linux `KEY_*`/`BTN_*` space, their names, aliases and modifier masks.

mod table;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The highest code the kernel defines (`KEY_MAX`).
pub const KEY_MAX: u16 = 0x2ff;
/// Number of distinct key codes; tables indexed by code have this many slots.
pub const KEY_COUNT: usize = KEY_MAX as usize + 1;

/// A Linux input key code in `0..=KEY_MAX`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct KeyCode(u16);

/// Short names people already use in kanata, keyd and QMK configs.
const SHORT_ALIASES: &[(&str, &str)] = &[
    ("lctrl", "leftctrl"),
    ("lctl", "leftctrl"),
    ("ctrl", "leftctrl"),
    ("control", "leftctrl"),
    ("rctrl", "rightctrl"),
    ("rctl", "rightctrl"),
    ("lshift", "leftshift"),
    ("lsft", "leftshift"),
    ("shift", "leftshift"),
    ("rshift", "rightshift"),
    ("rsft", "rightshift"),
    ("lalt", "leftalt"),
    ("alt", "leftalt"),
    ("ralt", "rightalt"),
    ("altgr", "rightalt"),
    ("lmeta", "leftmeta"),
    ("lmet", "leftmeta"),
    ("meta", "leftmeta"),
    ("super", "leftmeta"),
    ("lsuper", "leftmeta"),
    ("win", "leftmeta"),
    ("cmd", "leftmeta"),
    ("rmeta", "rightmeta"),
    ("rmet", "rightmeta"),
    ("rsuper", "rightmeta"),
    ("spc", "space"),
    ("caps", "capslock"),
    ("ret", "enter"),
    ("return", "enter"),
    ("ent", "enter"),
    ("bspc", "backspace"),
    ("bksp", "backspace"),
    ("del", "delete"),
    ("escape", "esc"),
    ("ins", "insert"),
    ("pgup", "pageup"),
    ("pgdn", "pagedown"),
    ("grv", "grave"),
    ("min", "minus"),
    ("eql", "equal"),
    ("lbrc", "leftbrace"),
    ("rbrc", "rightbrace"),
    ("bsls", "backslash"),
    ("scln", "semicolon"),
    ("quot", "apostrophe"),
    ("comm", "comma"),
    ("slsh", "slash"),
    ("prtsc", "sysrq"),
    ("nlck", "numlock"),
    ("slck", "scrolllock"),
    ("volu", "volumeup"),
    ("vold", "volumedown"),
    ("app", "compose"),
];

impl KeyCode {
    /// Returns the code if it lies inside the kernel's key space.
    pub const fn new(code: u16) -> Option<KeyCode> {
        if code <= KEY_MAX {
            Some(KeyCode(code))
        } else {
            None
        }
    }

    /// The numeric Linux code.
    pub const fn code(self) -> u16 {
        self.0
    }

    /// The index of this key in a `KEY_COUNT`-sized table.
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// Iterates over every code in the key space.
    pub fn all() -> impl Iterator<Item = KeyCode> {
        (0..=KEY_MAX).map(KeyCode)
    }

    /// The canonical name, or `None` for codes the kernel leaves unnamed.
    pub fn name(self) -> Option<&'static str> {
        table::CANONICAL
            .binary_search_by_key(&self.0, |(c, _)| *c)
            .ok()
            .map(|i| table::CANONICAL[i].1)
    }

    /// Looks a name up: canonical names, kernel aliases, short aliases, `KEY_`/`BTN_` prefixed
    /// forms, and numeric codes (`0x1e`, `30`). Case-insensitive.
    pub fn from_name(name: &str) -> Option<KeyCode> {
        let trimmed = name.trim();
        let lower: std::borrow::Cow<str> = if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
            trimmed.to_ascii_lowercase().into()
        } else {
            trimmed.into()
        };
        let bare = lower.strip_prefix("key_").unwrap_or(&lower);
        if let Some(code) = parse_number(bare) {
            return KeyCode::new(code);
        }
        NAME_INDEX.get(bare).map(|c| KeyCode(*c))
    }

    /// The modifier bit of this key, if it is one of the eight real modifiers.
    #[inline]
    pub fn modifier_bit(self) -> Option<ModMask> {
        let bit = match self.0 {
            29 => 0,
            42 => 1,
            56 => 2,
            125 => 3,
            97 => 4,
            54 => 5,
            100 => 6,
            126 => 7,
            _ => return None,
        };
        Some(ModMask(1 << bit))
    }
}

fn parse_number(s: &str) -> Option<u16> {
    if let Some(hex) = s.strip_prefix("0x") {
        u16::from_str_radix(hex, 16).ok()
    } else if !s.is_empty() && s.len() > 1 && s.bytes().all(|b| b.is_ascii_digit()) {
        // Single digits are the number-row keys, so only multi-digit decimals are codes.
        s.parse().ok()
    } else {
        None
    }
}

/// Every name (canonical, kernel alias, short alias) to its code, built once on first use.
/// Canonical names win over aliases, so no alias can shadow a kernel name.
static NAME_INDEX: std::sync::LazyLock<std::collections::HashMap<&'static str, u16>> =
    std::sync::LazyLock::new(|| {
        let mut index = std::collections::HashMap::new();
        for (code, name) in table::CANONICAL {
            index.entry(*name).or_insert(*code);
        }
        for (name, code) in table::KERNEL_ALIASES {
            index.entry(*name).or_insert(*code);
        }
        for (alias, target) in SHORT_ALIASES {
            if let Some(code) = table::CANONICAL
                .iter()
                .find(|(_, n)| n == target)
                .map(|(c, _)| *c)
            {
                index.entry(*alias).or_insert(code);
            }
        }
        index
    });

/// Every name a user may write for some key, for suggestions.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    table::CANONICAL
        .iter()
        .map(|(_, n)| *n)
        .chain(table::KERNEL_ALIASES.iter().map(|(n, _)| *n))
        .chain(SHORT_ALIASES.iter().map(|(n, _)| *n))
}

/// The closest known name to a misspelled one, if any is close enough to be a plausible typo.
pub fn suggest_name(unknown: &str) -> Option<&'static str> {
    closest(unknown, all_names())
}

/// Names longer than this get no suggestion: no real name is this long, and the edit distance
/// costs the product of the two lengths, so a hostile name must not reach it.
pub const MAX_SUGGEST_LEN: usize = 64;

/// The candidate with the smallest edit distance to `unknown`, within a typo-sized distance.
/// Bounded in cost whatever the input: long names and candidates too different in length to
/// be within the distance are skipped before any distance is computed.
pub fn closest<'a>(unknown: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    if unknown.len() > MAX_SUGGEST_LEN {
        return None;
    }
    let lower = unknown.to_ascii_lowercase();
    let limit = (lower.len() / 3).max(1);
    let chars = lower.chars().count();
    candidates
        .filter(|c| c.len() <= MAX_SUGGEST_LEN && c.chars().count().abs_diff(chars) <= limit)
        .map(|c| (strsim::damerau_levenshtein(&lower, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

impl fmt::Display for KeyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{:#05x}", self.0),
        }
    }
}

impl fmt::Debug for KeyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A key name that does not exist, with the closest real one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key `{name}`{}", .suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
pub struct UnknownKey {
    pub name: String,
    pub suggestion: Option<&'static str>,
}

impl FromStr for KeyCode {
    type Err = UnknownKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KeyCode::from_name(s).ok_or_else(|| UnknownKey {
            name: s.to_string(),
            suggestion: suggest_name(s),
        })
    }
}

impl Serialize for KeyCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KeyCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Linux codes of the eight real modifiers, in `ModMask` bit order.
const MODIFIER_KEYS: [u16; 8] = [29, 42, 56, 125, 97, 54, 100, 126];
const MODIFIER_NAMES: [&str; 8] = [
    "leftctrl",
    "leftshift",
    "leftalt",
    "leftmeta",
    "rightctrl",
    "rightshift",
    "rightalt",
    "rightmeta",
];

/// A set of real modifiers (left/right Ctrl, Shift, Alt, Meta), one bit each.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ModMask(pub u8);

impl ModMask {
    pub const NONE: ModMask = ModMask(0);
    pub const LCTRL: ModMask = ModMask(1);
    pub const LSHIFT: ModMask = ModMask(2);
    pub const LALT: ModMask = ModMask(4);
    pub const LMETA: ModMask = ModMask(8);

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub const fn union(self, other: ModMask) -> ModMask {
        ModMask(self.0 | other.0)
    }

    pub const fn contains(self, other: ModMask) -> bool {
        self.0 & other.0 == other.0
    }

    pub const fn intersection(self, other: ModMask) -> ModMask {
        ModMask(self.0 & other.0)
    }

    pub const fn difference(self, other: ModMask) -> ModMask {
        ModMask(self.0 & !other.0)
    }

    /// The modifier keys in this set, in press order (Ctrl, Shift, Alt, Meta; left before right).
    pub fn keys(self) -> impl DoubleEndedIterator<Item = KeyCode> {
        MODIFIER_KEYS
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, c)| KeyCode(c))
    }

    /// Parses one modifier name (`shift`, `rctrl`, `leftmeta`, `super`, ...).
    pub fn from_name(name: &str) -> Option<ModMask> {
        KeyCode::from_name(name).and_then(KeyCode::modifier_bit)
    }
}

/// Modifiers in the order they went down, so they can come up in reverse: one 4-bit slot per
/// modifier bit, oldest first.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct ModOrder {
    slots: u32,
    len: u8,
}

impl ModOrder {
    fn bits(self) -> impl DoubleEndedIterator<Item = u8> {
        (0..self.len).map(move |i| ((self.slots >> (4 * i)) & 0xf) as u8)
    }

    fn from_bits(bits: impl Iterator<Item = u8>) -> ModOrder {
        let mut order = ModOrder::default();
        for bit in bits {
            order.slots |= u32::from(bit) << (4 * order.len);
            order.len += 1;
        }
        order
    }

    /// Appends the modifiers of `mods` not listed yet, in canonical order.
    pub fn push(self, mods: ModMask) -> ModOrder {
        let listed = self.mask();
        let new = (0..8u8).filter(|b| mods.0 & (1 << b) != 0 && listed.0 & (1 << b) == 0);
        ModOrder::from_bits(self.bits().chain(new))
    }

    /// These, then those of `later` not listed yet, each in its own order.
    pub fn then(self, later: ModOrder) -> ModOrder {
        let listed = self.mask();
        ModOrder::from_bits(
            self.bits()
                .chain(later.bits().filter(move |b| listed.0 & (1 << b) == 0)),
        )
    }

    /// Only the modifiers in `mods`, in the same order.
    pub fn only(self, mods: ModMask) -> ModOrder {
        ModOrder::from_bits(self.bits().filter(|b| mods.0 & (1 << b) != 0))
    }

    /// The modifiers listed.
    pub fn mask(self) -> ModMask {
        ModMask(self.bits().fold(0, |m, b| m | 1 << b))
    }

    /// The listed modifier keys, most recent first.
    pub fn newest_first(self) -> impl Iterator<Item = KeyCode> {
        self.bits()
            .rev()
            .map(|b| KeyCode(MODIFIER_KEYS[b as usize]))
    }
}

impl fmt::Display for ModMask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (i, name) in MODIFIER_NAMES.iter().enumerate() {
            if self.0 & (1 << i) != 0 {
                if !first {
                    f.write_str("+")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for ModMask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ModMask({self})")
    }
}

/// Shorthand for tests and tables: the key with this name. Panics on an unknown name.
pub fn key(name: &str) -> KeyCode {
    KeyCode::from_name(name).unwrap_or_else(|| panic!("unknown key name {name:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_names_round_trip() {
        for k in KeyCode::all() {
            if let Some(name) = k.name() {
                assert_eq!(KeyCode::from_name(name), Some(k), "{name}");
            }
        }
    }

    #[test]
    fn short_aliases_never_shadow_kernel_names() {
        for (alias, target) in SHORT_ALIASES {
            assert!(table::CANONICAL.iter().all(|(_, n)| n != alias), "{alias}");
            assert!(KeyCode::from_name(target).is_some(), "{target}");
        }
    }

    #[test]
    fn aliases_and_forms() {
        assert_eq!(key("lctrl"), key("leftctrl"));
        assert_eq!(key("KEY_A"), key("a"));
        assert_eq!(key("0x1e"), key("a"));
        assert_eq!(key("30"), key("a"));
        assert_eq!(key("1").code(), 2);
        assert_eq!(key("spc").code(), 57);
        assert_eq!(key("btn_left").code(), 0x110);
        assert_eq!(key("hanguel").code(), 0x7a);
        assert_eq!(KeyCode::from_name("0x300"), None);
    }

    #[test]
    fn suggestions_are_skipped_for_names_past_the_length_bound() {
        let at = "x".repeat(MAX_SUGGEST_LEN);
        let near = format!("{}y", &at[1..]);
        assert_eq!(closest(&near, [at.as_str()].into_iter()), Some(at.as_str()));
        let over = "x".repeat(MAX_SUGGEST_LEN + 1);
        let near = format!("{}y", &over[1..]);
        assert_eq!(closest(&near, [over.as_str()].into_iter()), None);
        // A huge name is refused before any distance is computed.
        let huge = "q".repeat(256 * 1024);
        assert_eq!(suggest_name(&huge), None);
    }

    #[test]
    fn misspelled_names_get_a_suggestion() {
        let err = "captslock".parse::<KeyCode>().unwrap_err();
        assert_eq!(err.suggestion, Some("capslock"));
        assert!(err.to_string().contains("did you mean `capslock`"));
        assert_eq!(
            "zzzzzzzzzz".parse::<KeyCode>().unwrap_err().suggestion,
            None
        );
    }

    #[test]
    fn modifier_masks() {
        for (i, code) in MODIFIER_KEYS.iter().enumerate() {
            assert_eq!(KeyCode(*code).modifier_bit(), Some(ModMask(1 << i)));
        }
        assert_eq!(key("leftshift").modifier_bit(), Some(ModMask::LSHIFT));
        assert_eq!(key("a").modifier_bit(), None);
        let m = ModMask::LCTRL.union(ModMask::LSHIFT);
        assert_eq!(
            m.keys().collect::<Vec<_>>(),
            vec![key("leftctrl"), key("leftshift")]
        );
        assert_eq!(m.to_string(), "leftctrl+leftshift");
    }
}
