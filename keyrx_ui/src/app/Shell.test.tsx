import { act, fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { daemon } from '@/test/fixtures';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';

beforeEach(() => MockWebSocket.reset());

describe('Shell', () => {
  it('tells the truth about the connection', async () => {
    vi.useFakeTimers();
    renderPage(<p>page</p>, { handler: daemon() });
    const indicator = screen.getByRole('status', { name: /Live connection/ });
    expect(indicator).toHaveTextContent('Connecting…');
    act(() => MockWebSocket.latest().serverOpen());
    expect(indicator).toHaveTextContent('Live');
    act(() => MockWebSocket.latest().serverClose(1001));
    expect(indicator).toHaveTextContent('Reconnecting…');
    act(() => {
      vi.advanceTimersByTime(500);
    });
    act(() => MockWebSocket.latest().serverOpen());
    expect(indicator).toHaveTextContent('Live');
    vi.useRealTimers();
  });

  it('shows config reloads from the socket, including failures', async () => {
    renderPage(<p>page</p>, { handler: daemon() });
    const ws = MockWebSocket.latest();
    act(() => ws.serverOpen());
    act(() => ws.serverSend({ seq: 2, id: 1, type: 'config', ok: false, source: 'profile work', message: 'syntax error' }));
    expect(screen.getByText(/Reload failed, profile work keeps running: syntax error/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/Reload failed/)).toBeNull();
  });

  it('has landmarks, a skip link and a theme toggle', () => {
    renderPage(<p>page</p>, { handler: daemon() });
    expect(screen.getByRole('navigation', { name: 'Pages' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
    const toggle = screen.getByRole('button', { name: /Theme: system/ });
    fireEvent.click(toggle);
    expect(document.documentElement).toHaveAttribute('data-theme', 'light');
    fireEvent.click(toggle);
    expect(document.documentElement).toHaveAttribute('data-theme', 'dark');
    fireEvent.click(toggle);
    expect(document.documentElement).not.toHaveAttribute('data-theme');
  });
});
