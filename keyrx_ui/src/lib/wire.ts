// Wire types of the daemon's REST API and WebSocket stream. The types the daemon defines in
// Rust (keyrx_daemon/src/web/wire.rs, keyrx_core's explain views, keyrx_config's diagnostics)
// are generated into ./generated/wire.ts; this file adds the envelopes every socket message
// carries and the device listing, whose type lives in the Linux backend.
import type * as Generated from '@/lib/generated/wire';

export type {
  ActivateResponse,
  ExamplesResponse,
  ProfileSummary,
  ProfilesResponse,
  SimulatedEvent,
  SimulateResponse,
  Status,
  TimelineEntry,
  ReleaseAllResponse,
  KeyName,
  KeysResponse,
  ActionKind,
  BlockView,
  ComboView,
  Decision,
  DecisionKind,
  DeviceState,
  DeviceWire,
  Diagnostic,
  KeymapView,
  KeyView,
  LayerView,
  Percentiles,
  Bucket,
  Span,
  Stats,
  Topic,
  WireKey,
} from '@/lib/generated/wire';

type Topic = Generated.Topic;
type KeymapView = Generated.KeymapView;
type DeviceWire = Generated.DeviceWire;

/** What is down right now: the `state` topic's payload and GET /api/v1/state. */
export type DaemonState = Generated.StateMessage;

/** Broadcast events carry a daemon-wide `id`; every socket message a per-connection `seq`. */
type Broadcast<T> = T & { id: number; seq: number };
type EventOf<K extends Generated.ServerEvent['type']> = Extract<Generated.ServerEvent, { type: K }>;

export type KeyMessage = Broadcast<EventOf<'key'>>;
export type StateMessage = Broadcast<EventOf<'state'>>;
export type StatsMessage = Broadcast<EventOf<'stats'>>;
export type ConfigMessage = Broadcast<EventOf<'config'>>;
export type DevicesMessage = Broadcast<EventOf<'devices'>>;

export type ControlMessage = Generated.Reply & { seq: number };
export type HelloMessage = Extract<ControlMessage, { type: 'hello' }>;
export type ClientMessage = Generated.ClientMessage;

/** A profile with its source. */
export type Profile = Generated.ProfileView;

/** POST /api/v1/validate, narrowed: a keymap exactly when the text compiles. */
export type ValidateResponse =
  | (Generated.ValidateResponse & { ok: true; keymap: KeymapView })
  | (Generated.ValidateResponse & { ok: false; keymap?: undefined });

/** An input device found under /dev/input (`DeviceReport` in the daemon). */
export interface AvailableDevice {
  path: string;
  keyboard: boolean;
  /** null: not probed (the daemon never grabs a device just to find out). */
  grabbed_elsewhere: boolean | null;
  block: string | null;
  info: { name: string; vendor: number; product: number; phys: string; uniq: string };
}

export interface DevicesResponse {
  attached: DeviceWire[];
  available: AvailableDevice[];
}

export interface TopicMessages {
  keys: KeyMessage;
  state: StateMessage;
  stats: StatsMessage;
  config: ConfigMessage;
  devices: DevicesMessage;
}

export type ServerMessage = TopicMessages[Topic] | ControlMessage;

/** The topic a broadcast message belongs to, or null for per-connection replies. */
export function topicOf(message: ServerMessage): Topic | null {
  switch (message.type) {
    case 'key':
      return 'keys';
    case 'state':
    case 'stats':
    case 'config':
    case 'devices':
      return message.type;
    default:
      return null;
  }
}
