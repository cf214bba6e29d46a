//! The web server inside `keyrx run`: REST, the WebSocket stream and Prometheus metrics, on
//! tokio threads of its own. It reaches the key thread only through commands and hears from it
//! only through the bridge, so nothing here can slow the key path.

#[cfg(test)]
mod bindings;
pub mod bridge;
mod examples;
pub mod jobs;
pub mod profiles;
pub mod rest;
mod rest_profiles;
pub mod security;
mod transport;
mod ui;
pub mod wire;
pub mod ws;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use keyrx_core::config::Config;
use keyrx_core::{KeyCode, KeyState};
use tokio::sync::{Semaphore, watch};
use tower_http::timeout::TimeoutLayer;

use crate::daemon::{Command, CommandSender};
use crate::virtual_backend::VirtualInput;
use bridge::Hub;
use profiles::ProfileStore;
use rest::ApiError;
use security::RateLimiter;

/// The OpenAPI document of the REST API (checked against the router in tests).
pub const OPENAPI: &str = include_str!("openapi.json");

/// How the web side reaches the key thread.
pub enum Control {
    Devices(CommandSender),
    Virtual(std::sync::Mutex<std::sync::mpsc::Sender<VirtualInput>>),
}

impl Control {
    pub fn is_virtual(&self) -> bool {
        matches!(self, Control::Virtual(_))
    }

    /// Hands a compiled config to the key thread; false if it is gone.
    pub fn reload(&self, config: Arc<Config>, source: String) -> bool {
        let command = Command::Reload { config, source };
        match self {
            Control::Devices(tx) => tx.send(command),
            Control::Virtual(tx) => tx
                .lock()
                .is_ok_and(|tx| tx.send(VirtualInput::Command(command)).is_ok()),
        }
    }

    /// Asks the key thread to release every output key; false if it is gone.
    pub fn release_all(&self) -> bool {
        match self {
            Control::Devices(tx) => tx.send(Command::ReleaseAll),
            Control::Virtual(tx) => tx
                .lock()
                .is_ok_and(|tx| tx.send(VirtualInput::Command(Command::ReleaseAll)).is_ok()),
        }
    }

