# Characters beyond ASCII in `text` and `unicode`, typed by `unicode_method`:
# "ctrl-shift-u" (default; GTK and IBus input, kanata's way on Linux): Ctrl+Shift+U, the code
# point in lowercase hex, then Space; "compose": the Compose key (`compose_key`, default the
# Compose key itself), then the sequence the X11 en_US.UTF-8 Compose table gives (the shortest
# one made of ASCII keys). ASCII is typed by its keys either way.

config:
{ "layers": [ { "name": "base", "map": {
    "f1": { "text": "é" },
    "f2": { "text": "a€" },
    "f3": { "text": "😀" } } } ] }

case: ctrl-shift-u: é is U+00E9
in: d:f1 u:f1
out: d:leftctrl d:leftshift d:u u:u u:leftshift u:leftctrl d:e u:e d:9 u:9 d:space u:space

case: ctrl-shift-u: ASCII by its key, the euro sign by its code point 20ac
in: d:f2 u:f2
out: d:a u:a d:leftctrl d:leftshift d:u u:u u:leftshift u:leftctrl d:2 u:2 d:0 u:0 d:a u:a d:c u:c d:space u:space

case: ctrl-shift-u: a character beyond the basic plane
in: d:f3 u:f3
out: d:leftctrl d:leftshift d:u u:u u:leftshift u:leftctrl d:1 u:1 d:f u:f d:6 u:6 d:0 u:0 d:0 u:0 d:space u:space

config:
{ "layers": [ { "name": "base", "map": {
    "f1": { "text": "é" },
    "f2": { "text": "€" } } } ],
  "options": { "unicode_method": "compose", "compose_key": "rightalt" } }

case: compose: é is Compose ' e
in: d:f1 u:f1
out: d:rightalt u:rightalt d:apostrophe u:apostrophe d:e u:e

case: compose: € is Compose C = (capital C with Shift)
in: d:f2 u:f2
out: d:rightalt u:rightalt d:leftshift d:c u:c u:leftshift d:equal u:equal
