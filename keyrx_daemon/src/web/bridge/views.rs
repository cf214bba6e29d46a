//! The wire views built from the daemon's state: what is held, layers and locks per device,
//! and the device list.

use std::sync::Arc;

use keyrx_core::config::Config;
use keyrx_core::{KeyCode, KeyEvent};

use super::super::wire::{DeviceState, DeviceWire, StateMessage, WireKey, action_name};
use super::hub::DaemonState;

pub(super) fn wire_key(e: &KeyEvent) -> WireKey {
    WireKey {
        key: e.key.to_string(),
        action: action_name(e.state),
        time_us: e.time,
    }
}

pub(super) fn layer_names(config: &Option<Arc<Config>>, block: usize, mask: u64) -> Vec<String> {
    let Some(config) = config else {
        return Vec::new();
    };
    let Some(b) = config.devices.get(block) else {
        return Vec::new();
    };
    b.keymap
        .layers
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, l)| l.name.clone())
        .collect()
}

fn keys_down(held: &[bool]) -> Vec<String> {
    KeyCode::all()
        .filter(|k| held[k.index()])
        .map(|k| k.to_string())
        .collect()
}

pub fn state_message(state: &DaemonState) -> StateMessage {
    let modifiers = KeyCode::all()
        .filter(|k| state.held_outputs[k.index()] && k.modifier_bit().is_some())
        .map(|k| k.to_string())
        .collect();
    StateMessage {
        devices: state
            .devices
            .iter()
            .map(|(id, d)| DeviceState {
                id: *id,
                name: d.info.name.clone(),
                block: block_name(state, d.block),
                layers: layer_names(&state.config, d.block, d.layers),
                held_inputs: keys_down(&d.held),
                one_shot: d.one_shot.keys().map(|k| k.to_string()).collect(),
            })
            .collect(),
        held_outputs: keys_down(&state.held_outputs),
        modifiers,
        locks: state.locks.map(lock_names),
    }
}

/// The lit lock LEDs by name, in LED code order.
fn lock_names(leds: u16) -> Vec<String> {
    const NAMES: [&str; 5] = ["numlock", "capslock", "scrolllock", "compose", "kana"];
    (0..16u16)
        .filter(|led| leds & (1 << led) != 0)
        .map(|led| {
            NAMES
                .get(usize::from(led))
                .map_or_else(|| format!("led{led}"), |n| n.to_string())
        })
        .collect()
}

fn block_name(state: &DaemonState, block: usize) -> String {
    state
        .config
        .as_ref()
        .and_then(|c| c.devices.get(block))
        .map(|b| b.name.clone())
        .unwrap_or_default()
}

pub fn device_list(state: &DaemonState) -> Vec<DeviceWire> {
    state
        .devices
        .iter()
        .map(|(id, d)| DeviceWire {
            id: *id,
            name: d.info.name.clone(),
            vendor_product: format!("{:04x}:{:04x}", d.info.vendor, d.info.product),
            phys: d.info.phys.clone(),
            uniq: d.info.uniq.clone(),
            block: block_name(state, d.block),
        })
        .collect()
}
