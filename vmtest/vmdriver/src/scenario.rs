//! The scenario language: one command per line, parsed into `Cmd`s before anything runs, so a
//! typo costs no boot. The language itself is documented in ../../README.md.

use crate::keys::parse_key;
use crate::leds::parse_led;
use crate::words::{split_words, unescape};
use evdev::KeyCode;
use regex::Regex;

#[derive(Debug, Clone)]
pub enum Step {
    Key(u16, i32),
    Sleep(u64),
}

#[derive(Debug, Clone)]
pub enum Cmd {
    Source {
        name: String,
        id: (u16, u16),
    },
    Unplug(Option<String>),
    Use(String),
    Spawn(Vec<String>),
    Signal(i32, String),
    ExitedWithin(u64),
    Output {
        re: String,
        timeout_ms: u64,
    },
    WaitOpen(u64),
    WaitReady {
        key: u16,
        timeout_ms: u64,
    },
    Send(Vec<Step>),
    Expect {
        evs: Vec<(u16, i32)>,
        within_ms: u64,
    },
    ExpectNone(u64),
    HeldKeys,
    ExpectHeldNone,
    Latency {
        n: usize,
        key: u16,
        out: Option<u16>,
    },
    BaselineLatency {
        n: usize,
        key: u16,
    },
    HoldTiming {
        key: u16,
        out: u16,
        term_ms: u64,
        n: usize,
    },
    Rss(Option<String>),
    ExpectRss {
        max_kb: u64,
        max_growth_kb: Option<u64>,
    },
    WsOpen {
        n: usize,
        port: u16,
        token_file: String,
        topics: Vec<String>,
    },
    WsCycles {
        n: usize,
        port: u16,
        token_file: String,
        topics: Vec<String>,
    },
    WsClose,
    ExpectIdle {
        ms: u64,
        max_wakeups: u64,
    },
    ExistsGrab(u16),
    ExpectNotGrabbed(u16),
    WaitOutputGone(u64),
    WriteFile {
        path: String,
        content: String,
        in_place: bool,
    },
    ExpectError(Box<Cmd>, String),
    Sleep(u64),
    Drain(u64),
    Pointer {
        re: String,
        timeout_ms: u64,
    },
    ExpectBtn {
        code: u16,
        value: i32,
        within_ms: u64,
    },
    ExpectRel {
        axis: (u16, i32),
        count: usize,
        growing: bool,
        within_ms: u64,
    },
    ExpectRelNone(u64),
    PointerDrain(u64),
    WaitPointerGone(u64),
    Echo(String),
    Sh {
        cmd: String,
        timeout_ms: u64,
    },
    SetOutputLed {
        led: u16,
        value: i32,
    },
    ExpectSourceLed {
        led: u16,
        value: i32,
        within_ms: u64,
    },
}

pub struct Line {
    pub no: usize,
    pub text: String,
    pub cmd: Cmd,
}

pub fn parse_scenario(text: &str) -> Result<Vec<Line>, Vec<String>> {
    let mut lines = Vec::new();
    let mut errs = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let words = match split_words(raw) {
            Ok(w) => w,
            Err(e) => {
                errs.push(format!("line {}: {e}", i + 1));
                continue;
            }
        };
        if words.is_empty() {
            continue;
        }
        match parse_line(&words) {
            Ok(cmd) => lines.push(Line {
                no: i + 1,
                text: raw.trim().to_string(),
                cmd,
            }),
            Err(e) => errs.push(format!("line {}: {e}: {}", i + 1, raw.trim())),
        }
    }
    if errs.is_empty() {
        Ok(lines)
    } else {
        Err(errs)
    }
}

pub(crate) fn num<T: std::str::FromStr>(s: Option<&String>, what: &str) -> Result<T, String> {
    let s = s.ok_or_else(|| format!("missing {what}"))?;
    s.parse().map_err(|_| format!("bad {what} '{s}'"))
}

