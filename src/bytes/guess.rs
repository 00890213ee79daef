//! Which charset raw bytes are in: byte-order marks, UTF-16 by the parity
//! of its NUL bytes, UTF-8 by validity, and for everything else a
//! `chardetng` guess weighed against the plausibility scorer.
//!
//! The scorer decodes the bytes with each candidate charset and adds up
//! [`text_cost`], the cost of the reading's letters in the language that
//! explains them best ([`lang_cost`]: the chance of each letter after the
//! one before, per UDHR translation, generated into `langs.rs` by
//! `scripts/gen_lang_model.py`, with each language's prior and the
//! reading's charset's chance given the language),
//! and a fixed cost per byte that had to be replaced. The
//! `chardetng` guess gets a bonus over each other reading that grows with
//! the evidence that tells the two apart (the non-ASCII bytes they read
//! differently): on long input it is hard to overrule, on a short field a
//! clearly better reading wins, and between two charsets that read most
//! bytes alike (ISO-8859-7 and windows-1253) the few bytes they read
//! differently decide. The candidate set and the constants
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
const GUESS_BONUS_PER_BYTE: f32 = 0.25;
const GUESS_BONUS_CAP: f32 = 1000.0;

/// The cost of reading input in a `chardetng` guess outside the
/// candidates (ISO-8859-4, ISO-8859-13, windows-1258, ...): few files are
/// in those charsets, so a guess made from a letter or two (`na\xefve`
/// read as ISO-8859-4 `naīve`) does not outweigh a common charset that
/// reads as well.
const RARE_CHARSET_COST: f32 = 3.0;

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
    cost_of_line(charset, bytes, context, 1, scratch)
}

/// [`cost`] for one of `lines` lines read together: the lines share the
/// languages' priors ([`language_units`]), each pays its share.
fn cost_of_line(
    charset: Charset,
    bytes: &[u8],
    context: &[(u32, u32)],
    lines: u32,
    scratch: &mut String,
) -> (f32, Decoded) {
    scratch.clear();
    let decoded = charset.decode_into(bytes, scratch);
    let replaced = decoded.replaced as f32;
    let cost = text_cost(scratch)
        + LANG_WEIGHT * lang_cost(scratch, context, charset, lines)
        + REPLACED_COST * replaced
        + UNCOMMON_COST * uncommon_codes(charset, bytes) as f32;
    (cost, decoded)
}

/// The share of the cost of explaining a file's lines in one language,
/// above that of each line in its own, that a reading pays: a file is
/// mostly in one language, but some lines quote another.
const SWITCH_SHARE: f32 = 0.3;

/// [`cost_of_line`] summed over the `lines` of a file, with their
/// languages' priors shared, and [`SWITCH_SHARE`] of what it costs more
/// to explain all their letters in one language (`Dçiniskas`, `Nikarâgwa`
/// and `Slôwakei` are each some language's, but not one language's).
fn file_cost(
    charset: Charset,
    lines: &[&[u8]],
    context: &[(u32, u32)],
    scratch: &mut String,
) -> f32 {
    let count = u32::try_from(lines.len()).unwrap_or(u32::MAX);
    let mut joined = String::new();
    let mut cost = 0.0;
    let mut per_line = 0.0;
    for line in lines {
        scratch.clear();
        let decoded = charset.decode_into(line, scratch);
        cost += text_cost(scratch)
            + REPLACED_COST * decoded.replaced as f32
            + UNCOMMON_COST * uncommon_codes(charset, line) as f32;
        per_line += lang_cost(scratch, context, charset, count);
        joined.push_str(scratch);
        joined.push('\n');
    }
    let together = lang_cost(&joined, context, charset, 1);
    cost + LANG_WEIGHT * (per_line + SWITCH_SHARE * (together - per_line).max(0.0))
}

/// The cost of a character outside the everyday range of the multi-byte
/// charset it was read in ([`Codec::is_common_code`]): text in a CJK
/// charset keeps mostly to it, another charset's bytes read as one do not.
const UNCOMMON_COST: f32 = 3.0;

/// How many characters of `bytes`, read as the CJK `charset`, lie outside
/// its everyday range: two-byte codes outside [`Codec::is_common_code`],
/// kana in GBK and EUC-KR, half-width katakana, JIS X 0212. Zero for
/// other charsets.
fn uncommon_codes(charset: Charset, bytes: &[u8]) -> u32 {
    use encoding_rs as e;
    let Some(encoding) = charset.encoding() else {
        return 0;
    };
    let codec = if encoding == e::GBK {
        Codec::Gbk
    } else if encoding == e::BIG5 {
        Codec::Big5
    } else if encoding == e::SHIFT_JIS {
        Codec::ShiftJis
    } else if encoding == e::EUC_JP {
        Codec::EucJp
    } else if encoding == e::EUC_KR {
        Codec::EucKr
    } else {
        return 0;
    };
    let mut uncommon = 0;
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        i += 1;
        if lead < 0x80 {
            continue;
        }
        let single = match codec {
            // Half-width katakana.
            Codec::ShiftJis => (0xA1..=0xDF).contains(&lead),
            Codec::EucJp => lead == 0x8E || lead == 0x8F,
            _ => false,
        };
        if single {
            uncommon += 1;
            // EUC-JP: the kana's byte, or JIS X 0212's first.
            if codec == Codec::EucJp {
                i += 1;
            }
            continue;
        }
        let Some(&trail) = bytes.get(i) else {
            break;
        };
        i += 1;
        // Kana in a Chinese or Korean charset (GB2312 rows 4 and 5, KS X
        // 1001 rows 10 and 11): there for Japanese names, rare in text.
        let kana = match codec {
            Codec::Gbk => matches!(lead, 0xA4 | 0xA5),
            Codec::EucKr => matches!(lead, 0xAA | 0xAB),
            _ => false,
        };
        if kana || !codec.is_common_code(lead, trail) {
            uncommon += 1;
        }
    }
    uncommon
}

/// The language-model cost, in nats, of the first Hebrew point or Arabic
/// haraka of a line: that the text is pointed at all.
const MARK_NATS: f32 = 4.0;

