# One-shot modifiers and layers. A one-shot modifier goes out at its own press (default
# `one_shot_send = "at-press"`: QMK one-shot mods, ZMK sticky keys and kanata all register the
# modifier at once) and stays down while armed. Tapped alone, a one-shot key arms; the next non-modifier key
# uses it; it ends after that key's release (default `next-release`), right after its press
# (`next-press`), or at its release or another key's press, whichever is first
# (`release-or-next-press`). Armed and unused for `one_shot_timeout_ms` (default 1000,
# counted from the one-shot key's release), it is cancelled. Held while another key is
# pressed, a one-shot key is a plain hold. One-shots stack and chain.

config:
{ "layers": [
  { "name": "base", "map": {
    "leftshift": { "one_shot": "shift" }, "leftctrl": { "one_shot": "ctrl" },
    "rightalt": { "one_shot_layer": "nav" }, "space": { "momentary": "nav" },
    "9": "shift+9",
    "capslock": { "tap_hold": { "tap": "esc", "hold": "leftalt" } } } },
  { "name": "nav", "map": { "h": "left", "j": { "one_shot": "shift" }, "k": { "one_shot": "ctrl" } } } ] }

case: one-shot shift applies to the next key
in: d:leftshift t:10 u:leftshift t:100 d:a t:10 u:a
out: d:leftshift t:110 d:a t:10 u:a u:leftshift

case: one-shot applies to the next key only
in: d:leftshift u:leftshift d:a u:a d:b u:b
out: d:leftshift d:a u:a u:leftshift d:b u:b

case: tapping a one-shot key alone emits nothing
in: d:leftshift t:10 u:leftshift t:2000
out: d:leftshift t:1010 u:leftshift

case: one-shot expires after the timeout
in: d:leftshift t:10 u:leftshift t:1001 d:a u:a
out: d:leftshift t:1010 u:leftshift t:1 d:a u:a

case: one-shot still applies just before the timeout
in: d:leftshift t:10 u:leftshift t:999 d:a u:a
out: d:leftshift t:1009 d:a u:a u:leftshift

case: one-shot timeout counts from the one-shot key's release
in: d:leftshift t:500 u:leftshift t:900 d:a u:a
out: d:leftshift t:1400 d:a u:a u:leftshift

case: one-shots stack: shift then ctrl then a key
in: d:leftshift u:leftshift d:leftctrl u:leftctrl d:a u:a
out: d:leftshift d:leftctrl d:a u:a u:leftctrl u:leftshift

case: a second one-shot restarts the timeout for both
in: d:leftshift t:10 u:leftshift t:800 d:leftctrl t:10 u:leftctrl t:800 d:a u:a
out: d:leftshift t:810 d:leftctrl t:810 d:a u:a u:leftctrl u:leftshift

case: next-release (default): a key rolled in before the first is released is also shifted
in: d:leftshift u:leftshift d:a t:5 d:b t:5 u:a t:5 u:b
out: d:leftshift d:a t:5 d:b t:5 u:a u:leftshift t:5 u:b

case: held one-shot key with another key pressed is a plain hold
in: d:leftshift t:10 d:a t:10 u:a t:10 u:leftshift d:b u:b
out: d:leftshift t:10 d:a t:10 u:a t:10 u:leftshift d:b u:b

case: held one-shot key: the hold ends at its release even if the other key is still down
in: d:leftshift t:10 d:a t:10 u:leftshift t:10 u:a
out: d:leftshift t:10 d:a t:10 u:leftshift t:10 u:a

case: a real modifier pressed after a one-shot does not use it up
in: d:leftshift u:leftshift d:rightctrl d:a u:a u:rightctrl
out: d:leftshift d:rightctrl d:a u:a u:leftshift u:rightctrl

case: a momentary layer key does not use up a one-shot
in: d:leftshift u:leftshift d:space d:h u:h u:space
out: d:leftshift d:left u:left u:leftshift

case: one-shot with a modified output: the one-shot modifier goes down first
in: d:leftctrl u:leftctrl d:9 u:9
out: d:leftctrl d:leftshift d:9 u:9 u:leftshift u:leftctrl

case: one-shot applies to a tap-hold's tap
in: d:leftshift u:leftshift d:capslock t:50 u:capslock
out: d:leftshift t:50 d:esc u:esc u:leftshift

case: one-shot with a tap-hold that holds a modifier: the next key uses the one-shot
in: d:leftshift u:leftshift d:capslock t:250 d:a u:a u:capslock
out: d:leftshift t:200 d:leftalt t:50 d:a u:a u:leftshift u:leftalt

case: one-shot chain: one-shot layer, then a one-shot shift on it, then a key
in: d:rightalt u:rightalt d:j u:j d:h u:h d:h u:h
out: d:leftshift d:left u:left u:leftshift d:h u:h

