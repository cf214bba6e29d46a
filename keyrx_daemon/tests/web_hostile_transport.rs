//! Hostile clients against the HTTP transport, on a real server: silent and half-sent
//! connections are cut at their timeouts, a flood cannot take the server's descriptors or
//! memory or shut out health checks, a full server answers at once, and every rejection has
//! the documented JSON shape.

mod web_support;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use web_support::{Daemon, open_fds, rss_kb};

const HEADER_TIMEOUT: Duration = Duration::from_secs(1);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(1);
/// How late a timeout may be noticed on a loaded two-core machine.
const SLACK: Duration = Duration::from_millis(1500);

/// One test at a time: they count this process's descriptors and memory.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn capped_daemon(max_connections: usize, header: Duration, request: Duration) -> Daemon {
    Daemon::start_with(|o| {
        o.max_connections = max_connections;
        o.header_timeout = header;
        o.request_timeout = request;
        o.requests_per_second = 1e6;
    })
}

fn hostile_daemon(max_connections: usize) -> Daemon {
    capped_daemon(max_connections, HEADER_TIMEOUT, REQUEST_TIMEOUT)
}

/// Reads until the server closes the connection, within `limit`; what it sent and when.
async fn until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Duration) {
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let read = tokio::time::timeout_at((start + limit).into(), stream.read(&mut buf)).await;
        match read {
            Ok(Ok(0)) | Ok(Err(_)) => {
                return (String::from_utf8_lossy(&got).into(), start.elapsed());
            }
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("still open after {limit:?}"),
        }
    }
}

/// A raw connection that has sent `text`.
async fn sending(d: &Daemon, text: &str) -> TcpStream {
    let mut conn = TcpStream::connect(d.addr).await.unwrap();
    conn.write_all(text.as_bytes()).await.unwrap();
    conn
}

/// An authenticated upload whose body stops after its first byte.
fn half_sent_upload(d: &Daemon) -> String {
    format!(
        "POST /api/v1/validate HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {}\r\n\
         content-type: application/json\r\ncontent-length: 1000\r\n\r\n{{",
        d.addr, d.token
    )
}

/// The error code in a raw HTTP answer's JSON body.
fn raw_error_code(answer: &str) -> Value {
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let json: Value = serde_json::from_str(body).unwrap_or_default();
    json["error"]["code"].clone()
}

/// `/healthz` on a fresh connection: asserts it answers `ok` and returns how long it took.
async fn health_latency(d: &Daemon) -> Duration {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let start = Instant::now();
    let response = client.get(d.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "ok");
    start.elapsed()
}

