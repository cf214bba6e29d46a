//! Where the engines' output goes: one virtual keyboard shared by every device's engine.

use keyrx_core::keys::KEY_COUNT;
use keyrx_core::{KeyCode, KeyEvent, KeyState};

/// The virtual keyboard the runtime writes to.
pub trait OutputDevice {
    /// Writes a batch of key events (followed by one sync).
    fn write(&mut self, events: &[KeyEvent]) -> std::io::Result<()>;
}

/// Merges several engines' outputs onto one keyboard: each engine pairs its own presses and
/// releases, and this counts holders across engines, so a key two keyboards hold goes up only
/// when both let go. It also knows exactly what the virtual keyboard holds, for `release_all`.
pub struct OutputMerger {
    holders: Box<[u8]>,
}

impl Default for OutputMerger {
    fn default() -> Self {
        OutputMerger::new()
    }
}

impl OutputMerger {
    pub fn new() -> OutputMerger {
        OutputMerger {
            holders: vec![0; KEY_COUNT].into_boxed_slice(),
        }
    }

    /// Appends to `out` the events of `batch` that change what the keyboard shows.
    pub fn merge(&mut self, batch: &[KeyEvent], out: &mut Vec<KeyEvent>) {
        for e in batch {
            let count = &mut self.holders[e.key.index()];
            let visible = match e.state {
                KeyState::Press => {
                    *count = count.saturating_add(1);
                    *count == 1
                }
                KeyState::Release if *count > 0 => {
                    *count -= 1;
                    *count == 0
                }
                KeyState::Release => false,
                KeyState::Repeat => *count > 0,
            };
            if visible {
                out.push(*e);
            }
        }
    }

    /// Releases for every key the keyboard holds; the merger then holds nothing.
    pub fn release_all(&mut self, time: u64, out: &mut Vec<KeyEvent>) {
        for key in KeyCode::all() {
            let count = &mut self.holders[key.index()];
            if *count > 0 {
                *count = 0;
                out.push(KeyEvent::new(key, KeyState::Release, time));
            }
        }
    }

    pub fn held(&self) -> impl Iterator<Item = KeyCode> + '_ {
        KeyCode::all().filter(|k| self.holders[k.index()] > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyrx_core::keys::key;

    fn ev(k: &str, state: KeyState) -> KeyEvent {
        KeyEvent::new(key(k), state, 0)
    }

    #[test]
    fn a_key_held_by_two_engines_goes_up_with_the_last() {
        let mut m = OutputMerger::new();
        let mut out = Vec::new();
        m.merge(&[ev("leftshift", KeyState::Press)], &mut out);
        m.merge(&[ev("leftshift", KeyState::Press)], &mut out);
        m.merge(&[ev("leftshift", KeyState::Release)], &mut out);
        assert_eq!(out, vec![ev("leftshift", KeyState::Press)]);
        m.merge(&[ev("leftshift", KeyState::Release)], &mut out);
        assert_eq!(out.last(), Some(&ev("leftshift", KeyState::Release)));
        m.merge(
            &[ev("a", KeyState::Release), ev("a", KeyState::Repeat)],
            &mut out,
        );
        assert_eq!(out.len(), 2, "stray release and repeat are dropped");
    }

    #[test]
    fn release_all_releases_exactly_what_is_held() {
        let mut m = OutputMerger::new();
        let mut out = Vec::new();
        m.merge(
            &[
                ev("a", KeyState::Press),
                ev("b", KeyState::Press),
                ev("b", KeyState::Release),
            ],
            &mut out,
        );
        out.clear();
        m.release_all(5, &mut out);
        assert_eq!(out, vec![KeyEvent::new(key("a"), KeyState::Release, 5)]);
        assert_eq!(m.held().count(), 0);
    }
}
