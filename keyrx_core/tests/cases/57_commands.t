# Commands (kanata `cmd`): a key asks the daemon to run a program at its press. The engine types
# nothing for it; what it asks is checked in tests/commands.rs. A command is not a typed key:
# an armed one-shot stays armed for the next key, Caps Word neither ends nor continues, and as
# the other key inside a tap-hold it counts like any other key press (kanata's `cmd` is an
# action like any other for tap-hold decisions).

config:
{ "layers": [
  { "name": "base", "map": {
    "f1": { "command": ["notify-send", "hi"] },
    "leftshift": { "one_shot": "shift" },
    "capslock": { "caps_word": {} },
    "a": { "tap_hold": { "tap": "a", "hold": "leftctrl", "flavor": "hold-preferred" } },
    "f2": { "tap_hold": { "tap": { "command": ["tap"] }, "hold": "leftalt" } },
    "space": { "momentary": "nav" } } },
  { "name": "nav", "map": { "f1": "_", "h": { "command": ["nav-h"] } } } ] }

case: a command key types nothing
in: d:f1 t:50 u:f1 d:x u:x
out: t:50 d:x u:x

case: an armed one-shot stays armed across a command
in: d:leftshift u:leftshift d:f1 u:f1 d:x u:x
out: d:leftshift d:x u:x u:leftshift

case: caps word goes on across a command
in: d:capslock u:capslock d:f1 u:f1 d:x u:x d:dot u:dot d:y u:y
out: d:leftshift d:x u:x u:leftshift d:dot u:dot d:y u:y

case: a command pressed inside a hold-preferred tap-hold decides its hold
in: d:a t:20 d:f1 t:20 u:f1 t:20 u:a
out: t:20 d:leftctrl t:40 u:leftctrl

case: a tap-hold with a command on its tap side holds as usual
in: d:f2 t:300 d:x u:x u:f2
out: t:200 d:leftalt t:100 d:x u:x u:leftalt

case: a transparent key falls through to the command below
in: d:space d:f1 u:f1 d:h u:h u:space
out:
