# Tap-hold keys and the input buffered behind them: buffered keys are replayed in their
# original order and never lost; several pending tap-hold keys resolve in press order, each
# with its own term; autorepeat while undecided is dropped.
# Home-row mods a/s/d/f are balanced with term 200; capslock is tap-preferred.

config:
{ "layers": [ { "name": "base", "map": {
    "a": { "tap_hold": { "tap": "a", "hold": "leftmeta" } },
    "s": { "tap_hold": { "tap": "s", "hold": "leftalt" } },
    "d": { "tap_hold": { "tap": "d", "hold": "leftctrl" } },
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } },
    "capslock": { "tap_hold": { "tap": "esc", "hold": "leftctrl", "flavor": "tap-preferred" } },
    "x": "y" } } ] }

case: buffered keys are replayed after the hold in their original order
in: d:f t:10 d:x t:10 d:j t:10 u:j t:10 u:x t:10 u:f
out: t:30 d:leftshift d:y d:j u:j t:10 u:y t:10 u:leftshift

case: buffered keys are replayed after the tap in their original order
in: d:f t:10 d:x t:10 d:j t:10 u:f t:10 u:x u:j
out: t:30 d:f d:y d:j u:f t:10 u:y u:j

case: two home-row mods then a letter: both hold, in press order
in: d:f t:10 d:d t:10 d:j t:10 u:j t:10 u:d t:10 u:f
out: t:30 d:leftshift d:leftctrl d:j u:j t:10 u:leftctrl t:10 u:leftshift

case: three rolled home-row keys are three taps, in order
in: d:a t:10 d:s t:10 d:d t:10 u:a t:10 u:s t:10 u:d
out: t:30 d:a t:10 d:s t:10 d:d u:a u:s u:d

case: a home-row key nested inside another: outer hold, inner tap
in: d:f t:10 d:d t:10 u:d t:10 u:f
out: t:20 d:leftshift d:d u:d t:10 u:leftshift

case: a nested tap-hold held past its own term: each holds at its own term
in: d:capslock t:50 d:f t:300 u:f t:10 u:capslock
out: t:200 d:leftctrl t:50 d:leftshift t:100 u:leftshift t:10 u:leftctrl

case: a tap-hold nested inside a tap-preferred tap: both taps, in order
in: d:capslock t:20 d:f t:20 u:f t:20 u:capslock
out: t:60 d:esc d:f u:f u:esc

case: a tap-hold pressed while another is undecided keeps its term from its own press
in: d:capslock t:150 d:f t:100 u:capslock t:200 u:f
out: t:200 d:leftctrl t:50 u:leftctrl t:100 d:leftshift t:100 u:leftshift

case: autorepeat of an undecided key is dropped
in: d:capslock t:150 r:capslock t:30 r:capslock t:10 u:capslock
out: t:190 d:esc u:esc

case: autorepeat of a buffered key is dropped while the tap-hold is undecided
in: d:f t:10 d:x t:100 r:x t:30 r:x t:10 u:x t:10 u:f
out: t:150 d:leftshift d:y u:y t:10 u:leftshift

case: autorepeat of a buffered key after the decision passes through
in: d:capslock t:50 d:x t:200 r:x t:30 r:x u:x u:capslock
out: t:200 d:leftctrl d:y t:50 r:y t:30 r:y u:y u:leftctrl

case: no key is lost in a burst behind an undecided tap
in: d:capslock t:5 d:q t:5 u:q t:5 d:w t:5 u:w t:5 d:e t:5 u:e t:5 d:r t:5 u:r t:5 u:capslock
out: t:45 d:esc d:q u:q d:w u:w d:e u:e d:r u:r u:esc

case: no key is lost in a burst behind a hold
in: d:capslock t:5 d:q t:5 u:q t:5 d:w t:5 u:w t:300 u:capslock
out: t:200 d:leftctrl d:q u:q d:w u:w t:120 u:leftctrl
