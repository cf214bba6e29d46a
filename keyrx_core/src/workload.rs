//! Synthetic but realistic workloads for benchmarks and allocation tests: keymaps people run
//! and typing streams with human timing (rolls, holds, shortcuts), reproducible from a seed.

use std::collections::BTreeMap;

use crate::config::{Action, Combo, Flavor, KeyOutput, Keymap, Layer, TapHold};
use crate::event::{KeyEvent, KeyState, Micros};
use crate::keys::{KeyCode, ModMask, key};

const HOME_ROW: [(&str, &str); 8] = [
    ("a", "leftmeta"),
    ("s", "leftalt"),
    ("d", "leftctrl"),
    ("f", "leftshift"),
    ("j", "rightshift"),
    ("k", "rightctrl"),
    ("l", "rightalt"),
    ("semicolon", "rightmeta"),
];

/// Home-row modifiers on all eight home-row keys, tuned as people run them (balanced,
/// require-prior-idle, quick-tap), plus a navigation layer on Space.
pub fn home_row_mods() -> Keymap {
    let mut base = BTreeMap::new();
    for (k, m) in HOME_ROW {
        let mut th = TapHold::new(Action::key(key(k)), Action::key(key(m)));
        th.flavor = Some(Flavor::Balanced);
        th.term_ms = Some(200);
        th.require_prior_idle_ms = Some(120);
        th.quick_tap_ms = Some(150);
        base.insert(key(k), Action::TapHold(Box::new(th)));
    }
    let space = TapHold::new(Action::key(key("space")), Action::Momentary("nav".into()));
    base.insert(key("space"), Action::TapHold(Box::new(space)));
    base.insert(key("capslock"), Action::key(key("esc")));
    let nav = [("h", "left"), ("j", "down"), ("k", "up"), ("l", "right")]
        .into_iter()
        .map(|(k, v)| (key(k), Action::key(key(v))))
        .collect();
    Keymap {
        layers: vec![
            Layer {
                name: "base".into(),
                map: base,
                ..Default::default()
            },
            Layer {
                name: "nav".into(),
                map: nav,
                ..Default::default()
            },
        ],
        ..Keymap::default()
    }
}

/// Plain one-to-one remaps of most of the alphabet (a Colemak-like permutation).
pub fn plain_remaps() -> Keymap {
    let from = "qwertyuiopasdfghjklzxcvbnm";
    let to = "qwfpgjluyarstdhneizxcvbkm";
    let map = from
        .chars()
        .zip(to.chars().chain(std::iter::once('o')))
        .map(|(f, t)| (key(&f.to_string()), Action::key(key(&t.to_string()))))
        .chain([(key("capslock"), Action::key(key("esc")))])
        .collect();
    Keymap {
        layers: vec![Layer {
            name: "base".into(),
            map,
            ..Default::default()
        }],
        ..Keymap::default()
    }
}

/// Two-key combos on common bigram-free pairs, with ordinary typing around them.
pub fn combos() -> Keymap {
    let pairs = [
        ("j", "k", "esc"),
        ("d", "f", "tab"),
        ("s", "d", "enter"),
        ("k", "l", "backspace"),
    ];
    Keymap {
        layers: vec![Layer {
            name: "base".into(),
            map: BTreeMap::new(),
            ..Default::default()
        }],
        combos: pairs
            .into_iter()
            .map(|(a, b, out)| Combo {
                keys: vec![key(a), key(b)],
                action: Action::Output(KeyOutput::Key {
                    mods: ModMask::NONE,
                    key: key(out),
                }),
                window_ms: Some(30),
                layers: Vec::new(),
                require_prior_idle_ms: None,
            })
            .collect(),
        ..Keymap::default()
    }
}

/// A small deterministic generator (xorshift64*), so workloads need no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

const TEXT: &str = "the quick brown fox jumps over the lazy dog while she sells sea shells \
by the sea shore and all the people asked for a little more flask salad";

/// About `events` key events of English typing at roughly 80 words per minute: presses
/// 60-180 ms apart, each key held 50-130 ms (so fast pairs roll), and now and then a held
/// home-row key with another key pressed inside it, as a shortcut.
pub fn typing(events: usize, seed: u64) -> Vec<KeyEvent> {
    let mut rng = Rng(seed | 1);
    let mut out = Vec::with_capacity(events + 4);
    let mut t: Micros = 1_000;
    let chars: Vec<char> = TEXT.chars().collect();
    let mut i = 0;
    while out.len() < events {
        if rng.between(0, 40) == 0 {
            push_shortcut(&mut out, &mut t, &mut rng);
            continue;
        }
        let c = chars[i % chars.len()];
        i += 1;
        let k = if c == ' ' {
            key("space")
        } else {
            key(&c.to_string())
        };
        let hold = rng.between(50_000, 130_000);
        out.push(KeyEvent::new(k, KeyState::Press, t));
        out.push(KeyEvent::new(k, KeyState::Release, t + hold));
        t += rng.between(60_000, 180_000);
    }
    out.sort_by_key(|e| e.time);
    out.truncate(events);
    balance(&mut out);
    out
}

/// A modifier chord: hold `f` or `d` past the term, tap another key, let go.
fn push_shortcut(out: &mut Vec<KeyEvent>, t: &mut Micros, rng: &mut Rng) {
    let m = if rng.between(0, 1) == 0 {
        key("f")
    } else {
        key("d")
    };
    let other = key(["c", "v", "x", "z", "t"][rng.between(0, 4) as usize]);
    let at = *t;
    out.push(KeyEvent::new(m, KeyState::Press, at));
    out.push(KeyEvent::new(other, KeyState::Press, at + 250_000));
    out.push(KeyEvent::new(other, KeyState::Release, at + 320_000));
    out.push(KeyEvent::new(m, KeyState::Release, at + 400_000));
    *t = at + 550_000;
}

/// Drops events that would make a key go down twice or up while up (possible after
/// truncation or overlapping holds of the same letter), and releases what is left down.
fn balance(events: &mut Vec<KeyEvent>) {
    let mut down = [false; crate::keys::KEY_COUNT];
    events.retain(|e| {
        let d = &mut down[e.key.index()];
        let keep = (e.state == KeyState::Press) != *d;
        if keep {
            *d = e.state == KeyState::Press;
        }
        keep
    });
    let end = events.last().map_or(0, |e| e.time) + 10_000;
    for k in KeyCode::all().filter(|k| down[k.index()]) {
        events.push(KeyEvent::new(k, KeyState::Release, end));
    }
}
