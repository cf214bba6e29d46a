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
    // Newest on top: event 120 renders first; the oldest kept is event 71 (120 received, 50 kept).
    const firstRow = screen.getAllByRole('row')[1];
    expect(firstRow).toHaveTextContent((120 * 1000 / 1e6).toFixed(3));
  });

  it("shows each event's decision and its reason in the row, with no hovering", async () => {
    const { ws } = await openMonitor(10);
    const layerOn = { kind: 'layer_on', at_us: 5000, text: 'layer nav turned on by rightalt', layer: 'nav' };
    act(() => {
      ws.serverSend(keyMessage(1));
      ws.serverSend({ ...keyMessage(2), decisions: [holdDecision, layerOn] });
      vi.advanceTimersByTime(100);
    });
    const [, decided, plain] = screen.getAllByRole('row');
    expect(within(plain!).getAllByRole('cell')[4]).toBeEmptyDOMElement();
    const cell = within(decided!).getAllByRole('cell')[4]!;
    const hold = within(cell).getByText('capslock → hold');
    expect(hold).toHaveClass('decision-badge', 'hold');
    expect(cell).toHaveTextContent('capslock → hold another key (a) was pressed 12 ms after it');
    expect(cell).toHaveTextContent('nav on layer nav turned on by rightalt');
  });

  it('opens a row for the full reason, by keyboard, and holds the view while it is open', async () => {
    const { ws } = await openMonitor(10);
    act(() => {
      ws.serverSend({ ...keyMessage(2), decisions: [holdDecision] });
      vi.advanceTimersByTime(100);
    });
    const toggle = screen.getByRole('button', { name: 'Details of ↓a at 0.002' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const details = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(details).toHaveTextContent(holdDecision.text);
    expect(details).toHaveTextContent('cause: other key pressed');
    push(ws, 3, 2);
    expect(screen.getByRole('button', { name: '2 new — jump to live' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '2 new — jump to live' }));
    expect(screen.queryByRole('button', { name: /jump to live/ })).not.toBeInTheDocument();
    expect(screen.getAllByRole('row')[1]).toHaveTextContent('0.004');
  });

  it("draws an opened tap-hold's decision on its time axis with the keys typed meanwhile", async () => {
    const { ws } = await openMonitor(10);
    const at = (id: number, key: string, action: 'press' | 'release', us: number) => ({ ...keyMessage(id), input: { key, action, time_us: us }, outputs: [] });
    const decision = { kind: 'tap_hold' as const, at_us: 1_060_000, text: 'f resolved as hold: j was tapped inside it (60 ms after its press)', key: 'f', outcome: 'hold' as const, cause: 'other_key_tapped' };
    act(() => {
      ws.serverSend(at(1, 'f', 'press', 1_000_000));
      ws.serverSend(at(2, 'j', 'press', 1_030_000));
      ws.serverSend({ ...at(3, 'j', 'release', 1_060_000), decisions: [decision] });
      vi.advanceTimersByTime(100);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Details of ↑j at 1.060' }));
    expect(screen.getByRole('img', { name: /^Timeline: f pressed at 0 ms, j pressed at 30 ms, j released at 60 ms; resolved as hold at 60 ms: j was tapped inside it\.$/ })).toBeInTheDocument();
  });

  it('stops following when scrolled away from the top and counts what arrived meanwhile', async () => {
    const { ws } = await openMonitor(100);
    push(ws, 1, 5);
    const table = screen.getByRole('table', { name: 'Key events' });
    table.scrollTop = 200;
    fireEvent.scroll(table);
    push(ws, 6, 3);
    expect(screen.getAllByRole('row')[1]).toHaveTextContent('0.005');
    expect(screen.getByRole('button', { name: '3 new — jump to live' })).toBeInTheDocument();
    table.scrollTop = 0;
    fireEvent.scroll(table);
    expect(screen.getAllByRole('row')[1]).toHaveTextContent('0.008');
  });

  it('announces the newest event at a human rate, not once per event', async () => {
    const { ws } = await openMonitor(100);
    const live = () => screen.getByText(/^Newest:/, { selector: '[aria-live="polite"]' });
    push(ws, 1, 1);
    act(() => vi.advanceTimersByTime(10));
    expect(live()).toHaveTextContent('Newest: a pressed → b press');
    const said = live().textContent;
    for (let i = 2; i < 20; i++) push(ws, i, 1);
    // 19 events within 1.9 s: the text has not changed yet.
    expect(live().textContent).toBe(said);
    act(() => vi.advanceTimersByTime(1200));
    expect(live()).toHaveTextContent('Newest: a pressed');
    expect(live().textContent).toBe(said);
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

  it('filters by key, output, device, layer and decision', async () => {
    const { ws } = await openMonitor(100);
    push(ws, 1, 3);
    act(() => {
      ws.serverSend({ ...keyMessage(4), decisions: [holdDecision] });
      vi.advanceTimersByTime(100);
    });
    const filterBy = (value: string) => fireEvent.change(screen.getByLabelText('Filter'), { target: { value } });
    filterBy('nothing-matches');
    expect(screen.getByText(/0 of 4 events/)).toBeInTheDocument();
    for (const [value, count] of [['keyboard', 4], ['b', 4], ['base', 4], ['hold', 1], ['capslock hold', 1], ['other key', 1], ['tap-hold', 1], ['combo', 0]] as const) {
      filterBy(value);
      expect(screen.getByText(new RegExp(`^${count} of 4 events`))).toBeInTheDocument();
    }
  });
});

describe('appendBounded', () => {
  it('drops the oldest entries beyond the limit', () => {
    expect(appendBounded([1, 2, 3], [4, 5], 3)).toEqual([3, 4, 5]);
    expect(appendBounded([], [1], 3)).toEqual([1]);
  });
});
