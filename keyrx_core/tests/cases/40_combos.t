# Combos: keys pressed together within the window act as one key, in any order. A partial
# combo is given up (window expiry, a non-participant key, a participant released) and its
# held keys go on in their original order. The output is released at the first participant's
# release (default `first-key-up`) or once all are up (`all-keys-up`). The window runs from the
# first press (default `from-first-press`, 50 ms) or between successive keys (`between-keys`);
# a combo may set its own `window_ms`, be limited to `layers`, and `combo_min_hold_ms` makes
# a complete combo wait before it fires.

config:
{ "layers": [
  { "name": "base", "map": { "x": "y" } },
  { "name": "nav", "map": { "h": "left" } } ],
  "combos": [
    { "keys": ["j", "k"], "action": "esc" },
    { "keys": ["d", "f"], "action": "shift+9" },
    { "keys": ["u", "i"], "action": "tab" },
    { "keys": ["u", "i", "o"], "action": "enter" },
    { "keys": ["c", "v"], "action": { "momentary": "nav" } },
    { "keys": ["m", "comma"], "action": "f5", "window_ms": 100 } ] }

case: keys within the window produce the combo
in: d:j t:10 d:k t:30 u:j t:5 u:k
out: t:10 d:esc t:30 u:esc

case: combo keys in any order
in: d:k t:10 d:j t:30 u:k u:j
out: t:10 d:esc t:30 u:esc

case: releases pair: the second key's release emits nothing more
in: d:j d:k t:10 u:k t:10 u:j
out: d:esc t:10 u:esc

case: keys that are in no combo are not delayed
in: d:x t:10 u:x
out: d:y t:10 u:y

case: partial combo: window expiry flushes the held key
in: d:j t:80 u:j
out: t:50 d:j t:30 u:j

case: partial combo: a non-participant key flushes the held key first
in: d:j t:10 d:x t:10 u:x t:10 u:j
out: t:10 d:j d:y t:10 u:y t:10 u:j

case: partial combo: releasing the participant flushes its press and release
in: d:j t:20 u:j
out: t:20 d:j u:j

case: second key too late: both keys typed on their own, in order
in: d:j t:60 d:k t:10 u:j t:10 u:k
out: t:50 d:j t:30 d:k u:j u:k

case: a key pressed exactly at the end of the window starts its own wait
in: d:j t:50 d:k t:60 u:j u:k
out: t:50 d:j t:50 d:k t:10 u:j u:k

case: a release of an earlier key inside the window goes out before the combo
in: d:x t:5 d:j t:5 u:x t:5 d:k t:10 u:j u:k
out: d:y t:15 u:y d:esc t:10 u:esc

case: a combo key rolled with a non-participant keeps the original order
in: d:x t:5 d:j t:5 u:x t:5 u:j
out: d:y t:15 d:j u:y u:j

case: re-pressing a combo key while its partner is still held types the key alone
in: d:j t:10 d:k t:30 u:j t:20 d:j t:10 u:k t:100 u:j
out: t:10 d:esc t:30 u:esc t:70 d:j t:60 u:j

case: a combo's modified output
in: d:d d:f t:10 u:d u:f
out: d:leftshift d:9 t:10 u:9 u:leftshift

case: three-key combo
in: d:u t:10 d:i t:10 d:o t:10 u:u u:i u:o
out: t:20 d:enter t:10 u:enter

case: three-key combo in any order
in: d:o t:5 d:u t:5 d:i t:10 u:o u:u u:i
out: t:10 d:enter t:10 u:enter

case: two-key subset fires when the window ends without the third key
in: d:u t:10 d:i t:60 u:u u:i
out: t:50 d:tab t:20 u:tab

case: two-key subset fires at once when a participant is released
in: d:u t:10 d:i t:10 u:u t:10 u:i
out: t:20 d:tab u:tab

case: two-key subset fires when a non-participant is pressed, before that key
in: d:u t:10 d:i t:10 d:x t:10 u:x u:u u:i
out: t:20 d:tab d:y t:10 u:y u:tab

# When a partial combo is given up, the keys held behind its first key are examined again and
# may start a combo of their own, with a window from their own press (as ZMK re-raises them).
case: partial three-key combo: the first key flushes at its window's end, the next at its own
in: d:o t:10 d:u t:60 u:o u:u
out: t:50 d:o t:10 d:u t:10 u:o u:u

case: combo action is a layer, active while the combo is held
in: d:c d:v t:10 d:h t:10 u:h t:10 u:c u:v d:h u:h
out: t:10 d:left t:10 u:left t:10 d:h u:h

case: combo layer released before the layered key
in: d:c d:v t:10 d:h t:10 u:c t:10 u:h
out: t:10 d:left t:20 u:left

case: a combo's own window
in: d:m t:80 d:comma t:10 u:m u:comma
out: t:80 d:f5 t:10 u:f5

case: a combo's own window also expires
in: d:m t:110 u:m
out: t:100 d:m t:10 u:m

config:
{ "layers": [ { "name": "base" }, { "name": "nav", "map": { "h": "left" } } ],
  "combos": [
    { "keys": ["j", "k"], "action": "esc" },
    { "keys": ["c", "v"], "action": { "momentary": "nav" } },
    { "keys": ["l", "semicolon"], "action": "enter" } ],
  "options": { "combo_release": "all-keys-up" } }

case: all-keys-up: the output stays until every key is up
in: d:j t:5 d:k t:20 u:j t:20 u:k
out: t:5 d:esc t:40 u:esc

