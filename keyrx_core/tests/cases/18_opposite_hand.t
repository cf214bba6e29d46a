# Opposite-hand tap-holds: `options.hands` assigns keys to the left and right hand (kanata
# `defhands`, QMK `chordal_hold_layout`), and a tap-hold with `opposite_hand` decides by the hand
# of the key that interrupts it. A same-hand key decides at its press (`same_hand`); a key of the
# other hand lets the flavour decide; a key with no hand (or any key, when the tap-hold key has
# none) follows `unknown_hand`; the term ends as `opposite_hand_timeout` says.
# f and d are left-hand home-row mods, j a right-hand one; space, tab and 1 have no hand.

# --- kanata `tap-hold-opposite-hand` --------------------------------------------------------
# kanata docs/config.adoc "defhands and tap-hold-opposite-hand" and parser/src/cfg/
# custom_tap_hold.rs: the other hand's press resolves Hold; `(same-hand tap)`,
# `(unknown-hand ignore)` and `(timeout tap)` are the defaults. It is a hold at the press, so
# `hold-on-other-key-press`.
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } },
    "d": { "tap_hold": { "tap": "d", "hold": "leftctrl" } },
    "j": { "tap_hold": { "tap": "j", "hold": "rightshift" } },
    "space": { "tap_hold": { "tap": "space", "hold": "leftalt" } } } } ],
  "options": {
    "hands": { "left": ["q", "w", "e", "r", "t", "a", "s", "d", "f", "g", "z", "x", "c", "v", "b"],
               "right": ["y", "u", "i", "o", "p", "h", "j", "k", "l", "n", "m"] },
    "tap_hold": { "flavor": "hold-on-other-key-press", "opposite_hand": true,
                  "opposite_hand_timeout": "tap" } } }

case: kanata: a key of the other hand makes it a hold at its press
in: d:f t:20 d:k t:20 u:k t:20 u:f
out: t:20 d:leftshift d:k t:20 u:k t:20 u:leftshift

case: kanata: a key of the same hand makes it a tap at its press
in: d:f t:20 d:s t:20 u:s t:20 u:f
out: t:20 d:f d:s t:20 u:s t:20 u:f

case: kanata: a key with no hand is skipped; the next key of the other hand decides
in: d:f t:10 d:1 t:10 d:k t:10 u:k u:1 t:10 u:f
out: t:20 d:leftshift d:1 d:k t:10 u:k u:1 t:10 u:leftshift

case: kanata: a key with no hand is skipped; released alone the key taps
in: d:f t:10 d:1 t:10 u:1 t:10 u:f
out: t:30 d:f d:1 u:1 u:f

case: kanata: the term passes and the key taps, held down until its release
in: d:f t:250 u:f
out: t:200 d:f t:50 u:f

case: kanata: a tap-hold key with no hand skips every key, then taps at the term
in: d:space t:20 d:k t:20 u:k t:300 u:space
out: t:200 d:space d:k u:k t:140 u:space

case: kanata: two same-hand home-row keys roll as taps
in: d:d t:10 d:f t:10 u:d t:10 u:f
out: t:10 d:d t:10 u:d t:10 d:f u:f

# --- kanata `tap-hold-opposite-hand-release` ----------------------------------------------
# custom_tap_hold_opposite_hand_release: opposite-hand and no-hand keys decide only once pressed
# and released inside; same-hand keys still decide at the press. That is the `balanced` flavour.
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } },
    "g": { "tap_hold": { "tap": "g", "hold": "leftctrl", "unknown_hand": "tap" } } } } ],
  "options": {
    "hands": { "left": ["a", "s", "d", "f", "g"], "right": ["h", "j", "k", "l"] },
    "tap_hold": { "flavor": "balanced", "opposite_hand": true, "opposite_hand_timeout": "tap" } } }

case: kanata -release: the other hand's key pressed and released inside makes it a hold
in: d:f t:20 d:k t:20 u:k t:20 u:f
out: t:40 d:leftshift d:k u:k t:20 u:leftshift

case: kanata -release: a roll onto the other hand stays a tap
in: d:f t:20 d:k t:20 u:f t:20 u:k
out: t:40 d:f d:k u:f t:20 u:k

case: kanata -release: a same-hand key decides a tap at its press
in: d:f t:20 d:s t:20 u:s t:20 u:f
out: t:20 d:f d:s t:20 u:s t:20 u:f

case: kanata -release: `unknown_hand = tap` taps once the no-hand key is pressed and released
in: d:g t:20 d:1 t:20 u:1 t:20 u:g
out: t:40 d:g d:1 u:1 t:20 u:g

