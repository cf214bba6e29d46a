// Statistics: one REST read to fill the page at once, then a snapshot per second from the
// `stats` topic, written into the query cache along with a bounded history for the charts.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTopic } from '@/lib/realtime';
import { queryKeys } from '@/lib/queryClient';
import { useApi } from '@/lib/services';
import type { Stats } from '@/lib/wire';

/** Ten minutes at one snapshot a second: enough to see a trend, small enough to redraw. */
export const HISTORY_POINTS = 600;

export interface StatsPoint {
  /** Unix seconds, as uPlot expects. */
  t: number;
  /** null: no snapshot came (the daemon was unreachable); the charts break the line there. */
  rate: number | null;
  processingP50us: number | null;
  processingP99us: number | null;
  latenessP50us: number | null;
  latenessP99us: number | null;
}

/** Snapshots come once a second; a longer silence is a gap, not a straight line. */
export const GAP_S = 2.5;

function gapAfter(t: number): StatsPoint {
  return { t, rate: null, processingP50us: null, processingP99us: null, latenessP50us: null, latenessP99us: null };
}

/** The charted values of one snapshot, all latencies in microseconds. */
export function toPoint(stats: Stats, t: number): StatsPoint {
  return {
    t,
    rate: stats.events_per_second,
    processingP50us: stats.processing_ns.p50 / 1000,
    processingP99us: stats.processing_ns.p99 / 1000,
    latenessP50us: stats.timer_lateness_us.p50,
    latenessP99us: stats.timer_lateness_us.p99,
  };
}

export function appendPoint(history: StatsPoint[] | undefined, point: StatsPoint, limit = HISTORY_POINTS): StatsPoint[] {
  const last = history?.at(-1);
  const gap = last !== undefined && point.t - last.t > GAP_S ? [gapAfter(last.t + 1)] : [];
  const next = [...(history ?? []), ...gap, point];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

export function useStats() {
  const api = useApi();
  const queryClient = useQueryClient();
  useTopic('stats', (message) => {
    const { type, id, seq, ...stats } = message;
    queryClient.setQueryData<Stats>(queryKeys.stats, stats);
    queryClient.setQueryData<StatsPoint[]>(queryKeys.statsHistory, (history) => appendPoint(history, toPoint(stats, Date.now() / 1000)));
  });
  return useQuery({
    queryKey: queryKeys.stats,
    queryFn: ({ signal }) => api<Stats>('/api/v1/stats', { signal }),
    // The socket keeps this fresh.
    staleTime: Infinity,
  });
}

export function useStatsHistory(): StatsPoint[] {
  const { data } = useQuery<StatsPoint[]>({
    queryKey: queryKeys.statsHistory,
    queryFn: () => [],
    staleTime: Infinity,
  });
  return data ?? [];
}