    pub fn inject(&self, device: String, key: KeyCode, state: KeyState) -> bool {
        match self {
            Control::Devices(_) => false,
            Control::Virtual(tx) => tx
                .lock()
                .is_ok_and(|tx| tx.send(VirtualInput::Key { device, key, state }).is_ok()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct WebOptions {
    pub bind: SocketAddr,
    /// Host names accepted besides the loopback ones.
    pub allowed_hosts: Vec<String>,
    pub ws: ws::WsOptions,
    pub max_clients: usize,
    pub broadcast_capacity: usize,
    pub max_body_bytes: usize,
    /// API requests per second, averaged (bursts of twice that are allowed).
    pub requests_per_second: f64,
    /// TCP connections served at once, enforced at accept (WebSocket clients, once
    /// upgraded, are counted by `max_clients` instead).
    pub max_connections: usize,
    /// Time to send a request's headers, from connect or from the previous response: the
    /// limit for silent connections and for idle keep-alive.
    pub header_timeout: Duration,
    /// Time from a request's headers to its response, body upload included (408).
    pub request_timeout: Duration,
    /// The nice value (0-19) of the server's threads, so serving clients yields to the key
    /// path (`keyrx run` uses its observers' value).
    pub nice: i32,
}

impl Default for WebOptions {
    fn default() -> Self {
        WebOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 9867)),
            allowed_hosts: Vec::new(),
            ws: ws::WsOptions::default(),
            max_clients: 256,
            broadcast_capacity: 1024,
            max_body_bytes: 1024 * 1024,
            requests_per_second: 200.0,
            max_connections: 512,
            header_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            nice: 0,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub hub: Hub,
    pub control: Arc<Control>,
    pub profiles: Arc<ProfileStore>,
    pub token: Arc<str>,
    pub allowed_hosts: Arc<Vec<String>>,
    pub ws: ws::WsOptions,
    /// One permit per WebSocket client allowed (`WebOptions::max_clients`).
    pub client_slots: Arc<Semaphore>,
    pub limiter: Arc<RateLimiter>,
    pub request_timeout: Duration,
    pub started: Instant,
    pub shutdown: watch::Receiver<bool>,
}

/// The whole HTTP surface, without a socket: tests drive it directly.
pub fn app(state: AppState, max_body_bytes: usize) -> Router {
    let api = Router::new()
        .route("/status", get(rest::status))
        .route("/stats", get(rest::stats))
        .route("/state", get(rest::state))
        .route("/devices", get(rest::devices))
        .route("/keymap", get(rest::keymap))
        .route("/keys", get(rest::keys))
        .route(
            "/profiles",
            get(rest_profiles::list).post(rest_profiles::create),
        )
        .route(
            "/profiles/{name}",
            get(rest_profiles::get)
                .put(rest_profiles::update)
                .delete(rest_profiles::delete),
        )
        .route("/profiles/{name}/rename", post(rest_profiles::rename))
        .route("/profiles/{name}/duplicate", post(rest_profiles::duplicate))
        .route("/profiles/{name}/activate", post(rest_profiles::activate))
        .route("/examples", get(rest_profiles::examples))
        .route("/validate", post(rest::validate))
        .route("/simulate", post(rest::simulate))
        .route("/inject", post(rest::inject))
        .route("/release-all", post(rest::release_all))
        .route("/openapi.json", get(rest::openapi))
        .route("/ws", get(websocket))
        .fallback(|| async { refuse(StatusCode::NOT_FOUND, "not_found", "no such API route") })
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .layer(middleware::from_fn_with_state(state.clone(), require_token));
    Router::new()
        .nest("/api/v1", api)
        .route(
            "/metrics",
            get(rest::metrics).layer(middleware::from_fn_with_state(state.clone(), require_token)),
        )
        .route("/healthz", get(rest::healthz))
        .fallback(get(ui::serve))
        .layer(middleware::from_fn_with_state(state.clone(), same_origin))
        .layer(middleware::from_fn_with_state(state.clone(), allowed_host))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.request_timeout,
        ))
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn(security_headers))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .with_state(state)
}

fn refuse(status: StatusCode, code: &'static str, message: &str) -> Response {
    ApiError::new(status, code, message).into_response()
}

/// The most of a plain-text rejection kept as the JSON error's message.
const MAX_REJECTION_TEXT: usize = 4096;

/// The JSON error code of a status whose response was not already JSON.
fn error_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid_body",
        StatusCode::UPGRADE_REQUIRED => "upgrade_required",
        StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        s if s.is_server_error() => "internal",
        _ => "error",
    }
}

/// Rejections made outside the handlers (axum's extractors, the method router, the request
/// timeout) are plain text or empty: every error leaves as `{"error":{"code","message"}}`,
/// the text kept as the message.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_REJECTION_TEXT)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = match text.is_empty() {
        true => status.canonical_reason().unwrap_or("request failed").into(),
        false => text,
    };
    let mut shaped = refuse(status, error_code(status), &message);
    for name in [
        header::ALLOW,
        header::RETRY_AFTER,
        header::SEC_WEBSOCKET_VERSION,
    ] {
        if let Some(value) = parts.headers.get(&name) {
            shaped.headers_mut().insert(name, value.clone());
        }
    }
    shaped
}

/// A header's value as text; empty when absent or not text.
fn header_text(request: &Request, name: header::HeaderName) -> &str {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Only loopback Host names: a DNS-rebinding page cannot reach the daemon by another name.
async fn allowed_host(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let host = header_text(&request, header::HOST);
    if !security::host_allowed(host, &app.allowed_hosts) {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "bad_host",
            "this Host is not served here",
        );
    }
    next.run(request).await
}

