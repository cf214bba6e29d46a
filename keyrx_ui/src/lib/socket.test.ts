import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SocketClient } from '@/lib/socket';
import { MockWebSocket, asWebSocket } from '@/test/mockWebSocket';

function client(token: string | null = 'tok') {
  return new SocketClient({ url: () => 'ws://host/api/v1/ws', token: () => token, WebSocketImpl: asWebSocket });
}

/** Lets queued microtasks (the deferred close) run. */
const microtasks = () => Promise.resolve();

beforeEach(() => {
  MockWebSocket.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SocketClient', () => {
  it('connects on the first subscriber with the protocol and token subprotocols', () => {
    const socket = client();
    expect(MockWebSocket.instances).toHaveLength(0);
    socket.subscribe('stats', () => {});
    const ws = MockWebSocket.latest();
    expect(ws.url).toBe('ws://host/api/v1/ws');
    expect(ws.protocols).toEqual(['keyrx.v1', 'keyrx-token.tok']);
    expect(socket.getStatus()).toBe('connecting');
    ws.serverOpen();
    expect(socket.getStatus()).toBe('open');
    expect(ws.sent).toEqual([{ type: 'subscribe', topics: ['stats'] }]);
  });

  it('reference-counts topics and closes with 1000 after the last subscriber leaves', async () => {
    const socket = client();
    const first = socket.subscribe('keys', () => {});
    const second = socket.subscribe('keys', () => {});
    const ws = MockWebSocket.latest();
    ws.serverOpen();
    const state = socket.subscribe('state', () => {});
    expect(ws.sent).toEqual([
      { type: 'subscribe', topics: ['keys'] },
      { type: 'subscribe', topics: ['state'] },
    ]);
    first();
    expect(ws.sent).toHaveLength(2);
    second();
    expect(ws.sent.at(-1)).toEqual({ type: 'unsubscribe', topics: ['keys'] });
    state();
    await microtasks();
    expect(ws.closeCode).toBe(1000);
    expect(socket.getStatus()).toBe('closed');
    expect(MockWebSocket.live()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps the socket when a page unsubscribes and the next one subscribes in the same tick', async () => {
    const socket = client();
    const leave = socket.subscribe('stats', () => {});
    MockWebSocket.latest().serverOpen();
    leave();
    const stay = socket.subscribe('keys', () => {});
    await microtasks();
    expect(MockWebSocket.instances).toHaveLength(1);
    expect(MockWebSocket.latest().closeCode).toBeNull();
    stay();
    await microtasks();
    expect(MockWebSocket.latest().closeCode).toBe(1000);
  });

  it('routes messages to their topic, keeps hello, ignores garbage', () => {
    const socket = client();
    const keys = vi.fn();
    const stats = vi.fn();
    const control = vi.fn();
    socket.subscribe('keys', keys);
    socket.subscribe('stats', stats);
    socket.onControl(control);
    const ws = MockWebSocket.latest();
    ws.serverOpen();
    ws.serverSend({ seq: 1, type: 'hello', protocol: 1, server: 'keyrx', topics: [], key_stream: false, keys_per_second: 200 });
    ws.serverSend({ seq: 2, id: 5, type: 'key', device: 1 });
    ws.onmessage?.(new MessageEvent('message', { data: 'not json' }));
    expect(keys).toHaveBeenCalledTimes(1);
    expect(stats).not.toHaveBeenCalled();
    expect(control).toHaveBeenCalledTimes(1);
    expect(socket.getHello()?.key_stream).toBe(false);
  });

  it('reconnects with exponential backoff, capped, and resets after a successful open', () => {
    const socket = new SocketClient({
      url: () => 'ws://host/ws',
      token: () => 'tok',
      WebSocketImpl: asWebSocket,
      initialDelayMs: 500,
      maxDelayMs: 4000,
    });
    socket.subscribe('stats', () => {});
    const expected = [500, 1000, 2000, 4000, 4000];
    for (const [attempt, delay] of expected.entries()) {
      MockWebSocket.latest().serverClose(1006);
      expect(socket.getStatus()).toBe('reconnecting');
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(delay - 1);
      expect(MockWebSocket.instances).toHaveLength(attempt + 1);
      vi.advanceTimersByTime(1);
      expect(MockWebSocket.instances).toHaveLength(attempt + 2);
    }
    const ws = MockWebSocket.latest();
    ws.serverOpen();
    expect(socket.getStatus()).toBe('open');
    expect(ws.sent).toEqual([{ type: 'subscribe', topics: ['stats'] }]);
    ws.serverClose(1001);
    vi.advanceTimersByTime(500);
    expect(MockWebSocket.instances).toHaveLength(expected.length + 2);
  });

  it('treats an error without a close event as a lost connection, once', () => {
    const socket = client();
    socket.subscribe('stats', () => {});
    const ws = MockWebSocket.latest();
    ws.onerror?.(new Event('error'));
    ws.serverClose(1006);
    expect(socket.getStatus()).toBe('reconnecting');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(500);
    expect(MockWebSocket.instances).toHaveLength(2);
  });

  it('cancels a pending reconnect when the last subscriber leaves', async () => {
    const socket = client();
    const leave = socket.subscribe('state', () => {});
    MockWebSocket.latest().serverClose(1013);
    expect(vi.getTimerCount()).toBe(1);
    leave();
    await microtasks();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(MockWebSocket.instances).toHaveLength(1);
  });

  it('does not connect without a token', () => {
    const socket = client(null);
    socket.subscribe('stats', () => {});
    expect(MockWebSocket.instances).toHaveLength(0);
    expect(socket.getStatus()).toBe('closed');
  });

  it('reports status changes to listeners, which can unsubscribe', async () => {
    const socket = client();
    const seen: string[] = [];
    const stop = socket.onStatus(() => seen.push(socket.getStatus()));
    const leave = socket.subscribe('stats', () => {});
    MockWebSocket.latest().serverOpen();
    MockWebSocket.latest().serverClose();
    vi.advanceTimersByTime(500);
    leave();
    await microtasks();
    stop();
    expect(seen).toEqual(['connecting', 'open', 'reconnecting', 'closed']);
  });
});
