// The virtualized list of key events, newest first: only the rows in view are in the DOM, so
// 2,000 rows cost the same to render as 20. Each row says what came in, what went out and
// what the engine decided, in words; its button opens the full reason in place.
import { useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { decisionKindLabel, decisionSummary } from '@/lib/decisions';
import { describeKey, describeOutputs, reasonOf } from '@/features/monitor/api/describe';
import { DecisionAxis, pressOf, type AxisEvent } from '@/lib/DecisionAxis';
import type { Decision, KeyMessage } from '@/lib/wire';

export const ROW_HEIGHT = 30;
/** Scrolled further than this from the top, the list stops following new events. */
const AWAY_PX = ROW_HEIGHT / 2;

function timeOf(row: KeyMessage): string {
  return row.input ? (row.input.time_us / 1e6).toFixed(3) : 'timer';
}

/** The decision in a few words and its reason, both visible: nothing hides in a tooltip. */
function DecisionCell({ decisions }: { decisions: Decision[] }) {
  return decisions.map((decision, index) => (
    <span key={index} className="decision">
      <span className={decision.outcome ? `decision-badge ${decision.outcome}` : 'decision-badge'}>{decisionSummary(decision)}</span>{' '}
      <span className="reason">{reasonOf(decision)}</span>
    </span>
  ));
}

/** Inputs of the row's device after a tap-hold's press, up to its resolution. */
function between(history: KeyMessage[], row: KeyMessage, pressUs: number, untilUs: number): AxisEvent[] {
  return history.flatMap((r) =>
    r.device === row.device && r.input && r.input.time_us > pressUs && r.input.time_us <= untilUs
      ? [{ key: r.input.key, action: r.input.action, atUs: r.input.time_us }]
      : [],
  );
}

interface DetailsProps {
  row: KeyMessage;
  id: string;
  history: KeyMessage[];
  termOf: (key: string) => number | null;
}

function Details({ row, id, history, termOf }: DetailsProps) {
  const start = row.input?.time_us;
  return (
    <div role="cell" id={id} className="key-details">
      <dl>
        <dt>Device</dt>
        <dd>
          {row.device_name} (id {row.device})
        </dd>
        <dt>Input</dt>
        <dd>{row.input ? `${row.input.key} ${row.input.action} at ${timeOf(row)} s` : 'none: a timer fired'}</dd>
        <dt>Output</dt>
        <dd>{row.outputs.length === 0 ? 'nothing (yet)' : row.outputs.map((o) => `${o.key} ${o.action}`).join(', ')}</dd>
        <dt>Layers after it</dt>
        <dd>{row.layers.join(' › ')}</dd>
        {row.processing_ns !== null && (
          <>
            <dt>Processing time</dt>
            <dd>{(row.processing_ns / 1000).toFixed(1)} µs</dd>
          </>
        )}
      </dl>
      {row.decisions.length === 0 ? (
        <p className="muted">The engine needed no decision: the key did what its layer maps it to.</p>
      ) : (
        <ul className="decision-details">
          {row.decisions.map((d, index) => (
            <li key={index}>
              <strong>{decisionKindLabel(d.kind)}</strong>{' '}
              {d.outcome && <span className={`decision-outcome ${d.outcome}`}>{d.outcome}</span>} {d.text}
              <span className="muted">
                {' '}
                ({[d.cause && `cause: ${d.cause.replace(/_/g, ' ')}`, start !== undefined && `${((d.at_us - start) / 1000).toFixed(1)} ms after this input`, d.combo && `keys ${d.combo.join('+')}`]
                  .filter(Boolean)
                  .join(', ')}
                )
              </span>
              {d.kind === 'tap_hold' && <Axis decision={d} row={row} history={history} termOf={termOf} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Axis({ decision, row, history, termOf }: { decision: Decision } & Omit<DetailsProps, 'id'>) {
  const pressUs = pressOf(decision);
  if (pressUs === null) return null;
  const events = between(history, row, pressUs, decision.at_us).filter((e) => !(e.key === decision.key && e.atUs === pressUs));
  return <DecisionAxis decision={decision} pressUs={pressUs} events={events} termMs={decision.key ? termOf(decision.key) : null} />;
}

interface KeyRowsProps {
  /** Newest first. */
  rows: KeyMessage[];
  /** Told whether the view is at the top (following the stream) after each scroll. */
  onAtTop: (atTop: boolean) => void;
  scrollerRef: React.RefObject<HTMLDivElement | null>;
  /** Every event kept, oldest first, unfiltered: what happened around a decision. */
  history: KeyMessage[];
  termOf: (key: string) => number | null;
}

export function KeyRows({ rows, onAtTop, scrollerRef, history, termOf }: KeyRowsProps) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const wasAtTop = useRef(true);
  // This app does not use the React Compiler, so the virtualizer's unmemoizable API is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Sizes belong to events, not positions: new rows arrive at the top.
    getItemKey: (index) => rows[index]?.id ?? index,
    // jsdom has no layout: a row measured at 0 px counts as a line.
    measureElement: (element) => element.getBoundingClientRect().height || ROW_HEIGHT,
    overscan: 10,
    // jsdom and first paint have no layout; still render a first screenful.
    initialRect: { width: 800, height: 480 },
  });

  const toggle = (id: number) => {
    // Someone reading a row's reason does not want it pushed away by the next event.
    if (!open.has(id)) onAtTop(false);
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  };

  const onScroll = (event: React.UIEvent<HTMLDivElement>) => {
    const atTop = event.currentTarget.scrollTop <= AWAY_PX;
    if (atTop !== wasAtTop.current) {
      wasAtTop.current = atTop;
      onAtTop(atTop);
    }
  };

  return (
    <div ref={scrollerRef} className="key-rows" role="table" aria-label="Key events" aria-rowcount={rows.length + 1} onScroll={onScroll}>
      <div role="row" className="key-row head" aria-rowindex={1}>
        <span role="columnheader">Time</span>
        <span role="columnheader">Device</span>
        <span role="columnheader">Input</span>
        <span role="columnheader">Output</span>
        <span role="columnheader">Decision</span>
        <span role="columnheader">Layers</span>
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const expanded = open.has(row.id);
          const detailsId = `key-details-${row.id}`;
          return (
            <div
              key={row.id}
              ref={virtualizer.measureElement}
              data-index={item.index}
              role="row"
              aria-rowindex={item.index + 2}
              className={row.decisions.length > 0 ? 'key-row decided' : 'key-row'}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
            >
              <span role="cell" className="time">
                <button
                  type="button"
                  className="link expand"
                  aria-expanded={expanded}
                  aria-controls={expanded ? detailsId : undefined}
                  aria-label={`Details of ${row.input ? describeKey(row.input) : 'the timer'} at ${timeOf(row)}`}
                  onClick={() => toggle(row.id)}
                >
                  <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
                </button>
                {timeOf(row)}
              </span>
              <span role="cell" className="device">{row.device_name}</span>
              <span role="cell" className="input">{row.input ? describeKey(row.input) : '—'}</span>
              <span role="cell" className="outputs">{describeOutputs(row)}</span>
              <span role="cell" className="decisions">
                <DecisionCell decisions={row.decisions} />
              </span>
              <span role="cell" className="layers">{row.layers.join(' › ')}</span>
              {expanded && <Details row={row} id={detailsId} history={history} termOf={termOf} />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
