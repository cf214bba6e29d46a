// The query client and the query keys more than one feature (or the socket) touches.
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '@/lib/api';

export const queryKeys = {
  status: ['status'] as const,
  stats: ['stats'] as const,
  statsHistory: ['stats', 'history'] as const,
  state: ['state'] as const,
  devices: ['devices'] as const,
  profiles: ['profiles'] as const,
  profile: (name: string) => ['profiles', name] as const,
  examples: ['examples'] as const,
  /** What each key does in the running config. */
  keymap: ['keymap'] as const,
};

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live data arrives over the socket; refetching on focus would only add load.
        refetchOnWindowFocus: false,
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      },
    },
  });
}
