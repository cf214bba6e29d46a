# Mouse keys, after QMK Mouse Keys (accelerated mode: a step at the press, the next after
# MOUSEKEY_DELAY, then one every MOUSEKEY_INTERVAL, growing to full speed over the time to max;
# diagonals scaled by 1/sqrt(2), times_inv_sqrt2; ACL keys held as speed modifiers) and kanata
# (`movemouse-accel-*` grows linearly from the min to the max distance over its acceleration
# time; `mwheel-*`; `movemouse-speed` scales the speed while held). Output: `md:`/`mu:` a button
# down/up, `mx:`/`my:` pixels (right/down positive), `mw:`/`mh:` wheel detents (up/right positive).

config:
{ "layers": [
  { "name": "base", "map": {
    "f1": { "mouse_button": "left" },
    "f6": { "mouse_button": "left" },
    "f2": { "mouse_button": "right" },
    "up": { "mouse_move": { "direction": "up", "start": 2, "speed": 10, "accel_ms": 40, "interval_ms": 10, "delay_ms": 10 } },
    "down": { "mouse_move": { "direction": "down", "start": 2, "speed": 10, "accel_ms": 40, "interval_ms": 10, "delay_ms": 10 } },
    "left": { "mouse_move": { "direction": "left", "start": 2, "speed": 10, "accel_ms": 40, "interval_ms": 10, "delay_ms": 10 } },
    "right": { "mouse_move": { "direction": "right", "start": 2, "speed": 10, "accel_ms": 40, "interval_ms": 10, "delay_ms": 10 } },
    "f8": { "mouse_move": { "direction": "up" } },
    "pageup": { "mouse_scroll": { "direction": "up", "start": 1, "speed": 3, "accel_ms": 100, "interval_ms": 50, "delay_ms": 50 } },
    "pagedown": { "mouse_scroll": { "direction": "down", "start": 1, "speed": 3, "accel_ms": 100, "interval_ms": 50, "delay_ms": 50 } },
    "home": { "mouse_scroll": { "direction": "right", "speed": 2, "accel_ms": 0, "interval_ms": 50 } },
    "f3": { "mouse_speed": 50 },
    "f4": { "mouse_speed": 25 },
    "f5": "release_all",
    "f7": { "one_shot": "leftshift" },
    "q": { "momentary": "mouse" },
    "a": { "tap_hold": { "tap": { "mouse_button": "left" }, "hold": "leftctrl", "term_ms": 200 } },
    "s": { "tap_hold": { "tap": "s", "hold": { "mouse_button": "right" }, "term_ms": 200 } },
    "d": { "tap_hold": { "tap": { "mouse_move": { "direction": "right", "start": 2 } }, "hold": "leftshift", "term_ms": 200 } } } },
  { "name": "mouse", "map": {
    "h": { "mouse_move": { "direction": "left", "start": 2, "speed": 10, "accel_ms": 40, "interval_ms": 10, "delay_ms": 10 } },
    "j": { "mouse_button": "middle" } } } ] }

case: a mouse button is held while its key is
in: d:f1 t:50 u:f1
out: md:left t:50 mu:left

case: two keys holding one button: it goes up with the last
in: d:f1 d:f6 t:10 u:f1 t:10 u:f6
out: md:left t:20 mu:left

case: movement steps at the press, after the delay, then every interval, accelerating
in: d:right t:65 u:right
out: mx:+2 t:10 mx:+4 t:10 mx:+6 t:10 mx:+8 t:10 mx:+10 t:10 mx:+10 t:10 mx:+10

case: movement stops exactly when the key is released
in: d:down t:15 u:down t:100
out: my:+2 t:10 my:+4

case: QMK's defaults: 8 px at the press, then growing towards 80 px over 600 ms
in: d:f8 t:45 u:f8
out: my:-8 t:10 my:-9 t:20 my:-11

case: a second direction joins at the next step, and a diagonal is scaled by 1/sqrt(2)
in: d:right t:15 d:down t:20 u:right t:10 u:down
out: mx:+2 t:10 mx:+4 t:10 mx:+4 my:+4 t:10 mx:+5 my:+5 t:10 my:+10

case: opposite directions cancel
in: d:left d:right t:15 u:left u:right
out: mx:-2

case: mouse_speed scales the steps while held
in: d:f3 d:right t:25 u:right u:f3
out: mx:+1 t:10 mx:+2 t:10 mx:+3

case: the slowest mouse_speed held wins, and a step is at least 1
in: d:f3 d:f4 d:right t:15 u:f4 t:10 u:right u:f3
out: mx:+1 t:10 mx:+1 t:10 mx:+3

case: scrolling steps on its own timer
in: d:pagedown t:120 u:pagedown
out: mw:-1 t:50 mw:-2 t:50 mw:-3

case: scrolling up and horizontally at once
in: d:pageup d:home t:60 u:pageup u:home
out: mw:+1 t:50 mw:+2 mh:+2

case: a layer's mouse key keeps moving after the layer key goes up, until its own release
in: d:q d:h t:15 u:q t:10 u:h
out: mx:-2 t:10 mx:-4 t:10 mx:-6

case: a mouse button as the tap of a tap-hold clicks on release
in: d:a t:50 u:a
out: t:50 md:left mu:left

case: the same key held is the hold side
in: d:a t:250 d:x u:x u:a
out: t:200 d:leftctrl t:50 d:x u:x u:leftctrl

case: while a tap-hold is undecided, movement goes on and the move key's release stops it at once
in: d:right t:15 d:a t:10 u:right t:30 u:a
out: mx:+2 t:10 mx:+4 t:10 mx:+6 t:35 md:left mu:left

case: a mouse button as the hold side of a tap-hold
in: d:s t:250 u:s
out: t:200 md:right t:50 mu:right

case: a mouse move as a tap moves one step
in: d:d t:50 u:d
out: t:50 mx:+2

case: ctrl+click: key output and pointer output in order
in: d:leftctrl d:f1 u:f1 u:leftctrl
out: d:leftctrl md:left mu:left u:leftctrl

case: a click uses a one-shot modifier
in: d:f7 u:f7 d:f1 u:f1 d:x u:x
out: d:leftshift md:left mu:left u:leftshift d:x u:x

case: release_all lets go of buttons and stops movement
in: d:f1 d:right t:15 d:f5 u:f5 t:20 u:right u:f1
out: md:left mx:+2 t:10 mx:+4 t:5 mu:left

# With a leader key (kanata `sequence`): a mouse key pressed while a sequence is typed ends it,
# as any key no sequence continues does, then acts; a sequence's action may click.
config:
{ "layers": [ { "name": "base", "map": {
    "f1": "leader",
    "right": { "mouse_move": { "direction": "right", "start": 2, "speed": 2, "interval_ms": 10 } } } } ],
  "sequences": [ { "keys": ["c", "l"], "action": { "mouse_button": "left" } } ] }

case: a sequence's action clicks
in: d:f1 u:f1 d:c u:c d:l u:l
out: md:left mu:left

case: a mouse move ends the sequence being typed, which is typed back, and moves
in: d:f1 u:f1 d:c u:c d:right t:15 u:right
out: d:c u:c mx:+2 t:10 mx:+2
