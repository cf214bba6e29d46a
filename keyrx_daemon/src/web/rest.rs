//! REST handlers for status, statistics, devices, validation, simulation, injection and
//! metrics. Errors map to HTTP statuses through one type, `ApiError`, and never leak internals.

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use keyrx_core::config::Config;
use keyrx_core::explain::KeymapView;
use keyrx_core::notation::{self, ErrorKind, Limits, NotationError, Step, format_ms};
use keyrx_core::sim::{SimError, SimLimits};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::Semaphore;

use super::jobs::{JOB_QUEUE_TIMEOUT, blocking, busy};

use super::AppState;
use super::bridge::{Hub, device_list, state_message};
use super::wire::{
    BroadcastStats, KeyName, KeysResponse, ReleaseAllResponse, SimulateResponse, SimulatedEvent,
    Stats, Status, TimelineEntry, ValidateResponse, action_name,
};

/// An API error: a status and a message for the client, in `{"error": {...}}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            details: None,
        }
    }
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
    pub fn with_details(mut self, details: Value) -> ApiError {
        self.details = Some(details);
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": { "code": self.code, "message": self.message } });
        if let Some(details) = self.details {
            body["error"]["details"] = details;
        }
        (self.status, Json(body)).into_response()
    }
}

/// Resident memory in bytes, from /proc (0 where unavailable).
pub fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// The statistics snapshot served at /stats and broadcast on the `stats` topic.
pub fn stats_of(hub: &Hub) -> Stats {
    let stats = hub.stats.snapshot();
    let rate = hub.rate.rate(stats.input_events, std::time::Instant::now());
    let counter = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed);
    Stats {
        events_per_second: rate,
        input_events: stats.input_events,
        output_events: stats.output_events,
        processing_ns: stats.processing_ns,
        timer_lateness_us: stats.timer_lateness_us,
        processing_ns_buckets: stats.processing_ns_buckets,
        timer_lateness_us_buckets: stats.timer_lateness_us_buckets,
        handoff_dropped: stats.handoff_dropped,
        rss_bytes: rss_bytes(),
        broadcast: BroadcastStats {
            capacity: hub.capacity,
            subscribers: hub.subscribers(),
            clients: counter(&hub.counters.clients),
            sent: counter(&hub.counters.sent),
            lagged: counter(&hub.counters.lagged),
            slow_disconnects: counter(&hub.counters.slow_disconnects),
            heartbeat_timeouts: counter(&hub.counters.heartbeat_timeouts),
        },
        commands: stats.commands,
    }
}

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn status(State(app): State<AppState>) -> Json<Status> {
    let (source, error, devices) = app
        .hub
        .state
        .lock()
        .map(|s| {
            (
                s.config_source.clone(),
                s.last_config_error.clone(),
                s.devices.len(),
            )
        })
        .unwrap_or_default();
    Json(Status {
        version: env!("CARGO_PKG_VERSION"),
        backend: if app.control.is_virtual() {
            "virtual"
        } else {
            "linux"
        },
        uptime_s: app.started.elapsed().as_secs(),
        config_source: source,
        last_config_error: error,
        active_profile: super::rest_profiles::running_profile(&app),
        devices,
        key_stream: app.ws.key_stream,
    })
}

pub async fn stats(State(app): State<AppState>) -> Json<Stats> {
    Json(stats_of(&app.hub))
}

pub async fn state(State(app): State<AppState>) -> Result<Json<Value>, ApiError> {
    let state = app
        .hub
        .state
        .lock()
        .map_err(|_| ApiError::bad_request("state unavailable"))?;
    Ok(Json(
        serde_json::to_value(state_message(&state)).unwrap_or_default(),
    ))
}

/// What each key does on each layer of the running config.
pub async fn keymap(State(app): State<AppState>) -> Json<KeymapView> {
    let config = app.hub.state.lock().ok().and_then(|s| s.config.clone());
    Json(config.map(|c| KeymapView::of(&c)).unwrap_or_default())
}

