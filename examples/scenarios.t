# What each example config does, checked by simulating key presses (see
# keyrx_config/tests/example_scenarios.rs). Every example in this directory needs at least one
# case here.
#
#   example: FILE.rhai         the example the cases below it run against
#   case: NAME                 what the case shows
#   in:   NOTATION             input, as for `keyrx simulate --input`
#   out:  EXPECTED             output, with `t:N` gaps (milliseconds)
#
# Try any case by hand: keyrx simulate --config examples/FILE.rhai --input "..."

example: capslock-esc-ctrl.rhai

case: CapsLock tapped is Escape
in:  d:capslock t:50 u:capslock
out: t:50 d:esc u:esc

case: CapsLock held alone becomes Control at the term
in:  d:capslock t:300 u:capslock
out: t:200 d:leftctrl t:100 u:leftctrl

case: Ctrl+C typed quickly: Control from the moment C goes down
in:  d:capslock t:30 d:c t:30 u:c t:10 u:capslock
out: t:30 d:leftctrl d:c t:30 u:c t:10 u:leftctrl

case: rolling from CapsLock into a key is Control too (hold-on-other-key-press)
in:  d:capslock t:20 d:c t:20 u:capslock t:20 u:c
out: t:20 d:leftctrl d:c t:20 u:leftctrl t:20 u:c

example: combos.rhai

case: J+K is Escape, held until both keys are up (all-keys-up)
in:  d:j t:10 d:k t:20 u:j t:20 u:k
out: t:30 d:esc t:20 u:esc

case: J+K+L is Enter
in:  d:j t:10 d:k t:10 d:l t:30 u:j u:k u:l
out: t:20 d:enter t:30 u:enter

case: D+F is Tab, released with the last key
in:  d:d t:10 d:f t:20 u:d t:30 u:f
out: t:10 d:tab t:50 u:tab

case: Right Alt held: A and F are ! and $
in:  d:rightalt t:10 d:a u:a d:f u:f t:10 u:rightalt
out: t:10 d:leftshift d:1 u:1 u:leftshift d:leftshift d:4 u:4 u:leftshift

case: with Right Alt holding the symbols layer, J+K is Backspace (combos follow the top layer)
in:  d:rightalt t:10 d:j t:10 d:k t:20 u:j u:k t:10 u:rightalt
out: t:20 d:backspace t:20 u:backspace

case: J alone types j once no combo can form (J+K+L waits up to 60 ms)
in:  d:j t:100 u:j
out: t:60 d:j t:40 u:j

example: gaming-toggle.rhai

case: outside gaming mode A tapped is a
in:  d:a t:50 u:a
out: t:50 d:a u:a

case: outside gaming mode F held with J tapped is Shift+J
in:  d:f t:30 d:j t:30 u:j t:30 u:f
out: t:60 d:leftshift d:j u:j t:30 u:leftshift

case: in gaming mode A goes down at once and stays a, however long it is held
in:  d:scrolllock u:scrolllock d:a t:300 u:a
out: d:a t:300 u:a

case: in gaming mode overlapping D and F are two plain keys
in:  d:scrolllock u:scrolllock d:d t:10 d:f t:100 u:d t:10 u:f
out: d:d t:10 d:f t:100 u:d t:10 u:f

case: Scroll Lock again leaves gaming mode: CapsLock is Escape, then Escape/Control again
in:  d:scrolllock u:scrolllock d:capslock t:10 u:capslock d:scrolllock u:scrolllock d:capslock t:300 u:capslock
out: d:esc t:10 u:esc t:200 d:leftctrl t:100 u:leftctrl

example: home-row-mods.rhai

case: F tapped alone is f
in:  d:f t:50 u:f
out: t:50 d:f u:f

case: a roll across the hands (F down, J down, F up) stays two letters
in:  d:f t:30 d:j t:30 u:f t:30 u:j
out: t:60 d:f d:j u:f t:30 u:j

case: F held while J is tapped is Shift+J
in:  d:f t:100 d:j t:30 u:j t:30 u:f
out: t:130 d:leftshift d:j u:j t:30 u:leftshift

case: a same-hand chord (F held, D tapped) stays letters
in:  d:f t:100 d:d t:30 u:d t:30 u:f
out: t:100 d:f d:d t:30 u:d t:30 u:f

case: F pressed right after another key is a letter at once, even held long
in:  d:t t:10 u:t t:50 d:f t:300 u:f
out: d:t t:10 u:t t:50 d:f t:300 u:f

example: laptop-and-external.rhai

