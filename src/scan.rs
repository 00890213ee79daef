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

/// A set of chains: bit `i` stands for row `i` of [`Chain::all`].
pub(crate) type ChainMask = u64;

const _: () = assert!(crate::chain::CHAIN_COUNT <= 64);

/// The bit of the chain in row `index` of the table.
#[inline]
fn chain_bit(index: usize) -> ChainMask {
    1u64 << (index % 64)
}

/// The chains of `mask` with their bits.
pub(crate) fn chains_in(mask: ChainMask) -> impl Iterator<Item = (ChainMask, Chain)> {
    Chain::all()
        .iter()
        .enumerate()
        .map(|(i, &c)| (chain_bit(i), c))
        .filter(move |(bit, _)| mask & bit != 0)
}

/// The chains of the table that satisfy `keep`.
pub(crate) fn mask_of(keep: impl Fn(Chain) -> bool) -> ChainMask {
    chains_in(ChainMask::MAX)
        .filter(|&(_, c)| keep(c))
        .fold(0, |m, (bit, _)| m | bit)
}

/// The scanner's character sets, derived from the chain table. Each maps
/// a character to the chains under which it plays that part.
struct Triggers {
    /// Changed by a single-byte chain.
    single: CharSet,
    /// A 2-byte UTF-8 lead (or Java's C0) under some chain.
    lead2: CharSet,
    /// 2-byte leads whose sequence with a flattened A0 (`Ã ` for `à`) is a
    /// character of the scripts such text is written in, under a chain
    /// whose wrong codec reads A0 as a no-break space.
    lead2_a0: CharSet,
    /// A 3- or 4-byte UTF-8 lead under some chain.
    lead34: CharSet,
    /// A UTF-8 continuation byte under some chain.
    cont: CharSet,
    /// The chains whose wrong codec reads byte A0 as a no-break space: only
    /// there may a space stand for a flattened A0.
    nbsp: ChainMask,
    /// Under a multi-byte wrong codec: one character holding a whole
    /// 2-byte UTF-8 sequence (`茅` for `é` read as GBK).
    wide_lead2: CharSet,
    /// The part of `wide_lead2` whose 2-byte sequence is not a letter
    /// (`芦` for `«`): signs that may stand between spaces.
    wide_sign2: CharSet,
    /// The part of `wide_lead2` whose lead is CD-DF, the rows of the
    /// scripts written in 2-byte UTF-8 alone (see [`alphabet_run`]).
    wide_run2: CharSet,
    /// Under a multi-byte wrong codec: one character holding the lead and a
    /// continuation of a longer sequence (`鈥` for `E2 80`).
    wide_lead34: CharSet,
    /// High-half characters of a single-byte codec that reads legacy text
    /// (`Ä` in `ÄãºÃ`, GBK read as windows-1252).
    wide_high: CharSet,
    /// The UTF-8 chains with a multi-byte wrong codec, with their bits.
    wide_chains: Vec<(ChainMask, Chain)>,
    /// Changed into a letter by a chain between two Latin code pages.
    latin: CharSet,
    /// Under a multi-byte wrong codec: a character of one byte that is a
    /// UTF-8 lead (`ﾃ`, Shift_JIS's reading of `C3`).
    wide_lead_single: CharSet,
    /// Under a multi-byte wrong codec: an everyday CJK character that holds
    /// a UTF-8 lead and continuation and that this codec does not count as
    /// everyday.
    wide_lead34_own: CharSet,
    /// The chains between the two Chinese legacy codecs.
    cjk_to_cjk: ChainMask,
    /// Under a chain between two CJK codecs: a Han character whose bytes
    /// are kana in the right codec (Big5 reads GBK's kana rows as its
    /// everyday Han characters, and GBK Big5's): three in a row may be
    /// Japanese read with the other codec.
    becomes_kana: CharSet,
    /// Under a single-byte wrong codec reading CJK bytes: the character of
    /// a lead byte in 81-9F whose pairs with ASCII trail bytes are
    /// characters (`ƒ` is Shift_JIS's katakana row: `ƒJƒiƒ_` is `カナダ`).
    /// The same lead, an ASCII character and the lead again may be such a
    /// word, whose trail bytes hide among ASCII.
    c1_lead: CharSet,
    /// The chains between Cyrillic code pages.
    cyrillic: ChainMask,
    /// The UTF-8 chains with a multi-byte wrong codec.
    wide_utf8: ChainMask,
    /// The chains between Latin code pages.
    latin_chains: ChainMask,
    /// For each wrong codec, the chains that read with it (but the
    /// Latin-to-Latin and Cyrillic-to-Cyrillic ones).
    by_wrong: Vec<(crate::codec::Codec, ChainMask)>,
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
        let (mut wide_lead2, mut wide_sign2, mut wide_lead34, mut wide_high) = (
            CharSet::new(),
            CharSet::new(),
            CharSet::new(),
            CharSet::new(),
        );
        let mut wide_run2 = CharSet::new();
        let mut wide_chains = Vec::new();
        let mut wide_lead34_own = CharSet::new();
        let mut latin = CharSet::new();
        let mut wide_lead_single = CharSet::new();
        let mut becomes_kana = CharSet::new();
        let mut c1_lead = CharSet::new();
        let nbsp = mask_of(|c| c.wrong.char_of(0xA0) == Some('\u{A0}'));
        for (bit, chain) in chains_in(ChainMask::MAX) {
            if chain.is_latin_to_latin() {
                for b in 0x80..=0xFFu8 {
                    if let (Some(c), Some(r)) = (chain.wrong.char_of(b), chain.right.char_of(b))
                        && c != r
                        && r.is_alphabetic()
                    {
                        latin.insert(c, bit);
                    }
                }
            }
            if chain.is_cyrillic_to_cyrillic() {
                // Cyrillic read as Cyrillic: see `cyrillic_shuffle`.
                continue;
            }
            if chain.is_cjk_to_cjk() {
                insert_becomes_kana(chain, bit, &mut becomes_kana);
            }
            if chain.is_wide() && chain.wrong.is_single_byte() {
                insert_c1_leads(chain, bit, &mut c1_lead);
            }
            if chain.is_legacy() || chain.is_wide() {
                if chain.wrong.is_single_byte() {
                    for c in (0x81..=0xFFu8).filter_map(|b| chain.wrong.char_of(b)) {
                        wide_high.insert(c, bit);
                    }
                } else if chain.is_utf8() {
                    wide_chains.push((bit, chain));
                    let mut sets = WideSets {
                        single: &mut wide_lead_single,
                        lead2: &mut wide_lead2,
                        sign2: &mut wide_sign2,
                        run2: &mut wide_run2,
                        lead34: &mut wide_lead34,
                        lead34_own: &mut wide_lead34_own,
                    };
                    insert_wide(chain, bit, &mut sets);
                }
                continue;
            }
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
                        if a0_is_plausible(b) && nbsp & bit != 0 {
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
            nbsp,
            wide_lead2: wide_lead2.finish(),
            wide_sign2: wide_sign2.finish(),
            wide_run2: wide_run2.finish(),
            wide_lead34: wide_lead34.finish(),
            wide_high: wide_high.finish(),
            wide_chains,
            latin: latin.finish(),
            wide_lead_single: wide_lead_single.finish(),
            wide_lead34_own: wide_lead34_own.finish(),
            cjk_to_cjk: mask_of(Chain::is_cjk_to_cjk),
            becomes_kana: becomes_kana.finish(),
            c1_lead: c1_lead.finish(),
            cyrillic: mask_of(Chain::is_cyrillic_to_cyrillic),
            wide_utf8: mask_of(|c| c.is_utf8() && c.is_wide()),
            latin_chains: mask_of(Chain::is_latin_to_latin),
            by_wrong: Chain::all()
                .iter()
                .map(|c| {
                    let family = wrong_family(c.wrong);
                    (
                        c.wrong,
                        mask_of(|o| {
                            wrong_family(o.wrong) == family
                                && !o.is_latin_to_latin()
                                && !o.is_cyrillic_to_cyrillic()
                        }),
                    )
                })
                .collect(),
        }
    })
}

