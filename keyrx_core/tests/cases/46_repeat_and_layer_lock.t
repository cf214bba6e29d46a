# Repeat Key (QMK Repeat Key): types the last typed key again, with the modifiers it was typed
# with (those held on the output at the time and its own), and nothing before anything was
# typed. Layer Lock (QMK Layer Lock): keeps the topmost active layer on after the key holding it
# goes up; pressed on a locked layer, it unlocks it; on the base layer it does nothing.

config:
{ "layers": [
  { "name": "base", "map": {
    "f1": "repeat_key",
    "f2": "shift+9",
    "q": { "momentary": "nav" } } },
  { "name": "nav", "map": { "h": "left", "f3": "layer_lock" } } ] }

case: repeat_key types the last key again
in: d:a u:a d:f1 u:f1 d:f1 u:f1
out: d:a u:a d:a u:a d:a u:a

case: repeat_key keeps the modifiers the key was typed with
in: d:leftctrl d:z u:z u:leftctrl d:f1 u:f1
out: d:leftctrl d:z u:z u:leftctrl d:leftctrl d:z u:z u:leftctrl

case: repeat_key repeats a modified output
in: d:f2 u:f2 d:f1 u:f1
out: d:leftshift d:9 u:9 u:leftshift d:leftshift d:9 u:9 u:leftshift

case: repeat_key before anything was typed does nothing
in: d:f1 u:f1 d:a u:a
out: d:a u:a

case: repeat_key repeats a layer's output after the layer is gone
in: d:q d:h u:h u:q d:f1 u:f1
out: d:left u:left d:left u:left

case: layer_lock keeps the held layer on after its key goes up
in: d:q d:f3 u:f3 u:q d:h u:h
out: d:left u:left

case: layer_lock again unlocks it
in: d:q d:f3 u:f3 u:q d:f3 u:f3 d:h u:h
out: d:h u:h
