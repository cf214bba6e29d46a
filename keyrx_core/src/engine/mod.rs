//! The engine: a deterministic state machine from timed input events to output events.
//!
//! Input passes two stages. The combo stage holds back keys that may start a combo until the
//! combo fires or is given up. The key stage resolves each key through the layer stack and runs
//! its action; while a tap-hold key is undecided or a macro is waiting, later input queues
//! behind it and is replayed in order once it is done. Decisions use the time each event
//! happened, so how the caller splits `advance` calls never changes the result.

mod caps_word;
mod combo;
mod command;
mod dynamic_macro;
mod keypath;
mod layer_mods;
mod layers;
mod leader;
mod macros;
mod modified;
mod mouse;
mod multi;
mod oneshot;
mod output;
mod repeat;
mod tapdance;
mod taphold;

use std::collections::VecDeque;

use crate::compile::{CompileError, CompiledKeymap, KeySet, LayerId};
use crate::config::{DeviceInfo, Keymap};
use crate::event::{KeyEvent, KeyState, Micros, Sink};
use crate::keys::{KEY_COUNT, KeyCode, ModMask};

use caps_word::CapsWordState;
use combo::ComboStage;
use dynamic_macro::{Playback, Recorder};
use keypath::Held;
use layer_mods::LayerMods;
use layers::LayerState;
use leader::Leading;
use macros::MacroRun;
use mouse::MouseState;
use oneshot::OneShot;
use output::OutputState;
use tapdance::{Dance, EagerDance};
use taphold::{LastTap, Pending};

/// How many events may wait behind an undecided key before it is forced to decide.
const QUEUE_CAPACITY: usize = 64;

/// Identifies what a key-stage event came from: a physical key (its code) or a fired combo
/// (`KEY_COUNT + index`).
type Source = u16;

/// An event in the key stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Input {
    source: Source,
    /// The physical key (for a combo, its first key).
    key: KeyCode,
    state: KeyState,
    time: Micros,
}

/// The remapping engine for one device.
pub struct Engine {
    km: CompiledKeymap,
    /// The time outputs are stamped with: the current event's, or the timer being fired.
    clock: Micros,
    /// Physical keys currently down, as far as the engine has seen.
    down: KeySet,
    combo: ComboStage,
    queue: VecDeque<Input>,
    pending: Option<Pending>,
    held: Box<[Held]>,
    layers: LayerState,
    layer_mods: LayerMods,
    out: OutputState,
    one_shot: OneShot,
    macro_run: Option<MacroRun>,
    last_tap: Option<LastTap>,
    /// When a physical key last typed something (a non-modifier key or a macro), for
    /// require-prior-idle: undecided tap-holds, modifiers, layer keys and combos do not count.
    last_typed: Option<Micros>,
    /// A tap-hold resolved as hold that will still tap on release if nothing interrupts it.
    retro: Option<Source>,
    /// The source holding a modified output that the next press ends (`until-next-press`).
    rolling: Option<Source>,
    caps_word: CapsWordState,
    /// A tap dance whose count is open: it blocks the queue like an undecided tap-hold.
    dance: Option<Dance>,
    eager_dance: Option<EagerDance>,
    /// The last key typed and the modifiers it was typed with, for `repeat_key`.
    last_key: Option<(ModMask, KeyCode)>,
    /// Mouse keys: held buttons, movement and scrolling.
    mouse: MouseState,
    /// A sequence being typed after a leader key.
    leader: Option<Leading>,
    /// A dynamic macro being played back (the recordings live in `out.recorder`).
    playback: Option<Playback>,
}

impl Engine {
    /// Builds an engine for `keymap` running on `device`.
    pub fn new(keymap: &Keymap, device: &DeviceInfo) -> Result<Engine, CompileError> {
        Ok(Engine::from_compiled(CompiledKeymap::new(keymap, device)?))
    }

    pub fn from_compiled(km: CompiledKeymap) -> Engine {
        // Physical keys, combos, and the source a matched sequence's action is tapped on.
        let sources = KEY_COUNT + km.combos.len() + 1;
        let mut out = OutputState::new(km.options.modifier_order);
        if km.uses_dynamic_macros {
            out.recorder = Some(Recorder::new());
        }
        Engine {
            clock: 0,
            down: KeySet::default(),
            combo: ComboStage::new(),
            queue: VecDeque::with_capacity(QUEUE_CAPACITY),
            pending: None,
            held: vec![Held::default(); sources].into_boxed_slice(),
            layers: LayerState::new(),
            layer_mods: LayerMods::default(),
            out,
            one_shot: OneShot::default(),
            macro_run: None,
            last_tap: None,
            last_typed: None,
            retro: None,
            rolling: None,
            caps_word: CapsWordState::default(),
            dance: None,
            eager_dance: None,
            last_key: None,
            mouse: MouseState::default(),
            leader: None,
            playback: None,
            km,
        }
    }

