//! Structural sequences: runs of characters whose bytes under a chain's
//! wrong codec are one well-formed character (or a few) of its right codec.
//!
//! Three finders, chosen by the shape of the chain:
//! - UTF-8 read as a single-byte codec: a lead character and its
//!   continuation characters, with the damage real pipelines add (a flattened
//!   A0, a byte lost to U+FFFD, `?` or nothing, CESU-8 surrogate pairs);
//! - a single-byte codec read as another: each character whose byte means
//!   something else;
//! - any chain with a multi-byte side (UTF-8 read as GBK, GBK read as
//!   windows-1252, Big5 read as GBK...): the line's bytes under the wrong
//!   codec are decoded with the right one from each character boundary, and
//!   a sequence ends where the two codecs' character boundaries meet again.
//!
//! Finding is structure only; [`super::judge`] decides.

use unicode_script::{Script, UnicodeScript};

use super::{Line, Options, a0_words};
use crate::chain::Chain;
use crate::score;

/// What had to be restored inside a sequence besides re-decoding it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Restored {
    Nothing,
    /// A space stood for byte A0.
    ByteA0,
    /// A byte was lost (replaced by U+FFFD or `?`, or dropped).
    LostByte,
}

/// One candidate repair: characters `start..end` of the line become
/// `replacement`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Sequence {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) replacement: Replacement,
    pub(crate) restored: Restored,
    /// Bytes in the right codec (for the structural bonus).
    pub(crate) bytes: usize,
}

/// A sequence's repaired text. Most sequences repair into one character,
/// which is kept inline (no allocation per candidate); read it as a `str`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Replacement {
    /// One character, its UTF-8 bytes and their number.
    One([u8; 4], u8),
    /// Any other text.
    Text(String),
}

impl std::ops::Deref for Replacement {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            // The bytes were written by `char::encode_utf8`: always valid.
            Replacement::One(bytes, len) => {
                std::str::from_utf8(bytes.get(..usize::from(*len)).unwrap_or_default())
                    .unwrap_or_default()
            }
            Replacement::Text(text) => text,
        }
    }
}

impl From<char> for Replacement {
    fn from(c: char) -> Replacement {
        let mut bytes = [0u8; 4];
        let len = c.encode_utf8(&mut bytes).len() as u8;
        Replacement::One(bytes, len)
    }
}

impl From<String> for Replacement {
    fn from(text: String) -> Replacement {
        Replacement::Text(text)
    }
}

