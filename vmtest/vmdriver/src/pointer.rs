//! The daemon's virtual pointer (mouse keys): `pointer REGEX [TIMEOUT]` starts reading it beside
//! the keyboard output, `expect-btn`, `expect-rel` and `expect-rel-none` check what it sent,
//! `pointer-drain` consumes it. Relative events are checked as a window from the cursor, so
//! several axes (a wheel and its high-resolution twin) can be checked on the same steps.

use crate::output::{Output, Rec};
use crate::runner::{R, Runner};
use crate::scenario::{Cmd, num};
use crate::sys::sleep_ms;

pub const EV_KEY: u16 = 1;
pub const EV_REL: u16 = 2;

/// A trailing `within MS` of `words` (default 1000 ms), and the words before it.
fn split_within(a: &[String]) -> Result<(&[String], u64), String> {
    match a.iter().position(|w| w == "within") {
        Some(i) if i + 2 == a.len() => Ok((&a[..i], num(a.get(i + 1), "within milliseconds")?)),
        Some(_) => Err("'within MS' must come last".into()),
        None => Ok((a, 1000)),
    }
}

/// `expect-btn NAME 1|0 [within MS]`.
pub fn parse_expect_btn(a: &[String]) -> Result<Cmd, String> {
    let (a, within_ms) = split_within(a)?;
    if a.len() != 2 {
        return Err("expect-btn takes a button and 1 or 0".into());
    }
    let value = match a[1].as_str() {
        "1" => 1,
        "0" => 0,
        v => return Err(format!("button value '{v}' must be 1 or 0")),
    };
    Ok(Cmd::ExpectBtn {
        code: parse_button(&a[0])?,
        value,
        within_ms,
    })
}

/// `expect-rel AXIS± COUNT [growing] [within MS]`.
pub fn parse_expect_rel(a: &[String]) -> Result<Cmd, String> {
    let (a, within_ms) = split_within(a)?;
    let growing = match a.get(2).map(String::as_str) {
        None => false,
        Some("growing") if a.len() == 3 => true,
        Some(w) => {
            return Err(format!(
                "unexpected '{w}' (only 'growing' may follow the count)"
            ));
        }
    };
    Ok(Cmd::ExpectRel {
        axis: parse_axis(&a[0])?,
        count: num(a.get(1), "count")?,
        growing,
        within_ms,
    })
}

/// A button name (`left`, `right`, `middle`, `side`/`back`, `extra`/`forward`) to its code.
pub fn parse_button(name: &str) -> Result<u16, String> {
    Ok(match name {
        "left" => 0x110,
        "right" => 0x111,
        "middle" => 0x112,
        "side" | "back" => 0x113,
        "extra" | "forward" => 0x114,
        _ => {
            return Err(format!(
                "unknown button '{name}' (left right middle side extra)"
            ));
        }
    })
}

/// An axis with a sign (`x+`, `y-`, `wheel-`, `hwheel+`, `wheel_hi_res-`) to its code and sign.
pub fn parse_axis(text: &str) -> Result<(u16, i32), String> {
    let (name, sign) = match text.strip_suffix('+') {
        Some(n) => (n, 1),
        None => match text.strip_suffix('-') {
            Some(n) => (n, -1),
            None => return Err(format!("axis '{text}' needs a sign: {text}+ or {text}-")),
        },
    };
    let code = match name {
        "x" => 0x00,
        "y" => 0x01,
        "hwheel" => 0x06,
        "wheel" => 0x08,
        "wheel_hi_res" => 0x0b,
        "hwheel_hi_res" => 0x0c,
        _ => {
            return Err(format!(
                "unknown axis '{name}' (x y wheel hwheel wheel_hi_res hwheel_hi_res)"
            ));
        }
    };
    Ok((code, sign))
}

fn axis_name(code: u16) -> String {
    match code {
        0x00 => "x".into(),
        0x01 => "y".into(),
        0x06 => "hwheel".into(),
        0x08 => "wheel".into(),
        0x0b => "wheel_hi_res".into(),
        0x0c => "hwheel_hi_res".into(),
        c => format!("rel{c:#x}"),
    }
}

/// Pointer records as words: `x:+8 y:-8 btn0x110:1`.
fn pointer_toks(recs: &[Rec]) -> String {
    let words: Vec<String> = recs
        .iter()
        .map(|r| match r.ty {
            EV_REL => format!("{}:{:+}", axis_name(r.code), r.val),
            _ => format!("btn{:#x}:{}", r.code, r.val),
        })
        .collect();
    words.join(" ")
}

impl Runner {
    fn pointer(&mut self) -> Result<&mut Output, String> {
        self.pointer
            .as_mut()
            .ok_or_else(|| "no pointer device (use 'pointer REGEX' first)".to_string())
    }

    /// `pointer REGEX [TIMEOUT]`: wait for the daemon's virtual pointer and start reading it.
    pub fn open_pointer(&mut self, re: &str, timeout_ms: u64) -> R {
        let o = self.open_device("pointer", re, timeout_ms)?;
        if let Some(mut old) = self.pointer.replace(o) {
            old.stop();
        }
        Ok(())
    }

    /// Pointer records of one type since the cursor.
    fn pointer_recs(o: &Output, ty: u16) -> Vec<Rec> {
        let cur = o.cursor;
        o.with(|g| {
            g.recs[cur.min(g.recs.len())..]
                .iter()
                .filter(|r| r.ty == ty)
                .copied()
                .collect()
        })
    }

