# keyd's `overload(layer, action)` as its own action (keyd(1) "Key overloading": "Activates the
# given layer while held and executes <action> on tap"). The layer or modifier is on from the
# press and other keys go through under it at once; the tap is sent on release, after the layer
# goes off, only if no other key was pressed since (keyboard.c: `last_pressed_code == code`),
# and, with a timeout (keyd `overload_tap_timeout`), only if held less than it
# (`time - overload_start_time < overload_tap_timeout`). No timeout: the tap comes however long
# the key was held. None of the tap-hold defaults apply to it.

config:
{ "layers": [ { "name": "base", "map": {
    "capslock": { "overload": { "hold": "leftctrl", "tap": "esc" } },
    "space": { "overload": { "hold": { "momentary": "nav" }, "tap": "space" } },
    "tab": { "overload": { "hold": "leftalt", "tap": "tab", "timeout_ms": 200 } },
    "x": "y" } },
  { "name": "nav", "map": { "h": "left" } } ],
  "options": { "tap_hold": { "quick_tap_ms": 300, "require_prior_idle_ms": 150 } } }

case: tapped alone: the modifier shows at the press, then the tap after it goes up
in: d:capslock t:50 u:capslock
out: d:leftctrl t:50 u:leftctrl d:esc u:esc

case: another key goes through at once under the modifier, and there is no tap
in: d:capslock t:50 d:x t:20 u:x t:20 u:capslock
out: d:leftctrl t:50 d:y t:20 u:y t:20 u:leftctrl

case: a layer is on from the press
in: d:space t:30 d:h t:10 u:h t:10 u:space
out: t:30 d:left t:10 u:left

case: released with no other key, the layer key taps
in: d:space t:30 u:space
out: t:30 d:space u:space

case: no timeout: the tap comes after any time, and no timer fires meanwhile
in: d:capslock t:100000 u:capslock
out: d:leftctrl t:100000 u:leftctrl d:esc u:esc

case: a key pressed before and released meanwhile is no interruption: it still taps
in: d:x t:10 d:capslock t:10 u:x t:10 u:capslock
out: d:y t:10 d:leftctrl t:10 u:y t:10 u:leftctrl d:esc u:esc

case: a key pressed and released inside still prevents the tap
in: d:capslock t:10 d:x t:10 u:x t:100 u:capslock
out: d:leftctrl t:10 d:y t:10 u:y t:100 u:leftctrl

case: with a timeout, released sooner it taps
in: d:tab t:199 u:tab
out: d:leftalt t:199 u:leftalt d:tab u:tab

case: with a timeout, released exactly at it there is no tap (keyd compares elapsed < timeout)
in: d:tab t:200 u:tab
out: d:leftalt t:200 u:leftalt

case: with a timeout, held past it there is no tap
in: d:tab t:500 u:tab
out: d:leftalt t:500 u:leftalt

case: two overloads: the second taps under the first's modifier
in: d:capslock t:10 d:space t:10 u:space t:10 u:capslock
out: d:leftctrl t:20 d:space u:space t:10 u:leftctrl

case: the tap-hold defaults do not apply: no prior-idle tap while typing
in: d:x t:10 u:x t:10 d:capslock t:10 u:capslock
out: d:y t:10 u:y t:10 d:leftctrl t:10 u:leftctrl d:esc u:esc

case: the tap-hold defaults do not apply: no quick tap on a second press
in: d:capslock t:10 u:capslock t:10 d:capslock t:10 d:x t:10 u:x u:capslock
out: d:leftctrl t:10 u:leftctrl d:esc u:esc t:10 d:leftctrl t:10 d:y t:10 u:y u:leftctrl

# --- overload_tap_timeout_ms (keyd `overload_tap_timeout`) -----------------------------------
config:
{ "layers": [ { "name": "base", "map": {
    "capslock": { "overload": { "hold": "leftctrl", "tap": "esc" } },
    "tab": { "overload": { "hold": "leftalt", "tap": "tab", "timeout_ms": 0 } } } } ],
  "options": { "overload_tap_timeout_ms": 150 } }

case: the keymap-wide timeout: held longer, no tap
in: d:capslock t:150 u:capslock
out: d:leftctrl t:150 u:leftctrl

case: the keymap-wide timeout: released sooner, the tap
in: d:capslock t:100 u:capslock
out: d:leftctrl t:100 u:leftctrl d:esc u:esc

case: a per-key timeout of 0 means none, whatever the keymap says
in: d:tab t:1000 u:tab
out: d:leftalt t:1000 u:leftalt d:tab u:tab