impl std::fmt::Debug for Replacement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// The UTF-8 length announced by a lead byte (C0 only for Java's `C0 80`).
fn utf8_len(lead: u8) -> Option<usize> {
    match lead {
        0xC0 | 0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_continuation(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// Decodes one UTF-8 sequence, accepting Java's `C0 80` for NUL.
fn decode_one(bytes: &[u8]) -> Option<char> {
    if bytes == [0xC0, 0x80] {
        return Some('\0');
    }
    let s = std::str::from_utf8(bytes).ok()?;
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// What stands at a continuation position.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Byte(u8),
    /// A space that may stand for A0.
    Space,
    /// A U+FFFD or `?` where a byte was lost.
    Lost,
    /// Nothing: the byte was dropped (only ever the last position).
    Dropped,
}

/// The bytes of a line under one chain, and what the chain's wrong decoder
/// can lose.
struct Scan<'l, 'a> {
    line: &'l Line<'a>,
    bytes: std::borrow::Cow<'l, [Option<u8>]>,
    lost_bytes: Vec<u8>,
    opts: Options,
}

/// Finds UTF-8 sequences under `chain` in `line`.
fn utf8_sequences(line: &Line<'_>, chain: Chain, opts: Options) -> Vec<Sequence> {
    // A sequence starts at a lead byte: without one there is nothing to
    // find, and nothing to allocate.
    let bytes = line.wrong_bytes(chain);
    let is_lead = |b: Option<u8>| b.and_then(utf8_len).is_some();
    if !line
        .chars
        .iter()
        .zip(bytes.iter())
        .any(|(&c, &b)| !c.is_ascii() && is_lead(b))
    {
        return Vec::new();
    }
    let lost_bytes: Vec<u8> = chain
        .wrong
        .undefined_bytes()
        .iter()
        .copied()
        .filter(|&b| is_continuation(b))
        .collect();
    let scan = Scan {
        line,
        bytes,
        opts: Options {
            restore_lost_bytes: opts.restore_lost_bytes && !lost_bytes.is_empty(),
            ..opts
        },
        lost_bytes,
    };
    let n = line.chars.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        match scan
            .byte(i)
            .and_then(utf8_len)
            .and_then(|len| scan.sequence_at(i, len))
        {
            Some(seq) => {
                i = seq.end.max(i + 1);
                out.push(seq);
            }
            None => i += 1,
        }
    }
    out
}

impl Scan<'_, '_> {
    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied().flatten()
    }

    fn sequence_at(&self, start: usize, len: usize) -> Option<Sequence> {
        let lead = self.byte(start)?;
        let chars = &self.line.chars;
        let mut slots = [Slot::Byte(lead); 4];
        let mut end = start + 1;
        let mut damaged = false;
        for (k, slot) in slots.iter_mut().enumerate().take(len).skip(1) {
            let c = chars.get(end).copied();
            *slot = match (c, self.byte(end)) {
                (_, Some(b)) if is_continuation(b) => Slot::Byte(b),
                (Some(' '), _) if self.opts.restore_byte_a0 && !damaged => Slot::Space,
                (Some('\u{FFFD}' | '?'), _) if self.opts.restore_lost_bytes && !damaged => {
                    Slot::Lost
                }
                (None | Some('\0'..='\x7f'), _)
                    if self.opts.restore_lost_bytes && !damaged && k == len - 1 && len >= 3 =>
                {
                    Slot::Dropped
                }
                _ => return None,
            };
            damaged |= !matches!(slot, Slot::Byte(_));
            if *slot != Slot::Dropped {
                end += 1;
            }
        }
        let slots = slots.get(..len)?;
        if lead == 0xED
            && !damaged
            && let Some(seq) = self.cesu_pair(start, slots)
        {
            return Some(seq);
        }
        let lost = slots
            .iter()
            .any(|s| matches!(s, Slot::Lost | Slot::Dropped));
        let fills: &[u8] = if lost { &self.lost_bytes } else { &[0] };
        let mut candidates = fills.iter().filter_map(|&fill| {
            let mut buf = [0u8; 4];
            for (b, slot) in buf.iter_mut().zip(slots) {
                *b = match *slot {
                    Slot::Byte(b) => b,
                    Slot::Space => 0xA0,
                    Slot::Lost | Slot::Dropped => fill,
                };
            }
            decode_one(buf.get(..len)?)
        });
        let first = candidates.next()?;
        let (replacement, restored) = if lost {
            let only = candidates.next().is_none();
            (if only { first } else { '\u{FFFD}' }, Restored::LostByte)
        } else if slots.contains(&Slot::Space) {
            (first, Restored::ByteA0)
        } else {
            (first, Restored::Nothing)
        };
        if restored == Restored::ByteA0 && slots.last() == Some(&Slot::Space) {
            end = self.a0_end(end, replacement)?;
        }
        Some(Sequence {
            start,
            end,
            replacement: replacement.into(),
            restored,
            bytes: len,
        })
    }

    /// Where a sequence ending in a space that stood for A0 ends, if it can.
    ///
    /// - Before a second space, the space was the A0: it is taken.
    /// - A Latin lower-case letter ends a word (`voilÃ le`): its no-break
    ///   space was merged with the following space, so the space stays,
    ///   unless what follows is a lone consonant, which no orthography
    ///   writes as a word of its own (`Ã s` is `às`), or the letter and
    ///   the word after it make a word of the generated list in `a0_words.rs`
    ///   (`Ã quele` is `àquele`).
    /// - Any other letter takes the space only when its word goes on after
    ///   it (`Å veices` is `Šveices`; `SENSЕ -` is left alone).
    /// - A repaired no-break space or symbol takes it.
    fn a0_end(&self, end: usize, replacement: char) -> Option<usize> {
        let chars = &self.line.chars;
        let next = chars.get(end).copied();
        if next == Some(' ') || !replacement.is_alphabetic() {
            return Some(end);
        }
        if replacement.is_lowercase() && replacement.script() == Script::Latin {
            let lone_consonant = next.is_some_and(|c| {
                c.is_ascii_alphabetic()
                    && !matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
            }) && chars.get(end + 1).is_none_or(|c| *c == ' ');
            let joined = || {
                let mut word = String::from(replacement);
                word.extend(
                    chars
                        .iter()
                        .skip(end)
                        // An apostrophe or hyphen goes on with the word:
                        // `Ã s'Ã©loigner` is `à s'éloigner`.
                        .take_while(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
                        .flat_map(|c| c.to_lowercase()),
                );
                a0_words::A0_WORDS.binary_search(&word.as_str()).is_ok()
            };
            return Some(if lone_consonant || joined() {
                end
            } else {
                end - 1
            });
        }
        let word_goes_on = next.is_some_and(|c| !c.is_whitespace() && !c.is_ascii_punctuation());
        word_goes_on.then_some(end)
    }

    /// CESU-8: a high surrogate's sequence followed by a low surrogate's.
    fn cesu_pair(&self, start: usize, slots: &[Slot]) -> Option<Sequence> {
        let [_, Slot::Byte(b1 @ 0xA0..=0xAF), Slot::Byte(b2)] = *slots else {
            return None;
        };
        let next = start + 3;
        let (Some(0xED), Some(c1 @ 0xB0..=0xBF), Some(c2)) =
            (self.byte(next), self.byte(next + 1), self.byte(next + 2))
        else {
            return None;
        };
        if !is_continuation(c2) {
            return None;
        }
        let hi = ((u32::from(b1) & 0x0F) << 6) | (u32::from(b2) & 0x3F);
        let lo = ((u32::from(c1) & 0x0F) << 6) | (u32::from(c2) & 0x3F);
        let replacement = char::from_u32(0x10000 + (hi << 10) + lo)?;
        Some(Sequence {
            start,
            end: next + 3,
            replacement: replacement.into(),
            restored: Restored::Nothing,
            bytes: 4,
        })
    }
}

/// Finds single-character sequences for a chain between two single-byte
/// codecs: each character whose byte means something else under `right`.
fn single_byte_sequences(line: &Line<'_>, chain: Chain) -> Vec<Sequence> {
    let undefined = chain.right.undefined_bytes();
    line.chars
        .iter()
        .enumerate()
        .filter_map(|(i, &c)| {
            let b = chain.wrong.byte_of(c).filter(|&b| b >= 0x80)?;
            if undefined.contains(&b) {
                return None;
            }
            let r = chain.right.char_of(b).filter(|&r| r != c)?;
            // Text in an alphabet repairs to letters and punctuation, never
            // to box drawing or other signs.
            if chain.is_legacy() && !(r.is_alphanumeric() || is_text_punctuation(r)) {
                return None;
            }
            Some(Sequence {
                start: i,
                end: i + 1,
                replacement: r.into(),
                restored: Restored::Nothing,
                bytes: 1,
            })
        })
        .collect()
}

/// Punctuation that running text uses (quotes, dashes, the ellipsis...).
fn is_text_punctuation(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as Gc, get_general_category};
    matches!(
        get_general_category(c),
        Gc::InitialPunctuation
            | Gc::FinalPunctuation
            | Gc::DashPunctuation
            | Gc::OtherPunctuation
            | Gc::OpenPunctuation
            | Gc::ClosePunctuation
            | Gc::SpaceSeparator
    )
}

/// All structural candidates of `chain` in `line`, before scoring.
pub(crate) fn sequences(line: &Line<'_>, chain: Chain, opts: Options) -> Vec<Sequence> {
    if chain.is_wide() {
        wide_sequences(line, chain, opts)
    } else if chain.is_utf8() {
        utf8_sequences(line, chain, opts)
    } else {
        single_byte_sequences(line, chain)
    }
}

/// A line's bytes under a chain's wrong codec, with character boundaries.
struct Wide<'l, 'a> {
    line: &'l Line<'a>,
    chain: Chain,
    opts: Options,
    bytes: Vec<u8>,
    /// Byte offset where each character starts (and the end), for the
    /// characters the wrong codec can encode.
    starts: Vec<usize>,
    /// Whether each character could be encoded.
    encoded: Vec<bool>,
    /// For each character (and the end), the first character at or after
    /// it that could not be encoded, or the number of characters.
    unencoded_from: Vec<usize>,
}

/// The most characters of the right codec one sequence may hold before
/// the two codecs' boundaries meet again.
const MAX_WIDE_CHARS: usize = 8;

/// Finds sequences for chains with a multi-byte side: from each non-ASCII
/// character, decode the wrong codec's bytes with the right codec until the
/// boundaries of both codecs meet.
fn wide_sequences(line: &Line<'_>, chain: Chain, opts: Options) -> Vec<Sequence> {
    // A sequence starts only at a character `Wide::may_start` accepts and
    // the wrong codec encodes. Two cheap exact tests find lines with none:
    // a single-byte wrong codec encodes a character when it has a byte for
    // it, and every Han character lies at or above U+2E80.
    let no_start = if chain.wrong.is_single_byte() {
        !line
            .chars
            .iter()
            .any(|&c| !c.is_ascii() && chain.wrong.byte_of(c).is_some())
    } else {
        chain.is_cjk_to_cjk()
            && !line
                .chars
                .iter()
                .any(|&c| c >= '\u{2E80}' && crate::score::classify(c).script == Script::Han)
    };
    if no_start {
        return Vec::new();
    }
    let n = line.chars.len();
    let mut wide = Wide {
        line,
        chain,
        opts,
        bytes: Vec::with_capacity(n * 2),
        starts: Vec::with_capacity(n + 1),
        encoded: Vec::with_capacity(n),
        unencoded_from: vec![n; n + 1],
    };
    for &c in &line.chars {
        wide.starts.push(wide.bytes.len());
        let ok = chain.wrong.encode_char(c, &mut wide.bytes);
        wide.encoded.push(ok);
    }
    wide.starts.push(wide.bytes.len());
    let mut first = n;
    for (i, slot) in wide.unencoded_from.iter_mut().enumerate().take(n).rev() {
        if !wide.encoded.get(i).copied().unwrap_or(false) {
            first = i;
        }
        *slot = first;
    }
    let mut quotes = Quotes::default();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = line.chars.get(i).copied().unwrap_or_default();
        let found = (wide.is_encoded(i) && wide.may_start(c))
            .then(|| wide.sequence_at(i, &quotes))
            .flatten();
        match found {
            Some(seq) => {
                quotes.see(&seq.replacement);
                i = seq.end.max(i + 1);
                out.push(seq);
            }
            None => {
                quotes.see(c.encode_utf8(&mut [0; 4]));
                i += 1;
            }
        }
    }
    out
}

