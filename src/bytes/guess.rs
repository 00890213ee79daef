//! Which charset raw bytes are in: byte-order marks, UTF-16 by the parity
//! of its NUL bytes, UTF-8 by validity, and for everything else a
//! `chardetng` guess weighed against the plausibility scorer.
//!
//! The scorer decodes the bytes with each candidate charset and adds up
//! [`text_cost`] plus a fixed cost per byte that had to be replaced. The
//! `chardetng` guess gets a bonus that grows with the evidence (non-ASCII
//! bytes) it saw: on long input it is hard to overrule, on a short field
//! a clearly better reading wins. The candidate set and the constants
//! below were set on the tune split of the evaluation corpus
//! (`eval/bytes_eval.py`).

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};

use super::charset::{Charset, Decoded};
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

/// The cost of reading `bytes` as `charset`.
pub(crate) fn cost(charset: Charset, bytes: &[u8], scratch: &mut String) -> (f32, Decoded) {
    scratch.clear();
    let decoded = charset.decode_into(bytes, scratch);
    let replaced = decoded.replaced as f32;
    (text_cost(scratch) + REPLACED_COST * replaced, decoded)
}

/// Chooses the charset of a file from `lines` (its lines that are not
/// UTF-8, or all its lines): the `chardetng` guess unless a candidate
/// reads the lines more plausibly by more than the guess's bonus.
pub(crate) fn choose(lines: &[&[u8]]) -> Charset {
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
    best(&scored, guess, bonus, None)
}

/// The best charset for one line that is not UTF-8 (or, with
/// `utf8_too`, may not be): `prior`, the file's charset, gets a bonus.
pub(crate) fn choose_line(line: &[u8], prior: Option<Charset>, utf8_too: bool) -> Charset {
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
    best(&[line], guess, bonus, extra)
}

/// The candidate (or `favoured`, or `extra`) with the lowest cost over
/// `lines`, `favoured`'s cost lowered by `bonus`. Ties go to `favoured`,
/// then to the earlier candidate.
fn best(lines: &[&[u8]], favoured: Charset, bonus: f32, extra: Option<Charset>) -> Charset {
    let mut scratch = String::new();
    let total = |charset: Charset, scratch: &mut String| -> f32 {
        lines
            .iter()
            .map(|line| cost(charset, line, scratch).0)
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
        let charset = choose(&[&bytes]);
        assert_eq!(charset.name(), "windows-1251");
    }
}
