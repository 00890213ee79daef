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
//! While the input reads as UTF-8, the decoder gives out the complete
//! valid lines of a chunk as one run ([`mojifix::DecodedRun`]): the run's
//! longest clean prefix ([`Fixer::clean_prefix`], proven unchanged line by
//! line) is written in one piece, the line after it is repaired as a line
//! of its own, and so on. The output and messages are those of repairing
//! each line alone. Output to a terminal gets single lines.
//!
//! When an input was not all UTF-8, or bytes were replaced with U+FFFD,
//! one summary line (lines per charset, bytes replaced) goes to stderr
//! after it. Plain UTF-8 input gets no message.
//!
//! With several jobs (`--jobs`, one per core by default) decoded lines,
//! and runs in pieces of [`RUN_PIECE`] bytes, are gathered into batches
//! of a few mebibytes; the items of a batch are cut into contiguous ranges
//! that threads scan and repair while this thread decodes and gathers the
//! next batch, and the ranges' output and `--explain` messages are written
//! in input order before the next batch is handed out. Each line
//! is repaired exactly as on one thread, so the output does not depend on
//! the number of jobs. Output to a terminal keeps one job, so that each
//! line still appears as soon as it is typed.
//!
//! A failing input (cannot be opened or read, or in strict mode a byte
//! that does not decode) is reported with its path and the run goes on
//! with the next input; the exit status is then 1. A failing output stops
//! the run at once: with status 0 and no message when the reader went away
//! (broken pipe), else status 1.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use mojifix::{ByteDecoder, Charset, DecodeError, DecodedLine, DecodedText, Fixer};

use super::args::{Input, Options, Output};

/// Write buffer size.
const BUFFER: usize = 256 * 1024;

/// Read chunk size.
const CHUNK: usize = 1 << 20;

/// A batch is repaired once its text reaches this many bytes...
const BATCH_BYTES: usize = 2 << 20;

/// ...or it holds this many lines.
const BATCH_LINES: usize = 16 * 1024;

/// Ranges of a batch smaller than this are not worth a thread's time.
const MIN_RANGE: usize = 64 * 1024;

