//! One WebSocket client: hello, topic subscriptions (one broadcast receiver per subscribed
//! topic), the bounded event stream with lag notices and a per-client rate cap on key events,
//! heartbeats, and disconnection of clients whose socket stops taking data. Generic over the
//! socket's sink and stream, so tests drive it without a network.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::RecvError;

use super::bridge::{DecisionListener, Frame, Hub, topic_index};
use super::wire::{ClientMessage, PROTOCOL_VERSION, Reply, Topic};

/// Close codes (RFC 6455).
pub mod close {
    pub const NORMAL: u16 = 1000;
    pub const GOING_AWAY: u16 = 1001;
    pub const PROTOCOL_ERROR: u16 = 1002;
    pub const UNSUPPORTED: u16 = 1003;
    pub const INVALID_TEXT: u16 = 1007;
    pub const POLICY: u16 = 1008;
    pub const TOO_BIG: u16 = 1009;
    pub const TRY_AGAIN_LATER: u16 = 1013;
}

#[derive(Debug, Clone)]
pub struct WsOptions {
    /// Whether the `keys` topic exists (`--no-key-stream` turns it off).
    pub key_stream: bool,
    /// Key events sent per second per client; beyond it a summary replaces them.
    pub keys_per_second: u32,
    pub heartbeat: Duration,
    /// A client that has not answered a ping within this time is disconnected.
    pub heartbeat_timeout: Duration,
    /// A send that takes longer than this means the client stopped reading.
    pub send_timeout: Duration,
    /// The largest message, and so the largest frame, a client may send.
    pub max_message_bytes: usize,
}

impl Default for WsOptions {
    fn default() -> Self {
        WsOptions {
            key_stream: true,
            keys_per_second: 200,
            heartbeat: Duration::from_secs(15),
            heartbeat_timeout: Duration::from_secs(45),
            send_timeout: Duration::from_secs(5),
            max_message_bytes: 64 * 1024,
        }
    }
}

/// Why a connection ended, for logs and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    ClientClosed,
    Shutdown,
    /// The client's socket did not take a message within the send timeout.
    TooSlow,
    HeartbeatTimeout,
    /// A frame or message over the size limit.
    TooBig,
    /// A text message that is not UTF-8.
    InvalidText,
    /// A binary message: the protocol is JSON text.
    Unsupported,
    /// A frame that breaks RFC 6455 (unmasked, reserved bits, bad opcode).
    ProtocolError,
}

impl Ended {
    /// The close code and reason the client is sent.
    fn close_frame(self) -> (u16, &'static str) {
        match self {
            Ended::ClientClosed => (close::NORMAL, ""),
            Ended::Shutdown => (close::GOING_AWAY, "server shutting down"),
            Ended::TooSlow => (
                close::TRY_AGAIN_LATER,
                "client too slow: its socket stopped taking data",
            ),
            Ended::HeartbeatTimeout => (close::POLICY, "no pong within the heartbeat timeout"),
            Ended::TooBig => (close::TOO_BIG, "message too big"),
            Ended::InvalidText => (close::INVALID_TEXT, "text is not UTF-8"),
            Ended::Unsupported => (close::UNSUPPORTED, "only text messages are accepted"),
            Ended::ProtocolError => (close::PROTOCOL_ERROR, "WebSocket protocol violation"),
        }
    }
}

