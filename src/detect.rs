//! Detection: which spans of a line are mis-decoded, under which chain.
//!
//! For each chain of the table the detector first finds *sequences*: runs
//! of characters whose `wrong`-encoded bytes form one well-formed `right`
//! character (for UTF-8, a lead byte and its continuation bytes). That is a
//! structural test, derived from the two codecs alone; clean text passes it
//! rarely, and only by accident.
//!
//! Each sequence is then judged by the scorer ([`crate::score`]): the cost of
//! the characters as written, with their neighbours, against the cost of the
//! one character they would become, plus what the line around it says (a
//! Hebrew letter appearing alone in a Latin line, a lower-case letter in an
//! all-capitals line). Sequences in one word form a *run*; a run is accepted
//! when its summed evidence clears a threshold, which is higher for a lone
//! two-character sequence (the shortest evidence) and for the rarer chains.
//! A 3- or 4-byte UTF-8 sequence is itself strong evidence: clean text
//! almost never has a lead character followed by two or three
//! continuation characters that decode to a character people use.
//!
//! When several chains explain a line, the one with the most accepted
//! evidence wins, earlier chains breaking ties.
//!
//! Damage beyond mis-decoding is handled inside a sequence, never by
//! guessing outside one:
//! - a space where a UTF-8 continuation byte A0 belongs (a no-break space
//!   flattened by some editor) may stand for A0. When the repaired letter
//!   ends a word (`voilÃ le` → `voilà le`), the space stays: the no-break
//!   space and a following space were merged into one;
//! - a U+FFFD or `?`, or a missing last byte, where a strict `wrong` decoder
//!   lost an undefined byte: the candidates are exactly the bytes that
//!   decoder rejects; when more than one is possible the whole sequence
//!   becomes one U+FFFD, never a guess.
//!
//! Restored sequences are accepted only beside an intact accepted sequence
//! of the same chain: a lone `Ã ` or `Ñ?` is too little evidence.

use std::ops::Range;

use unicode_script::Script;

use crate::chain::Chain;
use crate::codec::Codec;
use crate::scan::ChainMask;
use crate::score::{self, Class, EDGE, Kind};

mod a0_words;
mod cjk_swap;
mod sequence;

pub(crate) use sequence::{Restored, Sequence, sequences};

/// Sequences are accepted as a run when their evidence reaches this.
const RUN_THRESHOLD: f32 = 1.5;
/// A run of one 2-character sequence (the shortest, most ambiguous
/// evidence) must reach this instead.
const SHORT_RUN_THRESHOLD: f32 = 2.5;
/// In a line with a convincing run of a chain, its other runs need only
/// this much evidence.
const TIER_TWO: f32 = -1.0;
/// Weak runs of one chain (each below the run threshold) are accepted
/// together when two or more of them add up to this.
const LINE_THRESHOLD: f32 = 3.5;
/// Structural evidence of a well-formed 3-byte and 4-byte sequence.
const LONG_SEQUENCE_BONUS: [f32; 5] = [0.0, 0.0, 0.0, 3.5, 4.5];
/// Structural evidence of a lead byte followed by a lost byte.
const LOST_BYTE_BONUS: f32 = 2.0;
/// Structural evidence of U+FFFD's own UTF-8 bytes read as a CJK codec.
const REPLACED_BEFORE_BONUS: f32 = 6.0;
/// A flattened A0 is weak evidence: alone in a line it needs this much more.
const A0_ALONE: f32 = 1.0;
/// A character outside the common range of the CJK wrong codec it was
/// decoded with.
const UNCOMMON_IN_WRONG: f32 = 1.5;
/// A frequent Han character glued to a Latin word repaired into a mark or a
/// symbol (see [`glued_sign`]).
const GLUED_SIGN: f32 = 4.0;
/// An everyday Han character (see [`score::is_everyday_han`]) written where
/// UTF-8 read as a CJK codec would put a letter.
const EVERYDAY_HAN: f32 = 3.0;
/// Evidence per sequence when the line's characters under a double-byte
/// wrong codec crowd into a few rows of its table (see [`few_rows`]).
const FEW_ROWS_BONUS: f32 = 1.5;
/// A repaired letter of a script the rest of the line does not use.
const FOREIGN_SCRIPT: f32 = 3.0;
/// A repaired lower-case letter in a line of capitals.
const FOREIGN_CASE: f32 = 3.0;
/// Below this evidence a pair keeps a CJK line from being read back whole.
const WHOLE_LINE_FLOOR: f32 = -4.0;

/// The options detection honours (a subset of [`crate::Config`]).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Options {
    pub(crate) restore_byte_a0: bool,
    pub(crate) restore_lost_bytes: bool,
}

/// A line split into characters with their classes and byte offsets.
pub(crate) struct Line<'a> {
    pub(crate) text: &'a str,
    pub(crate) chars: Vec<char>,
    classes: Vec<Class>,
    offsets: Vec<usize>,
    /// What the Latin judge asks of the line as written, the same for
    /// every chain: its alphabet misfit and its letter-pair cost.
    latin_misfit: std::cell::OnceCell<usize>,
    latin_cost: std::cell::OnceCell<(f32, usize)>,
    /// Per character, the [`CharKind`] bits [`WordCapitals`] asks of
    /// every chain's sequences: computed once per line.
    kinds: std::cell::OnceCell<Vec<u8>>,
    /// See [`Line::word_runs`].
    word_runs: std::cell::OnceCell<(Vec<usize>, Vec<usize>)>,
    /// See [`Line::wrong_bytes`], by wrong codec.
    wrong_bytes: [std::cell::OnceCell<Vec<Option<u8>>>; crate::codec::ALL.len()],
    /// Whether the line reads as Chinese or Japanese text, asked by each
    /// chain of UTF-8 read as a CJK codec ([`reads_as_cjk_text`]).
    cjk_text: std::cell::OnceCell<bool>,
}

/// Bits of [`Line::kinds`].
struct CharKind;

impl CharKind {
    const ALPHABETIC: u8 = 1;
    const UPPERCASE: u8 = 2;
    const WHITESPACE: u8 = 4;
    const CASED_SMALL: u8 = 8;

    /// The bits of `c`: looked up below U+2600 (alphabets, punctuation
    /// and the signs of the code pages; a table built at first use from
    /// [`CharKind::compute`]), computed above.
    fn of(c: char) -> u8 {
        const LOW: usize = 0x2600;
        static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        let table = TABLE.get_or_init(|| {
            (0..LOW as u32)
                .map(|cp| char::from_u32(cp).map_or(0, Self::compute))
                .collect()
        });
        match table.get(c as usize) {
            Some(&bits) => bits,
            None => Self::compute(c),
        }
    }

    fn compute(c: char) -> u8 {
        let mut bits = 0;
        if c.is_alphabetic() {
            bits |= Self::ALPHABETIC;
        }
        if c.is_uppercase() {
            bits |= Self::UPPERCASE;
        }
        if c.is_whitespace() {
            bits |= Self::WHITESPACE;
        }
        if cased_small_by_definition(c) {
            bits |= Self::CASED_SMALL;
        }
        bits
    }
}

impl<'a> Line<'a> {
    pub(crate) fn new(text: &'a str) -> Line<'a> {
        let mut chars = Vec::with_capacity(text.len());
        let mut offsets = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            chars.push(c);
            offsets.push(i);
        }
        offsets.push(text.len());
        let classes = chars.iter().map(|&c| score::classify(c)).collect();
        Line {
            text,
            chars,
            classes,
            offsets,
            latin_misfit: std::cell::OnceCell::new(),
            latin_cost: std::cell::OnceCell::new(),
            kinds: std::cell::OnceCell::new(),
            word_runs: std::cell::OnceCell::new(),
            wrong_bytes: [const { std::cell::OnceCell::new() }; crate::codec::ALL.len()],
            cjk_text: std::cell::OnceCell::new(),
        }
    }

    /// For each position (and the end), where the run of non-space
    /// characters that ends just before it starts, and where the one that
    /// starts there ends: the word edges, computed once per line.
    fn word_runs(&self) -> (&[usize], &[usize]) {
        let (start, end) = self.word_runs.get_or_init(|| {
            let n = self.chars.len();
            let kinds = self.kinds();
            let mut run_start = Vec::with_capacity(n + 1);
            let mut start = 0;
            for (i, &kind) in kinds.iter().enumerate() {
                run_start.push(start);
                if kind & CharKind::WHITESPACE != 0 {
                    start = i + 1;
                }
            }
            run_start.push(start);
            let mut run_end = vec![n; n + 1];
            let mut end = n;
            for (i, &kind) in kinds.iter().enumerate().rev() {
                if kind & CharKind::WHITESPACE != 0 {
                    end = i;
                }
                if let Some(slot) = run_end.get_mut(i) {
                    *slot = end;
                }
            }
            (run_start, run_end)
        });
        (start, end)
    }

    /// The byte each character came from under `chain`'s wrong codec
    /// ([`Chain::byte_of`]): the same for every chain that reads with that
    /// codec, so computed once per line and codec.
    pub(crate) fn wrong_bytes(&self, chain: Chain) -> std::borrow::Cow<'_, [Option<u8>]> {
        let compute = || self.chars.iter().map(|&c| chain.byte_of(c)).collect();
        // Every codec has its slot (`codec::ALL` is in declaration order).
        match self.wrong_bytes.get(chain.wrong as usize) {
            Some(cell) => std::borrow::Cow::Borrowed(cell.get_or_init(compute)),
            None => std::borrow::Cow::Owned(compute()),
        }
    }

    /// The [`CharKind`] bits of each character.
    fn kinds(&self) -> &[u8] {
        self.kinds
            .get_or_init(|| self.chars.iter().map(|&c| CharKind::of(c)).collect())
    }

    /// Byte range of characters `start..end`.
    pub(crate) fn byte_span(&self, start: usize, end: usize) -> Range<usize> {
        let at = |i: usize| self.offsets.get(i).copied().unwrap_or(self.text.len());
        at(start)..at(end)
    }

    pub(crate) fn class(&self, i: Option<usize>) -> Class {
        i.and_then(|i| self.classes.get(i)).copied().unwrap_or(EDGE)
    }

    /// The line with each of `seqs` (in order) replaced.
    pub(crate) fn splice<'s>(&self, seqs: impl Iterator<Item = &'s Sequence>) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut next = 0;
        for seq in seqs {
            let span = self.byte_span(seq.start, seq.end);
            out.push_str(self.text.get(next..span.start).unwrap_or_default());
            out.push_str(&seq.replacement);
            next = span.end;
        }
        out.push_str(self.text.get(next..).unwrap_or_default());
        out
    }
}

/// Accepted sequences of one chain on one line, with their evidence.
#[derive(Clone, Debug)]
pub(crate) struct Verdict {
    pub(crate) chain: Chain,
    pub(crate) sequences: Vec<Sequence>,
    /// Accepted runs: (first sequence index, end sequence index, evidence).
    pub(crate) runs: Vec<(usize, usize, f32)>,
    pub(crate) evidence: f32,
    /// UTF-8 read as a multi-byte codec, explained whole by its structure
    /// (see [`utf8_reads_whole`]): the repair is no guess, however dear
    /// the scorer finds its script.
    pub(crate) whole: bool,
}

impl Verdict {
    /// The share of the line's non-ASCII characters inside accepted
    /// sequences.
    fn coverage(&self, line: &Line<'_>) -> f32 {
        if self.chain.is_latin_to_latin() || self.chain.is_cyrillic_to_cyrillic() {
            // Taken as a whole (see `judge_latin`): what it leaves alone
            // reads the same in both code pages.
            return 1.0;
        }
        high_coverage(line, self.accepted())
    }

    /// The evidence for ranking chains against each other: a sequence that
    /// could only become U+FFFD counts against its reading, so that a
    /// chain decoding `羶` as `û` (UTF-8 read as Big5) beats one that
    /// finds a lost byte in it (read as Shift_JIS).
    fn rank(&self) -> f32 {
        const PER_REPLACEMENT: f32 = 3.0;
        let replaced = self
            .accepted()
            .filter(|s| s.restored == Restored::LostByte && s.replacement.contains('\u{FFFD}'))
            .count();
        self.evidence - PER_REPLACEMENT * replaced as f32
    }

    /// The accepted sequences, in order.
    pub(crate) fn accepted(&self) -> impl Iterator<Item = &Sequence> + Clone {
        self.runs
            .iter()
            .flat_map(|&(first, end, _)| part(&self.sequences, first..end))
    }
}

