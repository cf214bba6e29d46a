//! The HTTP transport under the router: our own accept loop over hyper, so every connection is
//! bounded before any byte of it is trusted — a connection cap enforced at accept, a header
//! read timeout that is also the keep-alive idle timeout, and small per-connection buffers.
//!
//! When every slot is taken, a new connection takes the slot of the connection that has been
//! idle longest — no request in progress: silent since it connected, or kept alive since its
//! last response — which is closed. A flood of silent or idle connections only ever evicts
//! itself, and a real client, which sends its request at once, still gets in. Only when every
//! slot has a request in progress is a newcomer turned away with a quick 503.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tower::ServiceExt;

/// The largest read or write buffer a connection keeps: request headers must fit in it.
pub const MAX_BUFFER_BYTES: usize = 16 * 1024;
/// Request headers beyond this count are refused (431).
pub const MAX_HEADERS: usize = 64;
/// How long a stopping server lets a connection finish its request.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);
/// How long a turned-away connection gets to read its 503.
const TURN_AWAY_GRACE: Duration = Duration::from_millis(200);
/// Turned-away connections being answered at once; beyond this they are simply closed.
const MAX_TURNING_AWAY: u64 = 64;
/// After this many connections at once (a flood), once they are down to `TRIM_BELOW`, the
/// memory they freed is handed back to the system: glibc keeps it otherwise.
const TRIM_AFTER: usize = 64;
const TRIM_BELOW: usize = 8;

#[derive(Debug, Clone)]
pub struct TransportLimits {
    /// TCP connections served at once (WebSocket clients, once upgraded, count separately).
    pub max_connections: usize,
    /// Time a connection gets to send a request's headers, from when it opens or its previous
    /// response is done: the timeout for silent connections and for idle keep-alive.
    pub header_timeout: Duration,
}

/// One connection's place at the gate.
#[derive(Default)]
struct Slot {
    evict: Notify,
    /// The slot went to a newer connection: this one's end must not free it again.
    handed_over: AtomicBool,
}

#[derive(Default)]
struct GateState {
    open: usize,
    /// The most connections open at once since memory was last trimmed.
    peak: usize,
    /// Connections without a request in progress, longest idle first.
    idle: VecDeque<Arc<Slot>>,
}

/// The connection cap and its counters.
#[derive(Default)]
pub struct Gate {
    capacity: usize,
    state: Mutex<GateState>,
    /// Idle connections closed to make room.
    pub evicted: AtomicU64,
    /// Connections refused with 503 because every slot had a request in progress.
    pub turned_away: AtomicU64,
    turning_away: AtomicU64,
}

/// A connection let in: its slot is freed when this is dropped.
struct Admission {
    gate: Arc<Gate>,
    slot: Arc<Slot>,
}

impl Gate {
    pub fn new(capacity: usize) -> Gate {
        Gate {
            capacity,
            ..Gate::default()
        }
    }

    /// Connections being served now.
    pub fn open(&self) -> usize {
        self.state.lock().map_or(0, |s| s.open)
    }

    /// A free slot, or the slot of the longest idle connection (evicted), or none.
    fn admit(self: &Arc<Self>) -> Option<Admission> {
        let mut state = self.state.lock().ok()?;
        if state.open < self.capacity {
            state.open += 1;
        } else {
            let oldest = state.idle.pop_front()?;
            oldest.handed_over.store(true, Ordering::Relaxed);
            oldest.evict.notify_one();
            self.evicted.fetch_add(1, Ordering::Relaxed);
        }
        state.peak = state.peak.max(state.open);
        let slot = Arc::new(Slot::default());
        state.idle.push_back(slot.clone());
        Some(Admission {
            gate: self.clone(),
            slot,
        })
    }

    /// A request's headers arrived: its connection cannot be evicted until it is answered.
    fn request_started(&self, slot: &Arc<Slot>) {
        if let Ok(mut state) = self.state.lock() {
            state.idle.retain(|s| !Arc::ptr_eq(s, slot));
        }
    }

    /// The request was answered: the connection idles (kept alive) at the back of the queue.
    fn request_done(&self, slot: &Arc<Slot>) {
        if let Ok(mut state) = self.state.lock() {
            if !slot.handed_over.load(Ordering::Relaxed) {
                state.idle.push_back(slot.clone());
            }
        }
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        let Ok(mut state) = self.gate.state.lock() else {
            return;
        };
        state.idle.retain(|s| !Arc::ptr_eq(s, &self.slot));
        if !self.slot.handed_over.load(Ordering::Relaxed) {
            state.open -= 1;
        }
        let flood_over = state.peak >= TRIM_AFTER && state.open < TRIM_BELOW;
        if flood_over {
            state.peak = state.open;
        }
        drop(state);
        if flood_over {
            release_freed_memory();
        }
    }
}

