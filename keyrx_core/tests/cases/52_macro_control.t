# Macro control: a `pause_for_release` step (ZMK `&macro_pause_for_release`: the rest of the
# macro runs when its key is released), cancellation by another key's press or by the macro
# key's own release (kanata `macro-cancel-on-press`, `macro-release-cancel`), and whether keys
# pressed while a macro waits out a delay wait for it (`macro_other_keys = "wait"`, QMK's
# blocking `SEND_STRING`) or go through at once (`"go-through"`, kanata).

config:
{ "layers": [ { "name": "base", "map": {
    "f1": { "macro": [{ "press": "leftshift" }, "pause_for_release", { "release": "leftshift" }] },
    "f2": { "macro": ["a", "pause_for_release", "b"] },
    "f3": { "macro": { "steps": ["z", { "delay": 100 }, "y"], "cancel_on_press": true } },
    "f4": { "macro": { "steps": ["z", { "delay": 100 }, "y"], "cancel_on_release": true } },
    "f5": { "macro": ["x", { "delay": 100 }, "w"] },
    "f6": { "macro": { "steps": [{ "press": "leftctrl" }, { "delay": 50 }, "c"], "cancel_on_press": true } },
    "f7": { "macro": { "steps": ["a", "pause_for_release", "b"], "cancel_on_release": true } },
    "f8": { "macro": ["a", { "delay": 50 }, "pause_for_release", "b"] },
    "capslock": { "tap_hold": { "tap": "esc", "hold": { "macro": ["h", "pause_for_release", "i"] } } } } } ] }

# ZMK's "hold a modifier while the key is held" macro: press, pause, release.
case: pause_for_release: the rest of the macro runs when its key goes up
in: d:f1 t:100 u:f1
out: d:leftshift t:100 u:leftshift

case: pause_for_release: keys pressed while it is parked go through at once
in: d:f1 t:10 d:c t:10 u:c t:10 u:f1
out: d:leftshift t:10 d:c t:10 u:c t:10 u:leftshift

case: pause_for_release: taps before and after the pause
in: d:f2 t:50 u:f2
out: d:a u:a t:50 d:b u:b

case: pause_for_release: a release before the pause is reached does not wait
in: d:f8 t:10 u:f8 t:100
out: d:a u:a t:50 d:b u:b

# kanata sim test `macro_cancel_on_press`: `d:a t:50 d:c` gives `dn:Z up:Z ... dn:C`, no Y.
case: cancel_on_press: another key's press ends the macro, and that key goes through
in: d:f3 t:50 d:c t:10 u:c t:10 u:f3 t:100
out: d:z u:z t:50 d:c t:10 u:c

case: cancel_on_press: left alone, the macro completes
in: d:f3 u:f3 t:150 d:c u:c
out: d:z u:z t:100 d:y u:y t:50 d:c u:c

case: cancel_on_press: a key the macro holds is released when it is cancelled
in: d:f6 t:20 d:c u:c u:f6 t:100
out: d:leftctrl t:20 u:leftctrl d:c u:c

case: cancel_on_press: the macro key's own release does not cancel it
in: d:f3 t:10 u:f3 t:100
out: d:z u:z t:100 d:y u:y

case: a macro without cancel_on_press holds other keys until it is done
in: d:f5 t:50 d:c t:10 u:c t:10 u:f5 t:100
out: d:x u:x t:100 d:w u:w d:c u:c

# kanata `macro-release-cancel`: releasing the key ends the macro.
case: cancel_on_release: releasing the macro key ends it
in: d:f4 t:50 u:f4 t:100
out: d:z u:z

case: cancel_on_release: held through its delays, the macro completes
in: d:f4 t:150 u:f4
out: d:z u:z t:100 d:y u:y

case: cancel_on_release with a pause: the release resumes the macro instead
in: d:f7 t:50 u:f7
out: d:a u:a t:50 d:b u:b

case: a tap-hold whose hold is a paused macro: its release resumes it
in: d:capslock t:250 u:capslock
out: t:200 d:h u:h t:50 d:i u:i

case: a tap-hold whose hold is a paused macro: a tap never starts it
in: d:capslock t:50 u:capslock
out: t:50 d:esc u:esc

config:
{ "layers": [ { "name": "base", "map": {
    "f5": { "macro": ["x", { "delay": 100 }, "w"] },
    "f3": { "macro": { "steps": ["z", { "delay": 100 }, "y"], "cancel_on_press": true } },
    "x": "q" } } ],
  "options": { "macro_other_keys": "go-through" } }

# kanata sim test: `d:a t:120 d:b t:20 d:c` with b = (macro x 100 w): C goes down before W.
case: go-through: a key pressed during a macro's delay is handled at once
in: d:f5 t:20 d:c t:10 u:c t:100 u:f5
out: d:x u:x t:20 d:c t:10 u:c t:70 d:w u:w

case: go-through: remapped keys are remapped as usual during a macro
in: d:f5 t:20 d:x u:x t:100 u:f5
out: d:x u:x t:20 d:q u:q t:80 d:w u:w

case: go-through: cancel_on_press still cancels
in: d:f3 t:20 d:c u:c t:100 u:f3
out: d:z u:z t:20 d:c u:c

case: go-through: another macro's press finishes the running one first
in: d:f5 t:20 d:f3 t:200 u:f3 u:f5
out: d:x u:x t:20 d:w u:w d:z u:z t:100 d:y u:y
