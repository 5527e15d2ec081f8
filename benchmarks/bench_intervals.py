"""Benchmark: the cost of bootstrap intervals on frame rates, against the point rates, on the UN speeches.

Usage::

    python benchmarks/bench_intervals.py [--limit N] [--repeat N] [--corpus PATH]

Splits the speeches into sentences and finds the default lexicon's hits once
(outside the timing), then times ``frame_rates(..., by="year")`` with ``ci=None``
(point rates) and with the default ``ci=0.95, n_boot=1000`` (every category of
the default lexicon, every year), taking turns, and prints the ratio of the best
times (target: at most 5x).  Exits 0 with a ``skipped: ...`` line when the corpus
is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ungdc"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code (0, also when skipped)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="number of speeches (default all)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="timings of each, taking turns")
    parser.add_argument("--quick", action="store_true", help="the first 600 speeches only")
    args = parser.parse_args(argv)
    if not (args.corpus / "speeches").is_dir():
        print(f"skipped: corpus not found ({args.corpus})")
        return 0

    from researchlib.frames import frame_rates, lookup_frames
    from researchlib.lexicon import default_lexicon
    from researchlib.sentences import split_sentences

    files = sorted((args.corpus / "speeches").rglob("*.txt"))
    limit = 600 if args.quick and args.limit is None else args.limit
    files = files[:limit] if limit is not None else files
    documents = pd.DataFrame(
        {
            "doc_id": [f.stem for f in files],
            "text": [f.read_text(encoding="utf-8", errors="replace") for f in files],
            "year": [int(f.stem.rsplit("_", 1)[-1]) for f in files],
        }
    )
    sentences = split_sentences(documents)
    frames = lookup_frames(sentences, default_lexicon())
    n_years = documents["year"].nunique()
    n_cats = frames["category"].nunique()
    print(f"documents: {len(documents)}, sentences: {len(sentences)}, hits: {len(frames)}")
    print(f"groups: {n_years} years x {n_cats} categories")

    times = {"point": [], "interval": []}
    for _ in range(args.repeat):
        for name, ci in (("point", None), ("interval", 0.95)):
            t0 = time.perf_counter()
            frame_rates(frames, sentences, by="year", documents=documents, ci=ci)
            times[name].append(time.perf_counter() - t0)
    point, interval = min(times["point"]), min(times["interval"])
    print(f"frame_rates by year, point rates: {point * 1000:.0f} ms")
    print(f"frame_rates by year, 95% intervals (n_boot=1000): {interval * 1000:.0f} ms")
    print(f"interval cost ratio: {interval / point:.2f}x (target <= 5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