/// Hands memory freed by many ended connections back to the system.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free pages of the allocator's arenas to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The answer of a full server, written before the router or the token is involved.
const BUSY_BODY: &str =
    r#"{"error":{"code":"too_many_connections","message":"too many connections; try again"}}"#;

fn busy_response() -> String {
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n{BUSY_BODY}",
        BUSY_BODY.len()
    )
}

/// Answers 503 and closes, reading (and discarding) what the client sent for a moment so the
/// close is not a reset that hides the answer. Bounded in time and in count.
fn turn_away(gate: &Arc<Gate>, mut stream: TcpStream) {
    gate.turned_away.fetch_add(1, Ordering::Relaxed);
    if gate.turning_away.fetch_add(1, Ordering::Relaxed) >= MAX_TURNING_AWAY {
        gate.turning_away.fetch_sub(1, Ordering::Relaxed);
        return;
    }
    let gate = gate.clone();
    tokio::spawn(async move {
        let answer = async {
            stream.write_all(busy_response().as_bytes()).await?;
            stream.shutdown().await?;
            let mut sink = [0u8; 1024];
            while tokio::io::AsyncReadExt::read(&mut stream, &mut sink).await? > 0 {}
            Ok::<_, std::io::Error>(())
        };
        let _ = tokio::time::timeout(TURN_AWAY_GRACE, answer).await;
        gate.turning_away.fetch_sub(1, Ordering::Relaxed);
    });
}

fn http1(limits: &TransportLimits) -> hyper::server::conn::http1::Builder {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true)
        .max_buf_size(MAX_BUFFER_BYTES)
        .max_headers(MAX_HEADERS);
    builder
}

/// Serves one admitted connection until it ends, is evicted, or the server stops.
async fn serve_connection(
    http: hyper::server::conn::http1::Builder,
    stream: TcpStream,
    router: Router,
    admission: Admission,
    mut stop: watch::Receiver<bool>,
) {
    let (gate, slot) = (admission.gate.clone(), admission.slot.clone());
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        gate.request_started(&slot);
        let (gate, slot, router) = (gate.clone(), slot.clone(), router.clone());
        async move {
            let response = router.oneshot(request).await;
            gate.request_done(&slot);
            response
        }
    });
    let connection = http
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    tokio::pin!(connection);
    let stopping = tokio::select! {
        _ = connection.as_mut() => false,
        // Dropping the connection closes its socket.
        _ = admission.slot.evict.notified() => false,
        _ = stop.wait_for(|s| *s) => true,
    };
    if stopping {
        connection.as_mut().graceful_shutdown();
        let _ = tokio::time::timeout(SHUTDOWN_GRACE, connection).await;
    }
    drop(admission);
}

/// Accepts connections until `stop` turns true, then waits (bounded) for them to finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: TransportLimits,
    gate: Arc<Gate>,
    mut stop: watch::Receiver<bool>,
) {
    let http = http1(&limits);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|s| *s) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(err) => {
                // Out of file descriptors or memory: give connections time to end.
                tracing::warn!("accepting a connection failed: {err}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        match gate.admit() {
            Some(admission) => {
                let task = serve_connection(
                    http.clone(),
                    stream,
                    router.clone(),
                    admission,
                    stop.clone(),
                );
                tokio::spawn(task);
            }
            None => turn_away(&gate, stream),
        }
    }
    let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE;
    while gate.open() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busy_answer_is_well_formed_json() {
        let response = busy_response();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["error"]["code"], "too_many_connections");
    }

    #[test]
    fn a_full_gate_evicts_the_longest_idle_connection_first() {
        let gate = Arc::new(Gate::new(2));
        let first = gate.admit().unwrap();
        let second = gate.admit().unwrap();
        gate.request_started(&second.slot);
        let third = gate
            .admit()
            .expect("the silent first connection makes room");
        assert!(first.slot.handed_over.load(Ordering::Relaxed));
        assert_eq!(gate.evicted.load(Ordering::Relaxed), 1);
        gate.request_done(&first.slot);
        drop(first);
        assert_eq!(gate.open(), 2, "an evicted connection's end frees nothing");
        gate.request_started(&third.slot);
        assert!(
            gate.admit().is_none(),
            "every slot has a request in progress"
        );
        // Answered and kept alive: idle again, so evictable again.
        gate.request_done(&second.slot);
        let fourth = gate
            .admit()
            .expect("the kept-alive second connection makes room");
        assert!(second.slot.handed_over.load(Ordering::Relaxed));
        drop(second);
        assert_eq!(gate.open(), 2);
        drop(third);
        assert_eq!(gate.open(), 1);
        let fifth = gate.admit().unwrap();
        drop((fourth, fifth));
        assert_eq!(gate.open(), 0);
        assert!(gate.state.lock().unwrap().idle.is_empty());
    }
}
