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

/// Rules of [`is_trigger`] as pairs of neighbouring characters: a rule
/// can hold only where the first character has its bit in the low half of
/// its flags and the second its bit in the high half. [`ALWAYS`] marks a
/// character that is a trigger whatever surrounds it.
mod rule {
    /// A 2-byte lead, then a continuation, `?` or U+FFFD.
    pub(super) const LEAD2: u32 = 1 << 0;
    /// A 2-byte lead whose A0 sequence is plausible, then a space.
    pub(super) const A0: u32 = 1 << 1;
    /// A 3- or 4-byte lead, then a continuation or a stand-in.
    pub(super) const LEAD34: u32 = 1 << 2;
    /// A whole 2-byte sequence in one character, then ASCII.
    pub(super) const WIDE2_NEXT: u32 = 1 << 3;
    /// ASCII, then a whole 2-byte sequence in one character.
    pub(super) const WIDE2_PREV: u32 = 1 << 4;
    /// Two high-half characters of a single-byte codec reading CJK bytes.
    pub(super) const HIGH: u32 = 1 << 5;
    /// Two uncommon Han characters.
    pub(super) const HAN: u32 = 1 << 6;
    /// A small Cyrillic letter, then a capital.
    pub(super) const CYRILLIC: u32 = 1 << 7;
    /// Two of windows-1251's odd letters and signs.
    pub(super) const ODD: u32 = 1 << 8;
    /// Two characters that each hold a whole 2-byte sequence (a small
    /// alphabet read as CJK), or one beside U+FFFD.
    pub(super) const WIDE2_RUN: u32 = 1 << 9;
    /// A one-byte UTF-8 lead or a lead and continuation of a multi-byte
    /// codec, then any non-ASCII character (the exact test encodes it).
    pub(super) const WIDE_ON: u32 = 1 << 10;
    /// Changed into a letter by a Latin-to-Latin chain: noted for the
    /// line-level test, never a pair.
    pub(super) const LATIN: u32 = 1 << 11;
    /// A Cyrillic capital: two together send the line to the line-level
    /// test, never a pair.
    pub(super) const CAPITAL: u32 = 1 << 12;
    /// The rules tested on pairs.
    pub(super) const PAIRS: u32 = STARTS & !ALWAYS & !LATIN & !CAPITAL;
    /// A trigger on its own.
    pub(super) const ALWAYS: u32 = 1 << 15;
    /// The low half: the rules a character may begin.
    pub(super) const STARTS: u32 = 0xFFFF;
}

/// The flags of one character: the rules it may begin (low half, with
/// [`rule::ALWAYS`]) and the rules it may complete (high half), from the
/// same sets [`is_trigger`] reads.
fn flags_of(c: char) -> u32 {
    use rule::*;
    let t = triggers();
    let cyrillic = ('\u{400}'..='\u{45F}').contains(&c);
    let odd = !c.is_ascii()
        && crate::codec::Codec::Windows1251
            .byte_of(c)
            .is_some_and(|b| (0x80..0xC0).contains(&b));
    let uncommon_han = crate::score::is_uncommon_han(c);
    let high = t.wide_high.contains(c);
    let wide_lead2 = t.wide_lead2.contains(c);
    let mut starts = 0;
    let mut ends = 0;
    let set = |cond: bool, bits: &mut u32, bit: u32| {
        if cond {
            *bits |= bit;
        }
    };
    set(
        t.single.contains(c) || t.wide_lead34.contains(c),
        &mut starts,
        ALWAYS,
    );
    set(t.lead2.contains(c), &mut starts, LEAD2);
    set(t.lead2_a0.contains(c), &mut starts, A0);
    set(t.lead34.contains(c), &mut starts, LEAD34);
    set(wide_lead2, &mut starts, WIDE2_NEXT);
    set(c.is_ascii(), &mut starts, WIDE2_PREV);
    set(high, &mut starts, HIGH);
    set(uncommon_han, &mut starts, HAN);
    set(cyrillic && c.is_lowercase(), &mut starts, CYRILLIC);
    set(odd, &mut starts, ODD);
    set(wide_lead2 || c == '\u{FFFD}', &mut starts, WIDE2_RUN);
    set(
        t.wide_lead34_own.get(c) != 0 || t.wide_lead_single.get(c) != 0,
        &mut starts,
        WIDE_ON,
    );
    set(t.latin.contains(c), &mut starts, LATIN);
    set(('\u{400}'..='\u{42F}').contains(&c), &mut starts, CAPITAL);
    let cont = t.cont.contains(c);
    set(cont || matches!(c, '?' | '\u{FFFD}'), &mut ends, LEAD2);
    set(c == ' ', &mut ends, A0);
    set(cont || is_stand_in(c), &mut ends, LEAD34);
    set(c.is_ascii(), &mut ends, WIDE2_NEXT);
    set(wide_lead2, &mut ends, WIDE2_PREV);
    set(high, &mut ends, HIGH);
    set(uncommon_han, &mut ends, HAN);
    set(cyrillic && c.is_uppercase(), &mut ends, CYRILLIC);
    set(odd, &mut ends, ODD);
    set(wide_lead2 || c == '\u{FFFD}', &mut ends, WIDE2_RUN);
    set(!c.is_ascii(), &mut ends, WIDE_ON);
    starts | (ends << 16)
}

