"""ftfy's own test cases through the Python API.

Default mode (``fix``, ``fix_encoding``) must give each passing case's
``fixed-encoding`` (or ``fixed``), except the known misses of the Rust
suite, which must still miss (so that a fix shows up there)."""

from __future__ import annotations

import pytest

import mojifix

CLEANUPS_OFF = {
    name: None if name == "normalization" else False
    for name, option in mojifix.OPTIONS.items()
    if not option.encoding and option.fixer_arg is not None
}


def test_known_misses_are_read(ftfy_cases, misses):
    # Each label read from the Rust suite names a passing case of ftfy's.
    passing = {c.label for c in ftfy_cases if c.passes}
    assert all(isinstance(label, str) and label in passing for label in misses)


@pytest.mark.parametrize("func", [mojifix.fix, mojifix.fix_encoding])
def test_default_mode_repairs_every_passing_case(ftfy_cases, misses, func):
    failures = []
    passing = [c for c in ftfy_cases if c.passes]
    for case in passing:
        got = func(case.original)
        if case.label in misses:
            assert got != case.expected_encoding, f"{case.label}: now passes; update KNOWN_MISSES"
        elif got != case.expected_encoding:
            failures.append(f"{case.file}: {case.label}: {case.original!r} -> {got!r}")
    assert not failures, "\n".join(failures)
    assert len(passing) - len(misses) >= 148


def test_known_failures_of_ftfy_fixed(ftfy_cases, failures_fixed):
    fixed = sum(
        1 for c in ftfy_cases if not c.passes and mojifix.fix(c.original) == c.expected_encoding
    )
    assert fixed >= failures_fixed


def test_plans_replay(ftfy_cases, misses):
    """As ftfy's suite does: the plan of a case, applied to the original,
    gives the same text as the repair."""
    for case in ftfy_cases:
        if not case.passes or case.label in misses:
            continue
        fixed = mojifix.fix_encoding_and_explain(case.original)
        assert fixed.text == case.expected_encoding
        assert mojifix.apply_plan(case.original, fixed.plan) == fixed.text, case.label
        assert mojifix.apply_plan(case.original, str(fixed.plan)) == fixed.text, case.label


def test_fix_text_with_cleanups_off_is_fix_encoding(ftfy_cases):
    for case in ftfy_cases:
        assert mojifix.fix_text(case.original, **CLEANUPS_OFF) == mojifix.fix_encoding(
            case.original
        ), case.label


def test_fix_text_ftfy_defaults(ftfy_cases, misses):
    """``fix_text`` with ftfy's defaults gives ftfy's ``fixed`` for every
    passing case; the known misses of the Rust suite must still miss (as
    its ftfy-mode test asserts), so that a fix shows up there. The plan of
    ``fix_and_explain`` gives the same text and replays."""
    failures = []
    matched = 0
    passing = [c for c in ftfy_cases if c.passes]
    for case in passing:
        got = mojifix.fix_text(case.original)
        if case.label in misses:
            assert got != case.fixed, f"{case.label}: now passes; update KNOWN_MISSES"
        elif got == case.fixed:
            matched += 1
        else:
            failures.append(f"{case.file}: {case.label}: {case.original!r} -> {got!r}")
        explained = mojifix.fix_and_explain(case.original)
        assert explained.text == got, case.label
        assert mojifix.apply_plan(case.original, explained.plan) == got, case.label
    assert not failures, "\n".join(failures)
    assert matched == len(passing) - len(misses) and matched >= 148
