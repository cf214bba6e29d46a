import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MonitorPage } from '@/features/monitor/components/MonitorPage';
import { appendBounded } from '@/features/monitor/api/keyStream';
import { daemon, holdDecision, keyMessage } from '@/test/fixtures';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';

beforeEach(() => {
  MockWebSocket.reset();
  vi.useFakeTimers();
  // jsdom has no layout: give the scrolling list a size so the virtualizer shows rows.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(480);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
});
afterEach(() => {
  vi.useRealTimers();
});

async function openMonitor(limit: number) {
  const view = renderPage(<MonitorPage limit={limit} />, { handler: daemon(), path: '/monitor' });
  await act(async () => {});
  const ws = MockWebSocket.latest();
  act(() => ws.serverOpen());
  return { ...view, ws };
}

function push(ws: MockWebSocket, from: number, count: number) {
  act(() => {
    for (let id = from; id < from + count; id++) ws.serverSend(keyMessage(id));
    vi.advanceTimersByTime(100);
  });
}

describe('Monitor', () => {
  it('subscribes to the keys topic', async () => {
    const { ws } = await openMonitor(10);
    const topics = ws.sent.flatMap((m) => (m as { topics: string[] }).topics);
    expect(topics).toContain('keys');
  });

  it('keeps only the newest rows up to the limit', async () => {
    const { ws } = await openMonitor(50);
    push(ws, 1, 30);
    push(ws, 31, 90);
    expect(screen.getByText(/50 of 50 events/)).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Key events' });
    expect(table).toHaveAttribute('aria-rowcount', '51');
    // The oldest row kept is event 71 (120 received, 50 kept); it renders first.
    const firstRow = screen.getAllByRole('row')[1];
    expect(firstRow).toHaveTextContent((71 * 1000 / 1e6).toFixed(3));
  });

  it("shows each event's decisions in short, with the engine's sentence as the tooltip", async () => {
    const { ws } = await openMonitor(10);
    const layerOn = { kind: 'layer_on', at_us: 5000, text: 'layer nav turned on by rightalt', layer: 'nav' };
    act(() => {
      ws.serverSend(keyMessage(1));
      ws.serverSend({ ...keyMessage(2), decisions: [holdDecision, layerOn] });
      vi.advanceTimersByTime(100);
    });
    const [, plain, decided] = screen.getAllByRole('row');
    expect(within(plain!).getAllByRole('cell').at(-1)).toBeEmptyDOMElement();
    const cell = within(decided!).getAllByRole('cell').at(-1)!;
    const hold = within(cell).getByText('capslock → hold').closest('.decision-badge');
    expect(hold).toHaveAttribute('title', holdDecision.text);
    expect(hold).toHaveClass('hold');
    expect(hold).toHaveTextContent(`capslock → hold: ${holdDecision.text}`);
    expect(within(cell).getByText('nav on').closest('.decision-badge')).toHaveAttribute('title', layerOn.text);
  });

  it('renders only the rows in view, not all 2,000', async () => {
    const { ws } = await openMonitor(2000);
    push(ws, 1, 2500);
    expect(screen.getByText(/2000 of 2000 events/)).toBeInTheDocument();
    const rows = screen.getAllByRole('row').length;
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThan(100);
  });

  it('ignores events while paused and clears on demand', async () => {
    const { ws } = await openMonitor(100);
    push(ws, 1, 5);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    push(ws, 6, 5);
    expect(screen.getByText(/5 of 5 events/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.getByText(/0 of 0 events/)).toBeInTheDocument();
  });

  it('filters by key, device or layer', async () => {
    const { ws } = await openMonitor(100);
    push(ws, 1, 3);
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'nothing-matches' } });
    expect(screen.getByText(/0 of 3 events/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'keyboard' } });
    expect(screen.getByText(/3 of 3 events/)).toBeInTheDocument();
  });
});

describe('appendBounded', () => {
  it('drops the oldest entries beyond the limit', () => {
    expect(appendBounded([1, 2, 3], [4, 5], 3)).toEqual([3, 4, 5]);
    expect(appendBounded([], [1], 3)).toEqual([1]);
  });
});
