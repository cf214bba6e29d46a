//! REST handlers for status, statistics, devices, validation, simulation, injection and
//! metrics. Errors map to HTTP statuses through one type, `ApiError`, and never leak internals.

use std::sync::atomic::Ordering;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use keyrx_core::config::Config;
use keyrx_core::explain::KeymapView;
use keyrx_core::notation::{format_ms, parse_input};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::bridge::{Hub, device_list, state_message};
use super::wire::{
    BroadcastStats, SimulateResponse, SimulatedEvent, Stats, Status, TimelineEntry,
    ValidateResponse, action_name,
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

/// Runs blocking work (compiling, disk) off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the task failed",
        )
    })
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
    let state = hub
        .state
        .lock()
        .map(|s| (s.stats.clone(), s.events_per_second))
        .ok();
    let (stats, rate) = state.unwrap_or_default();
    let counter = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed);
    Stats {
        events_per_second: rate,
        input_events: stats.input_events,
        output_events: stats.output_events,
        processing_ns: stats.processing_ns,
        timer_lateness_us: stats.timer_lateness_us,
        handoff_dropped: hub.handoff_dropped.load(Ordering::Relaxed),
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
        active_profile: app.profiles.active(),
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    /// Config text; the running config when absent.
    #[serde(default)]
    pub source: Option<String>,
    pub input: String,
}

/// Runs input notation through a config with the daemon's own engine.
pub async fn simulate(
    State(app): State<AppState>,
    Json(req): Json<SimulateRequest>,
) -> Result<Json<SimulateResponse>, ApiError> {
    let steps = parse_input(&req.input).map_err(|e| {
        ApiError::bad_request(format!("input {e}")).with_details(json!({ "column": e.column }))
    })?;
    let running = app.hub.state.lock().ok().and_then(|s| s.config.clone());
    let dir = app.profiles.dir().to_path_buf();
    let outcome = blocking(move || -> Result<SimulateResponse, ApiError> {
        let config = match req.source {
            Some(source) => {
                keyrx_config::compile_str("simulation.rhai", &source, Some(&dir))
                    .map_err(|d| {
                        ApiError::new(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            "config_invalid",
                            "the config has errors",
                        )
                        .with_details(serde_json::to_value(&d.items).unwrap_or_default())
                    })?
                    .config
            }
            None => running
                .as_deref()
                .cloned()
                .ok_or_else(|| ApiError::bad_request("no config is running"))?,
        };
        let sim = keyrx_core::sim::simulate(&config, &steps).map_err(|e| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "config_invalid",
                e.to_string(),
            )
        })?;
        Ok(simulation_response(&sim, &config))
    })
    .await??;
    Ok(Json(outcome))
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
    let steps = parse_input(&req.input).map_err(|e| ApiError::bad_request(format!("input {e}")))?;
    let total_wait: u64 = steps
        .iter()
        .map(|s| {
            if let keyrx_core::notation::Step::Wait(us) = s {
                *us
            } else {
                0
            }
        })
        .sum();
    if total_wait > 10_000_000 || steps.len() > 10_000 {
        return Err(ApiError::bad_request(
            "too much input: at most 10,000 steps and 10 s of waits",
        ));
    }
    for step in steps {
        match step {
            keyrx_core::notation::Step::Wait(us) => {
                tokio::time::sleep(std::time::Duration::from_micros(us)).await
            }
            keyrx_core::notation::Step::Key { device, key, state } => {
                let device = device.unwrap_or_else(|| keyrx_core::sim::DEFAULT_DEVICE.into());
                if !app.control.inject(device, key, state) {
                    return Err(ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "stopped",
                        "the key thread is gone",
                    ));
                }
            }
        }
    }
    Ok(StatusCode::NO_CONTENT)
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