/// Which quotation marks are open so far in the line, for choosing a lost
/// closing quote.
#[derive(Default)]
struct Quotes {
    double: bool,
    single: bool,
}

impl Quotes {
    fn see(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '“' => self.double = true,
                '”' => self.double = false,
                '‘' => self.single = true,
                '’' => self.single = false,
                _ => {}
            }
        }
    }
}

impl Wide<'_, '_> {
    /// Whether a sequence may start at `c`. Between two CJK legacy codecs
    /// only a Han character may: their symbol rows also hold punctuation,
    /// Greek, Cyrillic and kana, which either reading leaves plausible.
    fn may_start(&self, c: char) -> bool {
        if c.is_ascii() {
            return false;
        }
        !self.chain.is_cjk_to_cjk() || crate::score::classify(c).script == Script::Han
    }

    /// The first character that starts at byte `offset`, if one does. A
    /// character the wrong codec could not encode (U+FFFD, which a lossy
    /// decoder wrote for bytes it lost) takes no bytes, so it starts where
    /// the next one does: it comes first, and a sequence that ends there
    /// leaves it in place.
    fn char_at(&self, offset: usize, from: usize) -> Option<usize> {
        let starts = self.starts.get(from..)?;
        (from..)
            .zip(starts)
            .take_while(|&(_, &s)| s <= offset)
            .find(|&(_, &s)| s == offset)
            .map(|(j, _)| j)
    }

