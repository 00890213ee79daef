//! The scanner's scalar twin: the obvious loop over characters, kept as the
//! oracle the fast scanner is tested against.

/// True when some character of `text`, with its neighbours, is a trigger.
pub(crate) fn may_be_mojibake(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    (0..chars.len()).any(|i| {
        let prev = i.checked_sub(1).and_then(at);
        super::is_trigger(prev, chars[i], at(i + 1), at(i + 2))
    }) || super::latin_misfit(text)
        || super::cyrillic_capitals_misfit(text)
}
