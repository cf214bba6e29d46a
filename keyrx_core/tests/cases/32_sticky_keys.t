# Sticky keys for any key (ZMK `&sk` of a plain key or a key with modifiers). The key goes
# down at its press. Held while another key is pressed, it is a plain key. Tapped alone, it
# stays down until the next key has been typed, ending as one-shots end (`one_shot_end`:
# after the next key's release by default, ZMK; right after its press with `next-press`, ZMK
# `quick-release`), or when `one_shot_timeout_ms` passes (ZMK `release-after-ms`). Pressed
# again while armed, the armed one is released first, so the key is typed again (ZMK). A
# sticky modifier (`sticky("shift")`) is a one-shot modifier.

config:
{ "layers": [ { "name": "base", "map": {
    "f1": { "sticky": "ctrl+c" },
    "f2": { "sticky": "x" },
    "f3": { "sticky": "leftshift" },
    "leftshift": { "one_shot": "shift" },
    "capslock": { "tap_hold": { "tap": { "sticky": "x" }, "hold": "leftctrl" } },
    "q": { "momentary": "nav" } } },
  { "name": "nav", "map": { "h": { "sticky": "alt+tab" } } } ] }

case: a tapped sticky key stays down until the next key is released
in: d:f1 t:10 u:f1 t:100 d:a t:10 u:a
out: d:leftctrl d:c t:110 d:a t:10 u:a u:c u:leftctrl

case: the next key is typed while the sticky key is down
in: d:f2 t:10 u:f2 t:100 d:a t:10 u:a
out: d:x t:110 d:a t:10 u:a u:x

case: held while another key is pressed, a sticky key is a plain key
in: d:f2 t:10 d:a t:10 u:a t:10 u:f2 t:10 d:b u:b
out: d:x t:10 d:a t:10 u:a t:10 u:x t:10 d:b u:b

case: a sticky key times out after one_shot_timeout_ms
in: d:f1 t:10 u:f1 t:1100 d:a u:a
out: d:leftctrl d:c t:1010 u:c u:leftctrl t:100 d:a u:a

case: pressed again while armed, the sticky key is typed again
in: d:f2 u:f2 t:50 d:f2 u:f2 t:50 d:a u:a
out: d:x t:50 u:x d:x t:50 d:a u:a u:x

case: a one-shot modifier applies to a sticky key, not to the key after it
in: d:leftshift u:leftshift d:f2 u:f2 d:a u:a
out: d:leftshift d:x u:leftshift d:a u:a u:x

case: a sticky modifier is a one-shot modifier
in: d:f3 u:f3 d:a u:a d:b u:b
out: d:leftshift d:a u:a u:leftshift d:b u:b

case: a sticky key as a tap-hold's tap
in: d:capslock t:50 u:capslock t:50 d:a u:a
out: t:50 d:x t:50 d:a u:a u:x

# The alt-tab window switcher: alt stays down between tabs while the layer is held.
case: a sticky key on a layer outlives the layer until the next key
in: d:q d:h u:h u:q t:10 d:enter u:enter
out: d:leftalt d:tab t:10 d:enter u:enter u:tab u:leftalt

config:
{ "layers": [ { "name": "base", "map": { "f2": { "sticky": "x" }, "f1": { "sticky": "ctrl+c" } } } ],
  "options": { "one_shot_end": "next-press" } }

case: next-press: the sticky key goes up right after the next key's press
in: d:f2 u:f2 t:10 d:a t:10 u:a
out: d:x t:10 d:a u:x t:10 u:a

case: next-press: two sticky keys in a row: the second ends the first
in: d:f1 u:f1 t:10 d:f2 u:f2 t:10 d:a u:a
out: d:leftctrl d:c t:10 d:x u:c u:leftctrl t:10 d:a u:x u:a
