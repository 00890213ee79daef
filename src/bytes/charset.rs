//! [`Charset`]: an encoding that raw bytes can be read as, its labels, and
//! decoding that counts what it had to replace.

use std::fmt;

use encoding_rs::{DecoderResult, Encoding};

use crate::codec::Codec;

/// A character encoding that raw input can be decoded from: any WHATWG
/// encoding of `encoding_rs`, plus the DOS code pages cp437 and cp850.
///
/// ```
/// use mojifix::Charset;
/// let cp = Charset::for_label("cp1251").unwrap();
/// assert_eq!(cp.name(), "windows-1251");
/// assert_eq!(Charset::for_label("cp932").unwrap().name(), "Shift_JIS");
/// assert_eq!(Charset::for_label("cp437").unwrap().to_string(), "cp437");
/// assert_eq!(Charset::for_label("klingon"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Charset(Inner);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Inner {
    Whatwg(&'static Encoding),
    Dos(Codec),
}

/// Windows and DOS code-page names that WHATWG does not list, and the
/// encodings they mean.
const ALIASES: &[(&str, &str)] = &[
    ("cp65001", "utf-8"),
    ("cp1200", "utf-16le"),
    ("cp1201", "utf-16be"),
    ("utf16", "utf-16le"),
    ("cp874", "windows-874"),
    ("cp932", "shift_jis"),
    ("windows-31j", "shift_jis"),
    ("sjis", "shift_jis"),
    ("cp936", "gbk"),
    ("windows-936", "gbk"),
    ("cp949", "euc-kr"),
    ("uhc", "euc-kr"),
    ("windows-949", "euc-kr"),
    ("cp950", "big5"),
    ("cp1250", "windows-1250"),
    ("cp1251", "windows-1251"),
    ("cp1252", "windows-1252"),
    ("cp1253", "windows-1253"),
    ("cp1254", "windows-1254"),
    ("cp1255", "windows-1255"),
    ("cp1256", "windows-1256"),
    ("cp1257", "windows-1257"),
    ("cp1258", "windows-1258"),
    ("cp20866", "koi8-r"),
    ("cp21866", "koi8-u"),
    ("cp10000", "macintosh"),
    ("macroman", "macintosh"),
    ("cp28591", "iso-8859-1"),
    ("cp28592", "iso-8859-2"),
    ("cp28593", "iso-8859-3"),
    ("cp28594", "iso-8859-4"),
    ("cp28595", "iso-8859-5"),
    ("cp28596", "iso-8859-6"),
    ("cp28597", "iso-8859-7"),
    ("cp28598", "iso-8859-8"),
    ("cp28603", "iso-8859-13"),
    ("cp28605", "iso-8859-15"),
    ("cp51932", "euc-jp"),
    ("cp20932", "euc-jp"),
    ("cp54936", "gb18030"),
    ("tis620", "windows-874"),
    ("tis-620", "windows-874"),
];

impl Charset {
    /// UTF-8.
    ///
    /// ```
    /// assert_eq!(mojifix::Charset::UTF_8.name(), "UTF-8");
    /// ```
    pub const UTF_8: Charset = Charset(Inner::Whatwg(encoding_rs::UTF_8));

    /// UTF-16, little-endian.
    ///
    /// ```
    /// assert_eq!(mojifix::Charset::UTF_16LE.name(), "UTF-16LE");
    /// ```
    pub const UTF_16LE: Charset = Charset(Inner::Whatwg(encoding_rs::UTF_16LE));

    /// UTF-16, big-endian.
    ///
    /// ```
    /// assert_eq!(mojifix::Charset::UTF_16BE.name(), "UTF-16BE");
    /// ```
    pub const UTF_16BE: Charset = Charset(Inner::Whatwg(encoding_rs::UTF_16BE));

    /// The charset a label names: a WHATWG label (`latin1`, `sjis`,
    /// `koi8-r`, ...), a Windows or DOS code page (`cp1251`, `cp866`,
    /// `cp932`, `cp936`, `cp949`, `cp950`, `cp437`, `cp850`, ...), or
    /// `None`. Case and surrounding spaces do not matter.
    ///
    /// ```
    /// use mojifix::Charset;
    /// assert_eq!(Charset::for_label(" Latin1 ").unwrap().name(), "windows-1252");
    /// assert_eq!(Charset::for_label("CP866").unwrap().name(), "IBM866");
    /// assert_eq!(Charset::for_label("ibm850").unwrap().name(), "cp850");
    /// assert_eq!(Charset::for_label("utf-16").unwrap(), Charset::UTF_16LE);
    /// ```
    pub fn for_label(label: &str) -> Option<Charset> {
        let label = label.trim().to_ascii_lowercase();
        if matches!(
            label.as_str(),
            "cp437" | "ibm437" | "437" | "cspc8codepage437"
        ) {
            return Some(Charset(Inner::Dos(Codec::Cp437)));
        }
        if matches!(
            label.as_str(),
            "cp850" | "ibm850" | "850" | "cspc850multilingual"
        ) {
            return Some(Charset(Inner::Dos(Codec::Cp850)));
        }
        let label = ALIASES
            .iter()
            .find(|(alias, _)| *alias == label)
            .map_or(label.as_str(), |(_, name)| name);
        let encoding = Encoding::for_label(label.as_bytes())?;
        // The "replacement" encoding decodes everything to one U+FFFD.
        (encoding != encoding_rs::REPLACEMENT).then_some(Charset(Inner::Whatwg(encoding)))
    }

