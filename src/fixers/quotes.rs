//! Curly quotation marks.

use std::borrow::Cow;

/// Replaces curly quotation marks with straight ones: `‘ ’ ‚ ‛` and the
/// modifier letter apostrophe `ʼ` become `'`, `“ ” „ ‟` become `"`. Borrows
/// when nothing changes.
///
/// ```
/// use mojifix::fixers::uncurl_quotes;
/// assert_eq!(uncurl_quotes("“here’s a test”"), "\"here's a test\"");
/// ```
pub fn uncurl_quotes(text: &str) -> Cow<'_, str> {
    super::map_chars(text, |c| match c {
        '\u{02BC}' | '\u{2018}'..='\u{201B}' => Some(super::Replacement::Char('\'')),
        '\u{201C}'..='\u{201F}' => Some(super::Replacement::Char('"')),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straightens_every_curly_quote() {
        assert_eq!(uncurl_quotes("‚low‛ „low‟ ʼn"), "'low' \"low\" 'n");
        assert!(matches!(
            uncurl_quotes("« guillemets » ´"),
            Cow::Borrowed(_)
        ));
    }
}
