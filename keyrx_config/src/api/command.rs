//! `command([program, args..])`: a key that runs a program (kanata `cmd`), with no shell.

use keyrx_core::compile::{MAX_COMMAND_ARGS, MAX_COMMAND_BYTES};
use keyrx_core::config::Action;
use rhai::{Array, Engine, NativeCallContext};

use crate::state::Shared;
use crate::values::{ActionVal, Call};

pub(super) fn register(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.register_fn("command", move |ctx: NativeCallContext, argv: Array| {
        command(&mut Call::new(&mut s.borrow_mut(), &ctx), argv)
    });
}

const HELP: &str =
    "command([\"notify-send\", \"hello\"]): the program, then each argument as a string";

fn command(call: &mut Call, argv: Array) -> ActionVal {
    if argv.len() > MAX_COMMAND_ARGS {
        call.error(
            format!(
                "this command has {} arguments; a command has at most {MAX_COMMAND_ARGS}",
                argv.len()
            ),
            None,
        );
        return ActionVal::placeholder();
    }
    let mut args = Vec::with_capacity(argv.len());
    for (i, arg) in argv.into_iter().enumerate() {
        match arg.into_immutable_string() {
            Ok(s) => args.push(s.to_string()),
            Err(kind) => {
                call.error(
                    format!("argument {} of command() is a {kind}, not a string", i + 1),
                    Some(HELP.into()),
                );
                return ActionVal::placeholder();
            }
        }
    }
    let bytes: usize = args.iter().map(String::len).sum();
    if args.first().is_none_or(String::is_empty) {
        call.error("command() needs a program to run".into(), Some(HELP.into()));
    } else if bytes > MAX_COMMAND_BYTES {
        call.error(
            format!(
                "this command's arguments are {bytes} bytes; a command has at most {MAX_COMMAND_BYTES}"
            ),
            None,
        );
    } else if args.iter().any(|a| a.contains('\0')) {
        call.error(
            "a command's arguments cannot contain a NUL byte".into(),
            None,
        );
    } else {
        if args[0].contains(' ') && args.len() == 1 {
            call.warn(
                format!("`{}` is run as one program name: there is no shell to split it", args[0]),
                Some("give the program and each argument separately: command([\"notify-send\", \"hi\"])".into()),
            );
        }
        return ActionVal::plain(Action::Command(args));
    }
    ActionVal::placeholder()
}
