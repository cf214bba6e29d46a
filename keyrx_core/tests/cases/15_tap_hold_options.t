# Tap-hold options: quick-tap (tap-repress) measured from the previous tap's press or release,
# require-prior-idle, retro-tap (off / after-hold / deferred), hold-while-undecided and
# positional hold-trigger keys. Term 200 ms, flavour balanced unless stated.

# --- quick-tap ---------------------------------------------------------------------------
config:
{ "layers": [ { "name": "base", "map": {
    "a": { "tap_hold": { "tap": "a", "hold": "leftmeta", "quick_tap_ms": 150 } },
    "s": { "tap_hold": { "tap": "s", "hold": "leftalt", "quick_tap_ms": 150, "quick_tap_from": "release" } },
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift", "quick_tap_ms": 150 } } } } ] }

case: quick-tap: pressed again soon after a tap, it taps at once and stays down
in: d:a t:30 u:a t:50 d:a t:300 u:a
out: t:30 d:a u:a t:50 d:a t:300 u:a

case: quick-tap: autorepeat of the quick tap passes through
in: d:a t:30 u:a t:50 d:a t:300 r:a t:30 r:a t:10 u:a
out: t:30 d:a u:a t:50 d:a t:300 r:a t:30 r:a t:10 u:a

case: quick-tap from press: the window runs from the previous tap's press
in: d:a t:100 u:a t:60 d:a t:300 u:a
out: t:100 d:a u:a t:260 d:leftmeta t:100 u:leftmeta

case: quick-tap from release: the same timing is a quick tap
in: d:s t:100 u:s t:60 d:s t:300 u:s
out: t:100 d:s u:s t:60 d:s t:300 u:s

case: quick-tap from release: too long after the release it can hold again
in: d:s t:30 u:s t:160 d:s t:300 u:s
out: t:30 d:s u:s t:360 d:leftalt t:100 u:leftalt

case: quick-tap: exactly at the end of the window the key is undecided again
in: d:a t:30 u:a t:120 d:a t:300 u:a
out: t:30 d:a u:a t:320 d:leftmeta t:100 u:leftmeta

case: quick-tap: another tap-hold key's tap does not open the window
in: d:f t:30 u:f t:20 d:a t:300 u:a
out: t:30 d:f u:f t:220 d:leftmeta t:100 u:leftmeta

case: quick-tap: a hold does not open the window
in: d:a t:250 u:a t:50 d:a t:250 u:a
out: t:200 d:leftmeta t:50 u:leftmeta t:250 d:leftmeta t:50 u:leftmeta

# --- require-prior-idle ------------------------------------------------------------------
config:
{ "layers": [ { "name": "base", "map": {
    "a": { "tap_hold": { "tap": "a", "hold": "leftmeta", "require_prior_idle_ms": 150 } } } } ] }

case: prior-idle: pressed soon after another key, it taps at once
in: d:x t:10 u:x t:50 d:a t:300 u:a
out: d:x t:10 u:x t:50 d:a t:300 u:a

case: prior-idle: after enough idle time it can hold
in: d:x t:10 u:x t:200 d:a t:300 u:a
out: d:x t:10 u:x t:400 d:leftmeta t:100 u:leftmeta

case: prior-idle counts presses, not releases
in: d:x t:140 u:x t:20 d:a t:300 u:a
out: d:x t:140 u:x t:220 d:leftmeta t:100 u:leftmeta

case: prior-idle: autorepeat does not count as a press
in: d:x t:300 r:x t:10 u:x t:10 d:a t:300 u:a
out: d:x t:300 r:x t:10 u:x t:210 d:leftmeta t:100 u:leftmeta

case: prior-idle: exactly the idle time after the last press is idle
in: d:x t:10 u:x t:140 d:a t:300 u:a
out: d:x t:10 u:x t:340 d:leftmeta t:100 u:leftmeta

case: prior-idle: a fast tap-hold stays a tap even with a nested key tapped inside
in: d:x t:50 d:a t:20 d:c t:20 u:c t:10 u:a u:x
out: d:x t:50 d:a t:20 d:c t:20 u:c t:10 u:a u:x

# --- retro-tap -----------------------------------------------------------------------------
config:
{ "layers": [ { "name": "base", "map": {
    "capslock": { "tap_hold": { "tap": "esc", "hold": "leftctrl", "retro_tap": "after-hold" } },
    "a": { "tap_hold": { "tap": "a", "hold": "leftmeta", "retro_tap": "deferred" } },
    "s": { "tap_hold": { "tap": "s", "hold": "leftalt", "retro_tap": "deferred", "flavor": "tap-preferred" } },
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift", "retro_tap": "off" } } } } ] }

case: retro-tap off: held alone past the term it is only a hold
in: d:f t:300 u:f
out: t:200 d:leftshift t:100 u:leftshift

case: retro-tap after-hold: the hold shows at the term, the tap follows on release
in: d:capslock t:300 u:capslock
out: t:200 d:leftctrl t:100 u:leftctrl d:esc u:esc

case: retro-tap after-hold: a key pressed during the hold cancels the tap
in: d:capslock t:250 d:c u:c t:50 u:capslock
out: t:200 d:leftctrl t:50 d:c u:c t:50 u:leftctrl

case: retro-tap after-hold: released before the term is a plain tap
in: d:capslock t:50 u:capslock
out: t:50 d:esc u:esc

case: retro-tap after-hold: releasing a key pressed earlier does not cancel the tap
in: d:c t:10 d:capslock t:10 u:c t:290 u:capslock
out: d:c t:20 u:c t:190 d:leftctrl t:100 u:leftctrl d:esc u:esc

case: retro-tap deferred: held alone past the term and released, it only taps
in: d:a t:300 u:a
out: t:300 d:a u:a

case: retro-tap deferred: a key pressed after the term makes it a hold then
in: d:a t:300 d:c t:10 u:c t:10 u:a
out: t:300 d:leftmeta d:c t:10 u:c t:10 u:leftmeta

case: retro-tap deferred: a nested tap before the term is still a hold (balanced)
in: d:a t:20 d:c t:20 u:c t:20 u:a
out: t:40 d:leftmeta d:c u:c t:20 u:leftmeta

case: retro-tap deferred: released alone before the term is a tap (tap-preferred)
in: d:s t:100 u:s
out: t:100 d:s u:s

# --- hold-while-undecided ------------------------------------------------------------------
config:
{ "layers": [ { "name": "base", "map": {
    "capslock": { "tap_hold": { "tap": "esc", "hold": "leftctrl", "hold_while_undecided": true } },
    "a": { "tap_hold": { "tap": "a", "hold": "leftshift", "hold_while_undecided": true, "retro_tap": "after-hold" } } } } ] }

case: hold-while-undecided: the hold shows at once and is withdrawn on a tap
in: d:capslock t:50 u:capslock
out: d:leftctrl t:50 u:leftctrl d:esc u:esc

case: hold-while-undecided: nothing more happens at the term
in: d:capslock t:300 u:capslock
out: d:leftctrl t:300 u:leftctrl

case: hold-while-undecided: a nested tap confirms the hold already down
in: d:capslock t:20 d:c t:20 u:c t:20 u:capslock
out: d:leftctrl t:40 d:c u:c t:20 u:leftctrl

case: hold-while-undecided: a roll withdraws the hold before the replay
in: d:capslock t:20 d:c t:20 u:capslock t:20 u:c
out: d:leftctrl t:40 u:leftctrl d:esc d:c u:esc t:20 u:c

case: hold-while-undecided with retro-tap after-hold
in: d:a t:300 u:a
out: d:leftshift t:300 u:leftshift d:a u:a

# --- positional hold-trigger keys ----------------------------------------------------------
config:
{ "layers": [ { "name": "base", "map": {
    "a": { "tap_hold": { "tap": "a", "hold": "leftmeta", "hold_trigger_keys": ["h", "j", "k", "l"] } },
    "f": { "tap_hold": { "tap": "f", "hold": "leftshift", "flavor": "hold-on-other-key-press",
                         "hold_trigger_keys": ["j", "k"] } } } } ] }

case: positional: a same-hand key decides a tap at its press
in: d:a t:20 d:s t:20 u:s t:20 u:a
out: t:20 d:a d:s t:20 u:s t:20 u:a

case: positional: an opposite-hand key tapped inside decides the hold
in: d:a t:20 d:j t:20 u:j t:20 u:a
out: t:40 d:leftmeta d:j u:j t:20 u:leftmeta

case: positional: held alone past the term is a hold
in: d:a t:250 u:a
out: t:200 d:leftmeta t:50 u:leftmeta

case: positional: an opposite-hand key rolled stays a tap (balanced)
in: d:a t:20 d:j t:20 u:a t:20 u:j
out: t:40 d:a d:j u:a t:20 u:j

case: positional: a same-hand key before a trigger key decides the tap first
in: d:a t:10 d:s t:10 d:j t:10 u:j u:s u:a
out: t:10 d:a d:s t:10 d:j t:10 u:j u:s u:a

case: positional with hold-on-other-key-press: a trigger key's press holds at once
in: d:f t:20 d:j t:20 u:j t:20 u:f
out: t:20 d:leftshift d:j t:20 u:j t:20 u:leftshift

case: positional with hold-on-other-key-press: another key's press taps at once
in: d:f t:20 d:d t:20 u:d t:20 u:f
out: t:20 d:f d:d t:20 u:d t:20 u:f
