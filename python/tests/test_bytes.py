"""Raw bytes: fix_bytes, fix_bytes_and_explain, guess_bytes."""

from __future__ import annotations

import pickle
import random

import pytest

import mojifix

# Real sentences, each in a charset that can encode it.
CASES = [
    (
        "cp1251",
        "Все люди рождаются свободными и равными в своем достоинстве и правах.\n"
        "Они наделены разумом и совестью и должны поступать в отношении друг "
        "друга в духе братства.\n",
    ),
    (
        "shift_jis",
        "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。\n"
        "人間は、理性と良心とを授けられており、互いに同胞の精神をもって行動しなければならない。\n",
    ),
    (
        "gbk",
        "人人生而自由，在尊严和权利上一律平等。\n"
        "他们赋有理性和良心，并应以兄弟关系的精神相对待。\n",
    ),
    (
        "cp1252",
        "Tous les êtres humains naissent libres et égaux en dignité et en droits.\n"
        "Ils sont doués de raison et de conscience et doivent agir les uns envers "
        "les autres dans un esprit de fraternité.\n",
    ),
]

CHARSET_NAMES = {
    "cp1251": "windows-1251",
    "shift_jis": "Shift_JIS",
    "gbk": "GBK",
    "cp1252": "windows-1252",
}


@pytest.mark.parametrize("codec,text", CASES, ids=[c for c, _ in CASES])
def test_legacy_charsets_round_trip(codec, text):
    data = text.encode(codec)
    assert mojifix.fix_bytes(data) == text
    fixed = mojifix.fix_bytes_and_explain(data)
    assert fixed.text == text
    assert fixed.charsets == [CHARSET_NAMES[codec]]
    assert fixed.replaced == 0
    [span] = fixed.spans
    assert (span.start, span.end, span.text_start, span.text_end) == (0, len(data), 0, len(text))
    assert fixed.lines == {CHARSET_NAMES[codec]: text.count("\n")}
    assert mojifix.guess_bytes(data) == (text, CHARSET_NAMES[codec])
    # A forced charset gives the same text.
    assert mojifix.fix_bytes(data, encoding=codec) == text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_a_byte_order_mark(codec):
    text = CASES[0][1] + CASES[1][1]
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    fixed = mojifix.fix_bytes_and_explain(data)
    assert fixed.text == text
    assert fixed.charsets in (["UTF-16LE"], ["UTF-16BE"])
    assert fixed.spans[0].start == 0 and fixed.spans[-1].end == len(data)
    assert mojifix.guess_bytes(data) == (text, fixed.charsets[0])


def test_mixed_utf8_and_cp1252_lines():
    lines = [f"row {i}: Ünïcödé naïve café résumé über\n" for i in range(12)]
    legacy = {3, 8}
    data = b"".join(
        line.encode("cp1252" if i in legacy else "utf-8") for i, line in enumerate(lines)
    )
    text = "".join(lines)
    fixed = mojifix.fix_bytes_and_explain(data)
    assert fixed.text == text
    assert fixed.charsets == ["UTF-8", "windows-1252"]
    assert fixed.replaced == 0
    assert fixed.lines == {"UTF-8": 10, "windows-1252": 2}
    # Spans cover the input and the text in order, without gaps.
    assert fixed.spans[0].start == 0 and fixed.spans[-1].end == len(data)
    assert fixed.spans[-1].text_end == len(text)
    for before, after in zip(fixed.spans, fixed.spans[1:]):
        assert before.end == after.start and before.text_end == after.text_start
    for span in fixed.spans:
        piece = data[span.start:span.end]
        codec = "utf-8" if span.charset == "UTF-8" else "cp1252"
        assert piece.decode(codec) == text[span.text_start:span.text_end]
    routed = [s for s in fixed.spans if s.charset != "UTF-8"]
    assert [text[s.text_start:s.text_end] for s in routed] == [lines[3], lines[8]]
    assert mojifix.guess_bytes(data) == (text, "UTF-8")


