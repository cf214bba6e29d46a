# Tap-hold flavours. Term 200 ms unless stated.
config:
{ "layers": [ { "name": "base", "map": {
    "capslock": { "tap_hold": { "tap": "esc", "hold": "leftctrl", "flavor": "balanced" } },
    "a": { "tap_hold": { "tap": "a", "hold": "leftmeta", "flavor": "tap-preferred" } },
    "s": { "tap_hold": { "tap": "s", "hold": "leftalt", "flavor": "hold-on-other-key-press" } },
    "d": { "tap_hold": { "tap": "d", "hold": "leftshift", "flavor": "tap-unless-interrupted" } }
} } ] }

case: balanced tap
in: d:capslock t:50 u:capslock
out: t:50 d:esc u:esc

case: balanced hold by timeout
in: d:capslock t:250 u:capslock
out: t:200 d:leftctrl t:50 u:leftctrl

case: held exactly term is a hold
in: d:capslock t:200 u:capslock
out: t:200 d:leftctrl u:leftctrl

case: balanced nested press and release is a hold
in: d:capslock t:20 d:c t:20 u:c t:20 u:capslock
out: t:40 d:leftctrl d:c u:c t:20 u:leftctrl

case: balanced roll stays a tap
in: d:capslock t:20 d:c t:20 u:capslock t:20 u:c
out: t:40 d:esc d:c u:esc t:20 u:c

case: tap-preferred nested press is still a tap when released before term
in: d:a t:20 d:c t:20 u:c t:20 u:a
out: t:60 d:a d:c u:c u:a

case: tap-preferred nested then held past term is a hold
in: d:a t:20 d:c t:20 u:c t:300 u:a
out: t:200 d:leftmeta d:c u:c t:140 u:leftmeta

case: hold-on-other-key-press decides at the other press
in: d:s t:20 d:c t:20 u:c t:20 u:s
out: t:20 d:leftalt d:c t:20 u:c t:20 u:leftalt

case: tap-unless-interrupted taps at the term and stays down
in: d:d t:300 u:d
out: t:200 d:d t:100 u:d

case: tap-unless-interrupted interrupted is a hold
in: d:d t:20 d:c u:c u:d
out: t:20 d:leftshift d:c u:c u:leftshift

case: two tap-hold keys: second nested inside first (balanced first)
in: d:capslock t:10 d:s t:10 u:s t:10 u:capslock
out: t:20 d:leftctrl d:s u:s t:10 u:leftctrl

# Boundaries and the finer points of each flavour (same keymap as above).

case: balanced released one ms before the term is a tap
in: d:capslock t:199 u:capslock
out: t:199 d:esc u:esc

case: balanced: release of a key pressed before the tap-hold does not make it a hold
in: d:c t:20 d:capslock t:20 u:c t:20 u:capslock
out: d:c t:40 u:c t:20 d:esc u:esc

case: balanced: a nested press held past the term is a hold at the term
in: d:capslock t:50 d:c t:250 u:c t:10 u:capslock
out: t:200 d:leftctrl d:c t:100 u:c t:10 u:leftctrl

case: balanced decides at the nested key's release, not its press
in: d:capslock t:20 d:c t:50 u:c t:20 u:capslock
out: t:70 d:leftctrl d:c u:c t:20 u:leftctrl

case: tap-preferred released one ms before the term is a tap
in: d:a t:199 u:a
out: t:199 d:a u:a

case: tap-preferred held alone past the term is a hold
in: d:a t:300 u:a
out: t:200 d:leftmeta t:100 u:leftmeta

case: tap-preferred roll stays a tap
in: d:a t:20 d:c t:20 u:a t:20 u:c
out: t:40 d:a d:c u:a t:20 u:c

case: tap-preferred: released exactly at the term, the term's hold comes first
in: d:a t:100 d:c t:100 u:a t:10 u:c
out: t:200 d:leftmeta d:c u:leftmeta t:10 u:c

case: tap-preferred: several nested taps are replayed after the hold in order
in: d:a t:10 d:x t:10 u:x t:10 d:y t:10 u:y t:200 u:a
out: t:200 d:leftmeta d:x u:x d:y u:y t:40 u:leftmeta

case: hold-on-other-key-press released alone before the term is a tap
in: d:s t:100 u:s
out: t:100 d:s u:s

case: hold-on-other-key-press held alone past the term is a hold
in: d:s t:250 u:s
out: t:200 d:leftalt t:50 u:leftalt

case: hold-on-other-key-press: a roll is still a hold
in: d:s t:20 d:c t:20 u:s t:20 u:c
out: t:20 d:leftalt d:c t:20 u:leftalt t:20 u:c

case: hold-on-other-key-press: release of a key pressed before does not decide
in: d:c t:20 d:s t:20 u:c t:20 u:s
out: d:c t:40 u:c t:20 d:s u:s

case: hold-on-other-key-press: a key pressed exactly at the term follows the hold
in: d:s t:200 d:c u:c u:s
out: t:200 d:leftalt d:c u:c u:leftalt

case: tap-unless-interrupted released before the term is a tap
in: d:d t:50 u:d
out: t:50 d:d u:d

case: tap-unless-interrupted: a key pressed exactly at the term comes after the tap
in: d:d t:200 d:c t:10 u:c t:10 u:d
out: t:200 d:d d:c t:10 u:c t:10 u:d

case: tap-unless-interrupted: a key pressed after the term does not make it a hold
in: d:d t:250 d:c u:c t:10 u:d
out: t:200 d:d t:50 d:c u:c t:10 u:d

# What the hold side can be: a layer, a plain key, a modified key.
config:
{ "layers": [
  { "name": "base", "map": {
    "space": { "tap_hold": { "tap": "space", "hold": { "momentary": "nav" } } },
    "tab": { "tap_hold": { "tap": "tab", "hold": "f13" } },
    "grave": { "tap_hold": { "tap": "grave", "hold": "ctrl+shift+esc" } } } },
  { "name": "nav", "map": { "h": "left", "j": "down" } } ] }

case: hold side is a layer: a nested key resolves in the layer
in: d:space t:20 d:h t:20 u:h t:20 u:space
out: t:40 d:left u:left

case: hold side is a layer: tapped alone it types its tap
in: d:space t:30 u:space
out: t:30 d:space u:space

case: hold side is a layer: rolled into a key it stays a tap (balanced)
in: d:space t:20 d:h t:20 u:space t:20 u:h
out: t:40 d:space d:h u:space t:20 u:h

case: hold side is a layer held past the term, then a key
in: d:space t:250 d:j t:10 u:j t:10 u:space
out: t:250 d:down t:10 u:down

case: hold side is a layer released before the layered key
in: d:space t:250 d:h t:10 u:space t:10 u:h
out: t:250 d:left t:20 u:left

case: hold side is a plain key that goes down at the term
in: d:tab t:300 u:tab
out: t:200 d:f13 t:100 u:f13

case: hold side is a plain key: autorepeat after the hold repeats it
in: d:tab t:250 r:tab t:30 r:tab t:20 u:tab
out: t:200 d:f13 t:50 r:f13 t:30 r:f13 t:20 u:f13

case: hold side is a modified key
in: d:grave t:250 u:grave
out: t:200 d:leftctrl d:leftshift d:esc t:50 u:esc u:leftshift u:leftctrl
