// A small live chart of events/s and p99 processing time. uPlot draws to a canvas; the
// instance is created once and destroyed on unmount, and only its data changes per tick.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StatsPoint } from '@/features/dashboard/api/stats';

function toData(points: StatsPoint[]): uPlot.AlignedData {
  return [points.map((p) => p.t), points.map((p) => p.rate), points.map((p) => p.p99us)];
}

export function RateChart({ points }: { points: StatsPoint[] }) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 180,
        series: [
          {},
          { label: 'events/s', stroke: '#2f7ed8', width: 2 },
          { label: 'p99 µs', stroke: '#d8702f', width: 2, scale: 'us' },
        ],
        axes: [{}, { label: 'events/s' }, { side: 1, scale: 'us', label: 'µs' }],
      },
      [[], [], []],
      element,
    );
    plot.current = instance;
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => {
      instance.setSize({ width: Math.max(320, element.clientWidth), height: 180 });
    });
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      instance.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData(toData(points));
  }, [points]);

  return (
    <figure className="chart">
      <div ref={container} role="img" aria-label="Events per second and p99 processing time over the last minutes" />
      <figcaption>Events per second and p99 processing time ({points.length} s of history)</figcaption>
    </figure>
  );
}
