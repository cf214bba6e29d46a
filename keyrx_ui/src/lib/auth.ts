// Who we are to the daemon: the token and whether the daemon has rejected it. A tiny
// observable so the fetch wrapper (outside React) can flip the app to the sign-in screen.
import { useSyncExternalStore } from 'react';
import { captureToken, forgetToken, storeToken } from '@/lib/token';

export type AuthState =
  | { kind: 'missing' }
  | { kind: 'ok'; token: string }
  | { kind: 'rejected'; token: string };

export class AuthStore {
  private state: AuthState;
  private readonly listeners = new Set<() => void>();
  private readonly storage: Storage | null;

  constructor(initialToken: string | null, storage: Storage | null = null) {
    this.state = initialToken ? { kind: 'ok', token: initialToken } : { kind: 'missing' };
    this.storage = storage;
  }

  static fromWindow(): AuthStore {
    const token = captureToken({
      location: window.location,
      history: window.history,
      storage: window.sessionStorage,
    });
    return new AuthStore(token, window.sessionStorage);
  }

  get = (): AuthState => this.state;

  token(): string | null {
    return this.state.kind === 'missing' ? null : this.state.token;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  setToken(token: string): void {
    if (this.storage) storeToken(this.storage, token);
    this.set({ kind: 'ok', token: token.trim() });
  }

  /** Called on a 401: the stored token is wrong (the daemon made a new one, or a typo). */
  reject(): void {
    if (this.state.kind !== 'ok') return;
    if (this.storage) forgetToken(this.storage);
    this.set({ kind: 'rejected', token: this.state.token });
  }

  private set(state: AuthState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

export function useAuthState(store: AuthStore): AuthState {
  return useSyncExternalStore(store.subscribe, store.get);
}
