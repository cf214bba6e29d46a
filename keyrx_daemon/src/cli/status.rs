//! `keyrx status`: asks a running daemon how it is doing (status, what is held, layers, locks,
//! statistics), with the token from its state file.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The daemon's address (as given to `keyrx run --web-bind`).
    #[arg(long, default_value = "127.0.0.1:9867")]
    pub addr: std::net::SocketAddr,
}

/// One GET over a fresh connection; the daemon speaks plain HTTP/1.1 on loopback.
fn get(addr: std::net::SocketAddr, path: &str, token: &str) -> anyhow::Result<serde_json::Value> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))
        .with_context(|| format!("no keyrx daemon answers at {addr} (is `keyrx run` running?)"))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let (head, body) = response
        .split_once("\r\n\r\n")
        .context("a malformed response")?;
    let status = head.split_whitespace().nth(1).unwrap_or("");
    if status != "200" {
        bail!("the daemon answered {status}: {body}");
    }
    Ok(serde_json::from_str(body)?)
}

pub fn run(args: StatusArgs) -> anyhow::Result<ExitCode> {
    let path = crate::web::security::state_dir()
        .context("no $HOME or $XDG_STATE_HOME")?
        .join("token");
    let token = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading the token {} (written by `keyrx run`)",
            path.display()
        )
    })?;
    let status = get(args.addr, "/api/v1/status", token.trim())?;
    let state = get(args.addr, "/api/v1/state", token.trim())?;
    let stats = get(args.addr, "/api/v1/stats", token.trim())?;
    let report = serde_json::json!({ "status": status, "state": state, "stats": stats });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(ExitCode::SUCCESS)
}
