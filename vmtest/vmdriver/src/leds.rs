//! LED state, the way back from the system to the keyboards: `set-output-led` sets an LED on the
//! daemon's virtual keyboard (as a desktop does when CapsLock toggles), `expect-source-led`
//! checks that the daemon passed it on to the source keyboard it reads.

use crate::runner::{R, Runner};
use crate::sys::{EV_LED, kernel_led_state, mono_ns, poll_in, read_events, write_event};
use std::fs;
use std::os::fd::AsRawFd;
use std::path::Path;

/// An LED event a source's uinput fd received: kernel time (monotonic, ns), LED, value.
#[derive(Clone, Copy, Debug)]
pub struct LedEv {
    pub t: u64,
    pub led: u16,
    pub val: i32,
}

/// `capslock`, `numlock`, `scrolllock` (or `caps`, `num`, `scroll`, `LED_CAPSL`, ...) or a number.
pub fn parse_led(s: &str) -> Result<u16, String> {
    let l = s.to_ascii_lowercase();
    let n = match l.strip_prefix("led_").unwrap_or(&l) {
        "numlock" | "num" | "numl" => 0,
        "capslock" | "caps" | "capsl" => 1,
        "scrolllock" | "scroll" | "scrolll" => 2,
        other => match other.strip_prefix("0x") {
            Some(h) => u16::from_str_radix(h, 16).map_err(|_| format!("bad LED '{s}'"))?,
            None => other.parse().map_err(|_| {
                format!("bad LED '{s}' (capslock, numlock, scrolllock or a number)")
            })?,
        },
    };
    if n > 0x0f {
        return Err(format!("bad LED '{s}': LED codes go up to 15"));
    }
    Ok(n)
}

pub fn led_name(led: u16) -> String {
    match led {
        0 => "numlock".into(),
        1 => "capslock".into(),
        2 => "scrolllock".into(),
        n => format!("led{n}"),
    }
}

fn led_list(leds: &[u16]) -> String {
    let v: Vec<String> = leds.iter().map(|l| led_name(*l)).collect();
    format!("[{}]", v.join(" "))
}

/// The LED state of an evdev node as the kernel sees it, for reports.
fn node_leds(node: &Path) -> String {
    match fs::File::open(node).and_then(|f| kernel_led_state(f.as_raw_fd())) {
        Ok(l) => led_list(&l),
        Err(e) => format!("<{e}>"),
    }
}

impl Runner {
    /// `set-output-led LED VALUE`: write EV_LED + SYN_REPORT to the output's evdev node. The
    /// input core passes it to the device's owner: a uinput device's fd, i.e. the daemon.
    pub fn set_output_led(&mut self, led: u16, value: i32) -> R {
        let o = self.out()?;
        let (node, name) = (o.node.clone(), o.name.clone());
        let before = kernel_led_state(o.fd.as_raw_fd());
        let f = fs::OpenOptions::new()
            .write(true)
            .open(&node)
            .map_err(|e| format!("open {} for writing: {e}", node.display()))?;
        let t = mono_ns();
        write_event(f.as_raw_fd(), EV_LED, led, value)
            .map_err(|e| format!("write EV_LED to {}: {e}", node.display()))?;
        let after = kernel_led_state(o.fd.as_raw_fd());
        self.last_led_write = Some(t);
        let mut note = String::new();
        let caps = node
            .file_name()
            .and_then(|ev| {
                fs::read_to_string(
                    Path::new("/sys/class/input")
                        .join(ev)
                        .join("device/capabilities/led"),
                )
                .ok()
            })
            .unwrap_or_default();
        if caps.trim() == "0" {
            note += " (the output declares no LEDs: the input core drops the event)";
        } else if let Ok(b) = &before
            && b.contains(&led) == (value != 0)
        {
            note += " (already so: the input core drops an unchanged value, nothing reaches the daemon)";
        }
        let fmt = |r: &std::io::Result<Vec<u16>>| match r {
            Ok(l) => led_list(l),
            Err(e) => format!("<{e}>"),
        };
        println!(
            "{}   {}={value} written to '{name}' {}; its LEDs {} -> {}{note}",
            self.ts(),
            led_name(led),
            node.display(),
            fmt(&before),
            fmt(&after)
        );
        Ok(())
    }

    /// `expect-source-led LED VALUE [within MS]`: the current source's uinput fd receives this
    /// LED event within MS. LED events read before it are consumed (and printed on failure).
    pub fn expect_source_led(&mut self, led: u16, value: i32, within_ms: u64) -> R {
        self.source()?;
        let i = self.cur.unwrap();
        let t0 = mono_ns();
        let deadline = t0 + within_ms * 1_000_000;
        let fd = self.sources[i].fd.as_ref().unwrap().as_raw_fd();
        let mut seen = Vec::new();
        let found = loop {
            let evs =
                read_events(fd).map_err(|e| format!("reading the source's uinput fd: {e}"))?;
            let src = &mut self.sources[i];
            src.leds
                .extend(evs.iter().filter(|e| e.type_ == EV_LED).map(|e| LedEv {
                    t: e.time.tv_sec as u64 * 1_000_000_000 + e.time.tv_usec as u64 * 1000,
                    led: e.code,
                    val: e.value,
                }));
            if let Some(k) = src.leds.iter().position(|e| e.led == led && e.val == value) {
                seen.extend(src.leds.drain(..=k));
                break seen.last().copied();
            }
            let now = mono_ns();
            if now >= deadline {
                seen.append(&mut src.leds);
                break None;
            }
            poll_in(fd, ((deadline - now) / 1_000_000).clamp(1, 50) as i32)
                .map_err(|e| format!("poll on the source's uinput fd: {e}"))?;
        };
        let rel = |t: u64| (t as f64 - t0 as f64) / 1e6;
        let toks: Vec<String> = seen
            .iter()
            .map(|e| format!("{}={}@{:+.1}ms", led_name(e.led), e.val, rel(e.t)))
            .collect();
        let src = &self.sources[i];
        let want = format!("'{}' {}={value}", src.name, led_name(led));
        match found {
            Some(e) => {
                let since = self
                    .last_led_write
                    .map(|w| {
                        format!(
                            ", {:.1} ms after the last set-output-led",
                            (e.t as f64 - w as f64) / 1e6
                        )
                    })
                    .unwrap_or_default();
                let others = if seen.len() > 1 {
                    format!(" (LED events read: {})", toks.join(" "))
                } else {
                    String::new()
                };
                self.check(true, format!("expect-source-led {want}{since}{others}"));
            }
            None => {
                let out = self
                    .output
                    .as_ref()
                    .map(|o| format!("; output '{}' LEDs {}", o.name, node_leds(&o.node)))
                    .unwrap_or_default();
                let msg = format!(
                    "expect-source-led {want} within {within_ms} ms — the source's uinput fd got [{}] (times relative to this check); source {} LEDs {}{out}",
                    toks.join(" "),
                    src.node.display(),
                    node_leds(&src.node),
                );
                self.check(false, msg);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn led_names() {
        assert_eq!(parse_led("capslock"), Ok(1));
        assert_eq!(parse_led("NumLock"), Ok(0));
        assert_eq!(parse_led("LED_SCROLLL"), Ok(2));
        assert_eq!(parse_led("4"), Ok(4));
        assert_eq!(parse_led("0x0f"), Ok(15));
        assert!(parse_led("16").is_err());
        assert!(parse_led("shiftlock").is_err());
        assert_eq!(led_name(1), "capslock");
    }
}
