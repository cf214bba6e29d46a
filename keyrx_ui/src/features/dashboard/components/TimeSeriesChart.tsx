// A live uPlot chart over the stats history. uPlot draws to a canvas; the instance is
// created once per set of series and destroyed (with its resize observer) on unmount, and
// only its data changes per tick.
import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const HEIGHT = 180;
const MIN_WIDTH = 200;

/**
 * An axis colour from the page's theme variables, read at each redraw (one a second), so a
 * switch between light and dark shows at the next tick without rebuilding the chart.
 */
function themed(variable: string): uPlot.Axis.Stroke {
  return (self) => getComputedStyle(self.root).getPropertyValue(variable).trim() || '#888';
}

function withTheme(axis: uPlot.Axis): uPlot.Axis {
  const line = { stroke: themed('--border'), width: 1 };
  return { stroke: themed('--muted'), grid: line, ticks: line, ...axis };
}

interface TimeSeriesChartProps {
  /** The y series; the x series (time) is implied. Keep the array stable: a new one rebuilds the chart. */
  series: uPlot.Series[];
  axes: uPlot.Axis[];
  /** Time first, then one array per series. */
  data: uPlot.AlignedData;
  /** What the chart shows, for screen readers. */
  label: string;
  caption: ReactNode;
}

export function TimeSeriesChart({ series, axes, data, label, caption }: TimeSeriesChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);

  useEffect(() => {
    latest.current = data;
    plot.current?.setData(data);
  }, [data]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const width = () => Math.max(MIN_WIDTH, element.clientWidth);
    const instance = new uPlot({ width: width(), height: HEIGHT, series: [{}, ...series], axes: axes.map(withTheme) }, latest.current, element);
    plot.current = instance;
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => instance.setSize({ width: width(), height: HEIGHT }));
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      instance.destroy();
      plot.current = null;
    };
  }, [series, axes]);

  return (
    <figure className="chart">
      <div ref={container} role="img" aria-label={label} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
