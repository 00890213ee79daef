//! Control characters nobody meant.

use std::borrow::Cow;

/// Removes control characters that are almost never intended: the C0
/// controls except tab, line feed, form feed and carriage return, DEL, the
/// deprecated format characters U+206A–U+206F, the byte order mark U+FEFF,
/// the interlinear annotation characters U+FFF9–U+FFFB and the object
/// replacement character U+FFFC. Joiners, direction marks, C1 controls
/// (evidence of mojibake) and tag characters (used in emoji) are kept.
/// Borrows when nothing changes.
///
/// ```
/// use mojifix::fixers::remove_control_chars;
/// assert_eq!(remove_control_chars("\u{feff}Here's one: \x1a"), "Here's one: ");
/// assert_eq!(remove_control_chars("tab\tkept\u{200d}"), "tab\tkept\u{200d}");
/// ```
pub fn remove_control_chars(text: &str) -> Cow<'_, str> {
    super::map_chars(text, |c| {
        is_removed(c).then_some(super::Replacement::Str(""))
    })
}

fn is_removed(c: char) -> bool {
    matches!(
        c,
        '\u{00}'..='\u{08}'
            | '\u{0B}'
            | '\u{0E}'..='\u{1F}'
            | '\u{7F}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFC}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_the_listed_controls() {
        assert_eq!(
            remove_control_chars("a\x00b\x0bc\x7fd\u{206a}e\u{fffc}"),
            "abcde"
        );
        let kept = "\t\n\x0c\r\u{85}\u{200c}\u{200f}\u{202e}\u{e0067}\u{fffd}";
        assert!(matches!(remove_control_chars(kept), Cow::Borrowed(_)));
    }
}
