//! `keyrx status`: asks a running daemon how it is doing (status, what is held, layers, locks,
//! statistics), with the token from its state file: this user's daemon's, else the system
//! service's.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::paths::Dirs;

/// How long one request may take, connecting included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest response body read; a status report is a few kilobytes.
const MAX_RESPONSE: u64 = 1024 * 1024;

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The daemon's address (as given to `keyrx run --web-bind`).
    #[arg(long, default_value = "127.0.0.1:9867")]
    pub addr: std::net::SocketAddr,
    /// The token file; default: $XDG_STATE_HOME/keyrx/token, else /var/lib/keyrx/token.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

/// One daemon, one token.
pub(super) struct Client {
    agent: ureq::Agent,
    base: String,
    token: String,
}

/// A GET that did not return 200.
pub(super) enum Failure {
    /// 401: this token is not the daemon's; another candidate may be.
    Unauthorized,
    Other(anyhow::Error),
}

impl Client {
    fn new(addr: std::net::SocketAddr, token: String) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(REQUEST_TIMEOUT))
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Client {
            agent,
            base: format!("http://{addr}"),
            token,
        }
    }

    fn get(&self, path: &str) -> Result<serde_json::Value, Failure> {
        let call = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {}", self.token))
            .call();
        self.answer(call)
    }

    /// A POST without a body (the daemon's commands, e.g. release-all).
    pub(super) fn post(&self, path: &str) -> Result<serde_json::Value, Failure> {
        let call = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {}", self.token))
            .send_empty();
        self.answer(call)
    }

    fn answer(
        &self,
        call: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<serde_json::Value, Failure> {
        let mut response = call
            .with_context(|| {
                format!(
                    "no keyrx daemon answers at {} (is `keyrx run` or the service running?)",
                    self.base
                )
            })
            .map_err(Failure::Other)?;
        let status = response.status();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE)
            .read_to_string()
            .context("reading the daemon's answer")
            .map_err(Failure::Other)?;
        match status.as_u16() {
            200 => serde_json::from_str(&body)
                .context("the daemon's answer is not JSON")
                .map_err(Failure::Other),
            401 => Err(Failure::Unauthorized),
            _ => Err(Failure::Other(anyhow::anyhow!(
                "the daemon answered {status}: {body}"
            ))),
        }
    }
}

/// The tokens to try, in order, with where each came from. Unreadable candidates are skipped
/// when another one is readable; if none is, the first error is reported.
fn tokens(args: &StatusArgs) -> anyhow::Result<Vec<(PathBuf, String)>> {
    let candidates = match &args.token_file {
        Some(path) => vec![path.clone()],
        None => Dirs::from_env().token_candidates(),
    };
    let mut found = Vec::new();
    let mut first_error = None;
    for path in candidates {
        match std::fs::read_to_string(&path) {
            Ok(token) => found.push((path, token.trim().to_owned())),
            Err(e) => {
                first_error.get_or_insert_with(|| format!("{}: {e}", path.display()));
            }
        }
    }
    if found.is_empty() {
        bail!(
            "no readable API token ({}); it is written by `keyrx run`, and the service's is \
             readable by members of the `keyrx` group",
            first_error.unwrap_or_default()
        );
    }
    Ok(found)
}

/// Calls `first` with the first token the daemon accepts (a 401 tries the next one), then
/// `rest` with the same client.
pub(super) fn with_daemon<T>(
    args: &StatusArgs,
    first: impl Fn(&Client) -> Result<serde_json::Value, Failure>,
    rest: impl FnOnce(&Client, serde_json::Value) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut rejected = Vec::new();
    for (path, token) in tokens(args)? {
        let client = Client::new(args.addr, token);
        match first(&client) {
            Ok(value) => return rest(&client, value),
            Err(Failure::Unauthorized) => rejected.push(path.display().to_string()),
            Err(Failure::Other(err)) => return Err(err),
        }
    }
    bail!(
        "the daemon at {} refused the token in {}",
        args.addr,
        rejected.join(" and ")
    )
}

pub fn run(args: StatusArgs) -> anyhow::Result<ExitCode> {
    with_daemon(
        &args,
        |client| client.get("/api/v1/status"),
        |client, status| {
            let more = |path| match client.get(path) {
                Ok(value) => Ok(value),
                Err(Failure::Unauthorized) => bail!("the daemon refused the token for {path}"),
                Err(Failure::Other(err)) => Err(err),
            };
            let report = serde_json::json!({
                "status": status,
                "state": more("/api/v1/state")?,
                "stats": more("/api/v1/stats")?,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(ExitCode::SUCCESS)
        },
    )
}
