//! Command-line parsing: which flags exist, what values they take, and which
//! mistakes are usage errors (exit status 2, decided here, before any file
//! is opened) rather than I/O errors (decided while running).
//!
//! Arguments are parsed as `OsString`s so that a file name that is not
//! valid UTF-8 still works; only flags have to be UTF-8.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

/// The full `--help` text.
pub const HELP: &str = "\
mojifix: repair mojibake, text that was decoded with the wrong character set

Usage: mojifix [OPTIONS] [FILE]...

Reads each FILE in order (standard input when no FILE is given, and for -),
repairs every line on its own and writes the result to standard output.
Line endings, blank lines and a missing final newline are kept byte for
byte (with --fix-line-breaks or --ftfy every ending is written as LF).
Input may be in any charset: a byte-order mark decides, else valid
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
  -j, --jobs N         Repair on N threads (default: the number of cores);
                       output and --explain messages keep input order, and
                       output to a terminal is repaired line by line
      --ftfy           Drop-in ftfy mode: the defaults of ftfy 6.3.1's fix_text,
                       the repair then every clean-up below (HTML unescaping
                       'auto', NFC); flags given with it override it,
                       wherever they are on the command line

Clean-ups (off unless --ftfy; they run after the repair, on each line alone):
      --unescape-html[=auto|on|off]
                       Decode HTML character references (&eacute; &#233;);
                       'auto' (the default value) skips lines with a '<'
      --remove-terminal-escapes
                       Remove terminal escape sequences (ESC [ ... m)
      --fix-c1-controls
                       Read C1 control characters as windows-1252
      --fix-latin-ligatures
                       Split Latin ligatures and digraphs (ﬁ -> fi)
      --fix-character-width
                       Fold fullwidth and halfwidth forms (Ａ -> A)
      --uncurl-quotes  Straighten curly quotes (’ -> ')
      --fix-line-breaks
                       Turn CR LF, CR, U+2028, U+2029 and U+0085 into LF;
                       line endings in the output become LF too
      --fix-surrogates Decode escaped surrogate pairs (\\ud83d\\ude00)
      --remove-control-chars
                       Remove unintended control characters and the BOM
      --normalization FORM
                       Normalise to FORM: NFC, NFD, NFKC, NFKD or none
  Each switch also takes =on or =off, and --no-NAME turns NAME off (for
  example --ftfy --no-uncurl-quotes).

Other options:
  -h, --help           Print this help and exit
  -V, --version        Print the version and exit

Exit status: 0 on success, 1 if an input or the output failed,
2 on a usage error.
";

/// The short usage line printed after a usage error.
pub const USAGE: &str =
    "Usage: mojifix [OPTIONS] [FILE]...\nTry 'mojifix --help' for more information.";

/// Sets one clean-up switch of a configuration.
type SetSwitch = fn(&mut mojifix::Config, bool);

/// The clean-up switches: flag name and the field it sets.
const SWITCHES: &[(&str, SetSwitch)] = &[
    ("remove-terminal-escapes", |c, on| {
        c.remove_terminal_escapes = on
    }),
    ("fix-c1-controls", |c, on| c.fix_c1_controls = on),
    ("fix-latin-ligatures", |c, on| c.fix_latin_ligatures = on),
    ("fix-character-width", |c, on| c.fix_character_width = on),
    ("uncurl-quotes", |c, on| c.uncurl_quotes = on),
    ("fix-line-breaks", |c, on| c.fix_line_breaks = on),
    ("fix-surrogates", |c, on| c.fix_surrogates = on),
    ("remove-control-chars", |c, on| c.remove_control_chars = on),
];

/// A change to the configuration, applied after `--ftfy` chose the base.
type Edit = Box<dyn Fn(&mut mojifix::Config)>;

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
    /// How many threads repair lines (`--jobs`); `None` means one per core.
    pub jobs: Option<NonZeroUsize>,
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
    let mut ftfy = false;
    let mut edits: Vec<Edit> = Vec::new();
    let mut bytes = mojifix::ByteOptions::default();
    let mut jobs = None;
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
            _ if flag.starts_with("-j") && flag.len() > 2 && !flag.starts_with("--") => {
                ("-j", Some(OsString::from(&flag[2..])))
            }
            _ => (flag, None),
        };
        let takes_value = matches!(
            name,
            "-o" | "--output" | "--max-layers" | "--normalization" | "--encoding" | "-j" | "--jobs"
        );
        let inline_only = name == "--unescape-html" || switch(name).is_some_and(|(_, on)| on);
        if inline.is_some() && !takes_value && !inline_only {
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
            "--no-restore-a0" => edits.push(Box::new(|c| c.restore_byte_a0 = false)),
            "--no-restore-lost" => edits.push(Box::new(|c| c.restore_lost_bytes = false)),
            "--ftfy" => ftfy = true,
            "--max-layers" => {
                let n = max_layers(&value()?)?;
                edits.push(Box::new(move |c| c.max_layers = n));
            }
            "--normalization" => {
                let form = normalization(&value()?)?;
                edits.push(Box::new(move |c| c.normalization = form));
            }
            "--unescape-html" => {
                let mode = match &inline {
                    None => mojifix::HtmlUnescape::Auto,
                    Some(v) => v.to_str().and_then(|v| v.parse().ok()).ok_or_else(|| {
                        UsageError(format!(
                            "invalid value '{}' for '--unescape-html': expected auto, on or off",
                            v.display()
                        ))
                    })?,
                };
                edits.push(Box::new(move |c| c.unescape_html = mode));
            }
            "--no-unescape-html" => {
                edits.push(Box::new(|c| c.unescape_html = mojifix::HtmlUnescape::Off));
            }
            "--encoding" => bytes.encoding = Some(encoding(&value()?)?),
            "--strict" => bytes.strict = true,
            "-j" | "--jobs" => jobs = Some(job_count(&value()?)?),
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
            _ => match switch(name) {
                Some((set, on)) => {
                    let on = match &inline {
                        None => on,
                        Some(v) if v == "on" => on,
                        Some(v) if v == "off" => !on,
                        Some(v) => {
                            return Err(UsageError(format!(
                                "invalid value '{}' for '{name}': expected on or off",
                                v.display()
                            )));
                        }
                    };
                    edits.push(Box::new(move |c| set(c, on)));
                }
                None => return Err(UsageError(format!("unknown option '{name}'"))),
            },
        }
    }

    let mut config = if ftfy {
        mojifix::Config::ftfy()
    } else {
        mojifix::Config::default()
    };
    for edit in &edits {
        edit(&mut config);
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
        jobs,
    }))
}

