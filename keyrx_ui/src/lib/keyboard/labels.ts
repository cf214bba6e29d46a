// What is printed on a physical key cap, from its canonical Linux name.
const PRINTED: Record<string, string> = {
  esc: 'Esc',
  grave: '`',
  minus: '-',
  equal: '=',
  backspace: 'Backspace',
  tab: 'Tab',
  leftbrace: '[',
  rightbrace: ']',
  backslash: '\\',
  capslock: 'Caps',
  semicolon: ';',
  apostrophe: "'",
  enter: 'Enter',
  leftshift: 'Shift',
  rightshift: 'Shift',
  comma: ',',
  dot: '.',
  slash: '/',
  leftctrl: 'Ctrl',
  rightctrl: 'Ctrl',
  leftmeta: 'Meta',
  rightmeta: 'Meta',
  leftalt: 'Alt',
  rightalt: 'AltGr',
  space: 'Space',
  compose: 'Menu',
  sysrq: 'PrtSc',
  scrolllock: 'ScrLk',
  pause: 'Pause',
  insert: 'Ins',
  home: 'Home',
  pageup: 'PgUp',
  delete: 'Del',
  end: 'End',
  pagedown: 'PgDn',
  up: '↑',
  left: '←',
  down: '↓',
  right: '→',
  numlock: 'Num',
  kpslash: '/',
  kpasterisk: '*',
  kpminus: '-',
  kpplus: '+',
  kpenter: 'Enter',
  kpdot: '.',
};

export function printedLabel(key: string): string {
  const printed = PRINTED[key];
  if (printed !== undefined) return printed;
  if (/^kp\d$/.test(key)) return key.slice(2);
  if (/^f\d+$/.test(key)) return key.toUpperCase();
  if (/^[a-z]$/.test(key)) return key.toUpperCase();
  return key;
}

const NAME_PREFIXES = /^(left|right|kp|page|scroll|num|caps|back|semi|apos)(.{3,})$/;

/** A key name cut where a narrow key cap may wrap it: "leftctrl" → ["left", "ctrl"]. */
export function nameParts(key: string): string[] {
  const match = NAME_PREFIXES.exec(key);
  return match ? [match[1] ?? '', match[2] ?? ''] : [key];
}
