# Named layers: momentary (while held), toggle, one-shot layer and set_base.
# Lookups walk the active layers from the most recently activated one; transparent `_` entries
# and unmapped keys fall through to the layers below; the bottom layer's `_` is the physical key
# (or nothing, with `transparent_base: nothing`). A key's release undoes what its press did,
# whatever happened to the layers in between. Empty layers are custom modifiers and locks.

config:
{ "layers": [
  { "name": "base", "map": {
    "space": { "momentary": "nav" }, "backslash": { "momentary": "nav" },
    "tab": { "toggle": "nav" }, "grave": { "toggle": "sym" }, "capslock": { "momentary": "sym" },
    "rightalt": { "one_shot_layer": "nav" },
    "f1": { "set_base": "colemak" }, "j": "x", "e": "e" } },
  { "name": "nav", "map": { "h": "left", "k": "up", "l": "_", "u": "shift+9", "n": "none" } },
  { "name": "sym", "map": { "h": "shift+1", "k": "_", "l": "2" } },
  { "name": "colemak", "map": { "e": "f", "r": "p", "n": "_",
    "space": { "momentary": "nav" }, "f2": { "set_base": "base" } } } ] }

case: momentary layer is active while its key is held
in: d:space t:10 d:h t:10 u:h t:10 u:space
out: t:10 d:left t:10 u:left

case: momentary layer ends when its key is released
in: d:space d:h u:h u:space d:h u:h
out: d:left u:left d:h u:h

case: a key the layer does not map falls through to the base mapping
in: d:space d:j u:j u:space
out: d:x u:x

case: a transparent entry falls through to the base (physical key there)
in: d:space d:l u:l u:space
out: d:l u:l

case: none in a layer blocks the key
in: d:space d:n t:5 u:n u:space
out:

case: a modified output in a layer
in: d:space t:5 d:u t:5 u:u t:5 u:space
out: t:5 d:leftshift d:9 t:5 u:9 u:leftshift

case: layer key released before the layered key: the release matches the press
in: d:space t:10 d:h t:10 u:space t:10 u:h
out: t:10 d:left t:20 u:left

case: layer key released before a modified layered key
in: d:space t:10 d:u t:10 u:space t:10 u:u
out: t:10 d:leftshift d:9 t:20 u:9 u:leftshift

case: a key pressed before the layer keeps its base output on release
in: d:h t:10 d:space t:10 u:h t:10 u:space
out: d:h t:20 u:h

case: two keys holding the same layer: it stays on until both are released
in: d:space d:backslash u:space d:h u:h u:backslash d:h u:h
out: d:left u:left d:h u:h

case: toggle layer stays on until toggled again
in: d:tab u:tab d:h u:h d:tab u:tab d:h u:h
out: d:left u:left d:h u:h

case: toggled off while a layered key is held: the key still releases its layer output
in: d:tab u:tab d:h t:10 d:tab u:tab t:10 u:h
out: d:left t:20 u:left

case: the most recently activated layer wins (momentary over toggle)
in: d:grave u:grave d:space d:h u:h u:space d:h u:h d:grave u:grave
out: d:left u:left d:leftshift d:1 u:1 u:leftshift

case: the most recently activated layer wins, not the later-declared one
in: d:tab u:tab d:capslock d:h u:h u:capslock d:h u:h d:tab u:tab
out: d:leftshift d:1 u:1 u:leftshift d:left u:left

case: transparent in the top layer falls to the next active layer, not the base
in: d:tab u:tab d:capslock d:k u:k u:capslock d:tab u:tab
out: d:up u:up

case: unmapped in the top layer falls to the next active layer
in: d:tab u:tab d:capslock d:u u:u u:capslock d:tab u:tab
out: d:leftshift d:9 u:9 u:leftshift

case: set_base switches the base layer and back
in: d:f1 u:f1 d:e u:e d:r u:r d:f2 u:f2 d:e u:e
out: d:f u:f d:p u:p d:e u:e

case: after set_base, keys the new base does not map are the physical keys
in: d:f1 u:f1 d:j u:j d:f2 u:f2 d:j u:j
out: d:j u:j d:x u:x

case: transparent on a switched base is the physical key
in: d:f1 u:f1 d:n u:n d:f2 u:f2
out: d:n u:n

case: a momentary layer over a switched base falls through to the new base
in: d:f1 u:f1 d:space d:h u:h d:e u:e u:space d:f2 u:f2
out: d:left u:left d:f u:f

case: switching the base while a key is held: its release matches its press
in: d:e t:5 d:f1 t:5 u:e u:f1 d:f2 u:f2
out: d:e t:10 u:e

