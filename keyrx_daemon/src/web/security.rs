//! Who may talk to the daemon: a secret token, loopback-only Host names (no DNS rebinding),
//! same-origin browsers only, and a request rate limit. The daemon can see and type every key.

mod token;

use std::sync::Mutex;
use std::time::Instant;

/// The subprotocol prefix that carries the token on WebSocket upgrades, where browsers cannot
/// set headers: `new WebSocket(url, ["keyrx.v1", "keyrx-token." + token])`.
pub const TOKEN_PROTOCOL_PREFIX: &str = "keyrx-token.";
pub const PROTOCOL: &str = "keyrx.v1";

pub use token::{Token, TokenAccess, TokenOrigin, load_or_create_token};

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
    fn tokens_match_only_exactly() {
        let token = "ab".repeat(32);
        assert!(token_matches(&token, &token));
        assert!(!token_matches(&token, &token[..63]));
        assert!(!token_matches(&token, &"0".repeat(64)));
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
