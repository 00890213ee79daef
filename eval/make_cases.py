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

It also writes <dir>/cases2-<split>.jsonl with the kinds added later (cjk,
cjk-lossy, cjk-legacy, legacy; see the cases2 section below and README.md),
so that cases-<split>.jsonl stays byte-identical. --sets picks the files.
"""

import argparse
import collections
import hashlib
import json
import os
import random
import re
import unicodedata

import whatwg_cjk

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


# ====================================================================
# cases2: kinds added later. They go to cases2-<split>.jsonl, so that
# cases-<split>.jsonl stays byte-identical and earlier figures comparable.
#
#   cjk         UTF-8 bytes read with a CJK multi-byte decoder, no error
#               (lossless)
#   cjk-lossy   the same where the decoder hit errors: -fffd (one U+FFFD
#               per error, as WHATWG decoders write) and -drop (errors
#               dropped)
#   cjk-legacy  CJK legacy bytes (GBK, Big5, Shift_JIS, UHC) read as
#               windows-1252 / latin-1, or GBK and Big5 read as each other
#   legacy      single-byte legacy bytes read with another single-byte
#               codec (w1251>w1252 = cp1251 bytes read as windows-1252),
#               plus utf8>w1251 on Latin-script lines
#
# Multi-byte decoding is WHATWG's, as encoding_rs (and so the engine) does
# it: whatwg_cjk.py implements the standard's decoders over index tables taken
# from Python's codecs (gb18030, big5hkscs, cp932, euc_jp, cp949) with the
# few entries where those differ from WHATWG corrected. Python's codecs alone
# differ on errors (where they resynchronise, how many U+FFFD) and reject
# some sequences WHATWG decodes.
#
# GBK and GB18030 share one decoder in WHATWG, and on UTF-8 input it never
# meets a 4-byte GB18030 sequence (that would need a UTF-8 lead byte followed
# by an ASCII digit). The two differ only on the way back: the GBK encoder
# writes the euro sign as 0x80, the GB18030 one as A2 E3. So a variant is
# named utf8>gb18030 when only the GB18030 encoder gives the bytes back
# (UTF-8 "...A2 E3..." read as "€", e.g. Japanese "ア" = E3 82 A2 followed by
# another E3 lead), utf8>gbk otherwise.
#
# Each cases2 record has two flags:
#   "gap": true (cjk, cjk-legacy) when encoding_rs's *encoder* for the wrong
#       codec cannot give back the original bytes (Big5 HKSCS characters,
#       Shift_JIS user-defined PUA, EUC-JP JIS X 0212, ...): the line is
#       still exactly repairable in principle, but not by re-encoding with
#       encoding_rs.
#   "notrace": true (cjk-lossy) when nothing mis-decoded is left: with the
#       U+FFFD removed, the broken line is a subsequence of the clean one
#       (e.g. "l’Europa" -> "lEuropa"). No tool can tell such a line is
#       damaged; leaving it alone is the best it can do.

MB_DECODERS = ["gbk", "big5", "sjis", "eucjp", "euckr"]

CJK_SRC = {"gbk": "gbk", "big5": "big5hkscs", "sjis": "cp932",
           "euckr": "cp949"}   # cjk-legacy: Python encoders (cp936 etc.)
CJK_LEGACY = ([(f"{s}>w1252", s, "w1252") for s in CJK_SRC] +
              [(f"{s}>latin1", s, "latin1") for s in CJK_SRC] +
              [("gbk>big5", "gbk", "big5"), ("big5>gbk", "big5", "gbk")])

LEGACY = [  # chain, Python source codec, sloppy single-byte wrong codec
    ("w1251>w1252", "cp1251", "w1252"),
    ("w1251>latin1", "cp1251", "latin1"),
    ("koi8r>w1251", "koi8_r", "w1251"),
    ("w1251>koi8r", "cp1251", "koi8r"),
    ("koi8r>w1252", "koi8_r", "w1252"),
    ("cp866>w1251", "cp866", "w1251"),
    ("w1253>w1252", "cp1253", "w1252"),
    ("iso8859_7>w1252", "iso8859_7", "w1252"),
    ("w1250>w1252", "cp1250", "w1252"),
    ("iso8859_2>w1252", "iso8859_2", "w1252"),
    ("w1254>w1252", "cp1254", "w1252"),
    ("w1257>w1252", "cp1257", "w1252"),
    ("w1255>w1252", "cp1255", "w1252"),
    ("w1256>w1252", "cp1256", "w1252"),
    ("cp874>latin1", "cp874", "latin1"),
    ("cp850>w1252", "cp850", "w1252"),
    ("cp437>w1252", "cp437", "w1252"),
    ("utf8>w1251", "utf-8", "w1251"),    # Latin-script lines only
]
# Every character these source codecs can encode decodes the same way in
# encoding_rs / oem_cp (checked), so each legacy variant is lossless.
WRONG_TABLES = {"w1252": TABLES["w1252"], "latin1": TABLES["latin1"],
                "w1251": TABLES["w1251"], "koi8r": sloppy_table("koi8_r")}

KINDS2 = ["cjk", "cjk-lossy", "cjk-legacy", "legacy"]
PER_LINE2 = {"cjk": 3, "cjk-lossy": 2, "cjk-legacy": 3, "legacy": 2}

_CJK_RE = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31bf"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\uff66-\uff9f\U00020000-\U0003134f]")


def has_cjk(text):
    """Han, Hangul, kana or bopomofo in the line."""
    return _CJK_RE.search(text) is not None


def dominant_script(text):
    """First word of the Unicode name of the most common letter (the same
    rule as run_eval.py's script_of): LATIN, CYRILLIC, CJK, ..."""
    c = collections.Counter(unicodedata.name(ch, "UNKNOWN").split()[0]
                            for ch in text if ch.isalpha())
    return c.most_common(1)[0][0] if c else "OTHER"


def sloppy(data, wrong):
    return data.decode("latin-1").translate(WRONG_TABLES[wrong])


def undo_name(name, broken, data):
    """-> (chain codec name, gap): gap is True when encoding_rs's encoder for
    the codec cannot give back `data`."""
    if whatwg_cjk.encode(broken, name) == data:
        return name, False
    if name == "gbk" and whatwg_cjk.encode(broken, "gb18030") == data:
        return "gb18030", False
    return name, True


def no_trace(broken, clean):
    """Nothing mis-decoded left: broken minus U+FFFD is a subsequence of
    clean."""
    it = iter(clean)
    return all(c in it for c in broken.replace("\ufffd", ""))


def pick(rng, cands, k):
    """At most k of the candidates, chosen by the line's hash, kept in
    candidate order."""
    if len(cands) > k:
        keep = set(rng.sample(range(len(cands)), k))
        cands = [c for i, c in enumerate(cands) if i in keep]
    return cands


def cases2_for(lang, text, per_line):
    """-> [(kind, chain, broken, gap, notrace)] for the cases2 kinds."""
    out = []
    if text.isascii():
        return out
    data = text.encode("utf-8")

    # cjk / cjk-lossy: UTF-8 bytes read with a multi-byte decoder.
    strict, lossy = [], []
    for name in MB_DECODERS:
        broken, errors = whatwg_cjk.decode(data, name)
        if not errors:
            if ok(broken, text):
                chain, gap = undo_name(name, broken, data)
                strict.append((f"utf8>{chain}", broken, gap, False))
            continue
        for suffix, b in (("fffd", broken),
                          ("drop", broken.replace("\ufffd", ""))):
            if ok(b, text):
                lossy.append((f"utf8>{name}-{suffix}", b, False,
                              no_trace(b, text)))
    for kind, cands in (("cjk", strict), ("cjk-lossy", lossy)):
        rng = rng_for("cases2", kind, text)
        out += [(kind,) + c for c in pick(rng, cands, per_line[kind])]

    # cjk-legacy: CJK legacy bytes read as a single-byte codec or as the
    # other Chinese codec. The bytes must decode back to the line with the
    # WHATWG decoder of their own codec.
    if has_cjk(text):
        cands, raws = [], {}
        for src, codec in CJK_SRC.items():
            try:
                raw = text.encode(codec)
            except UnicodeEncodeError:
                continue
            if whatwg_cjk.decode(raw, src) == (text, 0):
                raws[src] = raw
        for chain, src, wrong in CJK_LEGACY:
            raw = raws.get(src)
            if raw is None:
                continue
            if wrong in WRONG_TABLES:
                broken, gap = sloppy(raw, wrong), False
            else:
                broken, errors = whatwg_cjk.decode(raw, wrong)
                if errors:
                    continue
                gap = whatwg_cjk.encode(broken, wrong) != raw
            if ok(broken, text):
                cands.append((chain, broken, gap, False))
        rng = rng_for("cases2", "cjk-legacy", text)
        out += [("cjk-legacy",) + c
                for c in pick(rng, cands, per_line["cjk-legacy"])]

    # legacy: single-byte legacy bytes read with another single-byte codec.
    cands = []
    latin = None
    for chain, src, wrong in LEGACY:
        if src == "utf-8":
            if latin is None:
                latin = dominant_script(text) == "LATIN"
            if not latin:
                continue
        try:
            raw = text.encode(src)
        except UnicodeEncodeError:
            continue
        broken = sloppy(raw, wrong)
        if ok(broken, text):
            cands.append((chain, broken, False, False))
    rng = rng_for("cases2", "legacy", text)
    out += [("legacy",) + c for c in pick(rng, cands, per_line["legacy"])]
    return out


def parse_per_line2(spec):
    d = dict(PER_LINE2)
    for part in filter(None, (p.strip() for p in spec.split(","))):
        k, _, v = part.partition("=")
        if k not in d or not v.isdigit():
            raise argparse.ArgumentTypeError(f"bad --per-line2 item {part!r}")
        d[k] = int(v)
    return d


def write_cases2(src, dst, per_line):
    counts, gaps = collections.Counter(), collections.Counter()
    notraces = collections.Counter()
    with open(src, encoding="utf-8") as f, \
            open(dst, "w", encoding="utf-8") as out:
        for line in f:
            rec = json.loads(line)
            text = rec["text"]
            for kind, chain, broken, gap, notrace in cases2_for(
                    rec["lang"], text, per_line):
                out.write(json.dumps(
                    {"lang": rec["lang"], "chain": chain, "kind": kind,
                     "clean": text, "broken": broken,
                     "src": rec["source"].split(":")[0], "gap": gap,
                     "notrace": notrace},
                    ensure_ascii=False) + "\n")
                counts[(kind, chain)] += 1
                gaps[(kind, chain)] += gap
                notraces[(kind, chain)] += notrace
    return counts, gaps, notraces


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default="/work/data/eval")
    ap.add_argument("--split", choices=["tune", "heldout", "both"],
                    default="both")
    ap.add_argument("--per-line", type=int, default=4,
                    help="single-byte chains per non-ASCII line (default 4, "
                         f"max {len(SINGLE)})")
    ap.add_argument("--sets", choices=["cases", "cases2", "both"],
                    default="both",
                    help="which files to write: cases-<split>.jsonl (the "
                         "original kinds), cases2-<split>.jsonl (cjk, "
                         "cjk-lossy, cjk-legacy, legacy) or both (default)")
    ap.add_argument("--per-line2", type=parse_per_line2,
                    default=dict(PER_LINE2),
                    help="variants per line for the cases2 kinds, e.g. "
                         "'cjk=3,cjk-lossy=2,cjk-legacy=3,legacy=2' "
                         "(the default)")
    args = ap.parse_args()
    splits = ["tune", "heldout"] if args.split == "both" else [args.split]
    for split in splits:
        if args.sets in ("cases2", "both"):
            src = os.path.join(args.dir, f"corpus-{split}.jsonl")
            dst = os.path.join(args.dir, f"cases2-{split}.jsonl")
            counts, gaps, notraces = write_cases2(src, dst, args.per_line2)
            print(f"{split}: {sum(counts.values())} cases2 -> {dst}")
            for kind in KINDS2:
                row = sorted((c, n, gaps[(k, c)], notraces[(k, c)])
                             for (k, c), n in counts.items() if k == kind)
                print(f"  {kind} {sum(r[1] for r in row)}: " + ", ".join(
                    f"{c} {n}" + (f" (gap {g})" if g else "")
                    + (f" (notrace {t})" if t else "")
                    for c, n, g, t in row))
        if args.sets == "cases2":
            continue
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
