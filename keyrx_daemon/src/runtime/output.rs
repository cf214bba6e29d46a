//! Where the engines' output goes: one virtual keyboard shared by every device's engine, and
//! one virtual pointer for mouse keys.

use keyrx_core::config::MouseButton;
use keyrx_core::event::{MouseEvent, MouseOutput};
use keyrx_core::keys::KEY_COUNT;
use keyrx_core::{KeyCode, KeyEvent, KeyState};

/// The virtual keyboard the runtime writes to, with its virtual pointer.
pub trait OutputDevice {
    /// Writes a batch of key events (followed by one sync).
    fn write(&mut self, events: &[KeyEvent]) -> std::io::Result<()>;
    /// Writes a batch of pointer events (followed by one sync) to the virtual pointer.
    fn write_mouse(&mut self, events: &[MouseEvent]) -> std::io::Result<()>;
    /// Whether the config uses mouse keys: the pointer is created when it does (and was not
    /// yet), and removed when it no longer does.
    fn set_pointer(&mut self, wanted: bool) -> std::io::Result<()>;
}

/// Merges several engines' pointer output onto one pointer: buttons count their holders
/// across engines, as keys do; motion passes through.
#[derive(Debug, Default)]
pub struct MouseMerger {
    buttons: [u8; MouseButton::ALL.len()],
}

impl MouseMerger {
    /// Appends to `out` the events of `batch` that change what the pointer does.
    pub fn merge<'a>(
        &mut self,
        batch: impl IntoIterator<Item = &'a MouseEvent>,
        out: &mut Vec<MouseEvent>,
    ) {
        for e in batch {
            let visible = match e.output {
                MouseOutput::Button { button, pressed } => {
                    let count = &mut self.buttons[button as usize];
                    if pressed {
                        *count = count.saturating_add(1);
                        *count == 1
                    } else if *count > 0 {
                        *count -= 1;
                        *count == 0
                    } else {
                        false
                    }
                }
                MouseOutput::Motion { .. } => true,
            };
            if visible {
                out.push(*e);
            }
        }
    }

    /// Releases for every button the pointer holds; it then holds none.
    pub fn release_all(&mut self, time: u64, out: &mut Vec<MouseEvent>) {
        for button in MouseButton::ALL {
            let count = &mut self.buttons[button as usize];
            if *count > 0 {
                *count = 0;
                out.push(MouseEvent {
                    output: MouseOutput::Button {
                        button,
                        pressed: false,
                    },
                    time,
                });
            }
        }
    }

    pub fn held(&self) -> impl Iterator<Item = MouseButton> + '_ {
        MouseButton::ALL
            .into_iter()
            .filter(|b| self.buttons[*b as usize] > 0)
    }
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

    fn button(pressed: bool) -> MouseEvent {
        MouseEvent {
            output: MouseOutput::Button {
                button: MouseButton::Left,
                pressed,
            },
            time: 0,
        }
    }

    #[test]
    fn a_button_held_by_two_engines_goes_up_with_the_last_and_release_all_lifts_it() {
        let mut m = MouseMerger::default();
        let mut out = Vec::new();
        let motion = MouseEvent {
            output: MouseOutput::Motion {
                axis: keyrx_core::event::MouseAxis::X,
                delta: 8,
            },
            time: 0,
        };
        m.merge(&[button(true), button(true), motion], &mut out);
        m.merge(&[button(false), button(false), button(false)], &mut out);
        assert_eq!(out, vec![button(true), motion, button(false)]);
        out.clear();
        m.merge(&[button(true)], &mut out);
        m.release_all(0, &mut out);
        assert_eq!(out, vec![button(true), button(false)]);
        assert_eq!(m.held().count(), 0);
    }
}