/// How much more evidence a chain needs than windows-1252, the most common
/// mis-decoder: the others are rarer, and their high halves overlap more
/// with clean text (math symbols in MacRoman, box drawing in cp437).
fn chain_prior(chain: Chain) -> f32 {
    if chain.is_cjk_to_cjk() {
        // Either reading of CJK bytes is CJK text: only commonness tells.
        return 2.0;
    }
    if chain.is_legacy() {
        return 1.0;
    }
    if chain.is_wide() && chain.wrong.is_single_byte() {
        // CJK bytes read as windows-1252: almost any pair of high bytes
        // decodes, so the pairs must say more.
        return 1.5;
    }
    match chain.wrong {
        Codec::Windows1252 | Codec::Latin1 => 0.0,
        Codec::Windows1251 | Codec::MacRoman => 0.5,
        _ => 1.0,
    }
}

/// What the letters outside the sequences say: their scripts and whether
/// they are (nearly) all capitals.
struct Context {
    scripts: Vec<(Script, usize)>,
    letters: usize,
    /// Scripts whose letters outside the sequences are all capitals (four
    /// or more): a small letter of that script stands out there. A small
    /// Cyrillic word beside Latin capitals (`SQL запрос`) does not.
    capitals_only: Vec<Script>,
}

fn context(line: &Line<'_>, seqs: &[Sequence]) -> Context {
    let mut inside = vec![false; line.chars.len()];
    for seq in seqs {
        part_mut(&mut inside, seq.start..seq.end)
            .iter_mut()
            .for_each(|x| *x = true);
    }
    let mut scripts: Vec<(Script, usize)> = Vec::new();
    // Capitals and small letters per script.
    let mut cases: Vec<(Script, usize, usize)> = Vec::new();
    let mut letters = 0;
    for (class, _) in line
        .classes
        .iter()
        .zip(&inside)
        .filter(|(_, inside)| !**inside)
    {
        if !class.is_letter() {
            continue;
        }
        letters += 1;
        let at = match cases.iter().position(|(s, _, _)| *s == class.script) {
            Some(i) => i,
            None => {
                cases.push((class.script, 0, 0));
                cases.len() - 1
            }
        };
        if let Some((_, upper, lower)) = cases.get_mut(at) {
            match class.kind {
                Kind::Upper => *upper += 1,
                Kind::Lower => *lower += 1,
                _ => {}
            }
        }
        match scripts.iter_mut().find(|(s, _)| *s == class.script) {
            Some((_, n)) => *n += 1,
            None => scripts.push((class.script, 1)),
        }
    }
    Context {
        scripts,
        letters,
        capitals_only: cases
            .iter()
            .filter(|&&(_, upper, lower)| upper >= 4 && lower * 10 <= upper)
            .map(|&(s, _, _)| s)
            .collect(),
    }
}

impl Context {
    /// The cost of a character in a sequence, as written or repaired, that
    /// the rest of the line does not support: a lone letter of another
    /// script (one or two of them; a whole foreign word is ordinary), a
    /// small letter in a line of capitals.
    ///
    /// `same_script_repairs` counts the letters of the class's script in
    /// the sequences; it is asked only when the answer depends on it.
    fn foreign(&self, class: Class, same_script_repairs: impl FnOnce() -> usize) -> f32 {
        let native_digit = class.kind == Kind::Digit && class.script != Script::Common;
        if !(class.is_letter() || native_digit) {
            return 0.0;
        }
        let mut cost = 0.0;
        let known = matches!(class.script, Script::Common | Script::Inherited)
            || self.scripts.iter().any(|(s, _)| *s == class.script);
        if !known && self.letters >= 3 && same_script_repairs() <= 2 {
            cost += FOREIGN_SCRIPT;
        }
        if class.kind == Kind::Lower && self.capitals_only.contains(&class.script) {
            cost += FOREIGN_CASE;
        }
        cost
    }
}

/// The evidence for each sequence: its cost as written, minus its cost
/// repaired (with the line's other sequences repaired too), plus the
/// structural bonus.
///
/// A long UTF-8 sequence is structure worth a bonus only under a
/// single-byte wrong codec: under a CJK one (`wide`), legacy text forms
/// such sequences by chance all the time.
fn evidence(line: &Line<'_>, seqs: &[Sequence], chain: Chain) -> Vec<f32> {
    let wide = chain.is_wide();
    let utf8_narrow = chain.is_utf8() && chain.wrong.is_single_byte();
    // Mojibake under a CJK wrong codec lands outside that codec's common
    // range (UTF-8 continuation bytes are poor GB2312 trail bytes): a
    // character as written that no CJK standard counts as common, and its
    // wrong codec does not either, is evidence.
    let wrong_rarity = |chars: &[char]| -> f32 {
        if chain.wrong.is_single_byte() || chain.wrong == Codec::Utf8 {
            return 0.0;
        }
        chars
            .iter()
            .filter(|&&c| {
                !c.is_ascii() && score::classify(c).cost > 0.0 && !chain.wrong.is_common_char(c)
            })
            .count() as f32
            * UNCOMMON_IN_WRONG
    };
    // An everyday Han character as written speaks for the text as written
    // (`Perl的` is Chinese, not `PerlŪ`).
    let everyday = |chars: &[char]| -> f32 {
        if !is_utf8_as_cjk(chain) {
            return 0.0;
        }
        chars.iter().filter(|&&c| score::is_everyday_han(c)).count() as f32 * EVERYDAY_HAN
    };
    // The same for the characters a CJK right codec decodes to.
    let right_rarity = |text: &str| -> f32 {
        if chain.right.is_single_byte() || chain.right == Codec::Utf8 {
            return 0.0;
        }
        text.chars()
            .filter(|&c| !c.is_ascii() && !common_in(chain.right, c))
            .count() as f32
            * UNCOMMON_IN_WRONG
    };
    // Classes of the line with every sequence replaced, and where each
    // replacement sits in it.
    let mut fixed: Vec<Class> = Vec::with_capacity(line.chars.len());
    let mut at: Vec<std::ops::Range<usize>> = Vec::with_capacity(seqs.len());
    let mut next = 0;
    for seq in seqs {
        fixed.extend_from_slice(part(&line.classes, next..seq.start));
        let from = fixed.len();
        fixed.extend(seq.replacement.chars().map(score::classify));
        at.push(from..fixed.len());
        next = seq.end;
    }
    fixed.extend_from_slice(part(&line.classes, next..));

    let ctx = context(line, seqs);
    let row_bonus = if few_rows(line, chain, seqs) {
        FEW_ROWS_BONUS
    } else {
        0.0
    };
    // Letters of each script in the sequences, as written or repaired: the
    // same count on both sides, so that the foreign-script term compares
    // like with like. Counted once per line (a handful of scripts at most).
    let count = |classes: &mut dyn Iterator<Item = &Class>| {
        let mut counts: Vec<(Script, usize)> = Vec::new();
        for c in classes.filter(|c| c.is_letter()) {
            match counts.iter_mut().find(|(s, _)| *s == c.script) {
                Some((_, n)) => *n += 1,
                None => counts.push((c.script, 1)),
            }
        }
        counts
    };
    let repaired = count(&mut at.iter().flat_map(|r| part(&fixed, r.clone())));
    let written = count(
        &mut seqs
            .iter()
            .flat_map(|s| part(&line.classes, s.start..s.end)),
    );
    let lookup = |counts: &[(Script, usize)], script: Script| {
        counts
            .iter()
            .find(|(s, _)| *s == script)
            .map_or(0, |&(_, n)| n)
    };
    let in_sequences = |script: Script| lookup(&written, script).max(lookup(&repaired, script));
    let capitals = std::cell::OnceCell::new();
    seqs.iter()
        .zip(&at)
        .map(|(seq, span)| {
            let written = part(&line.classes, seq.start..seq.end);
            let before = score::window_cost(
                line.class(seq.start.checked_sub(1)),
                written,
                line.class(Some(seq.end)),
            ) + written
                .iter()
                .map(|&c| ctx.foreign(c, || in_sequences(c.script)))
                .sum::<f32>()
                + wrong_rarity(part(&line.chars, seq.start..seq.end))
                - everyday(part(&line.chars, seq.start..seq.end));
            let classes = part(&fixed, span.clone());
            let left = span
                .start
                .checked_sub(1)
                .and_then(|i| fixed.get(i))
                .copied()
                .unwrap_or(EDGE);
            let right = fixed.get(span.end).copied().unwrap_or(EDGE);
            let foreign: f32 = classes
                .iter()
                .map(|&c| ctx.foreign(c, || in_sequences(c.script)))
                .sum();
            // A small letter in a word of capitals (`AHÅ™` is not `AHř`),
            // judged by the word's letters outside every sequence.
            let case = if utf8_narrow
                && seq.replacement.chars().any(is_cased_small)
                && capitals
                    .get_or_init(|| WordCapitals::new(line, seqs))
                    .breaks(seq)
            {
                FOREIGN_CASE
            } else {
                0.0
            };
            let after = score::window_cost(left, classes, right)
                + foreign
                + case
                + right_rarity(&seq.replacement)
                + glued_sign(line, seq);
            let plausible = classes.iter().all(|c| {
                !c.is_rare() && !matches!(c.kind, Kind::Control | Kind::Unusual | Kind::Format)
            });
            // `锟斤拷`: U+FFFD itself, encoded in UTF-8 and read as a CJK
            // codec; nothing but a decoder that already lost data writes it.
            let replaced_before = !seq.replacement.is_empty()
                && seq.replacement.chars().all(|c| c == '\u{FFFD}')
                && seq.restored == Restored::Nothing;
            // Three letters that read as a word (`ćłł`) are weaker structure
            // than a letter and two signs (`â€œ`) or letters in broken case
            // (`вЂњ`).
            let odd_shape = written.iter().any(|c| !c.is_letter())
                || written
                    .windows(2)
                    .any(|w| matches!(w, [a, b] if a.kind == Kind::Lower && b.kind == Kind::Upper));
            let bonus = match seq.restored {
                _ if replaced_before => REPLACED_BEFORE_BONUS,
                Restored::LostByte => LOST_BYTE_BONUS,
                Restored::Nothing if plausible && !wide && odd_shape => LONG_SEQUENCE_BONUS
                    .get(seq.bytes.min(4))
                    .copied()
                    .unwrap_or_default(),
                _ => 0.0,
            };
            // Symbols turned into other symbols, with no word beside them
            // (`¬´` in an emoticon), say little: halve the evidence.
            let wordy = |c: Class| c.is_letter() || c.kind == Kind::Digit;
            let controls = part(&line.classes, seq.start..seq.end)
                .iter()
                .any(|c| matches!(c.kind, Kind::Control | Kind::Unusual));
            let near_words = classes.iter().any(|c| c.is_letter())
                || controls
                || wordy(line.class(seq.start.checked_sub(1)))
                || wordy(line.class(Some(seq.end)));
            let weight = if near_words { 1.0 } else { 0.5 };
            weight * (before - after) + bonus + row_bonus
        })
        .collect()
}

/// A frequent Han character glued to a Latin word is how Chinese and
/// Japanese write (`Unix系`, `則exec`); as UTF-8 read as a CJK codec it
/// would have to be a letter of that word (Tongan's `ʻ` included), or
/// punctuation (`«`, a no-break space). Under such a chain, a repair of one
/// such character into a mark or a symbol costs [`GLUED_SIGN`].
fn glued_sign(line: &Line<'_>, seq: &Sequence) -> f32 {
    use unicode_general_category::{GeneralCategory as Gc, get_general_category};
    let [c] = part(&line.chars, seq.start..seq.end) else {
        return 0.0;
    };
    let glued = |i: Option<usize>| {
        i.and_then(|i| line.chars.get(i))
            .is_some_and(|c| c.is_ascii_alphabetic())
    };
    if !score::is_frequent_han(*c) || !(glued(seq.start.checked_sub(1)) || glued(Some(seq.end))) {
        return 0.0;
    }
    let odd = |r: char| {
        matches!(
            get_general_category(r),
            Gc::NonspacingMark
                | Gc::SpacingMark
                | Gc::EnclosingMark
                | Gc::ModifierSymbol
                | Gc::OtherSymbol
        )
    };
    if seq.replacement.chars().any(odd) {
        GLUED_SIGN
    } else {
        0.0
    }
}

