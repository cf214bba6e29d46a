// Generated from the daemon's Rust types by `KEYRX_BLESS=1 cargo test -p keyrx_daemon --lib bindings`. Do not edit.

export type Severity = "error" | "warning" | "note";

export type Span = { line: number, column: number, end_line: number, end_column: number, };

export type Diagnostic = { severity: Severity, message: string, 
/**
 * A suggested fix, such as "did you mean `capslock`?".
 */
help?: string, 
/**
 * The file as the user named it (imports: relative to the main file's directory).
 */
file: string, 
/**
 * Absent when the finding concerns the config as a whole.
 */
span?: Span, 
/**
 * Context such as the import chain or the first of two conflicting definitions.
 */
notes?: Array<string>, };

export type ActionKind = "key" | "transparent" | "block" | "layer" | "one_shot" | "tap_hold" | "macro" | "text" | "cond" | "release_all" | "command" | "leader";

export type ActionView = { kind: ActionKind, 
/**
 * The cap's text; for a tap-hold, its tap side.
 */
label: string, 
/**
 * A tap-hold's hold side, for a second line on the cap.
 */
hold?: string, 
/**
 * One sentence saying what the key does.
 */
detail: string, };

export type KeyView = { key: string, kind: ActionKind, 
/**
 * The cap's text; for a tap-hold, its tap side.
 */
label: string, 
/**
 * A tap-hold's hold side, for a second line on the cap.
 */
hold?: string, 
/**
 * One sentence saying what the key does.
 */
detail: string, };

export type LayerView = { name: string, keys: Array<KeyView>, };

export type ComboView = { keys: Array<string>, 
/**
 * The layers it is limited to; empty means every layer.
 */
layers: Array<string>, kind: ActionKind, 
/**
 * The cap's text; for a tap-hold, its tap side.
 */
label: string, 
/**
 * A tap-hold's hold side, for a second line on the cap.
 */
hold?: string, 
/**
 * One sentence saying what the key does.
 */
detail: string, };

export type BlockView = { name: string, 
/**
 * The devices it applies to, one matcher per entry; empty means every device.
 */
matchers: Array<string>, layers: Array<LayerView>, combos: Array<ComboView>, 
/**
 * Key overrides, one sentence each ("shift+backspace sends delete").
 */
overrides: Array<string>, 
/**
 * Leader sequences, one sentence each ("leader g i t → types the text “git”").
 */
sequences: Array<string>, };

export type KeymapView = { blocks: Array<BlockView>, };

export type DecisionKind = "tap_hold" | "combo_fired" | "combo_abandoned" | "one_shot_armed" | "one_shot_used" | "one_shot_expired" | "layer_on" | "layer_off" | "base_layer" | "tap_dance" | "caps_word_on" | "caps_word_off" | "command" | "leader_started" | "leader_key" | "sequence_matched" | "leader_mismatch" | "leader_timeout" | "macro_record_started" | "macro_record_stopped" | "macro_play_started" | "macro_play_refused" | "overflow";

export type Decision = { kind: DecisionKind, 
/**
 * Engine time of the decision.
 */
at_us: number, 
/**
 * What happened and why, in one sentence.
 */
text: string, key?: string, 
/**
 * `tap` or `hold`, for tap-hold decisions.
 */
outcome?: 'tap' | 'hold', 
/**
 * Why, as a stable snake_case name.
 */
cause?: string, layer?: string, 
/**
 * A fired combo's keys.
 */
combo?: Array<string>, };

export type Topic = "keys" | "state" | "stats" | "config" | "devices";

export type WireKey = { key: string, 
/**
 * `press`, `release` or `repeat`.
 */
action: 'press' | 'release' | 'repeat', time_us: number, };

export type KeyMessage = { device: number, device_name: string, input: WireKey | null, outputs: Array<WireKey>, 
/**
 * Active layers of the device after the event, base first.
 */
layers: Array<string>, 
/**
 * Engine + merge + write time for this input, in nanoseconds.
 */
processing_ns: number | null, 
/**
 * The engine's decisions, when any were made.
 */
decisions: Array<Decision>, };

export type DeviceState = { id: number, name: string, block: string, layers: Array<string>, 
/**
 * Physical keys down on it.
 */
held_inputs: Array<string>, 
/**
 * Modifiers its armed one-shots hold on the virtual keyboard: down with no key held, on
 * purpose, until the next key uses them or they expire.
 */
one_shot: Array<string>, };

export type StateMessage = { devices: Array<DeviceState>, 
/**
 * Keys the virtual keyboard holds.
 */
held_outputs: Array<string>, 
/**
 * Real modifiers held on the virtual keyboard.
 */
modifiers: Array<string>, 
/**
 * Lock LEDs the system has lit (`capslock`, `numlock`, …); null until it has set any,
 * and always with the virtual backend, which has no system behind it.
 */
locks: Array<string> | null, };