/// What a failed read means: the WebSocket layer's own errors (size, UTF-8, framing) get their
/// close codes; anything else is the connection going away.
pub fn read_failure(err: &(dyn std::error::Error + 'static)) -> Ended {
    use tungstenite::Error;
    let mut cause = Some(err);
    while let Some(e) = cause {
        if let Some(ws) = e.downcast_ref::<Error>() {
            return match ws {
                Error::Capacity(_) => Ended::TooBig,
                Error::Utf8(_) => Ended::InvalidText,
                Error::Protocol(_) => Ended::ProtocolError,
                _ => Ended::ClientClosed,
            };
        }
        cause = e.source();
    }
    Ended::ClientClosed
}

type Subscriptions = [Option<Receiver<Arc<Frame>>>; Topic::ALL.len()];

struct Connection<S> {
    sink: S,
    seq: u64,
    /// A receiver per subscribed topic, in `Topic::ALL` order.
    subscriptions: Subscriptions,
    /// Held while subscribed to `keys`, whose messages carry the engine's decisions.
    decisions: Option<DecisionListener>,
    options: WsOptions,
    keys_in_window: u32,
    suppressed: u64,
    window_start: Instant,
}

impl<S> Connection<S>
where
    S: Sink<Message> + Unpin,
{
    /// Sends one message within the send timeout.
    async fn send(&mut self, message: Message) -> Result<(), Ended> {
        match tokio::time::timeout(self.options.send_timeout, self.sink.send(message)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Ended::ClientClosed),
            Err(_) => Err(Ended::TooSlow),
        }
    }

    /// Sends one message, stamped with this connection's sequence number.
    async fn send_json(&mut self, body: &str) -> Result<(), Ended> {
        self.seq += 1;
        let text = format!("{{\"seq\":{},{}", self.seq, &body[1..]);
        self.send(Message::Text(text.into())).await
    }

    async fn reply(&mut self, reply: &Reply) -> Result<(), Ended> {
        let body = serde_json::to_string(reply).unwrap_or_else(|_| "{}".into());
        self.send_json(&body).await
    }

    async fn close(&mut self, code: u16, reason: &str) {
        let frame = CloseFrame {
            code,
            reason: Utf8Bytes::from(reason.to_string()),
        };
        let _ = tokio::time::timeout(
            Duration::from_secs(1),
            self.sink.send(Message::Close(Some(frame))),
        )
        .await;
    }

    fn topics(&self) -> Vec<Topic> {
        Topic::ALL
            .into_iter()
            .filter(|t| self.subscriptions[topic_index(*t)].is_some())
            .collect()
    }

    /// Forwards a broadcast event (of a subscribed topic), within the key cap.
    async fn forward(&mut self, frame: &Frame) -> Result<(), Ended> {
        if frame.topic == Topic::Keys {
            if self.keys_in_window >= self.options.keys_per_second {
                self.suppressed += 1;
                return Ok(());
            }
            self.keys_in_window += 1;
        }
        self.send_json(&frame.json).await
    }

    /// Once a second: reset the key cap and tell the client what it did not get.
    async fn tick_window(&mut self) -> Result<(), Ended> {
        let window_ms = self.window_start.elapsed().as_millis() as u64;
        self.window_start = Instant::now();
        self.keys_in_window = 0;
        if self.suppressed > 0 {
            let suppressed = std::mem::take(&mut self.suppressed);
            self.reply(&Reply::KeysSummary {
                suppressed,
                window_ms,
            })
            .await?;
        }
        Ok(())
    }

    async fn on_client_text(&mut self, text: &str, hub: &Hub) -> Result<(), Ended> {
        let message: ClientMessage = match serde_json::from_str(text) {
            Ok(m) => m,
            Err(err) => {
                return self
                    .reply(&Reply::Error {
                        message: format!("bad message: {err}"),
                    })
                    .await;
            }
        };
        match message {
            ClientMessage::Subscribe { topics } => {
                if topics.contains(&Topic::Keys) && !self.options.key_stream {
                    self.reply(&Reply::Error {
                        message: "the keys topic is turned off (--no-key-stream)".into(),
                    })
                    .await?;
                }
                for topic in topics {
                    let slot = &mut self.subscriptions[topic_index(topic)];
                    if slot.is_none() && (topic != Topic::Keys || self.options.key_stream) {
                        *slot = Some(hub.subscribe(topic));
                    }
                }
            }
            ClientMessage::Unsubscribe { topics } => {
                for topic in topics {
                    self.subscriptions[topic_index(topic)] = None;
                }
            }
            ClientMessage::Ping { nonce } => return self.reply(&Reply::Pong { nonce }).await,
        }
        let wants_decisions = self.subscriptions[topic_index(Topic::Keys)].is_some();
        if wants_decisions != self.decisions.is_some() {
            self.decisions = wants_decisions.then(|| hub.decisions.listen());
        }
        let topics = self.topics();
        self.reply(&Reply::Subscribed { topics }).await
    }

    /// A lag on one topic is the server's burst, not the client's fault: the client is told
    /// what it missed (and can fetch the current state) and stays. Only its socket refusing
    /// data for the send timeout disconnects it.
    async fn on_lag(&mut self, topic: Topic, missed: u64, hub: &Hub) -> Result<(), Ended> {
        hub.counters.lagged.fetch_add(missed, Ordering::Relaxed);
        self.reply(&Reply::Lagged { topic, missed }).await
    }
}

/// The next event of any subscribed topic; pending while there is none.
async fn next_event(subscriptions: &mut Subscriptions) -> (Topic, Result<Arc<Frame>, RecvError>) {
    async fn recv(slot: &mut Option<Receiver<Arc<Frame>>>) -> Result<Arc<Frame>, RecvError> {
        match slot {
            Some(rx) => rx.recv().await,
            None => std::future::pending().await,
        }
    }
    let [keys, state, stats, config, devices] = subscriptions;
    tokio::select! {
        r = recv(keys) => (Topic::Keys, r),
        r = recv(state) => (Topic::State, r),
        r = recv(stats) => (Topic::Stats, r),
        r = recv(config) => (Topic::Config, r),
        r = recv(devices) => (Topic::Devices, r),
    }
}

