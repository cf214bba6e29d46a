import { describe, expect, it } from 'vitest';
import { FULL_SIZE_LAYOUT, layoutKeys, placeKeys } from '@/lib/keyboard/layout';
import { nameParts } from '@/lib/keyboard/labels';

describe('full-size ANSI layout', () => {
  it('draws the 104 keys once each, within its bounds', () => {
    const { keys, width, height } = FULL_SIZE_LAYOUT;
    expect(keys).toHaveLength(104);
    expect(layoutKeys(FULL_SIZE_LAYOUT).size).toBe(104);
    expect([width, height]).toEqual([23.5, 6.5]);
  });

  it('never puts two keys in the same place', () => {
    const keys = FULL_SIZE_LAYOUT.keys;
    const overlaps = keys.flatMap((a, i) =>
      keys.slice(i + 1).filter((b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).map((b) => `${a.key}/${b.key}`),
    );
    expect(overlaps).toEqual([]);
  });

  it('lines the main block rows up at 15 units', () => {
    const main = FULL_SIZE_LAYOUT.keys.filter((k) => k.y >= 1.5 && k.x < 15);
    const rowEnds = [...new Set(main.map((k) => k.y))].map((y) => Math.max(...main.filter((k) => k.y === y).map((k) => k.x + k.width)));
    expect(rowEnds).toEqual([15, 15, 15, 15, 15]);
  });

  it('places keys after gaps and keeps tall keys tall', () => {
    const { keys } = placeKeys([{ name: 'test', x: 1, y: 2, rows: [[{ key: 'a' }, { gap: 0.5 }, { key: 'b', width: 2, height: 2 }]] }]);
    expect(keys).toEqual([
      { key: 'a', x: 1, y: 2, width: 1, height: 1 },
      { key: 'b', x: 2.5, y: 2, width: 2, height: 2 },
    ]);
  });
});

describe('nameParts', () => {
  it('cuts long names where a narrow cap may wrap them', () => {
    expect(nameParts('leftctrl')).toEqual(['left', 'ctrl']);
    expect(nameParts('kpasterisk')).toEqual(['kp', 'asterisk']);
    expect(nameParts('kp7')).toEqual(['kp7']);
    expect(nameParts('a')).toEqual(['a']);
  });
});
