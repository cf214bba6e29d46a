// Responses shaped like the daemon's (captured from `keyrx run --virtual`).
import type { DaemonState, DevicesResponse, KeyMessage, Profile, ProfilesResponse, Stats, Status } from '@/lib/wire';
import { json, type Handler } from '@/test/fakeServer';

export const status: Status = {
  version: '0.1.0',
  backend: 'virtual',
  uptime_s: 42,
  config_source: 'profile work',
  last_config_error: null,
  active_profile: 'work',
  devices: 1,
  key_stream: true,
};

export const stats: Stats = {
  events_per_second: 2,
  input_events: 10,
  output_events: 10,
  processing_ns: { count: 10, max: 9000, p50: 1800, p90: 2500, p99: 4000 },
  timer_lateness_us: { count: 1, max: 90, p50: 80, p90: 90, p99: 90 },
  handoff_dropped: 0,
  rss_bytes: 10_022_912,
  broadcast: { capacity: 1024, subscribers: 1, clients: 1, sent: 4, lagged: 0, slow_disconnects: 0 },
};

export const daemonState: DaemonState = {
  devices: [{ id: 1, name: 'keyboard', block: 'all', layers: ['base'], held_inputs: [] }],
  held_outputs: ['leftctrl'],
  modifiers: ['leftctrl'],
};

export const devices: DevicesResponse = {
  attached: [{ id: 1, name: 'keyboard', block: 'all', phys: '', uniq: '', vendor_product: '0000:0000' }],
  available: [],
};

export const profile: Profile = {
  name: 'work',
  source: 'layer("base", || {\n    map("capslock", "esc");\n});\n',
  etag: '"v1"',
  size: 40,
  modified_ms: 1_795_792_174_737,
};

export const profiles: ProfilesResponse = {
  active: 'work',
  profiles: [{ name: 'work', etag: '"v1"', size: 40, modified_ms: 1_795_792_174_737, active: true }],
};

export function keyMessage(id: number): KeyMessage {
  return {
    type: 'key',
    id,
    seq: id,
    device: 1,
    device_name: 'keyboard',
    input: { key: 'a', action: 'press', time_us: id * 1000 },
    outputs: [{ key: 'b', action: 'press', time_us: id * 1000 }],
    layers: ['base'],
    processing_ns: 1800,
    decisions: [],
  };
}

/** Answers every GET the pages make; anything else falls through to `extra`. */
export function daemon(extra: Handler = () => undefined): Handler {
  return (request) => {
    const answer = extra(request);
    if (answer !== undefined) return answer;
    if (request.method !== 'GET') return undefined;
    switch (request.path) {
      case '/api/v1/status':
        return json(status);
      case '/api/v1/stats':
        return json(stats);
      case '/api/v1/state':
        return json(daemonState);
      case '/api/v1/devices':
        return json(devices);
      case '/api/v1/profiles':
        return json(profiles);
      case '/api/v1/profiles/work':
        return json(profile, 200, { etag: profile.etag });
      case '/api/v1/examples':
        return json({ examples: ['capslock-esc-ctrl', 'numpad'] });
      default:
        return undefined;
    }
  };
}
