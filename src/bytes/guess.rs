//! Which charset raw bytes are in: byte-order marks, UTF-16 by the parity
//! of its NUL bytes, UTF-8 by validity, and for everything else a
//! `chardetng` guess weighed against the plausibility scorer.
//!
//! The scorer decodes the bytes with each candidate charset and adds up
//! [`text_cost`], the cost of the reading's letters in the language that
//! explains them best ([`lang_cost`], letter shares per UDHR translation,
//! generated into `langs.rs` by `scripts/gen_lang_model.py`), and a fixed
//! cost per byte that had to be replaced. The
//! `chardetng` guess gets a bonus that grows with the evidence (non-ASCII
//! bytes) it saw: on long input it is hard to overrule, on a short field
//! a clearly better reading wins. The candidate set and the constants
//! below were set on the tune split of the evaluation corpus
//! (`eval/bytes_eval.py`).

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};

use super::charset::{Charset, Decoded};
use super::langs;
use crate::codec::Codec;
use crate::score::text_cost;

/// Cost of one replaced byte: far above any plausible character.
const REPLACED_COST: f32 = 12.0;

/// The `chardetng` guess's bonus: a base, plus this much per non-ASCII
/// byte it saw, up to a cap.
const GUESS_BONUS_BASE: f32 = 1.0;
const GUESS_BONUS_PER_BYTE: f32 = 0.5;
const GUESS_BONUS_CAP: f32 = 1000.0;

/// The bonus a file's own charset gets when one line of it is read on its
/// own.
const PRIOR_BONUS: f32 = 30.0;

/// How many bytes of lines the scorer reads when choosing a file's
/// charset: enough for a verdict, bounded so that a large first chunk
/// costs no more than this.
const SCORED_BYTES: usize = 64 * 1024;

/// The charsets the scorer tries besides the `chardetng` guess: the
/// legacy code pages of [`Codec`] that real files come in.
fn candidates() -> [Charset; 21] {
    use encoding_rs as e;
    [
        Charset::from_encoding(e::WINDOWS_1252),
        Charset::from_encoding(e::WINDOWS_1250),
        Charset::from_encoding(e::WINDOWS_1251),
        Charset::from_encoding(e::WINDOWS_1253),
        Charset::from_encoding(e::WINDOWS_1254),
        Charset::from_encoding(e::WINDOWS_1255),
        Charset::from_encoding(e::WINDOWS_1256),
        Charset::from_encoding(e::WINDOWS_1257),
        Charset::from_encoding(e::WINDOWS_874),
        Charset::from_encoding(e::ISO_8859_2),
        Charset::from_encoding(e::ISO_8859_7),
        Charset::from_encoding(e::KOI8_R),
        Charset::from_encoding(e::KOI8_U),
        Charset::from_encoding(e::IBM866),
        Charset::dos(Codec::Cp437),
        Charset::dos(Codec::Cp850),
        Charset::from_encoding(e::GBK),
        Charset::from_encoding(e::BIG5),
        Charset::from_encoding(e::SHIFT_JIS),
        Charset::from_encoding(e::EUC_JP),
        Charset::from_encoding(e::EUC_KR),
    ]
}

/// The charset a byte-order mark at the start of `bytes` names, and the
/// mark's length.
pub(crate) fn bom(bytes: &[u8]) -> Option<(Charset, usize)> {
    Encoding::for_bom(bytes).map(|(encoding, len)| (Charset::from_encoding(encoding), len))
}

use encoding_rs::Encoding;

/// UTF-16 without a byte-order mark, told by the parity of its bytes:
/// in text of one alphabet the high byte of most code units is the same
/// (0x00 for Latin, 0x04 for Cyrillic, 0x03 for Greek, ...), and the low
/// byte is almost never NUL. Legacy and UTF-8 text never has most bytes at
/// one parity be control characters.
pub(crate) fn utf16_by_nul_parity(sample: &[u8]) -> Option<Charset> {
    let units = sample.len() / 2;
    // Text in any other encoding has few control bytes (tab and line
    // endings aside); UTF-16 of an alphabet has one in every other byte.
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    if units < 2 || controls * 4 < sample.len() {
        return None;
    }
    // Per parity: NULs, and how often each control byte occurs.
    let mut zeros = [0usize; 2];
    let mut small = [[0usize; 32]; 2];
    for pair in sample.chunks_exact(2) {
        for (side, &b) in pair.iter().enumerate() {
            if let Some(count) = zeros.get_mut(side).filter(|_| b == 0) {
                *count += 1;
            } else if let Some(count) = small
                .get_mut(side)
                .and_then(|counts| counts.get_mut(usize::from(b)))
            {
                *count += 1;
            }
        }
    }
    let high = |side: usize| {
        let top = small
            .get(side)
            .and_then(|counts| counts.iter().skip(1).max().copied())
            .unwrap_or(0);
        zeros.get(side).copied().unwrap_or(0) + top
    };
    let nul = |side: usize| zeros.get(side).copied().unwrap_or(0);
    // At least 60% of the units share a high byte, and at most a tenth
    // have a NUL low byte.
    let decide = |h: usize, l: usize| high(h) * 10 >= units * 6 && nul(l) * 10 <= units;
    if decide(1, 0) {
        Some(Charset::UTF_16LE)
    } else if decide(0, 1) {
        Some(Charset::UTF_16BE)
    } else {
        None
    }
}

