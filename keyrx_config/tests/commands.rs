//! `command([..])`: the program and its arguments, bounded in count and bytes, refused with a
//! message where it is written.

mod common;

use common::*;
use keyrx_core::config::Action;

#[test]
fn commands_take_the_program_and_its_arguments_bounded() {
    let km = keymap(r#"layer("base", || { map("f1", command(["notify-send", "hi there"])); });"#);
    assert_eq!(
        action(&km, "base", "f1"),
        Action::Command(vec!["notify-send".into(), "hi there".into()])
    );
    let errs = errors(r#"layer("base", || { map("f1", command([])); });"#);
    assert_eq!(errs[0].message, "command() needs a program to run");
    let errs = errors(r#"layer("base", || { map("f1", command(["echo", 3])); });"#);
    assert_eq!(
        errs[0].message,
        "argument 2 of command() is a i64, not a string"
    );
    // At the bound, accepted; one past it, refused where it is written.
    let at = |n: usize| {
        format!(
            r#"layer("base", || {{ let a = []; for i in 0..{n} {{ a.push("x"); }} map("f1", command(a)); }});"#
        )
    };
    let accepted = config(&at(64));
    let km = &accepted.devices[0].keymap;
    assert!(matches!(action(km, "base", "f1"), Action::Command(a) if a.len() == 64));
    let errs = errors(&at(65));
    assert_eq!(
        errs[0].message,
        "this command has 65 arguments; a command has at most 64"
    );
    let long = format!(
        r#"layer("base", || {{ map("f1", command(["p", "{}"])); }});"#,
        "y".repeat(4096)
    );
    let errs = errors(&long);
    assert_eq!(
        errs[0].message,
        "this command's arguments are 4097 bytes; a command has at most 4096"
    );
    let warns = warnings(r#"layer("base", || { map("f1", command(["notify-send hi"])); });"#);
    assert!(
        warns[0].message.contains("no shell to split it"),
        "{warns:?}"
    );
}
