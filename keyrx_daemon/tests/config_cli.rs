//! `keyrx check` and `keyrx compile` on real files: exit codes, output and written files.

mod cli_support;

use std::path::Path;
use std::process::{Command, Output};

use cli_support::TempDir;

fn keyrx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keyrx"))
        .args(args)
        .output()
        .expect("keyrx runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn example(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    root.join("examples")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn check_accepts_a_valid_config() {
    let out = keyrx(&["check", &example("home-row-mods.rhai")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(": ok (0 errors, 0 warnings)"));
}

#[test]
fn check_layers_prints_what_each_key_does() {
    let out = keyrx(&["check", "--layers", &example("capslock-esc-ctrl.rhai")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let caps = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("capslock"))
        .unwrap_or_else(|| panic!("no capslock line in {stdout}"));
    assert!(
        caps.contains("tap: types esc; hold: types leftctrl"),
        "{caps}"
    );
    let out = keyrx(&[
        "check",
        "--layers",
        "--json",
        &example("capslock-esc-ctrl.rhai"),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["keymap"]["blocks"][0]["layers"][0]["name"], "base");
}

#[test]
fn check_reports_errors_with_exit_status_1() {
    let dir = TempDir::new("check");
    let bad = dir.file(
        "bad.rhai",
        "layer(\"base\", || {\n    map(\"captslock\", \"esc\");\n});\n",
    );
    let out = keyrx(&["check", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("bad.rhai:2:9"), "{err}");
    assert!(err.contains("did you mean `capslock`?"), "{err}");
    let out = keyrx(&["check", "--json", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["diagnostics"][0]["span"]["line"], 2);
}

#[test]
fn check_prints_warnings_but_succeeds() {
    let dir = TempDir::new("warn");
    let cfg = dir.file(
        "w.rhai",
        "layer(\"base\", || { map(\"a\", \"b\"); map(\"a\", \"c\"); });",
    );
    let out = keyrx(&["check", &cfg]);
    assert!(out.status.success());
    assert!(text(&out.stderr).contains("mapped twice"));
    assert!(text(&out.stdout).contains("ok (0 errors, 1 warning)"));
}

#[test]
fn compile_writes_a_krx_that_loads() {
    let dir = TempDir::new("compile");
    let src = std::fs::read_to_string(example("capslock-esc-ctrl.rhai")).unwrap();
    let cfg = dir.file("caps.rhai", &src);
    let out = keyrx(&["compile", &cfg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let krx = dir.0.join("caps.krx");
    assert!(std::fs::read(&krx).unwrap().starts_with(b"KEYRX\0"));
    let out = keyrx(&["check", krx.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let other = dir.0.join("other.krx");
    let out = keyrx(&["compile", &cfg, "-o", other.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::read(&other).unwrap(),
        std::fs::read(&krx).unwrap(),
        "deterministic"
    );

    let out = keyrx(&["compile", "--json", &cfg]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["devices"][0]["keymap"]["layers"][0]["name"], "base");
}

#[test]
fn compile_refuses_an_invalid_config_and_a_damaged_krx_fails_check() {
    let dir = TempDir::new("refuse");
    let bad = dir.file(
        "bad.rhai",
        "layer(\"base\", || { map(\"a\", momentary(\"nope\")); });",
    );
    let out = keyrx(&["compile", &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("unknown layer `nope`"));
    assert!(!dir.0.join("bad.krx").exists());
    let damaged = dir.file("damaged.krx", "KEYRX\0\u{1}\0garbage");
    let out = keyrx(&["check", &damaged]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("damaged"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn each_cause_is_printed_once() {
    let dir = TempDir::new("once");
    let missing = |name: &str| dir.0.join(name).to_string_lossy().into_owned();
    let damaged = dir.file("damaged.krx", "KEYRX\0\u{1}\0\u{5}\0\0\0\0\0\0\0abcde");
    let bad_json = dir.file(
        "bad.json",
        "{\"layers\":[{\"name\":\"base\",\"map\":{\"a\":\"bogus\"}}]}",
    );
    let cases = [
        (missing("gone.rhai"), "No such file or directory"),
        (missing("gone.krx"), "No such file or directory"),
        (missing("gone.json"), "No such file or directory"),
        (damaged, "does not match the recorded"),
        (bad_json, "unknown key `bogus`"),
    ];
    for (file, cause) in &cases {
        for command in ["check", "compile"] {
            let out = keyrx(&[command, file]);
            let stderr = text(&out.stderr);
            assert_ne!(out.status.code(), Some(0), "{command} {file}");
            assert_eq!(
                stderr.matches(cause).count(),
                1,
                "{command} {file}:\n{stderr}"
            );
            // The file is named where the cause is, not again after it.
            let named = stderr.lines().filter(|l| l.contains(file.as_str())).count();
            assert!(named <= 2, "{command} {file}:\n{stderr}");
            assert!(
                !stderr.contains(&format!("in {file}")),
                "{command} {file}:\n{stderr}"
            );
        }
    }
}
