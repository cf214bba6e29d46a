//! Leak tests that can fail: thousands of clients come and go, and the subscriber count, the
//! server's live tasks and the resident memory return to where they started.

mod web_support;

use std::time::Duration;

use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::Message;
use web_support::Daemon;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4)
}

/// Waits until the server has let go of every client (they leave asynchronously).
async fn settle(d: &Daemon, tasks_before: usize) {
    for _ in 0..400 {
        if d.hub_subscribers() == 0 && d.alive_tasks() <= tasks_before {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn cycle(d: &Daemon) {
    let mut ws = d.socket(&["keys", "state", "stats"]).await;
    let _ = ws.send(Message::Close(None)).await;
}

/// `n` cycles, 50 clients at a time.
async fn cycles(d: &Daemon, n: usize) {
    let mut batch = Vec::new();
    for i in 0..n {
        batch.push(cycle(d));
        if batch.len() == 50 || i + 1 == n {
            futures_util::future::join_all(batch.drain(..)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_connect_subscribe_disconnect_cycles_leave_nothing_behind() {
    let d = Daemon::start_with(|o| o.requests_per_second = 1e6);
    // Warm up with the same concurrency (allocator arenas grow to their working size within a
    // few thousand cycles, then stay flat), so growth after the baseline means a leak.
    cycles(&d, 3_000).await;
    settle(&d, usize::MAX).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let tasks_before = d.alive_tasks();
    let rss_before = rss_kb();
    cycles(&d, 10_000).await;
    settle(&d, tasks_before).await;
    assert_eq!(
        d.hub_subscribers(),
        0,
        "every subscription ended with its client"
    );
    assert_eq!(
        d.hub()
            .counters
            .clients
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );
    assert!(
        d.alive_tasks() <= tasks_before,
        "tasks: {} before, {} after",
        tasks_before,
        d.alive_tasks()
    );
    let grown = rss_kb().saturating_sub(rss_before);
    assert!(
        grown < 4 * 1024,
        "RSS grew by {grown} KiB over 10,000 cycles"
    );
    d.stop();
}

#[test]
fn the_broadcast_is_bounded_and_a_lagging_receiver_sees_at_most_its_capacity() {
    let hub = keyrx_daemon::web::bridge::Hub::new(1000);
    // The broadcast keeps a power of two: 1,000 asked, 1,024 kept.
    assert_eq!(hub.capacity, 1024);
    let mut rx = hub.subscribe(keyrx_daemon::web::wire::Topic::Keys);
    for i in 0..1500u64 {
        let frame = keyrx_daemon::web::bridge::Frame {
            topic: keyrx_daemon::web::wire::Topic::Keys,
            json: format!("{{\"id\":{i}}}"),
        };
        hub.publish(std::sync::Arc::new(frame));
    }
    let mut received = 0u64;
    let mut lagged = 0u64;
    loop {
        match rx.try_recv() {
            Ok(_) => received += 1,
            Err(tokio::sync::broadcast::error::TryRecvError::Lagged(n)) => lagged += n,
            Err(_) => break,
        }
    }
    assert!(received <= hub.capacity as u64, "received {received}");
    assert_eq!(
        received + lagged,
        1500,
        "every event is either received or counted as missed"
    );
    assert_eq!(lagged, 1500 - 1024);
}
