"""Benchmark: frame lookup cost against lexicon size, and against NLTK VADER, on the UN speeches.

Usage::

    python benchmarks/bench_lexicon.py [--limit N] [--vader-sample N] [--corpus PATH]

Splits the speeches into sentences once (outside the timing), then times
``lookup_frames`` with the MFD 2.0 (about 2,100 patterns) and with a 20-pattern
lexicon (the first two patterns of each MFD 2.0 category) on the same sentences,
and NLTK's VADER on a sample of the same sentences (scaled to the whole set).
Prints one ``name: value (target ...)`` line per figure.  Exits 0 with a
``skipped: ...`` line when the corpus is absent.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RESEARCHLIB_SHARED", ROOT.parent / "shared"))
DEFAULT_CORPUS = SHARED / "corpora" / "ungdc"
MFD = SHARED / "corpora" / "dictionaries" / "moral_foundations" / "mfd2.0.dic"

_FALLBACK_SENT_RE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’')\]]*|\n|$)")


def _documents(corpus: Path, limit: int | None) -> pd.DataFrame:
    files = sorted((corpus / "speeches").rglob("*.txt"))
    if limit is not None:
        files = files[:limit]
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    return pd.DataFrame(
        {"doc_id": [f.stem for f in files], "text": texts, "speaker": [f.stem[:3] for f in files]}
    )


def _fallback_sentences(documents: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for doc_id, text, speaker in documents[["doc_id", "text", "speaker"]].itertuples(index=False):
        sent_id = 0
        for m in _FALLBACK_SENT_RE.finditer(text):
            lead = len(m.group()) - len(m.group().lstrip())
            body = m.group().strip()
            if body:
                rows.append((doc_id, sent_id, m.start() + lead, body, speaker))
                sent_id += 1
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "text", "speaker"])


def _sentences(documents: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    try:
        from researchlib.sentences import split_sentences
    except ImportError:
        return _fallback_sentences(documents), "regex fallback (researchlib.sentences missing)"
    return split_sentences(documents), "researchlib.sentences.split_sentences"


def _time(func, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code (0, also when skipped)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="number of speeches (default all)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--vader-sample", type=int, default=20_000, help="sentences VADER scores (scaled up)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="N timings each, taking turns")
    args = parser.parse_args(argv)

    if not (args.corpus / "speeches").is_dir() or not MFD.is_file():
        print(f"skipped: corpus or dictionary not found ({args.corpus}, {MFD})")
        return 0

    from researchlib.frames import lookup_frames
    from researchlib.lexicon import Lexicon, load_lexicon

    documents = _documents(args.corpus, args.limit)
    sentences, splitter = _sentences(documents)
    mbytes = sum(len(t.encode("utf-8")) for t in sentences["text"]) / 1e6
    mfd = load_lexicon(MFD)
    small = Lexicon("mfd20", {c: mfd.patterns(c)[:2] for c in mfd.categories()})
    print(f"documents: {len(documents)}")
    print(f"sentences: {len(sentences)} ({splitter})")
    print(f"text: {mbytes:.2f} MB")
    print(f"patterns: mfd2.0 {len(mfd)}, small {len(small)}")

    # Compile both lexicons (and inflect their words) outside the timing, as a
    # long-running pipeline does once per process.
    warm = sentences.head(200)
    lookup_frames(warm, mfd)
    lookup_frames(warm, small)

    hits = {}

    def run(lex):
        def go():
            hits[lex.name] = len(lookup_frames(sentences, lex))

        return go

    # The two lexicons take turns, so that a slow spell of the machine hits both. Throughput
    # is the best run of each; the time ratio is the median of the ratios of the pairs of
    # runs made one after the other, since the best runs of the two can come from different
    # spells of a noisy machine (the first pair also classifies every new word once).
    times: dict[str, list[float]] = {"small": [], "mfd": []}
    for _ in range(args.repeat):
        times["small"].append(_time(run(small)))
        times["mfd"].append(_time(run(mfd)))
    t_small, t_mfd = min(times["small"]), min(times["mfd"])
    paired = sorted(b / a for a, b in zip(times["small"], times["mfd"]))
    runs = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(times["small"], times["mfd"]))
    print(f"frames small hits: {hits['mfd20']}")
    print(f"frames mfd2.0 hits: {hits['mfd2.0']}")
    print(f"frames runs (small/mfd2.0 seconds): {runs}")
    print(f"frames small throughput: {mbytes / t_small:.2f} MB/s")
    print(f"frames mfd2.0 throughput: {mbytes / t_mfd:.2f} MB/s (target 10 MB/s on one core)")
    print(
        f"frames mfd2.0 / small time ratio: {statistics.median(paired):.2f} "
        f"(median of {len(paired)} pairs; pairs {min(paired):.2f}-{max(paired):.2f}, "
        f"best runs {t_mfd / t_small:.2f}) (target <= 1.5)"
    )

    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    from researchlib._resources import VADER_RESOURCE, nltk_data_dir

    nltk_data_dir()
    analyzer = SentimentIntensityAnalyzer(lexicon_file=VADER_RESOURCE)
    texts = sentences["text"].tolist()
    sample = texts if len(texts) <= args.vader_sample else random.Random(0).sample(
        texts, args.vader_sample
    )
    sample_mb = sum(len(t.encode("utf-8")) for t in sample) / 1e6
    t0 = time.perf_counter()
    for text in sample:
        analyzer.polarity_scores(text)
    t_vader = time.perf_counter() - t0
    vader_mbs = sample_mb / t_vader
    print(f"vader throughput: {vader_mbs:.2f} MB/s ({len(sample)} sentences)")
    print(
        f"frames mfd2.0 vs vader throughput: {(mbytes / t_mfd) / vader_mbs:.1f}x "
        "(target >= 10x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