fn assert_within(what: &str, took: Duration, bound: Duration) {
    assert!(
        took >= bound.saturating_sub(Duration::from_millis(50)) && took <= bound + SLACK,
        "{what} after {took:?}, expected {bound:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_connection_is_closed_at_the_header_timeout() {
    let _serial = SERIAL.lock().await;
    let d = hostile_daemon(64);
    let mut silent = TcpStream::connect(d.addr).await.unwrap();
    let (sent, took) = until_closed(&mut silent, Duration::from_secs(10)).await;
    assert_eq!(sent, "", "nothing is answered to nothing");
    assert_within("closed", took, HEADER_TIMEOUT);
    assert_eq!(d.connections(), 0);
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_keep_alive_connection_is_closed_at_the_header_timeout() {
    let _serial = SERIAL.lock().await;
    let d = hostile_daemon(64);
    let request = format!("GET /healthz HTTP/1.1\r\nhost: {}\r\n\r\n", d.addr);
    let mut conn = sending(&d, &request).await;
    let mut buf = [0u8; 4096];
    let n = conn.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let (_, took) = until_closed(&mut conn, Duration::from_secs(10)).await;
    assert_within("idle keep-alive closed", took, HEADER_TIMEOUT);
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_sent_body_is_answered_408_at_the_request_timeout() {
    let _serial = SERIAL.lock().await;
    let d = hostile_daemon(64);
    let mut conn = sending(&d, &half_sent_upload(&d)).await;
    let (answer, took) = until_closed(&mut conn, Duration::from_secs(10)).await;
    assert_within("answered", took, REQUEST_TIMEOUT);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(raw_error_code(&answer), "request_timeout");
    d.stop();
}

/// A flood of silent connections: the server never holds more than its cap, `/healthz`
/// answers throughout, everything is cut at the header timeout, and descriptors and memory
/// come back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_silent_connections_is_bounded_and_leaves_nothing_behind() {
    let _serial = SERIAL.lock().await;
    const CAP: usize = 64;
    const FLOOD: usize = 2_000;
    let d = hostile_daemon(CAP);
    health_latency(&d).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (fds_before, rss_before) = (open_fds(), rss_kb());
    let mut flood = Vec::with_capacity(FLOOD);
    let mut worst_health = Duration::ZERO;
    let mut most_held = 0;
    for i in 0..FLOOD {
        flood.push(TcpStream::connect(d.addr).await.unwrap());
        if i % 200 == 199 {
            worst_health = worst_health.max(health_latency(&d).await);
            most_held = most_held.max(d.connections());
        }
    }
    let flood_ended = Instant::now();
    most_held = most_held.max(d.connections());
    let server_fds = open_fds().saturating_sub(fds_before + FLOOD);
    println!(
        "flood of {FLOOD}: worst /healthz {worst_health:?}, server held {most_held} \
         connections and {server_fds} extra descriptors, RSS +{} KiB",
        rss_kb().saturating_sub(rss_before)
    );
    assert!(
        worst_health < Duration::from_millis(500),
        "/healthz took {worst_health:?}"
    );
    assert!(most_held <= CAP, "held {most_held} connections");
    assert!(
        // Evicted connections close as soon as their task runs: allow for a few in flight.
        server_fds <= CAP + CAP / 2,
        "the server holds {server_fds} descriptors"
    );
    let (evicted, turned_away) = d.refused_connections();
    // How many were evicted rather than timed out depends on how fast the flood came.
    assert!(
        evicted > 0,
        "a full server made room by evicting silent connections"
    );
    assert_eq!(
        turned_away, 0,
        "silent connections make room, nobody is turned away"
    );
    while d.connections() > 0 {
        assert!(
            flood_ended.elapsed() < HEADER_TIMEOUT + SLACK,
            "{} silent connections outlived the header timeout",
            d.connections()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for conn in &mut flood {
        let (sent, _) = until_closed(conn, Duration::from_millis(500)).await;
        assert_eq!(sent, "");
    }
    drop(flood);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (fds_after, rss_after) = (open_fds(), rss_kb());
    println!(
        "after: {fds_after} descriptors ({fds_before} before), RSS {rss_after} KiB ({rss_before} before)"
    );
    // A test waiting for its turn may start its runtime meanwhile (three descriptors).
    assert!(
        fds_after <= fds_before + 4,
        "{fds_after} descriptors, {fds_before} before"
    );
    let grown = rss_after.saturating_sub(rss_before);
    assert!(grown < 4 * 1024, "RSS grew by {grown} KiB");
    assert!(health_latency(&d).await < Duration::from_millis(500));
    d.stop();
}

/// Connections kept alive after a request are idle too: when they hold every slot, the
/// longest idle one makes room for a newcomer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_alive_connections_make_room_for_newcomers() {
    let _serial = SERIAL.lock().await;
    const CAP: usize = 8;
    let d = capped_daemon(CAP, Duration::from_secs(30), Duration::from_secs(30));
    let request = format!("GET /healthz HTTP/1.1\r\nhost: {}\r\n\r\n", d.addr);
    let mut kept = Vec::new();
    for _ in 0..CAP {
        let mut conn = sending(&d, &request).await;
        let mut answer = Vec::new();
        while !answer.ends_with(b"\r\n\r\nok") {
            let mut buf = [0u8; 1024];
            let n = conn.read(&mut buf).await.unwrap();
            assert!(n > 0, "closed before answering");
            answer.extend_from_slice(&buf[..n]);
        }
        kept.push(conn);
    }
    assert_eq!(d.connections(), CAP);
    assert!(health_latency(&d).await < Duration::from_millis(500));
    assert_eq!(d.refused_connections(), (1, 0));
    let (_, took) = until_closed(&mut kept[0], Duration::from_secs(1)).await;
    assert!(
        took < Duration::from_secs(1),
        "the longest idle one was closed"
    );
    d.stop();
}

/// Every slot has a request in progress (a slow upload): a newcomer gets an immediate 503,
/// before any token is looked at.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_server_turns_newcomers_away_at_once_with_json() {
    let _serial = SERIAL.lock().await;
    const CAP: usize = 4;
    let d = capped_daemon(CAP, Duration::from_secs(30), Duration::from_secs(30));
    let mut slow = Vec::new();
    for _ in 0..CAP {
        slow.push(sending(&d, &half_sent_upload(&d)).await);
    }
    while d.connections() < CAP {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The slow requests have reached the router once their headers are parsed.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let mut newcomer = TcpStream::connect(d.addr).await.unwrap();
    let (answer, took) = until_closed(&mut newcomer, Duration::from_secs(2)).await;
    assert!(took < Duration::from_millis(500), "answered after {took:?}");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert_eq!(raw_error_code(&answer), "too_many_connections");
    assert_eq!(d.refused_connections(), (0, 1));
    assert!(started.elapsed() < Duration::from_secs(1));
    drop(slow);
    d.stop();
}

/// The status and the `{"error":{"code","message"}}` shape of a response.
async fn assert_error(response: reqwest::Response, status: StatusCode, code: &str) {
    assert_eq!(response.status(), status, "{code}");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        content_type.starts_with("application/json"),
        "{code}: {content_type}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"].as_str().unwrap_or("");
    assert!(!message.is_empty(), "{code} has no message: {body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_rejection_is_the_documented_json_shape() {
    let _serial = SERIAL.lock().await;
    let d = Daemon::start_with(|o| o.requests_per_second = 1e6);
    let c = reqwest::Client::new();
    let post = |path: &str| c.post(d.url(path)).bearer_auth(&d.token);
    let get = |path: &str| c.get(d.url(path)).bearer_auth(&d.token);
    let json = ("content-type", "application/json");
    let cases = [
        (
            post("/api/v1/validate")
                .header(json.0, json.1)
                .body("{nope"),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            post("/api/v1/validate")
                .header("content-type", "text/plain")
                .body(r#"{"source":""}"#),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            post("/api/v1/validate").json(&serde_json::json!({"source": 7})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            post("/api/v1/validate")
                .header(json.0, json.1)
                .body(vec![b' '; 1024 * 1024 + 1]),
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
        ),
        (
            post("/api/v1/status"),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            post("/no/such/page"),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (get("/api/v1/nope"), StatusCode::NOT_FOUND, "not_found"),
        // The socket route without the upgrade headers.
        (get("/api/v1/ws"), StatusCode::BAD_REQUEST, "bad_request"),
        (
            c.get(d.url("/api/v1/status")),
            StatusCode::UNAUTHORIZED,
            "no_token",
        ),
    ];
    for (request, status, code) in cases {
        let response = request.send().await.unwrap();
        if status == StatusCode::METHOD_NOT_ALLOWED {
            assert!(response.headers().contains_key("allow"), "Allow is kept");
        }
        assert_error(response, status, code).await;
    }
    d.stop();
}
