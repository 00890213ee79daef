//! Unicode normalisation forms.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use unicode_normalization::{UnicodeNormalization, is_nfc, is_nfd, is_nfkc, is_nfkd};

/// A Unicode normalisation form.
///
/// ```
/// use mojifix::fixers::Normalization;
/// assert_eq!("nfkc".parse::<Normalization>(), Ok(Normalization::Nfkc));
/// assert_eq!(Normalization::Nfc.to_string(), "NFC");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Normalization {
    /// Canonical composition: `e` + U+0301 becomes `é`.
    Nfc,
    /// Canonical decomposition: `é` becomes `e` + U+0301.
    Nfd,
    /// Compatibility composition: NFC, and `ﬁ`, `²`, `Ａ` become `fi`, `2`, `A`.
    Nfkc,
    /// Compatibility decomposition.
    Nfkd,
}

impl Normalization {
    /// Every form.
    ///
    /// ```
    /// assert_eq!(mojifix::fixers::Normalization::ALL.len(), 4);
    /// ```
    pub const ALL: [Normalization; 4] = [
        Normalization::Nfc,
        Normalization::Nfd,
        Normalization::Nfkc,
        Normalization::Nfkd,
    ];

    /// The form's name: `NFC`, `NFD`, `NFKC` or `NFKD`.
    ///
    /// ```
    /// assert_eq!(mojifix::fixers::Normalization::Nfkd.name(), "NFKD");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Normalization::Nfc => "NFC",
            Normalization::Nfd => "NFD",
            Normalization::Nfkc => "NFKC",
            Normalization::Nfkd => "NFKD",
        }
    }
}

impl fmt::Display for Normalization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a normalisation form.
///
/// ```
/// let err = "NFX".parse::<mojifix::fixers::Normalization>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown normalization form 'NFX' (expected NFC, NFD, NFKC or NFKD)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown normalization form '{0}' (expected NFC, NFD, NFKC or NFKD)")]
pub struct UnknownNormalization(pub String);

impl FromStr for Normalization {
    type Err = UnknownNormalization;

    /// Reads a form's name, in any case.
    fn from_str(s: &str) -> Result<Normalization, UnknownNormalization> {
        Normalization::ALL
            .into_iter()
            .find(|form| form.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownNormalization(s.to_owned()))
    }
}

/// Puts `text` in the normalisation form `form`. Borrows when it already is.
///
/// ```
/// use mojifix::fixers::{normalize, Normalization};
/// assert_eq!(normalize("cafe\u{301}", Normalization::Nfc), "café");
/// assert_eq!(normalize("ﬁ²", Normalization::Nfkc), "fi2");
/// assert!(matches!(normalize("café", Normalization::Nfc), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn normalize(text: &str, form: Normalization) -> Cow<'_, str> {
    let already = match form {
        Normalization::Nfc => is_nfc(text),
        Normalization::Nfd => is_nfd(text),
        Normalization::Nfkc => is_nfkc(text),
        Normalization::Nfkd => is_nfkd(text),
    };
    if already {
        return Cow::Borrowed(text);
    }
    let normalized: String = match form {
        Normalization::Nfc => text.nfc().collect(),
        Normalization::Nfd => text.nfd().collect(),
        Normalization::Nfkc => text.nfkc().collect(),
        Normalization::Nfkd => text.nfkd().collect(),
    };
    if normalized == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form() {
        let text = "e\u{301}ﬁ";
        assert_eq!(normalize(text, Normalization::Nfc), "éﬁ");
        assert_eq!(normalize(text, Normalization::Nfd), text);
        assert_eq!(normalize(text, Normalization::Nfkc), "éfi");
        assert_eq!(normalize(text, Normalization::Nfkd), "e\u{301}fi");
        for form in Normalization::ALL {
            assert_eq!(form.name().parse(), Ok(form));
        }
    }
}