case: the laptop keyboard (a name with spaces is quoted): CapsLock taps Escape, holds Control
in:  @"AT Translated Set 2 keyboard" d:capslock t:50 @"AT Translated Set 2 keyboard" u:capslock @"AT Translated Set 2 keyboard" d:capslock t:250 @"AT Translated Set 2 keyboard" u:capslock
out: t:50 d:esc u:esc t:180 d:leftctrl t:70 u:leftctrl

case: an external Keychron keyboard: CapsLock is Escape
in:  @Keychron-K2 d:capslock t:50 @Keychron-K2 u:capslock
out: d:esc t:50 u:esc

case: an external Keychron keyboard: CapsLock held stays Escape (no tap-hold)
in:  @Keychron-K2 d:capslock t:300 @Keychron-K2 u:capslock
out: d:esc t:300 u:esc

case: an external Keychron keyboard has no navigation layer
in:  @Keychron-K2 d:rightalt @Keychron-K2 d:h @Keychron-K2 u:h @Keychron-K2 u:rightalt
out: d:rightalt d:h u:h u:rightalt

case: any other keyboard is left alone
in:  @Logitech-USB-Keyboard d:capslock t:300 @Logitech-USB-Keyboard u:capslock d:capslock t:10 u:capslock
out: d:capslock t:300 u:capslock d:capslock t:10 u:capslock

example: macros-and-text.rhai

case: Right Ctrl + S selects all, waits, and copies
in:  d:rightctrl t:10 d:s t:10 u:s t:100 u:rightctrl
out: t:10 d:leftctrl d:a u:a u:leftctrl t:32 d:leftctrl d:c u:c u:leftctrl

case: Right Ctrl + E types the e-mail address, pausing 2 ms after each key
in:  d:rightctrl t:10 d:e t:10 u:e t:50 u:rightctrl
out: t:10 d:m u:m t:2 d:e u:e t:2 d:leftshift d:2 u:2 u:leftshift t:2 d:e u:e t:2 d:x u:x t:2 d:a u:a t:2 d:m u:m t:2 d:p u:p t:2 d:l u:l t:2 d:e u:e t:2 d:dot u:dot t:2 d:c u:c t:2 d:o u:o t:2 d:m u:m

case: Right Ctrl + D types YYYY-MM with Shift pressed and released by the macro
in:  d:rightctrl t:10 d:d t:10 u:d t:50 u:rightctrl
out: t:10 d:leftshift d:y u:y t:2 d:y u:y t:2 d:y u:y t:2 d:y u:y t:2 u:leftshift d:minus u:minus t:2 d:leftshift d:m u:m u:leftshift t:2 d:leftshift d:m u:m u:leftshift

case: Right Ctrl + T types a signature over two lines
in:  d:rightctrl t:10 d:t t:10 u:t t:50 u:rightctrl
out: t:10 d:leftshift d:t u:t u:leftshift t:2 d:h u:h t:2 d:a u:a t:2 d:n u:n t:2 d:k u:k t:2 d:s u:s t:2 d:comma u:comma t:2 d:enter u:enter t:2 d:leftshift d:m u:m u:leftshift t:2 d:e u:e

case: Right Ctrl + Q releases a held Shift and the macros layer
in:  d:leftshift t:10 d:rightctrl t:10 d:q t:10 u:q t:10 d:e t:10 u:e t:10 u:rightctrl t:10 u:leftshift
out: d:leftshift t:20 u:leftshift t:20 d:e t:10 u:e

example: modifiers-and-locks.rhai

case: Left Shift tapped shifts only the next key
in:  d:leftshift t:50 u:leftshift t:100 d:a t:10 u:a d:b u:b
out: t:50 d:leftshift t:100 d:a t:10 u:a u:leftshift d:b u:b

case: Right Meta held turns H and L into arrows
in:  d:rightmeta t:10 d:h u:h d:l u:l u:rightmeta d:h u:h
out: t:10 d:left u:left d:right u:right d:h u:h

case: Insert locks F1/F2 into brightness keys; Shift+F2 stays F2
in:  d:f1 u:f1 d:insert u:insert d:f1 u:f1 d:f2 u:f2 d:leftshift t:300 d:f2 u:f2 u:leftshift d:insert u:insert d:f1 u:f1
out: d:f1 u:f1 d:brightnessdown u:brightnessdown d:brightnessup u:brightnessup t:200 d:leftshift t:100 d:f2 u:f2 u:leftshift d:f1 u:f1

