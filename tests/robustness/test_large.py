"""Large input (issue 8): one 50 MB document and 20,000 tiny ones.

The expected counts are not hard-coded: paragraphs are independent (a paragraph
break always ends a sentence, and frame matches never cross a sentence), so the
big document must give exactly the sum of what each of its paragraphs gives on
its own.  Memory is sampled with psutil while the chain runs.
"""

from __future__ import annotations

import collections
import json
import random
import threading
import time
import warnings

import pandas as pd
import psutil
import pytest

import researchlib as rl

pytestmark = pytest.mark.slow

PARAGRAPHS = [
    'North Korean leader Kim Jong Un said, "We share blood with our Russian brothers, and our '
    'alliance is the sincerest one." He added that the soldiers fought in the same trench.',
    'Russian President Vladimir Putin praised "the heroic entry of soldiers" into the battle. '
    "According to the Kremlin, the talks lasted 3.5 hours on Dec. 18 in Pyongyang.",
    'Dr. Smith of the U.S. State Department told reporters: "This is not a fraternal '
    'relationship; it is a transaction." The ministry declined to comment.',
    '"Our victory is certain," the letter read. "The enemy will be crushed, and righteousness '
    'will triumph over aggression."',
    "The General Assembly met at 10 a.m. on Tuesday. Delegates of committee No. 3 discussed war, "
    "peace, sacrifice and unity, etc. Nobody spoke of blood ties.",
    "In his words, the comradeship between the two peoples \u201cwill last forever.\u201d "
    "Mr. Lavrov wished his counterpart good health and happiness in the New Year!",
    "Some said the meeting was cordial\u2026 Others disagreed? The statement, issued late at "
    "night, called for solidarity and friendship among all nations.",
    "\u0642\u0627\u0644 \u0627\u0644\u0631\u0626\u064a\u0633 \u00ab\u0646\u062d\u0646 "
    "\u0625\u062e\u0648\u0629\u00bb. \u91d1\u6b63\u6069\u8bf4\uff1a\u201c\u6211\u4eec\u662f"
    "\u5144\u5f1f\u3002\u201d We share blood \U0001f91d with brothers.",
]
BIG_BYTES = 50 * 2**20
MEMORY_LIMIT = 1.5 * 2**30
NO_QUOTES = pd.DataFrame(
    {
        "doc_id": pd.Series(dtype=str),
        "quote_id": pd.Series(dtype="int64"),
        "start": pd.Series(dtype="int64"),
        "end": pd.Series(dtype="int64"),
        "speaker": pd.Series(dtype=str),
    }
)


class PeakRSS:
    """Sample this process's RSS in a thread; ``growth`` is peak minus the RSS at entry."""

    def __init__(self, every: float = 0.05):
        self.every, self.process = every, psutil.Process()
        self.peak = self.start = 0
        self._stop = threading.Event()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(self.every)

    def __enter__(self):
        self.start = self.peak = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth(self) -> int:
        return self.peak - self.start


def _paragraph(k: int, i: int) -> str:
    return f"{PARAGRAPHS[k]} (Item {i}.)"


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    """A ~50 MB UTF-8 text of varied paragraphs, with the template of each paragraph."""
    rnd = random.Random(8)
    parts, kinds, size, i = [], [], 0, 0
    while size < BIG_BYTES:
        k = rnd.randrange(len(PARAGRAPHS))
        part = _paragraph(k, i)
        parts.append(part)
        kinds.append(k)
        size += len(part.encode("utf-8")) + 2
        i += 1
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_text("\n\n".join(parts), encoding="utf-8")
    assert path.stat().st_size >= BIG_BYTES
    return path, kinds


def _per_template(fn) -> list:
    """``fn`` applied to each template paragraph alone (with a representative item number)."""
    docs = pd.DataFrame(
        {
            "doc_id": [f"t{k}" for k in range(len(PARAGRAPHS))],
            "text": [rl.clean_text(_paragraph(k, 12345)) for k in range(len(PARAGRAPHS))],
            "speaker": [None] * len(PARAGRAPHS),
        }
    )
    return fn(docs)


def _check_sample(table, text: str, column: str, n: int = 500, seed: int = 0):
    rnd = random.Random(seed)
    rows = rnd.sample(range(len(table)), min(n, len(table)))
    starts, ends, values = (table[c].to_numpy() for c in ("start", "end", column))
    for r in rows:
        assert 0 <= starts[r] <= ends[r] <= len(text)
        assert text[starts[r] : ends[r]] == values[r]


