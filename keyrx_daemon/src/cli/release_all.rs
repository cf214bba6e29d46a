//! `keyrx release-all`: asks a running daemon to release every key its virtual keyboard
//! holds, for a key that is stuck down while the keyboard itself is out of reach.

use std::process::ExitCode;

use super::status::{StatusArgs, with_daemon};

pub fn run(args: StatusArgs) -> anyhow::Result<ExitCode> {
    with_daemon(
        &args,
        |client| client.post("/api/v1/release-all"),
        |_, answer| {
            let released: Vec<&str> = answer["released"]
                .as_array()
                .map(|keys| keys.iter().filter_map(|k| k.as_str()).collect())
                .unwrap_or_default();
            if released.is_empty() {
                println!("released everything; nothing was held");
            } else {
                println!("released everything; it held {}", released.join(", "));
            }
            Ok(ExitCode::SUCCESS)
        },
    )
}
