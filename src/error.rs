//! Error types. Each variant carries the evidence a caller needs to act on
//! it: the step's index and codec, the offending name, the byte offset.

use crate::codec::Codec;
use crate::plan::Step;

/// Why a [`Plan`](crate::Plan) could not be parsed, applied or inverted.
///
/// ```
/// use mojifix::{Plan, PlanError};
/// let err = "encode klingon".parse::<Plan>().unwrap_err();
/// assert_eq!(err, PlanError::UnknownCodec("klingon".into()));
/// assert_eq!(err.to_string(), "unknown codec 'klingon'");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A codec name that mojifix does not know.
    #[error("unknown codec '{0}'")]
    UnknownCodec(String),
    /// A step whose text form is not one of the known steps.
    #[error("unknown step '{0}'")]
    UnknownStep(String),
    /// A `reinterpret` between two codecs that no chain connects.
    #[error("step {index}: no chain reads {right} as {wrong}")]
    UnknownChain {
        /// Index of the step in the plan.
        index: usize,
        /// The codec the bytes were wrongly decoded with.
        wrong: Codec,
        /// The codec the bytes really were in.
        right: Codec,
    },
    /// An `encode` step met a character its codec cannot encode.
    #[error("step {index}: the text has a character {codec} cannot encode")]
    Unencodable {
        /// Index of the step in the plan.
        index: usize,
        /// The codec of the step.
        codec: Codec,
    },
    /// A `decode` step met bytes its codec cannot decode.
    #[error("step {index}: the bytes are not valid {codec}")]
    Undecodable {
        /// Index of the step in the plan.
        index: usize,
        /// The codec of the step.
        codec: Codec,
    },
    /// A step that takes bytes got text, or the other way round.
    #[error("step {index} ({step}) cannot run on the value the previous step left")]
    WrongInput {
        /// Index of the step in the plan.
        index: usize,
        /// The step.
        step: Step,
    },
    /// The plan ends with bytes, not text.
    #[error("the plan ends with bytes, not text: it needs a final decode step")]
    EndsOnBytes,
    /// A step with no exact inverse.
    #[error("step {index} ({step}) has no exact inverse")]
    NotInvertible {
        /// Index of the step in the plan.
        index: usize,
        /// The step.
        step: Step,
    },
}

/// Input that is not valid UTF-8, with the offset of the first bad byte.
///
/// ```
/// let err = mojifix::Utf8Error::from_bytes(b"ok\xffno").unwrap();
/// assert_eq!(err.offset, 2);
/// assert_eq!(err.to_string(), "invalid UTF-8 at byte offset 2");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid UTF-8 at byte offset {offset}")]
#[non_exhaustive]
pub struct Utf8Error {
    /// Byte offset of the first invalid sequence.
    pub offset: u64,
}

impl Utf8Error {
    /// The error for `bytes`, or `None` when they are valid UTF-8.
    ///
    /// ```
    /// assert!(mojifix::Utf8Error::from_bytes("ok".as_bytes()).is_none());
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Option<Utf8Error> {
        std::str::from_utf8(bytes).err().map(|e| Utf8Error {
            offset: e.valid_up_to() as u64,
        })
    }

    /// The same error, `base` bytes further into a stream.
    ///
    /// ```
    /// let err = mojifix::Utf8Error::from_bytes(b"\xff").unwrap().shifted(10);
    /// assert_eq!(err.offset, 10);
    /// ```
    pub fn shifted(self, base: u64) -> Utf8Error {
        Utf8Error {
            offset: self.offset + base,
        }
    }
}