pub async fn devices(State(app): State<AppState>) -> Json<Value> {
    let (attached, config) = app
        .hub
        .state
        .lock()
        .map(|s| (device_list(&s), s.config.clone()))
        .unwrap_or_default();
    let available = available_devices(config);
    Json(json!({ "attached": attached, "available": available }))
}

#[cfg(target_os = "linux")]
fn available_devices(config: Option<std::sync::Arc<keyrx_core::config::Config>>) -> Value {
    config.map_or(Value::Array(Vec::new()), |c| {
        // Never grabbed to probe them: that would take their events from the system.
        let devices = crate::linux::list_devices(&c, crate::linux::GrabProbe::DoNotTouch);
        serde_json::to_value(devices).unwrap_or_default()
    })
}

#[cfg(not(target_os = "linux"))]
fn available_devices(_: Option<std::sync::Arc<keyrx_core::config::Config>>) -> Value {
    Value::Array(Vec::new())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateRequest {
    pub source: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// Compiles config text; returns its diagnostics with positions (errors and warnings).
pub async fn validate(
    State(app): State<AppState>,
    Json(req): Json<ValidateRequest>,
) -> Result<Json<ValidateResponse>, ApiError> {
    let dir = app.profiles.dir().to_path_buf();
    let name = req.name.unwrap_or_else(|| "config.rhai".into());
    let result =
        blocking(move || keyrx_config::compile_str(&name, &req.source, Some(&dir))).await?;
    Ok(Json(match result {
        Ok(compiled) => ValidateResponse {
            ok: true,
            keymap: Some(KeymapView::of(&compiled.config)),
            diagnostics: compiled.warnings,
        },
        Err(diagnostics) => ValidateResponse {
            ok: false,
            diagnostics: diagnostics.items,
            keymap: None,
        },
    }))
}

/// Bounds on the input of `/simulate` and `/inject`, checked before anything is parsed.
pub const INPUT_LIMITS: Limits = Limits {
    max_bytes: 128 * 1024,
    max_steps: 10_000,
    max_device_name_bytes: 128,
};

/// Bounds on what one `/simulate` may produce and do, whatever the config.
pub const SIMULATION_LIMITS: SimLimits = SimLimits {
    max_outputs: 10_000,
    max_traces: 10_000,
    max_devices: 16,
    max_timer_fires: 100_000,
};

/// The largest `/simulate` answer sent. The limits above keep answers below it (about 7 MiB
/// at worst, with every name at its longest); this makes it a bound rather than an estimate.
pub const MAX_SIMULATION_ANSWER_BYTES: usize = 8 << 20;

/// The waits of one `/inject`, in all, honoured in real time.
pub const MAX_INJECT_WAIT: Duration = Duration::from_secs(10);

/// Key events one injection sends per second at most. The key thread takes events far faster,
/// so its channel never builds a backlog, however many requests follow one another.
pub const MAX_INJECT_EVENTS_PER_SECOND: u64 = 20_000;

/// Injections in progress at once, since each may hold its connection for `MAX_INJECT_WAIT`
/// and feeds the key thread; more wait for a turn up to `JOB_QUEUE_TIMEOUT`, then get 503.
pub const MAX_INJECTING: usize = 2;
static INJECTING: Semaphore = Semaphore::const_new(MAX_INJECTING);

fn input_error(e: &NotationError) -> ApiError {
    if e.kind == ErrorKind::TooLarge {
        let limits = json!({
            "max_bytes": INPUT_LIMITS.max_bytes,
            "max_steps": INPUT_LIMITS.max_steps,
        });
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "input_too_large",
            format!("input {e}"),
        )
        .with_details(json!({ "column": e.column, "limits": limits }));
    }
    ApiError::bad_request(format!("input {e}")).with_details(json!({ "column": e.column }))
}

/// Parses request input within `INPUT_LIMITS`, off the async threads.
async fn parse_request_input(input: String) -> Result<Vec<Step>, ApiError> {
    blocking(move || notation::parse_input_with(&input, &INPUT_LIMITS))
        .await?
        .map_err(|e| input_error(&e))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    /// Config text; the running config when absent.
    #[serde(default)]
    pub source: Option<String>,
    pub input: String,
}

/// Runs input notation through a config with the daemon's own engine. Parsing, compiling,
/// simulating and rendering the answer all happen in one blocking job.
pub async fn simulate(
    State(app): State<AppState>,
    Json(req): Json<SimulateRequest>,
) -> Result<Response, ApiError> {
    let running = app.hub.state.lock().ok().and_then(|s| s.config.clone());
    let dir = app.profiles.dir().to_path_buf();
    let body = blocking(move || -> Result<Vec<u8>, ApiError> {
        let steps =
            notation::parse_input_with(&req.input, &INPUT_LIMITS).map_err(|e| input_error(&e))?;
        let config = match req.source {
            Some(source) => compile_for_simulation(&source, &dir)?,
            None => running
                .as_deref()
                .cloned()
                .ok_or_else(|| ApiError::bad_request("no config is running"))?,
        };
        let sim = keyrx_core::sim::simulate_with(&config, &steps, SIMULATION_LIMITS)
            .map_err(simulation_error)?;
        let body = serde_json::to_vec(&simulation_response(&sim, &config)).map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the answer could not be written",
            )
        })?;
        if body.len() > MAX_SIMULATION_ANSWER_BYTES {
            return Err(simulation_error(SimError::Exceeded {
                what: "bytes of answer",
                limit: MAX_SIMULATION_ANSWER_BYTES,
            }));
        }
        Ok(body)
    })
    .await??;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

