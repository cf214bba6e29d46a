//! One-shot modifiers and layers: armed by a lone tap, used by the next key that types
//! something, ended by that key's release or press (`one_shot_end`), or expired by a timer.

use super::{Engine, Source};
use crate::compile::CAction;
use crate::config::{OneShotEnd, OneShotSend};
use crate::event::{Micros, Sink, Trace};
use crate::keys::{KeyCode, ModMask, ModOrder};

/// One-shot modifiers and layers waiting for the next key.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct OneShot {
    pub armed_mods: ModMask,
    pub armed_layers: u64,
    /// A sticky key tapped alone: still down on the output, waiting for the next key.
    pub armed_key: Option<(ModMask, KeyCode)>,
    pub deadline: Option<Micros>,
    /// A one-shot key that is down right now; another key pressed meanwhile makes it a plain hold.
    pub holder: Option<Source>,
    pub holder_interrupted: bool,
    /// The key currently using the one-shots (for `ReleaseOrNextPress`).
    pub in_use: Option<Source>,
    /// With `OneShotSend::AtPress`: modifiers the output holds for the one-shot itself (its
    /// key is down and uninterrupted, or it is armed). Whoever takes them over (the held key
    /// once interrupted, the key that uses them) releases them; a timeout releases the rest.
    pub shown: ModMask,
    pub shown_order: ModOrder,
}

impl OneShot {
    fn is_armed(&self) -> bool {
        !self.armed_mods.is_empty() || self.armed_layers != 0 || self.armed_key.is_some()
    }
}

impl Engine {
    pub(super) fn hold_one_shot(&mut self, source: Source) {
        self.one_shot.holder = Some(source);
        self.one_shot.holder_interrupted = false;
    }

    fn sends_at_press(&self) -> bool {
        self.km.options.one_shot_send == OneShotSend::AtPress
    }

    /// A one-shot modifier key went down: with `AtPress` its modifiers go out now. Pressed
    /// again while armed, it takes the armed modifiers back (held, not armed) instead of
    /// pressing them twice.
    pub(super) fn show_one_shot_mods<S: Sink>(&mut self, mods: ModMask, sink: &mut S) {
        if !self.sends_at_press() {
            return;
        }
        let os = &mut self.one_shot;
        os.armed_mods = os.armed_mods.difference(mods);
        if !os.is_armed() {
            os.deadline = None;
        }
        let new = mods.difference(os.shown);
        os.shown = os.shown.union(mods);
        os.shown_order = os.shown_order.push(new);
        self.out.press_mods(new, self.clock, sink);
    }

    /// Hands one-shot modifiers to the key that will release them: those already shown are
    /// taken over, the others pressed now.
    fn take_one_shot_mods<S: Sink>(&mut self, source: Source, mods: ModMask, sink: &mut S) {
        let os = &mut self.one_shot;
        let owned = mods.intersection(os.shown);
        let order = os.shown_order.only(owned);
        os.shown = os.shown.difference(owned);
        os.shown_order = os.shown_order.only(os.shown);
        let pressed = mods.difference(owned);
        self.out.press_mods(pressed, self.clock, sink);
        let held = &mut self.held[source as usize];
        held.os_mods = held.os_mods.union(mods);
        held.os_order = held.os_order.then(order).push(pressed);
    }

    /// Another key went down while a one-shot key is held: from now on it is a plain hold.
    pub(super) fn interrupt_one_shot_holder<S: Sink>(&mut self, pressed: Source, sink: &mut S) {
        let Some(holder) = self.one_shot.holder else {
            return;
        };
        if holder == pressed || self.one_shot.holder_interrupted {
            return;
        }
        self.one_shot.holder_interrupted = true;
        if let Some(CAction::OneShotMods(mods)) = self.held[holder as usize].action {
            self.take_one_shot_mods(holder, mods, sink);
        }
    }

    /// A one-shot key went up: tapped alone, it arms; otherwise it was a plain hold.
    pub(super) fn release_one_shot_key<S: Sink>(
        &mut self,
        source: Source,
        mods: ModMask,
        layer: Option<u8>,
        time: Micros,
        sink: &mut S,
    ) {
        if self.one_shot.holder != Some(source) {
            return;
        }
        self.one_shot.holder = None;
        if self.one_shot.holder_interrupted {
            return;
        }
        self.one_shot.armed_mods = self.one_shot.armed_mods.union(mods);
        if let Some(l) = layer {
            self.one_shot.armed_layers |= 1 << l;
            self.layers.set_one_shot(l, true, self.clock, sink);
        }
        self.start_one_shot_timer(time, sink);
    }

    fn start_one_shot_timer<S: Sink>(&mut self, time: Micros, sink: &mut S) {
        let timeout = u64::from(self.km.options.one_shot_timeout_ms) * 1000;
        self.one_shot.deadline = (timeout > 0).then_some(time + timeout);
        if sink.wants_trace() {
            sink.trace(Trace::OneShotArmed { at: time });
        }
    }

