# Sequences behind a leader key (kanata `sequence` / `defseq`, QMK Leader). After the leader,
# each key a press would type (as the layers resolve it) is matched against the sequences. A
# sequence that nothing longer continues fires at once: its action is tapped. A key that no
# sequence continues is a mismatch; the timeout (default 1000 ms, kanata's sequence-timeout)
# ends it too. What the typed keys do follows kanata's `sequence-input-mode`:
# hidden-delay-type (the default: swallowed, typed back on a mismatch or the timeout),
# hidden-suppressed (swallowed and dropped, the key that mismatched too) and visible-backspaced
# (typed as they go, backspaced away on a match). Prefix conflicts follow kanata: a sequence
# that is the start of a longer one fires when the timeout passes or a key that continues no
# longer one comes, and that key then does what it does. `timeout_from: "last-key"` restarts
# the timeout with every key (QMK LEADER_PER_KEY_TIMING). Modifier, layer and one-shot keys act
# as usual while a sequence is typed and are not part of it; another typing action (a macro,
# the leader again) ends the sequence as a mismatch first.

config:
{ "layers": [
  { "name": "base", "map": {
    "f1": "leader",
    "f2": { "leader": { "input_mode": "hidden-suppressed" } },
    "f3": { "leader": { "input_mode": "visible-backspaced" } },
    "f4": { "leader": { "timeout_ms": 500, "timeout_from": "last-key" } },
    "f7": { "leader": { "timeout_ms": 0 } },
    "f": { "tap_hold": { "tap": "f", "hold": "leftctrl" } },
    "q": { "momentary": "nav" },
    "f5": { "one_shot": "shift" },
    "f6": { "macro": ["m"] },
    "pause": "release_all" } },
  { "name": "nav", "map": { "h": "g" } } ],
  "sequences": [
    { "keys": ["g", "i", "t"], "action": { "text": "ok" } },
    { "keys": ["a"], "action": "x" },
    { "keys": ["a", "b"], "action": "y" },
    { "keys": ["d", "f"], "action": "z" },
    { "keys": ["e"], "action": "esc" } ] }

case: a complete sequence taps its action; the typed keys are swallowed
in: d:f1 u:f1 d:g u:g d:i u:i d:t u:t
out: d:o u:o d:k u:k

case: a key held while it completes the sequence: its release does nothing
in: d:f1 u:f1 d:g u:g d:i u:i d:t t:100 u:t
out: d:o u:o d:k u:k

case: hidden-delay-type: a mismatch types the swallowed keys back, then the key
in: d:f1 u:f1 d:g u:g d:x u:x d:y u:y
out: d:g u:g d:x u:x d:y u:y

case: a first key no sequence starts with is a mismatch at once
in: d:f1 u:f1 d:w u:w
out: d:w u:w

case: hidden-delay-type: the timeout types the swallowed keys back
in: d:f1 u:f1 d:g u:g d:i u:i t:1000 d:t u:t
out: t:1000 d:g u:g d:i u:i d:t u:t

case: the timeout runs from the leader by default: slow keys time out
in: d:f1 u:f1 d:g u:g t:600 d:i u:i t:600 d:t u:t
out: t:1000 d:g u:g d:i u:i t:200 d:t u:t

case: hidden-suppressed: a mismatch drops the keys, the one that mismatched too
in: d:f2 u:f2 d:g u:g d:x u:x d:y u:y
out: d:y u:y

case: hidden-suppressed: the timeout drops the keys
in: d:f2 u:f2 d:g u:g d:i u:i t:1000 d:t u:t
out: t:1000 d:t u:t

case: visible-backspaced: keys are typed as they go and backspaced away on a match
in: d:f3 u:f3 d:g u:g d:i u:i d:t u:t
out: d:g u:g d:i u:i d:backspace u:backspace d:backspace u:backspace d:o u:o d:k u:k

case: visible-backspaced: a mismatch leaves what was typed
in: d:f3 u:f3 d:g u:g d:x u:x
out: d:g u:g d:x u:x

case: visible-backspaced: a shorter sequence waiting at the timeout is backspaced and fires
in: d:f3 u:f3 d:a u:a t:1000
out: d:a u:a t:1000 d:backspace u:backspace d:x u:x

case: prefix conflict: the shorter sequence fires when the timeout passes
in: d:f1 u:f1 d:a u:a t:1000
out: t:1000 d:x u:x

case: prefix conflict: the longer sequence fires at its last key
in: d:f1 u:f1 d:a u:a d:b u:b
out: d:y u:y

case: prefix conflict: a key that continues no longer sequence fires the shorter one, then types
in: d:f1 u:f1 d:a u:a d:c u:c
out: d:x u:x d:c u:c

case: timeout_from last-key: each key restarts the timeout
in: d:f4 u:f4 d:g u:g t:400 d:i u:i t:400 d:t u:t
out: t:800 d:o u:o d:k u:k

case: timeout_from last-key: a pause longer than the timeout ends it
in: d:f4 u:f4 d:g u:g t:500 d:i u:i
out: t:500 d:g u:g d:i u:i

case: a tap-hold's tap is a sequence key
in: d:f1 u:f1 d:d u:d d:f t:50 u:f
out: t:50 d:z u:z

case: a tap-hold's hold (a modifier) is not part of the sequence and applies to its action
in: d:f1 u:f1 d:f t:250 d:e u:e u:f
out: t:200 d:leftctrl t:50 d:esc u:esc u:leftctrl

case: a layer key acts as usual; the key the layer gives is the sequence key
in: d:f1 u:f1 d:q d:h u:h u:q d:i u:i d:t u:t
out: d:o u:o d:k u:k

case: a one-shot modifier armed before the leader applies to the sequence's action
in: d:f5 u:f5 d:f1 u:f1 d:e u:e d:e u:e
out: d:leftshift d:esc u:esc u:leftshift d:e u:e

case: a macro ends the sequence as a mismatch, then runs
in: d:f1 u:f1 d:g u:g d:f6 u:f6
out: d:g u:g d:m u:m

case: the leader again ends the sequence and starts a new one
in: d:f1 u:f1 d:g u:g d:f1 u:f1 d:g u:g d:i u:i d:t u:t
out: d:g u:g d:o u:o d:k u:k

case: release_all during a pending sequence drops it; keys then type as usual
in: d:f1 u:f1 d:g u:g d:pause u:pause d:i u:i d:t u:t
out: d:i u:i d:t u:t

case: a sequence key held across the leader's timeout is released as it was pressed
in: d:f1 u:f1 d:g t:1000 u:g
out: t:1000 d:g u:g

case: another typing action fires a complete shorter sequence first, then runs
in: d:f1 u:f1 d:a u:a d:f6 u:f6
out: d:x u:x d:m u:m

case: timeout_ms 0: the sequence never times out; only a match or a mismatch ends it
in: d:f7 u:f7 d:g u:g t:60000 d:i u:i t:60000 d:t u:t d:f7 u:f7 d:g u:g t:60000 d:x u:x
out: t:120000 d:o u:o d:k u:k t:60000 d:g u:g d:x u:x
