// Try input against a config without touching the real keyboard.
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, isAbort } from '@/lib/api';
import { useDraft } from '@/lib/draft';
import { useApi } from '@/lib/services';
import { useUnmountAbort } from '@/lib/useUnmountAbort';
import type { Diagnostic } from '@/lib/wire';
import { simulate } from '@/features/simulator/api/simulate';
import type { SimulateResponse } from '@/lib/wire';
import { KeyPad } from '@/features/simulator/components/KeyPad';
import { SimulationResult } from '@/features/simulator/components/SimulationResult';

type Result =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; simulation: SimulateResponse; input: string }
  | { kind: 'error'; message: string; diagnostics: Diagnostic[] };

export function SimulatorPage() {
  const api = useApi();
  const draft = useDraft();
  const requestSignal = useUnmountAbort();
  const inFlight = useRef<AbortController | null>(null);
  const [input, setInput] = useState('d:capslock t:300 u:capslock');
  const [useDraftSource, setUseDraftSource] = useState(true);
  const [result, setResult] = useState<Result>({ kind: 'none' });
  const inputId = useId();
  const fromDraft = useDraftSource && draft !== null;

  async function run(event: FormEvent) {
    event.preventDefault();
    // A new run supersedes the previous one.
    inFlight.current?.abort();
    const { signal, done } = requestSignal();
    const controller = new AbortController();
    inFlight.current = controller;
    signal.addEventListener('abort', () => controller.abort(), { once: true });
    setResult({ kind: 'running' });
    try {
      const simulation = await simulate(api, input, fromDraft ? draft.source : undefined, controller.signal);
      setResult({ kind: 'done', simulation, input });
    } catch (error) {
      if (isAbort(error)) return;
      setResult({
        kind: 'error',
        message: error instanceof Error ? error.message : String(error),
        diagnostics: error instanceof ApiError ? error.diagnostics() : [],
      });
    } finally {
      done();
    }
  }

  return (
    <>
      <h1>Simulator</h1>
      <form onSubmit={(event) => void run(event)} className="card">
        <fieldset>
          <legend>Config</legend>
          <label>
            <input type="radio" name="source" checked={!fromDraft} onChange={() => setUseDraftSource(false)} /> The running config
          </label>
          <label>
            <input type="radio" name="source" checked={fromDraft} disabled={draft === null} onChange={() => setUseDraftSource(true)} />{' '}
            {draft ? `The editor's text of ${draft.profile} (saved or not)` : 'The editor’s text (open a profile in Config first)'}
          </label>
        </fieldset>
        <label htmlFor={inputId}>Input (d:key press, u:key release, t:ms wait)</label>
        <textarea id={inputId} value={input} onChange={(e) => setInput(e.target.value)} rows={3} spellCheck={false} />
        <KeyPad input={input} onChange={setInput} />
        <div className="toolbar">
          <button type="submit" disabled={!input.trim() || result.kind === 'running'}>
            Simulate
          </button>
          <button type="button" onClick={() => setInput('')}>
            Clear input
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {result.kind === 'running' && <p>Simulating…</p>}
        {result.kind === 'error' && <SimulationResult error={result.message} diagnostics={result.diagnostics} />}
        {result.kind === 'done' && <SimulationResult simulation={result.simulation} input={result.input} />}
      </div>
    </>
  );
}
