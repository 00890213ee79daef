//! mojifix repairs *mojibake*: text that was encoded in one character set
//! and decoded in another.
//!
//! ```
//! assert_eq!(mojifix::fix("The cafÃ© serves crÃ¨me brÃ»lÃ©e"), "The café serves crème brûlée");
//! assert_eq!(mojifix::fix("РџСЂРёРІРµС‚, РјРёСЂ"), "Привет, мир");
//! // Clean text is borrowed, not copied.
//! assert!(matches!(mojifix::fix("Привет, мир"), std::borrow::Cow::Borrowed(_)));
//! ```
//!
//! # Design
//!
//! **Chains, not guesses.** A repair undoes a named mis-decoding, a
//! [`Chain`] such as "UTF-8 read as windows-1252", by re-encoding with the
//! wrong codec and decoding with the right one. The chain table is the one
//! place that lists what mojifix can undo; detection, scanning and plans
//! are all derived from it.
//!
//! **Scored, span by span.** For each chain the detector finds the spans
//! whose bytes are well-formed in the right codec, and the plausibility
//! scorer weighs each span as written against its repair. Only spans with
//! enough evidence change; the rest of the line is copied byte for byte.
//! When unsure, mojifix leaves text alone: a wrong "fix" is worse than none.
//!
//! **Plans are data.** Every repair can explain itself as a [`Plan`], which
//! has a stable text form, replays on other text, and inverts exactly when
//! the repair was a pure transcoding.
//!
//! **Lines are independent.** [`fix`] repairs each line on its own; a
//! line's result never depends on another line. Line endings are kept.
//!
//! **Defaults change only what is broken.** No quote uncurling, width
//! folding or normalisation of valid text. Those clean-ups are in
//! [`fixers`], each a [`Config`] field that is off by default;
//! [`Config::ftfy`] turns on the ones ftfy's `fix_text` runs. The repair
//! always runs before them.
//!
//! Rejected: repairing the whole text with one chain (mixed lines are
//! common), and a fixed list of known bad strings (it cannot generalise).

#![warn(missing_docs)]
// No input may make the library panic: no unwrap, expect, panic or
// indexing that could fail. Tests may assert freely.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

use std::borrow::Cow;

mod batch;
pub mod bytes;
mod chain;
mod codec;
mod detect;
mod error;
pub mod fixers;
pub mod lines;
mod plan;
mod repair;
mod scan;
mod score;

pub use bytes::{
    ByteDecoder, ByteOptions, Charset, DecodeError, DecodedLine, DecodedRun, DecodedText,
    FixedBytes, Span, Summary, fix_bytes,
};
pub use chain::Chain;
pub use codec::Codec;
pub use detect::Detection;
pub use error::{PlanError, Utf8Error};
pub use fixers::{Cleanup, HtmlUnescape, Normalization};
pub use plan::{Plan, Step};

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// What a [`Fixer`] repairs and cleans up. Every field is honoured.
///
/// [`Config::default`] only repairs encodings; [`Config::ftfy`] also runs
/// the clean-ups of ftfy's `fix_text`. The clean-up fields are described in
/// [`fixers`], which has a function for each.
///
/// ```
/// let mut config = mojifix::Config::default();
/// config.restore_byte_a0 = false;
/// config.uncurl_quotes = true;
/// let fixer = mojifix::Fixer::new(config);
/// assert_eq!(fixer.fix("cafÃ© isnâ€™t"), "café isn't");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Undo mis-decodings (the chains of [`Chain::all`]). Default: on.
    pub repair_encoding: bool,
    /// Inside a mis-decoded sequence, read a space as byte A0 (a no-break
    /// space that was flattened). Default: on.
    pub restore_byte_a0: bool,
    /// Inside a mis-decoded sequence, restore a byte that a strict decoder
    /// replaced with U+FFFD or dropped, when the context picks one
    /// candidate; otherwise the sequence becomes one U+FFFD. Default: on.
    pub restore_lost_bytes: bool,
    /// How many layers of mis-decoding to undo at most. A line that needs
    /// more is left as it is: a partial repair would still be mojibake.
    /// Default: 8.
    pub max_layers: u8,
    /// Decode HTML character references ([`fixers::unescape_html`]):
    /// never, in lines without `<`, or always. Default: off.
    pub unescape_html: HtmlUnescape,
    /// Remove terminal escape sequences
    /// ([`fixers::remove_terminal_escapes`]). Default: off.
    pub remove_terminal_escapes: bool,
    /// Read C1 controls as windows-1252 ([`fixers::fix_c1_controls`]).
    /// Default: off.
    pub fix_c1_controls: bool,
    /// Split Latin ligatures ([`fixers::fix_latin_ligatures`]). Default: off.
    pub fix_latin_ligatures: bool,
    /// Fold fullwidth and halfwidth forms ([`fixers::fix_character_width`]).
    /// Default: off.
    pub fix_character_width: bool,
    /// Straighten curly quotes ([`fixers::uncurl_quotes`]). Default: off.
    pub uncurl_quotes: bool,
    /// Turn every line break into `\n` ([`fixers::fix_line_breaks`]),
    /// line endings included. Default: off.
    pub fix_line_breaks: bool,
    /// Decode escaped surrogate pairs ([`fixers::fix_surrogates`]).
    /// Default: off.
    pub fix_surrogates: bool,
    /// Remove unintended control characters
    /// ([`fixers::remove_control_chars`]). Default: off.
    pub remove_control_chars: bool,
    /// Put the text in this normalisation form ([`fixers::normalize`]).
    /// Default: none.
    pub normalization: Option<Normalization>,
}

