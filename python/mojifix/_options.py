"""ftfy's option names, mapped onto mojifix's :class:`Fixer` in one table.

``OPTIONS`` is the only place that says what each of ftfy 6.3.1's
``TextFixerConfig`` fields means here. An option either sets a ``Fixer``
keyword (``fixer_arg``), or is honoured only for some values (``honoured``:
anything else raises ``NotImplementedError`` naming the option), or is
honoured for any value (both ``None``).
"""

from __future__ import annotations

import warnings
from typing import Any, Dict, NamedTuple, Optional, Tuple, Union

from . import _native


class TextFixerConfig(NamedTuple):
    """ftfy's ``TextFixerConfig``: the same fields, in the same order, with
    ftfy 6.3.1's defaults. Pass it as ``config=`` to :func:`fix_text`,
    :func:`fix_encoding` and the other ftfy-named functions, or pass the
    fields as keyword arguments. See ``mojifix.OPTIONS`` for what each field
    does in this version."""

    unescape_html: Union[str, bool] = "auto"
    remove_terminal_escapes: bool = True
    fix_encoding: bool = True
    restore_byte_a0: bool = True
    replace_lossy_sequences: bool = True
    decode_inconsistent_utf8: bool = True
    fix_c1_controls: bool = True
    fix_latin_ligatures: bool = True
    fix_character_width: bool = True
    uncurl_quotes: bool = True
    fix_line_breaks: bool = True
    fix_surrogates: bool = True
    remove_control_chars: bool = True
    normalization: Optional[str] = "NFC"
    max_decode_length: int = 1000000
    explain: bool = True


class Option(NamedTuple):
    """How mojifix honours one of ftfy's options."""

    fixer_arg: Optional[str]
    """The :class:`Fixer` keyword the option sets, or None."""
    honoured: Optional[Tuple[Any, ...]]
    """When ``fixer_arg`` is None: the values honoured (None: any value)."""
    encoding: bool
    """Part of the encoding repair (read by ``fix_encoding`` too), not a
    clean-up that only ``fix_text`` runs."""
    note: str
    """What the option does here."""


OPTIONS: Dict[str, Option] = {
    "unescape_html": Option(
        "unescape_html",
        None,
        False,
        "decode HTML character references: 'auto' in lines without '<' "
        "(each line judged alone; ftfy stops at the first '<' for the rest "
        "of the text), True in every line, False never",
    ),
    "remove_terminal_escapes": Option(
        "remove_terminal_escapes",
        None,
        False,
        "remove terminal escape sequences such as ESC [36m",
    ),
    "fix_encoding": Option(
        "repair_encoding", None, True, "False: no encoding repair at all"
    ),
    "restore_byte_a0": Option(
        "restore_byte_a0",
        None,
        True,
        "inside mojibake, read a space as a flattened no-break space (byte A0)",
    ),
    "replace_lossy_sequences": Option(
        "restore_lost_bytes",
        None,
        True,
        "inside mojibake, restore a byte a strict decoder replaced or "
        "dropped when one candidate fits, otherwise one U+FFFD",
    ),
    "decode_inconsistent_utf8": Option(
        None,
        (True,),
        True,
        "mojifix always repairs broken spans inside otherwise clean lines",
    ),
    "fix_c1_controls": Option(
        "fix_c1_controls",
        None,
        False,
        "read the C1 controls left after the repair as windows-1252; the "
        "repair itself (fix_encoding too) reads C1 controls inside mojibake "
        "as windows-1252 wherever the scorer agrees, whatever this says",
    ),
    "fix_latin_ligatures": Option(
        "fix_latin_ligatures", None, False, "split Latin ligatures such as 'ﬁ'"
    ),
    "fix_character_width": Option(
        "fix_character_width",
        None,
        False,
        "fold fullwidth and halfwidth forms to the standard ones",
    ),
    "uncurl_quotes": Option(
        "uncurl_quotes", None, False, "straighten curly quotes and apostrophes"
    ),
    "fix_line_breaks": Option(
        "fix_line_breaks",
        None,
        False,
        "turn every line break (CRLF, CR, U+2028, U+2029, U+0085) into LF",
    ),
    "fix_surrogates": Option(
        "fix_surrogates",
        None,
        False,
        "surrogate pairs become the character they encode, lone surrogates "
        "U+FFFD (done before the repair, as Rust text cannot hold them); "
        "escaped pairs such as \\ud83d\\ude00 are decoded too",
    ),
    "remove_control_chars": Option(
        "remove_control_chars",
        None,
        False,
        "remove control characters that have no use in text (not tab, LF, "
        "FF, CR)",
    ),
    "normalization": Option(
        "normalization",
        None,
        False,
        "put the text in this Unicode normalization form: 'NFC', 'NFKC', "
        "'NFD', 'NFKD', or None for none",
    ),
    "max_decode_length": Option(
        None,
        None,
        False,
        "accepted, no effect: mojifix repairs line by line with no segment "
        "length limit",
    ),
    "explain": Option(
        None,
        None,
        False,
        "False: the *_and_explain functions return None as the explanation",
    ),
}

