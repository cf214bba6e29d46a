// Providers and routing. Services are created once per tab and passed in, so tests can
// render the same tree with fakes.
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { BrowserRouter, MemoryRouter } from 'react-router';
import { createApiClient } from '@/lib/api';
import { AuthStore } from '@/lib/auth';
import { DraftStore } from '@/lib/draft';
import { ServicesContext, type Services } from '@/lib/services';
import { SocketClient, daemonSocketUrl } from '@/lib/socket';
import { AuthGate } from '@/app/AuthGate';
import { AppRoutes } from '@/app/routes';

export function createServices(): Services {
  const auth = AuthStore.fromWindow();
  return {
    auth,
    api: createApiClient(auth),
    socket: new SocketClient({ url: () => daemonSocketUrl(), token: () => auth.token() }),
    drafts: new DraftStore(),
  };
}

interface AppProps {
  services: Services;
  queryClient: QueryClient;
  /** Tests start at a given path with an in-memory history. */
  initialPath?: string;
}

export function App({ services, queryClient, initialPath }: AppProps) {
  const routes = (
    <AuthGate>
      <AppRoutes />
    </AuthGate>
  );
  return (
    <ServicesContext.Provider value={services}>
      <QueryClientProvider client={queryClient}>
        {initialPath === undefined ? (
          <BrowserRouter>{routes}</BrowserRouter>
        ) : (
          <MemoryRouter initialEntries={[initialPath]}>{routes}</MemoryRouter>
        )}
      </QueryClientProvider>
    </ServicesContext.Provider>
  );
}
