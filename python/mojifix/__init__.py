"""mojifix repairs mojibake: text that was encoded in one character set and
decoded in another.

Two layers of API:

- mojifix's own: :func:`fix` (repair only, change nothing that is not
  broken), :func:`detect`, :func:`fix_texts` (a
  batch on every core, without the GIL), :func:`fix_bytes` and
  :func:`fix_bytes_and_explain` (raw bytes in any charset),
  :class:`Fixer` and :class:`Plan`.
- ftfy's names, so that ``import mojifix as ftfy`` works for the common
  calls: :func:`fix_text`, :func:`fix_encoding`,
  :func:`fix_encoding_and_explain`, :func:`apply_plan`,
  :func:`fix_and_explain`, :func:`guess_bytes`, :class:`TextFixerConfig`,
  :class:`ExplainedText`, with ftfy's keyword options and defaults
  (``fix_text`` runs the repair and ftfy's clean-ups). ``OPTIONS`` says
  what each option does here; an option value this version cannot honour
  raises ``NotImplementedError`` naming it.

>>> import mojifix
>>> mojifix.fix("The cafÃ© serves crÃ¨me brÃ»lÃ©e")
'The café serves crème brûlée'
>>> fixed = mojifix.fix_encoding_and_explain("cafÃ©")
>>> fixed.text, str(fixed.plan)
('café', 'encode windows-1252; decode utf-8')
>>> mojifix.apply_plan("naÃ¯ve", fixed.plan)
'naïve'
"""

from __future__ import annotations

from typing import Any, Iterable, List, NamedTuple, Optional, Sequence, Tuple, Union

from . import _native
from ._native import (
    ByteSpan,
    DecodeError,
    Detection,
    FixedBytes,
    Fixer,
    Plan,
    PlanError,
    __version__,
)
from ._options import EXTRA_OPTIONS, OPTIONS, Option, TextFixerConfig, resolve

__all__ = [
    "ByteSpan",
    "DecodeError",
    "Detection",
    "EXTRA_OPTIONS",
    "ExplainedText",
    "FixedBytes",
    "Fixer",
    "OPTIONS",
    "Option",
    "Plan",
    "PlanError",
    "TextFixerConfig",
    "__version__",
    "apply_plan",
    "detect",
    "fix",
    "fix_and_explain",
    "fix_bytes",
    "fix_bytes_and_explain",
    "fix_encoding",
    "fix_encoding_and_explain",
    "fix_text",
    "fix_texts",
    "guess_bytes",
]


class ExplainedText(NamedTuple):
    """A repaired text and the plan that repaired it (ftfy's
    ``ExplainedText``; ``explanation`` is a :class:`Plan`, also reachable as
    ``plan``). The explanation is None when ``explain=False`` was asked."""

    text: str
    explanation: Optional[Plan]

    @property
    def plan(self) -> Optional[Plan]:
        """The plan (the same object as ``explanation``)."""
        return self.explanation


def fix(text: str) -> str:
    """Repairs ``text`` with the library's default configuration: every
    mis-decoding mojifix knows is undone where the evidence is strong
    enough, line by line, and nothing else changes. Clean text comes back as
    the same object.

    >>> fix("Ã¼ber")
    'über'
    """
    return _native.fix(text)


def fix_and_explain(text: str, config: Any = None, **kwargs: Any) -> ExplainedText:
    """ftfy's ``fix_and_explain``: runs :func:`fix_text` (the repair and
    ftfy's clean-ups, with ftfy's defaults and options) and returns the text
    with the :class:`Plan` that did it. Clean-ups appear in the plan as
    ``apply NAME`` and ``normalize FORM`` steps, and the plan replays with
    :func:`apply_plan`. Surrogates in ``text`` are fixed before the plan
    starts (``fix_surrogates``), so the plan replays on the fixed form. For
    the repair alone, and its plan, use :func:`fix_encoding_and_explain`.

    >>> fixed = fix_and_explain("cafÃ© isnâ€™t")
    >>> fixed.text, str(fixed.plan)
    ("café isn't", 'encode windows-1252; decode utf-8; apply uncurl_quotes')
    """
    return _explain("fix_and_explain", text, config, kwargs, cleanups=True)


def detect(text: str) -> List[Detection]:
    """The mis-decoded spans of ``text`` (outermost layer only), without
    repairing them; spans are Python string indices.

    >>> [(d.right, d.wrong, d.start, d.end) for d in detect("the cafÃ© is open")]
    [('utf-8', 'windows-1252', 7, 9)]
    """
    return _native.detect(text)


