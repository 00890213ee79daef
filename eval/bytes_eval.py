#!/usr/bin/env python3
"""Raw bytes in legacy charsets: how often mojifix decodes them exactly.

Builds cases from one split of the corpus (`corpus-<split>.jsonl`, see
build_corpus.py): real text encoded with Python's codecs in 20 legacy
charsets, as

- short: a field of 4-11 characters (a name or a word), no newline;
- line: a one-line file (one corpus line and a newline);
- multi: a 40-line file (lines of one language);
- mixed: a 40-line file of one language, mostly UTF-8, with 2-10 lines in
  the legacy charset;

then runs them through `mojifix::fix_bytes` (the `bytes_eval` example) and
prints the share decoded to the original text exactly, per kind and per
charset, next to `chardetng` alone (whole file in its guess).
Random bytes are also run: no crash, never empty output.

    python3 eval/bytes_eval.py --split tune
    python3 eval/bytes_eval.py --split heldout

A line is used for a charset only if its language is written in that
charset (at least 80% of the language's lines encode in it) and the line
has a non-ASCII character; cases where the WHATWG decoder of the true
charset does not give the text back (Python and WHATWG tables differ on a
few characters) are counted apart, as unreachable.
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys
import unicodedata

# (WHATWG label, Python codec, the script the charset is for)
ENCODINGS = [
    ("windows-1250", "cp1250", "LATIN"), ("windows-1251", "cp1251", "CYRILLIC"),
    ("windows-1252", "cp1252", "LATIN"), ("windows-1253", "cp1253", "GREEK"),
    ("windows-1254", "cp1254", "LATIN"), ("windows-1255", "cp1255", "HEBREW"),
    ("windows-1256", "cp1256", "ARABIC"), ("windows-1257", "cp1257", "LATIN"),
    ("windows-874", "cp874", "THAI"), ("iso-8859-2", "iso8859_2", "LATIN"),
    ("iso-8859-7", "iso8859_7", "GREEK"), ("koi8-r", "koi8_r", "CYRILLIC"),
    ("koi8-u", "koi8_u", "CYRILLIC"), ("ibm866", "cp866", "CYRILLIC"),
    ("cp850", "cp850", "LATIN"), ("shift_jis", "cp932", "ja"), ("euc-jp", "euc_jp", "ja"),
    ("gbk", "gbk", "zh"), ("big5", "big5", "zh"), ("euc-kr", "cp949", "ko"),
]


# The languages each Latin charset is written for (the other charsets are
# told by their script).
LATIN_LANGS = {
    "windows-1250": "cs sk pl hu sl hr bs sr_Latn ro sq dsb hsb szl",
    "iso-8859-2": "cs sk pl hu sl hr bs sr_Latn ro sq dsb hsb szl",
    "windows-1252": "en fr de es it pt nl da sv nb nn fi is fo ca gl eu ast br oc ga gd lb rm fur wa",
    "cp850": "en fr de es it pt nl da sv nb nn fi is fo ca gl eu ast br oc ga gd lb rm fur wa",
    "windows-1254": "tr ku kmr crh",
    "windows-1257": "lt lv et ltg prg",
}


def native(text, script):
    """Whether `text` has a non-ASCII character of the charset's script
    (for the CJK charsets: a character other than Latin, Cyrillic, Greek)."""
    for c in text:
        if ord(c) < 128:
            continue
        name = unicodedata.name(c, "")
        if script in ("ja", "zh", "ko"):
            if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
                return True
        elif name.startswith(script + " "):
            return True
    return False

used = {}
HERE = os.path.dirname(os.path.abspath(__file__))


def encodes(text, codec):
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


def build(split, per, seed):
    rows = [json.loads(l) for l in open(f"/work/data/eval/corpus-{split}.jsonl", encoding="utf-8")]
    by_lang = collections.defaultdict(list)
    for r in rows:
        by_lang[r["lang"]].append(r["text"])
    rng = random.Random(seed)
    cases = []
    global used
    for label, codec, script in ENCODINGS:
        langs = {}
        for lang, texts in by_lang.items():
            if script in ("ja", "zh", "ko") and lang.split("_")[0] != script:
                continue
            if label in LATIN_LANGS and lang not in LATIN_LANGS[label].split():
                continue
            ok = [t for t in texts if encodes(t, codec) is not None]
            if len(ok) >= 0.8 * len(texts):
                non_ascii = [t for t in ok if native(t, script)]
                if len(non_ascii) >= 0.2 * len(texts):
                    langs[lang] = non_ascii
        if not langs:
            print(f"no language for {label}", file=sys.stderr)
            continue
        lang_names = sorted(langs)
        used[label] = lang_names
        pool = [(l, t) for l in lang_names for t in langs[l]]
        # Short fields: whole lines of 4-11 characters, or words of them.
        shorts = []
        for lang, t in pool:
            if 4 <= len(t) <= 11:
                shorts.append(t)
            else:
                shorts += [w for w in t.split() if 4 <= len(w) <= 11 and native(w, script)]
        shorts = sorted(set(shorts))
        rng.shuffle(shorts)
        for t in shorts[:per]:
            cases.append(("short", label, t.encode(codec), t))
        for lang, t in rng.sample(pool, min(per, len(pool))):
            cases.append(("line", label, (t + "\n").encode(codec), t + "\n"))
        for _ in range(per // 3):
            lang = rng.choice(lang_names)
            texts = by_lang[lang]
            ok = [t for t in texts if encodes(t, codec) is not None]
            lines = [rng.choice(ok) for _ in range(40)]
            text = "".join(l + "\n" for l in lines)
            cases.append(("multi", label, text.encode(codec), text))
            # Mixed: the same language, mostly UTF-8, a few legacy lines.
            lines = [rng.choice(texts) for _ in range(40)]
            legacy = set(rng.sample(range(40), rng.randint(2, 10)))
            data = b""
            for i, l in enumerate(lines):
                if i in legacy:
                    enc = encodes(l, codec)
                    if enc is None:
                        l = rng.choice(langs[lang])
                        lines[i] = l
                        enc = l.encode(codec)
                    data += enc + b"\n"
                else:
                    data += (l + "\n").encode("utf-8")
            cases.append(("mixed", label, data, "".join(l + "\n" for l in lines)))
    for n in range(per):
        size = rng.choice([1, 2, 3, 5, 8, 40, 300])
        data = bytes(rng.randrange(256) for _ in range(size))
        cases.append(("random", "-", data, None))
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="tune", choices=["tune", "heldout"])
    ap.add_argument("--per", type=int, default=150, help="cases per charset and kind")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--binary", default=None, help="bytes_eval example binary")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = ap.parse_args()
    cases = build(args.split, args.per, args.seed)
    binary = args.binary or os.path.join(HERE, "..", "target", "release", "examples", "bytes_eval")
    payload = "".join(
        json.dumps({"kind": k, "enc": e, "hex": b.hex(), "want": w}) + "\n" for k, e, b, w in cases
    )
    out = subprocess.run([binary], input=payload.encode(), capture_output=True, check=True)
    results = [json.loads(l) for l in out.stdout.decode().splitlines()]
    assert len(results) == len(cases)
    table = collections.defaultdict(lambda: [0, 0, 0, 0])  # n, ours, chardetng, unreachable
    misses = []
    rnd = {"n": 0, "empty": 0}
    for (kind, enc, data, want), r in zip(cases, results):
        if kind == "random":
            rnd["n"] += 1
            rnd["empty"] += r["empty"]
            continue
        for key in (kind, (kind, enc)):
            row = table[key]
            if not r["reachable"]:
                row[3] += 1
                continue
            row[0] += 1
            row[1] += r["ours"]
            row[2] += r["chardetng"]
        if r["reachable"] and not r["ours"]:
            misses.append((kind, enc, want, r["got"], r["charsets"]))
    print(f"split {args.split}: {len(cases)} cases")
    for label, codec, script in ENCODINGS:
        print(f"  {label}: languages {sorted(used[label])}")
    print(f"{'kind':<8}{'charset':<14}{'n':>6}{'mojifix':>9}{'chardetng':>11}{'unreach':>9}")
    for kind in ["short", "line", "multi", "mixed"]:
        n, ours, cd, un = table[kind]
        if n:
            print(f"{kind:<8}{'all':<14}{n:>6}{100*ours/n:>8.1f}%{100*cd/n:>10.1f}%{un:>9}")
    for kind in ["short", "line", "multi", "mixed"]:
        for label, _, _ in ENCODINGS:
            n, ours, cd, un = table[(kind, label)]
            if n:
                print(f"{kind:<8}{label:<14}{n:>6}{100*ours/n:>8.1f}%{100*cd/n:>10.1f}%{un:>9}")
    print(f"random bytes: {rnd['n']} cases, {rnd['empty']} empty outputs, no crash")
    rng = random.Random(1)
    for m in rng.sample(misses, min(args.misses, len(misses))):
        print("MISS", m[0], m[1], repr(m[2][:80]), "->", repr(m[3][:80]), m[4])


if __name__ == "__main__":
    main()