    pub fn keymap(&self) -> &CompiledKeymap {
        &self.km
    }

    /// Feeds one input event. Timers due at or before its time fire first.
    pub fn process<S: Sink>(&mut self, event: KeyEvent, sink: &mut S) {
        self.advance(event.time, sink);
        let key = event.key;
        if self.km.unprocessed.contains(key) {
            return self.pass_through(event, sink);
        }
        let state = match event.state {
            KeyState::Press if self.down.contains(key) => KeyState::Repeat,
            KeyState::Press => {
                self.down.insert(key);
                KeyState::Press
            }
            // A release or repeat of a key the engine never saw go down (it was held before the
            // engine started, or released by `release_all`) has nothing to undo.
            _ if !self.down.contains(key) => return,
            KeyState::Release => {
                self.down.remove(key);
                KeyState::Release
            }
            KeyState::Repeat => KeyState::Repeat,
        };
        let input = Input {
            source: key.code(),
            key,
            state,
            time: event.time.max(self.clock),
        };
        self.combo_input(input, sink);
    }

    /// An unprocessed key: straight to the output, ahead of anything waiting. It still goes
    /// through the output's holder count, so `release_all` releases it like any other key.
    fn pass_through<S: Sink>(&mut self, event: KeyEvent, sink: &mut S) {
        let key = event.key;
        let down = self.down.contains(key);
        match event.state {
            KeyState::Press if !down => {
                self.down.insert(key);
                self.out.press(key, self.clock, sink);
            }
            KeyState::Press | KeyState::Repeat if down => self.out.repeat(key, self.clock, sink),
            KeyState::Release if down => {
                self.down.remove(key);
                self.out.release(key, self.clock, sink);
            }
            // The release or repeat of a key never seen going down has nothing to undo.
            KeyState::Press | KeyState::Repeat | KeyState::Release => {}
        }
    }

    /// Fires every timer due at or before `now`, in deadline order.
    pub fn advance<S: Sink>(&mut self, now: Micros, sink: &mut S) {
        while let Some(deadline) = self.next_deadline() {
            if deadline > now {
                break;
            }
            self.clock = self.clock.max(deadline);
            self.fire_timers(deadline, sink);
        }
        self.clock = self.clock.max(now);
    }