/// Latin text in one Latin code page read as another: both readings are
/// Latin letters, so the line's language decides, and the repair is taken
/// as a whole or not at all. Every word of the line is evidence: the line
/// as written and repaired is scored by the one UDHR language that writes
/// it most cheaply ([`score::latin_cost`], letter pairs with word edges),
/// and the repair must save [`LATIN_GAIN`] nats at least, more for a
/// short line ([`LATIN_SHORT`] per pair it lacks of [`LATIN_PAIRS`]).
/// `aygýt þehir` is dear in Icelandic, the only language with `ý` and
/// `þ`, and `aygıt şehir` cheap in Turkish; a real Icelandic line is
/// cheaper in Icelandic than its reading in Turkish letters.
///
/// A line whose letters fit one alphabet and holds no sign inside a word
/// needs [`LATIN_FITS`] more, a repair that fits none [`LATIN_MISFIT`]
/// more. The repair must not make the line's letters fit the alphabets
/// worse ([`score::alphabet_misfit`]), must fit one alphabet unless a sign
/// inside a word or a gain of two letters or more speaks for it (and then
/// leave at most a quarter of its distinct letters outside the best
/// alphabet), and must make some Latin letter; no sequence may read
/// much worse to the scorer (`don’t` as cp850 would be `donÆt`), no letter
/// may become a sign, and no small letter may land in a word of capitals.
fn judge_latin(
    line: &Line<'_>,
    chain: Chain,
    seqs: Vec<Sequence>,
    evidence: &[f32],
) -> Option<Verdict> {
    const WORST: f32 = -3.0;
    if seqs.is_empty() || evidence.iter().any(|&e| e < WORST) {
        return None;
    }
    let letter_to_sign = letter_becomes_sign(line, &seqs);
    let cased = |s: &Sequence| s.replacement.chars().any(is_cased_small);
    // A character standing alone between spaces or tabs (`µ` in a table
    // of a code page) belongs to no word: it says nothing of the
    // language, whichever code page reads it.
    let alone = |s: &Sequence| {
        let apart = |i: Option<usize>| {
            i.and_then(|i| line.chars.get(i))
                .is_none_or(|c| c.is_whitespace())
        };
        s.end == s.start + 1 && apart(s.start.checked_sub(1)) && apart(Some(s.end))
    };
    if seqs.iter().all(alone)
        || letter_to_sign
        || (seqs.iter().any(cased) && {
            let capitals = WordCapitals::new(line, &seqs);
            seqs.iter().any(|s| capitals.breaks(s))
        })
    {
        return None;
    }
    let repaired: Vec<char> = line.splice(seqs.iter()).chars().collect();
    let before = *line
        .latin_misfit
        .get_or_init(|| score::alphabet_misfit(line.chars.iter().copied()).0);
    let (after, distinct) = score::alphabet_misfit(repaired.iter().copied());
    let sign = seqs
        .iter()
        .any(|s| score::is_latin_sign(&line.chars, s.start));
    // A repair whose letters still fit no one alphabet must leave at most
    // a quarter of them out of the best, and show more than one letter's
    // worth of improvement (or a sign inside a word); and some letter
    // must come out Latin (a sign turned into another sign says nothing
    // of the line's language).
    let latin_letter = seqs.iter().any(|s| {
        s.replacement
            .chars()
            .any(|c| c.is_alphabetic() && score::classify(c).script == Script::Latin)
    });
    let near = after == 0 || (4 * after <= distinct && (sign || before >= after + 2));
    if after > before || !near || !latin_letter {
        return None;
    }
    let (written, pairs) = *line
        .latin_cost
        .get_or_init(|| score::latin_cost(&line.chars));
    let (fixed, _) = score::latin_cost(&repaired);
    let gain = written - fixed;
    let short = LATIN_PAIRS.saturating_sub(pairs) as f32 * LATIN_SHORT;
    let fits = if before == 0 && !sign {
        LATIN_FITS
    } else {
        0.0
    };
    let misfit = if after > 0 { LATIN_MISFIT } else { 0.0 };
    if gain < LATIN_GAIN + short + fits + misfit {
        return None;
    }
    // Ranked against other chains in the scorer's units, as they are.
    let total: f32 = evidence.iter().sum::<f32>().max(0.0) + seqs.len() as f32;
    Some(Verdict {
        chain,
        runs: vec![(0, seqs.len(), total)],
        evidence: total,
        sequences: seqs,
        whole: false,
    })
}

/// The letter-pair saving (nats) a Latin-to-Latin repair must make.
const LATIN_GAIN: f32 = 6.0;
/// Lines shorter than this many letter pairs need more ...
const LATIN_PAIRS: usize = 20;
/// ... this much per pair they lack.
const LATIN_SHORT: f32 = 0.5;
/// A line whose letters one alphabet holds, with no sign inside a word,
/// reads as some language already: it needs this much more.
const LATIN_FITS: f32 = 4.0;
/// A repair whose letters still fit no one alphabet needs this much more.
const LATIN_MISFIT: f32 = 4.0;

/// Cyrillic text in one Cyrillic code page read as another (KOI8-R and
/// windows-1251 read as each other, cp866 as windows-1251): every letter
/// turns into another Cyrillic letter, so the line is taken as a whole or
/// not at all. Four converted letters at least, and the repair must undo
/// what the shuffle leaves: case anomalies (`пРИВЕТ`), or letter pairs no
/// Cyrillic orthography writes (`МЕКЭГЪ` for `нельзя`), by a clear margin
/// per pair of the UDHR's Cyrillic translations.
fn judge_cyrillic(line: &Line<'_>, chain: Chain, seqs: Vec<Sequence>) -> Option<Verdict> {
    /// Mean pair cost the repair must save.
    const PAIR_GAIN: f32 = 0.3;
    /// Converted letters the letter-pair way needs: short text says little.
    const PAIR_LETTERS: usize = 8;
    let letters = seqs
        .iter()
        .filter(|s| s.replacement.chars().all(char::is_alphabetic))
        .count();
    let letter_to_sign = letter_becomes_sign(line, &seqs);
    if letters < 4 || letter_to_sign {
        return None;
    }
    let repaired: Vec<char> = line.splice(seqs.iter()).chars().collect();
    // Small-then-capital inside words of three letters or more (what
    // stands between ASCII characters: cp866's `а` is a no-break space in
    // windows-1251): units (`кБ`, `мА`) are written that way on purpose.
    let anomalies = |text: &[char]| {
        text.split(char::is_ascii)
            .filter(|word| word.iter().filter(|c| c.is_alphabetic()).count() >= 3)
            .map(|word| {
                word.windows(2)
                    .filter(|w| matches!(w, [a, b] if a.is_lowercase() && b.is_uppercase()))
                    .count()
            })
            .sum::<usize>()
    };
    let (before, after) = (anomalies(&line.chars), anomalies(&repaired));
    let by_case = before > 0 && after * 2 <= before;
    let (written, n) = score::cyrillic_pair_cost(&line.chars);
    let (fixed, m) = score::cyrillic_pair_cost(&repaired);
    let mean = |total: f32, n: usize| if n == 0 { 0.0 } else { total / n as f32 };
    let gain = mean(written, n) - mean(fixed, m);
    // The pairs alone decide only for longer text, and only when the
    // repair makes no new case anomaly (`ШЛЯХІ` is not `ымсиІ`).
    let by_pairs = letters >= PAIR_LETTERS && after <= before && gain >= PAIR_GAIN;
    // Neither way may make the letter pairs worse.
    if !(by_case || by_pairs) || gain < 0.0 {
        return None;
    }
    let evidence = gain * n as f32;
    Some(Verdict {
        chain,
        runs: vec![(0, seqs.len(), evidence)],
        evidence,
        sequences: seqs,
        whole: false,
    })
}

/// True when some sequence repairs a letter into a sign (`ô` read as cp850
/// is `¶`; `љ` read as KOI8-R is a no-break space): a code page for an
/// alphabet maps letters to letters.
fn letter_becomes_sign(line: &Line<'_>, seqs: &[Sequence]) -> bool {
    seqs.iter().any(|s| {
        line.chars.get(s.start).is_some_and(|c| c.is_alphabetic())
            && !s.replacement.chars().all(char::is_alphabetic)
    })
}

/// Small letters with a capital of their own (`ß` has none).
fn is_cased_small(c: char) -> bool {
    CharKind::of(c) & CharKind::CASED_SMALL != 0
}

/// [`is_cased_small`] by its definition (what [`CharKind`]'s table holds).
fn cased_small_by_definition(c: char) -> bool {
    let mut upper = c.to_uppercase();
    c.is_lowercase() && upper.next().is_some_and(|u| u != c) && upper.next().is_none()
}

/// For "does `seq` repair into a small letter that has a capital inside a
/// word whose other letters (outside every sequence) are capitals?"
/// (`MÄ£ÄM` is not `MÄúÄM`; `STRAÃŸE` is `STRAßE`): the line's letters
/// outside the sequences and its word edges, counted once for every
/// sequence of a chain, so that a line of one long word and many sequences
/// costs its length, not its length times their number.
struct WordCapitals<'l> {
    /// Letters outside every sequence before each position.
    letters: Vec<u32>,
    /// Those of them that are not capitals.
    small: Vec<u32>,
    /// For each position, where the run of non-space characters that ends
    /// just before it starts.
    run_start: &'l [usize],
    /// For each position, where the run of non-space characters that
    /// starts there ends.
    run_end: &'l [usize],
}

impl<'l> WordCapitals<'l> {
    fn new(line: &'l Line<'_>, seqs: &[Sequence]) -> WordCapitals<'l> {
        let n = line.chars.len();
        let (mut letters, mut small) = (Vec::with_capacity(n + 1), Vec::with_capacity(n + 1));
        let (mut l, mut sm) = (0u32, 0u32);
        let mut covered = vec![false; n];
        for seq in seqs {
            for slot in covered.iter_mut().take(seq.end).skip(seq.start) {
                *slot = true;
            }
        }
        for (&kind, &inside) in line.kinds().iter().zip(&covered) {
            letters.push(l);
            small.push(sm);
            if !inside && kind & CharKind::ALPHABETIC != 0 {
                l += 1;
                sm += u32::from(kind & CharKind::UPPERCASE == 0);
            }
        }
        letters.push(l);
        small.push(sm);
        let (run_start, run_end) = line.word_runs();
        WordCapitals {
            letters,
            small,
            run_start,
            run_end,
        }
    }

    /// True when `seq` breaks a word of capitals (see [`WordCapitals`]).
    fn breaks(&self, seq: &Sequence) -> bool {
        if !seq.replacement.chars().any(is_cased_small) {
            return false;
        }
        let n = self.run_end.len() - 1;
        let (start, end) = (seq.start.min(n), seq.end.min(n).max(seq.start.min(n)));
        let at = |v: &[u32], i: usize| v.get(i).copied().unwrap_or(0);
        let from = self.run_start.get(start).copied().unwrap_or(start);
        let to = self.run_end.get(end).copied().unwrap_or(end);
        // The word's letters before the sequence and after it.
        let count = |v: &[u32]| (at(v, start) - at(v, from)) + (at(v, to) - at(v, end));
        count(&self.letters) >= 2 && count(&self.small) == 0
    }
}

/// True when the character at `i` is a non-ASCII symbol, superscript or
/// other punctuation (not a quotation mark or dash, which clean words
/// hold) with letters on both sides inside its word (`zosta³`, `Mad¿arsko`).
pub(crate) fn sign_inside_word(chars: &[char], i: usize) -> bool {
    let Some(&c) = chars.get(i) else {
        return false;
    };
    // Quotation marks and dashes are clean text's signs inside words
    // (`it’s`, Uzbek `no‘g‘ay`); symbols, superscripts and the like are not.
    use unicode_general_category::{GeneralCategory as Gc, get_general_category};
    let symbol = matches!(
        get_general_category(c),
        Gc::CurrencySymbol
            | Gc::ModifierSymbol
            | Gc::MathSymbol
            | Gc::OtherSymbol
            | Gc::OtherNumber
            | Gc::OtherPunctuation
    );
    if c.is_ascii() || !symbol {
        return false;
    }
    let word = |c: &&char| !c.is_whitespace() && !c.is_ascii_punctuation() && **c != '\u{FFFD}';
    let letter_before = part(chars, ..i)
        .iter()
        .rev()
        .take_while(word)
        .any(|c| c.is_alphabetic());
    let letter_after = part(chars, i + 1..)
        .iter()
        .take_while(word)
        .any(|c| c.is_alphabetic());
    letter_before && letter_after
}

