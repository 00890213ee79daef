//! The `mojifix` command: parses the arguments, then streams each input
//! through the library line by line. This file only dispatches and sets
//! the exit status; `cli::args` decides what the command line means and
//! `cli::run` how text and errors flow.

use std::process::ExitCode;

mod cli {
    pub mod args;
    pub mod run;
}

use cli::args::{self, Command};

fn main() -> ExitCode {
    match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Help) => print_or_fail(args::HELP),
        Ok(Command::Version) => print_or_fail(&format!("mojifix {}\n", env!("CARGO_PKG_VERSION"))),
        Ok(Command::Run(options)) => ExitCode::from(cli::run::run(&options)),
        Err(err) => {
            // Nothing more can be done if stderr is gone.
            let _ = writeln_stderr(&format!("mojifix: {err}\n{}", args::USAGE));
            ExitCode::from(2)
        }
    }
}

/// Prints `text` on stdout; a closed stdout is not an error, others are.
fn print_or_fail(text: &str) -> ExitCode {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln_stderr(&format!("mojifix: standard output: {err}"));
            ExitCode::FAILURE
        }
    }
}

fn writeln_stderr(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    writeln!(std::io::stderr().lock(), "{text}")
}
