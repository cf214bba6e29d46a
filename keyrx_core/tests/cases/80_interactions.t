# Features combined: a layer on a tap-hold with home-row mods inside it, one-shots feeding
# combos and tap-holds, release_all during tap-holds, combos over home-row mods, and macros
# started from layers.

config:
{ "layers": [
  { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } },
    "space": { "tap_hold": { "tap": "space", "hold": { "momentary": "nav" }, "flavor": "hold-on-other-key-press" } },
    "capslock": { "tap_hold": { "tap": "esc", "hold": "leftctrl", "flavor": "hold-on-other-key-press" } },
    "rightalt": { "one_shot": "shift" },
    "pause": "release_all",
    "grave": { "toggle": "nav" } } },
  { "name": "nav", "map": {
    "h": "left", "u": "shift+9", "f": "_", "esc": "release_all", "m": { "macro": ["x", "y"] } } } ],
  "combos": [ { "keys": ["j", "k"], "action": "esc" } ] }

case: layer tap-hold, then a home-row mod that falls through the layer, then a layered key
in: d:space t:20 d:f t:20 d:h t:20 u:h t:10 u:f t:10 u:space
out: t:60 d:leftshift d:left u:left t:10 u:leftshift

case: hold-on-other-key-press layer rolled into a key is still the layer
in: d:space t:20 d:h t:20 u:space t:20 u:h
out: t:20 d:left t:40 u:left

case: tap-hold layer released before a modified layered key
in: d:space t:20 d:u t:20 u:space t:20 u:u
out: t:20 d:leftshift d:9 t:40 u:9 u:leftshift

case: one-shot shift then a combo
in: d:rightalt u:rightalt d:j t:10 d:k t:10 u:j u:k
out: d:leftshift t:10 d:esc t:10 u:esc u:leftshift

case: one-shot shift then a home-row key tapped
in: d:rightalt u:rightalt d:f t:30 u:f
out: d:leftshift t:30 d:f u:f u:leftshift

case: one-shot shift armed, a tap-hold held as ctrl, then a key: ctrl and shift
in: d:rightalt u:rightalt d:capslock t:20 d:a u:a u:capslock
out: d:leftshift t:20 d:leftctrl d:a u:a u:leftshift u:leftctrl

case: release_all while a tap-hold holds a modifier; the tap-hold's release does nothing
in: d:capslock t:250 d:pause u:pause t:10 u:capslock d:a u:a
out: t:200 d:leftctrl t:50 u:leftctrl t:10 d:a u:a

case: release_all pressed while a tap-hold is undecided decides it first
in: d:capslock t:20 d:pause t:10 u:pause u:capslock d:a u:a
out: t:20 d:leftctrl u:leftctrl t:10 d:a u:a

case: release_all from inside a tap-hold layer turns the layer off
in: d:space t:250 d:esc u:esc u:space d:h u:h
out: t:250 d:h u:h

case: a macro started from a toggled layer
in: d:grave u:grave d:m u:m d:grave u:grave d:m u:m
out: d:x u:x d:y u:y d:m u:m

config:
{ "layers": [ { "name": "base", "map": {
    "d": { "tap_hold": { "tap": "d", "hold": "leftctrl" } },
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } } } } ],
  "combos": [ { "keys": ["d", "f"], "action": "esc" } ] }

case: two home-row mods pressed together fire their combo
in: d:d t:10 d:f t:20 u:d u:f
out: t:10 d:esc t:20 u:esc

case: a home-row mod held back by a combo keeps its term from the physical press
in: d:f t:250 u:f
out: t:200 d:leftshift t:50 u:leftshift

case: a home-row mod held back by a combo, then tapped
in: d:f t:30 u:f
out: t:30 d:f u:f

case: a home-row mod after the combo window, with a nested tap: a hold
in: d:f t:60 d:j t:20 u:j t:20 u:f
out: t:80 d:leftshift d:j u:j t:20 u:leftshift

case: home-row mods pressed one after the other slower than the window: both hold
in: d:f t:60 d:d t:60 d:j t:10 u:j t:10 u:d u:f
out: t:130 d:leftshift d:leftctrl d:j u:j t:10 u:leftctrl u:leftshift

config:
{ "layers": [
  { "name": "base", "map": {
    "f": { "tap_hold": { "tap": { "one_shot": "shift" }, "hold": "leftshift" } },
    "tab": { "tap_hold": { "tap": { "toggle": "nav" }, "hold": { "momentary": "nav" } } } } },
  { "name": "nav", "map": { "h": "left" } } ],
  "combos": [ { "keys": ["j", "k"], "action": { "one_shot": "ctrl" } } ] }

case: a tap-hold whose tap is a one-shot shift: tapped, it arms for the next key only
in: d:f t:30 u:f t:10 d:a u:a d:a u:a
out: t:30 d:leftshift t:10 d:a u:a u:leftshift d:a u:a

case: a tap-hold whose tap is a one-shot shift: held with a nested key, a plain shift
in: d:f t:20 d:a t:20 u:a t:20 u:f
out: t:40 d:leftshift d:a u:a t:20 u:leftshift

case: a combo whose action is a one-shot ctrl
in: d:j d:k t:10 u:j u:k t:10 d:a u:a
out: d:leftctrl t:20 d:a u:a u:leftctrl

case: a tap-hold that toggles a layer on tap and holds it on hold
in: d:tab t:30 u:tab d:h u:h d:tab t:30 u:tab d:h u:h
out: t:30 d:left u:left t:30 d:h u:h

case: the same tap-hold held as a momentary layer
in: d:tab t:250 d:h u:h u:tab d:h u:h
out: t:250 d:left u:left d:h u:h
