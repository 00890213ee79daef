#!/usr/bin/env python3
"""Generate broken (mojibake) variants of the clean corpus lines.

Reads <dir>/corpus-<split>.jsonl (from build_corpus.py) and writes
<dir>/cases-<split>.jsonl, one JSON object a line:
    {"lang", "chain", "kind", "clean", "broken", "src"}
(src: "mo" or "cldr", the corpus source of the clean line)

kinds:
  clean   the clean line unchanged (precision check), for every corpus line
  single  UTF-8 bytes decoded with one single-byte codec (lossless)
  double  two such layers, e.g. utf-8 -> cp1252 -> utf-8 -> cp1252 (lossless)
  mixed   only a contiguous half of the words (of the characters for lines
          without spaces) broken with one codec, the rest clean (lossless)
  lossy   UTF-8 decoded with strict windows-1252: bytes 81 8D 8F 90 9D -> U+FFFD
  a0      a single-layer variant whose U+00A0 are turned into plain spaces

Single-byte codecs are "sloppy": a byte the codec leaves undefined decodes to
the code point with the byte's number (0x81 -> U+0081), as WHATWG decoders do
for windows-125x and as the engine's tables (build.rs) do for every undefined
byte. So every single/double/mixed variant can be undone exactly.

Every non-ASCII line gets --per-line of the single-byte chains (chosen by a
hash of the line, so the choice is deterministic and uniform over chains), one
double chain, one mixed variant, and the lossy / a0 variants where they
differ. Variants equal to the clean line, or containing CR/LF, are skipped.
"""

import argparse
import collections
import hashlib
import json
import os
import random

SINGLE = [  # chain name -> Python codec
    ("latin1", "latin-1"),
    ("w1252", "cp1252"),
    ("w1250", "cp1250"),
    ("w1251", "cp1251"),
    ("w1253", "cp1253"),
    ("w1254", "cp1254"),
    ("w1257", "cp1257"),
    ("iso8859_2", "iso8859_2"),
    ("macroman", "mac_roman"),
    ("cp437", "cp437"),
]
DOUBLE = [("w1252", "w1252"), ("latin1", "w1252"), ("w1252", "latin1"),
          ("w1251", "w1252")]


def sloppy_table(codec):
    """Map chr(b) (latin-1 view of byte b) -> what `codec` decodes b to."""
    table = {}
    for b in range(256):
        try:
            c = bytes([b]).decode(codec)
        except UnicodeDecodeError:
            c = chr(b)
        if c != chr(b):
            table[b] = c
    return table


TABLES = {name: sloppy_table(codec) for name, codec in SINGLE}
LOSSY_1252 = dict(TABLES["w1252"])
LOSSY_1252.update({b: "\ufffd" for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)})


def mis(text, chain):
    """UTF-8 encode `text`, decode it with the sloppy single-byte `chain`."""
    return text.encode("utf-8").decode("latin-1").translate(TABLES[chain])


def rng_for(*parts):
    h = hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=8)
    return random.Random(int.from_bytes(h.digest(), "big"))


def ok(broken, clean):
    return broken != clean and "\n" not in broken and "\r" not in broken


def mixed_variant(text, chain, rng):
    if " " in text.strip():
        tokens, sep = text.split(" "), " "
    else:
        tokens, sep = list(text), ""
    n = len(tokens)
    if n < 2:
        return None
    m = max(1, n // 2)
    starts = list(range(0, n - m + 1))
    rng.shuffle(starts)
    for s in starts:
        part = sep.join(tokens[s:s + m])
        bad = mis(part, chain)
        if bad == part:
            continue
        pieces = tokens[:s] + [bad] + tokens[s + m:]
        return sep.join(pieces)
    return None


def cases_for(lang, text, per_line):
    yield "clean", "clean", text
    if text.isascii():
        return
    rng = rng_for("cases", text)
    names = [name for name, _ in SINGLE]
    for chain in sorted(rng.sample(names, per_line), key=names.index):
        broken = mis(text, chain)
        if not ok(broken, text):
            continue
        yield "single", chain, broken
        if "\xa0" in broken:
            yield "a0", chain + "+a0", broken.replace("\xa0", " ")
    a, b = DOUBLE[rng.randrange(len(DOUBLE))]
    yield "double", f"{a}>{b}", mis(mis(text, a), b)
    chain = names[rng.randrange(len(names))]
    mixed = mixed_variant(text, chain, rng)
    if mixed is not None:
        yield "mixed", "mixed:" + chain, mixed
    lossy = text.encode("utf-8").decode("latin-1").translate(LOSSY_1252)
    if "\ufffd" in lossy:
        yield "lossy", "w1252-fffd", lossy


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default="/work/data/eval")
    ap.add_argument("--split", choices=["tune", "heldout", "both"],
                    default="both")
    ap.add_argument("--per-line", type=int, default=4,
                    help="single-byte chains per non-ASCII line (default 4, "
                         f"max {len(SINGLE)})")
    args = ap.parse_args()
    splits = ["tune", "heldout"] if args.split == "both" else [args.split]
    for split in splits:
        src = os.path.join(args.dir, f"corpus-{split}.jsonl")
        dst = os.path.join(args.dir, f"cases-{split}.jsonl")
        counts = collections.Counter()
        with open(src, encoding="utf-8") as f, \
                open(dst, "w", encoding="utf-8") as out:
            for line in f:
                rec = json.loads(line)
                text = rec["text"]
                for kind, chain, broken in cases_for(rec["lang"], text,
                                                     args.per_line):
                    if kind != "clean" and not ok(broken, text):
                        continue
                    out.write(json.dumps(
                        {"lang": rec["lang"], "chain": chain, "kind": kind,
                         "clean": text, "broken": broken,
                         "src": rec["source"].split(":")[0]},
                        ensure_ascii=False) + "\n")
                    counts[(kind, chain)] += 1
        total = sum(counts.values())
        print(f"{split}: {total} cases -> {dst}")
        by_kind = collections.Counter()
        for (kind, chain), n in counts.items():
            by_kind[kind] += n
        print("  " + ", ".join(f"{k}: {n}" for k, n in sorted(by_kind.items())))


if __name__ == "__main__":
    main()
