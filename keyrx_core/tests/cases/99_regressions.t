# Regressions: each group pins a bug that was found and fixed; the comment says what broke.


# --- retro-tap `deferred`: a key pressed before the term makes it a hold at the term ------
# RetroTap::Deferred is documented as "No hold shows until another key is pressed; released
# alone, it taps (ZMK)". A key pressed while the tap-hold was still undecided *is* another key
# pressed: once the term passes, the hold should show (followed by that key), and the eventual
# release must not tap. The engine instead marks the key deferred at the term without looking at
# the events already queued behind it, so the buffered key stays blocked until some later event.
config:
{ "layers": [ { "name": "base", "map": {
    "a": { "tap_hold": { "tap": "a", "hold": "leftmeta", "retro_tap": "deferred" } },
    "s": { "tap_hold": { "tap": "s", "hold": "leftalt", "retro_tap": "deferred", "flavor": "tap-preferred" } } } } ] }

case: retro-tap deferred: a key pressed before the term and held past it makes a hold at the term (balanced)
in: d:a t:50 d:c t:250 u:c t:10 u:a
out: t:200 d:leftmeta d:c t:100 u:c t:10 u:leftmeta

case: retro-tap deferred: a key tapped inside before the term is not "released alone" (tap-preferred)
in: d:s t:20 d:c t:20 u:c t:300 u:s
out: t:200 d:leftalt d:c u:c t:140 u:leftalt

# --- combo_window `between-keys`: the window restarts at each key ------------------------
# ComboWindow::BetweenKeys is documented as "Each key within the window of the previous one
# (keyd, QMK default)". When a key joins a forming combo, the engine computes the new deadline
# from the *previous* key's time (`p.last` before it is updated), so the window still closes
# `window` ms after the first key: a three-key combo typed with 40 ms between keys never fires.
config:
{ "layers": [ { "name": "base" } ],
  "combos": [ { "keys": ["u", "i", "o"], "action": "enter" } ],
  "options": { "combo_window": "between-keys" } }

case: between-keys: each key within the window of the previous one fires the combo
in: d:u t:40 d:i t:40 d:o t:10 u:u u:i u:o
out: t:80 d:enter t:10 u:enter

case: between-keys: the window restarts at each key before it expires
in: d:u t:40 d:i t:60 u:u u:i
out: t:90 d:u d:i t:10 u:u u:i

# --- a fired combo's key released while another combo forms is still counted -------------
# While a second combo forms, releases of other keys are held back with it. When it fires,
# `fire_combo` sends those held-back releases straight to the key stage, skipping the
# active-combo bookkeeping that `combo_idle_event` does. The release of a key belonging to a
# combo that is already down is therefore never counted: with `first-key-up` its output is
# released late (at the partner's release), and with `all-keys-up` it is never released at
# all -- a stuck key after every physical key is up (the invariant check fails).
config:
{ "layers": [ { "name": "base" } ],
  "combos": [ { "keys": ["j", "k"], "action": "esc" }, { "keys": ["l", "semicolon"], "action": "enter" } ] }

case: a fired combo's key released while another combo forms releases it in order (first-key-up)
in: d:j t:10 d:k t:10 d:l t:10 u:j t:10 d:semicolon t:10 u:semicolon t:10 u:k t:10 u:l
out: t:10 d:esc t:30 u:esc d:enter t:10 u:enter

config:
{ "layers": [ { "name": "base" } ],
  "combos": [ { "keys": ["j", "k"], "action": "esc" }, { "keys": ["l", "semicolon"], "action": "enter" } ],
  "options": { "combo_release": "all-keys-up" } }

case: all-keys-up: a fired combo's key released while another combo forms still counts
in: d:j t:10 d:k t:10 d:l t:10 u:j t:10 d:semicolon t:10 u:k t:10 u:l t:10 u:semicolon
out: t:10 d:esc t:30 d:enter t:10 u:esc t:20 u:enter

# --- the one-shot timeout judges the next key by its press time, even if it waits --------
# `one_shot_timeout_ms`: "An armed one-shot that is not used within this time is cancelled".
# Here the next key is pressed 80 ms after the one-shot was armed (timeout 100 ms), but it is a
# tap-hold (decided 50 ms later) or a combo key (held back for the 50 ms window). The one-shot
# timer fires while the key is still buffered, so the key comes out unmodified -- whereas a
# plain key pressed at the same moment would be shifted. The engine's own rule is that
# "decisions use the time each event happened"; the key was pressed inside the timeout.
config:
{ "layers": [ { "name": "base", "map": {
    "rightalt": { "one_shot": "shift" },
    "capslock": { "tap_hold": { "tap": "esc", "hold": "leftctrl" } } } } ],
  "options": { "one_shot_timeout_ms": 100 } }

