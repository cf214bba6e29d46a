# Dynamic macros (kanata `dynamic-macro-record` / `dynamic-macro-play` /
# `dynamic-macro-record-stop`, QMK Dynamic Macros). What the engine sends while a slot records —
# its output, as kanata records it, so tap-hold, layer and one-shot results are what plays
# back — is kept with the time between events and played back on engine timers. Pressing
# `macro_record` while recording stops the recording (QMK's DM_RSTP by pressing the record key
# again); `macro_stop` stops it (kanata's record-stop), or a playback. Recording a slot again
# replaces it. Playing while a slot records is refused, so a macro never plays itself. Every key
# playback presses is released by its end, by `macro_stop` and by `release_all`. Pauses longer
# than 5 s play back as 5 s. Recordings live in memory only.

config:
{ "layers": [
  { "name": "base", "map": {
    "f1": { "macro_record": 0 },
    "f2": { "macro_play": 0 },
    "f3": "macro_stop",
    "f4": { "macro_record": 1 },
    "f5": { "macro_play": 1 },
    "f6": { "macro_play": 7 },
    "f": { "tap_hold": { "tap": "f", "hold": "leftctrl" } },
    "q": { "momentary": "nav" },
    "f7": { "one_shot": "shift" },
    "f8": "leader",
    "pause": "release_all" } },
  { "name": "nav", "map": { "h": "left" } } ],
  "sequences": [ { "keys": ["p"], "action": { "macro_play": 0 } } ] }

case: recorded keys play back with their timing
in: d:f1 u:f1 d:a t:10 u:a t:20 d:b t:10 u:b d:f3 u:f3 t:100 d:f2 u:f2 t:100
out: d:a t:10 u:a t:20 d:b t:10 u:b t:100 d:a t:10 u:a t:20 d:b t:10 u:b

case: pressing macro_record again stops the recording (QMK)
in: d:f1 u:f1 d:a u:a d:f1 u:f1 d:b u:b d:f2 u:f2
out: d:a u:a d:b u:b d:a u:a

case: recording a slot again replaces what it held
in: d:f1 u:f1 d:a u:a d:f1 u:f1 d:f1 u:f1 d:b u:b d:f3 u:f3 d:f2 u:f2
out: d:a u:a d:b u:b d:b u:b

case: slots are separate
in: d:f1 u:f1 d:a u:a d:f3 u:f3 d:f4 u:f4 d:b u:b d:f3 u:f3 d:f5 u:f5 d:f2 u:f2
out: d:a u:a d:b u:b d:b u:b d:a u:a

case: playing while recording is refused, so the recording holds only what was typed
in: d:f1 u:f1 d:a u:a d:f2 u:f2 d:b u:b d:f1 u:f1 d:f2 u:f2
out: d:a u:a d:b u:b d:a u:a d:b u:b

case: the output is recorded: a tap-hold's hold and the key under it
in: d:f1 u:f1 d:f t:250 d:c u:c u:f d:f3 u:f3 t:100 d:f2 u:f2 t:300
out: t:200 d:leftctrl t:50 d:c u:c u:leftctrl t:100 d:leftctrl t:50 d:c u:c u:leftctrl

case: the output is recorded: a layer's key plays back as what it typed
in: d:f1 u:f1 d:q d:h u:h u:q d:f3 u:f3 d:f2 u:f2
out: d:left u:left d:left u:left

case: the output is recorded: a one-shot modifier around the key it applied to
in: d:f1 u:f1 d:f7 u:f7 d:a u:a d:f3 u:f3 d:f2 u:f2
out: d:leftshift d:a u:a u:leftshift d:leftshift d:a u:a u:leftshift

case: a key still down when the recording stops is released at the end of the playback
in: d:f1 u:f1 d:leftshift d:a u:a d:f3 u:f3 u:leftshift d:f2 u:f2
out: d:leftshift d:a u:a u:leftshift d:leftshift d:a u:a u:leftshift

case: a release whose press came before the recording is not played
in: d:leftshift d:f1 u:f1 d:a u:a u:leftshift d:f3 u:f3 d:f2 u:f2
out: d:leftshift d:a u:a u:leftshift d:a u:a

case: playing an empty slot does nothing
in: d:f6 u:f6 d:a u:a
out: d:a u:a

case: macro_stop during a playback releases what it holds and ends it
in: d:f1 u:f1 d:a t:500 u:a t:10 d:b u:b d:f3 u:f3 d:f2 u:f2 t:100 d:f3 u:f3 t:1000
out: d:a t:500 u:a t:10 d:b u:b d:a t:100 u:a

case: release_all during a playback releases what it holds and ends it
in: d:f1 u:f1 d:a t:500 u:a d:f3 u:f3 d:f2 u:f2 t:100 d:pause u:pause t:1000
out: d:a t:500 u:a d:a t:100 u:a

case: release_all during a recording stops it; what was recorded stays
in: d:f1 u:f1 d:a u:a d:pause u:pause d:b u:b d:f2 u:f2
out: d:a u:a d:b u:b d:a u:a

case: a pause longer than 5 s plays back as 5 s
in: d:f1 u:f1 d:a u:a t:8000 d:b u:b d:f3 u:f3 d:f2 u:f2 t:6000
out: d:a u:a t:8000 d:b u:b d:a u:a t:5000 d:b u:b

case: other keys type during a playback's pauses
in: d:f1 u:f1 d:a u:a t:200 d:b u:b d:f3 u:f3 d:f2 u:f2 t:50 d:x u:x t:200
out: d:a u:a t:200 d:b u:b d:a u:a t:50 d:x u:x t:150 d:b u:b

case: playing again while playing starts over
in: d:f1 u:f1 d:a t:300 u:a d:f3 u:f3 d:f2 u:f2 t:100 d:f2 u:f2 t:400
out: d:a t:300 u:a d:a t:100 u:a d:a t:300 u:a

case: recording while a slot plays stops the playback first
in: d:f1 u:f1 d:a t:300 u:a d:f3 u:f3 d:f2 u:f2 t:100 d:f4 u:f4 d:b u:b d:f3 u:f3 t:400 d:f5 u:f5
out: d:a t:300 u:a d:a t:100 u:a d:b u:b t:400 d:b u:b

case: a leader sequence can play a macro
in: d:f1 u:f1 d:a u:a d:f3 u:f3 d:f8 u:f8 d:p u:p
out: d:a u:a d:a u:a
