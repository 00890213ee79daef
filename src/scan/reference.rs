//! The scanner's scalar twin: the obvious loop over characters, kept as the
//! oracle the fast scanner is tested against.

/// True when some character of `text`, with the two after it, is a trigger.
pub(crate) fn may_be_mojibake(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).any(|i| {
        super::is_trigger(
            chars[i],
            chars.get(i + 1).copied(),
            chars.get(i + 2).copied(),
        )
    })
}
