// The live key stream. Key events are a log rather than server state, so they are kept in a
// bounded list owned by the page; incoming messages are batched and flushed every 100 ms to
// keep rendering cheap when typing fast.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useControlMessages, useTopic } from '@/lib/realtime';
import type { KeyMessage } from '@/lib/wire';

export const MAX_ROWS = 2000;
const FLUSH_MS = 100;

export function appendBounded<T>(rows: T[], more: T[], limit = MAX_ROWS): T[] {
  const next = rows.concat(more);
  return next.length > limit ? next.slice(next.length - limit) : next;
}

export interface KeyStream {
  rows: KeyMessage[];
  paused: boolean;
  setPaused: (paused: boolean) => void;
  clear: () => void;
  /** Events the server did not send (rate cap) or we missed (lagged). */
  suppressed: number;
  missed: number;
}

export function useKeyStream(limit = MAX_ROWS): KeyStream {
  const [rows, setRows] = useState<KeyMessage[]>([]);
  const [paused, setPaused] = useState(false);
  const [suppressed, setSuppressed] = useState(0);
  const [missed, setMissed] = useState(0);
  const pending = useRef<KeyMessage[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    timer.current = null;
    const batch = pending.current;
    pending.current = [];
    if (batch.length > 0) setRows((current) => appendBounded(current, batch, limit));
  }, [limit]);

  useTopic('keys', (message) => {
    if (paused) return;
    pending.current.push(message);
    // Never let the pending batch outgrow what could be shown.
    if (pending.current.length > limit) pending.current = pending.current.slice(-limit);
    timer.current ??= setTimeout(flush, FLUSH_MS);
  });

  useControlMessages((message) => {
    if (message.type === 'keys_summary') setSuppressed((n) => n + message.suppressed);
    if (message.type === 'lagged') setMissed((n) => n + message.missed);
  });

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
      pending.current = [];
    },
    [],
  );

  const clear = useCallback(() => {
    pending.current = [];
    setRows([]);
    setSuppressed(0);
    setMissed(0);
  }, []);

  return { rows, paused, setPaused, clear, suppressed, missed };
}

/** Saves rows as a JSON file through a temporary object URL (revoked right after). */
export function exportJson(rows: KeyMessage[]): void {
  const blob = new Blob([JSON.stringify(rows, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `keyrx-keys-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  link.click();
  URL.revokeObjectURL(url);
}
