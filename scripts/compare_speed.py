#!/usr/bin/env python3
"""Whole-process throughput of `mojifix` next to ftfy, on generated text.

Generates six kinds of input (clean ASCII, clean multilingual, clean CJK,
5 % mojibake, 100 % mojibake, adversarial), times `mojifix < file >
/dev/null` on each (best of --runs), times ftfy's `fix_encoding` (and, with
--fix-text, `fix_text`) line by line in this Python process, and prints both
throughputs in MB/s (10^6 bytes per second) and their ratio. Then it checks
that adversarial input scales linearly (10x the input in at most 15x the
time) and measures peak memory (max RSS from /usr/bin/time -v) on a large
clean file.

ftfy is slow, so it runs on the first --ftfy-mb megabytes of each file (a
prefix of whole lines). Its throughput is that sample's bytes over that
sample's time: a per-megabyte rate, extrapolated to the whole file on the
assumption that ftfy's cost is linear in its input. The table says so.

Usage:
    cargo build --release
    pip install ftfy
    python3 scripts/compare_speed.py                 # 50 MB files, ftfy on 2 MB
    python3 scripts/compare_speed.py --mb 5 --ftfy-mb 0.5 --memory-mb 20
    python3 scripts/compare_speed.py --binary "target/release/mojifix --jobs 2"

Every file is generated from a fixed seed: the same options give the same
bytes.
"""

import argparse
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time

# Sentences in many scripts: the clean material every file is built from.
SENTENCES = [
    "The committee will publish its report on the first of March.",
    "Shipping is free for orders over fifty dollars; returns take ten days.",
    "Le comité publiera son rapport le premier mars, après la séance.",
    "Der Ausschuss veröffentlicht seinen Bericht am ersten März.",
    "El comité publicará su informe el primero de marzo, según el acta.",
    "O comitê publicará o relatório no dia primeiro de março.",
    "Komisja opublikuje swoje sprawozdanie pierwszego marca.",
    "Výbor zveřejní svou zprávu prvního března.",
    "A bizottság március elsején teszi közzé a jelentését.",
    "Komite raporunu bir Mart'ta yayımlayacak.",
    "Utskottet publicerar sin rapport den första mars.",
    "Комитет опубликует свой доклад первого марта.",
    "Комітет оприлюднить свою доповідь першого березня.",
    "Η επιτροπή θα δημοσιεύσει την έκθεσή της την πρώτη Μαρτίου.",
    "הוועדה תפרסם את הדוח שלה בראשון במרץ.",
    "اللجنة ستنشر تقريرها في الأول من مارس.",
    "คณะกรรมการจะเผยแพร่รายงานในวันที่หนึ่งมีนาคม",
    "समिति एक मार्च को अपनी रिपोर्ट प्रकाशित करेगी।",
    "Ủy ban sẽ công bố báo cáo vào ngày một tháng ba.",
    "委员会将于三月一日发表报告。",
    "委員會將於三月一日發表報告。",
    "委員会は三月一日に報告書を公表する。",
    "위원회는 3월 1일에 보고서를 발표한다.",
    "“Quoted” text — with dashes… and a price of 5 € or £4.",
]

ASCII = [s for s in SENTENCES if s.isascii()]
CJK = [s for s in SENTENCES if any("\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7a3" for c in s)]


def sloppy_decode(data, codec):
    """Decodes bytes like a sloppy single-byte decoder: bytes the codec
    leaves undefined become the C1 control (or latin-1 letter) of that
    value, as browsers and Windows tools do."""
    out = []
    for b in data:
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def break_line(line, rng):
    """One line of mojibake, through one of a few common chains."""
    roll = rng.random()
    if roll < 0.55:
        return sloppy_decode(line.encode("utf-8"), "windows-1252")
    if roll < 0.65:
        return line.encode("utf-8").decode("latin-1")
    if roll < 0.8:
        return sloppy_decode(line.encode("utf-8"), "windows-1251")
    if roll < 0.9:
        return line.encode("utf-8").decode("gbk", errors="replace")
    # Two layers.
    once = sloppy_decode(line.encode("utf-8"), "windows-1252")
    return sloppy_decode(once.encode("utf-8"), "windows-1252")


