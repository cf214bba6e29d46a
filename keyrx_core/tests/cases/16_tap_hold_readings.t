# Readings of tap-hold behaviour on which QMK, ZMK, kanata and keyd disagree, one option each:
# what the release of a key pressed before an undecided tap-hold does (`prior_key_release`),
# whether a re-press exactly at the end of the quick-tap window counts (`quick_tap_end`), and
# that require-prior-idle counts only keys that typed something. Term 200 ms, balanced.

# --- prior_key_release = immediate (default; ZMK hold-tap, keyd overload) -------------------
# ZMK's hold-tap captures only presses and the releases of keys pressed after it; other
# releases bubble through at once.
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } },
    "j": { "tap_hold": { "tap": "j", "hold": "rightshift" } },
    "q": { "momentary": "nav" } } },
  { "name": "nav", "map": { "h": "left" } } ] }

case: immediate: a plain key pressed before goes up at once, and decides nothing
in: d:c t:20 d:f t:20 u:c t:20 u:f
out: d:c t:40 u:c t:20 d:f u:f

case: immediate: a modifier held before goes up at once, so the tap is not shifted
in: d:f t:250 d:j t:20 u:f t:20 u:j
out: t:200 d:leftshift t:70 u:leftshift t:20 d:j u:j

case: immediate: a layer key released before the decision ends the layer at once
in: d:q t:10 d:f t:10 u:q t:10 u:f
out: t:30 d:f u:f

case: immediate: a key pressed after the tap-hold still waits for the decision
in: d:f t:10 d:c t:10 u:c t:10 u:f
out: t:20 d:leftshift d:c u:c t:10 u:leftshift

# --- prior_key_release = keep-modifiers (QMK action_tapping.c) ------------------------------
# QMK processes the release of a key pressed before the tapping key at once, except that
# "Modifier/Layer should be retained till end of this tapping".
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } },
    "j": { "tap_hold": { "tap": "j", "hold": "rightshift" } } } } ],
  "options": { "tap_hold": { "prior_key_release": "keep-modifiers" } } }

case: keep-modifiers: a plain key pressed before goes up at once
in: d:c t:20 d:f t:20 u:c t:20 u:f
out: d:c t:40 u:c t:20 d:f u:f

case: keep-modifiers: a modifier held before stays until the tap, which is shifted
in: d:f t:250 d:j t:20 u:f t:20 u:j
out: t:200 d:leftshift t:90 d:j u:leftshift u:j

# --- prior_key_release = queued (kanata: events stack behind a waiting tap-hold) -------------
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } } } } ],
  "options": { "tap_hold": { "prior_key_release": "queued" } } }

case: queued: the release waits behind the undecided tap-hold and keeps its order
in: d:c t:20 d:f t:20 u:c t:20 u:f
out: d:c t:60 d:f u:c u:f

# --- quick_tap_end -------------------------------------------------------------------------
# QMK and ZMK: a re-press is a quick tap while `elapsed < quick_tap_ms` (ZMK hold_tap.c
# `is_quick_tap`); kanata's tap-repress timeout also accepts the boundary itself.
config:
{ "layers": [ { "name": "base", "map": {
    "a": { "tap_hold": { "tap": "a", "hold": "leftmeta", "quick_tap_ms": 150 } } } } ],
  "options": { "tap_hold": { "quick_tap_end": "inclusive" } } }

case: quick_tap_end inclusive: a re-press exactly at the window's end is still a quick tap
in: d:a t:30 u:a t:120 d:a t:300 u:a
out: t:30 d:a u:a t:120 d:a t:300 u:a

case: quick_tap_end inclusive: one millisecond later it can hold again
in: d:a t:30 u:a t:121 d:a t:300 u:a
out: t:30 d:a u:a t:321 d:leftmeta t:100 u:leftmeta

# --- require-prior-idle counts only keys that typed something (ZMK) ------------------------
# ZMK records the last tapped time from keycode events that are not modifiers
# (`keycode_state_changed_listener`): an undecided hold-tap, a layer key or a modifier press
# does not count; a tap-hold that resolves as a tap counts from its decision.
config:
{ "layers": [ { "name": "base", "map": {
    "d": { "tap_hold": { "tap": "d", "hold": "leftctrl", "require_prior_idle_ms": 150 } },
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift", "require_prior_idle_ms": 150 } },
    "q": { "momentary": "nav" } } },
  { "name": "nav", "map": { "h": "left" } } ] }

case: prior-idle: a letter typed just before makes the tap-hold tap at once
in: d:x t:10 u:x t:50 d:f t:300 u:f
out: d:x t:10 u:x t:50 d:f t:300 u:f

case: prior-idle: a modifier pressed just before does not count
in: d:leftctrl t:50 d:f t:300 u:f u:leftctrl
out: d:leftctrl t:250 d:leftshift t:100 u:leftshift u:leftctrl

case: prior-idle: a layer key pressed just before does not count
in: d:q t:50 d:f t:300 u:f u:q
out: t:250 d:leftshift t:100 u:leftshift

case: prior-idle: another home-row key still undecided does not count
in: d:d t:50 d:f t:300 u:f u:d
out: t:200 d:leftctrl t:50 d:leftshift t:100 u:leftshift u:leftctrl

case: prior-idle: a home-row key that resolved as a tap counts from its decision
in: d:d t:30 u:d t:100 d:f t:300 u:f
out: t:30 d:d u:d t:100 d:f t:300 u:f
