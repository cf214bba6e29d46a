// The running config's keymap (GET /api/v1/keymap), read again when a config is applied.
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/queryClient';
import { useApi } from '@/lib/services';
import type { KeymapView } from '@/lib/wire';

export function useRunningKeymap() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.keymap,
    queryFn: ({ signal }) => api<KeymapView>('/api/v1/keymap', { signal }),
    staleTime: Infinity,
  });
}