/// Browsers send `Origin` on state-changing requests and socket upgrades: it must be ours.
async fn same_origin(request: Request, next: Next) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let upgrade = request.headers().contains_key(header::UPGRADE);
    if changes_state || upgrade {
        let host = header_text(&request, header::HOST);
        if request.headers().contains_key(header::ORIGIN) {
            let origin = header_text(&request, header::ORIGIN);
            if !security::origin_allowed(origin, host) {
                return refuse(
                    StatusCode::FORBIDDEN,
                    "bad_origin",
                    "cross-origin requests are refused",
                );
            }
        }
    }
    next.run(request).await
}

/// The token, as `Authorization: Bearer TOKEN`, or on a socket upgrade as the subprotocol
/// `keyrx-token.TOKEN` (browsers cannot set headers there).
async fn require_token(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let protocol = headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(',')
                .map(str::trim)
                .find_map(|p| p.strip_prefix(security::TOKEN_PROTOCOL_PREFIX))
        });
    match bearer.or(protocol) {
        Some(given) if security::token_matches(&app.token, given) => next.run(request).await,
        Some(_) => refuse(StatusCode::UNAUTHORIZED, "bad_token", "wrong token"),
        None => refuse(
            StatusCode::UNAUTHORIZED,
            "no_token",
            "a token is required (see the URL keyrx printed)",
        ),
    }
}

async fn rate_limit(State(app): State<AppState>, request: Request, next: Next) -> Response {
    if !app.limiter.allow_at(Instant::now()) {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many requests",
        );
    }
    next.run(request).await
}

/// The dashboard's Content-Security-Policy.
pub const CSP: &str = "default-src 'self'; connect-src 'self'; img-src 'self' data:; \
                       style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-resource-policy", "same-origin"),
        (
            "content-security-policy",
            // CodeMirror injects its styles at run time, hence inline styles; its lint
            // underlines and gutter markers are SVG data URLs, hence `data:` images (an image
            // cannot run script). Nothing else is loosened.
            CSP,
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // API answers are never cached; the dashboard's hashed assets say otherwise themselves.
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Upgrades to the event stream, within the client limit. The slot is taken before the
/// upgrade and held by the socket's task, so concurrent upgrades cannot overshoot the limit.
async fn websocket(State(app): State<AppState>, upgrade: WebSocketUpgrade) -> Response {
    let Ok(slot) = app.client_slots.clone().try_acquire_owned() else {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "too_many_clients",
            "too many clients",
        );
    };
    upgrade
        .protocols([security::PROTOCOL])
        // The frame limit is the message limit: a frame header announcing more is refused at
        // once (1009) instead of being buffered up to the library's default of 16 MiB.
        .max_frame_size(app.ws.max_message_bytes)
        .max_message_size(app.ws.max_message_bytes)
        // Clients send little and are sent small messages: modest buffers keep 100 clients in
        // a few MB. A stalled client is noticed by the send timeout, not by a buffer limit.
        .read_buffer_size(4 * 1024)
        .write_buffer_size(8 * 1024)
        .on_upgrade(move |socket| async move {
            app.hub.counters.clients.fetch_add(1, Ordering::Relaxed);
            let (sink, stream) = socket.split();
            let ended = ws::serve(
                sink,
                stream,
                app.hub.clone(),
                app.ws.clone(),
                app.shutdown.clone(),
            )
            .await;
            tracing::debug!("websocket client left: {ended:?}");
            app.hub.counters.clients.fetch_sub(1, Ordering::Relaxed);
            drop(slot);
        })
}