/// The cost, in nats, of each further point: which of the few it is (in
/// pointed text most letters carry one).
const MORE_MARK_NATS: f32 = 2.0;

/// A Hebrew point or an Arabic haraka (not the Hebrew punctuation among
/// the points: maqaf, paseq, sof pasuq, nun hafukha).
fn is_point(c: char) -> bool {
    matches!(c as u32, 0x0591..=0x05BD | 0x05BF | 0x05C1 | 0x05C2 | 0x05C4 | 0x05C5 | 0x05C7 | 0x064B..=0x065F | 0x0670)
}

/// A letter that points are written on: Hebrew or Arabic.
fn is_point_base(c: char) -> bool {
    matches!(c as u32, 0x05D0..=0x05EA | 0x0620..=0x064A | 0x066E..=0x066F | 0x0671..=0x06D3 | 0x06D5)
}

/// The cost, in nats, an ideograph outside the Unified Ideographs block
/// (the extensions, compatibility ideographs) adds to
/// [`IDEOGRAPH_NATS`]: the national standards (GB2312, Big5, JIS X 0208,
/// KS X 1001) hold none, so text has them only from the extension ranges
/// of GBK or Big5-HKSCS, where another charset's bytes land more often
/// than text does.
const RARE_IDEOGRAPH_NATS: f32 = 10.0;

/// The cost, in nats, of a reading in ideographs in a file whose UTF-8
/// lines are in an alphabet: another language than the file's.
const SWITCH_NATS: f32 = 4.0;

/// The cost, in nats, a symbol, punctuation mark or digit outside ASCII
/// adds to the `unseen` cost of a letter when it stands where a letter
/// would, glued to a letter of an alphabet (`Rwey†me`, `t－`, `Sl๔wakei`):
/// an unknown letter is a letter at least, a symbol inside a word is
/// what another charset's letters look like.
const GLUED_SIGN_NATS: f32 = 4.0;

/// A digit, mathematical symbol, or punctuation other than a quotation
/// mark, that is not of `letter`'s script (a sign of every script, `†`,
/// `²`, counts as foreign; the Hebrew geresh and the Arabic comma belong
/// with their letters, `“` closes Czech and German quotations).
fn is_foreign_sign(c: char, letter: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    use unicode_script::{ScriptExtension, UnicodeScript};
    let sign = matches!(
        get_general_category(c),
        G::OtherPunctuation
            | G::DashPunctuation
            | G::OpenPunctuation
            | G::ClosePunctuation
            | G::OtherNumber
            | G::DecimalNumber
            | G::MathSymbol
    );
    let scripts = ScriptExtension::from(c);
    sign && (scripts.is_common() || !scripts.contains_script(letter.script()))
}

/// A letter of an alphabet (not an ideograph, kana or a Hangul syllable).
fn is_alphabet_letter(c: char) -> bool {
    c.is_alphabetic() && !is_ideograph(c)
}

/// The language-model cost, in nats, of a kana (fewer than there are
/// ideographs, so each is more common).
const KANA_NATS: f32 = 7.0;

/// How much a nat of the language model weighs against the scorer.
const LANG_WEIGHT: f32 = 0.6;

/// The language-model cost, in nats, of an ideographic character (Han,
/// kana, Hangul), which the model does not cover.
const IDEOGRAPH_NATS: f32 = 10.0;

/// The language-model cost, in nats, of an apostrophe or middle dot
/// inside a word (`l’homme`, `l·l`): a rare letter's, so that a reading
/// cannot hide a letter behind one (`kil’metro`).
const APOSTROPHE_NATS: f32 = 6.0;

/// How much of a language's prior ([`langs::Lang::prior`], how little it
/// is spoken) is added to its cost, in percent.
const PRIOR_PERCENT: u32 = 50;

/// The cost, in units, of a language read in a single-byte charset it is
/// not written in ([`langs::Lang::charsets`]).
const FOREIGN_CHARSET_UNITS: u32 = 4 * 8;

/// The bit of `charset` in [`langs::Lang::charsets`]; 0 for a charset
/// outside [`langs::CHARSETS`] (UTF-8, the CJK charsets), which no
/// language is foreign to.
fn charset_bit(charset: Charset) -> u32 {
    let name = charset.name();
    langs::CHARSETS
        .iter()
        .position(|&n| n == name)
        .map_or(0, |i| 1 << i)
}

/// What a language costs before its letters, in units: its prior, and
/// the cost of the reading's charset (`bit`, see [`charset_bit`]) given
/// the language: [`FOREIGN_CHARSET_UNITS`] when it is not one the
/// language is written in, else -ln of its share of them (a language
/// written in one charset only, Latvian in windows-1257, explains a
/// reading in it better than one written in many).
fn language_units(lang: &langs::Lang, bit: u32) -> u32 {
    let prior = u32::from(lang.prior) * PRIOR_PERCENT / 100;
    if bit == 0 {
        prior
    } else if lang.charsets & bit == 0 {
        prior + FOREIGN_CHARSET_UNITS
    } else {
        let charsets = lang.charsets.count_ones().max(1) as f32;
        prior + (charsets.ln() * langs::UNITS_PER_NAT) as u32
    }
}

/// How many languages, the cheapest by their letters alone, are scored
/// by their letter pairs too.
const PAIR_LANGS: usize = 16;

/// The word boundary in letter pairs.
const BOUNDARY: u32 = 0x20;

/// How a character between letters reads to the language model.
enum Sign {
    /// A letter (or a symbol, which no language uses).
    Letter(char),
    /// Punctuation that is neutral where it stands: a word boundary.
    Neutral,
    /// A word boundary at a flat cost, in nats.
    Flat(f32),
}

