import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { SimulatorPage } from '@/features/simulator/components/SimulatorPage';
import { heldAtEnd, inputEvents } from '@/features/simulator/api/simulate';
import { json } from '@/test/fakeServer';
import { daemon, holdDecision } from '@/test/fixtures';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';

beforeEach(() => MockWebSocket.reset());

const simulation = {
  output: 't:200 d:leftctrl t:100 u:leftctrl',
  events: [{ action: 'press', device: 'keyboard', key: 'leftctrl', time_ms: '200' }],
  timeline: [
    { ...holdDecision, device: 'keyboard' },
    { kind: 'layer_on', at_us: 212_500, text: 'layer nav turned on by rightalt', layer: 'nav', device: 'keyboard' },
  ],
  end_ms: '300',
};

describe('Simulator', () => {
  it('builds input from the on-screen keys and time steps', () => {
    renderPage(<SimulatorPage />, { handler: daemon(), path: '/simulator' });
    const input = screen.getByLabelText(/Input/);
    fireEvent.click(screen.getByRole('button', { name: 'Clear input' }));
    fireEvent.click(screen.getByRole('button', { name: 'capslock' }));
    expect(screen.getByRole('button', { name: 'capslock' })).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(screen.getByRole('button', { name: '+300 ms' }));
    fireEvent.click(screen.getByRole('button', { name: 'capslock' }));
    expect(input).toHaveValue('d:capslock t:300 u:capslock');
  });

  it('offers every key of a full-size keyboard', () => {
    renderPage(<SimulatorPage />, { handler: daemon(), path: '/simulator' });
    const keys = screen.getByRole('group', { name: 'Keys (press, then press again to release)' });
    expect(within(keys).getAllByRole('button')).toHaveLength(104);
    fireEvent.click(within(keys).getByRole('button', { name: 'kpenter' }));
    expect(screen.getByLabelText(/Input/)).toHaveValue('d:capslock t:300 u:capslock d:kpenter');
  });

  it('runs the simulation and shows output and the decision timeline', async () => {
    const view = renderPage(<SimulatorPage />, {
      handler: daemon((r) => (r.path === '/api/v1/simulate' ? json(simulation) : undefined)),
      path: '/simulator',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Simulate' }));
    expect(await screen.findByText(simulation.output)).toBeInTheDocument();
    const [tapHold, layerOn] = within(screen.getByRole('list', { name: 'Decisions' })).getAllByRole('listitem');
    expect(tapHold).toHaveTextContent(`212 ms tap-hold hold ${holdDecision.text} (keyboard)`);
    expect(within(tapHold!).getByText('hold')).toHaveClass('decision-outcome', 'hold');
    expect(layerOn).toHaveTextContent('212.5 ms layer on layer nav turned on by rightalt (keyboard)');
    expect(view.server.requests.at(-1)?.body).toEqual({ input: 'd:capslock t:300 u:capslock' });
  });

  it('shows input errors from the daemon', async () => {
    renderPage(<SimulatorPage />, {
      handler: daemon((r) => (r.path === '/api/v1/simulate' ? json({ error: { code: 'bad_request', message: 'input unknown key `capslok` at column 3' } }, 400) : undefined)),
      path: '/simulator',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Simulate' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('unknown key `capslok`');
  });
});

describe('decision timeline', () => {
  it('sorts decisions by time and puts each tap-hold on its time axis with the keys typed meanwhile', async () => {
    const f = { kind: 'tap_hold', at_us: 60_000, text: 'f resolved as hold: j was tapped inside it (60 ms after its press)', key: 'f', outcome: 'hold', cause: 'other_key_tapped', device: 'keyboard' };
    const late = { kind: 'layer_on', at_us: 90_000, text: 'layer nav turned on by rightalt', layer: 'nav', device: 'keyboard' };
    renderPage(<SimulatorPage />, {
      handler: daemon((r) => (r.path === '/api/v1/simulate' ? json({ ...simulation, timeline: [late, f] }) : undefined)),
      path: '/simulator',
    });
    fireEvent.change(screen.getByLabelText(/Input/), { target: { value: 'd:f t:30 d:j t:30 u:j t:30 u:f' } });
    fireEvent.click(screen.getByRole('button', { name: 'Simulate' }));
    const items = await within(await screen.findByRole('list', { name: 'Decisions' })).findAllByRole('listitem');
    expect(items[0]).toHaveTextContent(/^60 ms tap-hold/);
    expect(items[1]).toHaveTextContent(/^90 ms layer on/);
    expect(within(items[0]!).getByRole('img', { name: /^Timeline: f pressed at 0 ms, j pressed at 30 ms, j released at 60 ms; resolved as hold at 60 ms/ })).toBeInTheDocument();
  });

  it('reads times and devices from the notation', () => {
    expect(inputEvents('d:a t:12.5 @"my kb" u:a r:a')).toEqual([
      { device: 'keyboard', key: 'a', action: 'press', atUs: 0 },
      { device: 'my kb', key: 'a', action: 'release', atUs: 12_500 },
      { device: 'keyboard', key: 'a', action: 'repeat', atUs: 12_500 },
    ]);
  });
});

describe('heldAtEnd', () => {
  it('tracks presses and releases, with device prefixes', () => {
    expect([...heldAtEnd('d:a d:b u:a t:10 kb/d:c')]).toEqual(['b', 'c']);
  });
});
