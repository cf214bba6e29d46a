//! Hostile configs: every bound of the config language is tested at its value, exactly at
//! the limit accepted and one past it refused with a located error, on a stack as small as
//! the daemon's blocking threads have.

mod common;

use std::path::Path;

use keyrx_config::files::{MAX_DATA_BYTES, MAX_SCRIPT_BYTES};
use keyrx_config::{Diagnostic, Diagnostics, LoadError, Severity, compile_file, compile_str, krx};
use keyrx_core::compile::{CompileError, MAX_ACTIONS, Place, Table};
use keyrx_core::config::MAX_NESTING;
use keyrx_core::keys::key;

const SMALL_STACK: usize = 2 << 20;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn compile_small(source: String) -> Result<keyrx_config::Compiled, Diagnostics> {
    on_small_stack(move || compile_str("t.rhai", &source, None))
}

fn first_error(result: Result<keyrx_config::Compiled, Diagnostics>) -> Diagnostic {
    match result {
        Ok(c) => panic!("expected an error, got {:?}", c.config),
        Err(d) => d.errors().next().cloned().expect("an error"),
    }
}

fn line_col(d: &Diagnostic) -> (u32, u32) {
    let s = d.span.as_ref().expect("a position");
    (s.line, s.column)
}

const TOO_DEEP: &str = "actions and conditions nest deeper than 24 levels";

#[test]
fn conditions_built_in_a_loop_are_refused_at_the_call_past_the_depth_limit() {
    for body in ["c = not(c);", "c = all([c]);"] {
        let source = format!(
            "let c = layer_active(\"base\");\nfor i in 0..100000 {{\n    {body}\n}}\nlayer(\"base\", || {{ map(\"a\", when(c, \"b\")); }});\n"
        );
        let e = first_error(compile_small(source));
        assert_eq!(e.message, TOO_DEEP, "{body}");
        assert_eq!(line_col(&e), (3, 9), "{body}");
    }
}

#[test]
fn actions_built_in_a_loop_are_refused_at_the_call_past_the_depth_limit() {
    let source = "let a = \"b\";\nfor i in 0..100000 {\n    a = when(layer_active(\"base\"), a);\n}\nlayer(\"base\", || { map(\"a\", a); });\n";
    let e = first_error(compile_small(source.into()));
    assert_eq!(e.message, TOO_DEEP);
    assert_eq!(line_col(&e), (3, 9));
}

#[test]
fn a_condition_copied_into_itself_is_refused_past_the_parts_bound() {
    let source = "let c = layer_active(\"base\");\nfor i in 0..100000 {\n    c = any([c, c]);\n}\nlayer(\"base\", || { map(\"a\", when(c, \"b\")); });\n";
    let e = first_error(compile_small(source.into()));
    // 2^16 - 1 parts fit; the next doubling passes 65536.
    assert_eq!(
        e.message,
        "this action or condition has more than 65536 parts"
    );
    assert_eq!(line_col(&e), (3, 9));
}

/// `depth` levels: a chain of `when` through the action ending in a text, and a condition
/// of `all` inside `all` under one more `when`.
fn deepest(depth: usize) -> String {
    format!(
        "let a = text(\"b\");\nfor i in 1..{depth} {{ a = when(layer_active(\"base\"), a); }}\n\
         let c = layer_active(\"base\");\nfor i in 2..{depth} {{ c = all([c]); }}\n\
         layer(\"base\", || {{ map(\"a\", a); map(\"b\", when(c, \"x\")); }});\n"
    )
}

#[test]
fn a_config_at_the_depth_limit_compiles_encodes_and_loads() {
    let config = compile_small(deepest(MAX_NESTING)).unwrap().config;
    let map = &config.devices[0].keymap.layers[0].map;
    assert_eq!(map[&key("a")].nesting(), MAX_NESTING);
    assert_eq!(map[&key("b")].nesting(), MAX_NESTING);
    let decoded = on_small_stack(move || {
        let bytes = krx::try_encode(&config).unwrap();
        (krx::decode(&bytes).unwrap(), config)
    });
    assert_eq!(decoded.0, decoded.1);
    let e = first_error(compile_small(deepest(MAX_NESTING + 1)));
    assert_eq!(e.message, TOO_DEEP);
    assert_eq!(line_col(&e).0, 2);
}

