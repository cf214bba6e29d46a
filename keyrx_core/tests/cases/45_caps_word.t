# Caps Word (QMK Caps Word, kanata `caps-word`): while on, letters are typed with Shift and
# `-` becomes `_` (QMK); digits, Backspace and Delete continue the word unshifted; modifier,
# layer and one-shot keys neither end nor continue it; any other key (Space, punctuation, a key
# typed with Ctrl/Alt/Meta) ends it before it is typed; pressing the caps-word key again turns
# it off; `timeout_ms` (default 5000, QMK's CAPS_WORD_IDLE_TIMEOUT) without a key ends it.
# kanata's sim test `caps_word_behaves_correctly`: `a 1 a spc a` gives `A 1 A spc a`.

config:
{ "layers": [
  { "name": "base", "map": {
    "capslock": { "caps_word": {} },
    "f1": { "caps_word": { "timeout_ms": 1000 } },
    "f2": { "caps_word": { "shifted": ["a"], "continue_keys": ["b"] } },
    "f": { "tap_hold": { "tap": "f", "hold": "leftctrl" } },
    "q": { "momentary": "nav" } } },
  { "name": "nav", "map": { "h": "left", "n": "x" } } ] }

case: letters are shifted, a digit continues, Space ends the word
in: d:capslock u:capslock d:a u:a d:1 u:1 d:a u:a d:space u:space d:a u:a
out: d:leftshift d:a u:a u:leftshift d:1 u:1 d:leftshift d:a u:a u:leftshift d:space u:space d:a u:a

case: minus becomes underscore inside the word (QMK)
in: d:capslock u:capslock d:a u:a d:minus u:minus d:b u:b d:comma u:comma
out: d:leftshift d:a u:a u:leftshift d:leftshift d:minus u:minus u:leftshift d:leftshift d:b u:b u:leftshift d:comma u:comma

case: backspace continues the word unshifted
in: d:capslock u:capslock d:a u:a d:backspace u:backspace d:b u:b
out: d:leftshift d:a u:a u:leftshift d:backspace u:backspace d:leftshift d:b u:b u:leftshift

case: pressing the caps-word key again turns it off
in: d:capslock u:capslock d:a u:a d:capslock u:capslock d:b u:b
out: d:leftshift d:a u:a u:leftshift d:b u:b

# kanata `caps_word_times_out`: a pause shorter than the timeout continues, a longer one ends.
case: the idle timeout restarts with every key and ends the word when it passes
in: d:f1 u:f1 d:a u:a t:500 d:a u:a t:1001 d:a u:a
out: d:leftshift d:a u:a u:leftshift t:500 d:leftshift d:a u:a u:leftshift t:1001 d:a u:a

case: a key typed with Ctrl ends the word (QMK)
in: d:capslock u:capslock d:f t:250 d:c u:c u:f d:a u:a
out: t:200 d:leftctrl t:50 d:c u:c u:leftctrl d:a u:a

case: a tap-hold's tap is shifted like any letter
in: d:capslock u:capslock d:f t:50 u:f
out: t:50 d:leftshift d:f u:f u:leftshift

case: a layer key neither ends nor continues it; the layer's letter is shifted
in: d:capslock u:capslock d:q d:n u:n u:q d:a u:a
out: d:leftshift d:x u:x u:leftshift d:leftshift d:a u:a u:leftshift

case: a layer's arrow key ends the word
in: d:capslock u:capslock d:q d:h u:h u:q d:a u:a
out: d:left u:left d:a u:a

case: custom lists: only the listed keys are shifted or continue
in: d:f2 u:f2 d:a u:a d:b u:b d:a u:a d:c u:c d:a u:a
out: d:leftshift d:a u:a u:leftshift d:b u:b d:leftshift d:a u:a u:leftshift d:c u:c d:a u:a
