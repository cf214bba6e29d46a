// The profile list, shared by the Config, Simulator and Profiles pages.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '@/lib/api';
import { queryKeys } from '@/lib/queryClient';
import { useApi } from '@/lib/services';
import type { ProfilesResponse, Status } from '@/lib/wire';

export function profilesQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.profiles,
    queryFn: ({ signal }) => api<ProfilesResponse>('/api/v1/profiles', { signal }),
  });
}

export function useProfiles() {
  return useQuery(profilesQueryOptions(useApi()));
}

export function statusQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.status,
    queryFn: ({ signal }) => api<Status>('/api/v1/status', { signal }),
  });
}

export function useStatus() {
  return useQuery(statusQueryOptions(useApi()));
}