/// Adds to `set`, under `bit`, the Han characters of `chain`'s wrong codec
/// whose two bytes are kana in its right codec.
fn insert_becomes_kana(chain: Chain, bit: ChainMask, set: &mut CharSet) {
    for lead in 0x81..=0xFEu8 {
        for trail in 0x40..=0xFEu8 {
            let bytes = [lead, trail];
            if let (Some((c, 2)), Some((k, 2))) = (
                chain.wrong.decode_first(&bytes),
                chain.right.decode_first(&bytes),
            ) && ('\u{3400}'..='\u{9FFF}').contains(&c)
                && ('\u{3041}'..='\u{30FF}').contains(&k)
            {
                set.insert(c, bit);
            }
        }
    }
}

/// Adds to `set`, under `bit`, the characters `chain`'s single-byte wrong
/// codec reads lead bytes 81-9F of its multi-byte right codec as, for the
/// leads that make a character with most ASCII trail bytes (40-7E).
fn insert_c1_leads(chain: Chain, bit: ChainMask, set: &mut CharSet) {
    for lead in 0x81..=0x9Fu8 {
        let pairs = (0x40..=0x7Eu8)
            .filter(|&trail| matches!(chain.right.decode_first(&[lead, trail]), Some((c, 2)) if !c.is_ascii()))
            .count();
        if pairs * 2 > 0x3F
            && let Some(c) = chain.wrong.char_of(lead)
        {
            set.insert(c, bit);
        }
    }
}

/// Wrong codecs whose readings of text look alike: latin-1 and
/// windows-1252 read every byte from A0 up the same way.
fn wrong_family(codec: crate::codec::Codec) -> crate::codec::Codec {
    match codec {
        crate::codec::Codec::Latin1 => crate::codec::Codec::Windows1252,
        other => other,
    }
}

/// The sets [`insert_wide`] fills, named as in [`Triggers`].
struct WideSets<'a> {
    single: &'a mut CharSet,
    lead2: &'a mut CharSet,
    sign2: &'a mut CharSet,
    run2: &'a mut CharSet,
    lead34: &'a mut CharSet,
    lead34_own: &'a mut CharSet,
}

/// The sets of a UTF-8 chain with a multi-byte wrong codec: what that
/// codec makes of UTF-8 leads and of lead-continuation pairs.
fn insert_wide(chain: Chain, bit: ChainMask, sets: &mut WideSets<'_>) {
    let WideSets {
        single,
        lead2,
        sign2,
        run2,
        lead34,
        lead34_own,
    } = sets;
    for lead in 0xC2..=0xF4u8 {
        let decoded = chain.wrong.decode(&[lead]);
        let mut chars = decoded.as_deref().unwrap_or_default().chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && !c.is_ascii()
        {
            single.insert(c, bit);
        }
    }
    for lead in 0xC2..=0xF4u8 {
        for trail in 0x80..=0xBFu8 {
            let Some(s) = chain.wrong.decode(&[lead, trail]) else {
                continue;
            };
            for c in s.chars().filter(|c| !c.is_ascii()) {
                if lead <= 0xDF {
                    lead2.insert(c, bit);
                    if lead >= 0xCD {
                        run2.insert(c, bit);
                    }
                    let repaired = std::str::from_utf8(&[lead, trail])
                        .ok()
                        .and_then(|r| r.chars().next());
                    if repaired.is_some_and(|r| !r.is_alphabetic()) {
                        sign2.insert(c, bit);
                    }
                } else if (lead == 0xE2 && trail <= 0x84) || !crate::score::is_common_cjk(c) {
                    // Everyday CJK characters are left out: they are clean
                    // text far more often than `鈥`. Those holding `E2 80`
                    // to `E2 84` stay in: these start the quotes, dashes
                    // and signs of every script's text (`窶`, Shift_JIS's
                    // reading of `’`).
                    lead34.insert(c, bit);
                } else if !chain.wrong.is_common_code(lead, trail) {
                    // Everyday somewhere, but not in this codec (`逝`,
                    // EUC-KR's reading of Bengali `E0 A6`): only when the
                    // next character goes on with a continuation byte.
                    lead34_own.insert(c, bit);
                }
            }
        }
    }
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

/// True when UTF-8 bytes `lead` (E0-F4) and `cont` (80-BF) begin the
/// encoding of some assigned character: overlong forms, surrogates, the
/// unassigned planes and the private use areas are not text a chain
/// repairs into.
fn starts_assigned(lead: u8, cont: u8) -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    // Worked out on first use of each pair (a pair of the astral planes
    // asks up to 4,096 code points): 0 not yet known, 1 no, 2 yes.
    static KNOWN: [AtomicU8; 21 * 64] = [const { AtomicU8::new(0) }; 21 * 64];
    if !(0xE0..=0xF4).contains(&lead) || !(0x80..0xC0).contains(&cont) {
        return false;
    }
    let Some(slot) = KNOWN.get(usize::from(lead - 0xE0) * 64 + usize::from(cont - 0x80)) else {
        return false;
    };
    match slot.load(Ordering::Relaxed) {
        0 => {
            let assigned = prefix_is_assigned(lead, cont);
            slot.store(if assigned { 2 } else { 1 }, Ordering::Relaxed);
            assigned
        }
        known => known == 2,
    }
}

/// [`starts_assigned`] worked out: some code point whose UTF-8 begins with
/// `lead`, `cont` has a script (unassigned and private use code points
/// have none).
fn prefix_is_assigned(lead: u8, cont: u8) -> bool {
    use unicode_script::{Script, UnicodeScript};
    let (first, count) = match lead {
        0xE0..=0xEF => (
            (u32::from(lead & 0x0F) << 12) | (u32::from(cont & 0x3F) << 6),
            64,
        ),
        0xF0..=0xF4 => (
            (u32::from(lead & 0x07) << 18) | (u32::from(cont & 0x3F) << 12),
            4096,
        ),
        _ => return false,
    };
    // An overlong prefix (E0 80-9F, F0 80-8F) decodes below its range.
    let too_small = (lead == 0xE0 && first < 0x800) || (lead == 0xF0 && first < 0x10000);
    !too_small
        && (first..first + count)
            .filter_map(char::from_u32)
            .any(|c| c.script() != Script::Unknown)
}

/// Characters that may stand for a lost or flattened continuation byte.
#[inline]
fn is_stand_in(c: char) -> bool {
    matches!(c, ' ' | '?' | '\u{FFFD}')
}

