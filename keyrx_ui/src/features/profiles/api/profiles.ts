// Profile management calls: create (empty or from a built-in example), duplicate, rename,
// delete and activate. Renames and deletes carry the ETag so they never act on a version
// the user has not seen.
import { useQuery } from '@tanstack/react-query';
import type { ApiClient } from '@/lib/api';
import { queryKeys } from '@/lib/queryClient';
import { useApi } from '@/lib/services';
import type { ExamplesResponse, Profile } from '@/lib/wire';

const path = (name: string) => `/api/v1/profiles/${encodeURIComponent(name)}`;

export const EMPTY_PROFILE = 'layer("base", || {\n    // map("capslock", "esc");\n});\n';

export function useExamples() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.examples,
    queryFn: ({ signal }) => api<ExamplesResponse>('/api/v1/examples', { signal }),
    staleTime: Infinity,
  });
}

export function createProfile(api: ApiClient, name: string, example: string | null, signal: AbortSignal) {
  const body = example ? { name, example } : { name, source: EMPTY_PROFILE };
  return api<Profile>('/api/v1/profiles', { method: 'POST', body, signal });
}

export function duplicateProfile(api: ApiClient, name: string, to: string, signal: AbortSignal) {
  return api<Profile>(`${path(name)}/duplicate`, { method: 'POST', body: { to }, signal });
}

export function renameProfile(api: ApiClient, name: string, to: string, etag: string, signal: AbortSignal) {
  return api<Profile>(`${path(name)}/rename`, { method: 'POST', body: { to }, ifMatch: etag, signal });
}

export function deleteProfile(api: ApiClient, name: string, etag: string, signal: AbortSignal) {
  return api<void>(path(name), { method: 'DELETE', ifMatch: etag, signal });
}

export function activateProfile(api: ApiClient, name: string, signal: AbortSignal) {
  return api<{ active: string }>(`${path(name)}/activate`, { method: 'POST', signal });
}

export const NAME_PATTERN = '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}';
