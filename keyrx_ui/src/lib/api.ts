// The fetch wrapper: adds the token, speaks JSON, turns error bodies into ApiError and
// always passes the caller's AbortSignal through so unmounting cancels the request.
import type { AuthStore } from '@/lib/auth';
import type { Diagnostic } from '@/lib/wire';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Config diagnostics carried by a 422 (activation refused, simulation of a broken config). */
  diagnostics(): Diagnostic[] {
    return Array.isArray(this.details) ? (this.details as Diagnostic[]) : [];
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  ifMatch?: string;
}

export type ApiClient = <T>(path: string, options?: RequestOptions) => Promise<T>;

export function createApiClient(auth: AuthStore, fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  return async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = auth.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    const response = await fetchImpl(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    if (response.status === 401) auth.reject();
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    const error = body.error ?? {};
    return new ApiError(response.status, error.code ?? 'http_error', error.message ?? response.statusText, error.details);
  } catch {
    return new ApiError(response.status, 'http_error', `${response.status} ${response.statusText}`);
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