    /// When `advance` next has something to do, if ever.
    #[inline(always)]
    pub fn next_deadline(&self) -> Option<Micros> {
        // Called before every event: one comparison per timer kind, no iterator chain.
        fn earliest(a: Option<Micros>, b: Option<Micros>) -> Option<Micros> {
            match (a, b) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, None) => x,
                (None, y) => y,
            }
        }
        let mut next = self.combo.deadline();
        next = earliest(next, self.pending.as_ref().and_then(|p| p.deadline));
        next = earliest(next, self.dance.map(|d| d.deadline));
        next = earliest(next, self.macro_run.as_ref().and_then(|m| m.deadline));
        if self.km.uses_mouse {
            next = earliest(next, self.mouse.moving.deadline);
            next = earliest(next, self.mouse.scrolling.deadline);
        }
        if self.one_shot.deadline.is_some() || self.caps_word.deadline.is_some() {
            next = earliest(next, self.one_shot_deadline());
            next = earliest(next, self.caps_word_deadline());
        }
        if self.leader.is_some() || self.playback.is_some() {
            next = earliest(next, self.sequence_deadlines());
        }
        next
    }

    /// The leader's timeout and a dynamic macro playback's next event, out of the common path.
    #[cold]
    #[inline(never)]
    fn sequence_deadlines(&self) -> Option<Micros> {
        let playback = self.playback.as_ref().and_then(|p| p.deadline);
        match (self.leader_deadline(), playback) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, None) => x,
            (None, y) => y,
        }
    }

    fn fire_timers<S: Sink>(&mut self, at: Micros, sink: &mut S) {
        if self.combo.deadline().is_some_and(|d| d <= at) {
            self.combo_timeout(sink);
        }
        if self
            .pending
            .as_ref()
            .and_then(|p| p.deadline)
            .is_some_and(|d| d <= at)
        {
            self.pump(sink);
        }
        if let Some(deadline) = self.dance.map(|d| d.deadline).filter(|d| *d <= at) {
            self.end_tap_dance(deadline, sink);
            self.pump(sink);
        }
        if self
            .macro_run
            .as_ref()
            .and_then(|m| m.deadline)
            .is_some_and(|d| d <= at)
        {
            self.macro_timer(sink);
            self.pump(sink);
        }
        if self
            .playback
            .as_ref()
            .and_then(|p| p.deadline)
            .is_some_and(|d| d <= at)
        {
            self.playback_timer(sink);
        }
        if self.one_shot_deadline().is_some_and(|d| d <= at) {
            self.one_shot_timeout(at, sink);
            self.sync_layer_mods(sink);
        }
        if self.caps_word_deadline().is_some_and(|d| d <= at) {
            self.end_caps_word(at, sink);
        }
        if self.mouse.moving.deadline.is_some_and(|d| d <= at) {
            self.motion_timer(false, at, sink);
        }
        if self.mouse.scrolling.deadline.is_some_and(|d| d <= at) {
            self.motion_timer(true, at, sink);
        }
        if self.leader_deadline().is_some_and(|d| d <= at) {
            self.leader_timeout(at, sink);
        }
    }

    /// Nothing may wait for an idle timer: a key held back may have come before it.
    fn waiting(&self) -> bool {
        self.pending.is_some()
            || self.dance.is_some()
            || self.macro_blocks()
            || !self.queue.is_empty()
            || !self.combo.is_idle()
    }

    fn caps_word_deadline(&self) -> Option<Micros> {
        self.caps_word.deadline.filter(|_| !self.waiting())
    }

    /// An armed one-shot expires on time only while no key is waiting: a key held back behind
    /// a decision may have been pressed before the deadline, and is judged by its own time.
    fn one_shot_deadline(&self) -> Option<Micros> {
        self.one_shot.deadline.filter(|_| !self.waiting())
    }

    /// Releases everything the engine holds and returns it to its initial state. Keys still
    /// physically down are forgotten: their releases will do nothing.
    pub fn release_all<S: Sink>(&mut self, sink: &mut S) {
        let at = self.clock;
        self.combo.clear();
        self.queue.clear();
        self.pending = None;
        self.macro_run = None;
        self.one_shot = OneShot::default();
        self.retro = None;
        self.rolling = None;
        self.caps_word = CapsWordState::default();
        self.dance = None;
        self.eager_dance = None;
        self.leader = None;
        // Stopped before the output lets go, so the releases are not recorded.
        self.stop_recording(at, sink);
        self.playback = None;
        self.held.iter_mut().for_each(|h| *h = Held::default());
        self.layers.reset(at, sink);
        self.layer_mods = LayerMods::default();
        self.release_mouse(sink);
        self.out.release_all(at, sink);
        self.down.clear();
    }

    /// Output keys the virtual keyboard holds down right now.
    pub fn held_outputs(&self) -> impl Iterator<Item = KeyCode> + '_ {
        self.out.held()
    }

    /// Modifiers the output holds for armed one-shots (`OneShotSend::AtPress`): held with no
    /// key down, by design, until the one-shot is used or expires.
    pub fn armed_one_shot_mods(&self) -> ModMask {
        self.one_shot.shown
    }

    /// Output keys held by design with no key down: armed one-shot modifiers
    /// (`armed_one_shot_mods`), an armed sticky key with its modifiers (until used or
    /// expired), and the modifiers of modifier layers that are on (toggled or one-shot).
    pub fn latched_outputs(&self) -> impl Iterator<Item = KeyCode> + '_ {
        let (sticky_mods, sticky_key) = self.one_shot.armed_key.unzip();
        self.one_shot
            .shown
            .union(sticky_mods.unwrap_or_default())
            .union(self.layer_mods.shown)
            .keys()
            .chain(sticky_key)
    }

    /// Physical keys the engine believes are down.
    pub fn pressed_inputs(&self) -> impl Iterator<Item = KeyCode> + '_ {
        self.down.iter()
    }

    /// The base layer, then the active layers in activation order.
    pub fn active_layers(&self) -> impl Iterator<Item = LayerId> + '_ {
        let base = self.layers.base();
        let mut stack: Vec<LayerId> = self
            .layers
            .stack_top_down()
            .filter(|l| *l != base)
            .collect();
        stack.reverse();
        std::iter::once(base).chain(stack)
    }

    /// Active layers, base included, one bit per layer index.
    pub fn active_layer_mask(&self) -> u64 {
        self.layers.active_mask()
    }

    pub fn layer_name(&self, layer: LayerId) -> &str {
        &self.km.layer_names[layer as usize]
    }

    /// Whether any held key keeps a layer on (false once all keys are up and timers drained).
    pub fn any_momentary_layer(&self) -> bool {
        self.layers.any_momentary()
    }

    /// True when nothing is queued, pending or scheduled.
    pub fn is_settled(&self) -> bool {
        self.next_deadline().is_none() && self.queue.is_empty() && self.combo.is_idle()
    }
}
