//! What one device's keys are, as far as its engine was told, and the way back to the truth
//! after the kernel dropped events (`SYN_DROPPED`), the way libevdev resynchronises.
//!
//! When a reader falls behind, evdev throws its queued events away and says so with
//! `SYN_DROPPED`. A release lost there would leave a key held for good. The resync discards
//! whatever is still queued (it predates the state read next), reads the key state with
//! `EVIOCGKEY`, and feeds the engine the differences: releases first, then presses.

use keyrx_core::keys::KEY_COUNT;

/// Bytes of a key bitmap, as `EVIOCGKEY` fills it.
pub const KEY_BYTES: usize = KEY_COUNT / 8;

/// A key bitmap: bit `code` is set while that key is down.
pub type KeyBits = [u8; KEY_BYTES];

fn bit(bits: &KeyBits, code: usize) -> bool {
    bits[code / 8] & (1 << (code % 8)) != 0
}

/// The keys the engine has been told are down on one device.
#[derive(Clone)]
pub struct InputKeys {
    down: KeyBits,
}

impl Default for InputKeys {
    fn default() -> Self {
        InputKeys {
            down: [0; KEY_BYTES],
        }
    }
}

impl InputKeys {
    /// Records a key event and says whether it should reach the engine. An event that repeats
    /// what the engine already knows (a press of a key it holds, a release or repeat of a key it
    /// does not) is stale: it was queued before a resync that already accounted for it.
    pub fn accept(&mut self, code: u16, value: i32) -> bool {
        let code = usize::from(code);
        if code >= KEY_COUNT {
            return true;
        }
        let (byte, mask) = (code / 8, 1u8 << (code % 8));
        let was_down = self.down[byte] & mask != 0;
        match value {
            0 if was_down => self.down[byte] &= !mask,
            1 if !was_down => self.down[byte] |= mask,
            2 if was_down => {}
            _ => return false,
        }
        true
    }

    /// The events that bring the engine's view to `actual` (the device's `EVIOCGKEY` state):
    /// every key it holds that is up now is released, then every key down now that it does not
    /// hold is pressed. `emit(code, value)` is called for each, in that order, after the state
    /// was recorded.
    pub fn resync(&mut self, actual: &KeyBits, mut emit: impl FnMut(u16, i32)) {
        let before = self.down;
        self.down = *actual;
        for (value, from, to) in [(0, &before, actual), (1, actual, &before)] {
            for code in 0..KEY_COUNT {
                if bit(from, code) && !bit(to, code) {
                    emit(code as u16, value);
                }
            }
        }
    }

    /// Whether any key is down, as far as the engine knows.
    #[cfg(test)]
    pub fn any_down(&self) -> bool {
        self.down.iter().any(|b| *b != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(codes: &[u16]) -> KeyBits {
        let mut b = [0; KEY_BYTES];
        for c in codes {
            b[usize::from(*c) / 8] |= 1 << (c % 8);
        }
        b
    }

    #[test]
    fn presses_and_releases_are_tracked_and_stale_ones_refused() {
        let mut keys = InputKeys::default();
        assert!(keys.accept(30, 1));
        assert!(!keys.accept(30, 1), "a second press of a held key");
        assert!(keys.accept(30, 2), "autorepeat of a held key");
        assert!(keys.accept(30, 0));
        assert!(!keys.accept(30, 0), "a release of a key that is up");
        assert!(!keys.accept(30, 2), "autorepeat of a key that is up");
        assert!(!keys.any_down());
    }

    #[test]
    fn resync_releases_what_went_up_then_presses_what_went_down() {
        let mut keys = InputKeys::default();
        for code in [30, 31, 42] {
            keys.accept(code, 1);
        }
        let mut events = Vec::new();
        // 30 and 42 were released while events were lost, 48 was pressed, 31 is still down.
        keys.resync(&bits(&[31, 48]), |code, value| events.push((code, value)));
        assert_eq!(events, [(30, 0), (42, 0), (48, 1)]);
        assert!(
            !keys.accept(48, 1),
            "the press queued before the resync is stale"
        );
        assert!(keys.accept(48, 0));
        assert!(keys.accept(31, 0));
        assert!(!keys.any_down());
    }

    #[test]
    fn resync_with_nothing_changed_emits_nothing() {
        let mut keys = InputKeys::default();
        keys.accept(57, 1);
        let mut count = 0;
        keys.resync(&bits(&[57]), |_, _| count += 1);
        assert_eq!(count, 0);
    }
}
