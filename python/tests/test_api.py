"""The Python API: batch call, GIL release, errors, plans, options."""

from __future__ import annotations

import doctest
import pickle
import sys
import threading

import pytest

import mojifix

SENTENCES = [
    "The café serves crème brûlée every day.",
    "Привет, мир! Как дела?",
    "Ελληνικά γράμματα στο κείμενο.",
    "Zażółć gęślą jaźń, powiedział.",
    "doesn’t it “work” – or not?",
    "plain ASCII line",
    "",
]


def broken(sentence: str, codec: str) -> str:
    return sentence.encode("utf-8").decode(codec, errors="replace")


def corpus(n: int):
    codecs = ["cp1252", "latin-1", "cp1251", "mac_roman", "utf-8"]
    return [broken(SENTENCES[i % len(SENTENCES)], codecs[i % len(codecs)]) for i in range(n)]


def test_doctests():
    failures, tried = doctest.testmod(mojifix, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def test_fix_repairs_and_keeps_clean_text_identical():
    assert mojifix.fix(broken("naïve café", "cp1252")) == "naïve café"
    clean = "Le barème permet l’évaluation"
    assert mojifix.fix(clean) is clean


@pytest.mark.parametrize("threads", [None, 1, 2, 3])
def test_batch_equals_per_item(threads):
    # Large enough (over 64 KiB a thread) for the batch to use threads.
    texts = corpus(6000)
    assert sum(len(t.encode()) for t in texts) > 3 * 64 * 1024
    got = mojifix.fix_texts(texts, threads=threads)
    assert got == [mojifix.fix(t) for t in texts]
    assert sum(a != b for a, b in zip(got, texts)) > 1000


def test_batch_accepts_iterables_and_none():
    texts = corpus(50)
    expected = [mojifix.fix(t) for t in texts]
    assert mojifix.fix_texts(tuple(texts)) == expected
    assert mojifix.fix_texts(t for t in texts) == expected
    assert mojifix.fix_texts([None, texts[0], None]) == [None, expected[0], None]
    assert mojifix.fix_texts([]) == []


def test_batch_takes_pandas_and_arrow_columns():
    texts = corpus(300) + [None]
    expected = [None if t is None else mojifix.fix(t) for t in texts]
    pd = pytest.importorskip("pandas")
    assert mojifix.fix_texts(pd.Series(texts, dtype=object)) == expected
    pa = pytest.importorskip("pyarrow")
    assert mojifix.fix_texts(pa.array(texts)) == expected
    assert mojifix.fix_texts(pa.chunked_array([texts[:100], texts[100:]])) == expected


def test_batch_with_options_equals_fix_encoding():
    texts = corpus(200) + ["voilÃ le travail"]
    got = mojifix.fix_texts(texts, restore_byte_a0=False, max_layers=1)
    assert got == [mojifix.fix_encoding(t, restore_byte_a0=False, max_layers=1) for t in texts]
    assert got[-1] == "voilÃ le travail"


def gil_released_during(call, attempts: int = 5) -> bool:
    """Whether ``call`` lets another thread run. With a huge switch
    interval the interpreter never takes the GIL from a running thread, so
    the waiting thread runs only if the caller releases the GIL. A waiting
    thread may still miss a release (the OS must schedule it while the call
    runs), so a few attempts are made; a call that holds the GIL can never
    let it run."""
    for _ in range(attempts):
        ready, go, ran = threading.Event(), threading.Event(), threading.Event()

        def waiter():
            ready.set()
            go.wait()
            ran.set()

        old = sys.getswitchinterval()
        sys.setswitchinterval(1e6)
        try:
            thread = threading.Thread(target=waiter)
            thread.start()
            ready.wait()
            go.set()
            call()
            released = ran.is_set()
        finally:
            sys.setswitchinterval(old)
        thread.join()
        if released:
            return True
    return False


def test_batch_releases_the_gil():
    texts = corpus(4000)
    # The control: short texts are repaired with the GIL held.
    assert not gil_released_during(lambda: [mojifix.fix(t) for t in texts[:50]])
    assert gil_released_during(lambda: mojifix.fix_texts(texts))
    assert gil_released_during(lambda: mojifix.fix_texts(texts, threads=1))


def test_long_text_releases_the_gil():
    text = "\n".join(corpus(2000))
    assert len(text.encode()) > 16 * 1024
    assert gil_released_during(lambda: mojifix.fix(text))
    assert gil_released_during(lambda: mojifix.Fixer(max_layers=2).fix_and_explain(text))


@pytest.mark.parametrize(
    "call",
    [
        lambda: mojifix.fix(b"caf\xc3\xa9"),
        lambda: mojifix.fix(None),
        lambda: mojifix.fix(42),
        lambda: mojifix.fix_encoding(["list"]),
        lambda: mojifix.detect(3.5),
        lambda: mojifix.fix_texts("a single str"),
        lambda: mojifix.fix_texts(42),
        lambda: mojifix.fix_texts(["ok", 7]),
        lambda: mojifix.Plan(b"decode utf-8"),
        lambda: mojifix.apply_plan("x", 17),
        lambda: mojifix.apply_plan("x", [("decode",)]),
        lambda: mojifix.fix_encoding("x", no_such_option=True),
        lambda: mojifix.fix_encoding("x", restore_byte_a0="yes"),
        lambda: mojifix.fix_encoding("x", config={"restore_byte_a0": False}),
    ],
)
def test_wrong_types_raise_type_error(call):
    with pytest.raises(TypeError):
        call()


def test_bytes_error_says_what_to_do():
    with pytest.raises(TypeError, match="decode the bytes first"):
        mojifix.fix(b"caf\xc3\xa9")
    with pytest.raises(TypeError, match="item 1 is bytes .decode the bytes first"):
        mojifix.fix_texts(["ok", b"no"])
    with pytest.raises(TypeError, match="item 2 is float .a missing value must be None"):
        mojifix.fix_texts(["ok", None, float("nan")])


def test_value_errors():
    with pytest.raises(ValueError, match="threads"):
        mojifix.fix_texts(["x"], threads=0)
    with pytest.raises(ValueError, match="max_layers"):
        mojifix.Fixer(max_layers=256)
    with pytest.raises(ValueError, match="max_layers"):
        mojifix.Fixer(max_layers=-1)
    with pytest.raises(ValueError, match="max_decode_length"):
        mojifix.fix_encoding("x", max_decode_length=0)


def test_surrogates():
    # Rust text cannot hold surrogates: a clear UnicodeEncodeError (a
    # ValueError), except where ftfy's fix_surrogates applies.
    with pytest.raises(UnicodeEncodeError):
        mojifix.fix("a\ud800b")
    with pytest.raises(ValueError, match="item 0"):
        mojifix.fix_texts(["\udc00"])
    assert mojifix.fix_text("\ud83d\ude00 cafÃ© \ud800") == "\U0001f600 café \ufffd"
    fixed = mojifix.fix_and_explain("\ud83d\ude00 cafÃ©")
    assert fixed.text == "\U0001f600 café"
    with pytest.raises(UnicodeEncodeError):
        mojifix.fix_text("\ud800", fix_surrogates=False)
    # Escaped pairs, the form surrogates take in valid text, are decoded
    # by the fixer's clean-up.
    assert mojifix.fix_text("\\ud83d\\ude00") == "\U0001f600"
    assert mojifix.fix_text("\\ud83d\\ude00", fix_surrogates=False) == "\\ud83d\\ude00"


def test_unsupported_options_name_themselves():
    with pytest.raises(NotImplementedError, match="decode_inconsistent_utf8=False"):
        mojifix.fix_text("x", decode_inconsistent_utf8=False)
    with pytest.raises(NotImplementedError, match="decode_inconsistent_utf8=False"):
        mojifix.fix_encoding("x", decode_inconsistent_utf8=False)
    # Clean-up options do not concern fix_encoding, as in ftfy.
    assert mojifix.fix_encoding("cafÃ©", uncurl_quotes=True) == "café"


# One text per clean-up option, and a value other than ftfy's default.
CLEANUP_SAMPLES = [
    ("unescape_html", "caf&eacute; &amp; cr&egrave;me", False),
    ("unescape_html", "<b>caf&eacute;</b>", True),
    ("remove_terminal_escapes", "\x1b[36mblue\x1b[0m", False),
    ("fix_c1_controls", "\u041f\u0440\u0438\u0432\u0435\u0442\x80", False),
    ("fix_latin_ligatures", "\ufb02u\ufb03e\ufb06", False),
    ("fix_character_width", "\uff2c\uff2f\uff35\uff24\u3000\uff80", False),
    ("uncurl_quotes", "\u201cit\u2019s\u201d", False),
    ("fix_line_breaks", "a\r\nb\u2028c\rd", False),
    ("remove_control_chars", "\ufefftext\x07", False),
    ("normalization", "cafe\u0301", None),
    ("normalization", "x\u00b2 caf\u00e9", "NFKD"),
    ("normalization", "x\u00b2", "NFKC"),
    ("normalization", "caf\u00e9", "NFD"),
]


@pytest.mark.parametrize("name,text,value", CLEANUP_SAMPLES)
def test_each_cleanup_option_flips_fix_text(name, text, value):
    default = mojifix.fix_text(text)
    flipped = mojifix.fix_text(text, **{name: value})
    assert flipped != default
    assert mojifix.fix_text(text, mojifix.TextFixerConfig(**{name: value})) == flipped
    ftfy = pytest.importorskip("ftfy")
    assert default == ftfy.fix_text(text)
    # ftfy's fix_and_explain, as its fix_text runs the encoding repair with
    # the default options when explain is off.
    assert flipped == ftfy.fix_and_explain(text, **{name: value}).text


def test_fixer_cleanup_keywords():
    fixer = mojifix.Fixer(unescape_html="auto", uncurl_quotes=True, normalization="NFKC")
    assert fixer.fix("caf&eacute; \u2019\u00b2") == "café '2"
    assert fixer.fix("<i>&eacute;</i>") == "<i>&eacute;</i>"
    assert mojifix.Fixer(unescape_html=True).fix("<i>&eacute;</i>") == "<i>é</i>"
    assert (fixer.unescape_html, fixer.uncurl_quotes, fixer.normalization) == ("auto", True, "NFKC")
    assert mojifix.Fixer().unescape_html is False and mojifix.Fixer().normalization is None
    ftfy_mode = mojifix.Fixer.ftfy()
    copy = pickle.loads(pickle.dumps(ftfy_mode))
    assert repr(copy) == repr(ftfy_mode) and copy.fix_line_breaks and copy.normalization == "NFC"
    assert eval(repr(fixer), {"Fixer": mojifix.Fixer}).fix("\u2019") == "'"
    with pytest.raises(ValueError, match="unescape_html"):
        mojifix.Fixer(unescape_html="sometimes")
    with pytest.raises(TypeError, match="unescape_html"):
        mojifix.Fixer(unescape_html=1)
    with pytest.raises(ValueError, match="normalization"):
        mojifix.Fixer(normalization="NFX")
    with pytest.raises(TypeError, match="normalization"):
        mojifix.fix_text("x", normalization=True)
    with pytest.raises(TypeError, match="uncurl_quotes"):
        mojifix.fix_text("x", uncurl_quotes="yes")


def test_fix_and_explain_runs_fix_text():
    text = "L&rsquo;Ã©tÃ©\r\n"
    fixed = mojifix.fix_and_explain(text)
    assert fixed.text == mojifix.fix_text(text) == "L'été\n"
    assert "apply unescape_html" in fixed.plan.steps
    assert mojifix.apply_plan(text, fixed.plan) == fixed.text
    assert mojifix.fix_and_explain(text, uncurl_quotes=False).text == "L’été\n"
    assert mojifix.fix_and_explain(text, explain=False).explanation is None
    repair = mojifix.fix_encoding_and_explain(text)
    assert repair.text == "L&rsquo;été\r\n"
    assert str(repair.plan) == "encode windows-1252; decode utf-8"


def test_options_map_onto_the_fixer():
    text = "voilÃ le travail"
    assert mojifix.fix_encoding(text) == "voilà le travail"
    assert mojifix.fix_encoding(text, restore_byte_a0=False) == text
    assert mojifix.fix_encoding(text, fix_encoding=False) == text
    config = mojifix.TextFixerConfig(restore_byte_a0=False)
    assert mojifix.fix_encoding(text, config) == text
    assert mojifix.fix_encoding(text, config, restore_byte_a0=True) == "voilà le travail"
    lossy = broken("“quoted”", "cp1252")
    assert "\ufffd" in lossy
    assert mojifix.fix_encoding(lossy, replace_lossy_sequences=False) == mojifix.Fixer(
        restore_lost_bytes=False
    ).fix(lossy)
    two_layers = broken(broken("café", "cp1252"), "cp1252")
    assert mojifix.fix_encoding(two_layers) == "café"
    assert mojifix.fix_encoding(two_layers, max_layers=0) == two_layers
    assert mojifix.fix_encoding(two_layers, max_layers=1) == mojifix.Fixer(max_layers=1).fix(
        two_layers
    )


def test_ftfy_config_objects_are_accepted():
    ftfy = pytest.importorskip("ftfy")
    text = "voilÃ le travail"
    assert mojifix.fix_encoding(text, ftfy.TextFixerConfig(restore_byte_a0=False)) == text
    assert tuple(mojifix.TextFixerConfig()) == tuple(ftfy.TextFixerConfig())
    assert mojifix.TextFixerConfig._fields == ftfy.TextFixerConfig._fields


def test_plan_round_trip():
    original = broken("Zażółć gęślą jaźń", "cp1252")
    fixed = mojifix.fix_encoding_and_explain(original)
    assert fixed.text == "Zażółć gęślą jaźń"
    plan = fixed.plan
    assert plan is fixed.explanation
    assert mojifix.Plan(str(plan)) == plan
    assert hash(mojifix.Plan(str(plan))) == hash(plan)
    assert list(plan) == plan.steps and len(plan) == len(plan.steps) > 0
    assert mojifix.apply_plan(original, list(plan)) == fixed.text
    assert mojifix.apply_plan(original, [tuple(s.split(" ", 1)) for s in plan]) == fixed.text
    assert plan.is_invertible()
    assert plan.invert().apply(fixed.text) == original
    assert pickle.loads(pickle.dumps(plan)) == plan
    assert eval(repr(plan), {"Plan": mojifix.Plan}) == plan


def test_plan_errors():
    with pytest.raises(mojifix.PlanError, match="klingon"):
        mojifix.Plan("encode klingon")
    with pytest.raises(mojifix.PlanError, match="cannot encode"):
        mojifix.apply_plan("日本", "encode windows-1252; decode utf-8")
    with pytest.raises(mojifix.PlanError, match="ends with bytes"):
        mojifix.apply_plan("x", "encode utf-8")
    with pytest.raises(mojifix.PlanError, match="no exact inverse"):
        mojifix.Plan("reinterpret windows-1252 as utf-8").invert()
    with pytest.raises(mojifix.PlanError, match="more than one step"):
        mojifix.apply_plan("x", ["encode utf-8; decode utf-8"])
    assert issubclass(mojifix.PlanError, ValueError)
    assert not mojifix.Plan() and mojifix.Plan().apply("x") == "x"


def test_explain_false_gives_no_explanation():
    fixed = mojifix.fix_encoding_and_explain("cafÃ©", explain=False)
    assert fixed == ("café", None)


def test_fixer_pickles_and_detects():
    fixer = mojifix.Fixer(restore_byte_a0=False, max_layers=3)
    copy = pickle.loads(pickle.dumps(fixer))
    assert (copy.restore_byte_a0, copy.max_layers) == (False, 3)
    text = "the cafÃ© is open"
    [found] = copy.detect(text)
    assert text[found.start:found.end] == "Ã©"
    assert (found.wrong, found.right) == ("windows-1252", "utf-8")
    assert 0 < found.confidence <= 1


@pytest.mark.parametrize(
    "text",
    ["", "\x00", "\r\n\r", "Ã" * 3000, "\ufffd" * 50, "\U0010ffff\x80\x9d", "a\u2028b\x85c"],
)
def test_odd_inputs_do_not_crash(text):
    fixed = mojifix.fix(text)
    assert isinstance(fixed, str)
    assert mojifix.fix_texts([text, text]) == [fixed, fixed]
    plan = mojifix.fix_encoding_and_explain(text).plan
    assert isinstance(str(plan), str)
    cleaned = mojifix.fix_and_explain(text)
    assert cleaned.text == mojifix.fix_text(text)
    assert mojifix.apply_plan(text, cleaned.plan) == cleaned.text
