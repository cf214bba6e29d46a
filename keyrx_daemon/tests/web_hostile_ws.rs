//! Hostile and heavy WebSocket clients on a real server: bursts of key events disconnect
//! nobody who reads (or did not subscribe), a client that never reads is dropped by the send
//! timeout alone, and frames are bounded at their header, with the documented close codes.

mod web_support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use web_support::{Daemon, Socket, next_of, rss_kb};

/// One test at a time: they measure this process's memory and load both cores.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const BURST: usize = 2_000;

/// What a promptly reading client saw.
#[derive(Default, Debug)]
struct Seen {
    messages: u64,
    keys: u64,
    stats: u64,
    lagged: Vec<Value>,
    ended: Option<String>,
}

/// Reads everything as it comes until `stop`, then hands the socket back.
fn read_promptly(
    mut ws: Socket,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> (Arc<Mutex<Seen>>, tokio::task::JoinHandle<Socket>) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let record = seen.clone();
    let task = tokio::spawn(async move {
        loop {
            let next = tokio::select! {
                next = ws.next() => next,
                _ = stop.changed() => return ws,
            };
            let mut seen = record.lock().unwrap();
            match next {
                Some(Ok(Message::Text(text))) => {
                    let m: Value = serde_json::from_str(&text).unwrap();
                    seen.messages += 1;
                    match m["type"].as_str() {
                        Some("key") => seen.keys += 1,
                        Some("stats") => seen.stats += 1,
                        Some("lagged") => seen.lagged.push(m),
                        _ => {}
                    }
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                other => {
                    seen.ended = Some(format!("{other:?}"));
                    return ws;
                }
            }
        }
    });
    (seen, task)
}

/// Types one burst of key events and waits until the bridge has published them.
async fn burst(d: &Daemon) {
    let hub = d.hub();
    let sent = |h: &keyrx_daemon::web::bridge::Hub| {
        h.counters.sent.load(std::sync::atomic::Ordering::Relaxed)
    };
    let before = sent(&hub);
    d.type_key("a", BURST / 2);
    let deadline = Instant::now() + Duration::from_secs(10);
    while sent(&hub) < before + BURST as u64 {
        assert!(Instant::now() < deadline, "the burst was not published");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn answers_ping(ws: &mut Socket) {
    let ping = serde_json::json!({"type": "ping", "nonce": 77}).to_string();
    ws.send(Message::Text(ping.into())).await.unwrap();
    assert_eq!(next_of(ws, "pong").await["nonce"], 77);
}

fn slow_disconnects(d: &Daemon) -> u64 {
    let hub = d.hub();
    hub.counters
        .slow_disconnects
        .load(std::sync::atomic::Ordering::Relaxed)
}

/// Five bursts of 2,000 key events: a stats-only client gets its stats and nothing else, an
/// unsubscribed client gets nothing, a keys client reading promptly gets its cap's worth and
/// at most lag notices for `keys`; none is disconnected and all still answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bursts_disconnect_nobody_who_reads_or_did_not_subscribe() {
    let _serial = SERIAL.lock().await;
    let d = Daemon::start();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (stats_seen, stats_task) = read_promptly(d.socket(&["stats"]).await, stopped.clone());
    let mut bare = d.try_socket(Some(d.token.clone()), None).await.unwrap();
    next_of(&mut bare, "hello").await;
    let (bare_seen, bare_task) = read_promptly(bare, stopped.clone());
    let (keys_seen, keys_task) = read_promptly(d.socket(&["keys"]).await, stopped);
    for _ in 0..5 {
        burst(&d).await;
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    while stats_seen.lock().unwrap().stats == 0 {
        assert!(Instant::now() < deadline, "no stats within 3 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.send(true).unwrap();
    let mut sockets = [stats_task, bare_task, keys_task];
    let mut sockets = [
        (&mut sockets[0]).await.unwrap(),
        (&mut sockets[1]).await.unwrap(),
        (&mut sockets[2]).await.unwrap(),
    ];
    for seen in [&stats_seen, &bare_seen, &keys_seen] {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.ended, None, "disconnected: {seen:?}");
        for lag in &seen.lagged {
            assert_eq!(lag["topic"], "keys", "only the bursting topic lags: {lag}");
            assert!(lag["missed"].as_u64().unwrap() > 0);
        }
    }
    {
        let stats = stats_seen.lock().unwrap();
        assert!(
            stats.lagged.is_empty(),
            "a stats client never lags on keys: {stats:?}"
        );
        assert_eq!(stats.messages, stats.stats, "nothing but stats: {stats:?}");
        let bare = bare_seen.lock().unwrap();
        assert_eq!(
            bare.messages, 0,
            "an unsubscribed client gets nothing: {bare:?}"
        );
        let keys = keys_seen.lock().unwrap();
        assert!(keys.keys >= 200, "the key cap's worth at least: {keys:?}");
        println!("keys client: {keys:?}");
    }
    assert_eq!(slow_disconnects(&d), 0);
    for ws in &mut sockets {
        answers_ping(ws).await;
    }
    d.stop();
}

/// A WebSocket client over a socket whose receive buffer is tiny, so the server's sends stall
/// as soon as it stops reading.
async fn never_reading_client(d: &Daemon) -> tokio_tungstenite::WebSocketStream<TcpStream> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(d.addr).await.unwrap();
    let mut request = format!("ws://{}/api/v1/ws", d.addr)
        .into_client_request()
        .unwrap();
    let protocols = format!("keyrx.v1, keyrx-token.{}", d.token);
    request
        .headers_mut()
        .insert("sec-websocket-protocol", protocols.parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::client_async(request, stream)
        .await
        .unwrap();
    let subscribe = serde_json::json!({"type": "subscribe", "topics": ["keys"]});
    ws.send(Message::Text(subscribe.to_string().into()))
        .await
        .unwrap();
    ws
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_reads_is_dropped_by_the_send_timeout_alone() {
    let _serial = SERIAL.lock().await;
    const SEND_TIMEOUT: Duration = Duration::from_secs(1);
    let d = Daemon::start_with(|o| {
        o.ws.send_timeout = SEND_TIMEOUT;
        o.ws.keys_per_second = u32::MAX;
    });
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (reader_seen, reader) = read_promptly(d.socket(&["keys"]).await, stopped);
    let _stalled = never_reading_client(&d).await;
    let mut bursts = 0;
    while slow_disconnects(&d) == 0 && bursts < 30 {
        burst(&d).await;
        bursts += 1;
    }
    let injected = Instant::now();
    while slow_disconnects(&d) == 0 {
        assert!(
            injected.elapsed() < SEND_TIMEOUT + Duration::from_secs(2),
            "a client that stopped reading was kept"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.send(true).unwrap();
    let mut reader = reader.await.unwrap();
    {
        let seen = reader_seen.lock().unwrap();
        assert_eq!(seen.ended, None, "the reading client stays: {seen:?}");
        println!(
            "the stalled client was dropped after {bursts} bursts; the reader got {} key events",
            seen.keys
        );
    }
    assert_eq!(slow_disconnects(&d), 1);
    answers_ping(&mut reader).await;
    d.stop();
}

// Raw frames, for what a well-behaved client library will not send.

/// Upgrades a raw connection and consumes the server's hello.
async fn raw_socket(d: &Daemon) -> TcpStream {
    let mut conn = TcpStream::connect(d.addr).await.unwrap();
    let request = format!(
        "GET /api/v1/ws HTTP/1.1\r\nhost: {}\r\nconnection: upgrade\r\nupgrade: websocket\r\n\
         sec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         sec-websocket-protocol: keyrx.v1, keyrx-token.{}\r\n\r\n",
        d.addr, d.token
    );
    conn.write_all(request.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        head.push(conn.read_u8().await.unwrap());
    }
    assert!(head.starts_with(b"HTTP/1.1 101"));
    let (opcode, hello) = server_frame(&mut conn).await.unwrap();
    assert_eq!((opcode, hello.starts_with(b"{\"seq\":1")), (1, true));
    conn
}

/// A client frame header (masked, with a zero key, so the payload goes as it is).
fn frame_header(fin: bool, opcode: u8, len: u64) -> Vec<u8> {
    let mut header = vec![if fin { 0x80 } else { 0 } | opcode];
    match len {
        0..=125 => header.push(0x80 | len as u8),
        126..=0xffff => {
            header.push(0x80 | 126);
            header.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            header.push(0x80 | 127);
            header.extend_from_slice(&len.to_be_bytes());
        }
    }
    header.extend_from_slice(&[0; 4]);
    header
}

fn frame(fin: bool, opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mut bytes = frame_header(fin, opcode, payload.len() as u64);
    bytes.extend_from_slice(payload);
    bytes
}

/// One unmasked server frame: opcode and payload.
async fn server_frame(r: &mut (impl AsyncRead + Unpin)) -> std::io::Result<(u8, Vec<u8>)> {
    let opcode = r.read_u8().await? & 0x0f;
    let len = match r.read_u8().await? & 0x7f {
        126 => u64::from(r.read_u16().await?),
        127 => r.read_u64().await?,
        n => u64::from(n),
    };
    let mut payload = vec![0; len as usize];
    r.read_exact(&mut payload).await?;
    Ok((opcode, payload))
}

/// The close code the server sends, skipping other frames; `None` if the connection ended
/// without one. Panics if nothing ends within `limit`.
async fn close_code(r: &mut (impl AsyncRead + Unpin), limit: Duration) -> Option<u16> {
    let wait = async {
        loop {
            match server_frame(r).await {
                Ok((8, payload)) => {
                    return payload.get(..2).map(|c| u16::from_be_bytes([c[0], c[1]]));
                }
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    };
    tokio::time::timeout(limit, wait)
        .await
        .expect("the connection was not closed in time")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_frames_close_with_their_codes() {
    let _serial = SERIAL.lock().await;
    let d = Daemon::start();
    let limit = 64 * 1024u64;
    let cases: [(&str, Vec<u8>, u16); 5] = [
        (
            "a 16 MiB frame header",
            frame_header(true, 1, 16 << 20),
            1009,
        ),
        (
            "one byte over the frame limit",
            frame_header(true, 1, limit + 1),
            1009,
        ),
        (
            "invalid UTF-8",
            frame(true, 1, &[0x7b, 0xff, 0xfe, 0x7d]),
            1007,
        ),
        ("binary", frame(true, 2, b"{}"), 1003),
        (
            "a message over the limit in small frames",
            {
                let chunk = vec![b' '; 16 * 1024];
                let mut bytes = frame(false, 1, &chunk);
                for _ in 0..4 {
                    bytes.extend(frame(false, 0, &chunk));
                }
                bytes
            },
            1009,
        ),
    ];
    for (what, bytes, code) in cases {
        let mut conn = raw_socket(&d).await;
        let sent = Instant::now();
        conn.write_all(&bytes).await.unwrap();
        assert_eq!(
            close_code(&mut conn, Duration::from_secs(1)).await,
            Some(code),
            "{what}"
        );
        assert!(
            sent.elapsed() < Duration::from_millis(500),
            "{what}: {:?}",
            sent.elapsed()
        );
    }
    // A message of exactly the limit is accepted (and answered as a malformed message).
    let mut conn = raw_socket(&d).await;
    conn.write_all(&frame(true, 1, &vec![b' '; limit as usize]))
        .await
        .unwrap();
    let (opcode, reply) = server_frame(&mut conn).await.unwrap();
    assert_eq!(opcode, 1);
    assert!(String::from_utf8_lossy(&reply).contains("\"type\":\"error\""));
    d.stop();
}

/// Twenty clients announce 16 MiB frames and trickle data: each is cut off at once and the
/// server buffers no more than the frame limit for any of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_trickling_huge_frames_are_cut_off_without_being_buffered() {
    let _serial = SERIAL.lock().await;
    const CLIENTS: usize = 20;
    const TRICKLE: usize = 1024 * 1024;
    let d = Daemon::start();
    let mut conns = Vec::new();
    for _ in 0..CLIENTS {
        conns.push(raw_socket(&d).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let rss_before = rss_kb();
    let started = Instant::now();
    let clients = conns.into_iter().map(|conn| async move {
        let (mut read, mut write) = conn.into_split();
        let trickle = async move {
            if write
                .write_all(&frame_header(true, 1, 16 << 20))
                .await
                .is_err()
            {
                return;
            }
            let chunk = vec![b'x'; 16 * 1024];
            for _ in 0..TRICKLE / chunk.len() {
                if write.write_all(&chunk).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        };
        let (_, code) = tokio::join!(trickle, close_code(&mut read, Duration::from_secs(5)));
        code
    });
    let codes = futures_util::future::join_all(clients).await;
    let took = started.elapsed();
    let grown = rss_kb().saturating_sub(rss_before);
    println!(
        "{CLIENTS} trickling clients: cut off within {took:?}, RSS +{grown} KiB, codes {codes:?}"
    );
    // Old behaviour: each held until its 16 MiB arrived (or its trickle of 1 MiB, buffered).
    assert!(
        took < Duration::from_millis(1500),
        "trickling clients were kept for {took:?}"
    );
    assert!(
        codes.iter().all(|c| matches!(c, Some(1009) | None)),
        "{codes:?}"
    );
    let bound = (CLIENTS as u64 * 64) + 4 * 1024;
    assert!(grown < bound, "RSS grew by {grown} KiB (bound {bound} KiB)");
    d.stop();
}
