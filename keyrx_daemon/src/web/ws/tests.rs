//! The connection's behaviour on a fake socket, with paused time.

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
