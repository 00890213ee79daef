//! The chain table: every mis-decoding mojifix knows how to undo.
//!
//! A [`Chain`] says "bytes in `right` were decoded as `wrong`". Undoing it
//! means encoding the damaged characters with `wrong` to get the bytes back
//! and decoding those bytes with `right`. The table is ordered: when two
//! chains explain a text equally well, the earlier one wins (windows-1252 is
//! by far the most common wrong decoder, so it comes first).
//!
//! Everything chain-specific the detector needs is derived from the two
//! codecs: which characters are bytes of `wrong`, which bytes a strict
//! `wrong` decoder loses, how `right` frames its sequences. Adding a chain is
//! adding a row.

use std::fmt;

use crate::codec::Codec;

/// A mis-decoding: bytes in `right` that were decoded as `wrong`.
///
/// ```
/// use mojifix::{Chain, Codec};
/// let chain = Chain::find(Codec::Windows1252, Codec::Utf8).unwrap();
/// assert_eq!(chain.to_string(), "utf-8 read as windows-1252");
/// assert_eq!(chain.break_text("café").as_deref(), Some("cafÃ©"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Chain {
    /// The codec the bytes were wrongly decoded with.
    pub wrong: Codec,
    /// The codec the bytes really were in.
    pub right: Codec,
}

const fn utf8_as(wrong: Codec) -> Chain {
    Chain {
        wrong,
        right: Codec::Utf8,
    }
}

/// The chain table, in order of preference.
const CHAIN_TABLE: &[Chain] = &[
    utf8_as(Codec::Windows1252),
    utf8_as(Codec::Latin1),
    utf8_as(Codec::Windows1251),
    utf8_as(Codec::Windows1250),
    utf8_as(Codec::Windows1253),
    utf8_as(Codec::Windows1254),
    utf8_as(Codec::Windows1257),
    utf8_as(Codec::Iso8859_2),
    utf8_as(Codec::MacRoman),
    utf8_as(Codec::Cp437),
    // windows-1252 text read as true latin-1: C1 controls that were meant as
    // curly quotes, dashes and the euro sign.
    Chain {
        wrong: Codec::Latin1,
        right: Codec::Windows1252,
    },
    // UTF-8 read with a CJK legacy decoder.
    utf8_as(Codec::Gbk),
    utf8_as(Codec::Gb18030),
    utf8_as(Codec::Big5),
    utf8_as(Codec::ShiftJis),
    utf8_as(Codec::EucJp),
    utf8_as(Codec::EucKr),
    // CJK legacy bytes read as windows-1252 or latin-1.
    legacy_as(Codec::Gbk, Codec::Windows1252),
    legacy_as(Codec::Big5, Codec::Windows1252),
    legacy_as(Codec::ShiftJis, Codec::Windows1252),
    legacy_as(Codec::EucKr, Codec::Windows1252),
    legacy_as(Codec::Gbk, Codec::Latin1),
    legacy_as(Codec::Big5, Codec::Latin1),
    legacy_as(Codec::ShiftJis, Codec::Latin1),
    legacy_as(Codec::EucKr, Codec::Latin1),
    // The two Chinese legacy codecs read as each other.
    legacy_as(Codec::Gbk, Codec::Big5),
    legacy_as(Codec::Big5, Codec::Gbk),
    // Legacy single-byte text read with another single-byte codec: other
    // alphabets read as windows-1252 or latin-1 (`Ïðèâåò`), and the
    // Cyrillic code pages read as each other (`пРИВЕТ`).
    legacy_as(Codec::Windows1251, Codec::Windows1252),
    legacy_as(Codec::Windows1251, Codec::Latin1),
    legacy_as(Codec::Koi8R, Codec::Windows1252),
    legacy_as(Codec::Windows1253, Codec::Windows1252),
    legacy_as(Codec::Iso8859_7, Codec::Windows1252),
    legacy_as(Codec::Windows1255, Codec::Windows1252),
    legacy_as(Codec::Windows1256, Codec::Windows1252),
    legacy_as(Codec::Windows874, Codec::Latin1),
    legacy_as(Codec::Windows874, Codec::Windows1252),
    legacy_as(Codec::Koi8R, Codec::Windows1251),
    legacy_as(Codec::Windows1251, Codec::Koi8R),
    legacy_as(Codec::Ibm866, Codec::Windows1251),
    // Latin text in another Latin code page read as windows-1252
    // (`aygýt` for Turkish `aygıt`, `v¢¢r` for DOS `vóór`): both readings
    // are Latin, so the line's alphabet decides (see `is_latin_to_latin`).
    legacy_as(Codec::Windows1250, Codec::Windows1252),
    legacy_as(Codec::Iso8859_2, Codec::Windows1252),
    legacy_as(Codec::Windows1254, Codec::Windows1252),
    legacy_as(Codec::Windows1257, Codec::Windows1252),
    legacy_as(Codec::Cp850, Codec::Windows1252),
    legacy_as(Codec::Cp437, Codec::Windows1252),
];

/// The chain table.
static CHAINS: &[Chain] = CHAIN_TABLE;

