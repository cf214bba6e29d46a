//! The event notation of `keyrx simulate` and the test tables: `d:KEY` press, `u:KEY` release,
//! `r:KEY` repeat, `t:N` N milliseconds pass, `@NAME` the device of the next event.

use std::fmt::Write;

use crate::event::{KeyEvent, KeyState, Micros};
use crate::keys::KeyCode;

/// One parsed input token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key {
        device: Option<String>,
        key: KeyCode,
        state: KeyState,
    },
    /// Time passes.
    Wait(Micros),
}

/// A token that could not be read, with where it starts (1-based column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: `{token}`: {message}")]
pub struct NotationError {
    pub column: usize,
    pub token: String,
    pub message: String,
}

/// Splits on whitespace, keeping each token's 1-based column. `@"..."` is one token, so a
/// device name may contain spaces (`@"AT Translated Set 2 keyboard" d:a`).
fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        let from = &rest[start..];
        let len = if let Some(quoted) = from.strip_prefix("@\"") {
            quoted.find('"').map_or(from.len(), |end| end + 3)
        } else {
            from.find(char::is_whitespace).unwrap_or(from.len())
        };
        let column = text[..offset + start].chars().count() + 1;
        out.push((column, &from[..len]));
        offset += start + len;
        rest = &from[len..];
    }
    out
}

/// Parses input notation (`d:capslock t:50 u:capslock`).
pub fn parse_input(text: &str) -> Result<Vec<Step>, NotationError> {
    let mut steps = Vec::new();
    let mut device: Option<(usize, String)> = None;
    for (column, token) in tokens(text) {
        let error = |message: String| NotationError {
            column,
            token: token.to_string(),
            message,
        };
        if let Some(name) = token.strip_prefix('@') {
            let name = match name.strip_prefix('"') {
                Some(quoted) => quoted
                    .strip_suffix('"')
                    .ok_or_else(|| error("unclosed `\"` in a device name".into()))?,
                None => name,
            };
            if name.is_empty() {
                return Err(error("a device name must follow `@`".into()));
            }
            device = Some((column, name.to_string()));
            continue;
        }
        match parse_token(token).map_err(error)? {
            Token::Wait(us) => {
                if let Some((column, name)) = device.take() {
                    return Err(NotationError {
                        column,
                        token: format!("@{name}"),
                        message: "a device applies to a key event, not to `t:`".into(),
                    });
                }
                steps.push(Step::Wait(us));
            }
            Token::Key(key, state) => steps.push(Step::Key {
                device: device.take().map(|(_, n)| n),
                key,
                state,
            }),
        }
    }
    if let Some((column, name)) = device {
        return Err(NotationError {
            column,
            token: format!("@{name}"),
            message: "no key event follows this device".into(),
        });
    }
    Ok(steps)
}

enum Token {
    Key(KeyCode, KeyState),
    Wait(Micros),
}

fn parse_token(token: &str) -> Result<Token, String> {
    let (kind, value) = token
        .split_once(':')
        .ok_or_else(|| "expected `d:KEY`, `u:KEY`, `r:KEY`, `t:MS` or `@DEVICE`".to_string())?;
    let state = match kind {
        "d" => KeyState::Press,
        "u" => KeyState::Release,
        "r" => KeyState::Repeat,
        "t" => return parse_ms(value).map(Token::Wait),
        _ => return Err(format!("unknown event kind `{kind}`; use d, u, r or t")),
    };
    let key = value.parse::<KeyCode>().map_err(|e| e.to_string())?;
    Ok(Token::Key(key, state))
}

/// Milliseconds, possibly fractional (`t:0.5`), to microseconds.
fn parse_ms(value: &str) -> Result<Micros, String> {
    let ms: f64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number of milliseconds"))?;
    if !ms.is_finite() || !(0.0..=1e9).contains(&ms) {
        return Err(format!("`{value}` is out of range (0 to 1e9 ms)"));
    }
    Ok((ms * 1000.0).round() as Micros)
}