/// The `chardetng` guess for `lines`, and how many non-ASCII bytes it saw.
fn chardetng_guess<'a>(lines: impl Iterator<Item = &'a [u8]>) -> (Charset, usize) {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    let mut non_ascii = 0;
    for line in lines {
        non_ascii += line.iter().filter(|b| !b.is_ascii()).count();
        detector.feed(line, false);
    }
    detector.feed(b"", true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    // ISO-8859-8 (visual Hebrew) decodes like windows-1255 for letters.
    (Charset::from_encoding(guess), non_ascii)
}

/// The cost of reading `bytes` as `charset`: the scorer's cost, the
/// letters' cost in their cheapest language, and replaced bytes.
pub(crate) fn cost(
    charset: Charset,
    bytes: &[u8],
    context: &[(u32, u32)],
    scratch: &mut String,
) -> (f32, Decoded) {
    scratch.clear();
    let decoded = charset.decode_into(bytes, scratch);
    let replaced = decoded.replaced as f32;
    let cost =
        text_cost(scratch) + LANG_WEIGHT * lang_cost(scratch, context) + REPLACED_COST * replaced;
    (cost, decoded)
}

/// The language-model cost, in nats, of a Hebrew point or Arabic haraka.
const MARK_NATS: f32 = 4.0;

/// The language-model cost, in nats, of a kana (fewer than there are
/// ideographs, so each is more common).
const KANA_NATS: f32 = 7.0;

/// How much a nat of the language model weighs against the scorer.
const LANG_WEIGHT: f32 = 0.6;

/// The language-model cost, in nats, of an ideographic character (Han,
/// kana, Hangul), which the model does not cover.
const IDEOGRAPH_NATS: f32 = 10.0;

/// The cost, in nats, of the letters of `text` in the language (of the
/// UDHR's) that explains them best: the sum over letters of -ln of their
/// share in that language (lower-cased; a letter the language does not
/// use costs its `unseen`). Non-ASCII symbols and punctuation count as
/// letters no language uses, so a reading cannot escape the model by
/// turning letters into symbols. Ideographs cost [`IDEOGRAPH_NATS`] each,
/// kana [`KANA_NATS`]. `context`, the letters of the input's UTF-8 lines
/// ([`letter_counts`]), is added to the text's: the language must explain
/// both.
pub(crate) fn lang_cost(text: &str, context: &[(u32, u32)]) -> f32 {
    let mut counts: Vec<(u32, u32)> = Vec::new();
    for &(cp, n) in context {
        add(&mut counts, cp, n);
    }
    let mut ideographs = 0u32;
    let mut marks = 0u32;
    let mut kana = 0u32;
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        let inside_word = prev.is_alphabetic() && next.is_alphabetic();
        let after = prev;
        prev = c;
        // ASCII punctuation and digits read the same in every candidate.
        if c.is_ascii() && !c.is_ascii_alphabetic() {
            continue;
        }
        // Quotes and dashes are neutral between words (and the apostrophe
        // and middle dot inside them); any other non-letter counts as a
        // letter no language uses, so that a reading cannot escape the
        // model by turning letters into symbols (`B†rbades`).
        let typographic = matches!(
            c,
            '“' | '”'
                | '„'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '‹'
                | '›'
                | '–'
                | '—'
                | '…'
                | '¡'
                | '¿'
        );
        if (typographic && !inside_word) || (matches!(c, '’' | '·') && inside_word) {
            continue;
        }
        if matches!(c as u32, 0x3040..=0x30FF) {
            kana += 1;
            continue;
        }
        if is_ideograph(c) {
            ideographs += 1;
            continue;
        }
        // Hebrew points and Arabic harakat are written in some texts of a
        // language and not in others: a flat cost, whatever the language.
        if matches!(c as u32, 0x0591..=0x05C7 | 0x064B..=0x065F | 0x0670)
            && matches!(after as u32, 0x0591..=0x06FF)
        {
            marks += 1;
            continue;
        }
        let mut lower = c.to_lowercase();
        let c = match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => c,
        };
        add(&mut counts, c as u32, 1);
    }
    let ideograph_cost =
        IDEOGRAPH_NATS * ideographs as f32 + KANA_NATS * kana as f32 + MARK_NATS * marks as f32;
    if counts.is_empty() {
        return ideograph_cost;
    }
    let best = langs::LANGS
        .iter()
        .map(|lang| {
            // Both lists are sorted: merge them.
            let mut units = 0u32;
            let mut letters = lang.letters.iter().peekable();
            for &(cp, n) in &counts {
                while letters.next_if(|&&(k, _)| k < cp).is_some() {}
                let cost = match letters.peek() {
                    Some(&&(k, cost)) if k == cp => cost,
                    _ => lang.unseen,
                };
                units += u32::from(cost) * n;
            }
            units
        })
        .min()
        .unwrap_or(0);
    best as f32 / langs::UNITS_PER_NAT + ideograph_cost
}