/// True when UTF-8 in a small alphabet shows through a multi-byte reading.
///
/// A letter of Cyrillic, Greek, Hebrew, Arabic or Armenian takes two bytes
/// in UTF-8 with one of a few lead bytes (`D0`/`D1` for Russian), so the
/// same text read as GBK or Big5 is characters from a few rows of the code
/// table, and read as Shift_JIS a few half-width kana (`ﾐ`, `ﾑ`) take turns
/// with others. Real CJK text spreads over the rows, which the standards
/// order by reading or by strokes: eight different characters from at most
/// four rows is not a sentence. Only for UTF-8 read as a multi-byte codec;
/// the row of a sequence is the first byte of its first character under
/// the wrong codec, and the line needs four different repaired characters
/// (two beside a U+FFFD) and at least twice as many as rows.
fn few_rows(line: &Line<'_>, chain: Chain, seqs: &[Sequence]) -> bool {
    const MAX_ROWS: usize = 4;
    if chain.right != Codec::Utf8 || chain.wrong.is_single_byte() || chain.wrong == Codec::Utf8 {
        return false;
    }
    let mut repaired: Vec<char> = Vec::with_capacity(seqs.len());
    let mut rows: Vec<u8> = Vec::with_capacity(MAX_ROWS + 1);
    let mut buf = Vec::with_capacity(4);
    for seq in seqs {
        let Some(&first) = line.chars.get(seq.start) else {
            return false;
        };
        buf.clear();
        if !chain.wrong.encode_char(first, &mut buf) {
            return false;
        }
        let row = buf.first().copied().unwrap_or_default();
        if !rows.contains(&row) {
            rows.push(row);
            if rows.len() > MAX_ROWS {
                return false;
            }
        }
        for c in seq.replacement.chars() {
            if !repaired.contains(&c) {
                repaired.push(c);
            }
        }
    }
    // A U+FFFD says a decoder already failed on this line (a small
    // alphabet read by Big5 or EUC-KR loses every other letter): two
    // different letters are enough then.
    let least = if line.chars.contains(&'\u{FFFD}') {
        2
    } else {
        4
    };
    repaired.len() >= least && repaired.len() >= 2 * rows.len()
}

/// Scores the sequences of one chain and keeps the accepted runs.
pub(crate) fn judge(line: &Line<'_>, chain: Chain, seqs: Vec<Sequence>) -> Option<Verdict> {
    judge_spots(line, chain, seqs).filter(|v| !lone_sequence_against_the_line(line, v))
}

/// [`judge`] without the line's veto: the verdict its sequences earn, or
/// for UTF-8 read as a multi-byte codec that lost bytes, the whole line
/// read back with its losses (see [`lossy_whole`]) when the sequences
/// leave some of it unexplained.
fn judge_spots(line: &Line<'_>, chain: Chain, seqs: Vec<Sequence>) -> Option<Verdict> {
    // A line that reads as Chinese or Japanese words was decoded right.
    // GBK and Big5 read as each other are read back whole or not at all
    // (`best_wide_verdict`, `cjk_swap`): spot by spot, either reading is
    // Han.
    if chain.is_cjk_to_cjk()
        || is_utf8_as_cjk(chain) && *line.cjk_text.get_or_init(|| reads_as_cjk_text(line))
    {
        return None;
    }
    let verdict = judge_runs(line, chain, seqs);
    let partial = verdict.as_ref().is_none_or(|v| !v.whole);
    if partial
        && is_utf8_as_cjk(chain)
        && let Some(lossy) = lossy_whole(line, chain)
    {
        return Some(lossy);
    }
    verdict
}

/// True when `line` reads as Chinese or Japanese words
/// ([`score::reads_as_cjk_words`]) and shows none of the marks of UTF-8
/// read as a CJK codec that words cannot outweigh: halfwidth katakana
/// (Shift_JIS's single bytes, UTF-8 leads and continuations) and
/// non-ASCII characters inside a Latin word (`su盧溝n`, `ü` read as
/// EUC-JP).
fn reads_as_cjk_text(line: &Line<'_>) -> bool {
    let halfwidth = line
        .chars
        .iter()
        .any(|c| ('\u{FF61}'..='\u{FF9F}').contains(c));
    if halfwidth {
        return false;
    }
    !non_ascii_inside_latin_word(line) && score::reads_as_cjk_words(line.text)
}

/// True when a run of non-ASCII characters has ASCII letters on both
/// sides (`su盧溝n`): a sign of UTF-8 in a Latin word, read as a CJK codec.
pub(crate) fn non_ascii_inside_latin_word(line: &Line<'_>) -> bool {
    let mut after_letter = false;
    let mut run_after_letter = false;
    let mut in_run = false;
    for &c in &line.chars {
        if c.is_ascii() {
            if in_run && run_after_letter && c.is_ascii_alphabetic() {
                return true;
            }
            in_run = false;
            after_letter = c.is_ascii_alphabetic();
        } else {
            if !in_run {
                run_after_letter = after_letter;
            }
            in_run = true;
        }
    }
    false
}

/// True for UTF-8 read as a multi-byte codec.
fn is_utf8_as_cjk(chain: Chain) -> bool {
    chain.is_wide() && chain.right == Codec::Utf8 && !chain.wrong.is_single_byte()
}

/// UTF-8 read as a multi-byte codec that lost bytes, read back whole
/// ([`sequence::lossy_utf8_reading`]): taken when at least
/// [`WHOLE_UTF8_CHARS`] characters survived whole, no fewer than the
/// places where bytes were lost, and they read as text of one script
/// ([`reads_as_text`]). Clean CJK text read as UTF-8 breaks at most of its
/// characters, and what survives is a scatter of scripts.
fn lossy_whole(line: &Line<'_>, chain: Chain) -> Option<Verdict> {
    let reading = sequence::lossy_utf8_reading(line, chain)?;
    // How many places may be damaged for each character read whole. Where
    // every damaged place holds a U+FFFD of the line, the losses are the
    // decoder's own (a codec that pairs few UTF-8 bytes, EUC-JP, loses
    // most characters): four. A decoder that dropped what it could not
    // read leaves no mark: two. Damage no U+FFFD of a line that has them
    // explains counts twice.
    let marked = line.chars.contains(&'\u{FFFD}');
    let losses = match (marked, reading.unmarked) {
        (true, 0) => reading.damaged.div_ceil(4),
        (true, unmarked) => reading.damaged + unmarked,
        (false, _) => reading.damaged.div_ceil(2),
    };
    // Losses the line marks itself are evidence enough for two letters.
    let least = if marked && reading.unmarked == 0 {
        2
    } else {
        LOSSY_LETTERS
    };
    let taken = reading.damaged > 0
        && reading.intact >= least
        && losses <= reading.intact
        && reads_as_text_but(&reading.sequences, least, least, LOSSY_STRAY);
    let hinted = marked && reading.unmarked == 0 && hinted_whole(&reading);
    if !(taken || hinted) {
        return None;
    }
    // Latin letters are where accidents land (`ǮǤǶ` from kana): those of a
    // lossy reading must fit one alphabet.
    let repaired = || reading.sequences.iter().flat_map(|s| s.replacement.chars());
    let latin = repaired()
        .any(|c| !c.is_ascii() && c.is_alphabetic() && score::classify(c).script == Script::Latin);
    if latin && !score::fits_one_alphabet(repaired()) {
        return None;
    }
    // Ranked as convincing runs; where the line shows that bytes were
    // lost, the U+FFFD the reading keeps is made up for.
    const PER_REPLACEMENT: f32 = 3.0;
    let each = chain_prior(chain) + RUN_THRESHOLD + if marked { PER_REPLACEMENT } else { 0.0 };
    let runs: Vec<(usize, usize, f32)> = (0..reading.sequences.len())
        .map(|k| (k, k + 1, each))
        .collect();
    Some(Verdict {
        chain,
        evidence: each * runs.len() as f32,
        runs,
        sequences: reading.sequences,
        whole: true,
    })
}

/// True for a lossy reading whose every damaged place the line marks,
/// where few characters survived whole but the lost ones kept the start
/// of their bytes: those say which script each was written in, and with
/// the ones read whole they make [`WHOLE_UTF8_CHARS`] characters of one
/// script at least (a letter in eight may stray), four damaged places at
/// most for each.
fn hinted_whole(reading: &sequence::LossyReading) -> bool {
    let group = |s: Script| match s {
        Script::Hangul | Script::Hiragana | Script::Katakana => Script::Han,
        s => s,
    };
    let Some(main) = main_script(&reading.sequences) else {
        return false;
    };
    // A mark alone may be a lead joined to another script's bytes.
    let letter = reading
        .sequences
        .iter()
        .flat_map(|s| s.replacement.chars())
        .any(|c| {
            let class = score::classify(c);
            !c.is_ascii() && class.is_letter() && group(class.script) == main
        });
    if !letter {
        return false;
    }
    let hinted = reading.hints.iter().filter(|&&s| group(s) == main).count();
    let stray = reading.hints.len() - hinted;
    let known = reading.intact + hinted;
    reading.intact >= 1
        && known >= WHOLE_UTF8_CHARS
        && stray * LOSSY_STRAY <= reading.hints.len()
        && reading.damaged.div_ceil(4) <= known
        && reads_as_text_but(&reading.sequences, 1, 1, LOSSY_STRAY)
}

/// The script most letters and marks `seqs` repair into belong to (Han,
/// kana and Hangul as Han).
fn main_script(seqs: &[Sequence]) -> Option<Script> {
    let mut scripts: Vec<(Script, usize)> = Vec::new();
    for c in seqs.iter().flat_map(|s| s.replacement.chars()) {
        let class = score::classify(c);
        if c.is_ascii()
            || !(class.is_letter() || class.kind == Kind::Mark)
            || matches!(class.script, Script::Common | Script::Inherited)
        {
            continue;
        }
        let this = match class.script {
            Script::Hangul | Script::Hiragana | Script::Katakana => Script::Han,
            s => s,
        };
        match scripts.iter_mut().find(|(s, _)| *s == this) {
            Some((_, n)) => *n += 1,
            None => scripts.push((this, 1)),
        }
    }
    scripts.iter().max_by_key(|&&(_, n)| n).map(|&(s, _)| s)
}

/// The verdict the sequences of one chain earn, run by run.
fn judge_runs(line: &Line<'_>, chain: Chain, seqs: Vec<Sequence>) -> Option<Verdict> {
    if seqs.is_empty() {
        return None;
    }
    let evidence = evidence(line, &seqs, chain);
    judge_runs_given(line, chain, seqs, evidence)
}

/// True for a chain whose [`evidence`] depends on the line and its
/// sequences alone: UTF-8 read as a single-byte codec (no rarity in a CJK
/// codec, no rows of one, the same case test).
fn evidence_is_chain_free(chain: Chain) -> bool {
    chain.right == Codec::Utf8 && chain.wrong.is_single_byte()
}