/// What `c`, between `prev` and `next`, is to the language model.
/// `guillemets`: whether a guillemet came before in the line (a closing
/// one right after a word needs an opening one: `zmaza»` is a letter).
fn sign(prev: char, c: char, next: char, guillemets: bool) -> Sign {
    // ASCII punctuation and digits read the same in every candidate.
    if c.is_ascii() && !c.is_ascii_alphabetic() {
        return Sign::Neutral;
    }
    let after_letter = prev.is_alphabetic();
    let before_letter = next.is_alphabetic();
    match c {
        // An apostrophe or a middle dot inside a word.
        '’' | '·' if after_letter && before_letter => Sign::Flat(APOSTROPHE_NATS),
        // Opening marks before a word, closing ones after it, dashes and
        // ellipses between words; anywhere else they count as a letter no
        // language uses, so that a reading cannot escape the model by
        // turning letters into symbols (`B†rbades`, `”stafrikansk`).
        '“' | '„' | '‘' | '«' | '‹' | '¡' | '¿' if !after_letter => Sign::Neutral,
        '»' | '›' if !before_letter && (!after_letter || guillemets) => Sign::Neutral,
        '”' | '’' if !before_letter => Sign::Neutral,
        '–' | '—' | '…' if !(after_letter && before_letter) => Sign::Neutral,
        _ => Sign::Letter(c),
    }
}

/// The cost, in nats, of the letters of `text` in the language (of the
/// UDHR's) that explains them best. Each letter (lower-cased) costs -ln
/// of its chance after the letter before (or the word's start), and each
/// word's end the same way: `ðt` is cheap in no language. The languages
/// are first ranked by their letters' shares alone (a letter the
/// language does not use costs its `unseen`), and the best
/// [`PAIR_LANGS`] of them scored by the pairs. Non-ASCII symbols count as letters no language
/// uses (see [`sign`]). Ideographs cost [`IDEOGRAPH_NATS`] each (those
/// outside the Unified Ideographs block [`RARE_IDEOGRAPH_NATS`] more),
/// kana [`KANA_NATS`], and [`SWITCH_NATS`] more in a file whose UTF-8
/// lines are in an alphabet; Hebrew points and Arabic harakat on letters
/// [`MARK_NATS`] for the first, [`MORE_MARK_NATS`] for each other. `context`, the letters of the input's UTF-8 lines
/// ([`letter_counts`]), is added to the text's: the language must explain
/// both. Each language also costs its prior, and more when `charset`, the
/// reading's, is a single-byte charset the language is not written in
/// ([`language_units`]): `Zâlamana` (Latvian read as windows-1252) is not
/// Romani.
pub(crate) fn lang_cost(text: &str, context: &[(u32, u32)], charset: Charset, lines: u32) -> f32 {
    // Words all in ASCII, and the others: every letter, for choosing the
    // languages; the pairs.
    let mut ascii = Letters::default();
    let mut other = Letters::default();
    let mut word: Vec<u32> = Vec::new();
    let mut flat = 0.0f32;
    let mut ideographs = 0u32;
    let mut marks = 0u32;
    let mut kana = 0u32;
    let mut rare_ideographs = 0u32;
    // Symbols, punctuation and digits read as letters next to a letter of
    // an alphabet (`Rwey†me`, `t－`); CJK ones apart.
    let mut glued_signs = 0u32;
    let mut glued_cjk_signs = 0u32;
    // Whether the character before is a Hebrew or Arabic letter, or a
    // point on one.
    let mut pointable = false;
    let mut guillemets = false;
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    loop {
        let Some(c) = chars.next() else {
            flush(&mut word, &mut ascii, &mut other);
            break;
        };
        let next = chars.peek().copied().unwrap_or(' ');
        let after = prev;
        prev = c;
        let quoted = guillemets;
        guillemets |= matches!(c, '«' | '»' | '‹' | '›');
        let letter = match sign(after, c, next, quoted) {
            Sign::Letter(c) => c,
            Sign::Neutral => {
                pointable = false;
                flush(&mut word, &mut ascii, &mut other);
                continue;
            }
            Sign::Flat(nats) => {
                pointable = false;
                flat += nats;
                flush(&mut word, &mut ascii, &mut other);
                continue;
            }
        };
        let special = if matches!(letter as u32, 0x3040..=0x30FF) {
            kana += 1;
            true
        } else if is_ideograph(letter) {
            ideographs += 1;
            if matches!(letter as u32, 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF) {
                rare_ideographs += 1;
            }
            true
        } else if is_point(letter) && pointable {
            // Hebrew points and Arabic harakat are written in some texts
            // of a language and not in others: a flat cost, whatever the
            // language, the first more (the text is pointed at all).
            marks += 1;
            true
        } else {
            false
        };
        pointable = is_point_base(letter) || (special && is_point(letter));
        let neighbour = if is_alphabet_letter(after) {
            Some(after)
        } else {
            Some(next).filter(|&n| is_alphabet_letter(n))
        };
        if !special && neighbour.is_some_and(|n| is_foreign_sign(letter, n)) {
            if matches!(letter as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF) {
                glued_cjk_signs += 1;
            } else {
                glued_signs += 1;
            }
        }
        if special {
            flush(&mut word, &mut ascii, &mut other);
            continue;
        }
        let mut lower = letter.to_lowercase();
        let cp = match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => letter,
        } as u32;
        word.push(cp);
    }
    // A file whose UTF-8 lines are in an alphabet: a reading in
    // ideographs switches language.
    let switch = if ideographs + kana > 0
        && !context.is_empty()
        && !context
            .iter()
            .any(|&(cp, _)| char::from_u32(cp).is_some_and(is_ideograph))
    {
        SWITCH_NATS
    } else {
        0.0
    };
    // CJK punctuation and fullwidth forms belong in a reading with
    // ideographs or kana, not glued to the letters of one without.
    if ideographs + kana == 0 {
        glued_signs += glued_cjk_signs;
    }
    let fixed = GLUED_SIGN_NATS * glued_signs as f32
        + IDEOGRAPH_NATS * ideographs as f32
        + RARE_IDEOGRAPH_NATS * rare_ideographs as f32
        + switch
        + KANA_NATS * kana as f32
        + if marks > 0 {
            MARK_NATS + MORE_MARK_NATS * (marks - 1) as f32
        } else {
            0.0
        }
        + flat;
    // A line in another alphabet than Latin (with no word that mixes it
    // with ASCII letters) quotes its Latin words (names, commands) from a
    // language of their own: they are scored apart, for a small cost, as
    // an ideographic reading's Latin words are.
    let quotes = !ascii.all.is_empty()
        && !other.mixed
        && other
            .all
            .iter()
            .any(|&(cp, _)| cp >= 0x0370 && !(0x1E00..=0x1EFF).contains(&cp));
    let mut units = 0;
    if quotes {
        units += best_language(&ascii, &[], 0, lines) + QUOTED_UNITS;
    } else {
        for &(cp, n) in &ascii.all {
            add(&mut other.all, cp, n);
        }
        for &(key, n) in &ascii.pairs {
            add_pair_key(&mut other.pairs, key, n);
        }
    }
    if !other.all.is_empty() || !context.is_empty() {
        units += best_language(&other, context, charset_bit(charset), lines);
    }
    units as f32 / langs::UNITS_PER_NAT + fixed
}

