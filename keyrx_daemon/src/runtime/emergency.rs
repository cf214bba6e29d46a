//! The emergency exit: a chord read from raw input, before any remapping, so no config can
//! disable it.

use std::str::FromStr;

use keyrx_core::{KeyCode, KeyState};

/// The keys that, all down at once on any keyboard, make the daemon let go and exit.
#[derive(Debug, Clone)]
pub struct EmergencyChord {
    keys: Vec<KeyCode>,
    down: Vec<bool>,
}

impl EmergencyChord {
    /// The documented default: LeftCtrl + Space + Esc.
    pub const DEFAULT: &'static str = "leftctrl+space+esc";

    pub fn new(keys: Vec<KeyCode>) -> EmergencyChord {
        let down = vec![false; keys.len()];
        EmergencyChord { keys, down }
    }

    /// Records a raw key event; true when the whole chord is down.
    pub fn update(&mut self, key: KeyCode, state: KeyState) -> bool {
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            match state {
                KeyState::Press => self.down[i] = true,
                KeyState::Release => self.down[i] = false,
                KeyState::Repeat => {}
            }
            return !self.keys.is_empty() && self.down.iter().all(|d| *d);
        }
        false
    }
}

impl FromStr for EmergencyChord {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let keys = s
            .split('+')
            .map(|k| k.trim().parse::<KeyCode>().map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        if keys.len() < 2 {
            return Err("the emergency chord needs at least two keys".into());
        }
        Ok(EmergencyChord::new(keys))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyrx_core::keys::key;

    #[test]
    fn fires_only_with_every_key_down() {
        let mut chord: EmergencyChord = EmergencyChord::DEFAULT.parse().unwrap();
        assert!(!chord.update(key("leftctrl"), KeyState::Press));
        assert!(!chord.update(key("space"), KeyState::Press));
        assert!(!chord.update(key("a"), KeyState::Press));
        assert!(!chord.update(key("space"), KeyState::Release));
        assert!(!chord.update(key("esc"), KeyState::Press));
        assert!(chord.update(key("space"), KeyState::Press));
        assert!("esc".parse::<EmergencyChord>().is_err());
        assert!("ctrl+nope".parse::<EmergencyChord>().is_err());
    }
}
