import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { SimulatorPage } from '@/features/simulator/components/SimulatorPage';
import { heldAtEnd } from '@/features/simulator/api/simulate';
import { json } from '@/test/fakeServer';
import { daemon } from '@/test/fixtures';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';

beforeEach(() => MockWebSocket.reset());

const simulation = {
  output: 't:200 d:leftctrl t:100 u:leftctrl',
  events: [{ action: 'press', device: 'keyboard', key: 'leftctrl', time_ms: '200' }],
  timeline: [{ device: 'keyboard', decision: 'TapHold { key: capslock, hold: true, cause: Timeout }' }],
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

  it('runs the simulation and shows output and the decision timeline', async () => {
    const view = renderPage(<SimulatorPage />, {
      handler: daemon((r) => (r.path === '/api/v1/simulate' ? json(simulation) : undefined)),
      path: '/simulator',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Simulate' }));
    expect(await screen.findByText(simulation.output)).toBeInTheDocument();
    expect(screen.getByText(/TapHold/)).toBeInTheDocument();
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