/// The cost, in units, of Latin words quoted in a line of another
/// alphabet: a switch of language.
const QUOTED_UNITS: u32 = 2 * 8;

/// Letters, and the pairs of neighbours, of some words.
#[derive(Default)]
struct Letters {
    all: Vec<(u32, u32)>,
    pairs: Vec<(u64, u32)>,
    /// Whether a word mixes ASCII letters with others.
    mixed: bool,
}

/// Adds the letters of `word` to `ascii` if they are all ASCII, else to
/// `other`, and empties it.
fn flush(word: &mut Vec<u32>, ascii: &mut Letters, other: &mut Letters) {
    if word.is_empty() {
        return;
    }
    let ascii_letters = word.iter().filter(|&&cp| cp < 0x80).count();
    let to = if ascii_letters == word.len() {
        ascii
    } else {
        other.mixed |= ascii_letters > 0;
        other
    };
    let mut before = BOUNDARY;
    for &cp in word.iter() {
        add(&mut to.all, cp, 1);
        add_pair(&mut to.pairs, before, cp);
        before = cp;
    }
    add_pair(&mut to.pairs, before, BOUNDARY);
    word.clear();
}

/// The cost, in units, of `letters` in the language that explains them
/// (and `context`) best, with its prior and the chance of the charset
/// `bit` given it ([`language_units`]).
fn best_language(letters: &Letters, context: &[(u32, u32)], bit: u32, lines: u32) -> u32 {
    // The languages that explain the letters best on their own, then the
    // best of them with the pairs; the context's letters count in both.
    with_context_costs(context, |context_costs| {
        let alone = costs_by_language(&letters.all);
        let mut ranked: Vec<(u32, u32, &langs::Lang)> = langs::LANGS
            .iter()
            .zip(alone)
            .enumerate()
            .map(|(i, (lang, alone))| {
                let context = context_costs.get(i).copied().unwrap_or(0)
                    + language_units(lang, bit) / lines.max(1);
                (context + alone, context, lang)
            })
            .collect();
        let keep = PAIR_LANGS.min(ranked.len());
        if keep < ranked.len() {
            ranked.select_nth_unstable_by_key(keep, |&(units, _, _)| units);
            ranked.truncate(keep);
        }
        let best = ranked
            .iter()
            .map(|&(_, context, lang)| (context + pairs_cost(lang, &letters.pairs), lang))
            .min_by_key(|&(units, _)| units);
        #[cfg(test)]
        if let Some((units, lang)) = best {
            tests::note_best(lang, units);
            tests::note_all(context_costs, letters, bit, lines);
        }
        best.map_or(0, |(units, _)| units)
    })
}

/// A context's letters and their cost in each language.
type ContextCosts = (Vec<(u32, u32)>, Vec<u32>);

/// The languages that use a letter, and its cost in each.
type LetterUsers = (u32, Vec<(u16, u8)>);

/// Calls `f` with the cost, in units, of the letters of `context` in each
/// language of [`langs::LANGS`] (none when it is empty). A file's context
/// is the same for each of its lines and each candidate charset: the
/// costs are kept for the last context seen (per thread).
fn with_context_costs<R>(context: &[(u32, u32)], f: impl FnOnce(&[u32]) -> R) -> R {
    use std::cell::RefCell;
    thread_local! {
        static LAST: RefCell<ContextCosts> = const { RefCell::new((Vec::new(), Vec::new())) };
    }
    if context.is_empty() {
        return f(&[]);
    }
    let compute = || costs_by_language(context);
    LAST.with(|last| match last.try_borrow_mut() {
        Ok(mut last) => {
            if last.0 != context {
                last.1 = compute();
                last.0 = context.to_vec();
            }
            f(&last.1)
        }
        Err(_) => f(&compute()),
    })
}

/// The key of a pair, as in [`langs::Lang::pairs`] without the cost.
fn pair_key(first: u32, second: u32) -> u64 {
    (u64::from(first) << 29) | (u64::from(second) << 8)
}

/// Adds a use of the pair `first second` to the sorted `pairs`.
fn add_pair(pairs: &mut Vec<(u64, u32)>, first: u32, second: u32) {
    add_pair_key(pairs, pair_key(first, second), 1);
}

/// Adds `n` uses of the pair `key` ([`pair_key`]) to the sorted `pairs`.
fn add_pair_key(pairs: &mut Vec<(u64, u32)>, key: u64, n: u32) {
    match pairs.binary_search_by_key(&key, |&(k, _)| k) {
        Ok(i) => {
            if let Some(entry) = pairs.get_mut(i) {
                entry.1 += n;
            }
        }
        Err(i) => pairs.insert(i, (key, n)),
    }
}

/// For each letter some language uses: (language, its cost there) for
/// every language of [`langs::LANGS`] that uses it, the letters sorted.
fn letter_index() -> &'static [LetterUsers] {
    static INDEX: std::sync::OnceLock<Vec<LetterUsers>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: std::collections::BTreeMap<u32, Vec<(u16, u8)>> =
            std::collections::BTreeMap::new();
        for (i, lang) in langs::LANGS.iter().enumerate() {
            let i = u16::try_from(i).unwrap_or(u16::MAX);
            for &(cp, cost, _) in lang.letters {
                index.entry(cp).or_default().push((i, cost));
            }
        }
        index.into_iter().collect()
    })
}

