//! Terminal escape sequences.

use std::borrow::Cow;

use unicode_general_category::{GeneralCategory, get_general_category};

/// Removes terminal control sequences: ESC `[`, any digits and semicolons,
/// then a letter (the "ANSI" sequences that colour text or move the
/// cursor). Other escapes are left for [`remove_control_chars`]. Borrows
/// when nothing changes.
///
/// [`remove_control_chars`]: crate::fixers::remove_control_chars
///
/// ```
/// use mojifix::fixers::remove_terminal_escapes;
/// assert_eq!(remove_terminal_escapes("\x1b[36;44mblue\x1b[0m"), "blue");
/// assert_eq!(remove_terminal_escapes("\x1b[ not one"), "\x1b[ not one");
/// ```
pub fn remove_terminal_escapes(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut pos = 0;
    while let Some(start) = text.get(pos..).and_then(|rest| rest.find("\x1b[")) {
        let start = pos + start;
        let params = start + 2;
        let rest = text.get(params..).unwrap_or_default();
        let param_len: usize = rest
            .chars()
            .take_while(|&c| c == ';' || get_general_category(c) == GeneralCategory::DecimalNumber)
            .map(char::len_utf8)
            .sum();
        let end = params + param_len;
        match text.get(end..).and_then(|r| r.chars().next()) {
            Some(c) if c.is_ascii_alphabetic() => {
                out.push_str(text.get(copied..start).unwrap_or_default());
                copied = end + 1;
                pos = copied;
            }
            _ => pos = params,
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_sequences_and_keeps_the_rest() {
        assert_eq!(
            remove_terminal_escapes("a\x1b[1mb\x1b[mc\x1b[2;3Hd"),
            "abcd"
        );
        assert_eq!(remove_terminal_escapes("\x1b[\x1b[0m"), "\x1b[");
        // Any decimal digit counts, as in a Unicode regular expression.
        assert_eq!(remove_terminal_escapes("\x1b[٣m!"), "!");
        for text in ["plain", "\x1b[12", "\x1b[1;é", "\x1b]0;title\x07", "\x1b"] {
            assert!(
                matches!(remove_terminal_escapes(text), Cow::Borrowed(_)),
                "{text:?}"
            );
        }
    }
}
