//! Load benchmark of the web side: the real `keyrx run --virtual` daemon, 5,000 injected key
//! events per second, first with no WebSocket clients, then with 100 (half of them never read).
//! Prints the key path's processing time, drops and memory of each run.
//!
//! ```sh
//! cargo build --release -p keyrx_daemon
//! cargo run --release -p keyrx_daemon --example ws_load -- target/release/keyrx 60
//! ```

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

struct Daemon {
    child: Child,
    port: u16,
    token: String,
    home: std::path::PathBuf,
}

impl Daemon {
    fn start(binary: &str, port: u16) -> Daemon {
        let home = std::env::temp_dir().join(format!("keyrx-load-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&home).unwrap();
        let child = Command::new(binary)
            .args([
                "run",
                "--virtual",
                "--web-bind",
                &format!("127.0.0.1:{port}"),
            ])
            .env("HOME", &home)
            .env_remove("XDG_STATE_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting keyrx");
        let token_path = home.join(".local/state/keyrx/token");
        let started = Instant::now();
        while !token_path.exists() && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
        let token = std::fs::read_to_string(token_path)
            .expect("the token")
            .trim()
            .to_string();
        Daemon {
            child,
            port,
            token,
            home,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    async fn stats(&self, client: &reqwest::Client) -> Value {
        client
            .get(self.url("/api/v1/stats"))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
            .unwrap_or(0)
    }

    fn stop(mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

/// 5,000 events a second: ten requests a second, each with 250 taps.
async fn inject_for(daemon: &Daemon, seconds: u64) {
    let client = reqwest::Client::new();
    let keys = ["a", "s", "d", "f", "j", "k", "l", "e", "r", "t"];
    let body: String = (0..250)
        .map(|i| format!("d:{0} u:{0} ", keys[i % keys.len()]))
        .collect();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    for _ in 0..seconds * 10 {
        tick.tick().await;
        let r = client
            .post(daemon.url("/api/v1/inject"))
            .bearer_auth(&daemon.token)
            .json(&json!({ "input": body }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
    }
}

/// A subscribed client; readers keep reading, the others never read again.
async fn client(daemon_port: u16, token: String, reads: bool) -> tokio::task::JoinHandle<()> {
    let mut request = format!("ws://127.0.0.1:{daemon_port}/api/v1/ws")
        .into_client_request()
        .unwrap();
    let protocols = format!("keyrx.v1, keyrx-token.{token}");
    request
        .headers_mut()
        .insert("sec-websocket-protocol", protocols.parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("socket");
    let subscribe = json!({"type": "subscribe", "topics": ["keys", "state", "stats"]});
    ws.send(Message::Text(subscribe.to_string().into()))
        .await
        .unwrap();
    tokio::spawn(async move {
        if reads {
            while let Some(Ok(_)) = ws.next().await {}
        } else {
            std::future::pending::<()>().await;
            drop(ws);
        }
    })
}

async fn run(binary: &str, port: u16, clients: usize, seconds: u64) -> Value {
    let daemon = Daemon::start(binary, port);
    let mut tasks = Vec::new();
    for i in 0..clients {
        tasks.push(client(port, daemon.token.clone(), i % 2 == 0).await);
    }
    let rss_idle = daemon.rss_kb();
    inject_for(&daemon, seconds).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let stats = daemon.stats(&reqwest::Client::new()).await;
    let rss_end = daemon.rss_kb();
    for t in tasks {
        t.abort();
    }
    daemon.stop();
    json!({ "clients": clients, "rss_idle_kb": rss_idle, "rss_end_kb": rss_end, "stats": stats })
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let binary = args.get(1).map_or("target/release/keyrx", String::as_str);
    let seconds: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(60);
    for (clients, port) in [(0, 19871), (100, 19872)] {
        let r = run(binary, port, clients, seconds).await;
        let s = &r["stats"];
        println!(
            "clients={clients:3} events={} processing_ns p50={} p99={} max={} handoff_dropped={} lagged={} slow_disconnects={} heartbeat_timeouts={} subscribers={} rss_idle={} KiB rss_end={} KiB",
            s["input_events"],
            s["processing_ns"]["p50"],
            s["processing_ns"]["p99"],
            s["processing_ns"]["max"],
            s["handoff_dropped"],
            s["broadcast"]["lagged"],
            s["broadcast"]["slow_disconnects"],
            s["broadcast"]["heartbeat_timeouts"],
            s["broadcast"]["subscribers"],
            r["rss_idle_kb"],
            r["rss_end_kb"]
        );
    }
}