fn compile_for_simulation(source: &str, dir: &std::path::Path) -> Result<Config, ApiError> {
    keyrx_config::compile_str("simulation.rhai", source, Some(dir))
        .map(|compiled| compiled.config)
        .map_err(|d| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "config_invalid",
                "the config has errors",
            )
            .with_details(serde_json::to_value(&d.items).unwrap_or_default())
        })
}

fn simulation_error(e: SimError) -> ApiError {
    match e {
        SimError::Config(e) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "config_invalid",
            e.to_string(),
        ),
        SimError::Exceeded { what, limit } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "simulation_too_large",
            format!("{e}; shorten the input"),
        )
        .with_details(json!({ "limit": limit, "what": what })),
    }
}

fn simulation_response(sim: &keyrx_core::sim::Simulation, config: &Config) -> SimulateResponse {
    let events = sim
        .outputs
        .iter()
        .zip(&sim.output_devices)
        .map(|(e, d)| SimulatedEvent {
            key: e.key.to_string(),
            action: action_name(e.state),
            time_ms: format_ms(e.time),
            device: sim.devices[*d].clone(),
        })
        .collect();
    let timeline = sim
        .decisions(config)
        .into_iter()
        .map(|(d, decision)| TimelineEntry {
            device: sim.devices[d].clone(),
            decision,
        })
        .collect();
    SimulateResponse {
        output: sim.render(true),
        events,
        timeline,
        end_ms: format_ms(sim.end),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InjectRequest {
    /// Input notation; `t:N` waits are honoured in real time (up to 10 s in all).
    pub input: String,
}

/// Every key name the config language accepts, for the editor's completion and hover.
pub async fn keys() -> Json<KeysResponse> {
    let keys = keyrx_core::keys::all_names()
        .filter_map(|name| {
            let key = keyrx_core::KeyCode::from_name(name)?;
            Some(KeyName {
                name,
                code: key.code(),
                canonical: key.name().unwrap_or(name),
            })
        })
        .collect();
    Json(KeysResponse { keys })
}

/// Releases every output key, on either backend: the way out of a stuck key from another
/// device (the dashboard's button, `keyrx release-all`). Guarded like every state change
/// (token, same origin, rate limit); the answer names what was held when it was asked.
pub async fn release_all(
    State(app): State<AppState>,
) -> Result<Json<ReleaseAllResponse>, ApiError> {
    let released = {
        let state = app
            .hub
            .state
            .lock()
            .map_err(|_| ApiError::bad_request("state unavailable"))?;
        state_message(&state).held_outputs
    };
    if !app.control.release_all() {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "stopped",
            "the key thread is gone",
        ));
    }
    Ok(Json(ReleaseAllResponse { released }))
}

