#!/usr/bin/env python3
"""Evaluate the mojifix CLI (and optionally ftfy) on the generated cases.

    python3 eval/run_eval.py --split heldout \
        --binary /work/main/target/release/mojifix --ftfy

All input lines of the split go through the binary in ONE process (a temp
file on stdin, one line each); the output lines are read back 1:1. Then the
outputs of the broken lines go through the binary once more (idempotence).

Figures, per (kind, chain) and per kind:
  exact%     output == clean line (for kind clean: left unchanged)
  >=20       the same on lines whose clean text has >= 20 characters
  undone%    mean of 1 - lev(output, clean) / lev(broken, clean)
             (for the lossy and a0 kinds, where exact repair may be impossible)
  changed    clean lines that the tool changed (false positives)
  idempotence: broken-line outputs that change when fed through again

Compact table on stdout; details (first 30 changed clean lines, first 30
misses per chain, per-language table) in <dir>/report-<split>.txt and the
figures as JSON in <dir>/summary-<split>.json.

The kinds of cases2-<split>.jsonl (cjk, cjk-lossy, cjk-legacy, legacy; see
make_cases.py) go through the same binary run but get their own table, their
own idempotence count and their own summary section ("cases2"), so the
figures of the original kinds stay comparable with earlier runs. For them
the report also groups the misses into patterns: left unchanged, repaired
with the right chain but not exactly, or repaired with another plan (the
plan comes from a pass of the misses through the binary with --explain,
when it supports that).
"""

import argparse
import collections
import difflib
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

try:
    from rapidfuzz.distance import Levenshtein as _lev

    def lev(a, b):
        return _lev.distance(a, b)
except ImportError:  # pure-Python fallback
    def lev(a, b):
        if len(a) < len(b):
            a, b = b, a
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1,
                               prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]

LOSSLESS = ("single", "double", "mixed")
LOSSLESS2 = ("cjk", "cjk-legacy", "legacy")      # cases2 kinds
UNDONE = ("lossy", "a0", "cjk-lossy")            # scored by damage undone
KIND_ORDER = ["single", "double", "mixed", "lossy", "a0", "clean",
              "cjk", "cjk-lossy", "cjk-legacy", "legacy"]
N_EXAMPLES = 30
N_PATTERNS = 15
# Language tags whose lines are Chinese, Japanese or Korean (by base tag).
CJK_LANGS = {"zh", "yue", "ja", "ko", "wuu", "hak", "nan", "cmn", "lzh",
             "gan", "hsn", "cjy", "cdo", "cpx", "czh", "mnp"}


# ---------------------------------------------------------------- running

def run_binary(cmd, lines, workdir, label):
    """Feed `lines` through `cmd` in one process; return (outputs, seconds)."""
    for s in lines:
        if "\n" in s or "\r" in s:
            sys.exit(f"internal error: input line contains CR/LF: {s!r}")
    with tempfile.NamedTemporaryFile("wb", dir=workdir, suffix=".in",
                                     delete=False) as f:
        f.write("".join(s + "\n" for s in lines).encode("utf-8"))
        path = f.name
    try:
        t0 = time.perf_counter()
        with open(path, "rb") as stdin:
            proc = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
    finally:
        os.unlink(path)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-2000:])
        sys.exit(f"{label}: {shlex.join(cmd)} exited with {proc.returncode}")
    raw = proc.stdout.split(b"\n")
    if raw and raw[-1] == b"":
        raw.pop()
    if len(raw) != len(lines):
        sys.exit(f"{label}: {len(lines)} lines in, {len(raw)} lines out: "
                 "the output cannot be aligned with the input")
    bad_utf8 = 0
    outs = []
    for b in raw:
        try:
            outs.append(b.decode("utf-8"))
        except UnicodeDecodeError:
            bad_utf8 += 1
            outs.append(b.decode("utf-8", "replace"))
    if bad_utf8:
        print(f"WARNING: {label}: {bad_utf8} output lines are not valid UTF-8",
              file=sys.stderr)
    return outs, dt, bad_utf8