def fix_texts(
    texts: Iterable[Optional[str]],
    config: Any = None,
    *,
    threads: Optional[int] = None,
    **kwargs: Any,
) -> List[Optional[str]]:
    """Repairs every text of ``texts`` (a list, a tuple, a pandas Series, an
    Arrow array or any iterable of str), and returns a list in the same order; ``None``
    items stay ``None``. The GIL is released and the work is spread over
    ``threads`` threads (default: every core). Each result equals
    :func:`fix_encoding` of the item with the same options.

    >>> fix_texts(["cafÃ©", "ok", None])
    ['café', 'ok', None]

    An Arrow array or chunked array (anything with ``to_pylist``) is read
    through ``to_pylist()``: nulls become ``None``.
    """
    if not isinstance(texts, (list, tuple)) and hasattr(texts, "to_pylist"):
        texts = texts.to_pylist()
    if config is None and not kwargs:
        return _native.fix_texts(texts, threads=threads)
    resolved = resolve("fix_texts", config, kwargs, cleanups=False)
    if resolved.fixer is None:
        return _native.fix_texts(texts, threads=threads)
    return resolved.fixer.fix_texts(texts, threads=threads)


def fix_encoding(text: str, config: Any = None, **kwargs: Any) -> str:
    """ftfy's ``fix_encoding``: repairs mojibake and nothing else. With no
    options this is :func:`fix`. Reads the encoding options of
    :class:`TextFixerConfig` (``fix_encoding``, ``restore_byte_a0``,
    ``replace_lossy_sequences``, ``decode_inconsistent_utf8``,
    ``fix_c1_controls``) and mojifix's ``max_layers``; see ``OPTIONS``.

    >>> fix_encoding("voilÃ le travail")
    'voilà le travail'
    >>> fix_encoding("voilÃ le travail", restore_byte_a0=False)
    'voilÃ le travail'
    """
    if config is None and not kwargs:
        return _native.fix(text)
    resolved = resolve("fix_encoding", config, kwargs, cleanups=False)
    return _run(resolved, text)


def fix_encoding_and_explain(text: str, config: Any = None, **kwargs: Any) -> ExplainedText:
    """ftfy's ``fix_encoding_and_explain``: :func:`fix_encoding` with the
    :class:`Plan` that did it.

    >>> fix_encoding_and_explain("sÃ³").explanation
    Plan('encode windows-1252; decode utf-8')
    """
    return _explain("fix_encoding_and_explain", text, config, kwargs)


def fix_text(text: str, config: Any = None, **kwargs: Any) -> str:
    """ftfy's ``fix_text``, with ftfy's options (:class:`TextFixerConfig`,
    or its fields as keywords) and ftfy's defaults: the encoding repair,
    then the clean-ups (HTML character references in lines without ``<``,
    terminal escapes, C1 controls, Latin ligatures, character width,
    quotes, line breaks, surrogates, control characters, NFC), then the
    repair and the clean-ups again while they change something. Lines are
    independent. ``OPTIONS`` says what each option does; with every
    clean-up off the result is :func:`fix_encoding`'s.

    >>> fix_text("L&rsquo;Ã©tÃ©\\r\\n")
    "L'été\\n"
    >>> fix_text("“cafÃ©”", uncurl_quotes=False)
    '“café”'
    """
    if config is None and not kwargs:
        return _run(_FIX_TEXT_DEFAULTS, text)
    resolved = resolve("fix_text", config, kwargs, cleanups=True)
    return _run(resolved, text)


def apply_plan(text: str, plan: Union[Plan, str, Sequence[Union[str, Tuple[str, str]]]]) -> str:
    """Runs ``plan`` on ``text``, as ftfy's ``apply_plan``. ``plan`` is a
    :class:`Plan`, its text form (``"encode windows-1252; decode utf-8"``),
    or a sequence of steps, each a string (``"decode utf-8"``) or a pair
    (``("decode", "utf-8")``). Raises :class:`PlanError` (a ``ValueError``)
    when the plan cannot be read or cannot run on ``text``.

    >>> apply_plan("Ã¼ber", [("encode", "windows-1252"), ("decode", "utf-8")])
    'über'
    """
    return _as_plan(plan).apply(text)


