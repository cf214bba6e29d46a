//! The key stage: resolving keys through the layer stack, running their actions, and one-shots.

use super::{Engine, Input, QUEUE_CAPACITY, Source};
use crate::compile::{ActionId, CAction, CCondition, UNMAPPED};
use crate::config::{ModifiedRelease, OneShotEnd, PriorKeyRelease, RepeatPolicy, TransparentBase};
use crate::event::{KeyState, Micros, Sink, TapHoldCause};
use crate::keys::{KEY_COUNT, KeyCode, ModMask, ModOrder};

/// `resolve_below`'s depth for an action found on the base layer.
pub(super) const BASE_DEPTH: usize = usize::MAX;

/// Whether an action holds a modifier or a layer (what QMK keeps on until a tap decides).
fn keeps_state(action: CAction) -> bool {
    match action {
        CAction::Key { mods, key } => !mods.is_empty() || key.modifier_bit().is_some(),
        CAction::Momentary(_)
        | CAction::OneShotMods(_)
        | CAction::Sticky { .. }
        | CAction::Multi(_)
        | CAction::OneShotLayer(_)
        | CAction::Toggle(_)
        | CAction::SetBase(_) => true,
        CAction::Macro(..)
        | CAction::CapsWord(_)
        | CAction::RepeatKey
        | CAction::LayerLock
        | CAction::Command(_)
        | CAction::Leader(_)
        | CAction::MacroRecord(_)
        | CAction::MacroPlay(_)
        | CAction::MacroStop
        | CAction::TapDance(_)
        | CAction::ReleaseAll
        | CAction::Transparent
        | CAction::Block
        | CAction::TapHold(_)
        | CAction::Cond(_) => false,
    }
}

fn physical(key: KeyCode) -> CAction {
    CAction::Key {
        mods: ModMask::NONE,
        key,
    }
}

/// What a held source's press did, so its release undoes exactly that.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Held {
    pub action: Option<CAction>,
    /// The modifiers of a modified key were already released (`ModifiedRelease::AfterPress`).
    pub mods_released: bool,
    /// The whole output went up already: the next key's press ended a modified output.
    pub output_ended: bool,
    /// One-shot modifiers this key used, or a held one-shot key's modifiers once interrupted.
    pub os_mods: ModMask,
    /// An armed sticky key (and its modifiers) this key used: released with the one-shots.
    pub os_key: Option<(ModMask, KeyCode)>,
    /// The order `os_mods` went down in: they come up in reverse.
    pub os_order: ModOrder,
    /// One-shot layers this key used.
    pub os_layers: u64,
    /// The tap-hold this key resolved from, for retro-tap and quick-tap.
    pub tap_hold: Option<u16>,
    /// Modifiers a key override lifted for this key, restored at its release.
    pub lifted: ModMask,
}

impl Engine {
    /// Queues a key-stage event and runs the stage as far as it can go.
    pub(super) fn key_input<S: Sink>(&mut self, input: Input, sink: &mut S) {
        if input.state == KeyState::Repeat && (self.pending.is_some() || !self.queue.is_empty()) {
            // Repeats of keys still waiting to be decided carry no information worth replaying.
            return;
        }
        if self.macro_run.is_some() {
            self.macro_input(input, sink);
        }
        if self.dance.is_some() && self.dance_input(input, sink) {
            return;
        }
        if self.pending.is_none()
            && self.dance.is_none()
            && !self.macro_blocks()
            && self.queue.is_empty()
        {
            // Nothing is waiting: handle it directly, as the common case is.
            return self.handle(input, sink);
        }
        if input.state == KeyState::Release && self.releases_before_decision(input.source) {
            return self.release_source(input.source, input.time, sink);
        }
        if self.queue.len() >= QUEUE_CAPACITY {
            self.force_progress(sink);
        }
        self.queue.push_back(input);
        self.pump(sink);
    }

    /// Whether the release of `source` goes through ahead of an undecided tap-hold: it was
    /// pressed before the tap-hold (its press was handled and nothing of it waits in the
    /// queue), so it is no interruption, and `prior_key_release` lets it through.
    fn releases_before_decision(&self, source: Source) -> bool {
        let deciding = match (self.pending.as_ref(), self.dance.as_ref()) {
            (Some(p), _) => p.source,
            (None, Some(d)) => d.source,
            (None, None) => return false,
        };
        let Some(action) = self.held[source as usize].action else {
            return false;
        };
        if deciding == source || self.queue.iter().any(|q| q.source == source) {
            return false;
        }
        match self.km.options.tap_hold.prior_key_release {
            PriorKeyRelease::Immediate => true,
            PriorKeyRelease::KeepModifiers => !keeps_state(action),
            PriorKeyRelease::Queued => false,
        }
    }