    /// `expect-btn NAME 1|0 [within MS]`: the next button event is this one; the cursor moves
    /// past it.
    pub fn expect_btn(&mut self, code: u16, value: i32, within_ms: u64) -> R {
        let o = self.pointer()?;
        let cur = o.cursor;
        o.wait_for(within_ms, |g| {
            g.recs[cur.min(g.recs.len())..]
                .iter()
                .any(|r| r.ty == EV_KEY)
        });
        let (first, at) = o.with(|g| {
            let from = cur.min(g.recs.len());
            let at = g.recs[from..].iter().position(|r| r.ty == EV_KEY);
            (at.map(|i| g.recs[from + i]), at.map(|i| from + i + 1))
        });
        if let Some(end) = at {
            o.cursor = end;
        }
        let want = format!("btn{code:#x}:{value}");
        match first {
            Some(r) if r.code == code && r.val == value => {
                self.check(true, format!("expect-btn {want}"))
            }
            Some(r) => self.check(
                false,
                format!("expect-btn {want} — got {}", pointer_toks(&[r])),
            ),
            None => self.check(
                false,
                format!("expect-btn {want} within {within_ms} ms — got nothing"),
            ),
        }
        Ok(())
    }

    /// `expect-rel AXIS± COUNT [growing] [within MS]`: at least COUNT events on that axis since
    /// the cursor, all of that sign, and with `growing` their sizes never shrinking and the
    /// last larger than the first. The cursor stays (`pointer-drain` moves it).
    pub fn expect_rel(
        &mut self,
        axis: (u16, i32),
        count: usize,
        growing: bool,
        within_ms: u64,
    ) -> R {
        let (code, sign) = axis;
        let o = self.pointer()?;
        let cur = o.cursor;
        o.wait_for(within_ms, |g| {
            g.recs[cur.min(g.recs.len())..]
                .iter()
                .filter(|r| r.ty == EV_REL && r.code == code)
                .count()
                >= count
        });
        let all = Self::pointer_recs(o, EV_REL);
        let got: Vec<i32> = all
            .iter()
            .filter(|r| r.code == code)
            .map(|r| r.val)
            .collect();
        let signed = got.iter().all(|v| v.signum() == sign);
        let grows = got.windows(2).all(|w| w[1].abs() >= w[0].abs())
            && got.last().map(|v| v.abs()) > got.first().map(|v| v.abs());
        let ok = got.len() >= count && signed && (!growing || grows);
        let want = format!(
            "{}{} x{count}{}",
            axis_name(code),
            if sign > 0 { '+' } else { '-' },
            if growing { " growing" } else { "" }
        );
        let seen: Vec<String> = got.iter().map(|v| format!("{v:+}")).collect();
        self.check(
            ok,
            format!("expect-rel {want} — got {} [{}]", got.len(), seen.join(" ")),
        );
        Ok(())
    }

    /// `expect-rel-none MS`: nothing on the pointer for MS (motion stopped); consumes it.
    pub fn expect_rel_none(&mut self, ms: u64) -> R {
        let start = self.pointer()?.with(|g| g.recs.len());
        self.pointer()?.cursor = start;
        sleep_ms(ms);
        let o = self.pointer()?;
        let got = o.with(|g| g.recs[start..].to_vec());
        o.cursor = start + got.len();
        self.check(
            got.is_empty(),
            format!("expect-rel-none {ms} ms — got [{}]", pointer_toks(&got)),
        );
        Ok(())
    }

    /// `wait-pointer-gone [TIMEOUT]`: check that the pointer is removed (a reload without
    /// mouse keys, or the daemon's exit).
    pub fn wait_pointer_gone(&mut self, timeout_ms: u64) -> R {
        let o = self.pointer()?;
        let (name, node, sys) = (o.name.clone(), o.node.clone(), o.syspath.clone());
        self.wait_gone("wait-pointer-gone", &name, &node, sys, timeout_ms)
    }

    /// `pointer-drain [MS]`: wait, then consume and print what the pointer sent.
    pub fn pointer_drain(&mut self, ms: u64) -> R {
        sleep_ms(ms);
        let o = self.pointer()?;
        let cur = o.cursor;
        let got = o.with(|g| g.recs[cur.min(g.recs.len())..].to_vec());
        o.cursor = cur + got.len();
        println!("{}   pointer drained [{}]", self.ts(), pointer_toks(&got));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::{Cmd, parse_line};
    use crate::words::split_words;

    fn parse(line: &str) -> Result<Cmd, String> {
        parse_line(&split_words(line).unwrap())
    }

    #[test]
    fn pointer_commands_parse() {
        assert!(matches!(
            parse("expect-btn left 1 within 500").unwrap(),
            Cmd::ExpectBtn {
                code: 0x110,
                value: 1,
                within_ms: 500
            }
        ));
        assert!(matches!(
            parse("expect-btn forward 0").unwrap(),
            Cmd::ExpectBtn {
                code: 0x114,
                value: 0,
                within_ms: 1000
            }
        ));
        assert!(matches!(
            parse("expect-rel x+ 10 growing within 800").unwrap(),
            Cmd::ExpectRel {
                axis: (0, 1),
                count: 10,
                growing: true,
                within_ms: 800
            }
        ));
        assert!(matches!(
            parse("expect-rel wheel_hi_res- 3").unwrap(),
            Cmd::ExpectRel {
                axis: (0x0b, -1),
                count: 3,
                growing: false,
                ..
            }
        ));
        assert!(matches!(
            parse("pointer '^keyrx virtual pointer$'").unwrap(),
            Cmd::Pointer {
                timeout_ms: 5000,
                ..
            }
        ));
        for bad in [
            "expect-btn thumb 1",
            "expect-btn left 2",
            "expect-rel x 3",
            "expect-rel z+ 3",
            "expect-rel x+ 3 faster",
            "expect-rel x+ 3 within 5 growing",
            "expect-rel-none",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