/// Whether the pair `first`, `second` (their flags) may satisfy a rule.
#[inline(always)]
fn pair_may_trigger(first: u32, second: u32) -> bool {
    first & (second >> 16) & rule::PAIRS != 0
}

/// [`flags_of`] for every character of the Basic Multilingual Plane, in
/// blocks of 64 characters: `index` holds each block's offset in `flags`,
/// and identical blocks are stored once.
struct Flags {
    /// Flags of U+0000 to U+07FF: the characters of 1- and 2-byte UTF-8.
    low: Vec<u32>,
    index: Vec<u32>,
    blocks: Vec<u32>,
}

const BLOCK: usize = 64;

fn flags() -> &'static Flags {
    static FLAGS: OnceLock<Flags> = OnceLock::new();
    FLAGS.get_or_init(|| {
        let all = bmp_flags();
        let low: Vec<u32> = all.get(..0x800).unwrap_or_default().to_vec();
        let mut index = Vec::with_capacity(0x10000 / BLOCK);
        let mut blocks: Vec<u32> = Vec::new();
        let mut seen: std::collections::HashMap<&[u32], u32> = std::collections::HashMap::new();
        for values in all.chunks_exact(BLOCK) {
            let offset = *seen.entry(values).or_insert_with(|| {
                let offset = blocks.len() as u32;
                blocks.extend_from_slice(values);
                offset
            });
            index.push(offset);
        }
        Flags { low, index, blocks }
    })
}

/// [`flags_of`] for every character of the Basic Multilingual Plane,
/// built from the members of each set rather than by asking each
/// character (which would cost the scanner's first use a few milliseconds).
fn bmp_flags() -> Vec<u32> {
    use rule::*;
    let t = triggers();
    let mut all = vec![0u32; 0x10000];
    let mut mark = |c: char, bits: u32| {
        if let Some(v) = all.get_mut(c as usize) {
            *v |= bits;
        }
    };
    let members = |set: &CharSet| -> Vec<char> {
        let low = set.low.iter().enumerate().filter(|(_, m)| **m != 0);
        low.filter_map(|(i, _)| char::from_u32(i as u32))
            .chain(set.high.iter().map(|&(c, _)| c))
            .collect()
    };
    let sets: [(&CharSet, u32); 12] = [
        (&t.single, ALWAYS),
        (&t.wide_lead34, ALWAYS),
        (&t.lead2, LEAD2),
        (&t.lead2_a0, A0),
        (&t.lead34, LEAD34),
        (&t.wide_lead2, WIDE2_NEXT | (WIDE2_PREV << 16)),
        (&t.wide_high, HIGH | (HIGH << 16)),
        (&t.cont, (LEAD2 | LEAD34) << 16),
        (&t.wide_lead2, WIDE2_RUN | (WIDE2_RUN << 16)),
        (&t.wide_lead34_own, WIDE_ON),
        (&t.wide_lead_single, WIDE_ON),
        (&t.latin, LATIN),
    ];
    for (set, bits) in sets {
        for c in members(set) {
            mark(c, bits);
        }
    }
    for c in ['?', '\u{FFFD}'] {
        mark(c, (LEAD2 | LEAD34) << 16);
    }
    mark('\u{FFFD}', WIDE2_RUN | (WIDE2_RUN << 16));
    for c in ('\u{80}'..='\u{FFFF}').filter(|c| !c.is_ascii()) {
        mark(c, WIDE_ON << 16);
    }
    for c in '\u{400}'..='\u{42F}' {
        mark(c, CAPITAL);
    }
    mark(' ', (A0 | LEAD34) << 16);
    for b in 0..0x80u8 {
        mark(char::from(b), WIDE2_PREV | (WIDE2_NEXT << 16));
    }
    for c in '\u{3400}'..='\u{9FFF}' {
        if crate::score::is_uncommon_han(c) {
            mark(c, HAN | (HAN << 16));
        }
    }
    for c in '\u{400}'..='\u{45F}' {
        if c.is_lowercase() {
            mark(c, CYRILLIC);
        }
        if c.is_uppercase() {
            mark(c, CYRILLIC << 16);
        }
    }
    for c in ('\u{80}'..='\u{FFFF}').filter(|&c| {
        crate::codec::Codec::Windows1251
            .byte_of(c)
            .is_some_and(|b| (0x80..0xC0).contains(&b))
    }) {
        mark(c, ODD | (ODD << 16));
    }
    all
}