def run_ftfy(lines):
    import ftfy
    t0 = time.perf_counter()
    outs = [ftfy.fix_encoding(s) for s in lines]
    return outs, time.perf_counter() - t0


# ---------------------------------------------------------------- scoring

class Group:
    __slots__ = ("n", "exact", "n20", "exact20", "undone", "nundone", "left",
                 "changed", "gap", "gap_exact")

    def __init__(self):
        self.n = self.exact = self.n20 = self.exact20 = 0
        self.undone = 0.0
        self.nundone = 0    # lines scored for "damage undone"
        self.left = 0       # broken line returned unchanged
        self.changed = 0    # clean line changed
        self.gap = 0        # cases2: encoding_rs cannot re-encode the bytes
        self.gap_exact = 0

    def add(self, rec, out):
        clean, broken = rec["clean"], rec["broken"]
        ok = out == clean
        self.n += 1
        self.exact += ok
        if len(clean) >= 20:
            self.n20 += 1
            self.exact20 += ok
        if rec["kind"] == "clean":
            self.changed += not ok
        else:
            self.left += out == broken
            if rec.get("gap"):
                self.gap += 1
                self.gap_exact += ok
            if rec["kind"] in UNDONE:
                d0 = lev(broken, clean)
                self.undone += 1.0 - (lev(out, clean) / d0 if d0 else 0.0)
                self.nundone += 1

    def as_dict(self):
        d = {"n": self.n, "exact": self.exact, "n20": self.n20,
             "exact20": self.exact20, "left_unchanged": self.left,
             "changed": self.changed}
        d["exact_pct"] = pct(self.exact, self.n)
        d["exact20_pct"] = pct(self.exact20, self.n20)
        d["undone_pct"] = (round(100.0 * self.undone / self.nundone, 2)
                           if self.nundone else None)
        if self.gap:
            d["gap"], d["gap_exact"] = self.gap, self.gap_exact
        return d


def pct(a, b):
    return round(100.0 * a / b, 2) if b else None


def score(recs, outs, lossless=LOSSLESS):
    """-> {(kind, chain): Group}, with aggregate rows (kind, '*'), etc."""
    groups = collections.defaultdict(Group)
    for rec, out in zip(recs, outs):
        k, c = rec["kind"], rec["chain"]
        groups[(k, c)].add(rec, out)
        if k != "clean":
            groups[(k, "*")].add(rec, out)
        if k in lossless:
            groups[("lossless", "*")].add(rec, out)
        if k == "single" and "src" in rec:
            groups[("bysource", "single:" + rec["src"])].add(rec, out)
    return groups


def per_language(recs, outs):
    langs = collections.defaultdict(lambda: [0, 0, 0, 0])  # n, ok, nclean, chg
    for rec, out in zip(recs, outs):
        row = langs[rec["lang"]]
        if rec["kind"] in LOSSLESS:
            row[0] += 1
            row[1] += out == rec["clean"]
        elif rec["kind"] == "clean":
            row[2] += 1
            row[3] += out != rec["clean"]
    return langs


_script_cache = {}


def script_of(text):
    """Rough dominant script: first word of the Unicode name of the letters
    (LATIN, CYRILLIC, CJK, ARABIC, ...); "ASCII" for pure-ASCII lines."""
    if text.isascii():
        return "ASCII"
    s = _script_cache.get(text)
    if s is None:
        c = collections.Counter()
        for ch in text:
            if ch.isalpha():
                c[unicodedata.name(ch, "UNKNOWN").split()[0]] += 1
        s = c.most_common(1)[0][0] if c else "OTHER"
        _script_cache[text] = s
    return s