case: one-shot layer applies to the next key only
in: d:rightalt u:rightalt d:h u:h d:h u:h
out: d:left u:left d:h u:h

case: one-shot layer held acts as a momentary layer
in: d:rightalt d:h u:h d:k u:k u:rightalt d:h u:h
out: d:left u:left d:up u:up d:h u:h

case: one-shot layer expires after the timeout
in: d:rightalt t:10 u:rightalt t:1100 d:h u:h
out: t:1110 d:h u:h

case: one-shot layer used by a key that falls through it
in: d:rightalt u:rightalt d:l u:l d:h u:h
out: d:l u:l d:h u:h

case: one-shot layer with a modified layered key, then the next key is on the base again
in: d:rightalt u:rightalt d:u t:10 u:u d:u u:u
out: d:leftshift d:9 t:10 u:9 u:leftshift d:u u:u

# Transparent on the bottom layer: the physical key (default) or nothing.
config:
{ "layers": [
  { "name": "base", "map": { "a": "_", "b": "c", "space": { "momentary": "nav" } } },
  { "name": "nav", "map": { "b": "_", "h": "left" } } ],
  "options": { "transparent_base": "nothing" } }

case: transparent_base nothing: `_` on the bottom layer sends nothing
in: d:a u:a d:z u:z
out: d:z u:z

case: transparent_base nothing: an upper `_` over a mapped base uses the base mapping
in: d:space d:b u:b u:space
out: d:c u:c

case: transparent_base nothing: an unmapped upper key over a `_` base sends nothing
in: d:space d:a u:a d:h u:h u:space
out: d:left u:left

config:
{ "layers": [
  { "name": "base", "map": { "a": "_", "space": { "momentary": "nav" } } },
  { "name": "nav", "map": { "a": "_" } } ] }

case: transparent_base physical-key (default): `_` on the bottom layer is the physical key
in: d:a u:a d:space d:a u:a u:space
out: d:a u:a d:a u:a

# Custom modifiers and locks: empty layers that only conditions look at.
config:
{ "layers": [
  { "name": "base", "map": {
    "capslock": { "momentary": "hyper" }, "scrolllock": { "toggle": "lock" },
    "h": { "cond": { "branches": [ { "when": { "layer": "hyper" }, "then": "left" } ] } },
    "j": { "cond": { "branches": [ { "when": { "layer": "lock" }, "then": "1" } ], "else": "j" } },
    "k": { "cond": { "branches": [ { "when": { "all": [ { "layer": "hyper" }, { "layer": "lock" } ] },
                                     "then": "f5" } ] } } } },
  { "name": "hyper" },
  { "name": "lock" } ] }

case: custom modifier: an empty layer held changes a conditional key
in: d:capslock d:h u:h u:capslock d:h u:h
out: d:left u:left d:h u:h

case: custom modifier emits nothing by itself
in: d:capslock t:50 u:capslock
out:

case: custom lock: an empty layer toggled changes a conditional key until toggled off
in: d:scrolllock u:scrolllock d:j u:j d:scrolllock u:scrolllock d:j u:j
out: d:1 u:1 d:j u:j

case: custom modifier and lock together
in: d:scrolllock u:scrolllock d:capslock d:k u:k u:capslock d:k u:k d:scrolllock u:scrolllock
out: d:f5 u:f5 d:k u:k

case: custom modifier released before the conditional key
in: d:capslock t:5 d:h t:5 u:capslock t:5 u:h
out: t:5 d:left t:10 u:left

# Transparent on a base chosen by set_base: kanata's `delegate-to-first-layer` falls through to
# the first declared layer, then to the physical key.
config:
{ "layers": [
  { "name": "qwerty", "map": { "a": "b", "f1": { "set_base": "colemak" }, "capslock": "esc" } },
  { "name": "colemak", "map": { "a": "_", "s": "r", "f2": { "set_base": "qwerty" } } } ],
  "options": { "transparent_base": "first-layer" } }

case: first-layer: on another base, `_` uses the first layer's mapping
in: d:f1 u:f1 d:a u:a
out: d:b u:b

case: first-layer: on another base, an unmapped key uses the first layer's mapping too
in: d:f1 u:f1 d:capslock u:capslock d:s u:s
out: d:esc u:esc d:r u:r

case: first-layer: a key neither layer maps is the physical key
in: d:f1 u:f1 d:z u:z
out: d:z u:z

case: first-layer: back on the first layer, its own mapping as usual
in: d:f1 u:f1 d:f2 u:f2 d:a u:a
out: d:b u:b