impl Flags {
    /// The flags of the character whose UTF-8 encoding starts `bytes`
    /// (well-formed, at least one byte), and its length in bytes.
    #[inline(always)]
    fn at(&self, bytes: &[u8]) -> (u32, usize) {
        let cont = |k: usize| u32::from(bytes.get(k).copied().unwrap_or(0) & 0x3F);
        match bytes.first().copied().unwrap_or(0) {
            b @ 0..=0x7F => (self.low.get(usize::from(b)).copied().unwrap_or(0), 1),
            b @ 0xC0..=0xDF => {
                let cp = ((u32::from(b) & 0x1F) << 6) | cont(1);
                (self.low.get(cp as usize).copied().unwrap_or(0), 2)
            }
            b @ 0xE0..=0xEF => {
                let cp = ((u32::from(b) & 0x0F) << 12) | (cont(1) << 6) | cont(2);
                let block = self.index.get(cp as usize / BLOCK).copied().unwrap_or(0);
                let flags = self
                    .blocks
                    .get(block as usize + cp as usize % BLOCK)
                    .copied()
                    .unwrap_or(0);
                (flags, 3)
            }
            b => {
                let cp = ((u32::from(b) & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
                (char::from_u32(cp).map_or(0, flags_of), 4)
            }
        }
    }
}

/// [`is_trigger`] for the character starting at byte `i` of `text`, with
/// its neighbours.
fn trigger_at(text: &str, i: usize) -> bool {
    let mut rest = text.get(i..).unwrap_or_default().chars();
    let Some(c) = rest.next() else {
        return false;
    };
    let prev = text.get(..i).unwrap_or_default().chars().next_back();
    is_trigger(prev, c, rest.next(), rest.next())
}

/// True when `text` may contain mojibake that some chain could undo.
/// False is a proof: no chain has anything to do in this text.
///
/// ASCII is skipped a word at a time. In the non-ASCII stretches each
/// character is looked up once in a table of [`flags_of`], and each pair of
/// neighbours is tested against the rules of [`is_trigger`] with one AND;
/// only a pair that may satisfy a rule is handed to [`is_trigger`] itself,
/// which decides. Since every way [`is_trigger`] can hold is one of those
/// rules, the answer is exactly [`reference::may_be_mojibake`]'s.
///
/// ```
/// // (exercised through the public API)
/// assert!(matches!(mojifix::fix("plain ASCII"), std::borrow::Cow::Borrowed(_)));
/// ```
#[inline]
pub(crate) fn may_be_mojibake(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = first_non_ascii(bytes);
    if i >= bytes.len() {
        return false;
    }
    let table = flags();
    // Every rule some character of the line may begin, and whether two
    // Cyrillic capitals stood together: the line-level tests' cue.
    let mut seen = 0;
    let mut capitals = false;
    // The previous character: its flags and where it starts.
    let (mut prev, mut prev_at) = match i.checked_sub(1) {
        Some(p) => (table.at(bytes.get(p..).unwrap_or_default()).0, p),
        None => (0, 0),
    };
    while let Some(rest) = bytes.get(i..).filter(|r| !r.is_empty()) {
        let (current, len) = table.at(rest);
        if current & rule::ALWAYS != 0 {
            return true;
        }
        if pair_may_trigger(prev, current) && (trigger_at(text, prev_at) || trigger_at(text, i)) {
            return true;
        }
        seen |= current;
        capitals |= prev & current & rule::CAPITAL != 0;
        (prev, prev_at) = (current, i);
        i += len;
        if len == 1 {
            // An ASCII character after a non-ASCII one: skip the rest of
            // its run, which no rule can match inside.
            let skip = first_non_ascii(bytes.get(i..).unwrap_or_default());
            if skip > 0 {
                i += skip;
                prev_at = i - 1;
                prev = table.at(bytes.get(prev_at..).unwrap_or_default()).0;
            }
        }
    }
    (seen & rule::LATIN != 0 && latin_misfit(text)) || (capitals && cyrillic_capitals_misfit(text))
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
    let mut latin = false;
    let mut sign = false;
    for c in text.chars().filter(|&c| t.latin.contains(c)) {
        latin = true;
        // Superscripts (`³` for `ł`) are numeric, not letters: signs here.
        sign |= !c.is_alphabetic();
    }
    if !latin {
        return false;
    }
    // Only a line with such a sign needs its characters for the word test.
    if sign {
        let chars: Vec<char> = text.chars().collect();
        let inside = chars.iter().enumerate().any(|(i, &c)| {
            t.latin.contains(c) && !c.is_alphabetic() && crate::detect::sign_inside_word(&chars, i)
        });
        if inside {
            return true;
        }
    }
    !crate::score::fits_one_alphabet(text.chars())
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

    #[test]
    fn ascii_pairs_match_no_rule() {
        // The scanner skips ASCII runs whole: no ASCII character may be a
        // trigger on its own, and no two may satisfy a rule together.
        for a in 0..0x80u8 {
            let fa = flags_of(char::from(a));
            assert_eq!(fa & rule::ALWAYS, 0);
            for b in 0..0x80u8 {
                assert!(!pair_may_trigger(fa, flags_of(char::from(b))));
            }
        }
    }

    #[test]
    fn table_flags_agree_with_flags_of() {
        let table = flags();
        for cp in (0..0x11000u32).chain(0x1F600..0x1F700) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut buf = [0u8; 4];
            let (f, len) = table.at(c.encode_utf8(&mut buf).as_bytes());
            assert_eq!((f, len), (flags_of(c), c.len_utf8()), "{c:?}");
        }
    }

    #[test]
    fn every_trigger_is_caught_by_its_rules() {
        // For characters from every trigger set and their neighbours, a
        // trigger is always seen by the pair test or ALWAYS.
        let t = triggers();
        let mut chars: Vec<char> = [
            &t.single,
            &t.lead2,
            &t.lead2_a0,
            &t.lead34,
            &t.cont,
            &t.wide_lead2,
            &t.wide_lead34,
            &t.wide_high,
        ]
        .iter()
        .flat_map(|set| {
            let low = set.low.iter().enumerate().filter(|(_, m)| **m != 0);
            let low: Vec<char> = low.filter_map(|(i, _)| char::from_u32(i as u32)).collect();
            let all: Vec<char> = low
                .into_iter()
                .chain(set.high.iter().map(|&(c, _)| c))
                .collect();
            let step = (all.len() / 12).max(1);
            all.into_iter().step_by(step).collect::<Vec<char>>()
        })
        .collect();
        chars.extend([
            ' ', '?', 'a', '\u{FFFD}', 'п', 'Р', 'і', 'ї', '丂', '亐', '日',
        ]);
        for &p in &chars {
            for &c in &chars {
                for &n in &chars {
                    if is_trigger(Some(p), c, Some(n), Some(' ')) {
                        let (fp, fc, fnext) = (flags_of(p), flags_of(c), flags_of(n));
                        assert!(
                            fc & rule::ALWAYS != 0
                                || pair_may_trigger(fp, fc)
                                || pair_may_trigger(fc, fnext),
                            "{p:?} {c:?} {n:?}"
                        );
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn fast_agrees_with_reference_on_any_text(s in "\\PC{0,48}") {
            prop_assert_eq!(may_be_mojibake(&s), reference::may_be_mojibake(&s));
        }

        #[test]
        fn fast_agrees_with_reference_on_trigger_neighbourhoods(
            s in "[ a?\u{FFFD}ÃÂâÐР€™©é—“”…日丂亐鈥茅Äãºпрі ї Ђђ№кКоОЏЁўҐ\u{80}\u{9d}├⌐√]{0,32}",
        ) {
            prop_assert_eq!(may_be_mojibake(&s), reference::may_be_mojibake(&s));
        }

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
