// Diagnostics as you type: waits 300 ms after the last change, then asks the daemon to
// compile the text. A newer change cancels both the pending wait and the request in flight,
// so an old answer can never overwrite a newer one.
import { useEffect, useState } from 'react';
import { isAbort } from '@/lib/api';
import { useApi } from '@/lib/services';
import type { Diagnostic } from '@/lib/wire';

export const VALIDATE_DELAY_MS = 300;

export interface Validation {
  state: 'idle' | 'checking' | 'done' | 'failed';
  ok: boolean;
  diagnostics: Diagnostic[];
  /** The text these diagnostics belong to. */
  source: string | null;
  error?: string;
}

const initial: Validation = { state: 'idle', ok: true, diagnostics: [], source: null };

export function useValidation(source: string | null, name: string | undefined): Validation {
  const api = useApi();
  const [result, setResult] = useState<Validation>(initial);

  useEffect(() => {
    if (source === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setResult((r) => ({ ...r, state: 'checking' }));
      api<{ ok: boolean; diagnostics: Diagnostic[] }>('/api/v1/validate', {
        method: 'POST',
        body: { source, name: name ? `${name}.rhai` : undefined },
        signal: controller.signal,
      }).then(
        (response) => setResult({ state: 'done', ok: response.ok, diagnostics: response.diagnostics, source }),
        (error: unknown) => {
          if (isAbort(error)) return;
          setResult({ state: 'failed', ok: false, diagnostics: [], source, error: String((error as Error).message) });
        },
      );
    }, VALIDATE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, source, name]);

  return result;
}