fn opt_num<T: std::str::FromStr>(s: Option<&String>, what: &str, dflt: T) -> Result<T, String> {
    match s {
        None => Ok(dflt),
        some => num(some, what),
    }
}

/// A command's arguments (the words after its name). `arity` returns `self` so that a simple
/// command parses in one expression, its argument count checked before its arguments.
struct Args<'a> {
    name: &'a str,
    a: &'a [String],
}

impl<'a> Args<'a> {
    fn arity(&self, lo: usize, hi: usize) -> Result<&Self, String> {
        if self.a.len() < lo || self.a.len() > hi {
            Err(format!(
                "'{}' takes {lo}..{hi} arguments, got {}",
                self.name,
                self.a.len()
            ))
        } else {
            Ok(self)
        }
    }

    fn get(&self, i: usize) -> Option<&'a String> {
        self.a.get(i)
    }

    fn num<T: std::str::FromStr>(&self, i: usize, what: &str) -> Result<T, String> {
        num(self.get(i), what)
    }

    fn opt_num<T: std::str::FromStr>(&self, i: usize, what: &str, dflt: T) -> Result<T, String> {
        opt_num(self.get(i), what, dflt)
    }

    fn key(&self, i: usize) -> Result<u16, String> {
        parse_key(&self.a[i])
    }

    /// Probe and grab checks tap `z` unless told otherwise: rarely remapped, harmless if typed.
    fn key_or_z(&self, i: usize) -> Result<u16, String> {
        match self.get(i) {
            Some(k) => parse_key(k),
            None => Ok(KeyCode::KEY_Z.code()),
        }
    }

    /// A regex argument, checked here so a bad one is a syntax error rather than a mid-run abort.
    fn regex(&self, i: usize) -> Result<&'a String, String> {
        let r = &self.a[i];
        Regex::new(r).map_err(|e| format!("bad regex: {e}"))?;
        Ok(r)
    }
}

