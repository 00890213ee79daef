//! The hot-path scanner: proves a line clean without scoring it.
//!
//! Almost every line a pipeline sees is clean, and almost every clean line
//! is either pure ASCII or contains nothing that could be a repairable
//! sequence. The scanner answers "could this be mojibake?" by skipping
//! ASCII a machine word at a time and testing each non-ASCII character
//! with the one or two characters after it:
//!
//! - a character some single-byte chain would change (a C1 control meant
//!   as windows-1252) is a trigger on its own;
//! - a 2-byte UTF-8 lead under some chain's wrong codec (`Ã`, `Ð`, `Р`)
//!   triggers when a continuation character follows, or a space, `?` or
//!   U+FFFD that may stand for a lost or flattened byte;
//! - a 3- or 4-byte lead (`â`, `ð`) triggers when a continuation follows,
//!   directly or after one such stand-in.
//!
//! The sets are derived from the chain table at first use, and each test
//! is a superset of what the detector looks for, so adding a chain can
//! never make the scanner skip its mojibake. [`reference`] holds the
//! obvious character loop; a property test keeps the two in agreement on
//! every input.

use std::sync::OnceLock;

use crate::chain::Chain;

#[cfg(test)]
pub(crate) mod reference;

/// A map from characters to a mask of the chains they play a part in:
/// a table below U+0800, a sorted list above.
struct CharSet {
    low: Vec<u64>,
    high: Vec<(char, u64)>,
}

impl CharSet {
    fn new() -> CharSet {
        CharSet {
            low: vec![0; 0x800],
            high: Vec::new(),
        }
    }

    /// Marks `c` for the chains in `mask`.
    fn insert(&mut self, c: char, mask: u64) {
        match self.low.get_mut(c as usize) {
            Some(m) => *m |= mask,
            None => self.high.push((c, mask)),
        }
    }

    fn finish(mut self) -> CharSet {
        self.high.sort_unstable_by_key(|&(c, _)| c);
        let mut merged: Vec<(char, u64)> = Vec::with_capacity(self.high.len());
        for (c, m) in self.high {
            match merged.last_mut() {
                Some((last, lm)) if *last == c => *lm |= m,
                _ => merged.push((c, m)),
            }
        }
        self.high = merged;
        self
    }

    /// The chains `c` plays this part in.
    #[inline]
    fn get(&self, c: char) -> u64 {
        match self.low.get(c as usize) {
            Some(&m) => m,
            None => self
                .high
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .and_then(|i| self.high.get(i))
                .map_or(0, |&(_, m)| m),
        }
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        self.get(c) != 0
    }
}

/// The scanner's character sets, derived from the chain table.
struct Triggers {
    /// Changed by a single-byte chain.
    single: CharSet,
    /// A 2-byte UTF-8 lead (or Java's C0) under some chain.
    lead2: CharSet,
    /// 2-byte leads whose sequence with a flattened A0 (`Ã ` for `à`) is a
    /// character of the scripts such text is written in.
    lead2_a0: CharSet,
    /// A 3- or 4-byte UTF-8 lead under some chain.
    lead34: CharSet,
    /// A UTF-8 continuation byte under some chain.
    cont: CharSet,
    /// Under a multi-byte wrong codec: one character holding a whole
    /// 2-byte UTF-8 sequence (`茅` for `é` read as GBK).
    wide_lead2: CharSet,
    /// Under a multi-byte wrong codec: one character holding the lead and a
    /// continuation of a longer sequence (`鈥` for `E2 80`).
    wide_lead34: CharSet,
    /// High-half characters of a single-byte codec that reads multi-byte
    /// legacy text (`Ä` in `ÄãºÃ`, GBK read as windows-1252).
    wide_high: CharSet,
    /// The multi-byte codecs that some chain reads UTF-8 with.
    wide_wrong: Vec<crate::codec::Codec>,
    /// Changed into a letter by a chain between two Latin code pages.
    latin: CharSet,
    /// Under the multi-byte wrong codecs in `mask`: a character of one
    /// byte that is a UTF-8 lead (`ﾃ`, Shift_JIS's reading of `C3`).
    wide_lead_single: CharSet,
    /// Under the multi-byte wrong codecs in `mask` (bits by position in
    /// `wide_wrong`): an everyday CJK character that holds a UTF-8 lead and
    /// continuation and that this codec does not count as everyday.
    wide_lead34_own: CharSet,
}

