"""Repair text files on a Dask cluster with mojifix.

    python examples/dask_fix.py INPUT [INPUT ...] --out DIR [--scheduler ADDRESS]

Each input file is read as UTF-8 lines (a glob such as 'data/*.txt' or
's3://bucket/logs/*.txt' works too, with the matching fsspec package), split
into partitions, repaired on the workers with ``mojifix.fix_texts`` (one
call per partition, on every core of each worker) and written to DIR as one
file per partition.

Without ``--scheduler`` a local cluster of two worker processes is started;
with it, the script joins an existing cluster (``tcp://host:8786``), whose
workers must have mojifix installed. Without inputs, it repairs a generated
sample, checks the result against a single-process run and prints a
summary.
"""

from __future__ import annotations

import argparse
import sys
from typing import List

import dask.bag as db
from distributed import Client, LocalCluster

import mojifix

SAMPLE = [
    "The café serves crème brûlée.",
    "Привет, мир! Как дела?",
    "Zażółć gęślą jaźń.",
    "She said “hello” and didn’t wait.",
]


def repair_lines(lines: List[str]) -> List[str]:
    """One partition: every line repaired, line endings kept."""
    return [line or "" for line in mojifix.fix_texts(lines)]


def repair_file_lines(lines: List[str]) -> List[str]:
    """One partition of a file: repaired, without the line endings that
    ``to_textfiles`` writes back."""
    return [line[:-1] if line.endswith("\n") else line for line in repair_lines(lines)]


def sample() -> List[str]:
    out = []
    for i in range(4000):
        sentence = f"{SAMPLE[i % len(SAMPLE)]} ({i})"
        codec = ("cp1252", "cp1251", "latin-1", "mac_roman")[i % 4]
        out.append(sentence.encode("utf-8").decode(codec, errors="replace"))
    return out


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("inputs", nargs="*", help="text files or globs (UTF-8)")
    parser.add_argument("--out", help="output directory (one file per partition)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    parser.add_argument("--workers", type=int, default=2, help="local worker processes")
    parser.add_argument("--blocksize", default="64MiB", help="bytes per partition of a file")
    args = parser.parse_args(argv)
    if args.inputs and not args.out:
        parser.error("--out is needed with input files")

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, processes=True, threads_per_worker=1)
        client = Client(cluster)
    try:
        if args.inputs:
            bag = db.read_text(args.inputs, blocksize=args.blocksize, encoding="utf-8")
            bag.map_partitions(repair_file_lines).to_textfiles(
                f"{args.out.rstrip('/')}/part-*.txt",
                encoding="utf-8",
                last_endline=True,
                compute=True,
            )
            print(f"wrote {args.out}", file=sys.stderr)
        else:
            lines = sample()
            fixed = db.from_sequence(lines, npartitions=8).map_partitions(repair_lines).compute()
            single = [mojifix.fix(t) for t in lines]
            changed = sum(a != b for a, b in zip(lines, fixed))
            print(f"{len(lines)} lines on {len(client.scheduler_info()['workers'])} workers, "
                  f"{changed} repaired; equal to one process: {fixed == single}")
            for before, after in list(zip(lines, fixed))[:4]:
                print(f"  {before!r} -> {after!r}")
            return 0 if fixed == single else 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
