// Renders app pages with fake services: a fake daemon behind fetch and a mock WebSocket.
import { StrictMode, type ReactElement } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { createApiClient } from '@/lib/api';
import { AuthStore } from '@/lib/auth';
import { DraftStore } from '@/lib/draft';
import { ServicesContext, type Services } from '@/lib/services';
import { SocketClient } from '@/lib/socket';
import { Shell } from '@/app/Shell';
import { AuthGate } from '@/app/AuthGate';
import { asWebSocket } from '@/test/mockWebSocket';
import { createFakeServer, type Handler } from '@/test/fakeServer';

export function createTestServices(handler: Handler, token: string | null = 'secret') {
  const server = createFakeServer(handler);
  const auth = new AuthStore(token);
  const services: Services = {
    auth,
    api: createApiClient(auth, server.fetch),
    socket: new SocketClient({ url: () => 'ws://test/api/v1/ws', token: () => auth.token(), WebSocketImpl: asWebSocket }),
    drafts: new DraftStore(),
  };
  // gcTime Infinity: the cache's own garbage-collection timers belong to the client, which
  // lives as long as the tab, not to the page under test.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
  return { services, server, queryClient };
}

/** Renders `page` at `path` (route pattern `pattern`) inside the shell, as the app does. */
export function renderPage(page: ReactElement, options: { handler: Handler; path?: string; pattern?: string; token?: string | null }) {
  const context = createTestServices(options.handler, options.token === undefined ? 'secret' : options.token);
  const path = options.path ?? '/';
  // StrictMode, as in the app: effects run, clean up and run again, which flushes out
  // cleanups that are missing or not idempotent.
  const utils = render(
    <StrictMode>
      <ServicesContext.Provider value={context.services}>
        <QueryClientProvider client={context.queryClient}>
          <MemoryRouter initialEntries={[path]}>
            <AuthGate>
              <Routes>
                <Route element={<Shell />}>
                  <Route path={options.pattern ?? path} element={page} />
                </Route>
              </Routes>
            </AuthGate>
          </MemoryRouter>
        </QueryClientProvider>
      </ServicesContext.Provider>
    </StrictMode>,
  );
  return { ...utils, ...context };
}
