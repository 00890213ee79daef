//! The native half of the `mojifix` Python package, `mojifix._native`.
//!
//! Every entry point takes Python objects, checks their types itself (so a
//! wrong type is a `TypeError` that names the function and the type, not a
//! conversion message), and runs the Rust library without the GIL once the
//! text is large enough for that to matter. Text that comes back unchanged
//! is returned as the very object that went in: clean text costs no copy.
//!
//! The Python-facing documentation lives in `mojifix/__init__.py` and the
//! stubs in `mojifix/*.pyi`; the ftfy option names are mapped onto
//! [`mojifix::Config`] in `mojifix/_options.py`, in one table.

#![warn(missing_docs)]

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use std::collections::BTreeMap;

use mojifix::{ByteOptions, Charset, Config, Fixer, HtmlUnescape, Normalization, Plan};
use pyo3::create_exception;
use pyo3::exceptions::{PyLookupError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyFloat, PyList, PyMemoryView, PyString, PyTuple};

create_exception!(
    mojifix,
    PlanError,
    PyValueError,
    "A plan could not be parsed, applied or inverted (a ValueError)."
);

create_exception!(
    mojifix,
    DecodeError,
    PyValueError,
    "Bytes that do not decode in strict mode (a ValueError): ``offset`` is \
     the input offset of the first undecodable byte, ``charset`` the name of \
     the charset it does not decode in."
);

/// Texts at least this long (in bytes) are repaired without the GIL.
const DETACH_MIN_LEN: usize = 16 * 1024;

/// A batch is split over threads only when each thread gets at least this
/// many bytes of text: below that, starting threads costs more than it saves.
const BYTES_PER_THREAD: usize = 64 * 1024;

/// The text of `obj`, or a `TypeError` that names `func` and the type.
fn text_arg(obj: &Bound<'_, PyAny>, func: &str) -> PyResult<PyBackedStr> {
    if let Ok(s) = obj.cast::<PyString>() {
        return s.extract();
    }
    let kind = obj.get_type().name()?;
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        return Err(PyTypeError::new_err(format!(
            "{func}() takes str, not {kind}: decode the bytes first \
             (for example with .decode('utf-8'))"
        )));
    }
    Err(PyTypeError::new_err(format!(
        "{func}() takes str, not {kind}"
    )))
}

/// `fixed` as a Python object: `original` itself when nothing changed.
fn text_result<'py>(
    py: Python<'py>,
    original: &Bound<'py, PyAny>,
    fixed: Option<String>,
) -> Bound<'py, PyAny> {
    match fixed {
        Some(s) => PyString::new(py, &s).into_any(),
        None if original.is_none() || original.is_exact_instance_of::<PyString>() => {
            original.clone()
        }
        None => match original.str() {
            Ok(s) => s.into_any(),
            Err(_) => original.clone(),
        },
    }
}

fn owned(text: Cow<'_, str>) -> Option<String> {
    match text {
        Cow::Borrowed(_) => None,
        Cow::Owned(s) => Some(s),
    }
}

fn plan_err(err: mojifix::PlanError) -> PyErr {
    PlanError::new_err(err.to_string())
}

/// Repairs one text, without the GIL when it is long.
fn fix_one(
    py: Python<'_>,
    fixer: &Fixer,
    text: &Bound<'_, PyAny>,
    func: &str,
) -> PyResult<Py<PyAny>> {
    let s = text_arg(text, func)?;
    let fixed = if s.len() >= DETACH_MIN_LEN {
        py.detach(|| owned(fixer.fix(&s)))
    } else {
        owned(fixer.fix(&s))
    };
    Ok(text_result(py, text, fixed).unbind())
}

fn explain_one<'py>(
    py: Python<'py>,
    fixer: &Fixer,
    text: &Bound<'py, PyAny>,
    func: &str,
) -> PyResult<Bound<'py, PyTuple>> {
    let s = text_arg(text, func)?;
    let run = || {
        let fixed = fixer.fix_and_explain(&s);
        (owned(fixed.text), fixed.plan)
    };
    let (fixed, plan) = if s.len() >= DETACH_MIN_LEN {
        py.detach(run)
    } else {
        run()
    };
    let text = text_result(py, text, fixed);
    let plan = Bound::new(py, PyPlan { inner: plan })?.into_any();
    PyTuple::new(py, [text, plan])
}

