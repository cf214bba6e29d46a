# Passthrough and hardware autorepeat: unmapped keys pass through; autorepeat repeats the key's
# current plain-key output (default `repeat: pass-through`) or is dropped (`repeat: drop`).
# Events for keys the engine never saw go down are ignored.
# `release_all`: releases every key the engine holds (plain keys first, then modifiers), clears
# layers and one-shots; the releases of keys that were down at that moment do nothing.

config:
{ "layers": [
  { "name": "base", "map": {
    "a": "b", "9": "shift+0", "x": "none", "space": { "momentary": "nav" },
    "f1": { "macro": ["m"] }, "pause": "release_all", "grave": { "toggle": "nav" },
    "rightalt": { "one_shot": "shift" } } },
  { "name": "nav", "map": { "h": "left" } } ] }

case: autorepeat of an unmapped key passes through
in: d:z t:300 r:z t:30 r:z t:10 u:z
out: d:z t:300 r:z t:30 r:z t:10 u:z

case: autorepeat of a remapped key repeats its output
in: d:a t:300 r:a t:30 r:a t:10 u:a
out: d:b t:300 r:b t:30 r:b t:10 u:b

case: autorepeat of a modified output repeats the key while the modifier stays down
in: d:9 t:300 r:9 t:10 u:9
out: d:leftshift d:0 t:300 r:0 t:10 u:0 u:leftshift

case: autorepeat of a disabled key emits nothing
in: d:x t:300 r:x u:x
out:

case: autorepeat of a layer key emits nothing
in: d:space t:300 r:space t:10 u:space
out:

case: autorepeat of a layered key repeats its layer output after the layer key is released
in: d:space t:10 d:h t:10 u:space t:300 r:h t:10 u:h
out: t:10 d:left t:310 r:left t:10 u:left

case: autorepeat of a key never pressed is ignored
in: r:z t:10 r:z
out:

case: a release of a key never pressed is ignored
in: u:z t:10 d:z u:z
out: t:10 d:z u:z

case: a second press of a key already down is treated as autorepeat
in: d:a t:300 d:a t:10 u:a
out: d:b t:300 r:b t:10 u:b

case: release_all mid-hold releases plain keys first, then modifiers
in: d:leftshift t:5 d:a t:5 d:pause t:5 u:pause u:a u:leftshift d:z u:z
out: d:leftshift t:5 d:b t:5 u:b u:leftshift t:5 d:z u:z

case: release_all while a modified output is held
in: d:9 t:5 d:pause u:pause t:5 u:9
out: d:leftshift d:0 t:5 u:0 u:leftshift

case: release_all turns a toggled layer off
in: d:grave u:grave d:pause u:pause d:h u:h
out: d:h u:h

case: release_all turns a held momentary layer off; the layer key's release does nothing
in: d:space d:pause u:pause d:h u:h u:space d:h u:h
out: d:h u:h d:h u:h

case: release_all cancels an armed one-shot
in: d:rightalt u:rightalt d:pause u:pause d:a u:a
out: d:leftshift u:leftshift d:b u:b

case: keys pressed after release_all work while the old ones are still down
in: d:a t:5 d:pause u:pause t:5 d:z t:5 u:a t:5 u:z
out: d:b t:5 u:b t:5 d:z t:10 u:z

case: autorepeat of a key released by release_all is ignored
in: d:a t:5 d:pause u:pause t:300 r:a t:10 u:a
out: d:b t:5 u:b

config:
{ "layers": [ { "name": "base", "map": { "a": "b", "9": "shift+0" } } ],
  "options": { "repeat": "drop" } }

case: repeat drop: autorepeat of an unmapped key is dropped
in: d:z t:300 r:z t:30 r:z t:10 u:z
out: d:z t:340 u:z

case: repeat drop: autorepeat of a remapped key is dropped
in: d:a t:300 r:a t:10 u:a
out: d:b t:310 u:b

case: repeat drop: autorepeat of a modified output is dropped
in: d:9 t:300 r:9 u:9
out: d:leftshift d:0 t:300 u:0 u:leftshift

case: repeat drop: a second press of a key already down is dropped too
in: d:a t:300 d:a t:10 u:a
out: d:b t:310 u:b

# Keys the engine does not process (kanata without `process-unmapped-keys`, or keys listed in
# `unprocessed_keys`): they go through untouched and at once, even while a tap-hold is undecided.
config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } }, "a": "b" } } ],
  "options": { "process_unmapped_keys": false, "unprocessed_keys": ["a"] } }

case: unprocessed: an unmapped key passes the undecided tap-hold at once and decides nothing
in: d:f t:10 d:x t:10 u:x t:10 u:f
out: t:10 d:x t:10 u:x t:10 d:f u:f

case: unprocessed: a listed key is not remapped, even though a layer maps it
in: d:a t:10 u:a
out: d:a t:10 u:a

case: unprocessed: autorepeat passes through
in: d:x t:300 r:x t:30 u:x
out: d:x t:300 r:x t:30 u:x

case: unprocessed: a mapped key is still processed
in: d:f t:250 u:f
out: t:200 d:leftshift t:50 u:leftshift