/// [`letters_cost`] of the sorted `counts` in every language of
/// [`langs::LANGS`], in their order: every letter at the language's
/// `unseen`, corrected for the languages that use it.
fn costs_by_language(counts: &[(u32, u32)]) -> Vec<u32> {
    let total: u32 = counts.iter().map(|&(_, n)| n).sum();
    let mut units: Vec<u32> = langs::LANGS
        .iter()
        .map(|lang| u32::from(lang.unseen) * total)
        .collect();
    let index = letter_index();
    for &(cp, n) in counts {
        let Ok(at) = index.binary_search_by_key(&cp, |(k, _)| *k) else {
            continue;
        };
        for &(lang, cost) in index.get(at).map_or(&[][..], |(_, users)| users) {
            if let (Some(unit), Some(l)) = (
                units.get_mut(usize::from(lang)),
                langs::LANGS.get(usize::from(lang)),
            ) {
                // A language's letters never cost more than its `unseen`.
                *unit -= u32::from(l.unseen.saturating_sub(cost)) * n;
            }
        }
    }
    units
}

/// The cost, in units, of the sorted letter `counts` in `lang`, each on
/// its own.
#[cfg(test)]
fn letters_cost(lang: &langs::Lang, counts: &[(u32, u32)]) -> u32 {
    // Both lists are sorted: merge them.
    let mut units = 0u32;
    let mut letters = lang.letters.iter().peekable();
    for &(cp, n) in counts {
        while letters.next_if(|&&(k, _, _)| k < cp).is_some() {}
        let cost = match letters.peek() {
            Some(&&(k, cost, _)) if k == cp => cost,
            _ => lang.unseen,
        };
        units += u32::from(cost) * n;
    }
    units
}

/// The cost, in units, of the sorted `pairs` in `lang`: each second
/// letter given the first.
fn pairs_cost(lang: &langs::Lang, pairs: &[(u64, u32)]) -> u32 {
    let letter = |cp: u32| {
        lang.letters
            .binary_search_by_key(&cp, |&(k, _, _)| k)
            .ok()
            .and_then(|i| lang.letters.get(i))
    };
    let mut units = 0u32;
    let mut rest = lang.pairs;
    for &(key, n) in pairs {
        // Both lists are sorted: search only past the last match.
        let at = rest.partition_point(|&k| k & !0xFF < key);
        rest = rest.get(at..).unwrap_or_default();
        let cost = match rest.first() {
            Some(&k) if k & !0xFF == key => (k & 0xFF) as u32,
            _ => {
                let first = (key >> 29) as u32;
                let second = ((key >> 8) & 0x1F_FFFF) as u32;
                let backoff = letter(first).map_or(0, |&(_, _, b)| u32::from(b));
                let cost = letter(second).map_or(u32::from(lang.unseen), |&(_, c, _)| u32::from(c));
                backoff + cost
            }
        };
        units += cost * n;
    }
    units
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
    let (guess, _) = chardetng_guess(lines.iter().copied());
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
    best(&scored, guess, Bonus::Evidence, None, context)
}

/// The best charset for one line that is not UTF-8 (or, with
/// `utf8_too`, may not be): `prior`, the file's charset, gets a bonus.
pub(crate) fn choose_line(
    line: &[u8],
    prior: Option<Charset>,
    utf8_too: bool,
    context: &[(u32, u32)],
) -> Charset {
    let (guess, bonus) = match prior {
        Some(prior) => (prior, Bonus::Flat(PRIOR_BONUS)),
        None => (chardetng_guess(std::iter::once(line)).0, Bonus::Evidence),
    };
    let extra = utf8_too.then_some(Charset::UTF_8);
    best(&[line], guess, bonus, extra, context)
}

/// The bonus of the favoured charset over another in [`best`].
#[derive(Clone, Copy)]
enum Bonus {
    /// The same over every other charset.
    Flat(f32),
    /// The `chardetng` guess's: [`GUESS_BONUS_BASE`], plus
    /// [`GUESS_BONUS_PER_BYTE`] for each non-ASCII byte that the two
    /// charsets read differently (up to [`GUESS_BONUS_CAP`]). Its evidence
    /// is about the bytes: between two charsets that read most of them
    /// alike (ISO-8859-7 and windows-1253), only the bytes they read
    /// differently tell them apart, and there the scorer decides.
    Evidence,
}

/// The characters of the bytes 0x80 to 0xFF in a single-byte `charset`
/// (`None` for a multi-byte one), kept per thread.
fn high_chars(charset: Charset) -> Option<[char; 128]> {
    use std::cell::RefCell;
    thread_local! {
        static TABLES: RefCell<Vec<(Charset, Option<[char; 128]>)>> = const { RefCell::new(Vec::new()) };
    }
    let single = charset.encoding().is_none_or(Encoding::is_single_byte);
    if !single {
        return None;
    }
    let compute = || {
        let mut table = ['\u{FFFD}'; 128];
        let mut text = String::new();
        for (b, slot) in (0x80u8..=0xFF).zip(table.iter_mut()) {
            text.clear();
            charset.decode_into(&[b], &mut text);
            *slot = text.chars().next().unwrap_or('\u{FFFD}');
        }
        table
    };
    TABLES.with(|tables| match tables.try_borrow_mut() {
        Ok(mut tables) => {
            if let Some(&(_, table)) = tables.iter().find(|(c, _)| *c == charset) {
                return table;
            }
            let table = Some(compute());
            tables.push((charset, table));
            table
        }
        Err(_) => Some(compute()),
    })
}

/// How many of the non-ASCII bytes counted in `histogram` (per byte
/// 0x80 to 0xFF) `a` and `b` read differently: all of them unless both
/// are single-byte charsets.
fn differing_bytes(histogram: &[u32; 128], a: Charset, b: Charset) -> u32 {
    match (high_chars(a), high_chars(b)) {
        (Some(x), Some(y)) => histogram
            .iter()
            .zip(x.iter().zip(y.iter()))
            .filter(|(_, (p, q))| p != q)
            .map(|(&n, _)| n)
            .sum(),
        _ => histogram.iter().sum(),
    }
}