fn detect_one(fixer: &Fixer, text: &Bound<'_, PyAny>, func: &str) -> PyResult<Vec<Detection>> {
    let s = text_arg(text, func)?;
    let found = fixer.detect(&s);
    // Byte offsets to Python's character offsets, in one pass.
    let mut out = Vec::with_capacity(found.len());
    let (mut byte, mut chars) = (0usize, 0usize);
    let mut to_chars = |target: usize| {
        let end = target.min(s.len());
        if end > byte {
            chars += s.get(byte..end).map_or(0, |part| part.chars().count());
            byte = end;
        }
        chars
    };
    for d in found {
        let start = to_chars(d.span.start);
        let end = to_chars(d.span.end);
        out.push(Detection {
            wrong: d.chain.wrong.name(),
            right: d.chain.right.name(),
            start,
            end,
            confidence: d.confidence,
        });
    }
    Ok(out)
}

/// The repaired texts of a batch: `None` where the text is unchanged (or
/// was `None`). Runs on up to `threads` threads, the caller's included;
/// chunks are handed out as threads become free.
fn fix_batch(fixer: &Fixer, texts: &[Option<PyBackedStr>], threads: usize) -> Vec<Option<String>> {
    let fix = |t: &Option<PyBackedStr>| t.as_ref().and_then(|s| owned(fixer.fix(s)));
    let n = texts.len();
    let bytes: usize = texts.iter().flatten().map(|s| s.len()).sum();
    let threads = threads.min(bytes / BYTES_PER_THREAD + 1).min(n).max(1);
    if threads == 1 {
        return texts.iter().map(fix).collect();
    }
    let chunk = (n / (threads * 16)).clamp(1, 1024);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(chunk, Ordering::Relaxed);
            if start >= n {
                return done;
            }
            let end = (start + chunk).min(n);
            done.push((start, texts[start..end].iter().map(fix).collect::<Vec<_>>()));
        }
    };
    let parts = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        let mut parts = vec![work()];
        for helper in helpers {
            match helper.join() {
                Ok(part) => parts.push(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        parts
    });
    let mut out: Vec<Option<String>> = Vec::with_capacity(n);
    out.resize_with(n, || None);
    for (start, fixed) in parts.into_iter().flatten() {
        for (slot, value) in out[start..].iter_mut().zip(fixed) {
            *slot = value;
        }
    }
    out
}

fn fix_texts_with<'py>(
    py: Python<'py>,
    fixer: &Fixer,
    texts: &Bound<'py, PyAny>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "fix_texts() takes a sequence of str, not a single text: use fix() for one text",
        ));
    }
    let mut objects = Vec::new();
    let mut strings = Vec::new();
    for (index, item) in texts.try_iter()?.enumerate() {
        let item = item?;
        if item.is_none() {
            strings.push(None);
        } else {
            let Ok(text) = item.cast::<PyString>() else {
                let kind = item.get_type().name()?;
                let hint =
                    if item.is_instance_of::<PyBytes>() || item.is_instance_of::<PyByteArray>() {
                        " (decode the bytes first)"
                    } else if item.is_instance_of::<PyFloat>() {
                        " (a missing value must be None)"
                    } else {
                        ""
                    };
                return Err(PyTypeError::new_err(format!(
                    "fix_texts() takes str or None items; item {index} is {kind}{hint}"
                )));
            };
            let s: PyBackedStr = text.extract().map_err(|e: PyErr| {
                PyValueError::new_err(format!("item {index}: {}", e.value(py)))
            })?;
            strings.push(Some(s));
        }
        objects.push(item);
    }
    let threads = match threads {
        Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
        Some(t) => t,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let fixed = py.detach(|| fix_batch(fixer, &strings, threads));
    let items = objects
        .iter()
        .zip(fixed)
        .map(|(original, fixed)| text_result(py, original, fixed));
    PyList::new(py, items)
}

