// The overview: rates, latency, held keys, layers, devices, uptime, memory, drops.
import { HeldKeys } from '@/features/dashboard/components/HeldKeys';
import { LiveKeyboard } from '@/features/dashboard/components/LiveKeyboard';
import { useRunningKeymap } from '@/lib/keymapQuery';
import { stuckOutputs, type Expected } from '@/features/dashboard/api/state';
import { indexLayers, resolveCap, typedKey } from '@/lib/keyboard/keymapCaps';
import type { KeymapView } from '@/lib/wire';
import { LatencyChart } from '@/features/dashboard/components/LatencyChart';
import { Distribution } from '@/features/dashboard/components/Distribution';
import { RateChart } from '@/features/dashboard/components/RateChart';
import { useDaemonState } from '@/features/dashboard/api/state';
import { useStats, useStatsHistory } from '@/features/dashboard/api/stats';
import { useStatus } from '@/lib/profilesQuery';
import { formatBytes, formatDuration } from '@/lib/format';
import { Freshness } from '@/lib/Freshness';
import { useConnectionStatus } from '@/lib/realtime';
import { useNow } from '@/lib/useNow';

function Metric({ label, value, wide = false }: { label: string; value: string; wide?: boolean }) {
  return (
    <div className={wide ? 'metric wide' : 'metric'}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** What a held input types on its device's active layers, from the running keymap. */
function expectedFrom(keymap: KeymapView | undefined): Expected {
  return (device, input) => {
    const block = keymap?.blocks.find((b) => b.name === device.block);
    if (!block) return null;
    const stack = device.layers.map((name) => block.layers.findIndex((l) => l.name === name)).filter((i) => i >= 0);
    return typedKey(resolveCap(input, stack.length > 0 ? stack : [0], block.layers, indexLayers(block.layers)));
  };
}

export function DashboardPage() {
  const stats = useStats();
  const history = useStatsHistory();
  const state = useDaemonState();
  const status = useStatus();
  const keymap = useRunningKeymap();
  const live = useConnectionStatus() === 'open';
  const now = useNow();
  const s = stats.data;
  // The daemon's uptime when its status was read, carried on by the clock while the socket
  // is live; once it is down, frozen at the last moment the daemon was heard from. A new
  // daemon's hello refetches the status, so a restart shows the new daemon's uptime.
  const lastHeard = live ? now : Math.max(stats.dataUpdatedAt, status.dataUpdatedAt);
  const uptime = status.data ? status.data.uptime_s + Math.max(0, (lastHeard - status.dataUpdatedAt) / 1000) : null;
  const card = live ? 'card' : 'card stale';
  const age = (updatedAt: number, onChange = false) => <Freshness updatedAt={updatedAt} live={live} now={now} onChange={onChange} />;

  return (
    <>
      <h1>Dashboard</h1>
      {(stats.error ?? state.error ?? status.error) && (
        <p role="alert" className="error">
          Could not load: {String((stats.error ?? state.error ?? status.error)?.message)}
        </p>
      )}
      {!live && (
        <p className="stale-banner" role="status">
          Not connected to the daemon: every figure below is the last one seen, greyed until the connection is back.
        </p>
      )}
      <section aria-labelledby="stats-title" className={card}>
        <h2 id="stats-title">Engine</h2>
        <p className="card-age">
          Statistics {age(stats.dataUpdatedAt)}; status {age(status.dataUpdatedAt)}
        </p>
        <dl className="metrics">
          <Metric label="Events/s" value={s ? s.events_per_second.toFixed(1) : '…'} />
          <Metric label="Processing p50 / p99" value={s ? `${(s.processing_ns.p50 / 1000).toFixed(1)} / ${(s.processing_ns.p99 / 1000).toFixed(1)} µs` : '…'} />
          <Metric label="Timer lateness p50 / p99" value={s ? `${s.timer_lateness_us.p50} / ${s.timer_lateness_us.p99} µs` : '…'} />
          <Metric label="Dropped (handoff / lagged)" value={s ? `${s.handoff_dropped} / ${s.broadcast.lagged}` : '…'} />
          <Metric label="Memory" value={s ? formatBytes(s.rss_bytes) : '…'} />
          {s && s.commands.asked > 0 && (
            <Metric
              label="Commands (run / failed / refused)"
              value={`${s.commands.started} / ${s.commands.failed} / ${s.commands.refused + s.commands.busy}`}
            />
          )}
          {s && s.commands.refused > 0 && s.commands.started === 0 && (
            <Metric label="Commands refused" value="keyrx was started without --allow-commands" wide />
          )}
          {s?.commands.last_error && <Metric label="Last command error" value={s.commands.last_error} wide />}
          <Metric label="Uptime" value={uptime === null ? '…' : formatDuration(uptime)} />
          <Metric label="Config" value={status.data ? status.data.config_source : '…'} wide />
        </dl>
        <RateChart points={history} />
      </section>
      <section aria-labelledby="latency-title" className={card}>
        <h2 id="latency-title">Latency</h2>
        <p className="card-age">{age(stats.dataUpdatedAt)}</p>
        {s && (
          <div className="distributions">
            <Distribution title="Processing time per event" buckets={s.processing_ns_buckets} percentiles={s.processing_ns} perMicrosecond={1000} />
            <Distribution title="Timer lateness" buckets={s.timer_lateness_us_buckets} percentiles={s.timer_lateness_us} perMicrosecond={1} />
          </div>
        )}
        <LatencyChart points={history} />
      </section>
      {state.data && (
        <HeldKeys state={state.data} live={live} freshness={age(state.dataUpdatedAt, true)} expected={expectedFrom(keymap.data)}>
          {keymap.data && <LiveKeyboard keymap={keymap.data} state={state.data} stuck={stuckOutputs(state.data)} />}
        </HeldKeys>
      )}
      {state.data && (
        <section aria-labelledby="layers-title" className={card}>
          <h2 id="layers-title">Devices and active layers</h2>
          <p className="card-age">{age(state.dataUpdatedAt, true)}</p>
          {state.data.devices.length === 0 ? (
            <p className="muted">No device is attached.</p>
          ) : (
            <table className="stacking">
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Block</th>
                  <th scope="col">Active layers</th>
                </tr>
              </thead>
              <tbody>
                {state.data.devices.map((device) => (
                  <tr key={device.id}>
                    <td data-label="Device">{device.name}</td>
                    <td data-label="Block">{device.block}</td>
                    <td data-label="Active layers">{device.layers.join(' › ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