def test_mojibake_inside_the_bytes_is_repaired_not_by_guess_bytes():
    broken = "The cafÃ© serves crÃ¨me brÃ»lÃ©e\n"
    data = broken.encode("utf-8")
    assert mojifix.fix_bytes(data) == "The café serves crème brûlée\n"
    assert mojifix.guess_bytes(data) == (broken, "UTF-8")
    # The options of fix_encoding apply.
    assert mojifix.fix_bytes(data, fix_encoding=False) == broken
    assert mojifix.fix_bytes(data, mojifix.TextFixerConfig(fix_encoding=False)) == broken
    assert mojifix.Fixer(repair_encoding=False).fix_bytes(data) == broken
    fixer = mojifix.Fixer(uncurl_quotes=True)
    assert fixer.fix_bytes("“cafÃ©”".encode("utf-8")) == '"café"'
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        mojifix.fix_bytes(data, colour=True)


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview, lambda b: memoryview(b)[::1]])
def test_buffer_inputs(wrap):
    text, codec = CASES[0][1], CASES[0][0]
    data = wrap(text.encode(codec))
    assert mojifix.fix_bytes(data) == text
    assert mojifix.fix_bytes_and_explain(data).charsets == ["windows-1251"]
    assert mojifix.Fixer().fix_bytes(data) == text
    assert mojifix.guess_bytes(data) == (text, "windows-1251")


def test_non_contiguous_memoryview_and_array():
    import array

    data = "naïve café\n".encode("utf-8")
    strided = memoryview(b"".join(bytes([b, 0xFF]) for b in data))[::2]
    assert not strided.contiguous
    assert mojifix.fix_bytes(strided) == "naïve café\n"
    assert mojifix.fix_bytes(array.array("B", data)) == "naïve café\n"


def test_wrong_types():
    with pytest.raises(TypeError, match=r"fix_bytes\(\) takes bytes, not str.*encode"):
        mojifix.fix_bytes("café")
    with pytest.raises(TypeError, match=r"Fixer.fix_bytes\(\) takes bytes, not str"):
        mojifix.Fixer().fix_bytes("café")
    with pytest.raises(TypeError, match=r"bytes-like object .* not int"):
        mojifix.fix_bytes(5)
    with pytest.raises(TypeError, match="not list"):
        mojifix.fix_bytes_and_explain([99, 97])
    with pytest.raises(TypeError):
        mojifix.guess_bytes("café")
    # As ftfy's guess_bytes, a str is also a UnicodeError.
    with pytest.raises(UnicodeError, match="already decoded"):
        mojifix.guess_bytes("café")
    with pytest.raises(TypeError, match="encoding must be a str"):
        mojifix.fix_bytes(b"x", encoding=1251)


def test_strict_mode_raises_with_offset_and_charset():
    data = "ok line\ncaf".encode("utf-8") + b"\xe9 au lait\n"
    with pytest.raises(mojifix.DecodeError) as info:
        mojifix.fix_bytes(data, strict=True)
    err = info.value
    assert isinstance(err, ValueError)
    offset = data.index(b"\xe9")
    assert (err.offset, err.charset) == (offset, "UTF-8")
    assert str(err) == f"invalid UTF-8 at byte offset {offset}"
    # A charset that decodes the input: no error.
    assert mojifix.fix_bytes(data, strict=True, encoding="latin1") == "ok line\ncafé au lait\n"
    # The same error from the other entry points.
    with pytest.raises(mojifix.DecodeError) as info:
        mojifix.Fixer().fix_bytes_and_explain(b"\x82\xb1\xff", strict=True, encoding="sjis")
    assert (info.value.offset, info.value.charset) == (2, "Shift_JIS")
    assert "Shift_JIS" in str(info.value) and "2" in str(info.value)
    # Without strict, the byte becomes U+FFFD and is counted.
    fixed = mojifix.fix_bytes_and_explain(b"\x82\xb1\xff", encoding="sjis")
    assert fixed.text == "こ\ufffd" and fixed.replaced == 1
    assert fixed.spans[0].replaced == 1


def test_unknown_label_is_a_lookup_error():
    with pytest.raises(LookupError, match="unknown encoding: klingon-8"):
        mojifix.fix_bytes(b"abc", encoding="klingon-8")
    with pytest.raises(LookupError, match="no-such"):
        mojifix.fix_bytes_and_explain(b"abc", encoding="no-such", strict=True)
    # Labels are WHATWG's or code pages, any case.
    assert mojifix.fix_bytes(b"\xf0\xd2\xc9\xd7\xc5\xd4", encoding="KOI8-R") == "Привет"
    assert mojifix.fix_bytes(b"\x8f\xe0\xa8\xa2\xa5\xe2", encoding="cp866") == "Привет"