/// The chains under which `c`, after `prev` and followed by `next` and
/// `after`, could begin a sequence they repair; 0 when none. For
/// multi-byte chains the tests are looser supersets, chosen so that clean
/// CJK text rarely passes them: a character holding a whole 2-byte UTF-8
/// sequence must touch an ASCII letter (mis-decoded Latin text sits among
/// ASCII letters; Chinese rarely does), or stand alone among ASCII
/// (Italian `è`, a word of its own), or touch any ASCII when its
/// sequence is a sign (`芦` for `«`); a character holding a lead and
/// continuation counts only when no CJK standard calls it common; three
/// high-half characters in a row may be legacy bytes read as windows-1252;
/// and two uncommon Han characters in a row may be Big5 read as GBK or the
/// reverse, as may three Han characters in a row whose bytes are kana in
/// the other codec, and a character CJK text seldom has beside Han
/// ([`odd_beside_cjk`]). Three characters in a row that each hold a 2-byte UTF-8
/// sequence and share the rows of the code table may be a small alphabet
/// read as CJK (`屑芯谢写邪胁`, Russian read as GBK), even away from ASCII.
///
/// Between two letters, a lead and a continuation must not make a number
/// or a rare letter or mark (`Ві` is not `³`, `Сі` not `ѳ`), and a 3- or 4-byte
/// lead must be followed by its whole sequence (`иј`, Serbian, is not the start of `U+8F00`): letters
/// side by side are what clean text is made of, so they need the stronger
/// structure. A mis-decoded sign (`â€`) needs only its first two bytes,
/// and those must begin an assigned character.
#[cfg(test)]
pub(crate) fn trigger_chains(
    prev: Option<char>,
    c: char,
    next: Option<char>,
    after: Option<char>,
) -> ChainMask {
    trigger_chains_gated::<false>(0, prev, c, next, after)
}

/// [`trigger_chains`]; with `GATED`, only the tests whose rules `flags`
/// (the flags of `c`, [`flags_of`]) says `c` may begin are asked: each
/// test finds nothing for a character without its rule's flag, since the
/// flag is set from the very set the test looks `c` up in.
#[inline(always)]
fn trigger_chains_gated<const GATED: bool>(
    flags: u32,
    prev: Option<char>,
    c: char,
    next: Option<char>,
    after: Option<char>,
) -> ChainMask {
    let has = |bits: u32| !GATED || flags & bits != 0;
    let t = triggers();
    let replaced = |x: Option<char>| x == Some('\u{FFFD}');
    let letter = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphabetic());
    let ascii = |x: Option<char>| x.is_some_and(|x| x.is_ascii());
    let ascii_or_edge = |x: Option<char>| x.is_none_or(|x| x.is_ascii());
    let mut found = 0;
    if has(rule::ALWAYS) {
        found |= t.single.get(c) | t.wide_lead34.get(c);
    }
    if has(rule::LEAD2) {
        found |= lead2_chains(t, c, next);
    }
    if next == Some(' ') && has(rule::A0) {
        found |= t.lead2_a0.get(c);
    }
    if has(rule::LEAD34) {
        found |= lead34_chains(t, c, next, after);
    }
    let own = if has(rule::WIDE_ON) {
        t.wide_lead34_own.get(c) | t.wide_lead_single.get(c)
    } else {
        0
    };
    if own != 0 {
        found |= continues_wide_sequence(t, own, next, t.wide_lead34_own.get(c));
    }
    // A U+FFFD before a high character: a multi-byte decoder may have lost
    // part of a UTF-8 sequence there.
    if has(rule::WIDE_ON) && c == '\u{FFFD}' && next.is_some_and(|n| !n.is_ascii()) {
        found |= t.wide_utf8;
    }
    let wide2 = if has(rule::WIDE2_NEXT) {
        t.wide_lead2.get(c)
    } else {
        0
    };
    if wide2 != 0 {
        // Alone among ASCII, the character after the next one included
        // (`è` in `nol 竪 supuart`, not `첫` in `첫 레코드`): an edge of the
        // line counts as ASCII, but at least one neighbour must be there.
        let alone = ascii_or_edge(prev)
            && ascii_or_edge(next)
            && ascii_or_edge(after)
            && (ascii(prev) || ascii(next));
        if letter(prev) || letter(next) || alone || replaced(prev) || replaced(next) {
            found |= wide2;
        }
        if ascii(prev) || ascii(next) {
            found |= t.wide_sign2.get(c);
        }
        found |= alphabet_run(t, t.wide_run2.get(c), c, next, after);
    }
    if let (Some(n), Some(a), true) = (next, after, has(rule::HIGH)) {
        found |= t.wide_high.get(c) & t.wide_high.get(n) & t.wide_high.get(a);
    }
    if has(rule::HAN)
        && crate::score::is_uncommon_han(c)
        && next.is_some_and(crate::score::is_uncommon_han)
    {
        found |= t.cjk_to_cjk;
    }
    if has(rule::HAN) {
        let kana = |x: Option<char>| x.map_or(0, |x| t.becomes_kana.get(x));
        found |= t.becomes_kana.get(c) & kana(next) & kana(after);
    }
    if has(rule::ALWAYS) && after == Some(c) && next.is_some_and(|n| ('\x40'..='\x7E').contains(&n))
    {
        found |= t.c1_lead.get(c);
    }
    if has(rule::ALWAYS) && odd_beside_cjk(prev, c, next) {
        found |= t.cjk_to_cjk;
    }
    if has(rule::CYRILLIC | rule::ODD) && cyrillic_shuffle(c, next) {
        found |= t.cyrillic;
    }
    if found & t.wide_utf8 != 0 && ('\u{3400}'..='\u{9FFF}').contains(&c) {
        // A Han character that may hold UTF-8 bytes may as well hold the
        // bytes of the other Chinese codec.
        found |= t.cjk_to_cjk;
    }
    found
}

/// `found` with, for each chain in it, the other chains that read text
/// with the same wrong codec (latin-1 and windows-1252 counting as one): a sign of text read as windows-1252 is a
/// sign for every chain that reads as windows-1252 (`ÄãºÃ`, GBK read as
/// windows-1252, may hold an `Ã©`). The Latin-to-Latin and
/// Cyrillic-to-Cyrillic chains are left to their own tests, which are
/// exactly what their judges need, and widen nothing.
#[cfg(test)]
pub(crate) fn widen(found: ChainMask) -> ChainMask {
    widen_with(triggers(), found)
}

fn widen_with(t: &Triggers, found: ChainMask) -> ChainMask {
    if found == 0 {
        return 0;
    }
    chains_in(found & !t.latin_chains & !t.cyrillic).fold(found, |m, (_, chain)| {
        m | t
            .by_wrong
            .iter()
            .find(|(codec, _)| *codec == chain.wrong)
            .map_or(0, |&(_, mask)| mask)
    })
}

/// True when some chain may begin a repairable sequence at `c`: see
/// [`trigger_chains`].
#[cfg(test)]
pub(crate) fn is_trigger(
    prev: Option<char>,
    c: char,
    next: Option<char>,
    after: Option<char>,
) -> bool {
    trigger_chains(prev, c, next, after) != 0
}

/// The chains under which `c` is a 2-byte lead and `next` its continuation
/// (or a `?` or U+FFFD standing for it); when both are letters, the pair
/// must not be a number or a rare letter.
fn lead2_chains(t: &Triggers, c: char, next: Option<char>) -> ChainMask {
    let leads = t.lead2.get(c);
    let Some(next) = next.filter(|_| leads != 0) else {
        return 0;
    };
    if matches!(next, '?' | '\u{FFFD}') {
        return leads;
    }
    let found = leads & t.cont.get(next);
    if found == 0 || !(c.is_alphabetic() && next.is_alphabetic()) {
        return found;
    }
    chains_in(found)
        .filter(|&(_, chain)| {
            let (Some(a), Some(b)) = (chain.byte_of(c), chain.byte_of(next)) else {
                return false;
            };
            // `Ві` would be `³`, `Сі` the historic `ѳ`: not what two
            // letters of a word are mis-decoded from. Letters people
            // write (`Рё` is `и`) and signs (`ÂŤ` is `«`) are.
            std::str::from_utf8(&[a, b])
                .ok()
                .and_then(|s| s.chars().next())
                .is_some_and(|r| {
                    if r.is_alphabetic() || unicode_normalization::char::is_combining_mark(r) {
                        !crate::score::classify(r).is_rare()
                    } else {
                        !r.is_numeric()
                    }
                })
        })
        .fold(0, |m, (bit, _)| m | bit)
}

