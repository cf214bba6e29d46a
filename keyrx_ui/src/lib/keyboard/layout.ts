// A full-size ANSI keyboard in key units (1 = one letter key), using the daemon's canonical
// Linux key names. Sections are drawn at their own offset; a row lays keys out left to
// right, with gaps for the spaces between key groups.

export interface KeySlot {
  key: string;
  width?: number;
  /** In rows; the keys below a tall key simply leave its column free. */
  height?: number;
}

export interface Gap {
  gap: number;
}

export type LayoutRow = (KeySlot | Gap)[];

export interface LayoutSection {
  name: string;
  x: number;
  y: number;
  rows: LayoutRow[];
}

export interface PlacedKey {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedLayout {
  keys: PlacedKey[];
  width: number;
  height: number;
}

const keys = (...names: string[]): KeySlot[] => names.map((key) => ({ key }));
const gap = (width: number): Gap => ({ gap: width });

const FULL_SIZE_ANSI: LayoutSection[] = [
  {
    name: 'function',
    x: 0,
    y: 0,
    rows: [[{ key: 'esc' }, gap(1), ...keys('f1', 'f2', 'f3', 'f4'), gap(0.5), ...keys('f5', 'f6', 'f7', 'f8'), gap(0.5), ...keys('f9', 'f10', 'f11', 'f12')]],
  },
  {
    name: 'main',
    x: 0,
    y: 1.5,
    rows: [
      [...keys('grave', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'minus', 'equal'), { key: 'backspace', width: 2 }],
      [{ key: 'tab', width: 1.5 }, ...keys('q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', 'leftbrace', 'rightbrace'), { key: 'backslash', width: 1.5 }],
      [{ key: 'capslock', width: 1.75 }, ...keys('a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'semicolon', 'apostrophe'), { key: 'enter', width: 2.25 }],
      [{ key: 'leftshift', width: 2.25 }, ...keys('z', 'x', 'c', 'v', 'b', 'n', 'm', 'comma', 'dot', 'slash'), { key: 'rightshift', width: 2.75 }],
      [
        { key: 'leftctrl', width: 1.25 },
        { key: 'leftmeta', width: 1.25 },
        { key: 'leftalt', width: 1.25 },
        { key: 'space', width: 6.25 },
        { key: 'rightalt', width: 1.25 },
        { key: 'rightmeta', width: 1.25 },
        { key: 'compose', width: 1.25 },
        { key: 'rightctrl', width: 1.25 },
      ],
    ],
  },
  { name: 'system', x: 15.5, y: 0, rows: [keys('sysrq', 'scrolllock', 'pause')] },
  {
    name: 'navigation',
    x: 15.5,
    y: 1.5,
    rows: [keys('insert', 'home', 'pageup'), keys('delete', 'end', 'pagedown'), [], [gap(1), { key: 'up' }], keys('left', 'down', 'right')],
  },
  {
    name: 'numpad',
    x: 19.5,
    y: 1.5,
    rows: [
      keys('numlock', 'kpslash', 'kpasterisk', 'kpminus'),
      [...keys('kp7', 'kp8', 'kp9'), { key: 'kpplus', height: 2 }],
      keys('kp4', 'kp5', 'kp6'),
      [...keys('kp1', 'kp2', 'kp3'), { key: 'kpenter', height: 2 }],
      [{ key: 'kp0', width: 2 }, { key: 'kpdot' }],
    ],
  },
];

export function placeKeys(sections: LayoutSection[]): PlacedLayout {
  const placed: PlacedKey[] = [];
  for (const section of sections) {
    section.rows.forEach((row, index) => {
      let x = section.x;
      for (const slot of row) {
        if ('gap' in slot) {
          x += slot.gap;
          continue;
        }
        const width = slot.width ?? 1;
        placed.push({ key: slot.key, x, y: section.y + index, width, height: slot.height ?? 1 });
        x += width;
      }
    });
  }
  return {
    keys: placed,
    width: Math.max(0, ...placed.map((k) => k.x + k.width)),
    height: Math.max(0, ...placed.map((k) => k.y + k.height)),
  };
}

export const FULL_SIZE_LAYOUT = placeKeys(FULL_SIZE_ANSI);

/** The keys a layout draws, to tell which mapped keys need listing beside it. */
export function layoutKeys(layout: PlacedLayout): Set<string> {
  return new Set(layout.keys.map((k) => k.key));
}
