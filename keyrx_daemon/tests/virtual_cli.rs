//! `keyrx run --virtual` as a real process: what the virtual keyboard types is printed
//! completely and in order, the config file is reloaded on change and on SIGHUP (a broken one
//! keeps the running one), stdin errors never repeat what was typed, and command keys run their
//! programs only when the daemon allows commands.

mod cli_support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use cli_support::TempDir;

/// How long any one expected line may take to appear.
const WAIT: Duration = Duration::from_secs(20);

/// A running `keyrx run --virtual --no-web`, its stdout and stderr read line by line.
struct Virtual {
    child: Child,
    stdin: Option<ChildStdin>,
    out: Receiver<String>,
    err: Receiver<String>,
}

fn lines(stream: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

impl Virtual {
    fn start(config: &str) -> Virtual {
        Virtual::start_until(config, "virtual keyboard ready")
    }

    /// Starts it and reads stderr up to the first line with `text` (which comes before the
    /// "ready" line, if it comes at all).
    fn start_until(config: &str, text: &str) -> Virtual {
        Virtual::start_with(config, &[], text)
    }

    fn start_with(config: &str, args: &[&str], text: &str) -> Virtual {
        let mut child = Command::new(env!("CARGO_BIN_EXE_keyrx"))
            .args(["run", "--virtual", "--no-web", "--config"])
            .arg(config)
            .args(args)
            .env("KEYRX_LOG", "info")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("keyrx runs");
        let out = lines(child.stdout.take().unwrap());
        let err = lines(child.stderr.take().unwrap());
        let v = Virtual {
            stdin: child.stdin.take(),
            child,
            out,
            err,
        };
        v.stderr_until(text);
        v
    }

    fn type_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// Stderr lines up to and including the first that contains `text`.
    fn stderr_until(&self, text: &str) -> Vec<String> {
        until(&self.err, text)
    }

    /// The next printed output event, `d:b` or `u:b`.
    fn next_output(&self) -> String {
        let line = self.out.recv_timeout(WAIT).expect("an output line");
        line.split_whitespace().last().unwrap().to_string()
    }

    /// Ends stdin (which ends the run) and waits for the process.
    fn finish(mut self) -> (Vec<String>, Vec<String>) {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
        (self.out.iter().collect(), self.err.iter().collect())
    }
}

fn until(rx: &Receiver<String>, text: &str) -> Vec<String> {
    let deadline = Instant::now() + WAIT;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(text);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(_) => panic!("no line with `{text}` within {WAIT:?}; saw {seen:#?}"),
        }
    }
}

