import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DecisionAxis, pressOf } from '@/lib/DecisionAxis';
import type { Decision } from '@/lib/wire';

const hold: Decision = {
  kind: 'tap_hold',
  at_us: 1_064_000,
  text: 'f resolved as hold: j was tapped inside it (64 ms after its press)',
  key: 'f',
  outcome: 'hold',
  cause: 'other_key_tapped',
};

describe('DecisionAxis', () => {
  it('finds the press from the sentence', () => {
    expect(pressOf(hold)).toBe(1_000_000);
    expect(pressOf({ ...hold, text: 'layer nav on' })).toBeNull();
  });

  it('places the keys typed meanwhile and the term, and says it all in words', () => {
    const events = [
      { key: 'j', action: 'press' as const, atUs: 1_030_000 },
      { key: 'j', action: 'release' as const, atUs: 1_060_000 },
    ];
    render(<DecisionAxis decision={hold} pressUs={1_000_000} events={events} termMs={200} />);
    const sentence = 'f pressed at 0 ms, j pressed at 30 ms, j released at 60 ms; resolved as hold at 64 ms: j was tapped inside it; its term is 200 ms.';
    expect(screen.getByRole('img', { name: `Timeline: ${sentence}` })).toBeInTheDocument();
    expect(screen.getByText(sentence)).toBeInTheDocument();
    expect(screen.getByText('term 200 ms')).toBeInTheDocument();
    expect(screen.getByText('↓j 30')).toBeInTheDocument();
  });
});
