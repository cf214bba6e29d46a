// How old a figure is, and whether it is still the truth: while the socket is down every
// figure is the last one seen, labelled stale with the time it was true.
import { formatDuration } from '@/lib/format';

interface FreshnessProps {
  /** When the data was received (ms since the epoch); 0: never. */
  updatedAt: number;
  live: boolean;
  now: number;
  /** Sent only when it changes (held keys, layers): while live it is current, however old. */
  onChange?: boolean;
}

export function ageText({ updatedAt, live, now, onChange = false }: FreshnessProps): string {
  if (updatedAt === 0) return live ? 'waiting for data' : 'no data: not connected';
  const age = formatDuration(Math.max(0, (now - updatedAt) / 1000));
  if (live) return onChange ? `live; last change ${age} ago` : `updated ${age} ago`;
  const at = new Date(updatedAt).toLocaleTimeString();
  return `stale: not connected to the daemon; last seen ${at} (${age} ago)`;
}

export function Freshness(props: FreshnessProps) {
  return <span className={props.live ? 'freshness' : 'freshness stale-label'}>{ageText(props)}</span>;
}
