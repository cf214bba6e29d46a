//! Typing text: ASCII characters as key taps on a US layout.

use super::CStep;
use crate::keys::{KeyCode, ModMask, key};

/// The key (and whether Shift is needed) that types `c` on a US layout.
pub fn char_key(c: char) -> Option<(ModMask, KeyCode)> {
    const UNSHIFTED: &str = "`1234567890-=[]\\;',./";
    const SHIFTED: &str = "~!@#$%^&*()_+{}|:\"<>?";
    const NAMES: [&str; 21] = [
        "grave",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "0",
        "minus",
        "equal",
        "leftbrace",
        "rightbrace",
        "backslash",
        "semicolon",
        "apostrophe",
        "comma",
        "dot",
        "slash",
    ];
    let plain = |name: &str| Some((ModMask::NONE, key(name)));
    match c {
        'a'..='z' => plain(c.encode_utf8(&mut [0; 4])),
        'A'..='Z' => Some((
            ModMask::LSHIFT,
            key(c.to_ascii_lowercase().encode_utf8(&mut [0; 4])),
        )),
        ' ' => plain("space"),
        '\n' => plain("enter"),
        '\t' => plain("tab"),
        _ => {
            if let Some(i) = UNSHIFTED.find(c) {
                plain(NAMES[i])
            } else {
                SHIFTED.find(c).map(|i| (ModMask::LSHIFT, key(NAMES[i])))
            }
        }
    }
}

/// Appends a tap of `key` with `mods` around it, then `gap_us` of pause if non-zero.
pub fn push_tap(out: &mut Vec<CStep>, mods: ModMask, key: KeyCode, gap_us: u64) {
    out.extend(mods.keys().map(CStep::Press));
    out.push(CStep::Press(key));
    out.push(CStep::Release(key));
    out.extend(mods.keys().rev().map(CStep::Release));
    if gap_us > 0 {
        out.push(CStep::DelayUs(gap_us));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_printable_ascii_char_is_typable() {
        for c in (0x20u8..0x7f).map(char::from) {
            assert!(char_key(c).is_some(), "{c:?}");
        }
        assert_eq!(char_key('A'), Some((ModMask::LSHIFT, key("a"))));
        assert_eq!(char_key('('), Some((ModMask::LSHIFT, key("9"))));
        assert_eq!(char_key('.'), Some((ModMask::NONE, key("dot"))));
        assert_eq!(char_key('é'), None);
    }
}
