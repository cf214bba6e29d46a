// App-wide socket wiring: config reloads and lagging make cached server data stale, so they
// invalidate queries instead of keeping a copy of their own.
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useControlMessages, useTopic } from '@/lib/realtime';
import { queryKeys } from '@/lib/queryClient';
import type { ConfigMessage } from '@/lib/wire';

export function RealtimeSync() {
  const queryClient = useQueryClient();
  const [last, setLast] = useState<ConfigMessage | null>(null);
  const hellos = useRef(0);

  useTopic('config', (message) => {
    setLast(message);
    void queryClient.invalidateQueries({ queryKey: queryKeys.status });
    void queryClient.invalidateQueries({ queryKey: queryKeys.profiles, exact: true });
    void queryClient.invalidateQueries({ queryKey: queryKeys.keymap });
  });

  useControlMessages((message) => {
    // A hello after the first is a reconnect, perhaps to a restarted daemon: everything read
    // from the old one (uptime, what runs, what is held) is read again from this one.
    if (message.type === 'hello' && hellos.current++ > 0) {
      for (const key of [queryKeys.status, queryKeys.stats, queryKeys.state, queryKeys.devices, queryKeys.keymap]) {
        void queryClient.invalidateQueries({ queryKey: key, exact: true });
      }
      void queryClient.invalidateQueries({ queryKey: queryKeys.profiles, exact: true });
    }
    // Missed events mean our view of state may be wrong; fetch it again.
    if (message.type === 'lagged') {
      void queryClient.invalidateQueries({ queryKey: queryKeys.state });
      void queryClient.invalidateQueries({ queryKey: queryKeys.devices });
    }
  });

  if (!last) return null;
  return (
    <div role="status" className={last.ok ? 'banner ok' : 'banner error'}>
      {last.ok ? `Running ${last.source}.` : `Reload failed, ${last.source} keeps running: ${last.message ?? ''}`}
      <button type="button" className="link" onClick={() => setLast(null)}>
        Dismiss
      </button>
    </div>
  );
}
