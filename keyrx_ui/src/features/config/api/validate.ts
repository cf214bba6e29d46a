// Diagnostics as you type: waits 300 ms after the last change, then asks the daemon to
// compile the text. A newer change cancels both the pending wait and the request in flight,
// so an old answer can never overwrite a newer one. The keymap of the last text that
// compiled is kept while newer text has errors, so the picture of it does not vanish with
// every typo.
import { useEffect, useState } from 'react';
import { isAbort } from '@/lib/api';
import { useApi } from '@/lib/services';
import type { Diagnostic, KeymapView, ValidateResponse } from '@/lib/wire';

export const VALIDATE_DELAY_MS = 300;

export interface Validation {
  state: 'idle' | 'checking' | 'done' | 'failed';
  ok: boolean;
  diagnostics: Diagnostic[];
  /** The text these diagnostics belong to. */
  source: string | null;
  error?: string;
  /** The keymap of the latest text that compiled, if any did. */
  keymap: KeymapView | null;
}

/** The keymap belongs to older text than the latest checked one (which did not compile). */
export function keymapIsStale(validation: Validation): boolean {
  return validation.keymap !== null && !validation.ok;
}

const initial: Validation = { state: 'idle', ok: true, diagnostics: [], source: null, keymap: null };

export function useValidation(source: string | null, name: string | undefined): Validation {
  const api = useApi();
  const [result, setResult] = useState<Validation>(initial);

  useEffect(() => {
    if (source === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setResult((r) => ({ ...r, state: 'checking' }));
      api<ValidateResponse>('/api/v1/validate', {
        method: 'POST',
        body: { source, name: name ? `${name}.rhai` : undefined },
        signal: controller.signal,
      }).then(
        (response) =>
          setResult((previous) => ({
            state: 'done',
            ok: response.ok,
            diagnostics: response.diagnostics,
            source,
            keymap: response.ok ? response.keymap : previous.keymap,
          })),
        (error: unknown) => {
          if (isAbort(error)) return;
          setResult((previous) => ({
            state: 'failed',
            ok: false,
            diagnostics: [],
            source,
            error: String((error as Error).message),
            keymap: previous.keymap,
          }));
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
