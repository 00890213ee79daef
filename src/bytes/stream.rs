//! [`ByteDecoder`]: raw bytes in, decoded lines out, in bounded memory.

use std::collections::BTreeMap;
use std::fmt;

use super::charset::{Charset, Decoded, decode_stream};
use super::guess;
use super::{ByteOptions, DecodeError};

/// How many bytes the charset is guessed from before any line is given
/// out: the first mebibyte of the input (or all of it, if shorter).
pub const SAMPLE_BYTES: usize = 1 << 20;

/// The longest line given out in one piece. A longer line comes out in
/// pieces of at most this many bytes, cut after ASCII whitespace where
/// there is some (see [`DecodedLine::continues`]).
pub const MAX_LINE_BYTES: usize = 8 << 20;

/// How the lines of an input are read, once decided.
#[derive(Clone, Copy, Debug)]
enum Mode {
    /// One charset for every line, no guessing (a BOM, `--encoding`, or
    /// strict mode).
    Fixed(Charset),
    /// UTF-8, except for lines that are not: those are read on their own,
    /// the charset of the file's other such lines favoured.
    Utf8 { prior: Option<Charset> },
    /// A legacy charset for the whole input; a line that it cannot read,
    /// or that reads better as UTF-8, is read on its own.
    Legacy(Charset),
}

/// One decoded line, as [`ByteDecoder`] gives it out.
///
/// ```
/// let mut decoder = mojifix::ByteDecoder::new(mojifix::ByteOptions::default());
/// let mut lines = Vec::new();
/// decoder.feed(b"caf\xe9 cr\xe8me br\xfbl\xe9e\n", |line| {
///     lines.push((line.text.to_owned(), line.charset.name()));
///     Ok::<(), mojifix::DecodeError>(())
/// }).unwrap();
/// decoder.finish(|line| {
///     lines.push((line.text.to_owned(), line.charset.name()));
///     Ok::<(), mojifix::DecodeError>(())
/// }).unwrap();
/// assert_eq!(lines, [("café crème brûlée".to_owned(), "windows-1252")]);
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodedLine<'a> {
    /// The line's text, without its ending, decoded but not repaired.
    pub text: &'a str,
    /// The line's ending: `"\n"`, `"\r\n"`, `"\r"`, or `""` at the end of
    /// the input or when the line goes on in the next piece.
    pub ending: &'static str,
    /// The charset the line was read as.
    pub charset: Charset,
    /// How many of its bytes became U+FFFD.
    pub replaced: usize,
    /// The input byte offset where the line starts.
    pub offset: u64,
    /// True when this is a piece of a line longer than
    /// [`MAX_LINE_BYTES`] and the line goes on in the next piece.
    pub continues: bool,
}

/// Whole lines of valid UTF-8 that [`ByteDecoder::feed_runs`] gives out
/// in one piece: each line was read as UTF-8, nothing was replaced, and
/// each line, the last included, has its ending.
///
/// ```
/// use mojifix::{ByteDecoder, ByteOptions, DecodeError, DecodedText};
/// let mut decoder = ByteDecoder::new(ByteOptions::default());
/// let mut runs = Vec::new();
/// let mut collect = |piece: DecodedText<'_>| {
///     if let DecodedText::Run(run) = piece {
///         runs.push((run.text.to_owned(), run.lines));
///     }
///     Ok::<(), DecodeError>(())
/// };
/// decoder.feed_runs("one\r\ntwo é\nthree".as_bytes(), &mut collect).unwrap();
/// decoder.finish_runs(&mut collect).unwrap();
/// assert_eq!(runs, [("one\r\ntwo é\n".to_owned(), 2)]);
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodedRun<'a> {
    /// The lines, endings included.
    pub text: &'a str,
    /// How many lines (line endings) `text` holds.
    pub lines: u64,
    /// The input byte offset where the run starts.
    pub offset: u64,
}

/// What [`ByteDecoder::feed_runs`] gives out: a run of whole UTF-8 lines,
/// or one line (or piece of a long line) on its own.
///
/// ```
/// use mojifix::{ByteDecoder, ByteOptions, DecodeError, DecodedText};
/// let mut decoder = ByteDecoder::new(ByteOptions::default());
/// let mut text = String::new();
/// let mut collect = |piece: DecodedText<'_>| {
///     match piece {
///         DecodedText::Run(run) => text.push_str(run.text),
///         DecodedText::Line(line) => {
///             text.push_str(line.text);
///             text.push_str(line.ending);
///         }
///     }
///     Ok::<(), DecodeError>(())
/// };
/// decoder.feed_runs("é\n".repeat(5).as_bytes(), &mut collect).unwrap();
/// decoder.feed_runs(b"caf\xe9\nplain\nend", &mut collect).unwrap();
/// decoder.finish_runs(&mut collect).unwrap();
/// assert_eq!(text, format!("{}café\nplain\nend", "é\n".repeat(5)));
/// assert_eq!(decoder.summary().to_string(), "8 lines: 7 UTF-8, 1 windows-1252");
/// ```
#[derive(Debug)]
pub enum DecodedText<'a> {
    /// Whole lines of valid UTF-8.
    Run(DecodedRun<'a>),
    /// One line, or a piece of a long line.
    Line(DecodedLine<'a>),
}

/// What a [`ByteDecoder`] did: lines per charset, bytes replaced.
///
/// ```
/// let fixed = mojifix::fix_bytes(b"\xff\xfeo\0k\0");
/// assert_eq!(fixed.summary.lines, 1);
/// assert_eq!(fixed.summary.to_string(), "1 line: 1 UTF-16LE");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Lines given out (a line given out in pieces counts once).
    pub lines: u64,
    /// Lines per charset they were read as.
    pub charsets: BTreeMap<&'static str, u64>,
    /// Bytes that became U+FFFD.
    pub replaced: u64,
}