def per_script(recs, outs):
    rows = collections.defaultdict(lambda: [0, 0, 0, 0])  # n, ok, nclean, chg
    for rec, out in zip(recs, outs):
        row = rows[script_of(rec["clean"])]
        if rec["kind"] in LOSSLESS:
            row[0] += 1
            row[1] += out == rec["clean"]
        elif rec["kind"] == "clean":
            row[2] += 1
            row[3] += out != rec["clean"]
    return rows


def order_key(i, rec):
    """Fixed pseudo-random order so that the examples span languages."""
    return hashlib.blake2b(f"{i}\0{rec['broken']}".encode(), digest_size=8).digest()


# ---------------------------------------------------------------- output

def show(s):
    """Make invisible characters visible: controls, format chars, odd spaces."""
    out = []
    for c in s:
        cat = unicodedata.category(c)
        if c != " " and (cat in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn")):
            out.append(f"\\u{ord(c):04x}" if ord(c) > 0xff else f"\\x{ord(c):02x}")
        else:
            out.append(c)
    return "".join(out)


def sort_rows(keys):
    def k(key):
        kind, chain = key
        ki = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
        return (ki, chain == "*", chain)
    rows = sorted((x for x in keys if x[0] not in ("lossless", "bysource")),
                  key=k)
    if ("lossless", "*") in keys:
        rows.append(("lossless", "*"))
    rows += sorted(x for x in keys if x[0] == "bysource")
    return rows


def fmt_table(results, names, gap=False):
    """results: {name: {(kind, chain): Group}}; names: tool names in order.
    gap: add a column with the number of cases flagged "gap"."""
    keys = set()
    for g in results.values():
        keys |= set(g)
    short = [nm[:8] for nm in names]
    cols = ([f"{nm} ex%" for nm in short] + ["n>=20"] +
            [f"{nm} >=20%" for nm in short] +
            [f"{nm} undone/chg" for nm in short])
    if gap:
        cols.append("gap")
    kw = 10 if gap else 8
    cw = 18 if gap else 16
    hdr = f"{'kind':{kw}} {'chain':{cw}} {'n':>7} " + " ".join(cols)
    lines = [hdr, "-" * len(hdr)]
    prev_kind = None
    for key in sort_rows(keys):
        kind, chain = key
        if prev_kind is not None and kind != prev_kind:
            lines.append("")
        prev_kind = kind
        gs = [results[nm].get(key) or Group() for nm in names]
        cells = [fmtp(pct(g.exact, g.n)) for g in gs]
        cells.append(str(gs[0].n20))
        cells += [fmtp(pct(g.exact20, g.n20)) for g in gs]
        for g in gs:
            if kind == "clean":
                cells.append(f"chg {g.changed}")
            elif kind in UNDONE:
                cells.append(fmtp(round(100.0 * g.undone / g.n, 2) if g.n else None))
            else:
                cells.append("")
        if gap:
            cells.append(str(gs[0].gap) if gs[0].gap else "")
        row = f"{kind:{kw}} {chain:{cw}} {gs[0].n:>7} " + " ".join(
            f"{c:>{len(h)}}" for c, h in zip(cells, cols))
        lines.append(row.rstrip())
    return "\n".join(lines)


def fmtp(x):
    return "-" if x is None else f"{x:.2f}"


def headline(results, names, idem, recs):
    out = []
    for nm in names:
        g = results[nm]
        single = [g[k] for k in g if k[0] == "single" and k[1] != "*"]
        macro = sum(x.exact / x.n for x in single) / len(single) if single else 0
        s = g.get(("single", "*"), Group())
        ll = g.get(("lossless", "*"), Group())
        cl = g.get(("clean", "clean"), Group())
        lo = g.get(("lossy", "*"), Group())
        out.append(
            f"{nm:>8}: single-layer lossless {fmtp(pct(s.exact, s.n))}% "
            f"(macro over chains {100 * macro:.2f}%), all lossless "
            f"{fmtp(pct(ll.exact, ll.n))}%, lossy undone "
            f"{fmtp(round(100 * lo.undone / lo.n, 2) if lo.n else None)}%, "
            f"clean changed {cl.changed}/{cl.n}, "
            f"not idempotent {idem[nm]}/{sum(1 for r in recs if r['kind'] != 'clean')}")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["tune", "heldout"], required=True)
    ap.add_argument("--binary", default="/work/main/target/release/mojifix",
                    help="command to run (split with shell rules, so "
                         "arguments may follow; default %(default)s)")
    ap.add_argument("--name", help="label of the binary in the tables "
                    "(default: its file name)")
    ap.add_argument("--no-binary", action="store_true",
                    help="evaluate ftfy only")
    ap.add_argument("--ftfy", action="store_true",
                    help="also run ftfy.fix_encoding on the same lines")
    ap.add_argument("--dir", default="/work/data/eval")
    ap.add_argument("--report", help="default <dir>/report-<split>.txt")
    ap.add_argument("--limit", type=int, default=0,
                    help="use only the first N cases (quick checks)")
    args = ap.parse_args()

    if args.no_binary and not args.ftfy:
        sys.exit("nothing to evaluate: --no-binary without --ftfy")
    cases = os.path.join(args.dir, f"cases-{args.split}.jsonl")
    if not os.path.exists(cases):
        sys.exit(f"{cases} not found: run eval/build_corpus.py and "
                 "eval/make_cases.py first")
    recs = []
    with open(cases, encoding="utf-8") as f:
        for line in f:
            recs.append(json.loads(line))
            if args.limit and len(recs) >= args.limit:
                break
    inputs = [r["broken"] for r in recs]
    broken_idx = [i for i, r in enumerate(recs) if r["kind"] != "clean"]

    outputs, timing, idem, notes = {}, {}, {}, []
    names = []
    if not args.no_binary:
        cmd = shlex.split(args.binary)
        exe = shutil.which(cmd[0]) if cmd else None
        if not exe:
            sys.exit(f"binary not found: {args.binary}")
        name = args.name or os.path.basename(cmd[0])
        names.append(name)
        outs, dt, bad = run_binary(cmd, inputs, args.dir, name)
        outputs[name], timing[name] = outs, dt
        if bad:
            notes.append(f"{name}: {bad} output lines were not valid UTF-8")
        again, dt2, _ = run_binary(cmd, [outs[i] for i in broken_idx],
                                   args.dir, name + " (2nd pass)")
        idem[name] = sum(1 for j, i in enumerate(broken_idx)
                         if again[j] != outs[i])
        idem_examples = [(recs[i], outs[i], again[j])
                         for j, i in enumerate(broken_idx) if again[j] != outs[i]]
    if args.ftfy:
        import ftfy
        names.append("ftfy")
        outs, dt = run_ftfy(inputs)
        outputs["ftfy"], timing["ftfy"] = outs, dt
        again, _ = run_ftfy([outs[i] for i in broken_idx])
        idem["ftfy"] = sum(1 for j, i in enumerate(broken_idx)
                           if again[j] != outs[i])

    results = {nm: score(recs, outputs[nm]) for nm in names}
    table = fmt_table(results, names)
    head = headline(results, names, idem, recs)
    tim = ", ".join(f"{nm} {timing[nm]:.1f}s ({len(inputs) / max(timing[nm], 1e-9):,.0f} lines/s)"
                    for nm in names)
    n_langs = len({r["lang"] for r in recs})
    intro = (f"split {args.split}: {len(recs)} cases, {n_langs} languages; "
             f"time: {tim}")
    print(intro)
    print(table)
    print()
    print(head)
    for n in notes:
        print("NOTE:", n)

    # ---- detailed report
    report = args.report or os.path.join(args.dir, f"report-{args.split}.txt")
    order = sorted(range(len(recs)), key=lambda i: order_key(i, recs[i]))
    with open(report, "w", encoding="utf-8") as f:
        f.write(f"mojifix evaluation report\ncases: {cases}\n")
        if "ftfy" in names:
            f.write(f"ftfy {ftfy.__version__}\n")
        f.write(intro + "\n\n" + table + "\n\n" + head + "\n")
        for n in notes:
            f.write("NOTE: " + n + "\n")
        f.write("\nColumns: ex% = output equals the clean line (for kind "
                "clean: line left unchanged); >=20% = the same on lines whose "
                "clean text has >= 20 chars; undone% = mean of 1 - lev(out, "
                "clean)/lev(broken, clean); chg = clean lines changed.\n"
                "Invisible characters are shown as \\xNN / \\uNNNN below.\n")

        for nm in names:
            outs = outputs[nm]
            f.write(f"\n\n======== {nm}: per language (lossless broken: n, exact%; "
                    f"clean: n, changed) ========\n")
            langs = per_language(recs, outs)
            for lang in sorted(langs):
                n, ok, nc, chg = langs[lang]
                f.write(f"{lang:12} {n:6} {fmtp(pct(ok, n)):>7}   {nc:6} {chg:5}\n")

            f.write(f"\n\n======== {nm}: per script (lossless broken: n, "
                    f"exact%; clean: n, changed) ========\n")
            rows = per_script(recs, outs)
            for sc in sorted(rows, key=lambda k: -rows[k][0] - rows[k][2]):
                n, ok, nc, chg = rows[sc]
                f.write(f"{sc:14} {n:6} {fmtp(pct(ok, n)):>7}   {nc:6} {chg:5}\n")

            f.write(f"\n\n======== {nm}: clean lines changed "
                    f"(first {N_EXAMPLES}) ========\n")
            k = 0
            for i in order:
                r = recs[i]
                if r["kind"] == "clean" and outs[i] != r["clean"]:
                    f.write(f"[{r['lang']}]\n  clean: {show(r['clean'])}\n"
                            f"  out:   {show(outs[i])}\n")
                    k += 1
                    if k >= N_EXAMPLES:
                        break
            if k == 0:
                f.write("(none)\n")

            f.write(f"\n\n======== {nm}: misses per chain (first {N_EXAMPLES}"
                    " each) ========\n")
            misses = collections.defaultdict(list)
            for i in order:
                r = recs[i]
                if r["kind"] != "clean" and outs[i] != r["clean"]:
                    key = (r["kind"], r["chain"])
                    if len(misses[key]) < N_EXAMPLES:
                        misses[key].append(i)
            for key in sort_rows(set(misses)):
                g = results[nm][key]
                f.write(f"\n--- {key[0]} {key[1]}: {g.n - g.exact} misses of "
                        f"{g.n} ({g.left} left unchanged)\n")
                for i in misses[key]:
                    r = recs[i]
                    f.write(f"[{r['lang']}]\n  broken: {show(r['broken'])}\n"
                            f"  out:    {show(outs[i])}\n"
                            f"  clean:  {show(r['clean'])}\n")

        if not args.no_binary and idem_examples:
            nm = names[0]
            f.write(f"\n\n======== {nm}: not idempotent (first {N_EXAMPLES})"
                    " ========\n")
            for r, o1, o2 in idem_examples[:N_EXAMPLES]:
                f.write(f"[{r['lang']} {r['chain']}]\n  1st: {show(o1)}\n"
                        f"  2nd: {show(o2)}\n")

    summary = {
        "split": args.split, "cases": len(recs), "languages": n_langs,
        "tools": {nm: {"seconds": round(timing[nm], 2),
                       "not_idempotent": idem[nm],
                       "groups": {f"{k}/{c}": g.as_dict()
                                  for (k, c), g in sorted(results[nm].items())}}
                  for nm in names},
    }
    spath = os.path.join(args.dir, f"summary-{args.split}.json")
    with open(spath, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    print(f"\nreport: {report}\nsummary: {spath}")


if __name__ == "__main__":
    main()