/// A run of whole lines goes into a batch in pieces of about this many
/// bytes, so that its lines can be shared among the threads.
const RUN_PIECE: usize = 64 * 1024;

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
    let fixer = Arc::new(Fixer::new(options.config.clone()));

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
    let jobs = if interactive {
        1
    } else {
        options.jobs.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            |n| n.get(),
        )
    };

    let mut failed = false;
    let mut chunk = vec![0u8; CHUNK];
    let mut batch = Batch::default();
    for input in &options.inputs {
        let name = input.name();
        let mut stream = Stream {
            fixer: &fixer,
            name: &name,
            explain: options.explain,
            interactive,
            jobs,
            batch: &mut batch,
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
    fixer: &'r Arc<Fixer>,
    name: &'r str,
    explain: bool,
    /// Whether to flush the output after each line.
    interactive: bool,
    /// How many threads repair lines; with 1, each line is repaired and
    /// written as soon as it is decoded.
    jobs: usize,
    /// Lines waiting to be repaired, with several jobs.
    batch: &'r mut Batch,
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
        // The lines before a failing read or byte are written before the
        // failure is reported; a failing output stops everything.
        let result = match result {
            Err(Failure::Write(err)) => {
                self.batch.clear();
                Err(Failure::Write(err))
            }
            other => self
                .repair_batch()
                .and_then(|()| {
                    self.batch
                        .finish(self.out, &mut self.diag.stderr)
                        .map_err(Failure::Write)
                })
                .and(other),
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
        // Someone typing sees each line on its own, as it is repaired.
        if self.interactive {
            let mut write = |line: DecodedLine<'_>| {
                self.write_piece(DecodedText::Line(line), line_number, within_line)
            };
            return match chunk {
                Some(chunk) => decoder.feed(chunk, &mut write),
                None => decoder.finish(&mut write),
            };
        }
        let mut write = |piece: DecodedText<'_>| self.write_piece(piece, line_number, within_line);
        match chunk {
            Some(chunk) => decoder.feed_runs(chunk, &mut write),
            None => decoder.finish_runs(&mut write),
        }
    }

    /// Repairs and writes a line or a run of lines (with one job), or adds
    /// it to the batch (with several). `line_number` is the number of the
    /// last line begun; `within_line`, whether that line goes on.
    fn write_piece(
        &mut self,
        piece: DecodedText<'_>,
        line_number: &mut u64,
        within_line: &mut bool,
    ) -> Result<(), Failure> {
        let explain = self.explain.then_some(self.name);
        match piece {
            DecodedText::Run(run) => {
                // A run never begins inside a line.
                let first = *line_number + 1;
                *line_number += run.lines;
                *within_line = false;
                if self.jobs > 1 {
                    self.batch.push_run(run.text, first, self.explain);
                    if self.batch.is_full() {
                        self.repair_batch()?;
                    }
                    return Ok(());
                }
                repair_run(
                    self.fixer,
                    run.text,
                    first,
                    explain,
                    &mut Direct(self.out),
                    &mut self.diag.stderr,
                )
                .map_err(Failure::Write)
            }
            DecodedText::Line(line) => {
                if !*within_line {
                    *line_number += 1;
                }
                *within_line = line.continues;
                if self.jobs > 1 {
                    self.batch.push(&line, *line_number);
                    if self.batch.is_full() {
                        self.repair_batch()?;
                    }
                    return Ok(());
                }
                let line = Line {
                    text: line.text,
                    ending: line.ending,
                    charset: line.charset,
                    number: *line_number,
                };
                line.repair(self.fixer, explain, self.out, &mut self.diag.stderr)
                    .map_err(Failure::Write)?;
                if self.interactive {
                    self.diag.flush();
                    self.out.flush().map_err(Failure::Write)?;
                }
                Ok(())
            }
        }
    }

    /// Writes the batch being repaired, if any, and starts the repair of
    /// the lines gathered since, emptying the batch.
    fn repair_batch(&mut self) -> Result<(), Failure> {
        let explain = self.explain.then(|| Arc::from(self.name));
        self.batch
            .submit(
                self.fixer,
                explain,
                self.jobs,
                self.out,
                &mut self.diag.stderr,
            )
            .map_err(Failure::Write)
    }
}

/// Repairs and writes a run of whole UTF-8 lines whose first line is
/// number `first`: each clean prefix is written in one piece, and each
/// line after one is repaired as a [`Line`]. The same output and messages
/// as for its lines one by one.
fn repair_run(
    fixer: &Fixer,
    text: &str,
    first: u64,
    explain: Option<&str>,
    out: &mut impl RunOut,
    diag: &mut impl Write,
) -> io::Result<()> {
    let mut rest = text;
    let mut number = first;
    loop {
        let clean = fixer.clean_prefix(rest);
        let at = text.len() - rest.len();
        let (clean, tail) = rest.split_at_checked(clean).unwrap_or((rest, ""));
        out.keep(clean, at)?;
        let Some((content, ending)) = mojifix::lines::split(tail).next() else {
            return Ok(());
        };
        if explain.is_some() {
            number += mojifix::lines::count(clean) as u64;
        }
        let line = Line {
            text: content,
            ending,
            charset: Charset::UTF_8,
            number,
        };
        line.repair(fixer, explain, out, diag)?;
        number += 1;
        rest = tail.get(content.len() + ending.len()..).unwrap_or_default();
    }
}

/// Where a run's repair goes: written text, and clean text kept as it is.
trait RunOut: Write {
    /// Outputs `clean`, found at byte `at` of the run, unchanged.
    fn keep(&mut self, clean: &str, at: usize) -> io::Result<()>;
}

/// The output itself, for one job: clean text is written like the rest.
struct Direct<'a, W: Write>(&'a mut W);

impl<W: Write> Write for Direct<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<W: Write> RunOut for Direct<'_, W> {
    fn keep(&mut self, clean: &str, _at: usize) -> io::Result<()> {
        self.0.write_all(clean.as_bytes())
    }
}

/// The output of a range of a batch: clean text is not copied but noted
/// as a span of the batch's text.
struct Spans<'a> {
    done: &'a mut Done,
    /// Where in `done.out` the text not yet in a span begins.
    mark: usize,
    /// Where the run being repaired begins in the batch's text.
    base: usize,
}

