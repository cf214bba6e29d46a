// One profile's source with its ETag, saving it without losing someone else's update
// (If-Match), and activating it.
import { useQuery } from '@tanstack/react-query';
import type { ApiClient } from '@/lib/api';
import { queryKeys } from '@/lib/queryClient';
import { useApi } from '@/lib/services';
import type { Diagnostic, KeysResponse, Profile } from '@/lib/wire';

export function useProfile(name: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.profile(name ?? ''),
    queryFn: ({ signal }) => api<Profile>(`/api/v1/profiles/${encodeURIComponent(name ?? '')}`, { signal }),
    enabled: Boolean(name),
    // The editor holds the text being changed; a background refetch must not replace it.
    staleTime: Infinity,
  });
}

/** Saves over `etag` only; pass null to overwrite whatever is there. 412 means a conflict. */
export function saveProfile(api: ApiClient, name: string, source: string, etag: string | null, signal: AbortSignal) {
  return api<Profile>(`/api/v1/profiles/${encodeURIComponent(name)}`, {
    method: 'PUT',
    body: { source },
    ifMatch: etag ?? undefined,
    signal,
  });
}

export function activateProfile(api: ApiClient, name: string, signal: AbortSignal) {
  return api<{ active: string; warnings: Diagnostic[] }>(`/api/v1/profiles/${encodeURIComponent(name)}/activate`, {
    method: 'POST',
    signal,
  });
}

/** Every key name the config language accepts (for completion and hover); it never changes. */
export function useKeyNames() {
  const api = useApi();
  return useQuery({
    queryKey: ['keys'],
    queryFn: ({ signal }) => api<KeysResponse>('/api/v1/keys', { signal }),
    staleTime: Infinity,
  });
}
