// Events per second against p99 processing time.
import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { StatsPoint } from '@/features/dashboard/api/stats';
import { TimeSeriesChart } from '@/features/dashboard/components/TimeSeriesChart';

const SERIES: uPlot.Series[] = [
  { label: 'events/s', stroke: '#2f7ed8', width: 2 },
  { label: 'p99 µs', stroke: '#d8702f', width: 2, scale: 'us' },
];
const AXES: uPlot.Axis[] = [{}, { label: 'events/s' }, { side: 1, scale: 'us', label: 'µs' }];

export function RateChart({ points }: { points: StatsPoint[] }) {
  const data = useMemo<uPlot.AlignedData>(() => [points.map((p) => p.t), points.map((p) => p.rate), points.map((p) => p.processingP99us)], [points]);
  return (
    <TimeSeriesChart
      series={SERIES}
      axes={AXES}
      data={data}
      label="Events per second and p99 processing time over the last minutes"
      caption={`Events per second and p99 processing time (${points.length} s of history)`}
    />
  );
}
