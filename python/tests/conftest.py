"""Shared fixtures: ftfy's test cases and the list of known misses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import List, NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT.parent / "shared" / "ftfy-cases"
RUST_CASES = ROOT / "tests" / "ftfy_cases.rs"


class Case(NamedTuple):
    file: str
    label: str
    original: str
    fixed: str
    expected_encoding: str
    passes: bool


def load_cases() -> List[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            cases.append(
                Case(
                    file=path.stem,
                    label=case["label"],
                    original=case["original"],
                    fixed=case["fixed"],
                    expected_encoding=case.get("fixed-encoding", case["fixed"]),
                    passes=case["expect"] == "pass",
                )
            )
    return cases


def known_misses() -> List[str]:
    """The labels listed in ``KNOWN_MISSES`` of tests/ftfy_cases.rs: one
    list for the Rust and the Python suites."""
    source = RUST_CASES.read_text(encoding="utf-8")
    block = re.search(r"const KNOWN_MISSES: &\[&str\] = &\[(.*?)\];", source, re.S)
    assert block, f"KNOWN_MISSES not found in {RUST_CASES}"
    body = "\n".join(
        line for line in block.group(1).splitlines() if not line.strip().startswith("//")
    )
    return [json.loads(f'"{s}"') for s in re.findall(r'"((?:[^"\\]|\\.)*)"', body)]


def known_failures_fixed() -> int:
    """``KNOWN_FAILURES_FIXED`` of tests/ftfy_cases.rs: how many of ftfy's
    known failures mojifix repairs at least."""
    source = RUST_CASES.read_text(encoding="utf-8")
    found = re.search(r"const KNOWN_FAILURES_FIXED: usize = (\d+);", source)
    assert found, f"KNOWN_FAILURES_FIXED not found in {RUST_CASES}"
    return int(found.group(1))


@pytest.fixture(scope="session")
def ftfy_cases() -> List[Case]:
    if not CASES_DIR.is_dir():
        pytest.skip(f"{CASES_DIR} is absent")
    cases = load_cases()
    assert cases, f"no cases in {CASES_DIR}"
    return cases


@pytest.fixture(scope="session")
def misses() -> List[str]:
    return known_misses()


@pytest.fixture(scope="session")
def failures_fixed() -> int:
    return known_failures_fixed()
