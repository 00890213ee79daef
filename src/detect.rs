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

use unicode_script::{Script, UnicodeScript};

use crate::chain::Chain;
use crate::codec::Codec;
use crate::score::{self, Class, EDGE, Kind};

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
/// A flattened A0 is weak evidence: alone in a line it needs this much more.
const A0_ALONE: f32 = 1.0;
/// A repaired letter of a script the rest of the line does not use.
const FOREIGN_SCRIPT: f32 = 3.0;
/// A repaired lower-case letter in a line of capitals.
const FOREIGN_CASE: f32 = 3.0;

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
#[derive(Clone, Debug)]
pub(crate) struct Sequence {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) replacement: char,
    pub(crate) restored: Restored,
    /// Bytes in the right codec (for the structural bonus).
    bytes: usize,
}

/// The options detection honours (a subset of [`crate::Config`]).
#[derive(Clone, Copy, Debug)]
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
        }
    }

    /// Byte range of characters `start..end`.
    pub(crate) fn byte_span(&self, start: usize, end: usize) -> Range<usize> {
        let at = |i: usize| self.offsets.get(i).copied().unwrap_or(self.text.len());
        at(start)..at(end)
    }

    fn class(&self, i: Option<usize>) -> Class {
        i.and_then(|i| self.classes.get(i)).copied().unwrap_or(EDGE)
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
}

impl Verdict {
    /// The accepted sequences, in order.
    pub(crate) fn accepted(&self) -> impl Iterator<Item = &Sequence> + Clone {
        self.runs
            .iter()
            .flat_map(|&(first, end, _)| &self.sequences[first..end])
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
    bytes: Vec<Option<u8>>,
    lost_bytes: Vec<u8>,
    opts: Options,
}

/// Finds UTF-8 sequences under `chain` in `line`.
fn utf8_sequences(line: &Line<'_>, chain: Chain, opts: Options) -> Vec<Sequence> {
    let lost_bytes: Vec<u8> = chain
        .wrong
        .undefined_bytes()
        .iter()
        .copied()
        .filter(|&b| is_continuation(b))
        .collect();
    let scan = Scan {
        line,
        bytes: line.chars.iter().map(|&c| chain.byte_of(c)).collect(),
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
        match scan.bytes[i]
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
        let slots = &slots[..len];
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
            decode_one(&buf[..len])
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
            replacement,
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
    ///   writes as a word of its own (`Ã s` is `às`).
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
            return Some(if lone_consonant { end } else { end - 1 });
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
            replacement,
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
            Some(Sequence {
                start: i,
                end: i + 1,
                replacement: r,
                restored: Restored::Nothing,
                bytes: 1,
            })
        })
        .collect()
}

/// All structural candidates of `chain` in `line`, before scoring.
pub(crate) fn sequences(line: &Line<'_>, chain: Chain, opts: Options) -> Vec<Sequence> {
    if chain.is_utf8() {
        utf8_sequences(line, chain, opts)
    } else {
        single_byte_sequences(line, chain)
    }
}

/// How much more evidence a chain needs than windows-1252, the most common
/// mis-decoder: the others are rarer, and their high halves overlap more
/// with clean text (math symbols in MacRoman, box drawing in cp437).
fn chain_prior(chain: Chain) -> f32 {
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
    capitals_only: bool,
}

fn context(line: &Line<'_>, seqs: &[Sequence]) -> Context {
    let mut inside = vec![false; line.chars.len()];
    for seq in seqs {
        inside[seq.start..seq.end]
            .iter_mut()
            .for_each(|x| *x = true);
    }
    let mut scripts: Vec<(Script, usize)> = Vec::new();
    let (mut letters, mut upper, mut lower) = (0, 0, 0);
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
        match class.kind {
            Kind::Upper => upper += 1,
            Kind::Lower => lower += 1,
            _ => {}
        }
        match scripts.iter_mut().find(|(s, _)| *s == class.script) {
            Some((_, n)) => *n += 1,
            None => scripts.push((class.script, 1)),
        }
    }
    Context {
        scripts,
        letters,
        capitals_only: upper >= 4 && lower * 10 <= upper,
    }
}

