// Responses shaped like the daemon's (captured from `keyrx run --virtual`).
import type { DaemonState, Decision, DevicesResponse, KeyMessage, KeymapView, Profile, ProfilesResponse, Stats, Status } from '@/lib/wire';
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
  processing_ns_buckets: [
    { le: 1791, count: 5 },
    { le: 2559, count: 4 },
    { le: 9000, count: 1 },
  ],
  timer_lateness_us_buckets: [{ le: 90, count: 1 }],
  handoff_dropped: 0,
  rss_bytes: 10_022_912,
  broadcast: { capacity: 1024, subscribers: 1, clients: 1, sent: 4, lagged: 0, slow_disconnects: 0, heartbeat_timeouts: 0 },
  commands: { asked: 0, started: 0, failed: 0, refused: 0, busy: 0, last_error: null },
};

export const daemonState: DaemonState = {
  devices: [{ id: 1, name: 'keyboard', block: 'all', layers: ['base'], held_inputs: [], one_shot: [] }],
  held_outputs: ['leftctrl'],
  modifiers: ['leftctrl'],
  locks: ['numlock'],
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
  profiles: [{ name: 'work', etag: '"v1"', size: 40, modified_ms: 1_795_792_174_737, active: true, file: null }],
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

export const holdDecision: Decision = {
  kind: 'tap_hold',
  at_us: 212_000,
  text: 'capslock resolved as hold: another key (a) was pressed 12 ms after it',
  key: 'capslock',
  outcome: 'hold',
  cause: 'other_key_pressed',
};

/** Two device blocks; the first has a base and a nav layer, keys off the drawn layout and a combo. */
export const keymap: KeymapView = {
  blocks: [
    {
      name: 'laptop',
      matchers: ['name:AT Translated Set 2 keyboard'],
      layers: [
        {
          name: 'base',
          keys: [
            { key: 'capslock', kind: 'tap_hold', label: 'esc', hold: 'leftctrl', detail: 'Tap for esc, hold for leftctrl (200 ms).' },
            { key: 'rightalt', kind: 'layer', label: 'nav', detail: 'Turns on layer nav while held.' },
            { key: 'f13', kind: 'macro', label: 'sig', detail: 'Types the signature macro.' },
          ],
        },
        {
          name: 'nav',
          keys: [
            { key: 'h', kind: 'key', label: 'left', detail: 'types left' },
            { key: 'j', kind: 'key', label: 'down', detail: 'types down' },
            { key: 'volumeup', kind: 'key', label: 'vol+', detail: 'Sends volumeup.' },
          ],
        },
      ],
      combos: [
        { keys: ['j', 'k'], kind: 'key', label: 'esc', detail: 'Pressing j and k together sends esc.', layers: ['base', 'nav'] },
        { keys: ['d', 'f'], kind: 'one_shot', label: 'shift', detail: 'Pressing d and f together makes the next key shifted.', layers: [] },
      ],
      overrides: [],
      sequences: [],
    },
    {
      name: 'macropad',
      matchers: ['vendor_product:1234:5678'],
      layers: [{ name: 'pad', keys: [{ key: 'kp1', kind: 'text', label: '"hi"', detail: 'Types "hi".' }] }],
      combos: [],
      overrides: [],
      sequences: [],
    },
  ],
};

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
      case '/api/v1/keys':
        return json({ keys: [{ name: 'capslock', code: 58, canonical: 'capslock' }, { name: 'caps', code: 58, canonical: 'capslock' }] });
      case '/api/v1/keymap':
        return json(keymap);
      case '/api/v1/examples':
        return json({ examples: ['capslock-esc-ctrl', 'numpad'] });
      default:
        return undefined;
    }
  };
}
