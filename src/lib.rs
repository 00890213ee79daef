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
//! folding or normalisation of valid text.
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
mod chain;
mod codec;
mod detect;
mod error;
pub mod lines;
mod plan;
mod repair;
mod scan;
mod score;

pub use chain::Chain;
pub use codec::Codec;
pub use detect::Detection;
pub use error::{PlanError, Utf8Error};
pub use plan::{Plan, Step};

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// What a [`Fixer`] repairs. Every field is honoured.
///
/// ```
/// let mut config = mojifix::Config::default();
/// config.restore_byte_a0 = false;
/// let fixer = mojifix::Fixer::new(config);
/// assert_eq!(fixer.fix("cafÃ©"), "café");
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
    /// How many layers of mis-decoding to undo at most. Default: 8.
    pub max_layers: u8,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            repair_encoding: true,
            restore_byte_a0: true,
            restore_lost_bytes: true,
            max_layers: 8,
        }
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

    fn fix_line<'a>(&self, line: &'a str) -> (Cow<'a, str>, Plan) {
        if !self.config.repair_encoding {
            return (Cow::Borrowed(line), Plan::new());
        }
        repair::repair_line(line, self.options(), self.config.max_layers)
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
        if !scan::may_be_mojibake(text) {
            return Fixed {
                text: Cow::Borrowed(text),
                plan: Plan::new(),
            };
        }
        let mut out = String::new();
        let mut plans: Vec<Plan> = Vec::new();
        let mut changed = false;
        for (content, ending) in lines::split(text) {
            let (fixed, plan) = self.fix_line(content);
            if let Cow::Owned(_) = fixed {
                changed = true;
                if !plans.contains(&plan) {
                    plans.push(plan);
                }
            }
            out.push_str(&fixed);
            out.push_str(ending);
        }
        if !changed {
            return Fixed {
                text: Cow::Borrowed(text),
                plan: Plan::new(),
            };
        }
        let plan = match plans.len() {
            1 if lines::split(text).count() == 1 => plans.pop().unwrap_or_default(),
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
            if scan::may_be_mojibake(content) {
                let line = detect::Line::new(content);
                if let Some(verdict) = detect::best_verdict(&line, self.options()) {
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
