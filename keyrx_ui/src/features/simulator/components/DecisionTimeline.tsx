// The engine's decisions during a simulation, in time order: when, what kind, and the
// engine's own sentence. Tap and hold outcomes differ in colour and in words.
import { decisionKindLabel } from '@/lib/decisions';
import { formatUsAsMs } from '@/lib/format';
import type { TimelineEntry } from '@/lib/wire';

export function DecisionTimeline({ timeline }: { timeline: TimelineEntry[] }) {
  if (timeline.length === 0) return <p className="muted">No decisions were needed.</p>;
  return (
    <ol className="timeline" aria-label="Decisions">
      {timeline.map((entry, index) => (
        <li key={index}>
          <span className="timeline-time">{formatUsAsMs(entry.at_us)} ms</span>{' '}
          <span className="decision-kind">{decisionKindLabel(entry.kind)}</span>{' '}
          {entry.outcome && <span className={`decision-outcome ${entry.outcome}`}>{entry.outcome}</span>}{' '}
          <span>{entry.text}</span> <span className="muted">({entry.device})</span>
        </li>
      ))}
    </ol>
  );
}