fn triggers() -> &'static Triggers {
    static TRIGGERS: OnceLock<Triggers> = OnceLock::new();
    TRIGGERS.get_or_init(|| {
        let mut lead2_a0 = CharSet::new();
        let (mut single, mut lead2, mut lead34, mut cont) = (
            CharSet::new(),
            CharSet::new(),
            CharSet::new(),
            CharSet::new(),
        );
        let (mut wide_lead2, mut wide_lead34, mut wide_high) =
            (CharSet::new(), CharSet::new(), CharSet::new());
        let mut wide_wrong = Vec::new();
        let mut wide_lead34_own = CharSet::new();
        let mut latin = CharSet::new();
        let mut wide_lead_single = CharSet::new();
        for chain in Chain::all().iter().filter(|c| c.is_latin_to_latin()) {
            for b in 0x80..=0xFFu8 {
                if let (Some(c), Some(r)) = (chain.wrong.char_of(b), chain.right.char_of(b))
                    && c != r
                    && r.is_alphabetic()
                {
                    latin.insert(c, 1);
                }
            }
        }
        for chain in Chain::all().iter().filter(|c| c.is_wide() || c.is_legacy()) {
            if chain.is_legacy()
                && matches!(
                    chain.wrong,
                    crate::codec::Codec::Windows1251 | crate::codec::Codec::Koi8R
                )
            {
                // Cyrillic read as Cyrillic: see `cyrillic_shuffle`.
                continue;
            }
            if chain.wrong.is_single_byte() {
                for c in (0x81..=0xFFu8).filter_map(|b| chain.wrong.char_of(b)) {
                    wide_high.insert(c, 1);
                }
            } else if chain.is_utf8() {
                let bit = match wide_wrong.iter().position(|&w| w == chain.wrong) {
                    Some(i) => 1u64 << (i % 64),
                    None => {
                        wide_wrong.push(chain.wrong);
                        let bit = 1u64 << ((wide_wrong.len() - 1) % 64);
                        for lead in 0xC2..=0xF4u8 {
                            let decoded = chain.wrong.decode(&[lead]);
                            let mut chars = decoded.as_deref().unwrap_or_default().chars();
                            if let (Some(c), None) = (chars.next(), chars.next())
                                && !c.is_ascii()
                            {
                                wide_lead_single.insert(c, bit);
                            }
                        }
                        bit
                    }
                };
                for lead in 0xC2..=0xF4u8 {
                    for trail in 0x80..=0xBFu8 {
                        let Some(s) = chain.wrong.decode(&[lead, trail]) else {
                            continue;
                        };
                        for c in s.chars().filter(|c| !c.is_ascii()) {
                            if lead <= 0xDF {
                                wide_lead2.insert(c, 1);
                            } else if lead == 0xE2 || !crate::score::is_common_cjk(c) {
                                // Everyday CJK characters are left out: they
                                // are clean text far more often than `鈥`.
                                // Those holding `E2` and a continuation stay
                                // in: `E2 80`-`E2 84` start the quotes,
                                // dashes and signs of every script's text
                                // (`窶`, Shift_JIS's reading of `’`).
                                wide_lead34.insert(c, 1);
                            } else if !chain.wrong.is_common_code(lead, trail) {
                                // Everyday somewhere, but not in this codec
                                // (`逝`, EUC-KR's reading of Bengali `E0 A6`):
                                // only when the next character goes on with
                                // a continuation byte.
                                wide_lead34_own.insert(c, bit);
                            }
                        }
                    }
                }
            }
        }
        for (index, chain) in Chain::all()
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_wide() && !c.is_legacy())
        {
            let bit = 1u64 << (index % 64);
            for b in 0x80..=0xFFu8 {
                let Some(c) = chain.wrong.char_of(b) else {
                    continue;
                };
                if !chain.is_utf8() {
                    if chain.right.char_of(b) != Some(c) {
                        single.insert(c, bit);
                    }
                    continue;
                }
                match b {
                    0x80..=0xBF => cont.insert(c, bit),
                    0xC0 | 0xC2..=0xDF => {
                        lead2.insert(c, bit);
                        if a0_is_plausible(b) {
                            lead2_a0.insert(c, bit);
                        }
                    }
                    0xE0..=0xF4 => lead34.insert(c, bit),
                    _ => {}
                }
                // The windows-1252 chain also reads C1 controls as bytes.
                if let Some(c1) = char::from_u32(u32::from(b)).filter(|_| b < 0xA0)
                    && chain.byte_of(c1) == Some(b)
                {
                    cont.insert(c1, bit);
                }
            }
        }
        Triggers {
            single: single.finish(),
            lead2: lead2.finish(),
            lead2_a0: lead2_a0.finish(),
            lead34: lead34.finish(),
            cont: cont.finish(),
            wide_lead2: wide_lead2.finish(),
            wide_lead34: wide_lead34.finish(),
            wide_high: wide_high.finish(),
            wide_wrong,
            wide_lead34_own: wide_lead34_own.finish(),
            latin: latin.finish(),
            wide_lead_single: wide_lead_single.finish(),
        }
    })
}