    /// Whether the wrong codec encoded character `i`.
    fn is_encoded(&self, i: usize) -> bool {
        self.encoded.get(i).copied().unwrap_or(false)
    }

    /// Byte offset of character `i` (the end of the line past the last).
    fn start_of(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.bytes.len())
    }

    /// End of the run of encoded characters that starts at character `i`.
    fn run_end(&self, i: usize) -> usize {
        let n = self.line.chars.len();
        let j = self.unencoded_from.get(i).copied().unwrap_or(n);
        self.start_of(j)
    }

    fn sequence_at(&self, start: usize, quotes: &Quotes) -> Option<Sequence> {
        let right = self.chain.right;
        let run_end = self.run_end(start);
        let mut pos = self.start_of(start);
        let mut text = String::new();
        // The structural evidence: the longest UTF-8 sequence decoded (other
        // right codecs have no such structure to speak of).
        let mut longest = 0;
        for _ in 0..MAX_WIDE_CHARS {
            let rest = self.bytes.get(pos..run_end)?;
            match right.decode_first(rest) {
                Some((c, len)) => {
                    text.push(c);
                    pos += len;
                    if right == crate::codec::Codec::Utf8 {
                        longest = longest.max(len);
                    }
                }
                None => return self.lost_at(start, pos, run_end, text, quotes),
            }
            if let Some(end) = self.char_at(pos, start + 1) {
                let written = self.line.chars.get(start..end)?;
                // Between two CJK codecs both sides are CJK text: half-width
                // kana and controls are some other damage.
                if self.chain.is_cjk_to_cjk() && !written.iter().all(|&c| is_cjk_text(c)) {
                    return None;
                }
                let useful = !text.chars().eq(written.iter().copied()) && !text.is_ascii();
                return useful.then_some(Sequence {
                    start,
                    end,
                    bytes: longest,
                    replacement: text.into(),
                    restored: Restored::Nothing,
                });
            }
        }
        None
    }

    /// A UTF-8 sequence cut short at a character boundary: its last bytes
    /// were lost by a decoder that met them with an invalid trail byte and
    /// replaced them (U+FFFD, `?`) or dropped them. The one character it
    /// stood for is chosen by context where the bytes left say it was
    /// punctuation (`E2 80 xx`), and is U+FFFD otherwise.
    fn lost_at(
        &self,
        start: usize,
        pos: usize,
        run_end: usize,
        mut text: String,
        quotes: &Quotes,
    ) -> Option<Sequence> {
        if self.chain.right != crate::codec::Codec::Utf8 || !self.opts.restore_lost_bytes {
            return None;
        }
        let rest = self.bytes.get(pos..run_end)?;
        let lead = *rest.first()?;
        let len = utf8_len(lead)?;
        let present = 1 + rest
            .iter()
            .skip(1)
            .take(len - 1)
            .take_while(|b| is_continuation(**b))
            .count();
        if present == 1 && len == 2 {
            return self.lost_continuation(start, pos, lead, text);
        }
        // A lead and at least one continuation must be left: a lone lead is
        // any legacy character whose first byte happens to be one.
        if present >= len || present < 2 {
            return None;
        }
        let cut = self.char_at(pos + present, start + 1)?;
        let chars = &self.line.chars;
        // A decoder loses a byte when the byte after it cannot be its trail:
        // the next character is what it put instead (U+FFFD, `?`), or an
        // ASCII byte no trail can be, or the end of the line.
        let end = match chars.get(cut) {
            Some('\u{FFFD}' | '?') => cut + 1,
            None => cut,
            Some(&c)
                if c.is_ascii()
                    && ((c as u8) < 0x40 || self.chain.wrong == crate::codec::Codec::EucJp) =>
            {
                cut
            }
            Some(_) => return None,
        };
        let prev = start.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let next = chars.get(end).copied();
        let lost = if rest.get(..2) == Some(&[0xE2, 0x80]) {
            lost_punctuation(prev, next, quotes)
        } else {
            '\u{FFFD}'
        };
        text.push(lost);
        Some(Sequence {
            start,
            end,
            bytes: len,
            replacement: text.into(),
            restored: Restored::LostByte,
        })
    }
}

