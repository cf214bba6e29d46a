// The one WebSocket a tab keeps to the daemon. Hooks subscribe to topics; the connection
// exists only while at least one subscriber does, reconnects with exponential backoff when
// the daemon goes away, and closes with 1000 once the last subscriber leaves.
import { topicOf, type ClientMessage, type ControlMessage, type ServerMessage, type Topic, type TopicMessages } from '@/lib/wire';

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

type TopicListener<T extends Topic> = (message: TopicMessages[T]) => void;
type ControlListener = (message: ControlMessage) => void;

export interface SocketOptions {
  url: () => string;
  token: () => string | null;
  /** Injected so tests can drive a fake socket. */
  WebSocketImpl?: typeof WebSocket;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

const NORMAL_CLOSURE = 1000;

export class SocketClient {
  private readonly options: Required<Omit<SocketOptions, 'WebSocketImpl'>> & { WebSocketImpl: typeof WebSocket };
  private socket: WebSocket | null = null;
  private status: ConnectionStatus = 'idle';
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set while a close is queued, so a page swap (unsubscribe then subscribe) keeps the socket. */
  private closeQueued = false;
  private readonly topicListeners = new Map<Topic, Set<(message: ServerMessage) => void>>();
  private readonly controlListeners = new Set<ControlListener>();
  private readonly statusListeners = new Set<() => void>();
  private hello: Extract<ControlMessage, { type: 'hello' }> | null = null;

  constructor(options: SocketOptions) {
    this.options = {
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      WebSocketImpl: globalThis.WebSocket,
      ...options,
    };
  }

  getStatus = (): ConnectionStatus => this.status;

  /** What the server announced on connect (e.g. whether the key stream is enabled). */
  getHello() {
    return this.hello;
  }

  onStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => {
      this.statusListeners.delete(listener);
    };
  };

  onControl(listener: ControlListener): () => void {
    this.controlListeners.add(listener);
    return () => {
      this.controlListeners.delete(listener);
    };
  }

  subscribe<T extends Topic>(topic: T, listener: TopicListener<T>): () => void {
    const untyped = listener as (message: ServerMessage) => void;
    let listeners = this.topicListeners.get(topic);
    if (!listeners) {
      listeners = new Set();
      this.topicListeners.set(topic, listeners);
      this.send({ type: 'subscribe', topics: [topic] });
    }
    listeners.add(untyped);
    this.closeQueued = false;
    this.ensureConnected();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.release(topic, untyped);
    };
  }

  /** Drops everything at once (the app is going away). */
  dispose(): void {
    this.topicListeners.clear();
    this.shutdown();
  }

  private release(topic: Topic, listener: (message: ServerMessage) => void): void {
    const listeners = this.topicListeners.get(topic);
    if (!listeners) return;
    listeners.delete(listener);
    if (listeners.size > 0) return;
    this.topicListeners.delete(topic);
    this.send({ type: 'unsubscribe', topics: [topic] });
    if (this.topicListeners.size > 0) return;
    // A microtask, not a timer: it runs before the browser does anything else, so it leaves
    // nothing pending, yet lets a page that mounts in the same commit take over the socket.
    this.closeQueued = true;
    queueMicrotask(() => {
      if (this.closeQueued && this.topicListeners.size === 0) this.shutdown();
    });
  }

  private shutdown(): void {
    this.closeQueued = false;
    this.clearReconnect();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      detach(socket);
      if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) {
        socket.close(NORMAL_CLOSURE, 'no subscribers');
      }
    }
    this.attempt = 0;
    this.setStatus(this.status === 'idle' ? 'idle' : 'closed');
  }

  private ensureConnected(): void {
    if (this.socket || this.reconnectTimer !== null) return;
    this.connect();
  }

  private connect(): void {
    const token = this.options.token();
    if (!token) {
      this.setStatus('closed');
      return;
    }
    const socket = new this.options.WebSocketImpl(this.options.url(), ['keyrx.v1', `keyrx-token.${token}`]);
    this.socket = socket;
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    socket.onopen = () => {
      this.attempt = 0;
      this.setStatus('open');
      const topics = [...this.topicListeners.keys()];
      if (topics.length > 0) this.send({ type: 'subscribe', topics });
    };
    socket.onmessage = (event: MessageEvent) => this.dispatch(event.data);
    // Browsers follow an error with a close event, but some implementations report a failed
    // handshake with an error alone; both end this socket, whichever comes first.
    socket.onerror = () => this.lost(socket);
    socket.onclose = () => this.lost(socket);
  }

  private lost(socket: WebSocket): void {
    detach(socket);
    if (this.socket !== socket) return;
    this.socket = null;
    if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) socket.close();
    if (this.topicListeners.size === 0) {
      this.setStatus('closed');
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** this.attempt);
    this.attempt += 1;
    this.setStatus('reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    const topic = topicOf(message);
    if (topic === null) {
      const control = message as ControlMessage;
      if (control.type === 'hello') this.hello = control;
      for (const listener of [...this.controlListeners]) listener(control);
      return;
    }
    const listeners = this.topicListeners.get(topic);
    if (!listeners) return;
    for (const listener of [...listeners]) listener(message);
  }

  private send(message: ClientMessage): void {
    const socket = this.socket;
    if (socket && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of [...this.statusListeners]) listener();
  }
}

function detach(socket: WebSocket): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
}

export function daemonSocketUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/v1/ws`;
}