/// True when the 2-byte UTF-8 sequence of `lead` and A0 is a character a
/// flattened no-break space plausibly hid: a no-break space or a letter of
/// the alphabets whose text goes through single-byte decoders (`à`, `Š`,
/// `Р`, `Π`), not a stray letter of some other block.
fn a0_is_plausible(lead: u8) -> bool {
    use unicode_script::{Script, UnicodeScript};
    let Some(c) = std::str::from_utf8(&[lead, 0xA0])
        .ok()
        .and_then(|s| s.chars().next())
    else {
        return false;
    };
    c == '\u{A0}'
        || (c.is_alphabetic()
            && !crate::score::classify(c).is_rare()
            && matches!(
                c.script(),
                Script::Latin | Script::Greek | Script::Cyrillic | Script::Hebrew
            ))
}

/// Characters that may stand for a lost or flattened continuation byte.
#[inline]
fn is_stand_in(c: char) -> bool {
    matches!(c, ' ' | '?' | '\u{FFFD}')
}

/// True when `c`, after `prev` and followed by `next` and `after`, could
/// begin a sequence some chain repairs. For multi-byte chains the tests
/// are looser supersets, chosen so that clean CJK text rarely passes them:
/// a character holding a whole 2-byte UTF-8 sequence must touch ASCII
/// (mis-decoded Latin text sits among ASCII letters; Chinese rarely
/// does), a character holding a lead and continuation counts only when no
/// CJK standard calls it common, three high-half characters in a row may
/// be CJK bytes read as windows-1252, and two uncommon Han characters in a
/// row may be Big5 read as GBK or the reverse. Three characters in a row
/// that each hold a 2-byte UTF-8 sequence and share the rows of the code
/// table may be a small alphabet read as CJK (`屑芯谢写邪胁`, Russian read as
/// GBK), even away from ASCII.
#[inline]
pub(crate) fn is_trigger(
    prev: Option<char>,
    c: char,
    next: Option<char>,
    after: Option<char>,
) -> bool {
    let t = triggers();
    // Chains under which `x` is a continuation, or may stand for one.
    let cont = |x: Option<char>| x.map_or(0, |x| t.cont.get(x));
    let cont_or_stand_in = |x: Option<char>| match x {
        Some(x) if is_stand_in(x) && x != ' ' => u64::MAX,
        other => cont(other),
    };
    let stand_in = |x: Option<char>| x.is_some_and(is_stand_in);
    let replaced = |x: Option<char>| x == Some('\u{FFFD}');
    let ascii = |x: Option<char>| x.is_some_and(|x| x.is_ascii());
    let high = |x: Option<char>| x.is_some_and(|x| t.wide_high.contains(x));
    t.single.contains(c)
        || t.lead2.get(c) & cont_or_stand_in(next) != 0
        || (next == Some(' ') && t.lead2_a0.contains(c))
        || t.lead34.get(c) & (cont(next) | if stand_in(next) { cont(after) } else { 0 }) != 0
        || t.wide_lead34.contains(c)
        || (t.wide_lead34_own.get(c) != 0
            && continues_wide_sequence(t, t.wide_lead34_own.get(c), next))
        || (t.wide_lead_single.get(c) != 0
            && continues_wide_sequence(t, t.wide_lead_single.get(c), next))
        || (t.wide_lead2.contains(c)
            && (ascii(prev)
                || ascii(next)
                || replaced(prev)
                || replaced(next)
                || alphabet_run(t, c, next, after)))
        || (t.wide_high.contains(c) && high(next) && high(after))
        || (crate::score::is_uncommon_han(c) && next.is_some_and(crate::score::is_uncommon_han))
        || cyrillic_shuffle(c, next)
}