@pytest.mark.parametrize("size", [0, 1, 2, 3, 7, 64, 1000, 20_000])
def test_random_bytes_never_crash(size):
    rng = random.Random(0)
    for _ in range(40 if size < 10_000 else 3):
        data = rng.randbytes(size)
        fixed = mojifix.fix_bytes_and_explain(data)
        assert isinstance(fixed.text, str)
        if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
            # Nothing is dropped: only a byte-order mark may leave no text.
            assert (size == 0) == (fixed.text == "")
        assert mojifix.fix_bytes(data) == fixed.text
        assert 0 <= fixed.replaced <= size
        assert sum(s.replaced for s in fixed.spans) == fixed.replaced
        if fixed.spans:
            assert fixed.spans[0].start == 0 and fixed.spans[-1].end == size
        text, name = mojifix.guess_bytes(data)
        assert isinstance(text, str) and name
        strict = mojifix.Fixer().fix_bytes_and_explain
        try:
            assert strict(data, strict=True).replaced == 0
        except mojifix.DecodeError as err:
            assert 0 <= err.offset < size


def test_guess_bytes_shape_and_empty_input():
    assert mojifix.guess_bytes(b"") == ("", "UTF-8")
    assert mojifix.guess_bytes(b"plain") == ("plain", "UTF-8")
    text, name = mojifix.guess_bytes(b"\xef\xbb\xbfcaf\xc3\xa9")
    assert name == "UTF-8" and text.endswith("café")
    assert mojifix.fix_bytes(b"") == ""
    empty = mojifix.fix_bytes_and_explain(b"")
    assert (empty.text, empty.replaced) == ("", 0)


def test_large_input_releases_the_gil():
    from test_api import gil_released_during

    data = (CASES[0][1] * 1000).encode("cp1251")
    assert len(data) > 64 * 1024
    # The control: short inputs are decoded with the GIL held.
    short = CASES[0][1].encode("cp1251")
    assert not gil_released_during(lambda: [mojifix.fix_bytes(short) for _ in range(50)])
    assert gil_released_during(lambda: mojifix.fix_bytes(data))
    assert gil_released_during(lambda: mojifix.fix_bytes_and_explain(bytearray(data)))
    assert mojifix.fix_bytes(data) == CASES[0][1] * 1000


def test_repr_and_exports():
    fixed = mojifix.fix_bytes_and_explain(b"caf\xe9\n")
    assert repr(fixed).startswith("FixedBytes(text='café\\n', charsets=['windows-1252']")
    assert repr(fixed.spans[0]).startswith("ByteSpan(start=0, end=5, ")
    for name in ("fix_bytes", "fix_bytes_and_explain", "guess_bytes", "DecodeError", "FixedBytes"):
        assert name in mojifix.__all__
    assert issubclass(mojifix.DecodeError, ValueError)
    with pytest.raises(AttributeError, match="no attribute 'fix_file'"):
        mojifix.fix_file
    assert pickle.loads(pickle.dumps(mojifix.Fixer())).fix_bytes(b"\xe9t\xe9\n") == "été\n"


def test_results_compare_and_pickle():
    data = "".join(f"{i} café\n" for i in range(10)).encode("utf-8") + b"na\xefve caf\xe9\n"
    fixed = mojifix.fix_bytes_and_explain(data)
    assert len(fixed.spans) == 2
    copy = pickle.loads(pickle.dumps(fixed))
    assert copy == fixed
    assert (copy.text, copy.charsets, copy.spans, copy.replaced, copy.lines) == (
        fixed.text,
        fixed.charsets,
        fixed.spans,
        fixed.replaced,
        fixed.lines,
    )
    assert pickle.loads(pickle.dumps(fixed.spans[1])) == fixed.spans[1]
    assert copy != mojifix.fix_bytes_and_explain(data[:-3])
    assert fixed.spans[0] != fixed.spans[1]
    lossy = mojifix.fix_bytes_and_explain(b"\x82\xb1\xff", encoding="sjis")
    assert lossy.replaced == 1
    assert pickle.loads(pickle.dumps(lossy)) == lossy