/// The candidate (or `favoured`, or `extra`) with the lowest cost over
/// `lines`, `favoured`'s cost lowered by `bonus` against each. Ties go to
/// `favoured`, then to the earlier candidate.
fn best(
    lines: &[&[u8]],
    favoured: Charset,
    bonus: Bonus,
    extra: Option<Charset>,
    context: &[(u32, u32)],
) -> Charset {
    let mut scratch = String::new();
    let total = |charset: Charset, scratch: &mut String| -> f32 {
        match lines {
            [] => 0.0,
            [line] => cost_of_line(charset, line, context, 1, scratch).0,
            _ => file_cost(charset, lines, context, scratch),
        }
    };
    let mut histogram = [0u32; 128];
    if let Bonus::Evidence = bonus {
        for &b in lines.iter().flat_map(|line| line.iter()) {
            if let Some(n) = histogram.get_mut(usize::from(b).wrapping_sub(0x80)) {
                *n += 1;
            }
        }
    }
    // A guess outside the candidates is a charset few files are in: it
    // needs more evidence than one the scorer tries anyway.
    let rare = match bonus {
        Bonus::Evidence if !candidates().contains(&favoured) => RARE_CHARSET_COST,
        _ => 0.0,
    };
    let favoured_cost = total(favoured, &mut scratch) + rare;
    let mut best = favoured;
    let mut best_cost = f32::INFINITY;
    for charset in extra.into_iter().chain(candidates()) {
        if charset == favoured {
            continue;
        }
        let c = total(charset, &mut scratch);
        let margin = match bonus {
            Bonus::Flat(bonus) => bonus,
            Bonus::Evidence => {
                let evidence = differing_bytes(&histogram, favoured, charset) as f32;
                GUESS_BONUS_BASE + (GUESS_BONUS_PER_BYTE * evidence).min(GUESS_BONUS_CAP)
            }
        };
        if c < favoured_cost - margin && c < best_cost {
            best = charset;
            best_cost = c;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static BEST: std::cell::RefCell<Vec<(usize, u32)>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    /// Records the language [`best_language`] chose (for `debug_bytes`).
    pub(super) fn note_best(lang: &langs::Lang, units: u32) {
        let i = langs::LANGS
            .iter()
            .position(|l| std::ptr::eq(l, lang))
            .unwrap_or(usize::MAX);
        BEST.with(|b| b.borrow_mut().push((i, units)));
    }

    thread_local! {
        static ALL: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
    }

    /// With `ALL` on, records every language's cost of `letters`.
    pub(super) fn note_all(context_costs: &[u32], letters: &Letters, bit: u32, lines: u32) {
        ALL.with(|all| {
            let mut all = all.borrow_mut();
            let Some(rows) = all.as_mut() else { return };
            let names = lang_names();
            let alone = costs_by_language(&letters.all);
            let mut v: Vec<(u32, String)> = langs::LANGS
                .iter()
                .enumerate()
                .map(|(i, lang)| {
                    let ctx = context_costs.get(i).copied().unwrap_or(0);
                    let lu = language_units(lang, bit) / lines.max(1);
                    let pc = pairs_cost(lang, &letters.pairs);
                    (
                        ctx + lu + pc,
                        format!(
                            "{} total {} lang_units {} (prior {}) alone {} pairs {}",
                            names.get(i).cloned().unwrap_or_default(),
                            ctx + lu + pc,
                            lu,
                            lang.prior,
                            alone[i],
                            pc
                        ),
                    )
                })
                .collect();
            v.sort();
            rows.extend(v.into_iter().take(12).map(|(_, s)| s));
        });
    }

    /// `MOJIFIX_LANGS='label|text' cargo test --release --lib debug_langs -- --ignored --nocapture`
    /// prints the cheapest languages of the reading of `text`'s bytes in
    /// `label` (all languages, not only those ranked first).
    #[test]
    #[ignore]
    fn debug_langs() {
        let arg = std::env::var("MOJIFIX_LANGS").unwrap_or_default();
        let (label, rest) = arg.split_once('|').unwrap();
        let (read, text) = rest.split_once('|').unwrap();
        let bytes = match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(enc) => enc.encode(text).0.into_owned(),
            None => Codec::from_name(label).unwrap().encode(text).unwrap(),
        };
        let charset = match encoding_rs::Encoding::for_label(read.as_bytes()) {
            Some(enc) => Charset::from_encoding(enc),
            None => Charset::dos(Codec::from_name(read).unwrap()),
        };
        let mut s = String::new();
        charset.decode_into(&bytes, &mut s);
        ALL.with(|a| *a.borrow_mut() = Some(Vec::new()));
        let lc = lang_cost(&s, &[], charset, 1);
        println!("{s:?} in {}: {lc}", charset.name());
        ALL.with(|a| {
            for r in a.borrow().as_ref().unwrap() {
                println!("  {r}");
            }
        });
    }

    fn lang_names() -> Vec<String> {
        include_str!("langs.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("    // "))
            .filter(|l| !l.starts_with('/'))
            .map(str::to_owned)
            .collect()
    }

    /// `MOJIFIX_BYTES='label|text' cargo test --release --lib debug_bytes -- --ignored --nocapture`
    /// prints each candidate charset's reading and costs.
    #[test]
    #[ignore]
    fn debug_bytes() {
        let arg = std::env::var("MOJIFIX_BYTES").unwrap_or_default();
        let top: usize = std::env::var("MOJIFIX_TOP")
            .ok()
            .and_then(|t| t.parse().ok())
            .unwrap_or(usize::MAX);
        for entry in arg.lines() {
            debug_one(entry, top);
        }
    }

    fn debug_one(entry: &str, top: usize) {
        let (label, text) = entry.split_once('|').unwrap();
        let bytes = match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(enc) => enc.encode(text).0.into_owned(),
            None => Codec::from_name(label).unwrap().encode(text).unwrap(),
        };
        let names = lang_names();
        let (guess, non_ascii) = chardetng_guess(std::iter::once(&bytes[..]));
        println!("chardetng {} non-ascii {non_ascii}", guess.name());
        let mut rows = Vec::new();
        for charset in std::iter::once(guess).chain(candidates()) {
            let mut s = String::new();
            let d = charset.decode_into(&bytes, &mut s);
            BEST.with(|b| b.borrow_mut().clear());
            let lc = lang_cost(&s, &[], charset, 1);
            let best: Vec<String> = BEST.with(|b| {
                b.borrow()
                    .iter()
                    .map(|&(i, u)| format!("{}:{u}", names.get(i).cloned().unwrap_or_default()))
                    .collect()
            });
            let tc = text_cost(&s);
            let un = uncommon_codes(charset, &bytes);
            let total = tc
                + LANG_WEIGHT * lc
                + REPLACED_COST * d.replaced as f32
                + UNCOMMON_COST * un as f32;
            rows.push((
                total,
                format!(
                    "{:>8.2} text {:>7.2} lang {:>7.2} rep {} unc {un} {:<14} {s:?} {best:?}",
                    total,
                    tc,
                    lc,
                    d.replaced,
                    charset.name()
                ),
            ));
        }
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (_, r) in rows.into_iter().take(top) {
            println!("{r}");
        }
    }

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
    fn short_words_read_in_their_own_charset() {
        // One letter outside ASCII each: which charset it is in shows in
        // the letters around it (`gaišties`, not `gaiðties`).
        for (encoding, word) in [
            (encoding_rs::WINDOWS_1257, "gaišties"),
            (encoding_rs::WINDOWS_1250, "Feničansko pismo"),
            (encoding_rs::ISO_8859_2, "argentínai téli idő"),
            (encoding_rs::WINDOWS_1251, "даргинче"),
        ] {
            let (bytes, _, _) = encoding.encode(word);
            let mut text = String::new();
            choose(&[&bytes], &[]).decode_into(&bytes, &mut text);
            assert_eq!(text, word);
        }
    }

    #[test]
    fn letters_in_an_order_no_language_uses_cost_more() {
        // The same letters, in a Latvian order and in no language's.
        assert!(
            lang_cost("gaišties", &[], Charset::UTF_8, 1)
                < lang_cost("gašities", &[], Charset::UTF_8, 1)
        );
        // A closing quote before a word, an inverted mark after one, are
        // not punctuation.
        assert!(
            lang_cost("”stafrikansk", &[], Charset::UTF_8, 1)
                > lang_cost("“stafrikansk", &[], Charset::UTF_8, 1)
        );
        assert!(
            lang_cost("Neamhbhail¡", &[], Charset::UTF_8, 1)
                > lang_cost("¡Neamhbhail", &[], Charset::UTF_8, 1)
        );
    }

    #[test]
    fn big5_read_as_another_cjk_charset_leaves_its_everyday_range() {
        let (bytes, _, _) = encoding_rs::BIG5.encode("領域名稱「%s」不適合作為檔案名稱");
        let uncommon = |encoding| uncommon_codes(Charset::from_encoding(encoding), &bytes);
        assert_eq!(uncommon(encoding_rs::BIG5), 0);
        assert!(uncommon(encoding_rs::GBK) > 5);
        assert_eq!(uncommon(encoding_rs::WINDOWS_1252), 0);
        // Kana in a Chinese or Korean charset, and in a Japanese one.
        let kana = |encoding: &'static Encoding| {
            let (bytes, _, _) = encoding.encode("ひらがなカタカナ");
            uncommon_codes(Charset::from_encoding(encoding), &bytes)
        };
        assert_eq!(kana(encoding_rs::GBK), 8);
        assert_eq!(kana(encoding_rs::EUC_KR), 8);
        assert_eq!(kana(encoding_rs::EUC_JP), 0);
        // A short field, with little for the letter model to go on.
        let (bytes, _, _) = encoding_rs::BIG5.encode("IEF 影像");
        assert_eq!(choose(&[&bytes], &[]).name(), "Big5");
        // Traditional characters in GBK: read as Big5, they include
        // characters of the extension blocks (`㷌`).
        let (bytes, _, _) = encoding_rs::GBK.encode("檔名");
        assert_eq!(
            chardetng_guess(std::iter::once(&bytes[..])).0.name(),
            "Big5"
        );
        assert_eq!(choose(&[&bytes], &[]).name(), "GBK");
    }

    #[test]
    fn the_letter_index_costs_letters_as_each_language_does() {
        let mut counts = Vec::new();
        for c in "žluťoučký kůň съешь ещё 𝔷"
            .chars()
            .filter(|c| c.is_alphabetic())
        {
            add(&mut counts, c as u32, 1);
        }
        let by_index = costs_by_language(&counts);
        let direct: Vec<u32> = langs::LANGS
            .iter()
            .map(|lang| letters_cost(lang, &counts))
            .collect();
        assert_eq!(by_index, direct);
        // The context's costs are kept, not changed, from one call to the
        // next.
        let first = lang_cost("ещё", &counts, Charset::UTF_8, 1);
        assert_eq!(lang_cost("ещё", &counts, Charset::UTF_8, 1), first);
        assert!(lang_cost("ещё", &[], Charset::UTF_8, 1) < first);
    }

    #[test]
    fn a_language_read_in_a_charset_it_is_not_written_in_costs_more() {
        // Latvian is written in windows-1257, not windows-1252: the same
        // letters cost more in a reading no Latvian text is in.
        let text = "Zālamana salu dolārs";
        let as_1252 = Charset::from_encoding(encoding_rs::WINDOWS_1252);
        let as_1257 = Charset::from_encoding(encoding_rs::WINDOWS_1257);
        assert!(lang_cost(text, &[], as_1252, 1) > lang_cost(text, &[], as_1257, 1));
        // And the field, in windows-1257, reads as Latvian.
        let (bytes, _, _) = encoding_rs::WINDOWS_1257.encode(text);
        assert_eq!(choose(&[&bytes], &[]), as_1257);
        // Every language is written in UTF-8.
        assert_eq!(charset_bit(Charset::UTF_8), 0);
    }

    #[test]
    fn latin_words_in_a_line_of_another_alphabet_are_quoted() {
        // Arabic with an English name: the name does not make the Arabic
        // letters pay for Latin ones, as an ideographic reading would not.
        let text = "السلوفاكية (Sun Type 6/7)";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        assert_eq!(choose(&[&bytes], &[]).name(), "windows-1256");
        let utf8 = Charset::UTF_8;
        assert!(
            lang_cost(text, &[], utf8, 1)
                < lang_cost("السلوفاكية", &[], utf8, 1) + lang_cost("Sun Type", &[], utf8, 1) + 4.0
        );
    }

    #[test]
    fn the_bytes_two_charsets_read_differently_decide_between_them() {
        // Greek in ISO-8859-7: windows-1253 reads every byte alike but `’`
        // (`Ά`), however much Greek `chardetng` saw.
        let mut text = String::new();
        for _ in 0..20 {
            text.push_str("Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια.\n");
        }
        text.push_str("Το αρχείο του John’s δεν είναι εδώ.\n");
        let (bytes, _, _) = encoding_rs::ISO_8859_7.encode(&text);
        let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
        let (guess, _) = chardetng_guess(lines.iter().copied());
        assert_eq!(guess.name(), "windows-1253");
        assert_eq!(choose(&lines, &[]).name(), "ISO-8859-7");
    }

    #[test]
    fn a_rare_charset_needs_more_than_a_letter_of_evidence() {
        // `chardetng` guesses ISO-8859-4 (`naīve`) from the one byte.
        let word: &[u8] = b"na\xefve";
        assert_eq!(
            chardetng_guess(std::iter::once(word)).0.name(),
            "ISO-8859-4"
        );
        assert_eq!(choose(&[word], &[]).name(), "windows-1252");
        // A line of Latvian in ISO-8859-4 has the evidence.
        let text = "Visi cilvēki piedzimst brīvi un vienlīdzīgi savā pašcieņā un tiesībās.";
        let (bytes, _, _) = encoding_rs::ISO_8859_4.encode(text);
        assert_eq!(choose(&[&bytes], &[]).name(), "ISO-8859-4");
    }

    #[test]
    fn a_sign_glued_to_the_letters_of_another_script_costs_more() {
        for (sign, letter) in [('†', 'e'), ('²', 'k'), ('๙', 'r'), ('‥', 'S')] {
            assert!(is_foreign_sign(sign, letter), "{sign} {letter}");
        }
        // Signs of the letters' own script, quotation marks, letters.
        for (sign, letter) in [('׳', 'ו'), ('،', 'ك'), ('๙', 'ก'), ('“', 'č'), ('é', 'r')]
        {
            assert!(!is_foreign_sign(sign, letter), "{sign} {letter}");
        }
        // cp850's `å` is windows-1252's `†`; CJK punctuation glued to
        // Latin letters, in a reading with no ideographs (cp850's `ín` is
        // Big5's `》`).
        for text in ["Rweyåme di Tonga", "florín de Aruba"] {
            let bytes = Codec::Cp850.encode(text).unwrap_or_default();
            let mut read = String::new();
            choose(&[&bytes], &[]).decode_into(&bytes, &mut read);
            assert_eq!(read, text);
        }
    }

    #[test]
    fn a_file_whose_lines_need_different_languages_costs_more() {
        let utf8 = Charset::UTF_8;
        let mut scratch = String::new();
        let per_line = |lines: &[&[u8]], scratch: &mut String| -> f32 {
            lines
                .iter()
                .map(|line| cost_of_line(utf8, line, &[], 2, scratch).0)
                .sum()
        };
        // French and Latvian: each line has its language, the file none.
        let mixed: [&[u8]; 2] = ["garçon français".as_bytes(), "brīvība valsts".as_bytes()];
        assert!(file_cost(utf8, &mixed, &[], &mut scratch) > per_line(&mixed, &mut scratch) + 1.0);
        // Two lines of one language cost what they cost apart.
        let one: [&[u8]; 2] = ["garçon français".as_bytes(), "leçon reçue".as_bytes()];
        let apart = per_line(&one, &mut scratch);
        assert!((file_cost(utf8, &one, &[], &mut scratch) - apart).abs() < 0.5);
    }

    #[test]
    fn points_count_as_points_only_on_letters() {
        let utf8 = Charset::UTF_8;
        // A point on a letter, and the same point after a maqaf (a
        // hyphen, which no point is written on).
        assert!(lang_cost("א\u{5B0}־", &[], utf8, 1) < lang_cost("א־\u{5B0}", &[], utf8, 1));
        // Each point after the first costs less than the first.
        let one = lang_cost("ك\u{64E}تب", &[], utf8, 1) - lang_cost("كتب", &[], utf8, 1);
        let three =
            lang_cost("ك\u{64E}ت\u{64E}ب\u{64E}", &[], utf8, 1) - lang_cost("كتب", &[], utf8, 1);
        assert!(three < 3.0 * one, "{one} {three}");
    }

    #[test]
    fn a_file_in_an_alphabet_reads_its_other_lines_in_it() {
        // The letters of a file's Arabic UTF-8 lines; a short line in
        // windows-1256 whose bytes also read as two common ideographs.
        let context = letter_counts(std::iter::repeat_n("مرحبا بكم في الموقع", 10));
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("شباك");
        assert_eq!(
            choose_line(&bytes, None, true, &context).name(),
            "windows-1256"
        );
    }

    #[test]
    fn a_closing_guillemet_right_after_a_word_needs_an_opening_one() {
        // Slovak in ISO-8859-2: `ť` (0xBB) is `»` in windows-1250.
        let (bytes, _, _) = encoding_rs::ISO_8859_2.encode("Nepodarilo sa otvoriť");
        assert_eq!(choose(&[&bytes], &[]).name(), "ISO-8859-2");
        let utf8 = Charset::UTF_8;
        assert!(lang_cost("otvori»", &[], utf8, 1) > lang_cost("otvori", &[], utf8, 1) + 4.0);
        // Quoted words.
        for quoted in ["«otvori»", "« otvori »"] {
            assert_eq!(
                lang_cost(quoted, &[], utf8, 1),
                lang_cost("otvori", &[], utf8, 1)
            );
        }
    }

    #[test]
    fn a_cyrillic_line_reads_as_cyrillic() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Съешь же ещё этих мягких французских булок");
        let charset = choose(&[&bytes], &[]);
        assert_eq!(charset.name(), "windows-1251");
    }
}
