import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from '@/lib/api';
import { AuthStore } from '@/lib/auth';
import { createFakeServer, json } from '@/test/fakeServer';

describe('api client', () => {
  it('sends the bearer token, the body as JSON and If-Match', async () => {
    const server = createFakeServer(() => json({ ok: true }));
    const api = createApiClient(new AuthStore('tok'), server.fetch);
    await api('/api/v1/profiles/a', { method: 'PUT', body: { source: 'x' }, ifMatch: '"e"' });
    const [request] = server.requests;
    expect(request?.headers).toMatchObject({ authorization: 'Bearer tok', 'if-match': '"e"', 'content-type': 'application/json' });
    expect(request?.body).toEqual({ source: 'x' });
  });

  it('turns error bodies into ApiError with details', async () => {
    const server = createFakeServer(() => json({ error: { code: 'config_invalid', message: 'bad', details: [{ message: 'm' }] } }, 422));
    const api = createApiClient(new AuthStore('tok'), server.fetch);
    const error = await api('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).diagnostics()).toEqual([{ message: 'm' }]);
  });

  it('marks the token rejected on 401', async () => {
    const auth = new AuthStore('tok');
    const server = createFakeServer(() => json({ error: { code: 'unauthorized', message: 'no' } }, 401));
    await createApiClient(auth, server.fetch)('/x').catch(() => undefined);
    expect(auth.get()).toEqual({ kind: 'rejected', token: 'tok' });
  });

  it('passes the abort signal through', async () => {
    const server = createFakeServer(() => 'pending');
    const controller = new AbortController();
    const pending = createApiClient(new AuthStore('tok'), server.fetch)('/x', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.unsettled()).toHaveLength(0);
  });
});