impl Summary {
    /// True when every line was UTF-8 (or there were none) and nothing was
    /// replaced: nothing worth reporting.
    ///
    /// ```
    /// assert!(mojifix::fix_bytes(b"plain\n").summary.is_plain_utf8());
    /// assert!(!mojifix::fix_bytes(b"caf\xe9\n").summary.is_plain_utf8());
    /// ```
    pub fn is_plain_utf8(&self) -> bool {
        self.replaced == 0 && self.charsets.keys().all(|name| *name == "UTF-8")
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.lines == 1 { "" } else { "s" };
        write!(f, "{} line{plural}", self.lines)?;
        let mut sep = ": ";
        for (name, count) in &self.charsets {
            write!(f, "{sep}{count} {name}")?;
            sep = ", ";
        }
        if self.replaced > 0 {
            let plural = if self.replaced == 1 { "" } else { "s" };
            write!(f, "; {} byte{plural} replaced with U+FFFD", self.replaced)?;
        }
        Ok(())
    }
}

/// Decodes raw bytes fed in chunks into lines of text.
///
/// The charset is decided once, from the first [`SAMPLE_BYTES`] of input
/// (a byte-order mark, UTF-16 by the parity of its NUL bytes, UTF-8 by
/// validity, else `chardetng` weighed against the plausibility scorer);
/// then each complete line is decoded and given out, lines that the
/// decided charset cannot read being read on their own. Memory holds the
/// sample, one chunk and one line (at most [`MAX_LINE_BYTES`]), whatever
/// the input's size.
///
/// ```
/// use mojifix::{ByteDecoder, ByteOptions, DecodeError};
/// let mut decoder = ByteDecoder::new(ByteOptions::default());
/// let mut text = String::new();
/// let mut collect = |line: mojifix::DecodedLine<'_>| {
///     text.push_str(line.text);
///     text.push_str(line.ending);
///     Ok::<(), DecodeError>(())
/// };
/// decoder.feed("mostly UTF-8: é\n".as_bytes(), &mut collect).unwrap();
/// decoder.feed(b"one line in cp1252: \x93quoted\x94\n", &mut collect).unwrap();
/// decoder.finish(&mut collect).unwrap();
/// assert_eq!(text, "mostly UTF-8: é\none line in cp1252: “quoted”\n");
/// assert_eq!(decoder.summary().to_string(), "2 lines: 1 UTF-8, 1 windows-1252");
/// ```
#[derive(Debug)]
pub struct ByteDecoder {
    options: ByteOptions,
    sample_bytes: usize,
    mode: Option<Mode>,
    /// Bytes not yet given out, starting at input offset `offset`.
    pending: Vec<u8>,
    offset: u64,
    /// Whether the start of the input was checked for a byte-order mark.
    bom_checked: bool,
    /// For UTF-16: the decoder, its text not yet given out, and replaced
    /// bytes not yet attributed to a line.
    utf16: Option<Utf16>,
    /// The current line's text.
    text: String,
    /// The letters of the sample's UTF-8 lines (see [`guess::letter_counts`]).
    context: Vec<(u32, u32)>,
    summary: Summary,
    finished: bool,
    /// Whether the last piece given out was a long line's piece that goes
    /// on: the rest of that line is given out on its own, not in a run.
    continuing: bool,
}

#[derive(Debug)]
struct Utf16 {
    decoder: encoding_rs::Decoder,
    charset: Charset,
    text: String,
    replaced: usize,
    /// Input bytes given to the decoder so far.
    consumed: u64,
}

impl ByteDecoder {
    /// A decoder with these options.
    ///
    /// ```
    /// let decoder = mojifix::ByteDecoder::new(mojifix::ByteOptions::default());
    /// assert_eq!(decoder.summary().lines, 0);
    /// ```
    pub fn new(options: ByteOptions) -> ByteDecoder {
        ByteDecoder::with_sample(options, SAMPLE_BYTES)
    }

