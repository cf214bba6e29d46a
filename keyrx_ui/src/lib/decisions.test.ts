import { describe, expect, it } from 'vitest';
import { decisionSummary } from '@/lib/decisions';
import type { Decision } from '@/lib/wire';

const at = (decision: Omit<Decision, 'at_us' | 'text'>): Decision => ({ at_us: 0, text: 'sentence', ...decision });

describe('decisionSummary', () => {
  it('says in a few words what the engine decided', () => {
    expect(decisionSummary(at({ kind: 'tap_hold', key: 'capslock', outcome: 'tap' }))).toBe('capslock → tap');
    expect(decisionSummary(at({ kind: 'combo_fired', key: 'j', combo: ['j', 'k'] }))).toBe('j+k → combo');
    expect(decisionSummary(at({ kind: 'combo_abandoned', key: 'j' }))).toBe('j combo abandoned');
    expect(decisionSummary(at({ kind: 'one_shot_expired', key: 'leftshift' }))).toBe('leftshift one-shot expired');
    expect(decisionSummary(at({ kind: 'layer_off', layer: 'nav' }))).toBe('nav off');
    expect(decisionSummary(at({ kind: 'base_layer', layer: 'colemak' }))).toBe('base → colemak');
    expect(decisionSummary(at({ kind: 'overflow', key: 'a' }))).toBe('a dropped');
    expect(decisionSummary(at({ kind: 'command', key: 'f1' }))).toBe('f1 → command');
  });
});
