//! The checks on the daemon's output: `expect`, `expect-none`, `held-keys` /
//! `expect-held-none`, `wait-output-gone` and `expect-error`. Each records PASS or FAIL through
//! `Runner::check` (report.rs); only a broken scenario aborts.

use crate::keys::{ev_tok, ev_toks, keylist};
use crate::output::{Rec, key_events, rec_toks, stream_down};
use crate::runner::{R, Runner};
use crate::scenario::Cmd;
use crate::sys::{kernel_key_state, mono_ns, sleep_ms};
use std::fs;
use std::os::fd::AsRawFd;

impl Runner {
    /// `expect EVENT... [within MS]`: exactly these key events next (repeats ignored unless one
    /// is expected).
    pub fn expect(&mut self, evs: &[(u16, i32)], within_ms: u64) -> R {
        let with_rep = evs.iter().any(|e| e.1 == 2);
        let want = evs.len();
        let o = self.out()?;
        let cur = o.cursor;
        let t_exp = mono_ns();
        o.wait_for(within_ms, |g| {
            key_events(&g.recs, cur, with_rep).len() >= want
        });
        let (got, end, dropped, gone) = o.with(|g| {
            (
                key_events(&g.recs, cur, with_rep),
                g.recs.len(),
                g.dropped,
                g.gone.clone(),
            )
        });
        o.cursor = end;
        let got_t: Vec<(u16, i32)> = got.iter().map(|r| (r.code, r.val)).collect();
        let exp_s = ev_toks(evs.iter().copied());
        let mut note = String::new();
        if dropped > 0 {
            note += &format!(" [reader saw {dropped} SYN_DROPPED]");
        }
        if let Some(g) = gone {
            note += &format!(" [output device gone: {g}]");
        }
        if got_t == evs {
            self.check(true, format!("expect {exp_s}{note}"));
        } else {
            let timed = timed_toks(&got, t_exp);
            self.check(false, format!("expect {exp_s} within {within_ms} ms — got [{timed}] (times relative to this expect){note}"));
        }
        Ok(())
    }

    /// `expect-none MS`: wait, then check that no key event came out.
    pub fn expect_none(&mut self, ms: u64) -> R {
        sleep_ms(ms);
        let got = self.out()?.take_new(false);
        self.check(
            got.is_empty(),
            format!("expect-none {ms} ms — got [{}]", rec_toks(&got)),
        );
        Ok(())
    }

    /// `expect-error COMMAND...`: the command must fail; its error is the PASS message.
    pub fn expect_error(&mut self, inner: &Cmd, text: &str) -> R {
        match self.exec(inner) {
            Err(e) => self.check(
                true,
                format!("expect-error: '{text}' failed as expected: {e}"),
            ),
            Ok(()) => self.check(false, format!("expect-error: '{text}' succeeded")),
        }
        Ok(())
    }

    /// `wait-output-gone [TIMEOUT]`: check that the output device is removed (the daemon exited
    /// or dropped it). Watched through sysfs: input numbers are never reused, eventN may be.
    pub fn wait_output_gone(&mut self, timeout_ms: u64) -> R {
        let o = self.out()?;
        let (name, node, sys) = (o.name.clone(), o.node.clone(), o.syspath.clone());
        self.wait_gone("wait-output-gone", &name, &node, sys, timeout_ms)
    }

    /// Checks that a device of the daemon (its sysfs `inputN` entry) is removed in time.
    pub fn wait_gone(
        &mut self,
        cmd: &str,
        name: &str,
        node: &std::path::Path,
        sys: Option<std::path::PathBuf>,
        timeout_ms: u64,
    ) -> R {
        let sys =
            sys.ok_or_else(|| format!("{cmd}: no sysfs path known for {}", node.display()))?;
        let t = mono_ns();
        let deadline = t + timeout_ms * 1_000_000;
        while sys.exists() && mono_ns() < deadline {
            sleep_ms(1);
        }
        let el = (mono_ns() - t) as f64 / 1e6;
        let gone = !sys.exists();
        let what = if gone {
            format!(
                "{cmd}: '{name}' {} ({}) removed after {el:.1} ms",
                node.display(),
                sys.display()
            )
        } else {
            format!(
                "{cmd}: '{name}' {} ({}) still present after {timeout_ms} ms",
                node.display(),
                sys.display()
            )
        };
        self.check(gone, what);
        Ok(())
    }

