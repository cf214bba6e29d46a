// The virtualized list of key events: only the rows in view are in the DOM, so 2,000 rows
// cost the same to render as 20.
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { decisionSummary } from '@/lib/decisions';
import type { Decision, KeyMessage, WireKey } from '@/lib/wire';

const ROW_HEIGHT = 28;

function describe(key: WireKey): string {
  const arrow = key.action === 'press' ? '↓' : key.action === 'release' ? '↑' : '⟳';
  return `${arrow}${key.key}`;
}

/**
 * One short badge per decision, so the cell stays one line high; the engine's full sentence
 * is its tooltip, and is read out to screen readers after the summary.
 */
function Decisions({ decisions }: { decisions: Decision[] }) {
  if (decisions.length === 0) return null;
  return decisions.map((decision, index) => (
    <span key={index} className={decision.outcome ? `decision-badge ${decision.outcome}` : 'decision-badge'} title={decision.text}>
      <span>{decisionSummary(decision)}</span>
      <span className="visually-hidden">: {decision.text}</span>
    </span>
  ));
}

export function KeyRows({ rows }: { rows: KeyMessage[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  // This app does not use the React Compiler, so the virtualizer's unmemoizable API is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // jsdom and first paint have no layout; still render a first screenful.
    initialRect: { width: 800, height: 480 },
  });

  return (
    <div ref={scroller} className="key-rows" role="table" aria-label="Key events" aria-rowcount={rows.length + 1} tabIndex={0}>
      <div role="row" className="key-row head" aria-rowindex={1}>
        <span role="columnheader">Time</span>
        <span role="columnheader">Device</span>
        <span role="columnheader">Input</span>
        <span role="columnheader">Outputs</span>
        <span role="columnheader">Layers</span>
        <span role="columnheader">Decisions</span>
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              key={row.id}
              role="row"
              aria-rowindex={item.index + 2}
              className="key-row"
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
            >
              <span role="cell">{row.input ? (row.input.time_us / 1e6).toFixed(3) : 'timer'}</span>
              <span role="cell">{row.device_name}</span>
              <span role="cell">{row.input ? describe(row.input) : '—'}</span>
              <span role="cell">{row.outputs.map(describe).join(' ') || '—'}</span>
              <span role="cell">{row.layers.join(' › ')}</span>
              <span role="cell" className="decisions">
                <Decisions decisions={row.decisions} />
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
