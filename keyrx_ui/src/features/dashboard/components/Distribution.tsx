// A distribution as the daemon's histogram has it: bars per bucket on a log scale, the
// cumulative share (CDF) over them, p50/p90/p99/max marked, and the same figures in words.
import type { Bucket, Percentiles } from '@/lib/wire';

const W = 560;
const H = 150;
const PAD = { left: 36, right: 12, top: 34, bottom: 28 };

interface DistributionProps {
  title: string;
  buckets: Bucket[];
  percentiles: Percentiles;
  /** Values in the buckets' unit, shown in µs: 1000 for nanoseconds, 1 for microseconds. */
  perMicrosecond: number;
}

const us = (value: number, per: number) => {
  const v = value / per;
  return v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v < 10 ? v.toFixed(1) : Math.round(v)} µs`;
};

export function Distribution({ title, buckets, percentiles, perMicrosecond }: DistributionProps) {
  if (buckets.length === 0 || percentiles.count === 0) {
    return (
      <figure className="distribution">
        <figcaption>
          <strong>{title}</strong>: no samples yet.
        </figcaption>
      </figure>
    );
  }
  const lo = Math.log10(Math.max(1, buckets[0]!.le / 2));
  const hi = Math.log10(Math.max(buckets.at(-1)!.le, 2));
  const x = (v: number) => PAD.left + ((Math.log10(Math.max(1, v)) - lo) / Math.max(1e-9, hi - lo)) * (W - PAD.left - PAD.right);
  const y = (share: number) => H - PAD.bottom - share * (H - PAD.top - PAD.bottom);
  const most = Math.max(...buckets.map((b) => b.count));
  const cumulative = buckets.reduce<number[]>((acc, b) => [...acc, (acc.at(-1) ?? 0) + b.count], []);
  const cdf = buckets.map((b, i) => [x(b.le), y(cumulative[i]! / percentiles.count)] as const);
  const marks = [
    ['p50', percentiles.p50],
    ['p90', percentiles.p90],
    ['p99', percentiles.p99],
    ['max', percentiles.max],
  ] as const;
  const words = `${percentiles.count} samples: ${marks.map(([name, v]) => `${name} ${us(v, perMicrosecond)}`).join(', ')}`;
  return (
    <figure className="distribution">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${words}`}>
        {buckets.map((b, i) => {
          const from = x(i === 0 ? b.le / 2 : buckets[i - 1]!.le);
          return <rect key={i} className="bar" x={from} width={Math.max(1, x(b.le) - from - 1)} y={y((b.count / most) * 0.9)} height={y(0) - y((b.count / most) * 0.9)} />;
        })}
        <polyline className="cdf" points={[`${x(buckets[0]!.le / 2)},${y(0)}`, ...cdf.map(([cx, cy]) => `${cx},${cy}`)].join(' ')} />
        {marks.map(([name, v], i) => (
          <g key={name} className={`mark mark-${name}`}>
            <line x1={x(v)} x2={x(v)} y1={PAD.top - 4} y2={y(0)} />
            <text x={x(v)} y={PAD.top - 8} textAnchor={name === 'max' ? 'end' : 'middle'} dy={i % 2 === 1 ? -10 : 0}>
              {name}
            </text>
          </g>
        ))}
        <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
        <text className="tick" x={PAD.left} y={H - 8}>
          {us(buckets[0]!.le, perMicrosecond)}
        </text>
        <text className="tick" x={W - PAD.right} y={H - 8} textAnchor="end">
          {us(buckets.at(-1)!.le, perMicrosecond)}
        </text>
        <text className="tick" x={PAD.left - 4} y={y(1) + 4} textAnchor="end">
          100%
        </text>
        <text className="tick" x={PAD.left - 4} y={y(0.5) + 4} textAnchor="end">
          50%
        </text>
      </svg>
      <figcaption>
        <strong>{title}</strong> (bars: samples per bucket, log scale; line: share at or below): {words}
      </figcaption>
    </figure>
  );
}
