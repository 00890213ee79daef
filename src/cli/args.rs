//! Command-line parsing: which flags exist, what values they take, and which
//! mistakes are usage errors (exit status 2, decided here, before any file
//! is opened) rather than I/O errors (decided while running).
//!
//! Arguments are parsed as `OsString`s so that a file name that is not
//! valid UTF-8 still works; only flags have to be UTF-8.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::{Path, PathBuf};

/// The full `--help` text.
pub const HELP: &str = "\
mojifix: repair mojibake, text that was decoded with the wrong character set

Usage: mojifix [OPTIONS] [FILE]...

Reads each FILE in order (standard input when no FILE is given, and for -),
repairs every line on its own and writes the result to standard output.
Line endings, blank lines and a missing final newline are kept byte for
byte. Input may be in any charset: a byte-order mark decides, else valid
UTF-8 is UTF-8, else the charset is guessed from the first mebibyte, and
lines that are not UTF-8 in mostly-UTF-8 input are read each on its own.
The output is UTF-8. Bytes that cannot be decoded become U+FFFD; then, and
whenever input was not UTF-8, one summary line per input goes to stderr.

Options:
  -o, --output FILE    Write to FILE instead of standard output
      --explain        For each changed line, print PATH:LINE: PLAN to stderr,
                       and PATH:LINE: read as CHARSET for each line that was
                       not read as UTF-8
      --encoding LABEL Read the input as LABEL instead of guessing (a WHATWG
                       label such as latin1, koi8-r, sjis, utf-16le, or a
                       code page such as cp1251, cp437, cp850, cp866, cp932,
                       cp936, cp949, cp950)
      --strict         Don't guess: read UTF-8 (or the byte-order mark's or
                       --encoding's charset) and stop with status 1 at the
                       first byte that does not decode, printing its offset
      --no-restore-a0  Don't read a space inside mojibake as a flattened
                       no-break space (byte A0)
      --no-restore-lost
                       Don't restore bytes that a strict decoder replaced
                       with U+FFFD or dropped
      --max-layers N   Undo at most N layers of mis-decoding (0-255, default 8)
      --ftfy           ftfy-compatible mode; currently the same as the default
                       (repairs encodings only)
  -h, --help           Print this help and exit
  -V, --version        Print the version and exit

Exit status: 0 on success, 1 if an input or the output failed,
2 on a usage error.
";

/// The short usage line printed after a usage error.
pub const USAGE: &str =
    "Usage: mojifix [OPTIONS] [FILE]...\nTry 'mojifix --help' for more information.";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    /// Print the help text and exit.
    Help,
    /// Print the version and exit.
    Version,
    /// Repair the inputs.
    Run(Options),
}

/// Where text is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input (no file given, or `-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The name used in messages: the path as given, or `-`.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_owned(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// Where text is written to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Standard output (the default, and `-o -`).
    Stdout,
    /// A file, created or truncated.
    File(PathBuf),
}

impl Output {
    /// The name used in messages: the path as given, or `standard output`.
    pub fn name(&self) -> String {
        match self {
            Output::Stdout => "standard output".to_owned(),
            Output::File(path) => path.display().to_string(),
        }
    }
}

/// A run's settings.
#[derive(Debug)]
pub struct Options {
    /// The inputs, in order; never empty.
    pub inputs: Vec<Input>,
    /// The output.
    pub output: Output,
    /// Whether to explain each changed line on stderr.
    pub explain: bool,
    /// The fixer's configuration.
    pub config: mojifix::Config,
    /// How input bytes are read (`--encoding`, `--strict`).
    pub bytes: mojifix::ByteOptions,
}

/// A command line that cannot be run, with the reason.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses the arguments after the program name.
///
/// `--help` and `--version` win as soon as they are seen; an error in an
/// earlier argument is reported first.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut args = args.into_iter();
    let mut inputs = Vec::new();
    let mut output = None;
    let mut explain = false;
    let mut config = mojifix::Config::default();
    let mut bytes = mojifix::ByteOptions::default();
    let mut only_files = false;

    while let Some(arg) = args.next() {
        if only_files || arg == "-" || !arg.as_encoded_bytes().starts_with(b"-") {
            inputs.push(input(&arg));
            continue;
        }
        let Some(flag) = arg.to_str() else {
            return Err(UsageError(format!("unknown option '{}'", arg.display())));
        };
        // `--name=value` carries its value inline; `-oFILE` too.
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(OsString::from(value))),
            _ if flag.starts_with("-o") && flag.len() > 2 && !flag.starts_with("--") => {
                ("-o", Some(OsString::from(&flag[2..])))
            }
            _ => (flag, None),
        };
        let takes_value = matches!(name, "-o" | "--output" | "--max-layers" | "--encoding");
        if inline.is_some() && !takes_value {
            return Err(UsageError(format!("option '{name}' doesn't take a value")));
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| UsageError(format!("option '{name}' needs a value")))
        };
        match name {
            "--" => only_files = true,
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--explain" => explain = true,
            "--no-restore-a0" => config.restore_byte_a0 = false,
            "--no-restore-lost" => config.restore_lost_bytes = false,
            // ftfy mode currently only repairs encodings, exactly like the
            // default mode; ftfy's other clean-ups are not part of it yet.
            "--ftfy" => {}
            "--max-layers" => config.max_layers = max_layers(&value()?)?,
            "--encoding" => bytes.encoding = Some(encoding(&value()?)?),
            "--strict" => bytes.strict = true,
            "-o" | "--output" => {
                let path = value()?;
                if output.is_some() {
                    return Err(UsageError("the output is given more than once".to_owned()));
                }
                output = Some(if path == "-" {
                    Output::Stdout
                } else {
                    Output::File(PathBuf::from(path))
                });
            }
            _ => return Err(UsageError(format!("unknown option '{name}'"))),
        }
    }

    if inputs.is_empty() {
        inputs.push(Input::Stdin);
    }
    Ok(Command::Run(Options {
        inputs,
        output: output.unwrap_or(Output::Stdout),
        explain,
        config,
        bytes,
    }))
}