export type DeviceWire = { id: number, name: string, vendor_product: string, phys: string, uniq: string, block: string, };

export type Percentiles = { count: number, p50: number, p90: number, p99: number, max: number, };

export type Bucket = { le: number, count: number, };

export type BroadcastStats = { capacity: number, subscribers: number, clients: number, sent: number, lagged: number, slow_disconnects: number, heartbeat_timeouts: number, };

export type CommandCounts = { 
/**
 * Commands keys asked for.
 */
asked: number, 
/**
 * Programs started.
 */
started: number, 
/**
 * Programs that could not start, or exited with a failure status or by a signal.
 */
failed: number, 
/**
 * Refused because the daemon was not started with `--allow-commands`.
 */
refused: number, 
/**
 * Refused because too many were waiting or running.
 */
busy: number, 
/**
 * The last failure, in words.
 */
last_error: string | null, };

export type Stats = { events_per_second: number, input_events: number, output_events: number, 
/**
 * Per input event: engine, merge and write.
 */
processing_ns: Percentiles, 
/**
 * How late timers fired after their deadline.
 */
timer_lateness_us: Percentiles, 
/**
 * The distribution of processing times (ns), at most 48 buckets.
 */
processing_ns_buckets: Array<Bucket>, 
/**
 * The distribution of timer lateness (µs), at most 48 buckets.
 */
timer_lateness_us_buckets: Array<Bucket>, handoff_dropped: number, rss_bytes: number, broadcast: BroadcastStats, 
/**
 * What became of the commands keys asked for.
 */
commands: CommandCounts, };

export type ServerEvent = { "type": "key" } & KeyMessage | { "type": "state" } & StateMessage | { "type": "stats" } & Stats | { "type": "config", ok: boolean, source: string, message: string | null, } | { "type": "devices", devices: Array<DeviceWire>, };

export type Broadcast = { id: number, } & ({ "type": "key" } & KeyMessage | { "type": "state" } & StateMessage | { "type": "stats" } & Stats | { "type": "config", ok: boolean, source: string, message: string | null, } | { "type": "devices", devices: Array<DeviceWire>, });

export type Reply = { "type": "hello", protocol: number, server: string, topics: Array<Topic>, key_stream: boolean, keys_per_second: number, } | { "type": "subscribed", topics: Array<Topic>, } | { "type": "lagged", topic: Topic, missed: number, } | { "type": "keys_summary", suppressed: number, window_ms: number, } | { "type": "pong", nonce: number | null, } | { "type": "error", message: string, };

export type ClientMessage = { "type": "subscribe", topics: Array<Topic>, } | { "type": "unsubscribe", topics: Array<Topic>, } | { "type": "ping", nonce: number | null, };

export type Status = { version: string, backend: 'virtual' | 'linux', uptime_s: number, 
/**
 * Where the running config came from (a file, a profile).
 */
config_source: string, 
/**
 * Why the last reload failed, while the previous config runs on.
 */
last_config_error: string | null, active_profile: string | null, 
/**
 * Attached devices.
 */
devices: number, key_stream: boolean, };

export type ProfileSummary = { name: string, etag: string, modified_ms: number, size: number, active: boolean, 
/**
 * The config file this profile is (`--config`, or the one in keyrx's config directory);
 * null for a profile of the store.
 */
file: string | null, };

export type ProfileView = { name: string, source: string, etag: string, size: number, modified_ms: number, };

export type ProfilesResponse = { profiles: Array<ProfileSummary>, active: string | null, };

export type ActivateResponse = { active: string, warnings: Array<Diagnostic>, };

export type ExamplesResponse = { examples: Array<string>, };

export type ValidateResponse = { ok: boolean, diagnostics: Array<Diagnostic>, keymap?: KeymapView, };

export type SimulatedEvent = { key: string, action: 'press' | 'release' | 'repeat', 
/**
 * Milliseconds from the start, as notation writes them (`50`, `12.5`).
 */
time_ms: string, device: string, };

export type TimelineEntry = { device: string, kind: DecisionKind, 
/**
 * Engine time of the decision.
 */
at_us: number, 
/**
 * What happened and why, in one sentence.
 */
text: string, key?: string, 
/**
 * `tap` or `hold`, for tap-hold decisions.
 */
outcome?: 'tap' | 'hold', 
/**
 * Why, as a stable snake_case name.
 */
cause?: string, layer?: string, 
/**
 * A fired combo's keys.
 */
combo?: Array<string>, };

export type SimulateResponse = { 
/**
 * The output in notation, with `t:` gaps.
 */
output: string, events: Array<SimulatedEvent>, timeline: Array<TimelineEntry>, end_ms: string, };

export type ReleaseAllResponse = { released: Array<string>, };

export type KeyName = { name: string, code: number, 
/**
 * The key's canonical name (`name` itself unless it is an alias).
 */
canonical: string, };

export type KeysResponse = { keys: Array<KeyName>, };
