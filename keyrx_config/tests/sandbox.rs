//! The sandbox: resource limits stop runaway scripts with a clear message, and imports stay
//! inside the config's directory without cycles.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use keyrx_config::{Diagnostic, Limits, compile_file, compile_str, compile_str_with};

fn first_error(result: Result<keyrx_config::Compiled, keyrx_config::Diagnostics>) -> Diagnostic {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(d) => d.errors().next().cloned().expect("an error"),
    }
}

#[test]
fn an_endless_loop_is_stopped_by_the_operation_limit() {
    let started = Instant::now();
    let e = first_error(compile_str("t.rhai", "layer(\"base\");\nloop { }\n", None));
    assert_eq!(e.message, "the config was stopped after 5000000 operations");
    assert_eq!(
        e.help.as_deref(),
        Some("is there an endless loop or recursion?")
    );
    assert_eq!(position(&e).0, 2);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn an_endless_loop_is_stopped_by_the_time_limit() {
    let limits = Limits {
        max_operations: u64::MAX / 2,
        max_time: Duration::from_millis(200),
        ..Limits::default()
    };
    let started = Instant::now();
    let e = first_error(compile_str_with(
        "t.rhai",
        "let x = 0; while true { x += 1; }",
        None,
        &limits,
    ));
    assert_eq!(e.message, "the config was stopped after running for 200 ms");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn deep_recursion_is_stopped() {
    let e = first_error(compile_str("t.rhai", "fn f(n) { f(n + 1) }\nf(0);", None));
    assert_eq!(e.message, "function calls nest deeper than 64 levels");
}

#[test]
fn huge_strings_and_arrays_are_stopped() {
    let e = first_error(compile_str(
        "t.rhai",
        "let s = \"xxxxxxxx\"; loop { s += s; }",
        None,
    ));
    assert_eq!(
        e.message,
        "length of string is larger than a config may build"
    );
    let e = first_error(compile_str("t.rhai", "let a = [1]; loop { a += a; }", None));
    assert!(
        e.message.contains("larger than a config may build"),
        "{}",
        e.message
    );
}

#[test]
fn nothing_outside_the_script_is_reachable() {
    let e = first_error(compile_str("t.rhai", "sleep(1000);", None));
    assert_eq!(e.message, "sleep() is not available in a config");
    let e = first_error(compile_str("t.rhai", "eval(\"1\");", None));
    assert_eq!(position(&e), (1, 1));
    let e = first_error(compile_str("t.rhai", "let t = timestamp();", None));
    assert!(
        e.message.starts_with("unknown function `timestamp`"),
        "{}",
        e.message
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn imports_run_files_from_the_config_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lib/mods.rhai",
        "fn hrm(k, m) { tap_hold(k, m) }\nexport const GREETING = \"hi\";\n",
    );
    write(
        dir.path(),
        "lib/nav.rhai",
        "import \"../shared/arrows\";\nlayer(\"nav\", || { arrows(); });\nfn arrows() { map(\"h\", \"left\"); }\n",
    );
    write(
        dir.path(),
        "shared/arrows.rhai",
        "// nothing but a comment\n",
    );
    write(
        dir.path(),
        "main.rhai",
        "import \"lib/mods\" as m;\nlayer(\"base\", || {\n  map(\"a\", m::hrm(\"a\", \"lmeta\"));\n  map(\"t\", text(m::GREETING));\n  map(\"space\", momentary(\"nav\"));\n});\nimport \"lib/nav.rhai\";\n",
    );
    let c =
        compile_file(&dir.path().join("main.rhai")).unwrap_or_else(|d| panic!("{}", d.render()));
    let km = &c.config.devices[0].keymap;
    assert_eq!(
        action(km, "base", "t"),
        keyrx_core::config::Action::Text("hi".into())
    );
    assert_eq!(action(km, "nav", "h"), json_action("\"left\""));
    let src = std::fs::read_to_string(dir.path().join("main.rhai")).unwrap();
    let via_str = compile_str("main.rhai", &src, Some(dir.path())).unwrap();
    assert_eq!(via_str.config, c.config);
}

#[test]
fn errors_in_imported_files_point_into_them() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lib/keys.rhai",
        "fn hrm(k) {\n  tap_hold(k, \"lctrll\")\n}\n",
    );
    write(
        dir.path(),
        "main.rhai",
        "import \"lib/keys\" as k;\nlayer(\"base\", || { map(\"a\", k::hrm(\"a\")); });\n",
    );
    let main = dir.path().join("main.rhai");
    let d = compile_file(&main).unwrap_err();
    let e = d.errors().next().unwrap();
    assert!(e.file.ends_with("lib/keys.rhai"), "{}", e.file);
    assert_eq!(position(e), (2, 15));
    assert!(d.render().contains("tap_hold(k, \"lctrll\")"));
    write(
        dir.path(),
        "lib/keys.rhai",
        "fn hrm(k) {\n  tap_hold(k \"lctrl\")\n}\n",
    );
    let d = compile_file(&main).unwrap_err();
    let e = d.errors().next().unwrap();
    assert!(e.file.ends_with("lib/keys.rhai"), "{}", e.file);
    assert_eq!(position(e).0, 2);
    assert!(e.notes[0].contains("imported at"), "{:?}", e.notes);
}

