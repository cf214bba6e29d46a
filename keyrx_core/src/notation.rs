//! The event notation of `keyrx simulate` and the test tables: `d:KEY` press, `u:KEY` release,
//! `r:KEY` repeat, `t:N` N milliseconds pass, `@NAME` the device of the next event.

mod mouse;

use std::fmt::Write;

pub use mouse::token as mouse_token;

use crate::event::{KeyEvent, KeyState, Micros, MouseEvent};
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

/// What was wrong, without the text itself: safe to log when the input is someone's typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not `d:`, `u:`, `r:`, `t:` or `@`.
    UnknownEvent,
    UnknownKey,
    BadTime,
    /// `@` without a name, an unclosed quote, or a name longer than the limit.
    BadDevice,
    /// `@NAME` before a `t:` or at the end.
    DeviceWithoutKey,
    /// More bytes or steps than the caller accepts.
    TooLarge,
}

impl ErrorKind {
    pub fn describe(self) -> &'static str {
        match self {
            ErrorKind::UnknownEvent => {
                "not an event (expected d:KEY, u:KEY, r:KEY, t:MS or @DEVICE)"
            }
            ErrorKind::UnknownKey => "unknown key name",
            ErrorKind::BadTime => "not a time in milliseconds (0 to 1e9)",
            ErrorKind::BadDevice => "malformed device name",
            ErrorKind::DeviceWithoutKey => "a device name not followed by a key event",
            ErrorKind::TooLarge => "input too large",
        }
    }
}

/// A token that could not be read, with where it starts (1-based column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: `{token}`: {message}")]
pub struct NotationError {
    pub column: usize,
    pub kind: ErrorKind,
    /// The offending token, cut to `ERROR_TOKEN_CHARS` characters.
    pub token: String,
    pub message: String,
}

impl NotationError {
    fn new(column: usize, kind: ErrorKind, token: &str, message: String) -> NotationError {
        let token = match token.char_indices().nth(ERROR_TOKEN_CHARS) {
            Some((cut, _)) => format!("{}…", &token[..cut]),
            None => token.to_string(),
        };
        NotationError {
            column,
            kind,
            token,
            message,
        }
    }

    /// The column and the kind of error, without any of the input's text.
    pub fn redacted(&self) -> String {
        format!("column {}: {}", self.column, self.kind.describe())
    }
}

/// How much of an offending token an error repeats.
pub const ERROR_TOKEN_CHARS: usize = 64;

/// The longest key name looked up (the longest real one, `key_` prefix included, is 28 bytes);
/// longer ones are refused before any lookup or suggestion, whose cost grows with the length.
pub const MAX_KEY_NAME_BYTES: usize = 64;

/// Bounds on one input, checked before and while parsing so that a hostile input costs at most
/// `max_bytes` of scanning and `max_steps` steps of memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_steps: usize,
    pub max_device_name_bytes: usize,
}

impl Limits {
    /// No bound but the input itself (files and command lines the user wrote).
    pub const NONE: Limits = Limits {
        max_bytes: usize::MAX,
        max_steps: usize::MAX,
        max_device_name_bytes: usize::MAX,
    };
}

/// Splits on whitespace, keeping each token's 1-based column. `@"..."` is one token, so a
/// device name may contain spaces (`@"AT Translated Set 2 keyboard" d:a`). Columns are counted
/// as the scan goes, so every byte is looked at once and the whole split is linear.
struct Tokens<'a> {
    rest: &'a str,
    /// Characters before `rest`.
    column: usize,
    #[cfg(test)]
    counted_bytes: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Tokens<'a> {
        Tokens {
            rest: text,
            column: 0,
            #[cfg(test)]
            counted_bytes: 0,
        }
    }

    fn skip(&mut self, len: usize) {
        let (skipped, rest) = self.rest.split_at(len);
        self.column += skipped.chars().count();
        #[cfg(test)]
        {
            self.counted_bytes += skipped.len();
        }
        self.rest = rest;
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = self.rest.find(|c: char| !c.is_whitespace())?;
        self.skip(start);
        let from = self.rest;
        let len = if let Some(quoted) = from.strip_prefix("@\"") {
            quoted.find('"').map_or(from.len(), |end| end + 3)
        } else {
            from.find(char::is_whitespace).unwrap_or(from.len())
        };
        let column = self.column + 1;
        self.skip(len);
        Some((column, &from[..len]))
    }
}

fn tokens(text: &str) -> Tokens<'_> {
    Tokens::new(text)
}

