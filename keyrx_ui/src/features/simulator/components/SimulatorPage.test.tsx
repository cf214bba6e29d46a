import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { SimulatorPage } from '@/features/simulator/components/SimulatorPage';
import { heldAtEnd } from '@/features/simulator/api/simulate';
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

describe('heldAtEnd', () => {
  it('tracks presses and releases, with device prefixes', () => {
    expect([...heldAtEnd('d:a d:b u:a t:10 kb/d:c')]).toEqual(['b', 'c']);
  });
});
