// "What is stuck?": physical keys down per device next to what the virtual keyboard holds.
import { armedOneShots, stuckOutputs } from '@/features/dashboard/api/state';
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

export function HeldKeys({ state }: { state: DaemonState }) {
  const stuck = stuckOutputs(state);
  const armed = armedOneShots(state);
  const inputs = [...new Set(state.devices.flatMap((device) => device.held_inputs))];
  return (
    <section aria-labelledby="held-title" className="card">
      <h2 id="held-title">Held keys</h2>
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
      {stuck.length > 0 && (
        <p className="warning" role="alert">
          The virtual keyboard holds {stuck.join(', ')} while no physical key is down.
        </p>
      )}
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
    </section>
  );
}