def _as_plan(plan: Any) -> Plan:
    if isinstance(plan, Plan):
        return plan
    if isinstance(plan, str):
        return Plan(plan)
    if isinstance(plan, (bytes, bytearray)) or plan is None:
        raise TypeError(f"a plan is a Plan, a str or a sequence of steps, not {type(plan).__name__}")
    steps = []
    try:
        items = list(plan)
    except TypeError:
        raise TypeError(
            f"a plan is a Plan, a str or a sequence of steps, not {type(plan).__name__}"
        ) from None
    for index, step in enumerate(items):
        if isinstance(step, str):
            text = step
        elif isinstance(step, tuple) and len(step) == 2 and all(isinstance(p, str) for p in step):
            text = f"{step[0]} {step[1]}"
        else:
            raise TypeError(
                f"plan step {index} must be a str or a pair of str, not {step!r}"
            )
        if ";" in text:
            raise PlanError(f"plan step {index} holds more than one step: {text!r}")
        steps.append(text)
    return Plan("; ".join(steps))


def _fix_surrogates(text: str) -> str:
    # Pairs become the character they encode; a lone surrogate becomes
    # U+FFFD (UTF-16's decoder with "replace" does exactly that).
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _run(resolved: Any, text: str) -> str:
    fixer = resolved.fixer
    try:
        return _native.fix(text) if fixer is None else fixer.fix(text)
    except UnicodeEncodeError:
        if not (resolved.fix_surrogates and isinstance(text, str)):
            raise
    text = _fix_surrogates(text)
    return _native.fix(text) if fixer is None else fixer.fix(text)


def _explain(
    func: str, text: str, config: Any, kwargs: dict, *, cleanups: bool = False
) -> ExplainedText:
    if config is None and not kwargs and not cleanups:
        fixed, plan = _native.fix_and_explain(text)
        return ExplainedText(fixed, plan)
    if config is None and not kwargs:
        resolved = _FIX_TEXT_DEFAULTS
    else:
        resolved = resolve(func, config, kwargs, cleanups=cleanups)
    run = _native.fix_and_explain if resolved.fixer is None else resolved.fixer.fix_and_explain
    try:
        fixed, plan = run(text)
    except UnicodeEncodeError:
        if not (resolved.fix_surrogates and isinstance(text, str)):
            raise
        fixed, plan = run(_fix_surrogates(text))
    return ExplainedText(fixed, plan if resolved.explain else None)


#: What ``fix_text`` runs when called with no options: ftfy's defaults.
_FIX_TEXT_DEFAULTS = resolve("fix_text", None, {}, cleanups=True)


def fix_bytes(
    data: Any,
    config: Any = None,
    *,
    encoding: Optional[str] = None,
    strict: bool = False,
    **kwargs: Any,
) -> str:
    """Decodes raw bytes (``bytes``, ``bytearray``, ``memoryview`` or
    anything else with the buffer protocol) and repairs the text; returns
    the str. A ``str`` is a ``TypeError``: it is already decoded.

    The charset comes from a byte-order mark, else ``encoding`` (a WHATWG
    label or a Windows/DOS code page such as ``'cp1251'``; an unknown label
    raises ``LookupError``), else is guessed: valid UTF-8 is UTF-8, UTF-16
    is told by its NUL bytes, and other input is guessed with chardetng
    weighed against mojifix's plausibility scorer. In mostly-UTF-8 input
    each other line is decoded on its own. A byte that does not decode
    becomes U+FFFD (:func:`fix_bytes_and_explain` counts them). With
    ``strict=True`` nothing is guessed (the mark, ``encoding`` or UTF-8)
    and the first byte that does not decode raises :class:`DecodeError` (a
    ``ValueError``) with its ``offset`` and ``charset``.

    The repair takes the options of :func:`fix_encoding` (``config`` or
    keywords); :meth:`Fixer.fix_bytes` takes a :class:`Fixer`'s, clean-ups
    included. The GIL is released for large inputs.

    >>> fix_bytes(b"\\xcf\\xf0\\xe8\\xe2\\xe5\\xf2, \\xec\\xe8\\xf0!")
    'Привет, мир!'
    >>> fix_bytes("Ã©t\\xe9 caf\\xc3\\xa9".encode("cp1252"), encoding="cp1252")
    'été café'
    """
    fixer = _bytes_fixer("fix_bytes", config, kwargs)
    if fixer is None:
        return _native.fix_bytes(data, encoding=encoding, strict=strict)
    return fixer.fix_bytes(data, encoding=encoding, strict=strict)