impl Wide<'_, '_> {
    /// A 2-byte UTF-8 sequence whose lead the wrong codec reads as a
    /// character of its own (Shift_JIS reads `C3` as `ﾃ`) and whose
    /// continuation it replaced with U+FFFD. The candidates are the
    /// continuation bytes that, put back, make the wrong decoder write what
    /// the line shows, U+FFFD and the character after it included: `ﾃ�w`
    /// can only have been `C3 A0 77` (`81`-`9F` would have paired with the
    /// `w`), so it is `àw`. One candidate is restored; more become U+FFFD.
    fn lost_continuation(
        &self,
        start: usize,
        pos: usize,
        lead: u8,
        mut text: String,
    ) -> Option<Sequence> {
        // The character after the lead's, encoded or not (U+FFFD is not).
        let cut = (start + 1..=self.line.chars.len()).find(|&j| self.start_of(j) == pos + 1)?;
        let chars = &self.line.chars;
        // Replaced (`ﾃ�w`) or dropped (`ﾃw`, by a decoder that skips what
        // it cannot read).
        let dropped = chars.get(cut) != Some(&'\u{FFFD}');
        let after = if dropped { cut } else { cut + 1 };
        if !dropped && self.continuation_only(after) {
            // Remains of a further character follow the U+FFFD: it stood
            // for more than one byte.
            return self.debris(start, after, text);
        }
        let lead_char = *chars.get(cut.checked_sub(1)?)?;
        let follow = chars.get(after).copied();
        let mut follow_bytes = Vec::with_capacity(2);
        match follow {
            Some(f) if f.is_ascii() => follow_bytes.push(f as u8),
            Some(f) if !self.chain.wrong.encode_char(f, &mut follow_bytes) => follow_bytes.clear(),
            _ => {}
        }
        let mut expected = String::with_capacity(12);
        expected.push(lead_char);
        if !dropped {
            expected.push('\u{FFFD}');
        }
        if let (Some(f), false) = (follow, follow_bytes.is_empty()) {
            expected.push(f);
        }
        let candidates: Vec<char> = (0x80..=0xBFu8)
            .filter(|&b| {
                let mut bytes = vec![lead, b];
                bytes.extend_from_slice(&follow_bytes);
                let decoded = self.chain.wrong.decode_lossy(&bytes).unwrap_or_default();
                if dropped {
                    // A dropping decoder must have met an error to drop.
                    decoded.contains('\u{FFFD}') && decoded.replace('\u{FFFD}', "") == expected
                } else {
                    decoded == expected
                }
            })
            .filter_map(|b| decode_one(&[lead, b]))
            .collect();
        if candidates.is_empty() {
            return None;
        }
        text.push(self.pick_by_context(start, after, &candidates));
        Some(Sequence {
            start,
            end: after,
            bytes: 2,
            replacement: text.into(),
            restored: Restored::LostByte,
        })
    }
}

