# Remaps to a key, to nothing, and to modified outputs.
# A modified output presses its modifiers first and releases them last; by default
# (`until-next-press`, keyd/kanata) the next key's press ends it first, so a roll types exactly
# the characters pressed; `with-key` keeps it until its own release; `after-press` releases the
# modifiers right after the key goes down. Output keys are
# counted per holder: a key goes up only when the last input holding it lets go.

config:
{ "layers": [ { "name": "base", "map": {
    "capslock": "leftctrl", "a": "b", "x": "none", "grave": "block",
    "9": "shift+9", "0": "shift+0", "q": "ctrl+alt+delete", "f1": "rightalt+e",
    "kpplus": "shift+equal" } } ] }

case: remap to a modifier key holds it like the real one
in:  d:capslock t:10 d:z t:10 u:z t:10 u:capslock
out: d:leftctrl t:10 d:z t:10 u:z t:10 u:leftctrl

case: three-modifier output presses in order and releases in reverse
in:  d:q t:5 u:q
out: d:leftctrl d:leftalt d:delete t:5 u:delete u:leftalt u:leftctrl

case: right-side modifier in a modified output
in:  d:f1 u:f1
out: d:rightalt d:e u:e u:rightalt

case: the block alias emits nothing
in:  d:grave t:5 u:grave
out:

case: a disabled key does not disturb a key held around it
in:  d:z t:5 d:x t:5 u:x t:5 u:z
out: d:z t:15 u:z

case: modified output while the same modifier is physically held keeps it down
in:  d:leftshift t:5 d:9 t:5 u:9 t:5 u:leftshift
out: d:leftshift t:5 d:9 t:5 u:9 t:5 u:leftshift

case: physical shift released before the modified key: shift stays until the key's release
in:  d:leftshift t:5 d:9 t:5 u:leftshift t:5 u:9
out: d:leftshift t:5 d:9 t:10 u:9 u:leftshift

case: two inputs holding the same modifier: it goes up with the last one
in:  d:capslock t:5 d:leftctrl t:5 u:capslock t:5 u:leftctrl
out: d:leftctrl t:15 u:leftctrl

case: rolling two shifted symbols types each with its own shift (until-next-press)
in:  d:9 t:5 d:0 t:5 u:9 t:5 u:0
out: d:leftshift d:9 t:5 u:9 u:leftshift d:leftshift d:0 t:10 u:0 u:leftshift

case: rolling a shifted symbol into a plain key: the plain key is not shifted
in:  d:9 t:5 d:a t:5 u:9 t:5 u:a
out: d:leftshift d:9 t:5 u:9 u:leftshift d:b t:10 u:b

case: rolling a plain key into a shifted symbol on the same output (= then +)
in:  d:equal t:5 d:kpplus t:5 u:equal t:5 u:kpplus
out: d:equal t:5 d:leftshift u:equal d:equal t:10 u:equal u:leftshift

case: a remapped key rolled with its own target retypes the shared output
in:  d:a t:5 d:b t:5 u:a t:5 u:b
out: d:b t:5 u:b d:b t:10 u:b

case: an unmapped high key code passes through
in:  d:f24 t:5 u:f24
out: d:f24 t:5 u:f24

config:
{ "layers": [ { "name": "base", "map": {
    "9": "shift+9", "0": "shift+0", "q": "ctrl+alt+delete", "a": "b" } } ],
  "options": { "modified_release": "after-press" } }

case: after-press releases the modifier right after the key goes down
in:  d:9 t:10 u:9
out: d:leftshift d:9 u:leftshift t:10 u:9

case: after-press releases several modifiers in reverse order
in:  d:q t:10 u:q
out: d:leftctrl d:leftalt d:delete u:leftalt u:leftctrl t:10 u:delete

case: after-press: a plain key rolled after a symbol is not shifted
in:  d:9 t:5 d:a t:5 u:9 u:a
out: d:leftshift d:9 u:leftshift t:5 d:b t:5 u:9 u:b

case: after-press does not release a shift that is physically held
in:  d:leftshift t:5 d:9 t:5 u:9 t:5 u:leftshift
out: d:leftshift t:5 d:9 t:5 u:9 t:5 u:leftshift

case: after-press: rolling two symbols shifts each one on its own
in:  d:9 t:5 d:0 t:5 u:9 t:5 u:0
out: d:leftshift d:9 u:leftshift t:5 d:leftshift d:0 u:leftshift t:5 u:9 t:5 u:0
