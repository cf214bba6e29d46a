//! A whole daemon in-process for the web tests: the runtime on the virtual backend, the bridge,
//! and the web server on an ephemeral port, plus real HTTP and WebSocket clients.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use keyrx_core::config::Config;
use keyrx_daemon::daemon::{Command, RunOptions};
use keyrx_daemon::runtime::EmergencyChord;
use keyrx_daemon::runtime::observe::{Notice, Observer};
use keyrx_daemon::virtual_backend::{self, VirtualInput};
use keyrx_daemon::web::bridge::{self, BridgeHandle};
use keyrx_daemon::web::profiles::ProfileStore;
use keyrx_daemon::web::{Control, WebOptions, WebServer};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub const CONFIG: &str = r#"layer("base", || { map("capslock", tap_hold("esc", "lctrl")); });"#;

pub struct Daemon {
    pub addr: SocketAddr,
    pub token: String,
    server: Option<WebServer>,
    bridge: Option<BridgeHandle>,
    input: mpsc::Sender<VirtualInput>,
    key_thread: Option<std::thread::JoinHandle<()>>,
    dir: PathBuf,
}

impl Daemon {
    pub fn start() -> Daemon {
        Daemon::start_with(|_| {})
    }

    pub fn start_with(adjust: impl FnOnce(&mut WebOptions)) -> Daemon {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("keyrx-web-{}-{n}", std::process::id()));
        let config: Arc<Config> = Arc::new(
            keyrx_config::compile_str("test.rhai", CONFIG, None)
                .unwrap()
                .config,
        );
        let (observer, rx) = Observer::channel(8192);
        let bridge = bridge::spawn(rx, 1000);
        observer.notices().send(Notice::ConfigApplied {
            source: "test".into(),
            config: config.clone(),
        });
        let (input, inputs) = mpsc::channel();
        let profiles = ProfileStore::new(dir.join("profiles")).unwrap();
        let token = "ab".repeat(32);
        let mut options = WebOptions {
            bind: "127.0.0.1:0".parse().unwrap(),
            ..WebOptions::default()
        };
        adjust(&mut options);
        let control = Control::Virtual(Mutex::new(input.clone()));
        let server = WebServer::start(
            options,
            bridge.hub.clone(),
            control,
            profiles,
            token.clone(),
        )
        .unwrap();
        let key_thread = std::thread::spawn(move || {
            let options = RunOptions {
                config_path: None,
                active: Default::default(),
                emergency: EmergencyChord::DEFAULT.parse().unwrap(),
                debug_panic_key: None,
                tuning: Default::default(),
                launcher: keyrx_daemon::launcher::Launcher::refusing(Default::default()),
            };
            virtual_backend::run(config, &options, observer, inputs);
        });
        // The bridge applies the config notice on its own thread: tests start once it has.
        let hub = bridge.hub.clone();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while hub.state.lock().map_or(true, |s| s.config.is_none()) {
            assert!(
                std::time::Instant::now() < deadline,
                "the bridge never took the test config"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        Daemon {
            addr: server.addr,
            token,
            server: Some(server),
            bridge: Some(bridge),
            input,
            key_thread: Some(key_thread),
            dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub fn alive_tasks(&self) -> usize {
        self.server.as_ref().unwrap().alive_tasks()
    }

    pub fn hub_subscribers(&self) -> usize {
        self.bridge.as_ref().unwrap().hub.subscribers()
    }

    pub fn hub(&self) -> keyrx_daemon::web::bridge::Hub {
        self.bridge.as_ref().unwrap().hub.clone()
    }

    /// Opens a socket with the given token and Origin (the subprotocol carries the token).
    pub async fn try_socket(
        &self,
        token: Option<String>,
        origin: Option<String>,
    ) -> Result<Socket, String> {
        let mut request = format!("ws://{}/api/v1/ws", self.addr)
            .into_client_request()
            .unwrap();
        let protocols = match token {
            Some(t) => format!("keyrx.v1, keyrx-token.{t}"),
            None => "keyrx.v1".into(),
        };
        request
            .headers_mut()
            .insert("sec-websocket-protocol", protocols.parse().unwrap());
        if let Some(origin) = origin {
            request
                .headers_mut()
                .insert("origin", origin.parse().unwrap());
        }
        tokio_tungstenite::connect_async(request)
            .await
            .map(|(s, _)| s)
            .map_err(|e| e.to_string())
    }

    /// An authenticated socket subscribed to `topics` (hello and the confirmation consumed).
    pub async fn socket(&self, topics: &[&str]) -> Socket {
        let mut ws = self
            .try_socket(Some(self.token.clone()), None)
            .await
            .unwrap();
        assert_eq!(next_json(&mut ws).await["type"], "hello");
        let subscribe = serde_json::json!({"type": "subscribe", "topics": topics});
        ws.send(Message::Text(subscribe.to_string().into()))
            .await
            .unwrap();
        assert_eq!(next_of(&mut ws, "subscribed").await["type"], "subscribed");
        ws
    }

    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop();
        }
        let _ = self.input.send(VirtualInput::Command(Command::Shutdown));
        if let Some(t) = self.key_thread.take() {
            let _ = t.join();
        }
        if let Some(b) = self.bridge.take() {
            b.finish();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The next JSON message (pings and pongs skipped), within 5 s.
pub async fn next_json(ws: &mut Socket) -> Value {
    let wait = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Text(t))) => return serde_json::from_str::<Value>(&t).unwrap(),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                other => panic!("socket ended: {other:?}"),
            }
        }
    });
    wait.await.expect("no message within 5 s")
}

/// The next message of `kind`, skipping others.
pub async fn next_of(ws: &mut Socket, kind: &str) -> Value {
    loop {
        let m = next_json(ws).await;
        if m["type"] == kind {
            return m;
        }
    }
}

/// Polls `check` until it yields a value, for up to 10 s.
pub async fn eventually<T, F, Fut>(mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "condition not met within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

// The transport's view, for the hostile-client tests.
impl Daemon {
    /// HTTP connections the server holds now.
    pub fn connections(&self) -> usize {
        self.server.as_ref().unwrap().connections()
    }

    /// (silent connections evicted, connections turned away with 503).
    pub fn refused_connections(&self) -> (u64, u64) {
        self.server.as_ref().unwrap().refused_connections()
    }

    /// `pairs` presses and releases of `key` on device `kbd`, straight to the key thread.
    pub fn type_key(&self, key: &str, pairs: usize) {
        let key: keyrx_core::KeyCode = key.parse().unwrap();
        for _ in 0..pairs {
            for state in [keyrx_core::KeyState::Press, keyrx_core::KeyState::Release] {
                let device = "kbd".to_string();
                let _ = self.input.send(VirtualInput::Key { device, key, state });
            }
        }
    }
}

/// File descriptors this process holds.
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

/// Resident memory of this process, in KiB.
pub fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4)
}
