// Wire types of the daemon's REST API and WebSocket stream, mirroring
// keyrx_daemon/src/web/wire.rs and the handlers in rest.rs / rest_profiles.rs.

export type Topic = 'keys' | 'state' | 'stats' | 'config' | 'devices';

export interface WireKey {
  key: string;
  action: 'press' | 'release' | 'repeat';
  time_us: number;
}

export interface KeyMessage {
  type: 'key';
  id: number;
  seq: number;
  device: number;
  device_name: string;
  input: WireKey | null;
  outputs: WireKey[];
  layers: string[];
  processing_ns: number | null;
  decisions: string[];
}

export interface DeviceState {
  id: number;
  name: string;
  block: string;
  layers: string[];
  held_inputs: string[];
}

export interface DaemonState {
  devices: DeviceState[];
  held_outputs: string[];
  modifiers: string[];
}

export interface Percentiles {
  count: number;
  max: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface Stats {
  events_per_second: number;
  input_events: number;
  output_events: number;
  processing_ns: Percentiles;
  timer_lateness_us: Percentiles;
  handoff_dropped: number;
  rss_bytes: number;
  broadcast: {
    capacity: number;
    subscribers: number;
    clients: number;
    sent: number;
    lagged: number;
    slow_disconnects: number;
    heartbeat_timeouts?: number;
  };
}

export interface DeviceWire {
  id: number;
  name: string;
  vendor_product: string;
  phys: string;
  uniq: string;
  block: string;
}

/** An input device found under /dev/input (`DeviceReport` in the daemon). */
export interface AvailableDevice {
  path: string;
  keyboard: boolean;
  grabbed_elsewhere: boolean;
  block: string | null;
  info: { name: string; vendor: number; product: number; phys: string; uniq: string };
}

export interface DevicesResponse {
  attached: DeviceWire[];
  available: AvailableDevice[];
}

export interface Status {
  version: string;
  backend: 'virtual' | 'linux';
  uptime_s: number;
  config_source: string;
  last_config_error: string | null;
  active_profile: string | null;
  devices: number;
  key_stream: boolean;
}

export interface Span {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}

export interface Diagnostic {
  severity: 'error' | 'warning' | 'note';
  message: string;
  help?: string | null;
  file: string;
  span?: Span | null;
  notes?: string[];
}

export interface ProfileSummary {
  name: string;
  etag: string;
  size: number;
  modified_ms: number;
  active: boolean;
}

export interface Profile {
  name: string;
  source: string;
  etag: string;
  size: number;
  modified_ms: number;
}

export interface ProfilesResponse {
  profiles: ProfileSummary[];
  active: string | null;
}

export type StateMessage = DaemonState & { type: 'state'; id: number; seq: number };
export type StatsMessage = Stats & { type: 'stats'; id: number; seq: number };
export interface ConfigMessage {
  type: 'config';
  id: number;
  seq: number;
  ok: boolean;
  source: string;
  message?: string | null;
}
export interface DevicesMessage {
  type: 'devices';
  id: number;
  seq: number;
  devices: DeviceWire[];
}

export interface HelloMessage {
  type: 'hello';
  seq: number;
  protocol: number;
  server: string;
  topics: Topic[];
  key_stream: boolean;
  keys_per_second: number;
}

export type ControlMessage =
  | HelloMessage
  | { type: 'subscribed'; seq: number; topics: Topic[] }
  | { type: 'lagged'; seq: number; missed: number }
  | { type: 'keys_summary'; seq: number; suppressed: number; window_ms: number }
  | { type: 'pong'; seq: number; nonce: number | null }
  | { type: 'error'; seq: number; message: string };

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
