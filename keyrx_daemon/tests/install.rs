//! keyrx as a package installs it: `keyrx run` as a service runs it (the directories systemd
//! gives it, no `$HOME`, state directories it cannot use, which turn the web server off, never
//! the daemon), and the man pages and completions the package ships.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// A fresh directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("keyrx-svc-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `keyrx run --virtual` with only the given environment (no `$HOME`, as for a root service).
fn spawn(env: &[(&str, &Path)], port: u16) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_keyrx"));
    command
        .args([
            "run",
            "--virtual",
            "--web-bind",
            &format!("127.0.0.1:{port}"),
        ])
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    command.spawn().expect("keyrx runs")
}

/// Types `input` and closes stdin; the run ends there when it has no web server.
fn type_and_finish(mut child: Child, input: &str) -> Output {
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn without_any_state_directory_it_remaps_without_the_web_server() {
    let tmp = TempDir::new("nostate");
    // No $HOME, no XDG, no systemd directories; then a state directory that cannot be created.
    let blocker = tmp.0.join("file");
    std::fs::write(&blocker, "").unwrap();
    let unusable = blocker.join("state");
    for env in [vec![], vec![("STATE_DIRECTORY", unusable.as_path())]] {
        let out = type_and_finish(spawn(&env, 0), "d:a u:a\n");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{env:?}: {stderr}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("d:a"),
            "{stderr}"
        );
        let off: Vec<_> = stderr
            .lines()
            .filter(|l| l.contains("the web server is off"))
            .collect();
        assert_eq!(off.len(), 1, "one clear line: {stderr}");
        assert!(off[0].contains("remapping goes on without it"), "{stderr}");
    }
}

#[test]
fn as_a_service_it_uses_the_systemd_directories() {
    let tmp = TempDir::new("service");
    let (state, etc) = (tmp.0.join("state"), tmp.0.join("etc"));
    std::fs::create_dir_all(&state).unwrap();
    std::fs::create_dir_all(&etc).unwrap();
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o750)).unwrap();
    std::fs::write(
        etc.join("config.rhai"),
        "layer(\"base\", || { map(\"a\", \"b\"); });\n",
    )
    .unwrap();
    // A stale temporary file of a profile write that died.
    std::fs::create_dir_all(state.join("profiles")).unwrap();
    std::fs::write(state.join("profiles/.p.rhai.tmp.0.0"), "x").unwrap();
    let mut child = spawn(
        &[
            ("STATE_DIRECTORY", &state),
            ("CONFIGURATION_DIRECTORY", &etc),
        ],
        0,
    );
    // The log, line by line as it comes, so the test can wait for the server to be up.
    let (lines_tx, lines) = std::sync::mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let mut log = Vec::new();
    while !log
        .iter()
        .any(|l: &String| l.contains("dashboard and API at"))
    {
        match lines.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => log.push(line),
            Err(e) => panic!("no dashboard line ({e}): {log:?}"),
        }
    }
    let token = state.join("token");
    assert_eq!(mode(&token), 0o640, "readable by the service's group");
    assert_eq!(mode(&state), 0o750, "the directory is systemd's to set");
    assert!(state.join("profiles").is_dir());
    assert!(!state.join("profiles/.p.rhai.tmp.0.0").exists());
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    reader.join().unwrap();
    log.extend(lines.try_iter());
    let stderr = log.join("\n");
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("config: {}", etc.join("config.rhai").display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("(token in {})", token.display())),
        "{stderr}"
    );
    let value = std::fs::read_to_string(&token).unwrap();
    assert!(!stderr.contains(&value), "the token never reaches the log");
}

#[test]
fn a_config_that_cannot_be_loaded_at_start_exits_78_with_its_location() {
    let tmp = TempDir::new("badconfig");
    std::fs::write(
        tmp.0.join("config.rhai"),
        "layer(\"base\", || { map(\"a\", \"captslock\"); });\n",
    )
    .unwrap();
    let out = type_and_finish(spawn(&[("CONFIGURATION_DIRECTORY", &tmp.0)], 0), "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(78), "{stderr}");
    assert!(stderr.contains("config.rhai:1:"), "{stderr}");
    assert!(stderr.contains("captslock"), "{stderr}");
}

fn keyrx(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_keyrx"))
        .args(args)
        .output()
        .expect("keyrx runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn completions_cover_every_subcommand_in_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _keyrx"),
        ("zsh", "#compdef keyrx"),
        ("fish", "complete -c keyrx"),
    ] {
        let script = String::from_utf8(keyrx(&["completions", shell]).stdout).unwrap();
        assert!(script.contains(marker), "{shell}");
        for sub in [
            "run",
            "devices",
            "status",
            "simulate",
            "check",
            "compile",
            "completions",
            "doctor",
        ] {
            assert!(script.contains(sub), "{shell} lacks {sub}");
        }
        assert!(script.contains("web-bind"), "{shell}: subcommand options");
    }
}

