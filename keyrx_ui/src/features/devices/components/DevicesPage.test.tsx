import { act, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { DevicesPage } from '@/features/devices/components/DevicesPage';
import { daemon, devices } from '@/test/fixtures';
import { json } from '@/test/fakeServer';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';

beforeEach(() => MockWebSocket.reset());

describe('Devices', () => {
  it('lists attached devices and follows the devices topic', async () => {
    renderPage(<DevicesPage />, { handler: daemon(), path: '/devices' });
    expect(await screen.findByText('0000:0000')).toBeInTheDocument();
    const ws = MockWebSocket.latest();
    act(() => ws.serverOpen());
    const topics = ws.sent.flatMap((m) => (m as { topics: string[] }).topics);
    expect(topics).toContain('devices');
    await act(async () =>
      ws.serverSend({
        seq: 2,
        id: 1,
        type: 'devices',
        devices: [{ id: 2, name: 'Planck', vendor_product: 'feed:6060', phys: 'usb-1', uniq: '', block: 'external' }],
      }),
    );
    expect(screen.getByText('feed:6060')).toBeInTheDocument();
  });

  it('says which available devices keyrx remaps now, by identity, without probing grabs', async () => {
    const info = (name: string, phys: string) => ({ name, vendor: 0, product: 0, phys, uniq: '' });
    const response = {
      attached: [{ id: 1, name: 'keyboard', block: 'all', phys: 'usb-1', uniq: '', vendor_product: '0000:0000' }],
      available: [
        { path: '/dev/input/event3', keyboard: true, grabbed_elsewhere: null, block: 'all', info: info('keyboard', 'usb-1') },
        { path: '/dev/input/event4', keyboard: true, grabbed_elsewhere: null, block: null, info: info('keyboard', 'usb-2') },
      ],
    };
    const handler = daemon((r) => (r.path === '/api/v1/devices' ? json({ ...devices, ...response }) : undefined));
    renderPage(<DevicesPage />, { handler, path: '/devices' });
    const first = (await screen.findByText('/dev/input/event3')).closest('tr');
    const second = screen.getByText('/dev/input/event4').closest('tr');
    expect(first?.lastElementChild?.textContent).toBe('yes');
    expect(second?.lastElementChild?.textContent).toBe('no');
  });
});
