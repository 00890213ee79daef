//! HTML character references: `&eacute;`, `&#233;`, `&#xE9;`.

use std::borrow::Cow;

use super::html_table::ENTITIES;
use crate::codec::Codec;

/// The longest name (or number, with its `x`) a reference may have.
const MAX_NAME: usize = 24;

/// Decodes HTML character references that end in a semicolon: the named
/// references of the HTML5 table, their all-capitals forms for lower-case
/// names (`&EACUTE;` is `É`, `&SZLIG;` is `SS`), and numeric references.
///
/// References without the semicolon are left alone (`this&not that` stays),
/// as are names the table does not know. Numbers follow the HTML standard:
/// 0x80–0x9F are read as windows-1252, zero, surrogates and numbers past
/// U+10FFFF become U+FFFD, and other controls and noncharacters are dropped.
/// Borrows when nothing changes.
///
/// ```
/// use mojifix::fixers::unescape_html;
/// assert_eq!(unescape_html("&lt;tag&gt; P&eacute;rez &#8364;5"), "<tag> Pérez €5");
/// assert_eq!(unescape_html("P&EACUTE;REZ"), "PÉREZ");
/// assert_eq!(unescape_html("AT&T &amp co"), "AT&T &amp co");
/// ```
pub fn unescape_html(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut pos = 0;
    while let Some(start) = text.get(pos..).and_then(|rest| rest.find('&')) {
        let start = pos + start;
        let body_start = start + 1;
        let Some((body, replacement)) = text.get(body_start..).and_then(reference) else {
            pos = body_start;
            continue;
        };
        // The body and its semicolon.
        let end = body_start + body.len() + 1;
        if let Some(replacement) = replacement {
            out.push_str(text.get(copied..start).unwrap_or_default());
            out.push_str(&replacement);
            copied = end;
        }
        pos = end;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

/// The reference at the start of `rest` (just after an `&`): its body (the
/// text up to the semicolon) and what it decodes to, `None` when it is
/// shaped like a reference but means nothing. `None` overall when `rest`
/// does not start with an optional `#`, 1 to 24 ASCII letters or digits,
/// and `;`.
fn reference(rest: &str) -> Option<(&str, Option<Cow<'static, str>>)> {
    let hash = usize::from(rest.starts_with('#'));
    let name_len = rest
        .bytes()
        .skip(hash)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    if name_len == 0 || name_len > MAX_NAME {
        return None;
    }
    let (body, after) = rest.split_at_checked(hash + name_len)?;
    if !after.starts_with(';') {
        return None;
    }
    let replacement = match body.strip_prefix('#') {
        Some(number) => numeric(number),
        None => named(body).map(Cow::Borrowed),
    };
    Some((body, replacement))
}

fn named(name: &str) -> Option<&'static str> {
    let i = ENTITIES.binary_search_by(|(n, _)| n.cmp(&name)).ok()?;
    ENTITIES.get(i).map(|(_, text)| *text)
}

/// A numeric reference's text, given what follows `&#`.
fn numeric(number: &str) -> Option<Cow<'static, str>> {
    let (digits, radix) = match number.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // At most 24 digits: fits in a u128.
    let n = u128::from_str_radix(digits, radix).ok()?;
    let text = match n {
        0 => Cow::Borrowed("\u{FFFD}"),
        0x0D => Cow::Borrowed("\r"),
        0x80..=0x9F => {
            let c = u8::try_from(n)
                .ok()
                .and_then(|b| Codec::Windows1252.char_of(b))?;
            Cow::Owned(c.to_string())
        }
        _ => match u32::try_from(n).ok().and_then(char::from_u32) {
            None => Cow::Borrowed("\u{FFFD}"),
            Some(c) if dropped(c) => Cow::Borrowed(""),
            Some(c) => Cow::Owned(c.to_string()),
        },
    };
    Some(text)
}

/// Code points a numeric reference may not produce: controls other than
/// tab, line feed, form feed and carriage return, and noncharacters.
fn dropped(c: char) -> bool {
    let n = u32::from(c);
    matches!(n, 0x01..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F..=0x9F | 0xFDD0..=0xFDEF)
        || n & 0xFFFE == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_references() {
        assert_eq!(
            unescape_html("&Jscr;ohn &HilbertSpace;ancock"),
            "𝒥ohn ℋancock"
        );
        assert_eq!(unescape_html("&checkmark;"), "✓");
        assert_eq!(unescape_html("BUNDESSTRA&SZLIG;E"), "BUNDESSTRASSE");
        assert_eq!(
            unescape_html("&ntilde; &Ntilde; &NTILDE; &nTILDE;"),
            "ñ Ñ Ñ &nTILDE;"
        );
        assert_eq!(unescape_html("&amp;lt;"), "&lt;");
    }

    #[test]
    fn numeric_references() {
        assert_eq!(unescape_html("&#65;&#x42;&#X43;"), "ABC");
        assert_eq!(unescape_html("&#150;&#x81;"), "–\u{81}");
        assert_eq!(
            unescape_html("&#0;&#xD800;&#99999999;"),
            "\u{FFFD}".repeat(3)
        );
        assert_eq!(unescape_html("a&#1;b&#xFFFF;c"), "abc");
        // Up to 24 digits after `&#`; more is not a reference.
        assert_eq!(unescape_html("&#123456789012345678901234;"), "\u{FFFD}");
        assert_eq!(
            unescape_html("&#1234567890123456789012345;"),
            "&#1234567890123456789012345;"
        );
        assert_eq!(unescape_html("&#65x; &#x; &#amp;"), "&#65x; &#x; &#amp;");
    }

    #[test]
    fn not_references() {
        for text in [
            "this&not that",
            "&",
            "&;",
            "a && b",
            "&unknownname;",
            "&amp",
            "é&",
        ] {
            assert!(matches!(unescape_html(text), Cow::Borrowed(_)), "{text}");
        }
        let long = format!("&{};", "a".repeat(25));
        assert!(matches!(unescape_html(&long), Cow::Borrowed(_)));
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(
            ENTITIES
                .windows(2)
                .all(|w| matches!(w, [a, b] if a.0 < b.0))
        );
    }
}
