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

/** A tap-hold key's term in the running keymap (its first block that maps it), in ms. */
export function termOf(keymap: KeymapView | undefined, key: string): number | null {
  for (const block of keymap?.blocks ?? []) {
    for (const layer of block.layers) {
      const view = layer.keys.find((k) => k.key === key && k.kind === 'tap_hold');
      const term = view && /, (\d+) ms\)$/.exec(view.detail)?.[1];
      if (term) return Number(term);
    }
  }
  return null;
}
