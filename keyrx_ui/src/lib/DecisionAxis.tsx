// One tap-hold decision on a time axis: from the key's press to its resolution, the term
// window drawn, every key that came in between placed where it happened, and the cause in
// words. Shared by the Monitor (live events) and the Simulator (a simulated run).
import type { Decision } from '@/lib/wire';
import { formatUsAsMs } from '@/lib/format';

export interface AxisEvent {
  key: string;
  action: 'press' | 'release' | 'repeat';
  atUs: number;
}

/** The press time of a tap-hold decision, from its sentence's "(N ms after its press)". */
export function pressOf(decision: Decision): number | null {
  const after = /\((\d+(?:\.\d+)?) ms after its press\)/.exec(decision.text)?.[1];
  return after === undefined ? null : decision.at_us - Math.round(Number(after) * 1000);
}

interface DecisionAxisProps {
  decision: Decision;
  pressUs: number;
  /** Other keys' events between the press and the resolution. */
  events: AxisEvent[];
  termMs: number | null;
}

const WIDTH = 600;
const LEFT = 40;
const RIGHT = 40;

export function DecisionAxis({ decision, pressUs, events, termMs }: DecisionAxisProps) {
  const resolvedMs = (decision.at_us - pressUs) / 1000;
  const spanMs = Math.max(resolvedMs, termMs ?? 0, 1) * 1.1;
  const x = (ms: number) => LEFT + (Math.min(ms, spanMs) / spanMs) * (WIDTH - LEFT - RIGHT);
  const key = decision.key ?? 'key';
  const relative = events.map((e) => ({ ...e, ms: (e.atUs - pressUs) / 1000 }));
  const reason = decision.text.replace(/^[^:]*: /, '').replace(/ \(\d+(?:\.\d+)? ms after its press\)$/, '');
  const sentence =
    `${key} pressed at 0 ms` +
    relative.map((e) => `, ${e.key} ${e.action === 'press' ? 'pressed' : 'released'} at ${formatUsAsMs(e.ms * 1000)} ms`).join('') +
    `; resolved as ${decision.outcome ?? '?'} at ${formatUsAsMs(resolvedMs * 1000)} ms: ${reason}` +
    (termMs !== null ? `; its term is ${termMs} ms` : '') +
    '.';
  return (
    <figure className="decision-axis">
      <svg viewBox={`0 0 ${WIDTH} 74`} role="img" aria-label={`Timeline: ${sentence}`} preserveAspectRatio="xMinYMid meet">
        {termMs !== null && (
          <g className="term">
            <rect x={x(0)} y={18} width={x(termMs) - x(0)} height={22} />
            <text x={x(termMs)} y={14} textAnchor="end">
              term {termMs} ms
            </text>
          </g>
        )}
        <line className="axis" x1={x(0)} x2={WIDTH - RIGHT} y1={40} y2={40} />
        <g className="press">
          <line x1={x(0)} x2={x(0)} y1={18} y2={48} />
          <text x={x(0)} y={62} textAnchor="middle">
            ↓{key} 0
          </text>
        </g>
        {relative.map((e, i) => (
          <g key={i} className="event">
            <line x1={x(e.ms)} x2={x(e.ms)} y1={30} y2={46} />
            <text x={x(e.ms)} y={i % 2 === 0 ? 28 : 58} textAnchor="middle">
              {e.action === 'press' ? '↓' : '↑'}
              {e.key} {formatUsAsMs(e.ms * 1000)}
            </text>
          </g>
        ))}
        <g className={`resolved ${decision.outcome ?? ''}`}>
          <line x1={x(resolvedMs)} x2={x(resolvedMs)} y1={16} y2={50} />
          <text x={x(resolvedMs)} y={72} textAnchor="middle">
            {decision.outcome ?? 'decided'} {formatUsAsMs(resolvedMs * 1000)} ms
          </text>
        </g>
      </svg>
      <figcaption>{sentence}</figcaption>
    </figure>
  );
}
