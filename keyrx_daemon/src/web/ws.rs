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
mod tests {
    use super::*;
    use futures_util::stream;
    use tokio::sync::mpsc;

    type Incoming = Result<Message, std::io::Error>;

    /// A fake socket: what the server sends arrives on `sent`; what the client says goes in
    /// through `client`.
    fn socket() -> (
        impl Sink<Message> + Unpin,
        mpsc::UnboundedReceiver<Message>,
        mpsc::UnboundedSender<Incoming>,
        impl Stream<Item = Incoming> + Unpin,
    ) {
        let (sent_tx, sent) = mpsc::unbounded_channel::<Message>();
        let sink = Box::pin(futures_util::sink::unfold(
            sent_tx,
            |tx, m: Message| async move {
                tx.send(m).map_err(|_| std::io::Error::other("closed"))?;
                Ok::<_, std::io::Error>(tx)
            },
        ));
        let (client, rx) = mpsc::unbounded_channel::<Incoming>();
        let incoming = Box::pin(stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|m| (m, rx))
        }));
        (sink, sent, client, incoming)
    }

    fn text(m: &Message) -> serde_json::Value {
        match m {
            Message::Text(t) => serde_json::from_str(t).unwrap(),
            other => panic!("not text: {other:?}"),
        }
    }

    fn frame(hub: &Hub, topic: Topic, id: u64) {
        let json = format!("{{\"id\":{id},\"type\":\"test\"}}");
        hub.publish(Arc::new(Frame { topic, json }));
    }

    /// A connection being served on the fake socket, for tests that need the task too.
    struct Served {
        sent: mpsc::UnboundedReceiver<Message>,
        client: mpsc::UnboundedSender<Incoming>,
        task: tokio::task::JoinHandle<Ended>,
        _stop: tokio::sync::watch::Sender<bool>,
    }

    fn connect(hub: &Hub, options: WsOptions) -> Served {
        let (sink, sent, client, incoming) = socket();
        let (stop, shutdown) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(serve(sink, incoming, hub.clone(), options, shutdown));
        Served {
            sent,
            client,
            task,
            _stop: stop,
        }
    }

    fn client_says(client: &mpsc::UnboundedSender<Incoming>, json: &str) {
        client
            .send(Ok(Message::Text(json.to_string().into())))
            .unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn hello_then_only_subscribed_topics_in_sequence() {
        let hub = Hub::new(16);
        let Served {
            mut sent,
            client,
            task,
            _stop,
        } = connect(&hub, WsOptions::default());
        let hello = text(&sent.recv().await.unwrap());
        assert_eq!(
            (
                hello["type"].as_str(),
                hello["seq"].as_u64(),
                hello["protocol"].as_u64()
            ),
            (Some("hello"), Some(1), Some(1))
        );
        client_says(&client, r#"{"type":"subscribe","topics":["state"]}"#);
        assert_eq!(
            text(&sent.recv().await.unwrap())["topics"],
            serde_json::json!(["state"])
        );
        frame(&hub, Topic::Keys, 1);
        frame(&hub, Topic::State, 2);
        let got = text(&sent.recv().await.unwrap());
        assert_eq!(
            (got["id"].as_u64(), got["seq"].as_u64()),
            (Some(2), Some(3)),
            "keys was not subscribed"
        );
        client_says(&client, r#"{"type":"nonsense"}"#);
        assert_eq!(text(&sent.recv().await.unwrap())["type"], "error");
        client_says(&client, r#"{"type":"ping","nonce":9}"#);
        assert_eq!(text(&sent.recv().await.unwrap())["nonce"], 9);
        drop(client);
        assert_eq!(task.await.unwrap(), Ended::ClientClosed);
        assert_eq!(
            hub.subscribers(),
            0,
            "the subscription ended with the client"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_lagging_client_is_told_how_much_it_missed_and_stays() {
        let hub = Hub::new(4);
        let Served {
            mut sent,
            client,
            task,
            _stop,
        } = connect(&hub, WsOptions::default());
        sent.recv().await.unwrap();
        client_says(&client, r#"{"type":"subscribe","topics":["state"]}"#);
        sent.recv().await.unwrap();
        for round in 0..10u64 {
            for id in 0..10 {
                frame(&hub, Topic::State, 100 * round + id);
            }
            let lag = text(&sent.recv().await.unwrap());
            assert_eq!(
                (
                    lag["type"].as_str(),
                    lag["topic"].as_str(),
                    lag["missed"].as_u64()
                ),
                (Some("lagged"), Some("state"), Some(6))
            );
            for id in 6..10 {
                let m = text(&sent.recv().await.unwrap());
                assert_eq!(
                    m["id"].as_u64(),
                    Some(100 * round + id),
                    "the newest are kept"
                );
            }
        }
        assert!(
            !task.is_finished(),
            "lagging ten times in a row is no reason to leave"
        );
        assert_eq!(hub.counters.lagged.load(Ordering::Relaxed), 60);
        assert_eq!(hub.counters.slow_disconnects.load(Ordering::Relaxed), 0);
    }

    /// Bursts on topics a client did not subscribe to never reach its receivers: it neither
    /// lags nor wakes for them.
    #[tokio::test(start_paused = true)]
    async fn a_burst_on_one_topic_costs_clients_of_other_topics_nothing() {
        let hub = Hub::new(1024);
        let mut stats_only = connect(&hub, WsOptions::default());
        let mut unsubscribed = connect(&hub, WsOptions::default());
        stats_only.sent.recv().await.unwrap();
        unsubscribed.sent.recv().await.unwrap();
        client_says(
            &stats_only.client,
            r#"{"type":"subscribe","topics":["stats"]}"#,
        );
        stats_only.sent.recv().await.unwrap();
        assert_eq!(
            hub.subscribers(),
            1,
            "an unsubscribed client holds no receiver"
        );
        for burst in 0..5u64 {
            for id in 0..2_500 {
                frame(&hub, Topic::Keys, burst * 10_000 + id);
            }
            frame(&hub, Topic::Stats, burst);
            let got = text(&stats_only.sent.recv().await.unwrap());
            assert_eq!(
                (got["type"].as_str(), got["id"].as_u64()),
                (Some("test"), Some(burst))
            );
        }
        tokio::task::yield_now().await;
        assert!(stats_only.sent.try_recv().is_err(), "nothing but its stats");
        assert!(unsubscribed.sent.try_recv().is_err(), "nothing at all");
        assert!(!stats_only.task.is_finished() && !unsubscribed.task.is_finished());
        assert_eq!(hub.counters.lagged.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn read_errors_map_to_their_close_codes() {
        use tungstenite::error::{CapacityError, Error, ProtocolError};
        let too_long = Error::Capacity(CapacityError::MessageTooLong {
            size: 1 << 24,
            max_size: 1 << 16,
        });
        let cases = [
            (too_long, Ended::TooBig, close::TOO_BIG),
            (
                Error::Utf8("bad".into()),
                Ended::InvalidText,
                close::INVALID_TEXT,
            ),
            (
                Error::Protocol(ProtocolError::UnmaskedFrameFromClient),
                Ended::ProtocolError,
                close::PROTOCOL_ERROR,
            ),
            (Error::ConnectionClosed, Ended::ClientClosed, close::NORMAL),
        ];
        for (err, ended, code) in cases {
            // As axum hands it over: its own error type wrapping tungstenite's.
            let wrapped = axum::Error::new(err);
            assert_eq!(read_failure(&wrapped), ended);
            assert_eq!(ended.close_frame().0, code);
        }
        assert_eq!(
            read_failure(&std::io::Error::other("reset")),
            Ended::ClientClosed
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_that_stops_reading_is_disconnected_after_the_send_timeout() {
        let hub = Hub::new(16);
        let never_ready = futures_util::sink::unfold((), |(), _m: Message| async {
            std::future::pending::<()>().await;
            Ok::<_, std::io::Error>(())
        });
        let (_client, rx) = mpsc::unbounded_channel::<Incoming>();
        let incoming = Box::pin(stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|m| (m, rx))
        }));
        let (_stop, shutdown) = tokio::sync::watch::channel(false);
        let ended = serve(
            Box::pin(never_ready),
            incoming,
            hub,
            WsOptions::default(),
            shutdown,
        )
        .await;
        assert_eq!(ended, Ended::TooSlow);
    }

    #[tokio::test(start_paused = true)]
    async fn no_pong_within_the_timeout_closes_with_1008() {
        let hub = Hub::new(16);
        let (sink, mut sent, _client, incoming) = socket();
        let (_stop, shutdown) = tokio::sync::watch::channel(false);
        let options = WsOptions {
            heartbeat: Duration::from_secs(1),
            heartbeat_timeout: Duration::from_secs(3),
            ..WsOptions::default()
        };
        let ended = serve(sink, incoming, hub.clone(), options, shutdown).await;
        assert_eq!(ended, Ended::HeartbeatTimeout);
        assert_eq!(hub.counters.heartbeat_timeouts.load(Ordering::Relaxed), 1);
        let mut last = None;
        while let Ok(m) = sent.try_recv() {
            last = Some(m);
        }
        match last {
            Some(Message::Close(Some(frame))) => assert_eq!(frame.code, close::POLICY),
            other => panic!("expected a close frame, got {other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn key_events_beyond_the_cap_become_a_summary() {
        let hub = Hub::new(64);
        let options = WsOptions {
            keys_per_second: 3,
            ..WsOptions::default()
        };
        let Served {
            mut sent,
            client,
            _stop,
            ..
        } = connect(&hub, options);
        sent.recv().await.unwrap();
        client_says(&client, r#"{"type":"subscribe","topics":["keys"]}"#);
        sent.recv().await.unwrap();
        for id in 0..10 {
            frame(&hub, Topic::Keys, id);
        }
        for _ in 0..3 {
            assert_eq!(text(&sent.recv().await.unwrap())["type"], "test");
        }
        let summary = text(&sent.recv().await.unwrap());
        assert_eq!(
            (summary["type"].as_str(), summary["suppressed"].as_u64()),
            (Some("keys_summary"), Some(7))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn without_the_key_stream_keys_cannot_be_subscribed() {
        let hub = Hub::new(16);
        let options = WsOptions {
            key_stream: false,
            ..WsOptions::default()
        };
        let Served {
            mut sent,
            client,
            _stop,
            ..
        } = connect(&hub, options);
        let hello = text(&sent.recv().await.unwrap());
        assert_eq!(hello["key_stream"], false);
        client_says(&client, r#"{"type":"subscribe","topics":["keys","stats"]}"#);
        assert_eq!(text(&sent.recv().await.unwrap())["type"], "error");
        assert_eq!(
            text(&sent.recv().await.unwrap())["topics"],
            serde_json::json!(["stats"])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn decisions_are_wanted_exactly_while_someone_subscribes_to_keys() {
        let hub = Hub::new(16);
        let first = connect(&hub, WsOptions::default());
        let mut second = connect(&hub, WsOptions::default());
        let mut first_sent = first.sent;
        first_sent.recv().await.unwrap();
        second.sent.recv().await.unwrap();
        assert!(!hub.decisions.wanted());
        client_says(&first.client, r#"{"type":"subscribe","topics":["keys"]}"#);
        first_sent.recv().await.unwrap();
        client_says(
            &second.client,
            r#"{"type":"subscribe","topics":["keys","stats"]}"#,
        );
        second.sent.recv().await.unwrap();
        assert!(hub.decisions.wanted());
        client_says(
            &second.client,
            r#"{"type":"unsubscribe","topics":["keys"]}"#,
        );
        second.sent.recv().await.unwrap();
        assert!(hub.decisions.wanted(), "the first client still listens");
        drop(first.client);
        assert_eq!(first.task.await.unwrap(), Ended::ClientClosed);
        assert!(!hub.decisions.wanted(), "nobody listens any more");
    }
}