/// True when `next` and `after` also hold whole 2-byte UTF-8 sequences and
/// the three characters sit in at most two rows of a multi-byte wrong codec:
/// the letters of a small alphabet share one or two UTF-8 lead bytes.
#[cold]
fn alphabet_run(t: &Triggers, c: char, next: Option<char>, after: Option<char>) -> bool {
    let (Some(next), Some(after)) = (next, after) else {
        return false;
    };
    if !t.wide_lead2.contains(next) || !t.wide_lead2.contains(after) {
        return false;
    }
    let mut buf = Vec::with_capacity(6);
    t.wide_wrong.iter().any(|codec| {
        buf.clear();
        let encoded = [c, next, after]
            .iter()
            .all(|&x| codec.encode_char(x, &mut buf));
        let [a, _, b, _, c, _] = buf[..] else {
            return false;
        };
        encoded && (a == b || b == c || a == c)
    })
}

/// True when, under one of the wrong codecs in `mask` (those that hold a
/// character as a UTF-8 lead and, maybe, continuation: `逝`, `ﾃ`), `next`
/// begins with a continuation byte: the sequence goes on into it.
#[cold]
fn continues_wide_sequence(t: &Triggers, mask: u64, next: Option<char>) -> bool {
    let Some(next) = next else {
        return false;
    };
    let mut buf = Vec::with_capacity(2);
    t.wide_wrong.iter().enumerate().any(|(i, codec)| {
        buf.clear();
        mask & (1u64 << (i % 64)) != 0
            && codec.encode_char(next, &mut buf)
            && buf.first().is_some_and(|b| (0x80..=0xBF).contains(b))
    })
}

/// Cyrillic code pages read as each other: KOI8-R and windows-1251 swap
/// the case of every letter (`пРИВЕТ`), and cp866 read as windows-1251
/// puts two of windows-1251's odd letters and signs side by side (`ЏаЁўҐв`).
#[inline]
fn cyrillic_shuffle(c: char, next: Option<char>) -> bool {
    let Some(next) = next else {
        return false;
    };
    let cyrillic = |x: char| ('\u{400}'..='\u{45F}').contains(&x);
    let odd = |x: char| {
        crate::codec::Codec::Windows1251
            .byte_of(x)
            .is_some_and(|b| (0x80..0xC0).contains(&b))
    };
    (cyrillic(c) && cyrillic(next) && c.is_lowercase() && next.is_uppercase())
        || (odd(c) && odd(next) && !c.is_ascii() && !next.is_ascii())
}

const WORD: usize = std::mem::size_of::<usize>();
const HIGH_BITS: usize = usize::from_ne_bytes([0x80; WORD]);

/// Index of the first non-ASCII byte of `bytes`, or its length.
#[inline]
pub(crate) fn first_non_ascii(bytes: &[u8]) -> usize {
    let mut i = 0;
    let mut chunks = bytes.chunks_exact(WORD);
    for chunk in &mut chunks {
        let mut word = [0u8; WORD];
        word.copy_from_slice(chunk);
        if usize::from_ne_bytes(word) & HIGH_BITS != 0 {
            break;
        }
        i += WORD;
    }
    i + bytes
        .get(i..)
        .unwrap_or_default()
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len() - i)
}