impl Context {
    /// The cost of a repaired character that the rest of the line does not
    /// support.
    fn foreign(&self, class: Class, same_script_repairs: usize) -> f32 {
        let native_digit = class.kind == Kind::Digit && class.script != Script::Common;
        if !(class.is_letter() || native_digit) {
            return 0.0;
        }
        let mut cost = 0.0;
        let known = matches!(class.script, Script::Common | Script::Inherited)
            || self.scripts.iter().any(|(s, _)| *s == class.script);
        if !known && self.letters >= 3 && self.letters > same_script_repairs {
            cost += FOREIGN_SCRIPT;
        }
        if self.capitals_only && class.kind == Kind::Lower {
            cost += FOREIGN_CASE;
        }
        cost
    }
}

/// The evidence for each sequence: its cost as written, minus its cost
/// repaired (with the line's other sequences repaired too), plus the
/// structural bonus.
fn evidence(line: &Line<'_>, seqs: &[Sequence]) -> Vec<f32> {
    // Classes of the line with every sequence replaced, and where each
    // replacement sits in it.
    let mut fixed: Vec<Class> = Vec::with_capacity(line.chars.len());
    let mut at: Vec<usize> = Vec::with_capacity(seqs.len());
    let mut next = 0;
    for seq in seqs {
        fixed.extend_from_slice(&line.classes[next..seq.start]);
        at.push(fixed.len());
        fixed.push(score::classify(seq.replacement));
        next = seq.end;
    }
    fixed.extend_from_slice(&line.classes[next..]);

    let ctx = context(line, seqs);
    seqs.iter()
        .enumerate()
        .map(|(k, seq)| {
            let before = score::window_cost(
                line.class(seq.start.checked_sub(1)),
                &line.classes[seq.start..seq.end],
                line.class(Some(seq.end)),
            );
            let class = fixed[at[k]];
            let left = at[k]
                .checked_sub(1)
                .and_then(|i| fixed.get(i))
                .copied()
                .unwrap_or(EDGE);
            let right = fixed.get(at[k] + 1).copied().unwrap_or(EDGE);
            let same_script = at
                .iter()
                .filter(|&&i| fixed[i].script == class.script)
                .count();
            let after = score::window_cost(left, &[class], right) + ctx.foreign(class, same_script);
            let plausible = !class.is_rare()
                && !matches!(class.kind, Kind::Control | Kind::Unusual | Kind::Format);
            let bonus = match seq.restored {
                Restored::LostByte => LOST_BYTE_BONUS,
                Restored::Nothing if plausible => LONG_SEQUENCE_BONUS[seq.bytes.min(4)],
                _ => 0.0,
            };
            // Symbols turned into other symbols, with no word beside them
            // (`¬´` in an emoticon), say little: halve the evidence.
            let wordy = |c: Class| c.is_letter() || c.kind == Kind::Digit;
            let controls = line.classes[seq.start..seq.end]
                .iter()
                .any(|c| matches!(c.kind, Kind::Control | Kind::Unusual));
            let near_words = class.is_letter()
                || controls
                || wordy(line.class(seq.start.checked_sub(1)))
                || wordy(line.class(Some(seq.end)));
            let weight = if near_words { 1.0 } else { 0.5 };
            weight * (before - after) + bonus
        })
        .collect()
}