/// Injects key events into the virtual backend.
pub async fn inject(
    State(app): State<AppState>,
    Json(req): Json<InjectRequest>,
) -> Result<StatusCode, ApiError> {
    if !app.control.is_virtual() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_virtual",
            "injection needs the virtual backend (keyrx run --virtual)",
        ));
    }
    let injecting = tokio::time::timeout(JOB_QUEUE_TIMEOUT, INJECTING.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    let steps = parse_request_input(req.input).await?;
    let total_wait: u64 = steps
        .iter()
        .map(|s| if let Step::Wait(us) = s { *us } else { 0 })
        .sum();
    if total_wait > MAX_INJECT_WAIT.as_micros() as u64 {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "input_too_large",
            format!(
                "the input waits {} ms in all; at most {} ms",
                format_ms(total_wait),
                MAX_INJECT_WAIT.as_millis()
            ),
        ));
    }
    // The sequence runs in a task of its own, with the permit: if the request times out or the
    // client goes away, the injection still runs to its end instead of stopping between a
    // press and its release.
    let control = app.control.clone();
    let injection = tokio::spawn(async move {
        let _injecting = injecting;
        inject_steps(&control, steps).await
    });
    match injection.await {
        Ok(true) => Ok(StatusCode::NO_CONTENT),
        _ => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "stopped",
            "the key thread is gone",
        )),
    }
}

/// Sends injected steps to the key thread, paced; false if it is gone.
async fn inject_steps(control: &super::Control, steps: Vec<Step>) -> bool {
    let started = tokio::time::Instant::now();
    let mut sent = 0u64;
    for step in steps {
        match step {
            Step::Wait(us) => tokio::time::sleep(Duration::from_micros(us)).await,
            Step::Key { device, key, state } => {
                sent += 1;
                if sent % 500 == 0 {
                    let due =
                        Duration::from_micros(sent * 1_000_000 / MAX_INJECT_EVENTS_PER_SECOND);
                    tokio::time::sleep_until(started + due).await;
                }
                let device = device.unwrap_or_else(|| keyrx_core::sim::DEFAULT_DEVICE.into());
                if !control.inject(device, key, state) {
                    return false;
                }
            }
        }
    }
    true
}

/// Prometheus text exposition.
pub async fn metrics(State(app): State<AppState>) -> impl IntoResponse {
    let s = stats_of(&app.hub);
    let b = &s.broadcast;
    #[rustfmt::skip]
    let metrics: [(&str, &str, &str, f64); 10] = [
        ("input_events_total", "counter", "Input key events handled.", s.input_events as f64),
        ("output_events_total", "counter", "Key events written to the virtual keyboard.", s.output_events as f64),
        ("processing_seconds_p50", "gauge", "Median per-event processing time.", s.processing_ns.p50 as f64 / 1e9),
        ("processing_seconds_p99", "gauge", "99th percentile per-event processing time.", s.processing_ns.p99 as f64 / 1e9),
        ("timer_lateness_seconds_p99", "gauge", "99th percentile timer lateness.", s.timer_lateness_us.p99 as f64 / 1e6),
        ("handoff_dropped_total", "counter", "Observations dropped by the key thread's handoff.", s.handoff_dropped as f64),
        ("broadcast_sent_total", "counter", "Events broadcast to clients.", b.sent as f64),
        ("broadcast_lagged_total", "counter", "Events lagging clients missed.", b.lagged as f64),
        ("websocket_clients", "gauge", "Connected WebSocket clients.", b.clients as f64),
        ("resident_memory_bytes", "gauge", "Resident memory.", s.rss_bytes as f64),
    ];
    let out: String = metrics
        .iter()
        .map(|(name, kind, help, value)| {
            format!(
                "# HELP keyrx_{name} {help}\n# TYPE keyrx_{name} {kind}\nkeyrx_{name} {value}\n"
            )
        })
        .collect();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out)
}

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], super::OPENAPI)
}

/// The `If-Match` header, if any.
pub fn if_match(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}
