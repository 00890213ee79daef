//! Clean-up fixers: the changes ftfy makes besides repairing encodings,
//! each a function of its own and a [`Config`] field, all
//! off by default.
//!
//! Each fixer is a `fn(&str) -> Cow<str>` that borrows when nothing
//! changes, and may be called alone:
//!
//! ```
//! use mojifix::fixers;
//! assert_eq!(fixers::uncurl_quotes("it’s"), "it's");
//! assert_eq!(fixers::unescape_html("caf&eacute;"), "café");
//! ```
//!
//! # Order
//!
//! A [`Fixer`](crate::Fixer) runs, on each line:
//!
//! 1. the repair of encodings;
//! 2. [`unescape_html`], [`fix_c1_controls`], [`fix_latin_ligatures`],
//!    [`fix_character_width`], [`uncurl_quotes`], [`fix_line_breaks`],
//!    [`fix_surrogates`], [`remove_terminal_escapes`],
//!    [`remove_control_chars`], then [`normalize`], each when configured;
//! 3. the repair again, and the fixers again, while the fixers change
//!    something: unescaping `&Atilde;&copy;` reveals mojibake, and
//!    `&amp;lt;` takes two rounds, as in ftfy.
//!
//! **Repair runs first** because the clean-ups destroy its evidence: width
//! folding turns the fullwidth forms that Shift_JIS mojibake carries into
//! ASCII, uncurling turns `’` (byte 92 in windows-1252, the lead of many
//! UTF-8 sequences read as windows-1252) into `'`, C1 repair turns the
//! C1 controls that mark latin-1 mis-decodings into other characters, and
//! normalisation merges characters that were bytes. Terminal escapes go
//! before control characters, which would otherwise remove their ESC and
//! leave `[36m` behind.
//!
//! **Lines are independent.** Every fixer sees one line at a time, without
//! its ending. [`HtmlUnescape::Auto`] looks for markup in that line only,
//! as given: a line with `<` is left escaped, and the next line is judged
//! afresh
//! (ftfy's whole-text mode stops unescaping for the rest of the text once
//! it has seen a `<`). Line-break normalisation also turns each line's
//! ending (`\r\n` or `\r`) into `\n`.
//!
//! **Surrogates.** A Rust string cannot hold a surrogate, so
//! [`fix_surrogates`] repairs the forms they take in valid text (escaped
//! pairs), and [`fix_surrogates_in_bytes`] the CESU-8 form in bytes.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::Config;
use crate::plan::Step;

mod c1;
mod controls;
mod html;
mod html_table;
mod ligatures;
mod ligatures_table;
mod line_breaks;
mod normalize;
mod quotes;
mod surrogates;
mod terminal;
mod width;

pub use c1::fix_c1_controls;
pub use controls::remove_control_chars;
pub use html::unescape_html;
pub use ligatures::fix_latin_ligatures;
pub use line_breaks::fix_line_breaks;
pub use normalize::{Normalization, UnknownNormalization, normalize};
pub use quotes::uncurl_quotes;
pub use surrogates::{fix_surrogates, fix_surrogates_in_bytes};
pub use terminal::remove_terminal_escapes;
pub use width::fix_character_width;

/// When to decode HTML character references.
///
/// ```
/// use mojifix::fixers::HtmlUnescape;
/// assert_eq!("auto".parse::<HtmlUnescape>(), Ok(HtmlUnescape::Auto));
/// assert_eq!(HtmlUnescape::default(), HtmlUnescape::Off);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum HtmlUnescape {
    /// Never.
    #[default]
    Off,
    /// In lines without a `<`: a line that may hold markup keeps its
    /// references, which markup needs.
    Auto,
    /// In every line.
    On,
}

impl HtmlUnescape {
    /// The mode's name: `off`, `auto` or `on`.
    ///
    /// ```
    /// assert_eq!(mojifix::fixers::HtmlUnescape::On.name(), "on");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            HtmlUnescape::Off => "off",
            HtmlUnescape::Auto => "auto",
            HtmlUnescape::On => "on",
        }
    }
}

impl FromStr for HtmlUnescape {
    type Err = String;

    /// Reads `off`, `auto` or `on`.
    fn from_str(s: &str) -> Result<HtmlUnescape, String> {
        [HtmlUnescape::Off, HtmlUnescape::Auto, HtmlUnescape::On]
            .into_iter()
            .find(|mode| mode.name() == s)
            .ok_or_else(|| format!("unknown HTML unescaping mode '{s}' (expected off, auto or on)"))
    }
}

