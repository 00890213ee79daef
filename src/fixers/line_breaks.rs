//! Line breaks.

use std::borrow::Cow;

/// Turns every line break into `\n`: `\r\n`, a lone `\r`, the line and
/// paragraph separators U+2028 and U+2029, and NEXT LINE U+0085. Borrows
/// when nothing changes.
///
/// ```
/// use mojifix::fixers::fix_line_breaks;
/// assert_eq!(fix_line_breaks("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd");
/// ```
pub fn fix_line_breaks(text: &str) -> Cow<'_, str> {
    if !text.contains(['\r', '\u{2028}', '\u{2029}', '\u{85}']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_break_becomes_a_line_feed() {
        assert_eq!(fix_line_breaks("\r\r\n\n\u{2029}\u{85}"), "\n\n\n\n\n");
        assert!(matches!(fix_line_breaks("a\nb\u{2026}"), Cow::Borrowed(_)));
    }
}