impl Config {
    /// The defaults of ftfy 6.3.1's `fix_text` (its `TextFixerConfig()`):
    /// the repair, HTML unescaping in lines without `<`, every other
    /// clean-up, and NFC.
    ///
    /// ftfy's `fix_encoding`, `restore_byte_a0` and `replace_lossy_sequences`
    /// are [`Config::repair_encoding`], [`Config::restore_byte_a0`] and
    /// [`Config::restore_lost_bytes`] (on); its `decode_inconsistent_utf8`
    /// is part of the repair, which works span by span. Two differences
    /// are by design: `auto` HTML unescaping judges each line alone (ftfy
    /// stops for the rest of the text at the first `<`), and
    /// [`Config::fix_surrogates`] decodes escaped pairs, the form
    /// surrogates take in Rust strings.
    ///
    /// ```
    /// let fixer = mojifix::Fixer::new(mojifix::Config::ftfy());
    /// assert_eq!(fixer.fix("L&rsquo;Ã©tÃ©\r\n"), "L'été\n");
    /// assert_eq!(fixer.fix("<b>&amp;</b>"), "<b>&amp;</b>");
    /// ```
    pub fn ftfy() -> Config {
        Config {
            unescape_html: HtmlUnescape::Auto,
            remove_terminal_escapes: true,
            fix_c1_controls: true,
            fix_latin_ligatures: true,
            fix_character_width: true,
            uncurl_quotes: true,
            fix_line_breaks: true,
            fix_surrogates: true,
            remove_control_chars: true,
            normalization: Some(Normalization::Nfc),
            ..Config::default()
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            repair_encoding: true,
            restore_byte_a0: true,
            restore_lost_bytes: true,
            max_layers: 8,
            unescape_html: HtmlUnescape::Off,
            remove_terminal_escapes: false,
            fix_c1_controls: false,
            fix_latin_ligatures: false,
            fix_character_width: false,
            uncurl_quotes: false,
            fix_line_breaks: false,
            fix_surrogates: false,
            remove_control_chars: false,
            normalization: None,
        }
    }
}

/// How many times at most a line goes through the clean-ups and the repair
/// after the first repair. The loop ends at the first round whose
/// clean-ups change nothing (ftfy has no bound); the bound only guards
/// against a cycle. Each nested `&amp;` takes a round.
const CLEANUP_ROUNDS: usize = 32;

/// One plan for the parts of a line: the part's own when there is one,
/// else the merged form.
fn merge_plans(mut plans: Vec<Plan>) -> Plan {
    match plans.len() {
        1 => plans.pop().unwrap_or_default(),
        _ => plan::merge(&plans),
    }
}

/// The result of [`Fixer::fix_and_explain`]: the repaired text and how.
///
/// ```
/// let fixed = mojifix::fix_and_explain("naÃ¯ve");
/// assert_eq!(fixed.text, "naïve");
/// assert_eq!(fixed.plan.apply("naÃ¯ve").unwrap(), "naïve");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fixed<'a> {
    /// The repaired text (borrowed when nothing changed).
    pub text: Cow<'a, str>,
    /// The steps that turn the input into `text`.
    pub plan: Plan,
}