case: a key pressed before the one-shot timeout uses it even if a tap-hold decides later
in: d:rightalt t:10 u:rightalt t:80 d:capslock t:50 u:capslock
out: d:leftshift t:140 d:esc u:esc u:leftshift

config:
{ "layers": [ { "name": "base", "map": { "rightalt": { "one_shot": "shift" } } } ],
  "combos": [ { "keys": ["j", "k"], "action": "esc" } ],
  "options": { "one_shot_timeout_ms": 100 } }

case: a key pressed before the one-shot timeout uses it even if a combo holds it back
in: d:rightalt t:10 u:rightalt t:80 d:j t:60 u:j
out: d:leftshift t:140 d:j t:10 u:j u:leftshift

# --- autorepeat of a modified output under `after-press` repeats the modified key ---------
# With `modified_release: after-press` the shift of `shift+9` goes up right after the press, so
# the pass-through repeat `r:9` types "9": holding the key gives "(9999...". PRODUCT.md asks for
# autorepeat "passed through as the key's current output", i.e. more "(". The expectation below
# wraps each repeat in the key's modifiers; dropping the repeats would also be defensible --
# which one is a design decision, but typing a different character is not.
config:
{ "layers": [ { "name": "base", "map": { "9": "shift+9" } } ],
  "options": { "modified_release": "after-press" } }

case: after-press: autorepeat of a modified output keeps typing the modified character
in: d:9 t:300 r:9 t:10 u:9
out: d:leftshift d:9 u:leftshift t:300 d:leftshift r:9 u:leftshift t:10 u:9

# --- a transparent tap inside a tap-hold falls through to the layers below --------------
# `_` means "whatever the layers below do", and a `cond` without `else` is documented as
# "transparent when absent". Both are accepted inside a tap-hold, but the engine resolves
# transparency only for a key's top-level action: when the tap-hold decides, `press_action`
# receives `Transparent` and emits nothing, so the key press silently disappears. Either the
# tap should fall through the layer stack (expected below), or the config should be rejected.
config:
{ "layers": [
  { "name": "base", "map": {
    "a": { "tap_hold": { "tap": { "cond": { "branches": [ { "when": { "mods": "ctrl" }, "then": "x" } ] } }, "hold": "leftmeta" } },
    "space": { "momentary": "nav" }, "f": "g" } },
  { "name": "nav", "map": { "f": { "tap_hold": { "tap": "_", "hold": "leftshift" } } } } ] }

case: a tap-hold's tap that is a cond with no matching branch is transparent: the physical key
in: d:a t:50 u:a
out: t:50 d:a u:a

case: a tap-hold on an upper layer with a transparent tap types what the layer below does
in: d:space d:f t:50 u:f u:space
out: t:50 d:g u:g

# --- combos limited to layers follow the top layer ------------------------------------------
# The base layer is always active, so a combo limited to "base" used to fire on every layer and
# shadow the same keys' combo on an upper layer. Now a layer-limited combo forms only while one
# of its layers is the topmost active one (ZMK's rule).
config:
{ "layers": [ { "name": "base", "map": { "rightalt": { "momentary": "sym" } } }, { "name": "sym" } ],
  "combos": [ { "keys": ["j", "k"], "action": "esc", "layers": ["base"] },
              { "keys": ["j", "k"], "action": "backspace", "layers": ["sym"] } ] }

case: on the base layer the base combo fires
in: d:j t:10 d:k t:10 u:j u:k
out: t:10 d:esc t:10 u:esc

case: with sym on top the sym combo fires, not the base one
in: d:rightalt t:10 d:j t:10 d:k t:10 u:j u:k u:rightalt
out: t:20 d:backspace t:10 u:backspace

# A tap-hold whose hold side is a macro with a wait, shown while undecided, then decided as a
# tap whose side is another macro: the first macro was replaced while it still held its key,
# which was never released.
config:
{ "layers": [ { "name": "base", "map": {
    "a": { "tap_hold": { "tap": { "macro": ["m"] }, "hold": { "macro": [{ "press": "leftshift" }, { "delay": 1 }] },
           "flavor": "tap-unless-interrupted", "term_ms": 50, "hold_while_undecided": true } },
    "space": { "tap_hold": { "tap": "x", "hold": "x", "flavor": "tap-preferred" } } } } ] }

case: a running macro is finished, its keys released, before another macro starts
in: d:space d:a t:7000 u:a t:7000 u:space
out: t:200 d:x d:leftshift u:leftshift d:m u:m t:13800 u:x
