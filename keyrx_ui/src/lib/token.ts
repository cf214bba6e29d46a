// The API token: taken once from the URL fragment keyrx prints, kept in sessionStorage so a
// reload keeps working, and removed from the address bar so it does not linger in history
// or get shared with a copied URL.

const STORAGE_KEY = 'keyrx.token';

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/** Reads `#token=…` if present (storing it and cleaning the URL); else the stored token. */
export function captureToken(env: TokenEnvironment): string | null {
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const fromHash = params.get('token')?.trim();
  if (params.has('token')) {
    params.delete('token');
    const rest = params.toString();
    const url = env.location.pathname + env.location.search + (rest ? `#${rest}` : '');
    env.history.replaceState(env.history.state, '', url);
  }
  if (fromHash) {
    env.storage.setItem(STORAGE_KEY, fromHash);
    return fromHash;
  }
  return env.storage.getItem(STORAGE_KEY);
}

export function storeToken(storage: TokenEnvironment['storage'], token: string): void {
  storage.setItem(STORAGE_KEY, token.trim());
}

export function forgetToken(storage: TokenEnvironment['storage']): void {
  storage.removeItem(STORAGE_KEY);
}
