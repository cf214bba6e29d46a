// Hooks over the shared socket: subscribe a component to a topic for as long as it is
// mounted, and read the connection status.
import { useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import { useServices } from '@/lib/services';
import type { ConnectionStatus } from '@/lib/socket';
import type { ControlMessage, Topic, TopicMessages } from '@/lib/wire';

export function useTopic<T extends Topic>(topic: T, handler: (message: TopicMessages[T]) => void): void {
  const { socket } = useServices();
  const onMessage = useEffectEvent(handler);
  useEffect(() => socket.subscribe(topic, (message) => onMessage(message)), [socket, topic]);
}

export function useControlMessages(handler: (message: ControlMessage) => void): void {
  const { socket } = useServices();
  const onMessage = useEffectEvent(handler);
  useEffect(() => socket.onControl((message) => onMessage(message)), [socket]);
}

export function useConnectionStatus(): ConnectionStatus {
  const { socket } = useServices();
  return useSyncExternalStore(socket.onStatus, socket.getStatus);
}
