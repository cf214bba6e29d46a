//! Grab checks: whether a second reader of the source (a bystander, like a desktop's own
//! keyboard handling) sees the keys the daemon reads. A grabbing daemon must hide them.

use crate::keys::{ev_toks, kname};
use crate::output::key_events;
use crate::runner::{R, Runner};
use crate::sys::{mono_ns, poll_in, set_nonblocking, sleep_ms};
use evdev::EventType;
use evdev::raw_stream::RawDevice;
use std::io;
use std::os::fd::AsRawFd;

/// A non-blocking evdev client of the current source, opened before the tap it is to watch.
fn open_bystander(r: &Runner) -> Result<RawDevice, String> {
    let src = r.source()?;
    let by = RawDevice::open(&src.node).map_err(|e| format!("open source: {e}"))?;
    set_nonblocking(by.as_raw_fd(), true).map_err(|e| e.to_string())?;
    Ok(by)
}

/// Tap `key` on the current source.
fn tap(r: &Runner, key: u16) -> R {
    let src = r.source()?;
    src.emit(key, 1).map_err(|e| e.to_string())?;
    src.emit(key, 0).map_err(|e| e.to_string())
}

/// Key events the bystander has queued (none is not an error: it is non-blocking).
fn bystander_keys(by: &mut RawDevice) -> Result<Vec<(u16, i32)>, String> {
    match by.fetch_events() {
        Ok(it) => Ok(it
            .filter(|e| e.event_type() == EventType::KEY)
            .map(|e| (e.code(), e.value()))
            .collect()),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Vec::new()),
        Err(e) => Err(format!("bystander read: {e}")),
    }
}

impl Runner {
    /// `exists-grab [KEY]`: tap KEY; a second reader of the source must see nothing.
    pub fn exists_grab(&mut self, key: u16) -> R {
        let mut by = open_bystander(self)?;
        tap(self, key)?;
        // Give the daemon time to pass the tap through, then look at the bystander.
        let outputs = match &self.output {
            Some(o) => {
                let cur = o.cursor;
                o.wait_for(1000, |g| key_events(&g.recs, cur, false).len() >= 2);
                let end = o.with(|g| g.recs.len());
                let n = o.with(|g| key_events(&g.recs, cur, false).len());
                self.output.as_mut().unwrap().cursor = end;
                format!(", daemon output {n} key events")
            }
            None => {
                sleep_ms(200);
                String::new()
            }
        };
        let seen = bystander_keys(&mut by)?.len();
        self.check(seen == 0, format!("exists-grab: a second reader of the source saw {seen} key events (tap {}){outputs}", kname(key)));
        Ok(())
    }

    /// `expect-not-grabbed [KEY]`: tap KEY; a second reader of the source must see both halves.
    pub fn expect_not_grabbed(&mut self, key: u16) -> R {
        let mut by = open_bystander(self)?;
        let cur = self.output.as_ref().map(|o| o.cursor);
        tap(self, key)?;
        // The bystander must see both halves of the tap; wait up to 1 s for them.
        let both = |seen: &[(u16, i32)]| seen.contains(&(key, 1)) && seen.contains(&(key, 0));
        let fd = by.as_raw_fd();
        let t = mono_ns();
        let mut seen: Vec<(u16, i32)> = Vec::new();
        while !both(&seen) {
            let left = 1_000_000_000u64.saturating_sub(mono_ns() - t);
            if left == 0
                || !poll_in(fd, (left / 1_000_000).max(1) as i32).map_err(|e| e.to_string())?
            {
                break;
            }
            seen.extend(bystander_keys(&mut by)?);
        }
        let seen_s = ev_toks(seen.iter().copied());
        // A daemon that reads without grabbing may still forward the tap: consume and report.
        let outputs = match (cur, self.output.as_mut()) {
            (Some(cur), Some(o)) => {
                if o.with(|g| g.gone.is_none()) {
                    o.wait_for(100, |g| key_events(&g.recs, cur, false).len() >= 2);
                }
                let (n, end) = o.with(|g| (key_events(&g.recs, cur, false).len(), g.recs.len()));
                o.cursor = end;
                format!(", daemon output {n} key events")
            }
            _ => String::new(),
        };
        self.check(both(&seen), format!("expect-not-grabbed: a second reader of the source saw [{seen_s}] (tap {}){outputs}", kname(key)));
        Ok(())
    }
}
