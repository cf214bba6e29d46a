import { act, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { DevicesPage } from '@/features/devices/components/DevicesPage';
import { daemon } from '@/test/fixtures';
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
});