    /// The charset's name: the WHATWG name (`windows-1251`, `Shift_JIS`,
    /// `UTF-16LE`), or `cp437` and `cp850`.
    ///
    /// ```
    /// assert_eq!(mojifix::Charset::for_label("euc-kr").unwrap().name(), "EUC-KR");
    /// ```
    pub fn name(self) -> &'static str {
        match self.0 {
            Inner::Whatwg(encoding) => encoding.name(),
            Inner::Dos(codec) => codec.name(),
        }
    }

    /// Whether ASCII bytes mean ASCII characters in this charset and never
    /// occur inside a multi-byte character as a line ending: true for all
    /// but UTF-16 and ISO-2022-JP.
    ///
    /// ```
    /// use mojifix::Charset;
    /// assert!(Charset::for_label("gbk").unwrap().is_ascii_compatible());
    /// assert!(!Charset::UTF_16BE.is_ascii_compatible());
    /// ```
    pub fn is_ascii_compatible(self) -> bool {
        match self.0 {
            Inner::Whatwg(encoding) => encoding.is_ascii_compatible(),
            Inner::Dos(_) => true,
        }
    }

    pub(crate) fn from_encoding(encoding: &'static Encoding) -> Charset {
        Charset(Inner::Whatwg(encoding))
    }

    pub(crate) fn encoding(self) -> Option<&'static Encoding> {
        match self.0 {
            Inner::Whatwg(encoding) => Some(encoding),
            Inner::Dos(_) => None,
        }
    }

    pub(crate) fn dos(codec: Codec) -> Charset {
        Charset(Inner::Dos(codec))
    }

    /// Decodes a complete piece of input, appending to `out`; each
    /// malformed sequence becomes one U+FFFD.
    pub(crate) fn decode_into(self, bytes: &[u8], out: &mut String) -> Decoded {
        match self.0 {
            Inner::Dos(codec) => {
                out.reserve(bytes.len() * 3);
                for &b in bytes {
                    // Both DOS tables define all 256 bytes.
                    out.push(codec.char_of(b).unwrap_or('\u{FFFD}'));
                }
                Decoded::default()
            }
            Inner::Whatwg(encoding) => {
                let mut decoder = encoding.new_decoder_without_bom_handling();
                decode_stream(&mut decoder, bytes, true, out, 0)
            }
        }
    }
}

impl fmt::Display for Charset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What decoding a piece of input replaced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// Bytes that became U+FFFD.
    pub(crate) replaced: usize,
    /// Offset (in the piece) of the first such byte.
    pub(crate) first_bad: Option<usize>,
    /// Whether every replaced byte was an incomplete sequence cut off by
    /// the end of the piece.
    pub(crate) only_truncated: bool,
}

/// Runs `decoder` over `bytes` (which start `base` bytes into its stream),
/// appending to `out` and counting replaced bytes.
pub(crate) fn decode_stream(
    decoder: &mut encoding_rs::Decoder,
    bytes: &[u8],
    last: bool,
    out: &mut String,
    base: usize,
) -> Decoded {
    let mut result = Decoded::default();
    let mut rest = bytes;
    let mut consumed = 0usize;
    let mut bad_at_end = false;
    loop {
        let need = decoder
            .max_utf8_buffer_length_without_replacement(rest.len())
            .unwrap_or(rest.len().saturating_mul(3).saturating_add(16));
        out.reserve(need.min(rest.len().saturating_mul(4).saturating_add(16)));
        let (status, read) = decoder.decode_to_string_without_replacement(rest, out, last);
        consumed += read;
        rest = rest.get(read..).unwrap_or_default();
        match status {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                out.reserve(rest.len().saturating_mul(4).saturating_add(16));
            }
            DecoderResult::Malformed(bad, extra) => {
                let bad = usize::from(bad);
                let end = consumed.saturating_sub(usize::from(extra));
                result.replaced += bad;
                result
                    .first_bad
                    .get_or_insert(base + end.saturating_sub(bad));
                bad_at_end = rest.is_empty() && extra == 0;
                out.push('\u{FFFD}');
            }
        }
    }
    result.only_truncated = result.replaced > 0 && last && bad_at_end && {
        // A single malformed stretch, right at the end.
        result.first_bad.map(|f| f - base) >= Some(bytes.len().saturating_sub(result.replaced))
    };
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_replaced_bytes() {
        let mut out = String::new();
        let d = Charset::UTF_8.decode_into(b"ab\xffc\xe2\x82", &mut out);
        assert_eq!(out, "ab\u{FFFD}c\u{FFFD}");
        assert_eq!(d.replaced, 3);
        assert_eq!(d.first_bad, Some(2));
        assert!(!d.only_truncated);
        let mut out = String::new();
        let d = Charset::UTF_8.decode_into(b"abc\xe2\x82", &mut out);
        assert_eq!(d.replaced, 2);
        assert!(d.only_truncated);
    }

    #[test]
    fn dos_code_pages_decode_every_byte() {
        let all: Vec<u8> = (0..=255).collect();
        for label in ["cp437", "cp850"] {
            let mut out = String::new();
            let charset = Charset::for_label(label).unwrap();
            assert_eq!(charset.decode_into(&all, &mut out).replaced, 0);
            assert_eq!(out.chars().count(), 256);
        }
    }
}
