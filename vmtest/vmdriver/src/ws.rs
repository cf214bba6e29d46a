//! Dashboard-like WebSocket clients of a daemon's web server, for what clients cost it:
//! `ws-open N PORT TOKEN_FILE [TOPIC...]` connects N clients (keyrx's token subprotocol),
//! subscribes them to the topics and keeps them reading in one background thread; `ws-close`
//! closes them; `ws-cycles N PORT TOKEN_FILE [TOPIC...]` connects, subscribes and closes N
//! times in a row. Just enough of RFC 6455 for that: the handshake, masked client frames and
//! reading (and discarding) whatever the server sends.

use crate::runner::{R, Runner};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// Open clients and the thread that reads for them.
pub struct Clients {
    streams: Vec<TcpStream>,
    stop: Arc<AtomicBool>,
    read_bytes: Arc<AtomicU64>,
    reader: Option<std::thread::JoinHandle<()>>,
}

/// One masked client frame (FIN set) with `opcode` and `payload`.
fn frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mask = [0x5a, 0xc3, 0x17, 0x8e];
    let mut f = vec![0x80 | opcode];
    match payload.len() {
        n if n < 126 => f.push(0x80 | n as u8),
        n => {
            f.push(0x80 | 126);
            f.extend_from_slice(&(n as u16).to_be_bytes());
        }
    }
    f.extend_from_slice(&mask);
    f.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    f
}

/// Connects, upgrades and subscribes one client.
fn connect(port: u16, token: &str, topics: &[String]) -> Result<TcpStream, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let request = format!(
        "GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: keyrx.v1, keyrx-token.{token}\r\n\r\n"
    );
    s.write_all(request.as_bytes())
        .map_err(|e| format!("handshake: {e}"))?;
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 4096 || s.read(&mut byte).map_err(|e| format!("handshake: {e}"))? == 0 {
            return Err(format!(
                "no upgrade: {}",
                String::from_utf8_lossy(&head).lines().next().unwrap_or("")
            ));
        }
        head.push(byte[0]);
    }
    if !head.starts_with(b"HTTP/1.1 101") {
        let line = String::from_utf8_lossy(&head)
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        return Err(format!("no upgrade: {line}"));
    }
    if !topics.is_empty() {
        let list: Vec<String> = topics.iter().map(|t| format!("\"{t}\"")).collect();
        let msg = format!("{{\"type\":\"subscribe\",\"topics\":[{}]}}", list.join(","));
        s.write_all(&frame(0x1, msg.as_bytes()))
            .map_err(|e| format!("subscribe: {e}"))?;
    }
    Ok(s)
}

fn close(mut s: TcpStream) {
    let _ = s.write_all(&frame(0x8, &1000u16.to_be_bytes()));
    let _ = s.shutdown(std::net::Shutdown::Both);
}

fn read_token(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map(|t| t.trim().to_string())
        .map_err(|e| format!("token file {path}: {e}"))
}

/// Reads and discards what every client receives until `stop`, in one thread (poll).
fn spawn_reader(
    streams: Vec<TcpStream>,
    stop: Arc<AtomicBool>,
    read_bytes: Arc<AtomicU64>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut fds: Vec<libc::pollfd> = streams
            .iter()
            .map(|s| libc::pollfd {
                fd: s.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            })
            .collect();
        let mut buf = vec![0u8; 64 * 1024];
        let mut streams = streams;
        while !stop.load(Ordering::Relaxed) {
            // SAFETY: fds is a valid array of pollfd for the duration of the call.
            let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, 200) };
            if n <= 0 {
                continue;
            }
            for (i, p) in fds.iter_mut().enumerate() {
                if p.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0 {
                    match streams[i].read(&mut buf) {
                        Ok(0) | Err(_) => p.fd = -1, // closed: poll ignores negative fds
                        Ok(k) => {
                            read_bytes.fetch_add(k as u64, Ordering::Relaxed);
                        }
                    }
                }
            }
        }
    })
}

impl Runner {
    /// `ws-open N PORT TOKEN_FILE [TOPIC...]`.
    pub fn ws_open(&mut self, n: usize, port: u16, token_file: &str, topics: &[String]) -> R {
        self.ws_close()?;
        let token = read_token(token_file)?;
        let mut streams = Vec::with_capacity(n);
        for i in 0..n {
            let s = connect(port, &token, topics).map_err(|e| format!("ws client {i}: {e}"))?;
            streams.push(s);
        }
        let readers = streams
            .iter()
            .map(|s| s.try_clone().map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        let stop = Arc::new(AtomicBool::new(false));
        let read_bytes = Arc::new(AtomicU64::new(0));
        let reader = spawn_reader(readers, stop.clone(), read_bytes.clone());
        println!(
            "{}   {n} WebSocket clients open, subscribed to {topics:?}",
            self.ts()
        );
        self.ws = Some(Clients {
            streams,
            stop,
            read_bytes,
            reader: Some(reader),
        });
        Ok(())
    }

    /// `ws-close`: closes the clients `ws-open` opened (none is fine).
    pub fn ws_close(&mut self) -> R {
        let Some(mut clients) = self.ws.take() else {
            return Ok(());
        };
        clients.stop.store(true, Ordering::Relaxed);
        if let Some(r) = clients.reader.take() {
            let _ = r.join();
        }
        let n = clients.streams.len();
        for s in clients.streams {
            close(s);
        }
        println!(
            "{}   {n} WebSocket clients closed; they had read {} bytes",
            self.ts(),
            clients.read_bytes.load(Ordering::Relaxed)
        );
        Ok(())
    }

    /// `ws-cycles N PORT TOKEN_FILE [TOPIC...]`.
    pub fn ws_cycles(&mut self, n: usize, port: u16, token_file: &str, topics: &[String]) -> R {
        let token = read_token(token_file)?;
        for i in 0..n {
            let s = connect(port, &token, topics).map_err(|e| format!("ws cycle {i}: {e}"))?;
            close(s);
        }
        println!(
            "{}   {n} WebSocket connect/subscribe/close cycles",
            self.ts()
        );
        Ok(())
    }
}
