"""Type stubs of the mojifix package (the native classes included)."""

from typing import (
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
    final,
)

__version__: str

class PlanError(ValueError):
    """A plan could not be parsed, applied or inverted."""

@final
class Plan:
    """What a repair did: a replayable list of steps with a stable text form
    (``"encode windows-1252; decode utf-8"``)."""

    def __init__(self, text: Optional[str] = None) -> None: ...
    @property
    def steps(self) -> List[str]:
        """The steps, each in its text form."""
    def apply(self, text: str) -> str:
        """Runs the plan on ``text``; raises ``PlanError`` when it cannot."""
    def invert(self) -> Plan:
        """The plan that undoes this one; raises ``PlanError`` when a step
        has no exact inverse."""
    def is_invertible(self) -> bool:
        """True when ``invert()`` succeeds."""
    def __len__(self) -> int: ...
    def __bool__(self) -> bool: ...
    def __iter__(self) -> Iterator[str]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Detection:
    """One mis-decoded span: bytes in ``right`` read as ``wrong``, at
    ``text[start:end]``."""

    @property
    def wrong(self) -> str: ...
    @property
    def right(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def confidence(self) -> float: ...

@final
class Fixer:
    """A reusable repairer with the library's options."""

    def __init__(
        self,
        repair_encoding: bool = True,
        restore_byte_a0: bool = True,
        restore_lost_bytes: bool = True,
        max_layers: int = 8,
    ) -> None: ...
    @property
    def repair_encoding(self) -> bool: ...
    @property
    def restore_byte_a0(self) -> bool: ...
    @property
    def restore_lost_bytes(self) -> bool: ...
    @property
    def max_layers(self) -> int: ...
    def fix(self, text: str) -> str:
        """Repairs ``text`` line by line."""
    def fix_and_explain(self, text: str) -> Tuple[str, Plan]:
        """Repairs ``text`` and returns ``(text, plan)``."""
    def detect(self, text: str) -> List[Detection]:
        """The mis-decoded spans of ``text``."""
    def fix_texts(
        self, texts: Iterable[Optional[str]], *, threads: Optional[int] = None
    ) -> List[Optional[str]]:
        """Repairs a batch on every core, without the GIL."""

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
    """Repairs ``text`` and returns it with the plan."""

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
    """ftfy's ``fix_text`` with ftfy's options."""

def apply_plan(text: str, plan: _PlanLike) -> str:
    """Runs ``plan`` on ``text``."""
