//! Fixed sets of keys, and the set of keys the engine lets through untouched.

use super::{CompiledKeymap, UNMAPPED};
use crate::keys::{KEY_COUNT, KeyCode};

/// The keys that bypass the engine: those named in `unprocessed_keys`, and, with
/// `process_unmapped_keys` off, every key that no layer maps and no combo uses.
pub(super) fn unprocessed_keys(km: &CompiledKeymap) -> KeySet {
    let mut set = KeySet::default();
    for key in &km.options.unprocessed_keys {
        set.insert(*key);
    }
    if !km.options.process_unmapped_keys {
        for key in KeyCode::all() {
            let mapped = km.layers.iter().any(|l| l[key.index()] != UNMAPPED);
            if !mapped && !km.combo_keys.contains(key) {
                set.insert(key);
            }
        }
    }
    set
}

/// A fixed bitset over the whole key space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeySet([u64; KEY_COUNT.div_ceil(64)]);

impl KeySet {
    pub fn insert(&mut self, k: KeyCode) {
        self.0[k.index() / 64] |= 1 << (k.index() % 64);
    }
    pub fn remove(&mut self, k: KeyCode) {
        self.0[k.index() / 64] &= !(1 << (k.index() % 64));
    }
    pub fn contains(&self, k: KeyCode) -> bool {
        self.0[k.index() / 64] & (1 << (k.index() % 64)) != 0
    }
    pub fn clear(&mut self) {
        self.0 = [0; KEY_COUNT.div_ceil(64)];
    }
    pub fn iter(&self) -> impl Iterator<Item = KeyCode> + '_ {
        KeyCode::all().filter(|k| self.contains(*k))
    }
}