/// [`judge_runs`] with the evidence of `seqs` already weighed.
fn judge_runs_given(
    line: &Line<'_>,
    chain: Chain,
    seqs: Vec<Sequence>,
    evidence: Vec<f32>,
) -> Option<Verdict> {
    if chain.is_latin_to_latin() {
        return judge_latin(line, chain, seqs, &evidence);
    }
    if chain.is_cyrillic_to_cyrillic() {
        return judge_cyrillic(line, chain, seqs);
    }

    // Group the sequences of one word into runs and accept the convincing ones.
    let prior = chain_prior(chain);
    let cjk_as_single_byte = chain.is_wide() && chain.wrong.is_single_byte();
    let utf8_as_cjk =
        chain.is_wide() && chain.right == Codec::Utf8 && !chain.wrong.is_single_byte();
    // Text in another alphabet read as a single-byte codec: whole words of
    // it, two letters or more, or nothing.
    let legacy = chain.is_legacy();
    let mut runs = Vec::new();
    let mut all_runs = Vec::new();
    let mut first = 0;
    for (k, seq) in seqs.iter().enumerate() {
        let same_word = seqs.get(k + 1).is_some_and(|n| {
            part(&line.chars, seq.end..n.start)
                .iter()
                .all(|c| !c.is_whitespace())
        });
        if same_word {
            continue;
        }
        let sum: f32 = part(&evidence, first..=k).iter().sum();
        let short = k == first && seq.end - seq.start <= 2;
        let threshold = prior
            + if short {
                SHORT_RUN_THRESHOLD
            } else {
                RUN_THRESHOLD
            };
        // A repair into characters no orthography uses convinces no one on
        // its own: at most half the sequences of a run may make one.
        let rare = part(&seqs, first..=k)
            .iter()
            .filter(|s| s.replacement.chars().any(|c| score::classify(c).is_rare()))
            .count();
        let plausible = rare * 2 <= k - first + 1 && rare <= k - first;
        // CJK bytes read as a single-byte codec: one pair of high bytes is
        // any CJK character; it takes two in a row to say anything.
        let whole = cjk_as_single_byte || legacy;
        let long_enough =
            !whole || (k > first && whole_words(line, part(&seqs, first..=k), cjk_as_single_byte));
        if plausible
            && long_enough
            && sum >= threshold
            && part(&evidence, first..=k).iter().all(|&e| e > -1.0)
        {
            runs.push((first, k + 1, sum));
        }
        all_runs.push((first, k + 1, sum));
        first = k + 1;
    }
    // Several weak runs of one chain in a line add up.
    let weak: Vec<(usize, usize, f32)> = all_runs
        .iter()
        .copied()
        .filter(|&(f, e, sum)| sum > 0.0 && part(&evidence, f..e).iter().all(|&x| x > -1.0))
        .collect();
    // Chains with a CJK legacy right side explain almost any high bytes:
    // each of their runs must convince on its own.
    let strict = chain.is_wide() && chain.right != Codec::Utf8;
    if runs.is_empty()
        && !strict
        && weak.len() >= 2
        && weak.iter().map(|r| r.2).sum::<f32>() >= prior + LINE_THRESHOLD
    {
        runs = weak;
    }
    // A line with a convincing run of this chain went through its wrong
    // decoder: its other sequences need only be no worse repaired.
    if !runs.is_empty() && !strict {
        runs = all_runs
            .iter()
            .copied()
            .filter(|&(f, e, sum)| {
                sum >= TIER_TWO && part(&evidence, f..e).iter().all(|&x| x > -1.5)
            })
            .collect();
    }
    // Restored sequences need an intact accepted one beside them, unless a
    // U+FFFD in the text already proves the damage.
    let intact = runs
        .iter()
        .flat_map(|&(f, e, _)| part(&seqs, f..e))
        .any(|s| s.restored == Restored::Nothing);
    if !intact {
        let threshold = prior + SHORT_RUN_THRESHOLD + A0_ALONE;
        runs.retain(|&(f, e, sum)| {
            part(&seqs, f..e)
                .iter()
                .all(|s| self_evident(line, chain, s))
                || sum >= threshold
                    && part(&seqs, f..e)
                        .iter()
                        .all(|s| s.restored == Restored::ByteA0)
        });
    }
    // CJK text read as a single-byte codec, read back whole: when a run
    // convinced and the sequences hold every high character of the line,
    // each pair none of which reads much worse is taken, one-character
    // words (`¼ö` for `수`) and signs (`¡V` for `–`) included.
    if cjk_as_single_byte
        && high_coverage(line, seqs.iter()) >= 1.0
        && evidence.iter().all(|&e| e > WHOLE_LINE_FLOOR)
        && all_runs
            .iter()
            .all(|&(f, e, _)| whole_words(line, part(&seqs, f..e), true))
        && mostly_common(chain, &seqs)
        && (!runs.is_empty() || reads_whole(&seqs, &evidence, prior))
    {
        runs = all_runs.clone();
    }
    // UTF-8 read as a multi-byte codec, read back whole: when the
    // sequences hold every high character of the line and repair it into
    // text of one script, the structure speaks for every pair, the weak
    // ones included.
    let whole = utf8_as_cjk && utf8_reads_whole(line, &seqs);
    if whole && runs.len() < all_runs.len() {
        let least = prior + RUN_THRESHOLD;
        runs = all_runs
            .iter()
            .map(|&(f, e, sum)| (f, e, sum.max(least)))
            .collect();
    }
    if legacy && !legacy_line_agrees(line, chain, &seqs, &runs) {
        return None;
    }
    // CJK text read as a single-byte codec turns every high byte into a
    // high character of some pair: a line with many high characters left
    // over is not that.
    if cjk_as_single_byte
        && high_coverage(line, runs.iter().flat_map(|&(f, e, _)| part(&seqs, f..e))) < WIDE_COVERAGE
    {
        return None;
    }
    if runs.is_empty() {
        return None;
    }
    let evidence = runs.iter().map(|r| r.2).sum();
    Some(Verdict {
        chain,
        sequences: seqs,
        runs,
        evidence,
        whole,
    })
}

/// True when the only repair is one two-character sequence and the line
/// speaks against its wrong decoder elsewhere: a sign outside every
/// sequence that the wrong codec writes as a UTF-8 continuation byte
/// standing alone (`–` is byte 96 in windows-1252). That part of the line
/// was decoded right, so the line is at most partly mojibake, and one
/// short sequence is too little to say which decoder the rest went
/// through (`Bremer/Mccoy – DrÃ¥ber` stays). Latin-1 counts as
/// windows-1252 here: the two are one family to the scanner.
fn lone_sequence_against_the_line(line: &Line<'_>, verdict: &Verdict) -> bool {
    let chain = verdict.chain;
    if !chain.is_utf8() || !chain.wrong.is_single_byte() {
        return false;
    }
    let seqs = &verdict.sequences;
    let mut taken = verdict.accepted();
    let lone = match (taken.next(), taken.next()) {
        (Some(seq), None) => seq.end - seq.start <= 2 && seq.restored == Restored::Nothing,
        _ => false,
    };
    if !lone {
        return false;
    }
    let inside = |i: usize| seqs.iter().any(|s| (s.start..s.end).contains(&i));
    let continuation = |c: char| {
        let byte = match chain.wrong.byte_of(c) {
            None if chain.wrong == Codec::Latin1 => Codec::Windows1252.byte_of(c),
            b => b,
        };
        byte.is_some_and(|b| (0x80..=0xBF).contains(&b))
    };
    line.chars
        .iter()
        .zip(&line.classes)
        .enumerate()
        .any(|(i, (&c, class))| {
            !c.is_ascii() && class.kind == Kind::Punct && !inside(i) && continuation(c)
        })
}

/// The fewest high characters a line of UTF-8 read as a multi-byte codec
/// must repair into to be read back whole (see [`utf8_reads_whole`]).
const WHOLE_UTF8_CHARS: usize = 3;

/// True when UTF-8 read as a multi-byte codec explains the whole line:
/// the sequences hold every high character (a U+FFFD aside), and what they
/// repair into is text ([`reads_as_text`]: `аланна` from `ﾐｰﾐｻﾐｰﾐｽﾐｽﾐｰ`).
/// Clean CJK text whose bytes happen to be well-formed UTF-8 turns into a
/// scatter of scripts.
fn utf8_reads_whole(line: &Line<'_>, seqs: &[Sequence]) -> bool {
    high_coverage(line, seqs.iter()) >= 1.0 && reads_as_text(seqs, WHOLE_UTF8_CHARS, 2)
}

/// A lossy reading may hold one letter or mark of another script in this
/// many.
const LOSSY_STRAY: usize = 8;

/// The fewest different letters a lossy reading must repair into.
const LOSSY_LETTERS: usize = 3;

/// True when the characters `seqs` repair into are text (the U+FFFD of
/// lost bytes aside): at least `high_chars` high characters, no control
/// or unassigned character, at most a third of them rare, and `least`
/// different letters and marks or more, of one script (Han, kana and
/// Hangul counting as one), all common ones where that script is CJK.
fn reads_as_text(seqs: &[Sequence], high_chars: usize, least: usize) -> bool {
    reads_as_text_but(seqs, high_chars, least, 0)
}

/// [`reads_as_text`], with up to one letter or mark in `stray` (when not
/// 0) of other scripts than the line's: a lossy reading joins a lead to
/// the continuations of another character now and then.
fn reads_as_text_but(seqs: &[Sequence], high_chars: usize, least: usize, stray: usize) -> bool {
    let (mut high, mut rare) = (0usize, 0usize);
    let mut letters: Vec<char> = Vec::new();
    let mut scripts: Vec<(Script, usize)> = Vec::new();
    for c in seqs.iter().flat_map(|s| s.replacement.chars()) {
        // Zero-width spaces and joiners are how some scripts mark words.
        if c.is_ascii() || c == '\u{FFFD}' || ('\u{200B}'..='\u{200D}').contains(&c) {
            continue;
        }
        let class = score::classify(c);
        if matches!(class.kind, Kind::Control | Kind::Unusual | Kind::Format) {
            return false;
        }
        high += 1;
        rare += usize::from(class.is_rare());
        if !(class.is_letter() || class.kind == Kind::Mark)
            || matches!(class.script, Script::Common | Script::Inherited)
        {
            continue;
        }
        if !letters.contains(&c) {
            letters.push(c);
        }
        // Han, kana and Hangul are written together: one script here.
        let cjk = matches!(
            class.script,
            Script::Han | Script::Hangul | Script::Hiragana | Script::Katakana
        );
        let this = if cjk { Script::Han } else { class.script };
        match scripts.iter_mut().find(|(s, _)| *s == this) {
            Some((_, n)) => *n += 1,
            None => scripts.push((this, 1)),
        }
        // The scorer's CJK rarity: kana and the common Han and Hangul
        // cost nothing.
        if cjk && class.cost > 0.0 {
            return false;
        }
    }
    let total: usize = scripts.iter().map(|&(_, n)| n).sum();
    let main = scripts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let strays = total - main;
    let one_script = strays == 0 || (stray > 0 && strays * stray <= total);
    one_script && high >= high_chars && letters.len() >= least && rare * 3 <= high
}

/// True when CJK bytes read as a single-byte codec, with no run convincing
/// on its own (a pair that reads badly in the one word of a line), still
/// read back as a whole: three pairs at least, together as much evidence
/// as several weak runs need.
fn reads_whole(seqs: &[Sequence], evidence: &[f32], prior: f32) -> bool {
    const LEAST: usize = 3;
    let total: f32 = evidence.iter().sum();
    seqs.len() >= LEAST && total >= prior + LINE_THRESHOLD
}

/// True when at most half the characters `seqs` repair to lie outside
/// the common text of `chain`'s right codec: a line read back
/// whole must read as the codec's everyday text (`áéýúíóþæðö` pairs into
/// rare Big5 characters).
fn mostly_common(chain: Chain, seqs: &[Sequence]) -> bool {
    let chars = || {
        seqs.iter()
            .flat_map(|s| s.replacement.chars())
            .filter(|c| !c.is_ascii())
    };
    let uncommon = chars().filter(|&c| !common_text_in(chain.right, c)).count();
    uncommon * 2 <= chars().count()
}

/// The share of the line's non-ASCII characters inside `seqs`. U+FFFD is
/// left out: it is what a lossy decoder left, not text a reading must
/// explain.
fn high_coverage<'s>(line: &Line<'_>, seqs: impl Iterator<Item = &'s Sequence>) -> f32 {
    let counted = |c: &&char| !c.is_ascii() && **c != '\u{FFFD}';
    let high = line.chars.iter().filter(counted).count();
    let covered: usize = seqs
        .map(|s| {
            part(&line.chars, s.start..s.end)
                .iter()
                .filter(counted)
                .count()
        })
        .sum();
    if high == 0 {
        0.0
    } else {
        covered as f32 / high as f32
    }
}

/// True when UTF-8 sequences under some single-byte codec cover most of
/// the line's high characters: the tighter structure explains the text (as
/// UTF-8, even a garbled one) better than any CJK reading, which nearly
/// any high bytes allow.
fn looks_like_utf8(line: &Line<'_>) -> bool {
    let high = line.chars.iter().filter(|c| !c.is_ascii()).count();
    Chain::all()
        .iter()
        .filter(|c| c.is_utf8() && !c.is_wide())
        .any(|&chain| {
            let covered: usize = sequences(line, chain, Options::default())
                .iter()
                .map(|s| s.end - s.start)
                .sum();
            covered * 10 >= high * 7
        })
}