/// True when `text` may contain mojibake that some chain could undo.
/// False is a proof: no chain has anything to do in this text.
///
/// ```
/// // (exercised through the public API)
/// assert!(matches!(mojifix::fix("plain ASCII"), std::borrow::Cow::Borrowed(_)));
/// ```
#[inline]
pub(crate) fn may_be_mojibake(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = first_non_ascii(bytes);
    let mut latin = false;
    while i < bytes.len() {
        let mut rest = text.get(i..).unwrap_or_default().chars();
        let Some(c) = rest.next() else {
            break;
        };
        let prev = text.get(..i).unwrap_or_default().chars().next_back();
        if is_trigger(prev, c, rest.next(), rest.next()) {
            return true;
        }
        latin |= triggers().latin.contains(c);
        i += c.len_utf8();
        i += first_non_ascii(bytes.get(i..).unwrap_or_default());
    }
    latin && latin_misfit(text) || cyrillic_capitals_misfit(text)
}

/// Mean Cyrillic letter-pair cost above which a line of Cyrillic capitals
/// is worth a look.
const CAPITALS_PAIR_COST: f32 = 0.7;

/// The line-level check for Cyrillic code pages read as each other with
/// no case anomaly to show it: small letters read as KOI8-R come out as
/// capitals (`МЕКЭГЪ` for `нельзя`). True when two Cyrillic capitals stand
/// together and the line's Cyrillic letter pairs are unusual.
pub(crate) fn cyrillic_capitals_misfit(text: &str) -> bool {
    let capital = |c: char| ('\u{400}'..='\u{42F}').contains(&c);
    let mut prev = ' ';
    let mut found = false;
    for c in text.chars() {
        if capital(prev) && capital(c) {
            found = true;
            break;
        }
        prev = c;
    }
    if !found {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let (total, count) = crate::score::cyrillic_pair_cost(&chars);
    count >= 6 && total / count as f32 >= CAPITALS_PAIR_COST
}

/// The line-level half of the scanner, shared with its scalar twin: `text`
/// holds a character that a chain between two Latin code pages turns into
/// a letter, and either its letters fit no one alphabet (`aygýt þehir`,
/// Turkish written in windows-1254 and read as windows-1252) or such a
/// character is a sign inside a word (`zosta³`).
pub(crate) fn latin_misfit(text: &str) -> bool {
    let t = triggers();
    let chars: Vec<char> = text.chars().collect();
    let mut latin = false;
    for (i, &c) in chars.iter().enumerate() {
        if t.latin.contains(c) {
            if crate::detect::sign_inside_word(&chars, i) {
                return true;
            }
            latin = true;
        }
    }
    latin && !crate::score::fits_one_alphabet(chars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_and_cjk_are_clean() {
        assert!(!may_be_mojibake("hello world"));
        assert!(!may_be_mojibake("日本語の文章です"));
        assert!(!may_be_mojibake(
            "Le comité publiera son rapport après la séance."
        ));
        assert!(may_be_mojibake("cafÃ©"));
        assert!(may_be_mojibake("\u{93}quoted\u{94}"));
    }

    #[test]
    fn first_non_ascii_at_every_offset() {
        for len in 0..40 {
            for pos in 0..=len {
                let mut bytes = vec![b'a'; len];
                if pos < len {
                    bytes[pos] = 0xC3;
                }
                assert_eq!(first_non_ascii(&bytes), pos.min(len));
            }
        }
    }

    proptest! {
        #[test]
        fn fast_agrees_with_reference(
            s in "(\\PC|[a ?\u{FFFD}ÃÂâ€™©é日Рёі\u{80}\u{9d}├⌐√ð鈥淒茅麻ÄãºÃ]){0,64}",
            pad in 0usize..16,
        ) {
            let text = format!("{}{}", "x".repeat(pad), s);
            prop_assert_eq!(may_be_mojibake(&text), reference::may_be_mojibake(&text));
        }
    }
}
#[cfg(test)]
mod probe {
    #[test]
    #[ignore]
    fn which_sentences_trigger() {
        for s in std::env::var("MOJIFIX_DEBUG")
            .unwrap_or_default()
            .split('|')
        {
            println!("{} {s}", super::may_be_mojibake(s));
        }
    }
}
