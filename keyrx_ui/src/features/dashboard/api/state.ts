// Layers, modifiers, locks and held keys: fetched once, then replaced by each `state` message.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTopic } from '@/lib/realtime';
import { queryKeys } from '@/lib/queryClient';
import { useApi } from '@/lib/services';
import type { DaemonState } from '@/lib/wire';

export function useDaemonState() {
  const api = useApi();
  const queryClient = useQueryClient();
  useTopic('state', (message) => {
    const { type, id, seq, ...state } = message;
    queryClient.setQueryData<DaemonState>(queryKeys.state, state);
  });
  return useQuery({
    queryKey: queryKeys.state,
    queryFn: ({ signal }) => api<DaemonState>('/api/v1/state', { signal }),
    staleTime: Infinity,
  });
}

/** Modifiers armed one-shots hold on the virtual keyboard, over every device. */
export function armedOneShots(state: DaemonState): string[] {
  return [...new Set(state.devices.flatMap((device) => device.one_shot))];
}

/**
 * Output keys the virtual keyboard holds while no physical key is down anywhere: these
 * are stuck (a remap can rename keys, so only "nothing pressed yet something held" is
 * certain). An armed one-shot's modifier is held that way on purpose and is not stuck.
 */
export function stuckOutputs(state: DaemonState): string[] {
  const anyInput = state.devices.some((device) => device.held_inputs.length > 0);
  const armed = armedOneShots(state);
  return anyInput ? [] : state.held_outputs.filter((key) => !armed.includes(key));
}

export interface HeldPair {
  device: string;
  input: string;
  /** The held output of the same name, if any: what this input most likely holds. */
  output: string | null;
}

/** The key a held input types on its device's active layers, when it is a plain mapping. */
export type Expected = (device: DaemonState['devices'][number], input: string) => string | null;

/**
 * Each physical key down, paired with the output it holds: the key its mapping types on the
 * active layers (from the running keymap), else an output of its own name (a key passed
 * through); the outputs left over are held by tap-hold or other keys, or, with no key down
 * at all, stuck.
 */
export function pairHeld(state: DaemonState, expected: Expected = () => null): { pairs: HeldPair[]; unpaired: string[] } {
  const outputs = new Set(state.held_outputs);
  const used = new Set<string>();
  const pairs = state.devices.flatMap((device) =>
    device.held_inputs.map((input) => {
      const typed = expected(device, input);
      const output = typed !== null && outputs.has(typed) ? typed : outputs.has(input) ? input : null;
      if (output) used.add(output);
      return { device: device.name, input, output };
    }),
  );
  return { pairs, unpaired: state.held_outputs.filter((key) => !used.has(key)) };
}
