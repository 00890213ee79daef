//! Fullwidth and halfwidth forms.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Replaces the fullwidth and halfwidth forms (U+FF01–U+FFEF) with their
/// standard characters, as compatibility normalisation (NFKC) would, and
/// the ideographic space U+3000 with a space: `ＬＯＵＤ` is `LOUD`, `ﾀ` is
/// `タ`. Nothing outside that block changes. Borrows when nothing changes.
///
/// ```
/// use mojifix::fixers::fix_character_width;
/// assert_eq!(fix_character_width("ＬＯＵＤ　ＮＯＩＳＥＳ"), "LOUD NOISES");
/// assert_eq!(fix_character_width("Ｕﾀｰﾝ"), "Uターン");
/// ```
pub fn fix_character_width(text: &str) -> Cow<'_, str> {
    super::map_chars(text, |c| match c {
        '\u{3000}' => Some(super::Replacement::Char(' ')),
        '\u{FF01}'..='\u{FFEF}' => {
            let folded: String = std::iter::once(c).nfkc().collect();
            let unchanged = folded.chars().eq(std::iter::once(c));
            (!unchanged).then_some(super::Replacement::String(folded))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_the_block_only() {
        assert_eq!(fix_character_width("Ningbo，China"), "Ningbo,China");
        // Halfwidth voiced mark: the combining mark, composed by NFC later.
        assert_eq!(fix_character_width("ｶﾞ"), "カ\u{3099}");
        assert!(matches!(fix_character_width("ﬁ ① カ"), Cow::Borrowed(_)));
    }
}