pub fn parse_line(words: &[String]) -> Result<Cmd, String> {
    let a = &Args {
        name: &words[0],
        a: &words[1..],
    };
    Ok(match words[0].as_str() {
        "source" => parse_source(a.arity(1, 2)?)?,
        "unplug" => Cmd::Unplug(a.arity(0, 1)?.get(0).cloned()),
        "use" => Cmd::Use(a.arity(1, 1)?.a[0].clone()),
        "spawn" if a.a.is_empty() => return Err("spawn needs a command".into()),
        "spawn" => Cmd::Spawn(a.a.to_vec()),
        "signal" => {
            let s = &a.arity(1, 1)?.a[0];
            Cmd::Signal(parse_signal(s)?, s.to_ascii_uppercase())
        }
        "exited-within" => Cmd::ExitedWithin(a.arity(1, 1)?.num(0, "milliseconds")?),
        "output" => Cmd::Output {
            re: a.arity(1, 2)?.regex(0)?.clone(),
            timeout_ms: a.opt_num(1, "timeout", 5000)?,
        },
        "wait-ready" => Cmd::WaitReady {
            key: a.arity(0, 2)?.key_or_z(0)?,
            timeout_ms: a.opt_num(1, "timeout", 10000)?,
        },
        "wait-open" => Cmd::WaitOpen(a.arity(0, 1)?.opt_num(0, "timeout", 5000)?),
        "send" => parse_send(a.a)?,
        "expect" => parse_expect(a.a)?,
        "expect-none" => Cmd::ExpectNone(a.arity(1, 1)?.num(0, "milliseconds")?),
        "held-keys" => a.arity(0, 0).map(|_| Cmd::HeldKeys)?,
        "expect-held-none" => a.arity(0, 0).map(|_| Cmd::ExpectHeldNone)?,
        "latency" => Cmd::Latency {
            n: a.arity(2, 3)?.num(0, "count")?,
            key: a.key(1)?,
            out: a.get(2).map(|s| parse_key(s)).transpose()?,
        },
        "baseline-latency" => Cmd::BaselineLatency {
            n: a.arity(2, 2)?.num(0, "count")?,
            key: a.key(1)?,
        },
        "hold-timing" => Cmd::HoldTiming {
            key: a.arity(3, 4)?.key(0)?,
            out: a.key(1)?,
            term_ms: a.num(2, "term milliseconds")?,
            n: a.opt_num(3, "repetitions", 10)?,
        },
        "rss" => match a.arity(0, 1)?.get(0) {
            Some(_) => Cmd::Rss(Some(a.regex(0)?.clone())),
            None => Cmd::Rss(None),
        },
        "expect-rss" => Cmd::ExpectRss {
            max_kb: a.arity(1, 2)?.num(0, "kB")?,
            max_growth_kb: a.get(1).map(|g| num(Some(g), "growth kB")).transpose()?,
        },
        "expect-idle" => Cmd::ExpectIdle {
            ms: a.arity(2, 2)?.num(0, "milliseconds")?,
            max_wakeups: a.num(1, "wake-ups")?,
        },
        "ws-open" => {
            let (n, port, token_file, topics) = parse_ws(a)?;
            Cmd::WsOpen {
                n,
                port,
                token_file,
                topics,
            }
        }
        "ws-cycles" => {
            let (n, port, token_file, topics) = parse_ws(a)?;
            Cmd::WsCycles {
                n,
                port,
                token_file,
                topics,
            }
        }
        "ws-close" => a.arity(0, 0).map(|_| Cmd::WsClose)?,
        "exists-grab" => Cmd::ExistsGrab(a.arity(0, 1)?.key_or_z(0)?),
        "expect-not-grabbed" => Cmd::ExpectNotGrabbed(a.arity(0, 1)?.key_or_z(0)?),
        "wait-output-gone" => Cmd::WaitOutputGone(a.arity(0, 1)?.opt_num(0, "timeout", 5000)?),
        "write-file" => parse_write_file(a.a)?,
        "expect-error" => parse_expect_error(a.a)?,
        "sleep" => Cmd::Sleep(a.arity(1, 1)?.num(0, "milliseconds")?),
        "drain" => Cmd::Drain(a.arity(0, 1)?.opt_num(0, "milliseconds", 0)?),
        "pointer" => Cmd::Pointer {
            re: a.arity(1, 2)?.regex(0)?.clone(),
            timeout_ms: a.opt_num(1, "timeout", 5000)?,
        },
        "expect-btn" => crate::pointer::parse_expect_btn(a.arity(2, 4)?.a)?,
        "expect-rel" => crate::pointer::parse_expect_rel(a.arity(2, 5)?.a)?,
        "expect-rel-none" => Cmd::ExpectRelNone(a.arity(1, 1)?.num(0, "milliseconds")?),
        "wait-pointer-gone" => Cmd::WaitPointerGone(a.arity(0, 1)?.opt_num(0, "timeout", 5000)?),
        "pointer-drain" => Cmd::PointerDrain(a.arity(0, 1)?.opt_num(0, "milliseconds", 0)?),
        "echo" => Cmd::Echo(a.a.join(" ")),
        "sh" => parse_sh(a.a)?,
        "set-output-led" => Cmd::SetOutputLed {
            led: parse_led(&a.arity(2, 2)?.a[0])?,
            value: led_value(&a.a[1])?,
        },
        "expect-source-led" => parse_expect_source_led(a)?,
        other => return Err(format!("unknown command '{other}'")),
    })
}

/// `ws-open`/`ws-cycles N PORT TOKEN_FILE [TOPIC...]`.
fn parse_ws(a: &Args) -> Result<(usize, u16, String, Vec<String>), String> {
    let a = a.arity(3, 8)?;
    Ok((
        a.num(0, "count")?,
        a.num(1, "port")?,
        a.a[2].clone(),
        a.a[3..].to_vec(),
    ))
}

