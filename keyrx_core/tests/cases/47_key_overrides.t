# Key overrides (QMK Key Overrides; kanata `fork` for the simple case): while the trigger's
# modifiers are held (either side) and its key is pressed, the replacement is sent instead,
# with the trigger's modifiers lifted on the output around it and restored at its release if
# they are still held. Other modifiers are kept. The first matching override wins.

config:
{ "layers": [ { "name": "base", "map": { "capslock": "leftshift" } } ],
  "overrides": [
    { "trigger": "shift+backspace", "replacement": "delete" },
    { "trigger": "ctrl+h", "replacement": "backspace" },
    { "trigger": "shift+escape", "replacement": "shift+grave" } ] }

case: shift+backspace sends delete, without shift
in: d:leftshift t:10 d:backspace t:10 u:backspace t:10 u:leftshift
out: d:leftshift t:10 u:leftshift d:delete t:10 u:delete d:leftshift t:10 u:leftshift

case: either side of the modifier triggers it
in: d:rightshift t:10 d:backspace u:backspace t:10 u:rightshift
out: d:rightshift t:10 u:rightshift d:delete u:delete d:rightshift t:10 u:rightshift

case: a modifier from a remapped key triggers it too
in: d:capslock t:10 d:backspace u:backspace u:capslock
out: d:leftshift t:10 u:leftshift d:delete u:delete d:leftshift u:leftshift

case: the modifier let go during the replacement is not pressed again
in: d:leftshift d:backspace u:leftshift t:10 u:backspace
out: d:leftshift u:leftshift d:delete t:10 u:delete

case: other modifiers stay: ctrl+shift+backspace is ctrl+delete
in: d:leftctrl d:leftshift d:backspace u:backspace u:leftshift u:leftctrl
out: d:leftctrl d:leftshift u:leftshift d:delete u:delete d:leftshift u:leftshift u:leftctrl

case: without the trigger's modifier the key is itself
in: d:backspace u:backspace
out: d:backspace u:backspace

case: a replacement that sends the trigger's modifier itself keeps it down
in: d:leftshift d:esc u:esc u:leftshift
out: d:leftshift d:grave u:grave u:leftshift
