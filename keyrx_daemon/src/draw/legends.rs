//! Key names from the legends printed on a layout's keys ("Caps Lock", "~\n`", "Shift"), and
//! the short legends a drawing prints for a key name ("leftbrace" → "[").

use std::collections::HashSet;

use keyrx_core::keys::KeyCode;

/// Printed legends (and symbols) that are not key names themselves, to the key's name.
const PRINTED_NAMES: &[(&str, &str)] = &[
    ("`", "grave"),
    ("~", "grave"),
    ("-", "minus"),
    ("_", "minus"),
    ("=", "equal"),
    ("+", "equal"),
    ("[", "leftbrace"),
    ("{", "leftbrace"),
    ("]", "rightbrace"),
    ("}", "rightbrace"),
    ("\\", "backslash"),
    ("|", "backslash"),
    (";", "semicolon"),
    (":", "semicolon"),
    ("'", "apostrophe"),
    ("\"", "apostrophe"),
    (",", "comma"),
    ("<", "comma"),
    (".", "dot"),
    (">", "dot"),
    ("/", "slash"),
    ("?", "slash"),
    ("!", "1"),
    ("@", "2"),
    ("#", "3"),
    ("$", "4"),
    ("%", "5"),
    ("^", "6"),
    ("&", "7"),
    ("*", "8"),
    ("(", "9"),
    (")", "0"),
    ("↑", "up"),
    ("↓", "down"),
    ("←", "left"),
    ("→", "right"),
    ("prtsc", "sysrq"),
    ("prtscr", "sysrq"),
    ("printscreen", "sysrq"),
    ("printscrn", "sysrq"),
    ("scrlk", "scrolllock"),
    ("numlk", "numlock"),
    ("menu", "compose"),
    ("app", "compose"),
    ("apps", "compose"),
    ("backsp", "backspace"),
    ("pagedn", "pagedown"),
    ("gui", "leftmeta"),
    ("os", "leftmeta"),
    ("option", "leftalt"),
];

/// The legend a drawing prints for a key, from its canonical name.
const SHORT_LEGENDS: &[(&str, &str)] = &[
    ("esc", "Esc"),
    ("grave", "`"),
    ("minus", "-"),
    ("equal", "="),
    ("backspace", "Bksp"),
    ("tab", "Tab"),
    ("leftbrace", "["),
    ("rightbrace", "]"),
    ("backslash", "\\"),
    ("capslock", "Caps"),
    ("semicolon", ";"),
    ("apostrophe", "'"),
    ("enter", "Enter"),
    ("leftshift", "Shift"),
    ("rightshift", "Shift"),
    ("comma", ","),
    ("dot", "."),
    ("slash", "/"),
    ("leftctrl", "Ctrl"),
    ("rightctrl", "Ctrl"),
    ("leftmeta", "Meta"),
    ("rightmeta", "Meta"),
    ("leftalt", "Alt"),
    ("rightalt", "AltGr"),
    ("space", "Space"),
    ("compose", "Menu"),
    ("sysrq", "PrtSc"),
    ("scrolllock", "ScrLk"),
    ("pause", "Pause"),
    ("insert", "Ins"),
    ("home", "Home"),
    ("pageup", "PgUp"),
    ("delete", "Del"),
    ("end", "End"),
    ("pagedown", "PgDn"),
    ("up", "↑"),
    ("left", "←"),
    ("down", "↓"),
    ("right", "→"),
    ("numlock", "Num"),
    ("kpslash", "/"),
    ("kpasterisk", "*"),
    ("kpminus", "-"),
    ("kpplus", "+"),
    ("kpenter", "Enter"),
    ("kpdot", "."),
    ("102nd", "<>"),
];

/// What a key cap shows for a key that is not remapped.
pub fn short_legend(name: &str) -> String {
    if let Some((_, legend)) = SHORT_LEGENDS.iter().find(|(n, _)| *n == name) {
        return (*legend).to_string();
    }
    if let Some(digit) = name.strip_prefix("kp").filter(|d| d.len() == 1) {
        return digit.to_string();
    }
    let is_fkey =
        name.len() > 1 && name.starts_with('f') && name[1..].bytes().all(|b| b.is_ascii_digit());
    if name.len() == 1 || is_fkey {
        return name.to_uppercase();
    }
    name.to_string()
}

