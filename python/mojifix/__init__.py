"""mojifix repairs mojibake: text that was encoded in one character set and
decoded in another.

Two layers of API:

- mojifix's own: :func:`fix` (repair only, change nothing that is not
  broken), :func:`detect`, :func:`fix_texts` (a
  batch on every core, without the GIL), :class:`Fixer` and :class:`Plan`.
- ftfy's names, so that ``import mojifix as ftfy`` works for the common
  calls: :func:`fix_text`, :func:`fix_encoding`,
  :func:`fix_encoding_and_explain`, :func:`apply_plan`,
  :func:`fix_and_explain`, :class:`TextFixerConfig`,
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
from ._native import Detection, Fixer, Plan, PlanError, __version__
from ._options import EXTRA_OPTIONS, OPTIONS, Option, TextFixerConfig, resolve

__all__ = [
    "Detection",
    "EXTRA_OPTIONS",
    "ExplainedText",
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
    "fix_encoding",
    "fix_encoding_and_explain",
    "fix_text",
    "fix_texts",
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


_NOT_YET = {
    "fix_bytes": "raw-bytes input is not supported yet: decode the bytes first",
    "guess_bytes": "raw-bytes input is not supported yet: decode the bytes first",
}


def __getattr__(name: str) -> Any:
    if name in _NOT_YET:
        raise AttributeError(f"mojifix.{name} is not available in this version: {_NOT_YET[name]}")
    raise AttributeError(f"module 'mojifix' has no attribute {name!r}")
