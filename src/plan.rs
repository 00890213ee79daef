//! Plans: what a repair did, as data that can be shown, parsed, replayed
//! and (where nothing was lost) inverted.
//!
//! A plan is a list of [`Step`]s run in order over a value that is either
//! text or bytes: `encode` turns text into bytes, `decode` bytes into text,
//! `restore byte A0` edits bytes, and `reinterpret` edits text in place.
//!
//! Whole-text steps (`encode windows-1252`, `decode utf-8`) are what the
//! engine emits when every non-ASCII character of the text took part in the
//! repair: such a plan is a pure transcoder, and [`Plan::invert`] gives the
//! plan that re-creates the input byte for byte. When only some spans were
//! broken the engine emits `reinterpret windows-1252 as utf-8`, which replays
//! as "re-decode every sequence of this chain found in the text"; it has no
//! exact inverse, because the output alone does not say which characters
//! were repaired.
//!
//! Clean-ups are steps too: `apply uncurl_quotes` runs that fixer over
//! the text and `normalize NFC` puts it in a normalisation form. They have
//! no inverse.
//!
//! The text form is stable: [`Plan`]'s `Display` writes steps separated by
//! `; ` and `FromStr` reads them back.

use std::fmt;
use std::str::FromStr;

use crate::chain::Chain;
use crate::codec::Codec;
use crate::error::PlanError;
use crate::fixers::{Cleanup, Normalization};

/// One step of a [`Plan`].
///
/// ```
/// use mojifix::{Codec, Step};
/// assert_eq!(Step::Encode(Codec::Windows1252).to_string(), "encode windows-1252");
/// assert_eq!("decode utf-8".parse::<Step>(), Ok(Step::Decode(Codec::Utf8)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// Text to bytes: encode the whole text with the codec.
    Encode(Codec),
    /// Bytes to text: decode the whole byte string with the codec.
    Decode(Codec),
    /// Bytes to bytes: where a UTF-8 sequence ends in a space that stood for
    /// byte A0 (a no-break space flattened to a space), put A0 back.
    RestoreByteA0,
    /// Text to text: re-decode each run of characters that are `right`-encoded
    /// bytes decoded as `wrong`, restoring bytes that were flattened or lost
    /// where the structure allows, and leave everything else as it is.
    Reinterpret {
        /// The codec the bytes were wrongly decoded with.
        wrong: Codec,
        /// The codec the bytes really were in.
        right: Codec,
    },
    /// Text to text: run a clean-up fixer over the whole text.
    Apply(Cleanup),
    /// Text to text: put the text in a Unicode normalisation form.
    Normalize(Normalization),
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Encode(c) => write!(f, "encode {c}"),
            Step::Decode(c) => write!(f, "decode {c}"),
            Step::RestoreByteA0 => f.write_str("restore byte A0"),
            Step::Reinterpret { wrong, right } => write!(f, "reinterpret {wrong} as {right}"),
            Step::Apply(cleanup) => write!(f, "apply {cleanup}"),
            Step::Normalize(form) => write!(f, "normalize {form}"),
        }
    }
}

impl FromStr for Step {
    type Err = PlanError;

    fn from_str(s: &str) -> Result<Step, PlanError> {
        let words: Vec<&str> = s.split_whitespace().collect();
        let codec = |name: &str| {
            Codec::from_name(name).ok_or_else(|| PlanError::UnknownCodec(name.to_owned()))
        };
        match words.as_slice() {
            ["encode", c] => Ok(Step::Encode(codec(c)?)),
            ["decode", c] => Ok(Step::Decode(codec(c)?)),
            ["restore", "byte", "A0"] => Ok(Step::RestoreByteA0),
            ["reinterpret", w, "as", r] => Ok(Step::Reinterpret {
                wrong: codec(w)?,
                right: codec(r)?,
            }),
            ["apply", name] => Cleanup::from_name(name)
                .map(Step::Apply)
                .ok_or_else(|| PlanError::UnknownStep(s.trim().to_owned())),
            ["normalize", form] => form
                .parse()
                .map(Step::Normalize)
                .map_err(|_| PlanError::UnknownStep(s.trim().to_owned())),
            _ => Err(PlanError::UnknownStep(s.trim().to_owned())),
        }
    }
}

