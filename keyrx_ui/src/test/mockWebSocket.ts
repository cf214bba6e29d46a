// A WebSocket stand-in that records what the client does and lets a test play the server.

export class MockWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: MockWebSocket[] = [];

  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readyState = 0;
  protocol = '';
  closeCode: number | null = null;
  readonly sent: unknown[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  readonly url: string;
  readonly protocols: string[];

  constructor(url: string, protocols: string | string[] = []) {
    this.url = url;
    this.protocols = Array.isArray(protocols) ? protocols : [protocols];
    MockWebSocket.instances.push(this);
  }

  static reset(): void {
    MockWebSocket.instances = [];
  }

  static latest(): MockWebSocket {
    const socket = MockWebSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  /** Sockets neither closed by the client nor by the server. */
  static live(): MockWebSocket[] {
    return MockWebSocket.instances.filter((s) => s.readyState === s.CONNECTING || s.readyState === s.OPEN);
  }

  send(data: string): void {
    if (this.readyState !== this.OPEN) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data));
  }

  close(code?: number): void {
    this.closeCode = code ?? 1005;
    this.readyState = this.CLOSED;
  }

  // Server side.
  serverOpen(): void {
    this.readyState = this.OPEN;
    this.protocol = 'keyrx.v1';
    this.onopen?.(new Event('open'));
  }

  serverSend(message: object): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }

  serverClose(code = 1006): void {
    this.readyState = this.CLOSED;
    this.onclose?.(new CloseEvent('close', { code }));
  }
}

export const asWebSocket = MockWebSocket as unknown as typeof WebSocket;