    /// A sticky key went up: tapped alone, it stays down, armed for the next key. Returns
    /// whether it did (otherwise it was a plain hold and its release is the caller's).
    pub(super) fn arm_sticky<S: Sink>(
        &mut self,
        source: Source,
        mods: ModMask,
        key: KeyCode,
        time: Micros,
        sink: &mut S,
    ) -> bool {
        if self.one_shot.holder != Some(source) {
            return false;
        }
        self.one_shot.holder = None;
        if self.one_shot.holder_interrupted {
            return false;
        }
        // Any sticky key armed before was used by this key's press, so none is replaced here.
        self.one_shot.armed_key = Some((mods, key));
        self.start_one_shot_timer(time, sink);
        true
    }

    /// Pressing an armed sticky key again ends the armed one first (ZMK: the second press
    /// releases the first and starts anew), so the key is typed again.
    pub(super) fn release_armed_sticky<S: Sink>(
        &mut self,
        mods: ModMask,
        key: KeyCode,
        sink: &mut S,
    ) {
        if self.one_shot.armed_key != Some((mods, key)) {
            return;
        }
        let armed = self.one_shot.armed_key.take();
        if !self.one_shot.is_armed() {
            self.one_shot.deadline = None;
        }
        self.release_used_sticky(armed, sink);
    }

    /// Releases a sticky key's output: the key, then its modifiers.
    pub(super) fn release_used_sticky<S: Sink>(
        &mut self,
        sticky: Option<(ModMask, KeyCode)>,
        sink: &mut S,
    ) {
        if let Some((mods, key)) = sticky {
            self.out.release(key, self.clock, sink);
            self.out.release_mods(mods, self.clock, sink);
        }
    }

    /// The next key arrived: armed one-shots apply to it.
    pub(super) fn use_one_shot<S: Sink>(
        &mut self,
        source: Source,
        key: KeyCode,
        time: Micros,
        sink: &mut S,
    ) {
        let os = &mut self.one_shot;
        if !os.is_armed() {
            return;
        }
        let (mods, layers, sticky) = (os.armed_mods, os.armed_layers, os.armed_key.take());
        os.armed_mods = ModMask::NONE;
        os.armed_layers = 0;
        os.deadline = None;
        os.in_use = Some(source);
        self.take_one_shot_mods(source, mods, sink);
        self.held[source as usize].os_layers |= layers;
        if sticky.is_some() {
            let earlier = std::mem::replace(&mut self.held[source as usize].os_key, sticky);
            self.release_used_sticky(earlier, sink);
        }
        if sink.wants_trace() {
            sink.trace(Trace::OneShotUsed { key, at: time });
        }
    }

    /// Ends the one-shots `source` is using.
    pub(super) fn finish_one_shot<S: Sink>(&mut self, source: Source, sink: &mut S) {
        let held = &mut self.held[source as usize];
        let (mods, order, layers) = (held.os_mods, held.os_order, held.os_layers);
        let sticky = held.os_key.take();
        held.os_mods = ModMask::NONE;
        held.os_order = ModOrder::default();
        held.os_layers = 0;
        self.release_used_sticky(sticky, sink);
        self.out.release_mods_in(mods, order, self.clock, sink);
        self.layers.clear_one_shots(layers, self.clock, sink);
        if self.one_shot.in_use == Some(source) {
            self.one_shot.in_use = None;
        }
    }

    pub(super) fn end_one_shot_on_press<S: Sink>(&mut self, pressed: Source, sink: &mut S) {
        if self.km.options.one_shot_end != OneShotEnd::ReleaseOrNextPress {
            return;
        }
        if let Some(user) = self.one_shot.in_use.filter(|u| *u != pressed) {
            self.finish_one_shot(user, sink);
        }
    }

    pub(super) fn one_shot_timeout<S: Sink>(&mut self, at: Micros, sink: &mut S) {
        let layers = self.one_shot.armed_layers;
        let os = &mut self.one_shot;
        let expired = os.armed_mods.intersection(os.shown);
        let order = os.shown_order;
        os.shown = os.shown.difference(expired);
        os.shown_order = os.shown_order.only(os.shown);
        self.out.release_mods_in(expired, order, self.clock, sink);
        let sticky = self.one_shot.armed_key.take();
        self.release_used_sticky(sticky, sink);
        self.one_shot.armed_mods = ModMask::NONE;
        self.one_shot.armed_layers = 0;
        self.one_shot.deadline = None;
        self.layers.clear_one_shots(layers, self.clock, sink);
        if sink.wants_trace() {
            sink.trace(Trace::OneShotExpired { at });
        }
    }
}
