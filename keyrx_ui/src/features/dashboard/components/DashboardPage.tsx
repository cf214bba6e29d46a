// The overview: rates, latency, held keys, layers, devices, uptime, memory, drops.
import { HeldKeys } from '@/features/dashboard/components/HeldKeys';
import { LatencyChart } from '@/features/dashboard/components/LatencyChart';
import { RateChart } from '@/features/dashboard/components/RateChart';
import { useDaemonState } from '@/features/dashboard/api/state';
import { useStats, useStatsHistory } from '@/features/dashboard/api/stats';
import { useStatus } from '@/lib/profilesQuery';
import { formatBytes, formatDuration } from '@/lib/format';

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <div className="metric">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function DashboardPage() {
  const stats = useStats();
  const history = useStatsHistory();
  const state = useDaemonState();
  const status = useStatus();
  const s = stats.data;
  // Uptime advances with each stats message (one a second), so no clock of its own.
  const uptime = status.data ? status.data.uptime_s + Math.max(0, (stats.dataUpdatedAt - status.dataUpdatedAt) / 1000) : null;

  return (
    <>
      <h1>Dashboard</h1>
      {(stats.error ?? state.error ?? status.error) && (
        <p role="alert" className="error">
          Could not load: {String((stats.error ?? state.error ?? status.error)?.message)}
        </p>
      )}
      <section aria-labelledby="stats-title" className="card">
        <h2 id="stats-title">Engine</h2>
        <dl className="metrics">
          <Metric label="Events/s" value={s ? s.events_per_second.toFixed(1) : '…'} />
          <Metric label="Processing p50 / p99" value={s ? `${(s.processing_ns.p50 / 1000).toFixed(1)} / ${(s.processing_ns.p99 / 1000).toFixed(1)} µs` : '…'} />
          <Metric label="Timer lateness p50 / p99" value={s ? `${s.timer_lateness_us.p50} / ${s.timer_lateness_us.p99} µs` : '…'} />
          <Metric label="Dropped (handoff / lagged)" value={s ? `${s.handoff_dropped} / ${s.broadcast.lagged}` : '…'} />
          <Metric label="Memory" value={s ? formatBytes(s.rss_bytes) : '…'} />
          <Metric label="Uptime" value={uptime === null ? '…' : formatDuration(uptime)} />
          <Metric label="Config" value={status.data ? status.data.config_source : '…'} />
        </dl>
        <RateChart points={history} />
      </section>
      <section aria-labelledby="latency-title" className="card">
        <h2 id="latency-title">Latency</h2>
        <LatencyChart points={history} />
      </section>
      {state.data && <HeldKeys state={state.data} />}
      {state.data && (
        <section aria-labelledby="layers-title" className="card">
          <h2 id="layers-title">Devices and active layers</h2>
          {state.data.devices.length === 0 ? (
            <p className="muted">No device is attached.</p>
          ) : (
            <table>
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
                    <td>{device.name}</td>
                    <td>{device.block}</td>
                    <td>{device.layers.join(' › ')}</td>
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
