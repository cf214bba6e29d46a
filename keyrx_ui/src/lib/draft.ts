// The Config editor's current text, so the Simulator can run what is being edited before it
// is saved. Local UI state only (server data lives in the query cache); one store per tab,
// handed down with the other services.
import { useSyncExternalStore } from 'react';
import { useServices } from '@/lib/services';

export interface Draft {
  profile: string;
  source: string;
}

export class DraftStore {
  private current: Draft | null = null;
  private readonly listeners = new Set<() => void>();

  get = (): Draft | null => this.current;

  set(draft: Draft | null): void {
    this.current = draft;
    for (const listener of [...this.listeners]) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
}

export function useDraft(): Draft | null {
  const { drafts } = useServices();
  return useSyncExternalStore(drafts.subscribe, drafts.get);
}
