import type { Diagnostic } from '@/lib/wire';
import type { SimulateResponse } from '@/lib/wire';
import { DecisionTimeline } from '@/features/simulator/components/DecisionTimeline';

interface Props {
  simulation?: SimulateResponse;
  /** The notation that was simulated: its events are placed on the decisions' time axes. */
  input?: string;
  error?: string;
  diagnostics?: Diagnostic[];
}

export function SimulationResult({ simulation, input = '', error, diagnostics = [] }: Props) {
  if (error !== undefined) {
    return (
      <section role="alert" className="card error" aria-label="Simulation failed">
        <p>{error}</p>
        {diagnostics.length > 0 && (
          <ul>
            {diagnostics.map((d, i) => (
              <li key={i}>
                {d.span && `line ${d.span.line}:${d.span.column}: `}
                {d.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }
  if (!simulation) return null;
  return (
    <section className="card" aria-labelledby="sim-output">
      <h2 id="sim-output">Output</h2>
      <pre className="notation">{simulation.output || '(no output)'}</pre>
      <div className="two-col">
        <div>
          <h3>Events</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">ms</th>
                <th scope="col">Key</th>
                <th scope="col">Action</th>
                <th scope="col">Device</th>
              </tr>
            </thead>
            <tbody>
              {simulation.events.map((e, i) => (
                <tr key={i}>
                  <td>{e.time_ms}</td>
                  <td>{e.key}</td>
                  <td>{e.action}</td>
                  <td>{e.device}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>Decision timeline</h3>
          <DecisionTimeline timeline={simulation.timeline} input={input} />
        </div>
      </div>
      <p className="muted">Ends at {simulation.end_ms} ms.</p>
    </section>
  );
}
