// Runs input notation through a config (or the running one) with the daemon's own engine.
import type { ApiClient } from '@/lib/api';
import type { SimulateResponse } from '@/lib/wire';

export function simulate(api: ApiClient, input: string, source: string | undefined, signal: AbortSignal) {
  return api<SimulateResponse>('/api/v1/simulate', { method: 'POST', body: { input, source }, signal });
}

/** Keys currently down at the end of `input` (so the key pad knows whether to press or release). */
export function heldAtEnd(input: string): Set<string> {
  const held = new Set<string>();
  for (const token of input.split(/\s+/)) {
    const match = /^(?:[^:]+\/)?([du]):(.+)$/.exec(token);
    if (!match) continue;
    const [, action, key] = match;
    if (!key) continue;
    if (action === 'd') held.add(key);
    else held.delete(key);
  }
  return held;
}

export function appendToken(input: string, token: string): string {
  const trimmed = input.trimEnd();
  return trimmed ? `${trimmed} ${token}` : token;
}