/// The bytes of `obj` (bytes, bytearray, or anything else with the buffer
/// protocol), or a `TypeError` that names `func` and the type. `bytes` is
/// borrowed; anything else is copied, so it cannot change while the GIL is
/// released.
fn bytes_arg(obj: &Bound<'_, PyAny>, func: &str) -> PyResult<PyBackedBytes> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(PyBackedBytes::from(b.clone()));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(PyBackedBytes::from(b.clone()));
    }
    let kind = obj.get_type().name()?;
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{func}() takes bytes, not str: pass the raw bytes \
             (for example text.encode('utf-8')), or use fix() for text"
        )));
    }
    let Ok(view) = PyMemoryView::from(obj) else {
        return Err(PyTypeError::new_err(format!(
            "{func}() takes a bytes-like object (bytes, bytearray, memoryview), not {kind}"
        )));
    };
    let copy = view.call_method0("tobytes")?.cast_into::<PyBytes>()?;
    Ok(PyBackedBytes::from(copy))
}

/// [`ByteOptions`] from Python's `encoding` and `strict` keywords; an
/// unknown label is a `LookupError`, as in Python's codecs.
fn byte_options(encoding: Option<&Bound<'_, PyAny>>, strict: bool) -> PyResult<ByteOptions> {
    let mut options = ByteOptions::default();
    options.strict = strict;
    let Some(label) = encoding.filter(|e| !e.is_none()) else {
        return Ok(options);
    };
    let Ok(label) = label.cast::<PyString>() else {
        let kind = label.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "encoding must be a str or None, not {kind}"
        )));
    };
    let label = label.to_cow()?;
    match Charset::for_label(&label) {
        Some(charset) => options.encoding = Some(charset),
        None => {
            return Err(PyLookupError::new_err(format!("unknown encoding: {label}")));
        }
    }
    Ok(options)
}

/// A strict-mode [`mojifix::DecodeError`] as a Python `DecodeError` with
/// `offset` and `charset` attributes.
fn decode_err(py: Python<'_>, err: mojifix::DecodeError) -> PyErr {
    let py_err = DecodeError::new_err(err.to_string());
    let value = py_err.value(py);
    let set = value
        .setattr("offset", err.offset)
        .and_then(|()| value.setattr("charset", err.charset.name()));
    match set {
        Ok(()) => py_err,
        Err(e) => e,
    }
}

/// Decodes and repairs `data` with `fixer`, without the GIL when it is long.
fn bytes_one(
    py: Python<'_>,
    fixer: &Fixer,
    data: &Bound<'_, PyAny>,
    func: &str,
    encoding: Option<&Bound<'_, PyAny>>,
    strict: bool,
) -> PyResult<mojifix::FixedBytes> {
    let bytes = bytes_arg(data, func)?;
    let options = byte_options(encoding, strict)?;
    let run = || fixer.fix_bytes_with(&bytes, &options);
    let fixed = if bytes.len() >= DETACH_MIN_LEN {
        py.detach(run)
    } else {
        run()
    };
    fixed.map_err(|e| decode_err(py, e))
}

/// The Python object for a library [`mojifix::FixedBytes`]: span offsets
/// into the text become Python string indices.
fn fixed_bytes_object(fixed: mojifix::FixedBytes) -> PyFixedBytes {
    let text = fixed.text;
    let (mut byte, mut chars) = (0usize, 0usize);
    let mut to_chars = |target: usize| {
        let end = target.min(text.len());
        if end > byte {
            chars += text.get(byte..end).map_or(0, |part| part.chars().count());
            byte = end;
        }
        chars
    };
    let mut spans = Vec::with_capacity(fixed.spans.len());
    let mut charsets: Vec<String> = Vec::new();
    for span in &fixed.spans {
        let name = span.charset.name();
        if !charsets.iter().any(|c| c == name) {
            charsets.push(name.to_string());
        }
        let text_start = to_chars(span.text.start);
        let text_end = to_chars(span.text.end);
        spans.push(ByteSpan {
            start: span.input.start,
            end: span.input.end,
            text_start,
            text_end,
            charset: name.to_string(),
            replaced: span.replaced,
        });
    }
    PyFixedBytes {
        text,
        charsets,
        spans,
        replaced: fixed.replaced,
        lines: fixed
            .summary
            .charsets
            .into_iter()
            .map(|(name, n)| (name.to_string(), n))
            .collect(),
    }
}