/// The chains under which `c` is a 3- or 4-byte lead that `next` continues
/// into an assigned character (between two letters, with `after`
/// continuing it too, or standing for a lost byte), or that a stand-in for
/// a lost continuation and then a continuation follow (not a space
/// between two letters).
fn lead34_chains(t: &Triggers, c: char, next: Option<char>, after: Option<char>) -> ChainMask {
    let leads = t.lead34.get(c);
    let (Some(next), true) = (next, leads != 0) else {
        return 0;
    };
    let cont = |x: Option<char>| x.map_or(0, |x| t.cont.get(x));
    let lost = |x: Option<char>| match x {
        Some(' ') => t.nbsp,
        Some('?' | '\u{FFFD}') => ChainMask::MAX,
        _ => 0,
    };
    // A lost first continuation; a space between two letters is a word
    // break, not a flattened byte (`м ё`, Uzbek).
    // (Asked only when a lost byte is possible at all: most leads are
    // followed by a letter or a space and then a letter.)
    let lost_first = leads & lost(Some(next)) & cont(after);
    let word_break = || next == ' ' && c.is_alphabetic() && after.is_some_and(char::is_alphabetic);
    let mut found = if lost_first == 0 || word_break() {
        0
    } else {
        // A flattened A0 must begin an assigned character with the lead.
        chains_in(lost_first)
            .filter(|&(_, chain)| {
                next != ' ' || chain.byte_of(c).is_some_and(|a| starts_assigned(a, 0xA0))
            })
            .fold(0, |m, (bit, _)| m | bit)
    };
    let direct = leads & t.cont.get(next);
    if direct == 0 {
        return found;
    }
    let letters = c.is_alphabetic() && next.is_alphabetic();
    // Between letters, a space is a word break, not a flattened byte.
    let goes_on = cont(after) | if letters { lost(after) & !t.nbsp } else { 0 };
    for (bit, chain) in chains_in(direct) {
        let assigned = match (chain.byte_of(c), chain.byte_of(next)) {
            (Some(a), Some(b)) => starts_assigned(a, b),
            _ => false,
        };
        if assigned && (!letters || goes_on & bit != 0) {
            found |= bit;
        }
    }
    found
}

/// The chains of `wide` under which `c`, `next` and `after` each hold a
/// whole 2-byte UTF-8 sequence in at most two rows of the code table: the
/// letters of a small alphabet share one or two UTF-8 lead bytes.
#[cold]
fn alphabet_run(
    t: &Triggers,
    wide: ChainMask,
    c: char,
    next: Option<char>,
    after: Option<char>,
) -> ChainMask {
    let (Some(next), Some(after)) = (next, after) else {
        return 0;
    };
    let candidates = wide & t.wide_run2.get(next) & t.wide_run2.get(after);
    if candidates == 0 {
        return 0;
    }
    let mut buf = Vec::with_capacity(6);
    let mut found = 0;
    for &(bit, chain) in t
        .wide_chains
        .iter()
        .filter(|(bit, _)| candidates & bit != 0)
    {
        buf.clear();
        let encoded = [c, next, after]
            .iter()
            .all(|&x| chain.wrong.encode_char(x, &mut buf));
        let [a, a2, b, b2, c, c2] = buf[..] else {
            continue;
        };
        // Leads CD-DF: the scripts whose letters all take two bytes (Greek,
        // Cyrillic, Armenian, Hebrew, Arabic, ...), written without ASCII
        // letters around them. (Latin's C3-C7 rows are kana in Big5.)
        let pairs = [(a, a2), (b, b2), (c, c2)];
        let utf8 = pairs
            .iter()
            .all(|&(l, t)| (0xCD..=0xDF).contains(&l) && is_continuation_byte(t));
        if encoded && utf8 && (a == b || b == c || a == c) {
            found |= bit;
        }
    }
    found
}

/// The chains of `mask` (those that hold a character as a UTF-8 lead and,
/// maybe, continuation: `逝`, `ﾃ`) under which `next` begins with a
/// continuation byte: the sequence goes on into it.
///
/// Shift_JIS's common rows (level-1 kanji, kana, symbols) begin with bytes
/// 81-9F, all continuation bytes, so in clean text any character after a
/// level-2 kanji (`表` after `發`) would pass. After a lead and continuation
/// (`three`: the chains under which `c` holds both), there the byte after
/// the continuation must also be what follows a letter in UTF-8: an ASCII
/// letter or the lead of another sequence (`表` is `95 5C`).
#[cold]
fn continues_wide_sequence(
    t: &Triggers,
    mask: ChainMask,
    next: Option<char>,
    three: ChainMask,
) -> ChainMask {
    let Some(next) = next else {
        return 0;
    };
    let mut buf = Vec::with_capacity(2);
    let mut found = 0;
    for &(bit, chain) in t.wide_chains.iter().filter(|(bit, _)| mask & bit != 0) {
        buf.clear();
        let strict = three & bit != 0 && chain.wrong == crate::codec::Codec::ShiftJis;
        let goes_on = chain.wrong.encode_char(next, &mut buf)
            && match buf[..] {
                [first] => is_continuation_byte(first),
                [first, second, ..] => {
                    is_continuation_byte(first)
                        && (!strict
                            || second.is_ascii_alphabetic()
                            || (0xC2..=0xF4).contains(&second))
                }
                _ => false,
            };
        if goes_on {
            found |= bit;
        }
    }
    found
}

/// A UTF-8 continuation byte.
fn is_continuation_byte(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
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
    /// Two high-half characters of a single-byte codec reading legacy bytes.
    pub(super) const HIGH: u32 = 1 << 5;
    /// Two uncommon Han characters, or three that are kana in the other
    /// CJK codec.
    pub(super) const HAN: u32 = 1 << 6;
    /// A small Cyrillic letter, then a capital.
    pub(super) const CYRILLIC: u32 = 1 << 7;
    /// Two of windows-1252's odd letters and signs.
    pub(super) const ODD: u32 = 1 << 8;
    /// Two characters that each hold a whole 2-byte sequence in the rows
    /// of a small alphabet (read as CJK).
    pub(super) const WIDE2_RUN: u32 = 1 << 9;
    /// A one-byte UTF-8 lead or a lead and continuation of a multi-byte
    /// codec, or a U+FFFD, then any non-ASCII character (the exact test
    /// encodes it).
    pub(super) const WIDE_ON: u32 = 1 << 10;
    /// Changed into a letter by a Latin-to-Latin chain: noted for the
    /// line-level test, never a pair.
    pub(super) const LATIN: u32 = 1 << 11;
    /// A Cyrillic capital: two together send the line to the line-level
    /// test, never a pair.
    pub(super) const CAPITAL: u32 = 1 << 12;
    /// A whole 2-byte sequence in one character, then U+FFFD.
    pub(super) const WIDE2_FFFD: u32 = 1 << 13;
    /// U+FFFD, then a whole 2-byte sequence in one character.
    pub(super) const FFFD_WIDE2: u32 = 1 << 14;
    /// A non-ASCII Latin letter (see [`super::is_latin_letter`]): its
    /// alphabets are gathered on the way for the Latin line test. Never a
    /// pair (the end bit of [`LATIN`], which no pair tests).
    pub(super) const LATIN_LETTER: u32 = LATIN << 16;
    /// A character of [`LATIN`] that is no letter (`³`): the Latin line
    /// test then looks at its place in the word. Never a pair either.
    pub(super) const LATIN_SIGN: u32 = CAPITAL << 16;
    /// The rules tested on pairs.
    pub(super) const PAIRS: u32 = STARTS & !ALWAYS & !LATIN & !CAPITAL;
    /// A trigger on its own.
    pub(super) const ALWAYS: u32 = 1 << 15;
    /// The low half: the rules a character may begin.
    pub(super) const STARTS: u32 = 0xFFFF;
}

