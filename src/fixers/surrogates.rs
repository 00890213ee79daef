//! UTF-16 surrogates written out as escapes or as CESU-8 bytes.
//!
//! A Rust string cannot hold a surrogate code point, so surrogates reach
//! text in two other forms: as escapes (`\uD83D\uDCA9`, what JSON and
//! JavaScript write for a character beyond U+FFFF), and as bytes, each half
//! of a pair encoded on its own (CESU-8, Java's "modified UTF-8"), which is
//! not valid UTF-8.

use std::borrow::Cow;

/// Replaces each escaped surrogate pair `\uD83D\uDCA9` (a high surrogate
/// then a low one, hexadecimal in either case) with the character it
/// encodes. Other escapes, and halves without their partner, are left as
/// written. Borrows when nothing changes.
///
/// ```
/// use mojifix::fixers::fix_surrogates;
/// assert_eq!(fix_surrogates(r"pile of \ud83d\udca9"), "pile of 💩");
/// assert_eq!(fix_surrogates(r"\u00e9 \ud83d alone"), r"\u00e9 \ud83d alone");
/// ```
pub fn fix_surrogates(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut pos = 0;
    while let Some(start) = text.get(pos..).and_then(|rest| rest.find("\\u")) {
        let start = pos + start;
        let pair = text
            .get(start..start + 12)
            .and_then(|escapes| escapes.split_at_checked(6))
            .and_then(|(high, low)| Some((escaped_unit(high)?, escaped_unit(low)?)))
            .and_then(|(high, low)| combine(high, low));
        match pair {
            Some(c) => {
                out.push_str(text.get(copied..start).unwrap_or_default());
                out.push(c);
                copied = start + 12;
                pos = copied;
            }
            None => pos = start + 2,
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

/// The code unit of a `\uXXXX` escape.
fn escaped_unit(escape: &str) -> Option<u32> {
    let hex = escape.strip_prefix("\\u")?;
    if hex.len() != 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

/// The character of a high and a low surrogate.
fn combine(high: u32, low: u32) -> Option<char> {
    if !(0xD800..0xDC00).contains(&high) || !(0xDC00..0xE000).contains(&low) {
        return None;
    }
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
}

/// Rewrites CESU-8 in `bytes` as UTF-8: each surrogate pair encoded as two
/// three-byte sequences (`ED A0 BD ED B2 A9`) becomes the four-byte
/// sequence of its character, and a surrogate half without its partner
/// becomes U+FFFD. Every other byte is copied, so the result is valid
/// UTF-8 exactly when the only fault of the input was CESU-8. Borrows when
/// nothing changes.
///
/// ```
/// use mojifix::fixers::fix_surrogates_in_bytes;
/// let cesu = b"pile of \xed\xa0\xbd\xed\xb2\xa9";
/// assert_eq!(fix_surrogates_in_bytes(cesu).as_ref(), "pile of 💩".as_bytes());
/// assert_eq!(fix_surrogates_in_bytes(b"\xed\xa0\xbd!").as_ref(), "\u{fffd}!".as_bytes());
/// ```
pub fn fix_surrogates_in_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    let mut out = Vec::new();
    let mut copied = 0;
    let mut pos = 0;
    while let Some(found) = bytes
        .get(pos..)
        .and_then(|rest| rest.iter().position(|&b| b == 0xED))
    {
        let start = pos + found;
        let Some(first) = surrogate_at(bytes, start) else {
            pos = start + 1;
            continue;
        };
        out.extend_from_slice(bytes.get(copied..start).unwrap_or_default());
        let pair = surrogate_at(bytes, start + 3).and_then(|second| combine(first, second));
        let (c, len) = match pair {
            Some(c) => (c, 6),
            None => (char::REPLACEMENT_CHARACTER, 3),
        };
        let mut buf = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        copied = start + len;
        pos = copied;
    }
    if copied == 0 {
        return Cow::Borrowed(bytes);
    }
    out.extend_from_slice(bytes.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

/// The surrogate encoded at `bytes[at..at + 3]`, if one is.
fn surrogate_at(bytes: &[u8], at: usize) -> Option<u32> {
    match bytes.get(at..at + 3)? {
        &[0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF] => {
            Some(0xD000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_pairs() {
        assert_eq!(fix_surrogates(r"\uD83D\uDE00\ud83d\ude00"), "😀😀");
        // Reversed, split, short or not hexadecimal: kept.
        for text in [
            r"\udca9\ud83d",
            r"\ud83d \udca9",
            r"\ud83d\udca",
            r"\ud83d\udcg9",
            r"\\u",
            "\\",
        ] {
            assert!(matches!(fix_surrogates(text), Cow::Borrowed(_)), "{text}");
        }
        assert_eq!(fix_surrogates(r"\ud83d\ud83d\udca9"), r"\ud83d💩");
    }

    #[test]
    fn cesu_pairs_and_halves() {
        let mut cesu = b"a".to_vec();
        cesu.extend_from_slice(b"\xed\xb2\xa9\xed\xa0\xbd\xed\xb2\xa9\xed");
        let want = [b"a".as_slice(), "\u{fffd}💩".as_bytes(), b"\xed"].concat();
        assert_eq!(fix_surrogates_in_bytes(&cesu).as_ref(), want.as_slice());
        assert!(matches!(
            fix_surrogates_in_bytes("한국어".as_bytes()),
            Cow::Borrowed(_)
        ));
    }
}
