//! The streaming loop: how input becomes output line by line, which
//! failures skip one input and which stop the run, and the exit status.
//!
//! Each input is read in large chunks into a [`mojifix::ByteDecoder`],
//! which guesses the charset from the first mebibyte and then gives out
//! decoded lines (a line ends at `\n`, `\r\n` or a lone `\r`); each line
//! is repaired on its own and written, ending included (turned into
//! `\n` when line breaks are normalised), through a large
//! output buffer (flushed after each line only when writing to a
//! terminal). Memory is bounded by the chunk, the sample and the longest
//! line; a line longer than [`mojifix::bytes::MAX_LINE_BYTES`] is decoded
//! and repaired in pieces.
//!
//! When an input was not all UTF-8, or bytes were replaced with U+FFFD,
//! one summary line (lines per charset, bytes replaced) goes to stderr
//! after it. Plain UTF-8 input gets no message.
//!
//! A failing input (cannot be opened or read, or in strict mode a byte
//! that does not decode) is reported with its path and the run goes on
//! with the next input; the exit status is then 1. A failing output stops
//! the run at once: with status 0 and no message when the reader went away
//! (broken pipe), else status 1.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};

use mojifix::{ByteDecoder, DecodeError, DecodedLine, Fixer};

use super::args::{Input, Options, Output};

/// Write buffer size.
const BUFFER: usize = 256 * 1024;

/// Read chunk size.
const CHUNK: usize = 1 << 20;

/// Why an input or the output failed.
enum Failure {
    /// Reading the input failed; the rest of the input is skipped.
    Read(io::Error),
    /// In strict mode, a byte that does not decode; the rest of the input
    /// is skipped.
    Decode(DecodeError),
    /// Writing failed; the run stops.
    Write(io::Error),
}

impl From<DecodeError> for Failure {
    fn from(err: DecodeError) -> Failure {
        Failure::Decode(err)
    }
}

/// Runs the repair described by `options` and returns the exit status.
pub fn run(options: &Options) -> u8 {
    let mut diag = Diagnostics::new();
    let fixer = Fixer::new(options.config.clone());

    if let Output::File(out_path) = &options.output
        && let Some(input) = output_among_inputs(out_path, &options.inputs)
    {
        diag.error(&input.name(), "the output file is also an input");
        return 1;
    }
    let sink: Box<dyn Write> = match &options.output {
        Output::Stdout => Box::new(io::stdout().lock()),
        Output::File(path) => match File::create(path) {
            Ok(file) => Box::new(file),
            Err(err) => {
                diag.error(&options.output.name(), err);
                return 1;
            }
        },
    };
    let mut out = BufWriter::with_capacity(BUFFER, sink);
    let out_name = options.output.name();
    // Someone typing at a terminal sees each line as it is repaired.
    let interactive = options.output == Output::Stdout && io::stdout().is_terminal();

    let mut failed = false;
    let mut chunk = vec![0u8; CHUNK];
    for input in &options.inputs {
        let name = input.name();
        let mut stream = Stream {
            fixer: &fixer,
            name: &name,
            explain: options.explain,
            interactive,
            bytes: &options.bytes,
            chunk: &mut chunk,
            out: &mut out,
            diag: &mut diag,
        };
        let result = match input {
            Input::Stdin => stream.copy(io::stdin().lock()),
            Input::File(path) => match File::open(path) {
                Ok(file) => stream.copy(file),
                Err(err) => Err(Failure::Read(err)),
            },
        };
        match result {
            Ok(()) => {}
            Err(Failure::Read(err)) => {
                diag.error(&name, err);
                failed = true;
            }
            Err(Failure::Decode(err)) => {
                diag.error(&name, err);
                failed = true;
            }
            Err(Failure::Write(err)) => return write_failed(&mut diag, &out_name, &err, failed),
        }
    }
    if let Err(err) = out.flush() {
        return write_failed(&mut diag, &out_name, &err, failed);
    }
    diag.flush();
    u8::from(failed)
}

/// Reports a write error (quietly for a broken pipe) and gives the status.
fn write_failed(diag: &mut Diagnostics, out_name: &str, err: &io::Error, failed: bool) -> u8 {
    if err.kind() == io::ErrorKind::BrokenPipe {
        diag.flush();
        return u8::from(failed);
    }
    diag.error(out_name, err);
    1
}

