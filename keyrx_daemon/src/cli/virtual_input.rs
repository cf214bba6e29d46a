//! The virtual keyboard's input for `keyrx run --virtual`: event notation read from stdin,
//! line by line and bounded, and the signals that stop it or reload what runs.

use std::sync::mpsc;

use keyrx_core::notation::{Step, parse_input_with};

use crate::daemon::Command;
use crate::reload::ReloadCause;
use crate::virtual_backend::{self, VirtualInput};

/// The longest stdin line read; longer ones are skipped unread.
const MAX_STDIN_LINE_BYTES: usize = 128 * 1024;

/// Stdin input: the web API's input limits but no step cap per line.
const STDIN_LIMITS: keyrx_core::notation::Limits = keyrx_core::notation::Limits {
    max_bytes: MAX_STDIN_LINE_BYTES,
    max_steps: usize::MAX,
    max_device_name_bytes: virtual_backend::MAX_DEVICE_NAME_BYTES,
};

pub(super) fn spawn_stdin_reader(tx: mpsc::Sender<VirtualInput>, shutdown_at_end: bool) {
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut line_number = 0;
        while let Some(line) = read_line(&mut stdin) {
            line_number += 1;
            if let Ok(command) = &line
                && let Some(device) = command.trim().strip_prefix("!detach ")
            {
                // `!detach NAME` unplugs a virtual device, as a real keyboard can vanish.
                let device = device.trim().to_string();
                if tx.send(VirtualInput::Detach { device }).is_err() {
                    return;
                }
                continue;
            }
            // What was typed may be a password: errors name the place and the kind only.
            let steps = match line.map(|l| parse_input_with(&l, &STDIN_LIMITS)) {
                Ok(Ok(steps)) => steps,
                Ok(Err(err)) => {
                    eprintln!("keyrx: stdin line {line_number}, {}", err.redacted());
                    continue;
                }
                Err(too_long) => {
                    eprintln!("keyrx: stdin line {line_number}: {too_long}");
                    continue;
                }
            };
            if !send_steps(&tx, steps) {
                return;
            }
        }
        if shutdown_at_end {
            let _ = tx.send(VirtualInput::Command(Command::Shutdown));
        }
    });
}

/// The next line, `Err` (and skipped) when longer than `MAX_STDIN_LINE_BYTES` or not UTF-8;
/// `None` at the end.
fn read_line(stdin: &mut impl std::io::BufRead) -> Option<Result<String, String>> {
    use std::io::{BufRead, Read};
    let mut buf = Vec::new();
    let limit = MAX_STDIN_LINE_BYTES as u64 + 1;
    let read = stdin
        .by_ref()
        .take(limit)
        .read_until(b'\n', &mut buf)
        .ok()?;
    if read == 0 {
        return None;
    }
    if buf.last() != Some(&b'\n') && buf.len() as u64 == limit {
        // Skip the rest of the line without keeping it.
        loop {
            let chunk = stdin.fill_buf().ok()?;
            if chunk.is_empty() {
                break;
            }
            match chunk.iter().position(|b| *b == b'\n') {
                Some(end) => {
                    stdin.consume(end + 1);
                    break;
                }
                None => {
                    let len = chunk.len();
                    stdin.consume(len);
                }
            }
        }
        return Some(Err(format!(
            "longer than {MAX_STDIN_LINE_BYTES} bytes, skipped"
        )));
    }
    Some(String::from_utf8(buf).map_err(|_| "not UTF-8, skipped".to_string()))
}

/// Feeds parsed steps to the key thread, sleeping through waits; false once it is gone.
fn send_steps(tx: &mpsc::Sender<VirtualInput>, steps: Vec<Step>) -> bool {
    for step in steps {
        match step {
            Step::Wait(us) => std::thread::sleep(std::time::Duration::from_micros(us)),
            Step::Key { device, key, state } => {
                let device = device.unwrap_or_else(|| keyrx_core::sim::DEFAULT_DEVICE.into());
                if tx.send(VirtualInput::Key { device, key, state }).is_err() {
                    return false;
                }
            }
        }
    }
    true
}

#[cfg(target_os = "linux")]
pub(super) fn spawn_signal_waiter(
    tx: mpsc::Sender<VirtualInput>,
    reload: mpsc::Sender<ReloadCause>,
) {
    use nix::sys::signal::Signal;
    std::thread::spawn(move || {
        while let Ok(signal) = crate::linux::event_loop::handled_signals().wait() {
            match signal {
                Signal::SIGTERM | Signal::SIGINT => {
                    let _ = tx.send(VirtualInput::Command(Command::Shutdown));
                    return;
                }
                Signal::SIGHUP => {
                    let _ = reload.send(ReloadCause::Signal);
                }
                _ => {}
            }
        }
    });
}
