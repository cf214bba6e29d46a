import { act, fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DashboardPage } from '@/features/dashboard/components/DashboardPage';
import { appendPoint, toPoint, type StatsPoint } from '@/features/dashboard/api/stats';
import { daemon, daemonState, stats } from '@/test/fixtures';
import { json } from '@/test/fakeServer';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';

/** Every chart drawn, with the series it was built with and the data it was last given. */
const charts = vi.hoisted(() => [] as { labels: string[]; data: unknown[][] }[]);
vi.mock('uplot', () => ({
  default: class {
    chart: { labels: string[]; data: unknown[][] };
    constructor(options: { series: { label?: string }[] }, data: unknown[][]) {
      this.chart = { labels: options.series.map((s) => s.label ?? ''), data };
      charts.push(this.chart);
    }
    setData(data: unknown[][]) {
      this.chart.data = data;
    }
    setSize() {}
    destroy() {}
  },
}));

beforeEach(() => {
  MockWebSocket.reset();
  charts.length = 0;
});

async function openDashboard() {
  const view = renderPage(<DashboardPage />, { handler: daemon(), path: '/' });
  await screen.findByText('9.6 MiB');
  const ws = MockWebSocket.latest();
  act(() => ws.serverOpen());
  return { ...view, ws };
}

describe('Dashboard', () => {
  it('subscribes to stats and state and shows live numbers', async () => {
    const { ws } = await openDashboard();
    const topics = ws.sent.flatMap((m) => (m as { topics: string[] }).topics);
    expect(topics).toEqual(expect.arrayContaining(['stats', 'state', 'config']));
    await act(async () => ws.serverSend({ seq: 3, id: 9, type: 'stats', ...stats, events_per_second: 123.4 }));
    expect(screen.getByText('123.4')).toBeInTheDocument();
    expect(screen.getByText('1.8 / 4.0 µs')).toBeInTheDocument();
  });

  it('shows what became of commands only once a key asked for one, and why they were refused', async () => {
    const { ws } = await openDashboard();
    expect(screen.queryByText('Commands (run / failed / refused)')).not.toBeInTheDocument();
    const refused = { asked: 2, started: 0, failed: 0, refused: 2, busy: 0, last_error: null };
    await act(async () => ws.serverSend({ seq: 3, id: 9, type: 'stats', ...stats, commands: refused }));
    expect(screen.getByText('0 / 0 / 2')).toBeInTheDocument();
    expect(screen.getByText('keyrx was started without --allow-commands')).toBeInTheDocument();
    const failed = { asked: 3, started: 3, failed: 1, refused: 0, busy: 0, last_error: 'command `false` exited with status 1' };
    await act(async () => ws.serverSend({ seq: 4, id: 9, type: 'stats', ...stats, commands: failed }));
    expect(screen.getByText('3 / 1 / 0')).toBeInTheDocument();
    expect(screen.getByText('command `false` exited with status 1')).toBeInTheDocument();
  });

  it('charts processing and timer lateness percentiles from each snapshot', async () => {
    const { ws } = await openDashboard();
    const snapshot = { ...stats, processing_ns: { ...stats.processing_ns, p50: 2500, p99: 7000 }, timer_lateness_us: { count: 5, max: 900, p50: 120, p90: 400, p99: 650 } };
    await act(async () => ws.serverSend({ seq: 3, id: 9, type: 'stats', ...snapshot }));
    expect(screen.getByRole('region', { name: 'Latency' })).toContainElement(
      screen.getByRole('img', { name: 'Processing time and timer lateness, p50 and p99, over the last minutes' }),
    );
    // The latest chart built with these series (StrictMode builds, destroys and rebuilds).
    const latency = charts.findLast((c) => c.labels.includes('timer lateness p99 µs'));
    expect(latency?.labels).toEqual(['', 'processing p50 µs', 'processing p99 µs', 'timer lateness p50 µs', 'timer lateness p99 µs']);
    const [, processingP50, processingP99, latenessP50, latenessP99] = latency?.data ?? [];
    expect([processingP50?.at(-1), processingP99?.at(-1), latenessP50?.at(-1), latenessP99?.at(-1)]).toEqual([2.5, 7, 120, 650]);
  });

  it("draws each latency's distribution from the daemon's histogram, with its percentiles in words", async () => {
    await openDashboard();
    const latency = screen.getByRole('region', { name: 'Latency' });
    expect(within(latency).getByRole('img', { name: 'Processing time per event: 10 samples: p50 1.8 µs, p90 2.5 µs, p99 4.0 µs, max 9.0 µs' })).toBeInTheDocument();
    expect(within(latency).getByRole('img', { name: 'Timer lateness: 1 samples: p50 80 µs, p90 90 µs, p99 90 µs, max 90 µs' })).toBeInTheDocument();
    expect(latency.querySelectorAll('.distribution .bar')).toHaveLength(4);
  });

  it('highlights output keys held while no physical key is down', async () => {
    await openDashboard();
    const held = screen.getByRole('region', { name: 'Held keys' });
    expect(within(held).getByRole('alert')).toHaveTextContent('holds leftctrl while no physical key is down');
    expect(within(held).getAllByText(/leftctrl/)[0]).toHaveClass('stuck');
  });

  it('does not call a remapped key stuck while its physical key is down', async () => {
    const { ws } = await openDashboard();
    await act(async () =>
      ws.serverSend({
        seq: 3,
        id: 10,
        type: 'state',
        ...daemonState,
        devices: [{ ...daemonState.devices[0], held_inputs: ['capslock'] }],
      }),
    );
    const held = screen.getByRole('region', { name: 'Held keys' });
    expect(within(held).queryByRole('alert')).toBeNull();
    const pairs = within(held).getByRole('list', { name: 'Inputs and the outputs they hold' });
    expect(pairs).toHaveTextContent('capslock on keyboard → no output held');
    expect(pairs).toHaveTextContent('a remapped key → leftctrl');
    expect(pairs).not.toHaveTextContent('stuck');
  });

  it('pairs an input with the output of its name', async () => {
    const { ws } = await openDashboard();
    await act(async () =>
      ws.serverSend({ seq: 3, id: 10, type: 'state', ...daemonState, held_outputs: ['k'], modifiers: [], devices: [{ ...daemonState.devices[0]!, held_inputs: ['k'] }] }),
    );
    const pairs = screen.getByRole('list', { name: 'Inputs and the outputs they hold' });
    expect(within(pairs).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['k on keyboard → k']);
  });

  it('draws the running keymap with the live layer stack and lights the held keys', async () => {
    const { ws } = await openDashboard();
    const state = { ...daemonState, held_outputs: ['left'], modifiers: [], devices: [{ ...daemonState.devices[0]!, block: 'laptop', layers: ['base', 'nav'], held_inputs: ['rightalt', 'h'] }] };
    await act(async () => ws.serverSend({ seq: 3, id: 10, type: 'state', ...state }));
    const physical = await screen.findByRole('group', { name: 'Physical keys, with what each does on the active layers' });
    expect(within(physical).getByRole('img', { name: 'h: types left (layer nav) (held)' })).toHaveClass('held');
    expect(within(physical).getByRole('img', { name: 'capslock: Tap for esc, hold for leftctrl (200 ms).' })).not.toHaveClass('held');
    const virtual = screen.getByRole('group', { name: 'Virtual keyboard keys held' });
    expect(within(virtual).getByRole('img', { name: 'left: output left (held)' })).toHaveClass('held');
  });

  it('pairs a remapped input with the key its mapping types, from the running keymap', async () => {
    const { ws } = await openDashboard();
    const state = { ...daemonState, held_outputs: ['left'], modifiers: [], devices: [{ ...daemonState.devices[0]!, block: 'laptop', layers: ['base', 'nav'], held_inputs: ['h'] }] };
    await act(async () => ws.serverSend({ seq: 3, id: 10, type: 'state', ...state }));
    const pairs = await screen.findByRole('list', { name: 'Inputs and the outputs they hold' });
    await screen.findByRole('group', { name: 'Virtual keyboard keys held' });
    expect(within(pairs).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['h on keyboard → left']);
  });

  it('marks a held output with no key down as stuck on the virtual keyboard', async () => {
    await openDashboard();
    const virtual = await screen.findByRole('group', { name: 'Virtual keyboard keys held' });
    expect(within(virtual).getByRole('img', { name: 'leftctrl: output leftctrl (stuck)' })).toHaveClass('stuck');
  });

  it('releases everything on request and says what was held', async () => {
    const posted: string[] = [];
    const handler = daemon((request) => {
      if (request.method === 'POST' && request.path === '/api/v1/release-all') {
        posted.push(request.path);
        return json({ released: ['leftctrl'] });
      }
      return undefined;
    });
    renderPage(<DashboardPage />, { handler, path: '/' });
    await screen.findByText('9.6 MiB');
    act(() => MockWebSocket.latest().serverOpen());
    fireEvent.click(screen.getByRole('button', { name: 'Release all' }));
    expect(await screen.findByText('Released leftctrl.')).toBeInTheDocument();
    expect(posted).toEqual(['/api/v1/release-all']);
  });

  it('greys and labels every figure as stale while the socket is down', async () => {
    const { ws } = await openDashboard();
    expect(screen.getByRole('region', { name: 'Engine' })).not.toHaveClass('stale');
    expect(screen.getByRole('region', { name: 'Engine' })).toHaveTextContent(/Statistics updated \d+s ago/);
    act(() => ws.serverClose());
    for (const name of ['Engine', 'Latency', 'Held keys', 'Devices and active layers']) {
      const region = screen.getByRole('region', { name });
      expect(region).toHaveClass('stale');
      expect(region).toHaveTextContent(/stale: not connected to the daemon; last seen/);
    }
    expect(screen.getByText(/Not connected to the daemon: every figure below is the last one seen/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Release all' })).toBeDisabled();
  });
  it('shows an armed one-shot modifier as armed, not stuck', async () => {
    const { ws } = await openDashboard();
    await act(async () =>
      ws.serverSend({
        seq: 3,
        id: 12,
        type: 'state',
        ...daemonState,
        held_outputs: ['leftshift'],
        modifiers: ['leftshift'],
        devices: [{ ...daemonState.devices[0], one_shot: ['leftshift'] }],
      }),
    );
    const held = screen.getByRole('region', { name: 'Held keys' });
    expect(within(held).queryByRole('alert')).toBeNull();
    for (const key of within(held).getAllByText('leftshift')) expect(key).not.toHaveClass('stuck');
    expect(within(held).getByText(/Armed one-shots/)).toHaveTextContent('leftshift');
  });
  it('shows the lock lights, and says when they are unknown', async () => {
    const { ws } = await openDashboard();
    const held = screen.getByRole('region', { name: 'Held keys' });
    expect(within(held).getByText('numlock')).toBeInTheDocument();
    await act(async () => ws.serverSend({ seq: 3, id: 11, type: 'state', ...daemonState, locks: null }));
    expect(within(held).queryByText('numlock')).toBeNull();
    expect(within(held).getByText(/^unknown/)).toBeInTheDocument();
  });
});

describe('stats history', () => {
  it('keeps every charted value of a snapshot, latencies in microseconds', () => {
    expect(toPoint(stats, 12)).toEqual<StatsPoint>({ t: 12, rate: 2, processingP50us: 1.8, processingP99us: 4, latenessP50us: 80, latenessP99us: 90 });
  });

  it('bounds the chart history', () => {
    let history = appendPoint(undefined, toPoint(stats, 0), 3);
    for (let t = 1; t < 10; t++) history = appendPoint(history, toPoint(stats, t), 3);
    expect(history.map((p) => p.t)).toEqual([7, 8, 9]);
  });

  it('breaks the line across a gap instead of drawing straight over it', () => {
    let history = appendPoint(undefined, toPoint(stats, 100));
    history = appendPoint(history, toPoint(stats, 101));
    history = appendPoint(history, toPoint(stats, 140));
    expect(history.map((p) => [p.t, p.rate])).toEqual([[100, 2], [101, 2], [102, null], [140, 2]]);
  });
});
