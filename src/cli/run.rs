//! The streaming loop: how input becomes output line by line, which
//! failures skip one input and which stop the run, and the exit status.
//!
//! Each input is read one line at a time (a line ends at `\n`, `\r\n` or a
//! lone `\r`) into a reused buffer, checked for UTF-8, repaired on its own
//! and written, ending included (turned into `\n` when line breaks are
//! normalised), through a large output buffer (flushed
//! after each line only when writing to a terminal). Memory is bounded by
//! the longest line, not the input.
//!
//! A failing input (cannot be opened or read, or is not UTF-8) is reported
//! with its path and the run goes on with the next input; the exit status
//! is then 1. A failing output stops the run at once: with status 0 and no
//! message when the reader went away (broken pipe), else status 1.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};

use mojifix::{Fixer, Utf8Error};

use super::args::{Input, Options, Output};

/// Read and write buffer size.
const BUFFER: usize = 256 * 1024;

/// Why an input or the output failed.
enum Failure {
    /// Reading the input failed; the rest of the input is skipped.
    Read(io::Error),
    /// The input is not UTF-8; the rest of the input is skipped.
    Utf8(Utf8Error),
    /// Writing failed; the run stops.
    Write(io::Error),
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
    let mut line = Vec::new();
    for input in &options.inputs {
        let name = input.name();
        let mut stream = Stream {
            fixer: &fixer,
            name: &name,
            explain: options.explain,
            interactive,
            line: &mut line,
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
            Err(Failure::Utf8(err)) => {
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
    /// The current line's bytes; reused from line to line and input to input.
    line: &'r mut Vec<u8>,
    out: &'r mut W,
    diag: &'r mut Diagnostics,
}

impl<W: Write> Stream<'_, W> {
    /// Copies `input` to the output, repairing each line.
    fn copy(&mut self, input: impl Read) -> Result<(), Failure> {
        let mut reader = BufReader::with_capacity(BUFFER, input);
        let mut offset: u64 = 0;
        let mut line_number: u64 = 0;
        loop {
            self.line.clear();
            read_line(&mut reader, self.line).map_err(Failure::Read)?;
            if self.line.is_empty() {
                return Ok(());
            }
            // `\n` and `\r` never occur inside a multi-byte character, so a
            // line is valid UTF-8 on its own exactly when the input is.
            let text = match std::str::from_utf8(self.line) {
                Ok(text) => text,
                Err(_) => {
                    return Err(match Utf8Error::from_bytes(self.line) {
                        Some(err) => Failure::Utf8(err.shifted(offset)),
                        // Not reached: `from_bytes` fails exactly when
                        // `from_utf8` does.
                        None => Failure::Read(io::ErrorKind::InvalidData.into()),
                    });
                }
            };
            line_number += 1;
            // The line goes to the library with its ending, which the
            // library splits off again and keeps (or, when line breaks are
            // normalised, turns into `\n`).
            let fixed = self.fixer.fix_and_explain(text);
            if self.explain && matches!(fixed.text, Cow::Owned(_)) {
                self.diag.explain(self.name, line_number, &fixed.plan);
            }
            self.out
                .write_all(fixed.text.as_bytes())
                .map_err(Failure::Write)?;
            if self.interactive {
                self.diag.flush();
                self.out.flush().map_err(Failure::Write)?;
            }
            offset += self.line.len() as u64;
        }
    }
}

/// Appends the next line of `reader` to `buf`, ending included: bytes up to
/// and including the first `\n`, `\r\n` or lone `\r`, or up to the end of
/// the input. Leaves `buf` as it was at the end of the input.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<()> {
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok(());
        }
        let Some(i) = find_line_end(available) else {
            let n = available.len();
            buf.extend_from_slice(available);
            reader.consume(n);
            continue;
        };
        let lone_cr = available[i] == b'\r';
        buf.extend_from_slice(&available[..=i]);
        reader.consume(i + 1);
        if lone_cr && next_is_lf(reader)? {
            buf.push(b'\n');
            reader.consume(1);
        }
        return Ok(());
    }
}

/// Whether the next byte of `reader` is `\n`: after a `\r`, whether the two
/// make one `\r\n` ending. The `\n` may not be buffered yet.
fn next_is_lf(reader: &mut impl BufRead) -> io::Result<bool> {
    loop {
        match reader.fill_buf() {
            Ok(available) => return Ok(available.first() == Some(&b'\n')),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        }
    }
}

/// The index of the first `\n` or `\r` in `bytes`.
fn find_line_end(bytes: &[u8]) -> Option<usize> {
    // Test a fixed-size block at a time without early exit, which the
    // compiler turns into vector code; then find the byte within the block.
    let is_end = |b: &u8| *b == b'\n' || *b == b'\r';
    let (blocks, tail) = bytes.as_chunks::<32>();
    for (n, block) in blocks.iter().enumerate() {
        if block.iter().fold(false, |found, b| found | is_end(b)) {
            return block.iter().position(is_end).map(|i| n * 32 + i);
        }
    }
    tail.iter().position(is_end).map(|i| blocks.len() * 32 + i)
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

    fn error(&mut self, name: &str, err: impl std::fmt::Display) {
        let _ = writeln!(self.stderr, "mojifix: {name}: {err}");
        self.flush();
    }

    fn flush(&mut self) {
        let _ = self.stderr.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], capacity: usize) -> Vec<Vec<u8>> {
        let mut reader = BufReader::with_capacity(capacity, input);
        let mut out = Vec::new();
        loop {
            let mut buf = Vec::new();
            read_line(&mut reader, &mut buf).unwrap();
            if buf.is_empty() {
                return out;
            }
            out.push(buf);
        }
    }

    #[test]
    fn read_line_keeps_every_ending() {
        let input = b"a\r\nb\rc\n\n\r\r\nd";
        for capacity in 1..8 {
            let got = lines(input, capacity);
            let want: Vec<&[u8]> = vec![b"a\r\n", b"b\r", b"c\n", b"\n", b"\r", b"\r\n", b"d"];
            assert_eq!(got, want, "capacity {capacity}");
        }
        assert!(lines(b"", 4).is_empty());
    }

    #[test]
    fn read_line_agrees_with_the_library() {
        let input = "a\r\nb\rc\n\n\r\r\né\r\r\n\nd";
        let mut reader = BufReader::new(input.as_bytes());
        let mut ours = Vec::new();
        loop {
            let mut buf = Vec::new();
            read_line(&mut reader, &mut buf).unwrap();
            if buf.is_empty() {
                break;
            }
            ours.push(String::from_utf8(buf).unwrap());
        }
        let library: Vec<_> = mojifix::lines::split(input)
            .map(|(c, e)| format!("{c}{e}"))
            .collect();
        assert_eq!(ours, library);
    }

    #[test]
    fn find_line_end_across_blocks() {
        for len in 0..100 {
            let mut bytes = vec![b'x'; len];
            assert_eq!(find_line_end(&bytes), None);
            bytes.push(b'\r');
            bytes.extend_from_slice(b"yy\n");
            assert_eq!(find_line_end(&bytes), Some(len));
        }
    }
}