/// A legacy chain explains a line only as a whole: the letters it leaves
/// alone must be few (a Hebrew word in a line of Portuguese is a Hebrew
/// word, not mojibake), and between the Cyrillic code pages, which only
/// shuffle Cyrillic letters, the repair must undo the case anomalies
/// (`пРИВЕТ`) that are the shuffle's signature.
fn legacy_line_agrees(
    line: &Line<'_>,
    chain: Chain,
    seqs: &[Sequence],
    runs: &[(usize, usize, f32)],
) -> bool {
    let mut inside = vec![false; line.chars.len()];
    for &(f, e, _) in runs {
        for seq in part(seqs, f..e) {
            part_mut(&mut inside, seq.start..seq.end)
                .iter_mut()
                .for_each(|x| *x = true);
        }
    }
    // Short text says little about its alphabet: four letters at least.
    let converted = inside.iter().filter(|x| **x).count();
    if converted < 4 {
        return false;
    }
    let letters = line.chars.iter().filter(|c| c.is_alphabetic()).count();
    let left = line
        .chars
        .iter()
        .zip(&inside)
        .filter(|(c, inside)| c.is_alphabetic() && !**inside)
        .count();
    if left * 3 >= letters {
        return false;
    }
    let cyrillic = |c: Codec| matches!(c, Codec::Windows1251 | Codec::Koi8R | Codec::Ibm866);
    if cyrillic(chain.wrong) && cyrillic(chain.right) {
        let anomalies = |text: &[char]| {
            text.windows(2)
                .filter(|w| matches!(w, [a, b] if a.is_lowercase() && b.is_uppercase()))
                .count()
        };
        let mut repaired: Vec<char> = Vec::with_capacity(line.chars.len());
        let mut next = 0;
        for &(f, e, _) in runs {
            for seq in part(seqs, f..e) {
                repaired.extend_from_slice(part(&line.chars, next..seq.start));
                repaired.extend(seq.replacement.chars());
                next = seq.end;
            }
        }
        repaired.extend_from_slice(part(&line.chars, next..));
        let before = anomalies(&line.chars);
        if before == 0 || anomalies(&repaired) * 2 > before {
            return false;
        }
    }
    true
}

/// True when the words the sequences sit in are made of nothing else
/// (ASCII punctuation and digits aside): text in another alphabet read as
/// a single-byte codec leaves no Latin letters or stray high characters
/// inside a word. CJK text writes ASCII words without a space beside it
/// (`XML属性名"%s"`): with `ascii_words`, ASCII letters may stand in the
/// word too, unless they touch the ASCII trail byte of a pair, where they
/// are the rest of a Latin word (`Ärger` is not `榷ger`).
fn whole_words(line: &Line<'_>, seqs: &[Sequence], ascii_words: bool) -> bool {
    let (Some(first), Some(last)) = (seqs.first(), seqs.last()) else {
        return false;
    };
    let chars = &line.chars;
    let word_start = part(chars, ..first.start)
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let word_end = part(chars, last.end..)
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |i| last.end + i);
    let mut covered = vec![false; word_end - word_start];
    for seq in seqs {
        let (from, to) = (seq.start.max(word_start), seq.end.min(word_end));
        part_mut(
            &mut covered,
            from.saturating_sub(word_start)..to.saturating_sub(word_start),
        )
        .iter_mut()
        .for_each(|x| *x = true);
    }
    let word = part(chars, word_start..word_end);
    // A covered ASCII character: the trail byte of a pair.
    let trail = |i: Option<usize>| {
        i.and_then(|i| Some((*word.get(i)?, *covered.get(i)?)))
            .is_some_and(|(c, inside)| inside && c.is_ascii())
    };
    word.iter()
        .zip(&covered)
        .enumerate()
        .all(|(i, (c, &inside))| {
            inside
                || c.is_ascii_punctuation()
                || c.is_ascii_digit()
                || ascii_words
                    && c.is_ascii_alphabetic()
                    && !trail(i.checked_sub(1))
                    && !trail(Some(i + 1))
        })
}

/// True for a sequence whose damage shows without help: an intact one, or
/// a lost byte whose remains say so.
fn self_evident(line: &Line<'_>, chain: Chain, seq: &Sequence) -> bool {
    match seq.restored {
        Restored::Nothing => true,
        Restored::ByteA0 => false,
        // A multi-byte decoder leaves the lead and continuation it kept in
        // one character (`鈥`): that is structure enough.
        Restored::LostByte => {
            chain.is_wide() || part(&line.chars, seq.start..seq.end).contains(&'\u{FFFD}')
        }
    }
}

/// The best-supported chain for `line`, if any clears the thresholds.
///
/// Chains between single-byte codecs and UTF-8 are asked first; the chains
/// with a multi-byte legacy side only when none of them explains the line
/// and the line does not have the structure of UTF-8 read as a single-byte
/// codec at all. Their structure is looser (almost any pair of high bytes
/// is a GBK character, few are a UTF-8 sequence), so the tighter
/// explanation wins, even where the scorer rejected it.
///
/// Only the chains of `chains` are asked: those the scanner saw a trigger
/// of ([`crate::scan::suspects`]).
pub(crate) fn best_verdict(line: &Line<'_>, opts: Options, chains: ChainMask) -> Option<Verdict> {
    let mut narrow = best_verdict_among(line, opts, false, chains);
    // A lone spot that reads best as UTF-8, which the rest of the line
    // speaks against: a Latin-to-Latin reading of the same letters would
    // be a worse guess. (CJK readings still compete: their pairs explain
    // the signs that spoke against UTF-8.)
    let vetoed = narrow
        .as_ref()
        .is_some_and(|v| lone_sequence_against_the_line(line, v));
    if vetoed {
        narrow = None;
    }
    if chains & wide_or_legacy() == 0 {
        return narrow;
    }
    let narrow_coverage = narrow.as_ref().map_or(0.0, |v| v.coverage(line));
    if narrow_coverage >= WIDE_COVERAGE || looks_like_utf8(line) {
        return narrow;
    }
    match best_verdict_among(line, opts, true, chains) {
        // A Latin-to-Latin or Cyrillic-to-Cyrillic reading explains a line
        // as a whole; beside a UTF-8 reading of part of it, the one whose
        // repaired line reads better wins.
        Some(wide) if vetoed && wide.chain.is_latin_to_latin() => None,
        Some(wide) if wide.chain.is_latin_to_latin() || wide.chain.is_cyrillic_to_cyrillic() => {
            match narrow {
                Some(n) if repaired_cost(line, &n) <= repaired_cost(line, &wide) => Some(n),
                _ => Some(wide),
            }
        }
        Some(wide) if wide.coverage(line) >= WIDE_COVERAGE => Some(wide),
        _ => narrow,
    }
}

/// The cost of `line` with `verdict`'s sequences repaired.
fn repaired_cost(line: &Line<'_>, verdict: &Verdict) -> f32 {
    score::text_cost(&line.splice(verdict.accepted()))
}

/// How much more evidence a chain later in the table needs to win.
const LATER_CHAIN_MARGIN: f32 = 1.0;

/// A CJK reading must account for this share of a line's non-ASCII
/// characters, and a UTF-8 reading that does leaves no room for one.
const WIDE_COVERAGE: f32 = 0.8;

/// The best-supported chain among those with UTF-8 or windows-1252 on the
/// right and a single-byte wrong codec (the first tier).
pub(crate) fn best_narrow_verdict(
    line: &Line<'_>,
    opts: Options,
    chains: ChainMask,
) -> Option<Verdict> {
    best_verdict_among(line, opts, false, chains)
        .filter(|v| !lone_sequence_against_the_line(line, v))
}

/// The chains with a multi-byte legacy side or two single-byte sides.
fn wide_or_legacy() -> ChainMask {
    static MASK: std::sync::OnceLock<ChainMask> = std::sync::OnceLock::new();
    *MASK.get_or_init(|| crate::scan::mask_of(|c| c.is_wide() || c.is_legacy()))
}

/// The natural logarithm of how many characters `codec` counts as common
/// (its symbol rows and first level of Han characters or Hangul): the cost,
/// in a model where common characters are equally likely, of one of them.
/// Counted from the codec's decoder at first use.
fn common_log_size(codec: Codec) -> f32 {
    static SIZES: std::sync::OnceLock<Vec<(Codec, f32)>> = std::sync::OnceLock::new();
    let sizes = SIZES.get_or_init(|| {
        crate::codec::MULTI_BYTE
            .iter()
            .map(|&codec| {
                let mut n = 0u32;
                for lead in 0x81..=0xFEu8 {
                    for trail in 0x40..=0xFEu8 {
                        let two = matches!(
                            codec.decode_first(&[lead, trail]),
                            Some((c, 2)) if !c.is_ascii()
                        );
                        if two && codec.is_common_code(lead, trail) {
                            n += 1;
                        }
                    }
                }
                (codec, (n.max(1) as f32).ln())
            })
            .collect()
    });
    sizes
        .iter()
        .find(|(c, _)| *c == codec)
        .map_or(9.0, |&(_, size)| size)
}

/// How unlikely the bytes of a CJK-as-single-byte verdict are as text in
/// its right codec, when its accepted sequences hold every high character
/// of the line (`None` otherwise, and for other chains), with the share of
/// its characters the codec does not count as common.
///
/// Each repaired character costs the logarithm of the codec's common set
/// (a narrow set, KS X 1001 Hangul, explains the bytes it fits better than
/// a wide one, GB2312 level 1, that fits them too), and more outside it; an
/// ASCII character consumed as a trail byte saves what it costs on its own.
/// Comparing these costs is comparing the codecs as explanations of the
/// same bytes.
fn cjk_fit(line: &Line<'_>, verdict: &Verdict) -> Option<(f32, f32)> {
    const UNCOMMON: f32 = 5.0;
    // The standards order Han characters by reading or strokes, so text
    // seldom stays in one row from one character to the next; kana and
    // Hangul rows are the syllabary itself, where it does all the time
    // (`«¢«ë«¼«ó` is katakana in EUC-KR, one Big5 row of Han read as Big5).
    const SAME_ROW: f32 = 2.0;
    const ASCII: f32 = 4.5;
    // KS X 1001 lists its hanja all on one level; they count as common
    // when frequent in Chinese and Japanese text, in a reading without
    // Hangul that reads as words (Korean words are Hangul or hanja, not
    // both: `통 燈잀調` is Cyrillic read as windows-1252). Korean is
    // written in Hangul: in EUC-KR a Han character is the rarer
    // explanation of its bytes.
    const HANJA: f32 = 2.5;
    let chain = verdict.chain;
    if !(chain.is_wide() && chain.wrong.is_single_byte()) {
        return None;
    }
    if high_coverage(line, verdict.accepted()) < 1.0 {
        return None;
    }
    let base = common_log_size(chain.right);
    // Hanja count as common only in a reading without Hangul that reads
    // as words (`_香謙适:` is a Cyrillic word in KOI8-R).
    let hanja_words = chain.right == Codec::EucKr && {
        let reading: String = verdict
            .accepted()
            .flat_map(|s| s.replacement.chars())
            .collect();
        !reading
            .chars()
            .any(|c| score::classify(c).script == Script::Hangul)
            && score::reads_as_cjk_words(&reading)
    };
    let mut cost = 0.0;
    let (mut chars, mut uncommon) = (0usize, 0usize);
    let mut buf = Vec::with_capacity(4);
    // The row (first byte) of the last Han character, and where its
    // sequence ended.
    let mut last_han: Option<(u8, usize)> = None;
    for seq in verdict.accepted() {
        for c in seq.replacement.chars().filter(|c| !c.is_ascii()) {
            buf.clear();
            let two = chain.right.encode_char(c, &mut buf) && buf.len() == 2;
            chars += 1;
            cost += base;
            let hanja = hanja_words
                && score::classify(c).script == Script::Han
                && score::is_frequent_han(c);
            if !(two && (common_text_in(chain.right, c) || hanja)) {
                uncommon += 1;
                cost += UNCOMMON;
            }
            let han = two && score::classify(c).script == Script::Han;
            if han && chain.right == Codec::EucKr {
                cost += HANJA;
            }
            let row = buf.first().copied().unwrap_or_default();
            if han && last_han.is_some_and(|(r, end)| r == row && end == seq.start) {
                cost += SAME_ROW;
            }
            last_han = han.then_some((row, seq.end));
        }
        let ascii = part(&line.chars, seq.start..seq.end)
            .iter()
            .filter(|c| c.is_ascii())
            .count();
        cost -= ASCII * ascii as f32;
    }
    (chars > 0).then(|| (cost, uncommon as f32 / chars as f32))
}

/// True for a character `codec` counts as common, or a kana: every CJK
/// codec writes the Japanese syllabaries in two bytes, Big5 outside its
/// frequent range.
fn common_in(codec: Codec, c: char) -> bool {
    ('\u{3041}'..='\u{30FF}').contains(&c) || codec.is_common_char(c)
}