/// True for a character that CJK text seldom has and that one CJK codec's
/// bytes read with the other often give: a Han character outside every
/// standard's common range (Big5's second level, GBK's added rows), a
/// private-use character (GBK's user-defined rows), bopomofo and box
/// drawing (Big5 puts them where GBK has fullwidth punctuation and Han)
/// and a small kana (which follows kana, nothing else). Each is a trigger of its own ([`rule::ALWAYS`]);
/// [`odd_beside_cjk`] asks its neighbours.
fn is_odd_in_cjk(c: char) -> bool {
    crate::score::is_uncommon_han(c)
        || matches!(
            c,
            '\u{E000}'..='\u{F8FF}' | '\u{3105}'..='\u{312F}' | '\u{2500}'..='\u{257F}'
        )
        || is_small_kana(c)
}

fn is_small_kana(c: char) -> bool {
    matches!(
        c,
        'ぁ' | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
    )
}

/// True when `c`, between `prev` and `next`, is a character of
/// [`is_odd_in_cjk`] in the company that makes it a sign of GBK and Big5
/// read as each other: an uncommon Han character beside Han or kana, a
/// private-use character beside Han, kana or private use, bopomofo or box
/// drawing beside Han, a small kana after anything but kana (it only ever
/// follows one).
fn odd_beside_cjk(prev: Option<char>, c: char, next: Option<char>) -> bool {
    let han = |x: Option<char>| x.is_some_and(|x| ('\u{3400}'..='\u{9FFF}').contains(&x));
    let kana = |x: Option<char>| x.is_some_and(|x| ('\u{3041}'..='\u{30FF}').contains(&x));
    let private = |x: Option<char>| x.is_some_and(|x| ('\u{E000}'..='\u{F8FF}').contains(&x));
    if crate::score::is_uncommon_han(c) {
        han(prev) || han(next) || kana(prev) || kana(next)
    } else if private(Some(c)) {
        [prev, next]
            .iter()
            .any(|&x| han(x) || kana(x) || private(x))
    } else if matches!(c, '\u{3105}'..='\u{312F}' | '\u{2500}'..='\u{257F}') {
        han(prev) || han(next)
    } else {
        is_small_kana(c) && !kana(prev)
    }
}

/// True when `c` is one of windows-1251's letters and signs in 80-BF, the
/// bytes cp866 text read as windows-1251 puts side by side.
fn is_odd_cyrillic(c: char) -> bool {
    !c.is_ascii()
        && crate::codec::Codec::Windows1251
            .byte_of(c)
            .is_some_and(|b| (0x80..0xC0).contains(&b))
}

/// The flags of one character: the rules it may begin (low half, with
/// [`rule::ALWAYS`]) and the rules it may complete (high half), from the
/// same sets [`is_trigger`] reads.
fn flags_of(c: char) -> u32 {
    use rule::*;
    let t = triggers();
    let cyrillic = ('\u{400}'..='\u{45F}').contains(&c);
    let odd = is_odd_cyrillic(c);
    let uncommon_han = crate::score::is_uncommon_han(c) || t.becomes_kana.contains(c);
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
        t.single.contains(c)
            || t.wide_lead34.contains(c)
            || is_odd_in_cjk(c)
            || t.c1_lead.contains(c),
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
    let run2 = t.wide_run2.contains(c);
    let fffd = c == '\u{FFFD}';
    set(run2, &mut starts, WIDE2_RUN);
    set(wide_lead2, &mut starts, WIDE2_FFFD);
    set(fffd, &mut starts, FFFD_WIDE2);
    set(
        t.wide_lead34_own.get(c) != 0 || t.wide_lead_single.get(c) != 0 || fffd,
        &mut starts,
        WIDE_ON,
    );
    set(t.latin.contains(c), &mut starts, LATIN);
    set(is_latin_letter(c), &mut starts, LATIN_LETTER);
    set(
        t.latin.contains(c) && !c.is_alphabetic(),
        &mut starts,
        LATIN_SIGN,
    );
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
    set(run2, &mut ends, WIDE2_RUN);
    set(fffd, &mut ends, WIDE2_FFFD);
    set(wide_lead2, &mut ends, FFFD_WIDE2);
    set(!c.is_ascii(), &mut ends, WIDE_ON);
    starts | (ends << 16)
}

/// Whether the pair `first`, `second` (their flags) may satisfy a rule.
#[inline(always)]
fn pair_may_trigger(first: u32, second: u32) -> bool {
    first & (second >> 16) & rule::PAIRS != 0
}

/// [`flags_of`] for every character below [`TABLE_END`], in blocks of 64
/// characters: `index` holds each block's offset in `blocks`, and
/// identical blocks are stored once.
struct Flags {
    /// Flags of U+0000 to U+07FF: the characters of 1- and 2-byte UTF-8.
    low: Vec<u32>,
    index: Vec<u32>,
    blocks: Vec<u32>,
}

const BLOCK: usize = 64;

/// The table covers the first four planes (everything but the unassigned
/// planes, tags and private use); above it [`flags_of`] is asked.
const TABLE_END: usize = 0x40000;

