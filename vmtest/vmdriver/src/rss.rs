//! Memory measurement: `rss [REGEX]` reports resident memory of the daemon (or of every process
//! matching REGEX) from /proc, with its largest mappings to show where the memory goes.

use crate::process::{all_pids, proc_cmdline, proc_comm};
use crate::runner::{R, Runner};
use regex::Regex;
use std::fs;

/// A `NAME: VALUE kB` (or plain number) field of /proc/PID/status.
pub fn proc_status_kb(pid: u32, field: &str) -> Option<u64> {
    let s = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// The `n` largest mappings of a process by Rss, as "NAME RSS kB".
fn top_mappings(pid: u32, n: usize) -> Vec<String> {
    let Ok(s) = fs::read_to_string(format!("/proc/{pid}/smaps")) else {
        return Vec::new();
    };
    let mut maps: Vec<(u64, String)> = Vec::new();
    let mut name = String::new();
    for l in s.lines() {
        let mut w = l.split_whitespace();
        let first = w.next().unwrap_or("");
        if first.contains('-')
            && first.chars().next().is_some_and(|c| c.is_ascii_hexdigit())
            && !first.ends_with(':')
        {
            let rest: Vec<&str> = l.split_whitespace().skip(5).collect();
            name = if rest.is_empty() {
                "[anon]".into()
            } else {
                rest.join(" ")
            };
        } else if first == "Rss:" {
            let kb: u64 = w.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            maps.push((kb, name.clone()));
        }
    }
    maps.sort_by_key(|m| std::cmp::Reverse(m.0));
    maps.into_iter()
        .take(n)
        .filter(|m| m.0 > 0)
        .map(|(kb, nm)| format!("{nm} {kb} kB"))
        .collect()
}

/// User processes (not us) whose comm or command line matches.
fn pids_matching(pattern: &str) -> Vec<u32> {
    let rx = Regex::new(pattern).unwrap();
    let me = std::process::id();
    all_pids()
        .into_iter()
        .filter(|&pid| {
            pid != me && (rx.is_match(&proc_comm(pid)) || rx.is_match(&proc_cmdline(pid)))
        })
        .filter(|&pid| proc_status_kb(pid, "VmRSS:").is_some()) // skip kernel threads
        .collect()
}

impl Runner {
    /// `rss [REGEX]`.
    pub fn rss(&mut self, pat: Option<&String>) -> R {
        let pids: Vec<u32> = match pat {
            None => {
                let d = self.daemon()?;
                if d.poll_exit().is_some() {
                    return Err("spawned process has exited; no RSS to read".into());
                }
                vec![d.child.id()]
            }
            Some(p) => pids_matching(p),
        };
        if pids.is_empty() {
            return Err(format!("rss: no process matches {pat:?}"));
        }
        for pid in pids {
            self.print_rss(pid);
        }
        Ok(())
    }

    pub fn print_rss(&self, pid: u32) {
        let rss = proc_status_kb(pid, "VmRSS:").unwrap_or(0);
        let hwm = proc_status_kb(pid, "VmHWM:").unwrap_or(0);
        let anon = proc_status_kb(pid, "RssAnon:").unwrap_or(0);
        let thr = proc_status_kb(pid, "Threads:").unwrap_or(0);
        println!(
            "{}   rss pid {pid} ({}): VmRSS {rss} kB, VmHWM {hwm} kB, RssAnon {anon} kB, {thr} threads",
            self.ts(),
            proc_comm(pid)
        );
        println!(
            "RESULT rss pid={pid} comm={} vmrss_kb={rss} vmhwm_kb={hwm} rssanon_kb={anon} threads={thr}",
            proc_comm(pid)
        );
        let top = top_mappings(pid, 4);
        if !top.is_empty() {
            println!(
                "{}     largest mappings by Rss: {}",
                self.ts(),
                top.join(", ")
            );
        }
    }
}
