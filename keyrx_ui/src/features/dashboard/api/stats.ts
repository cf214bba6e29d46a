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
  rate: number;
  processingP50us: number;
  processingP99us: number;
  latenessP50us: number;
  latenessP99us: number;
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
  const next = [...(history ?? []), point];
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
