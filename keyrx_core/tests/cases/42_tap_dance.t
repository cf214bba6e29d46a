# Tap dance (QMK Tap Dance, kanata `tap-dance`): tapped n times, each press within the term
# (here 200 ms) of the previous one, the key does its nth action. The dance ends when the term
# passes after the last press, when another key is pressed (that key then follows the dance's
# action, in order), or at once when the count reaches the last action. Ended with the key
# still down, the action is held until the key is released (a tap-hold entry takes its hold
# side: QMK's "tap dance with hold"); ended with it up, it is tapped (a tap-hold entry takes
# its tap side). `eager` (kanata `tap-dance-eager`) does each tap's action at once.

config:
{ "layers": [
  { "name": "base", "map": {
    "f1": { "tap_dance": { "actions": ["a", "b", "c"] } },
    "f2": { "tap_dance": { "actions": [{ "tap_hold": { "tap": "x", "hold": "leftctrl" } }, "y"] } },
    "f3": { "tap_dance": { "actions": ["a", "b", "c"], "eager": true } },
    "f4": { "tap_dance": { "actions": ["esc", { "momentary": "nav" }], "term_ms": 150 } },
    "f5": { "tap_dance": { "actions": ["z"] } } } },
  { "name": "nav", "map": { "h": "left" } } ] }

case: one tap: the first action, once the term has passed
in: d:f1 t:50 u:f1 t:300
out: t:200 d:a u:a

case: two taps: the second action
in: d:f1 t:50 u:f1 t:50 d:f1 t:50 u:f1 t:300
out: t:300 d:b u:b

case: the last action's count ends the dance at once
in: d:f1 u:f1 t:50 d:f1 u:f1 t:50 d:f1 t:100 u:f1
out: t:100 d:c t:100 u:c

case: a press after the term starts a new dance
in: d:f1 u:f1 t:250 d:f1 u:f1 t:250
out: t:200 d:a u:a t:250 d:a u:a

case: another key's press ends the dance at once, and follows it
in: d:f1 u:f1 t:50 d:j t:10 u:j
out: t:50 d:a u:a d:j t:10 u:j

case: held at the term, the action is held until release
in: d:f1 t:50 u:f1 t:50 d:f1 t:400 u:f1
out: t:300 d:b t:200 u:b

case: a tap-hold entry: tapped, its tap side
in: d:f2 t:50 u:f2 t:300
out: t:200 d:x u:x

case: a tap-hold entry: held through the term, its hold side
in: d:f2 t:300 d:c u:c u:f2
out: t:200 d:leftctrl t:100 d:c u:c u:leftctrl

case: a layer entry held: the layer is on while the key stays down
in: d:f4 u:f4 t:50 d:f4 t:200 d:h u:h u:f4
out: t:250 d:left u:left

case: a dance of one action does it at once
in: d:f5 t:50 u:f5
out: d:z t:50 u:z

# kanata `tap-dance-eager`: every tap does its own action right away.
case: eager: each tap does its action at once
in: d:f3 u:f3 t:50 d:f3 u:f3 t:50 d:f3 u:f3
out: d:a u:a t:50 d:b u:b t:50 d:c u:c

case: eager: past the term, the count starts again
in: d:f3 u:f3 t:250 d:f3 u:f3
out: d:a u:a t:250 d:a u:a

case: eager: another key resets the count
in: d:f3 u:f3 d:j u:j d:f3 u:f3
out: d:a u:a d:j u:j d:a u:a
