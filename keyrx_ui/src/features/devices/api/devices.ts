// Attached devices (kept current by the `devices` topic) and every input device with keys.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTopic } from '@/lib/realtime';
import { queryKeys } from '@/lib/queryClient';
import { useApi } from '@/lib/services';
import type { DevicesResponse } from '@/lib/wire';

export function useDevices() {
  const api = useApi();
  const queryClient = useQueryClient();
  useTopic('devices', (message) => {
    // The pushed list is the newest word on attached devices; a refetch could race it and
    // bring back an older one, so only the page's Refresh button re-reads available devices.
    queryClient.setQueryData<DevicesResponse>(queryKeys.devices, (old) => (old ? { ...old, attached: message.devices } : old));
  });
  return useQuery({
    queryKey: queryKeys.devices,
    queryFn: ({ signal }) => api<DevicesResponse>('/api/v1/devices', { signal }),
  });
}