    /// A running macro's cancellation goes ahead of anything queued: another key's press
    /// (`cancel_on_press`) or its own key's release (`cancel_on_release`) ends it now.
    fn macro_input<S: Sink>(&mut self, input: Input, sink: &mut S) {
        match input.state {
            KeyState::Press => self.cancel_macro_on_press(input.source, sink),
            KeyState::Release if self.release_cancels_macro(input.source) => {
                self.cancel_macro(sink)
            }
            KeyState::Release | KeyState::Repeat => {}
        }
    }

    /// Decides what blocks the queue, so a flood of input can never grow it without bound.
    fn force_progress<S: Sink>(&mut self, sink: &mut S) {
        if let Some(p) = self.pending {
            self.decide(p, true, TapHoldCause::QueueFull, self.clock, sink);
        }
        self.end_tap_dance(self.clock, sink);
        if self.macro_blocks() {
            self.finish_macro(sink);
        }
        self.pump(sink);
    }

    /// Handles queued events until one blocks (an undecided tap-hold or a waiting macro).
    pub(super) fn pump<S: Sink>(&mut self, sink: &mut S) {
        loop {
            if self.pending.is_some() {
                if !self.try_decide(sink) {
                    return;
                }
                continue;
            }
            if self.dance.is_some() {
                if !self.try_end_dance(sink) {
                    return;
                }
                continue;
            }
            if self.macro_blocks() {
                return;
            }
            let Some(input) = self.queue.pop_front() else {
                return;
            };
            self.handle(input, sink);
        }
    }

    fn handle<S: Sink>(&mut self, input: Input, sink: &mut S) {
        match input.state {
            KeyState::Press => self.handle_press(input, sink),
            KeyState::Release => self.release_source(input.source, input.time, sink),
            KeyState::Repeat => self.handle_repeat(input, sink),
        }
    }

    fn handle_press<S: Sink>(&mut self, input: Input, sink: &mut S) {
        if self.retro != Some(input.source) {
            self.retro = None;
        }
        self.end_modified_for(input.source, sink);
        self.interrupt_eager_dance(input.source);
        self.end_one_shot_on_press(input.source, sink);
        self.interrupt_one_shot_holder(input.source, sink);
        if let Some(deadline) = self.one_shot.deadline.filter(|d| *d <= input.time) {
            // The one-shot timer may have been held off while this key waited in a queue.
            self.one_shot_timeout(deadline, sink);
        }
        let (action, depth) = match input.source as usize {
            s if s >= KEY_COUNT => match self.deref_cond(self.km.combos[s - KEY_COUNT].action) {
                CAction::Transparent => (CAction::Block, BASE_DEPTH),
                a => (a, BASE_DEPTH),
            },
            _ => self.resolve_below(input.key, 0),
        };
        match action {
            CAction::TapHold(index) => {
                let fallback = self.tap_hold_fallback(input.key, depth);
                self.start_tap_hold(input, index, fallback, sink);
            }
            CAction::TapDance(index) => self.start_tap_dance(input, index, sink),
            other => {
                self.lift_layer_mods(input.source, other, depth, sink);
                self.press_action(input.source, other, input.time, sink);
            }
        }
    }

    /// What a transparent side of a tap-hold found at `depth` means: whatever lies below it.
    fn tap_hold_fallback(&self, key: KeyCode, depth: usize) -> CAction {
        let below = if depth == BASE_DEPTH {
            self.bottom_transparent(key)
        } else {
            self.resolve_below(key, depth + 1).0
        };
        match below {
            CAction::TapHold(i) => match self.deref_cond(self.km.tap_holds[i as usize].tap) {
                CAction::Transparent | CAction::TapHold(_) => physical(key),
                tap => tap,
            },
            other => other,
        }
    }

    fn handle_repeat<S: Sink>(&mut self, input: Input, sink: &mut S) {
        if self.km.options.repeat == RepeatPolicy::Drop {
            return;
        }
        let held = self.held[input.source as usize];
        if held.output_ended {
            // A later key ended this output; repeating it would type it again under that key.
            return;
        }
        if let Some(CAction::Key { mods, key } | CAction::Sticky { mods, key }) = held.action {
            // Modifiers already let go (`AfterPress`) are wrapped around the repeat again, so
            // holding `(` repeats `(` rather than `9`.
            let rewrap = held.mods_released && self.out.is_down(key);
            if rewrap {
                self.out.press_mods(mods, self.clock, sink);
            }
            self.out.repeat(key, self.clock, sink);
            if rewrap {
                self.out.release_mods(mods, self.clock, sink);
            }
        }
    }