/// A stretch of input lines read as one charset: the input bytes
/// ``data[start:end]`` (line endings included), read as ``charset``,
/// became ``text[text_start:text_end]`` (Python string indices) of the
/// result; ``replaced`` of those bytes became U+FFFD. Compares and
/// pickles.
#[pyclass(frozen, get_all, eq, module = "mojifix")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ByteSpan {
    /// Offset of the span's first input byte.
    start: usize,
    /// Offset one past the span's last input byte.
    end: usize,
    /// Index of the span's first character in the text.
    text_start: usize,
    /// Index one past the span's last character in the text.
    text_end: usize,
    /// The charset the bytes were read as.
    charset: String,
    /// How many of the bytes became U+FFFD.
    replaced: usize,
}

#[pymethods]
impl ByteSpan {
    #[new]
    fn new(
        start: usize,
        end: usize,
        text_start: usize,
        text_end: usize,
        charset: String,
        replaced: usize,
    ) -> ByteSpan {
        ByteSpan {
            start,
            end,
            text_start,
            text_end,
            charset,
            replaced,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let s = slf.get();
        let args = (
            s.start,
            s.end,
            s.text_start,
            s.text_end,
            s.charset.as_str(),
            s.replaced,
        )
            .into_pyobject(py)?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }

    fn __repr__(&self) -> String {
        format!(
            "ByteSpan(start={}, end={}, text_start={}, text_end={}, charset='{}', replaced={})",
            self.start, self.end, self.text_start, self.text_end, self.charset, self.replaced
        )
    }
}

/// Raw bytes decoded and repaired, and how they were read: ``text``, the
/// ``charsets`` used (names, each once, in order of first use), the
/// ``spans`` of lines read as one charset (``ByteSpan``), ``replaced`` (how
/// many input bytes became U+FFFD) and ``lines`` (lines per charset name).
/// Compares and pickles.
#[pyclass(frozen, get_all, eq, name = "FixedBytes", module = "mojifix")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyFixedBytes {
    /// The decoded and repaired text.
    text: String,
    /// The charsets used, each once, in order of first use.
    charsets: Vec<String>,
    /// Consecutive lines read as the same charset, in order.
    spans: Vec<ByteSpan>,
    /// How many input bytes became U+FFFD.
    replaced: usize,
    /// Lines per charset name.
    lines: BTreeMap<String, u64>,
}

#[pymethods]
impl PyFixedBytes {
    #[new]
    fn new(
        text: String,
        charsets: Vec<String>,
        spans: Vec<ByteSpan>,
        replaced: usize,
        lines: BTreeMap<String, u64>,
    ) -> PyFixedBytes {
        PyFixedBytes {
            text,
            charsets,
            spans,
            replaced,
            lines,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let s = slf.get();
        let spans = PyList::new(py, s.spans.iter().cloned())?;
        let args = (s.text.as_str(), &s.charsets, spans, s.replaced, &s.lines).into_pyobject(py)?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = PyString::new(py, &self.text).repr()?;
        let charsets = PyList::new(py, &self.charsets)?.repr()?;
        Ok(format!(
            "FixedBytes(text={text}, charsets={charsets}, replaced={})",
            self.replaced
        ))
    }
}

/// A fixer that decodes and does not repair: clean-ups off, no repair.
fn decoder() -> Fixer {
    let mut config = Config::default();
    config.repair_encoding = false;
    Fixer::new(config)
}

/// One mis-decoded span found by ``detect``: bytes in ``right`` that were
/// read as ``wrong`` (codec names), the span ``text[start:end]`` as Python
/// string indices, and a ``confidence`` from 0 to 1.
#[pyclass(frozen, get_all, module = "mojifix")]
#[derive(Clone, Debug)]
pub struct Detection {
    /// The codec the bytes were wrongly decoded with.
    wrong: &'static str,
    /// The codec the bytes really were in.
    right: &'static str,
    /// Index of the span's first character.
    start: usize,
    /// Index one past the span's last character.
    end: usize,
    /// How sure the detector is, from 0 to 1.
    confidence: f32,
}

#[pymethods]
impl Detection {
    fn __repr__(&self) -> String {
        format!(
            "Detection(wrong='{}', right='{}', start={}, end={}, confidence={:.3})",
            self.wrong, self.right, self.start, self.end, self.confidence
        )
    }
}

/// What a repair did: a replayable list of steps with a stable text form.
///
/// ``Plan("encode windows-1252; decode utf-8")`` parses the text form
/// (``str(plan)`` writes it back); ``Plan()`` is the empty plan. Steps are
/// ``encode CODEC``, ``decode CODEC``, ``restore byte A0`` and
/// ``reinterpret WRONG as RIGHT``. Raises ``PlanError`` (a ``ValueError``)
/// for text that is not a plan. Plans compare, hash, pickle, and iterate
/// over their steps' text forms.
#[pyclass(frozen, eq, hash, name = "Plan", module = "mojifix")]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PyPlan {
    inner: Plan,
}