case: all-keys-up: a layer combo stays on while either key is held
in: d:c d:v u:c d:h u:h u:v d:h u:h
out: d:left u:left d:h u:h

case: two combos held at the same time
in: d:j d:k t:10 d:l d:semicolon t:10 u:j u:l t:10 u:k u:semicolon
out: d:esc t:10 d:enter t:20 u:esc u:enter

config:
{ "layers": [ { "name": "base" } ],
  "combos": [ { "keys": ["u", "i", "o"], "action": "enter" } ] }

case: from-first-press: three keys spread over more than the window are given up
in: d:u t:40 d:i t:40 d:o t:10 u:u u:i u:o
out: t:50 d:u t:40 d:i d:o u:u u:i u:o

config:
{ "layers": [ { "name": "base" } ],
  "combos": [ { "keys": ["j", "k"], "action": "esc" }, { "keys": ["u", "i", "o"], "action": "enter" } ],
  "options": { "combo_window": "between-keys" } }

case: between-keys: a two-key combo inside the window fires
in: d:j t:40 d:k t:10 u:j u:k
out: t:40 d:esc t:10 u:esc

case: between-keys: a second key later than the window after the first is typed on its own
in: d:u t:60 d:i t:60 u:u u:i
out: t:50 d:u t:60 d:i t:10 u:u u:i

config:
{ "layers": [ { "name": "base" } ],
  "combos": [ { "keys": ["j", "k"], "action": "esc" } ],
  "options": { "combo_min_hold_ms": 30 } }

case: min hold: the combo fires once its keys have been held together long enough
in: d:j t:10 d:k t:50 u:j u:k
out: t:40 d:esc t:20 u:esc

case: min hold: released too soon, the keys are typed
in: d:j t:10 d:k t:10 u:j t:5 u:k
out: t:20 d:j t:5 d:k u:j u:k

case: min hold: interrupted by another key, the keys are typed
in: d:j t:10 d:k t:10 d:x t:5 u:x u:j u:k
out: t:20 d:j d:k d:x t:5 u:x u:j u:k

# keyd's chord_hold_timeout holds for every chord, including a smaller one that fires after
# waiting in vain for a larger one.
config:
{ "layers": [ { "name": "base" } ],
  "combos": [ { "keys": ["j", "k"], "action": "esc" }, { "keys": ["j", "k", "l"], "action": "enter" } ],
  "options": { "combo_min_hold_ms": 80, "combo_window_ms": 50 } }

case: min hold: a smaller combo whose larger one never came still waits out its hold
in: d:j t:10 d:k t:100 u:j u:k
out: t:90 d:esc t:20 u:esc

case: min hold: a smaller combo released after the larger window but before its hold is typed
in: d:j t:10 d:k t:60 u:j u:k
out: t:70 d:j d:k u:j u:k

case: min hold: a smaller combo interrupted after its hold fires
in: d:j t:10 d:k t:85 d:x u:x u:j u:k
out: t:90 d:esc t:5 d:x u:x u:esc

case: min hold: the larger combo completes within the window and waits out its own hold
in: d:j t:10 d:k t:10 d:l t:100 u:j u:k u:l
out: t:100 d:enter t:20 u:enter

# ZMK's combo `require-prior-idle-ms`: no combo starts during a typing streak.
config:
{ "layers": [ { "name": "base", "map": { "q": { "momentary": "nav" } } }, { "name": "nav" } ],
  "combos": [ { "keys": ["j", "k"], "action": "esc" },
              { "keys": ["d", "f"], "action": "tab", "require_prior_idle_ms": 0 } ],
  "options": { "combo_require_prior_idle_ms": 100 } }

case: prior idle: right after a typed letter, the combo keys are typed as themselves
in: d:x t:5 u:x t:45 d:j t:10 d:k t:10 u:j u:k
out: d:x t:5 u:x t:45 d:j t:10 d:k t:10 u:j u:k

case: prior idle: after enough idle time, the combo fires
in: d:x t:5 u:x t:100 d:j t:10 d:k t:10 u:j u:k
out: d:x t:5 u:x t:110 d:esc t:10 u:esc

case: prior idle: a layer key is not typing and does not block the combo
in: d:q t:20 d:j t:10 d:k t:10 u:j u:k u:q
out: t:30 d:esc t:10 u:esc

case: prior idle: a combo's own require_prior_idle_ms (0) overrides the default
in: d:x t:5 u:x t:5 d:d t:10 d:f t:10 u:d u:f
out: d:x t:5 u:x t:15 d:tab t:10 u:tab

config:
{ "layers": [
  { "name": "base", "map": { "tab": { "toggle": "nav" }, "space": { "momentary": "nav" } } },
  { "name": "nav", "map": { "h": "left" } } ],
  "combos": [ { "keys": ["j", "k"], "action": "esc", "layers": ["nav"] } ] }

case: a layer-limited combo neither fires nor delays keys on other layers
in: d:j t:10 d:k t:10 u:j u:k
out: d:j t:10 d:k t:10 u:j u:k

case: a layer-limited combo fires while its toggled layer is active
in: d:tab u:tab d:j t:10 d:k t:10 u:j u:k d:tab u:tab
out: t:10 d:esc t:10 u:esc

case: a layer-limited combo fires while its momentary layer is held
in: d:space d:j t:10 d:k t:10 u:j u:k u:space
out: t:10 d:esc t:10 u:esc
