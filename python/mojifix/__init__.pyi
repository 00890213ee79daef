"""Type stubs of the mojifix package."""

from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple, Union

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

from typing_extensions import Buffer

from ._native import ByteSpan as ByteSpan
from ._native import DecodeError as DecodeError
from ._native import Detection as Detection
from ._native import FixedBytes as FixedBytes
from ._native import Fixer as Fixer
from ._native import Plan as Plan
from ._native import PlanError as PlanError
from ._native import __version__ as __version__

class TextFixerConfig(NamedTuple):
    """ftfy's ``TextFixerConfig``: same fields, same defaults."""

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
    honoured: Optional[Tuple[Any, ...]]
    encoding: bool
    note: str

OPTIONS: Dict[str, Option]
EXTRA_OPTIONS: Dict[str, Any]

class ExplainedText(NamedTuple):
    """A repaired text and the plan that repaired it."""

    text: str
    explanation: Optional[Plan]
    @property
    def plan(self) -> Optional[Plan]: ...

_Config = Optional[Union[TextFixerConfig, Any]]
_PlanLike = Union[Plan, str, Sequence[Union[str, Tuple[str, str]]]]

def fix(text: str) -> str:
    """Repairs ``text`` with the library's default configuration."""

def fix_and_explain(text: str, config: _Config = None, **kwargs: Any) -> ExplainedText:
    """ftfy's ``fix_and_explain``: :func:`fix_text` (the repair and ftfy's
    clean-ups, ftfy's defaults) and the plan that did it."""

def detect(text: str) -> List[Detection]:
    """The mis-decoded spans of ``text``."""

def fix_texts(
    texts: Iterable[Optional[str]],
    config: _Config = None,
    *,
    threads: Optional[int] = None,
    **kwargs: Any,
) -> List[Optional[str]]:
    """Repairs a batch on every core, without the GIL."""

def fix_encoding(text: str, config: _Config = None, **kwargs: Any) -> str:
    """ftfy's ``fix_encoding``: repairs mojibake and nothing else."""

def fix_encoding_and_explain(
    text: str, config: _Config = None, **kwargs: Any
) -> ExplainedText:
    """ftfy's ``fix_encoding_and_explain``."""

def fix_text(text: str, config: _Config = None, **kwargs: Any) -> str:
    """ftfy's ``fix_text``: the repair and ftfy's clean-ups, with ftfy's
    options and defaults."""

def apply_plan(text: str, plan: _PlanLike) -> str:
    """Runs ``plan`` on ``text``."""

def fix_bytes(
    data: Buffer,
    config: _Config = None,
    *,
    encoding: Optional[str] = None,
    strict: bool = False,
    **kwargs: Any,
) -> str:
    """Decodes raw bytes (guessing the charset unless ``encoding`` names
    one) and repairs the text. ``strict=True`` raises ``DecodeError`` at the
    first byte that does not decode; an unknown ``encoding`` raises
    ``LookupError``."""

def fix_bytes_and_explain(
    data: Buffer,
    config: _Config = None,
    *,
    encoding: Optional[str] = None,
    strict: bool = False,
    **kwargs: Any,
) -> FixedBytes:
    """:func:`fix_bytes` returning the text, the charsets, the spans and the
    count of replaced bytes."""

def guess_bytes(bstring: Buffer) -> Tuple[str, str]:
    """ftfy's ``guess_bytes``: ``(decoded text, charset name)``, with
    mojifix's guess (chardetng and the plausibility scorer)."""