/// `source NAME [VENDOR:PRODUCT]` (hex ids).
fn parse_source(a: &Args) -> Result<Cmd, String> {
    let id = match a.get(1) {
        None => (0x1209, 0x0001), // pid.codes test VID/PID
        Some(s) => {
            let (v, p) = s
                .split_once(':')
                .ok_or_else(|| format!("bad vendor:product '{s}'"))?;
            let h = |x: &str| {
                u16::from_str_radix(x.trim_start_matches("0x"), 16)
                    .map_err(|_| format!("bad hex id '{x}'"))
            };
            (h(v)?, h(p)?)
        }
    };
    Ok(Cmd::Source {
        name: a.a[0].clone(),
        id,
    })
}

/// `send EVENT...`: d:KEY, u:KEY, r:KEY, t:MS (sleep) and tap:KEY (press + release).
fn parse_send(a: &[String]) -> Result<Cmd, String> {
    if a.is_empty() {
        return Err("send needs events".into());
    }
    let mut steps = Vec::new();
    for t in a {
        if let Some(k) = t.strip_prefix("tap:") {
            let k = parse_key(k)?;
            steps.push(Step::Key(k, 1));
            steps.push(Step::Key(k, 0));
        } else {
            steps.push(parse_key_event(t, true)?);
        }
    }
    Ok(Cmd::Send(steps))
}

/// `expect EVENT... [within MS]`.
fn parse_expect(a: &[String]) -> Result<Cmd, String> {
    let mut evs = Vec::new();
    let mut within_ms = 1000;
    let mut i = 0;
    while i < a.len() {
        if a[i] == "within" {
            within_ms = num(a.get(i + 1), "within milliseconds")?;
            if i + 2 != a.len() {
                return Err("'within MS' must come last".into());
            }
            break;
        }
        match parse_key_event(&a[i], false)? {
            Step::Key(c, v) => evs.push((c, v)),
            Step::Sleep(_) => unreachable!(),
        }
        i += 1;
    }
    if evs.is_empty() {
        return Err("expect needs events (use expect-none for none)".into());
    }
    Ok(Cmd::Expect { evs, within_ms })
}

/// An LED's VALUE: 0 (off) or 1 (on).
fn led_value(s: &str) -> Result<i32, String> {
    match s {
        "0" => Ok(0),
        "1" => Ok(1),
        _ => Err(format!("bad LED value '{s}' (0 or 1)")),
    }
}

/// `expect-source-led LED VALUE [within MS]`.
fn parse_expect_source_led(a: &Args) -> Result<Cmd, String> {
    let within_ms = match a.arity(2, 4)?.a.len() {
        2 => 1000,
        4 if a.a[2] == "within" => a.num(3, "within milliseconds")?,
        _ => return Err("want LED VALUE [within MS]".into()),
    };
    Ok(Cmd::ExpectSourceLed {
        led: parse_led(&a.a[0])?,
        value: led_value(&a.a[1])?,
        within_ms,
    })
}

/// `write-file [--in-place] /PATH CONTENT...`: the words joined by spaces, escapes expanded,
/// a final newline added (config files are line-based).
fn parse_write_file(a: &[String]) -> Result<Cmd, String> {
    let in_place = a.first().is_some_and(|w| w == "--in-place");
    let rest = &a[in_place as usize..];
    if rest.is_empty() {
        return Err("write-file needs a path".into());
    }
    if !rest[0].starts_with('/') {
        return Err(format!("write-file: '{}' is not an absolute path", rest[0]));
    }
    let mut content = unescape(&rest[1..].join(" "))?;
    if !content.is_empty() && !content.ends_with('\n') {
        content.push('\n');
    }
    Ok(Cmd::WriteFile {
        path: rest[0].clone(),
        content,
        in_place,
    })
}

