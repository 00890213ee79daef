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
import re
import unicodedata

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
#   cjk         UTF-8 bytes decoded strictly with a CJK multi-byte codec
#               (lossless; kept only when the decode has no error)
#   cjk-lossy   the same decodes where there ARE errors: -fffd (one U+FFFD
#               per error, errors='replace') and -drop (errors='ignore')
#   cjk-legacy  CJK legacy bytes (GBK, Big5, Shift_JIS, UHC) decoded as
#               windows-1252 / latin-1, or GBK and Big5 read as each other
#   legacy      single-byte legacy bytes decoded with another single-byte
#               codec (w1251>w1252 = cp1251 bytes read as windows-1252),
#               plus utf8>w1251 on Latin-script lines
#
# Python codec for each WHATWG / encoding_rs multi-byte decoder:
MB = [("gbk", "gbk"), ("gb18030", "gb18030"), ("big5", "big5hkscs"),
      ("sjis", "cp932"), ("eucjp", "euc_jp"), ("euckr", "cp949")]
MB_CODEC = dict(MB)
# Where Python and encoding_rs 0.8.44 disagree on a byte sequence that Python
# accepts (every 1- and 2-byte sequence, the 3-byte EUC-JP and the BMP 4-byte
# GB18030 ones were compared): the Python characters below come out
# differently under WHATWG, so a variant that contains one is dropped (the
# engine, built on encoding_rs, could not be expected to restore it).
MB_DIVERGENT = {
    # A3A0, A6D9-A6F3 (vertical forms), A8BC / 81 35 F4 37 (GB18030-2022)
    "gb18030": set("\ue5e5\ue78d\ue78e\ue78f\ue790\ue791\ue792\ue793\ue794"
                   "\ue795\ue796\ue7c7\u1e3f"),
    # A145 A14E A1C2 A1E3 A1F2 A1F3 A241 A242 A244 A246 A247
    "big5": set("\u2022\uff64\u203e\u223c\u2641\u2609\uff0f\uff3c\u00a5"
                "\u00a2\u00a3"),
    # A1C1 A1C2 A1DD A1F1 A1F2 A2CC
    "eucjp": set("\u301c\u2016\u2212\u00a2\u00a3\u00ac"),
}
MB_DIVERGENT_BYTES = {"eucjp": b"\x8f\xa2\xb7"}  # Python "~", WHATWG U+FF5E
# cp932 decodes bytes A0 FD FE FF to PUA U+F8F0-F8F3; WHATWG Shift_JIS
# treats them as errors. They are turned into errors here.
SJIS_PUA = "\uf8f0\uf8f1\uf8f2\uf8f3"
# Python accepts fewer sequences than WHATWG (WHATWG GBK also decodes 0x80 as
# the euro sign and the 4-byte GB18030 sequences; Big5 has 192 HKSCS pairs
# and EUC-JP the NEC row 13 in addition). Such lines are simply not cjk
# cases; under cjk-lossy they lose a character WHATWG would have kept.

CJK_SRC = [("gbk", "gbk"), ("big5", "big5hkscs"), ("sjis", "cp932"),
           ("euckr", "cp949")]   # cjk-legacy source codecs (encoders)