case: F12 switches to Colemak and F11 back to QWERTY
in:  d:f12 u:f12 d:k u:k d:e u:e d:f11 u:f11 d:k u:k
out: d:e u:e d:f u:f d:k u:k

case: Right Shift tapped takes the next key from the symbols layer
in:  d:rightshift t:40 u:rightshift t:50 d:a t:10 u:a d:a u:a
out: t:90 d:leftshift d:1 t:10 u:1 u:leftshift d:a u:a

example: numpad.rhai

case: Right Alt held: M , Space are 1 2 0 on the keypad
in:  d:rightalt d:m u:m d:comma u:comma d:space u:space u:rightalt d:m u:m
out: d:kp1 u:kp1 d:kp2 u:kp2 d:kp0 u:kp0 d:m u:m

case: Pause locks the numpad on until pressed again
in:  d:pause u:pause d:j u:j d:semicolon u:semicolon d:pause u:pause d:j u:j
out: d:kp4 u:kp4 d:kpplus u:kpplus d:j u:j

case: 7 and 8 are / and *, keys the numpad leaves alone type as usual
in:  d:rightalt d:7 u:7 d:8 u:8 d:9 u:9 u:rightalt
out: d:kpslash u:kpslash d:kpasterisk u:kpasterisk d:9 u:9

case: Right Alt released before the key: the keypad key is released, not U
in:  d:rightalt t:10 d:u t:10 u:rightalt t:10 u:u
out: t:10 d:kp7 t:20 u:kp7

example: split-into-files.rhai

case: A tapped is a
in:  d:a t:50 u:a
out: t:50 d:a u:a

case: D held with J tapped is Ctrl+J (helpers from lib/home_row.rhai)
in:  d:d t:30 d:j t:30 u:j t:30 u:d
out: t:60 d:leftctrl d:j u:j t:30 u:leftctrl

case: D held with S, a same-hand key, types d then s
in:  d:d t:30 d:s t:30 u:s t:30 u:d
out: t:30 d:d t:30 d:s u:s t:30 u:d

case: Space held with H tapped is Left (layer from lib/navigation.rhai)
in:  d:space t:20 d:h t:20 u:h t:20 u:space
out: t:40 d:left u:left

case: Space tapped is a space
in:  d:space t:30 u:space
out: t:30 d:space u:space

example: vim-navigation.rhai

case: Space tapped is a space
in:  d:space t:50 u:space
out: t:50 d:space u:space

case: Space held, H then J tapped: Left, Down
in:  d:space t:30 d:h t:30 u:h t:10 d:j t:30 u:j t:30 u:space
out: t:60 d:left u:left t:10 d:down t:30 u:down

case: typing fast, Space rolled into H is a space and h
in:  d:space t:20 d:h t:20 u:space t:20 u:h
out: t:40 d:space d:h u:space t:20 u:h

case: Space held past the term, W is Ctrl+Right
in:  d:space t:250 d:w t:10 u:w t:10 u:space
out: t:250 d:leftctrl d:right t:10 u:right u:leftctrl

case: Space held, J held down autorepeats Down
in:  d:space t:250 d:j t:300 r:j t:30 r:j u:j u:space
out: t:250 d:down t:300 r:down t:30 r:down u:down

example: keyd-style-layers.rhai

case: CapsLock holds Control as soon as it goes down
in:  d:capslock t:20 u:capslock
out: d:leftctrl t:20 u:leftctrl

case: a key the nav layer does not map falls through with Control: CapsLock+C is Ctrl+C
in:  d:capslock t:20 d:c t:20 u:c t:20 u:capslock
out: d:leftctrl t:20 d:c t:20 u:c t:20 u:leftctrl

case: a key the nav layer maps is sent without Control, which comes back after it
in:  d:capslock t:20 d:h t:20 u:h t:20 u:capslock
out: d:leftctrl t:20 u:leftctrl d:left t:20 u:left d:leftctrl t:20 u:leftctrl

case: sticky Alt+Tab: Alt stays down between tabs until the next key is typed
in:  d:capslock t:20 d:tab u:tab t:20 u:capslock t:100 d:enter u:enter
out: d:leftctrl t:20 u:leftctrl d:leftalt d:tab d:leftctrl t:20 u:leftctrl t:100 d:enter u:enter u:tab u:leftalt

case: Right Alt holds Shift through a macro that waits for the key's release
in:  d:rightalt t:10 d:a u:a t:10 u:rightalt
out: d:leftshift t:10 d:a u:a t:10 u:leftshift