fn input(arg: &OsStr) -> Input {
    if arg == "-" {
        Input::Stdin
    } else {
        Input::File(Path::new(arg).to_path_buf())
    }
}

fn max_layers(value: &OsStr) -> Result<u8, UsageError> {
    value.to_str().and_then(|v| v.parse().ok()).ok_or_else(|| {
        UsageError(format!(
            "invalid value '{}' for '--max-layers': expected a number from 0 to 255",
            value.display()
        ))
    })
}

fn encoding(value: &OsStr) -> Result<mojifix::Charset, UsageError> {
    value
        .to_str()
        .and_then(mojifix::Charset::for_label)
        .ok_or_else(|| {
            UsageError(format!(
                "unknown encoding '{}' for '--encoding'",
                value.display()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    fn options(args: &[&str]) -> Options {
        match parse_strs(args) {
            Ok(Command::Run(options)) => options,
            other => panic!("{args:?} gave {other:?}"),
        }
    }

    #[test]
    fn defaults_read_stdin_and_write_stdout() {
        let o = options(&[]);
        assert_eq!(o.inputs, [Input::Stdin]);
        assert_eq!(o.output, Output::Stdout);
        assert!(!o.explain);
        assert_eq!(o.config, mojifix::Config::default());
    }

    #[test]
    fn files_dash_and_double_dash() {
        let o = options(&["a", "-", "--", "--explain", "-"]);
        let file = |p: &str| Input::File(PathBuf::from(p));
        // As with cat, `-` still means stdin after `--`.
        assert_eq!(
            o.inputs,
            [file("a"), Input::Stdin, file("--explain"), Input::Stdin]
        );
        assert!(!o.explain);
    }

    #[test]
    fn output_forms() {
        let file = |p: &str| Output::File(PathBuf::from(p));
        assert_eq!(options(&["-o", "x"]).output, file("x"));
        assert_eq!(options(&["-ox"]).output, file("x"));
        assert_eq!(options(&["--output", "x"]).output, file("x"));
        assert_eq!(options(&["--output=x"]).output, file("x"));
        assert_eq!(options(&["-o", "-"]).output, Output::Stdout);
        assert!(parse_strs(&["-o"]).is_err());
        assert!(parse_strs(&["-o", "a", "-o", "b"]).is_err());
    }

    #[test]
    fn config_flags() {
        let o = options(&[
            "--no-restore-a0",
            "--no-restore-lost",
            "--max-layers",
            "3",
            "--ftfy",
        ]);
        assert!(!o.config.restore_byte_a0);
        assert!(!o.config.restore_lost_bytes);
        assert_eq!(o.config.max_layers, 3);
        assert_eq!(options(&["--max-layers=0"]).config.max_layers, 0);
        assert!(parse_strs(&["--max-layers", "256"]).is_err());
        assert!(parse_strs(&["--max-layers", "x"]).is_err());
        assert!(parse_strs(&["--max-layers"]).is_err());
    }

    #[test]
    fn byte_flags() {
        let o = options(&["--encoding", "cp1251", "--strict"]);
        assert_eq!(o.bytes.encoding.map(|c| c.name()), Some("windows-1251"));
        assert!(o.bytes.strict);
        assert_eq!(
            options(&["--encoding=cp437"])
                .bytes
                .encoding
                .map(|c| c.name()),
            Some("cp437")
        );
        assert_eq!(options(&[]).bytes, mojifix::ByteOptions::default());
        assert!(parse_strs(&["--encoding", "klingon"]).is_err());
        assert!(parse_strs(&["--encoding"]).is_err());
        assert!(parse_strs(&["--strict=yes"]).is_err());
    }

    #[test]
    fn help_version_and_unknown() {
        assert!(matches!(parse_strs(&["--help"]), Ok(Command::Help)));
        assert!(matches!(parse_strs(&["a", "-h"]), Ok(Command::Help)));
        assert!(matches!(parse_strs(&["--version"]), Ok(Command::Version)));
        assert!(matches!(parse_strs(&["-V"]), Ok(Command::Version)));
        assert!(parse_strs(&["--bogus"]).is_err());
        assert!(parse_strs(&["-x"]).is_err());
        assert!(parse_strs(&["--explain=yes"]).is_err());
    }
}