impl Spans<'_> {
    /// Ends the span of written text, if any.
    fn close(&mut self) {
        let end = self.done.out.len();
        if end > self.mark {
            self.done.spans.push(Span::Written(self.mark..end));
            self.mark = end;
        }
    }
}

impl Write for Spans<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.done.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl RunOut for Spans<'_> {
    fn keep(&mut self, clean: &str, at: usize) -> io::Result<()> {
        if clean.is_empty() {
            return Ok(());
        }
        self.close();
        let kept = self.base + at..self.base + at + clean.len();
        match self.done.spans.last_mut() {
            Some(Span::Kept(last)) if last.end == kept.start => last.end = kept.end,
            _ => self.done.spans.push(Span::Kept(kept)),
        }
        Ok(())
    }
}

/// One decoded line (or piece of a long line), ready to be repaired.
struct Line<'a> {
    /// The text, without its ending.
    text: &'a str,
    /// The ending as read: `"\n"`, `"\r\n"`, `"\r"` or `""`.
    ending: &'a str,
    /// The charset it was read as.
    charset: Charset,
    /// Its line number in the input, from 1 (the pieces of a long line
    /// share one).
    number: u64,
}

impl Line<'_> {
    /// Repairs the line and writes it, ending included, to `out`; with
    /// `explain` (the input's name), writes what was done to `diag`, whose
    /// failures are ignored. Every job count goes through here.
    fn repair(
        &self,
        fixer: &Fixer,
        explain: Option<&str>,
        out: &mut impl Write,
        diag: &mut impl Write,
    ) -> io::Result<()> {
        let number = self.number;
        if let Some(name) = explain
            && self.charset != Charset::UTF_8
            && !self.text.is_ascii()
        {
            let _ = writeln!(diag, "{name}:{number}: read as {}", self.charset);
        }
        let fixed = fixer.fix_and_explain(self.text);
        if let Some(name) = explain
            && matches!(fixed.text, Cow::Owned(_))
        {
            let _ = writeln!(diag, "{name}:{number}: {}", fixed.plan);
        }
        out.write_all(fixed.text.as_bytes())?;
        // Normalised line breaks write every ending as `\n`.
        let ending = if fixer.config().fix_line_breaks && !self.ending.is_empty() {
            "\n"
        } else {
            self.ending
        };
        out.write_all(ending.as_bytes())
    }
}

/// Decoded lines gathered to be repaired on several threads, while the
/// lines after them are decoded and gathered. At most one batch is being
/// repaired at a time; it is written, in input order, before the next one
/// starts. Its buffers are reused from batch to batch and from input to
/// input.
#[derive(Default)]
struct Batch {
    /// The texts of the lines, one after another.
    text: String,
    /// The lines, in input order.
    lines: Vec<Pending>,
    /// The batch being repaired, if any.
    running: Option<Running>,
    /// Buffers of batches written, for the next ones.
    spare_text: String,
    spare_lines: Vec<Pending>,
    spare_done: Vec<Done>,
}

/// A line in a [`Batch`]: the fields of a [`Line`], its text given by
/// where it ends in the batch's text; or a run of whole UTF-8 lines (its
/// number that of its first line, its ending empty).
struct Pending {
    end: usize,
    ending: &'static str,
    charset: Charset,
    number: u64,
    run: bool,
}

/// The repair of one range of a batch's lines: its output, as spans of
/// `out` and of the batch's text, and its messages.
#[derive(Default)]
struct Done {
    out: Vec<u8>,
    spans: Vec<Span>,
    diag: Vec<u8>,
}

/// A piece of a range's output.
enum Span {
    /// Bytes of the batch's text, clean.
    Kept(Range<usize>),
    /// Bytes of the range's `out`.
    Written(Range<usize>),
}

/// A batch handed to the threads: what they share.
struct Shared {
    text: String,
    lines: Vec<Pending>,
    /// The lines cut into ranges, which the threads take in turn.
    ranges: Vec<Range<usize>>,
    next: AtomicUsize,
    fixer: Arc<Fixer>,
    /// The input's name, with `--explain`.
    explain: Option<Arc<str>>,
    /// Output buffers to reuse.
    spare: Mutex<Vec<Done>>,
}

