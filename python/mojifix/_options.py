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


_CLEANUP_PENDING = "an ftfy clean-up that mojifix does not run yet"

OPTIONS: Dict[str, Option] = {
    "unescape_html": Option(None, (False,), False, _CLEANUP_PENDING),
    "remove_terminal_escapes": Option(None, (False,), False, _CLEANUP_PENDING),
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
        None,
        (True,),
        True,
        "C1 controls are repaired as windows-1252 read as latin-1, where the "
        "scorer agrees; they cannot be left alone",
    ),
    "fix_latin_ligatures": Option(None, (False,), False, _CLEANUP_PENDING),
    "fix_character_width": Option(None, (False,), False, _CLEANUP_PENDING),
    "uncurl_quotes": Option(None, (False,), False, _CLEANUP_PENDING),
    "fix_line_breaks": Option(None, (False,), False, _CLEANUP_PENDING),
    "fix_surrogates": Option(
        None,
        None,
        False,
        "surrogate pairs become the character they encode, lone surrogates "
        "U+FFFD (done before the repair, as Rust text cannot hold them)",
    ),
    "remove_control_chars": Option(None, (False,), False, _CLEANUP_PENDING),
    "normalization": Option(None, (None,), False, _CLEANUP_PENDING),
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


_FIXERS: Dict[Tuple[bool, bool, bool, int], Any] = {}


def _fixer(
    repair_encoding: bool,
    restore_byte_a0: bool,
    restore_lost_bytes: bool,
    max_layers: int,
) -> Any:
    """The :class:`Fixer` for these options, built once."""
    key = (repair_encoding, restore_byte_a0, restore_lost_bytes, max_layers)
    fixer = _FIXERS.get(key)
    if fixer is None:
        fixer = _native.Fixer(
            repair_encoding=repair_encoding,
            restore_byte_a0=restore_byte_a0,
            restore_lost_bytes=restore_lost_bytes,
            max_layers=max_layers,
        )
        if len(_FIXERS) < 64:
            _FIXERS[key] = fixer
    return fixer


_DEFAULT_FIXER_ARGS = {
    "repair_encoding": True,
    "restore_byte_a0": True,
    "restore_lost_bytes": True,
    "max_layers": 8,
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
            if not isinstance(value, bool):
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