#: mojifix's own keywords, accepted beside ftfy's: name -> default.
EXTRA_OPTIONS: Dict[str, Any] = {"max_layers": 8}


class Resolved(NamedTuple):
    """The outcome of resolving a call's options."""

    fixer: Any
    """The :class:`Fixer` to run, or None for the library default."""
    fix_surrogates: bool
    explain: bool


_FIXERS: Dict[Tuple[Any, ...], Any] = {}

#: The ``Fixer`` keywords that are not bools.
_NON_BOOL_FIXER_ARGS = frozenset({"max_layers", "unescape_html", "normalization"})


def _fixer(**fixer_args: Any) -> Any:
    """The :class:`Fixer` for these keywords, built once."""
    key = tuple((name, type(value), value) for name, value in sorted(fixer_args.items()))
    fixer = _FIXERS.get(key)
    if fixer is None:
        fixer = _native.Fixer(**fixer_args)
        if len(_FIXERS) < 64:
            _FIXERS[key] = fixer
    return fixer


#: The :class:`Fixer` keywords at the library's defaults: the repair only.
_DEFAULT_FIXER_ARGS: Dict[str, Any] = {
    "repair_encoding": True,
    "restore_byte_a0": True,
    "restore_lost_bytes": True,
    "max_layers": 8,
    "unescape_html": False,
    "remove_terminal_escapes": False,
    "fix_c1_controls": False,
    "fix_latin_ligatures": False,
    "fix_character_width": False,
    "uncurl_quotes": False,
    "fix_line_breaks": False,
    "fix_surrogates": False,
    "remove_control_chars": False,
    "normalization": None,
}


def resolve(func: str, config: Any, kwargs: Dict[str, Any], *, cleanups: bool) -> Resolved:
    """Maps ``config`` and ``kwargs`` (ftfy's names, plus ``max_layers``)
    onto a :class:`Fixer`. ``cleanups`` says whether the calling function
    runs ftfy's clean-ups (``fix_text``) or only the encoding repair.

    Raises ``TypeError`` for an unknown option and ``NotImplementedError``
    for a value this version cannot honour."""
    if config is None:
        values = TextFixerConfig()._asdict()
    elif hasattr(config, "_asdict"):
        values = dict(config._asdict())
    else:
        raise TypeError(
            f"{func}() config must be a TextFixerConfig or None, not {type(config).__name__}"
        )
    unknown = [name for name in values if name not in OPTIONS and name not in EXTRA_OPTIONS]
    if unknown:
        raise TypeError(f"{func}() config has fields mojifix does not know: {unknown}")
    if "fix_entities" in kwargs:
        warnings.warn(
            "`fix_entities` has been renamed to `unescape_html`",
            DeprecationWarning,
            stacklevel=3,
        )
        kwargs = dict(kwargs)
        kwargs["unescape_html"] = kwargs.pop("fix_entities")
    for name, value in kwargs.items():
        if name not in OPTIONS and name not in EXTRA_OPTIONS:
            raise TypeError(f"{func}() got an unexpected keyword argument {name!r}")
        values[name] = value
    fixer_args: Dict[str, Any] = dict(_DEFAULT_FIXER_ARGS)
    fixer_args["max_layers"] = values.get("max_layers", EXTRA_OPTIONS["max_layers"])
    pending = []
    for name, option in OPTIONS.items():
        value = values[name]
        if not (option.encoding or cleanups):
            continue
        if option.fixer_arg is not None:
            if option.fixer_arg not in _NON_BOOL_FIXER_ARGS and not isinstance(value, bool):
                raise TypeError(
                    f"{func}() option {name} must be a bool, not {type(value).__name__}"
                )
            fixer_args[option.fixer_arg] = value
        elif option.honoured is not None and value not in option.honoured:
            pending.append(name)
    if pending:
        asked = ", ".join(f"{name}={values[name]!r}" for name in pending)
        without = ", ".join(f"{name}={(OPTIONS[name].honoured or (None,))[0]!r}" for name in pending)
        hint = " Call mojifix.fix_encoding() for the encoding repair alone." if cleanups else ""
        raise NotImplementedError(
            f"{func}(): mojifix does not support {asked} yet. Pass {without} instead.{hint}"
        )
    max_decode_length = values["max_decode_length"]
    if not isinstance(max_decode_length, int) or max_decode_length < 1:
        raise ValueError(f"{func}() max_decode_length must be a positive int")
    fixer = None if fixer_args == _DEFAULT_FIXER_ARGS else _fixer(**fixer_args)
    return Resolved(
        fixer=fixer,
        fix_surrogates=cleanups and bool(values["fix_surrogates"]),
        explain=bool(values["explain"]),
    )