/// Adds `n` uses of `cp` to the sorted `counts`.
fn add(counts: &mut Vec<(u32, u32)>, cp: u32, n: u32) {
    match counts.binary_search_by_key(&cp, |&(k, _)| k) {
        Ok(i) => {
            if let Some(entry) = counts.get_mut(i) {
                entry.1 += n;
            }
        }
        Err(i) => counts.insert(i, (cp, n)),
    }
}

/// How many letters of the input's UTF-8 lines [`letter_counts`] keeps.
const CONTEXT_LETTERS: usize = 4000;

/// The letters (lower-cased) of `lines`, up to [`CONTEXT_LETTERS`]: what
/// the input's own UTF-8 lines say about its language.
pub(crate) fn letter_counts<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(u32, u32)> {
    let mut counts = Vec::new();
    let letters = lines
        .flat_map(str::chars)
        .filter(|c| c.is_alphabetic())
        .take(CONTEXT_LETTERS);
    for c in letters {
        let mut lower = c.to_lowercase();
        let c = match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => c,
        };
        add(&mut counts, c as u32, 1);
    }
    counts
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FFF | 0x3040..=0x30FF | 0x3130..=0x318F
        | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA000..=0xA4CF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF65..=0xFF9F | 0x20000..=0x3FFFF)
}

/// Chooses the charset of a file from `lines` (its lines that are not
/// UTF-8, or all its lines): the `chardetng` guess unless a candidate
/// reads the lines more plausibly by more than the guess's bonus.
pub(crate) fn choose(lines: &[&[u8]], context: &[(u32, u32)]) -> Charset {
    let (guess, non_ascii) = chardetng_guess(lines.iter().copied());
    let bonus = GUESS_BONUS_BASE + (GUESS_BONUS_PER_BYTE * non_ascii as f32).min(GUESS_BONUS_CAP);
    let mut scored: Vec<&[u8]> = Vec::new();
    let mut budget = SCORED_BYTES;
    for line in lines {
        if line.is_ascii() {
            continue;
        }
        if budget == 0 {
            break;
        }
        let take = line.len().min(budget);
        scored.push(line.get(..take).unwrap_or(line));
        budget -= take;
    }
    best(&scored, guess, bonus, None, context)
}

/// The best charset for one line that is not UTF-8 (or, with
/// `utf8_too`, may not be): `prior`, the file's charset, gets a bonus.
pub(crate) fn choose_line(
    line: &[u8],
    prior: Option<Charset>,
    utf8_too: bool,
    context: &[(u32, u32)],
) -> Charset {
    let (guess, bonus, extra) = match prior {
        Some(prior) => (prior, PRIOR_BONUS, None),
        None => {
            let (guess, non_ascii) = chardetng_guess(std::iter::once(line));
            let bonus =
                GUESS_BONUS_BASE + (GUESS_BONUS_PER_BYTE * non_ascii as f32).min(GUESS_BONUS_CAP);
            (guess, bonus, None)
        }
    };
    let extra = if utf8_too {
        Some(Charset::UTF_8)
    } else {
        extra
    };
    best(&[line], guess, bonus, extra, context)
}

/// The candidate (or `favoured`, or `extra`) with the lowest cost over
/// `lines`, `favoured`'s cost lowered by `bonus`. Ties go to `favoured`,
/// then to the earlier candidate.
fn best(
    lines: &[&[u8]],
    favoured: Charset,
    bonus: f32,
    extra: Option<Charset>,
    context: &[(u32, u32)],
) -> Charset {
    let mut scratch = String::new();
    let total = |charset: Charset, scratch: &mut String| -> f32 {
        lines
            .iter()
            .map(|line| cost(charset, line, context, scratch).0)
            .sum()
    };
    let mut best = favoured;
    let mut best_cost = total(favoured, &mut scratch) - bonus;
    for charset in extra.into_iter().chain(candidates()) {
        if charset == favoured {
            continue;
        }
        let c = total(charset, &mut scratch);
        if c < best_cost {
            best = charset;
            best_cost = c;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_parity() {
        let le: Vec<u8> = "Hello, world"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Привет, мир"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_by_nul_parity(&le), Some(Charset::UTF_16LE));
        assert_eq!(utf16_by_nul_parity(&be), Some(Charset::UTF_16BE));
        assert_eq!(utf16_by_nul_parity(b"plain\0text\n"), None);
        assert_eq!(utf16_by_nul_parity(b"a\nb\n"), None);
        assert_eq!(
            utf16_by_nul_parity(b"\x04\x10\x04\x11"),
            Some(Charset::UTF_16BE)
        );
    }

    #[test]
    fn a_cyrillic_line_reads_as_cyrillic() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Съешь же ещё этих мягких французских булок");
        let charset = choose(&[&bytes], &[]);
        assert_eq!(charset.name(), "windows-1251");
    }
}