#[test]
fn absolute_imports_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "other.rhai", "layer(\"x\");");
    let abs = dir.path().join("other.rhai");
    let src = format!("import \"{}\";\nlayer(\"base\");", abs.display());
    write(dir.path(), "main.rhai", &src);
    let e = first_error(compile_file(&dir.path().join("main.rhai")));
    assert!(
        e.message.contains("imports must be relative paths"),
        "{}",
        e.message
    );
    assert_eq!(position(&e), (1, 8));
}

#[test]
fn imports_cannot_climb_out_of_the_directory() {
    let outer = tempfile::tempdir().unwrap();
    write(outer.path(), "secret.rhai", "layer(\"stolen\");");
    write(
        outer.path(),
        "cfg/main.rhai",
        "import \"../secret\";\nlayer(\"base\");",
    );
    let e = first_error(compile_file(&outer.path().join("cfg/main.rhai")));
    assert!(
        e.message.contains("outside the config directory"),
        "{}",
        e.message
    );
    write(
        outer.path(),
        "cfg/sub/inner.rhai",
        "import \"../../secret\";",
    );
    write(
        outer.path(),
        "cfg/main.rhai",
        "import \"sub/inner\";\nlayer(\"base\");",
    );
    let e = first_error(compile_file(&outer.path().join("cfg/main.rhai")));
    assert!(
        e.message.contains("outside the config directory"),
        "{}",
        e.message
    );
    // `..` that stays inside the tree is fine.
    write(outer.path(), "cfg/sub/inner.rhai", "import \"../lib\";");
    write(outer.path(), "cfg/lib.rhai", "layer(\"base\");");
    assert!(compile_file(&outer.path().join("cfg/main.rhai")).is_ok());
}

#[cfg(unix)]
#[test]
fn symlinks_cannot_escape_the_directory() {
    let outer = tempfile::tempdir().unwrap();
    write(outer.path(), "secret.rhai", "layer(\"stolen\");");
    write(
        outer.path(),
        "cfg/main.rhai",
        "import \"link\";\nlayer(\"base\");",
    );
    std::os::unix::fs::symlink(
        outer.path().join("secret.rhai"),
        outer.path().join("cfg/link.rhai"),
    )
    .unwrap();
    let e = first_error(compile_file(&outer.path().join("cfg/main.rhai")));
    assert!(
        e.message
            .contains("outside the config directory through a symbolic link"),
        "{}",
        e.message
    );
    // A directory link out of the tree is refused the same way.
    write(outer.path(), "elsewhere/x.rhai", "layer(\"stolen\");");
    std::os::unix::fs::symlink(outer.path().join("elsewhere"), outer.path().join("cfg/dir"))
        .unwrap();
    write(
        outer.path(),
        "cfg/main.rhai",
        "import \"dir/x\";\nlayer(\"base\");",
    );
    let e = first_error(compile_file(&outer.path().join("cfg/main.rhai")));
    assert!(e.message.contains("symbolic link"), "{}", e.message);
}

#[test]
fn import_cycles_are_reported_with_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.rhai", "import \"b\";\nlayer(\"base\");");
    write(dir.path(), "b.rhai", "import \"c\";");
    write(dir.path(), "c.rhai", "\nimport \"a\";");
    let e = first_error(compile_file(&dir.path().join("a.rhai")));
    let name = |f: &str| dir.path().join(f).display().to_string();
    let chain = format!(
        "import cycle: {} -> {} -> {} -> {}",
        name("a.rhai"),
        name("b.rhai"),
        name("c.rhai"),
        name("a.rhai")
    );
    assert_eq!(e.message, chain);
    assert_eq!(e.file, name("c.rhai"));
    assert_eq!(position(&e), (2, 8));

    write(dir.path(), "self.rhai", "import \"self\";");
    let e = first_error(compile_file(&dir.path().join("self.rhai")));
    assert_eq!(
        e.message,
        format!(
            "import cycle: {} -> {}",
            name("self.rhai"),
            name("self.rhai")
        )
    );
}

#[test]
fn imports_need_a_directory_and_an_existing_file() {
    let e = first_error(compile_str("t.rhai", "import \"x\";", None));
    assert!(
        e.message.contains("no directory to import from"),
        "{}",
        e.message
    );
    let dir = tempfile::tempdir().unwrap();
    let e = first_error(compile_str(
        "t.rhai",
        "import \"missing\";",
        Some(dir.path()),
    ));
    assert!(
        e.message.starts_with("cannot import `missing`"),
        "{}",
        e.message
    );
}

#[test]
fn repeated_imports_are_limited() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x.rhai", "");
    let limits = Limits {
        max_imports: 3,
        ..Limits::default()
    };
    let src = "for i in 0..10 { import \"x\"; }";
    let e = first_error(compile_str_with("t.rhai", src, Some(dir.path()), &limits));
    assert_eq!(e.message, "more than 3 imports");
}

#[test]
fn imports_inside_blocks_and_layers_run_there() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "arrows.rhai",
        "map(\"h\", \"left\");\nmap(\"l\", \"right\");\n",
    );
    write(dir.path(), "extra.rhai", "layer(\"extra\");\n");
    let src = "layer(\"base\", || { map(\"a\", toggle(\"extra\")); });\nlayer(\"nav\", || { import \"arrows\"; });\nif true { import \"extra\"; }\n";
    let c = compile_str("main.rhai", src, Some(dir.path()))
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let km = &c.config.devices[0].keymap;
    assert_eq!(action(km, "nav", "l"), json_action("\"right\""));
    assert!(km.layers.iter().any(|l| l.name == "extra"));
}
