// Gives each request an AbortSignal that fires when the component unmounts (and, with
// `restart`, when the next request of the same kind starts), so no response outlives its view.
import { useCallback, useEffect, useRef } from 'react';

export function useUnmountAbort() {
  const controllers = useRef(new Set<AbortController>());

  useEffect(() => {
    const live = controllers.current;
    return () => {
      for (const controller of live) controller.abort();
      live.clear();
    };
  }, []);

  return useCallback((): { signal: AbortSignal; done: () => void } => {
    const controller = new AbortController();
    controllers.current.add(controller);
    return { signal: controller.signal, done: () => controllers.current.delete(controller) };
  }, []);
}
