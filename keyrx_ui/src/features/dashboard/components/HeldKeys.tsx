// "What is stuck?": physical keys down per device next to what the virtual keyboard holds,
// each input paired with the output it holds, leftovers flagged, and the way out.
import { useState, type ReactNode } from 'react';
import { armedOneShots, pairHeld, stuckOutputs, type Expected } from '@/features/dashboard/api/state';
import { releaseAll } from '@/features/dashboard/api/releaseAll';
import { isAbort } from '@/lib/api';
import { useServices } from '@/lib/services';
import { useUnmountAbort } from '@/lib/useUnmountAbort';
import type { DaemonState } from '@/lib/wire';

function Keys({ keys, stuck = [] }: { keys: string[]; stuck?: string[] }) {
  if (keys.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="keys">
      {keys.map((key) => (
        <li key={key} className={stuck.includes(key) ? 'kbd stuck' : 'kbd'}>
          {key}
          {stuck.includes(key) && <span className="visually-hidden"> (stuck)</span>}
        </li>
      ))}
    </ul>
  );
}

function Pairs({ state, stuck, expected }: { state: DaemonState; stuck: string[]; expected?: Expected }) {
  const { pairs, unpaired } = pairHeld(state, expected);
  const armed = armedOneShots(state);
  if (pairs.length === 0 && unpaired.length === 0) return null;
  return (
    <ul className="pairs" aria-label="Inputs and the outputs they hold">
      {pairs.map((pair) => (
        <li key={`${pair.device}/${pair.input}`}>
          <span className="kbd">{pair.input}</span> <span className="muted">on {pair.device}</span> →{' '}
          {pair.output ? <span className="kbd">{pair.output}</span> : <span className="muted">no output held (a layer, still deciding, or released)</span>}
        </li>
      ))}
      {unpaired.map((key) => (
        <li key={`out/${key}`} className={stuck.includes(key) ? 'stuck-row' : undefined}>
          <span className="muted">{stuck.includes(key) ? 'no input' : armed.includes(key) ? 'one-shot' : 'a remapped key'}</span> →{' '}
          <span className={stuck.includes(key) ? 'kbd stuck' : 'kbd'}>{key}</span>
          {stuck.includes(key) && <strong> stuck</strong>}
        </li>
      ))}
    </ul>
  );
}

type Outcome = { kind: 'none' } | { kind: 'busy' } | { kind: 'done'; released: string[] } | { kind: 'error'; message: string };

function ReleaseAll({ disabled }: { disabled: boolean }) {
  const { api } = useServices();
  const requestSignal = useUnmountAbort();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const run = async () => {
    const { signal, done } = requestSignal();
    setOutcome({ kind: 'busy' });
    try {
      const result = await releaseAll(api, signal);
      setOutcome({ kind: 'done', released: result.released });
    } catch (error) {
      if (!isAbort(error)) setOutcome({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      done();
    }
  };
  let message: ReactNode = null;
  if (outcome.kind === 'done') message = outcome.released.length > 0 ? `Released ${outcome.released.join(', ')}.` : 'Released: nothing was held.';
  if (outcome.kind === 'error') message = <span className="error">Could not release: {outcome.message}</span>;
  return (
    <div className="row release-all">
      <button type="button" onClick={() => void run()} disabled={disabled || outcome.kind === 'busy'}>
        Release all
      </button>
      <span role="status">{message}</span>
    </div>
  );
}

interface HeldKeysProps {
  state: DaemonState;
  live: boolean;
  freshness: ReactNode;
  expected?: Expected;
  children?: ReactNode;
}

export function HeldKeys({ state, live, freshness, expected, children }: HeldKeysProps) {
  const stuck = stuckOutputs(state);
  const armed = armedOneShots(state);
  const inputs = [...new Set(state.devices.flatMap((device) => device.held_inputs))];
  return (
    <section aria-labelledby="held-title" className={live ? 'card' : 'card stale'}>
      <h2 id="held-title">Held keys</h2>
      <p className="card-age">{freshness}</p>
      <div className="two-col">
        <div>
          <h3>Input (physical)</h3>
          <Keys keys={inputs} />
        </div>
        <div>
          <h3>Output (virtual keyboard)</h3>
          <Keys keys={state.held_outputs} stuck={stuck} />
        </div>
      </div>
      <Pairs state={state} stuck={stuck} expected={expected} />
      {stuck.length > 0 && (
        <p className="warning" role="alert">
          The virtual keyboard holds {stuck.join(', ')} while no physical key is down: press Release all.
        </p>
      )}
      <ReleaseAll disabled={!live} />
      <div className="row">
        Modifiers: <Keys keys={state.modifiers} />
      </div>
      <div className="row">
        Armed one-shots: <Keys keys={armed} />
      </div>
      <div className="row">
        Locks:{' '}
        {state.locks === null ? (
          <span className="muted">unknown (the system has not set the keyboard lights yet; never with --virtual)</span>
        ) : (
          <Keys keys={state.locks} />
        )}
      </div>
      {children}
    </section>
  );
}