/// A clean-up fixer, by name. [`Step::Apply`] records one in a plan.
///
/// ```
/// use mojifix::fixers::Cleanup;
/// assert_eq!(Cleanup::UncurlQuotes.name(), "uncurl_quotes");
/// assert_eq!(Cleanup::from_name("uncurl_quotes"), Some(Cleanup::UncurlQuotes));
/// assert_eq!(Cleanup::UncurlQuotes.apply("‘a’"), "'a'");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cleanup {
    /// [`unescape_html`]
    UnescapeHtml,
    /// [`fix_c1_controls`]
    FixC1Controls,
    /// [`fix_latin_ligatures`]
    FixLatinLigatures,
    /// [`fix_character_width`]
    FixCharacterWidth,
    /// [`uncurl_quotes`]
    UncurlQuotes,
    /// [`fix_line_breaks`]
    FixLineBreaks,
    /// [`fix_surrogates`]
    FixSurrogates,
    /// [`remove_terminal_escapes`]
    RemoveTerminalEscapes,
    /// [`remove_control_chars`]
    RemoveControlChars,
}

impl Cleanup {
    /// Every fixer, in the order a [`Fixer`](crate::Fixer) runs them.
    ///
    /// ```
    /// assert_eq!(mojifix::fixers::Cleanup::ALL.len(), 9);
    /// ```
    pub const ALL: [Cleanup; 9] = [
        Cleanup::UnescapeHtml,
        Cleanup::FixC1Controls,
        Cleanup::FixLatinLigatures,
        Cleanup::FixCharacterWidth,
        Cleanup::UncurlQuotes,
        Cleanup::FixLineBreaks,
        Cleanup::FixSurrogates,
        Cleanup::RemoveTerminalEscapes,
        Cleanup::RemoveControlChars,
    ];

    /// The fixer's name, as in plans: its function's name.
    ///
    /// ```
    /// assert_eq!(mojifix::fixers::Cleanup::FixC1Controls.name(), "fix_c1_controls");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Cleanup::UnescapeHtml => "unescape_html",
            Cleanup::FixC1Controls => "fix_c1_controls",
            Cleanup::FixLatinLigatures => "fix_latin_ligatures",
            Cleanup::FixCharacterWidth => "fix_character_width",
            Cleanup::UncurlQuotes => "uncurl_quotes",
            Cleanup::FixLineBreaks => "fix_line_breaks",
            Cleanup::FixSurrogates => "fix_surrogates",
            Cleanup::RemoveTerminalEscapes => "remove_terminal_escapes",
            Cleanup::RemoveControlChars => "remove_control_chars",
        }
    }

    /// The fixer with this name.
    ///
    /// ```
    /// assert!(mojifix::fixers::Cleanup::from_name("frobnicate").is_none());
    /// ```
    pub fn from_name(name: &str) -> Option<Cleanup> {
        Cleanup::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Runs the fixer on `text` (HTML unescaping unconditionally).
    ///
    /// ```
    /// use mojifix::fixers::Cleanup;
    /// assert_eq!(Cleanup::FixLatinLigatures.apply("ﬁne"), "fine");
    /// ```
    pub fn apply(self, text: &str) -> Cow<'_, str> {
        match self {
            Cleanup::UnescapeHtml => unescape_html(text),
            Cleanup::FixC1Controls => fix_c1_controls(text),
            Cleanup::FixLatinLigatures => fix_latin_ligatures(text),
            Cleanup::FixCharacterWidth => fix_character_width(text),
            Cleanup::UncurlQuotes => uncurl_quotes(text),
            Cleanup::FixLineBreaks => fix_line_breaks(text),
            Cleanup::FixSurrogates => fix_surrogates(text),
            Cleanup::RemoveTerminalEscapes => remove_terminal_escapes(text),
            Cleanup::RemoveControlChars => remove_control_chars(text),
        }
    }

    /// Whether `config` runs this fixer, on a line that may hold markup
    /// or not.
    fn runs(self, config: &Config, markup: bool) -> bool {
        match self {
            Cleanup::UnescapeHtml => match config.unescape_html {
                HtmlUnescape::Off => false,
                HtmlUnescape::Auto => !markup,
                HtmlUnescape::On => true,
            },
            Cleanup::FixC1Controls => config.fix_c1_controls,
            Cleanup::FixLatinLigatures => config.fix_latin_ligatures,
            Cleanup::FixCharacterWidth => config.fix_character_width,
            Cleanup::UncurlQuotes => config.uncurl_quotes,
            Cleanup::FixLineBreaks => config.fix_line_breaks,
            Cleanup::FixSurrogates => config.fix_surrogates,
            Cleanup::RemoveTerminalEscapes => config.remove_terminal_escapes,
            Cleanup::RemoveControlChars => config.remove_control_chars,
        }
    }
}

