//! Who may talk to the daemon: a secret token, loopback-only Host names (no DNS rebinding),
//! same-origin browsers only, and a request rate limit. The daemon can see and type every key.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// The subprotocol prefix that carries the token on WebSocket upgrades, where browsers cannot
/// set headers: `new WebSocket(url, ["keyrx.v1", "keyrx-token." + token])`.
pub const TOKEN_PROTOCOL_PREFIX: &str = "keyrx-token.";
pub const PROTOCOL: &str = "keyrx.v1";

/// `$XDG_STATE_HOME/keyrx` (or `~/.local/state/keyrx`).
pub fn state_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .map(|d| d.join("keyrx"))
}

/// Reads the token at `path`, creating it (random, mode 0600) on first start.
pub fn load_or_create_token(path: &Path) -> std::io::Result<String> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let token = existing.trim().to_string();
        if token.len() >= 32 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(token);
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(token.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(token)
}

/// Compares without an early exit, so timing says nothing about how much of a guess matched.
pub fn token_matches(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The host part of a Host header value (`localhost:9867` -> `localhost`, `[::1]:1` -> `[::1]`).
pub fn host_name(host_header: &str) -> &str {
    if host_header.starts_with('[') {
        return host_header
            .split(']')
            .next()
            .map_or(host_header, |h| &host_header[..h.len() + 1]);
    }
    host_header.rsplit_once(':').map_or(host_header, |(h, _)| h)
}

/// Whether a Host header names this machine's loopback (or a name the user allowed).
pub fn host_allowed(host_header: &str, extra: &[String]) -> bool {
    let host = host_name(host_header).to_ascii_lowercase();
    matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
        || extra.iter().any(|e| e.eq_ignore_ascii_case(&host))
}

/// Whether an Origin header is this server's own origin: a page served by the daemon.
pub fn origin_allowed(origin: &str, host_header: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://") else {
        return false;
    };
    rest.eq_ignore_ascii_case(host_header)
}

/// A token bucket: `rate` requests per second on average, bursts up to `burst`.
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    state: Mutex<(f64, Instant)>,
}

impl RateLimiter {
    pub fn new(rate: f64, burst: f64) -> RateLimiter {
        RateLimiter {
            rate,
            burst,
            state: Mutex::new((burst, Instant::now())),
        }
    }

    /// Takes one token at `now`; false when the bucket is empty.
    pub fn allow_at(&self, now: Instant) -> bool {
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        let (tokens, last) = *state;
        let refilled = (tokens + now.saturating_duration_since(last).as_secs_f64() * self.rate)
            .min(self.burst);
        if refilled < 1.0 {
            *state = (refilled, now);
            return false;
        }
        *state = (refilled - 1.0, now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn hosts_and_origins() {
        for ok in [
            "localhost:9867",
            "127.0.0.1:9867",
            "[::1]:9867",
            "LOCALHOST",
            "127.0.0.1",
        ] {
            assert!(host_allowed(ok, &[]), "{ok}");
        }
        for bad in [
            "evil.example:9867",
            "127.0.0.1.evil.example",
            "localhost.evil:80",
            "[::2]:1",
            "",
        ] {
            assert!(!host_allowed(bad, &[]), "{bad}");
        }
        assert!(host_allowed("kbd.lan:9867", &["kbd.lan".into()]));
        assert!(origin_allowed("http://127.0.0.1:9867", "127.0.0.1:9867"));
        assert!(!origin_allowed("http://evil.example", "127.0.0.1:9867"));
        assert!(!origin_allowed("http://127.0.0.1:9999", "127.0.0.1:9867"));
        assert!(!origin_allowed("null", "127.0.0.1:9867"));
    }

    #[test]
    fn tokens_are_created_private_and_reused() {
        let dir = std::env::temp_dir().join(format!("keyrx-token-{}", std::process::id()));
        let path = dir.join("token");
        let first = load_or_create_token(&path).unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(load_or_create_token(&path).unwrap(), first);
        assert!(token_matches(&first, &first));
        assert!(!token_matches(&first, &first[..63]));
        assert!(!token_matches(&first, &"0".repeat(64)));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_rate_limiter_allows_bursts_then_the_rate() {
        let limiter = RateLimiter::new(10.0, 3.0);
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.allow_at(t0)));
        assert!(!limiter.allow_at(t0));
        assert!(limiter.allow_at(t0 + Duration::from_millis(100)));
        assert!(!limiter.allow_at(t0 + Duration::from_millis(100)));
    }
}