/// How many chains the table holds (the scanner keeps one bit for each).
pub(crate) const CHAIN_COUNT: usize = CHAIN_TABLE.len();

const fn legacy_as(right: Codec, wrong: Codec) -> Chain {
    Chain { wrong, right }
}

impl Chain {
    /// Every chain, in order of preference.
    ///
    /// ```
    /// assert!(mojifix::Chain::all().len() >= 10);
    /// ```
    pub fn all() -> &'static [Chain] {
        CHAINS
    }

    /// The chain that reads `right` as `wrong`, if the table has it.
    ///
    /// ```
    /// use mojifix::{Chain, Codec};
    /// assert!(Chain::find(Codec::MacRoman, Codec::Utf8).is_some());
    /// assert!(Chain::find(Codec::Utf8, Codec::MacRoman).is_none());
    /// ```
    pub fn find(wrong: Codec, right: Codec) -> Option<Chain> {
        CHAINS
            .iter()
            .copied()
            .find(|c| c.wrong == wrong && c.right == right)
    }

    /// Breaks `text` the way this chain does: encode with `right`, decode
    /// with `wrong`. `None` when `right` cannot encode the text or `wrong`
    /// cannot decode the bytes.
    ///
    /// ```
    /// use mojifix::{Chain, Codec};
    /// let chain = Chain::find(Codec::Windows1251, Codec::Utf8).unwrap();
    /// assert_eq!(chain.break_text("Привет").as_deref(), Some("РџСЂРёРІРµС‚"));
    /// ```
    pub fn break_text(self, text: &str) -> Option<String> {
        self.wrong.decode(&self.right.encode(text)?)
    }

    /// The byte `c` came from under `wrong`. For windows-1252 this also
    /// accepts C1 controls as their own byte, so one chain covers text where
    /// windows-1252 and latin-1 mojibake are mixed.
    #[inline]
    pub(crate) fn byte_of(self, c: char) -> Option<u8> {
        self.wrong.byte_of(c).or_else(|| {
            (self.wrong == Codec::Windows1252 && ('\u{80}'..='\u{9f}').contains(&c))
                .then_some(c as u8)
        })
    }

    /// True when this chain's right side is UTF-8 (sequences of 2 to 4 bytes).
    pub(crate) fn is_utf8(self) -> bool {
        self.right == Codec::Utf8
    }

    /// True when both sides are multi-byte legacy codecs (GBK read as Big5),
    /// so that either reading of the bytes is CJK text.
    pub(crate) fn is_cjk_to_cjk(self) -> bool {
        let legacy = |c: Codec| !c.is_single_byte() && c != Codec::Utf8;
        legacy(self.wrong) && legacy(self.right)
    }

    /// True for a chain between two single-byte codecs whose two readings
    /// are different alphabets or the same alphabet scrambled (not the
    /// windows-1252/latin-1 chain, which only differs in C1 controls).
    pub(crate) fn is_legacy(self) -> bool {
        self.wrong.is_single_byte()
            && self.right.is_single_byte()
            && !(self.wrong == Codec::Latin1 && self.right == Codec::Windows1252)
    }

    /// True for a chain between two Latin single-byte code pages, where
    /// both readings are Latin letters and only the line's alphabet can
    /// tell them apart.
    pub(crate) fn is_latin_to_latin(self) -> bool {
        let latin = |c: Codec| {
            matches!(
                c,
                Codec::Windows1252
                    | Codec::Latin1
                    | Codec::Windows1250
                    | Codec::Iso8859_2
                    | Codec::Windows1254
                    | Codec::Windows1257
                    | Codec::Cp850
                    | Codec::Cp437
            )
        };
        self.is_legacy() && latin(self.wrong) && latin(self.right)
    }

    /// True for a chain between two Cyrillic code pages, which only
    /// shuffle Cyrillic letters (and their case).
    pub(crate) fn is_cyrillic_to_cyrillic(self) -> bool {
        let cyrillic = |c: Codec| matches!(c, Codec::Windows1251 | Codec::Koi8R | Codec::Ibm866);
        self.is_legacy() && cyrillic(self.wrong) && cyrillic(self.right)
    }

    /// True when either side is a multi-byte legacy codec, so that
    /// character boundaries of the two sides need not meet.
    pub(crate) fn is_wide(self) -> bool {
        !self.wrong.is_single_byte() && self.wrong != Codec::Utf8
            || !self.right.is_single_byte() && self.right != Codec::Utf8
    }
}

impl fmt::Display for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} read as {}", self.right, self.wrong)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chain_can_be_found_by_its_codecs() {
        for &chain in Chain::all() {
            assert_eq!(Chain::find(chain.wrong, chain.right), Some(chain));
        }
    }

    #[test]
    fn windows_1252_chain_accepts_latin_1_controls() {
        let chain = Chain::find(Codec::Windows1252, Codec::Utf8).unwrap();
        assert_eq!(chain.byte_of('\u{80}'), Some(0x80));
        assert_eq!(chain.byte_of('€'), Some(0x80));
        assert_eq!(chain.byte_of('日'), None);
    }
}