#[pymethods]
impl PyPlan {
    #[new]
    #[pyo3(signature = (text = None))]
    fn new(text: Option<&Bound<'_, PyAny>>) -> PyResult<PyPlan> {
        let Some(text) = text else {
            return Ok(PyPlan { inner: Plan::new() });
        };
        let text = text_arg(text, "Plan")?;
        let inner = text.parse::<Plan>().map_err(plan_err)?;
        Ok(PyPlan { inner })
    }

    /// The steps, each in its text form, as a list of str.
    #[getter]
    fn steps(&self) -> Vec<String> {
        self.inner.steps().iter().map(ToString::to_string).collect()
    }

    /// Runs the plan on ``text`` and returns the result. Raises
    /// ``PlanError`` when a step cannot run (a character the codec cannot
    /// encode, bytes that do not decode) or the plan ends on bytes.
    fn apply(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
        let s = text_arg(text, "Plan.apply")?;
        let run = || self.inner.apply(&s);
        let result = if s.len() >= DETACH_MIN_LEN {
            py.detach(run)
        } else {
            run()
        };
        result.map_err(plan_err)
    }

    /// The plan that undoes this one. Only plans made of ``encode`` and
    /// ``decode`` steps have one; others raise ``PlanError``.
    fn invert(&self) -> PyResult<PyPlan> {
        let inner = self.inner.invert().map_err(plan_err)?;
        Ok(PyPlan { inner })
    }

    /// True when ``invert()`` succeeds.
    fn is_invertible(&self) -> bool {
        self.inner.is_invertible()
    }

    fn __len__(&self) -> usize {
        self.inner.steps().len()
    }

    fn __bool__(&self) -> bool {
        !self.inner.is_empty()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PyList::new(py, self.steps())?
            .into_any()
            .try_iter()
            .map(Bound::into_any)
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = PyString::new(py, &self.inner.to_string()).repr()?;
        Ok(format!("Plan({text})"))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let args = PyTuple::new(py, [slf.get().inner.to_string()])?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

/// A reusable repairer with the library's options: ``repair_encoding``
/// (undo mis-decodings at all), ``restore_byte_a0`` (inside mojibake, read
/// a space as a flattened no-break space), ``restore_lost_bytes`` (inside
/// mojibake, restore a byte a strict decoder replaced or dropped when one
/// candidate fits, otherwise one U+FFFD) and ``max_layers`` (0 to 255);
/// then the clean-ups, which run after the repair, line by line:
/// ``unescape_html`` (False, True, or ``'auto'``: only in lines without
/// ``<``), ``remove_terminal_escapes``, ``fix_c1_controls``,
/// ``fix_latin_ligatures``, ``fix_character_width``, ``uncurl_quotes``,
/// ``fix_line_breaks``, ``fix_surrogates`` (escaped pairs such as
/// ``\ud83d\udca9``), ``remove_control_chars`` and ``normalization``
/// (``'NFC'``, ``'NFKC'``, ``'NFD'``, ``'NFKD'`` or None). Defaults are the
/// library's: the repair only. Immutable, thread-safe and picklable; pass
/// the options as keywords.
#[pyclass(frozen, name = "Fixer", module = "mojifix")]
#[derive(Clone, Debug)]
pub struct PyFixer {
    inner: Fixer,
}

/// `unescape_html` from Python: a bool, or `'off'`, `'auto'` or `'on'`.
fn html_mode(value: &Bound<'_, PyAny>) -> PyResult<HtmlUnescape> {
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() {
            HtmlUnescape::On
        } else {
            HtmlUnescape::Off
        });
    }
    if let Ok(s) = value.cast::<PyString>() {
        let name = s.to_cow()?;
        return name.parse::<HtmlUnescape>().map_err(|_| {
            PyValueError::new_err(format!(
                "unescape_html must be True, False or 'auto', not {name:?}"
            ))
        });
    }
    let kind = value.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "unescape_html must be True, False or 'auto', not {kind}"
    )))
}

