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

export interface InputEvent {
  device: string;
  key: string;
  action: 'press' | 'release' | 'repeat';
  atUs: number;
}

/** The simulated input's events with their times (`t:N` waits add up), as the engine saw them. */
export function inputEvents(input: string, defaultDevice = 'keyboard'): InputEvent[] {
  const events: InputEvent[] = [];
  let now = 0;
  let device: string | null = null;
  for (const token of input.match(/@"[^"]*"|\S+/g) ?? []) {
    if (token.startsWith('@')) {
      device = token.slice(1).replace(/^"|"$/g, '');
      continue;
    }
    const match = /^([durt]):(.+)$/.exec(token);
    if (!match) continue;
    const [, kind, value] = match as unknown as [string, string, string];
    if (kind === 't') {
      now += Math.round(Number(value) * 1000);
      continue;
    }
    events.push({ device: device ?? defaultDevice, key: value, action: kind === 'd' ? 'press' : kind === 'u' ? 'release' : 'repeat', atUs: now });
    device = null;
  }
  return events;
}
