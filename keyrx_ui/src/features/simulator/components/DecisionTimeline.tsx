// The engine's decisions during a simulation, in time order: when, what kind, and the
// engine's own sentence; a tap-hold also on its time axis, with the keys typed meanwhile.
import { decisionKindLabel } from '@/lib/decisions';
import { DecisionAxis, pressOf } from '@/lib/DecisionAxis';
import { formatUsAsMs } from '@/lib/format';
import { inputEvents } from '@/features/simulator/api/simulate';
import type { TimelineEntry } from '@/lib/wire';

export function DecisionTimeline({ timeline, input = '' }: { timeline: TimelineEntry[]; input?: string }) {
  if (timeline.length === 0) return <p className="muted">No decisions were needed.</p>;
  // Devices' engines report in the order they ran; people read in the order things happened.
  const sorted = timeline.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.at_us - b.entry.at_us || a.index - b.index);
  const events = inputEvents(input);
  return (
    <ol className="timeline" aria-label="Decisions">
      {sorted.map(({ entry, index }) => {
        const pressUs = entry.kind === 'tap_hold' ? pressOf(entry) : null;
        return (
          <li key={index}>
            <span className="timeline-time">{formatUsAsMs(entry.at_us)} ms</span>{' '}
            <span className="decision-kind">{decisionKindLabel(entry.kind)}</span>{' '}
            {entry.outcome && <span className={`decision-outcome ${entry.outcome}`}>{entry.outcome}</span>}{' '}
            <span>{entry.text}</span> <span className="muted">({entry.device})</span>
            {pressUs !== null && (
              <DecisionAxis
                decision={entry}
                pressUs={pressUs}
                termMs={null}
                events={events.filter((e) => e.device === entry.device && e.atUs > pressUs && e.atUs <= entry.at_us && !(e.key === entry.key && e.atUs === pressUs))}
              />
            )}
          </li>
        );
      })}
    </ol>
  );
}
