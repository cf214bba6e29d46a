// Live key stream: each input, what it became and why, newest on top. Scrolling away from the
// top (or opening a row) holds the view still; "n new — jump to live" goes back.
import { useId, useMemo, useRef, useState } from 'react';
import { KeyRows } from '@/features/monitor/components/KeyRows';
import { MAX_ROWS, exportJson, useKeyStream } from '@/features/monitor/api/keyStream';
import { matches } from '@/features/monitor/api/describe';
import { useAnnouncement } from '@/features/monitor/api/announcer';
import { useStatus } from '@/lib/profilesQuery';
import { termOf, useRunningKeymap } from '@/lib/keymapQuery';

export function MonitorPage({ limit = MAX_ROWS }: { limit?: number }) {
  const stream = useKeyStream(limit);
  const status = useStatus();
  const keymap = useRunningKeymap();
  const [filter, setFilter] = useState('');
  /** The id of the newest event in view while the view is held still; null: following. */
  const [heldAt, setHeldAt] = useState<number | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const filterId = useId();
  const shown = useMemo(() => stream.rows.filter((row) => matches(row, filter)), [stream.rows, filter]);
  const visible = useMemo(() => {
    const kept = heldAt === null ? shown : shown.filter((row) => row.id <= heldAt);
    return kept.slice().reverse();
  }, [shown, heldAt]);
  const fresh = shown.length - (heldAt === null ? shown.length : shown.filter((row) => row.id <= heldAt).length);
  const newest = shown.at(-1);
  const announcement = useAnnouncement(newest, heldAt === null && !stream.paused);

  // Held at the newest event received, so clearing the filter shows what was above the view too.
  const onAtTop = (atTop: boolean) => setHeldAt(atTop ? null : (stream.rows.at(-1)?.id ?? 0));
  const jumpToLive = () => {
    setHeldAt(null);
    if (scroller.current) scroller.current.scrollTop = 0;
  };

  return (
    <>
      <h1>Monitor</h1>
      {status.data && !status.data.key_stream && (
        <p className="warning">The daemon runs with --no-key-stream: no key events are sent.</p>
      )}
      <div className="toolbar" role="toolbar" aria-label="Key stream">
        <button type="button" aria-pressed={stream.paused} onClick={() => stream.setPaused(!stream.paused)}>
          {stream.paused ? 'Resume' : 'Pause'}
        </button>
        <label htmlFor={filterId}>Filter</label>
        <input
          id={filterId}
          type="search"
          value={filter}
          placeholder="key, output, device, layer or decision (e.g. hold)"
          onChange={(e) => setFilter(e.target.value)}
        />
        <button type="button" onClick={stream.clear}>
          Clear
        </button>
        <button type="button" onClick={() => exportJson(shown)} disabled={shown.length === 0}>
          Export JSON
        </button>
      </div>
      <p className="muted monitor-summary">
        {shown.length} of {stream.rows.length} events (keeps the last {limit}, newest on top)
        {stream.suppressed > 0 && `; ${stream.suppressed} not sent by the daemon's rate cap`}
        {stream.missed > 0 && `; ${stream.missed} missed while lagging`}
        {stream.paused && '; paused'}
        {heldAt !== null && '; view held while you read'}
      </p>
      <div className="jump-slot">
        {heldAt !== null && (
          <button type="button" className="jump-live" onClick={jumpToLive}>
            {fresh} new — jump to live
          </button>
        )}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <KeyRows rows={visible} onAtTop={onAtTop} scrollerRef={scroller} history={stream.rows} termOf={(key) => termOf(keymap.data, key)} />
    </>
  );
}
