//! Typing text: ASCII characters as key taps on a US layout, and other characters by the
//! configured Unicode method.

use super::compose_table::COMPOSE;
use super::limits::{MAX_MACRO_STEPS, MAX_TOTAL_MACRO_STEPS, Place, Table};
use super::{Builder, CAction, CStep, CompileError, last_index};
use crate::config::{KeyOutput, MacroCancel, MacroStep, UnicodeMethod};
use crate::keys::{KeyCode, ModMask, key};

impl Builder<'_> {
    /// A macro's (or a text's) steps, flattened; bounded per macro and per keymap.
    pub(super) fn macro_steps(
        &mut self,
        steps: &[MacroStep],
        cancel: MacroCancel,
        at: &Place,
    ) -> Result<CAction, CompileError> {
        let gap = u64::from(self.options.macro_key_delay_ms) * 1000;
        let mut out = Vec::new();
        // Checked per step, so a huge text is refused before it is expanded.
        let full = |out: &Vec<CStep>| {
            (out.len() > MAX_MACRO_STEPS).then(|| CompileError::TooLarge {
                what: Table::MacroSteps,
                at: at.clone(),
            })
        };
        for step in steps {
            match step {
                MacroStep::Press(k) => out.push(CStep::Press(*k)),
                MacroStep::Release(k) => out.push(CStep::Release(*k)),
                MacroStep::Delay(ms) => out.push(CStep::DelayUs(u64::from(*ms) * 1000)),
                MacroStep::PauseForRelease => out.push(CStep::PauseForRelease),
                MacroStep::Tap(KeyOutput::Key { mods, key }) => {
                    push_tap(&mut out, *mods, *key, gap)
                }
                MacroStep::Tap(_) => {}
                MacroStep::Text(s) => {
                    let (method, compose) = (self.options.unicode_method, self.options.compose_key);
                    for c in s.chars() {
                        if !push_char(&mut out, c, method, compose, gap) {
                            return Err(CompileError::UntypableChar(c, at.to_string()));
                        }
                        if let Some(e) = full(&out) {
                            return Err(e);
                        }
                    }
                }
            }
            if let Some(e) = full(&out) {
                return Err(e);
            }
        }
        self.macro_steps += out.len();
        if self.macro_steps > MAX_TOTAL_MACRO_STEPS {
            return Err(CompileError::TooLarge {
                what: Table::TotalMacroSteps,
                at: at.clone(),
            });
        }
        self.out.macros.push(out);
        let index = last_index(&self.out.macros, Table::Macros, at)?;
        Ok(CAction::Macro(index, cancel))
    }
}

/// Appends the taps that type `c`, or returns `false` if it cannot be typed that way.
pub fn push_char(
    out: &mut Vec<CStep>,
    c: char,
    method: UnicodeMethod,
    compose_key: KeyCode,
    gap_us: u64,
) -> bool {
    if let Some((mods, key)) = char_key(c) {
        push_tap(out, mods, key, gap_us);
        return true;
    }
    if c.is_ascii() || c.is_control() {
        return false;
    }
    match method {
        UnicodeMethod::CtrlShiftU => {
            push_tap(
                out,
                ModMask(ModMask::LCTRL.0 | ModMask::LSHIFT.0),
                key("u"),
                gap_us,
            );
            let mut hex = [0u8; 8];
            let digits = format_hex(u32::from(c), &mut hex);
            for d in digits {
                let (mods, k) = char_key(char::from(*d)).unwrap_or_default();
                push_tap(out, mods, k, gap_us);
            }
            push_tap(out, ModMask::NONE, key("space"), gap_us);
            true
        }
        UnicodeMethod::Compose => {
            let Ok(i) = COMPOSE.binary_search_by_key(&c, |(ch, _)| *ch) else {
                return false;
            };
            push_tap(out, ModMask::NONE, compose_key, gap_us);
            for a in COMPOSE[i].1.chars() {
                let (mods, k) = char_key(a).unwrap_or_default();
                push_tap(out, mods, k, gap_us);
            }
            true
        }
        UnicodeMethod::None => false,
    }
}

/// `n` in lowercase hex without leading zeros, written into `buf`.
fn format_hex(n: u32, buf: &mut [u8; 8]) -> &[u8] {
    let mut len = 0;
    let mut started = false;
    for shift in (0..8).rev() {
        let nibble = (n >> (shift * 4)) & 0xf;
        if nibble != 0 || started || shift == 0 {
            started = true;
            buf[len] = b"0123456789abcdef"[nibble as usize];
            len += 1;
        }
    }
    &buf[..len]
}

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
