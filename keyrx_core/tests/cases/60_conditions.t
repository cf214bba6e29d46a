# Conditional mappings: `cond` tries its branches in order when the key is pressed; the first
# whose condition holds decides, else `else` (transparent when absent). Conditions test an
# active layer (custom modifier or lock, or the base), modifiers held on the output (either
# side, every kind in the set), the device (by name glob), and `not` / `all` / `any`.
# The choice made at press is what the release undoes.

config:
{ "layers": [
  { "name": "base", "map": {
    "capslock": { "momentary": "fn" }, "scrolllock": { "toggle": "lock" }, "rightalt": "leftshift",
    "backspace": { "cond": { "branches": [ { "when": { "mods": "shift" }, "then": "delete" } ] } },
    "h": { "cond": { "branches": [ { "when": { "layer": "fn" }, "then": "left" } ], "else": "h" } },
    "j": { "cond": { "branches": [ { "when": { "not": { "layer": "lock" } }, "then": "j" } ], "else": "down" } },
    "k": { "cond": { "branches": [
             { "when": { "all": [ { "layer": "fn" }, { "mods": "ctrl" } ] }, "then": "f5" },
             { "when": { "any": [ { "layer": "fn" }, { "layer": "lock" } ] }, "then": "up" } ],
           "else": "k" } },
    "l": { "cond": { "branches": [ { "when": { "mods": "ctrl+shift" }, "then": "f6" } ], "else": "l" } },
    "m": { "cond": { "branches": [ { "when": { "layer": "base" }, "then": "n" } ] } } } },
  { "name": "fn" },
  { "name": "lock" } ] }

case: condition on a held custom modifier
in: d:capslock d:h u:h u:capslock d:h u:h
out: d:left u:left d:h u:h

case: condition on shift held
in: d:leftshift t:5 d:backspace t:5 u:backspace t:5 u:leftshift
out: d:leftshift t:5 d:delete t:5 u:delete t:5 u:leftshift

case: a mods condition accepts either side
in: d:rightshift d:backspace u:backspace u:rightshift
out: d:rightshift d:delete u:delete u:rightshift

case: a mods condition sees a modifier produced by a remapped key
in: d:rightalt d:backspace u:backspace u:rightalt
out: d:leftshift d:delete u:delete u:leftshift

case: no branch and no else: transparent, the physical key on the base
in: d:backspace u:backspace
out: d:backspace u:backspace

case: not: a lock toggled on and off
in: d:j u:j d:scrolllock u:scrolllock d:j u:j d:scrolllock u:scrolllock d:j u:j
out: d:j u:j d:down u:down d:j u:j

case: all: both conditions hold
in: d:capslock d:leftctrl d:k u:k u:leftctrl u:capslock
out: d:leftctrl d:f5 u:f5 u:leftctrl

case: the first branch that holds wins (any, with the custom modifier)
in: d:capslock d:k u:k u:capslock
out: d:up u:up

case: any: the lock alone also matches
in: d:scrolllock u:scrolllock d:k u:k d:scrolllock u:scrolllock
out: d:up u:up

case: else when no branch holds
in: d:leftctrl d:k u:k u:leftctrl
out: d:leftctrl d:k u:k u:leftctrl

case: a mods condition needs every modifier kind in its set
in: d:leftctrl d:l u:l d:leftshift d:l u:l u:leftshift u:leftctrl
out: d:leftctrl d:l u:l d:leftshift d:f6 u:f6 u:leftshift u:leftctrl

case: decided at press: releasing the modifier first still releases the chosen output
in: d:capslock t:5 d:h t:5 u:capslock t:5 u:h
out: t:5 d:left t:10 u:left

case: decided at press: a condition that becomes true later does not change a held key
in: d:h t:5 d:capslock t:5 u:h u:capslock
out: d:h t:10 u:h

case: a layer condition holds for the base layer
in: d:m u:m
out: d:n u:n

config:
{ "layers": [
  { "name": "base", "map": { "space": { "momentary": "nav" }, "h": "x" } },
  { "name": "nav", "map": {
    "h": { "cond": { "branches": [ { "when": { "mods": "shift" }, "then": "home" } ] } } } } ] }

case: a conditional with no matching branch in an upper layer falls through to the base
in: d:space d:h u:h u:space
out: d:x u:x

case: a conditional in an upper layer when its branch holds
in: d:leftshift d:space d:h u:h u:space u:leftshift
out: d:leftshift d:home u:home u:leftshift

# Device conditions: `@NAME` in the input names the device of the next event.
config:
{ "devices": [ { "name": "all", "keymap": { "layers": [ { "name": "base", "map": {
    "a": { "cond": { "branches": [ { "when": { "device": { "name": "ext*" } }, "then": "b" } ], "else": "c" } },
    "s": { "cond": { "branches": [ { "when": { "not": { "device": { "name": "*laptop*" } } }, "then": "f13" } ] } } } } ] } } ] }

case: device condition matches the device name glob
in: @ext-kbd d:a @ext-kbd u:a
out: d:b u:b

case: device condition: another device takes the else branch
in: @laptop d:a @laptop u:a
out: d:c u:c

case: device condition: events without a device name come from the default device
in: d:a u:a
out: d:c u:c

case: not device: each device decides on its own
in: @my-laptop d:s @my-laptop u:s @ext-1 d:s @ext-1 u:s
out: d:s u:s d:f13 u:f13
