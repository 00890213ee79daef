"""mojifix inside a real distributed engine: a Dask cluster of two worker
processes, started here, repairs a partitioned dataset; the result must
equal the single-process result."""

from __future__ import annotations

import os

import pytest

import mojifix

distributed = pytest.importorskip("distributed")
dask_bag = pytest.importorskip("dask.bag")

SENTENCES = [
    "The café serves crème brûlée and a piña colada.",
    "Привет, мир! Как дела у тебя сегодня?",
    "Ελληνικά: καλημέρα σε όλους τους φίλους.",
    "Zażółć gęślą jaźń — powiedział nauczyciel.",
    "Ärger über Öl und Übermut in Straßen.",
    "Čeština má háčky a čárky: příliš žluťoučký kůň.",
    "Türkçe: ağaç, şeker, ılık, göğüs.",
    "She said “hello” — and didn’t wait…",
    "Just a plain ASCII sentence.",
]

# (codec the UTF-8 bytes are read with, errors) for each way of breaking.
BREAKS = [
    ("cp1252", "replace"),
    ("latin-1", "strict"),
    ("cp1251", "replace"),
    ("mac_roman", "strict"),
    ("cp1250", "replace"),
    (None, None),  # left clean
]


def dataset(n: int):
    """``n`` lines: (original, broken) pairs, each sentence broken with
    Python's own codecs, some twice."""
    pairs = []
    for i in range(n):
        sentence = f"{SENTENCES[i % len(SENTENCES)]} #{i}"
        codec, errors = BREAKS[i % len(BREAKS)]
        text = sentence
        if codec is not None:
            text = text.encode("utf-8").decode(codec, errors=errors)
            if i % 7 == 0:
                text = text.encode("utf-8").decode(codec, errors=errors)
        pairs.append((sentence, text))
    return pairs


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
        host="127.0.0.1",
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def test_dask_bag_equals_single_process(client):
    pairs = dataset(3000)
    broken = [b for _, b in pairs]
    single = [mojifix.fix(t) for t in broken]

    bag = dask_bag.from_sequence(broken, npartitions=12)
    per_item = bag.map(mojifix.fix).compute()
    per_partition = bag.map_partitions(mojifix.fix_texts).compute()

    assert per_item == single
    assert per_partition == single
    # The work ran in the worker processes, not in this one.
    assert len(client.scheduler_info()["workers"]) == 2
    pids = set(bag.map_partitions(lambda part: [os.getpid()]).compute())
    assert pids and os.getpid() not in pids
    # And it repaired: most broken lines came back as they were written.
    restored = sum(1 for (orig, b), f in zip(pairs, single) if b != orig and f == orig)
    damaged = sum(1 for orig, b in pairs if b != orig)
    assert restored >= 0.8 * damaged


def test_dask_dataframe_column_equals_single_process(client):
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    pairs = dataset(2000)
    frame = pd.DataFrame({"id": range(len(pairs)), "text": [b for _, b in pairs]})
    ddf = dd.from_pandas(frame, npartitions=6)
    fixed = ddf["text"].map_partitions(
        lambda s: pd.Series(mojifix.fix_texts(s.tolist()), index=s.index, dtype=object),
        meta=("text", object),
    )
    got = fixed.compute().tolist()
    assert got == [mojifix.fix(t) for t in frame["text"]]