case: kanata -release: `unknown_hand = tap` waits while the no-hand key is still down
in: d:g t:20 d:1 t:20 u:g t:20 u:1
out: t:40 d:g d:1 u:g t:20 u:1

# --- QMK Chordal Hold --------------------------------------------------------------------
# QMK docs/tap_hold.md "Chordal Hold" and action_tapping.c: with CHORDAL_HOLD and
# PERMISSIVE_HOLD, a same-hand chord settles as tapped; an opposite-hand one is left to
# permissive hold; a `'*'` key on either side is exempt (get_chordal_hold_default returns true),
# so the flavour decides as for the other hand; past the tapping term the key is held.
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } },
    "j": { "tap_hold": { "tap": "j", "hold": "rightshift",
                         "flavor": "hold-on-other-key-press" } },
    "k": { "tap_hold": { "tap": "k", "hold": "rightctrl", "flavor": "tap-preferred" } } } } ],
  "options": {
    "hands": { "left": ["a", "s", "d", "f", "g"], "right": ["h", "j", "k", "l"] },
    "tap_hold": { "flavor": "balanced", "opposite_hand": true, "unknown_hand": "hold" } } }

case: QMK: a same-hand key pressed inside the term settles it as tapped
in: d:f t:20 d:d t:20 u:d t:20 u:f
out: t:20 d:f d:d t:20 u:d t:20 u:f

case: QMK: an exempt key tapped inside is a hold, as permissive hold says
in: d:f t:20 d:space t:20 u:space t:20 u:f
out: t:40 d:leftshift d:space u:space t:20 u:leftshift

case: QMK: an opposite-hand roll stays a tap under permissive hold
in: d:f t:20 d:h t:20 u:f t:20 u:h
out: t:40 d:f d:h u:f t:20 u:h

case: QMK: held past the term with nothing else, it is a hold
in: d:f t:250 u:f
out: t:200 d:leftshift t:50 u:leftshift

case: QMK: with hold-on-other-key-press, the other hand's press is a hold at once
in: d:j t:20 d:a t:20 u:a t:20 u:j
out: t:20 d:rightshift d:a t:20 u:a t:20 u:rightshift

case: QMK: with hold-on-other-key-press, a same-hand press still taps
in: d:j t:20 d:l t:20 u:l t:20 u:j
out: t:20 d:j d:l t:20 u:l t:20 u:j

case: QMK: in the default (tap-preferred) mode only the term makes a hold, the other hand or not
in: d:k t:20 d:a t:20 u:a t:20 u:k
out: t:60 d:k d:a u:a u:k

case: QMK: in the default mode a same-hand press taps at once
in: d:k t:20 d:l t:20 u:l t:20 u:k
out: t:20 d:k d:l t:20 u:l t:20 u:k

# --- same_hand_chords (QMK) --------------------------------------------------------------
# action_tapping.c: a same-hand press that is itself a tap-hold (`is_tap_record`) does not
# settle the first one; several same-hand home-row mods can be held together and used with a
# key of the other hand ("waiting_buffer_find_chordal_hold_tap"), while a same-hand tap-hold
# released first settles both as tapped. kanata decides every same-hand press at once.
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } },
    "d": { "tap_hold": { "tap": "d", "hold": "leftctrl" } } } } ],
  "options": {
    "hands": { "left": ["a", "s", "d", "f", "g"], "right": ["h", "j", "k", "l"] },
    "tap_hold": { "opposite_hand": true, "same_hand_chords": true } } }

case: same_hand_chords: two same-hand mods held, then the other hand's key: both hold
in: d:f t:10 d:d t:10 d:k t:10 u:k t:10 u:d u:f
out: t:30 d:leftshift d:leftctrl d:k u:k t:10 u:leftctrl u:leftshift

case: same_hand_chords: the second mod released first: both tap
in: d:f t:10 d:d t:10 u:d t:10 u:f
out: t:20 d:f d:d u:d t:10 u:f

case: same_hand_chords: a same-hand plain key still taps at its press
in: d:f t:10 d:a t:10 u:a t:10 u:f
out: t:10 d:f d:a t:10 u:a t:10 u:f

config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } },
    "d": { "tap_hold": { "tap": "d", "hold": "leftctrl" } } } } ],
  "options": {
    "hands": { "left": ["a", "s", "d", "f", "g"], "right": ["h", "j", "k", "l"] },
    "tap_hold": { "opposite_hand": true } } }

case: without same_hand_chords (kanata): the second mod's press taps the first
in: d:f t:10 d:d t:10 d:k t:10 u:k t:10 u:d u:f
out: t:10 d:f t:20 d:leftctrl d:k u:k t:10 u:leftctrl u:f