case: one-shot chain: layer, shift and ctrl all apply to the next key
in: d:rightalt u:rightalt d:j u:j d:k u:k d:h u:h
out: d:leftshift d:leftctrl d:left u:left u:leftctrl u:leftshift

case: one-shot layer with a key pressed while it is held is a momentary layer, not armed after
in: d:rightalt d:h u:h u:rightalt d:h u:h
out: d:left u:left d:h u:h

config:
{ "layers": [
  { "name": "base", "map": {
    "leftshift": { "one_shot": "shift" }, "rightalt": { "one_shot_layer": "nav" } } },
  { "name": "nav", "map": { "h": "left" } } ],
  "options": { "one_shot_end": "next-press" } }

case: next-press: the one-shot ends right after the next key goes down
in: d:leftshift u:leftshift d:a t:10 u:a
out: d:leftshift d:a u:leftshift t:10 u:a

case: next-press: a rolled second key is not shifted
in: d:leftshift u:leftshift d:a t:5 d:b t:5 u:a u:b
out: d:leftshift d:a u:leftshift t:5 d:b t:5 u:a u:b

case: next-press: a one-shot layer ends after the next press, which still releases its layer output
in: d:rightalt u:rightalt d:h t:5 d:k t:5 u:h u:k
out: d:left t:5 d:k t:5 u:left u:k

config:
{ "layers": [
  { "name": "base", "map": {
    "leftshift": { "one_shot": "shift" }, "rightalt": { "one_shot_layer": "nav" } } },
  { "name": "nav", "map": { "h": "left", "k": "up" } } ],
  "options": { "one_shot_end": "release-or-next-press" } }

case: release-or-next-press: ends at the key's release when nothing else is pressed
in: d:leftshift u:leftshift d:a t:10 u:a d:b u:b
out: d:leftshift d:a t:10 u:a u:leftshift d:b u:b

case: release-or-next-press: ends at another key's press
in: d:leftshift u:leftshift d:a t:5 d:b t:5 u:a u:b
out: d:leftshift d:a t:5 u:leftshift d:b t:5 u:a u:b

case: release-or-next-press: a one-shot layer ends at another key's press
in: d:rightalt u:rightalt d:h t:5 d:k t:5 u:h u:k
out: d:left t:5 d:k t:5 u:left u:k

config:
{ "layers": [ { "name": "base", "map": { "leftshift": { "one_shot": "shift" } } } ],
  "options": { "one_shot_timeout_ms": 0 } }

case: timeout 0: an armed one-shot waits forever
in: d:leftshift u:leftshift t:60000 d:a u:a
out: d:leftshift t:60000 d:a u:a u:leftshift

# The earlier reading: the modifier reaches the output only together with the next key.
config:
{ "layers": [ { "name": "base", "map": {
    "leftshift": { "one_shot": "shift" }, "leftctrl": { "one_shot": "ctrl" } } } ],
  "options": { "one_shot_send": "with-next-key" } }

case: with-next-key: the modifier goes down with the next key only
in: d:leftshift t:10 u:leftshift t:100 d:a t:10 u:a
out: t:110 d:leftshift d:a t:10 u:a u:leftshift

case: with-next-key: tapped alone and expired, nothing at all reaches the output
in: d:leftshift t:10 u:leftshift t:2000
out:

case: with-next-key: stacked one-shots go down together with the key
in: d:leftshift u:leftshift d:leftctrl u:leftctrl d:a u:a
out: d:leftctrl d:leftshift d:a u:a u:leftshift u:leftctrl

# At press (default): stacking, re-pressing and expiry, as in QMK/ZMK.
config:
{ "layers": [ { "name": "base", "map": {
    "leftshift": { "one_shot": "shift" }, "leftctrl": { "one_shot": "ctrl" } } } ] }

case: at-press: the system sees the modifier as soon as the one-shot key goes down
in: d:leftshift t:10 u:leftshift t:100 d:a t:10 u:a
out: d:leftshift t:110 d:a t:10 u:a u:leftshift

case: at-press: stacked one-shots go down in press order and come up in reverse
in: d:leftctrl u:leftctrl t:10 d:leftshift u:leftshift t:10 d:a u:a
out: d:leftctrl t:10 d:leftshift t:10 d:a u:a u:leftshift u:leftctrl

case: at-press: re-pressing an armed one-shot takes it back and re-arms it, without a second press
in: d:leftshift u:leftshift t:900 d:leftshift u:leftshift t:900 d:a u:a
out: d:leftshift t:1800 d:a u:a u:leftshift

case: at-press: re-pressed and held with a key, it is a plain hold and ends with its key
in: d:leftshift u:leftshift t:100 d:leftshift t:10 d:a u:a t:10 u:leftshift d:b u:b
out: d:leftshift t:110 d:a u:a t:10 u:leftshift d:b u:b

case: at-press: an expired one-shot releases its modifier at the timeout
in: d:leftshift t:10 u:leftshift t:1500 d:a u:a
out: d:leftshift t:1010 u:leftshift t:500 d:a u:a