impl Wide<'_, '_> {
    /// A lead whose character the decoder lost with more than its
    /// continuation: the U+FFFD after it swallowed a byte pair the wrong
    /// codec could not read, the continuation and the next character's
    /// lead (Cyrillic read as Shift_JIS: `ﾑ�ｾ` is `D1`, a lost pair, `BE`).
    /// The continuations left after the U+FFFD (`ｾ`) are that next
    /// character's remains. The lead's character becomes one U+FFFD, and
    /// the remains another; nothing is guessed.
    fn debris(&self, start: usize, after: usize, mut text: String) -> Option<Sequence> {
        let mut end = after;
        while end - after < 3 && self.continuation_only(end) {
            end += 1;
        }
        text.push_str("\u{FFFD}\u{FFFD}");
        Some(Sequence {
            start,
            end,
            bytes: 2,
            replacement: text.into(),
            restored: Restored::LostByte,
        })
    }
}

impl Wide<'_, '_> {
    /// Whether character `j` is one the wrong codec writes from UTF-8
    /// continuation bytes alone (`ｾ`, Shift_JIS's `BE`).
    fn continuation_only(&self, j: usize) -> bool {
        let mut bytes = Vec::with_capacity(2);
        self.line
            .chars
            .get(j)
            .is_some_and(|&c| !c.is_ascii() && self.chain.wrong.encode_char(c, &mut bytes))
            && bytes.iter().all(|&b| is_continuation(b))
    }
}

/// A line read as UTF-8 through a multi-byte wrong codec that lost bytes
/// (see [`lossy_utf8_reading`]).
pub(crate) struct LossyReading {
    /// One sequence per stretch of high characters that reads differently.
    pub(crate) sequences: Vec<Sequence>,
    /// Characters decoded whole from two or more bytes.
    pub(crate) intact: usize,
    /// Places where bytes were lost: each became one U+FFFD.
    pub(crate) damaged: usize,
    /// The damaged places with no U+FFFD of the line inside: broken
    /// UTF-8 that no loss the line shows explains.
    pub(crate) unmarked: usize,
    /// For each damaged place that kept a lead of three or four bytes and
    /// a continuation, the script of the block those bytes begin (`E0 A4`
    /// is Devanagari): what the lost character was written in.
    pub(crate) hints: Vec<Script>,
}