    /// `held-keys`: report what is held on the output and on the current source, whichever exist.
    pub fn held_keys(&mut self) -> R {
        if self.output.is_none() && self.source().is_err() {
            return Err("held-keys: no output device and no plugged-in source".into());
        }
        if self.output.is_some() {
            self.held_keys_output(false)?;
        }
        if self.source().is_ok() {
            self.held_keys_source()?;
        }
        Ok(())
    }

    /// `held-keys` (check=false) / `expect-held-none` (check=true) on the output device. The
    /// kernel's view (EVIOCGKEY) is what applications see; the recorded stream shows how it got there.
    pub fn held_keys_output(&mut self, check: bool) -> R {
        let sig = self.last_signal.clone();
        let o = self.out()?;
        let kernel = kernel_key_state(o.fd.as_raw_fd());
        let (stream, gone, since_sig) = o.with(|g| {
            let since = sig.as_ref().map(|(t, _)| events_since(&g.recs, *t));
            (stream_down(&g.recs), g.gone.clone(), since)
        });
        let (name, node) = (o.name.clone(), o.node.clone());
        let ks = match &kernel {
            Ok(k) => keylist(k),
            Err(e) => format!("<{e}>"),
        };
        let gone_note = if kernel.is_err() || gone.is_some() {
            " (device removed: the kernel released its keys on removal; a reader that had not yet read those releases gets ENODEV instead)"
        } else {
            ""
        };
        let line = format!(
            "held-keys '{name}' {}: kernel(EVIOCGKEY)={ks} stream={}{gone_note}",
            node.display(),
            keylist(&stream)
        );
        println!("{}   {line}", self.ts());
        if let (Some((_, sname)), Some(ev)) = (&sig, &since_sig) {
            println!(
                "{}   output key events since {sname}: [{}]",
                self.ts(),
                ev.join(" ")
            );
        }
        println!(
            "RESULT held-keys device={} kernel={} stream={}",
            if kernel.is_ok() { "present" } else { "gone" },
            match &kernel {
                Ok(k) => keylist(k).replace(' ', ","),
                Err(_) => "-".into(),
            },
            keylist(&stream).replace(' ', ",")
        );
        if check {
            let ok = match &kernel {
                Ok(k) => k.is_empty(),
                // Device gone (the daemon exited, or removed it): nothing can be held on it.
                Err(e) => e.raw_os_error() == Some(libc::ENODEV),
            };
            self.check(ok, format!("expect-held-none: {line}"));
        }
        Ok(())
    }

    /// The current source's key state as the kernel sees it: what a daemon that starts now reads
    /// with EVIOCGKEY (keys pressed with `send d:KEY` before `spawn`).
    fn held_keys_source(&self) -> R {
        let src = self.source()?;
        let f =
            fs::File::open(&src.node).map_err(|e| format!("open {}: {e}", src.node.display()))?;
        let k = kernel_key_state(f.as_raw_fd())
            .map_err(|e| format!("EVIOCGKEY {}: {e}", src.node.display()))?;
        println!(
            "{}   held-keys source '{}' {}: kernel(EVIOCGKEY)={}",
            self.ts(),
            src.name,
            src.node.display(),
            keylist(&k)
        );
        println!(
            "RESULT source-held-keys source={} kernel={}",
            src.name,
            keylist(&k).replace(' ', ",")
        );
        Ok(())
    }
}

/// Records as `d:a@+1.2ms ...`, relative to `t0`: a failed expect shows when each event came.
fn timed_toks(recs: &[Rec], t0: u64) -> String {
    recs.iter()
        .map(|r| {
            format!(
                "{}@{:+.1}ms",
                ev_tok(r.code, r.val),
                (r.tk as f64 - t0 as f64) / 1e6
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Key events stamped at or after `t` (a signal), as `d:a@+1.2ms`: what the daemon did on its
/// way out.
fn events_since(recs: &[Rec], t: u64) -> Vec<String> {
    recs.iter()
        .filter(|r| r.ty == 1 && r.tk >= t)
        .map(|r| {
            format!(
                "{}@{:+.1}ms",
                ev_tok(r.code, r.val),
                (r.tk - t) as f64 / 1e6
            )
        })
        .collect()
}