#[test]
fn deeply_nested_source_is_refused_at_its_position_on_a_small_stack() {
    for (open, close) in [("[", "]"), ("#{a:", "}"), ("(", ")"), ("||", "")] {
        let source = format!("let x = {}1{};", open.repeat(45), close.repeat(45));
        let e = first_error(compile_small(source));
        assert_eq!(
            e.message, "expressions nest deeper than 64 levels (32 inside functions and closures)",
            "{open}"
        );
        assert_eq!(line_col(&e).0, 1);
    }
}

fn notes(source: &str) -> Vec<Diagnostic> {
    compile_str("t.rhai", source, None)
        .unwrap()
        .warnings
        .into_iter()
        .filter(|d| d.severity == Severity::Note)
        .collect()
}

#[test]
fn print_in_a_loop_keeps_at_most_the_log_line_bound() {
    let kept = notes("for i in 0..5000 { print(\"x\"); }\nlayer(\"base\");");
    assert_eq!(kept.len(), keyrx_config::MAX_LOG_LINES + 1);
    assert_eq!(
        kept.last().unwrap().message,
        "4000 more lines of print/debug output were dropped: a config's log keeps 1000 lines and 65536 bytes"
    );
}

#[test]
fn print_of_long_lines_keeps_at_most_the_log_byte_bound() {
    // "print: " and 1017 bytes: 64 lines fill the 65536 bytes exactly.
    let source = format!(
        "let s = \"{}\";\nfor i in 0..100 {{ print(s); }}\nlayer(\"base\");",
        "x".repeat(1017)
    );
    let kept = notes(&source);
    let bytes: usize = kept[..kept.len() - 1].iter().map(|d| d.message.len()).sum();
    assert_eq!(bytes, keyrx_config::MAX_LOG_BYTES);
    assert_eq!(kept.len(), 64 + 1);
    assert!(kept.last().unwrap().message.starts_with("36 more lines"));
}

#[test]
fn the_same_error_in_a_loop_is_kept_at_most_the_issue_bound() {
    // A name too long for suggestions keeps each error cheap, far inside the time limit.
    let name = "q".repeat(100);
    let source = format!(
        "layer(\"base\", || {{ for i in 0..3000 {{ map(\"k\" + i + \"{name}\", \"a\"); }} }});"
    );
    let d = compile_str("t.rhai", &source, None).unwrap_err();
    assert_eq!(d.error_count(), keyrx_config::MAX_ISSUES);
    let last = d.items.last().unwrap();
    assert_eq!(
        last.message,
        "2000 more errors and warnings were not kept: a config reports at most 1000"
    );
}

#[test]
fn the_same_error_at_the_same_place_is_reported_once() {
    let source = "layer(\"base\", || {\n    for i in 0..200 { map(\"nokey\", \"a\"); }\n});";
    let d = compile_str("t.rhai", source, None).unwrap_err();
    assert_eq!(d.error_count(), 1);
    assert_eq!(d.items[0].message, "unknown key `nokey`");
}

