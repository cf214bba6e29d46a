# `multi`: several outputs held together by one key (kanata `multi`): keys, modified keys and
# layer actions go down in the order listed and come up in reverse (the first down is the
# last up, as nested modifiers are). `modifier_order` sets the order of the modifiers of one
# output, `ctrl+shift+t`, and of a multi's parts: `reverse` (default; QMK and kanata nest
# them), `press-order` (up in the order they went down), `keyd` (keyd's fixed table order
# Alt, AltGr, Shift, Meta, Ctrl, both down and up).

config:
{ "layers": [
  { "name": "base", "map": {
    "capslock": { "multi": ["leftctrl", { "momentary": "nav" }] },
    "f1": { "multi": ["leftctrl", "leftalt", "delete"] },
    "f2": "ctrl+shift+t",
    "f3": "ctrl+alt+shift+meta+x" } },
  { "name": "nav", "map": { "h": "left" } } ] }

case: multi: a modifier and a layer together; the layer's keys come with the modifier
in: d:capslock t:10 d:h t:10 u:h t:10 u:capslock
out: d:leftctrl t:10 d:left t:10 u:left t:10 u:leftctrl

case: multi: keys go down in order and come up in reverse
in: d:f1 t:10 u:f1
out: d:leftctrl d:leftalt d:delete t:10 u:delete u:leftalt u:leftctrl

case: reverse: a multi-modifier output's modifiers come up in reverse
in: d:f2 t:10 u:f2
out: d:leftctrl d:leftshift d:t t:10 u:t u:leftshift u:leftctrl

case: reverse: four modifiers
in: d:f3 t:10 u:f3
out: d:leftctrl d:leftshift d:leftalt d:leftmeta d:x t:10 u:x u:leftmeta u:leftalt u:leftshift u:leftctrl

config:
{ "layers": [
  { "name": "base", "map": {
    "f1": { "multi": ["leftctrl", "leftalt", "delete"] },
    "f2": "ctrl+shift+t",
    "f3": "ctrl+alt+shift+meta+x" } } ],
  "options": { "modifier_order": "press-order" } }

case: press-order: modifiers come up in the order they went down
in: d:f2 t:10 u:f2
out: d:leftctrl d:leftshift d:t t:10 u:t u:leftctrl u:leftshift

case: press-order: a multi's parts come up in the order they went down
in: d:f1 t:10 u:f1
out: d:leftctrl d:leftalt d:delete t:10 u:leftctrl u:leftalt u:delete

config:
{ "layers": [
  { "name": "base", "map": {
    "f2": "ctrl+shift+t",
    "f3": "ctrl+alt+shift+meta+x" } } ],
  "options": { "modifier_order": "keyd" } }

# keyd's set_mods walks its modifier table (alt, altgr, shift, super, ctrl) for both.
case: keyd: modifiers down and up in keyd's table order
in: d:f3 t:10 u:f3
out: d:leftalt d:leftshift d:leftmeta d:leftctrl d:x t:10 u:x u:leftalt u:leftshift u:leftmeta u:leftctrl

case: keyd: ctrl+shift
in: d:f2 t:10 u:f2
out: d:leftshift d:leftctrl d:t t:10 u:t u:leftshift u:leftctrl
