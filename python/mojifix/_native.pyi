"""Type stubs of mojifix._native, the compiled half of the package."""

from typing import Dict, Iterable, Iterator, List, Literal, Optional, Tuple, Union, final

from typing_extensions import Buffer

__all__ = [
    "ByteSpan",
    "DecodeError",
    "Detection",
    "FixedBytes",
    "Fixer",
    "Plan",
    "PlanError",
    "__version__",
    "decode_bytes",
    "detect",
    "fix",
    "fix_and_explain",
    "fix_bytes",
    "fix_bytes_and_explain",
    "fix_texts",
]

__version__: str

class PlanError(ValueError):
    """A plan could not be parsed, applied or inverted."""

class DecodeError(ValueError):
    """Bytes that do not decode in strict mode."""

    offset: int
    """Input offset of the first undecodable byte."""
    charset: str
    """Name of the charset it does not decode in."""

@final
class ByteSpan:
    """Input lines read as one charset: ``data[start:end]`` became
    ``text[text_start:text_end]``; ``replaced`` bytes became U+FFFD."""

    def __new__(
        cls,
        start: int,
        end: int,
        text_start: int,
        text_end: int,
        charset: str,
        replaced: int,
    ) -> ByteSpan: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text_start(self) -> int: ...
    @property
    def text_end(self) -> int: ...
    @property
    def charset(self) -> str: ...
    @property
    def replaced(self) -> int: ...

@final
class FixedBytes:
    """Raw bytes decoded and repaired, and how they were read."""

    def __new__(
        cls,
        text: str,
        charsets: List[str],
        spans: List[ByteSpan],
        replaced: int,
        lines: Dict[str, int],
    ) -> FixedBytes: ...
    def __eq__(self, other: object, /) -> bool: ...
    @property
    def text(self) -> str:
        """The decoded and repaired text."""
    @property
    def charsets(self) -> List[str]:
        """The charsets used, each once, in order of first use."""
    @property
    def spans(self) -> List[ByteSpan]:
        """Consecutive lines read as the same charset, in order."""
    @property
    def replaced(self) -> int:
        """How many input bytes became U+FFFD."""
    @property
    def lines(self) -> Dict[str, int]:
        """Lines per charset name."""

@final
class Plan:
    """What a repair did: a replayable list of steps with a stable text form
    (``"encode windows-1252; decode utf-8"``)."""

    def __new__(cls, text: Optional[str] = None) -> Plan: ...
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
    def __eq__(self, other: object, /) -> bool: ...
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

_Normalization = Literal["NFC", "NFKC", "NFD", "NFKD"]

@final
class Fixer:
    """A reusable repairer with the library's options: the repair, then the
    clean-ups, each off by default (``Fixer.ftfy()`` turns on ftfy's)."""

    def __new__(
        cls,
        repair_encoding: bool = True,
        restore_byte_a0: bool = True,
        restore_lost_bytes: bool = True,
        max_layers: int = 8,
        unescape_html: Union[bool, Literal["auto", "on", "off"], None] = None,
        remove_terminal_escapes: bool = False,
        fix_c1_controls: bool = False,
        fix_latin_ligatures: bool = False,
        fix_character_width: bool = False,
        uncurl_quotes: bool = False,
        fix_line_breaks: bool = False,
        fix_surrogates: bool = False,
        remove_control_chars: bool = False,
        normalization: Optional[_Normalization] = None,
    ) -> Fixer: ...
    @staticmethod
    def ftfy() -> Fixer:
        """A fixer with the defaults of ftfy's ``fix_text``."""
    @property
    def repair_encoding(self) -> bool: ...
    @property
    def restore_byte_a0(self) -> bool: ...
    @property
    def restore_lost_bytes(self) -> bool: ...
    @property
    def max_layers(self) -> int: ...
    @property
    def unescape_html(self) -> Union[bool, Literal["auto"]]:
        """False, True, or ``'auto'`` (only in lines without ``<``)."""
    @property
    def remove_terminal_escapes(self) -> bool: ...
    @property
    def fix_c1_controls(self) -> bool: ...
    @property
    def fix_latin_ligatures(self) -> bool: ...
    @property
    def fix_character_width(self) -> bool: ...
    @property
    def uncurl_quotes(self) -> bool: ...
    @property
    def fix_line_breaks(self) -> bool: ...
    @property
    def fix_surrogates(self) -> bool:
        """Whether escaped surrogate pairs (``\\ud83d\\ude00``) are decoded."""
    @property
    def remove_control_chars(self) -> bool: ...
    @property
    def normalization(self) -> Optional[_Normalization]: ...
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
    def fix_bytes(
        self, data: Buffer, *, encoding: Optional[str] = None, strict: bool = False
    ) -> str:
        """Decodes raw bytes and repairs the text."""
    def fix_bytes_and_explain(
        self, data: Buffer, *, encoding: Optional[str] = None, strict: bool = False
    ) -> FixedBytes:
        """``fix_bytes`` returning the text and how it was read."""

def fix(text: str) -> str: ...
def fix_and_explain(text: str) -> Tuple[str, Plan]: ...
def detect(text: str) -> List[Detection]: ...
def fix_texts(
    texts: Iterable[Optional[str]], *, threads: Optional[int] = None
) -> List[Optional[str]]: ...
def fix_bytes(
    data: Buffer, *, encoding: Optional[str] = None, strict: bool = False
) -> str: ...
def fix_bytes_and_explain(
    data: Buffer, *, encoding: Optional[str] = None, strict: bool = False
) -> FixedBytes: ...
def decode_bytes(
    data: Buffer, *, encoding: Optional[str] = None, strict: bool = False
) -> FixedBytes: ...