#[test]
fn unknown_huge_names_get_no_costly_suggestion() {
    let name = "q".repeat(256 * 1024);
    let maps: String = (0..10)
        .map(|_| format!("map(\"{name}\", \"a\");\n"))
        .collect();
    let started = std::time::Instant::now();
    let d = compile_str(
        "t.rhai",
        &format!("layer(\"base\", || {{ {maps} }});"),
        None,
    )
    .unwrap_err();
    assert_eq!(d.error_count(), 10);
    assert_eq!(
        d.items[0].message,
        format!("unknown key `{}…`", &name[..64])
    );
    assert!(!d.items[0].help.as_deref().unwrap().contains("did you mean"));
    // Suggesting over such names took 39 s; without any it is a few parses.
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

/// A file of `len` bytes that is a valid, empty script: a comment.
fn comment_of(len: u64) -> Vec<u8> {
    let mut text = b"//".to_vec();
    text.resize(len as usize, b'x');
    text
}

#[test]
fn imports_are_read_up_to_the_size_bound() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.rhai");
    write(&main, b"import \"big\";\nlayer(\"base\");\n");
    write(&dir.path().join("big.rhai"), &comment_of(MAX_SCRIPT_BYTES));
    assert!(compile_file(&main).is_ok());
    write(
        &dir.path().join("big.rhai"),
        &comment_of(MAX_SCRIPT_BYTES + 1),
    );
    let e = first_error(compile_file(&main));
    assert_eq!(
        e.message,
        format!(
            "cannot read `{}`: it is 1048577 bytes, more than the 1048576 a config file may have",
            dir.path().join("big.rhai").display()
        )
    );
    assert_eq!(line_col(&e), (1, 8));
    write(&main, &comment_of(MAX_SCRIPT_BYTES + 1));
    let e = first_error(compile_file(&main));
    assert!(
        e.message
            .ends_with("it is 1048577 bytes, more than the 1048576 a config file may have")
    );
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.rhai");
    write(&main, b"import \"pipe\";\nlayer(\"base\");\n");
    mkfifo(&dir.path().join("pipe.rhai"));
    let e = first_error(compile_file(&main));
    let pipe = dir.path().join("pipe.rhai");
    assert_eq!(
        e.message,
        format!("cannot read `{}`: it is not a regular file", pipe.display())
    );
    assert_eq!(line_col(&e), (1, 8));
    let fifo = dir.path().join("config.json");
    mkfifo(&fifo);
    let err = keyrx_config::load_any(&fifo).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("cannot read {}: it is not a regular file", fifo.display())
    );
    let err = first_error(compile_file(&dir.path().join("pipe.rhai")));
    assert!(
        err.message.ends_with("it is not a regular file"),
        "{}",
        err.message
    );
}

#[test]
fn json_and_krx_are_read_up_to_the_size_bound() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("c.json");
    let mut text = b"{\"layers\":[{\"name\":\"base\"}]}".to_vec();
    text.resize(MAX_DATA_BYTES as usize, b' ');
    write(&json, &text);
    assert!(keyrx_config::load_any(&json).is_ok());
    text.push(b' ');
    write(&json, &text);
    let err = keyrx_config::load_any(&json).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot read {}: it is 16777217 bytes, more than the 16777216 a config file may have",
            json.display()
        )
    );
}

#[test]
fn a_long_text_is_refused_at_its_call() {
    let source =
        |text: String| format!("layer(\"base\", || {{\n    map(\"a\", text(\"{text}\"));\n}});");
    let max = keyrx_config::MAX_TEXT_LEN;
    assert!(compile_str("t.rhai", &source("x".repeat(max)), None).is_ok());
    let e = first_error(compile_str("t.rhai", &source("x".repeat(max + 1)), None));
    assert_eq!(
        e.message,
        "this text is 4097 bytes long; text() takes at most 4096"
    );
    assert_eq!(line_col(&e), (2, 14));
}

#[test]
fn a_text_typing_too_many_steps_is_refused_at_its_mapping() {
    // An uppercase letter is four steps: Shift down, the key down and up, Shift up.
    let source = |n: usize| {
        format!(
            "layer(\"base\", || {{\n    map(\"a\", text(\"{}\"));\n}});",
            "X".repeat(n)
        )
    };
    assert!(compile_str("t.rhai", &source(2048), None).is_ok());
    let e = first_error(compile_str("t.rhai", &source(2049), None));
    assert_eq!(
        e.message,
        "the engine rejects this keymap: more than 8192 steps in one macro or text (at layer `base`, key `a`)"
    );
    assert_eq!(line_col(&e).0, 2);
}

