// A fetch stand-in: each request is recorded with its AbortSignal, answered by a handler or
// left pending until aborted, so tests can check that nothing is left in flight.
import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  settled: boolean;
}

export type Handler = (request: RecordedRequest) => Response | 'pending' | undefined;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function createFakeServer(handler: Handler) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      path: String(input),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
      signal: init.signal ?? undefined,
      settled: false,
    };
    requests.push(request);
    return new Promise<Response>((resolve, reject) => {
      const abort = () => {
        request.settled = true;
        reject(new DOMException('The operation was aborted.', 'AbortError'));
      };
      if (request.signal?.aborted) return abort();
      request.signal?.addEventListener('abort', abort, { once: true });
      const answer = handler(request) ?? json({ error: { code: 'not_found', message: `no fake for ${request.path}` } }, 404);
      if (answer === 'pending') return;
      request.settled = true;
      resolve(answer);
    });
  });
  return {
    fetch: fetchMock as unknown as typeof fetch,
    requests,
    /** Requests that neither finished nor were aborted: each one is a leak. */
    unsettled: () => requests.filter((r) => !r.settled && !r.signal?.aborted),
  };
}