/// A KLE legend without its markup, one line: what a drawing may print for an unnamed key.
pub fn display_legend(legend: &str) -> String {
    let lines = legend_lines(legend);
    lines
        .into_iter()
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

/// A legend's lines with HTML tags and entities of KLE's rich legends removed.
fn legend_lines(legend: &str) -> Vec<String> {
    let mut plain = String::with_capacity(legend.len());
    let mut in_tag = false;
    for c in legend.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let plain = plain
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    plain.split('\n').map(|l| l.trim().to_string()).collect()
}

/// Turns legends into keys, left modifiers first: the second "Shift" of a layout is the right
/// one.
#[derive(Default)]
pub struct Resolver {
    used: HashSet<KeyCode>,
}

impl Resolver {
    /// The key a legend names, trying each of its lines (KLE puts the shifted symbol first):
    /// a key name or alias ("kp7", "lctl"), a printed name ("Caps Lock", "PgUp") or a symbol.
    /// A blank key three units wide or more is the space bar.
    pub fn resolve(&mut self, legend: &str, width: f64) -> Option<KeyCode> {
        let lines = legend_lines(legend);
        let found = if lines.iter().all(|l| l.is_empty()) {
            (width >= 3.0).then(|| by_name("space")).flatten()
        } else {
            lines.iter().rev().find_map(|l| lookup(l))
        }?;
        let found = match self.used.contains(&found).then(|| right_hand(found)) {
            Some(Some(right)) => right,
            _ => found,
        };
        self.used.insert(found);
        Some(found)
    }
}

fn by_name(name: &str) -> Option<KeyCode> {
    KeyCode::all().find(|k| k.name() == Some(name))
}

fn lookup(line: &str) -> Option<KeyCode> {
    if line.is_empty() {
        return None;
    }
    let lower = line.to_lowercase();
    if let Some((_, name)) = PRINTED_NAMES.iter().find(|(p, _)| *p == lower) {
        return by_name(name);
    }
    let compact: String = lower
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    if compact.chars().all(|c| c.is_ascii_digit()) {
        // A printed digit is the digit key, never a numeric key code.
        return (compact.len() == 1).then(|| by_name(&compact)).flatten();
    }
    if let Some((_, name)) = PRINTED_NAMES.iter().find(|(p, _)| *p == compact) {
        return by_name(name);
    }
    KeyCode::from_name(&compact)
}

fn right_hand(left: KeyCode) -> Option<KeyCode> {
    let name = left.name()?.strip_prefix("left")?;
    by_name(&format!("right{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_all(legends: &[&str]) -> Vec<Option<&'static str>> {
        let mut r = Resolver::default();
        legends
            .iter()
            .map(|l| r.resolve(l, 1.0).and_then(|k| k.name()))
            .collect()
    }

    #[test]
    fn printed_legends_name_keys() {
        let got = resolve_all(&[
            "Caps Lock",
            "~\n`",
            "!\n1",
            "Shift",
            "Shift",
            "Ctrl",
            "Ctrl",
            "PgUp",
            "kp7",
            "F12",
            "<i class='kb kb-Unicode'></i>Back Space",
            "★",
            "9",
            "Alt",
            "AltGr",
        ]);
        assert_eq!(
            got,
            [
                Some("capslock"),
                Some("grave"),
                Some("1"),
                Some("leftshift"),
                Some("rightshift"),
                Some("leftctrl"),
                Some("rightctrl"),
                Some("pageup"),
                Some("kp7"),
                Some("f12"),
                Some("backspace"),
                None,
                Some("9"),
                Some("leftalt"),
                Some("rightalt"),
            ]
        );
    }

    #[test]
    fn a_wide_blank_key_is_the_space_bar() {
        let mut r = Resolver::default();
        assert_eq!(r.resolve("", 6.25).and_then(|k| k.name()), Some("space"));
        assert_eq!(r.resolve("", 1.0), None);
    }

    #[test]
    fn short_legends() {
        for (name, legend) in [
            ("leftbrace", "["),
            ("kp4", "4"),
            ("f11", "F11"),
            ("q", "Q"),
            ("volumeup", "volumeup"),
        ] {
            assert_eq!(short_legend(name), legend);
        }
    }
}