/// `expect-error COMMAND...`: the inner command must fail (abort); checks already report
/// PASS/FAIL themselves, so wrapping one would be meaningless.
fn parse_expect_error(a: &[String]) -> Result<Cmd, String> {
    if a.is_empty() {
        return Err("expect-error needs a command".into());
    }
    let inner = parse_line(a)?;
    if is_check(&inner) {
        return Err(format!(
            "expect-error takes a command that can fail, not the check '{}'",
            a[0]
        ));
    }
    Ok(Cmd::ExpectError(Box::new(inner), a.join(" ")))
}

/// `sh [--timeout MS] COMMAND...` (default 30 s).
fn parse_sh(a: &[String]) -> Result<Cmd, String> {
    let (timeout_ms, rest) = match a.first().map(String::as_str) {
        Some("--timeout") => (
            num(a.get(1), "sh timeout milliseconds")?,
            &a[2.min(a.len())..],
        ),
        _ => (30_000, a),
    };
    if rest.is_empty() {
        return Err("sh needs a command".into());
    }
    Ok(Cmd::Sh {
        cmd: rest.join(" "),
        timeout_ms,
    })
}

fn parse_key_event(tok: &str, allow_sleep: bool) -> Result<Step, String> {
    let (p, rest) = tok
        .split_once(':')
        .ok_or_else(|| format!("bad event '{tok}' (want d:KEY, u:KEY, r:KEY or t:MS)"))?;
    match p {
        "d" => Ok(Step::Key(parse_key(rest)?, 1)),
        "u" => Ok(Step::Key(parse_key(rest)?, 0)),
        "r" => Ok(Step::Key(parse_key(rest)?, 2)),
        "t" if allow_sleep => Ok(Step::Sleep(
            rest.parse().map_err(|_| format!("bad sleep '{tok}'"))?,
        )),
        _ => Err(format!("bad event '{tok}'")),
    }
}

fn parse_signal(s: &str) -> Result<i32, String> {
    if let Ok(n) = s.parse::<i32>() {
        return Ok(n);
    }
    let u = s.to_ascii_uppercase();
    Ok(match u.strip_prefix("SIG").unwrap_or(&u) {
        "TERM" => libc::SIGTERM,
        "KILL" => libc::SIGKILL,
        "INT" => libc::SIGINT,
        "HUP" => libc::SIGHUP,
        "QUIT" => libc::SIGQUIT,
        "USR1" => libc::SIGUSR1,
        "USR2" => libc::SIGUSR2,
        "STOP" => libc::SIGSTOP,
        "CONT" => libc::SIGCONT,
        _ => return Err(format!("unknown signal '{s}'")),
    })
}