/// One byte of a line under the wrong codec, or a place where the wrong
/// decoder lost bytes (a U+FFFD in the line).
type Token = Option<u8>;

/// Reads every stretch of high characters of `line` as UTF-8 bytes under
/// `chain`'s multi-byte wrong codec, where that decoder lost some of them:
/// it wrote a U+FFFD for one or two bytes it could not pair (WHATWG
/// decoders put an ASCII byte back, so only high bytes are lost), or
/// dropped them. A lead, its continuations and whatever was lost among
/// them become one U+FFFD; the characters whose bytes all survived are
/// read back (`鄐詮冗鄐桌�` is Devanagari read as Big5, with one pair lost).
/// `None` when the codec cannot write some character of the line.
pub(crate) fn lossy_utf8_reading(line: &Line<'_>, chain: Chain) -> Option<LossyReading> {
    let mut reading = LossyReading {
        sequences: Vec::new(),
        intact: 0,
        damaged: 0,
        unmarked: 0,
        hints: Vec::new(),
    };
    let chars = &line.chars;
    let mut tokens: Vec<Token> = Vec::with_capacity(chars.len() * 2);
    let mut buf = Vec::with_capacity(4);
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i).is_none_or(|c| c.is_ascii()) {
            i += 1;
            continue;
        }
        let start = i;
        tokens.clear();
        while let Some(&c) = chars.get(i).filter(|c| !c.is_ascii()) {
            if c == '\u{FFFD}' {
                tokens.push(None);
            } else {
                buf.clear();
                if !chain.wrong.encode_char(c, &mut buf) {
                    return None;
                }
                tokens.extend(buf.iter().map(|&b| Some(b)));
            }
            i += 1;
        }
        let (text, intact, damaged, unmarked) = read_with_losses(&tokens, &mut reading.hints);
        reading.intact += intact;
        reading.damaged += damaged;
        reading.unmarked += unmarked;
        let written = chars.get(start..i).unwrap_or_default();
        if !text.chars().eq(written.iter().copied()) {
            reading.sequences.push(Sequence {
                start,
                end: i,
                replacement: text.into(),
                restored: if damaged > 0 {
                    Restored::LostByte
                } else {
                    Restored::Nothing
                },
                bytes: 2,
            });
        }
    }
    Some(reading)
}

/// UTF-8 with losses: the text, the characters read whole from two or
/// more bytes, the damaged places (one U+FFFD each: an incomplete
/// character, with what was lost inside it or after it and the stray
/// continuation bytes that follow), and how many of those hold no marked
/// loss.
fn read_with_losses(tokens: &[Token], hints: &mut Vec<Script>) -> (String, usize, usize, usize) {
    let mut text = String::with_capacity(tokens.len());
    let (mut intact, mut damaged, mut unmarked) = (0, 0, 0);
    let at = |k: usize| tokens.get(k).copied();
    let mut k = 0;
    while let Some(token) = at(k) {
        if let Some(b) = token.filter(u8::is_ascii) {
            text.push(char::from(b));
            k += 1;
            continue;
        }
        let len = token.and_then(utf8_len);
        if let Some(len) = len {
            let whole: Option<Vec<u8>> = tokens
                .get(k..k + len)
                .and_then(|t| t.iter().copied().collect());
            // A control or unassigned character is no text: a lead that
            // met the continuations of another character, whose own
            // bytes were dropped.
            let text_char = |c: &char| {
                !matches!(
                    score::classify(*c).kind,
                    score::Kind::Control | score::Kind::Unusual
                )
            };
            if let Some(c) = whole.as_deref().and_then(decode_one).filter(text_char) {
                text.push(c);
                intact += 1;
                k += len;
                continue;
            }
        }
        // A damaged place: a lead and the continuations that survived, or
        // a stray byte or a loss; then whatever was lost and the stray
        // continuations after it.
        let from = k;
        if let (Some(Some(lead)), Some(Some(cont))) = (at(k), at(k + 1))
            && len.is_some_and(|l| l >= 3)
            && is_continuation(cont)
            && let Some(script) = block_script(lead, cont)
        {
            hints.push(script);
        }
        k += 1;
        if len.is_some() {
            while at(k).flatten().is_some_and(is_continuation) {
                k += 1;
            }
        }
        while at(k).is_some_and(|t| t.is_none_or(is_continuation)) {
            k += 1;
        }
        text.push('\u{FFFD}');
        damaged += 1;
        let marked = tokens.get(from..k).is_some_and(|t| t.contains(&None));
        unmarked += usize::from(!marked);
    }
    (text, intact, damaged, unmarked)
}

