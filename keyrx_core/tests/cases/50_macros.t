# Macros: press / release / tap / text steps and delays. Delays are engine timers (the output
# shows the gap); input that arrives while a macro runs is queued and handled after it, in
# order. Text is typed on a US layout, with shift for capitals and shifted symbols. Keys a macro
# presses and does not release are released at its end. `macro_key_delay_ms` pauses after
# every key the macro types. Macro steps send raw keys, not the keymap's remaps.

config:
{ "layers": [ { "name": "base", "map": {
    "f1": { "macro": ["h", "i"] },
    "f2": { "macro": ["a", { "delay": 50 }, "b"] },
    "f3": { "macro": [{ "press": "leftctrl" }, "c", { "release": "leftctrl" }] },
    "f4": { "text": "Hi!" },
    "f5": { "macro": [{ "press": "a" }, { "delay": 30 }] },
    "f6": { "macro": ["ctrl+a", { "delay": 20 }, { "text": "x Y" }] },
    "f7": { "text": "a-B_(\n" },
    "f8": { "macro": [{ "delay": 100 }, "z"] },
    "capslock": { "tap_hold": { "tap": "esc", "hold": "leftctrl" } },
    "x": "y" } } ] }

case: a macro taps its keys in order
in: d:f1 t:10 u:f1
out: d:h u:h d:i u:i

case: a macro delay is an engine timer
in: d:f2 t:100 u:f2
out: d:a u:a t:50 d:b u:b

case: press and release steps around a tap
in: d:f3 u:f3
out: d:leftctrl d:c u:c u:leftctrl

case: text types capitals and shifted symbols with shift
in: d:f4 u:f4
out: d:leftshift d:h u:h u:leftshift d:i u:i d:leftshift d:1 u:1 u:leftshift

case: a key the macro presses and never releases is released at its end
in: d:f5 t:50 u:f5
out: d:a t:30 u:a

case: a modified tap, a delay and a text step with a space
in: d:f6 t:50 u:f6
out: d:leftctrl d:a u:a u:leftctrl t:20 d:x u:x d:space u:space d:leftshift d:y u:y u:leftshift

case: text with punctuation and a newline
in: d:f7 u:f7
out: d:a u:a d:minus u:minus d:leftshift d:b u:b u:leftshift d:leftshift d:minus u:minus u:leftshift d:leftshift d:9 u:9 u:leftshift d:enter u:enter

case: macro steps send raw keys, not remapped ones
in: d:f6 t:50 u:f6 d:x u:x
out: d:leftctrl d:a u:a u:leftctrl t:20 d:x u:x d:space u:space d:leftshift d:y u:y u:leftshift t:30 d:y u:y

case: input during a macro is queued and handled after it, in order
in: d:f2 t:10 d:x t:10 u:x t:10 u:f2 t:100
out: d:a u:a t:50 d:b u:b d:y u:y

case: a leading delay holds later input back
in: d:f8 t:10 d:x t:10 u:x t:100 u:f8
out: t:100 d:z u:z d:y u:y

case: a macro key pressed again during its run runs again afterwards
in: d:f2 t:10 u:f2 t:10 d:f2 t:10 u:f2 t:200
out: d:a u:a t:50 d:b u:b d:a u:a t:50 d:b u:b

case: autorepeat of a macro key does nothing
in: d:f1 t:300 r:f1 t:30 r:f1 u:f1
out: d:h u:h d:i u:i

case: a tap-hold pressed during a macro delay keeps its term from its own press
in: d:f8 t:10 d:capslock t:300 u:capslock
out: t:100 d:z u:z t:110 d:leftctrl t:100 u:leftctrl

case: a tap-hold tapped during a macro delay is a tap after the macro
in: d:f8 t:10 d:capslock t:20 u:capslock t:100
out: t:100 d:z u:z d:esc u:esc

config:
{ "layers": [ { "name": "base", "map": {
    "f1": { "text": "ab" }, "f2": { "macro": ["ctrl+c", "x"] }, "x": "y" } } ],
  "options": { "macro_key_delay_ms": 10 } }

case: macro_key_delay_ms pauses after each typed key
in: d:f1 t:50 u:f1
out: d:a u:a t:10 d:b u:b

case: macro_key_delay_ms keeps input queued until the last pause ends
in: d:f1 t:5 d:x t:5 u:x t:50 u:f1
out: d:a u:a t:10 d:b u:b t:10 d:y u:y

case: macro_key_delay_ms after a modified tap
in: d:f2 t:50 u:f2
out: d:leftctrl d:c u:c u:leftctrl t:10 d:x u:x
