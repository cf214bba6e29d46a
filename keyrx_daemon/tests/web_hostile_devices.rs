//! Injection under 20,000 device names, from a hostile client: the virtual backend keeps at
//! most 32 devices, so memory stays flat. A test binary of its own, so no other test's memory
//! shows in the figure.

mod web_support;

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use web_support::{Daemon, Socket};

/// Names per request: 8,000 steps in about 100 KB, under the input limits.
const NAMES_PER_REQUEST: usize = 4_000;

fn rss_bytes() -> u64 {
    keyrx_daemon::web::rest::rss_bytes()
}

async fn inject_names(d: &Daemon, prefix: &str, batch: usize) {
    let input: String = (0..NAMES_PER_REQUEST)
        .map(|i| format!("@{prefix}{batch}-{i} d:a @{prefix}{batch}-{i} u:a "))
        .collect();
    let response = d.post("/api/v1/inject", json!({ "input": input })).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

/// Waits until the key thread has handled everything injected so far: a marker injected after
/// it comes back on the key stream (retried, since observers may drop events under load).
async fn drained(d: &Daemon, ws: &mut Socket) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while tokio::time::Instant::now() < deadline {
        let marker = d.post(
            "/api/v1/inject",
            json!({"input": "@marker d:f24 @marker u:f24"}),
        );
        assert_eq!(marker.await.status(), StatusCode::NO_CONTENT);
        let wait = tokio::time::sleep(Duration::from_millis(500));
        tokio::pin!(wait);
        loop {
            tokio::select! {
                _ = &mut wait => break,
                message = ws.next() => {
                    let Some(Ok(Message::Text(text))) = message else { continue };
                    let m: Value = serde_json::from_str(&text).unwrap();
                    if m["type"] == "key" && m["input"]["key"] == "f24" {
                        return;
                    }
                }
            }
        }
    }
    panic!("the injected input was not handled within 60 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_thousand_device_names_keep_at_most_32_devices_and_rss_flat() {
    let d = Daemon::start_with(|o| o.ws.keys_per_second = 1_000_000);
    let mut ws = d.socket(&["keys"]).await;
    // Warm up: allocator pools, the first 32 engines, the channels.
    inject_names(&d, "warm", 0).await;
    drained(&d, &mut ws).await;
    let before = rss_bytes();
    for batch in 0..5 {
        inject_names(&d, "n", batch).await;
    }
    drained(&d, &mut ws).await;
    let grown = rss_bytes().saturating_sub(before);
    eprintln!("RSS grew by {} KiB over 20,000 device names", grown / 1024);
    assert!(grown < 16 << 20, "RSS grew by {} KiB", grown / 1024);
    let status: Value = d.get("/api/v1/status").await.json().await.unwrap();
    let devices = status["devices"].as_u64().unwrap();
    assert!((1..=32).contains(&devices), "{devices} devices attached");
    d.stop();
}
