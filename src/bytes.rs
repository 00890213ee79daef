//! Raw bytes in any charset: detect, decode line by line where lines
//! differ, never lose a byte.
//!
//! # Design
//!
//! Input arrives as bytes. [`fix_bytes`] (and, for a stream,
//! [`ByteDecoder`]) turns them into text and then repairs that text as
//! [`fix`](crate::fix) does. The charset is decided in this order:
//!
//! 1. **A byte-order mark** (UTF-8, UTF-16LE, UTF-16BE) decides, and is
//!    not part of the text.
//! 2. **`--encoding` / [`ByteOptions::encoding`]** forces a charset: any
//!    WHATWG label, or a Windows/DOS code page name ([`Charset::for_label`]).
//! 3. **UTF-16 without a mark** is told by the parity of its NUL bytes.
//! 4. **Valid UTF-8 is UTF-8.** A sequence cut off by the end of the input
//!    becomes U+FFFD rather than a reason to read the input otherwise.
//! 5. **Otherwise guess** from a large first chunk ([`SAMPLE_BYTES`]):
//!    `chardetng` over the lines that are not UTF-8, weighed against the
//!    plausibility scorer (every candidate legacy charset decodes the
//!    lines; a reading costs the scorer's cost plus the cost of its letters
//!    in the one language that explains them best, from letter shares in
//!    the UDHR's translations; the cheapest reading wins when it beats the
//!    guess by more than a bonus that grows with the bytes the two read
//!    differently, so the scorer overrules a weak guess on short input,
//!    and decides between two charsets that read most bytes alike; a
//!    guess outside the candidates, a charset few files are in, must first
//!    make up a cost, so one letter does not make `na\xefve` ISO-8859-4).
//! 6. **Mixed input**: when most non-ASCII lines are UTF-8, the others are
//!    each decoded on their own with the best-scoring charset, the one
//!    chosen for the file's non-UTF-8 lines favoured. The letters of the
//!    UTF-8 lines count too: the language that explains a reading must
//!    also explain them, so a file's own UTF-8 lines say which language
//!    its other lines are in. When most are not,
//!    the chosen legacy charset reads every line, except a line it cannot
//!    decode or that reads better as UTF-8.
//!
//! **Nothing is lost silently.** A byte that cannot be decoded becomes
//! U+FFFD and is counted ([`Summary::replaced`], [`FixedBytes::replaced`]);
//! each span of lines says which charset it was read as. In strict mode
//! ([`ByteOptions::strict`]) nothing is guessed: the input is read as its
//! mark or forced charset says, else as UTF-8, and the first byte that does
//! not decode is an error with its offset.
//!
//! **Bounded memory.** [`ByteDecoder`] holds the first chunk until it has
//! decided, then one line at a time; a line longer than
//! [`MAX_LINE_BYTES`] is decoded and repaired in pieces cut after ASCII
//! whitespace (or another byte that cannot be inside a character), so the
//! repair sees such a line in pieces.
//!
//! Rejected: decoding a whole file with one guess (a CSV with a few rows
//! pasted from a cp1252 spreadsheet is common), and trusting `chardetng`
//! alone on a name or a word (a few bytes are too little for its
//! statistics; the scorer knows which readings are implausible).

use std::ops::Range;

mod charset;
mod guess;
mod langs;
mod stream;

pub use charset::Charset;
pub use stream::{
    ByteDecoder, DecodedLine, DecodedRun, DecodedText, MAX_LINE_BYTES, SAMPLE_BYTES, Summary,
};

use crate::Fixer;

/// How [`Fixer::fix_bytes_with`] and [`ByteDecoder`] read bytes.
///
/// ```
/// let mut options = mojifix::ByteOptions::default();
/// options.encoding = mojifix::Charset::for_label("koi8-r");
/// let fixed = mojifix::Fixer::default().fix_bytes_with(b"\xf0\xd2\xc9\xd7\xc5\xd4", &options).unwrap();
/// assert_eq!(fixed.text, "Привет");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ByteOptions {
    /// Read the input in this charset instead of guessing (a byte-order
    /// mark still wins).
    pub encoding: Option<Charset>,
    /// Guess nothing: read the input as its byte-order mark, `encoding` or
    /// UTF-8 says, and stop with a [`DecodeError`] at the first byte that
    /// does not decode.
    pub strict: bool,
}

/// A byte that does not decode in strict mode, with its offset.
///
/// ```
/// let mut options = mojifix::ByteOptions::default();
/// options.strict = true;
/// let err = mojifix::Fixer::default().fix_bytes_with(b"ok\xffno", &options).unwrap_err();
/// assert_eq!(err.offset, 2);
/// assert_eq!(err.to_string(), "invalid UTF-8 at byte offset 2");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {charset} at byte offset {offset}")]
#[non_exhaustive]
pub struct DecodeError {
    /// Byte offset of the first undecodable byte in the input.
    pub offset: u64,
    /// The charset it does not decode in.
    pub charset: Charset,
}

/// A stretch of lines read as one charset.
///
/// ```
/// let fixed = mojifix::fix_bytes("é\n".as_bytes());
/// let span = &fixed.spans[0];
/// assert_eq!((span.input.clone(), span.text.clone(), span.charset.name()), (0..3, 0..3, "UTF-8"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Span {
    /// The bytes of the input (line endings included).
    pub input: Range<usize>,
    /// The bytes of [`FixedBytes::text`] they became.
    pub text: Range<usize>,
    /// The charset they were read as.
    pub charset: Charset,
    /// How many of them became U+FFFD.
    pub replaced: usize,
}