CJK_LEGACY = ([(f"{s}>w1252", s, "w1252") for s, _ in CJK_SRC] +
              [(f"{s}>latin1", s, "latin1") for s, _ in CJK_SRC] +
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


def mb_decode(data, name, errors="strict"):
    """Decode bytes with the multi-byte codec `name` the WHATWG way.

    -> (text, lost): lost is True when the bytes had errors (then text is
    the errors='replace' / 'ignore' decode). None when errors == 'strict'
    and the bytes had errors, or when Python and WHATWG would differ."""
    div = MB_DIVERGENT_BYTES.get(name)
    if div and div in data:
        return None
    codec = MB_CODEC[name]
    try:
        text, lost = data.decode(codec), False
    except UnicodeDecodeError:
        if errors == "strict":
            return None
        text, lost = data.decode(codec, errors), True
    if name == "sjis" and any(c in text for c in SJIS_PUA):
        if errors == "strict":
            return None
        rep = "\ufffd" if errors == "replace" else None
        text = text.translate({ord(c): rep for c in SJIS_PUA})
        lost = True
    if name in MB_DIVERGENT and not MB_DIVERGENT[name].isdisjoint(text):
        return None
    return text, lost


def pick(rng, cands, k):
    """At most k of the (chain, broken) candidates, by the line's hash, in
    candidate order."""
    if len(cands) > k:
        keep = set(rng.sample(range(len(cands)), k))
        cands = [c for i, c in enumerate(cands) if i in keep]
    return cands


def cases2_for(lang, text, per_line):
    """-> [(kind, chain, broken)] for the cases2 kinds."""
    out = []
    if text.isascii():
        return out
    data = text.encode("utf-8")

    # cjk / cjk-lossy: UTF-8 bytes read with a multi-byte decoder. A variant
    # equal to one already made for this line (GBK and GB18030 agree on
    # every 2-byte sequence) is not repeated, so utf8>gb18030 holds the
    # lines where GB18030 differs from GBK (4-byte sequences).
    strict, lossy, seen = [], [], set()
    for name, _ in MB:
        r = mb_decode(data, name, "strict")
        if r is not None:
            broken = r[0]
            if ok(broken, text) and broken not in seen:
                seen.add(broken)
                strict.append((f"utf8>{name}", broken))
            continue
        for errors, suffix in (("replace", "fffd"), ("ignore", "drop")):
            r = mb_decode(data, name, errors)
            if r is None or not r[1]:
                continue
            broken = r[0]
            if ok(broken, text) and broken not in seen:
                seen.add(broken)
                lossy.append((f"utf8>{name}-{suffix}", broken))
    for kind, cands in (("cjk", strict), ("cjk-lossy", lossy)):
        rng = rng_for("cases2", kind, text)
        out += [(kind, c, b) for c, b in pick(rng, cands, per_line[kind])]

    # cjk-legacy: CJK legacy bytes read as a single-byte codec or as the
    # other Chinese codec.
    if has_cjk(text):
        cands = []
        for chain, src, wrong in CJK_LEGACY:
            try:
                raw = text.encode(MB_CODEC[src])
            except UnicodeEncodeError:
                continue
            if not MB_DIVERGENT.get(src, set()).isdisjoint(text):
                continue
            if wrong in WRONG_TABLES:
                broken = sloppy(raw, wrong)
            else:
                # WHATWG's GBK decoder is its GB18030 decoder: it reads the
                # user-defined areas as PUA, which Python's gbk rejects (and
                # Big5 bytes often fall there). Python gb18030 matches it.
                r = mb_decode(raw, "gb18030" if wrong == "gbk" else wrong,
                              "strict")
                if r is None:
                    continue
                broken = r[0]
            if ok(broken, text):
                cands.append((chain, broken))
        rng = rng_for("cases2", "cjk-legacy", text)
        out += [("cjk-legacy", c, b)
                for c, b in pick(rng, cands, per_line["cjk-legacy"])]

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
            cands.append((chain, broken))
    rng = rng_for("cases2", "legacy", text)
    out += [("legacy", c, b) for c, b in pick(rng, cands, per_line["legacy"])]
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
    counts = collections.Counter()
    with open(src, encoding="utf-8") as f, \
            open(dst, "w", encoding="utf-8") as out:
        for line in f:
            rec = json.loads(line)
            text = rec["text"]
            for kind, chain, broken in cases2_for(rec["lang"], text, per_line):
                out.write(json.dumps(
                    {"lang": rec["lang"], "chain": chain, "kind": kind,
                     "clean": text, "broken": broken,
                     "src": rec["source"].split(":")[0]},
                    ensure_ascii=False) + "\n")
                counts[(kind, chain)] += 1
    return counts


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
            counts = write_cases2(src, dst, args.per_line2)
            print(f"{split}: {sum(counts.values())} cases2 -> {dst}")
            for kind in KINDS2:
                row = sorted((c, n) for (k, c), n in counts.items()
                             if k == kind)
                print(f"  {kind} {sum(n for _, n in row)}: " +
                      ", ".join(f"{c} {n}" for c, n in row))
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