/// What a repair did: a replayable list of [`Step`]s.
///
/// ```
/// let fixed = mojifix::fix_and_explain("cafÃ©");
/// assert_eq!(fixed.text, "café");
/// assert_eq!(fixed.plan.to_string(), "encode windows-1252; decode utf-8");
/// // The same plan repairs other text broken the same way...
/// assert_eq!(fixed.plan.apply("naÃ¯ve").unwrap(), "naïve");
/// // ...and its inverse breaks it again, byte for byte.
/// assert_eq!(fixed.plan.invert().unwrap().apply("café").unwrap(), "cafÃ©");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Plan {
    steps: Vec<Step>,
}

enum Value {
    Text(String),
    Bytes(Vec<u8>),
}

impl Plan {
    /// A plan that does nothing.
    ///
    /// ```
    /// assert!(mojifix::Plan::new().is_empty());
    /// ```
    pub fn new() -> Plan {
        Plan::default()
    }

    /// The steps, in order.
    ///
    /// ```
    /// let plan: mojifix::Plan = "encode latin-1; decode utf-8".parse().unwrap();
    /// assert_eq!(plan.steps().len(), 2);
    /// ```
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// True when the plan has no steps (nothing was changed).
    ///
    /// ```
    /// assert!(mojifix::fix_and_explain("plain text").plan.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    pub(crate) fn push(&mut self, step: Step) {
        self.steps.push(step);
    }

    pub(crate) fn extend(&mut self, other: Plan) {
        self.steps.extend(other.steps);
    }

    /// Runs the plan on `text`.
    ///
    /// Fails when a whole-text step cannot run (a character the codec cannot
    /// encode, bytes that do not decode) or the plan ends on bytes.
    ///
    /// ```
    /// let plan: mojifix::Plan = "encode windows-1252; decode utf-8".parse().unwrap();
    /// assert_eq!(plan.apply("â€œquotedâ€\u{9d}").unwrap(), "“quoted”");
    /// assert!(plan.apply("日本").is_err());
    /// ```
    pub fn apply(&self, text: &str) -> Result<String, PlanError> {
        let mut value = Value::Text(text.to_owned());
        for (index, step) in self.steps.iter().enumerate() {
            value = match (value, *step) {
                (Value::Text(t), Step::Encode(codec)) => Value::Bytes(
                    codec
                        .encode(&t)
                        .ok_or(PlanError::Unencodable { index, codec })?,
                ),
                (Value::Bytes(b), Step::Decode(codec)) => Value::Text(
                    codec
                        .decode(&b)
                        .ok_or(PlanError::Undecodable { index, codec })?,
                ),
                (Value::Bytes(b), Step::RestoreByteA0) => {
                    Value::Bytes(crate::repair::restore_byte_a0(&b))
                }
                (Value::Text(t), Step::Reinterpret { wrong, right }) => {
                    let chain = Chain::find(wrong, right).ok_or(PlanError::UnknownChain {
                        index,
                        wrong,
                        right,
                    })?;
                    Value::Text(crate::repair::reinterpret_all(&t, chain).into_owned())
                }
                (Value::Text(t), Step::Apply(cleanup)) => {
                    Value::Text(cleanup.apply(&t).into_owned())
                }
                (Value::Text(t), Step::Normalize(form)) => {
                    Value::Text(crate::fixers::normalize(&t, form).into_owned())
                }
                (_, step) => return Err(PlanError::WrongInput { index, step }),
            };
        }
        match value {
            Value::Text(t) => Ok(t),
            Value::Bytes(_) => Err(PlanError::EndsOnBytes),
        }
    }

    /// The plan that undoes this one, when every step is an exact transcoder
    /// (`encode` and `decode` only). Clean-up steps have no inverse.
    ///
    /// ```
    /// let plan: mojifix::Plan = "encode windows-1252; decode utf-8".parse().unwrap();
    /// assert_eq!(plan.invert().unwrap().to_string(), "encode utf-8; decode windows-1252");
    /// let lossy: mojifix::Plan = "reinterpret windows-1252 as utf-8".parse().unwrap();
    /// assert!(lossy.invert().is_err());
    /// ```
    pub fn invert(&self) -> Result<Plan, PlanError> {
        let steps = self
            .steps
            .iter()
            .rev()
            .enumerate()
            .map(|(i, step)| match *step {
                Step::Encode(c) => Ok(Step::Decode(c)),
                Step::Decode(c) => Ok(Step::Encode(c)),
                step => Err(PlanError::NotInvertible {
                    index: self.steps.len() - 1 - i,
                    step,
                }),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Plan { steps })
    }

    /// True when [`Plan::invert`] succeeds.
    ///
    /// ```
    /// assert!(mojifix::fix_and_explain("cafÃ©").plan.is_invertible());
    /// ```
    pub fn is_invertible(&self) -> bool {
        self.steps
            .iter()
            .all(|s| matches!(s, Step::Encode(_) | Step::Decode(_)))
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

impl FromStr for Plan {
    type Err = PlanError;

    fn from_str(s: &str) -> Result<Plan, PlanError> {
        let steps = s
            .split(';')
            .filter(|part| !part.trim().is_empty())
            .map(str::parse)
            .collect::<Result<Vec<Step>, _>>()?;
        Ok(Plan { steps })
    }
}

/// One plan for several lines repaired with different plans: each distinct
/// chain once, in the `reinterpret` form that applies to any line, then each
/// distinct clean-up once, in the order a fixer runs them. When a line was
/// repaired again after a clean-up (unescaping revealed mojibake), the
/// chains come once more at the end.
pub(crate) fn merge(plans: &[Plan]) -> Plan {
    let mut repairs: Vec<Step> = Vec::new();
    let mut cleanups: Vec<Step> = Vec::new();
    let mut repair_after_cleanup = false;
    for plan in plans {
        let mut encoded_with = None;
        let mut cleaned = false;
        for step in &plan.steps {
            let merged = match *step {
                Step::Encode(codec) => {
                    encoded_with = Some(codec);
                    None
                }
                Step::Decode(right) => encoded_with
                    .take()
                    .map(|wrong| Step::Reinterpret { wrong, right }),
                Step::RestoreByteA0 => None,
                step @ Step::Reinterpret { .. } => Some(step),
                step @ (Step::Apply(_) | Step::Normalize(_)) => {
                    cleaned = true;
                    if !cleanups.contains(&step) {
                        cleanups.push(step);
                    }
                    None
                }
            };
            if let Some(step) = merged {
                repair_after_cleanup |= cleaned;
                if !repairs.contains(&step) {
                    repairs.push(step);
                }
            }
        }
    }
    cleanups.sort_by_key(|step| {
        match step {
            Step::Apply(cleanup) => Cleanup::ALL.iter().position(|c| c == cleanup),
            _ => None,
        }
        .unwrap_or(Cleanup::ALL.len())
    });
    let mut steps = repairs.clone();
    steps.extend(cleanups);
    if repair_after_cleanup {
        steps.extend(repairs);
    }
    Plan { steps }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_up_steps_replay_and_do_not_invert() {
        let plan: Plan = "apply uncurl_quotes; normalize NFC".parse().unwrap();
        assert_eq!(plan.apply("“cafe\u{301}”").unwrap(), "\"café\"");
        assert!(!plan.is_invertible());
        assert!(matches!(
            plan.invert(),
            Err(PlanError::NotInvertible { index: 1, .. })
        ));
    }

    #[test]
    fn text_form_round_trips() {
        let text = "encode windows-1252; restore byte A0; decode utf-8; reinterpret latin-1 as windows-1252; apply uncurl_quotes; normalize NFKC";
        let plan: Plan = text.parse().unwrap();
        assert_eq!(plan.to_string(), text);
    }

    #[test]
    fn bad_text_forms_are_errors() {
        assert!("encode klingon".parse::<Plan>().is_err());
        assert!("frobnicate".parse::<Plan>().is_err());
        assert!("apply frobnicate".parse::<Plan>().is_err());
        assert!("normalize NFX".parse::<Plan>().is_err());
    }

    #[test]
    fn step_on_wrong_value_is_an_error() {
        let plan: Plan = "decode utf-8".parse().unwrap();
        assert!(matches!(plan.apply("x"), Err(PlanError::WrongInput { .. })));
        let plan: Plan = "encode utf-8".parse().unwrap();
        assert_eq!(plan.apply("x"), Err(PlanError::EndsOnBytes));
    }
}
