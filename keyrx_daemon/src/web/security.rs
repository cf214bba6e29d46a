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

/// A Host or Origin authority, parsed strictly: `host [":" port]`, where the host is a
/// bracketed IPv6 address (the whole host) or a name of letters, digits, `-` and `.`, and the
/// port is one to five digits. Userinfo, paths, empty ports and anything after `]` are refused,
/// so `[::1].evil.example`, `localhost:evil.example` and `user@localhost` name nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    /// Lowercased; IPv6 in its canonical bracketed form (`[::1]`).
    pub host: String,
    pub port: Option<u16>,
}

/// The longest host name DNS allows.
const MAX_HOST_LEN: usize = 253;

pub fn parse_authority(text: &str) -> Option<Authority> {
    let (host, rest) = match text.strip_prefix('[') {
        Some(bracketed) => {
            let (inside, rest) = bracketed.split_once(']')?;
            let address: std::net::Ipv6Addr = inside.parse().ok()?;
            (format!("[{address}]"), rest)
        }
        None => {
            let (name, rest) = text.find(':').map_or((text, ""), |i| text.split_at(i));
            let valid = !name.is_empty()
                && name.len() <= MAX_HOST_LEN
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            if !valid {
                return None;
            }
            (name.to_ascii_lowercase(), rest)
        }
    };
    let port = match rest {
        "" => None,
        _ => {
            let digits = rest.strip_prefix(':')?;
            if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            Some(digits.parse().ok()?)
        }
    };
    Some(Authority { host, port })
}

/// Whether a Host header names this machine's loopback (or a name the user allowed).
pub fn host_allowed(host_header: &str, extra: &[String]) -> bool {
    let Some(authority) = parse_authority(host_header) else {
        return false;
    };
    let host = authority.host.as_str();
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
        || extra.iter().any(|e| e.eq_ignore_ascii_case(host))
}

/// Whether an Origin header is this server's own origin (`http://` + the Host it was sent
/// to): a page served by the daemon. A missing port means 80 on both sides.
pub fn origin_allowed(origin: &str, host_header: &str) -> bool {
    let Some(origin) = origin.strip_prefix("http://").and_then(parse_authority) else {
        return false;
    };
    let Some(host) = parse_authority(host_header) else {
        return false;
    };
    origin.host == host.host && origin.port.unwrap_or(80) == host.port.unwrap_or(80)
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
    fn loopback_hosts_are_served() {
        for ok in [
            "localhost:9867",
            "127.0.0.1:9867",
            "[::1]:9867",
            "[0:0:0:0:0:0:0:1]:9867",
            "LOCALHOST",
            "127.0.0.1",
            "[::1]",
            "localhost:65535",
        ] {
            assert!(host_allowed(ok, &[]), "{ok}");
        }
        assert!(host_allowed("kbd.lan:9867", &["kbd.lan".into()]));
        assert!(host_allowed("KBD.lan", &["kbd.LAN".into()]));
    }

    #[test]
    fn hostile_hosts_are_refused() {
        for bad in [
            "evil.example:9867",
            "127.0.0.1.evil.example",
            "localhost.evil:80",
            "[::2]:1",
            "",
            // Something after the bracketed address.
            "[::1].evil.example",
            "[::1]evil",
            "[::1]:9867:1",
            "[::1]]",
            "[::1",
            "[localhost]",
            "[127.0.0.1]",
            "[::1%25lo]",
            // A port that is not digits.
            "localhost:evil.example",
            "localhost:",
            "localhost:+80",
            "localhost:-1",
            "localhost: 80",
            "localhost:65536",
            "localhost:123456",
            "localhost:9867:9867",
            // Userinfo, paths and other characters no Host carries.
            "user@localhost",
            "user:pass@localhost:9867",
            "localhost@evil.example",
            "evil.example@localhost",
            "localhost/",
            "localhost/path",
            "localhost?x",
            "localhost#x",
            "local host",
            " localhost",
            "localhost\\evil",
            "localhost\0",
            "::1",
            "kbd.lan.evil",
        ] {
            assert!(!host_allowed(bad, &["kbd.lan".into()]), "{bad:?}");
        }
        let long = "a".repeat(MAX_HOST_LEN + 1);
        assert_eq!(parse_authority(&long), None);
        assert!(parse_authority(&"a".repeat(MAX_HOST_LEN)).is_some());
    }

    #[test]
    fn authorities_split_into_host_and_port() {
        let parsed = |s| parse_authority(s).map(|a| (a.host, a.port));
        assert_eq!(
            parsed("LocalHost:9867"),
            Some(("localhost".into(), Some(9867)))
        );
        assert_eq!(parsed("[0::1]"), Some(("[::1]".into(), None)));
        assert_eq!(parsed("127.0.0.1:0"), Some(("127.0.0.1".into(), Some(0))));
    }

    #[test]
    fn only_our_own_origin_is_same_origin() {
        assert!(origin_allowed("http://127.0.0.1:9867", "127.0.0.1:9867"));
        assert!(origin_allowed("http://LOCALHOST:9867", "localhost:9867"));
        assert!(origin_allowed("http://[::1]:9867", "[::1]:9867"));
        assert!(origin_allowed("http://localhost", "localhost:80"));
        for (origin, host) in [
            ("http://evil.example", "127.0.0.1:9867"),
            ("http://127.0.0.1:9999", "127.0.0.1:9867"),
            ("null", "127.0.0.1:9867"),
            ("https://127.0.0.1:9867", "127.0.0.1:9867"),
            ("http://127.0.0.1:9867/", "127.0.0.1:9867"),
            ("http://127.0.0.1:9867/path", "127.0.0.1:9867"),
            ("http://user@127.0.0.1:9867", "127.0.0.1:9867"),
            ("http://127.0.0.1:9867@evil.example", "127.0.0.1:9867"),
            ("http://[::1].evil.example:9867", "[::1]:9867"),
            ("http://localhost:evil", "localhost:evil"),
            ("http://user@localhost", "user@localhost"),
            ("http://127.0.0.1:9867", ""),
            ("http://", ""),
            ("HTTP://127.0.0.1:9867", "127.0.0.1:9867"),
        ] {
            assert!(!origin_allowed(origin, host), "{origin:?} for {host:?}");
        }
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