/// The result of [`fix_bytes`]: the decoded and repaired text, and how
/// it was read.
///
/// ```
/// let fixed = mojifix::fix_bytes(b"\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0!");
/// assert_eq!(fixed.text, "Привет, мир!");
/// assert_eq!(fixed.spans[0].charset.name(), "windows-1251");
/// assert_eq!(fixed.replaced, 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixedBytes {
    /// The text, decoded and then repaired line by line.
    pub text: String,
    /// Consecutive lines read as the same charset, in order.
    pub spans: Vec<Span>,
    /// How many input bytes became U+FFFD.
    pub replaced: usize,
    /// Lines per charset, as [`ByteDecoder::summary`] reports them.
    pub summary: Summary,
}

impl FixedBytes {
    /// The charsets used, each once, in order of first use.
    ///
    /// ```
    /// let fixed = mojifix::fix_bytes("ok é\n".as_bytes());
    /// assert_eq!(fixed.charsets(), [mojifix::Charset::UTF_8]);
    /// ```
    pub fn charsets(&self) -> Vec<Charset> {
        let mut seen = Vec::new();
        for span in &self.spans {
            if !seen.contains(&span.charset) {
                seen.push(span.charset);
            }
        }
        seen
    }
}

impl Fixer {
    /// Decodes raw bytes (guessing the charset, see [`crate::bytes`]'s
    /// design notes) and repairs the text line by line.
    ///
    /// ```
    /// let fixed = mojifix::Fixer::default().fix_bytes(b"\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd");
    /// assert_eq!(fixed.text, "こんにちは");
    /// assert_eq!(fixed.spans[0].charset.name(), "Shift_JIS");
    /// ```
    pub fn fix_bytes(&self, bytes: &[u8]) -> FixedBytes {
        match self.fix_bytes_with(bytes, &ByteOptions::default()) {
            Ok(fixed) => fixed,
            // Not reached: only strict mode fails.
            Err(_) => FixedBytes {
                text: String::from_utf8_lossy(bytes).into_owned(),
                spans: Vec::new(),
                replaced: 0,
                summary: Summary::default(),
            },
        }
    }

    /// [`Fixer::fix_bytes`] with options: a forced charset, strict mode.
    /// The whole input is the sample the charset is guessed from.
    ///
    /// ```
    /// let mut options = mojifix::ByteOptions::default();
    /// options.encoding = mojifix::Charset::for_label("cp1252");
    /// let fixed = mojifix::Fixer::default().fix_bytes_with(b"caf\xc3\xa9", &options).unwrap();
    /// // Read as cp1252 (giving mojibake), then repaired.
    /// assert_eq!(fixed.text, "café");
    /// ```
    pub fn fix_bytes_with(
        &self,
        bytes: &[u8],
        options: &ByteOptions,
    ) -> Result<FixedBytes, DecodeError> {
        // One byte more than the input: the decoder decides at `finish`,
        // knowing that the last line is whole.
        let mut decoder = ByteDecoder::with_sample(options.clone(), bytes.len().saturating_add(1));
        let mut fixed = FixedBytes {
            text: String::with_capacity(bytes.len()),
            spans: Vec::new(),
            replaced: 0,
            summary: Summary::default(),
        };
        let mut input_end = 0usize;
        let mut collect = |line: DecodedLine<'_>| -> Result<(), DecodeError> {
            let start = fixed.text.len();
            fixed.text.push_str(&self.fix(line.text));
            fixed.text.push_str(line.ending);
            let input_start = usize::try_from(line.offset).unwrap_or(input_end);
            input_end = input_start.max(input_end);
            fixed.replaced += line.replaced;
            match fixed.spans.last_mut() {
                Some(span) if span.charset == line.charset => {
                    span.text.end = fixed.text.len();
                    span.replaced += line.replaced;
                }
                _ => fixed.spans.push(Span {
                    input: input_start..input_start,
                    text: start..fixed.text.len(),
                    charset: line.charset,
                    replaced: line.replaced,
                }),
            }
            Ok(())
        };
        decoder.feed(bytes, &mut collect)?;
        decoder.finish(&mut collect)?;
        // Each span's input ends where the next begins.
        let mut end = bytes.len();
        for span in fixed.spans.iter_mut().rev() {
            span.input.end = end;
            end = span.input.start;
        }
        if let Some(first) = fixed.spans.first_mut() {
            first.input.start = 0;
        }
        fixed.summary = decoder.summary().clone();
        Ok(fixed)
    }
}

/// Decodes raw bytes with the default configuration and repairs them.
/// See [`Fixer::fix_bytes`].
///
/// ```
/// let fixed = mojifix::fix_bytes(b"\xff\xfeH\0i\0");
/// assert_eq!(fixed.text, "Hi");
/// assert_eq!(fixed.charsets(), [mojifix::Charset::UTF_16LE]);
/// assert!(!mojifix::fix_bytes(&[0xff, 0x00, 0x9d]).text.is_empty());
/// ```
pub fn fix_bytes(bytes: &[u8]) -> FixedBytes {
    Fixer::default().fix_bytes(bytes)
}