/// Parses input notation (`d:capslock t:50 u:capslock`).
pub fn parse_input(text: &str) -> Result<Vec<Step>, NotationError> {
    parse_input_with(text, &Limits::NONE)
}

/// Parses input notation within `limits`: the size is checked before anything is parsed, the
/// step count as steps are made.
pub fn parse_input_with(text: &str, limits: &Limits) -> Result<Vec<Step>, NotationError> {
    if text.len() > limits.max_bytes {
        return Err(NotationError::new(
            1,
            ErrorKind::TooLarge,
            "",
            format!(
                "the input is {} bytes; at most {} are accepted",
                text.len(),
                limits.max_bytes
            ),
        ));
    }
    let mut steps = Vec::new();
    let mut device: Option<(usize, String)> = None;
    for (column, token) in tokens(text) {
        let error =
            |(kind, message): (ErrorKind, String)| NotationError::new(column, kind, token, message);
        if let Some(name) = token.strip_prefix('@') {
            device = Some((column, device_name(name, limits).map_err(error)?));
            continue;
        }
        if steps.len() == limits.max_steps {
            return Err(error((
                ErrorKind::TooLarge,
                format!("more than {} steps", limits.max_steps),
            )));
        }
        match parse_token(token).map_err(error)? {
            Token::Wait(us) => {
                if let Some((column, name)) = device.take() {
                    return Err(NotationError::new(
                        column,
                        ErrorKind::DeviceWithoutKey,
                        &format!("@{name}"),
                        "a device applies to a key event, not to `t:`".into(),
                    ));
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
        return Err(NotationError::new(
            column,
            ErrorKind::DeviceWithoutKey,
            &format!("@{name}"),
            "no key event follows this device".into(),
        ));
    }
    Ok(steps)
}

/// The name after `@`, unquoted.
fn device_name(name: &str, limits: &Limits) -> Result<String, (ErrorKind, String)> {
    let bad = |message: String| (ErrorKind::BadDevice, message);
    let name = match name.strip_prefix('"') {
        Some(quoted) => quoted
            .strip_suffix('"')
            .ok_or_else(|| bad("unclosed `\"` in a device name".into()))?,
        None => name,
    };
    if name.is_empty() {
        return Err(bad("a device name must follow `@`".into()));
    }
    if name.len() > limits.max_device_name_bytes {
        return Err(bad(format!(
            "a device name is at most {} bytes",
            limits.max_device_name_bytes
        )));
    }
    Ok(name.to_string())
}

enum Token {
    Key(KeyCode, KeyState),
    Wait(Micros),
}

fn parse_token(token: &str) -> Result<Token, (ErrorKind, String)> {
    let (kind, value) = token.split_once(':').ok_or_else(|| {
        (
            ErrorKind::UnknownEvent,
            "expected `d:KEY`, `u:KEY`, `r:KEY`, `t:MS` or `@DEVICE`".to_string(),
        )
    })?;
    let state = match kind {
        "d" => KeyState::Press,
        "u" => KeyState::Release,
        "r" => KeyState::Repeat,
        "t" => return parse_ms(value).map(Token::Wait),
        _ => {
            return Err((
                ErrorKind::UnknownEvent,
                "unknown event kind; use d, u, r or t".to_string(),
            ));
        }
    };
    if value.len() > MAX_KEY_NAME_BYTES {
        return Err((
            ErrorKind::UnknownKey,
            format!("no key name is longer than {MAX_KEY_NAME_BYTES} bytes"),
        ));
    }
    let key = value
        .parse::<KeyCode>()
        .map_err(|e| (ErrorKind::UnknownKey, e.to_string()))?;
    Ok(Token::Key(key, state))
}

/// Milliseconds, possibly fractional (`t:0.5`), to microseconds.
fn parse_ms(value: &str) -> Result<Micros, (ErrorKind, String)> {
    let bad = |message: String| (ErrorKind::BadTime, message);
    let ms: f64 = value
        .parse()
        .map_err(|_| bad("not a number of milliseconds".to_string()))?;
    if !ms.is_finite() || !(0.0..=1e9).contains(&ms) {
        return Err(bad("out of range (0 to 1e9 ms)".to_string()));
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
    format_with_mouse(events, &[], start, timed)
}

/// Formats key output and pointer output together: each pointer event comes with the number
/// of key events emitted before it (as `Recorder::mouse` keeps them).
pub fn format_with_mouse(
    events: &[KeyEvent],
    mouse: &[(usize, MouseEvent)],
    start: Micros,
    timed: bool,
) -> String {
    let mut out = String::new();
    let mut last = start;
    let mut put = |time: Micros, token: std::fmt::Arguments| {
        if !out.is_empty() {
            out.push(' ');
        }
        if timed && time > last {
            let _ = write!(out, "t:{} ", format_ms(time - last));
        }
        last = last.max(time);
        let _ = out.write_fmt(token);
    };
    let mut pointer = mouse.iter().peekable();
    for (i, e) in events.iter().enumerate() {
        while let Some((_, m)) = pointer.next_if(|(before, _)| *before <= i) {
            put(m.time, format_args!("{}", mouse::token(m.output)));
        }
        put(e.time, format_args!("{}:{}", kind_char(e.state), e.key));
    }
    for (_, m) in pointer {
        put(m.time, format_args!("{}", mouse::token(m.output)));
    }
    out
}

/// The notation's letter for a key state: `d`, `u` or `r`.
pub fn kind_char(state: KeyState) -> char {
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
        let pointer = token
            .split_once(':')
            .and_then(|(kind, value)| mouse::parse(kind, value));
        if let Some(parsed) = pointer {
            match parsed {
                Ok(output) => parts.push(mouse::token(output)),
                Err(message) => {
                    return Err(NotationError::new(
                        column,
                        ErrorKind::UnknownEvent,
                        token,
                        message,
                    ));
                }
            }
            continue;
        }
        let part = match parse_token(token) {
            Ok(Token::Wait(us)) => format!("t:{}", format_ms(us)),
            Ok(Token::Key(key, state)) => format!("{}:{key}", kind_char(state)),
            Err((kind, message)) => return Err(NotationError::new(column, kind, token, message)),
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

    /// Each byte's column is counted once: the old split counted every token's prefix again,
    /// which made a 1 MiB input take seconds.
    #[test]
    fn splitting_looks_at_each_byte_once() {
        for repeat in [1_000, 16_000, 128_000] {
            let text = "d:a  t:1 @\"dev é\" u:a\n".repeat(repeat);
            let mut split = Tokens::new(&text);
            let count = split.by_ref().count();
            assert_eq!(count, 4 * repeat);
            assert_eq!(
                split.counted_bytes,
                text.len() - 1,
                "trailing whitespace is never counted"
            );
        }
        let columns: Vec<usize> = tokens("é d:a  @\"x y\" u:a").map(|(c, _)| c).collect();
        assert_eq!(columns, [1, 3, 8, 15]);
    }

    #[test]
    fn limits_are_checked_before_and_while_parsing() {
        let limits = Limits {
            max_bytes: 64,
            max_steps: 3,
            max_device_name_bytes: 8,
        };
        let err = parse_input_with(&"x".repeat(65), &limits).unwrap_err();
        assert_eq!((err.kind, err.column), (ErrorKind::TooLarge, 1));
        assert!(
            err.message.contains("65 bytes; at most 64"),
            "{}",
            err.message
        );
        assert_eq!(parse_input_with("d:a u:a t:1", &limits).unwrap().len(), 3);
        let err = parse_input_with("d:a u:a t:1 d:b", &limits).unwrap_err();
        assert_eq!((err.kind, err.column), (ErrorKind::TooLarge, 13));
        assert!(parse_input_with("@abcdefgh d:a", &limits).is_ok());
        let err = parse_input_with("@abcdefghi d:a", &limits).unwrap_err();
        assert_eq!((err.kind, err.column), (ErrorKind::BadDevice, 1));
    }

    #[test]
    fn long_tokens_cost_no_lookup_and_are_cut_in_errors() {
        let name = "q".repeat(MAX_KEY_NAME_BYTES + 1);
        let err = parse_input(&format!("d:{name}")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnknownKey);
        assert_eq!(
            err.token.chars().count(),
            ERROR_TOKEN_CHARS + 1,
            "cut, with an ellipsis"
        );
        let err = parse_input(&format!("t:{}", "9".repeat(100_000))).unwrap_err();
        assert!(err.message.len() < 100, "{}", err.message);
    }

    #[test]
    fn redacted_errors_carry_no_input_text() {
        for input in [
            "d:a x:hunter2",
            "d:hunter2",
            "t:hunter2",
            "@hunter2",
            "hunter2",
        ] {
            let err = parse_input(input).unwrap_err();
            let redacted = err.redacted();
            assert!(!redacted.contains("hunter"), "{input}: {redacted}");
            assert!(redacted.starts_with(&format!("column {}: ", err.column)));
        }
        assert_eq!(
            parse_input("d:a x:hunter2").unwrap_err().redacted(),
            "column 5: not an event (expected d:KEY, u:KEY, r:KEY, t:MS or @DEVICE)"
        );
    }
}