/// `unescape_html` for Python: False, True or `'auto'`.
fn html_mode_object(py: Python<'_>, mode: HtmlUnescape) -> Bound<'_, PyAny> {
    match mode {
        HtmlUnescape::Off => PyBool::new(py, false).to_owned().into_any(),
        HtmlUnescape::On => PyBool::new(py, true).to_owned().into_any(),
        HtmlUnescape::Auto => PyString::new(py, "auto").into_any(),
    }
}

/// `normalization` from Python: None or the name of a form.
fn normalization_form(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Normalization>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if let Ok(s) = value.cast::<PyString>() {
        let name = s.to_cow()?;
        return name.parse::<Normalization>().map(Some).map_err(|_| {
            PyValueError::new_err(format!(
                "normalization must be 'NFC', 'NFKC', 'NFD', 'NFKD' or None, not {name:?}"
            ))
        });
    }
    let kind = value.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "normalization must be 'NFC', 'NFKC', 'NFD', 'NFKD' or None, not {kind}"
    )))
}

#[pymethods]
impl PyFixer {
    #[new]
    #[pyo3(signature = (
        repair_encoding = true,
        restore_byte_a0 = true,
        restore_lost_bytes = true,
        max_layers = 8,
        unescape_html = None,
        remove_terminal_escapes = false,
        fix_c1_controls = false,
        fix_latin_ligatures = false,
        fix_character_width = false,
        uncurl_quotes = false,
        fix_line_breaks = false,
        fix_surrogates = false,
        remove_control_chars = false,
        normalization = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        repair_encoding: bool,
        restore_byte_a0: bool,
        restore_lost_bytes: bool,
        max_layers: i64,
        unescape_html: Option<&Bound<'_, PyAny>>,
        remove_terminal_escapes: bool,
        fix_c1_controls: bool,
        fix_latin_ligatures: bool,
        fix_character_width: bool,
        uncurl_quotes: bool,
        fix_line_breaks: bool,
        fix_surrogates: bool,
        remove_control_chars: bool,
        normalization: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyFixer> {
        let max_layers = u8::try_from(max_layers).map_err(|_| {
            PyValueError::new_err(format!(
                "max_layers must be between 0 and 255, not {max_layers}"
            ))
        })?;
        let mut config = Config::default();
        config.repair_encoding = repair_encoding;
        config.restore_byte_a0 = restore_byte_a0;
        config.restore_lost_bytes = restore_lost_bytes;
        config.max_layers = max_layers;
        config.unescape_html = match unescape_html {
            Some(value) => html_mode(value)?,
            None => HtmlUnescape::Off,
        };
        config.remove_terminal_escapes = remove_terminal_escapes;
        config.fix_c1_controls = fix_c1_controls;
        config.fix_latin_ligatures = fix_latin_ligatures;
        config.fix_character_width = fix_character_width;
        config.uncurl_quotes = uncurl_quotes;
        config.fix_line_breaks = fix_line_breaks;
        config.fix_surrogates = fix_surrogates;
        config.remove_control_chars = remove_control_chars;
        config.normalization = normalization_form(normalization)?;
        Ok(PyFixer {
            inner: Fixer::new(config),
        })
    }

    /// A fixer with the defaults of ftfy's ``fix_text``: the repair, HTML
    /// unescaping in lines without ``<``, every other clean-up, and NFC.
    #[staticmethod]
    fn ftfy() -> PyFixer {
        PyFixer {
            inner: Fixer::new(Config::ftfy()),
        }
    }

    #[getter]
    fn repair_encoding(&self) -> bool {
        self.inner.config().repair_encoding
    }

    #[getter]
    fn restore_byte_a0(&self) -> bool {
        self.inner.config().restore_byte_a0
    }

    #[getter]
    fn restore_lost_bytes(&self) -> bool {
        self.inner.config().restore_lost_bytes
    }

    #[getter]
    fn max_layers(&self) -> u8 {
        self.inner.config().max_layers
    }

