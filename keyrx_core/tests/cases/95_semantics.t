# Semantics presets: `options.semantics` starts every option from one source's reading
# (docs/behaviour.md "Semantics presets" has the table and its sources); fields given next to
# it and per-key options override it. The same roll, f down then j down, under each reading:
# f is a home-row Shift with no flavour of its own.

config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } } } } ],
  "options": { "semantics": "zmk" } }

case: zmk: hold-tap's default flavour is hold-preferred, so the roll is a hold
in: d:f t:20 d:j t:20 u:f t:20 u:j
out: t:20 d:leftshift d:j t:20 u:leftshift t:20 u:j

config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } } } } ],
  "options": { "semantics": "qmk" } }

case: qmk: the default mode waits for the tapping term, so the roll is a tap
in: d:f t:20 d:j t:20 u:f t:20 u:j
out: t:40 d:f d:j u:f t:20 u:j

case: qmk: a nested tap is a tap too (no permissive hold by default)
in: d:f t:20 d:j t:20 u:j t:20 u:f
out: t:60 d:f d:j u:j u:f

case: qmk: quick tap is on by default (QUICK_TAP_TERM = TAPPING_TERM, from the release)
in: d:f t:20 u:f t:100 d:f t:300 u:f
out: t:20 d:f u:f t:100 d:f t:300 u:f

config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift", "flavor": "balanced" } } } } ],
  "options": { "semantics": "qmk" } }

case: qmk, per-key balanced: the per-key flavour overrides the preset
in: d:f t:20 d:j t:20 u:j t:20 u:f
out: t:40 d:leftshift d:j u:j t:20 u:leftshift

config:
{ "layers": [ { "name": "base", "map": {
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift" } }, "j": "j" } } ],
  "options": { "semantics": "kanata", "tap_hold": { "flavor": "hold-on-other-key-press" } } }

case: kanata with an explicit flavour: the given field overrides the preset
in: d:f t:20 d:j t:20 u:f t:20 u:j
out: t:20 d:leftshift d:j t:20 u:leftshift t:20 u:j

case: kanata: keys no layer maps pass through at once, even while f is undecided
in: d:f t:20 d:k t:20 u:k t:20 u:f
out: t:20 d:k t:20 u:k t:20 d:f u:f

config:
{ "layers": [ { "name": "base", "map": {
    "a": { "one_shot": "leftshift" } } } ],
  "options": { "semantics": "keyd" } }

case: keyd: a one-shot ends at the next key's release or another key's press
in: d:a u:a t:10 d:x t:10 d:y t:10 u:x u:y
out: d:leftshift t:10 d:x t:10 u:leftshift d:y t:10 u:x u:y

case: keyd: an armed one-shot never times out (oneshot_timeout defaults to 0)
in: d:a u:a t:5000 d:x u:x
out: d:leftshift t:5000 d:x u:x u:leftshift
