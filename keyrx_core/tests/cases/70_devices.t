# Per-device blocks: each device uses the first block whose matchers accept it (name globs;
# a block matches if any of its matchers does; a block without matchers matches every device).
# Each matched device runs its own engine, so layers and pending keys on one device do not
# affect another. A device no block matches is left alone: its events pass through unchanged.
# `@NAME` names the device of the next event; without it the device is `keyboard`.

config:
{ "devices": [
  { "name": "laptop", "match": [ { "name": "*laptop*" } ],
    "keymap": { "layers": [
      { "name": "base", "map": { "a": "b", "capslock": "esc", "space": { "momentary": "nav" } } },
      { "name": "nav", "map": { "h": "left" } } ] } },
  { "name": "ext", "match": [ { "name": "ext*" }, { "name": "*usb*" } ],
    "keymap": { "layers": [ { "name": "base", "map": { "a": "c", "capslock": "leftctrl" } } ] } } ] }

case: the laptop block
in: @laptop-kbd d:a @laptop-kbd u:a
out: d:b u:b

case: the external block
in: @ext-kbd d:a @ext-kbd u:a
out: d:c u:c

case: a block's second matcher
in: @logi-usb-2 d:capslock @logi-usb-2 u:capslock
out: d:leftctrl u:leftctrl

case: an unmatched device passes through unchanged
in: @mouse d:a @mouse u:a @mouse d:capslock @mouse u:capslock
out: d:a u:a d:capslock u:capslock

case: an unmatched device's autorepeat passes through
in: @mouse d:a t:300 @mouse r:a @mouse u:a
out: d:a t:300 r:a u:a

case: without a catch-all block, the default device passes through unchanged
in: d:a u:a
out: d:a u:a

case: a device matching two blocks uses the first
in: @ext-laptop d:a @ext-laptop u:a
out: d:b u:b

case: the same key on two devices, interleaved
in: @laptop d:a @ext d:a @laptop u:a @ext u:a
out: d:b d:c u:b u:c

case: a layer held on one device does not affect another
in: @laptop d:space @ext d:h @ext u:h @laptop d:h @laptop u:h @laptop u:space
out: d:h u:h d:left u:left

config:
{ "devices": [
  { "name": "ext", "match": [ { "name": "ext*" } ],
    "keymap": { "layers": [ { "name": "base", "map": { "a": "c" } } ] } },
  { "name": "rest", "keymap": { "layers": [ { "name": "base", "map": { "a": "x" } } ] } } ] }

case: a block without matchers catches every other device
in: @laptop d:a @laptop u:a @ext-1 d:a @ext-1 u:a
out: d:x u:x d:c u:c

case: the default device uses the catch-all block
in: d:a u:a
out: d:x u:x

config:
{ "devices": [
  { "name": "laptop", "match": [ { "name": "laptop" } ],
    "keymap": { "layers": [ { "name": "base", "map": {
      "capslock": { "tap_hold": { "tap": "esc", "hold": "leftctrl" } } } } ] } },
  { "name": "ext", "match": [ { "name": "ext" } ],
    "keymap": { "layers": [ { "name": "base", "map": { "a": "c" } } ] } } ] }

case: one device's undecided tap-hold neither delays nor decides on another device's keys
in: @laptop d:capslock t:10 @ext d:a t:10 @ext u:a t:300 @laptop u:capslock
out: t:10 d:c t:10 u:c t:180 d:leftctrl t:120 u:leftctrl

case: a tap on one device while another device's key is held
in: @ext d:a t:10 @laptop d:capslock t:50 @laptop u:capslock t:10 @ext u:a
out: d:c t:60 d:esc u:esc t:10 u:c