class _Stages:
    """Wall time per named stage, printed for the reader, never asserted (speed is benchmarks/')."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    def run(self, name: str, func, *args, **kwargs):
        t0 = time.perf_counter()
        out = func(*args, **kwargs)
        self.seconds[name] = time.perf_counter() - t0
        return out

    def __str__(self) -> str:
        return json.dumps({k: round(v, 1) for k, v in self.seconds.items()}) + " s"


def test_fifty_megabyte_document(big_file):
    path, kinds = big_file
    lexicon = rl.default_lexicon()
    stages = _Stages()
    with PeakRSS() as memory:
        docs = stages.run("load", rl.load_corpus, path)
        sents = stages.run("sentences", rl.split_sentences, docs, quotes=NO_QUOTES)
        frames = stages.run("frames", rl.lookup_frames, sents, lexicon)
    print(f"\n50 MB document: {stages}, peak RSS growth {memory.growth / 2**20:.0f} MiB")

    text = docs["text"].iloc[0]
    assert len(docs) == 1 and not docs["is_empty"].iloc[0]
    assert text.count("\n\n") == len(kinds) - 1  # every paragraph kept

    per_sents = _per_template(lambda d: rl.split_sentences(d, quotes=NO_QUOTES))
    per_frames = _per_template(lambda d: rl.lookup_frames(d, lexicon))
    uses = collections.Counter(kinds)
    sents_each = per_sents.groupby("doc_id").size()
    frames_each = per_frames.groupby("doc_id").size()
    expected_sents = sum(n * int(sents_each.get(f"t{k}", 0)) for k, n in uses.items())
    expected_frames = sum(n * int(frames_each.get(f"t{k}", 0)) for k, n in uses.items())
    assert len(sents) == expected_sents
    assert len(frames) == expected_frames
    assert sents["sent_id"].tolist()[-1] == len(sents) - 1
    assert sents["start"].is_monotonic_increasing
    assert (sents["start"].to_numpy()[1:] >= sents["end"].to_numpy()[:-1]).all()
    _check_sample(sents, text, "text")
    _check_sample(frames, text, "matched")
    assert memory.growth < MEMORY_LIMIT


@pytest.mark.timeout(150)
def test_fifty_megabyte_document_quotes(big_file):
    """extract_quotes must scale with the text (it was quadratic once; the timeout catches that).

    Linear here is about 0.5 s of CPU per MB for the quotations (25 s) plus the frame lookup,
    which without the compiled module (``make test-pure``) finds words in Python: about 55 s
    in all on an idle machine, twice that in one of this VM's slow spells.  Quadratic work
    would take tens of minutes, so 150 s still tells the two apart.
    """
    path, kinds = big_file
    docs = rl.load_corpus(path)
    t0 = time.perf_counter()
    quotes = rl.extract_quotes(docs)
    print(f"\n50 MB document: extract_quotes {time.perf_counter() - t0:.1f} s")
    per = _per_template(rl.extract_quotes).groupby("doc_id").size()
    uses = collections.Counter(kinds)
    assert len(quotes) == sum(n * int(per.get(f"t{k}", 0)) for k, n in uses.items())
    _check_sample(quotes, docs["text"].iloc[0], "text")
    sents = rl.split_sentences(docs, quotes=quotes)
    frames = rl.lookup_frames(sents, rl.default_lexicon(), quotes=quotes)
    assert sents["in_quote"].any() and frames["speaker"].isin(["Kim Jong Un"]).any()


def test_twenty_thousand_tiny_documents(tmp_path):
    rnd = random.Random(20)
    path = tmp_path / "many.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(20_000):
            text = PARAGRAPHS[rnd.randrange(len(PARAGRAPHS))][: rnd.randint(0, 220)] + f" #{i}"
            speaker = rnd.choice(["Kim Jong Un", "Vladimir Putin", None])
            fh.write(json.dumps({"id": f"n{i}", "text": text, "speaker": speaker}) + "\n")
    lexicon = rl.default_lexicon()
    stages = _Stages()
    with PeakRSS() as memory:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            docs = stages.run("load", rl.load_corpus, path)
        quotes = stages.run("quotes", rl.extract_quotes, docs)
        sents = stages.run("sentences", rl.split_sentences, docs, quotes=quotes)
        frames = stages.run("frames", rl.lookup_frames, sents, lexicon, quotes=quotes)
    print(f"\n20,000 documents: {stages}, peak RSS growth {memory.growth / 2**20:.0f} MiB")

    assert len(docs) == 20_000 and docs["doc_id"].is_unique
    assert docs["doc_id"].tolist() == [f"n{i}" for i in range(20_000)]
    assert set(sents["doc_id"]) == set(docs["doc_id"])  # "#i" makes none empty
    texts = dict(zip(docs["doc_id"], docs["text"]))
    for table, column in ((sents, "text"), (quotes, "text"), (frames, "matched")):
        for doc_id, start, end, value in zip(
            table["doc_id"], table["start"], table["end"], table[column]
        ):
            assert texts[doc_id][start:end] == value

    # a sample of documents processed alone gives the same rows as in the batch
    sample = docs.sample(50, random_state=3)
    alone_q = rl.extract_quotes(sample)
    alone_s = rl.split_sentences(sample, quotes=alone_q)
    alone_f = rl.lookup_frames(alone_s, lexicon, quotes=alone_q)
    ids = set(sample["doc_id"])
    for batch, alone, cols in (
        (quotes, alone_q, ["doc_id", "quote_id", "start", "end", "speaker"]),
        (sents, alone_s, ["doc_id", "sent_id", "start", "end", "speaker", "in_quote"]),
        (frames, alone_f, ["doc_id", "sent_id", "category", "start", "end", "speaker"]),
    ):
        got = batch[batch["doc_id"].isin(ids)][cols].sort_values(cols[:4]).reset_index(drop=True)
        want = alone[cols].sort_values(cols[:4]).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert memory.growth < MEMORY_LIMIT
