# Plain remaps, disabled keys, modified outputs and passthrough.
config:
{ "layers": [ { "name": "base", "map": {
    "capslock": "esc", "a": "b", "x": "none", "9": "shift+0", "q": "ctrl+shift+t",
    "rightalt": "leftmeta" } } ] }

case: remap a key to a key
in:  d:capslock t:10 u:capslock
out: d:esc t:10 u:esc

case: unmapped keys pass through
in:  d:z u:z d:f13 u:f13
out: d:z u:z d:f13 u:f13

case: a disabled key emits nothing
in:  d:x t:5 u:x
out:

case: modified output presses modifiers first and releases them last
in:  d:9 t:10 u:9
out: d:leftshift d:0 t:10 u:0 u:leftshift

case: several modifiers
in:  d:q u:q
out: d:leftctrl d:leftshift d:t u:t u:leftshift u:leftctrl

case: autorepeat of a remapped key repeats its output
in:  d:a t:300 r:a t:30 r:a u:a
out: d:b t:300 r:b t:30 r:b u:b

config:
{ "layers": [ { "name": "base", "map": { "9": "shift+9", "0": "9" } } ] }

case: until-next-press: rolling ( onto 9 (the same output key) types ( then 9: key up, shift up, 9 down
in: d:9 d:0 u:9 u:0
out: d:leftshift d:9 u:9 u:leftshift d:9 u:9

case: until-next-press: a held ( does not autorepeat under the next key
in: d:9 t:10 d:a t:300 r:9 r:a t:10 u:9 u:a
out: d:leftshift d:9 t:10 u:9 u:leftshift d:a t:300 r:a t:10 u:a

config:
{ "layers": [ { "name": "base", "map": { "9": "shift+9", "0": "9" } } ],
  "options": { "modified_roll": "mods-first" } }

case: until-next-press with mods-first (kanata): shift goes up before the key
in: d:9 d:0 u:9 u:0
out: d:leftshift d:9 u:leftshift u:9 d:9 u:9

config:
{ "layers": [ { "name": "base", "map": { "9": "shift+9", "0": "9" } } ],
  "options": { "modified_release": "with-key" } }

case: with-key: rolling onto a key with the same output retypes it with shift still held
in: d:9 d:0 u:9 u:0
out: d:leftshift d:9 u:9 d:9 u:leftshift u:9

config:
{ "layers": [ { "name": "base", "map": { "9": "shift+9", "0": "9" } } ],
  "options": { "modified_release": "after-press" } }

case: after-press releases the modifier at once, so the roll types ( then 9
in: d:9 d:0 u:9 u:0
out: d:leftshift d:9 u:leftshift u:9 d:9 u:9