/// Serves one client until it leaves, stops reading or answering, breaks the protocol or the
/// server shuts down. Its subscriptions end with it.
pub async fn serve<S, R, E>(
    sink: S,
    mut stream: R,
    hub: Hub,
    options: WsOptions,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) -> Ended
where
    S: Sink<Message> + Unpin,
    R: Stream<Item = Result<Message, E>> + Unpin,
    E: std::error::Error + 'static,
{
    let mut conn = Connection {
        sink,
        seq: 0,
        subscriptions: Default::default(),
        decisions: None,
        options: options.clone(),
        keys_in_window: 0,
        suppressed: 0,
        window_start: Instant::now(),
    };
    let hello = Reply::Hello {
        protocol: PROTOCOL_VERSION,
        server: format!("keyrx {}", env!("CARGO_PKG_VERSION")),
        topics: Topic::ALL
            .into_iter()
            .filter(|t| *t != Topic::Keys || options.key_stream)
            .collect(),
        key_stream: options.key_stream,
        keys_per_second: options.keys_per_second,
    };
    let ended = match conn.reply(&hello).await {
        Ok(()) => run(&mut conn, &mut stream, &hub, &mut shutdown).await,
        Err(e) => e,
    };
    let counter = match ended {
        Ended::TooSlow => Some(&hub.counters.slow_disconnects),
        Ended::HeartbeatTimeout => Some(&hub.counters.heartbeat_timeouts),
        _ => None,
    };
    if let Some(counter) = counter {
        counter.fetch_add(1, Ordering::Relaxed);
    }
    let (code, reason) = ended.close_frame();
    conn.close(code, reason).await;
    ended
}

/// What the client sent, as the step it leads to.
async fn on_incoming<S, E>(
    conn: &mut Connection<S>,
    incoming: Option<Result<Message, E>>,
    last_pong: &mut Instant,
    hub: &Hub,
) -> Result<(), Ended>
where
    S: Sink<Message> + Unpin,
    E: std::error::Error + 'static,
{
    match incoming {
        None | Some(Ok(Message::Close(_))) => Err(Ended::ClientClosed),
        Some(Err(err)) => Err(read_failure(&err)),
        Some(Ok(Message::Text(text))) if text.len() > conn.options.max_message_bytes => {
            Err(Ended::TooBig)
        }
        Some(Ok(Message::Text(text))) => conn.on_client_text(&text, hub).await,
        Some(Ok(Message::Pong(_))) => {
            *last_pong = Instant::now();
            Ok(())
        }
        Some(Ok(Message::Ping(_))) => Ok(()),
        Some(Ok(Message::Binary(_))) => Err(Ended::Unsupported),
    }
}

async fn run<S, R, E>(
    conn: &mut Connection<S>,
    stream: &mut R,
    hub: &Hub,
    shutdown: &mut tokio::sync::watch::Receiver<bool>,
) -> Ended
where
    S: Sink<Message> + Unpin,
    R: Stream<Item = Result<Message, E>> + Unpin,
    E: std::error::Error + 'static,
{
    let mut heartbeat = tokio::time::interval(conn.options.heartbeat);
    heartbeat.tick().await;
    let mut window = tokio::time::interval(Duration::from_secs(1));
    window.tick().await;
    let mut last_pong = Instant::now();
    loop {
        let step: Result<(), Ended> = tokio::select! {
            _ = shutdown.changed() => Err(Ended::Shutdown),
            incoming = stream.next() => on_incoming(conn, incoming, &mut last_pong, hub).await,
            (topic, event) = next_event(&mut conn.subscriptions) => match event {
                Ok(frame) => conn.forward(&frame).await,
                Err(RecvError::Lagged(missed)) => conn.on_lag(topic, missed, hub).await,
                Err(RecvError::Closed) => Err(Ended::Shutdown),
            },
            _ = heartbeat.tick() => {
                if last_pong.elapsed() > conn.options.heartbeat_timeout {
                    Err(Ended::HeartbeatTimeout)
                } else {
                    conn.send(Message::Ping(Vec::new().into())).await
                }
            },
            _ = window.tick() => conn.tick_window().await,
        };
        if let Err(ended) = step {
            return ended;
        }
    }
}

#[cfg(test)]
mod tests;
