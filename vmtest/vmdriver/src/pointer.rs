//! The daemon's virtual pointer (mouse keys): `pointer REGEX [TIMEOUT]` starts reading it beside
//! the keyboard output, `expect-btn`, `expect-rel` and `expect-rel-none` check what it sent,
//! `pointer-drain` consumes it. Relative events are checked as a window from the cursor, so
//! several axes (a wheel and its high-resolution twin) can be checked on the same steps.

use crate::output::{Output, Rec};
use crate::runner::{R, Runner};
use crate::sys::sleep_ms;

pub const EV_KEY: u16 = 1;
pub const EV_REL: u16 = 2;

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