/// The input among `inputs` that is the regular file `output`, if any, so
/// that creating the output does not truncate an input before it is read.
/// (Devices such as `/dev/null` may be both.)
fn output_among_inputs<'a>(output: &std::path::Path, inputs: &'a [Input]) -> Option<&'a Input> {
    if !std::fs::metadata(output).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let output = std::fs::canonicalize(output).ok()?;
    inputs.iter().find(|input| match input {
        Input::File(path) => std::fs::canonicalize(path).is_ok_and(|p| p == output),
        Input::Stdin => false,
    })
}

/// One input on its way to the output.
struct Stream<'r, W: Write> {
    fixer: &'r Fixer,
    name: &'r str,
    explain: bool,
    /// Whether to flush the output after each line.
    interactive: bool,
    bytes: &'r mojifix::ByteOptions,
    /// The read buffer; reused from input to input.
    chunk: &'r mut Vec<u8>,
    out: &'r mut W,
    diag: &'r mut Diagnostics,
}

impl<W: Write> Stream<'_, W> {
    /// Copies `input` to the output, decoding and repairing each line,
    /// then reports what was not UTF-8.
    fn copy(&mut self, mut input: impl Read) -> Result<(), Failure> {
        let mut decoder = ByteDecoder::new(self.bytes.clone());
        let mut line_number: u64 = 0;
        let mut within_line = false;
        let result = loop {
            let n = match input.read(self.chunk) {
                Ok(0) => {
                    break self.emit_all(&mut decoder, None, &mut line_number, &mut within_line);
                }
                Ok(n) => n,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => break Err(Failure::Read(err)),
            };
            let chunk = std::mem::take(self.chunk);
            let fed = self.emit_all(
                &mut decoder,
                chunk.get(..n),
                &mut line_number,
                &mut within_line,
            );
            *self.chunk = chunk;
            if let Err(err) = fed {
                break Err(err);
            }
        };
        let summary = decoder.summary();
        if !summary.is_plain_utf8() && result.is_ok() {
            self.diag.summary(self.name, summary);
        }
        result
    }

    /// Feeds `chunk` to the decoder (or ends the input, for `None`) and
    /// writes every line it completes.
    fn emit_all(
        &mut self,
        decoder: &mut ByteDecoder,
        chunk: Option<&[u8]>,
        line_number: &mut u64,
        within_line: &mut bool,
    ) -> Result<(), Failure> {
        let mut write = |line: DecodedLine<'_>| -> Result<(), Failure> {
            if !*within_line {
                *line_number += 1;
            }
            *within_line = line.continues;
            if self.explain && line.charset != mojifix::Charset::UTF_8 && !line.text.is_ascii() {
                self.diag.read_as(self.name, *line_number, line.charset);
            }
            let fixed = self.fixer.fix_and_explain(line.text);
            if self.explain && matches!(fixed.text, Cow::Owned(_)) {
                self.diag.explain(self.name, *line_number, &fixed.plan);
            }
            self.out
                .write_all(fixed.text.as_bytes())
                .map_err(Failure::Write)?;
            // Normalised line breaks write every ending as `\n`.
            let ending = if self.fixer.config().fix_line_breaks && !line.ending.is_empty() {
                "\n"
            } else {
                line.ending
            };
            self.out
                .write_all(ending.as_bytes())
                .map_err(Failure::Write)?;
            if self.interactive {
                self.diag.flush();
                self.out.flush().map_err(Failure::Write)?;
            }
            Ok(())
        };
        match chunk {
            Some(chunk) => decoder.feed(chunk, &mut write),
            None => decoder.finish(&mut write),
        }
    }
}

/// Messages on stderr: explanations (buffered) and errors (flushed at once).
/// Failing to write them is ignored; there is nowhere left to report it.
struct Diagnostics {
    stderr: BufWriter<io::StderrLock<'static>>,
}

impl Diagnostics {
    fn new() -> Diagnostics {
        Diagnostics {
            stderr: BufWriter::new(io::stderr().lock()),
        }
    }

    fn explain(&mut self, name: &str, line: u64, plan: &mojifix::Plan) {
        let _ = writeln!(self.stderr, "{name}:{line}: {plan}");
    }

    fn read_as(&mut self, name: &str, line: u64, charset: mojifix::Charset) {
        let _ = writeln!(self.stderr, "{name}:{line}: read as {charset}");
    }

    fn summary(&mut self, name: &str, summary: &mojifix::Summary) {
        let _ = writeln!(self.stderr, "mojifix: {name}: {summary}");
        self.flush();
    }

    fn error(&mut self, name: &str, err: impl std::fmt::Display) {
        let _ = writeln!(self.stderr, "mojifix: {name}: {err}");
        self.flush();
    }

    fn flush(&mut self) {
        let _ = self.stderr.flush();
    }
}