/// A reusable repairer. Build it once and share it: it is `Send + Sync` and
/// holds no mutable state.
///
/// ```
/// let fixer = mojifix::Fixer::default();
/// let fixed: Vec<_> = ["ok", "Ã¼ber"].iter().map(|s| fixer.fix(s).into_owned()).collect();
/// assert_eq!(fixed, ["ok", "über"]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Fixer {
    config: Config,
}

impl Fixer {
    /// A fixer with this configuration.
    ///
    /// ```
    /// let fixer = mojifix::Fixer::new(mojifix::Config::default());
    /// assert_eq!(fixer.config().max_layers, 8);
    /// ```
    pub fn new(config: Config) -> Fixer {
        Fixer { config }
    }

    /// The configuration.
    ///
    /// ```
    /// assert!(mojifix::Fixer::default().config().repair_encoding);
    /// ```
    pub fn config(&self) -> &Config {
        &self.config
    }

    fn options(&self) -> detect::Options {
        detect::Options {
            restore_byte_a0: self.config.restore_byte_a0,
            restore_lost_bytes: self.config.restore_lost_bytes,
        }
    }

    fn repair_line<'a>(&self, line: &'a str) -> (Cow<'a, str>, Plan) {
        // The scanner's "no" is a proof that no chain applies.
        if !self.config.repair_encoding || !scan::may_be_mojibake(line) {
            return (Cow::Borrowed(line), Plan::new());
        }
        repair::repair_line(line, self.options(), self.config.max_layers)
    }

    /// Repairs one line (without its ending), then runs the clean-ups, and
    /// both again while the clean-ups change something.
    fn fix_line<'a>(&self, line: &'a str) -> (Cow<'a, str>, Plan) {
        self.fix_line_at(line, true)
    }

    /// [`Fixer::fix_line`]; `split` says whether line breaks inside the
    /// line (U+2028, U+2029, U+0085) may still split it.
    fn fix_line_at<'a>(&self, line: &'a str, split: bool) -> (Cow<'a, str>, Plan) {
        let (text, mut plan) = self.repair_line(line);
        if !fixers::any(&self.config) {
            return (text, plan);
        }
        // Line breaks inside the line, once repaired (a NEL may have been
        // an ellipsis), make lines of their own, each fixed as if it had
        // come in that way: the result is what fixing the output again
        // gives, and each part is judged on its own (HTML `auto`).
        if split
            && self.config.fix_line_breaks
            && let Cow::Owned(broken) = fixers::fix_line_breaks(&text)
        {
            plan.push(Step::Apply(Cleanup::FixLineBreaks));
            let mut out = String::new();
            let mut plans: Vec<Plan> = Vec::new();
            for (content, ending) in lines::split(&broken) {
                let (fixed, part_plan) = self.fix_line_at(content, false);
                if !part_plan.is_empty() && !plans.contains(&part_plan) {
                    plans.push(part_plan);
                }
                out.push_str(&fixed);
                out.push_str(ending);
            }
            plan.extend(merge_plans(plans));
            return (Cow::Owned(out), plan);
        }
        let markup = fixers::may_hold_markup(line);
        let mut text = text;
        for _ in 0..CLEANUP_ROUNDS {
            let mut steps = Vec::new();
            let cleaned = match fixers::clean(&text, &self.config, markup, &mut steps) {
                Cow::Borrowed(_) => break,
                Cow::Owned(cleaned) => cleaned,
            };
            for step in steps {
                plan.push(step);
            }
            let repaired = self.repair_lines(&cleaned, &mut plan).unwrap_or(cleaned);
            text = Cow::Owned(repaired);
        }
        (text, plan)
    }

    /// Repairs each line of `text`, a line that the clean-ups may have
    /// split (unescaping `&#x2028;` then normalising line breaks), as if it
    /// had come in that way. `None` when nothing changed; the steps go to
    /// `plan`.
    fn repair_lines(&self, text: &str, plan: &mut Plan) -> Option<String> {
        let mut out = String::new();
        let mut plans: Vec<Plan> = Vec::new();
        for (content, ending) in lines::split(text) {
            let (repaired, line_plan) = self.repair_line(content);
            if matches!(repaired, Cow::Owned(_)) && !plans.contains(&line_plan) {
                plans.push(line_plan);
            }
            out.push_str(&repaired);
            out.push_str(ending);
        }
        if plans.is_empty() {
            return None;
        }
        plan.extend(merge_plans(plans));
        Some(out)
    }

    /// The ending to write after a line: `\n` for any line break when
    /// line breaks are normalised.
    fn fix_ending<'e>(&self, ending: &'e str) -> &'e str {
        if self.config.fix_line_breaks && !ending.is_empty() {
            "\n"
        } else {
            ending
        }
    }

    /// Repairs `text`, line by line. Borrows when nothing changes.
    ///
    /// ```
    /// let fixer = mojifix::Fixer::default();
    /// assert_eq!(fixer.fix("line one\r\nÃ©tÃ©\n"), "line one\r\nété\n");
    /// ```
    pub fn fix<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.fix_and_explain(text).text
    }

    /// Repairs `text` line by line and returns the plan.
    ///
    /// For a single line the plan is exact. When several lines changed with
    /// different plans, the plan lists each distinct step once, in the
    /// `reinterpret` form that applies to any line.
    ///
    /// ```
    /// let fixed = mojifix::Fixer::default().fix_and_explain("doesnÃ¢â‚¬â„¢t");
    /// assert_eq!(fixed.text, "doesn’t");
    /// assert_eq!(fixed.plan.steps().len(), 4);
    /// ```
    pub fn fix_and_explain<'a>(&self, text: &'a str) -> Fixed<'a> {
        // The lines up to the first one that may change are kept as they
        // are, without a look at each.
        let clean = self.clean_prefix(text);
        let (prefix, rest) = text.split_at_checked(clean).unwrap_or((text, ""));
        if rest.is_empty() {
            return Fixed {
                text: Cow::Borrowed(text),
                plan: Plan::new(),
            };
        }
        let mut out = String::with_capacity(text.len());
        out.push_str(prefix);
        let mut plans: Vec<Plan> = Vec::new();
        let mut changed = false;
        for (content, ending) in lines::split(rest) {
            let (fixed, mut plan) = self.fix_line(content);
            let fixed_ending = self.fix_ending(ending);
            if fixed_ending != ending {
                let step = Step::Apply(Cleanup::FixLineBreaks);
                if !plan.steps().contains(&step) {
                    plan.push(step);
                }
            }
            if matches!(fixed, Cow::Owned(_)) || fixed_ending != ending {
                changed = true;
                if !plans.contains(&plan) {
                    plans.push(plan);
                }
            }
            out.push_str(&fixed);
            out.push_str(fixed_ending);
        }
        if !changed {
            return Fixed {
                text: Cow::Borrowed(text),
                plan: Plan::new(),
            };
        }
        let plan = match plans.len() {
            1 if prefix.is_empty() && lines::split(rest).nth(1).is_none() => {
                plans.pop().unwrap_or_default()
            }
            _ => plan::merge(&plans),
        };
        Fixed {
            text: Cow::Owned(out),
            plan,
        }
    }

    /// The mis-decoded spans of `text`, without repairing them: the chain,
    /// the byte span in `text` and a confidence. Only the outermost layer
    /// of damage is reported.
    ///
    /// ```
    /// let found = mojifix::Fixer::default().detect("plain text");
    /// assert!(found.is_empty());
    /// ```
    pub fn detect(&self, text: &str) -> Vec<Detection> {
        let mut found = Vec::new();
        if !self.config.repair_encoding || !scan::may_be_mojibake(text) {
            return found;
        }
        let mut base = 0;
        for (content, ending) in lines::split(text) {
            let chains = scan::suspects(content);
            if chains != 0 {
                let line = detect::Line::new(content);
                if let Some(verdict) = detect::best_verdict(&line, self.options(), chains) {
                    found.extend(detect::detections(&line, &verdict, base));
                }
            }
            base += content.len() + ending.len();
        }
        found
    }
}

/// Repairs `text` with the default configuration. Borrows when nothing
/// changes.
///
/// ```
/// assert_eq!(mojifix::fix("Ã¼ber"), "über");
/// assert_eq!(mojifix::fix("über"), "über");
/// ```
pub fn fix(text: &str) -> Cow<'_, str> {
    Fixer::default().fix(text)
}

/// Repairs `text` with the default configuration and says how.
///
/// ```
/// let fixed = mojifix::fix_and_explain("cafÃ©");
/// assert_eq!(fixed.plan.to_string(), "encode windows-1252; decode utf-8");
/// ```
pub fn fix_and_explain(text: &str) -> Fixed<'_> {
    Fixer::default().fix_and_explain(text)
}

/// The mis-decoded spans of `text` under the default configuration.
///
/// ```
/// let found = mojifix::detect("Ã¼ber");
/// assert_eq!(found[0].span, 0..4);
/// ```
pub fn detect(text: &str) -> Vec<Detection> {
    Fixer::default().detect(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixer_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Fixer>();
    }
}