fn input(arg: &OsStr) -> Input {
    if arg == "-" {
        Input::Stdin
    } else {
        Input::File(Path::new(arg).to_path_buf())
    }
}

/// The clean-up switch `--NAME` (and whether it turns it on) or
/// `--no-NAME` (off).
fn switch(flag: &str) -> Option<(SetSwitch, bool)> {
    let name = flag.strip_prefix("--")?;
    let (name, on) = match name.strip_prefix("no-") {
        Some(name) => (name, false),
        None => (name, true),
    };
    SWITCHES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, set)| (*set, on))
}

fn normalization(value: &OsStr) -> Result<Option<mojifix::Normalization>, UsageError> {
    let invalid = || {
        UsageError(format!(
            "invalid value '{}' for '--normalization': expected NFC, NFD, NFKC, NFKD or none",
            value.display()
        ))
    };
    match value.to_str() {
        Some(v) if v.eq_ignore_ascii_case("none") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| invalid()),
        None => Err(invalid()),
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

fn job_count(value: &OsStr) -> Result<NonZeroUsize, UsageError> {
    value.to_str().and_then(|v| v.parse().ok()).ok_or_else(|| {
        UsageError(format!(
            "invalid value '{}' for '--jobs': expected a number of at least 1",
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
    fn ftfy_is_the_base_wherever_it_stands() {
        assert_eq!(options(&["--ftfy"]).config, mojifix::Config::ftfy());
        for args in [
            ["--ftfy", "--no-uncurl-quotes"],
            ["--no-uncurl-quotes", "--ftfy"],
            ["--uncurl-quotes=off", "--ftfy"],
        ] {
            let o = options(&args);
            assert!(!o.config.uncurl_quotes, "{args:?}");
            assert!(o.config.fix_character_width, "{args:?}");
        }
    }

    #[test]
    fn clean_up_flags() {
        use mojifix::{HtmlUnescape, Normalization};
        let o = options(&[]);
        assert_eq!(o.config.unescape_html, HtmlUnescape::Off);
        assert_eq!(
            options(&["--unescape-html"]).config.unescape_html,
            HtmlUnescape::Auto
        );
        assert_eq!(
            options(&["--unescape-html=on"]).config.unescape_html,
            HtmlUnescape::On
        );
        let off = options(&["--ftfy", "--no-unescape-html"]);
        assert_eq!(off.config.unescape_html, HtmlUnescape::Off);
        assert!(parse_strs(&["--unescape-html=yes"]).is_err());
        assert!(parse_strs(&["--no-unescape-html=on"]).is_err());
        assert!(parse_strs(&["--no-uncurl-quotes=off"]).is_err());

        let set = |flag: &str, get: fn(&mojifix::Config) -> bool| {
            assert!(get(&options(&[flag]).config), "{flag}");
            assert!(get(&options(&[&format!("{flag}=on")]).config), "{flag}");
            assert!(
                !get(&options(&["--ftfy", &format!("{flag}=off")]).config),
                "{flag}"
            );
            let no = flag.replacen("--", "--no-", 1);
            assert!(!get(&options(&["--ftfy", &no]).config), "{no}");
            assert!(parse_strs(&[&format!("{flag}=maybe")]).is_err(), "{flag}");
        };
        set("--remove-terminal-escapes", |c| c.remove_terminal_escapes);
        set("--fix-c1-controls", |c| c.fix_c1_controls);
        set("--fix-latin-ligatures", |c| c.fix_latin_ligatures);
        set("--fix-character-width", |c| c.fix_character_width);
        set("--uncurl-quotes", |c| c.uncurl_quotes);
        set("--fix-line-breaks", |c| c.fix_line_breaks);
        set("--fix-surrogates", |c| c.fix_surrogates);
        set("--remove-control-chars", |c| c.remove_control_chars);

        let form = |args: &[&str]| options(args).config.normalization;
        assert_eq!(
            form(&["--normalization", "NFKC"]),
            Some(Normalization::Nfkc)
        );
        assert_eq!(form(&["--normalization=nfd"]), Some(Normalization::Nfd));
        assert_eq!(form(&["--ftfy", "--normalization", "none"]), None);
        assert!(parse_strs(&["--normalization", "NFX"]).is_err());
        assert!(parse_strs(&["--normalization"]).is_err());
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
    fn jobs_flag() {
        let jobs = |args: &[&str]| options(args).jobs.map(NonZeroUsize::get);
        assert_eq!(jobs(&[]), None);
        assert_eq!(jobs(&["--jobs", "3"]), Some(3));
        assert_eq!(jobs(&["--jobs=1"]), Some(1));
        assert_eq!(jobs(&["-j", "8"]), Some(8));
        assert_eq!(jobs(&["-j2"]), Some(2));
        for bad in ["0", "x", "-1", "", "2.5"] {
            assert!(parse_strs(&["--jobs", bad]).is_err(), "{bad:?}");
        }
        assert!(parse_strs(&["--jobs"]).is_err());
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
