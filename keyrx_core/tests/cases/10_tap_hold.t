# Tap-hold flavours. Term 200 ms unless stated.
config:
{ "layers": [ { "name": "base", "map": {
    "capslock": { "tap_hold": { "tap": "esc", "hold": "leftctrl", "flavor": "balanced" } },
    "a": { "tap_hold": { "tap": "a", "hold": "leftmeta", "flavor": "tap-preferred" } },
    "s": { "tap_hold": { "tap": "s", "hold": "leftalt", "flavor": "hold-on-other-key-press" } },
    "d": { "tap_hold": { "tap": "d", "hold": "leftshift", "flavor": "tap-unless-interrupted" } }
} } ] }

case: balanced tap
in: d:capslock t:50 u:capslock
out: t:50 d:esc u:esc

case: balanced hold by timeout
in: d:capslock t:250 u:capslock
out: t:200 d:leftctrl t:50 u:leftctrl

case: held exactly term is a hold
in: d:capslock t:200 u:capslock
out: t:200 d:leftctrl u:leftctrl

case: balanced nested press and release is a hold
in: d:capslock t:20 d:c t:20 u:c t:20 u:capslock
out: t:40 d:leftctrl d:c u:c t:20 u:leftctrl

case: balanced roll stays a tap
in: d:capslock t:20 d:c t:20 u:capslock t:20 u:c
out: t:40 d:esc d:c u:esc t:20 u:c

case: tap-preferred nested press is still a tap when released before term
in: d:a t:20 d:c t:20 u:c t:20 u:a
out: t:60 d:a d:c u:c u:a

case: tap-preferred nested then held past term is a hold
in: d:a t:20 d:c t:20 u:c t:300 u:a
out: t:200 d:leftmeta d:c u:c t:140 u:leftmeta

case: hold-on-other-key-press decides at the other press
in: d:s t:20 d:c t:20 u:c t:20 u:s
out: t:20 d:leftalt d:c t:20 u:c t:20 u:leftalt

case: tap-unless-interrupted taps at the term and stays down
in: d:d t:300 u:d
out: t:200 d:d t:100 u:d

case: tap-unless-interrupted interrupted is a hold
in: d:d t:20 d:c u:c u:d
out: t:20 d:leftshift d:c u:c u:leftshift

case: two tap-hold keys: second nested inside first (balanced first)
in: d:capslock t:10 d:s t:10 u:s t:10 u:capslock
out: t:20 d:leftctrl d:s u:s t:10 u:leftctrl