/// A batch being repaired: its threads, and the ranges repaired without
/// one when a thread could not be started.
struct Running {
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<Vec<(usize, Done)>>>,
    ready: Vec<(usize, Done)>,
}

impl Shared {
    /// Takes ranges in turn until none is left, and returns their repair.
    fn work(&self) -> Vec<(usize, Done)> {
        let mut mine = Vec::new();
        loop {
            let k = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(range) = self.ranges.get(k) else {
                return mine;
            };
            let mut done = self
                .spare
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop()
                .unwrap_or_default();
            done.out.clear();
            done.spans.clear();
            done.diag.clear();
            self.repair_range(range.clone(), &mut done);
            mine.push((k, done));
        }
    }

    /// Repairs a range of lines into `done`.
    fn repair_range(&self, range: Range<usize>, done: &mut Done) {
        let (fixer, explain) = (&*self.fixer, self.explain.as_deref());
        let mut diag = std::mem::take(&mut done.diag);
        let mut out = Spans {
            done,
            mark: 0,
            base: 0,
        };
        let mut start = range
            .start
            .checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .map_or(0, |line| line.end);
        for line in self.lines.get(range).unwrap_or_default() {
            let line_text = self.text.get(start..line.end).unwrap_or_default();
            out.base = start;
            start = line.end;
            // Writing to a `Vec` cannot fail.
            if line.run {
                let _ = repair_run(fixer, line_text, line.number, explain, &mut out, &mut diag);
                continue;
            }
            let line = Line {
                text: line_text,
                ending: line.ending,
                charset: line.charset,
                number: line.number,
            };
            let _ = line.repair(fixer, explain, &mut out, &mut diag);
        }
        out.close();
        out.done.diag = diag;
    }
}

impl Batch {
    /// Adds a decoded line with its number.
    fn push(&mut self, line: &DecodedLine<'_>, number: u64) {
        self.text.push_str(line.text);
        self.lines.push(Pending {
            end: self.text.len(),
            ending: line.ending,
            charset: line.charset,
            number,
            run: false,
        });
    }

    /// Adds a run of whole lines whose first line is number `number`, in
    /// pieces of about [`RUN_PIECE`] bytes cut after line endings (their
    /// lines counted for the pieces' numbers when `numbered`).
    fn push_run(&mut self, text: &str, mut number: u64, numbered: bool) {
        let mut rest = text;
        while !rest.is_empty() {
            let bytes = rest.as_bytes();
            let cut = bytes
                .get(RUN_PIECE..)
                .and_then(|tail| memchr::memchr2(b'\n', b'\r', tail))
                .map_or(rest.len(), |i| {
                    let end = RUN_PIECE + i;
                    if bytes.get(end..end + 2) == Some(b"\r\n") {
                        end + 2
                    } else {
                        end + 1
                    }
                });
            let (piece, tail) = rest.split_at_checked(cut).unwrap_or((rest, ""));
            self.text.push_str(piece);
            self.lines.push(Pending {
                end: self.text.len(),
                ending: "",
                charset: Charset::UTF_8,
                number,
                run: true,
            });
            if numbered {
                number += mojifix::lines::count(piece) as u64;
            }
            rest = tail;
        }
    }

    /// True when the batch should be repaired before it takes more lines.
    fn is_full(&self) -> bool {
        self.text.len() >= BATCH_BYTES || self.lines.len() >= BATCH_LINES
    }

    /// Forgets the gathered lines and the batch being repaired, keeping
    /// the buffers.
    fn clear(&mut self) {
        self.text.clear();
        self.lines.clear();
        if let Some(running) = self.running.take() {
            let (shared, done) = self.collect(running);
            self.recycle(shared, done);
        }
    }