#[test]
fn man_pages_are_written_for_keyrx_and_each_subcommand() {
    let tmp = TempDir::new("man");
    keyrx(&["man", tmp.0.to_str().unwrap()]);
    let mut pages: Vec<String> = std::fs::read_dir(&tmp.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    let expected = [
        "check",
        "compile",
        "completions",
        "devices",
        "doctor",
        "draw",
        "release-all",
        "run",
        "simulate",
        "status",
    ]
    .map(|s| format!("keyrx-{s}.1"));
    assert_eq!(pages[..10], expected);
    assert_eq!(pages[10..], ["keyrx.1"]);
    let main = std::fs::read_to_string(tmp.0.join("keyrx.1")).unwrap();
    assert!(main.contains(".TH keyrx 1"), "{main}");
    let run = std::fs::read_to_string(tmp.0.join("keyrx-run.1")).unwrap();
    assert!(run.contains("emergency"), "{run}");
}

/// The address in the "dashboard and API at http://ADDR/" log line.
fn dashboard_addr(log: &[String]) -> Option<String> {
    let line = log
        .iter()
        .find(|l| l.contains("dashboard and API at http://"))?;
    let rest = line.split("dashboard and API at http://").nth(1)?;
    Some(rest.split('/').next()?.to_string())
}

#[test]
fn the_config_file_is_the_running_profile_and_is_edited_through_the_api() {
    let tmp = TempDir::new("config-profile");
    let (state, etc) = (tmp.0.join("state"), tmp.0.join("etc"));
    std::fs::create_dir_all(&state).unwrap();
    std::fs::create_dir_all(&etc).unwrap();
    let config = etc.join("config.rhai");
    std::fs::write(&config, "layer(\"base\", || { map(\"a\", \"b\"); });\n").unwrap();
    let mut child = spawn(
        &[
            ("STATE_DIRECTORY", &state),
            ("CONFIGURATION_DIRECTORY", &etc),
        ],
        0,
    );
    let (lines_tx, lines) = std::sync::mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let mut log = Vec::new();
    let addr = loop {
        if let Some(addr) = dashboard_addr(&log) {
            break addr;
        }
        match lines.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => log.push(line),
            Err(e) => panic!("no dashboard line ({e}): {log:?}"),
        }
    };
    let token = std::fs::read_to_string(state.join("token")).unwrap();
    let auth = format!("Bearer {}", token.trim());
    let get = |path: &str| -> serde_json::Value {
        let body = ureq::get(&format!("http://{addr}{path}"))
            .header("Authorization", &auth)
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        serde_json::from_str(&body).unwrap()
    };
    let listed = get("/api/v1/profiles");
    let profiles = listed["profiles"].as_array().unwrap();
    let entry = profiles.iter().find(|p| p["name"] == "config").unwrap();
    assert_eq!(entry["file"], config.display().to_string());
    assert_eq!(entry["active"], true, "{listed}");
    assert_eq!(get("/api/v1/status")["active_profile"], "config");
    let etag = entry["etag"].as_str().unwrap().to_string();
    let saved = ureq::put(&format!("http://{addr}/api/v1/profiles/config"))
        .header("Authorization", &auth)
        .header("If-Match", &etag)
        .header("Content-Type", "application/json")
        .send(
            serde_json::json!({"source": "layer(\"base\", || { map(\"a\", \"c\"); });\n"})
                .to_string(),
        )
        .unwrap();
    assert_eq!(saved.status(), 200);
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "layer(\"base\", || { map(\"a\", \"c\"); });\n",
        "written to the config file itself"
    );
    let deleted = ureq::delete(&format!("http://{addr}/api/v1/profiles/config"))
        .header("Authorization", &auth)
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .unwrap();
    assert_eq!(deleted.status(), 409);
    assert!(config.exists());
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
}

#[test]
fn draw_writes_an_svg_of_every_layer_and_refuses_bad_layouts() {
    let tmp = TempDir::new("draw");
    let out = tmp.0.join("layout.svg");
    let config = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/vim-navigation.rhai"
    );
    let done = keyrx(&[
        "draw",
        config,
        "--layout",
        "iso",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(done.status.success(), "{done:?}");
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    for layer in ["base", "nav"] {
        assert!(svg.contains(&format!(r#"data-layer="{layer}""#)), "{layer}");
    }
    assert!(
        svg.contains(r#"data-key="102nd""#),
        "the ISO layout is used"
    );
    let kle = tmp.0.join("split.json");
    std::fs::write(&kle, r#"[["H","J"],[{"w":-2},"K"]]"#).unwrap();
    let bad = Command::new(env!("CARGO_BIN_EXE_keyrx"))
        .args(["draw", config, "--layout", kle.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("row 2, item 1: `w` must be above 0"), "{err}");
    // A layout past the bound is refused after reading one byte more than it, whatever its size.
    let big = tmp.0.join("big.json");
    std::fs::write(&big, " ".repeat(4 << 20)).unwrap();
    let too_big = Command::new(env!("CARGO_BIN_EXE_keyrx"))
        .args(["draw", config, "--layout", big.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(too_big.status.code(), Some(1));
    let err = String::from_utf8_lossy(&too_big.stderr);
    assert!(
        err.contains("the layout is larger than 262144 bytes"),
        "{err}"
    );
}