    #[getter]
    fn unescape_html<'py>(&self, py: Python<'py>) -> Bound<'py, PyAny> {
        html_mode_object(py, self.inner.config().unescape_html)
    }

    #[getter]
    fn remove_terminal_escapes(&self) -> bool {
        self.inner.config().remove_terminal_escapes
    }

    #[getter]
    fn fix_c1_controls(&self) -> bool {
        self.inner.config().fix_c1_controls
    }

    #[getter]
    fn fix_latin_ligatures(&self) -> bool {
        self.inner.config().fix_latin_ligatures
    }

    #[getter]
    fn fix_character_width(&self) -> bool {
        self.inner.config().fix_character_width
    }

    #[getter]
    fn uncurl_quotes(&self) -> bool {
        self.inner.config().uncurl_quotes
    }

    #[getter]
    fn fix_line_breaks(&self) -> bool {
        self.inner.config().fix_line_breaks
    }

    #[getter]
    fn fix_surrogates(&self) -> bool {
        self.inner.config().fix_surrogates
    }

    #[getter]
    fn remove_control_chars(&self) -> bool {
        self.inner.config().remove_control_chars
    }

    #[getter]
    fn normalization(&self) -> Option<&'static str> {
        self.inner.config().normalization.map(Normalization::name)
    }

    /// Repairs ``text`` line by line; unchanged text comes back as the same
    /// object.
    fn fix(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        fix_one(py, &self.inner, text, "Fixer.fix")
    }

    /// Repairs ``text`` and returns ``(text, plan)``.
    fn fix_and_explain<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        explain_one(py, &self.inner, text, "Fixer.fix_and_explain")
    }

    /// The mis-decoded spans of ``text`` (outermost layer only), as a list
    /// of ``Detection``.
    fn detect(&self, text: &Bound<'_, PyAny>) -> PyResult<Vec<Detection>> {
        detect_one(&self.inner, text, "Fixer.detect")
    }

    /// Repairs every text of an iterable of str (``None`` items stay
    /// ``None``) and returns a list, without the GIL, on ``threads``
    /// threads (default: every core).
    #[pyo3(signature = (texts, *, threads = None))]
    fn fix_texts<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        fix_texts_with(py, &self.inner, texts, threads)
    }

    /// Decodes raw bytes (guessing the charset line by line unless
    /// ``encoding`` names one) and repairs the text; returns the str.
    /// ``strict=True`` guesses nothing and raises ``DecodeError`` at the
    /// first byte that does not decode.
    #[pyo3(signature = (data, *, encoding = None, strict = false))]
    fn fix_bytes(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        encoding: Option<&Bound<'_, PyAny>>,
        strict: bool,
    ) -> PyResult<String> {
        bytes_one(py, &self.inner, data, "Fixer.fix_bytes", encoding, strict).map(|f| f.text)
    }

    /// ``fix_bytes`` returning a ``FixedBytes``: the text and how it was
    /// read.
    #[pyo3(signature = (data, *, encoding = None, strict = false))]
    fn fix_bytes_and_explain(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        encoding: Option<&Bound<'_, PyAny>>,
        strict: bool,
    ) -> PyResult<PyFixedBytes> {
        let func = "Fixer.fix_bytes_and_explain";
        bytes_one(py, &self.inner, data, func, encoding, strict).map(fixed_bytes_object)
    }

    fn __repr__(&self) -> String {
        let c = self.inner.config();
        let html = match c.unescape_html {
            HtmlUnescape::Off => "False",
            HtmlUnescape::On => "True",
            HtmlUnescape::Auto => "'auto'",
        };
        let normalization = c
            .normalization
            .map_or_else(|| "None".to_string(), |n| format!("'{}'", n.name()));
        format!(
            "Fixer(repair_encoding={}, restore_byte_a0={}, restore_lost_bytes={}, max_layers={}, \
             unescape_html={html}, remove_terminal_escapes={}, fix_c1_controls={}, \
             fix_latin_ligatures={}, fix_character_width={}, uncurl_quotes={}, \
             fix_line_breaks={}, fix_surrogates={}, remove_control_chars={}, \
             normalization={normalization})",
            py_bool(c.repair_encoding),
            py_bool(c.restore_byte_a0),
            py_bool(c.restore_lost_bytes),
            c.max_layers,
            py_bool(c.remove_terminal_escapes),
            py_bool(c.fix_c1_controls),
            py_bool(c.fix_latin_ligatures),
            py_bool(c.fix_character_width),
            py_bool(c.uncurl_quotes),
            py_bool(c.fix_line_breaks),
            py_bool(c.fix_surrogates),
            py_bool(c.remove_control_chars),
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let c = slf.get().inner.config();
        let args = PyTuple::new(
            py,
            [
                PyBool::new(py, c.repair_encoding).to_owned().into_any(),
                PyBool::new(py, c.restore_byte_a0).to_owned().into_any(),
                PyBool::new(py, c.restore_lost_bytes).to_owned().into_any(),
                c.max_layers.into_pyobject(py)?.into_any(),
                html_mode_object(py, c.unescape_html),
                PyBool::new(py, c.remove_terminal_escapes)
                    .to_owned()
                    .into_any(),
                PyBool::new(py, c.fix_c1_controls).to_owned().into_any(),
                PyBool::new(py, c.fix_latin_ligatures).to_owned().into_any(),
                PyBool::new(py, c.fix_character_width).to_owned().into_any(),
                PyBool::new(py, c.uncurl_quotes).to_owned().into_any(),
                PyBool::new(py, c.fix_line_breaks).to_owned().into_any(),
                PyBool::new(py, c.fix_surrogates).to_owned().into_any(),
                PyBool::new(py, c.remove_control_chars)
                    .to_owned()
                    .into_any(),
                c.normalization
                    .map(Normalization::name)
                    .into_pyobject(py)?
                    .into_any(),
            ],
        )?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// Repairs `text` with the default configuration.
#[pyfunction]
fn fix(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    fix_one(py, &Fixer::default(), text, "fix")
}

/// Repairs `text` with the default configuration; returns `(text, plan)`.
#[pyfunction]
fn fix_and_explain<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    explain_one(py, &Fixer::default(), text, "fix_and_explain")
}

/// The mis-decoded spans of `text` under the default configuration.
#[pyfunction]
fn detect(text: &Bound<'_, PyAny>) -> PyResult<Vec<Detection>> {
    detect_one(&Fixer::default(), text, "detect")
}

/// Repairs every text of a sequence, without the GIL, on every core.
#[pyfunction]
#[pyo3(signature = (texts, *, threads = None))]
fn fix_texts<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    fix_texts_with(py, &Fixer::default(), texts, threads)
}

