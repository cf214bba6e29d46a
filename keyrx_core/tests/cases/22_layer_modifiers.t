# Layers that carry modifiers (keyd `[nav:C]`). While such a layer is active, its modifiers
# are held on the output, from the moment it activates (keyd `update_mods` at `layer()`), so
# keys that fall through to the layers below are sent with them. A key or macro the layer
# maps itself is sent without them: they are lifted at its press and restored at its release
# (or at the next press, whichever comes first), as keyd does. A key that sends a modifier of
# its own keeps it. One-shot use of such a layer holds its modifiers until the next key.

config:
{ "layers": [
  { "name": "base", "map": {
    "capslock": { "momentary": "nav" }, "tab": { "one_shot_layer": "nav" },
    "rightalt": { "momentary": "sym" } } },
  { "name": "nav", "mods": "leftctrl", "map": {
    "h": "left", "j": "down", "k": "ctrl+k",
    "m": { "macro": ["a", "b"] } } },
  { "name": "sym", "mods": "leftshift", "map": { "h": "1" } } ] }

case: the layer's modifier goes down when the layer activates
in: d:capslock t:10 u:capslock
out: d:leftctrl t:10 u:leftctrl

case: a key the layer does not map falls through with the modifier
in: d:capslock t:10 d:c t:10 u:c t:10 u:capslock
out: d:leftctrl t:10 d:c t:10 u:c t:10 u:leftctrl

case: a key the layer maps is sent without the modifier, which comes back after it
in: d:capslock t:10 d:h t:10 u:h t:10 u:capslock
out: d:leftctrl t:10 u:leftctrl d:left t:10 u:left d:leftctrl t:10 u:leftctrl

case: two mapped keys in a roll: the modifier stays lifted until the last one's release
in: d:capslock t:10 d:h t:10 d:j t:10 u:h t:10 u:j t:10 u:capslock
out: d:leftctrl t:10 u:leftctrl d:left t:10 d:down t:10 u:left t:10 u:down d:leftctrl t:10 u:leftctrl

case: a fall-through key pressed while a mapped one is down restores the modifier for it
in: d:capslock t:10 d:h t:10 d:c t:10 u:c u:h t:10 u:capslock
out: d:leftctrl t:10 u:leftctrl d:left t:10 d:leftctrl d:c t:10 u:c u:left t:10 u:leftctrl

case: a mapped key that sends the layer's modifier itself keeps it
in: d:capslock t:10 d:k t:10 u:k t:10 u:capslock
out: d:leftctrl t:10 d:k t:10 u:k t:10 u:leftctrl

case: a macro the layer maps runs without the modifier
in: d:capslock t:10 d:m u:m t:10 u:capslock
out: d:leftctrl t:10 u:leftctrl d:a u:a d:b u:b d:leftctrl t:10 u:leftctrl

case: one-shot use: the modifier is held until the next key, which falls through with it
in: d:tab u:tab t:10 d:c t:10 u:c t:10 d:x u:x
out: d:leftctrl t:10 d:c t:10 u:c u:leftctrl t:10 d:x u:x

case: one-shot use: a key the layer maps is sent without the modifier
in: d:tab u:tab t:10 d:h t:10 u:h
out: d:leftctrl t:10 u:leftctrl d:left t:10 u:left

case: two modifier layers: a key of one keeps the other's modifier
in: d:capslock d:rightalt t:10 d:h t:10 u:h u:rightalt u:capslock
out: d:leftctrl d:leftshift t:10 u:leftshift d:1 t:10 u:1 d:leftshift u:leftshift u:leftctrl