    /// What `key` does now: the most recently activated layer that maps it wins; `_` and
    /// unmapped entries fall through to the base layer. Skips the `skip` most recent layers; also returns how many layers were
    /// above the one that decided (`BASE_DEPTH` for the base layer), so a transparent side of a
    /// tap-hold found there can fall through to what lies below it.
    pub(super) fn resolve_below(&self, key: KeyCode, skip: usize) -> (CAction, usize) {
        for (depth, layer) in self.layers.stack_top_down().enumerate().skip(skip) {
            let id = self.km.layers[layer as usize][key.index()];
            if id != UNMAPPED {
                let action = self.deref_cond(id);
                if action != CAction::Transparent {
                    return (action, depth);
                }
            }
        }
        let id = self.km.layers[self.layers.base() as usize][key.index()];
        let action = if id == UNMAPPED {
            CAction::Transparent
        } else {
            self.deref_cond(id)
        };
        let delegates = self.km.options.transparent_base == TransparentBase::FirstLayer;
        match action {
            CAction::Transparent if id != UNMAPPED || delegates => {
                (self.bottom_transparent(key), BASE_DEPTH)
            }
            CAction::Transparent => (physical(key), BASE_DEPTH),
            action => (action, BASE_DEPTH),
        }
    }

    /// What `_` on the bottom layer does.
    pub(super) fn bottom_transparent(&self, key: KeyCode) -> CAction {
        match self.km.options.transparent_base {
            TransparentBase::PhysicalKey => physical(key),
            TransparentBase::Nothing => CAction::Block,
            TransparentBase::FirstLayer => self.first_layer_action(key),
        }
    }

    /// What the first declared layer does with `key` when another layer is the base: its
    /// mapping if it has one, else the physical key.
    fn first_layer_action(&self, key: KeyCode) -> CAction {
        if self.layers.base() != 0 {
            let id = self.km.layers[0][key.index()];
            if id != UNMAPPED {
                match self.deref_cond(id) {
                    CAction::Transparent => {}
                    action => return action,
                }
            }
        }
        physical(key)
    }

    /// Follows conditional mappings to the action they pick now.
    pub(super) fn deref_cond(&self, mut id: ActionId) -> CAction {
        loop {
            match self.km.action(id) {
                CAction::Cond(c) => {
                    let cond = &self.km.conditionals[c as usize];
                    id = cond
                        .branches
                        .iter()
                        .find(|(when, _)| self.holds(when))
                        .map_or(cond.otherwise, |(_, then)| *then);
                }
                action => return action,
            }
        }
    }

    fn holds(&self, cond: &CCondition) -> bool {
        match cond {
            CCondition::Layer(l) => self.layers.is_active(*l) || self.layers.base() == *l,
            CCondition::Mods(m) => self.out.mods_down(*m),
            CCondition::Const(b) => *b,
            CCondition::Not(c) => !self.holds(c),
            CCondition::All(cs) => cs.iter().all(|c| self.holds(c)),
            CCondition::Any(cs) => cs.iter().any(|c| self.holds(c)),
        }
    }