def clean_line(rng, pool):
    return " ".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))


def generate(kind, size, seed=1):
    """About `size` bytes of `kind`, whole lines, as a str."""
    rng = random.Random(f"{kind}-{seed}")
    parts = []
    total = 0
    while total < size:
        if kind == "clean-ascii":
            line = clean_line(rng, ASCII)
        elif kind == "clean-multilingual":
            line = clean_line(rng, SENTENCES)
        elif kind == "clean-cjk":
            line = clean_line(rng, CJK)
        elif kind == "mojibake-5":
            line = clean_line(rng, SENTENCES)
            if rng.random() < 0.05:
                line = break_line(line, rng)
        elif kind == "mojibake-100":
            line = break_line(clean_line(rng, [s for s in SENTENCES if not s.isascii()]), rng)
        elif kind == "adversarial":
            line = adversarial_line(rng)
        else:
            raise ValueError(kind)
        line += "\n"
        parts.append(line)
        total += len(line.encode("utf-8"))
    return "".join(parts)


def adversarial_line(rng):
    """Lines built to make a detector work hard: long runs of mojibake
    lead characters, of `鈥` and `â€`, of U+FFFD, and scripts alternating
    character by character, some of them very long."""
    n = rng.choice([50, 500, 5000, 20000])
    pattern = rng.choice(["Ã", "鈥", "â€", "\ufffd", "Ã ", "Ã©", "аБвГ", "aЖ日é", "Ð?", "ÃÂ"])
    return (pattern * (n // len(pattern) + 1))[:n]


KINDS = ["clean-ascii", "clean-multilingual", "clean-cjk", "mojibake-5", "mojibake-100", "adversarial"]


def write_file(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def time_binary(binary, path, runs):
    """Best wall-clock time of `binary < path > /dev/null`, in seconds."""
    best = float("inf")
    for _ in range(runs):
        with open(path, "rb") as src, open(os.devnull, "wb") as dst:
            start = time.perf_counter()
            subprocess.run(shlex.split(binary), stdin=src, stdout=dst, check=True)
            best = min(best, time.perf_counter() - start)
    return best


def time_ftfy(func, lines, runs):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for line in lines:
            func(line)
        best = min(best, time.perf_counter() - start)
    return best


def max_rss_kib(binary, path):
    """Peak resident memory of `binary < path > /dev/null`, in KiB."""
    with open(path, "rb") as src, open(os.devnull, "wb") as dst:
        proc = subprocess.run(
            ["/usr/bin/time", "-v"] + shlex.split(binary),
            stdin=src,
            stdout=dst,
            stderr=subprocess.PIPE,
            check=True,
            text=True,
        )
    for line in proc.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1])
    raise RuntimeError("no max RSS in /usr/bin/time output")


def mbps(nbytes, seconds):
    return nbytes / 1e6 / seconds if seconds > 0 else float("inf")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default="target/release/mojifix", help="command to time (split with shell rules)")
    ap.add_argument("--mb", type=float, default=50, help="size of each file for mojifix, in MB")
    ap.add_argument("--ftfy-mb", type=float, default=2, help="size of ftfy's sample of each file, in MB")
    ap.add_argument("--runs", type=int, default=3, help="best of this many runs")
    ap.add_argument("--fix-text", action="store_true", help="also time ftfy.fix_text (slower still)")
    ap.add_argument("--no-ftfy", action="store_true")
    ap.add_argument("--adversarial-mb", type=float, default=2, help="the 1x size of the scaling check")
    ap.add_argument("--memory-mb", type=float, default=200, help="size of the peak-memory file, 0 to skip")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--dir", default=None, help="where to write the files (default: a temporary directory)")
    args = ap.parse_args()

    ftfy = None
    if not args.no_ftfy:
        try:
            import ftfy  # noqa: F811
        except ImportError:
            print("ftfy is not installed (pip install ftfy): timing mojifix alone", file=sys.stderr)

    workdir = args.dir or tempfile.mkdtemp(prefix="mojifix-speed-")
    os.makedirs(workdir, exist_ok=True)
    size = int(args.mb * 1e6)
    print(f"files in {workdir}; mojifix on {args.mb:g} MB per file, best of {args.runs}")
    if ftfy:
        print(
            f"ftfy {ftfy.__version__} on the first {args.ftfy_mb:g} MB of each file (whole lines): "
            "its MB/s is a per-MB rate extrapolated from that sample"
        )
    cols = ["kind", "MB", "mojifix MB/s"]
    if ftfy:
        cols += ["ftfy fix_encoding MB/s", "ratio"]
        if args.fix_text:
            cols += ["ftfy fix_text MB/s", "ratio"]
    rows = []
    for kind in args.kinds.split(","):
        text = generate(kind, size)
        path = os.path.join(workdir, f"{kind}.txt")
        write_file(path, text)
        nbytes = os.path.getsize(path)
        seconds = time_binary(args.binary, path, args.runs)
        ours = mbps(nbytes, seconds)
        row = [kind, f"{nbytes / 1e6:.1f}", f"{ours:.1f}"]
        if ftfy:
            sample, sample_bytes = [], 0
            for line in text.splitlines(keepends=True):
                if sample_bytes >= args.ftfy_mb * 1e6:
                    break
                sample.append(line)
                sample_bytes += len(line.encode("utf-8"))
            theirs = mbps(sample_bytes, time_ftfy(ftfy.fix_encoding, sample, 1))
            row += [f"{theirs:.2f}", f"{ours / theirs:.2f}x"]
            if args.fix_text:
                theirs = mbps(sample_bytes, time_ftfy(ftfy.fix_text, sample, 1))
                row += [f"{theirs:.2f}", f"{ours / theirs:.2f}x"]
        rows.append(row)
        print("  " + "  ".join(row), flush=True)
        del text
        if not args.dir:
            os.remove(path)
    print()
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(row) + " |")

    if args.adversarial_mb > 0:
        print()
        small = os.path.join(workdir, "adversarial-1x.txt")
        large = os.path.join(workdir, "adversarial-10x.txt")
        write_file(small, generate("adversarial", int(args.adversarial_mb * 1e6), seed=2))
        write_file(large, generate("adversarial", int(args.adversarial_mb * 10e6), seed=2))
        t1 = time_binary(args.binary, small, args.runs)
        t10 = time_binary(args.binary, large, args.runs)
        ratio = t10 / t1
        verdict = "linear" if ratio <= 15 else "SUPERLINEAR"
        print(
            f"adversarial scaling: {os.path.getsize(small) / 1e6:.1f} MB in {t1:.3f} s, "
            f"{os.path.getsize(large) / 1e6:.1f} MB in {t10:.3f} s: {ratio:.1f}x the time for 10x "
            f"the input ({verdict}; the bound is 15x)"
        )
        if not args.dir:
            os.remove(small)
            os.remove(large)

    if args.memory_mb > 0:
        path = os.path.join(workdir, "memory.txt")
        with open(path, "w", encoding="utf-8", newline="") as f:
            block = generate("mojibake-5", 10_000_000, seed=3)
            written = 0
            while written < args.memory_mb * 1e6:
                f.write(block)
                written += len(block.encode("utf-8"))
        rss = max_rss_kib(args.binary, path)
        print(
            f"peak memory on {os.path.getsize(path) / 1e6:.0f} MB of 5 % mojibake: "
            f"{rss / 1024:.1f} MiB max RSS (the bound is 64 MiB)"
        )
        if not args.dir:
            os.remove(path)


if __name__ == "__main__":
    main()
