// Runs one profile action at a time, refreshes the list afterwards and reports the outcome.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, isAbort } from '@/lib/api';
import { queryKeys } from '@/lib/queryClient';
import { useUnmountAbort } from '@/lib/useUnmountAbort';
import type { Diagnostic } from '@/lib/wire';

export type ActionOutcome =
  | { kind: 'none' }
  | { kind: 'busy' }
  | { kind: 'ok'; message: string }
  | { kind: 'error'; message: string; diagnostics: Diagnostic[] };

export function useProfileAction() {
  const queryClient = useQueryClient();
  const requestSignal = useUnmountAbort();
  const [outcome, setOutcome] = useState<ActionOutcome>({ kind: 'none' });

  async function perform(action: (signal: AbortSignal) => Promise<unknown>, success: string): Promise<boolean> {
    const { signal, done } = requestSignal();
    setOutcome({ kind: 'busy' });
    try {
      await action(signal);
      setOutcome({ kind: 'ok', message: success });
      return true;
    } catch (error) {
      if (isAbort(error)) return false;
      setOutcome({
        kind: 'error',
        message: error instanceof Error ? error.message : String(error),
        diagnostics: error instanceof ApiError ? error.diagnostics() : [],
      });
      return false;
    } finally {
      done();
      void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
      void queryClient.invalidateQueries({ queryKey: queryKeys.status });
    }
  }

  return { outcome, perform };
}
