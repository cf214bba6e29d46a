// How long the engine takes per event and how late its timers fire, p50 and p99. The two
// differ by orders of magnitude, so each has its own axis.
import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { StatsPoint } from '@/features/dashboard/api/stats';
import { TimeSeriesChart } from '@/features/dashboard/components/TimeSeriesChart';

const SERIES: uPlot.Series[] = [
  { label: 'processing p50 µs', stroke: '#d8702f', width: 1, dash: [4, 4] },
  { label: 'processing p99 µs', stroke: '#d8702f', width: 2 },
  { label: 'timer lateness p50 µs', stroke: '#1f9e89', width: 1, dash: [4, 4], scale: 'lateness' },
  { label: 'timer lateness p99 µs', stroke: '#1f9e89', width: 2, scale: 'lateness' },
];
const AXES: uPlot.Axis[] = [{}, { label: 'processing µs' }, { side: 1, scale: 'lateness', label: 'lateness µs' }];

export function LatencyChart({ points }: { points: StatsPoint[] }) {
  const data = useMemo<uPlot.AlignedData>(
    () => [
      points.map((p) => p.t),
      points.map((p) => p.processingP50us),
      points.map((p) => p.processingP99us),
      points.map((p) => p.latenessP50us),
      points.map((p) => p.latenessP99us),
    ],
    [points],
  );
  return (
    <TimeSeriesChart
      series={SERIES}
      axes={AXES}
      data={data}
      label="Processing time and timer lateness, p50 and p99, over the last minutes"
      caption={`Latency: processing and timer lateness, p50 dashed, p99 solid (${points.length} s of history)`}
    />
  );
}