/// A running server: stop it with `stop`.
pub struct WebServer {
    pub addr: SocketAddr,
    handle: tokio::runtime::Handle,
    gate: Arc<transport::Gate>,
    shutdown: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl WebServer {
    /// Binds and serves on a thread of its own (tokio's current-thread runtime).
    pub fn start(
        options: WebOptions,
        hub: Hub,
        control: Control,
        profiles: ProfileStore,
        token: String,
    ) -> anyhow::Result<WebServer> {
        // Bound here, synchronously, so a taken port is an error of `start` itself.
        let listener = std::net::TcpListener::bind(options.bind)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (shutdown, shutdown_rx) = watch::channel(false);
        let state = AppState {
            hub,
            control: Arc::new(control),
            profiles: Arc::new(profiles),
            token: token.into(),
            allowed_hosts: Arc::new(options.allowed_hosts.clone()),
            ws: options.ws.clone(),
            client_slots: Arc::new(Semaphore::new(options.max_clients)),
            limiter: Arc::new(RateLimiter::new(
                options.requests_per_second,
                options.requests_per_second * 2.0,
            )),
            request_timeout: options.request_timeout,
            started: Instant::now(),
            shutdown: shutdown_rx.clone(),
        };
        let counters = state.hub.counters.clone();
        let router = app(state, options.max_body_bytes);
        let limits = transport::TransportLimits {
            max_connections: options.max_connections,
            header_timeout: options.header_timeout,
        };
        let gate = Arc::new(transport::Gate::new(limits.max_connections));
        // One thread serves everything (heavy work goes to the blocking pool, `jobs.rs`): the
        // web side is I/O-bound, and each worker thread is a stack and an idle wake-up source.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .thread_name("keyrx-web")
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let serving = gate.clone();
        let nice = options.nice;
        let thread = std::thread::Builder::new()
            .name("keyrx-web".into())
            .spawn(move || {
                // Before the runtime spawns its blocking pool's threads, which inherit it.
                #[cfg(target_os = "linux")]
                crate::linux::memory::lower_priority(nice);
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(l) => l,
                        Err(err) => return tracing::error!("the web server cannot listen: {err}"),
                    };
                    transport::serve(listener, router, limits, serving, shutdown_rx).await;
                    // Upgraded sockets outlive their connections: let them send close frames.
                    let deadline = Instant::now() + Duration::from_secs(2);
                    while counters.clients.load(Ordering::Relaxed) > 0 && Instant::now() < deadline
                    {
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                });
                runtime.shutdown_timeout(Duration::from_secs(2));
            })?;
        Ok(WebServer {
            addr,
            handle,
            gate,
            shutdown,
            thread: Some(thread),
        })
    }

    /// HTTP connections being served now (upgraded sockets not included).
    pub fn connections(&self) -> usize {
        self.gate.open()
    }

    /// Silent connections closed to make room for new ones, and connections turned away.
    pub fn refused_connections(&self) -> (u64, u64) {
        (
            self.gate.evicted.load(Ordering::Relaxed),
            self.gate.turned_away.load(Ordering::Relaxed),
        )
    }

    /// Tasks alive on the server's runtime (leak checks: every connection's tasks end with it).
    pub fn alive_tasks(&self) -> usize {
        self.handle.metrics().num_alive_tasks()
    }

    /// Closes every socket (with code 1001) and stops serving.
    pub fn stop(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The defaults are the limits `docs/protocol.md` lists, and it lists them.
    #[test]
    fn the_default_limits_are_the_documented_ones() {
        let o = WebOptions::default();
        assert_eq!(
            (o.max_connections, o.max_clients, o.max_body_bytes),
            (512, 256, 1024 * 1024)
        );
        assert_eq!(
            (o.header_timeout, o.request_timeout),
            (Duration::from_secs(5), Duration::from_secs(10))
        );
        assert_eq!((o.requests_per_second, o.broadcast_capacity), (200.0, 1024));
        assert_eq!(o.ws.max_message_bytes, 64 * 1024);
        assert_eq!(o.ws.send_timeout, Duration::from_secs(5));
        assert_eq!(
            (transport::MAX_BUFFER_BYTES, transport::MAX_HEADERS),
            (16 * 1024, 64)
        );
        let docs = include_str!("../../../docs/protocol.md");
        for row in [
            "| TCP connections served at once | 512 |",
            "| request headers | within 5 s of connecting",
            "| request header size | 16 KiB, 64 headers |",
            "body upload included | 10 s |",
            "| request body | 1 MiB |",
            "| WebSocket clients | 256 |",
            "| WebSocket frame and message from a client | 64 KiB |",
            "| a send to a WebSocket client | 5 s |",
        ] {
            assert!(docs.contains(row), "docs/protocol.md lacks {row:?}");
        }
    }
}
