// The per-tab services (API client, auth, socket), handed down through React context so
// tests can render any page with fakes instead of module-level singletons.
import { createContext, useContext } from 'react';
import type { ApiClient } from '@/lib/api';
import type { AuthStore } from '@/lib/auth';
import type { DraftStore } from '@/lib/draft';
import type { SocketClient } from '@/lib/socket';

export interface Services {
  api: ApiClient;
  auth: AuthStore;
  socket: SocketClient;
  drafts: DraftStore;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices needs a ServicesContext provider');
  return services;
}

export function useApi(): ApiClient {
  return useServices().api;
}
