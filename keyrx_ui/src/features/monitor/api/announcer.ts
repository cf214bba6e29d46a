// What the Monitor's live region says: the newest event, at most once every few seconds, so
// a screen reader hears the stream at a human rate instead of once per key.
import { useEffect, useRef, useState } from 'react';
import { announce } from '@/features/monitor/api/describe';
import type { KeyMessage } from '@/lib/wire';

export const ANNOUNCE_MS = 3000;

export function useAnnouncement(newest: KeyMessage | undefined, enabled: boolean): string {
  const [text, setText] = useState('');
  const latest = useRef(newest);
  const lastSaid = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    latest.current = newest;
    if (!enabled || newest === undefined || timer.current !== null) return;
    const wait = Math.max(0, lastSaid.current + ANNOUNCE_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      lastSaid.current = Date.now();
      if (latest.current) setText(`Newest: ${announce(latest.current)}`);
    }, wait);
  }, [newest, enabled]);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  return text;
}
