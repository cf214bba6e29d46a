import type { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServicesContext } from '@/lib/services';
import { VALIDATE_DELAY_MS, keymapIsStale, useValidation } from '@/features/config/api/validate';
import { json, type Handler } from '@/test/fakeServer';
import { keymap } from '@/test/fixtures';
import { createTestServices } from '@/test/render';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const error = { severity: 'error', message: 'unknown key `capslok`', file: 'work.rhai' };

/** Answers each text by its content: "good…" compiles, "bad…" does not, "down…" is a server failure. */
const handler: Handler = (request) => {
  const { source } = request.body as { source: string };
  if (source.startsWith('good')) return json({ ok: true, diagnostics: [], keymap: source === 'good' ? keymap : { blocks: [] } });
  if (source.startsWith('bad')) return json({ ok: false, diagnostics: [error] });
  return json({ error: { code: 'internal', message: 'daemon trouble' } }, 500);
};

function renderValidation(initial: string) {
  const { services } = createTestServices(handler);
  const wrapper = ({ children }: { children: ReactNode }) => <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
  return renderHook(({ source }) => useValidation(source, 'work'), { wrapper, initialProps: { source: initial } });
}

async function validated() {
  await act(async () => {
    vi.advanceTimersByTime(VALIDATE_DELAY_MS);
  });
}

describe('useValidation', () => {
  it('passes the keymap of text that compiles through', async () => {
    const { result } = renderValidation('good');
    expect(result.current.keymap).toBeNull();
    await validated();
    expect(result.current).toMatchObject({ state: 'done', ok: true, source: 'good', keymap });
    expect(keymapIsStale(result.current)).toBe(false);
  });

  it('keeps the last good keymap, marked stale, while newer text has errors', async () => {
    const { result, rerender } = renderValidation('good');
    await validated();

    rerender({ source: 'bad' });
    await validated();
    expect(result.current).toMatchObject({ state: 'done', ok: false, source: 'bad', diagnostics: [error], keymap });
    expect(keymapIsStale(result.current)).toBe(true);

    rerender({ source: 'down' });
    await validated();
    expect(result.current).toMatchObject({ state: 'failed', error: 'daemon trouble', keymap });
    expect(keymapIsStale(result.current)).toBe(true);

    rerender({ source: 'good again' });
    await validated();
    expect(result.current).toMatchObject({ ok: true, keymap: { blocks: [] } });
    expect(keymapIsStale(result.current)).toBe(false);
  });

  it('has no keymap, and nothing stale, until some text compiles', async () => {
    const { result } = renderValidation('bad');
    await validated();
    expect(result.current).toMatchObject({ ok: false, keymap: null });
    expect(keymapIsStale(result.current)).toBe(false);
  });
});
