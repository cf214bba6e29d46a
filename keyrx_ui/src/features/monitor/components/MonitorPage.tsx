// Live key stream: each input and what it became, with pause, filter, clear and export.
import { useId, useMemo, useState } from 'react';
import { KeyRows } from '@/features/monitor/components/KeyRows';
import { MAX_ROWS, exportJson, matches, useKeyStream } from '@/features/monitor/api/keyStream';
import { useStatus } from '@/lib/profilesQuery';

export function MonitorPage({ limit = MAX_ROWS }: { limit?: number }) {
  const stream = useKeyStream(limit);
  const status = useStatus();
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const shown = useMemo(() => stream.rows.filter((row) => matches(row, filter)), [stream.rows, filter]);

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
        <input id={filterId} type="search" value={filter} placeholder="key, device or layer" onChange={(e) => setFilter(e.target.value)} />
        <button type="button" onClick={stream.clear}>
          Clear
        </button>
        <button type="button" onClick={() => exportJson(shown)} disabled={shown.length === 0}>
          Export JSON
        </button>
      </div>
      <p aria-live="polite" className="muted">
        {shown.length} of {stream.rows.length} events (keeps the last {limit})
        {stream.suppressed > 0 && `; ${stream.suppressed} not sent by the daemon's rate cap`}
        {stream.missed > 0 && `; ${stream.missed} missed while lagging`}
        {stream.paused && '; paused'}
      </p>
      <KeyRows rows={shown} />
    </>
  );
}
