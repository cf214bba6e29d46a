// "Release all": the daemon releases every key its virtual keyboard holds.
import type { ApiClient } from '@/lib/api';
import type { ReleaseAllResponse } from '@/lib/wire';

export function releaseAll(api: ApiClient, signal: AbortSignal): Promise<ReleaseAllResponse> {
  return api<ReleaseAllResponse>('/api/v1/release-all', { method: 'POST', signal });
}