fn flags() -> &'static Flags {
    static FLAGS: OnceLock<Flags> = OnceLock::new();
    FLAGS.get_or_init(|| {
        let all = table_flags();
        let low: Vec<u32> = all.get(..0x800).unwrap_or_default().to_vec();
        let mut index = Vec::with_capacity(TABLE_END / BLOCK);
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

/// [`flags_of`] for every character below [`TABLE_END`], built from the
/// members of each set rather than by asking each character (which would
/// cost the scanner's first use a few milliseconds).
fn table_flags() -> Vec<u32> {
    use rule::*;
    let t = triggers();
    let mut all = vec![0u32; TABLE_END];
    for v in all.iter_mut().skip(0x80) {
        *v |= WIDE_ON << 16;
    }
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
    let sets: [(&CharSet, u32); 13] = [
        (&t.single, ALWAYS),
        (&t.wide_lead34, ALWAYS),
        (&t.lead2, LEAD2),
        (&t.lead2_a0, A0),
        (&t.lead34, LEAD34),
        (&t.wide_lead2, WIDE2_NEXT | (WIDE2_PREV << 16)),
        (&t.wide_high, HIGH | (HIGH << 16)),
        (&t.cont, (LEAD2 | LEAD34) << 16),
        (&t.wide_run2, WIDE2_RUN | (WIDE2_RUN << 16)),
        (&t.wide_lead2, WIDE2_FFFD | (FFFD_WIDE2 << 16)),
        (&t.wide_lead34_own, WIDE_ON),
        (&t.wide_lead_single, WIDE_ON),
        (&t.latin, LATIN),
    ];
    for (set, bits) in sets {
        for c in members(set) {
            mark(c, bits);
        }
    }
    for c in members(&t.latin).into_iter().filter(|c| !c.is_alphabetic()) {
        mark(c, LATIN_SIGN);
    }
    for (cp, v) in all.iter_mut().enumerate() {
        if char::from_u32(cp as u32).is_some_and(is_latin_letter) {
            *v |= LATIN_LETTER;
        }
    }
    let mut mark = |c: char, bits: u32| {
        if let Some(v) = all.get_mut(c as usize) {
            *v |= bits;
        }
    };
    for c in ['?', '\u{FFFD}'] {
        mark(c, (LEAD2 | LEAD34) << 16);
    }
    mark('\u{FFFD}', FFFD_WIDE2 | WIDE_ON | (WIDE2_FFFD << 16));
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
    for c in members(&t.becomes_kana) {
        mark(c, HAN | (HAN << 16));
    }
    for c in members(&t.c1_lead) {
        mark(c, ALWAYS);
    }
    for c in ('\u{2500}'..='\u{257F}')
        .chain('\u{3000}'..='\u{9FFF}')
        .chain('\u{E000}'..='\u{F8FF}')
    {
        if is_odd_in_cjk(c) {
            mark(c, ALWAYS);
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
    for c in (0x80..=0xFFu8).filter_map(|b| crate::codec::Codec::Windows1251.char_of(b)) {
        if is_odd_cyrillic(c) {
            mark(c, ODD | (ODD << 16));
        }
    }
    all
}

impl Flags {
    /// The flags of `c`.
    #[inline]
    fn of(&self, c: char) -> u32 {
        let mut buf = [0u8; 4];
        self.at(c.encode_utf8(&mut buf).as_bytes()).0
    }

    /// The flags of the character whose UTF-8 encoding starts `bytes`
    /// (well-formed, at least one byte), and its length in bytes.
    #[inline(always)]
    fn at(&self, bytes: &[u8]) -> (u32, usize) {
        let (flags, len, _) = self.at_cp(bytes);
        (flags, len)
    }

    /// [`Flags::at`] and the character's code point.
    #[inline(always)]
    fn at_cp(&self, bytes: &[u8]) -> (u32, usize, u32) {
        let cont = |k: usize| u32::from(bytes.get(k).copied().unwrap_or(0) & 0x3F);
        let (cp, len) = match bytes.first().copied().unwrap_or(0) {
            b @ 0..=0x7F => {
                let flags = self.low.get(usize::from(b)).copied().unwrap_or(0);
                return (flags, 1, u32::from(b));
            }
            b @ 0xC0..=0xDF => {
                let cp = ((u32::from(b) & 0x1F) << 6) | cont(1);
                return (self.low.get(cp as usize).copied().unwrap_or(0), 2, cp);
            }
            b @ 0xE0..=0xEF => (((u32::from(b) & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
            b => (
                ((u32::from(b) & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
                4,
            ),
        };
        match self.index.get(cp as usize / BLOCK) {
            Some(&block) => {
                let flags = self
                    .blocks
                    .get(block as usize + cp as usize % BLOCK)
                    .copied()
                    .unwrap_or(0);
                (flags, len, cp)
            }
            None => (char::from_u32(cp).map_or(0, flags_of), len, cp),
        }
    }
}

/// [`trigger_chains`] for the character starting at byte `i` of `text`,
/// with its neighbours; `flags` are its flags ([`flags_of`]).
fn chains_at(text: &str, i: usize, flags: u32) -> ChainMask {
    let mut rest = text.get(i..).unwrap_or_default().chars();
    let Some(c) = rest.next() else {
        return 0;
    };
    let prev = text.get(..i).unwrap_or_default().chars().next_back();
    let (next, after) = (rest.next(), rest.next());
    // The answer depends on the four characters alone (`flags` are the
    // character's own), and text repeats its character quadruples: each
    // thread remembers the last answers in a small direct-mapped table.
    let code = |x: Option<char>| x.map_or(u32::MAX, u32::from);
    let key = [code(prev), u32::from(c), code(next), code(after)];
    let slot = key.iter().fold(0x9E37_79B9_u32, |h, &k| {
        (h ^ k).wrapping_mul(0x0100_0193).rotate_left(5)
    }) as usize
        % QUAD_SLOTS;
    QUADS.with(|quads| {
        let Ok(mut quads) = quads.try_borrow_mut() else {
            return trigger_chains_gated::<true>(flags, prev, c, next, after);
        };
        if let Some((k, found)) = quads.get(slot)
            && *k == key
        {
            return *found;
        }
        let found = trigger_chains_gated::<true>(flags, prev, c, next, after);
        if let Some(entry) = quads.get_mut(slot) {
            *entry = (key, found);
        }
        found
    })
}

/// Slots of each thread's table of [`chains_at`] answers.
const QUAD_SLOTS: usize = 2048;

thread_local! {
    /// [`chains_at`]'s answers by character quadruple (a key no text
    /// makes, `u32::MAX` four times, marks an empty slot).
    static QUADS: std::cell::RefCell<[([u32; 4], ChainMask); QUAD_SLOTS]> =
        const { std::cell::RefCell::new([([u32::MAX; 4], 0); QUAD_SLOTS]) };
}

/// True when `text` may contain mojibake that some chain could undo.
/// False is a proof: no chain has anything to do in this text.
///
/// ASCII is skipped a word at a time. In the non-ASCII stretches each
/// character is looked up once in a table of [`flags_of`], and each pair of
/// neighbours is tested against the rules of [`is_trigger`] with one AND;
/// only a pair that may satisfy a rule is handed to [`trigger_chains`]
/// itself, which decides. Since every way [`trigger_chains`] can hold is
/// one of those rules, the answer is exactly [`reference::suspects`]'s
/// (as a yes or no).
///
/// ```
/// // (exercised through the public API)
/// assert!(matches!(mojifix::fix("plain ASCII"), std::borrow::Cow::Borrowed(_)));
/// ```
#[inline]
pub(crate) fn may_be_mojibake(text: &str) -> bool {
    scan::<true>(text) != 0
}

/// The chains that may have something to undo in `text`: those that
/// fired, widened to the chains that read with the same wrong codec (see
/// [`widen`]). The detector tries only these. 0 is a proof that no chain
/// has anything to do.
/// Exactly [`reference::suspects`].
pub(crate) fn suspects(text: &str) -> ChainMask {
    scan::<false>(text)
}

/// The scanner's one loop: with `FIRST`, stops at the first trigger (any
/// non-zero mask will do); otherwise gathers every chain that fires.
#[inline(always)]
fn scan<const FIRST: bool>(text: &str) -> ChainMask {
    let bytes = text.as_bytes();
    let mut i = first_non_ascii(bytes);
    if i >= bytes.len() {
        return 0;
    }
    let table = flags();
    let mut found: ChainMask = 0;
    // Every rule some character of the line may begin, and whether two
    // Cyrillic capitals stood together: the line-level tests' cue.
    let mut seen = 0;
    let mut capitals = false;
    // The alphabets that hold every Latin letter so far.
    let mut fit = crate::score::AlphabetFit::new();
    // The previous character: its flags and where it starts.
    let (mut prev, mut prev_at) = match i.checked_sub(1) {
        Some(p) => (table.at(bytes.get(p..).unwrap_or_default()).0, p),
        None => (0, 0),
    };
    // Where the exact test last ran, so that no character is asked twice.
    let mut tested = usize::MAX;
    while let Some(rest) = bytes.get(i..).filter(|r| !r.is_empty()) {
        let (current, len, cp) = table.at_cp(rest);
        if current & rule::LATIN_LETTER != 0
            && let Some(c) = char::from_u32(cp)
        {
            fit.add(c);
        }
        let pair = pair_may_trigger(prev, current);
        if pair && tested != prev_at {
            found |= chains_at(text, prev_at, prev);
            tested = prev_at;
        }
        if pair || current & rule::ALWAYS != 0 {
            found |= chains_at(text, i, current);
            tested = i;
        }
        if FIRST && found != 0 {
            return found;
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
    let t = triggers();
    if seen & rule::LATIN != 0 {
        // The Latin line test (`latin_chains`): its letters' fit was
        // gathered above; only a sign needs the line again.
        found |= if seen & rule::LATIN_SIGN != 0 && latin_sign_inside_word(text) {
            sign_chains(t)
        } else if fit.fits() {
            0
        } else {
            alphabet_gains_held(text)
        };
    }
    if capitals && cyrillic_capitals_misfit(text) {
        found |= t.cyrillic;
    }
    widen_with(t, found)
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

/// The line-level half of the scanner, shared with its scalar twin: the
/// chains a line wakes as a whole when it holds a character that a chain
/// between two Latin code pages turns into a letter. The Latin-to-Latin
/// chains, when its Latin letters fit no one alphabet (`aygýt þehir`,
/// Turkish written in windows-1254 and read as windows-1252) and the
/// chain's repair would fit better ([`alphabet_gains`]), or such a
/// character is a sign inside a word (`zosta³`) or out of place beside its
/// letters (`enth„lt`, `termina³`: [`crate::score::is_latin_sign`]); in the
/// second case also
/// every chain that reads as windows-1252, since a sign inside a word is
/// what all legacy text read as windows-1252 shows (`Áp¦X°ê`, Big5).
///
/// Letters of other scripts are not the Latin chains' business: a
/// Japanese line with an en dash fits no Latin alphabet, and needs none
/// (letters of no script, like the modifier `ˆ` that cp850's `ê` becomes,
/// stay in).
#[cfg(test)]
fn latin_chains(t: &Triggers, text: &str) -> ChainMask {
    match latin_misfit(text) {
        LatinMisfit::None | LatinMisfit::Fits => 0,
        LatinMisfit::Alphabet => alphabet_gains(text),
        LatinMisfit::Sign => sign_chains(t),
    }
}

/// The chains a Latin sign inside a word wakes (see [`latin_chains`]).
fn sign_chains(t: &Triggers) -> ChainMask {
    t.latin_chains | widen_with(t, mask_of(|c| c.wrong == crate::codec::Codec::Windows1252))
}

/// The sign half of [`latin_misfit`] for the scanner, which knows the line
/// holds a sign of [`rule::LATIN_SIGN`]: true when one stands inside a
/// word or out of place beside its letters.
fn latin_sign_inside_word(text: &str) -> bool {
    let table = flags();
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        !c.is_ascii()
            && table.of(c) & rule::LATIN_SIGN != 0
            && (crate::detect::sign_inside_word(&chars, i)
                || crate::score::is_latin_sign(&chars, i))
    })
}

/// [`alphabet_gains`], remembered on this thread for the sets of letters
/// it last met: the answer depends on the line's distinct Latin letters
/// alone, and the lines of a text share their few sets.
fn alphabet_gains_held(text: &str) -> ChainMask {
    use std::cell::RefCell;
    use std::collections::HashMap;
    /// Sets held before the memory starts again.
    const HELD: usize = 4096;
    thread_local! {
        static GAINS: RefCell<HashMap<Box<[char]>, ChainMask, crate::score::WordHash>> =
            RefCell::new(HashMap::default());
    }
    let letters = distinct_latin_letters(text);
    GAINS.with(|gains| {
        let mut gains = gains.borrow_mut();
        if let Some(&mask) = gains.get(letters.as_slice()) {
            return mask;
        }
        let mask = alphabet_gains_of(&letters);
        if gains.len() >= HELD {
            gains.clear();
        }
        gains.insert(letters.into_boxed_slice(), mask);
        mask
    })
}

/// The distinct Latin letters of `text` ([`is_latin_letter`]), sorted.
fn distinct_latin_letters(text: &str) -> Vec<char> {
    // Every such letter is non-ASCII: ASCII is skipped a word at a time.
    let bytes = text.as_bytes();
    let mut letters: Vec<char> = Vec::new();
    let mut i = first_non_ascii(bytes);
    while let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
        if is_latin_letter(c) {
            letters.push(c);
        }
        i += c.len_utf8();
        i += first_non_ascii(bytes.get(i..).unwrap_or_default());
    }
    letters.sort_unstable();
    letters.dedup();
    letters
}

/// The Latin-to-Latin chains whose repair would make the line's letters
/// fit the alphabets as their judge asks of a line that has no sign to
/// show: one alphabet, or nearly one and two letters better than before.
/// Each letter is repaired on its own (these chains map byte to byte), so
/// the test needs only the line's distinct letters. A line of two
/// languages (`közzé` and `yayımlayacak`) fits no alphabet, and no chain
/// makes it fit better. A line that fits one alphabet already wakes
/// nothing: with no sign to show, the letter-pair model cannot tell two
/// swapped letters of Czech `-ský` from Turkish `-skı` reliably.
#[cfg(test)]
fn alphabet_gains(text: &str) -> ChainMask {
    alphabet_gains_of(&distinct_latin_letters(text))
}

/// [`alphabet_gains`] of the line's distinct Latin letters (sorted).
fn alphabet_gains_of(letters: &[char]) -> ChainMask {
    let before = crate::score::alphabet_misfit(letters.iter().copied()).0;
    chains_in(mask_of(Chain::is_latin_to_latin))
        .filter(|&(_, chain)| {
            let repair = |c: char| {
                chain
                    .wrong
                    .byte_of(c)
                    .and_then(|b| chain.right.char_of(b))
                    .unwrap_or(c)
            };
            // A chain that changes none of these letters changes no fit.
            if letters.iter().all(|&c| repair(c) == c) {
                return false;
            }
            let repaired = letters.iter().map(|&c| repair(c));
            // The Latin judge's own test.
            let (after, distinct) = crate::score::alphabet_misfit(repaired);
            after < before && (after == 0 || (4 * after <= distinct && before >= after + 2))
        })
        .fold(0, |m, (bit, _)| m | bit)
}

/// A non-ASCII letter of the Latin script, or of no script (`ˆ`, a
/// combining mark): what the Latin line test weighs. ASCII letters fit
/// every alphabet and are left out. Below U+0800 every such letter counts;
/// above it only those of the blocks where Latin letters live (phonetic
/// extensions, Latin Extended Additional, -C, -D, -E): Thai, Devanagari or
/// Han beside Latin need not be asked. Below U+2000, where the Latin line
/// test spends its time, the answer is a table built at first use.
#[inline]
fn is_latin_letter(c: char) -> bool {
    static LOW: OnceLock<[u64; 128]> = OnceLock::new();
    let low = LOW.get_or_init(|| {
        let mut bits = [0u64; 128];
        for (cp, word) in (0..0x2000u32).zip((0..128).flat_map(|w| std::iter::repeat_n(w, 64))) {
            if char::from_u32(cp).is_some_and(is_latin_letter_uncached)
                && let Some(slot) = bits.get_mut(word)
            {
                *slot |= 1u64 << (cp % 64);
            }
        }
        bits
    });
    match low.get(c as usize / 64) {
        Some(word) => word & (1u64 << (c as u32 % 64)) != 0,
        None => is_latin_letter_uncached(c),
    }
}

/// [`is_latin_letter`] asked of the Unicode tables.
fn is_latin_letter_uncached(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    let in_blocks = c < '\u{800}'
        || matches!(c, '\u{1D00}'..='\u{1EFF}' | '\u{2C60}'..='\u{2C7F}' | '\u{A720}'..='\u{A7FF}' | '\u{AB30}'..='\u{AB6F}');
    in_blocks
        && !c.is_ascii()
        && c.is_alphabetic()
        && matches!(
            c.script(),
            Script::Latin | Script::Common | Script::Inherited
        )
}

/// What the Latin line test found.
#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LatinMisfit {
    None,
    /// Latin letters that fit one alphabet (or none to fit).
    Fits,
    /// Latin letters that fit no one alphabet.
    Alphabet,
    /// A sign inside a word that a Latin chain turns into a letter.
    Sign,
}

/// The Latin line test of [`latin_chains`].
#[cfg(test)]
pub(crate) fn latin_misfit(text: &str) -> LatinMisfit {
    let t = triggers();
    let mut latin = false;
    let mut sign = false;
    for c in text.chars().filter(|&c| t.latin.contains(c)) {
        latin = true;
        // Superscripts (`³` for `ł`) are numeric, not letters: signs here.
        sign |= !c.is_alphabetic();
    }
    if !latin {
        return LatinMisfit::None;
    }
    // Only a line with such a sign needs its characters for the word test.
    if sign {
        let chars: Vec<char> = text.chars().collect();
        let inside = chars.iter().enumerate().any(|(i, &c)| {
            t.latin.contains(c)
                && !c.is_alphabetic()
                && (crate::detect::sign_inside_word(&chars, i)
                    || crate::score::is_latin_sign(&chars, i))
        });
        if inside {
            return LatinMisfit::Sign;
        }
    }
    if crate::score::fits_one_alphabet(text.chars().filter(|&c| is_latin_letter(c))) {
        LatinMisfit::Fits
    } else {
        LatinMisfit::Alphabet
    }
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
    fn latin_letter_table_agrees_with_the_unicode_tables() {
        for c in ('\0'..='\u{FFFF}').chain('\u{10000}'..='\u{10FFFF}') {
            assert_eq!(is_latin_letter(c), is_latin_letter_uncached(c), "{c:?}");
        }
    }

    #[test]
    fn distinct_latin_letters_are_those_of_the_definition() {
        for text in [
            "",
            "abc",
            "żółć and ÿ, Ÿ",
            "日本 ýþ ý",
            "ǅ ß ǈ x ß",
            "ab\u{1E9E}\u{A7A0}é",
        ] {
            let mut want: Vec<char> = text.chars().filter(|&c| is_latin_letter(c)).collect();
            want.sort_unstable();
            want.dedup();
            assert_eq!(distinct_latin_letters(text), want, "{text:?}");
        }
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
        let planes = (0x1F600..0x1F700)
            .chain(0x2A6C0..0x2A6F0)
            .chain(0x3FFC0..0x40040);
        for cp in (0..0x11000u32).chain(planes).chain(0xE0000..0xE0080) {
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
            prop_assert_eq!(suspects(&s), reference::suspects(&s));
        }

        #[test]
        fn fast_agrees_with_reference_on_trigger_neighbourhoods(
            s in "[ a?\u{FFFD}ÃÂâÐР€™©é—“”…日丂亐鈥茅Äãºпрі ї Ђђ№кКоОЏЁўҐ\u{80}\u{9d}├⌐√]{0,32}",
        ) {
            prop_assert_eq!(may_be_mojibake(&s), reference::may_be_mojibake(&s));
            prop_assert_eq!(suspects(&s), reference::suspects(&s));
        }

        #[test]
        fn fast_agrees_with_reference_on_latin_lines(
            s in "[a-z ,.ýþðışğøíèéöäüłśżąčřůěõåæœßñçếệ³„»·“”—…€£¾¹ˆ]{0,40}",
        ) {
            // Twice: the second answer may come from what the first held.
            for _ in 0..2 {
                prop_assert_eq!(may_be_mojibake(&s), reference::may_be_mojibake(&s));
                prop_assert_eq!(suspects(&s), reference::suspects(&s));
            }
        }

        #[test]
        fn fast_agrees_with_reference(
            s in "(\\PC|[a ?\u{FFFD}ÃÂâ€™©é日Рёі\u{80}\u{9d}├⌐√ð鈥淒茅麻ÄãºÃ]){0,64}",
            pad in 0usize..16,
        ) {
            let text = format!("{}{}", "x".repeat(pad), s);
            prop_assert_eq!(may_be_mojibake(&text), reference::may_be_mojibake(&text));
            prop_assert_eq!(suspects(&text), reference::suspects(&text));
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
            let names: Vec<String> = super::chains_in(super::suspects(s))
                .map(|(_, c)| c.to_string())
                .collect();
            println!("{} {s} {names:?}", super::may_be_mojibake(s));
            let chars: Vec<char> = s.chars().collect();
            let t = super::triggers();
            for &c in &chars {
                println!(
                    "  {c:?} single {:#x} w34 {:#x} own {:#x} w1 {:#x} w2 {:#x} high {:#x} uncommon_han {}",
                    t.single.get(c),
                    t.wide_lead34.get(c),
                    t.wide_lead34_own.get(c),
                    t.wide_lead_single.get(c),
                    t.wide_lead2.get(c),
                    t.wide_high.get(c),
                    crate::score::is_uncommon_han(c)
                );
            }
            for i in 0..chars.len() {
                let at = |k: usize| chars.get(k).copied();
                let m = super::trigger_chains(
                    i.checked_sub(1).and_then(at),
                    chars[i],
                    at(i + 1),
                    at(i + 2),
                );
                if m != 0 {
                    println!("  at {i} {:?}: {m:#x}", chars[i]);
                }
            }
        }
    }
}

#[cfg(test)]
mod probe_file {
    /// How many lines of the file `MOJIFIX_FILE` the scanner passes to the
    /// detector, and which chains each one wakes.
    #[test]
    #[ignore]
    fn trigger_rate_of_file() {
        let path = std::env::var("MOJIFIX_FILE").unwrap_or_default();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let (mut lines, mut triggered, mut bytes, mut triggered_bytes) = (0, 0, 0, 0);
        for line in text.lines() {
            lines += 1;
            bytes += line.len();
            let chains = super::suspects(line);
            if chains != 0 {
                triggered += 1;
                triggered_bytes += line.len();
                println!("T\t{}\t{line}", chains.count_ones());
            }
        }
        println!(
            "lines {lines} triggered {triggered} bytes {bytes} triggered bytes {triggered_bytes}"
        );
    }
}

#[cfg(test)]
mod probe_rules {
    /// Which pair rules the characters of `MOJIFIX_FILE` match, counted.
    #[test]
    #[ignore]
    fn pair_rules_of_file() {
        let path = std::env::var("MOJIFIX_FILE").unwrap_or_default();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut counts = [0usize; 16];
        let (mut pairs, mut always) = (0usize, 0usize);
        for line in text.lines() {
            let mut prev = 0u32;
            for c in line.chars() {
                let f = super::flags_of(c);
                if f & super::rule::ALWAYS != 0 {
                    always += 1;
                }
                let m = prev & (f >> 16) & super::rule::PAIRS;
                if m != 0 {
                    pairs += 1;
                    for (bit, n) in counts.iter_mut().enumerate() {
                        if m & (1 << bit) != 0 {
                            *n += 1;
                        }
                    }
                }
                prev = f;
            }
        }
        println!("pairs {pairs} always {always} by rule {counts:?}");
    }
}
