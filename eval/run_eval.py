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
import atexit
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
                 "changed", "gap", "gap_exact", "notrace", "undone_trace",
                 "new_fffd")

    def __init__(self):
        self.n = self.exact = self.n20 = self.exact20 = 0
        self.undone = 0.0
        self.nundone = 0    # lines scored for "damage undone"
        self.left = 0       # broken line returned unchanged
        self.changed = 0    # clean line changed
        self.gap = 0        # cases2: encoding_rs cannot re-encode the bytes
        self.gap_exact = 0
        self.notrace = 0    # cases2: nothing mis-decoded left in the line
        self.undone_trace = 0.0   # undone, summed over the other lines
        self.new_fffd = 0   # output has more U+FFFD than the input

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
            if rec.get("notrace"):
                self.notrace += 1
            if not ok and "\ufffd" in out and \
                    out.count("\ufffd") > broken.count("\ufffd"):
                self.new_fffd += 1
            if rec["kind"] in UNDONE:
                d0 = lev(broken, clean)
                u = 1.0 - (lev(out, clean) / d0 if d0 else 0.0)
                self.undone += u
                self.nundone += 1
                if not rec.get("notrace"):
                    self.undone_trace += u

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
        if self.notrace:
            d["notrace"] = self.notrace
            nt = self.nundone - self.notrace
            d["undone_trace_pct"] = (round(100.0 * self.undone_trace / nt, 2)
                                     if nt else None)
        if self.new_fffd:
            d["new_fffd"] = self.new_fffd
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
    gap: the cases2 layout, with more columns: undone% over the lines that
    still show a trace (tr), outputs with new U+FFFD (+fffd), cases flagged
    gap and notrace."""
    keys = set()
    for g in results.values():
        keys |= set(g)
    short = [nm[:8] for nm in names]
    cols = ([f"{nm} ex%" for nm in short] + ["n>=20"] +
            [f"{nm} >=20%" for nm in short] +
            [f"{nm} undone/chg" for nm in short])
    if gap:
        cols += [f"{nm} undone(tr)" for nm in short]
        cols += [f"{nm} +fffd" for nm in short]
        cols += ["gap", "notrace"]
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
            for g in gs:
                nt = g.nundone - g.notrace
                cells.append(fmtp(round(100.0 * g.undone_trace / nt, 2))
                             if kind in UNDONE and nt else "")
            cells += [str(g.new_fffd) if g.new_fffd else "" for g in gs]
            cells.append(str(gs[0].gap) if gs[0].gap else "")
            cells.append(str(gs[0].notrace) if gs[0].notrace else "")
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


# ---------------------------------------------------------------- cases2

def clean_breakdown(recs, outs):
    """Clean lines changed -> ({script: [n, changed]}, {cjk lang: [n, changed]})."""
    by_script = collections.defaultdict(lambda: [0, 0])
    by_lang = collections.defaultdict(lambda: [0, 0])
    for rec, out in zip(recs, outs):
        if rec["kind"] != "clean":
            continue
        chg = out != rec["clean"]
        row = by_script[script_of(rec["clean"])]
        row[0] += 1
        row[1] += chg
        if rec["lang"].split("_")[0] in CJK_LANGS:
            row = by_lang[rec["lang"]]
            row[0] += 1
            row[1] += chg
    return by_script, by_lang


def fmt_clean_breakdown(nm, by_script, by_lang):
    sc = sorted(by_script.items(), key=lambda kv: (-kv[1][0], kv[0]))
    tot = [sum(v[0] for v in by_lang.values()),
           sum(v[1] for v in by_lang.values())]
    return (f"{nm:>8}: clean lines changed by script: " +
            ", ".join(f"{k} {c}/{n}" for k, (n, c) in sc) +
            f"\n{nm:>8}: clean lines changed in CJK languages: " +
            ", ".join(f"{k} {c}/{n}" for k, (n, c) in sorted(by_lang.items())) +
            f" (all {tot[1]}/{tot[0]})")


# How the engine names the codecs in --explain plans.
PLAN_NAME = {
    "utf8": "utf-8", "latin1": "latin-1", "w1252": "windows-1252",
    "w1250": "windows-1250", "w1251": "windows-1251", "w1253": "windows-1253",
    "w1254": "windows-1254", "w1255": "windows-1255", "w1256": "windows-1256",
    "w1257": "windows-1257", "koi8r": "koi8-r", "cp866": "ibm866",
    "iso8859_7": "iso-8859-7", "iso8859_2": "iso-8859-2",
    "cp874": "windows-874", "cp850": "cp850", "cp437": "cp437",
    "macroman": "macintosh", "gbk": "gbk", "gb18030": "gb18030",
    "big5": "big5", "sjis": "shift_jis", "eucjp": "euc-jp", "euckr": "euc-kr"}


def expected_steps(chain):
    """Plan fragments that undo `chain` ("right>wrong", maybe -fffd/-drop)."""
    for suf in ("-fffd", "-drop"):
        if chain.endswith(suf):
            chain = chain[:-len(suf)]
    right, wrong = chain.split(">")
    rights = {PLAN_NAME.get(right, right)}
    wrongs = {PLAN_NAME.get(wrong, wrong)}
    for side in (rights, wrongs):   # one WHATWG decoder for both
        if side & {"gbk", "gb18030"}:
            side |= {"gbk", "gb18030"}
    return [f"encode {w}; decode {r}" for w in wrongs for r in rights] + \
           [f"reinterpret {w} as {r}" for w in wrongs for r in rights]


def snapshot_binary(cmd, workdir):
    """Copy the executable to a private temp file, so that a rebuild during
    the run cannot mix two builds across the passes. -> (cmd, tmpdir, info)"""
    exe = shutil.which(cmd[0])
    with open(exe, "rb") as f:
        data = f.read()
    info = (f"{exe} sha1 {hashlib.sha1(data).hexdigest()[:12]} mtime "
            + time.strftime("%Y-%m-%d %H:%M:%S",
                            time.localtime(os.path.getmtime(exe))))
    tmpdir = tempfile.mkdtemp(dir=workdir, prefix="bin-")
    path = os.path.join(tmpdir, os.path.basename(exe))
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o755)
    return [path] + cmd[1:], tmpdir, info


def explain_plans(cmd, lines, workdir):
    """Run `cmd --explain` over `lines` -> {index: plan}, or None when the
    command fails (a tool without --explain)."""
    if not lines:
        return {}
    with tempfile.NamedTemporaryFile("wb", dir=workdir, suffix=".in",
                                     delete=False) as f:
        f.write("".join(s + "\n" for s in lines).encode("utf-8"))
        path = f.name
    try:
        with open(path, "rb") as stdin:
            proc = subprocess.run(cmd + ["--explain"], stdin=stdin,
                                  stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
    finally:
        os.unlink(path)
    if proc.returncode != 0:
        return None
    plans = {}
    for ln in proc.stderr.decode("utf-8", "replace").splitlines():
        m = re.match(r"^(.*?):(\d+): (.*)$", ln)
        if m:
            plans[int(m.group(2)) - 1] = m.group(3).strip()
    return plans


def miss_class(rec, out, plan):
    """A short label for why `out` is not the clean line."""
    gap = ((" [gap]" if rec.get("gap") else "") +
           (" [no trace]" if rec.get("notrace") else "") +
           (" [+U+FFFD]" if out.count("\ufffd") > rec["broken"].count("\ufffd")
            else ""))
    if out == rec["broken"]:
        return "left unchanged" + gap
    if plan is None:
        return "changed (plan unknown)" + gap
    if any(x in plan for x in expected_steps(rec["chain"])):
        if plan in expected_steps(rec["chain"]):
            return "right plan, output differs" + gap
        return f"right chain in plan '{plan}', output differs" + gap
    return f"other plan: {plan}" + gap


def diff_ops(clean, out, limit=3):
    """The differing pieces clean -> out, e.g. ["'ア'->'�'"]."""
    ops = []
    sm = difflib.SequenceMatcher(None, clean, out, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            ops.append((clean[i1:i2], out[j1:j2]))
    return ops[:limit] if limit else ops


def fmt_op(a, b):
    return f"'{show(a[:12])}'->'{show(b[:12])}'"


def miss_patterns(recs, outs, plans, order):
    """-> {kind: [(label, count, n20, [example indices])]} over the misses,
    where label = "chain: class"; and {kind: Counter of (clean piece, out
    piece)} over the misses repaired with the right chain."""
    pats = collections.defaultdict(lambda: collections.defaultdict(list))
    pieces = collections.defaultdict(collections.Counter)
    classes = collections.defaultdict(collections.Counter)
    n_miss = collections.Counter()
    for i in order:
        rec, out = recs[i], outs[i]
        if out == rec["clean"]:
            continue
        kind = rec["kind"]
        n_miss[kind] += 1
        cls = miss_class(rec, out, plans.get(i) if plans is not None else None)
        pats[kind][f"{rec['chain']}: {cls}"].append(i)
        classes[kind][re.sub(r"^(other plan|right chain in plan).*?(?=( \[|$))",
                             r"\1", cls)] += 1
        if cls.startswith("right") and kind != "cjk-lossy":
            for a, b in diff_ops(rec["clean"], out, 0):
                pieces[kind][(rec["chain"], a[:12], b[:12])] += 1
    result = {}
    for kind, d in pats.items():
        rows = sorted(d.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        result[kind] = [(lab, len(ix), sum(len(recs[i]["clean"]) >= 20
                                           for i in ix), ix[:3])
                        for lab, ix in rows]
    return result, pieces, n_miss, classes


def write_patterns(f, nm, recs, outs, pats, pieces, n_miss, classes, limit):
    f.write(f"\n\n======== {nm}: cases2 miss patterns (chain: class; top "
            f"{limit} per kind, 3 examples each) ========\n"
            "classes: left unchanged | right plan, output differs (the "
            "plan undoes the case's chain, yet the output is not the clean "
            "line) | other plan: <plan from --explain>; tags: [gap] = "
            "encoding_rs cannot re-encode the bytes, [no trace] = nothing "
            "mis-decoded left in the line, [+U+FFFD] = the output has more "
            "U+FFFD than the input\n")
    for kind in [k for k in KIND_ORDER if k in pats]:
        rows = pats[kind]
        f.write(f"\n--- {kind}: {n_miss[kind]} misses, "
                f"{len(rows)} patterns\n  by class: " + ", ".join(
                    f"{c} {n}" for c, n in classes[kind].most_common()) + "\n")
        for lab, cnt, n20, ix in rows[:limit]:
            f.write(f"{cnt:7} ({100.0 * cnt / n_miss[kind]:5.1f}% of misses,"
                    f" {n20} >=20 chars)  {lab}\n")
            for i in ix:
                r = recs[i]
                ops = ", ".join(fmt_op(a, b)
                                for a, b in diff_ops(r["clean"], outs[i]))
                f.write(f"          [{r['lang']}] broken: {show(r['broken'])}\n"
                        f"                 out:    {show(outs[i])}\n"
                        f"                 clean:  {show(r['clean'])}\n"
                        f"                 diff:   {ops}\n")
        if pieces.get(kind):
            f.write(f"  most common differing pieces (clean -> out) when "
                    f"the right chain was applied:\n")
            for (chain, a, b), cnt in pieces[kind].most_common(limit):
                f.write(f"    {cnt:6}  {chain:16} {fmt_op(a, b)}\n")


def load_cases(path, limit):
    recs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            recs.append(json.loads(line))
            if limit and len(recs) >= limit:
                break
    return recs


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
                    help="use only the first N cases of each file (quick "
                         "checks)")
    ap.add_argument("--sets", choices=["cases", "cases2", "both"],
                    default="both",
                    help="cases-<split>.jsonl (the original kinds), "
                         "cases2-<split>.jsonl (cjk, cjk-lossy, cjk-legacy, "
                         "legacy) or both (default; cases2 is skipped with "
                         "a note when its file is missing)")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="run the binary in place instead of a private copy "
                         "(a copy is the default so that a rebuild during "
                         "the run cannot mix two builds)")
    ap.add_argument("--no-explain", action="store_true",
                    help="don't run the cases2 misses through the binary "
                         "with --explain (miss patterns then lack plans)")
    args = ap.parse_args()

    if args.no_binary and not args.ftfy:
        sys.exit("nothing to evaluate: --no-binary without --ftfy")
    notes = []
    recs, recs2 = [], []
    cases = os.path.join(args.dir, f"cases-{args.split}.jsonl")
    cases2 = os.path.join(args.dir, f"cases2-{args.split}.jsonl")
    if args.sets in ("cases", "both"):
        if not os.path.exists(cases):
            sys.exit(f"{cases} not found: run eval/build_corpus.py and "
                     "eval/make_cases.py first")
        recs = load_cases(cases, args.limit)
    if args.sets in ("cases2", "both"):
        if os.path.exists(cases2):
            recs2 = load_cases(cases2, args.limit)
        elif args.sets == "cases2":
            sys.exit(f"{cases2} not found: run eval/make_cases.py first")
        else:
            notes.append(f"{cases2} not found: new kinds not evaluated")
    # One run over both files; outputs are split back afterwards.
    allrecs = recs + recs2
    inputs = [r["broken"] for r in allrecs]
    broken_idx = [i for i, r in enumerate(allrecs) if r["kind"] != "clean"]
    n1 = len(recs)

    outs_all, timing, idem, idem2 = {}, {}, {}, {}
    names = []
    idem_examples, idem2_examples = [], []
    plans = None
    cmd = None

    def count_idem(nm, outs, again):
        bad = [(i, again[j]) for j, i in enumerate(broken_idx)
               if again[j] != outs[i]]
        idem[nm] = sum(1 for i, _ in bad if i < n1)
        idem2[nm] = sum(1 for i, _ in bad if i >= n1)
        return ([(allrecs[i], outs[i], a) for i, a in bad if i < n1],
                [(allrecs[i], outs[i], a) for i, a in bad if i >= n1])

    if not args.no_binary:
        cmd = shlex.split(args.binary)
        exe = shutil.which(cmd[0]) if cmd else None
        if not exe:
            sys.exit(f"binary not found: {args.binary}")
        name = args.name or os.path.basename(cmd[0])
        names.append(name)
        if not args.no_snapshot:
            cmd, snapdir, bininfo = snapshot_binary(cmd, args.dir)
            atexit.register(shutil.rmtree, snapdir, True)
            notes.append(f"binary: {bininfo} (run from a private copy)")
        outs, dt, bad = run_binary(cmd, inputs, args.dir, name)
        outs_all[name], timing[name] = outs, dt
        if bad:
            notes.append(f"{name}: {bad} output lines were not valid UTF-8")
        again, dt2, _ = run_binary(cmd, [outs[i] for i in broken_idx],
                                   args.dir, name + " (2nd pass)")
        idem_examples, idem2_examples = count_idem(name, outs, again)
    if args.ftfy:
        import ftfy
        names.append("ftfy")
        outs, dt = run_ftfy(inputs)
        outs_all["ftfy"], timing["ftfy"] = outs, dt
        again, _ = run_ftfy([outs[i] for i in broken_idx])
        count_idem("ftfy", outs, again)
    outputs = {nm: o[:n1] for nm, o in outs_all.items()}
    outputs2 = {nm: o[n1:] for nm, o in outs_all.items()}

    results = {nm: score(recs, outputs[nm]) for nm in names}
    table = fmt_table(results, names) if recs else ""
    head = headline(results, names, idem, recs) if recs else ""
    tim = ", ".join(f"{nm} {timing[nm]:.1f}s ({len(inputs) / max(timing[nm], 1e-9):,.0f} lines/s)"
                    for nm in names)
    n_langs = len({r["lang"] for r in allrecs})
    intro = (f"split {args.split}: {len(recs)} cases"
             + (f" + {len(recs2)} cases2" if recs2 else "")
             + f", {n_langs} languages; time: {tim}")
    clean_bd = {nm: clean_breakdown(recs, outputs[nm]) for nm in names}
    clean_txt = "\n".join(fmt_clean_breakdown(nm, *clean_bd[nm])
                          for nm in names) if recs else ""
    print(intro)
    if recs:
        print(table)
        print()
        print(head)
        print(clean_txt)

    # ---- cases2: own table, own idempotence count, miss patterns
    results2, table2, head2 = {}, "", ""
    pats = {}
    if recs2:
        results2 = {nm: score(recs2, outputs2[nm], LOSSLESS2) for nm in names}
        table2 = fmt_table(results2, names, gap=True)
        head2 = "\n".join(
            f"{nm:>8}: new kinds: lossless (cjk, cjk-legacy, legacy) "
            f"{fmtp(pct(results2[nm][('lossless', '*')].exact, results2[nm][('lossless', '*')].n))}%"
            f", cjk-lossy exact {fmtp(pct(results2[nm][('cjk-lossy', '*')].exact, results2[nm][('cjk-lossy', '*')].n))}%"
            f" / undone {fmtp(round(100 * results2[nm][('cjk-lossy', '*')].undone / results2[nm][('cjk-lossy', '*')].n, 2) if results2[nm][('cjk-lossy', '*')].n else None)}%"
            f", not idempotent {idem2[nm]}/{len(recs2)}"
            for nm in names)
        print(f"\n==== new kinds (cases2-{args.split}.jsonl, {len(recs2)} "
              "cases; gap = cases encoding_rs cannot re-encode) ====")
        print(table2)
        print()
        print(head2)
        order2 = sorted(range(len(recs2)), key=lambda i: order_key(i, recs2[i]))
        if cmd is not None and not args.no_explain:
            o2 = outputs2[names[0]]
            miss_ix = [i for i in range(len(recs2))
                       if o2[i] != recs2[i]["clean"] and o2[i] != recs2[i]["broken"]]
            got = explain_plans(cmd, [recs2[i]["broken"] for i in miss_ix],
                                args.dir)
            if got is None:
                notes.append(f"{names[0]} --explain failed: miss patterns "
                             "without plans")
            else:
                plans = {miss_ix[j]: p for j, p in got.items()}
        for nm in names:
            p = plans if nm == names[0] else None
            pats[nm] = miss_patterns(recs2, outputs2[nm], p, order2)
    for n in notes:
        print("NOTE:", n)

    # ---- detailed report
    report = args.report or os.path.join(args.dir, f"report-{args.split}.txt")
    order = sorted(range(len(recs)), key=lambda i: order_key(i, recs[i]))
    with open(report, "w", encoding="utf-8") as f:
        f.write(f"mojifix evaluation report\ncases: {cases if recs else '-'}"
                + (f"\ncases2: {cases2}" if recs2 else "") + "\n")
        if "ftfy" in names:
            f.write(f"ftfy {ftfy.__version__}\n")
        f.write(intro + "\n\n" + table + "\n\n" + head + "\n")
        if recs:
            f.write(clean_txt + "\n")
        if recs2:
            f.write(f"\n==== new kinds (cases2-{args.split}.jsonl) ====\n"
                    + table2 + "\n\n" + head2 + "\n")
        for n in notes:
            f.write("NOTE: " + n + "\n")
        f.write("\nColumns: ex% = output equals the clean line (for kind "
                "clean: line left unchanged); >=20% = the same on lines whose "
                "clean text has >= 20 chars; undone% = mean of 1 - lev(out, "
                "clean)/lev(broken, clean); chg = clean lines changed; gap = "
                "cases whose bytes encoding_rs cannot re-encode.\n"
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

            if recs2:
                outs = outputs2[nm]
                f.write(f"\n\n======== {nm}: cases2 per kind and script of "
                        "the clean line (n, exact%) ========\n")
                ks = collections.defaultdict(lambda: [0, 0])
                for r, o in zip(recs2, outs):
                    row = ks[(r["kind"], script_of(r["clean"]))]
                    row[0] += 1
                    row[1] += o == r["clean"]
                for (kind, sc) in sorted(ks, key=lambda k: (
                        KIND_ORDER.index(k[0]), -ks[k][0])):
                    n, ok = ks[(kind, sc)]
                    f.write(f"{kind:10} {sc:14} {n:6} {fmtp(pct(ok, n)):>7}\n")
                write_patterns(f, nm, recs2, outs, *pats[nm], N_PATTERNS)
                f.write(f"\n\n======== {nm}: cases2 misses per chain (first "
                        f"{N_EXAMPLES} each) ========\n")
                order2 = sorted(range(len(recs2)),
                                key=lambda i: order_key(i, recs2[i]))
                misses = collections.defaultdict(list)
                for i in order2:
                    r = recs2[i]
                    if outs[i] != r["clean"]:
                        key = (r["kind"], r["chain"])
                        if len(misses[key]) < N_EXAMPLES:
                            misses[key].append(i)
                for key in sort_rows(set(misses)):
                    g = results2[nm][key]
                    f.write(f"\n--- {key[0]} {key[1]}: {g.n - g.exact} misses "
                            f"of {g.n} ({g.left} left unchanged)\n")
                    for i in misses[key]:
                        r = recs2[i]
                        gap = " gap" if r.get("gap") else ""
                        f.write(f"[{r['lang']}{gap}]\n  broken: {show(r['broken'])}\n"
                                f"  out:    {show(outs[i])}\n"
                                f"  clean:  {show(r['clean'])}\n")

        if not args.no_binary and idem_examples:
            nm = names[0]
            f.write(f"\n\n======== {nm}: not idempotent (first {N_EXAMPLES})"
                    " ========\n")
            for r, o1, o2 in idem_examples[:N_EXAMPLES]:
                f.write(f"[{r['lang']} {r['chain']}]\n  1st: {show(o1)}\n"
                        f"  2nd: {show(o2)}\n")
        if not args.no_binary and idem2_examples:
            nm = names[0]
            f.write(f"\n\n======== {nm}: cases2 not idempotent (first "
                    f"{N_EXAMPLES}) ========\n")
            for r, o1, o2 in idem2_examples[:N_EXAMPLES]:
                f.write(f"[{r['lang']} {r['kind']} {r['chain']}]\n"
                        f"  1st: {show(o1)}\n  2nd: {show(o2)}\n")

    summary = {
        "split": args.split, "cases": len(recs),
        "languages": len({r["lang"] for r in recs}),
        "tools": {nm: {"seconds": round(timing[nm], 2),
                       "not_idempotent": idem[nm],
                       "groups": {f"{k}/{c}": g.as_dict()
                                  for (k, c), g in sorted(results[nm].items())}}
                  for nm in names},
    }
    for nm in names:
        if recs:
            bs, bl = clean_bd[nm]
            summary["tools"][nm]["clean_changed_by_script"] = {
                k: {"n": v[0], "changed": v[1]} for k, v in sorted(bs.items())}
            summary["tools"][nm]["clean_changed_cjk_langs"] = {
                k: {"n": v[0], "changed": v[1]} for k, v in sorted(bl.items())}
    if recs2:
        summary["cases2"] = {
            "cases": len(recs2),
            "languages": len({r["lang"] for r in recs2}),
            "tools": {nm: {
                "not_idempotent": idem2[nm],
                "groups": {f"{k}/{c}": g.as_dict()
                           for (k, c), g in sorted(results2[nm].items())},
                "miss_patterns": {
                    kind: [{"pattern": lab, "n": cnt, "n20": n20}
                           for lab, cnt, n20, _ in rows[:N_PATTERNS]]
                    for kind, rows in pats[nm][0].items()}}
                for nm in names}}
    summary["notes"] = notes
    spath = os.path.join(args.dir, f"summary-{args.split}.json")
    with open(spath, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    print(f"\nreport: {report}\nsummary: {spath}")


if __name__ == "__main__":
    main()