def fix_bytes_and_explain(
    data: Any,
    config: Any = None,
    *,
    encoding: Optional[str] = None,
    strict: bool = False,
    **kwargs: Any,
) -> FixedBytes:
    """:func:`fix_bytes`, returning a :class:`FixedBytes`: the ``text``, the
    ``charsets`` used (names such as ``'UTF-8'``, ``'windows-1252'``, each
    once, in order of first use), the ``spans`` of lines read as one
    charset (:class:`ByteSpan`: input bytes ``data[start:end]``, text
    ``text[text_start:text_end]``, ``charset``, ``replaced``), ``replaced``
    (input bytes that became U+FFFD) and ``lines`` (lines per charset).
    A pipeline can route records by ``replaced`` or ``charsets``.

    >>> fixed = fix_bytes_and_explain(b"caf\\xc3\\xa9\\nna\\xefve\\n")
    >>> fixed.text, fixed.charsets, fixed.replaced
    ('café\\nnaïve\\n', ['UTF-8', 'windows-1252'], 0)
    >>> [(s.start, s.end, s.charset) for s in fixed.spans]
    [(0, 6, 'UTF-8'), (6, 12, 'windows-1252')]
    """
    fixer = _bytes_fixer("fix_bytes_and_explain", config, kwargs)
    if fixer is None:
        return _native.fix_bytes_and_explain(data, encoding=encoding, strict=strict)
    return fixer.fix_bytes_and_explain(data, encoding=encoding, strict=strict)


class _StrNotBytes(TypeError, UnicodeError):
    """A str where bytes were expected: a ``TypeError``, and a
    ``UnicodeError`` as ftfy's ``guess_bytes`` raises."""


def guess_bytes(bstring: Any) -> Tuple[str, str]:
    """ftfy's ``guess_bytes``: decodes bytes in an unknown charset and
    returns ``(text, charset_name)``. The text is decoded, not repaired
    (pass it to :func:`fix_text`, or call :func:`fix_bytes` for both).

    The guess is not ftfy's (a byte-order mark, UTF-8, its UTF-8 variants,
    MacRoman when there are CRs and no LFs, else sloppy windows-1252): it is
    :func:`fix_bytes`'s, a byte-order mark, then UTF-16 by its NUL bytes,
    valid UTF-8, and otherwise chardetng weighed against mojifix's
    plausibility scorer over every candidate legacy charset (Cyrillic,
    Greek, CJK and the rest, not only Latin ones). Names are mojifix's
    (WHATWG names such as ``'UTF-8'``, ``'windows-1252'``, ``'Shift_JIS'``,
    ``'UTF-16LE'``), not ftfy's ``'utf-8-variants'`` or
    ``'sloppy-windows-1252'``. A byte-order mark is not part of the text.
    Mixed input (most lines UTF-8, some not) is decoded line by line; the
    name is then the charset that read the most bytes, and
    :func:`fix_bytes_and_explain` tells the rest. Bytes that do not decode
    become U+FFFD. A ``str`` raises ``TypeError`` (also a ``UnicodeError``,
    as in ftfy).

    >>> guess_bytes(b"\\x82\\xb1\\x82\\xf1\\x82\\xc9\\x82\\xbf\\x82\\xcd")
    ('こんにちは', 'Shift_JIS')
    >>> guess_bytes("Ã©".encode("utf-8"))
    ('Ã©', 'UTF-8')
    """
    if isinstance(bstring, str):
        raise _StrNotBytes(
            "guess_bytes() takes bytes, not str: this string was already decoded"
        )
    decoded = _native.decode_bytes(bstring)
    if not decoded.spans:
        return decoded.text, "UTF-8"
    sizes: dict = {}
    for span in decoded.spans:
        sizes[span.charset] = sizes.get(span.charset, 0) + span.end - span.start
    # The first charset among those that read the most bytes.
    name = max(decoded.charsets, key=lambda charset: sizes[charset])
    return decoded.text, name


def _bytes_fixer(func: str, config: Any, kwargs: dict) -> Any:
    """The :class:`Fixer` for :func:`fix_bytes`'s options, or None for the
    library default."""
    if config is None and not kwargs:
        return None
    return resolve(func, config, kwargs, cleanups=False).fixer