/// Scores the sequences of one chain and keeps the accepted runs.
pub(crate) fn judge(line: &Line<'_>, chain: Chain, seqs: Vec<Sequence>) -> Option<Verdict> {
    if seqs.is_empty() {
        return None;
    }
    let evidence = evidence(line, &seqs);

    // Group the sequences of one word into runs and accept the convincing ones.
    let prior = chain_prior(chain);
    let mut runs = Vec::new();
    let mut all_runs = Vec::new();
    let mut first = 0;
    for k in 0..seqs.len() {
        let same_word = seqs.get(k + 1).is_some_and(|n| {
            line.chars[seqs[k].end..n.start]
                .iter()
                .all(|c| !c.is_whitespace())
        });
        if same_word {
            continue;
        }
        let sum: f32 = evidence[first..=k].iter().sum();
        let short = k == first && seqs[k].end - seqs[k].start <= 2;
        let threshold = prior
            + if short {
                SHORT_RUN_THRESHOLD
            } else {
                RUN_THRESHOLD
            };
        // A repair into characters no orthography uses convinces no one on
        // its own.
        let plausible = seqs[first..=k]
            .iter()
            .any(|s| !score::classify(s.replacement).is_rare());
        if plausible && sum >= threshold && evidence[first..=k].iter().all(|&e| e > -1.0) {
            runs.push((first, k + 1, sum));
        }
        all_runs.push((first, k + 1, sum));
        first = k + 1;
    }
    // Several weak runs of one chain in a line add up.
    let weak: Vec<(usize, usize, f32)> = all_runs
        .iter()
        .copied()
        .filter(|&(f, e, sum)| sum > 0.0 && evidence[f..e].iter().all(|&x| x > -1.0))
        .collect();
    if runs.is_empty()
        && weak.len() >= 2
        && weak.iter().map(|r| r.2).sum::<f32>() >= prior + LINE_THRESHOLD
    {
        runs = weak;
    }
    // A line with a convincing run of this chain went through its wrong
    // decoder: its other sequences need only be no worse repaired.
    if !runs.is_empty() {
        runs = all_runs
            .into_iter()
            .filter(|&(f, e, sum)| sum >= TIER_TWO && evidence[f..e].iter().all(|&x| x > -1.5))
            .collect();
    }
    // Restored sequences need an intact accepted one beside them, unless a
    // U+FFFD in the text already proves the damage.
    let intact = runs
        .iter()
        .flat_map(|&(f, e, _)| &seqs[f..e])
        .any(|s| s.restored == Restored::Nothing);
    if !intact {
        let threshold = prior + SHORT_RUN_THRESHOLD + A0_ALONE;
        runs.retain(|&(f, e, sum)| {
            seqs[f..e].iter().all(|s| self_evident(line, s))
                || sum >= threshold && seqs[f..e].iter().all(|s| s.restored == Restored::ByteA0)
        });
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
    })
}

/// True for a sequence whose damage shows without help: an intact one, or
/// one with a U+FFFD in it.
fn self_evident(line: &Line<'_>, seq: &Sequence) -> bool {
    match seq.restored {
        Restored::Nothing => true,
        Restored::ByteA0 => false,
        Restored::LostByte => line.chars[seq.start..seq.end].contains(&'\u{FFFD}'),
    }
}

/// The best-supported chain for `line`, if any clears the thresholds.
pub(crate) fn best_verdict(line: &Line<'_>, opts: Options) -> Option<Verdict> {
    let mut best: Option<Verdict> = None;
    for &chain in Chain::all() {
        let seqs = sequences(line, chain, opts);
        if let Some(v) = judge(line, chain, seqs)
            && best.as_ref().is_none_or(|b| v.evidence > b.evidence)
        {
            best = Some(v);
        }
    }
    best
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
            let start = verdict.sequences[first].start;
            let stop = verdict.sequences[end - 1].end;
            let span = line.byte_span(start, stop);
            Detection {
                chain: verdict.chain,
                span: span.start + base..span.end + base,
                confidence: 1.0 - (-evidence / 3.0).exp(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_ON: Options = Options {
        restore_byte_a0: true,
        restore_lost_bytes: true,
    };

    /// `MOJIFIX_DEBUG='text' cargo test debug_line -- --ignored --nocapture`
    /// prints every chain's sequences and their evidence.
    #[test]
    #[ignore]
    fn debug_line() {
        let text = std::env::var("MOJIFIX_DEBUG").unwrap_or_default();
        let line = Line::new(&text);
        for &chain in Chain::all() {
            let seqs = sequences(&line, chain, ALL_ON);
            if seqs.is_empty() {
                continue;
            }
            let shown: Vec<String> = seqs
                .iter()
                .map(|s| {
                    let src: String = line.chars[s.start..s.end].iter().collect();
                    format!("{src:?}->{:?}({:?})", s.replacement, s.restored)
                })
                .collect();
            println!("{chain}: {}", shown.join(" "));
            let (ev, verdict) = evidence_and_verdict(&line, chain, seqs);
            println!("  evidence {ev:?}");
            println!("  runs {:?}", verdict.map(|v| v.runs));
        }
    }

    fn evidence_and_verdict(
        line: &Line<'_>,
        chain: Chain,
        seqs: Vec<Sequence>,
    ) -> (Vec<f32>, Option<Verdict>) {
        let ev = evidence(line, &seqs);
        (ev, judge(line, chain, seqs))
    }
}
