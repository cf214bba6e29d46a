import { fireEvent, screen } from '@testing-library/react';
import { render } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '@/app/App';
import { createTestServices } from '@/test/render';
import { daemon } from '@/test/fixtures';
import { MockWebSocket } from '@/test/mockWebSocket';

vi.mock('uplot', () => ({ default: class { setData() {} setSize() {} destroy() {} } }));

beforeEach(() => MockWebSocket.reset());

describe('App', () => {
  it('loads pages on demand and navigates between them on one socket', async () => {
    const { services, queryClient } = createTestServices(daemon());
    render(<App services={services} queryClient={queryClient} initialPath="/" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('link', { name: 'Monitor' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Monitor' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveFocus();
    fireEvent.click(screen.getByRole('link', { name: 'Config' }));
    // With no profile chosen, the running one opens.
    expect(await screen.findByRole('heading', { level: 2, name: 'work' })).toBeInTheDocument();
    expect(MockWebSocket.instances).toHaveLength(1);
  });
});