impl fmt::Display for Cleanup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether `config` turns on any clean-up.
pub(crate) fn any(config: &Config) -> bool {
    config.normalization.is_some() || Cleanup::ALL.into_iter().any(|c| c.runs(config, false))
}

/// Whether a line may hold markup, for [`HtmlUnescape::Auto`]: whether it
/// has a `<`. Judged on the line as given, before any fixing, so that
/// unescaping `&lt;b&gt;&amp;amp;` goes on to the end once it has begun.
pub(crate) fn may_hold_markup(line: &str) -> bool {
    line.contains('<')
}

/// Runs the configured clean-ups on one line (without its ending), in
/// order, and appends a step to `steps` for each that changed it. `markup`
/// is [`may_hold_markup`] of the line as given.
pub(crate) fn clean<'a>(
    line: &'a str,
    config: &Config,
    markup: bool,
    steps: &mut Vec<Step>,
) -> Cow<'a, str> {
    let mut text = Cow::Borrowed(line);
    for cleanup in Cleanup::ALL {
        if !cleanup.runs(config, markup) {
            continue;
        }
        if let Cow::Owned(changed) = cleanup.apply(&text) {
            text = Cow::Owned(changed);
            steps.push(Step::Apply(cleanup));
        }
    }
    if let Some(form) = config.normalization
        && let Cow::Owned(changed) = normalize(&text, form)
    {
        text = Cow::Owned(changed);
        steps.push(Step::Normalize(form));
    }
    text
}

/// What [`map_chars`] puts in place of a character.
enum Replacement {
    Char(char),
    Str(&'static str),
    String(String),
}

/// `text` with each character for which `replace` gives a replacement
/// replaced; borrowed when there is none.
fn map_chars(text: &str, replace: impl Fn(char) -> Option<Replacement>) -> Cow<'_, str> {
    let Some((first, _)) = text.char_indices().find(|&(_, c)| replace(c).is_some()) else {
        return Cow::Borrowed(text);
    };
    let (clean, rest) = text.split_at_checked(first).unwrap_or((text, ""));
    let mut out = String::with_capacity(text.len());
    out.push_str(clean);
    for c in rest.chars() {
        match replace(c) {
            None => out.push(c),
            Some(Replacement::Char(r)) => out.push(r),
            Some(Replacement::Str(r)) => out.push_str(r),
            Some(Replacement::String(r)) => out.push_str(&r),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for cleanup in Cleanup::ALL {
            assert_eq!(Cleanup::from_name(cleanup.name()), Some(cleanup));
        }
        for mode in [HtmlUnescape::Off, HtmlUnescape::Auto, HtmlUnescape::On] {
            assert_eq!(mode.name().parse(), Ok(mode));
        }
        assert!("yes".parse::<HtmlUnescape>().is_err());
    }

    #[test]
    fn auto_looks_at_the_line_only() {
        let config = Config {
            unescape_html: HtmlUnescape::Auto,
            ..Config::default()
        };
        let mut steps = Vec::new();
        let line = "<b>&amp;</b>";
        assert_eq!(
            clean(line, &config, may_hold_markup(line), &mut steps),
            line
        );
        assert!(steps.is_empty());
        let line = "a &amp; b";
        assert_eq!(
            clean(line, &config, may_hold_markup(line), &mut steps),
            "a & b"
        );
        assert_eq!(steps, [Step::Apply(Cleanup::UnescapeHtml)]);
    }

    #[test]
    fn terminal_escapes_go_before_control_characters() {
        let config = Config {
            remove_terminal_escapes: true,
            remove_control_chars: true,
            ..Config::default()
        };
        let mut steps = Vec::new();
        assert_eq!(
            clean("\x1b[1mbold\x1b[0m\x07", &config, false, &mut steps),
            "bold"
        );
    }
}