/// The script of the characters whose UTF-8 begins with `lead` (E0-F4)
/// and `cont`: that of the first of them with a script of its own.
fn block_script(lead: u8, cont: u8) -> Option<Script> {
    let first = match lead {
        0xE0..=0xEF => (u32::from(lead & 0x0F) << 12) | (u32::from(cont & 0x3F) << 6),
        0xF0..=0xF4 => (u32::from(lead & 0x07) << 18) | (u32::from(cont & 0x3F) << 12),
        _ => return None,
    };
    (first..first + 64)
        .filter_map(char::from_u32)
        .map(|c| c.script())
        .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
}

/// Han characters, kana, CJK punctuation and full-width forms: what text
/// in a CJK legacy codec is made of.
fn is_cjk_text(c: char) -> bool {
    c.script() == Script::Han
        || ('\u{3000}'..='\u{30FF}').contains(&c)
        || ('\u{FF01}'..='\u{FF5E}').contains(&c)
}

impl Wide<'_, '_> {
    /// The one of `candidates` that fits between the characters before
    /// `start` and from `end` on clearly best (`à` among `à Å Æ Ç È Ø` in
    /// `N_wulù`, by rarity and case), or U+FFFD when none does.
    fn pick_by_context(&self, start: usize, end: usize, candidates: &[char]) -> char {
        const MARGIN: f32 = 1.0;
        let left = self.line.class(start.checked_sub(1));
        let right = self.line.class(Some(end));
        let mut costs: Vec<(f32, char)> = candidates
            .iter()
            .map(|&c| (score::window_cost(left, &[score::classify(c)], right), c))
            .collect();
        costs.sort_by(|a, b| a.0.total_cmp(&b.0));
        match costs[..] {
            [(_, only)] => only,
            [(best, c), (second, _), ..] if best + MARGIN <= second => c,
            _ => '\u{FFFD}',
        }
    }
}

/// The punctuation an `E2 80 xx` sequence with its last byte lost stood
/// for, from context: after a word and before a space or the end, the
/// closing mark of an open quotation; between spaces, a dash; otherwise
/// unknown (U+FFFD).
fn lost_punctuation(prev: Option<char>, next: Option<char>, quotes: &Quotes) -> char {
    let word_before =
        prev.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ',' | '!' | '?' | ';' | ':'));
    let space_before = prev.is_none_or(char::is_whitespace);
    let space_after = next.is_none_or(|c| c.is_whitespace());
    let ends = next.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation());
    if word_before && ends && quotes.double {
        '”'
    } else if word_before && ends && quotes.single {
        '’'
    } else if space_before && space_after && prev.is_some() {
        '—'
    } else {
        '\u{FFFD}'
    }
}

#[cfg(test)]
mod tests {
    use super::a0_words::A0_WORDS;

    #[test]
    fn a0_word_list_is_sorted_and_each_word_starts_with_an_a0_letter() {
        assert!(A0_WORDS.windows(2).all(|w| w[0] < w[1]));
        for word in A0_WORDS {
            let first = word.chars().next().unwrap();
            assert_eq!(first.to_string().as_bytes().last(), Some(&0xA0), "{word}");
            assert!(word.chars().count() > 1, "{word}");
        }
    }

    #[test]
    fn a_flattened_a0_joins_only_into_listed_words() {
        // `àquele` (C3 A0 71...) and `à perturber` (C3 A0 20 70...) both
        // come out as `Ã ` + word once the no-break space is flattened.
        for (broken, fixed) in [
            (
                "semelhante Ã quele observado nas lesÃµes",
                "semelhante àquele observado nas lesões",
            ),
            ("Ã perturber la rÃ©flexion", "à perturber la réflexion"),
            (
                "et signe Ã s'Ã©loigner des grands axes",
                "et signe à s'éloigner des grands axes",
            ),
            (
                "especial atenÃ§Ã£o Ã s crianÃ§as",
                "especial atenção às crianças",
            ),
        ] {
            assert_eq!(crate::fix(broken), fixed);
        }
    }
}