case: Right Ctrl is Ctrl and Alt together, released in reverse
in:  d:rightctrl t:10 d:delete u:delete t:10 u:rightctrl
out: d:leftctrl d:leftalt t:10 d:delete u:delete t:10 u:leftalt u:leftctrl

example: power-keys.rhai

case: Caps Word shifts the letters of one word and `-` becomes `_`; Space ends it
in:  d:capslock u:capslock d:a u:a d:minus u:minus d:b u:b d:space u:space d:c u:c
out: d:leftshift d:a u:a u:leftshift d:leftshift d:minus u:minus u:leftshift d:leftshift d:b u:b u:leftshift d:space u:space d:c u:c

case: the repeat key types the last key again
in:  d:x u:x d:rightctrl u:rightctrl
out: d:x u:x d:x u:x

case: layer lock keeps the number layer on after Right Alt is released
in:  d:rightalt d:space u:space u:rightalt d:j u:j d:k u:k
out: d:1 u:1 d:2 u:2

case: Shift+Backspace deletes forward, without Shift, which comes back while still held
in:  d:leftshift d:backspace u:backspace u:leftshift
out: d:leftshift u:leftshift d:delete u:delete d:leftshift u:leftshift

case: a tap dance: two quick taps of F13 type a backtick
in:  d:f13 u:f13 t:50 d:f13 u:f13 t:300
out: t:250 d:grave u:grave

example: opposite-hand-mods.rhai

case: F held while J is tapped: Shift+J (the other hand)
in:  d:f t:30 d:j t:30 u:j t:30 u:f
out: t:60 d:leftshift d:j u:j t:30 u:leftshift

case: F then D, a same-hand roll: F is a letter at D's press; F's release waits behind D, as in kanata
in:  d:f t:30 d:d t:30 u:f t:30 u:d
out: t:30 d:f t:60 d:d u:f u:d

case: F held alone past the term: the letter (kanata's timeout tap)
in:  d:f t:300 u:f
out: t:200 d:f t:100 u:f

case: CapsLock tapped is Escape, with Control shown from the press
in:  d:capslock t:50 u:capslock
out: d:leftctrl t:50 u:leftctrl d:esc u:esc

case: CapsLock held with C: Ctrl+C, at once and without Escape
in:  d:capslock t:30 d:c t:30 u:c t:10 u:capslock
out: d:leftctrl t:30 d:c t:30 u:c t:10 u:leftctrl

example: commands.rhai

case: a command key types nothing (it asks the daemon to run playerctl)
in:  d:f14 u:f14 d:a u:a
out: d:a u:a

case: held past its term, the play/pause key is Control
in:  d:f13 t:300 d:c u:c u:f13
out: t:200 d:leftctrl t:100 d:c u:c u:leftctrl

case: keys of the media layer run commands and type nothing
in:  d:rightalt d:j u:j d:k u:k u:rightalt
out:

example: leader-and-macros.rhai

case: the leader, then g s, types "git status"
in:  d:rightalt u:rightalt d:g u:g d:s u:s
out: d:g u:g d:i u:i d:t u:t d:space u:space d:s u:s d:t u:t d:a u:a d:t u:t d:u u:u d:s u:s

case: a sequence that starts a longer one fires when the next key does not continue it
in:  d:rightalt u:rightalt d:g u:g d:x u:x
out: d:leftctrl d:g u:g u:leftctrl d:x u:x

case: keys that match no sequence are typed back
in:  d:rightalt u:rightalt d:q u:q
out: d:q u:q

case: the visible leader shows the keys, then backspaces them before the action
in:  d:f13 u:f13 d:e u:e d:m u:m
out: d:e u:e d:backspace u:backspace d:m u:m d:e u:e d:leftshift d:2 u:2 u:leftshift d:e u:e d:x u:x d:a u:a d:m u:m d:p u:p d:l u:l d:e u:e d:dot u:dot d:c u:c d:o u:o d:m u:m

case: F14 records what is typed until pressed again; F15 plays it back with its timing
in:  d:f14 u:f14 d:h t:20 u:h t:80 d:i t:20 u:i d:f14 u:f14 t:500 d:f15 u:f15 t:200
out: d:h t:20 u:h t:80 d:i t:20 u:i t:500 d:h t:20 u:h t:80 d:i t:20 u:i

case: F16 stops the recording; the leader, then p, plays the macro
in:  d:f14 u:f14 d:o u:o d:k u:k d:f16 u:f16 d:rightalt u:rightalt d:p u:p
out: d:o u:o d:k u:k d:o u:o d:k u:k
