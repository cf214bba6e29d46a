import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthStore } from '@/lib/auth';
import { useStatus } from '@/lib/profilesQuery';
import { json } from '@/test/fakeServer';
import { daemon } from '@/test/fixtures';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';

function StatusLine() {
  const status = useStatus();
  return <p>version {status.data?.version ?? '…'}</p>;
}

beforeEach(() => MockWebSocket.reset());

describe('AuthGate', () => {
  it('explains where to find the token when there is none, and accepts a pasted one', async () => {
    const view = renderPage(<StatusLine />, { handler: daemon(), token: null });
    expect(screen.getByRole('heading', { name: 'Connect to keyrx' })).toBeInTheDocument();
    expect(screen.getByText(/~\/.local\/state\/keyrx\/token/)).toBeInTheDocument();
    expect(MockWebSocket.instances).toHaveLength(0);
    expect(view.server.requests).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('Token'), { target: { value: ' abc ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('version 0.1.0')).toBeInTheDocument();
    expect(view.server.requests[0]?.headers.authorization).toBe('Bearer abc');
  });

  it('switches to the rejected screen when the daemon answers 401', async () => {
    renderPage(<StatusLine />, { handler: () => json({ error: { code: 'unauthorized', message: 'a token is required' } }, 401) });
    expect(await screen.findByRole('heading', { name: 'The daemon refused this token' })).toBeInTheDocument();
    // The shell (and its socket) are gone with the rejected token.
    await act(async () => {});
    expect(MockWebSocket.live()).toHaveLength(0);
  });
});

describe('AuthStore.fromWindow', () => {
  afterEach(() => window.sessionStorage.clear());

  it('takes the token out of the address bar into sessionStorage', () => {
    window.history.replaceState(null, '', '/monitor#token=from-url');
    const store = AuthStore.fromWindow();
    expect(store.token()).toBe('from-url');
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/monitor');
    expect(window.sessionStorage.getItem('keyrx.token')).toBe('from-url');
    // A reload finds it again.
    expect(AuthStore.fromWindow().token()).toBe('from-url');
  });
});