# --- same_hand = hold / ignore ---------------------------------------------------------
# kanata `(same-hand hold)` resolves Hold on a same-hand press; `(same-hand ignore)` skips it
# and waits for the next key or the timeout ("When a value is `ignore`, that key press is
# skipped").
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift", "same_hand": "hold" } },
    "d": { "tap_hold": { "tap": "d", "hold": "leftctrl", "same_hand": "ignore" } } } } ],
  "options": {
    "hands": { "left": ["a", "s", "d", "f", "g"], "right": ["h", "j", "k", "l"] },
    "tap_hold": { "flavor": "hold-on-other-key-press", "opposite_hand": true } } }

case: same_hand = hold: a same-hand press makes it a hold
in: d:f t:20 d:a t:20 u:a t:20 u:f
out: t:20 d:leftshift d:a t:20 u:a t:20 u:leftshift

case: same_hand = ignore: the same-hand key is skipped, the other hand's key decides
in: d:d t:20 d:a t:20 u:a t:20 d:k t:20 u:k u:d
out: t:60 d:leftctrl d:a u:a d:k t:20 u:k u:leftctrl

case: same_hand = ignore: released with only same-hand keys in between, it taps
in: d:d t:20 d:a t:20 u:a t:20 u:d
out: t:60 d:d d:a u:a u:d

case: same_hand = ignore: the term still makes a hold (opposite_hand_timeout = hold)
in: d:d t:20 d:a t:250 u:a u:d
out: t:200 d:leftctrl d:a t:70 u:a u:leftctrl

# --- neutral_keys / neutral (kanata) -----------------------------------------------------
# kanata docs/config.adoc, the example with options: `(same-hand ignore) (timeout hold)
# (neutral-keys spc tab) (neutral tap)`. Neutral keys are checked before defhands
# ("takes precedence over defhands") and, in the `-release` variant, wait for their release.
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftctrl", "same_hand": "ignore",
                         "neutral_keys": ["space", "tab", "j"], "neutral": "tap" } },
    "d": { "tap_hold": { "tap": "d", "hold": "leftshift", "flavor": "balanced",
                         "neutral_keys": ["space"], "neutral": "hold" } },
    "s": { "tap_hold": { "tap": "s", "hold": "leftalt", "neutral_keys": ["space"] } } } } ],
  "options": {
    "hands": { "left": ["a", "s", "d", "f", "g"], "right": ["h", "j", "k", "l"] },
    "tap_hold": { "flavor": "hold-on-other-key-press", "opposite_hand": true } } }

case: neutral tap: a neutral key's press taps
in: d:f t:20 d:space t:20 u:space u:f
out: t:20 d:f d:space t:20 u:space u:f

case: neutral keys win over hands: j is neutral here, so it taps rather than holds
in: d:f t:20 d:j t:20 u:j u:f
out: t:20 d:f d:j t:20 u:j u:f

case: keys that are not neutral keep their hand: k holds
in: d:f t:20 d:k t:20 u:k u:f
out: t:20 d:leftctrl d:k t:20 u:k u:leftctrl

case: neutral hold, balanced: the neutral key must be pressed and released inside
in: d:d t:20 d:space t:20 u:space t:20 u:d
out: t:40 d:leftshift d:space u:space t:20 u:leftshift

case: neutral hold, balanced: a neutral key still down when it is released: a tap
in: d:d t:20 d:space t:20 u:d t:20 u:space
out: t:40 d:d d:space u:d t:20 u:space

case: neutral ignore (the default): the neutral key is skipped, the other hand decides
in: d:s t:20 d:space t:20 d:k t:20 u:k u:space u:s
out: t:40 d:leftalt d:space d:k t:20 u:k u:space u:leftalt

# --- hands and hold_trigger_keys together ------------------------------------------------
# ZMK's positional rule (`hold_trigger_keys`) is checked first: a key outside the list taps.
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift", "hold_trigger_keys": ["j"] } } } } ],
  "options": {
    "hands": { "left": ["f"], "right": ["j", "k"] },
    "tap_hold": { "flavor": "hold-on-other-key-press", "opposite_hand": true } } }

case: hold_trigger_keys and hands: a listed key of the other hand holds
in: d:f t:20 d:j t:20 u:j u:f
out: t:20 d:leftshift d:j t:20 u:j u:leftshift

case: hold_trigger_keys and hands: an unlisted key of the other hand taps
in: d:f t:20 d:k t:20 u:k u:f
out: t:20 d:f d:k t:20 u:k u:f