/// Formats a duration in microseconds as milliseconds, without needless decimals.
pub fn format_ms(us: Micros) -> String {
    if us % 1000 == 0 {
        (us / 1000).to_string()
    } else {
        let s = format!("{:.3}", us as f64 / 1000.0);
        s.trim_end_matches('0').to_string()
    }
}

/// Formats output events; with `timed`, `t:N` precedes an event N ms after the previous one
/// (or after time `start`).
pub fn format_output(events: &[KeyEvent], start: Micros, timed: bool) -> String {
    let mut out = String::new();
    let mut last = start;
    for e in events {
        if !out.is_empty() {
            out.push(' ');
        }
        if timed && e.time > last {
            let _ = write!(out, "t:{} ", format_ms(e.time - last));
        }
        last = last.max(e.time);
        let _ = write!(out, "{}:{}", kind_char(e.state), e.key);
    }
    out
}

fn kind_char(state: KeyState) -> char {
    match state {
        KeyState::Press => 'd',
        KeyState::Release => 'u',
        KeyState::Repeat => 'r',
    }
}

/// Rewrites output notation with canonical key names and times, so `d:lctrl t:5` and
/// `d:leftctrl t:5.0` compare equal.
pub fn normalize_output(text: &str) -> Result<String, NotationError> {
    let mut parts = Vec::new();
    for (column, token) in tokens(text) {
        let part = match parse_token(token) {
            Ok(Token::Wait(us)) => format!("t:{}", format_ms(us)),
            Ok(Token::Key(key, state)) => format!("{}:{key}", kind_char(state)),
            Err(message) => {
                return Err(NotationError {
                    column,
                    token: token.to_string(),
                    message,
                });
            }
        };
        parts.push(part);
    }
    Ok(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::key;

    #[test]
    fn parses_events_waits_and_devices() {
        let quoted = parse_input(r#"@"AT Translated Set 2" d:a t:1"#).unwrap();
        assert_eq!(
            quoted[0],
            Step::Key {
                device: Some("AT Translated Set 2".into()),
                key: key("a"),
                state: KeyState::Press
            }
        );
        assert_eq!(parse_input(r#"@"open d:a"#).unwrap_err().column, 1);
        let steps = parse_input("d:caps t:50 @ext u:capslock  r:a t:0.5").unwrap();
        assert_eq!(
            steps,
            vec![
                Step::Key {
                    device: None,
                    key: key("capslock"),
                    state: KeyState::Press
                },
                Step::Wait(50_000),
                Step::Key {
                    device: Some("ext".into()),
                    key: key("capslock"),
                    state: KeyState::Release
                },
                Step::Key {
                    device: None,
                    key: key("a"),
                    state: KeyState::Repeat
                },
                Step::Wait(500),
            ]
        );
    }

    #[test]
    fn errors_point_at_the_token() {
        let err = parse_input("d:a  x:b").unwrap_err();
        assert_eq!((err.column, err.token.as_str()), (6, "x:b"));
        let err = parse_input("d:a u:captslock").unwrap_err();
        assert_eq!(err.column, 5);
        assert!(
            err.message.contains("did you mean `capslock`"),
            "{}",
            err.message
        );
        assert_eq!(parse_input("t:abc").unwrap_err().column, 1);
        assert_eq!(parse_input("d:a @dev").unwrap_err().column, 5);
        assert!(parse_input("t:-1").is_err());
        assert!(parse_input("da").is_err());
    }

    #[test]
    fn formats_gaps_between_outputs() {
        let events = [
            KeyEvent::new(key("esc"), KeyState::Press, 50_000),
            KeyEvent::new(key("esc"), KeyState::Release, 50_000),
            KeyEvent::new(key("a"), KeyState::Press, 50_500),
        ];
        assert_eq!(
            format_output(&events, 0, true),
            "t:50 d:esc u:esc t:0.5 d:a"
        );
        assert_eq!(format_output(&events, 0, false), "d:esc u:esc d:a");
        assert_eq!(
            normalize_output("d:lctrl  t:5.0 u:lctrl").unwrap(),
            "d:leftctrl t:5 u:leftctrl"
        );
    }
}