    /// Runs the press side of a resolved action for `source` and remembers it for the release.
    pub(super) fn press_action<S: Sink>(
        &mut self,
        source: Source,
        action: CAction,
        time: Micros,
        sink: &mut S,
    ) {
        let clock = self.clock;
        let slot = source as usize;
        let action = match action {
            CAction::RepeatKey => self.repeated_key(),
            other => other,
        };
        let action = self.leader_filter(action, time, sink);
        let action = self.caps_word_filter(action, time, sink);
        let action = self.apply_override(source, action, sink);
        self.held[slot].action = Some(action);
        let physical_source = slot < KEY_COUNT;
        match action {
            CAction::Key { mods, key } => {
                let consumes = key.modifier_bit().is_none();
                if consumes {
                    self.use_one_shot(source, key, time, sink);
                    if physical_source {
                        self.last_typed = Some(time);
                    }
                }
                if consumes {
                    self.note_typed_key(mods, key);
                }
                self.out.press_mods(mods, clock, sink);
                self.out.press(key, clock, sink);
                if !mods.is_empty() {
                    if self.km.options.modified_release == ModifiedRelease::AfterPress {
                        self.out.release_mods(mods, clock, sink);
                        self.held[slot].mods_released = true;
                    }
                    self.note_modified(source);
                }
                if consumes && self.km.options.one_shot_end == OneShotEnd::NextPress {
                    self.finish_one_shot(source, sink);
                }
            }
            CAction::Momentary(l) => self.layers.momentary_on(l, clock, sink),
            CAction::Toggle(l) => self.layers.toggle(l, clock, sink),
            CAction::SetBase(l) => self.layers.set_base(l, clock, sink),
            CAction::OneShotMods(mods) => {
                self.hold_one_shot(source);
                self.show_one_shot_mods(mods, sink);
            }
            CAction::Sticky { mods, key } => {
                self.release_armed_sticky(mods, key, sink);
                self.use_one_shot(source, key, time, sink);
                if physical_source {
                    self.last_typed = Some(time);
                }
                self.hold_one_shot(source);
                self.out.press_mods(mods, clock, sink);
                self.out.press(key, clock, sink);
            }
            CAction::OneShotLayer(l) => {
                self.layers.momentary_on(l, clock, sink);
                self.hold_one_shot(source);
            }
            CAction::Macro(index, cancel) => {
                if physical_source {
                    self.last_typed = Some(time);
                }
                self.use_one_shot(source, KeyCode::default(), time, sink);
                self.start_macro(index, source, cancel, sink);
            }
            CAction::Multi(index) => self.press_multi(source, index, time, sink),
            CAction::CapsWord(index) => self.toggle_caps_word(index, time, sink),
            CAction::LayerLock => self.layers.lock_top(clock, sink),
            CAction::Leader(index) => self.start_leader(index, time, sink),
            CAction::MacroRecord(slot) => self.macro_record(slot, time, sink),
            CAction::MacroPlay(slot) => self.macro_play(slot, time, sink),
            CAction::MacroStop => self.macro_stop(time, sink),
            CAction::ReleaseAll => self.release_all(sink),
            CAction::Command(index) => self.run_command(source, index, sink),
            CAction::Transparent
            | CAction::Block
            | CAction::TapHold(_)
            | CAction::Cond(_)
            | CAction::TapDance(_)
            | CAction::RepeatKey => {}
        }
        // Layers switched by this press bring or take their modifiers.
        self.sync_layer_mods(sink);
    }

    /// Undoes whatever `source`'s press did.
    pub(super) fn release_source<S: Sink>(&mut self, source: Source, time: Micros, sink: &mut S) {
        let clock = self.clock;
        let held = std::mem::take(&mut self.held[source as usize]);
        if self.rolling == Some(source) {
            self.rolling = None;
        }
        match held.action {
            Some(CAction::Key { .. }) if held.output_ended => {}
            Some(CAction::Key { mods, key }) => {
                self.out.release(key, clock, sink);
                if !held.mods_released {
                    self.out.release_mods(mods, clock, sink);
                }
            }
            Some(CAction::Momentary(l)) => self.layers.momentary_off(l, clock, sink),
            Some(CAction::OneShotMods(mods)) => {
                self.release_one_shot_key(source, mods, None, time, sink)
            }
            // Tapped alone, it stays down (armed); otherwise it was a plain hold.
            Some(CAction::Sticky { mods, key })
                if !self.arm_sticky(source, mods, key, time, sink) =>
            {
                self.out.release(key, clock, sink);
                self.out.release_mods(mods, clock, sink);
            }
            Some(CAction::OneShotLayer(l)) => {
                self.layers.momentary_off(l, clock, sink);
                self.release_one_shot_key(source, ModMask::NONE, Some(l), time, sink);
            }
            Some(CAction::Macro(..)) => self.macro_key_released(source, sink),
            Some(CAction::Multi(index)) => self.release_multi(index, sink),
            // Armed: the one-shot state holds it until the next key.
            Some(CAction::Sticky { .. }) => {}
            // Switches that outlast their key, and presses that left nothing held.
            Some(
                CAction::Toggle(_)
                | CAction::SetBase(_)
                | CAction::CapsWord(_)
                | CAction::LayerLock
                | CAction::Leader(_)
                | CAction::MacroRecord(_)
                | CAction::MacroPlay(_)
                | CAction::MacroStop
                | CAction::ReleaseAll
                | CAction::Command(_)
                | CAction::Transparent
                | CAction::Block,
            ) => {}
            // Resolved into another action before a press stores it, never held themselves.
            Some(
                CAction::TapHold(_) | CAction::TapDance(_) | CAction::Cond(_) | CAction::RepeatKey,
            )
            | None => {}
        }
        self.out.restore(held.lifted, clock, sink);
        self.release_used_sticky(held.os_key, sink);
        self.out
            .release_mods_in(held.os_mods, held.os_order, clock, sink);
        self.layers.clear_one_shots(held.os_layers, clock, sink);
        if self.one_shot.in_use == Some(source) {
            self.one_shot.in_use = None;
        }
        if let Some(index) = held.tap_hold {
            self.tap_hold_released(source, index, time, sink);
        }
        self.restore_layer_mods(source, sink);
    }
}
