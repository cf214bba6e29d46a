import { describe, expect, it, vi } from 'vitest';
import { captureToken } from '@/lib/token';

function environment(hash: string, stored: string | null = null) {
  const store = new Map<string, string>(stored ? [['keyrx.token', stored]] : []);
  return {
    location: { hash, pathname: '/monitor', search: '?x=1' },
    history: { state: { idx: 3 }, replaceState: vi.fn() },
    storage: {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
      removeItem: (key: string) => void store.delete(key),
    },
    store,
  };
}

describe('captureToken', () => {
  it('takes the token from the fragment, stores it and removes it from the address bar', () => {
    const env = environment('#token=abc123');
    expect(captureToken(env)).toBe('abc123');
    expect(env.store.get('keyrx.token')).toBe('abc123');
    expect(env.history.replaceState).toHaveBeenCalledWith({ idx: 3 }, '', '/monitor?x=1');
  });

  it('keeps other fragment parameters', () => {
    const env = environment('#token=abc&tab=2');
    captureToken(env);
    expect(env.history.replaceState).toHaveBeenCalledWith({ idx: 3 }, '', '/monitor?x=1#tab=2');
  });

  it('prefers a new token in the URL over the stored one', () => {
    const env = environment('#token=new', 'old');
    expect(captureToken(env)).toBe('new');
    expect(env.store.get('keyrx.token')).toBe('new');
  });

  it('falls back to the stored token and leaves the URL alone', () => {
    const env = environment('', 'stored');
    expect(captureToken(env)).toBe('stored');
    expect(env.history.replaceState).not.toHaveBeenCalled();
  });

  it('returns null without any token, and strips an empty one', () => {
    expect(captureToken(environment(''))).toBeNull();
    const env = environment('#token=');
    expect(captureToken(env)).toBeNull();
    expect(env.history.replaceState).toHaveBeenCalledWith({ idx: 3 }, '', '/monitor?x=1');
  });
});
