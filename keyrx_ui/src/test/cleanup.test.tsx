// Every page, mounted and unmounted, must leave nothing behind: no open socket, no pending
// timer, no request in flight. A leak in any page makes one of these tests fail.
import type { ReactElement } from 'react';
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DashboardPage } from '@/features/dashboard/components/DashboardPage';
import { MonitorPage } from '@/features/monitor/components/MonitorPage';
import { ConfigPage } from '@/features/config/components/ConfigPage';
import { SimulatorPage } from '@/features/simulator/components/SimulatorPage';
import { ProfilesPage } from '@/features/profiles/components/ProfilesPage';
import { DevicesPage } from '@/features/devices/components/DevicesPage';
import { VALIDATE_DELAY_MS } from '@/features/config/api/validate';
import { daemon, keyMessage, stats } from '@/test/fixtures';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';
import type { Handler } from '@/test/fakeServer';

const uplot = vi.hoisted(() => ({ created: 0, destroyed: 0 }));
vi.mock('uplot', () => ({
  default: class {
    constructor() {
      uplot.created += 1;
    }
    setData() {}
    setSize() {}
    destroy() {
      uplot.destroyed += 1;
    }
  },
}));

/** Runs queued promise callbacks (responses, React updates) without advancing any clock. */
async function settle() {
  await act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });
}

beforeEach(() => {
  MockWebSocket.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** What a user would do on the page before leaving it, to start its own requests. */
type Interaction = () => void;
const runSimulation: Interaction = () => fireEvent.click(screen.getByRole('button', { name: 'Simulate' }));

const pages: [string, ReactElement, string, string | undefined, Interaction | undefined][] = [
  ['Dashboard', <DashboardPage />, '/', undefined, undefined],
  ['Monitor', <MonitorPage />, '/monitor', undefined, undefined],
  ['Config', <ConfigPage />, '/config/work', '/config/:name', undefined],
  ['Simulator', <SimulatorPage />, '/simulator', undefined, runSimulation],
  ['Profiles', <ProfilesPage />, '/profiles', undefined, undefined],
  ['Devices', <DevicesPage />, '/devices', undefined, undefined],
];

async function mountAndUnmount(page: ReactElement, path: string, pattern: string | undefined, handler: Handler, interact?: Interaction) {
  const view = renderPage(page, { handler, path, pattern });
  await settle();
  interact?.();
  await settle();
  // Play a live server: open the socket and push an event of every topic.
  for (const ws of MockWebSocket.live()) ws.serverOpen();
  for (const ws of MockWebSocket.live()) {
    ws.serverSend({ seq: 2, id: 1, type: 'stats', ...stats });
    ws.serverSend(keyMessage(2));
    ws.serverSend({ seq: 4, id: 3, type: 'config', ok: true, source: 'profile work' });
  }
  await settle();
  const opened = MockWebSocket.instances.length;
  view.unmount();
  await settle();
  return { ...view, opened };
}

function expectNothingLeft(server: { unsettled: () => unknown[]; requests: unknown[] }) {
  expect(MockWebSocket.live(), 'open sockets').toHaveLength(0);
  for (const ws of MockWebSocket.instances) expect(ws.closeCode).toBe(1000);
  expect(vi.getTimerCount(), 'pending timers').toBe(0);
  expect(server.unsettled(), 'requests in flight').toHaveLength(0);
}

describe.each(pages)('%s page cleanup', (_name, page, path, pattern, interact) => {
  it('leaves nothing behind when unmounted with requests still in flight', async () => {
    const { server, opened } = await mountAndUnmount(page, path, pattern, () => 'pending', interact);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(opened).toBeGreaterThan(0);
    expectNothingLeft(server);
  });

  it('leaves nothing behind when unmounted after the data arrived', async () => {
    const { server } = await mountAndUnmount(page, path, pattern, daemon(), interact);
    expectNothingLeft(server);
  });
});

describe('page-specific resources', () => {
  it('destroys the dashboard charts and stops watching their size', async () => {
    const observers = { watching: 0, created: 0 };
    vi.stubGlobal(
      'ResizeObserver',
      class {
        private count = 0;
        constructor() {
          observers.created += 1;
        }
        observe() {
          this.count += 1;
          observers.watching += 1;
        }
        unobserve() {}
        disconnect() {
          observers.watching -= this.count;
          this.count = 0;
        }
      },
    );
    const created = uplot.created;
    await mountAndUnmount(<DashboardPage />, '/', undefined, daemon());
    // The rate and the latency chart, each built twice by StrictMode.
    expect(uplot.created - created).toBe(4);
    expect(uplot.destroyed).toBe(uplot.created);
    expect(observers.created).toBe(4);
    expect(observers.watching, 'elements still observed').toBe(0);
  });

  it('clears the monitor flush timer that a key event started', async () => {
    const view = renderPage(<MonitorPage />, { handler: daemon(), path: '/monitor' });
    await settle();
    const ws = MockWebSocket.latest();
    ws.serverOpen();
    ws.serverSend(keyMessage(1));
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    view.unmount();
    await settle();
    expectNothingLeft(view.server);
  });

  it('clears the validation delay and aborts a validation in flight', async () => {
    // Validation stays pending so the unmount catches it in flight.
    const handler = daemon((r) => (r.path === '/api/v1/validate' ? 'pending' : undefined));
    const view = renderPage(<ConfigPage />, { handler, path: '/config/work', pattern: '/config/:name' });
    await settle();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await act(async () => {
      vi.advanceTimersByTime(VALIDATE_DELAY_MS);
    });
    const validate = view.server.requests.find((r) => r.path === '/api/v1/validate');
    expect(validate?.signal?.aborted).toBe(false);
    view.unmount();
    await settle();
    expect(validate?.signal?.aborted).toBe(true);
    expectNothingLeft(view.server);
  });
});