    /// A decoder that guesses from the first `sample_bytes` of input
    /// (at least one byte).
    ///
    /// ```
    /// let decoder = mojifix::ByteDecoder::with_sample(mojifix::ByteOptions::default(), 4096);
    /// assert_eq!(decoder.summary().lines, 0);
    /// ```
    pub fn with_sample(options: ByteOptions, sample_bytes: usize) -> ByteDecoder {
        ByteDecoder {
            options,
            sample_bytes: sample_bytes.max(1),
            mode: None,
            pending: Vec::new(),
            offset: 0,
            bom_checked: false,
            utf16: None,
            text: String::new(),
            context: Vec::new(),
            summary: Summary::default(),
            finished: false,
            continuing: false,
        }
    }

    /// What was decoded so far.
    ///
    /// ```
    /// let fixed = mojifix::fix_bytes(b"a\nb\n");
    /// assert_eq!(fixed.summary.lines, 2);
    /// ```
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Feeds the next chunk of input; `emit` gets every line completed by
    /// it. An error from `emit` stops the decoder and is returned; so is a
    /// [`DecodeError`] in strict mode, after the lines before it.
    ///
    /// ```
    /// use mojifix::{ByteDecoder, ByteOptions, DecodeError};
    /// let mut options = ByteOptions::default();
    /// options.strict = true;
    /// let mut decoder = ByteDecoder::new(options);
    /// let err = decoder
    ///     .feed(b"fine\nnot \xff fine\n", |_| Ok::<(), DecodeError>(()))
    ///     .and_then(|()| decoder.finish(|_| Ok::<(), DecodeError>(())))
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "invalid UTF-8 at byte offset 9");
    /// ```
    pub fn feed<E: From<DecodeError>>(
        &mut self,
        chunk: &[u8],
        mut emit: impl FnMut(DecodedLine<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.feed_runs(chunk, each_line(&mut emit))
    }

    /// Ends the input: gives out the last line (with no ending) if any.
    ///
    /// ```
    /// use mojifix::{ByteDecoder, ByteOptions, DecodeError};
    /// let mut decoder = ByteDecoder::new(ByteOptions::default());
    /// let mut last = String::new();
    /// decoder.feed(b"no final newline", |_| Ok::<(), DecodeError>(())).unwrap();
    /// decoder.finish(|line| { last = line.text.to_owned(); Ok::<(), DecodeError>(()) }).unwrap();
    /// assert_eq!(last, "no final newline");
    /// ```
    pub fn finish<E: From<DecodeError>>(
        &mut self,
        mut emit: impl FnMut(DecodedLine<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.finish_runs(each_line(&mut emit))
    }

    /// [`ByteDecoder::feed`], giving out whole lines of valid UTF-8 in runs
    /// (one [`DecodedRun`] for as many lines as the chunk completes) while
    /// the input is read as UTF-8; other lines come out one by one, as
    /// from `feed`. The same lines, in the same order, with the same
    /// summary: only their grouping differs.
    ///
    /// ```
    /// use mojifix::{ByteDecoder, ByteOptions, DecodeError, DecodedText};
    /// let mut decoder = ByteDecoder::new(ByteOptions::default());
    /// let mut pieces = 0;
    /// decoder
    ///     .feed_runs(b"a\nb\nc\n", |_| { pieces += 1; Ok::<(), DecodeError>(()) })
    ///     .unwrap();
    /// decoder.finish_runs(|_| { pieces += 1; Ok::<(), DecodeError>(()) }).unwrap();
    /// assert_eq!(pieces, 1);
    /// assert_eq!(decoder.summary().lines, 3);
    /// ```
    pub fn feed_runs<E: From<DecodeError>>(
        &mut self,
        chunk: &[u8],
        mut emit: impl FnMut(DecodedText<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.finished {
            return Ok(());
        }
        if self.mode.is_some() && self.utf16.is_none() {
            return self.feed_decided(chunk, &mut emit);
        }
        self.pending.extend_from_slice(chunk);
        self.process(false, &mut emit)
    }

    /// [`ByteDecoder::finish`] for [`ByteDecoder::feed_runs`].
    ///
    /// ```
    /// use mojifix::{ByteDecoder, ByteOptions, DecodeError, DecodedText};
    /// let mut decoder = ByteDecoder::new(ByteOptions::default());
    /// let mut last = String::new();
    /// decoder.feed_runs(b"no final newline", |_| Ok::<(), DecodeError>(())).unwrap();
    /// decoder
    ///     .finish_runs(|piece| {
    ///         if let DecodedText::Line(line) = piece {
    ///             last = line.text.to_owned();
    ///         }
    ///         Ok::<(), DecodeError>(())
    ///     })
    ///     .unwrap();
    /// assert_eq!(last, "no final newline");
    /// ```
    pub fn finish_runs<E: From<DecodeError>>(
        &mut self,
        mut emit: impl FnMut(DecodedText<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.finished {
            return Ok(());
        }
        let result = self.process(true, &mut emit);
        self.finished = true;
        result
    }

    fn process<E: From<DecodeError>>(
        &mut self,
        last: bool,
        emit: &mut impl FnMut(DecodedText<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.mode.is_none() {
            if !last && self.pending.len() < self.sample_bytes && self.pending.len() < 4 {
                return Ok(());
            }
            if !self.bom_checked {
                self.bom_checked = true;
                if let Some((charset, len)) = guess::bom(&self.pending) {
                    // A UTF-8 mark stays in the text (U+FEFF), byte for byte
                    // as it came; a UTF-16 mark has no place in UTF-8 output.
                    if charset != Charset::UTF_8 {
                        self.pending.drain(..len.min(self.pending.len()));
                        self.offset += len as u64;
                    }
                    self.set_mode(Mode::Fixed(charset));
                }
            }
            if self.mode.is_none() {
                if !last && self.pending.len() < self.sample_bytes {
                    return Ok(());
                }
                let (mode, context) = self.decide(last);
                self.context = context;
                self.set_mode(mode);
            }
        }
        let result = if self.utf16.is_some() {
            self.process_utf16(last, emit)
        } else {
            self.process_lines(last, emit)
        };
        if result.is_err() {
            self.finished = true;
            self.pending = Vec::new();
        }
        result
    }

    fn set_mode(&mut self, mode: Mode) {
        if let Mode::Fixed(charset) = mode
            && !charset.is_ascii_compatible()
            && let Some(encoding) = charset.encoding()
        {
            self.utf16 = Some(Utf16 {
                decoder: encoding.new_decoder_without_bom_handling(),
                charset,
                text: String::new(),
                replaced: 0,
                consumed: self.offset,
            });
        }
        self.mode = Some(mode);
    }

    /// Decides how to read the input from the pending sample.
    fn decide(&self, last: bool) -> (Mode, Vec<(u32, u32)>) {
        if let Some(charset) = self.options.encoding {
            return (Mode::Fixed(charset), Vec::new());
        }
        if self.options.strict {
            return (Mode::Fixed(Charset::UTF_8), Vec::new());
        }
        let sample = self.pending.as_slice();
        if let Some(charset) = guess::utf16_by_nul_parity(sample) {
            return (Mode::Fixed(charset), Vec::new());
        }
        let mut lines: Vec<&[u8]> = split_lines(sample).collect();
        if !last && lines.len() > 1 {
            // The last piece may be cut short by the sample's end.
            lines.pop();
        }
        let count = lines.len();
        // Whether the last line may be cut off by the end of the input
        // (a line with an ending is whole).
        let cut_off = last && !matches!(sample.last(), Some(b'\n' | b'\r'));
        let mut valid: Vec<&str> = Vec::new();
        let mut invalid: Vec<&[u8]> = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            if line.is_ascii() {
                continue;
            }
            match std::str::from_utf8(line) {
                Ok(text) => valid.push(text),
                // A sequence cut off by the end of the input, in input
                // that has UTF-8 before it: other lines, or characters of
                // this one that read better as UTF-8 than in any legacy
                // charset (else a last byte such as `caf\xe9`'s is a
                // legacy letter like any other).
                Err(e)
                    if cut_off
                        && i + 1 == count
                        && e.error_len().is_none()
                        && (!valid.is_empty()
                            || (!line.get(..e.valid_up_to()).unwrap_or_default().is_ascii()
                                && guess::choose_line(line, None, true, &[])
                                    == Charset::UTF_8)) =>
                {
                    valid.push(
                        std::str::from_utf8(line.get(..e.valid_up_to()).unwrap_or_default())
                            .unwrap_or_default(),
                    );
                }
                Err(_) => invalid.push(line),
            }
        }
        let context = guess::letter_counts(valid.iter().copied());
        if invalid.is_empty() {
            return (Mode::Utf8 { prior: None }, context);
        }
        if valid.len() > invalid.len() {
            let prior = guess::choose(&invalid, &context);
            (Mode::Utf8 { prior: Some(prior) }, context)
        } else if valid.len() == invalid.len() {
            // As many lines of each: the UTF-8 ones still say what
            // language the file is in (`café` before `na\xefve`).
            (Mode::Legacy(guess::choose(&invalid, &context)), context)
        } else {
            // Most lines are not UTF-8: the few that are may be legacy
            // bytes that happen to be valid, and say nothing of the
            // file's language.
            (Mode::Legacy(guess::choose(&invalid, &[])), Vec::new())
        }
    }

    fn process_lines<E: From<DecodeError>>(
        &mut self,
        last: bool,
        emit: &mut impl FnMut(DecodedText<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let pending = std::mem::take(&mut self.pending);
        let (start, result) = self.lines_in(&pending, last, emit);
        self.pending = pending;
        self.pending.drain(..start.min(self.pending.len()));
        result
    }

    /// Feeds a chunk once the mode is decided (not UTF-16), without
    /// copying it whole into `pending`: the line begun in the last chunk
    /// is completed there, the chunk's complete lines are given out from
    /// the chunk itself, and only its unfinished last line is kept.
    fn feed_decided<E: From<DecodeError>>(
        &mut self,
        chunk: &[u8],
        emit: &mut impl FnMut(DecodedText<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut rest = chunk;
        if !self.pending.is_empty() {
            // Up to the first line ending, and the byte after a `\r`.
            let take = match memchr::memchr2(b'\n', b'\r', chunk) {
                Some(i) if chunk.get(i) == Some(&b'\r') => i + 2,
                Some(i) => i + 1,
                None => chunk.len(),
            };
            let (head, tail) = chunk.split_at_checked(take).unwrap_or((chunk, &[]));
            self.pending.extend_from_slice(head);
            self.process(false, emit)?;
            if !self.pending.is_empty() {
                // That line is not over yet: the old way, for the rest.
                if tail.is_empty() {
                    return Ok(());
                }
                self.pending.extend_from_slice(tail);
                return self.process(false, emit);
            }
            rest = tail;
        }
        let (used, result) = self.lines_in(rest, false, emit);
        if result.is_err() {
            self.finished = true;
            self.pending = Vec::new();
            return result;
        }
        self.pending
            .extend_from_slice(rest.get(used..).unwrap_or_default());
        Ok(())
    }

    /// Gives out the complete lines of `buf` (and, at the `last` chunk,
    /// the rest), and returns how many bytes were used.
    fn lines_in<E: From<DecodeError>>(
        &mut self,
        pending: &[u8],
        last: bool,
        emit: &mut impl FnMut(DecodedText<'_>) -> Result<(), E>,
    ) -> (usize, Result<(), E>) {
        let mut start = 0usize;
        // Where the complete lines end: after the last line ending (a `\r`
        // at the very end may yet be followed by `\n`).
        let runs = matches!(self.mode, Some(Mode::Utf8 { .. }));
        let complete = if runs {
            complete_lines_end(pending, last)
        } else {
            0
        };
        let result = loop {
            let rest = pending.get(start..).unwrap_or_default();
            if rest.is_empty() {
                break Ok(());
            }
            if start < complete && !self.continuing {
                let region = pending.get(start..complete).unwrap_or_default();
                match self.emit_run(region, emit) {
                    Ok(0) => {}
                    Ok(len) => {
                        start += len;
                        self.offset += len as u64;
                        continue;
                    }
                    Err(err) => break Err(err),
                }
            }
            let (content_len, ending, continues): (usize, &'static str, bool) =
                match find_line_end(rest) {
                    Some(i) => match (rest.get(i), rest.get(i + 1)) {
                        (Some(b'\r'), Some(b'\n')) => (i, "\r\n", false),
                        (Some(b'\r'), None) if !last => break Ok(()),
                        (Some(b'\r'), _) => (i, "\r", false),
                        _ => (i, "\n", false),
                    },
                    None if last => (rest.len(), "", false),
                    None if rest.len() > MAX_LINE_BYTES => (safe_cut(rest), "", true),
                    None => break Ok(()),
                };
            let content = rest.get(..content_len).unwrap_or_default();
            // Only a line without an ending can be cut off by the end of
            // the input.
            let final_line = last && ending.is_empty() && content_len == rest.len();
            if let Err(err) = self.emit_line(content, ending, continues, final_line, emit) {
                break Err(err);
            }
            start += content_len + ending.len();
            self.offset += (content_len + ending.len()) as u64;
        };
        (start, result)
    }

    /// Gives out the longest run of whole lines of valid UTF-8 at the
    /// start of `region` (whole lines), if any, and returns its length.
    fn emit_run<E: From<DecodeError>>(
        &mut self,
        region: &[u8],
        emit: &mut impl FnMut(DecodedText<'_>) -> Result<(), E>,
    ) -> Result<usize, E> {
        let (text, len) = match crate::lines::from_utf8(region) {
            Ok(text) => (text, region.len()),
            Err(e) => {
                // Up to the end of the last line before the first bad byte.
                let valid = region.get(..e.valid_up_to()).unwrap_or_default();
                let len = memchr::memrchr2(b'\n', b'\r', valid).map_or(0, |i| i + 1);
                let text = std::str::from_utf8(region.get(..len).unwrap_or_default());
                (text.unwrap_or_default(), len)
            }
        };
        if len == 0 {
            return Ok(0);
        }
        let lines = crate::lines::count_endings(text.as_bytes()) as u64;
        self.summary.lines += lines;
        *self
            .summary
            .charsets
            .entry(Charset::UTF_8.name())
            .or_insert(0) += lines;
        emit(DecodedText::Run(DecodedRun {
            text,
            lines,
            offset: self.offset,
        }))?;
        Ok(len)
    }

    fn emit_line<E: From<DecodeError>>(
        &mut self,
        content: &[u8],
        ending: &'static str,
        continues: bool,
        final_line: bool,
        emit: &mut impl FnMut(DecodedText<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.text.clear();
        let (charset, decoded) = self.decode_line(content, final_line);
        if self.options.strict
            && let Some(bad) = decoded.first_bad
        {
            return Err(E::from(DecodeError {
                offset: self.offset + bad as u64,
                charset,
            }));
        }
        self.count(charset, decoded.replaced, continues);
        self.continuing = continues;
        emit(DecodedText::Line(DecodedLine {
            text: &self.text,
            ending,
            charset,
            replaced: decoded.replaced,
            offset: self.offset,
            continues,
        }))
    }

    /// Counts a decoded piece: its replaced bytes, and the line once, at
    /// its last piece.
    fn count(&mut self, charset: Charset, replaced: usize, continues: bool) {
        if !continues {
            self.summary.lines += 1;
            *self.summary.charsets.entry(charset.name()).or_insert(0) += 1;
        }
        self.summary.replaced += replaced as u64;
    }

    /// Decodes one line's content into `self.text`.
    fn decode_line(&mut self, content: &[u8], final_line: bool) -> (Charset, Decoded) {
        let mode = self.mode.unwrap_or(Mode::Utf8 { prior: None });
        let utf8 = std::str::from_utf8(content);
        match (mode, utf8) {
            (Mode::Fixed(charset), _) => {
                let decoded = charset.decode_into(content, &mut self.text);
                (charset, decoded)
            }
            (Mode::Utf8 { .. }, Ok(text)) => {
                self.text.push_str(text);
                (Charset::UTF_8, Decoded::default())
            }
            (Mode::Legacy(charset), Ok(text)) if content.is_ascii() => {
                self.text.push_str(text);
                (charset, Decoded::default())
            }
            (Mode::Utf8 { prior }, Err(e)) => {
                let charset = if final_line && e.error_len().is_none() {
                    // Only a sequence cut off by the end of the input.
                    Charset::UTF_8
                } else {
                    guess::choose_line(content, prior, true, &self.context)
                };
                if prior.is_none() && charset != Charset::UTF_8 {
                    self.mode = Some(Mode::Utf8 {
                        prior: Some(charset),
                    });
                }
                let decoded = charset.decode_into(content, &mut self.text);
                (charset, decoded)
            }
            (Mode::Legacy(prior), utf8) => {
                let decoded = prior.decode_into(content, &mut self.text);
                let readable = decoded.replaced == 0 || (final_line && decoded.only_truncated);
                let charset = match utf8 {
                    // Valid UTF-8 in a legacy file: whichever reads better.
                    Ok(_) if readable => {
                        let mut scratch = String::new();
                        let (prior_cost, _) =
                            guess::cost(prior, content, &self.context, &mut scratch);
                        let (utf8_cost, _) =
                            guess::cost(Charset::UTF_8, content, &self.context, &mut scratch);
                        if utf8_cost < prior_cost {
                            Charset::UTF_8
                        } else {
                            prior
                        }
                    }
                    _ if readable => prior,
                    _ => guess::choose_line(content, Some(prior), true, &self.context),
                };
                if charset == prior {
                    return (charset, decoded);
                }
                self.text.clear();
                let decoded = charset.decode_into(content, &mut self.text);
                (charset, decoded)
            }
        }
    }

    fn process_utf16<E: From<DecodeError>>(
        &mut self,
        last: bool,
        emit: &mut impl FnMut(DecodedText<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let Some(mut state) = self.utf16.take() else {
            return Ok(());
        };
        let pending = std::mem::take(&mut self.pending);
        let base = usize::try_from(state.consumed).unwrap_or(usize::MAX);
        let decoded = decode_stream(&mut state.decoder, &pending, last, &mut state.text, base);
        state.consumed += pending.len() as u64;
        state.replaced += decoded.replaced;
        if self.options.strict
            && let Some(bad) = decoded.first_bad
        {
            return Err(E::from(DecodeError {
                offset: bad as u64,
                charset: state.charset,
            }));
        }
        let text = std::mem::take(&mut state.text);
        let mut start = 0usize;
        let result = loop {
            let rest = text.get(start..).unwrap_or_default();
            if rest.is_empty() {
                break Ok(());
            }
            let (content_len, ending, continues) = match rest.find(['\n', '\r']) {
                Some(i) => {
                    let tail = rest.get(i..).unwrap_or_default();
                    if tail.starts_with("\r\n") {
                        (i, "\r\n", false)
                    } else if tail == "\r" && !last {
                        break Ok(());
                    } else if tail.starts_with('\r') {
                        (i, "\r", false)
                    } else {
                        (i, "\n", false)
                    }
                }
                None if last => (rest.len(), "", false),
                None if rest.len() > MAX_LINE_BYTES => (safe_cut_str(rest), "", true),
                None => break Ok(()),
            };
            let content = rest.get(..content_len).unwrap_or_default();
            let replaced = std::mem::take(&mut state.replaced);
            self.count(state.charset, replaced, continues);
            let line = DecodedLine {
                text: content,
                ending,
                charset: state.charset,
                replaced,
                offset: self.offset,
                continues,
            };
            if let Err(err) = emit(DecodedText::Line(line)) {
                break Err(err);
            }
            start += content_len + ending.len();
        };
        state.text = text.get(start..).unwrap_or_default().to_owned();
        self.offset = state.consumed;
        self.utf16 = Some(state);
        result
    }
}

/// Where the complete lines of `bytes` end: just after the last line
/// ending, where a `\r` at the very end counts only at the `last` chunk
/// (else a `\n` may follow in the next chunk); 0 when there is none.
fn complete_lines_end(bytes: &[u8], last: bool) -> usize {
    match memchr::memrchr2(b'\n', b'\r', bytes) {
        Some(i) if !last && i + 1 == bytes.len() && bytes.get(i) == Some(&b'\r') => {
            let before = bytes.get(..i).unwrap_or_default();
            memchr::memrchr2(b'\n', b'\r', before).map_or(0, |j| j + 1)
        }
        Some(i) => i + 1,
        None => 0,
    }
}

/// Turns a consumer of lines into a consumer of runs and lines, handing it
/// each line of a run in turn.
fn each_line<E>(
    emit: &mut impl FnMut(DecodedLine<'_>) -> Result<(), E>,
) -> impl FnMut(DecodedText<'_>) -> Result<(), E> {
    move |piece| match piece {
        DecodedText::Line(line) => emit(line),
        DecodedText::Run(run) => {
            let mut offset = run.offset;
            for (text, ending) in crate::lines::split(run.text) {
                let ending = match ending {
                    "\r\n" => "\r\n",
                    "\r" => "\r",
                    "\n" => "\n",
                    _ => "",
                };
                emit(DecodedLine {
                    text,
                    ending,
                    charset: Charset::UTF_8,
                    replaced: 0,
                    offset,
                    continues: false,
                })?;
                offset += (text.len() + ending.len()) as u64;
            }
            Ok(())
        }
    }
}

/// Splits bytes into lines without their endings (as
/// [`crate::lines::split`] does for text).
fn split_lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, next) = match find_line_end(rest) {
            None => (rest, &[][..]),
            Some(i) => {
                let len = if rest.get(i..i + 2) == Some(b"\r\n") {
                    2
                } else {
                    1
                };
                (
                    rest.get(..i).unwrap_or_default(),
                    rest.get(i + len..).unwrap_or_default(),
                )
            }
        };
        rest = next;
        Some(line)
    })
}

/// The index of the first `\n` or `\r` in `bytes`.
fn find_line_end(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

/// Where to cut a line longer than [`MAX_LINE_BYTES`]: after the last
/// ASCII space or tab within the bound, else after the last byte below
/// 0x30 (never part of a multi-byte character in any charset here), else
/// before the last byte that does not continue a UTF-8 sequence.
fn safe_cut(line: &[u8]) -> usize {
    let window = line.get(..MAX_LINE_BYTES).unwrap_or(line);
    let after = |pred: &dyn Fn(u8) -> bool| {
        window
            .iter()
            .rposition(|&b| pred(b))
            .map(|i| i + 1)
            .filter(|&i| i > MAX_LINE_BYTES / 2)
    };
    after(&|b| b == b' ' || b == b'\t')
        .or_else(|| after(&|b| b < 0x30))
        .or_else(|| {
            (1..=window.len())
                .rev()
                .find(|&i| line.get(i).is_none_or(|b| !(0x80..0xC0).contains(b)))
        })
        .unwrap_or(window.len())
}

/// [`safe_cut`] for decoded text: after the last whitespace within the
/// bound, else at the last character boundary.
fn safe_cut_str(line: &str) -> usize {
    let mut end = MAX_LINE_BYTES.min(line.len());
    while end > 0 && !line.is_char_boundary(end) {
        end -= 1;
    }
    let window = line.get(..end).unwrap_or_default();
    match window.rfind([' ', '\t']) {
        Some(i) if i + 1 > end / 2 => i + 1,
        _ if end == 0 => line.chars().next().map_or(line.len(), char::len_utf8),
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cuts_are_safe() {
        let mut line = vec![b'x'; MAX_LINE_BYTES + 10];
        assert_eq!(safe_cut(&line), MAX_LINE_BYTES);
        if let Some(b) = line.get_mut(MAX_LINE_BYTES - 5) {
            *b = b' ';
        }
        assert_eq!(safe_cut(&line), MAX_LINE_BYTES - 4);
        let text = "é".repeat(MAX_LINE_BYTES);
        let cut = safe_cut(text.as_bytes());
        assert!(text.is_char_boundary(cut) && cut > 0);
        assert_eq!(safe_cut_str(&text), MAX_LINE_BYTES);
    }

    /// `input` in chunks: the first `sample` bytes (so that the charset is
    /// decided on them whatever the rest), then chunks of `size` bytes.
    fn chunked(input: &[u8], sample: usize, size: usize) -> Vec<&[u8]> {
        let (first, rest) = input.split_at(sample.min(input.len()));
        std::iter::once(first)
            .chain(rest.chunks(size.max(1)))
            .collect()
    }

    /// A line as a test sees it: text, ending, charset, offset.
    type Seen = (String, &'static str, &'static str, u64);

    /// The lines and summary that `feed` gives for `input` cut into
    /// chunks of `size` bytes, and the same from `feed_runs` with each run
    /// split into its lines.
    fn lines_both_ways(input: &[u8], size: usize, sample: usize) -> [(Vec<Seen>, Summary); 2] {
        let one = |line: &DecodedLine<'_>| {
            (
                line.text.to_owned(),
                line.ending,
                line.charset.name(),
                line.offset,
            )
        };
        let mut by_line = Vec::new();
        let mut decoder = ByteDecoder::with_sample(ByteOptions::default(), sample);
        let mut collect = |line: DecodedLine<'_>| {
            by_line.push(one(&line));
            Ok::<(), DecodeError>(())
        };
        for chunk in chunked(input, sample, size) {
            decoder.feed(chunk, &mut collect).unwrap();
        }
        decoder.finish(&mut collect).unwrap();
        let first = decoder.summary().clone();
        let mut by_run = Vec::new();
        let mut decoder = ByteDecoder::with_sample(ByteOptions::default(), sample);
        let mut collect = |piece: DecodedText<'_>| {
            match piece {
                DecodedText::Line(line) => by_run.push(one(&line)),
                DecodedText::Run(run) => {
                    assert!(run.text.ends_with(['\n', '\r']));
                    let mut lines = Vec::new();
                    each_line(&mut |line: DecodedLine<'_>| {
                        lines.push(one(&line));
                        Ok::<(), DecodeError>(())
                    })(DecodedText::Run(run))
                    .unwrap();
                    by_run.extend(lines);
                }
            }
            Ok::<(), DecodeError>(())
        };
        for chunk in chunked(input, sample, size) {
            decoder.feed_runs(chunk, &mut collect).unwrap();
        }
        decoder.finish_runs(&mut collect).unwrap();
        [(by_line, first), (by_run, decoder.summary().clone())]
    }

    proptest::proptest! {
        #[test]
        fn runs_hold_the_lines_of_any_chunking(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::bytes_regex("(?s-u:[a-z ]{0,12})").unwrap(),
                    "[a-zé日Рё ]{0,12}".prop_map(String::into_bytes),
                    proptest::string::bytes_regex("(?s-u:[a-z\\xe9\\x93\\xc3\\xa9\\xff]{0,8})").unwrap(),
                ],
                0..40,
            ),
            endings in proptest::collection::vec(proptest::prop_oneof!["\n", "\r\n", "\r", ""], 40),
            size in 1usize..64,
            sample in 1usize..200,
        ) {
            let mut input = Vec::new();
            for (line, ending) in lines.iter().zip(&endings) {
                input.extend_from_slice(line);
                input.extend_from_slice(ending.as_bytes());
            }
            let [(by_line, summary), (by_run, run_summary)] = lines_both_ways(&input, size, sample);
            prop_assert_eq!(&by_run, &by_line);
            prop_assert_eq!(&run_summary, &summary);
            // The same lines whatever the chunks after the sample.
            let [(whole, whole_summary), _] = lines_both_ways(&input, input.len(), sample);
            prop_assert_eq!(&whole, &by_line);
            prop_assert_eq!(&whole_summary, &summary);
            // Every byte once, in order.
            let mut offset = 0;
            for (text, ending, charset, at) in &by_line {
                prop_assert_eq!(*at, offset);
                if *charset == "UTF-8" && !text.contains('\u{FFFD}') {
                    prop_assert_eq!(input.get(offset as usize..offset as usize + text.len()), Some(text.as_bytes()));
                }
                let len = input.get(offset as usize..).unwrap_or_default()
                    .iter().position(|&b| b == b'\n' || b == b'\r')
                    .unwrap_or(input.len() - offset as usize);
                offset += (len + ending.len()) as u64;
            }
            prop_assert_eq!(offset, input.len() as u64);
        }
    }

    #[test]
    fn split_lines_drops_endings() {
        let lines: Vec<&[u8]> = split_lines(b"a\r\nb\rc\n\nd").collect();
        assert_eq!(lines, [&b"a"[..], b"b", b"c", b"", b"d"]);
    }
}