    /// Writes the batch being repaired, if any (stopping at the first
    /// failure to write to `out`), then hands the gathered lines to up to
    /// `jobs` threads and empties the batch.
    fn submit(
        &mut self,
        fixer: &Arc<Fixer>,
        explain: Option<Arc<str>>,
        jobs: usize,
        out: &mut impl Write,
        diag: &mut impl Write,
    ) -> io::Result<()> {
        self.finish(out, diag)?;
        if self.lines.is_empty() {
            return Ok(());
        }
        let ranges = self.ranges(jobs);
        let threads = jobs.clamp(1, ranges.len().max(1));
        let shared = Arc::new(Shared {
            text: std::mem::replace(&mut self.text, std::mem::take(&mut self.spare_text)),
            lines: std::mem::replace(&mut self.lines, std::mem::take(&mut self.spare_lines)),
            ranges,
            next: AtomicUsize::new(0),
            fixer: Arc::clone(fixer),
            explain,
            spare: Mutex::new(std::mem::take(&mut self.spare_done)),
        });
        self.text.clear();
        self.lines.clear();
        let mut running = Running {
            shared: Arc::clone(&shared),
            threads: Vec::new(),
            ready: Vec::new(),
        };
        for _ in 0..threads {
            let mine = Arc::clone(&shared);
            match std::thread::Builder::new().spawn(move || mine.work()) {
                Ok(thread) => running.threads.push(thread),
                // No thread to be had: the ranges left are repaired here.
                Err(_) => break,
            }
        }
        if running.threads.is_empty() {
            running.ready = shared.work();
        }
        self.running = Some(running);
        Ok(())
    }

    /// Waits for the batch being repaired, if any, and writes its output
    /// to `out` and its messages to `diag` in input order. Stops at the
    /// first failure to write to `out`.
    fn finish(&mut self, out: &mut impl Write, diag: &mut impl Write) -> io::Result<()> {
        let Some(running) = self.running.take() else {
            return Ok(());
        };
        let (shared, done) = self.collect(running);
        let text = shared.text.as_bytes();
        let mut result = Ok(());
        'ranges: for (_, done) in &done {
            let _ = diag.write_all(&done.diag);
            for span in &done.spans {
                let bytes = match span {
                    Span::Kept(range) => text.get(range.clone()),
                    Span::Written(range) => done.out.get(range.clone()),
                };
                result = out.write_all(bytes.unwrap_or_default());
                if result.is_err() {
                    break 'ranges;
                }
            }
        }
        self.recycle(shared, done);
        result
    }

    /// Waits for a batch's threads and returns the batch and its ranges'
    /// repair in input order.
    fn collect(&mut self, running: Running) -> (Arc<Shared>, Vec<(usize, Done)>) {
        let Running {
            shared,
            threads,
            mut ready,
        } = running;
        for thread in threads {
            match thread.join() {
                Ok(mine) => ready.extend(mine),
                // A thread cannot panic (the library does not), but if one
                // did, re-raise it here rather than lose its lines.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        // Whatever a thread did not take (none could start) is done here.
        ready.extend(shared.work());
        ready.sort_unstable_by_key(|&(k, _)| k);
        (shared, ready)
    }

    /// Takes a written batch's buffers back for the next batch.
    fn recycle(&mut self, shared: Arc<Shared>, done: Vec<(usize, Done)>) {
        self.spare_done
            .extend(done.into_iter().map(|(_, done)| done));
        if let Ok(shared) = Arc::try_unwrap(shared) {
            let (mut text, mut lines) = (shared.text, shared.lines);
            text.clear();
            lines.clear();
            self.spare_text = text;
            self.spare_lines = lines;
            self.spare_done.extend(
                shared
                    .spare
                    .into_inner()
                    .unwrap_or_else(PoisonError::into_inner),
            );
        }
    }

    /// The gathered lines cut into contiguous ranges of about an equal
    /// number of bytes, several per job (so that a job that drew the
    /// mojibake does not hold up the rest), none smaller than
    /// [`MIN_RANGE`] but the last.
    fn ranges(&self, jobs: usize) -> Vec<Range<usize>> {
        let target = (self.text.len() / (jobs.max(1) * 4)).max(MIN_RANGE);
        let mut ranges = Vec::new();
        let (mut first, mut start) = (0, 0);
        for (i, line) in self.lines.iter().enumerate() {
            // A blank line still costs a little.
            if line.end - start + (i - first) >= target {
                ranges.push(first..i + 1);
                first = i + 1;
                start = line.end;
            }
        }
        if first < self.lines.len() {
            ranges.push(first..self.lines.len());
        }
        ranges
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