/// Commands that record PASS/FAIL themselves (and so cannot be wrapped in `expect-error`).
fn is_check(c: &Cmd) -> bool {
    matches!(
        c,
        Cmd::ExitedWithin(_)
            | Cmd::ExpectRss { .. }
            | Cmd::ExpectIdle { .. }
            | Cmd::Expect { .. }
            | Cmd::ExpectNone(_)
            | Cmd::ExpectHeldNone
            | Cmd::ExistsGrab(_)
            | Cmd::ExpectNotGrabbed(_)
            | Cmd::WaitOutputGone(_)
            | Cmd::ExpectError(..)
            | Cmd::ExpectSourceLed { .. }
            | Cmd::ExpectBtn { .. }
            | Cmd::ExpectRel { .. }
            | Cmd::ExpectRelNone(_)
            | Cmd::WaitPointerGone(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::Path;

    fn parse(line: &str) -> Result<Cmd, String> {
        parse_line(&split_words(line).unwrap())
    }

    #[test]
    fn write_file_expands_escapes_and_ends_with_newline() {
        match parse(r"write-file /etc/k/c.rhai 'a\nb\tc\\d'").unwrap() {
            Cmd::WriteFile {
                path,
                content,
                in_place,
            } => {
                assert_eq!(path, "/etc/k/c.rhai");
                assert_eq!(content, "a\nb\tc\\d\n");
                assert!(!in_place);
            }
            other => panic!("{other:?}"),
        }
        match parse("write-file --in-place /x two words").unwrap() {
            Cmd::WriteFile {
                content, in_place, ..
            } => {
                assert_eq!(content, "two words\n");
                assert!(in_place);
            }
            other => panic!("{other:?}"),
        }
        assert!(parse("write-file relative/path x").is_err());
        assert!(parse(r"write-file /x 'bad\q'").is_err());
    }

    #[test]
    fn expect_error_wraps_commands_but_not_checks() {
        assert!(matches!(
            parse("expect-error send tap:a").unwrap(),
            Cmd::ExpectError(..)
        ));
        assert!(parse("expect-error expect d:a").is_err());
        assert!(parse("expect-error wait-output-gone").is_err());
        assert!(parse("expect-error send").is_err()); // the inner command's own syntax error
    }

    #[test]
    fn new_commands_parse() {
        assert!(matches!(parse("unplug").unwrap(), Cmd::Unplug(None)));
        assert!(matches!(parse("unplug kbd").unwrap(), Cmd::Unplug(Some(_))));
        assert!(matches!(parse("use kbd").unwrap(), Cmd::Use(_)));
        assert!(matches!(
            parse("expect-not-grabbed").unwrap(),
            Cmd::ExpectNotGrabbed(44)
        )); // z
        assert!(matches!(
            parse("wait-output-gone").unwrap(),
            Cmd::WaitOutputGone(5000)
        ));
        assert!(matches!(
            parse("wait-output-gone 200").unwrap(),
            Cmd::WaitOutputGone(200)
        ));
        match parse("sh --timeout 250 sleep 1").unwrap() {
            Cmd::Sh { cmd, timeout_ms } => assert_eq!((cmd.as_str(), timeout_ms), ("sleep 1", 250)),
            other => panic!("{other:?}"),
        }
        match parse("sh ls /dev/input").unwrap() {
            Cmd::Sh { timeout_ms, .. } => assert_eq!(timeout_ms, 30_000),
            other => panic!("{other:?}"),
        }
        assert!(parse("sh --timeout 100").is_err());
    }

    #[test]
    fn led_commands_parse() {
        assert!(matches!(
            parse("set-output-led capslock 1").unwrap(),
            Cmd::SetOutputLed { led: 1, value: 1 }
        ));
        assert!(matches!(
            parse("set-output-led 0 0").unwrap(),
            Cmd::SetOutputLed { led: 0, value: 0 }
        ));
        assert!(matches!(
            parse("expect-source-led scrolllock 1").unwrap(),
            Cmd::ExpectSourceLed {
                led: 2,
                value: 1,
                within_ms: 1000
            }
        ));
        assert!(matches!(
            parse("expect-source-led numlock 0 within 250").unwrap(),
            Cmd::ExpectSourceLed {
                led: 0,
                value: 0,
                within_ms: 250
            }
        ));
        assert!(parse("set-output-led capslock").is_err());
        assert!(parse("set-output-led capslock 2").is_err());
        assert!(parse("set-output-led shiftlock 1").is_err());
        assert!(parse("expect-source-led capslock 1 within").is_err());
        assert!(parse("expect-source-led capslock 1 after 5").is_err());
        assert!(parse("expect-error expect-source-led capslock 1").is_err());
        assert!(parse("expect-error set-output-led capslock 1").is_ok());
    }

    #[test]
    fn shipped_scenarios_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
        let mut n = 0;
        for e in fs::read_dir(&dir).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "scn") {
                let text = fs::read_to_string(e.path()).unwrap();
                if let Err(errs) = parse_scenario(&text) {
                    panic!("{}: {errs:?}", e.path().display());
                }
                n += 1;
            }
        }
        assert!(n >= 2);
    }
}