#[test]
fn names_are_bounded_in_length_at_their_call() {
    let max = keyrx_core::config::MAX_NAME_LEN;
    let fits = "n".repeat(max);
    let ok = format!(
        "layer(\"base\", || {{ map(\"a\", momentary(\"{fits}\")); }});\nlayer(\"{fits}\");"
    );
    assert!(compile_str("t.rhai", &ok, None).is_ok());
    let long = "n".repeat(max + 1);
    let message = "a layer name is 129 bytes long; names are at most 128 bytes";
    for source in [
        format!("layer(\"base\");\nlayer(\"{long}\");"),
        format!("layer(\"base\", || {{\n map(\"a\", momentary(\"{long}\")); }});"),
        format!("layer(\"base\", || {{\n map(\"a\", when(layer_active(\"{long}\"), \"b\")); }});"),
    ] {
        let e = first_error(compile_str("t.rhai", &source, None));
        assert_eq!(e.message, message);
        assert_eq!(line_col(&e).0, 2);
    }
    let e = first_error(compile_str(
        "t.rhai",
        &format!("device(\"{long}\", || {{ layer(\"base\"); }});"),
        None,
    ));
    assert_eq!(
        e.message,
        "a device name glob is 129 bytes long; names are at most 128 bytes"
    );
}

#[test]
fn values_built_in_all_are_bounded() {
    // Each any() has 1,000 parts: itself and 999 tests.
    let source = |n: usize| {
        format!(
            "layer(\"base\", || {{ map(\"a\", when(layer_active(\"base\"), \"b\")); }});\nlet l = [];\nfor i in 0..999 {{ l.push(layer_active(\"base\")); }}\nlet kept = [];\nfor i in 0..{n} {{\n    kept.push(any(l));\n}}"
        )
    };
    let max = keyrx_config::MAX_BUILT_PARTS;
    // The when() mapping has three parts.
    let fit = (max - 3) / 1_000;
    // Time is not what this measures: a debug build copies values slowly.
    let limits = keyrx_config::Limits {
        max_time: std::time::Duration::from_secs(120),
        ..keyrx_config::Limits::default()
    };
    let run = |n: usize| keyrx_config::compile_str_with("t.rhai", &source(n), None, &limits);
    if let Err(d) = run(fit) {
        panic!("{}", d.render());
    }
    let e = first_error(run(fit + 1));
    assert_eq!(
        e.message,
        "the config built more than 1000000 actions and conditions in all"
    );
    assert_eq!(line_col(&e), (6, 15));
}

#[test]
fn a_json_config_past_the_action_bound_is_refused_on_loading() {
    let branch = "{\"when\":{\"layer\":\"base\"},\"then\":{\"text\":\"c\"}}";
    let json = |n: usize| {
        let branches = vec![branch; n].join(",");
        format!(
            "{{\"layers\":[{{\"name\":\"base\",\"map\":{{\"a\":{{\"cond\":{{\"branches\":[{branches}]}}}}}}}}]}}"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    write(&path, json(MAX_ACTIONS - 3).as_bytes());
    assert!(keyrx_config::load_any(&path).is_ok());
    write(&path, json(MAX_ACTIONS - 2).as_bytes());
    match keyrx_config::load_any(&path).unwrap_err() {
        LoadError::Invalid { error, .. } => assert_eq!(
            error,
            CompileError::TooLarge {
                what: Table::Actions,
                at: Place::Key {
                    layer: "base".into(),
                    key: key("a")
                }
            }
        ),
        other => panic!("{other}"),
    }
}

#[test]
fn arrays_and_maps_nested_in_a_loop_stop_at_the_time_limit_on_a_small_stack() {
    for nest in ["m = [m];", "m = #{a: m};"] {
        let source =
            format!("let m = \"x\";\nfor i in 0..100000000 {{\n    {nest}\n}}\nlayer(\"base\");");
        let e = first_error(compile_small(source));
        assert_eq!(
            e.message, "the config was stopped after running for 2000 ms",
            "{nest}"
        );
    }
}

#[test]
fn device_matchers_nested_in_lists_are_refused_at_the_call() {
    let source =
        "let m = \"kb\";\nfor i in 0..1000 { m = [m]; }\ndevice(m, || { layer(\"base\"); });";
    let e = first_error(compile_small(source.into()));
    assert_eq!(
        e.message,
        "a list of device matchers cannot contain another list"
    );
    assert_eq!(line_col(&e).0, 3);
}
