import { act, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DashboardPage } from '@/features/dashboard/components/DashboardPage';
import { appendPoint } from '@/features/dashboard/api/stats';
import { daemon, daemonState, stats } from '@/test/fixtures';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';

vi.mock('uplot', () => ({
  default: class {
    setData() {}
    setSize() {}
    destroy() {}
  },
}));

beforeEach(() => MockWebSocket.reset());

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
    expect(within(held).getByText('capslock')).toBeInTheDocument();
  });
});

describe('appendPoint', () => {
  it('bounds the chart history', () => {
    let history = appendPoint(undefined, { t: 0, rate: 0, p99us: 0 }, 3);
    for (let t = 1; t < 10; t++) history = appendPoint(history, { t, rate: t, p99us: t }, 3);
    expect(history.map((p) => p.t)).toEqual([7, 8, 9]);
  });
});
