//! The scanner's scalar twin: the obvious loop over characters, kept as the
//! oracle the fast scanner is tested against.

use super::ChainMask;

/// Every chain some character of `text`, with its neighbours, triggers,
/// and the chains of the line-level tests.
pub(crate) fn suspects(text: &str) -> ChainMask {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let t = super::triggers();
    let mut found = (0..chars.len()).fold(0, |m, i| {
        let prev = i.checked_sub(1).and_then(at);
        m | super::trigger_chains(prev, chars[i], at(i + 1), at(i + 2))
    });
    let seen_latin = chars.iter().any(|&c| t.latin.contains(c));
    if seen_latin {
        found |= super::latin_chains(t, text);
    }
    if super::cyrillic_capitals_misfit(text) {
        found |= t.cyrillic;
    }
    super::widen(found)
}

/// True when some chain may have something to undo in `text`.
pub(crate) fn may_be_mojibake(text: &str) -> bool {
    suspects(text) != 0
}
