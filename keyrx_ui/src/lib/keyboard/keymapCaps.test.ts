import { describe, expect, it } from 'vitest';
import { indexLayers, resolveCap, typedKey } from '@/lib/keyboard/keymapCaps';
import type { LayerView } from '@/lib/wire';

const layers: LayerView[] = [
  {
    name: 'base',
    keys: [
      { key: 'a', kind: 'key', label: 'B', detail: 'types b' },
      { key: 'capslock', kind: 'tap_hold', label: 'esc', hold: 'ctrl', detail: 'tap esc, hold leftctrl' },
    ],
  },
  {
    name: 'nav',
    keys: [
      { key: 'h', kind: 'key', label: '←', detail: 'types left' },
      { key: 'a', kind: 'transparent', label: '▽', detail: 'transparent: does what the layers below do' },
      { key: 'n', kind: 'key', label: '(', detail: 'types shift+9' },
    ],
  },
];
const index = indexLayers(layers);

describe('resolveCap', () => {
  it('takes the topmost active layer that maps the key, and falls through transparent keys to the base', () => {
    expect(resolveCap('h', [0, 1], layers, index)).toMatchObject({ label: '←', detail: 'types left (layer nav)' });
    expect(resolveCap('h', [0], layers, index)).toMatchObject({ state: 'self', detail: 'Not mapped: types h.' });
    expect(resolveCap('a', [0, 1], layers, index)).toMatchObject({ state: 'mapped', label: 'B', detail: 'types b' });
    expect(resolveCap('x', [0, 1], layers, index)).toMatchObject({ state: 'self' });
  });

  it('names the key a plain mapping types, and nothing for other kinds', () => {
    expect(typedKey(resolveCap('a', [0], layers, index))).toBe('b');
    expect(typedKey(resolveCap('n', [0, 1], layers, index))).toBe('9');
    expect(typedKey(resolveCap('x', [0], layers, index))).toBe('x');
    expect(typedKey(resolveCap('capslock', [0], layers, index))).toBeNull();
  });
});
