#!/usr/bin/env python3
"""A second check of precision on clean text, from a source the rest of
the evaluation never uses: Debian's translated manual pages.

Downloads the `manpages-*` packages of many languages (with `apt-get
download`, into target/man-clean/), takes every line with a non-ASCII
character from their pages (troff requests dropped, font escapes
removed), up to --per-lang distinct lines per language, and for Chinese
and Japanese also the short phrases between punctuation (2-6 characters:
short strings are where false positives hide). Then runs BINARY over each
set and reports the lines it changed. The pages are clean text (a few
lines show mojibake on purpose, or by accident: read the changes).

Usage: eval/man_clean.py --binary target/release/mojifix [--per-lang 20000]
"""

import argparse
import collections
import gzip
import random
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "target" / "man-clean"
PACKAGES = [
    "manpages-" + lang
    for lang in "de fr es it pl ru pt-br nl cs hu ro uk fi sv da el tr vi id zh ja".split()
]


def fetch():
    CACHE.mkdir(parents=True, exist_ok=True)
    root = CACHE / "root"
    if not root.is_dir():
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=CACHE, check=True)
        for deb in CACHE.glob("manpages-*.deb"):
            subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    return root


def page_lines(path):
    try:
        text = gzip.open(path).read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return
    for line in text.split("\n"):
        if line.startswith(".") and line[:3] not in (".B ", ".I "):
            continue
        line = re.sub(r"\\f[BIRP]", "", line).strip()
        if any(ord(c) > 127 for c in line):
            yield line


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--per-lang", type=int, default=20000)
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args()
    root = fetch()
    by_lang = collections.defaultdict(list)
    for path in sorted(root.glob("usr/share/man/*/**/*.gz")):
        lang = path.relative_to(root / "usr/share/man").parts[0]
        by_lang[lang].extend(page_lines(path))
    sets = collections.defaultdict(list)
    rng = random.Random(5)
    for lang, lines in sorted(by_lang.items()):
        lines = list(dict.fromkeys(lines))
        rng.shuffle(lines)
        sets["lines"].extend((lang, l) for l in lines[: args.per_lang])
        if lang.startswith(("zh", "ja")):
            phrases = set()
            for l in lines:
                for p in re.split(r"[，。、；：（）()\s,.;:!?“”「」]+", l):
                    if 2 <= len(p) <= 6 and any("\u3400" <= c <= "\u9fff" for c in p):
                        phrases.add(p)
            sets["cjk phrases"].extend((lang, p) for p in sorted(phrases))
    for name, rows in sets.items():
        text = "".join(l + "\n" for _, l in rows)
        out = subprocess.run(
            [args.binary], input=text.encode(), capture_output=True, check=True
        ).stdout.decode()
        changed = [(lang, a, b) for (lang, a), b in zip(rows, out.split("\n")) if a != b]
        per = collections.Counter(lang for lang, _, _ in changed)
        print(f"{name}: {len(changed)} of {len(rows)} changed {dict(per)}")
        for lang, a, b in changed[: args.show]:
            print(f"  [{lang}] {a[:100]}\n      -> {b[:100]}")


if __name__ == "__main__":
    main()
