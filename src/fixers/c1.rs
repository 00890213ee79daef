//! C1 control characters read as windows-1252.

use std::borrow::Cow;

use crate::codec::Codec;

/// Replaces C1 control characters (U+0080–U+009F) with the windows-1252
/// characters of the same byte, as web browsers do: `\u{93}` is `“`. The
/// five bytes windows-1252 leaves undefined keep their C1 control. Borrows
/// when nothing changes.
///
/// ```
/// use mojifix::fixers::fix_c1_controls;
/// assert_eq!(fix_c1_controls("\u{93}quoted\u{94} \u{80}5"), "“quoted” €5");
/// assert_eq!(fix_c1_controls("\u{81}"), "\u{81}");
/// ```
pub fn fix_c1_controls(text: &str) -> Cow<'_, str> {
    super::map_chars(text, |c| {
        let byte = u8::try_from(u32::from(c)).ok().filter(|b| *b >= 0x80)?;
        Codec::Windows1252
            .char_of(byte)
            .filter(|&mapped| mapped != c)
            .map(super::Replacement::Char)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_c1_control_maps_as_windows_1252_decodes() {
        for b in 0x80u8..=0x9F {
            let c = char::from(b);
            let want = Codec::Windows1252.decode(&[b]).unwrap();
            assert_eq!(fix_c1_controls(&c.to_string()), want, "{b:#x}");
        }
        assert!(matches!(fix_c1_controls("é ü €"), Cow::Borrowed(_)));
    }
}