/// Decodes raw bytes and repairs them with the default configuration.
#[pyfunction]
#[pyo3(signature = (data, *, encoding = None, strict = false))]
fn fix_bytes(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    encoding: Option<&Bound<'_, PyAny>>,
    strict: bool,
) -> PyResult<String> {
    bytes_one(py, &Fixer::default(), data, "fix_bytes", encoding, strict).map(|f| f.text)
}

/// `fix_bytes` returning a `FixedBytes`.
#[pyfunction]
#[pyo3(signature = (data, *, encoding = None, strict = false))]
fn fix_bytes_and_explain(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    encoding: Option<&Bound<'_, PyAny>>,
    strict: bool,
) -> PyResult<PyFixedBytes> {
    let func = "fix_bytes_and_explain";
    bytes_one(py, &Fixer::default(), data, func, encoding, strict).map(fixed_bytes_object)
}

/// Decodes raw bytes as `fix_bytes` does, without repairing the text.
#[pyfunction]
#[pyo3(signature = (data, *, encoding = None, strict = false))]
fn decode_bytes(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    encoding: Option<&Bound<'_, PyAny>>,
    strict: bool,
) -> PyResult<PyFixedBytes> {
    bytes_one(py, &decoder(), data, "decode_bytes", encoding, strict).map(fixed_bytes_object)
}

/// The module `mojifix._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPlan>()?;
    m.add_class::<PyFixer>()?;
    m.add_class::<Detection>()?;
    m.add_class::<ByteSpan>()?;
    m.add_class::<PyFixedBytes>()?;
    m.add("PlanError", m.py().get_type::<PlanError>())?;
    m.add("DecodeError", m.py().get_type::<DecodeError>())?;
    m.add_function(wrap_pyfunction!(fix, m)?)?;
    m.add_function(wrap_pyfunction!(fix_and_explain, m)?)?;
    m.add_function(wrap_pyfunction!(detect, m)?)?;
    m.add_function(wrap_pyfunction!(fix_texts, m)?)?;
    m.add_function(wrap_pyfunction!(fix_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(fix_bytes_and_explain, m)?)?;
    m.add_function(wrap_pyfunction!(decode_bytes, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
