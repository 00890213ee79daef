//! What the command-line tests share: running the `mojifix` binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs mojifix with `args`, feeding `stdin` from a thread so that a large
/// input cannot deadlock against a full stdout pipe.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mojifix"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    // The child may stop reading early (an error); that is not our failure.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}