impl Drop for Virtual {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn four_thousand_injected_taps_print_four_thousand_presses_and_releases_in_order() {
    let dir = TempDir::new("taps");
    let config = dir.file("config.rhai", r#"layer("base", || { map("a", "b"); });"#);
    let mut v = Virtual::start(&config);
    // As fast as a pipe takes them: a burst far larger than the observers' ring.
    let taps = "d:a u:a\n".repeat(4_000);
    v.type_line(taps.trim_end());
    let (out, _) = v.finish();
    let events: Vec<&str> = out
        .iter()
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    assert_eq!(events.len(), 8_000, "every event printed");
    for (i, pair) in events.chunks(2).enumerate() {
        assert_eq!(pair, ["d:b", "u:b"], "tap {i} in order");
    }
}

#[test]
fn the_config_reloads_on_change_and_on_sighup_and_a_broken_one_keeps_the_running_one() {
    let dir = TempDir::new("reload");
    dir.file("keys.rhai", r#"layer("base", || { map("a", "b"); });"#);
    let config = dir.file("config.rhai", r#"import "keys";"#);
    let mut v = Virtual::start(&config);
    v.type_line("d:a u:a");
    assert_eq!(
        (v.next_output(), v.next_output()),
        ("d:b".into(), "u:b".into())
    );

    dir.file("config.rhai", r#"layer("base", || { map("a", "c"); });"#);
    v.stderr_until("now running the config from");
    v.type_line("d:a u:a");
    assert_eq!(
        (v.next_output(), v.next_output()),
        ("d:c".into(), "u:c".into())
    );

    dir.file("config.rhai", r#"layer("base", || { map("a", "#);
    v.stderr_until("not reloaded, keeping the running one");
    v.type_line("d:a u:a");
    assert_eq!(
        (v.next_output(), v.next_output()),
        ("d:c".into(), "u:c".into())
    );

    // The watch sees only the config file itself: this change waits for SIGHUP.
    dir.file("config.rhai", r#"import "keys";"#);
    v.stderr_until("now running the config from");
    dir.file("keys.rhai", r#"layer("base", || { map("a", "d"); });"#);
    v.type_line("d:a u:a");
    assert_eq!(
        (v.next_output(), v.next_output()),
        ("d:b".into(), "u:b".into())
    );
    let hup = Command::new("kill")
        .args(["-HUP", &v.child.id().to_string()])
        .status()
        .unwrap();
    assert!(hup.success());
    v.stderr_until("now running the config from");
    v.type_line("d:a u:a");
    assert_eq!(
        (v.next_output(), v.next_output()),
        ("d:d".into(), "u:d".into())
    );
    v.finish();
}

#[test]
fn stdin_errors_give_the_column_and_kind_but_never_the_text() {
    let dir = TempDir::new("stdin");
    let config = dir.file("config.rhai", r#"layer("base", || { map("a", "b"); });"#);
    let mut v = Virtual::start(&config);
    v.type_line("d:a u:a x:hunter2");
    v.type_line("d:hunter2");
    v.type_line("t:hunter2 @\"hunter2");
    v.type_line(&"d:a ".repeat(40_000));
    let (_, err) = v.finish();
    let errors: Vec<&String> = err.iter().filter(|l| l.contains("stdin line")).collect();
    assert_eq!(
        errors,
        [
            "keyrx: stdin line 1, column 9: not an event (expected d:KEY, u:KEY, r:KEY, t:MS or @DEVICE)",
            "keyrx: stdin line 2, column 1: unknown key name",
            "keyrx: stdin line 3, column 1: not a time in milliseconds (0 to 1e9)",
            "keyrx: stdin line 4: longer than 131072 bytes, skipped",
        ]
    );
    assert!(err.iter().all(|l| !l.contains("hunter")), "{err:#?}");
}

#[test]
fn config_warnings_are_shown_at_start_and_on_reload() {
    let dir = TempDir::new("warnings");
    let shadowed = r#"layer("base", || { map("a", "b"); map("a", "c"); });"#;
    let config = dir.file("config.rhai", shadowed);
    let mut v = Virtual::start_until(&config, "mapped twice in layer `base`");
    // The file watch is set up before the keyboard says it is ready.
    v.stderr_until("virtual keyboard ready");
    dir.file(
        "config.rhai",
        r#"layer("base", || { map("a", "b"); }); layer("lonely", || { map("x", "y"); });"#,
    );
    v.stderr_until("layer `lonely` is never activated");
    v.stderr_until("now running the config from");
    v.type_line("d:a u:a");
    assert_eq!(
        (v.next_output(), v.next_output()),
        ("d:b".into(), "u:b".into())
    );
}

/// Whether the tests run as root: the daemon then needs `--command-user` to run commands.
fn as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(2) == Some("0"))
    })
}

#[test]
fn a_command_key_runs_its_program_only_when_commands_are_allowed() {
    let dir = TempDir::new("commands");
    let marker = dir.0.join("ran");
    let config = dir.file(
        "config.rhai",
        &format!(
            r#"layer("base", || {{ map("f1", command(["touch", "{}"])); map("a", "b"); }});"#,
            marker.display()
        ),
    );
    // Not allowed: said at start, counted as refused, nothing runs.
    let mut v = Virtual::start_until(&config, "will not run");
    v.stderr_until("virtual keyboard ready");
    v.type_line("d:f1 u:f1 d:a u:a");
    assert_eq!(v.next_output(), "d:b", "the command key typed nothing");
    let (_, err) = v.finish();
    assert!(!marker.exists(), "a refused command ran");
    let stats = err.iter().find(|l| l.starts_with("keyrx-stats")).unwrap();
    assert!(
        stats.contains(r#""asked":1,"started":0,"failed":0,"refused":1"#),
        "{stats}"
    );

    let mut args = vec!["--allow-commands"];
    if as_root() {
        args.extend(["--command-user", "root"]);
    }
    let mut v = Virtual::start_with(&config, &args, "virtual keyboard ready");
    v.type_line("d:f1 u:f1 d:a u:a");
    assert_eq!(v.next_output(), "d:b");
    v.stderr_until("command `touch");
    let deadline = Instant::now() + WAIT;
    while !marker.exists() {
        assert!(
            Instant::now() < deadline,
            "the command did not run within {WAIT:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let (_, err) = v.finish();
    let stats = err.iter().find(|l| l.starts_with("keyrx-stats")).unwrap();
    assert!(
        stats.contains(r#""asked":1,"started":1,"failed":0,"refused":0"#),
        "{stats}"
    );
}

#[test]
fn commands_as_root_need_a_user_to_run_them_as() {
    if !as_root() {
        return;
    }
    let dir = TempDir::new("commands-root");
    let config = dir.file("config.rhai", r#"layer("base", || { map("a", "b"); });"#);
    let out = Command::new(env!("CARGO_BIN_EXE_keyrx"))
        .args([
            "run",
            "--virtual",
            "--no-web",
            "--allow-commands",
            "--config",
        ])
        .arg(&config)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--command-user USER"), "{err}");
}
