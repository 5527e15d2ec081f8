"""Benchmark: researchlib's fast VADER engine against NLTK's analyzer on the UN speeches.

Splits the speeches into sentences once (outside the timing), scores every
sentence with both engines, counts sentences whose scores differ (target: none)
and prints the speed-up (target: at least 3x).

Usage::

    python benchmarks/bench_vader.py [--limit N] [--quick]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "ungdc"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="speeches (default: all)")
    parser.add_argument("--quick", action="store_true", help="200 speeches")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not (args.corpus / "metadata.csv").is_file():
        print(f"skipped: the UN speeches are not available in {args.corpus}")
        return 0
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    import researchlib as rl
    from researchlib._resources import VADER_RESOURCE, nltk_data_dir
    from researchlib._vader import FastVader

    limit = args.limit or (200 if args.quick else None)
    docs = rl.load_corpus(args.corpus)
    if limit:
        docs = docs.head(limit)
    sentences = rl.split_sentences(docs, quotes=rl.extract_quotes(docs))["text"].tolist()
    mb = sum(len(s.encode("utf-8")) for s in sentences) / 1e6
    nltk_data_dir()
    engines = {"nltk": SentimentIntensityAnalyzer(VADER_RESOURCE), "fast": FastVader(VADER_RESOURCE)}
    scores, seconds = {}, {}
    for name, engine in engines.items():
        start = time.perf_counter()
        scores[name] = [engine.polarity_scores(s) for s in sentences]
        seconds[name] = time.perf_counter() - start
    differ = sum(a != b for a, b in zip(scores["nltk"], scores["fast"]))
    print(f"vader sentences: {len(sentences)} ({mb:.1f} MB, {len(docs)} speeches)")
    print(f"vader nltk: {seconds['nltk']:.1f} s ({mb / seconds['nltk']:.2f} MB/s)")
    print(f"vader fast: {seconds['fast']:.1f} s ({mb / seconds['fast']:.2f} MB/s)")
    print(f"vader fast vs nltk speed-up: {seconds['nltk'] / seconds['fast']:.2f}x (target >= 3x)")
    print(f"vader sentences scored differently: {differ} (target 0)")
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