/// [`common_in`], for the characters CJK text is written in: the symbol
/// rows' letters of other alphabets (Greek, Cyrillic, Roman numerals) and
/// lone Hangul jamo are not (`ㄼㄲㅺ` is kana bytes read as EUC-KR).
fn common_text_in(codec: Codec, c: char) -> bool {
    let script = score::classify(c).script;
    let jamo = ('\u{3131}'..='\u{318E}').contains(&c);
    let foreign_letter = c.is_alphabetic()
        && !matches!(
            script,
            Script::Han | Script::Hangul | Script::Hiragana | Script::Katakana
        );
    !jamo && !foreign_letter && common_in(codec, c)
}

/// A whole-line CJK reading this clean explains a line better than any
/// single-byte one (Thai letters from the same bytes).
const CJK_CLEAN_SHARE: f32 = 0.1;

/// A whole-line CJK reading that reads as words may be this unclean.
const CJK_WORDS_SHARE: f32 = 0.25;

/// How much a pair of characters that words hold lowers a CJK reading's
/// cost, in nats (see [`best_wide_verdict`]).
const WORD_PAIR: f32 = 3.0;

/// How much cheaper a CJK reading must make the line than a single-byte
/// one to take it.
const CJK_READS_BETTER: f32 = 0.5;

fn best_verdict_among(
    line: &Line<'_>,
    opts: Options,
    wide: bool,
    chains: ChainMask,
) -> Option<Verdict> {
    if wide {
        return best_wide_verdict(line, opts, chains);
    }
    let mut best: Option<Verdict> = None;
    // The evidence of sequences already weighed under another chain whose
    // evidence is the same function of them (windows-1252 and its
    // neighbours often find the very same sequences).
    let mut weighed: Vec<(Vec<Sequence>, Vec<f32>)> = Vec::new();
    for (_, chain) in
        crate::scan::chains_in(chains).filter(|(_, c)| (c.is_wide() || c.is_legacy()) == wide)
    {
        let seqs = sequences(line, chain, opts);
        // Among the CJK chains, whose readings are often both plausible, a
        // later one must explain the line clearly better to win.
        let margin = if chain.is_wide() {
            LATER_CHAIN_MARGIN
        } else {
            0.0
        };
        let verdict = if evidence_is_chain_free(chain) && !seqs.is_empty() {
            let evidence = match weighed.iter().find(|(s, _)| *s == seqs) {
                Some((_, e)) => e.clone(),
                None => {
                    let e = evidence(line, &seqs, chain);
                    weighed.push((seqs.clone(), e.clone()));
                    e
                }
            };
            judge_runs_given(line, chain, seqs, evidence)
        } else {
            judge_spots(line, chain, seqs)
        };
        if let Some(v) = verdict
            && best.as_ref().is_none_or(|b| v.rank() > b.rank() + margin)
        {
            best = Some(v);
        }
    }
    best
}

/// The best verdict of the second tier. CJK-as-single-byte readings that
/// explain every high character of the line compete by [`cjk_fit`]; the
/// best of them wins over the other chains when it is clean enough, else
/// the evidence decides as in the first tier.
fn best_wide_verdict(line: &Line<'_>, opts: Options, chains: ChainMask) -> Option<Verdict> {
    let mut best: Option<Verdict> = None;
    let mut best_fit: Option<(Verdict, f32, f32, bool)> = None;
    for (_, chain) in crate::scan::chains_in(chains).filter(|(_, c)| c.is_wide() || c.is_legacy()) {
        let seqs = sequences(line, chain, opts);
        let Some(v) = judge(line, chain, seqs) else {
            continue;
        };
        // A reading that leaves too much of the line unexplained is not
        // taken (see `best_verdict`): it competes with none that is.
        let whole_line = chain.is_latin_to_latin() || chain.is_cyrillic_to_cyrillic();
        if !whole_line && v.coverage(line) < WIDE_COVERAGE {
            continue;
        }
        if let Some((cost, share)) = cjk_fit(line, &v) {
            // Pairs that words hold speak for a reading beyond its
            // codec's commonness (GBK's kana rows also read as common
            // Big5 characters).
            // One such pair may be chance (`面倒` in Korean read as GBK).
            let words = score::han_cost(&line.splice(v.accepted()));
            let held = if words.attested >= 2 {
                words.attested
            } else {
                0
            };
            let cost = cost - WORD_PAIR * held as f32;
            let reads = held > 0 && words.reads_as_words();
            if best_fit.as_ref().is_none_or(|b| cost < b.1) {
                best_fit = Some((v.clone(), cost, share, reads));
            }
        }
        let margin = if chain.is_wide() {
            LATER_CHAIN_MARGIN
        } else {
            0.0
        };
        if best.as_ref().is_none_or(|b| v.rank() > b.rank() + margin) {
            best = Some(v);
        }
    }
    let chosen = match (best_fit, best) {
        // Another CJK reading, or a single-byte one that reads worse than
        // the CJK one (Thai letters in no order Thai writes them); where
        // both read as well (short Cyrillic words, whose letters GBK pairs
        // into common characters), the single-byte chain keeps the line.
        (Some((v, _, share, reads)), Some(b))
            if (share <= CJK_CLEAN_SHARE || reads && share <= CJK_WORDS_SHARE)
                && (b.chain.is_wide()
                    || reads
                    || repaired_cost(line, &v) + CJK_READS_BETTER < repaired_cost(line, &b)) =>
        {
            Some(v)
        }
        (_, best) => best,
    };
    // GBK and Big5 read as each other, read back whole by the Han model,
    // where no chain explains the line by its structure.
    if chosen.as_ref().is_none_or(|v| v.chain.is_cjk_to_cjk()) {
        let swapped = crate::scan::chains_in(chains)
            .filter(|(_, c)| c.is_cjk_to_cjk())
            .filter_map(|(_, c)| cjk_swap::swap_whole(line, c))
            .max_by(|a, b| a.evidence.total_cmp(&b.evidence));
        if swapped.is_some() {
            return swapped;
        }
    }
    chosen
}

/// A mis-decoded span found by [`detect`](crate::detect).
///
/// ```
/// let found = mojifix::detect("the cafÃ© is open");
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].chain.to_string(), "utf-8 read as windows-1252");
/// assert_eq!(found[0].span, 7..11);
/// assert!(found[0].confidence > 0.5);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Detection {
    /// The mis-decoding.
    pub chain: Chain,
    /// Byte range of the damaged text in the input.
    pub span: Range<usize>,
    /// How sure the scorer is, from 0 to 1.
    pub confidence: f32,
}

/// Turns a verdict into detections, one per accepted run, offset by `base`.
pub(crate) fn detections(line: &Line<'_>, verdict: &Verdict, base: usize) -> Vec<Detection> {
    verdict
        .runs
        .iter()
        .map(|&(first, end, evidence)| {
            let run = part(&verdict.sequences, first..end);
            let start = run.first().map_or(0, |s| s.start);
            let stop = run.last().map_or(start, |s| s.end);
            let span = line.byte_span(start, stop);
            Detection {
                chain: verdict.chain,
                span: span.start + base..span.end + base,
                confidence: 1.0 - (-evidence / 3.0).exp(),
            }
        })
        .collect()
}

/// `items[range]`, or nothing when the range falls outside `items`. The
/// ranges of sequences always lie inside their line; this keeps a bug from
/// becoming a panic on some input.
fn part<T, R: std::slice::SliceIndex<[T], Output = [T]>>(items: &[T], range: R) -> &[T] {
    items.get(range).unwrap_or_default()
}

