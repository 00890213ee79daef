"""mojifix against ftfy on the same text: time per call and per MB.

    python bench/compare.py [--corpus FILE.jsonl] [--lines N] [--repeat R]

Real sentences come from a JSON-lines corpus with a "text" field (default
../data/eval/corpus-heldout.jsonl beside the checkout, when present), or are
generated from a small multilingual sample otherwise. Lines with non-ASCII
letters are broken with Python's codecs (UTF-8 read as windows-1252, or as
latin-1, alternately). Three inputs are timed: the broken lines, the clean
lines they came from, and a mix (1 broken line in 10). Each figure is the
best of R runs over all lines, one call per line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from pathlib import Path
from typing import Callable, List

import ftfy

import mojifix

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[2] / "data" / "eval" / "corpus-heldout.jsonl"

GENERATED = [
    "The café serves crème brûlée and a piña colada.",
    "Привет, мир! Как дела у тебя сегодня?",
    "Zażółć gęślą jaźń, powiedział nauczyciel.",
    "Ärger über Öl und Übermut in Straßen.",
    "Türkçe: ağaç, şeker, ılık, göğüs.",
    "She said “hello” — and didn’t wait…",
]


def load(corpus: Path, n: int) -> List[str]:
    if corpus.is_file():
        lines = []
        with corpus.open(encoding="utf-8") as f:
            for row in f:
                text = json.loads(row)["text"]
                if len(text) >= 20 and not text.isascii() and "\n" not in text:
                    lines.append(text)
        random.Random(1).shuffle(lines)
        return lines[:n]
    return [f"{GENERATED[i % len(GENERATED)]} {i}" for i in range(n)]


def break_line(text: str, i: int) -> str:
    codec = "cp1252" if i % 2 == 0 else "latin-1"
    return text.encode("utf-8").decode(codec, errors="replace")


def best(func: Callable[[str], str], lines: List[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for line in lines:
            func(line)
        times.append(time.perf_counter() - start)
    return min(times)


def best_batch(lines: List[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        mojifix.fix_texts(lines)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    clean = load(args.corpus, args.lines)
    broken = [break_line(t, i) for i, t in enumerate(clean)]
    mixed = [b if i % 10 == 0 else c for i, (c, b) in enumerate(zip(clean, broken))]
    source = args.corpus if args.corpus.is_file() else "generated sentences"
    print(f"{len(clean)} lines from {source}")
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, ftfy {ftfy.__version__}, mojifix {mojifix.__version__}"
    )
    runs = [
        ("mojifix.fix", mojifix.fix),
        ("mojifix.fix_encoding", mojifix.fix_encoding),
        ("mojifix.fix_text", mojifix.fix_text),
        ("ftfy.fix_encoding", ftfy.fix_encoding),
        ("ftfy.fix_text", ftfy.fix_text),
    ]
    print(f"{'input':8} {'function':24} {'µs/call':>9} {'MB/s':>8} {'vs ftfy.fix_encoding':>21}")
    for name, lines in (("broken", broken), ("clean", clean), ("mixed", mixed)):
        megabytes = sum(len(t.encode("utf-8")) for t in lines) / 1e6
        seconds = {label: best(func, lines, args.repeat) for label, func in runs}
        seconds["mojifix.fix_texts (batch)"] = best_batch(lines, args.repeat)
        base = seconds["ftfy.fix_encoding"]
        for label, s in seconds.items():
            print(
                f"{name:8} {label:24} {s / len(lines) * 1e6:9.2f} {megabytes / s:8.2f} "
                f"{base / s:20.2f}x"
            )
        fixed_m = sum(mojifix.fix(b) == c for b, c in zip(lines, clean))
        fixed_f = sum(ftfy.fix_encoding(b) == c for b, c in zip(lines, clean))
        print(
            f"{name:8} lines equal to the clean original: mojifix {fixed_m / len(lines):.1%}, "
            f"ftfy.fix_encoding {fixed_f / len(lines):.1%}"
        )


if __name__ == "__main__":
    main()
