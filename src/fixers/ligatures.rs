//! Latin ligatures and digraphs.

use std::borrow::Cow;

use super::ligatures_table::LIGATURES;

/// Splits single-character Latin ligatures and digraphs into their letters:
/// `ﬁ` is `fi`, `ĳ` is `ij`, `ǆ` is `dž`, `ŉ` is `ʼn`. These are
/// typesetting or legacy-encoding artefacts in text. Ligatures such as `æ`
/// and `œ`, which are letters of their own, and ligatures of other scripts
/// are kept. Borrows when nothing changes.
///
/// ```
/// use mojifix::fixers::fix_latin_ligatures;
/// assert_eq!(fix_latin_ligatures("ﬂuﬃeﬆ"), "fluffiest");
/// assert_eq!(fix_latin_ligatures("cœur"), "cœur");
/// ```
pub fn fix_latin_ligatures(text: &str) -> Cow<'_, str> {
    super::map_chars(text, |c| {
        let i = LIGATURES.binary_search_by(|(l, _)| l.cmp(&c)).ok()?;
        LIGATURES
            .get(i)
            .map(|(_, letters)| super::Replacement::Str(letters))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_ligatures_and_digraphs() {
        assert_eq!(fix_latin_ligatures("signiﬁcantly"), "significantly");
        assert_eq!(fix_latin_ligatures("Ǆ ǅ ĳ ﬅ"), "DŽ Dž ij ſt");
        assert!(matches!(fix_latin_ligatures("æ ﬓ"), Cow::Borrowed(_)));
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(
            LIGATURES
                .windows(2)
                .all(|w| matches!(w, [a, b] if a.0 < b.0))
        );
    }
}