/// The mutable twin of [`part`].
fn part_mut<T, R: std::slice::SliceIndex<[T], Output = [T]>>(
    items: &mut [T],
    range: R,
) -> &mut [T] {
    items.get_mut(range).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn char_kinds_agree_with_their_definitions() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let bits = super::CharKind::of(c);
            assert_eq!(
                bits & super::CharKind::ALPHABETIC != 0,
                c.is_alphabetic(),
                "{c:?}"
            );
            assert_eq!(
                bits & super::CharKind::UPPERCASE != 0,
                c.is_uppercase(),
                "{c:?}"
            );
            assert_eq!(
                bits & super::CharKind::WHITESPACE != 0,
                c.is_whitespace(),
                "{c:?}"
            );
            assert_eq!(
                super::is_cased_small(c),
                super::cased_small_by_definition(c),
                "{c:?}"
            );
        }
        assert!(super::is_cased_small('ä') && !super::is_cased_small('Ä'));
        assert!(!super::is_cased_small('ß'));
    }

    use super::*;

    /// The definition [`WordCapitals`] counts once per line: true when `seq` repairs into a small letter that has a capital inside a
    /// word whose other letters (outside `seqs`) are capitals (`MÄ£ÄM` is not `MÄúÄM`;
    /// `STRAÃŸE` is `STRAßE`).
    fn breaks_capitals_reference(line: &Line<'_>, seq: &Sequence, seqs: &[Sequence]) -> bool {
        // Small letters with a capital of their own (`ß` has none).
        let cased = |c: char| {
            let mut upper = c.to_uppercase();
            c.is_lowercase() && upper.next().is_some_and(|u| u != c) && upper.next().is_none()
        };
        if !seq.replacement.chars().any(cased) {
            return false;
        }
        let word = |&(_, c): &(usize, &char)| !c.is_whitespace();
        let chars = line.chars.iter().enumerate();
        let before = chars.clone().take(seq.start).rev().take_while(word);
        let after = chars.skip(seq.end).take_while(word);
        let outside =
            |&(i, _): &(usize, &char)| !seqs.iter().any(|s| (s.start..s.end).contains(&i));
        let letters: Vec<char> = before
            .chain(after)
            .filter(outside)
            .map(|(_, &c)| c)
            .filter(|c| c.is_alphabetic())
            .collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    }

    proptest::proptest! {
        #[test]
        fn word_capitals_agree_with_reference(
            text in "[AÄMSTRÃŸ£úßaäeé \u{3000}1-]{0,24}",
            cuts in proptest::collection::vec((0usize..26, 0usize..3, 0usize..4), 0..6),
        ) {
            let line = Line::new(&text);
            let n = line.chars.len();
            let replacements = ["ú", "ß", "É", "x"];
            let mut seqs = Vec::new();
            let mut next = 0;
            let mut starts: Vec<_> = cuts.clone();
            starts.sort_unstable();
            for (start, len, r) in starts {
                let start = start.min(n + 1).max(next);
                let end = start + len;
                seqs.push(Sequence {
                    start,
                    end,
                    replacement: replacements[r].to_string().into(),
                    restored: sequence::Restored::Nothing,
                    bytes: 2,
                });
                next = end;
            }
            let capitals = WordCapitals::new(&line, &seqs);
            for seq in &seqs {
                proptest::prop_assert_eq!(
                    capitals.breaks(seq),
                    breaks_capitals_reference(&line, seq, &seqs)
                );
            }
        }
    }

    const ALL_ON: Options = Options {
        restore_byte_a0: true,
        restore_lost_bytes: true,
    };

    #[test]
    fn a_lone_sequence_beside_a_sign_decoded_right_stays() {
        // `–` is byte 96 in windows-1252: had this line gone through that
        // decoder, the dash would be mojibake too.
        for text in ["Nyhavn – KÃ¸benhavn", "KÃ¸benhavn… og Aarhus"] {
            assert_eq!(crate::fix(text), text);
        }
        // Two sequences, or no such sign, are enough.
        assert_eq!(
            crate::fix("Nyhavn – KÃ¸benhavn og Ã…rhus"),
            "Nyhavn – København og Århus"
        );
        assert_eq!(crate::fix("KÃ¸benhavn og Aarhus"), "København og Aarhus");
        // Quotation marks are not such evidence: typographic quotes
        // around a mis-decoded word are common in mixed text.
        assert_eq!(crate::fix("la publicaciÃ³n «%s»"), "la publicación «%s»");
    }

    #[test]
    fn a_line_that_fits_one_alphabet_with_no_sign_stays() {
        // Czech letters, whether Czech words or Turkish `ı` read as
        // windows-1252: with no sign to show, the line stays.
        for text in [
            "dobrý starý nový",
            "Ten starý dobrý pes je nový",
            "Kayýt yapýlamadý, tekrar deneyin",
        ] {
            assert_eq!(crate::fix(text), text);
        }
    }

    #[test]
    fn two_signs_inside_a_word_count_against_it() {
        // Estonian in cp850 read as windows-1252: `ä` is `„`, `ö` is `”`.
        assert_eq!(
            crate::fix("Kas soovite m„„rata uue ajav””ndi?"),
            "Kas soovite määrata uue ajavööndi?"
        );
    }

    #[test]
    fn a_sign_at_the_start_of_a_word_counts_against_it() {
        // Slovak in ISO-8859-2 read as windows-1252: `ž` and `š` are `¾`
        // and `¹`, here at the start of their words.
        assert_eq!(
            crate::fix("Zdá sa, ¾e ¹tandardný postup zlyhal"),
            "Zdá sa, že štandardný postup zlyhal"
        );
    }

    #[test]
    fn units_written_small_then_capital_stay() {
        for text in [
            "2800 кБ    1300 кБ       850 кБ",
            "Ток 5 мА и 12 кВ, 3 МБ и 2 ГБ",
        ] {
            assert_eq!(crate::fix(text), text);
        }
    }

    #[test]
    fn a_character_alone_in_a_table_stays() {
        for text in [
            "265\t181\tB5\tµ\tMICRO SIGN",
            "274\t188\tBC\tŒ\tLATIN CAPITAL LIGATURE OE",
            "272\t186\tBA\tº\tMASCULINE ORDINAL INDICATOR",
        ] {
            assert_eq!(crate::fix(text), text);
        }
    }

    #[test]
    fn a_trademark_sign_after_a_name_stays() {
        // `™` is cp850's `Ö`, but after a name it is the sign itself.
        for text in [
            "modems Hayes™ ou compatibles.",
            "die Baudrate aus den von Hayes™-kompatiblen Modems",
        ] {
            assert_eq!(crate::fix(text), text);
        }
    }

    #[test]
    fn case_of_a_word_of_capitals_weighs_in() {
        // `™` after an accented capital: byte 99 of a capital's sequence.
        assert_eq!(crate::fix("OÃ™ EST LA GARE?"), "OÙ EST LA GARE?");
        // Read as UTF-8, `Å™` is `ř`: a small letter among capitals.
        let name = "the SKÅ™ armchair";
        assert_eq!(crate::fix(name), name);
    }

    /// `MOJIFIX_DEBUG='text' cargo test debug_line -- --ignored --nocapture`
    /// prints, for each line of the text, the chains the scanner wakes,
    /// every chain's sequences and their evidence, and the repair.
    #[test]
    #[ignore]
    fn debug_line() {
        let text = std::env::var("MOJIFIX_DEBUG").unwrap_or_default();
        for text in text.lines() {
            debug_one(text);
        }
    }

    /// `MOJIFIX_DEBUG_FILE=path cargo test debug_file -- --ignored
    /// --nocapture`: for each line `chain<TAB>text` of the file, one line
    /// of figures on how that chain sees it (woken, sequences, coverage,
    /// evidence, the runs it accepts) and the chain of the best verdict.
    #[test]
    #[ignore]
    fn debug_file() {
        let path = std::env::var("MOJIFIX_DEBUG_FILE").unwrap_or_default();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for row in text.lines() {
            let Some((name, text)) = row.split_once('\t') else {
                continue;
            };
            let Some(&chain) = Chain::all().iter().find(|c| c.to_string() == name) else {
                continue;
            };
            let line = Line::new(text);
            let suspects = crate::scan::suspects(text);
            let woken = crate::scan::chains_in(suspects).any(|(_, c)| c == chain);
            let seqs = sequences(&line, chain, ALL_ON);
            let n = seqs.len();
            let cover = high_coverage(&line, seqs.iter());
            let ev = evidence(&line, &seqs, chain);
            let sum: f32 = ev.iter().sum();
            let min = ev.iter().copied().fold(f32::INFINITY, f32::min);
            let spots = judge_spots(&line, chain, seqs.clone());
            let runs = spots.as_ref().map_or(0, |v| v.runs.len());
            let vcover = spots.as_ref().map_or(0.0, |v| v.coverage(&line));
            let vetoed = spots
                .as_ref()
                .is_some_and(|v| lone_sequence_against_the_line(&line, v));
            let best = best_verdict(&line, ALL_ON, suspects).map(|v| v.chain.to_string());
            let repaired = line.splice(seqs.iter());
            let high: Vec<Class> = seqs
                .iter()
                .flat_map(|s| s.replacement.chars())
                .filter(|c| !c.is_ascii())
                .map(score::classify)
                .collect();
            let rare = high.iter().filter(|c| c.is_rare()).count();
            let bad = high
                .iter()
                .filter(|c| matches!(c.kind, Kind::Control | Kind::Unusual | Kind::Format))
                .count();
            let (misfit, distinct) = score::alphabet_misfit(repaired.chars());
            let lossy = sequence::lossy_utf8_reading(&line, chain);
            let lossy_text = lossy.as_ref().map_or(String::new(), |r| {
                format!(
                    "{:?}/{}/{}/{}/{}/{}",
                    r.hints,
                    r.intact,
                    r.damaged,
                    r.unmarked,
                    reads_as_text(&r.sequences, 2, 2),
                    line.splice(r.sequences.iter())
                )
            });
            println!(
                "{woken}\t{n}\t{cover:.2}\t{sum:.1}\t{min:.1}\t{runs}\t{vcover:.2}\t{vetoed}\t{}\t{:?}\t{}\t{rare}\t{bad}\t{misfit}\t{distinct}\t{repaired}\t{lossy_text}",
                best.unwrap_or_default(),
                ev,
                high.len(),
            );
        }
    }

    /// One line of [`debug_line`]: the chains the scanner wakes, each
    /// chain's sequences and evidence, and the repair.
    fn debug_one(text: &str) {
        let line = Line::new(text);
        let woken: Vec<String> = crate::scan::chains_in(crate::scan::suspects(text))
            .map(|(_, c)| c.to_string())
            .collect();
        println!("== {text:?} -> {:?}", crate::fix(text));
        println!("  woken: {}", woken.join(", "));
        let best = best_verdict(&line, ALL_ON, crate::scan::suspects(text));
        println!(
            "  best: {:?}, cost {} -> {:?}",
            best.as_ref().map(|v| v.chain.to_string()),
            score::text_cost(text),
            best.as_ref()
                .map(|v| score::text_cost(&line.splice(v.accepted())))
        );
        for &chain in Chain::all() {
            let seqs = sequences(&line, chain, ALL_ON);
            if seqs.is_empty() {
                continue;
            }
            let shown: Vec<String> = seqs
                .iter()
                .map(|s| {
                    let src: String = part(&line.chars, s.start..s.end).iter().collect();
                    format!("{src:?}->{:?}({:?})", s.replacement, s.restored)
                })
                .collect();
            println!("{chain}: {}", shown.join(" "));
            let (ev, verdict) = evidence_and_verdict(&line, chain, seqs);
            println!("  evidence {ev:?}");
            println!("  runs {:?}", verdict.map(|v| v.runs));
        }
    }

    #[test]
    fn cjk_bytes_read_as_windows_1252_are_read_back_whole() {
        for (text, right) in [
            // ASCII words in the word of CJK pairs.
            ("XML文件的名称和路径", Codec::Gbk),
            // One-syllable words; its bytes are Thai letters too.
            ("파일을 열 수 없습니다", Codec::EucKr),
            ("中华人民共和国", Codec::Gbk),
            // Japanese written in GBK: kana rows, and a pair whose trail
            // byte is ASCII (`ÔO`).
            ("設定ファイル「%s」は存在しません", Codec::Gbk),
        ] {
            let chain = Chain::find(Codec::Windows1252, right).unwrap();
            let broken = chain.break_text(text).unwrap();
            assert_eq!(crate::fix(&broken), text, "{broken}");
        }
    }

    #[test]
    fn latin_words_whose_bytes_pair_into_cjk_stay() {
        for text in [
            "Ärger über die Änderung",
            "Él está aquí",
            "Ça va, À la carte",
            "abcdefghijk áéýúíóþæðö ABCDEFGHIJK ÁÉÝÚÍÓÞÆÐÖ",
        ] {
            assert_eq!(crate::fix(text), text);
        }
    }

    #[test]
    fn utf8_read_as_a_multi_byte_codec_is_read_back_whole() {
        // Every pair is weak evidence on its own (half-width kana are
        // letters too, `ԥ` and `Ӏ` are rare); the whole line in one script
        // is not.
        for (clean, wrong) in [
            ("аланна", Codec::ShiftJis),
            ("Саудтәи Арабсҭан, аԥхынтәи аамҭа", Codec::Gbk),
            ("Къилбседера Марианан гӀайренаш", Codec::Gbk),
            ("ሳንጎ", Codec::ShiftJis),
            // Letters the scorer finds dear (NKo, Oriya): the structure
            // proves the repair, which is no guess in a garble.
            ("ߓߙߎߣߋ߫", Codec::ShiftJis),
            ("ߓߙߎߣߋ߫", Codec::Gbk),
            ("ଫାୟିୱଲ", Codec::ShiftJis),
        ] {
            let chain = Chain::find(wrong, Codec::Utf8).unwrap();
            let broken = chain.break_text(clean).unwrap();
            assert_ne!(broken, clean);
            assert_eq!(crate::fix(&broken), clean, "{broken}");
        }
        // Clean CJK whose bytes are well-formed UTF-8 in a scatter of
        // scripts stays.
        for clean in ["法國法郎 (UIC)", "紐埃文", "欧元 (WIR)"] {
            assert_eq!(crate::fix(clean), clean);
        }
    }

    #[test]
    fn utf8_read_by_a_multi_byte_decoder_that_lost_bytes_is_read_back() {
        // A WHATWG decoder writes one U+FFFD where it could not pair a
        // byte; the characters around it are read back, the lost ones
        // stay one U+FFFD each.
        for (broken, right) in [
            // `सामोआ प्रमाणित वेळ` read as Big5.
            (
                "鄐詮冗鄐桌�鄐� 鄐芹�鄐啤亢鄐擒不鄐賴中 鄐菽�鄐�",
                "साम�� प�रमाणित व��",
            ),
            // `стандартним` read as EUC-KR.
            ("�逵戟畇逵��戟龜劇", "�анда�н��м"),
            // Georgian read as EUC-KR, out of step: each character pairs
            // the end of one UTF-8 sequence with the start of the next.
            ("�■깞�쒊깴 �쇹깞�㏇깲�섂깭��", "�ე�ტ �ე�რ�ნ�"),
            // `উইন্ডো` read as EUC-JP: one letter survives whole, and the
            // lost ones kept bytes that begin Bengali.
            ("爨�爨�爨��爨÷�", "���ড�"),
        ] {
            let fixed = crate::fix(broken);
            assert_eq!(fixed, right, "{broken}");
        }
        // Clean CJK text with a U+FFFD in it stays.
        for clean in ["ラ��ウキ�カ", "莫斯科标�时间", "法國�法郎", "ゲエズ�語"]
        {
            assert_eq!(crate::fix(clean), clean);
        }
    }

    #[test]
    fn a_character_the_wrong_encoder_refuses_is_read_back() {
        // GBK bytes read as Big5: `95 72` (時 in GBK) decodes as an HKSCS
        // character that a Big5 encoder does not write back. Its bytes are
        // the decoder's, so the repair neither swallows it nor stops at it.
        let chain = Chain::find(Codec::Big5, Codec::Gbk).unwrap();
        let broken = chain.break_text("フィリピン夏時間").unwrap();
        let hkscs = broken.chars().nth(6).unwrap();
        assert!(Codec::Big5.encode(&hkscs.to_string()).is_none());
        assert_eq!(crate::fix(&broken), "フィリピン夏時間");
    }

    #[test]
    fn common_sets_are_counted_from_the_decoders() {
        // KS X 1001 Hangul and symbol rows are fewer than GB2312's level 1
        // and symbols, which are fewer than Big5's frequent characters.
        let size = |c| common_log_size(c).exp();
        assert!(size(Codec::EucKr) < size(Codec::Gbk));
        assert!(size(Codec::Gbk) < size(Codec::Big5));
        assert!(size(Codec::EucKr) > 2350.0);
    }

    fn evidence_and_verdict(
        line: &Line<'_>,
        chain: Chain,
        seqs: Vec<Sequence>,
    ) -> (Vec<f32>, Option<Verdict>) {
        let ev = evidence(line, &seqs, chain);
        (ev, judge(line, chain, seqs))
    }
}
